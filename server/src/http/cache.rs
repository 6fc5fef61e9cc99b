//! Whole answers kept per URL and data version, compressed as sent: pages,
//! API answers and downloads. An answer is a pure function of its URL and
//! the figures, so once made it is sent again, with no database query, until
//! the change feed reports a new data version. Each carries an `ETag` from the
//! build and the version, so a browser or a proxy in front asks again with
//! `If-None-Match` and gets a bodiless 304.
//!
//! The key is what the answer depends on: a page's key keeps only the
//! parameters that page reads (a lenient `lang` reduced to `en` or nothing),
//! so made-up parameters cannot fill the cache with copies of one page; API
//! answers and downloads refuse unknown parameters, and keep them all.
//! A request with a cookie or credentials, and an answer setting a cookie,
//! are never kept nor answered from here.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{
    ACCEPT_ENCODING, AUTHORIZATION, CACHE_CONTROL, CONTENT_ENCODING, COOKIE, ETAG, HeaderMap,
    HeaderValue, IF_NONE_MATCH, SET_COOKIE, VARY,
};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use futures_util::StreamExt;
use http_body_util::BodyExt;

use crate::cache::{Kept, Weigh};
use crate::views::Views;

/// Largest answer kept, in bytes; a bigger one is sent but not kept.
const MAX_BODY_BYTES: usize = 4 << 20;
/// What shared caches in front may do: keep, but ask again each time (a 304 is cheap).
const PUBLIC: HeaderValue = HeaderValue::from_static("public, no-cache");

/// Read answers keyed with every parameter: their handlers refuse unknown ones.
fn strict(path: &str) -> bool {
    path.starts_with("/api/v1/progress/")
        || path == "/api/v1/rankings"
        || path == "/api/v1/units/search"
        || path.starts_with("/export/")
        || path.starts_with("/embed/")
}

/// The key of a request that may be answered from the cache.
fn key_of(req: &Request) -> Option<String> {
    if req.method() != Method::GET
        || req.headers().contains_key(COOKIE)
        || req.headers().contains_key(AUTHORIZATION)
    {
        return None;
    }
    let path = req.uri().path();
    let pairs = req
        .uri()
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty());
    let name = |pair: &str| pair.split_once('=').map_or(pair, |(k, _)| k).to_string();
    let mut kept: Vec<String> = if strict(path) {
        pairs.map(str::to_string).collect()
    } else {
        let reads = tiendo_app::url::page_reads(path)?;
        pairs
            .filter(|p| reads(&name(p)))
            // Pages read any `lang` but `en` as Vietnamese.
            .filter(|p| name(p) != "lang" || *p == "lang=en")
            .map(str::to_string)
            .collect()
    };
    kept.sort();
    Some(format!("{path}?{}", kept.join("&")))
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

/// Whether `If-None-Match` names `etag` (or `*`).
fn matches(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
}

/// An answer as sent: its headers and (possibly compressed) body.
pub struct KeptAnswer {
    headers: HeaderMap,
    body: Bytes,
}

impl Weigh for KeptAnswer {
    fn weigh(&self) -> u64 {
        (self.body.len() + 64 * self.headers.len()) as u64
    }
}

/// The answers kept.
pub struct ResponseCache {
    views: Arc<Views>,
    build: String,
    kept: Kept<(String, i64, bool), KeptAnswer>,
}

impl ResponseCache {
    /// A cache of `budget` bytes for the answers made from `views`, by the
    /// build `build` (changes with every deploy, so ETags do).
    pub fn new(views: Arc<Views>, build: String, budget: u64) -> Self {
        ResponseCache {
            views,
            build,
            kept: Kept::new(budget),
        }
    }

    fn etag(&self, version: i64, gzip: bool) -> String {
        let encoding = if gzip { "gz" } else { "id" };
        format!("\"{}-{version}-{encoding}\"", self.build)
    }

    /// Answers kept, answers made: for metrics.
    pub fn hits_and_misses(&self) -> (u64, u64) {
        (self.kept.hits(), self.kept.misses())
    }
}

