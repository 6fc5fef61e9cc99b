//! The bar on top of every page: brand, main pages, unit search, language switch.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};
use tiendo_core::{Lang, format};

use crate::api::get_signed_in;
use crate::components::live::LiveStatus;
use crate::i18n::texts;
use crate::url::{keeping, with_param};
use tiendo_core::i18n::{account_texts, alert_texts};

/// The page's language, from `?lang=` (Vietnamese unless `en`).
pub fn use_lang() -> Memo<Lang> {
    let query = use_query_map();
    Memo::new(move |_| Lang::from_param(query.read().get("lang").as_deref()))
}

/// Brand, links to the overview, rankings, map, chart builder and briefing, the search box and the language switch.
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
        <header class="top">
            <div class="top-left">
                <a class="brand" href=move || keep("/")>"Tiendo"</a>
                <span class="tagline">{move || t().tagline}</span>
            </div>
            <nav class="top-nav">
                <a href=move || keep("/")>{move || t().overview_title}</a>
                <a href=move || keep("/rankings")>{move || t().nav_rankings}</a>
                <a href=move || keep("/map")>{move || t().nav_map}</a>
                <a href=move || keep("/charts")>{move || t().nav_charts}</a>
                <a href=move || keep("/briefing")>{move || t().nav_briefing}</a>
                <a href=move || keep("/alerts")>{move || alert_texts(lang.get()).alerts}</a>
                <form class="top-search" method="get" action="/search" role="search">
                    <input
                        type="search"
                        name="q"
                        aria-label=move || t().search_title
                        placeholder=move || t().search_placeholder
                    />
                    <input type="hidden" name="lang" value=move || lang.get().code() />
                    <button type="submit">{move || t().search_button}</button>
                </form>
                <a class="lang-switch" href=switch_language rel="alternate">
                    {move || t().other_language}
                </a>
                <AccountLinks />
                <LiveStatus />
            </nav>
        </header>
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
