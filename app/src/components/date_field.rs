//! A day typed as dd/mm/yyyy whatever the browser's locale. It applies only
//! once complete, real and within the days with data; until then nothing is
//! sent, and a message beside the field (in the page's language) says why.

use chrono::NaiveDate;
use leptos::prelude::*;
use tiendo_core::i18n::{day_error, texts};
use tiendo_core::params::typed_day_in;
use tiendo_core::{Lang, format};

/// A date field named `name` (the GET form's parameter), showing `value`.
#[component]
pub fn DateField(
    /// The input's id (its `<label for>` names it).
    id: &'static str,
    /// The form parameter it fills without JavaScript.
    name: &'static str,
    /// The day shown.
    value: Option<NaiveDate>,
    /// First day with data.
    first: NaiveDate,
    /// Last day with data.
    last: NaiveDate,
    /// Language of the message.
    lang: Lang,
    /// Whether the field may be left empty (then `on_day(None)`).
    #[prop(optional)]
    optional: bool,
    /// Called with each complete, valid day (or `None` when emptied, if optional).
    #[prop(into)]
    on_day: Callback<Option<NaiveDate>>,
) -> impl IntoView {
    let t = texts(lang);
    let message = RwSignal::new(None::<String>);
    let apply = move |text: String| {
        if optional && text.trim().is_empty() {
            message.set(None);
            on_day.run(None);
            return;
        }
        match typed_day_in(&text, first, last) {
            Ok(day) => {
                message.set(None);
                on_day.run(Some(day));
            }
            Err(e) => message.set(Some(day_error(e, first, last, lang))),
        }
    };
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
                placeholder=t.date_placeholder
                value=value.map(format::date).unwrap_or_default()
                aria-invalid=move || message.with(Option::is_some).to_string()
                aria-describedby=error_id.clone()
                // A text field's change comes on Enter or on leaving it, never per keystroke.
                on:change=move |ev| apply(event_target_value(&ev))
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Enter" {
                        // Applied here; the form's own submission would reload the page.
                        ev.prevent_default();
                        apply(event_target_value(&ev));
                    }
                }
            />
            <span id=error_id class="field-error" aria-live="polite">{move || message.get()}</span>
        </span>
    }
}
