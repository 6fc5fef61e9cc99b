//! `/search?q=`: find a unit by name, with or without diacritics, or by code.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use tiendo_core::Lang;
use tiendo_core::views::SearchHit;

use crate::api::search_units;
use crate::components::error_box::ErrorBox;
use crate::components::nav::{TopBar, use_lang};
use crate::components::page::PageTitle;
use crate::components::ranking_table::unit_path;
use crate::i18n::{level_name, texts};
use crate::url::keeping;

/// The search page: a GET form whose results the navigator updates as the
/// user types (only the results: the field keeps its focus and text).
#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let lang = use_lang();
    let q = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let hits = Resource::new(
        move || q.get(),
        |q| async move {
            if q.trim().is_empty() {
                Ok(Vec::new())
            } else {
                search_units(q).await
            }
        },
    );
    view! {
        <TopBar />
        <main class="page" id="main">
            <PageTitle text=Signal::derive(move || texts(lang.get()).search_title.to_string()) />
            <h1>{move || texts(lang.get()).search_title}</h1>
            <form class="search-form" method="get" action="/search" role="search">
                <input
                    id="search-q"
                    type="search"
                    name="q"
                    value=q.get_untracked()
                    autocomplete="off"
                    placeholder=move || texts(lang.get()).search_placeholder
                    data-results="search-results"
                />
                <input type="hidden" name="lang" value=move || lang.get().code() />
                {move || query.read().get("date").map(|d| view! { <input type="hidden" name="date" value=d /> })}
                <button type="submit">{move || texts(lang.get()).search_button}</button>
            </form>
            <p class="note">{move || texts(lang.get()).search_hint}</p>
            <div id="search-results">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let lang = lang.get();
                    match hits.await {
                        Ok(h) => view! { <Hits hits=h lang searched=!q.get_untracked().trim().is_empty() /> }.into_any(),
                        Err(e) => view! { <ErrorBox message=e.to_string() lang /> }.into_any(),
                    }
                })}
            </Transition>
            </div>
        </main>
    }
}

#[component]
fn Hits(hits: Vec<SearchHit>, lang: Lang, searched: bool) -> impl IntoView {
    let t = texts(lang);
    if hits.is_empty() {
        return searched
            .then(|| view! { <p data-testid="no-results">{t.no_results}</p> })
            .into_any();
    }
    // Results keep the language and the as-of day.
    let suffix = keeping("", &use_query_map().read_untracked(), &["lang", "date"]);
    view! {
        <ul class="hits" data-testid="search-results">
            {hits
                .into_iter()
                .map(|h| {
                    let within: Vec<String> = [h.district.clone(), h.province.clone()].into_iter().flatten().collect();
                    view! {
                        <li>
                            <a href=format!("{}{suffix}", unit_path(h.unit.level, &h.unit.code))>{h.full_name.clone()}</a>
                            <small>
                                " · " {level_name(h.unit.level, lang)} " · " {h.unit.code.clone()}
                                {(!within.is_empty()).then(|| format!(" · {}", within.join(", ")))}
                            </small>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
