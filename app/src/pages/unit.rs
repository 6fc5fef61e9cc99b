//! `/p/{code}`, `/d/{code}`, `/c/{code}`: a province, district or commune with
//! the overview's widgets, its place among siblings and nationwide, and its
//! ranked children.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use tiendo_core::views::{RankAmong, UnitView};
use tiendo_core::{Lang, Level, format};

use crate::api::{UnitRequest, get_changes, get_unit};
use crate::components::alerts::AlertBadge;
use crate::components::changes::ChangesTable;
use crate::components::controls::ViewControls;
use crate::components::nav::{PageFooter, SimulatedNote, use_lang};
use crate::components::page::{DataPage, PageTitle, preview_image};
use crate::components::progress_panel::ProgressPanel;
use crate::components::ranking_table::{
    KEPT_ON_LINKS, RankChange, RankingTable, TableDownloads, unit_path,
};
use crate::i18n::{level_label, level_name, texts};
use crate::url::{add_param, keeping, with_params};

/// Rows per page of a children table: a district may have 40 communes.
const CHILDREN_PER_PAGE: usize = 20;

/// The page of one unit of `level`.
#[component]
pub fn UnitPage(level: Level) -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let lang = use_lang();
    let request = Memo::new(move |_| {
        let q = query.read();
        UnitRequest {
            code: params.read().get("code").unwrap_or_default(),
            level,
            stage: q.get("stage"),
            by: q.get("by"),
            date: q.get("date"),
            below: q.get("below"),
            lang: lang.get(),
        }
    });
    let view = Resource::new(move || request.get(), get_unit);
    view! {
        <DataPage data=view body=|v, lang| view! { <UnitBody view=v lang /> }.into_any() />
    }
}

#[component]
fn UnitBody(view: UnitView, lang: Lang) -> impl IntoView {
    let t = texts(lang);
    let query = use_query_map();
    let suffix = keeping("", &query.read_untracked(), &KEPT_ON_LINKS);
    let unit = view.progress.unit.clone();
    let parent_name = view
        .path
        .last()
        .map(|p| p.display_name.clone())
        .unwrap_or_default();
    let crumbs = view
        .path
        .iter()
        .map(|u| {
            let name = if u.level == Level::Nation {
                t.overview_title.to_string()
            } else {
                u.display_name.clone()
            };
            let href = format!("{}{suffix}", unit_path(u.level, &u.code));
            view! { <li><a href=href>{name}</a></li> }
        })
        .collect_view();
    let child_level = view.children_level;
    // Charts cover a province or a district: a commune's preview shows its district.
    let chart_unit = match unit.level {
        Level::Commune => view
            .path
            .last()
            .map_or_else(|| unit.code.clone(), |d| d.code.clone()),
        _ => unit.code.clone(),
    };
    // A province's table: its districts, or every commune in it in one list.
    let every_commune = unit.level == Level::Province && child_level == Some(Level::Commune);
    let switch_list = (unit.level == Level::Province).then(|| {
        let (below, label) = if every_commune {
            (None, t.by_district)
        } else {
            (Some("communes"), t.every_commune)
        };
        let href = with_params(
            &unit_path(unit.level, &unit.code),
            &query.read_untracked(),
            &[("below", below), ("page", None), ("hl", None)],
        );
        view! { <a class="switch-list" href=href data-testid="switch-list">{label}</a> }
    });
    // Some districts (islands) have no communes: nothing to download then.
    let has_children = !view.children.is_empty();
    let cumulative_title = format!("{} · {}", t.cumulative, view.stage.label(lang));
    let measure_name = view.measure.label(lang);
    view! {
        <nav class="breadcrumb" aria-label="breadcrumb">
            <ol>
                {crumbs}
                <li aria-current="page">{unit.display_name.clone()}</li>
            </ol>
        </nav>
        <PageTitle
            text=format!("{} · {}", unit.display_name, level_name(unit.level, lang))
            image=preview_image(Some(&chart_unit), Some(view.progress.date), lang)
        />
        <div class="title-row">
            <h1>
                {unit.display_name.clone()}
                <small class="level">" · " {level_name(unit.level, lang)} " · " {unit.code.clone()}</small>
                {view.region.clone().map(|r| view! { <small class="level">" · " {r}</small> })}
            </h1>
            <ViewControls
                date=view.progress.date
                first=view.span.first_day
                last=view.span.last_day
                stage=view.stage
                measure=view.measure
                lang
            />
        </div>
        <SimulatedNote simulated=view.span.simulated lang />
        <div class="places">
            // A province's siblings are the nation's 63 provinces: one badge says it all.
            {(unit.level != Level::Province).then(|| view! { <PlaceBadge
                label=format!("{} {}", t.among_siblings, if parent_name.is_empty() { t.overview_title.to_string() } else { parent_name })
                place=view.among_siblings
                measure=measure_name
                lang
                id="place-siblings"
            /> })}
            <PlaceBadge
                label=t.nationwide.to_string()
                place=view.nationwide
                measure=measure_name
                lang
                id="place-nationwide"
            />
            // The rankings with this province highlighted, in the same stage, measure and day.
            {(unit.level == Level::Province).then(|| {
                let href = format!("{}#highlighted", add_param(&format!("/rankings{suffix}"), "hl", &unit.code));
                view! { <a class="to-rankings" href=href>{t.show_in_rankings}</a> }
            })}
            <AlertBadge count=view.open_alerts href=add_param("/alerts", "unit", &unit.code) lang />
        </div>
        <ProgressPanel
            progress=view.progress
            cumulative_chart_svg=view.cumulative_chart_svg
            cumulative_title
            stage=view.stage
            daily_chart_svg=view.daily_chart_svg
            lang
        />
        {child_level.map(|level| view! {
            <h2 class="children-title">{t.units_below} " · " {level_label(level, lang)} " (" {format::int(view.children.len() as u64, lang)} ")"</h2>
            {switch_list}
            <RankingTable rows=view.children lang page_size=CHILDREN_PER_PAGE id="children" />
            {has_children.then(|| view! { <TableDownloads scope=("parent", unit.code.clone()) lang /> })}
        })}
        {(unit.level != Level::Province).then(|| view! { <History code=unit.code.clone() lang /> })}
        <PageFooter updated_at=view.span.updated_at lang />
    }
}

/// The corrections of a commune, or of a district's communes.
#[component]
fn History(code: String, lang: Lang) -> impl IntoView {
    let changes = Resource::new(move || code.clone(), get_changes);
    view! {
        <section class="history">
            <h2>{tiendo_core::i18n::account_texts(lang).changes}</h2>
            <Suspense fallback=|| ()>
                {move || changes.get().map(|c| match c {
                    Ok(c) => view! { <ChangesTable changes=c lang /> }.into_any(),
                    Err(_) => ().into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// "Rank within Hà Nội: 3 / 30 ▲1 (by % of target)".
#[component]
fn PlaceBadge(
    label: String,
    place: RankAmong,
    measure: &'static str,
    lang: Lang,
    id: &'static str,
) -> impl IntoView {
    let t = texts(lang);
    let rank = place
        .rank
        .map_or_else(|| "—".to_string(), |r| r.to_string());
    view! {
        <p class="place" data-testid=id>
            <span>{label} ": "</span>
            <strong>{rank}</strong>
            " " {t.of} " " {format::int(place.of as u64, lang)}
            " " <span title=t.change_hint><RankChange change=place.change lang /></span>
            <small>" (" {measure} ")"</small>
        </p>
    }
}
