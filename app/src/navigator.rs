//! The navigator: what the bundle adds to pages that already work without
//! it. Pages are plain HTML rendered by the server, every control a link or
//! a GET form; once the bundle is there, this module
//! - follows links and sends GET forms between the public pages in place:
//!   it fetches the next page and swaps in its header and `main`, keeping
//!   the scroll position when only the view of the same page changes;
//! - checks typed days before anything is sent ([`DateField`]'s fields):
//!   a message beside the field, in the page's language, until the day is
//!   complete, real and within the days with data; the address gets it as
//!   YYYY-MM-DD;
//! - sends a `data-auto` form when one of its choices changes;
//! - suggests units under the search box, and updates the search page's
//!   results as one types;
//! - listens to `/api/v1/events` and, when the figures change, fetches the
//!   page again in place and says "cập nhật lúc hh:mm:ss";
//! - shows a value's label beside it on hover, focus and tap: `[data-tip]`
//!   marks and the map's provinces (their `<title>`); on a touch screen the
//!   first tap on a province shows it, the second opens it; on a page chart
//!   the day under the pointer or finger, with its figures (`data-tips`).
//!
//! [`DateField`]: crate::components::date_field::DateField

use std::cell::RefCell;

use chrono::NaiveDate;
use leptos::prelude::{document, window};
use tiendo_core::Lang;
use tiendo_core::i18n::day_error;
use tiendo_core::params::typed_day_in;
use tiendo_core::units::unit_path;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Element, Event, EventTarget, HtmlElement, HtmlFormElement, HtmlInputElement, KeyboardEvent,
    MouseEvent, Url, UrlSearchParams,
};

use crate::url::{VERSION_META, soft_path};

/// What the navigator remembers between events.
#[derive(Default)]
struct State {
    /// Counts navigations: only the latest one's answer is shown.
    navigation: u64,
    /// The data version of the figures on screen.
    version: Option<i64>,
    /// When the figures on screen last changed by a live update ("14:03:12").
    updated: Option<String>,
    /// A live update waits for the user to leave a field.
    refresh_waiting: bool,
    /// Counts suggestion requests: only the latest one's answer is shown.
    suggestion: u64,
    /// Counts results requests: only the latest one's answer is shown.
    results: u64,
    /// The timer of the search page's next results.
    results_timer: Option<i32>,
    /// Whether the last pointer was a finger (a tap, not a mouse click).
    touch: bool,
    /// The element a tap showed the label of (a second tap on it follows its link).
    tapped: Option<Element>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

fn with_state<T>(f: impl FnOnce(&mut State) -> T) -> T {
    STATE.with(|s| f(&mut s.borrow_mut()))
}

/// How a navigation treats history and scrolling.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Move {
    /// A new page: a history entry, scrolled to the top (or the address's `#id`).
    Page,
    /// Another view of the same page (sorted, filtered, another day): a history entry, same scroll.
    View,
    /// Back or forward: the entry exists already.
    History,
    /// The same address again (live update): no entry, same scroll, same focus.
    Refresh,
}

/// Starts the navigator on the page.
pub fn install() {
    if let Some(body) = document().body() {
        // `early.js` stops sending list boxes once this is set.
        let _ = body.set_attribute("data-navigator", "");
    }
    with_state(|s| s.version = page_version(&document()));
    let page = document();
    let doc: &EventTarget = page.unchecked_ref();
    listen(doc, "click", false, on_click);
    listen(doc, "submit", false, on_submit);
    listen(doc, "change", false, on_change);
    listen(doc, "input", false, on_input);
    listen(doc, "keydown", false, on_keydown);
    listen(doc, "focusout", false, |e| {
        show_tip(None);
        // Moving on to another text field is still typing: the update waits.
        let next_is_field = e
            .dyn_ref::<web_sys::FocusEvent>()
            .and_then(web_sys::FocusEvent::related_target)
            .is_some_and(|t| is_text_field(&t));
        if with_state(|s| s.refresh_waiting) && !next_is_field {
            refresh();
        }
    });
    // Image errors do not bubble: caught on the way down.
    listen(doc, "error", true, on_error);
    previews_already_failed();
    listen(doc, "pointerdown", true, |e| {
        let touch = e
            .dyn_ref::<web_sys::PointerEvent>()
            .is_some_and(|p| p.pointer_type() != "mouse");
        with_state(|s| s.touch = touch);
    });
    listen(doc, "pointerover", false, |e| {
        if !with_state(|s| s.touch) {
            show_tip(tip_target(&e));
        }
    });
    // A page chart names the day under a mouse as it moves (a tap: on_click).
    listen(doc, "pointermove", false, |e| {
        if !with_state(|s| s.touch)
            && !show_day_tip(&e)
            && e.target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .is_some_and(|t| t.closest("svg[data-x0]").ok().flatten().is_some())
        {
            show_tip(None);
        }
    });
    listen(doc, "pointerout", false, |e| {
        if !with_state(|s| s.touch) && (tip_target(&e).is_some() || leaves_day_chart(&e)) {
            show_tip(None);
        }
    });
    listen(doc, "focusin", false, |e| show_tip(tip_target(&e)));
    listen(window().unchecked_ref(), "popstate", false, |_| {
        go(current_href(), Move::History);
    });
    make_links_absolute();
    listen_to_changes();
}

