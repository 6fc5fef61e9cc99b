//! Who is asking: an `Authorization: Bearer` API token or a signed-in
//! session, resolved once per request into the core's [`Actor`] and left in
//! the request's extensions, where handlers, server functions and pages read
//! it. Writes from forms also carry the session's CSRF token.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tiendo_core::accounts::{Account, Actor, Csrf};
use tower_sessions::Session;

use super::ApiError;
use crate::accounts::Accounts;

/// Session keys.
pub const SESSION_ACCOUNT: &str = "account";
/// The session's CSRF token, set at sign-in.
pub const SESSION_CSRF: &str = "csrf";

/// How the request authenticated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// A signed-in session (browser): writes need the CSRF token.
    Session,
    /// An API token: no cookies, so no cross-site writes to guard against.
    Token,
}

/// A bearer token that matches no enabled account.
#[derive(Clone, Copy, Debug)]
pub struct BadToken;

/// The bearer token of a request, if it has one.
fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// Middleware: resolves the actor from the token or the session.
pub async fn resolve(
    State(accounts): State<Arc<Accounts>>,
    session: Session,
    request: Request,
    next: Next,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let resolved: Result<(), ApiError> = async {
        if let Some(token) = bearer(&parts) {
            match accounts.by_token(token).await.map_err(internal)? {
                Some(account) => insert(&mut parts, &account, Via::Token),
                None => {
                    parts.extensions.insert(BadToken);
                }
            }
            return Ok(());
        }
        let id: Option<i64> = session.get(SESSION_ACCOUNT).await.map_err(internal)?;
        if let Some(id) = id {
            match accounts.enabled(id).await.map_err(internal)? {
                Some(account) => {
                    insert(&mut parts, &account, Via::Session);
                    if let Some(csrf) = session
                        .get::<String>(SESSION_CSRF)
                        .await
                        .map_err(internal)?
                    {
                        parts.extensions.insert(Csrf(csrf));
                    }
                }
                // Disabled since signing in: the session ends now.
                None => session.flush().await.map_err(internal)?,
            }
        }
        Ok(())
    }
    .await;
    if let Err(e) = resolved {
        return e.into_response();
    }
    next.run(Request::from_parts(parts, body)).await
}

fn insert(parts: &mut Parts, account: &Account, via: Via) {
    parts.extensions.insert(account.actor());
    parts.extensions.insert(via);
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(e.to_string())
}

/// Extractor: the actor of an API request; 401 without a valid token or session.
pub struct Signed(pub Actor, pub Via);

impl<S: Send + Sync> FromRequestParts<S> for Signed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        if parts.extensions.get::<BadToken>().is_some() {
            return Err(ApiError::Unauthorized(
                "the API token is unknown, revoked or its account disabled".into(),
            ));
        }
        match (
            parts.extensions.get::<Actor>(),
            parts.extensions.get::<Via>(),
        ) {
            (Some(actor), Some(via)) => Ok(Signed(actor.clone(), *via)),
            _ => Err(ApiError::Unauthorized(
                "sign in, or send 'Authorization: Bearer TOKEN' (tiendo token add NAME)".into(),
            )),
        }
    }
}

/// Extractor: who reads, if anyone signed in; 401 only for a bad token
/// (a reader without credentials reads as the public).
pub struct Reader(pub Option<Actor>);

impl<S: Send + Sync> FromRequestParts<S> for Reader {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if parts.extensions.get::<Actor>().is_none() && parts.extensions.get::<BadToken>().is_none()
        {
            return Ok(Reader(None));
        }
        let Signed(actor, _) = Signed::from_request_parts(parts, state).await?;
        Ok(Reader(Some(actor)))
    }
}
