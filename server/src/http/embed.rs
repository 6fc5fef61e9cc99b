//! `GET /embed/chart/{kind}?…`: one chart alone, for an `<iframe>` on
//! another site (the builder's embed code). It takes the chart download's
//! own parameters and stays light: a few hundred bytes of HTML around the
//! chart's SVG, its text alternative, its source line, a link back and
//! the licence. No script, no bundle; any site may frame it.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::http::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE, HOST};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tiendo_app::pages::charts::builder_url;
use tiendo_core::Lang;
use tiendo_core::figure::{ChartKind, ChartRequest, FIGURES_LICENCE_URL, FileFormat};
use tiendo_core::units::NATION_CODE;

use super::ApiError;
use crate::render::charts::escape_xml as escape;
use crate::views::Views;

/// What the embed page needs: the views, and the site's public address.
#[derive(Clone)]
pub struct EmbedState {
    /// The read side.
    pub views: Arc<Views>,
    /// The address the site is reached at (`--public-url`), if set.
    pub public_url: Option<String>,
}

/// The policy of the embed page: its own styles and images only, nothing
/// runs. It names no `frame-ancestors`: any page may frame it, even one
/// without an origin of its own (a CMS preview, a saved file), which
/// `frame-ancestors *` would refuse. The security layer keeps it.
pub const EMBED_POLICY: &str =
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'";

/// Routes of this resource.
pub fn router(state: EmbedState) -> axum::Router {
    axum::Router::new()
        .route("/embed/chart/{kind}", get(embed))
        .with_state(state)
}

/// The chart-only page.
async fn embed(
    State(state): State<EmbedState>,
    Path(kind): Path<String>,
    Query(params): Query<Vec<(String, String)>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = Lang::from_param(
        params
            .iter()
            .find(|(k, _)| k == "lang")
            .map(|(_, v)| v.as_str()),
    );
    let kind = ChartKind::ALL
        .into_iter()
        .find(|k| k.slug() == kind)
        .ok_or_else(|| {
            ApiError::NotFound(match lang {
                Lang::Vi => format!("không có biểu đồ '{kind}'"),
                Lang::En => format!("no chart '{kind}'"),
            })
        })?;
    let info = state
        .views
        .files
        .chart_info(kind, &params)
        .await
        .map_err(|e| ApiError::in_lang(e, lang))?;
    // Parsed again for its addresses: `chart_info` accepted the same pairs.
    let request = ChartRequest::from_query(
        kind,
        NATION_CODE,
        params.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    )
    .map_err(|e| ApiError::BadRequest(e.text(lang)))?;
    // The link in the citation is pinned to the day shown.
    let pinned = ChartRequest {
        date: Some(info.date),
        ..request.clone()
    };
    let origin = state.public_url.clone().unwrap_or_else(|| {
        let host = headers
            .get(HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        format!("http://{host}")
    });
    let link = format!("{origin}{}", builder_url(&pinned, lang));
    let (width, height) = info.size;
    let svg = request.url(FileFormat::Svg, NATION_CODE);
    let open = match lang {
        Lang::Vi => "Mở trên Tiendo",
        Lang::En => "Open in Tiendo",
    };
    let licence = match lang {
        Lang::Vi => "Giấy phép",
        Lang::En => "Licence",
    };
    let html = format!(
        r#"<!doctype html><html lang="{code}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>{title}</title><style>body{{margin:0;font:14px/1.4 system-ui,sans-serif;color:#1a1a1a;background:#fff}}figure{{margin:0}}img{{display:block;width:100%;height:auto}}figcaption{{padding:4px 8px;font-size:12px;color:#444}}a{{color:#0b57a4}}</style></head><body><figure><img src="{svg}" width="{width}" height="{height}" alt="{alt}"><figcaption data-citation="">{caption} · <a href="{link}" target="_blank" rel="noopener">{open}</a> · <a href="{licence_url}" target="_blank" rel="noopener license">{licence} {licence_name}</a></figcaption></figure></body></html>"#,
        code = lang.code(),
        title = escape(&info.title),
        svg = escape(&svg),
        alt = escape(&info.alt),
        caption = escape(&info.source),
        link = escape(&link),
        licence_url = FIGURES_LICENCE_URL,
        licence_name = tiendo_core::figure::FIGURES_LICENCE,
    );
    Ok((
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CONTENT_SECURITY_POLICY, EMBED_POLICY),
        ],
        html,
    )
        .into_response())
}
