//! What the overview page and the progress API show for one unit on one day.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::progress::StageProgress;
use crate::stage::Stage;
use crate::units::UnitRef;

/// One value per stage, serialised with the stage slugs as keys.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PerStage<T> {
    /// Applications collected.
    pub applications: T,
    /// Cards produced.
    pub produced: T,
    /// Cards delivered.
    pub delivered: T,
}

impl<T> PerStage<T> {
    /// Builds the three values from a function of the stage.
    pub fn from_fn(mut f: impl FnMut(Stage) -> T) -> Self {
        PerStage {
            applications: f(Stage::Applications),
            produced: f(Stage::Produced),
            delivered: f(Stage::Delivered),
        }
    }

    /// The value of one stage.
    pub fn get(&self, stage: Stage) -> &T {
        match stage {
            Stage::Applications => &self.applications,
            Stage::Produced => &self.produced,
            Stage::Delivered => &self.delivered,
        }
    }

    /// The value of one stage, to change it.
    pub fn get_mut(&mut self, stage: Stage) -> &mut T {
        match stage {
            Stage::Applications => &mut self.applications,
            Stage::Produced => &mut self.produced,
            Stage::Delivered => &mut self.delivered,
        }
    }
}

/// A unit's progress in every stage as of one day: the body of `GET /api/v1/progress/{code}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitProgress {
    /// The unit.
    pub unit: UnitRef,
    /// The as-of day.
    pub date: NaiveDate,
    /// Progress per stage.
    pub stages: PerStage<StageProgress>,
}

/// Cards waiting between stages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backlog {
    /// Applications collected whose card is not produced yet.
    pub applied_not_produced: u64,
    /// Cards produced and not yet delivered.
    pub produced_not_delivered: u64,
}

impl UnitProgress {
    /// The backlog between stages on the as-of day.
    pub fn backlog(&self) -> Backlog {
        let s = &self.stages;
        Backlog {
            applied_not_produced: s
                .applications
                .cumulative
                .saturating_sub(s.produced.cumulative),
            produced_not_delivered: s.produced.cumulative.saturating_sub(s.delivered.cumulative),
        }
    }
}

/// A province's place in the leaders/laggards lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvinceScore {
    /// Rank among the 63 by % of target (ties equal).
    pub rank: u32,
    /// GSO code.
    pub code: String,
    /// Short name.
    pub name: String,
    /// Socio-economic region.
    pub region: String,
    /// Cumulative count.
    pub cumulative: u64,
    /// Cumulative as % of the province's target.
    pub percent_of_target: f64,
}

/// Everything the national overview page shows for one as-of day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    /// Campaign name, e.g. "50 triệu CCCD trước 1/7/2021".
    pub campaign_name: String,
    /// Whether the figures come from the simulated demo campaign.
    pub simulated: bool,
    /// First and last day with data (bounds of the date picker).
    pub first_day: NaiveDate,
    /// Last day with data.
    pub last_day: NaiveDate,
    /// The nation's progress.
    pub progress: UnitProgress,
    /// Cumulative applications against the target trajectory, as inline SVG.
    pub cumulative_chart_svg: String,
    /// Daily counts per stage, as inline SVG.
    pub daily_chart_svg: String,
    /// The 5 provinces furthest ahead in applications, by % of target.
    pub leaders: Vec<ProvinceScore>,
    /// The 5 provinces furthest behind.
    pub laggards: Vec<ProvinceScore>,
    /// When the last report was received (RFC 3339), if any.
    pub updated_at: Option<String>,
    /// Alerts open (or acknowledged) across the nation now.
    pub open_alerts: u64,
}
