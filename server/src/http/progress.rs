//! `GET /api/v1/progress/{code}?date=YYYY-MM-DD`: a unit's progress per stage.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use tiendo_core::overview::UnitProgress;

use super::error::ApiError;
use crate::progress::Progress;

/// Routes of this resource.
pub fn router() -> axum::Router<Arc<Progress>> {
    axum::Router::new().route("/progress/{code}", get(unit_progress))
}

async fn unit_progress(
    State(progress): State<Arc<Progress>>,
    Path(code): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<UnitProgress>, ApiError> {
    if let Some(unknown) = params.keys().find(|k| k.as_str() != "date") {
        return Err(ApiError::BadRequest(format!(
            "{unknown}: unknown parameter (allowed: date)"
        )));
    }
    Ok(Json(
        progress
            .unit_progress(&code, params.get("date").map(String::as_str))
            .await?,
    ))
}
