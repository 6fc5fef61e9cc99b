//! The frame of a page whose data comes from the server: the top bar, then
//! the body once the data is in, or an error naming what was wrong.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tiendo_core::Lang;

use crate::components::error_box::ErrorBox;
use crate::components::nav::{TopBar, use_lang};
use crate::i18n::texts;

/// The page's own `<title>`: "what it shows · Tiendo".
#[component]
pub fn PageTitle(
    /// What the page shows, in its language.
    #[prop(into)]
    text: Signal<String>,
) -> impl IntoView {
    view! { <Title text=move || format!("{} · Tiendo", text.get()) /> }
}

/// Top bar and `body(data, lang)` once `data` is in; earlier data stays shown while new data loads.
#[component]
pub fn DataPage<T, F>(
    /// What the page shows, from a server function.
    data: Resource<Result<T, ServerFnError>>,
    /// Renders the data.
    body: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(T, Lang) -> AnyView + Clone + Send + Sync + 'static,
{
    let lang = use_lang();
    view! {
        <TopBar />
        <main class="page" id="main">
            <Transition fallback=move || view! { <p class="loading">{texts(lang.get_untracked()).loading}</p> }>
                {move || {
                    let body = body.clone();
                    Suspend::new(async move {
                        let lang = lang.get();
                        match data.await {
                            Ok(v) => body(v, lang),
                            Err(e) => view! { <ErrorBox message=e.to_string() lang /> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </main>
    }
}
