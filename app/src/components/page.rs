//! The frame of a page whose data comes from the server: the top bar, then
//! the body once the data is in, or an error naming what was wrong.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tiendo_core::Lang;

use crate::components::error_box::ErrorBox;
use crate::components::nav::{TopBar, use_lang};
use crate::i18n::texts;
use crate::url::add_param;

/// The address the dashboard is published at (setting `public_url`), given
/// by the server: link previews name their picture by it.
#[derive(Clone, Debug, Default)]
pub struct PublicUrl(pub Option<String>);

/// The picture of a page's link preview: the cumulative chart of `unit`
/// (`None`: the nation) as of `date`, at the social-media size.
pub fn preview_image(unit: Option<&str>, date: Option<chrono::NaiveDate>, lang: Lang) -> String {
    let mut url = "/export/chart/cumulative.png?preset=social".to_string();
    if let Some(u) = unit {
        url = add_param(&url, "unit", u);
    }
    if let Some(d) = date {
        url = add_param(&url, "date", &d.to_string());
    }
    if lang == Lang::En {
        url = add_param(&url, "lang", "en");
    }
    url
}

/// The page's own `<title>` ("what it shows · Tiendo") and its link preview:
/// Open Graph and Twitter tags with the same title, the tagline, and a chart.
#[component]
pub fn PageTitle(
    /// What the page shows, in its language.
    #[prop(into)]
    text: Signal<String>,
    /// The preview's picture, a path on this site ([`preview_image`]);
    /// the national chart when `None`.
    #[prop(optional)]
    image: Option<String>,
) -> impl IntoView {
    let lang = crate::components::nav::use_lang();
    let origin = use_context::<PublicUrl>()
        .and_then(|p| p.0)
        .unwrap_or_default();
    let image = format!(
        "{origin}{}",
        image.unwrap_or_else(|| preview_image(None, None, lang.get_untracked()))
    );
    // The server writes the title into the head once the body has streamed,
    // and now and then the page's owner (and `text` with it) is gone by then
    // (seen on the 404 page): the text as it was when the page was made.
    let made_with = text.get_untracked();
    let title = move || {
        let text = text.try_get().unwrap_or_else(|| made_with.clone());
        format!("{text} · Tiendo")
    };
    let lang_now = lang.get_untracked();
    let description = move || {
        texts(lang.try_get().unwrap_or(lang_now))
            .tagline
            .to_string()
    };
    view! {
        <Title text=title.clone() />
        <Meta property="og:title" content=title />
        <Meta property="og:description" content=description />
        <Meta name="description" content=description />
        <Meta property="og:type" content="website" />
        <Meta property="og:site_name" content="Tiendo" />
        <Meta property="og:image" content=image.clone() />
        <Meta property="og:image:width" content="1200" />
        <Meta property="og:image:height" content="630" />
        <Meta name="twitter:card" content="summary_large_image" />
        <Meta name="twitter:image" content=image />
    }
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
