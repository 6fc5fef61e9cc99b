//! Everything served over HTTP: the pages (SSR + server functions), the JSON
//! API under `/api/v1` (one module per resource), downloads, and the
//! operators' `/healthz` and `/readyz`. Read answers pass through the
//! response cache ([`cache`]).

mod auth;
mod cache;
mod error;
mod exports;
mod openapi;
mod progress;
mod rankings;
mod reports;
mod session;
mod units;

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Redirect;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub use cache::ResponseCache;
pub use error::ApiError;

use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, file_and_error_handler, generate_route_list};
use tiendo_app::api::SharedBackend;
use tiendo_app::{App, shell};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use tiendo_core::accounts::Actor;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::accounts::sessions::DbStore;
use crate::intake::Intake;
use crate::site::Site;
use crate::views::Views;

/// Bytes of answers the response cache keeps by default.
pub const RESPONSE_BUDGET: u64 = 64 << 20;

/// How the site is run.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// Whether the dashboard can be read without signing in.
    pub public_read: bool,
    /// Whether browsers reach the server over TLS (a proxy in front): session
    /// cookies are then `Secure`.
    pub behind_tls: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            public_read: true,
            behind_tls: false,
        }
    }
}

/// How long a signed-in session lasts without use.
const SESSION_IDLE: tower_sessions::cookie::time::Duration =
    tower_sessions::cookie::time::Duration::hours(8);

/// The whole site: pages, their server functions, static files, the API,
/// signing in and reporting.
pub fn app(site: Arc<Site>, options: LeptosOptions, settings: Settings) -> axum::Router {
    let views = site.views.clone();
    let backend: SharedBackend = site.clone();
    let routes = generate_route_list(App);
    let pkg = bundle(&options);
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
    let sessions = SessionManagerLayer::new(DbStore::new(views.ctx.db.clone()))
        .with_name("tiendo_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(settings.behind_tls)
        .with_expiry(Expiry::OnInactivity(SESSION_IDLE));
    let session_routes = session::router().with_state(session::SessionState {
        accounts: site.accounts.clone(),
        views: views.clone(),
    });
    let router = pages
        .merge(api(views.clone(), site.intake.clone()))
        .merge(session_routes.layer(DefaultBodyLimit::max(session::MAX_UPLOAD_BYTES)))
        .merge(pkg)
        .layer(axum::middleware::from_fn_with_state(settings, gate))
        .layer(axum::middleware::from_fn_with_state(
            site.accounts.clone(),
            auth::resolve,
        ))
        .layer(sessions)
        // Fastest gzip: pages shrink about as much and cost a fraction of the CPU.
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Fastest));
    // Outside compression, so kept answers are kept compressed. Only when the
    // dashboard is public: a kept page would otherwise skip the sign-in check.
    let router = if settings.public_read {
        let kept = Arc::new(ResponseCache::new(views, build_id(), RESPONSE_BUDGET));
        router.layer(axum::middleware::from_fn_with_state(kept, cache::serve))
    } else {
        router
    };
    router.layer(TraceLayer::new_for_http())
}

/// Paths anyone may reach when the dashboard is not public: signing in and
/// what the sign-in page itself needs.
fn open_to_all(path: &str) -> bool {
    path == "/sign-in"
        || path.starts_with("/pkg/")
        || path.starts_with("/api/get_signed_in")
        || path == "/healthz"
        || path == "/readyz"
}

/// Middleware: when the dashboard is not public, only signed-in readers pass.
async fn gate(State(settings): State<Settings>, request: Request, next: Next) -> Response {
    if settings.public_read
        || request.extensions().get::<Actor>().is_some()
        || open_to_all(request.uri().path())
    {
        return next.run(request).await;
    }
    let path = request.uri().path();
    if path.starts_with("/api/") || path.starts_with("/export/") {
        return ApiError::Unauthorized("this dashboard is read by signed-in accounts only".into())
            .into_response();
    }
    let here = request
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    Redirect::to(&format!(
        "/sign-in?next={}",
        tiendo_core::params::encode(&here)
    ))
    .into_response()
}

/// Whether cargo-leptos wrote the bundle under content-hashed names (its
/// `hash.txt` beside the binary): pages then name those files.
pub fn hashed_bundle() -> bool {
    std::env::current_exe().is_ok_and(|exe| exe.with_file_name("hash.txt").exists())
}

/// What tells this build's answers apart from another's: the bundle's
/// hashes that cargo-leptos writes beside the binary, else the version.
pub fn build_id() -> String {
    let hashes = std::env::current_exe()
        .ok()
        .and_then(|exe| std::fs::read_to_string(exe.with_file_name("hash.txt")).ok());
    match hashes {
        Some(text) => {
            // FNV-1a: short and stable; this only has to change when the bundle does.
            let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
            format!("{hash:016x}")
        }
        None => env!("CARGO_PKG_VERSION").to_string(),
    }
}

/// The wasm bundle, its script and the stylesheet under `/pkg`: content-
/// hashed names are kept by browsers for a year (`immutable`); precompressed
/// `.br`/`.gz` files are sent when cargo-leptos wrote them.
fn bundle(options: &LeptosOptions) -> axum::Router {
    let dir = format!("{}/{}", options.site_root, options.site_pkg_dir);
    let policy = if options.hash_files {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    axum::Router::new()
        .nest_service(
            &format!("/{}", options.site_pkg_dir),
            ServeDir::new(dir).precompressed_br().precompressed_gzip(),
        )
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static(policy),
        ))
}

/// The API routes.
fn api(views: Arc<Views>, intake: Arc<Intake>) -> axum::Router {
    let writes = reports::router()
        .with_state(intake)
        .layer(DefaultBodyLimit::max(reports::MAX_BODY_BYTES));
    axum::Router::new()
        .nest(
            "/api/v1",
            progress::router()
                .merge(rankings::router())
                .merge(units::router())
                .with_state(views.clone())
                .merge(writes)
                .fallback(unknown_endpoint),
        )
        .merge(exports::router())
        .route("/api/openapi.json", get(openapi::document))
        .route("/healthz", get(health))
        .route("/readyz", get(ready))
        .with_state(views)
}

/// Refuses parameters an endpoint does not know, so a typo is not silently ignored.
fn only_params(params: &HashMap<String, String>, allowed: &[&str]) -> Result<(), ApiError> {
    Ok(crate::views::tables::only_params(params, allowed)?)
}

async fn unknown_endpoint(axum::extract::OriginalUri(uri): axum::extract::OriginalUri) -> ApiError {
    ApiError::NotFound(format!("no API endpoint at {}", uri.path()))
}

/// `/healthz`: the process answers (it says nothing of the database).
async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

/// `/readyz`: the database answers, its schema is current and a campaign is
/// loaded; 503 with the reason otherwise, so a load balancer sends no
/// traffic to a server that would only answer errors.
async fn ready(State(views): State<Arc<Views>>) -> Response {
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