/// Fetches the current page again and swaps it in (after a write or a live
/// update); waits while the user is typing in a field. The signed-in pages
/// are not swapped: their islands fetch again after their own writes, and
/// show other writers' figures when the page is next opened.
pub fn refresh() {
    if typing() {
        with_state(|s| s.refresh_waiting = true);
        return;
    }
    with_state(|s| s.refresh_waiting = false);
    if soft_path(&window().location().pathname().unwrap_or_default()) {
        go(current_href(), Move::Refresh);
    }
}

fn listen(target: &EventTarget, name: &str, capture: bool, f: impl FnMut(Event) + 'static) {
    let callback = Closure::<dyn FnMut(Event)>::new(f);
    let _ = target.add_event_listener_with_callback_and_bool(
        name,
        callback.as_ref().unchecked_ref(),
        capture,
    );
    // Listeners live as long as the page.
    callback.forget();
}

fn current_href() -> String {
    window().location().href().unwrap_or_default()
}

/// The page's language, from `<html lang>`.
fn page_lang() -> Lang {
    let code = document()
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
        .unwrap_or_default();
    Lang::from_param(Some(&code))
}

/// The data version a document was made at (`<meta name="tiendo-version">`).
fn page_version(doc: &web_sys::Document) -> Option<i64> {
    doc.query_selector(&format!("meta[name=\"{VERSION_META}\"]"))
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .and_then(|v| v.parse().ok())
}

/// Whether `url` can be shown by swapping it into this page: both public
/// pages of this site, in the same language.
fn swappable(url: &Url) -> bool {
    let here = window().location();
    let lang_of = |search: &str| {
        UrlSearchParams::new_with_str(search)
            .ok()
            .and_then(|p| p.get("lang"))
            .unwrap_or_default()
    };
    url.origin() == here.origin().unwrap_or_default()
        && soft_path(&url.pathname())
        && soft_path(&here.pathname().unwrap_or_default())
        && lang_of(&url.search()) == lang_of(&here.search().unwrap_or_default())
}

fn on_click(event: Event) {
    let Some(e) = event.dyn_ref::<MouseEvent>() else {
        return;
    };
    let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return;
    };
    if target.closest("[data-print]").ok().flatten().is_some() {
        let _ = window().print();
        return;
    }
    if let Some(button) = target.closest("[data-copy]").ok().flatten() {
        copy_field(&button);
        return;
    }
    // A tap on a page chart names the day tapped.
    if with_state(|s| s.touch) && show_day_tip(&event) {
        return;
    }
    // A tap shows the label first; a second tap on the same place follows its link.
    if with_state(|s| s.touch) {
        let nearest = map_tap(e, &target);
        let target = nearest.clone().or_else(|| tip_target(&event));
        let again = target.is_some() && with_state(|s| s.tapped.clone()) == target;
        with_state(|s| s.tapped = if again { None } else { target.clone() });
        if target.is_some() && !again {
            event.prevent_default();
            show_tip(target);
            return;
        }
        // The second tap opens the province chosen, wherever the finger landed.
        if let Some(href) = nearest.and_then(|a| a.get_attribute("href"))
            && let Ok(url) = Url::new_with_base(&href, &current_href())
        {
            event.prevent_default();
            if swappable(&url) {
                go(url.href(), Move::Page);
            } else {
                let _ = window().location().set_href(&url.href());
            }
            return;
        }
    }
    if e.default_prevented()
        || e.button() != 0
        || e.ctrl_key()
        || e.meta_key()
        || e.shift_key()
        || e.alt_key()
    {
        return;
    }
    let Some(link) = target.closest("a[href]").ok().flatten() else {
        return;
    };
    if link.has_attribute("download") || link.has_attribute("target") {
        return;
    }
    let Some(href) = link.get_attribute("href") else {
        return;
    };
    let Ok(url) = Url::new_with_base(&href, &current_href()) else {
        return;
    };
    let here = window().location();
    let same_path = url.pathname() == here.pathname().unwrap_or_default();
    // A jump within the page (the skip link) stays the browser's.
    if same_path && url.search() == here.search().unwrap_or_default() && !url.hash().is_empty() {
        return;
    }
    if !swappable(&url) {
        return;
    }
    event.prevent_default();
    go(url.href(), if same_path { Move::View } else { Move::Page });
}

