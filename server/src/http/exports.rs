//! Downloads. `GET /export/chart/{chart}.{png|svg}`: publication-ready
//! charts (parameters in [`tiendo_core::figure::ChartRequest`]); with
//! `.{csv|xlsx}` and the same parameters, the figures that chart draws.
//! `GET /export/table/{table}.{csv|xlsx}`: `rankings` (the API's `level`,
//! `parent`, `stage`, `by`, `date`, plus `lang` and `region`) and `series`
//! (a unit's figures per day: `unit`, `date`, `lang`).
//! `GET /export/briefing.pdf?date=&lang=`: the daily briefing on one A4 page.
//! Errors are written in the request's `lang` (Vietnamese by default), the
//! field named.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tiendo_core::Lang;
use tiendo_core::figure::{ChartKind, FileFormat};
use tiendo_core::params::ParamError;

use super::ApiError;
use crate::heavy;
use crate::render::tables::{Dialect, Table, csv_bytes, xlsx_bytes};
use crate::views::Views;
use crate::views::files::{File, chart_request};
use crate::views::tables::lang_param;

/// Routes of this resource.
pub fn router() -> axum::Router<Arc<Views>> {
    axum::Router::new()
        .route("/export/table/{file}", get(table))
        .route("/export/chart/{file}", get(chart))
        .route("/export/briefing.pdf", get(briefing))
}

/// The daily briefing as a one-page A4 PDF.
#[utoipa::path(get, path = "/export/briefing.pdf", tag = "files",
    params(("date" = Option<String>, Query), ("lang" = Option<String>, Query, description = "vi or en")),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 400, body = super::openapi::ErrorBody)))]
pub(super) async fn briefing(
    State(views): State<Arc<Views>>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let said = Lang::from_param(params.get("lang").map(String::as_str));
    let in_lang = |e| ApiError::in_lang(e, said);
    crate::views::tables::only_params(&params, &["date", "lang"]).map_err(in_lang)?;
    let lang = lang_param(params.get("lang").map(String::as_str)).map_err(|e| in_lang(e.into()))?;
    let file = views
        .files
        .briefing_file(params.get("date").map(String::as_str), lang)
        .await
        .map_err(in_lang)?;
    Ok(attachment(file))
}

/// A chart ready to publish, as PNG or SVG, or the figures it draws as CSV or XLSX.
#[utoipa::path(get, path = "/export/chart/{file}", tag = "files",
    params(
        ("file" = String, Path, description = "{cumulative|daily|backlog|ranking|map}.{png|svg|csv|xlsx}: the chart, or the figures it draws"),
        ("unit" = Option<String>, Query), ("stage" = Option<String>, Query), ("from" = Option<String>, Query),
        ("date" = Option<String>, Query), ("by" = Option<String>, Query), ("preset" = Option<String>, Query),
        ("lang" = Option<String>, Query), ("note" = Option<String>, Query),
        ("dialect" = Option<String>, Query, description = "CSV only, as for tables"),
    ),
    responses((status = 200, description = "PNG, SVG, CSV or XLSX as the extension says", content_type = "image/png", body = Vec<u8>), (status = 400, body = super::openapi::ErrorBody), (status = 404, body = super::openapi::ErrorBody)))]
pub(super) async fn chart(
    State(views): State<Arc<Views>>,
    Path(file): Path<String>,
    Query(mut params): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let said = Lang::from_param(
        params
            .iter()
            .find(|(k, _)| k == "lang")
            .map(|(_, v)| v.as_str()),
    );
    let in_lang = |e| ApiError::in_lang(e, said);
    let unknown = || {
        let names = ChartKind::ALL.map(ChartKind::slug).join(", ");
        ApiError::NotFound(match said {
            Lang::Vi => format!(
                "không có tệp biểu đồ '{file}' (có: {{{names}}}.png, .svg, hoặc .csv, .xlsx cho số liệu)"
            ),
            Lang::En => format!(
                "no chart export '{file}' (available: {{{names}}}.png or .svg, or .csv or .xlsx for its figures)"
            ),
        })
    };
    let (name, extension) = file.rsplit_once('.').ok_or_else(unknown)?;
    // Unknown names and extensions are 404s; bad parameters are 400s below.
    let kind = ChartKind::parse("chart", name).map_err(|_| unknown())?;
    if let Some((_, format)) = FileFormat::split_file_name(&file) {
        let request = chart_request(kind, &params).map_err(in_lang)?;
        let chart = views.files.chart_file(&request, format).await;
        return Ok(attachment(chart.map_err(in_lang)?));
    }
    if !matches!(extension, "csv" | "xlsx") {
        return Err(unknown());
    }
    let dialect = params
        .iter()
        .position(|(k, _)| k == "dialect")
        .map(|i| params.remove(i).1);
    // Checked before the figures are gathered: a wrong one costs nothing.
    let dialect = dialect_of(extension, dialect.as_deref(), said)?;
    let request = chart_request(kind, &params).map_err(in_lang)?;
    let table = views.files.chart_table(&request).await.map_err(in_lang)?;
    table_file(table, dialect).await
}

