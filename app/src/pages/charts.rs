//! `/charts`: the chart builder. Every choice lives in the URL (the chart's
//! own parameters, plus `chart` for its type and `chart_lang` for its
//! language), so a colleague can reopen the same chart; the preview is the
//! downloadable SVG itself.
//!
//! The builder is a GET form of its own parameters: each change sends it
//! (in place, through the navigator), and the server answers the form's
//! address with a redirect to the chart's own short one, having dropped what
//! the chosen type cannot use ([`form_request`]).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use tiendo_core::figure::{
    ChartKind, ChartRequest, FIGURES_LICENCE, FIGURES_LICENCE_URL, FileFormat, NOTE_MAX_CHARS,
    Preset,
};
use tiendo_core::params::{ParamError, check_in_range, parse_typed_day};
use tiendo_core::rankings::Measure;
use tiendo_core::units::NATION_CODE;
use tiendo_core::views::ChartOptions;
use tiendo_core::{Lang, Stage};

use crate::api::{get_chart_info, get_chart_options};
use crate::components::date_field::DateField;
use crate::components::downloads::DataLinks;
use crate::components::error_box::{ErrorBox, server_message};
use crate::components::page::{DataPage, PageTitle, PublicUrl};
use crate::i18n::{level_label, level_name, texts};

/// The builder's URL parameters that are not the chart's own.
pub const BUILDER_PARAMS: [&str; 3] = ["chart", "chart_lang", "lang"];

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

/// The hidden field that marks an address as the builder form's own.
const FORM_MARK: &str = "from_kind";

/// The form's fields that are not a chart's parameters (its address is
/// answered with a redirect to the chart's own).
pub const FORM_FIELDS: [&str; 3] = [FORM_MARK, "province", "district"];

/// The chart the builder form's fields describe (the form's address, as a
/// native or the navigator's submission makes it): the type's own choices
/// only, the scope from its province and district lists (`districts`: those
/// of the chosen province), stage boxes joined, typed days read as
/// dd/mm/yyyy, switches as their last value.
pub fn form_request(query: &ParamsMap, districts: &[String]) -> Result<ChartRequest, ParamError> {
    let kind = match query.get("chart") {
        Some(k) => ChartKind::parse("chart", &k)?,
        None => ChartKind::Cumulative,
    };
    let given = |key: &str| query.get(key).filter(|v| !v.trim().is_empty());
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if kind != ChartKind::Map {
        let district = given("district").filter(|d| districts.contains(d));
        if let Some(unit) = district.or_else(|| given("province")) {
            pairs.push(("unit", unit));
        }
    }
    if kind.uses_stage() {
        let mut chosen: Vec<Stage> = query
            .get_all("stage")
            .unwrap_or_default()
            .iter()
            .flat_map(|v| v.split(','))
            .map(|v| Stage::parse("stage", v))
            .collect::<Result<_, _>>()?;
        if !kind.many_stages() {
            chosen.truncate(1);
        }
        let list: Vec<&str> = Stage::ALL
            .into_iter()
            .filter(|s| chosen.contains(s))
            .map(Stage::slug)
            .collect();
        if !list.is_empty() {
            pairs.push(("stage", list.join(",")));
        }
    }
    if kind.uses_measure()
        && let Some(by) = given("by")
    {
        pairs.push(("by", by));
    }
    let days = if kind.over_time() {
        &["from", "date"][..]
    } else {
        &["date"][..]
    };
    for &field in days {
        if let Some(text) = given(field) {
            let day = parse_typed_day(&text).ok_or_else(|| {
                ParamError::new(
                    field,
                    format!("expected a day as dd/mm/yyyy, got '{text}'"),
                    format!("cần một ngày dạng dd/mm/yyyy, nhận được '{text}'"),
                )
            })?;
            pairs.push((field, day.to_string()));
        }
    }
    if let Some(preset) = given("preset") {
        pairs.push(("preset", preset));
    }
    if let Some(l) = given("chart_lang").or_else(|| given("lang")) {
        pairs.push(("lang", l));
    }
    if kind == ChartKind::Cumulative {
        for switch in ["milestones", "deadline", "target"] {
            if let Some(v) = given(switch) {
                pairs.push((switch, v));
            }
        }
    }
    if let Some(note) = given("note") {
        pairs.push(("note", note));
    }
    if kind == ChartKind::Ranking
        && let Some(region) = given("region")
    {
        pairs.push(("region", region));
    }
    ChartRequest::from_query(
        kind,
        NATION_CODE,
        pairs.iter().map(|(k, v)| (*k, v.as_str())),
    )
}