fn on_submit(event: Event) {
    let Some(form) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    if !form.method().eq_ignore_ascii_case("get") || event.default_prevented() {
        return;
    }
    let Some(url) = form_url(&form) else {
        // A day is not right: its message says why; nothing is sent.
        event.prevent_default();
        return;
    };
    event.prevent_default();
    if swappable(&url) {
        let same_path = url.pathname() == window().location().pathname().unwrap_or_default();
        go(url.href(), if same_path { Move::View } else { Move::Page });
    } else {
        let _ = window().location().assign(&url.href());
    }
}

fn on_change(event: Event) {
    let Some(field) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    if let Some(input) = field.dyn_ref::<HtmlInputElement>()
        && input.has_attribute("data-date-field")
        && checked_day(input).is_err()
    {
        return;
    }
    // The search page's results follow the typing already.
    if field.has_attribute("data-results") {
        return;
    }
    if let Some(form) = field.closest("form[data-auto]").ok().flatten()
        && let Ok(form) = form.dyn_into::<HtmlFormElement>()
    {
        let _ = form.request_submit();
    }
}

fn on_keydown(event: Event) {
    // Enter in a field of a `data-auto` form sends it, whatever the form's
    // buttons (a form with several fields and no button would not send itself).
    let Some(e) = event.dyn_ref::<KeyboardEvent>() else {
        return;
    };
    if e.key() != "Enter" {
        return;
    }
    let Some(input) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
    else {
        return;
    };
    if let Some(form) = input.closest("form[data-auto]").ok().flatten()
        && let Ok(form) = form.dyn_into::<HtmlFormElement>()
    {
        event.prevent_default();
        // A day that is not right only gets its message.
        if !input.has_attribute("data-date-field") || checked_day(&input).is_ok() {
            let _ = form.request_submit();
        }
    }
}

fn on_input(event: Event) {
    let Some(input) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
    else {
        return;
    };
    if let Some(list) = input.get_attribute("data-suggest") {
        suggest(input.value(), list);
    }
    if let Some(region) = input.get_attribute("data-results")
        && let Some(form) = input.form()
    {
        // One request when the typing pauses, not one per key.
        let send = Closure::once_into_js(move || {
            with_state(|s| s.results_timer = None);
            if let Some(url) = form_url(&form) {
                swap_regions(url.href(), vec![region]);
            }
        });
        if let Some(old) = with_state(|s| s.results_timer.take()) {
            window().clear_timeout_with_handle(old);
        }
        if let Ok(id) = window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(send.unchecked_ref(), 250)
        {
            with_state(|s| s.results_timer = Some(id));
        }
    }
}

fn on_error(event: Event) {
    if let Some(img) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) {
        preview_failed(&img);
    }
}

/// A preview the server would not draw: say so, with a link to the reason.
fn preview_failed(img: &Element) {
    if let Some(id) = img.get_attribute("data-preview")
        && let Some(note) = document().get_element_by_id(&id)
    {
        let _ = note.remove_attribute("hidden");
        let _ = note.set_attribute("role", "alert");
    }
}

/// Previews that failed before the navigator listened.
fn previews_already_failed() {
    let Ok(images) = document().query_selector_all("img[data-preview]") else {
        return;
    };
    for i in 0..images.length() {
        if let Some(img) = images
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlImageElement>().ok())
            && img.complete()
            && img.natural_width() == 0
        {
            preview_failed(&img);
        }
    }
}