/// A table as CSV or XLSX.
#[utoipa::path(get, path = "/export/table/{file}", tag = "files",
    params(
        ("file" = String, Path, description = "rankings.csv, rankings.xlsx, series.csv or series.xlsx"),
        ("level" = Option<String>, Query), ("parent" = Option<String>, Query), ("unit" = Option<String>, Query),
        ("stage" = Option<String>, Query), ("by" = Option<String>, Query), ("date" = Option<String>, Query),
        ("lang" = Option<String>, Query), ("region" = Option<String>, Query),
        ("status" = Option<String>, Query),
        ("dialect" = Option<String>, Query, description = "CSV only: plain (default: ',' and '.') or excel-vi (';', decimal ',', codes kept as text)"),
    ),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400, body = super::openapi::ErrorBody)))]
pub(super) async fn table(
    State(views): State<Arc<Views>>,
    Path(file): Path<String>,
    Query(mut params): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let said = Lang::from_param(params.get("lang").map(String::as_str));
    let dialect = params.remove("dialect");
    let unknown = || {
        let names = "rankings.csv, rankings.xlsx, series.csv, series.xlsx";
        ApiError::NotFound(match said {
            Lang::Vi => format!("không có tệp bảng '{file}' (có: {names})"),
            Lang::En => format!("no table export '{file}' (available: {names})"),
        })
    };
    let (name, extension) = file.rsplit_once('.').ok_or_else(unknown)?;
    if !matches!(extension, "csv" | "xlsx") {
        return Err(unknown());
    }
    let dialect = dialect_of(extension, dialect.as_deref(), said)?;
    let table = match name {
        "rankings" => views.tables.rankings(&params).await,
        "series" => views.tables.series(&params).await,
        _ => return Err(unknown()),
    }
    .map_err(|e| ApiError::in_lang(e, said))?;
    table_file(table, dialect).await
}

/// The file a table download asks for: a CSV in its `dialect`, or XLSX
/// (`None`; a dialect asked of it is refused). Errors in `said`.
fn dialect_of(
    extension: &str,
    dialect: Option<&str>,
    said: Lang,
) -> Result<Option<Dialect>, ApiError> {
    let in_lang = |e: ParamError| ApiError::BadRequest(e.text(said));
    if extension == "xlsx" {
        return match dialect {
            None => Ok(None),
            Some(_) => Err(in_lang(ParamError::new(
                "dialect",
                "only CSV files have a dialect; an XLSX workbook types its cells",
                "chỉ tệp CSV có kiểu (dialect); tệp XLSX tự định dạng các ô",
            ))),
        };
    }
    Ok(Some(Dialect::parse(dialect).map_err(in_lang)?))
}

/// `table` as a CSV in `dialect`, or as XLSX without one.
async fn table_file(table: Table, dialect: Option<Dialect>) -> Result<Response, ApiError> {
    let (body, content_type, file_name) = if let Some(dialect) = dialect {
        (
            csv_bytes(&table, dialect),
            "text/csv; charset=utf-8",
            format!("{}{}.csv", table.stem, dialect.suffix()),
        )
    } else {
        let file_name = format!("{}.xlsx", table.stem);
        // Zipping a workbook of thousands of rows is heavy work.
        let body = heavy::run(move || xlsx_bytes(&table))
            .await
            .map_err(|e| ApiError::from(crate::views::ViewError::from(e)))?;
        (
            body,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            file_name,
        )
    };
    Ok(attachment(File {
        body: body.map_err(|e| ApiError::Internal(e.to_string()))?.into(),
        file_name,
        content_type,
    }))
}

/// `file` as a download.
fn attachment(file: File) -> Response {
    (
        [
            (CONTENT_TYPE, file.content_type.to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", file.file_name),
            ),
        ],
        file.body,
    )
        .into_response()
}
