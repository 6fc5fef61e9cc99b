//! The HTTP API's one error type: a status per kind, a JSON body `{"error": "..."}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::progress::QueryError;

/// An API failure, answered as JSON with the matching status.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: a parameter is wrong; the message names it.
    #[error("{0}")]
    BadRequest(String),
    /// 404: the thing asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// 500: logged in full, answered without details.
    #[error("internal error")]
    Internal(String),
}

impl From<tiendo_core::params::ParamError> for ApiError {
    fn from(e: tiendo_core::params::ParamError) -> Self {
        ApiError::BadRequest(e.to_string())
    }
}

impl From<QueryError> for ApiError {
    fn from(e: QueryError) -> Self {
        match e {
            QueryError::BadInput(p) => p.into(),
            QueryError::NotFound(what) => ApiError::NotFound(format!("{what} not found")),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match &self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "request failed");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        (
            status,
            Json(serde_json::json!({ "error": self.to_string() })),
        )
            .into_response()
    }
}