/// The day in a date field, or `None` when it may be and is empty; an error
/// (also shown beside the field) when it is not a day within the data.
fn checked_day(input: &HtmlInputElement) -> Result<Option<NaiveDate>, ()> {
    let day = |name: &str| {
        input
            .get_attribute(name)
            .and_then(|d| d.parse::<NaiveDate>().ok())
    };
    let (Some(first), Some(last)) = (day("data-first"), day("data-last")) else {
        return Ok(None);
    };
    let text = input.value();
    let result = if text.trim().is_empty() && input.has_attribute("data-optional") {
        Ok(None)
    } else {
        typed_day_in(&text, first, last)
            .map(Some)
            .map_err(|e| day_error(e, first, last, page_lang()))
    };
    let message = result.as_ref().err().cloned().unwrap_or_default();
    let _ = input.set_attribute("aria-invalid", &result.is_err().to_string());
    if let Some(note) = input
        .get_attribute("aria-describedby")
        .and_then(|id| document().get_element_by_id(&id))
    {
        note.set_text_content(Some(&message));
    }
    result.map_err(|_| ())
}

/// The address a GET form asks for: its fields, days as YYYY-MM-DD, empty
/// choices and an unchanged default day left out; `None` (and the message
/// beside it) when a day is not right.
fn form_url(form: &HtmlFormElement) -> Option<Url> {
    let action = form.get_attribute("action").unwrap_or_default();
    let url = Url::new_with_base(&action, &current_href()).ok()?;
    let params = UrlSearchParams::new().ok()?;
    let elements = form.elements();
    let mut all_right = true;
    for i in 0..elements.length() {
        let Some(el) = elements.item(i) else { continue };
        let Some(name) = el.get_attribute("name").filter(|n| !n.is_empty()) else {
            continue;
        };
        if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
            if input.disabled() {
                continue;
            }
            let kind = input.type_();
            if (kind == "checkbox" || kind == "radio") && !input.checked() {
                continue;
            }
            if kind == "submit" || kind == "button" || kind == "file" {
                continue;
            }
            if input.has_attribute("data-date-field") {
                match checked_day(input) {
                    Err(()) => all_right = false,
                    Ok(None) => {}
                    // The default day, untouched, stays out: the page follows the newest.
                    Ok(Some(_))
                        if input.has_attribute("data-implicit")
                            && input.value() == input.default_value() => {}
                    Ok(Some(d)) => params.append(&name, &d.to_string()),
                }
                continue;
            }
            if !input.value().is_empty() {
                params.append(&name, &input.value());
            }
        } else if let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
            if !select.value().is_empty() {
                params.append(&name, &select.value());
            }
        }
    }
    if !all_right {
        return None;
    }
    url.set_search(&String::from(params.to_string()));
    Some(url)
}

/// Whether the user is typing in a text field (a swap would take it away).
fn typing() -> bool {
    document()
        .active_element()
        .is_some_and(|e| is_text_field(&e))
}

/// Whether `target` is a field one types into.
fn is_text_field<T: JsCast>(target: &T) -> bool {
    target.dyn_ref::<HtmlInputElement>().is_some_and(|i| {
        !matches!(
            i.type_().as_str(),
            "checkbox" | "radio" | "submit" | "button"
        )
    })
}

