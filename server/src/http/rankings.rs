//! `GET /api/v1/rankings?level=&parent=&stage=&by=&date=&status=`: a ranked list of units.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use axum::routing::get;
use chrono::NaiveDate;
use serde::Serialize;
use tiendo_core::progress::{Status, Verdict};
use tiendo_core::rankings::pace_vs_required;
use tiendo_core::standings::Unranked;

use super::{ApiError, only_params};
use crate::views::Views;
use crate::views::standings::{RankedUnit, with_status};

/// Routes of this resource.
pub fn router() -> axum::Router<Arc<Views>> {
    axum::Router::new().route("/rankings", get(rankings))
}

/// The answer: what was ranked, and the units best first.
#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct Ranking {
    level: &'static str,
    parent: Option<String>,
    stage: &'static str,
    by: &'static str,
    date: NaiveDate,
    units: Vec<Row>,
}

/// One ranked unit.
#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct Row {
    rank: Option<u32>,
    /// Places gained since 7 days earlier (negative: lost).
    rank_change: Option<i64>,
    code: String,
    /// Short name ("3").
    name: String,
    /// The name pages show ("Quận 3").
    display_name: String,
    parent: Option<String>,
    region: Option<String>,
    cumulative: u64,
    target: Option<u64>,
    percent_of_target: Option<f64>,
    avg7: f64,
    /// Daily count still required to meet the target by the deadline.
    required_daily: Option<f64>,
    pace_vs_required: Option<f64>,
    projected_completion: Option<NaiveDate>,
    backlog: u64,
    status: Status,
    /// The status column's word: on_track, behind, met or no_data (what `status=` filters on).
    verdict: Verdict,
    /// Why the unit has no rank, when it has none.
    unranked_reason: Option<Unranked>,
}

impl From<RankedUnit> for Row {
    fn from(r: RankedUnit) -> Self {
        let s = r.standing;
        let p = s.progress;
        Row {
            rank: r.place.rank,
            rank_change: r.place.change,
            pace_vs_required: pace_vs_required(&p),
            code: s.unit.code,
            name: s.unit.name,
            display_name: s.unit.display_name,
            parent: s.unit.parent,
            region: s.region,
            cumulative: p.cumulative,
            target: p.target,
            percent_of_target: p.percent_of_target,
            avg7: p.avg7,
            required_daily: p.required_daily,
            projected_completion: p.projected_completion,
            backlog: s.backlog,
            verdict: Verdict::of(&p),
            status: p.status,
            unranked_reason: r.unranked,
        }
    }
}

/// A ranked list of units, best first.
#[utoipa::path(
    get,
    path = "/api/v1/rankings",
    tag = "read",
    params(
        ("level" = Option<String>, Query, description = "province (default), district or commune"),
        ("parent" = Option<String>, Query, description = "Rank only the units below this one: its children, or with `level` every unit of that level inside it (`level=commune&parent=38`)"),
        ("stage" = Option<String>, Query, description = "applications (default), produced or delivered"),
        ("by" = Option<String>, Query, description = "percent_of_target (default), cumulative, avg7, pace_vs_required, projected_completion or backlog"),
        ("date" = Option<String>, Query, description = "As-of day, YYYY-MM-DD"),
        ("status" = Option<String>, Query, description = "Only the units with this verdict: behind, on_track, met or no_data (ranks stay those among all)"),
    ),
    responses(
        (status = 200, body = Ranking),
        (status = 400, body = super::openapi::ErrorBody),
        (status = 503, body = super::openapi::ErrorBody),
    )
)]
pub(super) async fn rankings(
    State(views): State<Arc<Views>>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Ranking>, ApiError> {
    only_params(
        &params,
        &["level", "parent", "stage", "by", "date", "status"],
    )?;
    let get = |k: &str| params.get(k).map(String::as_str);

    let query = views
        .standings
        .ranking_query(get("level"), get("parent"), get("stage"), get("by"))
        .await?;
    let (date, mut units) = views.standings.ranked(&query, get("date")).await?;
    if let Some(status) = get("status") {
        units = with_status(units, status)?;
    }
    Ok(Json(Ranking {
        level: query.level.slug(),
        parent: get("parent").map(str::to_string),
        stage: query.stage.slug(),
        by: query.measure.slug(),
        date,
        units: units.into_iter().map(Row::from).collect(),
    }))
}
