//! `/sign-in?next=&error=`: a plain form posted to the server, so it works
//! before (and without) the wasm bundle.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use tiendo_core::i18n::account_texts;

use crate::components::nav::{TopBar, use_lang};
use crate::components::page::PageTitle;

/// The sign-in page.
#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let lang = use_lang();
    let t = move || account_texts(lang.get());
    let error = move || match query.read().get("error").as_deref() {
        Some("wrong") => Some(t().wrong),
        Some("locked") => Some(t().locked),
        _ => None,
    };
    let next = move || query.read().get("next").unwrap_or_else(|| "/report".into());
    view! {
        <TopBar />
        <main class="page narrow" id="main">
            <PageTitle text=Signal::derive(move || t().sign_in.to_string()) />
            <h1>{move || t().sign_in}</h1>
            {move || error().map(|e| view! { <p class="error" role="alert" data-testid="sign-in-error">{e}</p> })}
            <form class="stack" method="post" action="/sign-in">
                <label>
                    <span>{move || t().name}</span>
                    <input id="name" name="name" autocomplete="username" required />
                </label>
                <label>
                    <span>{move || t().password}</span>
                    <input id="password" name="password" type="password" autocomplete="current-password" required />
                </label>
                <input type="hidden" name="next" value=next />
                <input type="hidden" name="lang" value=move || lang.get().code() />
                <button type="submit" id="sign-in">{move || t().sign_in}</button>
            </form>
            <p class="note">{move || t().no_account}</p>
        </main>
    }
}