/// Shows `href` in place: fetches it, swaps in its header and `main`, and
/// records it in history as `how` says. A failure loads the page whole.
fn go(href: String, how: Move) {
    let n = with_state(|s| {
        s.navigation += 1;
        s.navigation
    });
    set_busy(true);
    // Focus comes back to the control that asked for the new view.
    let focused = document()
        .active_element()
        .map(|e| e.id())
        .filter(|id| !id.is_empty());
    leptos::task::spawn_local(async move {
        let fetched = fetch_page(&href).await;
        if with_state(|s| s.navigation) != n {
            return;
        }
        set_busy(false);
        let Some((final_href, doc)) = fetched else {
            // A live update that failed waits for the next one; Back or
            // Forward loads the page without adding to history.
            match how {
                Move::Refresh => {}
                Move::History => {
                    let _ = window().location().replace(&href);
                }
                Move::Page | Move::View => {
                    let _ = window().location().assign(&href);
                }
            }
            return;
        };
        if !swap(&doc, &["top", "main"]) {
            let _ = window().location().assign(&final_href);
            return;
        }
        document().set_title(&doc.title());
        with_state(|s| s.version = page_version(&doc).or(s.version));
        let history = window().history();
        if let Ok(history) = history {
            match how {
                Move::Page | Move::View => {
                    let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&final_href));
                }
                Move::Refresh => {
                    let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&final_href));
                }
                Move::History => {}
            }
        }
        after_swap();
        if how != Move::Page {
            if let Some(el) = focused
                .and_then(|id| document().get_element_by_id(&id))
                .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            {
                let _ = el.focus();
            }
            return;
        }
        {
            let hash = Url::new(&final_href).map(|u| u.hash()).unwrap_or_default();
            let target = hash
                .strip_prefix('#')
                .and_then(|id| document().get_element_by_id(id));
            match target {
                Some(t) => t.scroll_into_view(),
                None => window().scroll_to_with_x_and_y(0.0, 0.0),
            }
            // Screen readers hear the new page from its start.
            if let Some(main) = document().get_element_by_id("main")
                && let Ok(main) = main.dyn_into::<HtmlElement>()
            {
                let _ = main.set_attribute("tabindex", "-1");
                let _ = main.focus();
            }
        }
    });
}

/// Fetches `href` and swaps in only the elements with `ids` (the address
/// replaces the current one: the search page's results).
fn swap_regions(href: String, ids: Vec<String>) {
    let n = with_state(|s| {
        s.results += 1;
        s.results
    });
    leptos::task::spawn_local(async move {
        let fetched = fetch_page(&href).await;
        // A slower answer to an earlier query must not replace a newer one.
        if with_state(|s| s.results) != n {
            return;
        }
        let Some((final_href, doc)) = fetched else {
            return;
        };
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        swap(&doc, &ids);
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&final_href));
        }
        after_swap();
    });
}

/// The page at `href` (after redirects: its final address) as a document.
async fn fetch_page(href: &str) -> Option<(String, web_sys::Document)> {
    let init = web_sys::RequestInit::new();
    let headers = web_sys::Headers::new().ok()?;
    headers.append("Accept", "text/html").ok()?;
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(href, &init).ok()?;
    let response: web_sys::Response = JsFuture::from(window().fetch_with_request(&request))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    let html = response
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .is_some_and(|c| c.starts_with("text/html"));
    if !html {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()?;
    let doc = web_sys::DomParser::new()
        .ok()?
        .parse_from_string(&text, web_sys::SupportedType::TextHtml)
        .ok()?;
    Some((response.url(), doc))
}

/// Replaces each element with one of `ids` by the fetched document's;
/// false when the fetched page lacks one (it is not a page of this kind).
fn swap(from: &web_sys::Document, ids: &[&str]) -> bool {
    let here = document();
    let pairs: Vec<(Element, Element)> = ids
        .iter()
        .filter_map(|id| Some((here.get_element_by_id(id)?, from.get_element_by_id(id)?)))
        .collect();
    if pairs.len() != ids.len() {
        return false;
    }
    for (old, new) in pairs {
        let Ok(node) = here.import_node_with_deep(&new, true) else {
            return false;
        };
        let _ = old.replace_with_with_node_1(&node);
        hydrate_islands_in(&node);
    }
    true
}

/// Islands in swapped-in content are hydrated like those of a loaded page
/// (through the loader's `window.__hydrateIsland`).
fn hydrate_islands_in(node: &web_sys::Node) {
    let Some(root) = node.dyn_ref::<Element>() else {
        return;
    };
    let Ok(hydrate) = js_sys::Reflect::get(&window(), &JsValue::from_str("__hydrateIsland")) else {
        return;
    };
    let Some(hydrate) = hydrate.dyn_ref::<js_sys::Function>() else {
        return;
    };
    let Ok(islands) = root.query_selector_all("leptos-island") else {
        return;
    };
    for i in 0..islands.length() {
        if let Some(island) = islands
            .item(i)
            .and_then(|n| n.dyn_into::<HtmlElement>().ok())
        {
            let id = island.get_attribute("data-component").unwrap_or_default();
            let _ = hydrate.call2(&JsValue::NULL, &island, &JsValue::from_str(&id));
        }
    }
}

/// What swapped-in content needs again: absolute share links, the time of the last update.
fn after_swap() {
    make_links_absolute();
    show_updated();
}

fn set_busy(on: bool) {
    if let Some(body) = document().body() {
        let _ = if on {
            body.class_list().add_1("navigating")
        } else {
            body.class_list().remove_1("navigating")
        };
    }
}

/// Share links written relative (no `public_url` set) become absolute, ready
/// to paste: a field's value (or the addresses in an embed code), a link's text.
fn make_links_absolute() {
    let origin = window().location().origin().unwrap_or_default();
    let Ok(found) = document().query_selector_all("[data-absolute]") else {
        return;
    };
    for i in 0..found.length() {
        let Some(node) = found.item(i) else {
            continue;
        };
        if let Some(input) = node.dyn_ref::<HtmlInputElement>() {
            let value = input.value();
            if value.starts_with('/') {
                input.set_value(&format!("{origin}{value}"));
            } else {
                // An embed code: the addresses inside it.
                input.set_value(&value.replace("src=\"/", &format!("src=\"{origin}/")));
            }
        } else if let Some(text) = node.text_content().filter(|t| t.starts_with('/')) {
            node.set_text_content(Some(&format!("{origin}{text}")));
        }
    }
}

/// Copies the field the button `[data-copy=ID]` names, and says so on the
/// button. The clipboard API needs a secure context; elsewhere the field
/// is selected and copied the older way.
fn copy_field(button: &Element) {
    let Some(id) = button.get_attribute("data-copy") else {
        return;
    };
    let Some(field) = document().get_element_by_id(&id) else {
        return;
    };
    let value = if let Some(input) = field.dyn_ref::<HtmlInputElement>() {
        input.select();
        input.value()
    } else {
        return;
    };
    let done = button.get_attribute("data-done").unwrap_or_default();
    if window().is_secure_context() {
        let promise = window().navigator().clipboard().write_text(&value);
        let button = button.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if JsFuture::from(promise).await.is_ok() {
                button.set_text_content(Some(&done));
            }
        });
    } else if document()
        .dyn_ref::<web_sys::HtmlDocument>()
        .and_then(|d| d.exec_command("copy").ok())
        .unwrap_or(false)
    {
        button.set_text_content(Some(&done));
    }
}

