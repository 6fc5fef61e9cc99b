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

    /// The two charts of a page up to `day`: the cumulative count of
    /// `stage` against its target with published `marks`, and daily counts
    /// per stage (SVG).
    pub fn page_charts(
        &self,
        campaign: &Campaign,
        stage: Stage,
        day: NaiveDate,
        marks: &[Mark],
        lang: Lang,
    ) -> Result<(String, String), ViewError> {
        let cumulative_chart = CumulativeChart {
            lines: vec![CumulativeLine {
                stage,
                series: self.series.get(stage),
                target: *self.targets.get(stage),
                deadline: campaign.goals.get(stage).deadline,
            }],
            start: campaign.start,
            from: campaign.start,
            as_of: day,
            marks,
            show_target: true,
            show_deadline: true,
            lang,
        };
        let daily_chart = DailyChart {
            series: Stage::ALL
                .into_iter()
                .map(|s| (s, self.series.get(s).as_slice()))
                .collect(),
            from: campaign.start,
            as_of: day,
            lang,
        };
        // Each chart twice: wide, and narrow for phones, where the wide one
        // shrunk to the screen would set its text at 7 px; the page's
        // style shows one (`.wide`, `.narrow`).
        let both = |wide: String, narrow: String| {
            format!(r#"<div class="wide">{wide}</div><div class="narrow">{narrow}</div>"#)
        };
        let cumulative = both(
            charts::cumulative_svg(&cumulative_chart, 680, 380)?,
            charts::cumulative_svg(&cumulative_chart, NARROW_WIDTH, 340)?,
        );
        let daily = both(
            charts::daily_svg(&daily_chart, 680, 460)?,
            charts::daily_svg(&daily_chart, NARROW_WIDTH, 440)?,
        );
        Ok((cumulative, daily))
    }
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
