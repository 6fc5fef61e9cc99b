//! The controls that choose what a page shows (as-of day, stage, measure).
//! Each changes one URL parameter in place, without a reload; without
//! JavaScript they are a plain GET form.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use tiendo_core::rankings::Measure;
use tiendo_core::{Lang, Stage};

use crate::components::date_field::DateField;
use crate::i18n::texts;
use crate::url::with_params;

/// A function that changes URL parameters of the current page in place
/// (each `(key, None)` removes one), without a reload or a jump to the top.
pub fn use_set_params() -> impl Fn(&[(&str, Option<&str>)]) + Clone + 'static {
    param_setter(false)
}

/// Like [`use_set_params`], but replacing the current history entry: for
/// changes made per keystroke, so that Back leaves the page, not one letter.
pub fn use_replace_params() -> impl Fn(&[(&str, Option<&str>)]) + Clone + 'static {
    param_setter(true)
}

fn param_setter(replace: bool) -> impl Fn(&[(&str, Option<&str>)]) + Clone + 'static {
    let query = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    move |changes: &[(&str, Option<&str>)]| {
        let url = with_params(
            &location.pathname.get_untracked(),
            &query.read_untracked(),
            changes,
        );
        navigate(
            &url,
            NavigateOptions {
                scroll: false,
                replace,
                ..Default::default()
            },
        );
    }
}

/// As-of day, and optionally stage and measure, for the current page.
#[component]
pub fn ViewControls(
    /// The as-of day shown.
    date: NaiveDate,
    /// First day with data.
    first: NaiveDate,
    /// Last day with data.
    last: NaiveDate,
    /// The stage shown, when the page has a stage choice.
    #[prop(optional)]
    stage: Option<Stage>,
    /// The measure, when the page has a measure choice.
    #[prop(optional)]
    measure: Option<Measure>,
    /// Language.
    lang: Lang,
) -> impl IntoView {
    let t = texts(lang);
    let location = use_location();
    let query = use_query_map();
    let set = use_set_params();
    let set_day = {
        let set = set.clone();
        move |day: Option<NaiveDate>| {
            if let Some(day) = day {
                set(&[("date", Some(&day.to_string())), ("page", None)]);
            }
        }
    };
    let on = move |key: &'static str| {
        let set = set.clone();
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            if !value.is_empty() {
                set(&[(key, Some(&value)), ("page", None)]);
            }
        }
    };
    // The day before and after, as links that work before hydration too
    // (none past the days with data).
    let step = move |days: i64| {
        let day = date + chrono::Duration::days(days);
        (first..=last).contains(&day).then(|| {
            with_params(
                &location.pathname.get_untracked(),
                &query.read_untracked(),
                &[("date", Some(&day.to_string())), ("page", None)],
            )
        })
    };
    // Follows the URL, so going back in history shows the choice it made,
    // even where the page itself is not fetched again (the rankings' measure).
    let chosen = move |key: &str, slug: &str, default: bool| {
        query.read().get(key).map_or(default, |v| v == slug)
    };
    // Parameters the form does not show travel as hidden fields.
    let hidden = move || {
        query
            .get()
            .into_iter()
            .filter(|(k, _)| !["date", "stage", "by", "page"].contains(&k.as_ref()))
            .map(|(k, v)| view! { <input type="hidden" name=k.to_string() value=v.to_string() /> })
            .collect_view()
    };
    view! {
        // Without JavaScript a plain GET form; once hydrated each control applies itself.
        <form
            class="controls"
            method="get"
            action=move || location.pathname.get()
            on:submit=|ev| ev.prevent_default()
        >
            <div class="asof">
                <label for="asof">{t.as_of}</label>
                <a class="step" href=step(-1) aria-label=t.day_before title=t.day_before>"‹"</a>
                <DateField id="asof" name="date" value=Some(date) first last lang on_day=set_day />
                <a class="step" href=step(1) aria-label=t.day_after title=t.day_after>"›"</a>
            </div>
            {stage.map(|current| view! {
                <label>
                    <span>{t.stage}</span>
                    <select id="stage" name="stage" on:change=on("stage")>
                        {Stage::ALL.map(|s| view! {
                            <option value=s.slug() selected=move || chosen("stage", s.slug(), s == current)>{s.label(lang)}</option>
                        })}
                    </select>
                </label>
            })}
            {measure.map(|current| view! {
                <label>
                    <span>{t.rank_by}</span>
                    <select id="by" name="by" on:change=on("by")>
                        {Measure::ALL.map(|m| view! {
                            <option value=m.slug() selected=move || chosen("by", m.slug(), m == current)>{m.label(lang)}</option>
                        })}
                    </select>
                </label>
            })}
            {hidden}
            <noscript>
                <button type="submit">{t.show}</button>
            </noscript>
        </form>
    }
    .into_any()
}
