//! `/rankings`: the 63 provinces ranked by a chosen measure in a chosen stage,
//! with rank movement and trend; ranked, sorted and filtered from the URL.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use tiendo_core::Lang;
use tiendo_core::rankings::Measure;
use tiendo_core::views::RankingsView;

use crate::api::get_rankings;
use crate::components::controls::ViewControls;
use crate::components::nav::{PageFooter, SimulatedNote};
use crate::components::page::{DataPage, PageTitle, preview_image};
use crate::components::ranking_table::{RankingTable, TableDownloads};
use crate::i18n::texts;

/// `/rankings?stage=&by=&sort=&dir=&region=&hl=&date=&lang=`.
#[component]
pub fn RankingsPage() -> impl IntoView {
    let query = use_query_map();
    // Only stage and day need the server; the rest is the table's.
    let key = Memo::new(move |_| (query.read().get("stage"), query.read().get("date")));
    let view = Resource::new(move || key.get(), |(stage, date)| get_rankings(stage, date));
    view! {
        <DataPage data=view body=|v, lang| view! { <RankingsBody view=v lang /> }.into_any() />
    }
}

#[component]
fn RankingsBody(view: RankingsView, lang: Lang) -> impl IntoView {
    let t = texts(lang);
    let query = use_query_map();
    let measure = Measure::parse("by", &query.read_untracked().get("by").unwrap_or_default())
        .unwrap_or(Measure::PercentOfTarget);
    view! {
        <div class="title-row">
            <PageTitle text=format!("{} · {}", t.rankings_title, view.stage.label(lang)) image=preview_image(None, Some(view.date), lang) />
            <h1>{t.rankings_title} " · " {view.stage.label(lang)}</h1>
            <ViewControls
                date=view.date
                first=view.span.first_day
                last=view.span.last_day
                stage=view.stage
                measure
                lang
            />
        </div>
        <SimulatedNote simulated=view.span.simulated lang />
        <RankingTable rows=view.rows lang regions=true id="rankings" />
        <TableDownloads scope=("level", "province".to_string()) lang />
        <PageFooter updated_at=view.span.updated_at lang />
    }
}