/// Suggestions for `q` in the list with id `list`: links that keep the
/// language and the as-of day.
fn suggest(q: String, list: String) {
    let n = with_state(|s| {
        s.suggestion += 1;
        s.suggestion
    });
    let Some(ul) = document().get_element_by_id(&list) else {
        return;
    };
    if q.trim().chars().count() < 2 {
        ul.set_inner_html("");
        let _ = ul.set_attribute("hidden", "");
        return;
    }
    leptos::task::spawn_local(async move {
        let found = crate::api::search_units(q).await.unwrap_or_default();
        if with_state(|s| s.suggestion) != n {
            return;
        }
        let here =
            UrlSearchParams::new_with_str(&window().location().search().unwrap_or_default()).ok();
        let kept = UrlSearchParams::new().ok();
        if let (Some(here), Some(kept)) = (&here, &kept) {
            for key in ["date", "lang"] {
                if let Some(v) = here.get(key) {
                    kept.append(key, &v);
                }
            }
        }
        let suffix = kept
            .map(|k| String::from(k.to_string()))
            .filter(|q| !q.is_empty())
            .map(|q| format!("?{q}"))
            .unwrap_or_default();
        ul.set_inner_html("");
        let doc = document();
        for hit in found.into_iter().take(8) {
            let (Ok(li), Ok(a), Ok(small)) = (
                doc.create_element("li"),
                doc.create_element("a"),
                doc.create_element("small"),
            ) else {
                return;
            };
            let _ = a.set_attribute(
                "href",
                &format!("{}{suffix}", unit_path(hit.unit.level, &hit.unit.code)),
            );
            a.set_text_content(Some(&format!("{} ", hit.unit.display_name)));
            small.set_text_content(Some(&hit.province.clone().unwrap_or_default()));
            let _ = a.append_child(&small);
            let _ = li.append_child(&a);
            let _ = ul.append_child(&li);
        }
        if ul.child_element_count() > 0 {
            let _ = ul.remove_attribute("hidden");
        } else {
            let _ = ul.set_attribute("hidden", "");
        }
    });
}

