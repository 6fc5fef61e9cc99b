//! `/report?unit=&date=`: the day's figures of one commune, by form, or many
//! by file; what is recorded for that day and the days before; the
//! commune's corrections. Only for signed-in accounts that report, and only
//! for their communes (the server checks both on every request).

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;
use tiendo_core::i18n::account_texts;
use tiendo_core::views::{ReportPage, SubmitOutcome};
use tiendo_core::{Lang, Stage, format};

use crate::api::{SubmitReport, get_report_page};
use crate::components::changes::ChangesTable;
use crate::components::date_field::DateField;
use crate::components::error_box::server_message;
use crate::components::page::{DataPage, PageTitle};

/// The reporting page.
#[component]
pub fn ReportPageView() -> impl IntoView {
    let query = use_query_map();
    let page = Resource::new(
        move || {
            let q = query.read();
            (q.get("unit"), q.get("date"))
        },
        |(unit, date)| get_report_page(unit, date),
    );
    view! {
        <DataPage data=page body=|p, lang| view! {
            <PageTitle text=account_texts(lang).report.to_string() />
            <ReportBody page=p lang />
        }.into_any() />
    }
}

/// Who is signed in, in one line.
#[component]
pub fn SignedInLine(signed_in: tiendo_core::views::SignedIn, lang: Lang) -> impl IntoView {
    let t = account_texts(lang);
    view! {
        <p class="note" data-testid="signed-in">
            {t.signed_in_as} ": " <strong>{signed_in.actor.name.clone()}</strong>
            " · " {signed_in.actor.role.label(lang)} " · " {signed_in.scope_name.clone()}
        </p>
    }
}

/// The page's body, interactive: after a write it fetches the day's figures
/// and corrections again, in place.
#[island]
pub fn ReportBody(page: ReportPage, lang: Lang) -> impl IntoView {
    let submit = ServerAction::<SubmitReport>::new();
    let data = RwSignal::new(page);
    // Once hydrated: a written batch changes what the page shows.
    Effect::new(move |_| {
        if let Some(Ok(o)) = submit.value().get()
            && o.written
        {
            let (unit, day) =
                data.with_untracked(|p| (p.unit.as_ref().map(|u| u.code.clone()), p.day));
            leptos::task::spawn_local(async move {
                if let Ok(fresh) = get_report_page(unit, Some(day.to_string())).await {
                    data.set(fresh);
                }
            });
        }
    });
    move || view! { <ReportView page=data.get() lang submit /> }
}

