//! A chart drawn by the server, shown inline.

use leptos::prelude::*;

/// A titled figure holding server-drawn SVG.
#[component]
pub fn SvgChart(
    /// Heading above the chart.
    #[prop(into)]
    title: String,
    /// The SVG markup (from plotters).
    svg: String,
    /// What a screen reader says instead: the key figures (`core::alt_text`).
    /// None for a chart whose parts are links (the map): those speak for themselves.
    #[prop(optional, into)]
    alt: Option<String>,
    /// Test and styling hook.
    id: &'static str,
    /// Shown beside the heading: the download menu.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <figure class="chart" id=id>
            <figcaption><span>{title}</span>{children.map(|c| c())}</figcaption>
            <div class="chart-svg" role=alt.is_some().then_some("img") aria-label=alt inner_html=svg></div>
        </figure>
    }
}
