//! A campaign: its per-stage targets and deadlines, and the figures published
//! about the real 2021 campaign that charts are compared with.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::overview::PerStage;

/// A stage's national target and deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageGoal {
    /// National target.
    pub target: u64,
    /// Last day on which it may be met.
    pub deadline: NaiveDate,
}

/// A campaign and its per-stage goals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Campaign {
    /// Row id.
    pub id: i64,
    /// Identifier, e.g. `cccd-2021`.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// First day of collection.
    pub start: NaiveDate,
    /// Figures are simulated.
    pub simulated: bool,
    /// When figures last changed (RFC 3339), shown as "updated at".
    pub updated_at: Option<String>,
    /// Target and deadline per stage.
    pub goals: PerStage<StageGoal>,
}

/// A campaign to create: what `tiendo demo` (and later an administrator) sets.
#[derive(Clone, Debug, PartialEq)]
pub struct NewCampaign {
    /// Identifier, e.g. `cccd-2021`.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// First day of collection.
    pub start: NaiveDate,
    /// Figures are simulated.
    pub simulated: bool,
    /// Target and deadline per stage.
    pub goals: PerStage<StageGoal>,
}

/// A published figure of the real campaign.
#[derive(Clone, Debug, PartialEq)]
pub struct Milestone {
    /// Day of the figure.
    pub day: NaiveDate,
    /// `national` or a province code.
    pub scope: String,
    /// Stage slug, `event` or `target`.
    pub stage: String,
    /// The figure.
    pub value: Option<i64>,
    /// exact, about, more_than, reached, target.
    pub precision: Option<String>,
    /// Where it was published.
    pub source: String,
}
