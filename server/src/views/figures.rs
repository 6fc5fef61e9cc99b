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

    /// The cumulative count of `stage` up to `day` against its target,
    /// with published `marks`: a page's chart, wide and narrow.
    pub fn cumulative_page_chart(
        &self,
        campaign: &Campaign,
        stage: Stage,
        day: NaiveDate,
        marks: &[Mark],
        lang: Lang,
    ) -> Result<String, ViewError> {
        let chart = CumulativeChart {
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
        Ok(wide_and_narrow(
            charts::cumulative_svg(&chart, 680, 380)?,
            charts::cumulative_svg(&chart, NARROW_WIDTH, 340)?,
        ))
    }

    /// Daily counts per stage up to `day`: a page's chart, wide and narrow.
    pub fn daily_page_chart(
        &self,
        campaign: &Campaign,
        day: NaiveDate,
        lang: Lang,
    ) -> Result<String, ViewError> {
        let chart = DailyChart {
            series: Stage::ALL
                .into_iter()
                .map(|s| (s, self.series.get(s).as_slice()))
                .collect(),
            from: campaign.start,
            as_of: day,
            lang,
        };
        Ok(wide_and_narrow(
            charts::daily_svg(&chart, 680, 460)?,
            charts::daily_svg(&chart, NARROW_WIDTH, 440)?,
        ))
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
