//! Everything served over HTTP: the pages (SSR + server functions), the JSON
//! API under `/api/v1` (one module per resource) and the operators' `/healthz`.

mod error;
mod exports;
mod page_cache;
mod progress;
mod rankings;
mod units;

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::routing::get;

pub use error::ApiError;

use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, file_and_error_handler, generate_route_list};
use tiendo_app::api::SharedBackend;
use tiendo_app::{App, shell};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::progress::Progress;

/// The whole site: pages, their server functions, static files and the API.
pub fn app(progress: Arc<Progress>, options: LeptosOptions) -> axum::Router {
    let backend: SharedBackend = progress.clone();
    let routes = generate_route_list(App);
    let pages = axum::Router::new()
        .leptos_routes_with_context(
            &options,
            routes,
            move || provide_context(backend.clone()),
            {
                let options = options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(file_and_error_handler(shell))
        .with_state(options);
    let kept = Arc::new(page_cache::PageCache::new(progress.clone()));
    pages
        .merge(api(progress))
        // Fastest gzip: pages shrink about as much and cost a fraction of the CPU.
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Fastest))
        // Outside compression, so kept pages are kept compressed.
        .layer(axum::middleware::from_fn_with_state(
            kept,
            page_cache::serve,
        ))
        .layer(TraceLayer::new_for_http())
}

/// The API routes.
fn api(state: Arc<Progress>) -> axum::Router {
    axum::Router::new()
        .nest(
            "/api/v1",
            progress::router()
                .merge(rankings::router())
                .merge(units::router())
                .fallback(unknown_endpoint),
        )
        .merge(exports::router())
        .route("/healthz", get(health))
        .with_state(state)
}

/// Refuses parameters an endpoint does not know, so a typo is not silently ignored.
fn only_params(
    params: &std::collections::HashMap<String, String>,
    allowed: &[&str],
) -> Result<(), ApiError> {
    match params.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(unknown) => Err(ApiError::BadRequest(format!(
            "{unknown}: unknown parameter (allowed: {})",
            allowed.join(", ")
        ))),
        None => Ok(()),
    }
}

async fn unknown_endpoint(axum::extract::OriginalUri(uri): axum::extract::OriginalUri) -> ApiError {
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
