//! Rendering: charts, PDF pages and table files drawn from the figures they
//! are given. Nothing here reads the database.
//!
//! Every chart is drawn once, as SVG with real text; PNG and PDF draw that
//! SVG ([`svg`]), so the three formats never differ.

pub mod briefing;
pub mod charts;
pub mod fonts;
pub mod pdf;
pub mod svg;
pub mod tables;

/// Errors while drawing a chart or a page.
#[derive(Debug, thiserror::Error)]
#[error("drawing failed: {0}")]
pub struct RenderError(String);

/// Any drawing library's error as a [`RenderError`].
pub(crate) fn err<E: std::fmt::Debug>(e: E) -> RenderError {
    RenderError(format!("{e:?}"))
}
