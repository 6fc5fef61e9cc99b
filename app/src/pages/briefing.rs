//! `/briefing`: the daily briefing for leadership, one A4 page that prints
//! cleanly from the browser (and downloads as PDF): national figures per
//! stage, the main chart, the leading and lagging provinces, the day's rank
//! movers and how many communes have gone silent.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use tiendo_core::alt_text;
use tiendo_core::views::{Briefing, Mover};
use tiendo_core::{Lang, Level, Stage, format};

use crate::api::get_briefing;
use crate::components::alerts::AlertList;
use crate::components::controls::ViewControls;
use crate::components::nav::{SimulatedNote, use_lang};
use crate::components::page::{DataPage, PageTitle, preview_image};
use crate::components::province_table::ProvinceTable;
use crate::components::ranking_table::{RankChange, unit_path};
use crate::i18n::{
    alert_texts, national_columns, national_row, silent_sentence, source_line, texts,
};

/// `/briefing?date=&lang=`.
#[component]
pub fn BriefingPage() -> impl IntoView {
    let query = use_query_map();
    let lang = use_lang();
    let date = Memo::new(move |_| query.read().get("date"));
    let briefing = Resource::new(
        move || (date.get(), lang.get()),
        |(d, l)| get_briefing(d, l),
    );
    view! {
        <DataPage data=briefing body=|b, lang| view! { <BriefingBody b lang /> }.into_any() />
    }
}

#[component]
fn BriefingBody(b: Briefing, lang: Lang) -> impl IntoView {
    let t = texts(lang);
    let date = b.progress.date;
    let pdf = format!("/export/briefing.pdf?date={date}&lang={}", lang.code());
    let rows = Stage::ALL
        .into_iter()
        .map(|s| {
            let [stage, numbers @ ..] = national_row(s, b.progress.stages.get(s), lang);
            view! {
                <tr data-stage=s.slug()>
                    <th scope="row">{stage}</th>
                    {numbers.map(|n| view! { <td class="num">{n}</td> })}
                </tr>
            }
        })
        .collect_view();
    let [stage_heading, number_headings @ ..] = national_columns(lang);
    let silent = silent_sentence(b.silent_communes, b.communes, b.silent_days, lang);
    let source = source_line(lang, date, b.span.simulated);
    view! {
        <article class="briefing">
            <div class="title-row no-print">
                <ViewControls date first=b.span.first_day last=b.span.last_day lang />
                <div class="briefing-actions">
                    // Prints through the navigator, once the bundle is there (hidden before: CSS).
                    <button type="button" id="print" data-print="">{t.print}</button>
                    <a href=pdf download="" data-testid="briefing-pdf">{t.download_pdf}</a>
                </div>
            </div>
            <header class="briefing-head">
                <PageTitle text=format!("{} · {}", t.briefing_title, format::date(date)) image=preview_image(None, Some(date), lang) />
                <h1>{format!("{} · {}", t.briefing_title, format::date(date))}</h1>
                <p>{b.campaign_name.clone()}</p>
            </header>
            <SimulatedNote simulated=b.span.simulated lang />
            // Scrolls sideways on a phone: focusable, so a keyboard scrolls it too.
            <div class="table-scroll" tabindex="0" role="region" aria-label=t.briefing_title>
                <table class="briefing-kpis">
                    <thead>
                        <tr>
                            <th>{stage_heading}</th>
                            {number_headings.map(|h| view! { <th class="num">{h}</th> })}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <figure class="chart briefing-chart">
                <figcaption>{t.cumulative_chart}</figcaption>
                <div class="chart-svg" role="img" aria-label=alt_text::cumulative_chart(&b.progress, Stage::Applications, lang) inner_html=b.chart_svg></div>
            </figure>
            <div class="tables">
                <ProvinceTable title=t.top_ten rows=b.top lang id="briefing-top" />
                <ProvinceTable title=t.bottom_ten rows=b.bottom lang id="briefing-bottom" />
            </div>
            <section class="movers">
                <h3>{t.movers}</h3>
                {if b.risers.is_empty() && b.fallers.is_empty() {
                    view! { <p class="note" data-testid="no-movers">{t.no_movers}</p> }.into_any()
                } else {
                    view! {
                        <div class="mover-lists">
                            <MoverList movers=b.risers id="risers" lang />
                            <MoverList movers=b.fallers id="fallers" lang />
                        </div>
                    }
                    .into_any()
                }}
            </section>
            <p class="silent" data-testid="silent-communes">{silent}</p>
            <section class="new-alerts">
                <h3>{alert_texts(lang).new_today}</h3>
                {if b.new_alerts.is_empty() {
                    view! { <p class="note" data-testid="no-new-alerts">{alert_texts(lang).none_new}</p> }.into_any()
                } else {
                    view! { <AlertList rows=b.new_alerts lang id="new-alerts" /> }.into_any()
                }}
            </section>
            <footer class="briefing-source">{source}</footer>
        </article>
    }
}

#[component]
fn MoverList(movers: Vec<Mover>, id: &'static str, lang: Lang) -> impl IntoView {
    let items = movers
        .into_iter()
        .map(|m| {
            view! {
                <li>
                    <a href=unit_path(Level::Province, &m.code)>{m.name}</a>
                    " " <RankChange change=Some(m.change) lang />
                    " → " {m.rank}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="mover-list" data-testid=id>{items}</ol> }
}
