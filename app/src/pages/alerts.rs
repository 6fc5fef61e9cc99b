//! `/alerts?state=&rule=&severity=&province=&unit=`: the campaign's alerts,
//! filtered by what the URL holds. A province commander sees those of the
//! province only, and acknowledges them with a comment; the server decides.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use tiendo_core::alerts::{AlertQuery, AlertState, Rule, Severity};
use tiendo_core::i18n::alert_texts;
use tiendo_core::views::AlertsPage;
use tiendo_core::{Lang, format};

use crate::api::get_alerts;
use crate::components::alerts::AlertList;
use crate::components::nav::use_lang;
use crate::components::page::{DataPage, PageTitle};

/// The alerts page.
#[component]
pub fn AlertsPageView() -> impl IntoView {
    let query = use_query_map();
    let lang = use_lang();
    let filter = Memo::new(move |_| {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        AlertQuery {
            state: get("state"),
            rule: get("rule"),
            severity: get("severity"),
            province: get("province"),
            unit: get("unit"),
        }
    });
    let page = Resource::new(
        move || (filter.get(), lang.get()),
        |(f, l)| get_alerts(f, l),
    );
    view! {
        <DataPage data=page body=|p, lang| view! { <AlertsBody page=p lang /> }.into_any() />
    }
}

#[component]
fn AlertsBody(page: AlertsPage, lang: Lang) -> impl IntoView {
    let t = alert_texts(lang);
    let f = page.filter.clone();
    let options = |choices: Vec<(String, String)>, current: &str, any: &'static str| {
        let current = current.to_string();
        let mut all = vec![(String::new(), any.to_string())];
        all.extend(choices);
        all.into_iter()
            .map(|(value, label)| {
                let selected = value == current;
                view! { <option value=value selected=selected>{label}</option> }
            })
            .collect_view()
    };
    let provinces = options(page.provinces.clone(), &f.province, t.any);
    let rules = options(
        Rule::ALL
            .map(|r| (r.slug().to_string(), r.label(lang).to_string()))
            .to_vec(),
        &f.rule,
        t.any,
    );
    let severities = options(
        Severity::ALL
            .map(|s| (s.slug().to_string(), s.label(lang).to_string()))
            .to_vec(),
        &f.severity,
        t.any,
    );
    let mut state_choices: Vec<(String, String)> = AlertState::ALL
        .map(|s| (s.slug().to_string(), s.label(lang).to_string()))
        .to_vec();
    state_choices.push(("all".into(), t.all_states.into()));
    let states = options(state_choices, &f.state, t.current);
    let csrf = page.signed_in.as_ref().map(|s| s.csrf.clone());
    let count = page.alerts.len();
    let list = if page.alerts.is_empty() {
        view! { <p class="note" data-testid="no-alerts">{t.none}</p> }.into_any()
    } else {
        match csrf {
            Some(csrf) => view! { <AlertList rows=page.alerts lang csrf id="alerts" /> }.into_any(),
            None => view! { <AlertList rows=page.alerts lang id="alerts" /> }.into_any(),
        }
    };
    let unit = (!f.unit.is_empty())
        .then(|| view! { <input type="hidden" name="unit" value=f.unit.clone() /> });
    let english =
        (lang == Lang::En).then(|| view! { <input type="hidden" name="lang" value="en" /> });
    view! {
        <PageTitle text=t.alerts.to_string() />
        <h1>{t.alerts}</h1>
        <p class="note">{t.intro}</p>
        // A GET form: each choice sends it (in place, through the navigator).
        <form class="controls" method="get" action="/alerts" data-auto="">
            <label><span>{t.province}</span><select id="alert-province" name="province">{provinces}</select></label>
            <label><span>{t.rule}</span><select id="alert-rule" name="rule">{rules}</select></label>
            <label><span>{t.severity}</span><select id="alert-severity" name="severity">{severities}</select></label>
            <label><span>{t.state}</span><select id="alert-state" name="state">{states}</select></label>
            {unit}
            {english}
            <noscript><button type="submit">{t.show}</button></noscript>
        </form>
        <p class="count" data-testid="alert-count">{format::int(count as u64, lang)} " " {t.alerts.to_lowercase()}</p>
        {list}
        {page.truncated.then(|| view! { <p class="note">{t.truncated}</p> })}
    }
}
