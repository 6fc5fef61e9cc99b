//! Security headers on every answer. Pages get a Content-Security-Policy
//! that allows their own inline scripts by hash (the hydration script and
//! the data Leptos serializes into the page) and nothing else inline: a
//! hash rather than a nonce, because whole pages are kept and sent again
//! (`cache`), and a nonce sent to every reader of a kept page would be no
//! secret. The hashes are computed once per page made, here, below the
//! response cache and above compression.

use axum::body::Body;
use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http_body_util::BodyExt;
use sha2::{Digest, Sha256};

/// Anything that is not a page: nothing runs, nothing frames it.
const NOT_A_PAGE: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

/// Marks an answer any site may frame (in a response's extensions): it
/// goes without `X-Frame-Options` and keeps its own policy.
#[derive(Clone, Copy)]
pub struct Framable;

/// Middleware: the headers, and the policy of each page.
pub async fn headers(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    // A page that brings its own policy (the embed page) keeps it.
    let own_policy = response.headers().contains_key(CONTENT_SECURITY_POLICY);
    let mut response = if html && !own_policy {
        with_page_policy(response).await
    } else {
        response
    };
    // Only an answer marked so (the embed page) may be framed by other sites.
    let framable = response.extensions().get::<Framable>().is_some();
    let h = response.headers_mut();
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if !framable {
        h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    h.insert(
        REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    if !h.contains_key(CONTENT_SECURITY_POLICY) {
        h.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(NOT_A_PAGE),
        );
    }
    response
}

/// A page with its policy: its body read whole (pages are sent whole
/// anyway, `SsrMode::Async`) to hash its inline scripts.
async fn with_page_policy(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) => {
            tracing::warn!(error = %e, "page body failed");
            return Response::from_parts(parts, Body::empty());
        }
    };
    let policy = page_policy(&String::from_utf8_lossy(&bytes));
    if let Ok(value) = HeaderValue::from_str(&policy) {
        parts.headers.insert(CONTENT_SECURITY_POLICY, value);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The policy of a page whose HTML is `html`.
pub fn page_policy(html: &str) -> String {
    let hashes: Vec<String> = inline_scripts(html)
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!("'sha256-{}'", STANDARD.encode(digest))
        })
        .collect();
    // 'wasm-unsafe-eval' lets the page compile its own WebAssembly bundle, nothing more.
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'",
        hashes.join(" ")
    )
}

/// The text of each `<script>` without a `src`, exactly as the browser hashes it.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find("<script")?;
            let after = &rest[start..];
            let open_end = after.find('>')?;
            let tag = &after[..open_end];
            let body = &after[open_end + 1..];
            let close = body.find("</script")?;
            rest = &body[close..];
            if !tag.contains(" src=") {
                return Some(&body[..close]);
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_each_inline_script_and_skips_external_ones() {
        let html = r#"<script src="/pkg/a.js"></script><p>x</p><script type="module">import('/pkg/a.js')</script><script>window.x=1</script>"#;
        let scripts: Vec<&str> = inline_scripts(html).collect();
        assert_eq!(scripts, ["import('/pkg/a.js')", "window.x=1"]);
        let policy = page_policy(html);
        // As `echo -n "window.x=1" | openssl dgst -sha256 -binary | base64` gives it.
        assert!(
            policy.contains("'sha256-hUmDl3yY/7GaaX+Zuy8aEy8IzxgpBs7xccqYHs2/7kQ='"),
            "{policy}"
        );
        assert_eq!(policy.matches("'sha256-").count(), 2);
        assert!(policy.contains("frame-ancestors 'none'"));
    }
}
