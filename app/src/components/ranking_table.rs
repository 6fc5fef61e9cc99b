//! The ranked table of units shared by `/rankings` and the unit pages.
//!
//! The table ranks (`by`), sorts (`sort`, `dir`), filters (`region`,
//! `status`), pages (`page`) and highlights (`hl`) from the URL, from every
//! unit's standing, so any link reproduces the view. Headers, filters and
//! pages are links: the navigator follows them in place, without a reload.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};
use leptos_router::params::ParamsMap;
use tiendo_core::alt_text;
use tiendo_core::figure::{ChartKind, ChartRequest};
use tiendo_core::i18n::{column_hint, rank_change_words, status_label, verdict_label};
use tiendo_core::params::{ParamError, parse_date};
use tiendo_core::progress::Verdict;
use tiendo_core::rankings::Measure;
use tiendo_core::search::slug;
use tiendo_core::standings::{Column, Place, Standing, places, sorted, unranked_reason};
use tiendo_core::units::NATION_CODE;
use tiendo_core::{Lang, Stage, format};

use crate::components::downloads::{ChartDownloads, DataLinks};
use crate::i18n::texts;
use crate::url::{add_param, keeping, with_params};

/// What the URL asks of a ranking table, with the errors of parameters it could not use.
#[derive(Clone, Debug, PartialEq)]
pub struct TableState {
    /// Measure ranks are by (`by`).
    pub measure: Measure,
    /// Column sorted on (`sort`).
    pub column: Column,
    /// Worst first (`dir=worst`; `dir=best`, the default, is best first).
    pub reverse: bool,
    /// Region slug shown (`region`), all when `None`.
    pub region: Option<String>,
    /// Only units with this verdict (`status=behind`), all when `None`.
    pub verdict: Option<Verdict>,
    /// Page, from 1 (`page`); without it, the page of the highlighted row.
    pub page: Option<usize>,
    /// Unit highlighted (`hl`).
    pub highlight: Option<String>,
    /// The parameters that were ignored, and why.
    pub errors: Vec<ParamError>,
}

impl TableState {
    /// Reads the table's parameters; a bad one is reported and its default used.
    pub fn from_query(q: &ParamsMap) -> TableState {
        let mut errors = Vec::new();
        let measure = match q.get("by") {
            None => Measure::PercentOfTarget,
            Some(v) => Measure::parse("by", &v).unwrap_or_else(|e| {
                errors.push(e);
                Measure::PercentOfTarget
            }),
        };
        let column = match q.get("sort") {
            None => Column::Rank,
            Some(v) => Column::parse("sort", &v).unwrap_or_else(|e| {
                errors.push(e);
                Column::Rank
            }),
        };
        let reverse = match q.get("dir").as_deref() {
            None | Some("best") => false,
            Some("worst") => true,
            Some(v) => {
                errors.push(ParamError::new(
                    "dir",
                    format!("expected best or worst, got '{v}'"),
                    format!("cần best hoặc worst, nhận được '{v}'"),
                ));
                false
            }
        };
        let page = q.get("page").and_then(|v| match v.parse::<usize>() {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                errors.push(ParamError::new(
                    "page",
                    format!("expected a page number from 1, got '{v}'"),
                    format!("cần số trang từ 1, nhận được '{v}'"),
                ));
                None
            }
        });
        let verdict = q.get("status").and_then(|v| {
            Verdict::parse("status", &v)
                .map_err(|e| errors.push(e))
                .ok()
        });
        TableState {
            measure,
            column,
            reverse,
            region: q.get("region").filter(|r| !r.is_empty()),
            verdict,
            page,
            highlight: q.get("hl"),
            errors,
        }
    }
}

pub use tiendo_core::units::unit_path;

/// Parameters a link to another unit's page keeps.
pub const KEPT_ON_LINKS: [&str; 4] = ["stage", "by", "date", "lang"];

