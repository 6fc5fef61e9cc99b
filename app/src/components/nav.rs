//! The bar on top of every page: brand, main pages, unit search, language switch.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};
use tiendo_core::{Lang, format};

use crate::api::get_signed_in;
use crate::i18n::texts;
use crate::url::{keeping, with_param};
use tiendo_core::i18n::{account_texts, alert_texts};

/// The page's language, from `?lang=` (Vietnamese unless `en`).
pub fn use_lang() -> Memo<Lang> {
    let query = use_query_map();
    Memo::new(move |_| Lang::from_param(query.read().get("lang").as_deref()))
}

/// Brand, links to the overview, rankings, map, chart builder and briefing,
/// the search box and the language switch (a whole page load: every word changes).
#[component]
pub fn TopBar() -> impl IntoView {
    let query = use_query_map();
    let location = use_location();
    let lang = use_lang();
    let t = move || texts(lang.get());
    // Links keep the language and the as-of day.
    let keep = move |path: &str| keeping(path, &query.read(), &["lang", "date"]);
    let switch_language = move || {
        let other = match lang.get() {
            Lang::Vi => "en",
            Lang::En => "vi",
        };
        with_param(&location.pathname.get(), &query.read(), "lang", Some(other))
    };
    view! {
        <a class="skip-link" href="#main">{move || t().skip_to_content}</a>
        // The navigator swaps the header and `main` from the next page (ids `top`, `main`).
        <header class="top" id="top">
            <div class="top-left">
                <a class="brand" href=move || keep("/")>"Tiendo"</a>
                <span class="tagline">{move || t().tagline}</span>
                <SearchBox lang />
            </div>
            <nav class="top-nav">
                <a href=move || keep("/")>{move || t().overview_title}</a>
                <a href=move || keep("/rankings")>{move || t().nav_rankings}</a>
                <a href=move || keep("/map")>{move || t().nav_map}</a>
                <a href=move || keep("/charts")>{move || t().nav_charts}</a>
                <a href=move || keep("/briefing")>{move || t().nav_briefing}</a>
                <a href=move || keep("/alerts")>{move || alert_texts(lang.get()).alerts}</a>
                <a class="lang-switch" href=switch_language rel="alternate" hreflang=move || match lang.get() { Lang::Vi => "en", Lang::En => "vi" }>
                    {move || t().other_language}
                </a>
                <AccountLinks />
                <LiveStatus lang />
            </nav>
        </header>
    }
}

/// The search box of the top bar: a plain GET form to `/search`; the
/// navigator adds suggestions as the user types (`data-suggest` names their list).
#[component]
fn SearchBox(lang: Memo<Lang>) -> impl IntoView {
    let t = texts(lang.get_untracked());
    let date = use_query_map().read_untracked().get("date");
    view! {
        <form class="top-search" method="get" action="/search" role="search">
            <input
                type="search"
                name="q"
                id="top-q"
                autocomplete="off"
                aria-label=t.search_title
                aria-controls="top-suggestions"
                placeholder=t.search_placeholder
                data-suggest="top-suggestions"
            />
            <input type="hidden" name="lang" value=lang.get_untracked().code() />
            {date.map(|d| view! { <input type="hidden" name="date" value=d /> })}
            <button type="submit">{t.search_button}</button>
            <ul id="top-suggestions" class="suggestions" aria-label=t.suggestions hidden
                data-testid="suggestions"></ul>
        </form>
    }
}

/// Where the navigator says "cập nhật lúc hh:mm:ss" after a live update
/// (for screen readers too); empty until then.
#[component]
fn LiveStatus(lang: Memo<Lang>) -> impl IntoView {
    view! {
        <span id="live-status" class="live-status" role="status" aria-live="polite"
            data-testid="live-status" data-label=alert_texts(lang.get_untracked()).live_updated></span>
    }
}

/// Sign in, or who is signed in with their pages and a sign-out button.
#[component]
fn AccountLinks() -> impl IntoView {
    let lang = use_lang();
    let who = Resource::new(|| (), |_| get_signed_in());
    view! {
        <Suspense fallback=|| ()>
            {move || who.get().map(|w| {
                let t = account_texts(lang.get());
                match w.ok().flatten() {
                    None => view! { <a class="account" href="/sign-in" data-testid="sign-in-link">{t.sign_in}</a> }.into_any(),
                    Some(s) => {
                        let admin = s.actor.manages_accounts().then(|| view! { <a href="/admin">{t.admin}</a> });
                        let report = s.actor.role.reports().then(|| view! { <a href="/report">{t.report}</a> });
                        view! {
                            <span class="account" data-testid="account-name">{s.actor.name.clone()}</span>
                            {report}
                            {admin}
                            <form class="sign-out" method="post" action="/sign-out">
                                <input type="hidden" name="csrf" value=s.csrf.clone() />
                                <button type="submit" id="sign-out">{t.sign_out}</button>
                            </form>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The banner over simulated figures.
#[component]
pub fn SimulatedNote(simulated: bool, lang: Lang) -> impl IntoView {
    simulated.then(|| view! { <p class="simulated" role="note">{texts(lang).simulated}</p> })
}

/// Source line and the time of the last report.
#[component]
pub fn PageFooter(updated_at: Option<String>, lang: Lang) -> impl IntoView {
    let t = texts(lang);
    view! {
        <footer class="page-footer">
            <span>{t.source}</span>
            {updated_at.map(|u| view! { <span>" · " {t.updated} " " <time datetime=u.clone()>{format::timestamp_vn(&u)}</time></span> })}
        </footer>
    }
}
