//! Text alternatives of the charts on pages: what a screen reader says in
//! place of the picture, with the figures a sighted reader takes from it.

use crate::overview::UnitProgress;
use crate::progress::StageProgress;
use crate::units::NATION_CODE;
use crate::{Lang, Stage, format};

/// The unit as the sentence names it: the nation in the page's language.
fn unit_words(p: &UnitProgress, lang: Lang) -> String {
    match (p.unit.code == NATION_CODE, lang) {
        (true, Lang::Vi) => "toàn quốc".to_string(),
        (true, Lang::En) => "the whole country".to_string(),
        (false, _) => p.unit.display_name.clone(),
    }
}

/// "3.456.789, 95,2% of the target of 3.630.000; 12.345 a day still needed".
fn stage_figures(s: &StageProgress, lang: Lang) -> String {
    let mut out = format::int(s.cumulative, lang);
    if let (Some(target), Some(percent)) = (s.target, s.percent_of_target) {
        out += &match lang {
            Lang::Vi => format!(
                ", đạt {} mục tiêu {}",
                format::percent(percent, lang),
                format::int(target, lang)
            ),
            Lang::En => format!(
                ", {} of the target of {}",
                format::percent(percent, lang),
                format::int(target, lang)
            ),
        };
    }
    if let Some(r) = s.required_per_day().filter(|r| *r > 0) {
        out += &match lang {
            Lang::Vi => format!("; cần {} mỗi ngày", format::int(r, lang)),
            Lang::En => format!("; {} a day still needed", format::int(r, lang)),
        };
    }
    out
}

/// The cumulative chart of one stage against its target.
pub fn cumulative_chart(p: &UnitProgress, stage: Stage, lang: Lang) -> String {
    let s = p.stages.get(stage);
    let date = format::date(p.date);
    let unit = unit_words(p, lang);
    match lang {
        Lang::Vi => format!(
            "Biểu đồ lũy kế {} của {unit} đến {date}: {}.",
            stage.label(lang).to_lowercase(),
            stage_figures(s, lang)
        ),
        Lang::En => format!(
            "Chart of {} to date for {unit} up to {date}: {}.",
            stage.label(lang).to_lowercase(),
            stage_figures(s, lang)
        ),
    }
}

/// The daily counts of the three stages.
pub fn daily_chart(p: &UnitProgress, lang: Lang) -> String {
    let date = format::date(p.date);
    let unit = unit_words(p, lang);
    let each: Vec<String> = Stage::ALL
        .into_iter()
        .map(|stage| {
            let s = p.stages.get(stage);
            let (daily, avg) = (format::int(s.daily, lang), format::decimal(s.avg7, 0, lang));
            match lang {
                Lang::Vi => format!(
                    "{} {daily} (trung bình 7 ngày {avg})",
                    stage.label(lang).to_lowercase()
                ),
                Lang::En => format!(
                    "{} {daily} (7-day average {avg})",
                    stage.label(lang).to_lowercase()
                ),
            }
        })
        .collect();
    match lang {
        Lang::Vi => format!(
            "Biểu đồ số lượng mỗi ngày của {unit}; ngày {date}: {}.",
            each.join("; ")
        ),
        Lang::En => format!(
            "Chart of daily counts for {unit}; on {date}: {}.",
            each.join("; ")
        ),
    }
}

/// A table row's sparkline.
pub fn sparkline(unit: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Xu hướng số lượng mỗi ngày của {unit}"),
        Lang::En => format!("Trend of daily counts for {unit}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::overview::PerStage;
    use crate::progress::{ProgressInput, compute};
    use crate::units::{Level, UnitRef};
    use chrono::NaiveDate;

    fn hanoi() -> UnitProgress {
        let day = NaiveDate::from_ymd_opt(2021, 6, 1).unwrap();
        let stage = |cumulative, week_before, daily, target| {
            compute(ProgressInput {
                as_of: day,
                cumulative,
                cumulative_week_before: week_before,
                daily,
                target,
                deadline: NaiveDate::from_ymd_opt(2021, 6, 30).unwrap(),
            })
        };
        UnitProgress {
            unit: UnitRef {
                code: "01".into(),
                name: "Hà Nội".into(),
                display_name: "Hà Nội".into(),
                level: Level::Province,
                parent: Some("VN".into()),
            },
            date: day,
            stages: PerStage {
                applications: stage(3_456_789, 3_400_000, 8_000, Some(3_630_000)),
                produced: stage(1_000_000, 900_000, 15_000, None),
                delivered: stage(500_000, 450_000, 7_000, None),
            },
        }
    }

    #[test]
    fn the_cumulative_chart_says_count_share_and_need() {
        assert_eq!(
            cumulative_chart(&hanoi(), Stage::Applications, Lang::Vi),
            "Biểu đồ lũy kế thu nhận hồ sơ của Hà Nội đến 01/06/2021: 3.456.789, \
             đạt 95,2% mục tiêu 3.630.000; cần 5.973 mỗi ngày."
        );
        let en = cumulative_chart(&hanoi(), Stage::Produced, Lang::En);
        assert!(en.ends_with("up to 01/06/2021: 1,000,000."), "{en}");
    }

    #[test]
    fn the_daily_chart_says_each_stage_s_day_and_average() {
        let vi = daily_chart(&hanoi(), Lang::Vi);
        assert!(
            vi.contains("ngày 01/06/2021: thu nhận hồ sơ 8.000 (trung bình 7 ngày 8.113)"),
            "{vi}"
        );
        assert!(vi.contains("trả thẻ 7.000"), "{vi}");
    }
}
