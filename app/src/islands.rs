//! The interactive parts of pages (Leptos islands): only these are compiled
//! into the browser's bundle and hydrated; everything else is rendered on
//! the server alone. Islands take their data as serialized props (no router,
//! no context from the page around them) and talk to the server through
//! server functions.
//!
//! Besides the two here: the reporting form (`pages::report::ReportBody`),
//! the upload preview (`pages::upload::UploadBody`) and the administration
//! page (`pages::admin::AdminBody`), each the whole of its signed-in page.

use leptos::prelude::*;
use tiendo_core::Lang;
use tiendo_core::i18n::alert_texts;

use crate::api::AcknowledgeAlert;
use crate::components::error_box::server_message;

/// Marks the page ready (`body[data-hydrated]`), for the getting-ready bar,
/// operators' checks and the browser tests. Islands hydrate in document
/// order, so this one, placed last, runs when every other has.
#[island]
pub fn HydratedMark() -> impl IntoView {
    Effect::new(|| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

/// Acknowledging one alert with a comment; on success the page's alerts are
/// fetched again in place. The server decides who may.
#[island]
pub fn AckForm(
    /// The signed-in reader's CSRF token.
    csrf: String,
    /// The alert.
    id: i64,
    /// Language.
    lang: Lang,
) -> impl IntoView {
    let t = alert_texts(lang);
    let action = ServerAction::<AcknowledgeAlert>::new();
    let comment = RwSignal::new(String::new());
    let field = format!("ack-{id}");
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            #[cfg(feature = "hydrate")]
            crate::navigator::refresh();
        }
    });
    view! {
        <form class="inline ack-form" on:submit=move |ev| {
            ev.prevent_default();
            action.dispatch(AcknowledgeAlert { csrf: csrf.clone(), id, comment: comment.get_untracked() });
        }>
            <label class="sr-only" for=field.clone()>{t.comment}</label>
            <input id=field placeholder=t.comment bind:value=comment required maxlength="500" size="24" />
            <button type="submit" class="small" disabled=move || action.pending().get()>{t.acknowledge}</button>
            {move || action.value().get().and_then(Result::err).map(|e| view! {
                <p class="error" role="alert">{server_message(&e)}</p>
            })}
        </form>
    }
}
