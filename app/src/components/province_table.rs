//! A short ranked table of provinces.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use tiendo_core::overview::ProvinceScore;
use tiendo_core::{Lang, Level, format};

use crate::components::ranking_table::{KEPT_ON_LINKS, unit_path};
use crate::i18n::texts;
use crate::url::keeping;

/// Provinces with rank, region, cumulative and % of target.
#[component]
pub fn ProvinceTable(
    /// Heading.
    title: &'static str,
    /// Rows, in display order.
    rows: Vec<ProvinceScore>,
    /// Language.
    lang: Lang,
    /// Test hook.
    id: &'static str,
) -> impl IntoView {
    let t = texts(lang);
    let suffix = keeping("", &use_query_map().read_untracked(), &KEPT_ON_LINKS);
    view! {
        <section class="province-table" id=id>
            <h3>{title}</h3>
            <table>
                <thead>
                    <tr>
                        <th>{t.rank}</th>
                        <th>{t.province}</th>
                        <th class="hide-narrow">{t.region}</th>
                        <th class="num">{t.cumulative}</th>
                        <th class="num">"%"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| {
                            view! {
                                <tr>
                                    <td>{r.rank}</td>
                                    <td>
                                        <a href=format!("{}{suffix}", unit_path(Level::Province, &r.code))>{r.name}</a>
                                    </td>
                                    <td class="hide-narrow">{r.region}</td>
                                    <td class="num">{format::int(r.cumulative, lang)}</td>
                                    <td class="num">{format::percent(r.percent_of_target, lang)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}
