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
    /// Test and styling hook.
    id: &'static str,
    /// Shown beside the heading: the download menu.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <figure class="chart" id=id>
            <figcaption><span>{title}</span>{children.map(|c| c())}</figcaption>
            <div class="chart-svg" inner_html=svg></div>
        </figure>
    }
}
