//! Signing in and out, and the reporting files a signed-in browser sends or
//! fetches: `POST /sign-in`, `POST /sign-out`, `GET /report/template.{csv|xlsx}`
//! and `POST /report/upload`. Plain form posts, so they work before (and
//! without) the wasm bundle; each answers with a redirect to a page.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Form;
use axum::extract::{ConnectInfo, Multipart, Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use tiendo_core::Lang;
use tiendo_core::accounts::{Actor, Csrf};
use tower_sessions::Session;

use super::ApiError;
use super::auth::{SESSION_ACCOUNT, SESSION_CSRF};
use crate::accounts::{Accounts, SignIn, new_token};
use crate::intake::{Upload, files, today_in_vietnam};
use crate::render::tables::{Dialect, csv_bytes, xlsx_bytes};
use crate::views::Views;

/// Largest file accepted for upload: a national day in CSV is about 1 MB.
pub const MAX_UPLOAD_BYTES: usize = 8 << 20;

/// What these handlers need.
#[derive(Clone)]
pub struct SessionState {
    /// Accounts, for signing in.
    pub accounts: Arc<Accounts>,
    /// Views: units and the campaign's days.
    pub views: Arc<Views>,
}

/// Routes of signing in and reporting files.
pub fn router() -> axum::Router<SessionState> {
    axum::Router::new()
        .route("/sign-in", post(sign_in))
        .route("/sign-out", post(sign_out))
        .route("/report/template.{extension}", get(template))
        .route("/report/upload", post(upload))
}

#[derive(Deserialize)]
struct SignInForm {
    name: String,
    password: String,
    #[serde(default)]
    next: String,
    #[serde(default)]
    lang: String,
}

/// Only paths of this site: a sign-in never sends anyone elsewhere.
fn local(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next
    } else {
        "/report"
    }
}

