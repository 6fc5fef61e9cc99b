//! A failure the user can act on, such as a malformed parameter in the URL.

use leptos::prelude::*;
use tiendo_core::Lang;

use crate::api::BackendError;
use crate::i18n::texts;

/// The framework's prefix on a server function's error.
const PREFIX: &str = "error running server function: ";

/// A server function's error as the user should read it (without the
/// framework's prefix).
pub fn server_message(e: &ServerFnError) -> String {
    let message = e.to_string();
    message.strip_prefix(PREFIX).unwrap_or(&message).to_string()
}

/// The error's message (naming the field) and a way back.
#[component]
pub fn ErrorBox(message: String, lang: Lang) -> impl IntoView {
    let t = texts(lang);
    // Server function errors arrive prefixed; show only the message.
    let message = message.strip_prefix(PREFIX).unwrap_or(&message).to_string();
    // Not an error of the user's: the server has nothing to show yet.
    if message == BackendError::NoCampaign.to_string() {
        return view! {
            <div class="error no-campaign" role="status">
                <h2>{t.no_campaign}</h2>
                <p data-testid="error-message">{t.no_campaign_hint}</p>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="error" role="alert">
            <h2>{t.error}</h2>
            <p data-testid="error-message">{message}</p>
            <p>
                <a href="/">{t.back_home}</a>
            </p>
        </div>
    }
    .into_any()
}
