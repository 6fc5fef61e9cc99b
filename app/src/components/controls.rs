//! The controls that choose what a page shows (as-of day, stage, measure):
//! a GET form of the current page. A changed list box or a typed day sends
//! it (the navigator does, in place; before the bundle, `early.js` sends the
//! list boxes and Enter the day), so any choice is a link to the same view.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};
use tiendo_core::rankings::Measure;
use tiendo_core::{Lang, Stage};

use crate::components::date_field::DateField;
use crate::i18n::texts;
use crate::url::with_params;

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
    let path = use_location().pathname.get_untracked();
    let query = use_query_map().get_untracked();
    // The day before and after, as links (none past the days with data).
    let step = |days: i64| {
        let day = date + chrono::Duration::days(days);
        (first..=last).contains(&day).then(|| {
            with_params(
                &path,
                &query,
                &[("date", Some(&day.to_string())), ("page", None)],
            )
        })
    };
    // Parameters the form does not show travel as hidden fields; a new
    // choice starts the table on its first page.
    let hidden = query
        .clone()
        .into_iter()
        .filter(|(k, _)| !["date", "stage", "by", "page"].contains(&k.as_ref()))
        .map(|(k, v)| view! { <input type="hidden" name=k.to_string() value=v.to_string() /> })
        .collect_view();
    view! {
        <form class="controls" method="get" action=path.clone() data-auto="">
            <div class="asof">
                <label for="asof">{t.as_of}</label>
                <a class="step" href=step(-1) aria-label=t.day_before title=t.day_before>"‹"</a>
                <DateField id="asof" name="date" value=Some(date) first last lang implicit=query.get("date").is_none() />
                <a class="step" href=step(1) aria-label=t.day_after title=t.day_after>"›"</a>
            </div>
            {stage.map(|current| view! {
                <label>
                    <span>{t.stage}</span>
                    <select id="stage" name="stage">
                        {Stage::ALL.map(|s| view! {
                            <option value=s.slug() selected=s == current>{s.label(lang)}</option>
                        })}
                    </select>
                </label>
            })}
            {measure.map(|current| view! {
                <label>
                    <span>{t.rank_by}</span>
                    <select id="by" name="by">
                        {Measure::ALL.map(|m| view! {
                            <option value=m.slug() selected=m == current>{m.label(lang)}</option>
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
