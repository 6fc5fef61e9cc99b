//! The page for unknown paths.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use tiendo_core::Lang;

use crate::components::page::PageTitle;
use crate::i18n::texts;

/// Shown for any path no page serves, with status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::NOT_FOUND);
    }
    let query = use_query_map();
    let lang = Lang::from_param(query.read_untracked().get("lang").as_deref());
    let t = texts(lang);
    view! {
        <main class="page" id="main">
            <PageTitle text=t.not_found.to_string() />
            <h1>{t.not_found}</h1>
            <p>
                <a href="/">{t.back_home}</a>
            </p>
        </main>
    }
}
