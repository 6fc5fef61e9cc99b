//! `/report/upload`: an uploaded file, every row with its errors and
//! warnings, before anything is written; then the whole file, or nothing.

use leptos::prelude::*;
use tiendo_core::i18n::account_texts;
use tiendo_core::views::UploadPreview;
use tiendo_core::{Lang, Stage, format};

use crate::api::{CommitUpload, DiscardUpload, get_upload};
use crate::components::nav::use_lang;
use crate::components::page::{DataPage, PageTitle};
use crate::components::scroll::ScrollBox;
use crate::pages::report::{Outcome, SignedInLine};

/// The preview of the waiting upload.
#[component]
pub fn UploadPage() -> impl IntoView {
    let lang = use_lang();
    let preview = Resource::new(move || lang.get(), get_upload);
    view! {
        <DataPage data=preview body=|p, lang| {
            let title = match &p {
                Some(p) => format!("{} · {}", account_texts(lang).preview, p.file_name),
                None => account_texts(lang).preview.to_string(),
            };
            view! { <PageTitle text=title /> <UploadBody preview=p lang /> }.into_any()
        } />
    }
}

/// The preview and its two buttons; after either, what waits is fetched
/// again in place (nothing, once written or discarded).
#[island]
pub fn UploadBody(preview: Option<UploadPreview>, lang: Lang) -> impl IntoView {
    let commit = ServerAction::<CommitUpload>::new();
    let discard = ServerAction::<DiscardUpload>::new();
    let data = RwSignal::new(preview);
    Effect::new(move |_| {
        let (c, d) = (commit.version().get(), discard.version().get());
        if c + d > 0 {
            leptos::task::spawn_local(async move {
                if let Ok(fresh) = get_upload(lang).await {
                    data.set(fresh);
                }
            });
        }
    });
    move || view! { <UploadView preview=data.get() lang commit discard /> }
}

#[component]
fn UploadView(
    preview: Option<UploadPreview>,
    lang: Lang,
    commit: ServerAction<CommitUpload>,
    discard: ServerAction<DiscardUpload>,
) -> impl IntoView {
    let t = account_texts(lang);
    let back = view! { <p><a href="/report">{t.back_to_report}</a></p> };
    let Some(p) = preview else {
        return view! {
            <h1>{t.preview}</h1>
            <Outcome outcome=commit.value() lang confirm=|_| {} />
            <p data-testid="no-upload">{t.no_upload}</p>
            {back}
        }
        .into_any();
    };
    let csrf = p.signed_in.csrf.clone();
    let send = {
        let csrf = csrf.clone();
        move |confirmed: bool| {
            commit.dispatch(CommitUpload {
                csrf: csrf.clone(),
                confirmed,
                lang,
            });
        }
    };
    let send_now = send.clone();
    let blocked = p.rows_with_errors > 0 || !p.file_errors.is_empty();
    let heads = Stage::ALL.map(|s| view! { <th class="num">{s.label(lang)}</th> });
    let rows = p
        .rows
        .iter()
        .map(|r| {
            let class = if !r.errors.is_empty() {
                "bad"
            } else if !r.warnings.is_empty() {
                "warn"
            } else {
                ""
            };
            let counts = Stage::ALL.map(|s| view! { <td class="num">{r.counts.get(s).clone()}</td> });
            view! {
                <tr class=class data-row=r.row>
                    <td class="num">{r.row}</td>
                    <td>{r.unit.clone()}</td>
                    <td>{r.name.clone().unwrap_or_default()}</td>
                    <td>{r.date.clone()}</td>
                    {counts}
                    <td>
                        <ul class="errors">{r.errors.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}</ul>
                        <ul class="warnings">{r.warnings.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}</ul>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h1>{t.preview} " · " {p.file_name.clone()}</h1>
        <SignedInLine signed_in=p.signed_in.clone() lang />
        {(!p.file_errors.is_empty()).then(|| view! {
            <ul class="errors error" data-testid="file-errors">{p.file_errors.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}</ul>
        })}
        <p class="summary" data-testid="upload-summary">
            {t.figures_to_write} ": " <strong>{format::int(p.figures as u64, lang)}</strong>
            " · " {t.rows_with_errors} ": " <strong data-testid="rows-with-errors">{p.rows_with_errors}</strong>
            " · " {t.rows_with_warnings} ": " <strong>{p.rows_with_warnings}</strong>
        </p>
        <div class="actions">
            <button type="button" id="commit" disabled=blocked on:click=move |_| send_now(false)>{t.commit}</button>
            <button type="button" id="discard" on:click=move |_| { discard.dispatch(DiscardUpload { csrf: csrf.clone() }); }>{t.discard}</button>
        </div>
        <Outcome outcome=commit.value() lang confirm=send />
        <ScrollBox label=t.preview>
            <table class="preview" data-testid="preview">
                <thead><tr><th class="num">{t.row}</th><th>{t.unit}</th><th></th><th>{t.day}</th>{heads}<th>{t.problems}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </ScrollBox>
        {back}
    }
    .into_any()
}
