//! A day typed as dd/mm/yyyy whatever the browser's locale. The field is
//! plain HTML in a GET form; the navigator (in the bundle) checks it when it
//! changes or its form is sent: only a complete, real day within the days
//! with data is sent (as YYYY-MM-DD), anything else gets a message beside
//! the field in the page's language, and the page stays as it is. Without
//! the bundle the server reads the typed dd/mm/yyyy itself.

use chrono::NaiveDate;
use leptos::prelude::*;
use tiendo_core::i18n::texts;
use tiendo_core::{Lang, format};

/// A date field named `name` (the GET form's parameter), showing `value`.
#[component]
pub fn DateField(
    /// The input's id (its `<label for>` names it).
    id: &'static str,
    /// The form parameter it fills.
    name: &'static str,
    /// The day shown.
    value: Option<NaiveDate>,
    /// First day with data.
    first: NaiveDate,
    /// Last day with data.
    last: NaiveDate,
    /// Language of the placeholder.
    lang: Lang,
    /// Whether the field may be left empty.
    #[prop(optional)]
    optional: bool,
    /// Whether the day shown is the default rather than one asked for: the
    /// navigator then leaves it out of the address while it is unchanged,
    /// so the page keeps following the newest day.
    #[prop(optional)]
    implicit: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <span class="date-field">
            <input
                id=id
                name=name
                type="text"
                inputmode="numeric"
                autocomplete="off"
                spellcheck="false"
                size="10"
                maxlength="10"
                placeholder=texts(lang).date_placeholder
                value=value.map(format::date).unwrap_or_default()
                aria-invalid="false"
                aria-describedby=error_id.clone()
                data-date-field=""
                data-first=first.to_string()
                data-last=last.to_string()
                data-optional=optional.then_some("")
                data-implicit=implicit.then_some("")
            />
            <span id=error_id class="field-error" aria-live="polite"></span>
        </span>
    }
}