/// Listens to the server's change feed: newer figures are fetched in place.
fn listen_to_changes() {
    let Ok(source) = web_sys::EventSource::new("/api/v1/events") else {
        return;
    };
    let on_version =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
            // The event's id is the version (the data says the same, as JSON).
            let Ok(version) = e.last_event_id().parse::<i64>() else {
                return;
            };
            let newer = with_state(|s| match s.version {
                Some(v) if version <= v => false,
                // Without a starting point (a page from an older server), the first event is it.
                None => {
                    s.version = Some(version);
                    false
                }
                Some(_) => {
                    s.version = Some(version);
                    let now = js_sys::Date::new_0();
                    s.updated = Some(format!(
                        "{:02}:{:02}:{:02}",
                        now.get_hours(),
                        now.get_minutes(),
                        now.get_seconds()
                    ));
                    true
                }
            });
            if newer {
                // A page the navigator swaps says so once its new figures are in (`after_swap`).
                if !soft_path(&window().location().pathname().unwrap_or_default()) {
                    show_updated();
                }
                refresh();
            }
        });
    let _ = source.add_event_listener_with_callback("version", on_version.as_ref().unchecked_ref());
    // Both live as long as the page; the browser reconnects a dropped stream itself.
    on_version.forget();
    std::mem::forget(source);
}

/// "cập nhật lúc 14:03:12" in the top bar, after a live update.
fn show_updated() {
    let Some(at) = with_state(|s| s.updated.clone()) else {
        return;
    };
    if let Some(status) = document().get_element_by_id("live-status") {
        let label = status.get_attribute("data-label").unwrap_or_default();
        status.set_text_content(Some(&format!("{label} {at}")));
    }
}

/// The chart mark or map province an event is about, if it has a label.
fn tip_target(event: &Event) -> Option<Element> {
    let target = event.target()?.dyn_into::<Element>().ok()?;
    target
        .closest("[data-tip], svg a")
        .ok()
        .flatten()
        .filter(|e| !tip_text(e).is_empty())
}

/// How far from a province's centre a tap still chooses it, in CSS pixels:
/// a target 24 px across for the smallest provinces (WCAG 2.5.8); and how
/// far beyond a chart's first or last day a tap still means that day.
const TAP_REACH_PX: f64 = 12.0;

/// The province a tap on the map means: the one whose centre is nearest,
/// when one lies within reach (Voronoi cells: every province, however
/// small, gets all the room around it that no other is nearer to).
fn map_tap(e: &MouseEvent, target: &Element) -> Option<Element> {
    let svg = target.closest("svg.map").ok()??;
    let (rect, scale) = drawing_scale(&svg)?;
    let (x, y) = (
        (f64::from(e.client_x()) - rect.left()) * scale,
        (f64::from(e.client_y()) - rect.top()) * scale,
    );
    let provinces = svg.query_selector_all("a[data-cx]").ok()?;
    let mut best: Option<(f64, Element)> = None;
    for i in 0..provinces.length() {
        let Some(a) = provinces.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let at = |name: &str| a.get_attribute(name).and_then(|v| v.parse::<f64>().ok());
        let (Some(cx), Some(cy)) = (at("data-cx"), at("data-cy")) else {
            continue;
        };
        let d = (cx - x).hypot(cy - y);
        if best.as_ref().is_none_or(|(b, _)| d < *b) {
            best = Some((d, a));
        }
    }
    best.filter(|(d, _)| *d <= TAP_REACH_PX * scale)
        .map(|(_, a)| a)
}

/// Where `svg` is on the screen, and how many of its drawing's units make
/// a screen pixel (its `viewBox` against its width); `None` when not shown.
fn drawing_scale(svg: &Element) -> Option<(web_sys::DomRect, f64)> {
    let view_width: f64 = svg
        .get_attribute("viewBox")?
        .split_whitespace()
        .nth(2)?
        .parse()
        .ok()?;
    let rect = svg.get_bounding_client_rect();
    (rect.width() > 0.0).then(|| {
        let scale = view_width / rect.width();
        (rect, scale)
    })
}

/// A mark's label: its `data-tip`, or the `<title>` of a map province.
fn tip_text(e: &Element) -> String {
    e.get_attribute("data-tip")
        .or_else(|| {
            e.query_selector("title")
                .ok()
                .flatten()
                .and_then(|t| t.text_content())
        })
        .unwrap_or_default()
}

