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
use http_body_util::BodyExt;
use sha2::{Digest, Sha256};

/// Anything that is not a page: nothing runs, nothing frames it.
const NOT_A_PAGE: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

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
    let h = response.headers_mut();
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // A page whose own policy says nothing of framing (the embed page) may be framed.
    let framable = own_policy
        && h.get(CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|p| !p.contains("frame-ancestors"));
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
            format!("'sha256-{}'", base64(&digest))
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

/// Standard base64 with padding, as CSP hashes are written.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
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

    #[test]
    fn base64_as_the_standard_writes_it() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
