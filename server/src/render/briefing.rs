//! The daily briefing on one A4 page, for its PDF download: what
//! `/briefing` shows (national figures per stage, the cumulative chart,
//! leading and lagging provinces, rank changes, silent communes and the
//! day's new alerts), laid out for paper as a tagged vector PDF.
//!
//! The chart takes the height the rest leaves, between a minimum and a
//! maximum, so the page is filled whatever the day holds; new alerts are
//! listed as far as they fit above the chart's minimum, then counted.

use tiendo_core::i18n::national_row;
use tiendo_core::overview::ProvinceScore;
use tiendo_core::views::{AlertRow, Briefing, Mover};
use tiendo_core::{Lang, Stage, format};

use super::charts::{self, CumulativeChart};
use super::pdf::{A4, Align, Colour, Column, Run, Sheet, Style, Table, a4_page};
use super::{RenderError, svg};

/// The texts the page needs beyond the briefing's figures.
pub struct BriefingWords {
    /// "Bản tin tiến độ hằng ngày".
    pub title: String,
    /// Said under the title when the figures are simulated.
    pub simulated: Option<String>,
    /// Column headings of the national table, stage first.
    pub columns: [&'static str; 8],
    /// The chart's heading.
    pub chart: String,
    /// What the chart shows, for screen readers.
    pub chart_alt: String,
    /// Column headings of the province tables: rank, province, cumulative, %.
    pub province_columns: [&'static str; 4],
    /// Heading of the leading table.
    pub top: String,
    /// Heading of the lagging table.
    pub bottom: String,
    /// Heading of the movers.
    pub movers: String,
    /// Said when no province moved.
    pub no_movers: String,
    /// The silent-communes sentence.
    pub silent: String,
    /// Heading of the day's new alerts.
    pub alerts: String,
    /// Said when there are none.
    pub no_alerts: String,
    /// Column headings of the alerts: severity, unit, rule, what.
    pub alert_columns: [&'static str; 4],
    /// The source line.
    pub source: String,
}

const INK: Colour = (0x22, 0x22, 0x22);
const MUTED: Colour = (0x55, 0x5f, 0x6b);
const NOTE: Colour = (0x8a, 0x4b, 0x00);
const BRAND: Colour = (0xc6, 0x28, 0x28);
const RISE: Colour = (0x2e, 0x7d, 0x32);
const LINE: Colour = (0xd8, 0xd8, 0xd8);

const fn style(size: f32, bold: bool, colour: Colour) -> Style {
    Style { size, bold, colour }
}

const TITLE: Style = style(17.0, true, INK);
const SUBTITLE: Style = style(9.5, false, MUTED);
const HEADING: Style = style(10.5, true, INK);
const BODY: Style = style(8.5, false, INK);
const COLUMN: Style = style(7.5, true, MUTED);
const SOURCE: Style = style(8.0, false, MUTED);

/// Left and right margins.
const LEFT: f32 = 36.0;
const RIGHT: f32 = A4.0 - 36.0;
/// Where the footer's rule is; content ends above it.
const FOOTER: f32 = A4.1 - 34.0;
/// Space a heading takes above its content.
const HEADING_H: f32 = 20.0;
/// One line of body text in lists and tables.
const LINE_H: f32 = 12.5;
/// The chart's smallest and largest height, in points.
const CHART_H: (f32, f32) = (200.0, 420.0);
/// Width the chart is drawn at, in pixels: its 17 px labels print at 8 pt.
const CHART_PX: f32 = 900.0;

/// The briefing `b` as a one-page A4 PDF with `chart` in it.
pub fn briefing_pdf(
    b: &Briefing,
    chart: &CumulativeChart,
    words: &BriefingWords,
    lang: Lang,
) -> Result<Vec<u8>, RenderError> {
    let title = format!("{} · {}", words.title, format::date(b.progress.date));
    a4_page(&title, lang, |sheet| {
        draw_page(sheet, &title, b, chart, words, lang)
    })
}

fn draw_page(
    sheet: &mut Sheet,
    title: &str,
    b: &Briefing,
    chart: &CumulativeChart,
    words: &BriefingWords,
    lang: Lang,
) -> Result<(), RenderError> {
    let width = RIGHT - LEFT;
    sheet.band((0.0, 0.0, A4.0, 5.0), BRAND);
    sheet.heading(1, Run::left(title, TITLE, (LEFT, 36.0)));
    sheet.paragraph(&[Run::left(&b.campaign_name, SUBTITLE, (LEFT, 52.0))]);
    let mut y = 58.0;
    if let Some(note) = &words.simulated {
        let lines = paragraph(note, style(8.5, false, NOTE), (LEFT, y + 11.0), width);
        y += 4.0 + lines.len() as f32 * 11.0;
        sheet.paragraph(&lines);
    }
    y = sheet.table(&national_table(b, words, lang, width), y + 8.0);

    // Everything below the chart, measured first: the chart takes the rest.
    let half = (width - 24.0) / 2.0;
    let province_rows = b.top.len().max(b.bottom.len());
    let provinces_h = HEADING_H
        + province_table(&[], words, LEFT, half, lang).height()
        + province_rows as f32 * LINE_H;
    let mover_lines = b.risers.len().max(b.fallers.len()).max(1);
    let movers_h = HEADING_H + mover_lines as f32 * LINE_H + 6.0;
    let silent = paragraph(&words.silent, BODY, (LEFT, 0.0), width);
    let silent_h = silent.len() as f32 * LINE_H + 6.0;
    let alerts_h = |shown: usize| {
        let listed = if shown == 0 {
            LINE_H
        } else {
            alert_table(&[], words, lang).height() + shown as f32 * LINE_H
        };
        let more = if shown < b.new_alerts.len() {
            LINE_H
        } else {
            0.0
        };
        HEADING_H + listed + more
    };
    let chart_top = y + HEADING_H + 4.0;
    let room = |shown: usize| {
        FOOTER - 8.0 - chart_top - 12.0 - provinces_h - movers_h - silent_h - alerts_h(shown)
    };
    let shown = (0..=b.new_alerts.len())
        .rev()
        .find(|n| room(*n) >= CHART_H.0)
        .unwrap_or(0);
    let chart_h = room(shown).clamp(CHART_H.0, CHART_H.1);

    sheet.heading(2, Run::left(&words.chart, HEADING, (LEFT, y + 16.0)));
    let px = (CHART_PX, (CHART_PX * chart_h / width).round());
    let picture = svg::tree(&charts::cumulative_svg(chart, px.0 as u32, px.1 as u32)?)?;
    sheet.figure(
        &picture,
        (LEFT, chart_top, width, chart_h),
        &words.chart_alt,
    )?;
    y = chart_top + chart_h + 12.0;

    for (heading, rows, x) in [
        (&words.top, &b.top, LEFT),
        (&words.bottom, &b.bottom, LEFT + half + 24.0),
    ] {
        sheet.heading(2, Run::left(heading, HEADING, (x, y + 14.0)));
        sheet.table(&province_table(rows, words, x, half, lang), y + HEADING_H);
    }
    y += provinces_h;

    sheet.heading(2, Run::left(&words.movers, HEADING, (LEFT, y + 14.0)));
    if b.risers.is_empty() && b.fallers.is_empty() {
        sheet.paragraph(&[Run::left(
            &words.no_movers,
            style(8.5, false, MUTED),
            (LEFT, y + HEADING_H + 9.0),
        )]);
    }
    for (movers, x) in [(&b.risers, LEFT), (&b.fallers, LEFT + half + 24.0)] {
        if !movers.is_empty() {
            sheet.list(&mover_runs(movers, (x, y + HEADING_H + 9.0)));
        }
    }
    y += movers_h;

    let silent: Vec<Run> = silent
        .into_iter()
        .enumerate()
        .map(|(i, run)| Run {
            at: (LEFT, y + 9.0 + i as f32 * LINE_H),
            ..run
        })
        .collect();
    sheet.paragraph(&silent);
    y += silent_h;

    sheet.heading(2, Run::left(&words.alerts, HEADING, (LEFT, y + 14.0)));
    y += HEADING_H;
    if b.new_alerts.is_empty() {
        let none = style(8.5, false, MUTED);
        sheet.paragraph(&[Run::left(&words.no_alerts, none, (LEFT, y + 9.0))]);
    } else if shown > 0 {
        y = sheet.table(&alert_table(&b.new_alerts[..shown], words, lang), y);
    }
    if shown < b.new_alerts.len() {
        let more = more_alerts(b.new_alerts.len() - shown, lang);
        sheet.paragraph(&[Run::left(more, style(8.5, false, MUTED), (LEFT, y + 9.0))]);
    }

    sheet.rule((LEFT, RIGHT), FOOTER, LINE, 0.6);
    sheet.paragraph(&[Run::left(&words.source, SOURCE, (LEFT, FOOTER + 14.0))]);
    sheet.decoration(&Run {
        text: "Tiendo".into(),
        style: style(8.0, true, BRAND),
        at: (RIGHT, FOOTER + 14.0),
        align: Align::Right,
    });
    Ok(())
}

/// `text` wrapped to `width` as runs a line apart from `at` (the first baseline).
fn paragraph(text: &str, style: Style, at: (f32, f32), width: f32) -> Vec<Run> {
    style
        .wrap(text, width)
        .into_iter()
        .enumerate()
        .map(|(i, line)| Run::left(line, style, (at.0, at.1 + i as f32 * style.size * 1.3)))
        .collect()
}

/// The national figures per stage, each figure in its column.
fn national_table(b: &Briefing, words: &BriefingWords, lang: Lang, width: f32) -> Table {
    let first = 112.0;
    let each = (width - first) / 7.0;
    let columns: Vec<Column> = std::iter::once(Column {
        x: LEFT,
        align: Align::Left,
    })
    .chain((1..=7).map(|i| Column {
        x: LEFT + first + each * i as f32,
        align: Align::Right,
    }))
    .collect();
    Table {
        columns,
        headings: words
            .columns
            .iter()
            .map(|h| COLUMN.wrap(h, each - 6.0))
            .collect(),
        rows: Stage::ALL
            .into_iter()
            .map(|s| national_row(s, b.progress.stages.get(s), lang).to_vec())
            .collect(),
        heading_style: COLUMN,
        style: style(9.0, false, INK),
        row_headings: true,
        row_height: 15.0,
        span: (LEFT, RIGHT),
    }
}

/// Leading or lagging provinces: rank, name, cumulative, % of target.
fn province_table(
    rows: &[ProvinceScore],
    words: &BriefingWords,
    x: f32,
    width: f32,
    lang: Lang,
) -> Table {
    let columns = vec![
        Column {
            x: x + 22.0,
            align: Align::Right,
        },
        Column {
            x: x + 30.0,
            align: Align::Left,
        },
        Column {
            x: x + width - 52.0,
            align: Align::Right,
        },
        Column {
            x: x + width,
            align: Align::Right,
        },
    ];
    let name_w = width - 52.0 - 30.0 - 60.0;
    Table {
        columns,
        headings: words
            .province_columns
            .iter()
            .map(|h| vec![h.to_string()])
            .collect(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.rank.to_string(),
                    BODY.fit(&r.name, name_w),
                    format::int(r.cumulative, lang),
                    format::percent(r.percent_of_target, lang),
                ]
            })
            .collect(),
        heading_style: COLUMN,
        style: BODY,
        row_headings: false,
        row_height: LINE_H,
        span: (x, x + width),
    }
}

/// The day's new alerts: severity, unit, rule and what tripped it.
fn alert_table(alerts: &[AlertRow], words: &BriefingWords, lang: Lang) -> Table {
    let lefts = [LEFT, LEFT + 70.0, LEFT + 230.0, LEFT + 330.0];
    let widths = [66.0, 156.0, 96.0, RIGHT - lefts[3]];
    let columns = lefts
        .map(|x| Column {
            x,
            align: Align::Left,
        })
        .to_vec();
    Table {
        columns,
        headings: words
            .alert_columns
            .iter()
            .map(|h| vec![h.to_string()])
            .collect(),
        rows: alerts
            .iter()
            .map(|row| {
                let a = &row.alert;
                [
                    a.severity.label(lang).to_string(),
                    format!("{} ({})", a.unit_name, a.unit),
                    a.rule.label(lang).to_string(),
                    row.text.clone(),
                ]
                .iter()
                .zip(widths)
                .map(|(text, w)| BODY.fit(text, w))
                .collect()
            })
            .collect(),
        heading_style: COLUMN,
        style: BODY,
        row_headings: false,
        row_height: LINE_H,
        span: (LEFT, RIGHT),
    }
}

/// "Hà Giang ▲3 → 12" per province, a line apart from `at`.
fn mover_runs(movers: &[Mover], at: (f32, f32)) -> Vec<Run> {
    movers
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let (arrow, colour) = if m.change > 0 {
                ("▲", RISE)
            } else {
                ("▼", BRAND)
            };
            Run::left(
                format!("{} {arrow}{} → {}", m.name, m.change.abs(), m.rank),
                style(8.5, false, colour),
                (at.0, at.1 + i as f32 * LINE_H),
            )
        })
        .collect()
}

/// Said of the new alerts the page has no room for.
fn more_alerts(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("… và {n} cảnh báo mới khác: xem trang Cảnh báo."),
        Lang::En => format!("… and {n} more new alerts: see the Alerts page."),
    }
}