/// `/charts?chart=&unit=&stage=&from=&date=&by=&preset=&chart_lang=&milestones=&deadline=&target=&note=&lang=`.
#[component]
pub fn ChartsPage() -> impl IntoView {
    let query = use_query_map();
    // The form names its scope `province` (and `district`); a chart's address names `unit`.
    let unit = Memo::new(move |_| {
        let q = query.read();
        q.get("province")
            .or_else(|| q.get("unit"))
            .filter(|u| !u.is_empty())
    });
    let options = Resource::new(move || unit.get(), get_chart_options);
    view! {
        <DataPage data=options body=|o, lang| view! { <Builder options=o lang /> }.into_any() />
    }
}

#[component]
fn Builder(options: ChartOptions, lang: Lang) -> AnyView {
    let t = texts(lang);
    let query = use_query_map().get_untracked();
    let span = options.span.clone();
    // The form's own address is answered with the chart's short one: no
    // page to draw, only the redirect (a wrong choice is shown below).
    let chart = if query.get(FORM_MARK).is_some() {
        let codes: Vec<String> = options.districts.iter().map(|d| d.code.clone()).collect();
        let asked = form_request(&query, &codes);
        if let Ok(r) = &asked {
            #[cfg(feature = "ssr")]
            {
                let ui = Lang::from_param(query.get("lang").as_deref());
                leptos_axum::redirect(&builder_url(r, ui));
                return ().into_any();
            }
            #[cfg(not(feature = "ssr"))]
            let _ = r;
        }
        asked
    } else {
        chart_of(&query)
    }
    .and_then(|r| {
        for (field, day) in [("from", r.from), ("date", r.date)] {
            if let Some(d) = day {
                check_in_range(field, d, span.first_day, span.last_day)?;
            }
        }
        Ok(r)
    });
    // A bad parameter is answered like the server's own: with a 400.
    #[cfg(feature = "ssr")]
    if chart.is_err()
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
    {
        response.set_status(http::StatusCode::BAD_REQUEST);
    }
    // The form shows the chart asked for, or the defaults when it is wrong.
    let shown = chart
        .clone()
        .unwrap_or_else(|_| ChartRequest::new(ChartKind::Cumulative, NATION_CODE));
    let kind = shown.kind;
    let kinds = ChartKind::ALL.map(|k| {
        view! { <option value=k.slug() selected=k == kind>{k.label(lang)}</option> }
    });
    let province = options.province.clone();
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
            .map(|d| view! { <option value=d.code.clone() selected=d.code == shown.unit>{d.display_name.clone()}</option> })
            .collect_view();
        view! {
            <label>
                <span>{level_name(tiendo_core::Level::District, lang)}</span>
                <select id="district" name="district">
                    <option value="">{t.whole_province}</option>
                    {items}
                </select>
            </label>
        }
    });
    let stages = kind.uses_stage().then(|| {
        let choices = if kind.many_stages() {
            Stage::ALL
                .map(|s| view! {
                    <label class="check">
                        <input type="checkbox" name="stage" value=s.slug() checked=shown.stages.contains(&s) />
                        {s.label(lang)}
                    </label>
                })
                .into_any()
        } else {
            let first = shown.stages.first().copied().unwrap_or(Stage::Applications);
            view! {
                <select id="stage" name="stage" aria-label=t.stages>
                    {Stage::ALL.map(|s| view! { <option value=s.slug() selected=s == first>{s.label(lang)}</option> })}
                </select>
            }
            .into_any()
        };
        view! {
            <div class="field">
                <span>{t.stages}</span>
                <div class="choices">{choices}</div>
            </div>
        }
    });
    let measure = kind.uses_measure().then(|| view! {
        <label>
            <span>{t.rank_by}</span>
            <select id="by" name="by">
                {Measure::ALL.map(|m| view! { <option value=m.slug() selected=m == shown.measure>{m.label(lang)}</option> })}
            </select>
        </label>
    });
    let (first, last) = (span.first_day, span.last_day);
    let from_field = kind.over_time().then(|| {
        view! {
            <div class="field">
                <label for="from">{t.from_day}</label>
                <DateField id="from" name="from" value=shown.from first last lang optional=true />
            </div>
        }
    });
    // A switch sends "0" from the hidden field, or "1" from the box after it.
    let switch = |name: &'static str, on: bool, label: &'static str| {
        view! {
            <input type="hidden" name=name value="0" />
            <label class="check"><input id=name name=name value="1" type="checkbox" checked=on />{label}</label>
        }
    };
    let annotations = (kind == ChartKind::Cumulative).then(|| {
        view! {
            <fieldset class="annotations">
                <legend>{t.annotations}</legend>
                {switch("milestones", shown.milestones, t.milestones)}
                {switch("deadline", shown.deadline, t.deadline_mark)}
                {switch("target", shown.target, t.target_line)}
            </fieldset>
        }
    });
    // The chart in words (its key figures), and what a citation says.
    let info = chart.as_ref().ok().map(|r| {
        let key = (r.kind.slug().to_string(), r.pairs(NATION_CODE));
        Resource::new(
            move || key.clone(),
            |(kind, pairs)| get_chart_info(kind, pairs),
        )
    });
    let preview = match &chart {
        Ok(r) => {
            let src = r.url(FileFormat::Svg, NATION_CODE);
            let (w, h) = r.preset.size();
            let alt = move || {
                info.map(|info| {
                    let src = src.clone();
                    Suspend::new(async move {
                        match info.await {
                            Ok(i) => view! {
                                <img id="preview" src=src alt=i.alt style=format!("aspect-ratio: {w} / {h}")
                                    data-preview="preview-failed" />
                            }
                            .into_any(),
                            // What the drawing would refuse (a commune ranked, a
                            // period the data does not cover), said before it is tried.
                            Err(e) => view! { <ErrorBox message=server_message(&e) lang /> }.into_any(),
                        }
                    })
                })
            };
            let src = r.url(FileFormat::Svg, NATION_CODE);
            view! {
                <Suspense>{alt}</Suspense>
                // Shown (and announced) by the navigator when the image does not come.
                <p id="preview-failed" class="error" data-testid="preview-failed" hidden>
                    {t.preview_failed} " "
                    <a href=src target="_blank">{t.why}</a>
                </p>
            }
            .into_any()
        }
        Err(e) => view! { <ErrorBox message=e.text(lang) lang /> }.into_any(),
    };
    let url = |format: FileFormat| chart.as_ref().ok().map(|r| r.url(format, NATION_CODE));
    // The link to share is pinned to a day: without one, the last day now.
    let origin = use_context::<PublicUrl>()
        .and_then(|p| p.0)
        .unwrap_or_default();
    let pinned = chart.as_ref().ok().map(|r| ChartRequest {
        date: r.date.or(Some(span.last_day)),
        ..r.clone()
    });
    let share = pinned
        .as_ref()
        .map(|r| format!("{origin}{}", builder_url(r, lang)));
    // The embed code: an iframe of the chart alone, pinned to the same day.
    let embed = pinned.as_ref().map(|r| {
        let (w, h) = r.preset.size();
        let src = format!("{origin}{}", r.embed_url(NATION_CODE));
        format!(
            r#"<iframe src="{}" width="{w}" height="{}" title="{}" style="border:0;max-width:100%" loading="lazy"></iframe>"#,
            src.replace('&', "&amp;"),
            // Room below the chart for its source line.
            h + 48,
            r.kind.label(r.lang)
        )
    });
    let cited = share.clone();
    let citation = move || {
        info.zip(cited.clone()).map(|(info, link)| {
            Suspend::new(async move {
                info.await.ok().map(|i| {
                    view! {
                        <p class="citation" data-testid="citation">
                            <strong>{t.cite_as} ": "</strong>
                            {i.citation()} " "
                            <span data-absolute="">{link}</span>
                            " · " {t.licence} " "
                            <a href=FIGURES_LICENCE_URL rel="license" target="_blank">{FIGURES_LICENCE}</a>
                        </p>
                    }
                })
            })
        })
    };
    let english =
        (lang == Lang::En).then(|| view! { <input type="hidden" name="lang" value="en" /> });
    view! {
        <PageTitle text=t.builder_title.to_string() />
        <h1>{t.builder_title}</h1>
        <div class="builder">
            <form class="builder-form" method="get" action="/charts" data-auto="">
                <input type="hidden" name=FORM_MARK value=kind.slug() />
                {english}
                <label>
                    <span>{t.chart_kind}</span>
                    <select id="chart" name="chart">{kinds}</select>
                </label>
                // The map is always the whole country.
                {(kind != ChartKind::Map).then(|| view! {
                    <div class="scope">
                        <label>
                            <span>{t.scope}</span>
                            <select id="province" name="province">
                                <option value="">{level_label(tiendo_core::Level::Nation, lang)}</option>
                                {provinces}
                            </select>
                        </label>
                        {districts}
                    </div>
                })}
                {stages}
                {measure}
                {from_field}
                <div class="field">
                    <label for="date">{if kind.over_time() { t.to_day } else { t.as_of }}</label>
                    <DateField id="date" name="date" value=shown.date first last lang optional=true />
                </div>
                <label>
                    <span>{t.chart_lang}</span>
                    <select id="chart-lang" name="chart_lang">
                        <option value="vi" selected=shown.lang == Lang::Vi>"Tiếng Việt"</option>
                        <option value="en" selected=shown.lang == Lang::En>"English"</option>
                    </select>
                </label>
                <label>
                    <span>{t.preset}</span>
                    <select id="preset" name="preset">
                        {Preset::ALL.map(|p| view! { <option value=p.slug() selected=p == shown.preset>{p.label(lang)}</option> })}
                    </select>
                </label>
                {annotations}
                // Sent when the field is left or Enter is pressed: one drawing per note.
                <label class="note-field">
                    <span>{t.note}</span>
                    <input id="note" name="note" type="text" maxlength=NOTE_MAX_CHARS.to_string()
                        value=shown.note.clone().unwrap_or_default() />
                </label>
                <noscript><button type="submit">{t.show}</button></noscript>
            </form>
            <section class="builder-preview">
                <h2>{t.preview}</h2>
                {preview}
                <p class="downloads">
                    {t.download} ": "
                    <a data-testid="builder-png" download="" href=url(FileFormat::Png)>"PNG"</a>
                    " · "
                    <a data-testid="builder-svg" download="" href=url(FileFormat::Svg)>"SVG"</a>
                </p>
                {chart.as_ref().ok().map(|r| view! {
                    <p class="downloads">
                        <DataLinks label=t.chart_data csv=r.data_url("csv", NATION_CODE)
                            xlsx=r.data_url("xlsx", NATION_CODE) testid="builder-" lang />
                    </p>
                })}
                {share.map(|share| view! { <CopyField id="share" label=t.share_link value=share lang /> })}
                {embed.map(|code| view! { <CopyField id="embed" label=t.embed_code value=code lang /> })}
                <Suspense>{citation}</Suspense>
            </section>
        </div>
    }
    .into_any()
}

