//! `GET /api/v1/alerts?state=&rule=&severity=&province=&unit=`: the
//! campaign's alerts as JSON, most urgent and newest first; `POST
//! /api/v1/alerts/{id}/acknowledge` `{"comment": "…"}` with a token. Who
//! sees and acknowledges what is decided in [`crate::alerts::Alerts`].

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use tiendo_core::alerts::{Alert, AlertQuery};

use super::auth::{Reader, Signed, Via};
use super::{ApiError, only_params};
use crate::alerts::{Alerts, LIST_LIMIT};

/// Routes of this resource.
pub fn router() -> axum::Router<Arc<Alerts>> {
    axum::Router::new()
        .route("/alerts", get(list))
        .route("/alerts/{id}/acknowledge", post(acknowledge))
}

/// The answer: the alerts, and whether more matched than are listed.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AlertList {
    /// The alerts.
    pub alerts: Vec<Alert>,
    /// More matched than the 500 listed.
    pub truncated: bool,
}

/// The campaign's alerts.
#[utoipa::path(
    get,
    path = "/api/v1/alerts",
    tag = "alerts",
    params(
        ("state" = Option<String>, Query, description = "open, acknowledged, resolved or all (default: open and acknowledged)"),
        ("rule" = Option<String>, Query, description = "behind_schedule, silent, anomaly, stage_order or low_completeness"),
        ("severity" = Option<String>, Query, description = "warning or critical"),
        ("province" = Option<String>, Query, description = "A province code"),
        ("unit" = Option<String>, Query, description = "Any unit's code: it and the units below"),
    ),
    responses(
        (status = 200, body = AlertList),
        (status = 400, body = super::openapi::ErrorBody),
        (status = 403, description = "Outside the account's unit", body = super::openapi::ErrorBody)
    )
)]
pub(super) async fn list(
    State(alerts): State<Arc<Alerts>>,
    Reader(reader): Reader,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<AlertList>, ApiError> {
    only_params(&params, &["state", "rule", "severity", "province", "unit"])?;
    let get = |k: &str| params.get(k).cloned().unwrap_or_default();
    let query = AlertQuery {
        state: get("state"),
        rule: get("rule"),
        severity: get("severity"),
        province: get("province"),
        unit: get("unit"),
    };
    let (alerts, truncated) = alerts.list(reader.as_ref(), &query, LIST_LIMIT).await?;
    Ok(Json(AlertList { alerts, truncated }))
}

/// What acknowledging says.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct Acknowledgement {
    /// What is being done about it (1 to 500 characters).
    pub comment: String,
}

/// Acknowledges an alert: it stays listed, marked with who and why, until it resolves.
#[utoipa::path(
    post,
    path = "/api/v1/alerts/{id}/acknowledge",
    tag = "alerts",
    params(("id" = i64, Path, description = "The alert")),
    request_body = Acknowledgement,
    responses(
        (status = 200, description = "Acknowledged"),
        (status = 400, body = super::openapi::ErrorBody),
        (status = 401, body = super::openapi::ErrorBody),
        (status = 403, body = super::openapi::ErrorBody),
        (status = 404, body = super::openapi::ErrorBody)
    ),
    security(("token" = []))
)]
pub(super) async fn acknowledge(
    State(alerts): State<Arc<Alerts>>,
    Signed(actor, via): Signed,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Json<serde_json::Value>, ApiError> {
    if via != Via::Token {
        return Err(ApiError::Unauthorized(
            "the API takes 'Authorization: Bearer TOKEN'; in a browser, use the alerts page".into(),
        ));
    }
    let ack: Acknowledgement = serde_json::from_slice(&body).map_err(|e| {
        ApiError::BadRequest(format!("body: {{\"comment\": \"…\"}} expected ({e})"))
    })?;
    alerts.acknowledge(&actor, id, &ack.comment).await?;
    Ok(Json(serde_json::json!({ "acknowledged": id })))
}
