//! The download menu of a chart: PNG and SVG in every size preset, and a
//! link that opens the same chart in the chart builder; and the row of a
//! table's files: CSV, CSV for Excel in Vietnam, XLSX.

use leptos::prelude::*;
use tiendo_core::Lang;
use tiendo_core::figure::{ChartRequest, FileFormat, Preset};
use tiendo_core::units::NATION_CODE;

use crate::i18n::texts;
use crate::pages::charts::builder_url;
use crate::url::add_param;

/// "`label`: CSV · CSV cho Excel · Excel (XLSX)", from the CSV and XLSX
/// addresses; test ids `{testid}csv-link`, `{testid}excel-csv-link`, `{testid}xlsx-link`.
#[component]
pub fn DataLinks(
    /// What the files hold ("Tải bảng", "Số liệu của biểu đồ").
    label: &'static str,
    /// The CSV file's address.
    csv: String,
    /// The XLSX file's address.
    xlsx: String,
    /// Prefix of the links' test ids.
    testid: &'static str,
    /// Language of the labels.
    lang: Lang,
) -> impl IntoView {
    let excel = add_param(&csv, "dialect", "excel-vi");
    view! {
        {label} ": "
        <a href=csv download="" data-testid=format!("{testid}csv-link")>"CSV"</a>
        " · "
        <a href=excel download="" data-testid=format!("{testid}excel-csv-link")>{texts(lang).csv_for_excel}</a>
        " · "
        <a href=xlsx download="" data-testid=format!("{testid}xlsx-link")>"Excel (XLSX)"</a>
    }
}

/// "Download chart ▾": every preset as PNG and SVG.
#[component]
pub fn ChartDownloads(
    /// The chart as shown (its preset is ignored: each is offered).
    request: ChartRequest,
    /// Language of the menu.
    lang: Lang,
) -> impl IntoView {
    let t = texts(lang);
    let kind = request.kind;
    let rows = Preset::ALL
        .map(|preset| {
            let r = ChartRequest {
                preset,
                ..request.clone()
            };
            let png = r.url(FileFormat::Png, NATION_CODE);
            let svg = r.url(FileFormat::Svg, NATION_CODE);
            view! {
                <li>
                    <span>{preset.label(lang)}</span>
                    <a href=png download="" data-format="png" data-preset=preset.slug()>"PNG"</a>
                    <span aria-hidden="true">"·"</span>
                    <a href=svg download="" data-format="svg" data-preset=preset.slug()>"SVG"</a>
                </li>
            }
        })
        .collect_view();
    view! {
        <details class="chart-downloads" data-testid=format!("downloads-{}", kind.slug())>
            <summary>{t.download_chart}</summary>
            <div class="menu">
                <ul>{rows}</ul>
                <a class="to-builder" href=builder_url(&request, lang)>{t.open_in_builder}</a>
            </div>
        </details>
    }
}
