//! `GET /api/v1/units/search?q=`: units by name (diacritics optional) or code.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use axum::routing::get;
use tiendo_core::views::SearchHit;

use super::{ApiError, only_params};
use crate::views::Views;

/// Routes of this resource.
pub fn router() -> axum::Router<Arc<Views>> {
    axum::Router::new().route("/units/search", get(search))
}

/// Units by name (diacritics optional) or code, best first.
#[utoipa::path(
    get,
    path = "/api/v1/units/search",
    tag = "read",
    params(("q" = String, Query, description = "A name or a code")),
    responses((status = 200, body = Vec<SearchHit>), (status = 400, body = super::openapi::ErrorBody))
)]
pub(super) async fn search(
    State(views): State<Arc<Views>>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Vec<SearchHit>>, ApiError> {
    only_params(&params, &["q"])?;
    let q = params
        .get("q")
        .ok_or_else(|| ApiError::BadRequest("q: required (a unit's name or code)".into()))?;
    Ok(Json(views.search(q).await?))
}
