//! `/map`: the 63 provinces coloured by a measure; a click opens a province.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use tiendo_core::Lang;
use tiendo_core::figure::{ChartKind, ChartRequest};
use tiendo_core::units::NATION_CODE;
use tiendo_core::views::MapView;

use crate::api::get_map;
use crate::components::chart::SvgChart;
use crate::components::controls::ViewControls;
use crate::components::downloads::ChartDownloads;
use crate::components::nav::{PageFooter, SimulatedNote, use_lang};
use crate::components::page::{DataPage, PageTitle, preview_image};
use crate::components::ranking_table::RankingTable;
use crate::i18n::texts;

/// `/map?stage=&by=&date=&lang=`.
#[component]
pub fn MapPage() -> impl IntoView {
    let query = use_query_map();
    let lang = use_lang();
    let key = Memo::new(move |_| {
        let q = query.read();
        (q.get("stage"), q.get("by"), q.get("date"), lang.get())
    });
    let map = Resource::new(move || key.get(), |(s, b, d, l)| get_map(s, b, d, l));
    view! {
        <DataPage data=map body=|v, lang| view! { <MapBody map=v lang /> }.into_any() />
    }
}

#[component]
fn MapBody(map: MapView, lang: Lang) -> impl IntoView {
    let t = texts(lang);
    let chart = ChartRequest {
        stages: vec![map.stage],
        measure: map.measure,
        date: Some(map.date),
        lang,
        ..ChartRequest::new(ChartKind::Map, NATION_CODE)
    };
    view! {
        <div class="title-row">
            <PageTitle text=t.map_title.to_string() image=preview_image(None, Some(map.date), lang) />
            <h1>{t.map_title}</h1>
            <ViewControls
                date=map.date
                first=map.span.first_day
                last=map.span.last_day
                stage=map.stage
                measure=map.measure
                lang
            />
        </div>
        <SimulatedNote simulated=map.span.simulated lang />
        <p class="note">{t.map_hint}</p>
        <div class="map-wrap">
            <SvgChart
                title=format!("{} · {}", map.stage.label(lang), map.measure.label(lang))
                svg=map.svg
                id="map"
            >
                <ChartDownloads request=chart lang />
            </SvgChart>
        </div>
        <details class="map-table">
            <summary>{t.map_table}</summary>
            <RankingTable rows=map.rows lang regions=true id="map-table" />
        </details>
        <PageFooter updated_at=map.span.updated_at lang />
    }
}
