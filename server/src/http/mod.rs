//! Everything served over HTTP: the pages (SSR + server functions), the JSON
//! API under `/api/v1` (one module per resource), downloads, live updates
//! (`events`), and the operators' `/healthz`, `/readyz` and `/metrics`.
//! Read answers pass through the response cache ([`cache`]); every answer
//! gets the security headers ([`security`]), a request id, an access line
//! in the log and a place in the metrics ([`operations`]).

mod alerts;
mod auth;
mod cache;
mod embed;
mod error;
mod events;
mod exports;
mod openapi;
mod operations;
mod progress;
mod rankings;
mod reports;
mod security;
mod session;
mod units;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
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
use tiendo_app::components::page::PublicUrl;
use tiendo_app::{App, shell};
use tokio::sync::watch;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use tiendo_core::accounts::Actor;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::accounts::sessions::DbStore;
use crate::intake::Intake;
use crate::site::Site;
use crate::views::Views;

/// Bytes of answers the response cache keeps by default.
pub const RESPONSE_BUDGET: u64 = 64 << 20;
/// Largest request body of pages' server functions and the read API.
const MAX_FORM_BYTES: usize = 1 << 20;

/// How the site is run.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Whether the dashboard can be read without signing in.
    pub public_read: bool,
    /// Whether browsers reach the server over TLS (a proxy in front): session
    /// cookies are then `Secure`.
    pub behind_tls: bool,
    /// 64 bytes signing session cookies, if configured.
    pub session_key: Option<Vec<u8>>,
    /// Where the dashboard is published, for link previews.
    pub public_url: Option<String>,
    /// Bytes of whole answers kept.
    pub response_budget: u64,
    /// How long a request may take (live streams excepted).
    pub request_timeout: Duration,
    /// Becomes true when the server stops: live streams end.
    pub stopping: watch::Receiver<bool>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            public_read: true,
            behind_tls: false,
            session_key: None,
            public_url: None,
            response_budget: RESPONSE_BUDGET,
            request_timeout: Duration::from_secs(30),
            stopping: watch::channel(false).1,
        }
    }
}

impl Settings {
    /// The settings `config` gives, with `stopping` to end live streams.
    pub fn from_config(
        config: &crate::config::Config,
        stopping: watch::Receiver<bool>,
    ) -> Result<Self, crate::config::ConfigError> {
        use sha2::Digest;
        Ok(Settings {
            public_read: config.public_read,
            behind_tls: config.behind_tls,
            // A key of any length made into the 64 bytes cookie signing takes.
            session_key: config
                .session_key
                .as_ref()
                .map(|k| sha2::Sha512::digest(k.as_bytes()).to_vec()),
            public_url: config.public_url.clone(),
            response_budget: config.cache.responses_mb << 20,
            request_timeout: Duration::from_secs(config.request_timeout_seconds),
            stopping,
        })
    }
}

/// How long a signed-in session lasts without use.
const SESSION_IDLE: tower_sessions::cookie::time::Duration =
    tower_sessions::cookie::time::Duration::hours(8);

