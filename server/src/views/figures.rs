//! One unit's figures: its series and targets, read in two queries, and
//! what every page makes of them (progress per stage, the two charts).

use chrono::NaiveDate;
use tiendo_core::campaign::Campaign;
use tiendo_core::format;
use tiendo_core::overview::{PerStage, UnitProgress};
use tiendo_core::progress::{ProgressInput, compute};
use tiendo_core::reports::{DayTotal, Figures, count_on, total_on};
use tiendo_core::units::UnitRef;
use tiendo_core::{Lang, Stage};

use super::{Context, ViewError};
use crate::cache::Kept;
use crate::render::RenderError;
use crate::render::charts::{self, CumulativeChart, CumulativeLine, DailyChart, Mark};

/// The width page charts are drawn at for phones: a little more than the
/// chart's box on a 390 px screen (about 280 px), so that its 14 px labels
/// show at 11 px or more.
const NARROW_WIDTH: u32 = 330;

/// A unit's daily series and targets in every stage.
pub struct UnitFigures {
    /// Day-ordered totals per stage.
    pub series: PerStage<Vec<DayTotal>>,
    /// Target per stage.
    pub targets: PerStage<Option<u64>>,
}

impl UnitFigures {
    /// Reads `code`'s figures in the campaign.
    pub async fn read(ctx: &Context, campaign: i64, code: &str) -> Result<Self, ViewError> {
        Ok(UnitFigures {
            series: ctx.db.series(campaign, code).await?,
            targets: ctx.db.unit_targets(campaign, code).await?,
        })
    }

    /// Progress in every stage as of `day`.
    pub fn progress(&self, campaign: &Campaign, unit: UnitRef, day: NaiveDate) -> UnitProgress {
        UnitProgress {
            unit,
            date: day,
            stages: PerStage::from_fn(|stage| {
                let f = Figures::on(self.series.get(stage), day);
                compute(ProgressInput {
                    as_of: day,
                    cumulative: f.cumulative,
                    cumulative_week_before: f.cumulative_week_before,
                    daily: f.daily,
                    target: *self.targets.get(stage),
                    deadline: campaign.goals.get(stage).deadline,
                })
            }),
        }
    }
}

/// A page's chart: the cumulative count of one stage, or the daily counts of all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PageChart {
    /// The running total of the stage against its target.
    Cumulative(Stage),
    /// Each stage's count per day.
    Daily,
}

/// Page charts (each wide and narrow), kept per data version, unit, chart,
/// day and language: a unit page's charts are the same whatever measure or
/// list it shows, so they are drawn once for all of them. Drawn on a
/// blocking thread, and not in the downloads' line ([`crate::heavy`]): a
/// flood of downloads must not turn pages away.
pub struct PageCharts {
    kept: Kept<(i64, String, PageChart, NaiveDate, Lang), String>,
}

impl PageCharts {
    /// Page charts within `budget` bytes.
    pub fn new(budget: u64) -> Self {
        PageCharts {
            kept: Kept::new(budget),
        }
    }

    /// Cache hits and misses so far.
    pub fn cache_stats(&self) -> (u64, u64) {
        self.kept.stats()
    }

