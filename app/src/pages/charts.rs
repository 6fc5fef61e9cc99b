//! `/charts`: the chart builder. Every choice lives in the URL (the chart's
//! own parameters, plus `chart` for its type and `chart_lang` for its
//! language), so a colleague can reopen the same chart; the preview is the
//! downloadable SVG itself and follows each change without a reload.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use tiendo_core::figure::{ChartKind, ChartRequest, FileFormat, NOTE_MAX_CHARS, Preset};
use tiendo_core::params::{ParamError, check_in_range};
use tiendo_core::rankings::Measure;
use tiendo_core::units::NATION_CODE;
use tiendo_core::views::ChartOptions;
use tiendo_core::{Lang, Stage};

use crate::api::get_chart_options;
use crate::components::controls::use_replace_params;
use crate::components::date_field::DateField;
use crate::components::error_box::ErrorBox;
use crate::components::page::{DataPage, PageTitle};
use crate::i18n::{level_label, level_name, texts};

/// The builder's URL parameters that are not the chart's own.
const BUILDER_PARAMS: [&str; 3] = ["chart", "chart_lang", "lang"];

/// The chart a builder URL describes; errors name the parameter.
pub fn chart_of(query: &ParamsMap) -> Result<ChartRequest, ParamError> {
    let kind = match query.get("chart") {
        Some(k) => ChartKind::parse("chart", &k)?,
        None => ChartKind::Cumulative,
    };
    let mut pairs: Vec<(String, String)> = query
        .into_iter()
        .filter(|(k, _)| !BUILDER_PARAMS.contains(&k.as_ref()))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    // The chart speaks the page's language unless told otherwise.
    if let Some(l) = query.get("chart_lang").or_else(|| query.get("lang")) {
        pairs.push(("lang".into(), l));
    }
    ChartRequest::from_query(
        kind,
        NATION_CODE,
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    )
}

/// The builder's URL for `request`, in the page language `ui`: the chart's
/// own language travels as `chart_lang` when it differs from `ui`.
pub fn builder_url(request: &ChartRequest, ui: Lang) -> String {
    let mut query = format!("chart={}", request.kind.slug());
    // The chart's language travels apart from the page's.
    let own = ChartRequest {
        lang: Lang::Vi,
        ..request.clone()
    }
    .query(NATION_CODE);
    if !own.is_empty() {
        query.push('&');
        query.push_str(&own);
    }
    if request.lang != ui {
        query.push_str(&format!("&chart_lang={}", request.lang.code()));
    }
    if ui != Lang::Vi {
        query.push_str(&format!("&lang={}", ui.code()));
    }
    format!("/charts?{query}")
}

/// `/charts?chart=&unit=&stage=&from=&date=&by=&preset=&chart_lang=&milestones=&deadline=&target=&note=&lang=`.
#[component]
pub fn ChartsPage() -> impl IntoView {
    let query = use_query_map();
    let unit = Memo::new(move |_| query.read().get("unit").filter(|u| !u.is_empty()));
    let options = Resource::new(move || unit.get(), get_chart_options);
    view! {
        <DataPage data=options body=|o, lang| view! { <Builder options=o lang /> }.into_any() />
    }
}

