//! What a chart draws, said two more ways: as the table a data download
//! gives (the days, bars or provinces drawn, and the target; not the
//! published milestones it marks, which `data/` holds with their sources)
//! and as a text alternative that states its key figures. Both read the
//! chart's [`Drawing`], so neither can drift from the picture.

use chrono::NaiveDate;
use tiendo_core::rankings::{Measure, day_of};
use tiendo_core::reports::{every_day, total_on};
use tiendo_core::{Lang, format};

use super::files::{Drawing, Plan};
use crate::render::charts::{BACKLOG_LINES, BacklogDay};
use crate::render::tables::{Cell, Table};

/// A unit behind a ranking bar or a map colour.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueRow {
    /// Its rank (none: cannot be ranked).
    pub rank: Option<u32>,
    /// Its code.
    pub code: String,
    /// Its name as people use it.
    pub name: String,
    /// Its value of the chart's measure.
    pub value: Option<f64>,
}

/// The words of a table's first column and of its headings.
fn day_heading(lang: Lang) -> String {
    match lang {
        Lang::Vi => "Ngày".into(),
        Lang::En => "Day".into(),
    }
}

/// A measure's value as a cell: numbers stay numbers, dates dates, and a
/// met target says so (its value is a sort key, not a figure).
fn measure_cell(measure: Measure, value: Option<f64>, lang: Lang) -> Cell {
    match (measure, value) {
        (_, None) => Cell::Empty,
        (_, Some(v)) if measure.is_met(v) => Cell::Text(measure.display(v, lang)),
        (Measure::PercentOfTarget | Measure::PaceVsRequired, Some(v)) => Cell::Num(v, 1),
        (Measure::Cumulative | Measure::Avg7 | Measure::Backlog, Some(v)) => {
            Cell::Int(v.round() as i64)
        }
        (Measure::ProjectedCompletion, Some(v)) => Cell::Date(day_of(v)),
    }
}

/// The heading of a measure's column; pace is a percentage in files.
fn measure_heading(measure: Measure, lang: Lang) -> String {
    match measure {
        Measure::PaceVsRequired => format!("{} (%)", measure.label(lang)),
        m => m.label(lang).to_string(),
    }
}

/// The figures `drawing` draws, as a table named `stem`.
pub(super) fn table(drawing: &Drawing, stem: String) -> Table {
    let lang = drawing.lang;
    let (cumulative, on_the_day) = match lang {
        Lang::Vi => ("lũy kế", "trong ngày"),
        Lang::En => ("cumulative", "on the day"),
    };
    let (mut headers, rows): (Vec<String>, Vec<Vec<Cell>>) = match &drawing.plan {
        Plan::Cumulative {
            lines,
            from,
            as_of,
            show_target,
            ..
        } => {
            let mut headers = vec![day_heading(lang)];
            let mut columns: Vec<(Vec<(NaiveDate, u64, u64)>, Option<u64>)> = Vec::new();
            for (stage, series, target, _) in lines {
                headers.push(format!("{} ({cumulative})", stage.label(lang)));
                let target = target.filter(|_| *show_target);
                if target.is_some() {
                    headers.push(format!("{}: {}", stage.label(lang), target_word(lang)));
                }
                columns.push((every_day(series, *from, *as_of), target));
            }
            let days = columns.first().map_or(0, |(d, _)| d.len());
            let rows = (0..days)
                .map(|i| {
                    let mut row = vec![Cell::Date(columns[0].0[i].0)];
                    for (days, target) in &columns {
                        row.push(Cell::Int(days[i].2 as i64));
                        if let Some(t) = target {
                            row.push(Cell::Int(*t as i64));
                        }
                    }
                    row
                })
                .collect();
            (headers, rows)
        }
        Plan::Daily {
            series,
            from,
            as_of,
        } => {
            let mut headers = vec![day_heading(lang)];
            let columns: Vec<_> = series
                .iter()
                .map(|(stage, s)| {
                    headers.push(format!("{} ({on_the_day})", stage.label(lang)));
                    every_day(s, *from, *as_of)
                })
                .collect();
            let days = columns.first().map_or(0, Vec::len);
            let rows = (0..days)
                .map(|i| {
                    let mut row = vec![Cell::Date(columns[0][i].0)];
                    row.extend(columns.iter().map(|c| Cell::Int(c[i].1 as i64)));
                    row
                })
                .collect();
            (headers, rows)
        }
        Plan::Backlog(days) => {
            let mut headers = vec![day_heading(lang)];
            headers.extend(BACKLOG_LINES.iter().map(|(_, vi, en, _)| {
                match lang {
                    Lang::Vi => vi,
                    Lang::En => en,
                }
                .to_string()
            }));
            let rows = days
                .iter()
                .map(|d: &BacklogDay| {
                    let mut row = vec![Cell::Date(d.day)];
                    row.extend(
                        BACKLOG_LINES
                            .iter()
                            .map(|(_, _, _, value)| Cell::Int(value(d) as i64)),
                    );
                    row
                })
                .collect();
            (headers, rows)
        }
        Plan::Ranking { rows, measure, .. } | Plan::Map { rows, measure, .. } => {
            let t = tiendo_core::i18n::texts(lang);
            let headers = vec![
                t.rank.to_string(),
                code_word(lang),
                t.unit.to_string(),
                measure_heading(*measure, lang),
            ];
            let rows = rows
                .iter()
                .map(|r| {
                    vec![
                        r.rank.map_or(Cell::Empty, |n| Cell::Int(n.into())),
                        Cell::Code(r.code.clone()),
                        Cell::Text(r.name.clone()),
                        measure_cell(*measure, r.value, lang),
                    ]
                })
                .collect();
            (headers, rows)
        }
    };
    // Every row says where it comes from, as the other tables do.
    headers.push(tiendo_core::i18n::texts(lang).source_column.to_string());
    let rows = rows
        .into_iter()
        .map(|mut row| {
            row.push(Cell::Text(drawing.footer.clone()));
            row
        })
        .collect();
    Table {
        title: format!("{} · {}", drawing.title, drawing.subtitle),
        sheet: match lang {
            Lang::Vi => "Số liệu biểu đồ",
            Lang::En => "Chart data",
        },
        headers,
        rows,
        stem,
        source: drawing.footer.clone(),
    }
}