    /// `chart` of the unit `code`, whose figures are `figures`, as of `day`
    /// (with published `marks` on a cumulative chart), for data `version`.
    #[allow(clippy::too_many_arguments)]
    pub async fn chart(
        &self,
        version: i64,
        code: &str,
        figures: &UnitFigures,
        campaign: &Campaign,
        chart: PageChart,
        day: NaiveDate,
        marks: &[Mark],
        lang: Lang,
    ) -> Result<String, ViewError> {
        let key = (version, code.to_string(), chart, day, lang);
        let drawn = self
            .kept
            .get_or_compute(&key, async {
                let start = campaign.start;
                let draw: Box<dyn FnOnce() -> Result<String, RenderError> + Send> = match chart {
                    PageChart::Cumulative(stage) => {
                        let series = figures.series.get(stage).clone();
                        let target = *figures.targets.get(stage);
                        let deadline = campaign.goals.get(stage).deadline;
                        let marks = marks.to_vec();
                        Box::new(move || {
                            let line = CumulativeLine {
                                stage,
                                series: &series,
                                target,
                                deadline,
                            };
                            let chart = CumulativeChart::of_stage(line, start, day, &marks, lang);
                            let tips = day_labels(start, day, |d| {
                                format!(
                                    "{}: {}",
                                    format::date(d),
                                    format::int(total_on(&series, d), lang)
                                )
                            });
                            Ok(wide_and_narrow(
                                charts::cumulative_svg(&chart, 680, 380)?,
                                charts::cumulative_svg(&chart, NARROW_WIDTH, 340)?,
                                &tips,
                            ))
                        })
                    }
                    PageChart::Daily => {
                        let series = figures.series.clone();
                        Box::new(move || {
                            let chart = DailyChart {
                                series: Stage::ALL
                                    .into_iter()
                                    .map(|s| (s, series.get(s).as_slice()))
                                    .collect(),
                                from: start,
                                as_of: day,
                                lang,
                            };
                            let tips = day_labels(start, day, |d| {
                                let counts: Vec<String> = Stage::ALL
                                    .into_iter()
                                    .map(|s| {
                                        format!(
                                            "{} {}",
                                            s.label(lang),
                                            format::int(count_on(series.get(s), d), lang)
                                        )
                                    })
                                    .collect();
                                format!("{}: {}", format::date(d), counts.join(" · "))
                            });
                            Ok(wide_and_narrow(
                                charts::daily_svg(&chart, 680, 460)?,
                                charts::daily_svg(&chart, NARROW_WIDTH, 440)?,
                                &tips,
                            ))
                        })
                    }
                };
                let drawn = tokio::task::spawn_blocking(draw)
                    .await
                    .map_err(|e| ViewError::Internal(format!("drawing a page chart: {e}")))?;
                Ok::<_, ViewError>(drawn?)
            })
            .await?;
        Ok((*drawn).clone())
    }
}

/// A chart drawn twice: wide, and narrow for phones, where the wide one
/// shrunk to the screen would set its text at 7 px; the page's style shows
/// one (`.wide`, `.narrow`). `tips` ([`day_labels`]) are what a tap or a
/// pointer on a day shows: the page's script finds the day from the span
/// marked on each drawing (`data-x0`, `data-x1`).
fn wide_and_narrow(wide: String, narrow: String, tips: &str) -> String {
    format!(
        r#"<div class="day-tips" data-tips="{}"><div class="wide">{wide}</div><div class="narrow">{narrow}</div></div>"#,
        charts::escape_xml(tips)
    )
}

/// One label per day from `from` to `to`, joined by `|`: a few kilobytes
/// for a campaign's months, where a mark per day in each drawing would
/// weigh ten times as much.
fn day_labels(from: NaiveDate, to: NaiveDate, label: impl Fn(NaiveDate) -> String) -> String {
    from.iter_days()
        .take_while(|d| *d <= to)
        .map(|d| label(d).replace('|', "/"))
        .collect::<Vec<_>>()
        .join("|")
}

/// The published national figures of `stage` up to `day`, to mark on charts.
pub async fn national_marks(
    ctx: &Context,
    stage: Stage,
    day: NaiveDate,
) -> Result<Vec<Mark>, ViewError> {
    Ok(ctx
        .db
        .national_milestones(stage)
        .await?
        .into_iter()
        .filter(|m| m.day <= day)
        .filter_map(|m| {
            Some(Mark {
                day: m.day,
                value: m.value? as f64,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_label_for_every_day_shown_and_zero_on_days_without_a_report() {
        let series = [
            DayTotal {
                day: day("2021-03-01"),
                count: 5,
                cumulative: 5,
            },
            DayTotal {
                day: day("2021-03-03"),
                count: 7,
                cumulative: 12,
            },
        ];
        let labels = day_labels(day("2021-03-01"), day("2021-03-04"), |d| {
            format!("{}: {}", format::date(d), count_on(&series, d))
        });
        assert_eq!(
            labels,
            "01/03/2021: 5|02/03/2021: 0|03/03/2021: 7|04/03/2021: 0"
        );
        // A label never splits in two.
        assert_eq!(
            day_labels(day("2021-03-01"), day("2021-03-01"), |_| "a|b".into()),
            "a/b"
        );
    }
}