/// Shows the label of `target` just above it, or hides the label (`None`).
fn show_tip(target: Option<Element>) {
    let doc = document();
    let tip = match doc.get_element_by_id("tip") {
        Some(t) => t,
        None => {
            let Ok(t) = doc.create_element("div") else {
                return;
            };
            t.set_id("tip");
            let _ = t.set_attribute("class", "tip");
            let _ = t.set_attribute("role", "tooltip");
            if let Some(body) = doc.body() {
                let _ = body.append_child(&t);
            }
            t
        }
    };
    let Some(target) = target else {
        let _ = tip.set_attribute("hidden", "");
        return;
    };
    let rect = target.get_bounding_client_rect();
    place_tip(
        &tip,
        &tip_text(&target),
        rect.left() + rect.width() / 2.0,
        rect.top(),
    );
}

/// Shows `text` in `tip` just above the point (`x`, `y`) of the viewport,
/// moved sideways as far as it takes to stay on the screen.
fn place_tip(tip: &Element, text: &str, x: f64, y: f64) {
    tip.set_text_content(Some(text));
    let _ = tip.remove_attribute("hidden");
    let Some(style) = tip.dyn_ref::<HtmlElement>().map(|h| h.style()) else {
        return;
    };
    let half = f64::from(tip.client_width()) / 2.0 + 4.0;
    let screen = document()
        .document_element()
        .map_or(0.0, |e| f64::from(e.client_width()));
    let x = if screen > 2.0 * half {
        x.clamp(half, screen - half)
    } else {
        x
    };
    let _ = style.set_property(
        "left",
        &format!("{:.0}px", x + window().scroll_x().unwrap_or(0.0)),
    );
    let _ = style.set_property(
        "top",
        &format!("{:.0}px", y + window().scroll_y().unwrap_or(0.0)),
    );
}

/// The label of the day under the pointer on a page chart (`data-tips` on
/// its box, one per day, and the x of the first and last day on each
/// drawing, `data-x0` and `data-x1`), or `None` off the chart's days.
fn day_tip(e: &MouseEvent) -> Option<String> {
    let target = e.target()?.dyn_into::<Element>().ok()?;
    let svg = target.closest("svg[data-x0]").ok()??;
    let labels = svg
        .closest("[data-tips]")
        .ok()??
        .get_attribute("data-tips")?;
    let number = |name: &str| svg.get_attribute(name)?.parse::<f64>().ok();
    let (x0, x1) = (number("data-x0")?, number("data-x1")?);
    let (rect, scale) = drawing_scale(&svg)?;
    let x = (f64::from(e.client_x()) - rect.left()) * scale;
    // A finger's reach beyond the first and last day still means them; the
    // days drawn after them (up to a deadline) and the axis do not.
    let reach = TAP_REACH_PX * scale;
    if x < x0 - reach || x > x1 + reach {
        return None;
    }
    let labels: Vec<&str> = labels.split('|').collect();
    let last = labels.len().checked_sub(1)? as f64;
    let at = if last == 0.0 || x1 <= x0 {
        0.0
    } else {
        ((x - x0) / (x1 - x0) * last).round().clamp(0.0, last)
    };
    Some(labels[at as usize].to_string())
}

/// Whether the pointer leaves a page chart's drawing for something outside it.
fn leaves_day_chart(event: &Event) -> bool {
    let chart_of = |t: Option<EventTarget>| {
        t.and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("svg[data-x0]").ok().flatten())
    };
    let Some(e) = event.dyn_ref::<MouseEvent>() else {
        return false;
    };
    let from = chart_of(e.target());
    from.is_some() && from != chart_of(e.related_target())
}

/// Shows the day under the pointer on a page chart, or hides the label
/// when the pointer is off the chart's days. Whether it showed one.
fn show_day_tip(event: &Event) -> bool {
    let Some(e) = event.dyn_ref::<MouseEvent>() else {
        return false;
    };
    let Some(text) = day_tip(e) else {
        return false;
    };
    show_tip(None);
    if let Some(tip) = document().get_element_by_id("tip") {
        place_tip(
            &tip,
            &text,
            f64::from(e.client_x()),
            f64::from(e.client_y()) - 8.0,
        );
    }
    true
}
