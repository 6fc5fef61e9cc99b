//! Alerts as pages show them: a list (the alerts page, the briefing) and a
//! badge with the count of open alerts (the overview, unit pages).

use leptos::prelude::*;
use tiendo_core::i18n::alert_texts;
use tiendo_core::views::AlertRow;
use tiendo_core::{Lang, format};

use crate::components::scroll::ScrollBox;
use crate::islands::AckForm;
use crate::url::add_param;

/// "12 cảnh báo đang mở", linking to them; nothing when there are none.
#[component]
pub fn AlertBadge(
    /// Open alerts.
    count: u64,
    /// The alerts page, filtered to the unit.
    href: String,
    /// Language.
    lang: Lang,
) -> impl IntoView {
    let t = alert_texts(lang);
    let href = if lang == Lang::En {
        add_param(&href, "lang", "en")
    } else {
        href
    };
    (count > 0).then(|| {
        view! {
            <a class="alert-badge" href=href data-testid="alert-badge">
                {format::int(count, lang)} " " {t.open_alerts}
            </a>
        }
    })
}

/// A table of alerts; rows the reader may acknowledge get a comment field
/// and a button (when `csrf` is given: a signed-in reader).
#[component]
pub fn AlertList(
    /// The alerts.
    rows: Vec<AlertRow>,
    /// Language.
    lang: Lang,
    /// The signed-in reader's CSRF token.
    #[prop(optional)]
    csrf: Option<String>,
    /// The table's test id.
    id: &'static str,
) -> impl IntoView {
    let t = alert_texts(lang);
    let body = rows
        .into_iter()
        .map(|row| {
            let a = &row.alert;
            let severity = a.severity.slug();
            let ack = match (&a.acknowledged_by, &a.comment) {
                (Some(by), comment) => Some(view! {
                    <p class="ack">{t.acknowledged_by} " " {by.clone()} {comment.clone().map(|c| format!(": {c}"))}</p>
                }),
                _ => None,
            };
            let form = match (row.may_acknowledge, &csrf) {
                (true, Some(csrf)) => Some(view! { <AckForm csrf=csrf.clone() id=a.id lang /> }),
                _ => None,
            };
            view! {
                <tr data-alert=a.id data-rule=a.rule.slug() data-state=a.state.slug()>
                    <td><span class=format!("severity {severity}")>{a.severity.label(lang)}</span></td>
                    <td><a href=row.link.clone()>{a.unit_name.clone()}</a> " " <span class="code">{a.unit.clone()}</span></td>
                    <td>{a.rule.label(lang)}</td>
                    <td>{row.text.clone()} {ack} {form}</td>
                    <td>{a.state.label(lang)}</td>
                    <td><time datetime=a.first_seen.clone()>{format::timestamp_vn(&a.first_seen)}</time></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ScrollBox label=t.alerts>
            <table class="alerts" data-testid=id>
                <thead>
                    <tr>
                        <th scope="col">{t.severity}</th>
                        <th scope="col">{t.unit}</th>
                        <th scope="col">{t.rule}</th>
                        <th scope="col">{t.what}</th>
                        <th scope="col">{t.state}</th>
                        <th scope="col">{t.since}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </ScrollBox>
    }
}
