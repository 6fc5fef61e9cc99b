//! `GET /api/v1/progress/{code}?date=YYYY-MM-DD`: a unit's progress per stage.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use tiendo_core::overview::UnitProgress;

use super::{ApiError, only_params};
use crate::views::Views;

/// Routes of this resource.
pub fn router() -> axum::Router<Arc<Views>> {
    axum::Router::new().route("/progress/{code}", get(unit_progress))
}

/// A unit's progress per stage as of a day.
#[utoipa::path(
    get,
    path = "/api/v1/progress/{code}",
    tag = "read",
    params(
        ("code" = String, Path, description = "VN for the nation, or a GSO province, district or commune code"),
        ("date" = Option<String>, Query, description = "As-of day, YYYY-MM-DD (default: the last day with figures)"),
    ),
    responses(
        (status = 200, body = UnitProgress),
        (status = 400, body = super::openapi::ErrorBody, description = "A bad parameter, named"),
        (status = 404, body = super::openapi::ErrorBody, description = "No such unit"),
        (status = 503, body = super::openapi::ErrorBody, description = "No campaign loaded"),
    )
)]
pub(super) async fn unit_progress(
    State(views): State<Arc<Views>>,
    Path(code): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<UnitProgress>, ApiError> {
    only_params(&params, &["date"])?;
    Ok(Json(
        views
            .overviews
            .unit_progress(&code, params.get("date").map(String::as_str))
            .await?,
    ))
}
