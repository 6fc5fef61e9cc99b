//! Whole rendered pages kept per URL and data version, compressed as sent.
//!
//! A page is a pure function of its URL and the figures, so once rendered it
//! can be sent again until a report changes the campaign's `updated_at`.
//! Rendering a page with its charts and tables costs milliseconds of CPU;
//! sending a kept one costs one small query.

use std::sync::Arc;

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{ACCEPT_ENCODING, HeaderMap};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::cache::Cache;
use crate::progress::Progress;

/// Largest page kept, in bytes; bigger ones are sent but not kept.
const MAX_PAGE_BYTES: usize = 4 << 20;

type Key = (String, Option<(i64, Option<String>)>, bool);

/// A page as sent: its headers and (possibly compressed) body.
pub struct KeptPage {
    headers: HeaderMap,
    body: Bytes,
}

/// The pages kept, and the data they were rendered from.
pub struct PageCache {
    progress: Arc<Progress>,
    pages: Cache<Key, KeptPage>,
}

impl PageCache {
    /// A cache over the figures of `progress`.
    pub fn new(progress: Arc<Progress>) -> Self {
        PageCache {
            progress,
            pages: Cache::new(2_000),
        }
    }
}

/// Pages are every GET outside the API, the static files and the health check.
fn is_page(path: &str) -> bool {
    !(path.starts_with("/api/") || path.starts_with("/pkg/") || path == "/healthz")
        && !path.rsplit('/').next().unwrap_or("").contains('.')
}

/// Middleware: answers from the cache, or renders and keeps a successful page.
pub async fn serve(State(cache): State<Arc<PageCache>>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET || !is_page(req.uri().path()) {
        return next.run(req).await;
    }
    let Ok(version) = cache.progress.db().data_version().await else {
        return next.run(req).await;
    };
    let gzip = req
        .headers()
        .get(ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("gzip"));
    let key = (req.uri().to_string(), version, gzip);
    if let Some(page) = cache.pages.get(&key) {
        let mut response = Response::new(Body::from(page.body.clone()));
        *response.headers_mut() = page.headers.clone();
        return response;
    }
    let response = next.run(req).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (parts, body) = response.into_parts();
    match to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => {
            cache.pages.put(
                key,
                KeptPage {
                    headers: parts.headers.clone(),
                    body: bytes.clone(),
                },
            );
            Response::from_parts(parts, Body::from(bytes))
        }
        Err(e) => {
            tracing::error!(error = %e, "page too large to keep or failed");
            let mut failed = Response::new(Body::empty());
            *failed.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            failed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_everything_but_the_api_static_files_and_health() {
        for page in ["/", "/rankings", "/p/01", "/search"] {
            assert!(is_page(page), "{page}");
        }
        for other in [
            "/api/v1/rankings",
            "/api/get_overview",
            "/pkg/tiendo.wasm",
            "/favicon.ico",
            "/healthz",
        ] {
            assert!(!is_page(other), "{other}");
        }
    }
}
