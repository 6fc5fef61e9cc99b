//! A short ranked table of provinces.

use leptos::prelude::*;
use tiendo_core::overview::ProvinceScore;
use tiendo_core::{Lang, format};

use crate::i18n::texts;

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
                                    <td>{r.name}</td>
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
