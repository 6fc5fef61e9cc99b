//! The HTTP layer's one error type: a status per kind, a JSON body `{"error": "..."}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::accounts::AccountError;
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
    /// 401: no valid token or session.
    #[error("{0}")]
    Unauthorized(String),
    /// 403: signed in, but not allowed.
    #[error("{0}")]
    Forbidden(String),
    /// 409: conflicts with what is stored (a name taken).
    #[error("{0}")]
    Conflict(String),
    /// 403 or 422: figures refused, with one entry per problem (nothing was written).
    #[error("{message}")]
    Problems {
        /// 403 (outside the scope) or 422.
        status: StatusCode,
        /// A summary.
        message: String,
        /// `{index, field, message, severity}` per problem.
        problems: Vec<serde_json::Value>,
    },
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

impl ApiError {
    /// `e` answered in `lang`: a wrong parameter in that language, the field named.
    pub fn in_lang(e: ViewError, lang: tiendo_core::Lang) -> ApiError {
        match e {
            ViewError::BadInput(p) => ApiError::BadRequest(p.text(lang)),
            e => e.into(),
        }
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
            ViewError::Forbidden(m) => ApiError::Forbidden(m),
            ViewError::Internal(detail) => ApiError::Internal(detail),
        }
    }
}

impl From<AccountError> for ApiError {
    fn from(e: AccountError) -> Self {
        match e {
            AccountError::Invalid(p) => p.into(),
            AccountError::Forbidden(m) => ApiError::Forbidden(m),
            AccountError::Conflict(m) => ApiError::Conflict(m),
            AccountError::NotFound(m) => ApiError::NotFound(format!("{m} not found")),
            AccountError::Internal(m) => ApiError::Internal(m),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match &self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Problems { status, .. } => *status,
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "request failed");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        let mut body = serde_json::json!({ "error": self.to_string() });
        if let ApiError::Problems { problems, .. } = &self {
            body["problems"] = serde_json::Value::Array(problems.clone());
        }
        let mut response = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert("retry-after", axum::http::HeaderValue::from_static("5"));
        }
        response
    }
}
