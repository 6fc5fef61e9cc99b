//! `GET /embed/chart/{kind}?…`: one chart alone, for an `<iframe>` on
//! another site (the builder's embed code). It takes the chart download's
//! own parameters and stays light: a few hundred bytes of HTML around the
//! chart's SVG, its text alternative, its source line, a link back and
//! the licence. No script, no bundle; any site may frame it.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tiendo_app::pages::charts::builder_url;
use tiendo_core::Lang;
use tiendo_core::figure::{
    ChartKind, ChartRequest, FIGURES_LICENCE, FIGURES_LICENCE_URL, FileFormat,
};
use tiendo_core::i18n::texts;
use tiendo_core::units::NATION_CODE;

use super::ApiError;
use super::security::Framable;
use crate::render::charts::escape_xml as escape;
use crate::views::Views;
use crate::views::files::chart_request;

/// The policy of the embed page: its own styles and images only, nothing
/// runs. It names no `frame-ancestors`: any page may frame it, even one
/// without an origin of its own (a CMS preview, a saved file), which
/// `frame-ancestors *` would refuse. The security layer keeps it, and
/// sends no `X-Frame-Options` for an answer marked [`Framable`].
pub const EMBED_POLICY: &str =
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'";

/// Routes of this resource.
pub fn router() -> axum::Router<Arc<Views>> {
    axum::Router::new().route("/embed/chart/{kind}", get(embed))
}

/// The chart-only page. Its addresses are relative: inside the frame they
/// resolve to this server, whatever site frames it, so the page is the same
/// for every reader and the response cache keeps it like a download.
async fn embed(
    State(views): State<Arc<Views>>,
    Path(kind): Path<String>,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let lang = Lang::from_param(
        params
            .iter()
            .find(|(k, _)| k == "lang")
            .map(|(_, v)| v.as_str()),
    );
    let in_lang = |e| ApiError::in_lang(e, lang);
    let kind = ChartKind::parse("chart", &kind).map_err(|_| {
        ApiError::NotFound(match lang {
            Lang::Vi => format!("không có biểu đồ '{kind}'"),
            Lang::En => format!("no chart '{kind}'"),
        })
    })?;
    let request = chart_request(kind, &params).map_err(in_lang)?;
    let info = views.files.chart_info(&request).await.map_err(in_lang)?;
    // The link back is pinned to the day shown.
    let pinned = ChartRequest {
        date: Some(info.date),
        ..request.clone()
    };
    let link = builder_url(&pinned, lang);
    let (width, height) = request.preset.size();
    // The picture too is pinned, so picture, words and link show one day.
    let svg = pinned.url(FileFormat::Svg, NATION_CODE);
    let t = texts(lang);
    let html = format!(
        r#"<!doctype html><html lang="{code}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>{title}</title><style>body{{margin:0;font:14px/1.4 system-ui,sans-serif;color:#1a1a1a;background:#fff}}figure{{margin:0}}img{{display:block;width:100%;height:auto}}figcaption{{padding:4px 8px;font-size:12px;color:#444}}a{{color:#0b57a4}}</style></head><body><figure><img src="{svg}" width="{width}" height="{height}" alt="{alt}"><figcaption>{caption} · <a href="{link}" target="_blank" rel="noopener">{open}</a> · <a href="{FIGURES_LICENCE_URL}" target="_blank" rel="noopener license">{licence} {FIGURES_LICENCE}</a></figcaption></figure></body></html>"#,
        code = lang.code(),
        title = escape(&info.title),
        svg = escape(&svg),
        alt = escape(&info.alt),
        caption = escape(&info.source),
        link = escape(&link),
        open = t.open_in_tiendo,
        licence = t.licence,
    );
    let mut response = (
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CONTENT_SECURITY_POLICY, EMBED_POLICY),
        ],
        html,
    )
        .into_response();
    response.extensions_mut().insert(Framable);
    Ok(response)
}
