//! One unit's figures: its series and targets, read in two queries, and
//! what every page makes of them (progress per stage, the two charts).

use chrono::NaiveDate;
use tiendo_core::campaign::Campaign;
use tiendo_core::overview::{PerStage, UnitProgress};
use tiendo_core::progress::{ProgressInput, compute};
use tiendo_core::reports::{DayTotal, Figures};
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
                            let chart = CumulativeChart {
                                lines: vec![CumulativeLine {
                                    stage,
                                    series: &series,
                                    target,
                                    deadline,
                                }],
                                start,
                                from: start,
                                as_of: day,
                                marks: &marks,
                                show_target: true,
                                show_deadline: true,
                                lang,
                            };
                            Ok(wide_and_narrow(
                                charts::cumulative_svg(&chart, 680, 380)?,
                                charts::cumulative_svg(&chart, NARROW_WIDTH, 340)?,
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
                            Ok(wide_and_narrow(
                                charts::daily_svg(&chart, 680, 460)?,
                                charts::daily_svg(&chart, NARROW_WIDTH, 440)?,
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
/// one (`.wide`, `.narrow`).
fn wide_and_narrow(wide: String, narrow: String) -> String {
    format!(r#"<div class="wide">{wide}</div><div class="narrow">{narrow}</div>"#)
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