async fn sign_in(
    State(state): State<SessionState>,
    session: Session,
    address: Option<axum::Extension<ConnectInfo<SocketAddr>>>,
    Form(form): Form<SignInForm>,
) -> Result<Redirect, ApiError> {
    let address = address.map_or_else(|| "unknown".to_string(), |a| a.0.0.ip().to_string());
    let next = local(&form.next).to_string();
    let lang = if form.lang == "en" { "&lang=en" } else { "" };
    let back = |error: &str| {
        Redirect::to(&format!(
            "/sign-in?error={error}&next={}{lang}",
            tiendo_core::params::encode(&next)
        ))
    };
    match state
        .accounts
        .sign_in(form.name.trim(), &form.password, &address)
        .await?
    {
        SignIn::Welcome(account) => {
            // A new session id at sign-in: one fixed beforehand is worth nothing.
            session.cycle_id().await.map_err(internal)?;
            session
                .insert(SESSION_ACCOUNT, account.id)
                .await
                .map_err(internal)?;
            let (csrf, _) = new_token();
            session.insert(SESSION_CSRF, csrf).await.map_err(internal)?;
            tracing::info!(account = %account.name, "signed in");
            Ok(Redirect::to(&next))
        }
        SignIn::Wrong => Ok(back("wrong")),
        SignIn::Refused => Ok(back("locked")),
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn sign_out(
    session: Session,
    actor: Option<axum::Extension<Actor>>,
    csrf: Option<axum::Extension<Csrf>>,
    Form(form): Form<CsrfForm>,
) -> Result<Redirect, ApiError> {
    if actor.is_some() {
        check_csrf(csrf.as_ref().map(|c| &c.0), &form.csrf)?;
    }
    session.flush().await.map_err(internal)?;
    Ok(Redirect::to("/"))
}

fn check_csrf(expected: Option<&Csrf>, sent: &str) -> Result<(), ApiError> {
    match expected {
        Some(c) if c.0 == sent => Ok(()),
        _ => Err(ApiError::Forbidden(
            "csrf: the form is out of date; reload the page and send it again".into(),
        )),
    }
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(e.to_string())
}

/// The signed-in actor who reports, or a 401/403.
fn reporter(actor: Option<axum::Extension<Actor>>) -> Result<Actor, ApiError> {
    let actor = actor
        .ok_or_else(|| ApiError::Unauthorized("sign in first".into()))?
        .0;
    if !actor.role.reports() {
        return Err(ApiError::Forbidden(format!(
            "a {} account does not report figures",
            actor.role.slug()
        )));
    }
    Ok(actor)
}

#[derive(Deserialize)]
struct LangQuery {
    #[serde(default)]
    lang: String,
}

/// The report template, pre-filled with the sender's communes.
async fn template(
    State(state): State<SessionState>,
    Path(extension): Path<String>,
    Query(q): Query<LangQuery>,
    actor: Option<axum::Extension<Actor>>,
) -> Result<Response, ApiError> {
    let actor = reporter(actor)?;
    let lang = if q.lang == "en" { Lang::En } else { Lang::Vi };
    let units = state.views.ctx.units().await?;
    let cur = state.views.ctx.current().await?;
    let communes: Vec<(String, String)> = units
        .communes_of(&actor)
        .map(|u| (u.code.clone(), u.display_name.clone()))
        .collect();
    let day = (cur.last_day + chrono::Duration::days(1)).min(today_in_vietnam());
    let table = files::template(&communes, day, lang);
    let (body, content_type) = match extension.as_str() {
        // As Excel writes CSV in Vietnam: ';' between fields.
        "csv" => (
            csv_bytes(&table, Dialect::SpreadsheetVi),
            "text/csv; charset=utf-8",
        ),
        "xlsx" => (
            xlsx_bytes(&table),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        _ => {
            return Err(ApiError::NotFound(
                "no template of that kind (csv, xlsx)".into(),
            ));
        }
    };
    let body = body.map_err(internal)?;
    Ok((
        [
            (CONTENT_TYPE, content_type.to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}.{extension}\"", table.stem),
            ),
        ],
        body,
    )
        .into_response())
}

/// An uploaded file: read, kept for its preview, then off to the preview page.
async fn upload(
    State(state): State<SessionState>,
    actor: Option<axum::Extension<Actor>>,
    csrf: Option<axum::Extension<Csrf>>,
    mut multipart: Multipart,
) -> Result<Redirect, ApiError> {
    let actor = reporter(actor)?;
    let mut sent_csrf = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut lang = String::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| ApiError::BadRequest(format!("file: {e}")))?
    {
        match field.name().unwrap_or("") {
            "csrf" => {
                sent_csrf = field
                    .text()
                    .await
                    .map_err(|e| ApiError::BadRequest(e.to_string()))?
            }
            "lang" => {
                lang = field
                    .text()
                    .await
                    .map_err(|e| ApiError::BadRequest(e.to_string()))?
            }
            "file" => {
                let name = field.file_name().unwrap_or("upload").to_string();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| ApiError::BadRequest(format!("file: {e}")))?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    check_csrf(csrf.as_ref().map(|c| &c.0), &sent_csrf)?;
    let (name, bytes) = file
        .filter(|(_, b)| !b.is_empty())
        .ok_or_else(|| ApiError::BadRequest("file: choose a CSV or XLSX file".into()))?;
    let lines = if name.to_lowercase().ends_with(".xlsx") {
        files::read_xlsx(&bytes)
    } else {
        files::read_csv(&bytes)
    };
    // A file that cannot be read is shown in its preview like any problem.
    let upload = match lines {
        Ok(lines) => Upload {
            lines,
            problems: Vec::new(),
        },
        Err(problems) => Upload {
            lines: Vec::new(),
            problems,
        },
    };
    let json = serde_json::to_string(&upload).map_err(internal)?;
    state
        .views
        .ctx
        .db
        .keep_upload(actor.account, &name, &json)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let lang = if lang == "en" { "?lang=en" } else { "" };
    Ok(Redirect::to(&format!("/report/upload{lang}")))
}
