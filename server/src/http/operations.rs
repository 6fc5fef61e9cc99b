//! What operators use: `/healthz`, `/readyz`, `/metrics`, the per-request
//! counting behind the metrics, and the request id and access line of
//! every request in the logs.

use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tiendo_core::alerts::Rule;
use tower_http::request_id::RequestId;

use super::cache::ResponseCache;
use crate::metrics::{Gauges, Metrics};
use crate::views::Views;

/// What `/metrics` reads.
#[derive(Clone)]
pub struct Observed {
    /// The views and their caches, the database.
    pub views: Arc<Views>,
    /// The response cache, when the dashboard is public.
    pub responses: Option<Arc<ResponseCache>>,
}

/// `/healthz`: the process answers (it says nothing of the database).
pub async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

/// `/readyz`: the database answers, its schema is current and a campaign is
/// loaded; 503 with the reason otherwise, so a load balancer sends no
/// traffic to a server that would only answer errors.
pub async fn ready(State(views): State<Arc<Views>>) -> Response {
    let db = &views.ctx.db;
    let problem = match db.schema_current().await {
        Err(e) => Some(format!("database unreachable: {e}")),
        Ok(false) => Some("database schema is not up to date (run `tiendo migrate`)".into()),
        Ok(true) => match views.ctx.current().await {
            Ok(_) => None,
            Err(e) => Some(e.to_string()),
        },
    };
    match problem {
        None => Json(serde_json::json!({ "status": "ready", "engine": db.engine(), "data_version": views.ctx.version() }))
            .into_response(),
        Some(reason) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({ "status": "not ready", "reason": reason })),
        )
            .into_response(),
    }
}

/// `/metrics`, in the Prometheus text format. The alert and webhook
/// figures cost two small queries per scrape; without a campaign they are 0.
pub async fn metrics(State(o): State<Observed>) -> Response {
    let ctx = &o.views.ctx;
    let mut caches = o.views.cache_stats();
    if let Some(r) = &o.responses {
        let (hits, misses) = r.hits_and_misses();
        caches.push(("responses", hits, misses));
    }
    let open_alerts = match ctx.current().await {
        Ok(cur) => ctx
            .db
            .open_alerts_by_rule(cur.campaign.id)
            .await
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let webhook_pending = ctx.db.notification_status(0).await.map_or(0, |(n, _)| n);
    let gauges = Gauges {
        caches,
        // Every rule, with 0 for those without an alert: a series that vanishes is harder to alert on.
        open_alerts: Rule::ALL
            .into_iter()
            .map(|r| {
                (
                    r.slug(),
                    open_alerts
                        .iter()
                        .find(|(o, _)| *o == r)
                        .map_or(0, |(_, n)| *n),
                )
            })
            .collect(),
        webhook_pending,
        pool: ctx.db.pool_status(),
        data_version: ctx.version(),
    };
    let mut response = ctx.metrics.render(&gauges).into_response();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}

/// Middleware: counts each request under its route pattern (never the raw
/// URL: a crawl of every unit stays a handful of series).
pub async fn count(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    // A label per known method only: made-up methods would add series without end.
    let method = match request.method().as_str() {
        m @ ("GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS") => m,
        _ => "OTHER",
    }
    .to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.record(
        &route,
        &method,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

/// The span every log line of a request carries: its id (from
/// `X-Request-Id` or made), method and path.
pub fn request_span(request: &Request) -> tracing::Span {
    let id = request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        id = %id,
        method = %request.method(),
        path = %request.uri().path(),
    )
}
