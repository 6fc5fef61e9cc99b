//! A unit's corrections: who changed which figure, when, and how.

use crate::components::scroll::ScrollBox;
use leptos::prelude::*;
use tiendo_core::i18n::{account_texts, channel_label};
use tiendo_core::intake::Change;
use tiendo_core::{Lang, format};

/// The table of `changes`, newest first.
#[component]
pub fn ChangesTable(changes: Vec<Change>, lang: Lang) -> impl IntoView {
    let t = account_texts(lang);
    if changes.is_empty() {
        return view! { <p class="note" data-testid="no-changes">{t.no_changes}</p> }.into_any();
    }
    let who = changes.iter().any(|c| c.account.is_some());
    let rows = changes
        .into_iter()
        .map(|c| {
            let before = c
                .old
                .map_or_else(|| "—".to_string(), |v| format::int(v, lang));
            view! {
                <tr>
                    <td>{format::date(c.day)}</td>
                    <td>{c.unit.clone()}</td>
                    <td>{c.stage.label(lang)}</td>
                    <td class="num">{before} " → " {format::int(c.new, lang)}</td>
                    <td>{channel_label(c.channel, lang)}</td>
                    <td>{format::timestamp_vn(&c.at)}</td>
                    {who.then(|| view! { <td>{c.account.clone().unwrap_or_default()}</td> })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <ScrollBox label=t.changes>
            <table class="changes" data-testid="changes">
                <thead>
                    <tr>
                        <th>{t.day}</th>
                        <th>{t.unit}</th>
                        <th>{texts_stage(lang)}</th>
                        <th class="num">{t.before_after}</th>
                        <th>{t.channel}</th>
                        <th>{t.when}</th>
                        {who.then(|| view! { <th>{t.who}</th> })}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </ScrollBox>
    }
    .into_any()
}

fn texts_stage(lang: Lang) -> &'static str {
    tiendo_core::i18n::texts(lang).stage
}