#[component]
fn Builder(options: ChartOptions, lang: Lang) -> impl IntoView {
    let t = texts(lang);
    let query = use_query_map();
    let set = use_replace_params();
    let span = options.span.clone();
    // The chart, checked against the days with data as the server will check it.
    let chart = Memo::new(move |_| {
        let r = chart_of(&query.read())?;
        for (field, day) in [("from", r.from), ("date", r.date)] {
            if let Some(d) = day {
                check_in_range(field, d, span.first_day, span.last_day)?;
            }
        }
        Ok::<_, ParamError>(r)
    });
    // A bad parameter is answered like the server's own: with a 400.
    #[cfg(feature = "ssr")]
    if chart.with_untracked(Result::is_err)
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
    {
        response.set_status(http::StatusCode::BAD_REQUEST);
    }
    let kind = Memo::new(move |_| chart.get().map(|r| r.kind).unwrap_or(ChartKind::Cumulative));
    // The state as first read, for the controls' initial values; each
    // control then writes its own parameter, and the URL is the truth.
    let initial = chart
        .get_untracked()
        .unwrap_or_else(|_| ChartRequest::new(ChartKind::Cumulative, NATION_CODE));
    let on = {
        let set = set.clone();
        move |key: &'static str| {
            let set = set.clone();
            move |ev: leptos::ev::Event| {
                let value = event_target_value(&ev);
                set(&[(key, (!value.is_empty()).then_some(value.as_str()))]);
            }
        }
    };
    let set_switch = {
        let set = set.clone();
        move |key: &'static str| {
            let set = set.clone();
            move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                set(&[(key, (!on).then_some("0"))]);
            }
        }
    };
    let set_stages = {
        let set = set.clone();
        move |stage: Stage| {
            let set = set.clone();
            move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                let mut stages = chart
                    .get_untracked()
                    .map(|r| r.stages)
                    .unwrap_or_else(|_| vec![Stage::Applications]);
                stages.retain(|s| *s != stage);
                if on {
                    stages.push(stage);
                }
                // Keep the stages' own order, whatever order they were ticked in.
                let list: Vec<&str> = Stage::ALL
                    .into_iter()
                    .filter(|s| stages.contains(s))
                    .map(Stage::slug)
                    .collect();
                set(&[("stage", Some(&list.join(",")))]);
            }
        }
    };
    let set_province = {
        let set = set.clone();
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            set(&[("unit", (!value.is_empty()).then_some(value.as_str()))]);
        }
    };
    let province = options.province.clone();
    let set_district = {
        let set = set.clone();
        let province = province.clone();
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            let unit = if value.is_empty() {
                province.clone()
            } else {
                Some(value)
            };
            set(&[("unit", unit.as_deref())]);
        }
    };
    let chosen_unit = initial.unit.clone();
    let kinds = ChartKind::ALL.map(|k| {
        view! { <option value=k.slug() selected=k == initial.kind>{k.label(lang)}</option> }
    });
    let provinces = options
        .provinces
        .iter()
        .map(|p| {
            let selected = Some(&p.code) == province.as_ref();
            view! { <option value=p.code.clone() selected=selected>{p.display_name.clone()}</option> }
        })
        .collect_view();
    let districts = (!options.districts.is_empty()).then(|| {
        let items = options
            .districts
            .iter()
            .map(|d| view! { <option value=d.code.clone() selected=d.code == chosen_unit>{d.display_name.clone()}</option> })
            .collect_view();
        view! {
            <label>
                <span>{level_name(tiendo_core::Level::District, lang)}</span>
                <select id="district" on:change=set_district>
                    <option value="">{t.whole_province}</option>
                    {items}
                </select>
            </label>
        }
    });
    // Controls drawn again when the chart type changes show the URL's values
    // as they are then, not as they were when the page opened.
    let now = move || {
        chart
            .get_untracked()
            .unwrap_or_else(|_| ChartRequest::new(ChartKind::Cumulative, NATION_CODE))
    };
    let stages = {
        let on = on.clone();
        move || {
            if kind.get().many_stages() {
                let current = now().stages;
                Stage::ALL
                .map(|s| view! {
                    <label class="check">
                        <input type="checkbox" name="stage" value=s.slug() checked=current.contains(&s) on:change=set_stages(s) />
                        {s.label(lang)}
                    </label>
                })
                .into_any()
            } else {
                let first_stage = now().stages.first().copied().unwrap_or(Stage::Applications);
                view! {
                <select id="stage" on:change=on("stage")>
                    {Stage::ALL.map(|s| view! { <option value=s.slug() selected=s == first_stage>{s.label(lang)}</option> })}
                </select>
            }
            .into_any()
            }
        }
    };
    let measure = {
        let on = on.clone();
        move || {
            let chosen = now().measure;
            kind.get().uses_measure().then(|| view! {
            <label>
                <span>{t.rank_by}</span>
                <select id="by" on:change=on("by")>
                    {Measure::ALL.map(|m| view! { <option value=m.slug() selected=m == chosen>{m.label(lang)}</option> })}
                </select>
            </label>
        })
        }
    };
    let (first, last) = (options.span.first_day, options.span.last_day);
    let (span_first, span_last) = (first, last);
    let set_date = set.clone();
    let from_field = {
        let set = set.clone();
        move || {
            kind.get().over_time().then(|| {
                let set = set.clone();
                view! {
                    <div class="field">
                        <label for="from">{t.from_day}</label>
                        <DateField id="from" name="from" value=now().from first last lang optional=true
                            on_day={move |d: Option<NaiveDate>| set(&[("from", d.map(|d| d.to_string()).as_deref())])} />
                    </div>
                }
            })
        }
    };
    let annotations = move || {
        let r = now();
        (kind.get() == ChartKind::Cumulative).then(|| view! {
            <fieldset class="annotations">
                <legend>{t.annotations}</legend>
                <label class="check"><input id="milestones" type="checkbox" checked=r.milestones on:change=set_switch("milestones") />{t.milestones}</label>
                <label class="check"><input id="deadline" type="checkbox" checked=r.deadline on:change=set_switch("deadline") />{t.deadline_mark}</label>
                <label class="check"><input id="target" type="checkbox" checked=r.target on:change=set_switch("target") />{t.target_line}</label>
            </fieldset>
        })
    };
    // Applied when the field is left or Enter is pressed: one drawing per
    // note, not one per keystroke.
    let note = view! {
        <label class="note-field">
            <span>{t.note}</span>
            <input id="note" type="text" maxlength=NOTE_MAX_CHARS.to_string()
                value=initial.note.clone().unwrap_or_default() on:change=on("note") />
        </label>
    };
    // A new chart type drops the choices it has no use for, so that the URL
    // and the file never carry settings the form no longer shows.
    let set_kind = {
        let set = set.clone();
        move |ev: leptos::ev::Event| {
            let Ok(next) = ChartKind::parse("chart", &event_target_value(&ev)) else {
                return;
            };
            let mut changes: Vec<(&str, Option<&str>)> = vec![("chart", Some(next.slug()))];
            if next == ChartKind::Map {
                changes.push(("unit", None));
            }
            if !next.over_time() {
                changes.push(("from", None));
            }
            if next != ChartKind::Cumulative {
                changes.extend([("milestones", None), ("deadline", None), ("target", None)]);
            }
            if next != ChartKind::Ranking {
                changes.push(("region", None));
            }
            if !next.many_stages() {
                // Keep the first stage chosen.
                let first = chart
                    .get_untracked()
                    .ok()
                    .and_then(|r| r.stages.first().copied());
                changes.push((
                    "stage",
                    first.filter(|s| *s != Stage::Applications).map(Stage::slug),
                ));
            }
            if !next.uses_measure() {
                changes.push(("by", None));
            }
            set(&changes);
        }
    };
    let failed = RwSignal::new(false);
    let url = move |format: FileFormat| chart.get().ok().map(|r| r.url(format, NATION_CODE));
    let preview = move || match chart.get() {
        Ok(r) => {
            let src = r.url(FileFormat::Svg, NATION_CODE);
            let (w, h) = r.preset.size();
            view! {
                <img id="preview" src=src alt=r.kind.label(lang) style=format!("aspect-ratio: {w} / {h}")
                    on:load=move |_| failed.set(false) on:error=move |_| failed.set(true) />
                {move || failed.get().then(|| view! {
                    <p class="error" role="alert" data-testid="preview-failed">
                        {t.preview_failed} " "
                        <a href=r.url(FileFormat::Svg, NATION_CODE) target="_blank">{t.why}</a>
                    </p>
                })}
            }
            .into_any()
        }
        Err(e) => view! { <ErrorBox message=e.to_string() lang /> }.into_any(),
    };
    // The page's own address, known in the browser only.
    let origin = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Ok(o) = window().location().origin() {
            origin.set(o);
        }
    });
    let share = move || {
        let q = query.read();
        let pairs: Vec<String> = (&*q)
            .into_iter()
            .map(|(k, v)| format!("{k}={}", tiendo_core::params::encode(v)))
            .collect();
        format!("{}/charts?{}", origin.get(), pairs.join("&"))
    };
    view! {
        <PageTitle text=t.builder_title.to_string() />
        <h1>{t.builder_title}</h1>
        <div class="builder">
            // Each control writes the URL itself: Enter must not submit the form.
            <form class="builder-form" method="get" action="/charts" on:submit=|ev| ev.prevent_default()>
                <label>
                    <span>{t.chart_kind}</span>
                    <select id="chart" name="chart" on:change=set_kind>{kinds}</select>
                </label>
                // The map is always the whole country.
                <div class="scope" class:hidden=move || kind.get() == ChartKind::Map>
                    <label>
                        <span>{t.scope}</span>
                        <select id="province" on:change=set_province>
                            <option value="">{level_label(tiendo_core::Level::Nation, lang)}</option>
                            {provinces}
                        </select>
                    </label>
                    {districts}
                </div>
                {move || kind.get().uses_stage().then(|| view! {
                    <div class="field">
                        <span>{t.stages}</span>
                        <div class="choices">{stages.clone()}</div>
                    </div>
                })}
                {measure}
                {from_field}
                <div class="field">
                    <label for="date">{move || if kind.get().over_time() { t.to_day } else { t.as_of }}</label>
                    <DateField id="date" name="date" value=initial.date first=span_first last=span_last lang optional=true
                        on_day={move |d: Option<NaiveDate>| set_date(&[("date", d.map(|d| d.to_string()).as_deref())])} />
                </div>
                <label>
                    <span>{t.chart_lang}</span>
                    <select id="chart-lang" on:change=on("chart_lang")>
                        <option value="vi" selected=initial.lang == Lang::Vi>"Tiếng Việt"</option>
                        <option value="en" selected=initial.lang == Lang::En>"English"</option>
                    </select>
                </label>
                <label>
                    <span>{t.preset}</span>
                    <select id="preset" on:change=on("preset")>
                        {Preset::ALL.map(|p| view! { <option value=p.slug() selected=p == initial.preset>{p.label(lang)}</option> })}
                    </select>
                </label>
                {annotations}
                {note}
            </form>
            <section class="builder-preview">
                <h2>{t.preview}</h2>
                {preview}
                <p class="downloads">
                    {t.download} ": "
                    <a data-testid="builder-png" download="" href=move || url(FileFormat::Png)>"PNG"</a>
                    " · "
                    <a data-testid="builder-svg" download="" href=move || url(FileFormat::Svg)>"SVG"</a>
                </p>
                <label class="share">
                    <span>{t.share_link}</span>
                    <input id="share" type="text" readonly prop:value=share />
                </label>
            </section>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builder_url_holds_the_chart_and_its_own_language() {
        let mut q = ParamsMap::new();
        q.insert("chart", "daily".to_string());
        q.insert("stage", "produced,delivered".to_string());
        q.insert("chart_lang", "en".to_string());
        q.insert("lang", "vi".to_string());
        let r = chart_of(&q).unwrap();
        assert_eq!(r.kind, ChartKind::Daily);
        assert_eq!(r.stages, vec![Stage::Produced, Stage::Delivered]);
        assert_eq!(r.lang, Lang::En);
        q.insert("chart", "pie".to_string());
        assert_eq!(chart_of(&q).unwrap_err().field, "chart");
    }
}
