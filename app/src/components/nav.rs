//! The bar on top of every page: brand, main pages, unit search, language switch.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};
use tiendo_core::{Lang, format};

use crate::api::{get_signed_in, search_units};
use crate::components::live::LiveStatus;
use crate::i18n::texts;
use crate::url::{keeping, with_param};
use tiendo_core::i18n::{account_texts, alert_texts};
use tiendo_core::units::unit_path;
use tiendo_core::views::SearchHit;

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
        <a class="skip-link" href="#main">{move || t().skip_to_content}</a>
        <header class="top">
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
                <a class="lang-switch" href=switch_language rel="alternate">
                    {move || t().other_language}
                </a>
                <AccountLinks />
                <LiveStatus />
            </nav>
        </header>
    }
}

/// Fewest characters before suggestions are asked for.
const SUGGEST_FROM_CHARS: usize = 2;

/// The search box of the top bar: a plain GET form to `/search` (so it works
/// before and without the bundle), with suggestions as the user types.
#[component]
fn SearchBox(lang: Memo<Lang>) -> impl IntoView {
    let t = move || texts(lang.get());
    let (hits, set_hits) = signal(Vec::<SearchHit>::new());
    // Answers may come back out of order: only the last question's is shown.
    let asked = StoredValue::new(0u64);
    let on_input = move |ev: leptos::ev::Event| {
        let q = event_target_value(&ev);
        let n = asked.get_value() + 1;
        asked.set_value(n);
        if q.trim().chars().count() < SUGGEST_FROM_CHARS {
            set_hits.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            let found = search_units(q).await.unwrap_or_default();
            if asked.get_value() == n {
                set_hits.set(found.into_iter().take(8).collect());
            }
        });
    };
    // A suggestion keeps the language and the as-of day.
    let query = use_query_map();
    let link = move |h: &SearchHit| {
        keeping(
            &unit_path(h.unit.level, &h.unit.code),
            &query.read(),
            &["lang", "date"],
        )
    };
    let date = move || query.read().get("date");
    view! {
        <form class="top-search" method="get" action="/search" role="search">
            <input
                type="search"
                name="q"
                id="top-q"
                autocomplete="off"
                aria-label=move || t().search_title
                aria-controls="top-suggestions"
                placeholder=move || t().search_placeholder
                on:input=on_input
            />
            <input type="hidden" name="lang" value=move || lang.get().code() />
            {move || date().map(|d| view! { <input type="hidden" name="date" value=d /> })}
            <button type="submit">{move || t().search_button}</button>
            <ul id="top-suggestions" class="suggestions" aria-label=move || t().suggestions
                hidden=move || hits.read().is_empty() data-testid="suggestions">
                {move || hits.get().into_iter().map(|h| {
                    let within = h.province.clone().unwrap_or_default();
                    view! {
                        <li><a href=link(&h)>{h.unit.display_name.clone()} " " <small>{within}</small></a></li>
                    }
                }).collect_view()}
            </ul>
        </form>
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