/// Ranked units with every measure, a trend and rank movement.
#[component]
pub fn RankingTable(
    /// One row per unit, any order.
    rows: Vec<Standing>,
    /// Language.
    lang: Lang,
    /// Rows per page; all on one page when `None`.
    #[prop(optional)]
    page_size: Option<usize>,
    /// Show the region column and filter (provinces).
    #[prop(optional)]
    regions: bool,
    /// Test and styling hook.
    id: &'static str,
) -> impl IntoView {
    let t = texts(lang);
    let query = use_query_map().get_untracked();
    let path = use_location().pathname.get_untracked();
    let state = TableState::from_query(&query);
    let places_by = places(&rows, state.measure);
    let mut region_names: Vec<String> = rows.iter().filter_map(|s| s.region.clone()).collect();
    region_names.sort();
    region_names.dedup();
    let mut errors = state.errors.clone();
    if let Some(wanted) = &state.region
        && !region_names.iter().any(|n| &slug(n) == wanted)
    {
        errors.push(ParamError::new(
            "region",
            format!("unknown region '{wanted}'"),
            format!("không có vùng '{wanted}'"),
        ));
    }
    // A bad parameter is answered like the server's own: with a 400.
    #[cfg(feature = "ssr")]
    if !errors.is_empty()
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
    {
        response.set_status(http::StatusCode::BAD_REQUEST);
    }
    // Rows shown: sorted, filtered, paged.
    let order = sorted(&rows, &places_by, state.column, state.reverse);
    let kept: Vec<usize> = order
        .into_iter()
        .filter(|&i| match &state.region {
            Some(r) => rows[i].region.as_deref().map(slug).as_ref() == Some(r),
            None => true,
        })
        .filter(|&i| {
            state
                .verdict
                .is_none_or(|v| Verdict::of(&rows[i].progress) == v)
        })
        .collect();
    let total = kept.len();
    let size = page_size.unwrap_or(total.max(1));
    let pages = total.div_ceil(size).max(1);
    // A highlighted unit is shown on its page, unless a page is asked for.
    let highlighted_page = state.highlight.as_deref().and_then(|code| {
        let at = kept.iter().position(|&i| rows[i].unit.code == code)?;
        Some(at / size + 1)
    });
    let page = state.page.or(highlighted_page).unwrap_or(1).min(pages);
    let href_for = |changes: &[(&str, Option<&str>)]| with_params(&path, &query, changes);
    let header = |column: Column, label: &'static str, class: &'static str| {
        // Clicking the sorted column flips it; another column sorts best first.
        let next_dir = if state.column == column && !state.reverse {
            "worst"
        } else {
            "best"
        };
        let href = href_for(&[
            ("sort", Some(column.slug())),
            ("dir", Some(next_dir)),
            ("page", None),
        ]);
        // Whether the column's current order runs from small to large.
        let ascending =
            (state.column == column).then(|| best_first_ascending(column) != state.reverse);
        let (marker, aria) = match ascending {
            None => ("", "none"),
            Some(true) => (" ▲", "ascending"),
            Some(false) => (" ▼", "descending"),
        };
        view! {
            <th class=class aria-sort=aria title=column_hint(column, lang)>
                <a href=href data-sort=column.slug()>{label}{marker}</a>
            </th>
        }
    };
    let suffix = keeping("", &query, &KEPT_ON_LINKS);
    let body = kept
        .iter()
        .skip((page - 1) * size)
        .take(size)
        .map(|&i| row_view(&rows[i], places_by[i], &state, &suffix, lang, regions))
        .collect_view();
    let region_filter = regions.then(|| {
        let options = region_names
            .iter()
            .map(|n| {
                let slug = slug(n);
                let selected = state.region.as_deref() == Some(slug.as_str());
                view! { <option value=slug selected=selected>{n.clone()}</option> }
            })
            .collect_view();
        // The other parameters travel along; a new region starts on the first page.
        let hidden = query
            .clone()
            .into_iter()
            .filter(|(k, _)| !["region", "page"].contains(&k.as_ref()))
            .map(|(k, v)| view! { <input type="hidden" name=k.to_string() value=v.to_string() /> })
            .collect_view();
        view! {
            <form class="region-filter" method="get" action=path.clone() data-auto="">
                <label>
                    <span>{t.filter_region}</span>
                    <select id="region" name="region">
                        <option value="" selected=state.region.is_none()>{t.region_all}</option>
                        {options}
                    </select>
                </label>
                {hidden}
                <noscript><button type="submit">{t.show}</button></noscript>
            </form>
        }
    });
    // "Who is behind?" and the worst first, each in one click.
    let behind = state.verdict == Some(Verdict::Behind);
    let behind_filter = toggle_link(
        href_for(&[
            ("status", (!behind).then_some(Verdict::Behind.slug())),
            ("page", None),
        ]),
        behind,
        if behind { t.all_units } else { t.only_behind },
        "only-behind",
    );
    let worst = state.reverse && state.column == Column::Rank;
    let worst_first = toggle_link(
        href_for(&[
            ("sort", None),
            ("dir", (!worst).then_some("worst")),
            ("page", None),
        ]),
        worst,
        t.worst_first,
        "worst-first",
    );
    let pager = (pages > 1).then(|| {
        let link = |n: usize| href_for(&[("page", Some(&n.to_string()))]);
        view! {
            <nav class="pager" aria-label=t.page>
                {(page > 1).then(|| view! { <a href=link(page - 1) rel="prev">{t.prev}</a> })}
                <span data-testid="page-of">{t.page} " " {page} "/" {pages} " · " {format::int(total as u64, lang)}</span>
                {(page < pages).then(|| view! { <a href=link(page + 1) rel="next">{t.next}</a> })}
            </nav>
        }
    });
    let errors = (!errors.is_empty()).then(|| {
        view! {
            <div class="error" role="alert" data-testid="table-error">
                {errors.into_iter().map(|e| view! { <p>{e.text(lang)}</p> }).collect_view()}
            </div>
        }
    });
    view! {
        <section class="ranking" id=id>
            {errors}
            <div class="table-filters">{region_filter} {behind_filter} {worst_first}</div>
            <div class="table-scroll">
                <table class="ranking-table">
                    <thead>
                        <tr>
                            {header(Column::Rank, t.rank, "num")}
                            {header(Column::Change, t.change, "num")}
                            {header(Column::Name, t.unit, "name-col")}
                            <th class="status-col" title=t.status_hint>{t.status_column}</th>
                            {regions.then(|| header(Column::Region, t.region, "hide-narrow"))}
                            {Measure::ALL
                                .map(|m| header(Column::Measure(m), m.label(lang), "num"))
                                .into_iter()
                                .collect_view()}
                            {header(Column::Required, t.required_daily, "num")}
                            <th class="trend">{t.trend}</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            {pager}
        </section>
    }
    .into_any()
}