/// Middleware: answers from the cache, or makes and keeps a successful answer.
pub async fn serve(State(cache): State<Arc<ResponseCache>>, req: Request, next: Next) -> Response {
    let Some(path) = key_of(&req) else {
        return next.run(req).await;
    };
    let version = cache.views.ctx.version();
    let gzip = accepts_gzip(req.headers());
    let etag = cache.etag(version, gzip);
    let validators = |headers: &mut HeaderMap| {
        headers.insert(ETAG, HeaderValue::from_str(&etag).expect("ASCII tag"));
        headers.insert(CACHE_CONTROL, PUBLIC);
        headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    };
    if matches(req.headers(), &etag) {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        validators(response.headers_mut());
        return response;
    }
    let key = (path, version, gzip);
    let answer = cache
        .kept
        .get_or_compute(
            &key,
            async move { keepable(next.run(req).await, gzip).await },
        )
        .await;
    match answer {
        Ok(kept) => {
            let mut response = Response::new(Body::from(kept.body.clone()));
            *response.headers_mut() = kept.headers.clone();
            validators(response.headers_mut());
            response
        }
        Err(response) => response,
    }
}

/// `response` read whole if another client asking the same way can be sent
/// it: a success setting no cookie, compressed only if this client accepted
/// gzip (images are not compressed at all), small enough; otherwise the
/// response itself, to send as is.
async fn keepable(response: Response, gzip: bool) -> Result<KeptAnswer, Response> {
    let compressed = response
        .headers()
        .get(CONTENT_ENCODING)
        .is_some_and(|v| v == "gzip");
    if response.status() != StatusCode::OK
        || (compressed && !gzip)
        || response.headers().contains_key(SET_COOKIE)
    {
        return Err(response);
    }
    let (parts, mut body) = response.into_parts();
    let mut kept = Vec::new();
    while let Some(frame) = body.frame().await {
        let data = match frame {
            Ok(frame) => match frame.into_data() {
                Ok(data) => data,
                Err(_) => continue, // trailers: answers have none
            },
            Err(e) => {
                tracing::error!(error = %e, "answer body failed");
                let mut failed = Response::new(Body::empty());
                *failed.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
                return Err(failed);
            }
        };
        kept.extend_from_slice(&data);
        if kept.len() > MAX_BODY_BYTES {
            // Too big to keep: send what was read, then the rest as it comes.
            let head =
                futures_util::stream::once(async move { Ok::<_, axum::Error>(Bytes::from(kept)) });
            let rest = body.into_data_stream();
            return Err(Response::from_parts(
                parts,
                Body::from_stream(head.chain(rest)),
            ));
        }
    }
    Ok(KeptAnswer {
        headers: parts.headers,
        body: Bytes::from(kept),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(uri: &str) -> Option<String> {
        key_of(&Request::builder().uri(uri).body(Body::empty()).unwrap())
    }

    #[test]
    fn pages_are_keyed_by_what_they_read() {
        assert_eq!(key("/").as_deref(), Some("/?"));
        assert_eq!(key("/?lang=xyz"), key("/"), "a lenient lang is Vietnamese");
        assert_eq!(key("/?preset=x"), key("/"), "the overview reads no preset");
        assert_eq!(
            key("/?lang=en&date=2021-06-01").as_deref(),
            Some("/?date=2021-06-01&lang=en")
        );
        assert_eq!(
            key("/?date=2021-06-01&lang=en"),
            key("/?lang=en&date=2021-06-01")
        );
        assert_ne!(key("/p/01?stage=produced"), key("/p/01"));
        assert!(key("/p/01/x").is_none());
        assert!(key("/nothing").is_none());
    }

    #[test]
    fn api_answers_and_downloads_keep_every_parameter() {
        assert_eq!(
            key("/api/v1/progress/VN?x=1").as_deref(),
            Some("/api/v1/progress/VN?x=1"),
            "the handler refuses x: its 400 must not be served as the 200"
        );
        assert!(key("/export/chart/map.png?preset=a4").is_some());
        assert!(key("/healthz").is_none());
        assert!(key("/api/v1/events").is_none());
    }

    #[test]
    fn credentials_bypass_the_cache() {
        let req = Request::builder()
            .uri("/")
            .header(COOKIE, "id=1")
            .body(Body::empty())
            .unwrap();
        assert!(key_of(&req).is_none());
        let req = Request::builder()
            .uri("/api/v1/progress/VN")
            .header(AUTHORIZATION, "Bearer x")
            .body(Body::empty())
            .unwrap();
        assert!(key_of(&req).is_none());
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

    #[test]
    fn if_none_match_is_read_with_lists_and_weak_tags() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(IF_NONE_MATCH, v.parse().unwrap());
            matches(&h, "\"b-7-gz\"")
        };
        assert!(with("\"b-7-gz\""));
        assert!(with("\"a\", W/\"b-7-gz\""));
        assert!(with("*"));
        assert!(!with("\"b-6-gz\""));
    }
}
