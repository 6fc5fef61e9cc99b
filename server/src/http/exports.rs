//! Downloads. `GET /export/chart/{chart}.{png|svg}`: publication-ready
//! charts (parameters in [`tiendo_core::figure::ChartRequest`]).
//! `GET /export/table/{table}.{csv|xlsx}`: `rankings` (the API's `level`,
//! `parent`, `stage`, `by`, `date`, plus `lang` and `region`) and `series`
//! (a unit's figures per day: `unit`, `date`, `lang`).
//! `GET /export/briefing.pdf?date=&lang=`: the daily briefing on one A4 page.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tiendo_core::figure::{ChartKind, FileFormat};

use super::{ApiError, only_params};
use crate::heavy;
use crate::render::tables::{Dialect, csv_bytes, xlsx_bytes};
use crate::views::Views;
use crate::views::files::File;
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
    only_params(&params, &["date", "lang"])?;
    let lang = lang_param(params.get("lang").map(String::as_str))?;
    let file = views
        .files
        .briefing_file(params.get("date").map(String::as_str), lang)
        .await?;
    Ok(attachment(file))
}

/// A chart ready to publish, as PNG or SVG.
#[utoipa::path(get, path = "/export/chart/{file}", tag = "files",
    params(
        ("file" = String, Path, description = "{cumulative|daily|backlog|ranking|map}.{png|svg}"),
        ("unit" = Option<String>, Query), ("stage" = Option<String>, Query), ("from" = Option<String>, Query),
        ("date" = Option<String>, Query), ("by" = Option<String>, Query), ("preset" = Option<String>, Query),
        ("lang" = Option<String>, Query), ("note" = Option<String>, Query),
    ),
    responses((status = 200, content_type = "image/png", body = Vec<u8>), (status = 400, body = super::openapi::ErrorBody), (status = 404, body = super::openapi::ErrorBody)))]
pub(super) async fn chart(
    State(views): State<Arc<Views>>,
    Path(file): Path<String>,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let unknown = || {
        ApiError::NotFound(format!(
            "no chart export '{file}' (available: {{{}}}.png or .svg)",
            ChartKind::ALL.map(ChartKind::slug).join(", ")
        ))
    };
    let (name, format) = FileFormat::split_file_name(&file).ok_or_else(unknown)?;
    // Unknown names and extensions are 404s; bad parameters are 400s below.
    let kind = ChartKind::ALL
        .into_iter()
        .find(|k| k.slug() == name)
        .ok_or_else(unknown)?;
    Ok(attachment(
        views.files.chart_file(kind, format, &params).await?,
    ))
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
    let dialect_param = params.remove("dialect");
    let dialect = Dialect::parse(dialect_param.as_deref())?;
    let unknown = || {
        ApiError::NotFound(format!(
            "no table export '{file}' (available: rankings.csv, rankings.xlsx, series.csv, series.xlsx)"
        ))
    };
    let (name, extension) = file.rsplit_once('.').ok_or_else(unknown)?;
    if !matches!(extension, "csv" | "xlsx") {
        return Err(unknown());
    }
    if extension == "xlsx" && dialect_param.is_some() {
        return Err(ApiError::from(tiendo_core::params::ParamError::new(
            "dialect",
            "only CSV files have a dialect; an XLSX workbook types its cells",
            "chỉ tệp CSV có kiểu (dialect); tệp XLSX tự định dạng các ô",
        )));
    }
    let table = match name {
        "rankings" => views.tables.rankings(&params).await?,
        "series" => views.tables.series(&params).await?,
        _ => return Err(unknown()),
    };
    let (body, content_type, file_name) = if extension == "csv" {
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
