//! The HTTP layer's one error type: a status per kind, a JSON body `{"error": "..."}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::views::ViewError;

/// An API failure, answered as JSON with the matching status.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: a parameter is wrong; the message names it.
    #[error("{0}")]
    BadRequest(String),
    /// 404: the thing asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// 503: not ready (no campaign loaded) or too busy; try again later.
    #[error("{0}")]
    Unavailable(String),
    /// 500: logged in full, answered without details.
    #[error("internal error")]
    Internal(String),
}

impl From<tiendo_core::params::ParamError> for ApiError {
    fn from(e: tiendo_core::params::ParamError) -> Self {
        ApiError::BadRequest(e.to_string())
    }
}

impl From<ViewError> for ApiError {
    fn from(e: ViewError) -> Self {
        match e {
            ViewError::BadInput(p) => p.into(),
            ViewError::NotFound(what) => ApiError::NotFound(format!("{what} not found")),
            e @ (ViewError::NoCampaign | ViewError::Busy(_)) => {
                ApiError::Unavailable(e.to_string())
            }
            ViewError::Internal(detail) => ApiError::Internal(detail),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match &self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "request failed");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        let mut response = (
            status,
            Json(serde_json::json!({ "error": self.to_string() })),
        )
            .into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert("retry-after", axum::http::HeaderValue::from_static("5"));
        }
        response
    }
}
