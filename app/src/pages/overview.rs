//! The national overview: totals against target, rates, projections, backlog,
//! charts and the leading and lagging provinces, as of a chosen day.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use tiendo_core::overview::Overview;
use tiendo_core::{Lang, Stage, format};

use crate::api::get_overview;
use crate::components::chart::SvgChart;
use crate::components::kpi::StageCard;
use crate::components::province_table::ProvinceTable;
use crate::i18n::texts;
use crate::url::with_param;

/// `/?date=YYYY-MM-DD&lang=vi|en`.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let query = use_query_map();
    let lang = Memo::new(move |_| Lang::from_param(query.read().get("lang").as_deref()));
    let date = Memo::new(move |_| query.read().get("date"));
    let overview = Resource::new(
        move || (date.get(), lang.get()),
        |(d, l)| get_overview(d, l),
    );
    let switch_language = move || {
        let other = match lang.get() {
            Lang::Vi => "en",
            Lang::En => "vi",
        };
        with_param("/", &query.read(), "lang", Some(other))
    };
    view! {
        <header class="top">
            <div>
                <a class="brand" href="/">"Tiendo"</a>
                <span class="tagline">{move || texts(lang.get()).tagline}</span>
            </div>
            <a class="lang-switch" href=switch_language rel="alternate">
                {move || texts(lang.get()).other_language}
            </a>
        </header>
        <main class="page">
            <Transition fallback=move || view! { <p class="loading">{texts(lang.get_untracked()).loading}</p> }>
                {move || Suspend::new(async move {
                    let lang = lang.get();
                    match overview.await {
                        Ok(o) => view! { <OverviewBody overview=o lang /> }.into_any(),
                        Err(e) => view! { <ErrorBox message=e.to_string() lang /> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

/// The page body once the figures are in.
#[component]
fn OverviewBody(overview: Overview, lang: Lang) -> impl IntoView {
    let t = texts(lang);
    let o = overview;
    let backlog = o.progress.backlog();
    let cards = Stage::ALL
        .into_iter()
        .map(|s| view! { <StageCard stage=s progress=o.progress.stages.get(s).clone() lang /> })
        .collect_view();
    view! {
        <div class="title-row">
            <h1>{t.overview_title} " · " {o.campaign_name.clone()}</h1>
            <DatePicker
                value=o.progress.date
                first=o.first_day
                last=o.last_day
                lang
            />
        </div>
        {o.simulated.then(|| view! { <p class="simulated" role="note">{t.simulated}</p> })}
        <div class="kpis">{cards}</div>
        <section class="backlog">
            <h2>{t.backlog}</h2>
            <p>
                <span>{t.applied_not_produced} ": "</span>
                <strong data-testid="backlog-produce">{format::int(backlog.applied_not_produced, lang)}</strong>
            </p>
            <p>
                <span>{t.produced_not_delivered} ": "</span>
                <strong data-testid="backlog-deliver">{format::int(backlog.produced_not_delivered, lang)}</strong>
            </p>
        </section>
        <div class="charts">
            <SvgChart title=t.cumulative_chart svg=o.cumulative_chart_svg id="chart-cumulative" />
            <SvgChart title=t.daily_chart svg=o.daily_chart_svg id="chart-daily" />
        </div>
        <p class="note">{t.ranked_by}</p>
        <div class="tables">
            <ProvinceTable title=t.leaders rows=o.leaders lang id="leaders" />
            <ProvinceTable title=t.laggards rows=o.laggards lang id="laggards" />
        </div>
        <footer class="page-footer">
            <span>{t.source}</span>
            {o.updated_at.map(|u| view! { <span>" · " {t.updated} " " <time datetime=u.clone()>{format::timestamp_vn(&u)}</time></span> })}
        </footer>
    }
}

/// Picks the as-of day; navigates in place (no reload) and works as a plain form without JavaScript.
#[component]
fn DatePicker(
    value: chrono::NaiveDate,
    first: chrono::NaiveDate,
    last: chrono::NaiveDate,
    lang: Lang,
) -> impl IntoView {
    let t = texts(lang);
    let query = use_query_map();
    let navigate = use_navigate();
    let on_change = move |ev: leptos::ev::Event| {
        let day = event_target_value(&ev);
        if !day.is_empty() {
            navigate(
                &with_param("/", &query.read_untracked(), "date", Some(&day)),
                Default::default(),
            );
        }
    };
    view! {
        <form class="asof" method="get" action="/">
            <label for="asof">{t.as_of}</label>
            <input
                id="asof"
                type="date"
                name="date"
                value=value.to_string()
                min=first.to_string()
                max=last.to_string()
                on:change=on_change
            />
            <input type="hidden" name="lang" value=lang.code() />
            <span class="asof-text">{format::date(value)}</span>
            <noscript>
                <button type="submit">{t.show}</button>
            </noscript>
        </form>
    }
}

/// A failure the user can act on (e.g. a malformed date in the URL).
#[component]
fn ErrorBox(message: String, lang: Lang) -> impl IntoView {
    let t = texts(lang);
    // Server function errors arrive prefixed; show only the message.
    let message = message
        .strip_prefix("error running server function: ")
        .unwrap_or(&message)
        .to_string();
    view! {
        <div class="error" role="alert">
            <h2>{t.error}</h2>
            <p data-testid="error-message">{message}</p>
            <p>
                <a href="/">{t.back_home}</a>
            </p>
        </div>
    }
}