fn target_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "mục tiêu",
        Lang::En => "target",
    }
}

fn code_word(lang: Lang) -> String {
    match lang {
        Lang::Vi => "Mã".into(),
        Lang::En => "Code".into(),
    }
}

/// The chart's key figures in words, for screen readers: what it is, the
/// latest values (and % of target), the leaders and the laggards, the day.
pub(super) fn alt_text(drawing: &Drawing) -> String {
    let lang = drawing.lang;
    let int = |n: u64| format::int(n, lang);
    let on = format::date(drawing.day);
    let mut parts = vec![format!("{}. {}.", drawing.title, drawing.subtitle)];
    match &drawing.plan {
        Plan::Cumulative { lines, as_of, .. } => {
            for (stage, series, target, _) in lines {
                let latest = total_on(series, *as_of);
                let of_target = target.filter(|t| *t > 0).map(|t| {
                    let pct = format::percent(latest as f64 * 100.0 / t as f64, lang);
                    match lang {
                        Lang::Vi => format!(", {pct} mục tiêu {}", int(t)),
                        Lang::En => format!(", {pct} of the {} target", int(t)),
                    }
                });
                parts.push(match lang {
                    Lang::Vi => format!(
                        "{}: {} đến ngày {on}{}.",
                        stage.label(lang),
                        int(latest),
                        of_target.unwrap_or_default()
                    ),
                    Lang::En => format!(
                        "{}: {} by {on}{}.",
                        stage.label(lang),
                        int(latest),
                        of_target.unwrap_or_default()
                    ),
                });
            }
        }
        Plan::Daily {
            series,
            from,
            as_of,
        } => {
            for (stage, s) in series {
                let days = every_day(s, *from, *as_of);
                let last = days.last().map_or(0, |(_, count, _)| *count);
                let peak = days.iter().max_by_key(|(_, count, _)| *count);
                let peak = peak.map_or(String::new(), |(day, count, _)| match lang {
                    Lang::Vi => format!("; cao nhất {} ngày {}", int(*count), format::date(*day)),
                    Lang::En => format!("; highest {} on {}", int(*count), format::date(*day)),
                });
                parts.push(match lang {
                    Lang::Vi => format!("{}: {} ngày {on}{peak}.", stage.label(lang), int(last)),
                    Lang::En => format!("{}: {} on {on}{peak}.", stage.label(lang), int(last)),
                });
            }
        }
        Plan::Backlog(days) => {
            if let Some(d) = days.last() {
                let [production, delivery] = BACKLOG_LINES.map(|(_, _, _, value)| int(value(d)));
                parts.push(match lang {
                    Lang::Vi => format!(
                        "Ngày {on}: {production} hồ sơ chờ sản xuất, {delivery} thẻ chờ trả."
                    ),
                    Lang::En => format!(
                        "On {on}: {production} applications awaiting production, {delivery} cards awaiting delivery."
                    ),
                });
            }
        }
        Plan::Ranking { rows, measure, .. } | Plan::Map { rows, measure, .. } => {
            let shown = |r: &ValueRow| {
                let value = r
                    .value
                    .map_or("–".to_string(), |v| measure.display(v, lang));
                format!("{} ({value})", r.name)
            };
            let ranked: Vec<&ValueRow> = rows.iter().filter(|r| r.value.is_some()).collect();
            if let (Some(first), Some(last)) = (ranked.first(), ranked.last()) {
                parts.push(match lang {
                    Lang::Vi => format!(
                        "Dẫn đầu: {}; cuối bảng: {}; ngày {on}.",
                        shown(first),
                        shown(last)
                    ),
                    Lang::En => format!(
                        "Leading: {}; last: {}; as of {on}.",
                        shown(first),
                        shown(last)
                    ),
                });
            }
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use tiendo_core::Stage;
    use tiendo_core::reports::DayTotal;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn t(day: &str, count: u64, cumulative: u64) -> DayTotal {
        DayTotal {
            day: d(day),
            count,
            cumulative,
        }
    }

    fn cumulative(series: Vec<DayTotal>, target: Option<u64>, lang: Lang) -> Drawing {
        Drawing {
            title: "Thu nhận hồ sơ: lũy kế so với mục tiêu".into(),
            subtitle: "Toàn quốc · Thu nhận hồ sơ · 01/03/2021 – 04/03/2021".into(),
            note: None,
            footer: "Nguồn: Bộ Công an · Số liệu mô phỏng".into(),
            lang,
            day: d("2021-03-04"),
            plan: Plan::Cumulative {
                lines: vec![(Stage::Applications, series, target, d("2021-07-01"))],
                start: d("2021-03-01"),
                from: d("2021-03-01"),
                as_of: d("2021-03-04"),
                marks: Vec::new(),
                show_target: true,
                show_deadline: true,
            },
        }
    }

    #[test]
    fn the_data_file_has_a_row_per_day_drawn_and_says_its_source() {
        let drawing = cumulative(vec![t("2021-03-02", 40, 40)], Some(100), Lang::Vi);
        let table = table(&drawing, "bieu-do".into());
        assert_eq!(
            table.headers,
            [
                "Ngày",
                "Thu nhận hồ sơ (lũy kế)",
                "Thu nhận hồ sơ: mục tiêu",
                "Nguồn"
            ]
        );
        assert_eq!(table.rows.len(), 4);
        let last = &table.rows[3];
        assert!(matches!(last[0], Cell::Date(day) if day == d("2021-03-04")));
        assert!(matches!(last[1], Cell::Int(40)));
        assert!(matches!(last[2], Cell::Int(100)));
        assert!(matches!(&last[3], Cell::Text(s) if s.contains("Số liệu mô phỏng")));
    }

    #[test]
    fn the_text_alternative_states_the_latest_figure_and_its_share_of_target() {
        let vi = alt_text(&cumulative(
            vec![t("2021-03-02", 40, 40)],
            Some(50),
            Lang::Vi,
        ));
        assert!(
            vi.contains("Thu nhận hồ sơ: 40 đến ngày 04/03/2021, 80,0% mục tiêu 50."),
            "{vi}"
        );
        let en = alt_text(&cumulative(
            vec![t("2021-03-02", 4000, 4000)],
            None,
            Lang::En,
        ));
        assert!(en.contains("4,000 by 04/03/2021."), "{en}");
    }

    #[test]
    fn a_ranking_in_words_names_its_first_and_last_and_keeps_met_targets_as_words() {
        let row = |rank, code: &str, value| ValueRow {
            rank,
            code: code.into(),
            name: format!("Tỉnh {code}"),
            value,
        };
        let drawing = Drawing {
            title: "Xếp hạng".into(),
            subtitle: "Toàn quốc".into(),
            note: None,
            footer: String::new(),
            lang: Lang::Vi,
            day: d("2021-06-01"),
            plan: Plan::Map {
                chart: crate::render::charts::map::MapChart {
                    styles: Default::default(),
                    legend_title: String::new(),
                    legend: Vec::new(),
                    lang: Lang::Vi,
                },
                rows: vec![
                    row(Some(1), "01", Some(f64::MAX)),
                    row(Some(2), "02", Some(95.0)),
                    row(None, "03", None),
                ],
                measure: Measure::PaceVsRequired,
            },
        };
        let words = alt_text(&drawing);
        assert!(
            words.contains("Dẫn đầu: Tỉnh 01 (đã đạt); cuối bảng: Tỉnh 02 (0,95×)"),
            "{words}"
        );
        let table = table(&drawing, "x".into());
        assert!(matches!(&table.rows[0][3], Cell::Text(s) if s == "đã đạt"));
        assert!(matches!(table.rows[1][3], Cell::Num(v, 1) if v == 95.0));
        assert!(matches!(&table.rows[1][1], Cell::Code(c) if c == "02"));
        assert!(matches!(table.rows[2][3], Cell::Empty));
    }
}