/// Links to the table as CSV and XLSX files, with the stage, measure and day shown.
#[component]
pub fn TableDownloads(
    /// Which units: `("level", "province")` or `("parent", code)`.
    scope: (&'static str, String),
    /// Language of the file's headers.
    lang: Lang,
) -> impl IntoView {
    let query = use_query_map().get_untracked();
    // The ranking chart of the same units, stage, measure and day.
    let unit = match &scope {
        ("parent", code) => code.clone(),
        _ => NATION_CODE.to_string(),
    };
    let href = |extension: &str| {
        let base = keeping(
            &format!("/export/table/rankings.{extension}"),
            &query,
            &["stage", "by", "date", "lang", "region", "status"],
        );
        add_param(&base, scope.0, &scope.1)
    };
    let chart = ChartRequest {
        stages: vec![
            query
                .get("stage")
                .and_then(|s| Stage::from_slug(&s))
                .unwrap_or(Stage::Applications),
        ],
        measure: query
            .get("by")
            .and_then(|b| Measure::parse("by", &b).ok())
            .unwrap_or(Measure::PercentOfTarget),
        date: query.get("date").and_then(|d| parse_date("date", &d).ok()),
        region: query.get("region"),
        lang,
        ..ChartRequest::new(ChartKind::Ranking, &unit)
    };
    view! {
        <div class="downloads">
            <p>
                <DataLinks label=texts(lang).download_table csv=href("csv") xlsx=href("xlsx") testid="" lang />
            </p>
            <ChartDownloads request=chart lang />
        </div>
    }
}

/// A filter or order that is on or off, as a link to the view with it switched.
fn toggle_link(
    href: String,
    on: bool,
    label: &'static str,
    test_id: &'static str,
) -> impl IntoView {
    view! {
        <a class="toggle" href=href aria-current=on.then_some("true") data-testid=test_id>
            {label}
        </a>
    }
}

/// Whether a column's best-first order runs from small to large values.
fn best_first_ascending(column: Column) -> bool {
    match column {
        Column::Rank | Column::Name | Column::Region | Column::Required => true,
        Column::Change => false,
        Column::Measure(m) => !m.larger_is_better(),
    }
}

/// Rank movement: "▲2" or "▼1" to the eye with "lên 2 bậc" to a screen
/// reader, or "không đổi" spelled out; nothing when it cannot be told.
#[component]
pub fn RankChange(change: Option<i64>, lang: Lang) -> impl IntoView {
    let c = change?;
    let words = rank_change_words(c, lang);
    let (arrow, class) = match c {
        c if c > 0 => (format!("▲{c}"), "up"),
        c if c < 0 => (format!("▼{}", -c), "down"),
        _ => (String::new(), "same"),
    };
    Some(if arrow.is_empty() {
        view! { <span class="change same">{words}</span> }.into_any()
    } else {
        view! {
            <span class=format!("change {class}")>
                <span aria-hidden="true">{arrow}</span>
                <span class="sr-only">{words}</span>
            </span>
        }
        .into_any()
    })
}

fn row_view(
    s: &Standing,
    place: Place,
    state: &TableState,
    link_suffix: &str,
    lang: Lang,
    regions: bool,
) -> impl IntoView + use<> {
    let t = texts(lang);
    let reason = unranked_reason(s, state.measure).map(|r| r.label(lang));
    let rank = match place.rank {
        Some(r) => r.to_string(),
        None => "—".to_string(),
    };
    let highlighted = state.highlight.as_deref() == Some(s.unit.code.as_str());
    let verdict = Verdict::of(&s.progress);
    let cells = Measure::ALL
        .map(|m| {
            let text = s
                .value(m)
                .map_or_else(|| "—".to_string(), |v| m.display(v, lang));
            let chosen = m == state.measure;
            view! { <td class="num" class:chosen=chosen>{text}</td> }
        })
        .into_iter()
        .collect_view();
    let href = format!("{}{link_suffix}", unit_path(s.unit.level, &s.unit.code));
    // What the unit must collect each day from now to meet its target in time.
    let required = s
        .progress
        .required_per_day()
        .map_or_else(|| "—".to_string(), |r| format::int(r, lang));
    view! {
        <tr data-code=s.unit.code.clone() class:highlight=highlighted id=highlighted.then_some("highlighted")>
            <td class="num rank" title=reason.unwrap_or_default()>{rank}</td>
            <td class="num change-col" title=t.change_hint><RankChange change=place.change lang /></td>
            <td class="name">
                <a href=href>{s.unit.display_name.clone()}</a>
                {reason.map(|r| view! { <small class="why">{t.unranked} ": " {r}</small> })}
            </td>
            <td class=format!("status-col verdict {}", verdict.slug()) title=status_label(s.progress.status, lang)>
                {verdict_label(verdict, lang)}
            </td>
            {regions.then(|| view! { <td class="hide-narrow">{s.region.clone().unwrap_or_default()}</td> })}
            {cells}
            <td class="num required">{required}</td>
            <td class="trend">
                {s.trend_svg.clone().map(|svg| view! {
                    <span role="img" aria-label=alt_text::sparkline(&s.unit.display_name, lang) inner_html=svg></span>
                })}
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::query_of as query;

    #[test]
    fn reads_the_table_state_from_the_url() {
        let s = TableState::from_query(&query(&[
            ("by", "avg7"),
            ("sort", "name"),
            ("dir", "worst"),
            ("region", "dong-nam-bo"),
            ("page", "2"),
            ("hl", "79"),
            ("status", "behind"),
        ]));
        assert_eq!(s.measure, Measure::Avg7);
        assert_eq!(s.column, Column::Name);
        assert!(s.reverse);
        assert_eq!(s.region.as_deref(), Some("dong-nam-bo"));
        assert_eq!((s.page, s.highlight.as_deref()), (Some(2), Some("79")));
        assert_eq!(s.verdict, Some(Verdict::Behind));
        assert!(s.errors.is_empty());
    }

    #[test]
    fn bad_parameters_fall_back_and_name_themselves() {
        let s = TableState::from_query(&query(&[
            ("by", "x"),
            ("sort", "y"),
            ("page", "0"),
            ("status", "late"),
        ]));
        assert_eq!(
            (s.measure, s.column, s.page, s.verdict),
            (Measure::PercentOfTarget, Column::Rank, None, None)
        );
        assert_eq!(s.errors.len(), 4);
        let fields: Vec<&str> = s.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["by", "sort", "page", "status"]);
        assert!(s.errors[2].text(Lang::Vi).starts_with("page: cần số trang"));
    }

    #[test]
    fn region_slugs() {
        assert_eq!(slug("Đồng bằng sông Hồng"), "dong-bang-song-hong");
    }
}
