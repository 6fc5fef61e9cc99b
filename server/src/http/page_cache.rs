//! Whole rendered pages kept per URL and data version, compressed as sent.
//!
//! A page is a pure function of its URL and the figures, so once rendered it
//! can be sent again until a report changes the campaign's `updated_at`.
//! Rendering a page with its charts and tables costs milliseconds of CPU;
//! sending a kept one costs one small query.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{ACCEPT_ENCODING, CONTENT_ENCODING, HeaderMap};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use futures_util::StreamExt;
use http_body_util::BodyExt;

use crate::cache::Cache;
use crate::progress::Progress;

/// Largest page kept, in bytes; a bigger one is sent but not kept.
const MAX_PAGE_BYTES: usize = 4 << 20;
/// Bytes of pages kept at most; past it the cache starts afresh.
const MAX_TOTAL_BYTES: usize = 64 << 20;
/// The parameters pages read. A URL with any other is rendered and not kept,
/// so made-up parameters cannot fill the cache with copies of one page.
/// The chart builder's free-text `note` is left out on purpose.
const PAGE_PARAMS: [&str; 18] = [
    "date",
    "lang",
    "stage",
    "by",
    "sort",
    "dir",
    "region",
    "page",
    "hl",
    "q",
    "chart",
    "unit",
    "from",
    "preset",
    "chart_lang",
    "milestones",
    "deadline",
    "target",
];

type Key = (String, Option<(i64, Option<String>)>, bool);

/// A page as sent: its headers and (possibly compressed) body.
struct KeptPage {
    headers: HeaderMap,
    body: Bytes,
}

/// The pages kept, and the data they were rendered from.
pub struct PageCache {
    progress: Arc<Progress>,
    /// Weighed in bytes of body.
    pages: Cache<Key, KeptPage>,
}

impl PageCache {
    /// A cache over the figures of `progress`.
    pub fn new(progress: Arc<Progress>) -> Self {
        PageCache {
            progress,
            pages: Cache::new(MAX_TOTAL_BYTES),
        }
    }
}

/// Pages are every GET outside the API, the static files and the health check.
fn is_page(path: &str) -> bool {
    !(path.starts_with("/api/") || path.starts_with("/pkg/") || path == "/healthz")
        && !path.rsplit('/').next().unwrap_or("").contains('.')
}

/// Whether every parameter of `query` is one pages read.
fn known_params(query: Option<&str>) -> bool {
    query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .all(|pair| {
            let name = pair.split_once('=').map_or(pair, |(k, _)| k);
            PAGE_PARAMS.contains(&name)
        })
}

/// Whether `Accept-Encoding` admits gzip, as the compression layer reads it:
/// names without regard to case, `q=0` refusing.
fn accepts_gzip(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(ACCEPT_ENCODING).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    value.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let name = parts.next().unwrap_or("");
        let refused = parts.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        (name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip")) && !refused
    })
}

/// Middleware: answers from the cache, or renders and keeps a successful page.
pub async fn serve(State(cache): State<Arc<PageCache>>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET || !is_page(req.uri().path()) || !known_params(req.uri().query())
    {
        return next.run(req).await;
    }
    let Ok(version) = cache.progress.db().data_version().await else {
        return next.run(req).await;
    };
    let gzip = accepts_gzip(req.headers());
    let key = (req.uri().to_string(), version, gzip);
    if let Some(page) = cache.pages.get(&key) {
        let mut response = Response::new(Body::from(page.body.clone()));
        *response.headers_mut() = page.headers.clone();
        return response;
    }
    let response = next.run(req).await;
    // Keep only what another client asking the same way can read: a success,
    // compressed exactly when this client accepted gzip.
    let compressed = response
        .headers()
        .get(CONTENT_ENCODING)
        .is_some_and(|v| v == "gzip");
    if response.status() != StatusCode::OK || compressed != gzip {
        return response;
    }
    let (parts, mut body) = response.into_parts();
    let mut kept = Vec::new();
    while let Some(frame) = body.frame().await {
        let data = match frame {
            Ok(frame) => match frame.into_data() {
                Ok(data) => data,
                Err(_) => continue, // trailers: pages have none
            },
            Err(e) => {
                tracing::error!(error = %e, "page body failed");
                return Response::builder()
                    .status(StatusCode::INTERNAL_SERVER_ERROR)
                    .body(Body::empty())
                    .expect("static response");
            }
        };
        kept.extend_from_slice(&data);
        if kept.len() > MAX_PAGE_BYTES {
            // Too big to keep: send what was read, then the rest as it comes.
            let head =
                futures_util::stream::once(async move { Ok::<_, axum::Error>(Bytes::from(kept)) });
            let rest = body.into_data_stream();
            return Response::from_parts(parts, Body::from_stream(head.chain(rest)));
        }
    }
    let bytes = Bytes::from(kept);
    let page = KeptPage {
        headers: parts.headers.clone(),
        body: bytes.clone(),
    };
    cache.pages.put_weighed(key, page, bytes.len());
    Response::from_parts(parts, Body::from(bytes))
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

    #[test]
    fn only_urls_with_page_parameters_are_kept() {
        assert!(known_params(None));
        assert!(known_params(Some("date=2021-06-01&lang=en&sort=name")));
        assert!(!known_params(Some("date=2021-06-01&x=1")));
    }

    #[test]
    fn gzip_is_read_as_the_compression_layer_reads_it() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(ACCEPT_ENCODING, v.parse().unwrap());
            accepts_gzip(&h)
        };
        assert!(with("gzip, deflate, br"));
        assert!(with("GZIP"));
        assert!(with("br;q=1.0, gzip;q=0.8"));
        assert!(!with("gzip;q=0"));
        assert!(!with("br"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }
}
