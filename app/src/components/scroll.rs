//! A table that may scroll sideways on a phone.

use leptos::prelude::*;

/// A box that scrolls its table sideways when it is wider than the screen;
/// focusable and named, so a keyboard can scroll it and a screen reader says what it holds.
#[component]
pub fn ScrollBox(
    /// What the table holds, for screen readers.
    #[prop(into)]
    label: String,
    /// The table.
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=label>
            {children()}
        </div>
    }
}