/// The whole site: pages, their server functions, static files, the API,
/// signing in and reporting, live updates and the operators' endpoints.
pub fn app(site: Arc<Site>, options: LeptosOptions, settings: Settings) -> axum::Router {
    let views = site.views.clone();
    let metrics = views.ctx.metrics.clone();
    let backend: SharedBackend = site.clone();
    let routes = generate_route_list(App);
    let pkg = bundle(&options);
    let pages = axum::Router::new()
        .leptos_routes_with_context(
            &options,
            routes,
            {
                let public_url = PublicUrl(settings.public_url.clone());
                move || {
                    provide_context(backend.clone());
                    provide_context(public_url.clone());
                }
            },
            {
                let options = options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(file_and_error_handler(shell))
        .with_state(options)
        .layer(RequestBodyLimitLayer::new(MAX_FORM_BYTES));
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
    let responses = settings.public_read.then(|| {
        Arc::new(ResponseCache::new(
            views.clone(),
            build_id(),
            settings.response_budget,
        ))
    });
    let router = pages
        .merge(api(views.clone(), site.intake.clone(), site.alerts.clone()))
        .merge(session_routes.layer(DefaultBodyLimit::max(session::MAX_UPLOAD_BYTES)))
        .merge(pkg)
        .route(
            "/metrics",
            get(operations::metrics).with_state(operations::Observed {
                views: views.clone(),
                responses: responses.clone(),
            }),
        )
        .layer(axum::middleware::from_fn_with_state(
            settings.public_read,
            gate,
        ))
        .layer(axum::middleware::from_fn_with_state(
            site.accounts.clone(),
            auth::resolve,
        ));
    let router = match &settings.session_key {
        Some(key) => router.layer(sessions.with_signed(tower_sessions::cookie::Key::from(key))),
        None => router.layer(sessions),
    };
    let router = router
        // Below compression: pages are hashed for their policy as made.
        .layer(axum::middleware::from_fn(security::headers))
        // Fastest gzip: pages shrink about as much and cost a fraction of the CPU.
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Fastest));
    // Outside compression, so kept answers are kept compressed. Only when the
    // dashboard is public: a kept page would otherwise skip the sign-in check.
    let router = match responses {
        Some(kept) => router.layer(axum::middleware::from_fn_with_state(kept, cache::serve)),
        None => router,
    };
    let live = events::Live {
        feed: views.ctx.db.feed().clone(),
        stopping: settings.stopping.clone(),
        metrics: metrics.clone(),
    };
    router
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            settings.request_timeout,
        ))
        // Live streams last: after the timeout, outside compression and caches.
        .route("/api/v1/events", get(events::events).with_state(live))
        .layer(axum::middleware::from_fn_with_state(
            metrics,
            operations::count,
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(operations::request_span)
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

/// Paths anyone may reach when the dashboard is not public: signing in and
/// what the sign-in page itself needs.
fn open_to_all(path: &str) -> bool {
    path == "/sign-in"
        || path.starts_with("/pkg/")
        || path == EARLY_SCRIPT
        || path == FAVICON
        || path.starts_with("/api/get_signed_in")
        || path == "/healthz"
        || path == "/readyz"
        || path == "/metrics"
}

/// Middleware: when the dashboard is not public, only signed-in readers pass.
async fn gate(State(public_read): State<bool>, request: Request, next: Next) -> Response {
    if public_read
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

/// Where pages load the few lines that keep controls working before the
/// bundle arrives (`early.js`).
pub const EARLY_SCRIPT: &str = "/early.js";

/// The site's icon.
pub const FAVICON: &str = "/favicon.svg";

/// The icon, from the binary.
async fn favicon() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "image/svg+xml"),
            (CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("favicon.svg"),
    )
}

/// `early.js`, from the binary; its name carries no hash, so it is kept an hour.
async fn early_script() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("early.js"),
    )
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
        .route(EARLY_SCRIPT, get(early_script))
        .route(FAVICON, get(favicon))
}

/// The API routes.
fn api(views: Arc<Views>, intake: Arc<Intake>, alerts: Arc<crate::alerts::Alerts>) -> axum::Router {
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
                .merge(self::alerts::router().with_state(alerts))
                .layer(RequestBodyLimitLayer::new(MAX_FORM_BYTES))
                .merge(writes)
                .fallback(unknown_endpoint),
        )
        .merge(exports::router())
        .merge(embed::router())
        .route("/api/openapi.json", get(openapi::document))
        .route("/healthz", get(operations::health))
        .route("/readyz", get(operations::ready))
        .with_state(views)
}

/// Refuses parameters an endpoint does not know, so a typo is not silently ignored.
fn only_params(params: &HashMap<String, String>, allowed: &[&str]) -> Result<(), ApiError> {
    Ok(crate::views::tables::only_params(params, allowed)?)
}

async fn unknown_endpoint(axum::extract::OriginalUri(uri): axum::extract::OriginalUri) -> ApiError {
    ApiError::NotFound(format!("no API endpoint at {}", uri.path()))
}
