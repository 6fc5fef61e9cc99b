//! The national overview: totals against target, rates, projections, backlog,
//! charts and the leading and lagging provinces, as of a chosen day.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use tiendo_core::overview::Overview;
use tiendo_core::{Lang, Stage};

use crate::api::get_overview;
use crate::components::alerts::AlertBadge;
use crate::components::controls::ViewControls;
use crate::components::nav::{PageFooter, SimulatedNote, use_lang};
use crate::components::page::{DataPage, PageTitle, preview_image};
use crate::components::progress_panel::ProgressPanel;
use crate::components::province_table::ProvinceTable;
use crate::i18n::texts;

/// `/?date=YYYY-MM-DD&lang=vi|en`.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let query = use_query_map();
    let lang = use_lang();
    let date = Memo::new(move |_| query.read().get("date"));
    let overview = Resource::new(
        move || (date.get(), lang.get()),
        |(d, l)| get_overview(d, l),
    );
    view! {
        <DataPage data=overview body=|v, lang| view! { <OverviewBody overview=v lang /> }.into_any() />
    }
}

#[component]
fn OverviewBody(overview: Overview, lang: Lang) -> impl IntoView {
    let t = texts(lang);
    let o = overview;
    view! {
        <div class="title-row">
            <PageTitle text=format!("{} · {}", t.overview_title, o.campaign_name) image=preview_image(None, Some(o.progress.date), lang) />
            <h1>{t.overview_title} " · " {o.campaign_name.clone()}</h1>
            <ViewControls date=o.progress.date first=o.first_day last=o.last_day lang />
        </div>
        <SimulatedNote simulated=o.simulated lang />
        <AlertBadge count=o.open_alerts href="/alerts".to_string() lang />
        <ProgressPanel
            progress=o.progress
            cumulative_chart_svg=o.cumulative_chart_svg
            cumulative_title=t.cumulative_chart.to_string()
            stage=Stage::Applications
            daily_chart_svg=o.daily_chart_svg
            lang
        />
        <p class="note">{t.ranked_by}</p>
        <div class="tables">
            <ProvinceTable title=t.leaders rows=o.leaders lang id="leaders" />
            <ProvinceTable title=t.laggards rows=o.laggards lang id="laggards" />
        </div>
        <PageFooter updated_at=o.updated_at lang />
    }
}