/// A read-only field to copy from, with its button (shown by the navigator):
/// a share link or an embed code. A relative address in it is made
/// absolute by the navigator (without `public_url`).
#[component]
fn CopyField(id: &'static str, label: &'static str, value: String, lang: Lang) -> impl IntoView {
    let t = texts(lang);
    view! {
        <div class="share">
            <label for=id>{label}</label>
            <div class="copy-row">
                // A field, not a textarea: Leptos writes a textarea's text unescaped.
                <input id=id type="text" readonly value=value data-absolute="" />
                <button type="button" data-copy=id data-done=t.copied>{t.copy}</button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::query_of as form;

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

    #[test]
    fn the_form_keeps_what_the_chosen_type_can_use() {
        // From the cumulative chart (switches, one typed day) to the daily one.
        let q = form(&[
            ("from_kind", "cumulative"),
            ("chart", "daily"),
            ("province", "01"),
            ("district", "760"),
            ("stage", "produced"),
            ("stage", "applications"),
            ("date", "31/07/2021"),
            ("milestones", "0"),
            ("milestones", "1"),
            ("note", " "),
        ]);
        let r = form_request(&q, &["271".into()]).unwrap();
        assert_eq!(r.kind, ChartKind::Daily);
        // A district of another province is not this one's: the province stays.
        assert_eq!(r.unit, "01");
        assert_eq!(r.stages, vec![Stage::Applications, Stage::Produced]);
        assert_eq!(r.date, "2021-07-31".parse().ok());
        assert_eq!(
            builder_url(&r, Lang::Vi),
            "/charts?chart=daily&unit=01&stage=applications,produced&date=2021-07-31"
        );
        // The map: the whole country, one stage, no days before.
        let q = form(&[
            ("chart", "map"),
            ("province", "01"),
            ("stage", "applications"),
            ("stage", "produced"),
            ("from", "01/06/2021"),
        ]);
        let r = form_request(&q, &[]).unwrap();
        assert_eq!(
            (r.unit.as_str(), r.stages.clone(), r.from),
            ("VN", vec![Stage::Applications], None)
        );
        // A district of the chosen province is the scope; a switch off stays off.
        let q = form(&[("province", "01"), ("district", "271"), ("target", "0")]);
        let r = form_request(&q, &["271".into()]).unwrap();
        assert_eq!((r.unit.as_str(), r.target), ("271", false));
        let bad = form(&[("date", "31/02/2021")]);
        assert_eq!(form_request(&bad, &[]).unwrap_err().field, "date");
        let bad = form(&[("stage", "printed")]);
        assert_eq!(form_request(&bad, &[]).unwrap_err().field, "stage");
    }
}