#[component]
fn ReportView(page: ReportPage, lang: Lang, submit: ServerAction<SubmitReport>) -> impl IntoView {
    let t = account_texts(lang);
    let csrf = page.signed_in.csrf.clone();
    let unit_field = page.unit.as_ref().map(|u| u.code.clone());
    let chooser = if page.communes.is_empty() {
        // Too many to list: the code is typed.
        view! {
            <form method="get" action="/report" class="inline">
                <label for="unit-code">{t.commune_code}</label>
                <input id="unit-code" name="unit" inputmode="numeric" maxlength="5"
                    value=unit_field.clone().unwrap_or_default() />
                <input type="hidden" name="date" value=page.day.to_string() />
                <button type="submit">{t.choose_commune}</button>
            </form>
        }
        .into_any()
    } else {
        let options = page
            .communes
            .iter()
            .map(|c| {
                let selected = unit_field.as_deref() == Some(c.code.as_str());
                view! { <option value=c.code.clone() selected=selected>{c.display_name.clone()} " (" {c.code.clone()} ")"</option> }
            })
            .collect_view();
        // A GET form: choosing a commune sends it.
        view! {
            <form method="get" action="/report" class="inline" data-auto="">
                <label for="unit">{t.commune}</label>
                <select id="unit" name="unit">
                    <option value="">{t.choose_commune}</option>
                    {options}
                </select>
                <input type="hidden" name="date" value=page.day.to_string() />
                <noscript><button type="submit">{t.choose_commune}</button></noscript>
            </form>
        }
        .into_any()
    };
    let recorded = page.recent.first().map(|d| d.counts.clone());
    let form = page.unit.clone().map(|unit| {
        let fields = Stage::ALL.map(|stage| {
            let now = recorded.as_ref().and_then(|r| *r.get(stage));
            (stage, RwSignal::new(now.map(|v| v.to_string()).unwrap_or_default()), now)
        });
        let values = fields.clone();
        let send = {
            let (csrf, unit, day) = (csrf.clone(), unit.code.clone(), page.day);
            move |confirmed: bool| {
                let [a, p, d] = values.clone().map(|(_, v, _)| v.get_untracked());
                submit.dispatch(SubmitReport {
                    csrf: csrf.clone(),
                    unit: unit.clone(),
                    date: format::date(day),
                    applications: a,
                    produced: p,
                    delivered: d,
                    confirmed: Some(confirmed.to_string()),
                    lang: Some(lang.code().to_string()),
                });
            }
        };
        let send_confirmed = send.clone();
        let inputs = fields
            .into_iter()
            .map(|(stage, value, now)| {
                view! {
                    <label class="count">
                        <span>{stage.label(lang)}</span>
                        <input id=format!("count-{}", stage.slug()) name=stage.slug() inputmode="numeric"
                            autocomplete="off" bind:value=value />
                        <small class="note">{now.map(|v| format!("{}: {}", t.recorded_now, format::int(v, lang)))}</small>
                    </label>
                }
            })
            .collect_view();
        view! {
            <form class="report-form" method="post" action=SubmitReport::url()
                on:submit=move |ev| { ev.prevent_default(); send(false); }>
                <input type="hidden" name="csrf" value=csrf.clone() />
                <input type="hidden" name="unit" value=unit.code.clone() />
                <input type="hidden" name="date" value=format::date(page.day) />
                <input type="hidden" name="lang" value=lang.code() />
                <fieldset>
                    <legend>{t.day_counts} " · " {unit.display_name.clone()} " · " {format::date(page.day)}</legend>
                    <div class="counts">{inputs}</div>
                </fieldset>
                <button type="submit" id="send" disabled=move || submit.pending().get()>{t.send}</button>
                <Outcome outcome=submit.value() lang confirm=send_confirmed />
            </form>
        }
    });
    let recent = (!page.recent.is_empty()).then(|| {
        let rows = page
            .recent
            .iter()
            .map(|d| {
                let cells = Stage::ALL.map(|s| {
                    view! { <td class="num">{d.counts.get(s).map_or_else(|| "—".to_string(), |v| format::int(v, lang))}</td> }
                });
                view! { <tr><td>{format::date(d.day)}</td>{cells}</tr> }
            })
            .collect_view();
        let heads = Stage::ALL.map(|s| view! { <th class="num">{s.label(lang)}</th> });
        view! {
            <section>
                <h2>{t.recent}</h2>
                <table data-testid="recent"><thead><tr><th>{t.day}</th>{heads}</tr></thead><tbody>{rows}</tbody></table>
            </section>
        }
    });
    let changes = page.unit.as_ref().map(|_| {
        view! {
            <section>
                <h2>{t.changes}</h2>
                <ChangesTable changes=page.changes.clone() lang />
            </section>
        }
    });
    let template = |ext: &str| {
        format!(
            "/report/template.{ext}{}",
            if lang == Lang::En { "?lang=en" } else { "" }
        )
    };
    view! {
        <h1>{t.report}</h1>
        <SignedInLine signed_in=page.signed_in.clone() lang />
        <div class="report-choice">
            {chooser}
            <form method="get" action="/report" class="asof" data-auto="">
                <label for="report-day">{t.day}</label>
                <DateField id="report-day" name="date" value=Some(page.day) first=page.first_day last=page.last_day lang />
                {unit_field.map(|u| view! { <input type="hidden" name="unit" value=u /> })}
            </form>
        </div>
        {form}
        {recent}
        {changes}
        <section class="upload">
            <h2>{t.upload}</h2>
            <p class="note">{t.upload_hint}</p>
            <form method="post" action="/report/upload" enctype="multipart/form-data">
                <input type="hidden" name="csrf" value=csrf />
                <input type="hidden" name="lang" value=lang.code() />
                <input type="file" id="file" name="file" accept=".csv,.xlsx,text/csv" required />
                <button type="submit" id="upload">{t.upload_button}</button>
            </form>
            <p>{t.template} ": "
                <a href=template("xlsx") data-testid="template-xlsx">"Excel (XLSX)"</a> " · "
                <a href=template("csv") data-testid="template-csv">"CSV"</a>
            </p>
        </section>
    }
}

/// What became of the last submission; with warnings, a button that
/// sends the same figures confirmed.
#[component]
pub fn Outcome<F>(
    #[prop(into)] outcome: Signal<Option<Result<SubmitOutcome, ServerFnError>>>,
    lang: Lang,
    confirm: F,
) -> impl IntoView
where
    F: Fn(bool) + Clone + Send + Sync + 'static,
{
    let t = account_texts(lang);
    move || {
        let confirm = confirm.clone();
        outcome.get().map(|result| match result {
            Err(e) => view! {
                <div class="error" role="alert" data-testid="outcome-error">{server_message(&e)}</div>
            }
            .into_any(),
            Ok(o) if o.written => view! {
                <div class="done" role="status" data-testid="outcome-written">
                    <p>{t.written}</p>
                    <ul>{o.summary.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                </div>
            }
            .into_any(),
            Ok(o) => view! {
                <div class="outcome" role="alert" data-testid="outcome-problems">
                    {(!o.errors.is_empty()).then(|| view! {
                        <p>{t.not_written}</p>
                        <ul class="errors">{o.errors.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}</ul>
                    })}
                    {(!o.warnings.is_empty()).then(|| view! {
                        <p>{t.warnings}</p>
                        <ul class="warnings">{o.warnings.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}</ul>
                        {o.errors.is_empty().then(|| view! {
                            <button type="button" id="confirm" on:click=move |_| confirm(true)>{t.confirm_send}</button>
                        })}
                    })}
                </div>
            }
            .into_any(),
        })
    }
}
