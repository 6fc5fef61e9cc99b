//! Tiendo's web UI: pages, components and the server functions they call.
//! Compiled twice: with `ssr` into the server, with `hydrate` into the wasm bundle.
//!
//! Pages are rendered on the server only (Leptos islands): every control is a
//! link or a GET form that works before and without the bundle. The bundle
//! carries the few interactive parts ([`islands`]) and the [`navigator`],
//! which turns those links and forms into in-place updates once it arrives.

#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod i18n;
pub mod islands;
#[cfg(feature = "hydrate")]
pub mod navigator;
pub mod pages;
pub mod url;

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Html, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{ParamSegment, SsrMode, StaticSegment};
use tiendo_core::Level;

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        // `lang` comes from the page (Document below), in its language.
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                // Content-hashed names when cargo-leptos built them so: a
                // deploy never pairs old wasm with new HTML.
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options.clone() />
                <HydrationScripts options islands=true />
                // Keeps list boxes working before the bundle arrives (server/src/http/early.js).
                <script src="/early.js" async></script>
                // The data version the page was made at: live updates start from it.
                {version_meta()}
                <MetaTags />
            </head>
            <body>
                <App />
                // Islands hydrate in document order: the last one marks the page ready.
                <islands::HydratedMark />
            </body>
        </html>
    }
}

/// `<meta name="tiendo-version">`: the data version the page was made at.
fn version_meta() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let version = api::data_version();
    #[cfg(not(feature = "ssr"))]
    let version: Option<i64> = None;
    version.map(|v| view! { <meta name=url::VERSION_META content=v.to_string() /> })
}

/// The application: routes to pages.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Document />
            <Routes fallback=pages::not_found::NotFound>
                // Async: the page is sent whole once its data is in, in one piece
                // that compresses cheaply, rather than streamed in many chunks.
                <Route path=StaticSegment("") view=pages::overview::OverviewPage ssr=SsrMode::Async />
                <Route path=StaticSegment("rankings") view=pages::rankings::RankingsPage ssr=SsrMode::Async />
                <Route path=StaticSegment("map") view=pages::map::MapPage ssr=SsrMode::Async />
                <Route path=StaticSegment("search") view=pages::search::SearchPage ssr=SsrMode::Async />
                <Route path=StaticSegment("charts") view=pages::charts::ChartsPage ssr=SsrMode::Async />
                <Route path=StaticSegment("briefing") view=pages::briefing::BriefingPage ssr=SsrMode::Async />
                <Route path=StaticSegment("sign-in") view=pages::sign_in::SignInPage ssr=SsrMode::Async />
                <Route path=StaticSegment("report") view=pages::report::ReportPageView ssr=SsrMode::Async />
                <Route path=(StaticSegment("report"), StaticSegment("upload")) view=pages::upload::UploadPage ssr=SsrMode::Async />
                <Route path=StaticSegment("admin") view=pages::admin::AdminPageView ssr=SsrMode::Async />
                <Route path=StaticSegment("alerts") view=pages::alerts::AlertsPageView ssr=SsrMode::Async />
                <Route
                    path=(StaticSegment("p"), ParamSegment("code"))
                    view=|| view! { <pages::unit::UnitPage level=Level::Province /> }
                    ssr=SsrMode::Async
                />
                <Route
                    path=(StaticSegment("d"), ParamSegment("code"))
                    view=|| view! { <pages::unit::UnitPage level=Level::District /> }
                    ssr=SsrMode::Async
                />
                <Route
                    path=(StaticSegment("c"), ParamSegment("code"))
                    view=|| view! { <pages::unit::UnitPage level=Level::Commune /> }
                    ssr=SsrMode::Async
                />
            </Routes>
        </Router>
    }
}

/// The document's language and title follow the page's `?lang=`.
#[component]
fn Document() -> impl IntoView {
    let lang = components::nav::use_lang();
    view! {
        <Html {..} lang=move || lang.get().code() />
        <Title text=move || format!("Tiendo · {}", tiendo_core::i18n::texts(lang.get()).tagline) />
    }
}

/// Entry point of the wasm bundle (Leptos' island loader calls it by this
/// name): starts the navigator and readies the islands, which the loader
/// hydrates once this returns.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    navigator::install();
    leptos::mount::hydrate_islands();
}
