//! Live updates: the page listens to `/api/v1/events` (server-sent events,
//! one `version` event per change of the figures) and, when the version
//! passes the one the page was made at, its data is fetched again in place
//! and the top bar says "cập nhật lúc hh:mm:ss". The browser's
//! `EventSource` reconnects by itself after a dropped link.

use leptos::prelude::*;
use tiendo_core::i18n::alert_texts;

use crate::components::nav::use_lang;

/// The name of the `<meta>` carrying the data version a page was made at.
pub const VERSION_META: &str = "tiendo-version";

/// What pages read of the live updates.
#[derive(Clone, Copy)]
pub struct Live {
    /// Moves each time newer figures are announced.
    pub tick: RwSignal<u64>,
    /// When the last update came, as hh:mm:ss (browser time).
    pub updated: RwSignal<Option<String>>,
}

/// Starts listening (in the browser only) and shares [`Live`] with the pages.
pub fn provide_live() {
    let live = Live {
        tick: RwSignal::new(0),
        updated: RwSignal::new(None),
    };
    provide_context(live);
    // Effects run only once hydrated: the server opens no stream.
    Effect::new(move |_| listen(live));
}

/// A source key part that changes with each update: put it in a page's
/// `Resource` source so that the page fetches its data again.
pub fn use_live() -> impl Fn() -> u64 + Copy + Send + Sync + 'static {
    let live = use_context::<Live>();
    move || live.map_or(0, |l| l.tick.get())
}

/// "cập nhật lúc 14:03:12" after an update, for screen readers too.
#[component]
pub fn LiveStatus() -> impl IntoView {
    let lang = use_lang();
    let live = use_context::<Live>();
    let text = move || {
        let at = live.and_then(|l| l.updated.get())?;
        Some(format!("{} {at}", alert_texts(lang.get()).live_updated))
    };
    view! { <span class="live-status" role="status" aria-live="polite" data-testid="live-status">{text}</span> }
}

#[cfg(feature = "hydrate")]
fn listen(live: Live) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let start = document()
        .query_selector(&format!("meta[name=\"{VERSION_META}\"]"))
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .and_then(|v| v.parse::<i64>().ok());
    let Ok(source) = web_sys::EventSource::new("/api/v1/events") else {
        return;
    };
    let mut seen = start;
    let on_version =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            // The event's id is the version (the data says the same, as JSON).
            let Ok(version) = e.last_event_id().parse::<i64>() else {
                return;
            };
            match seen {
                Some(v) if version <= v => {}
                // Without a starting point (a page from an older server), the first event is it.
                None => seen = Some(version),
                Some(_) => {
                    seen = Some(version);
                    let now = js_sys::Date::new_0();
                    live.updated.set(Some(format!(
                        "{:02}:{:02}:{:02}",
                        now.get_hours(),
                        now.get_minutes(),
                        now.get_seconds()
                    )));
                    live.tick.update(|t| *t += 1);
                }
            }
        });
    let _ = source.add_event_listener_with_callback("version", on_version.as_ref().unchecked_ref());
    // Both live as long as the page.
    on_version.forget();
    std::mem::forget(source);
}

#[cfg(not(feature = "hydrate"))]
fn listen(_: Live) {}
