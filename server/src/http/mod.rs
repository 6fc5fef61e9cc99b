//! The HTTP API under `/api/v1` and the operators' `/healthz`; one module per resource.

mod error;
mod progress;

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::routing::get;

pub use error::ApiError;

use crate::progress::Progress;

/// The API routes, ready to merge into the app's router.
pub fn router(state: Arc<Progress>) -> axum::Router {
    axum::Router::new()
        .nest("/api/v1", progress::router().fallback(unknown_endpoint))
        .route("/healthz", get(health))
        .with_state(state)
}

async fn unknown_endpoint(uri: axum::http::Uri) -> ApiError {
    ApiError::NotFound(format!("no API endpoint at {}", uri.path()))
}

async fn health(
    State(progress): State<Arc<Progress>>,
) -> Result<Json<serde_json::Value>, ApiError> {
    progress
        .db()
        .unit_count()
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Json(serde_json::json!({ "status": "ok" })))
}
