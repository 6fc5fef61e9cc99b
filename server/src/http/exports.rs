//! Downloads. `GET /export/chart/{chart}.{png|svg}`: publication-ready
//! charts (parameters in [`tiendo_core::figure::ChartRequest`]).
//! `GET /export/table/{table}.{csv|xlsx}`: tables as files a spreadsheet
//! opens correctly, with the same parameters and as-of day as the screen.
//!
//! Tables: `rankings` (any level, or one unit's children: the API's
//! `level`, `parent`, `stage`, `by`, `date`, plus `lang` for the headers) and
//! `series` (a unit's figures per day: `unit`, `date`, `lang`). Each table is
//! built once as typed cells, then written as CSV (UTF-8 with a byte-order
//! mark, so Excel shows Vietnamese) or XLSX (typed numbers and dates, the
//! as-of day above a frozen header row).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use tiendo_app::i18n::{level_name, status_label};
use tiendo_core::figure::{ChartKind, FileFormat};
use tiendo_core::rankings::pace_vs_required;
use tiendo_core::units::NATION_CODE;
use tiendo_core::{Lang, Stage, format};

use super::{ApiError, only_params};
use crate::db::Scope;
use crate::figures::{in_region, scope_slug};
use crate::progress::Progress;
use tiendo_core::search::slug;

/// Routes of this resource.
pub fn router() -> axum::Router<Arc<Progress>> {
    axum::Router::new()
        .route("/export/table/{file}", get(table))
        .route("/export/chart/{file}", get(chart))
        .route("/export/briefing.pdf", get(briefing))
}

/// `GET /export/briefing.pdf?date=&lang=`: the daily briefing on one A4 page.
async fn briefing(
    State(progress): State<Arc<Progress>>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    only_params(&params, &["date", "lang"])?;
    let lang = lang_param(params.get("lang").map(String::as_str))?;
    let file = progress
        .briefing_file(params.get("date").map(String::as_str), lang)
        .await?;
    Ok(attachment(file.content_type, file.file_name, file.body))
}

async fn chart(
    State(progress): State<Arc<Progress>>,
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
    let file = progress.chart_file(kind, format, &params).await?;
    Ok(attachment(
        file.content_type,
        file.file_name.clone(),
        file.body.clone(),
    ))
}

/// One cell of an exported table.
enum Cell {
    Text(String),
    Int(i64),
    /// A number shown with this many decimals.
    Num(f64, usize),
    Date(NaiveDate),
    Empty,
}

/// A table ready to be written in any format.
struct Table {
    /// What it is, with the as-of day: the line above the header in XLSX.
    title: String,
    /// Worksheet name (at most 31 characters).
    sheet: &'static str,
    headers: Vec<String>,
    rows: Vec<Vec<Cell>>,
    /// File name without extension.
    stem: String,
}

async fn table(
    State(progress): State<Arc<Progress>>,
    Path(file): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let unknown = || {
        ApiError::NotFound(format!(
            "no table export '{file}' (available: rankings.csv, rankings.xlsx, series.csv, series.xlsx)"
        ))
    };
    let (name, extension) = file.rsplit_once('.').ok_or_else(unknown)?;
    if !matches!(extension, "csv" | "xlsx") {
        return Err(unknown());
    }
    let table = match name {
        "rankings" => rankings(&progress, &params).await?,
        "series" => series(&progress, &params).await?,
        _ => return Err(unknown()),
    };
    if extension == "csv" {
        csv_file(&table)
    } else {
        xlsx_file(&table)
    }
}

/// The `lang` parameter of an export (Vietnamese by default).
fn lang_param(value: Option<&str>) -> Result<Lang, ApiError> {
    value.map_or(Ok(Lang::Vi), |v| Ok(Lang::parse("lang", v)?))
}

fn as_of_line(lang: Lang, date: NaiveDate) -> String {
    match lang {
        Lang::Vi => format!("Số liệu đến ngày {}", format::date(date)),
        Lang::En => format!("Figures as of {}", format::date(date)),
    }
}

async fn rankings(
    progress: &Progress,
    params: &HashMap<String, String>,
) -> Result<Table, ApiError> {
    only_params(
        params,
        &["level", "parent", "stage", "by", "date", "lang", "region"],
    )?;
    let get = |k: &str| params.get(k).map(String::as_str);
    let lang = lang_param(get("lang"))?;
    let query = progress
        .ranking_query(get("level"), get("parent"), get("stage"), get("by"))
        .await?;
    let (date, mut units) = progress.ranked(&query, get("date")).await?;
    // The region filter of the rankings page: its rows, with their national ranks.
    if let Some(region) = get("region") {
        units = in_region(units, region)?;
    }
    let headers: [&str; 16] = match lang {
        Lang::Vi => [
            "Ngày số liệu",
            "Hạng",
            "Thay đổi hạng 7 ngày",
            "Mã",
            "Tên",
            "Mã đơn vị cấp trên",
            "Vùng",
            "Lũy kế",
            "Mục tiêu",
            "% mục tiêu",
            "TB 7 ngày",
            "Cần mỗi ngày",
            "Tốc độ / yêu cầu (%)",
            "Dự kiến hoàn thành",
            "Tồn đọng",
            "Trạng thái",
        ],
        Lang::En => [
            "As of",
            "Rank",
            "Rank change (7 days)",
            "Code",
            "Name",
            "Parent code",
            "Region",
            "Cumulative",
            "Target",
            "% of target",
            "7-day average",
            "Needed per day",
            "Pace / required (%)",
            "Projected completion",
            "Backlog",
            "Status",
        ],
    };
    let text = |s: Option<String>| s.map_or(Cell::Empty, Cell::Text);
    let num = |v: Option<f64>| v.map_or(Cell::Empty, |v| Cell::Num(v, 1));
    let rows = units
        .into_iter()
        .map(|u| {
            let s = u.standing;
            let p = &s.progress;
            vec![
                Cell::Date(date),
                u.place.rank.map_or(Cell::Empty, |r| Cell::Int(r.into())),
                u.place.change.map_or(Cell::Empty, Cell::Int),
                Cell::Text(s.unit.code),
                Cell::Text(s.unit.name),
                text(s.unit.parent),
                text(s.region),
                Cell::Int(p.cumulative as i64),
                p.target.map_or(Cell::Empty, |t| Cell::Int(t as i64)),
                num(p.percent_of_target),
                num(Some(p.avg7)),
                num(p.required_daily),
                num(pace_vs_required(p)),
                p.projected_completion.map_or(Cell::Empty, Cell::Date),
                Cell::Int(s.backlog as i64),
                Cell::Text(status_label(p.status, lang).to_string()),
            ]
        })
        .collect();
    // Says what it is: xep-hang-thu-nhan-ho-so-quan-huyen-01-2021-06-01
    let scope = match &query.scope {
        Scope::Level(_) => "toan-quoc".to_string(),
        Scope::ChildrenOf(code) => code.to_lowercase(),
    };
    let stem = format!(
        "xep-hang-{}-{}-{scope}-{date}",
        slug(query.stage.label(Lang::Vi)),
        slug(level_name(query.level, Lang::Vi)),
    );
    Ok(Table {
        title: format!(
            "{} · {} · {}",
            query.stage.label(lang),
            query.measure.label(lang),
            as_of_line(lang, date)
        ),
        sheet: match lang {
            Lang::Vi => "Xếp hạng",
            Lang::En => "Rankings",
        },
        headers: headers.map(str::to_string).to_vec(),
        rows,
        stem,
    })
}

async fn series(progress: &Progress, params: &HashMap<String, String>) -> Result<Table, ApiError> {
    only_params(params, &["unit", "date", "lang"])?;
    let get = |k: &str| params.get(k).map(String::as_str);
    let lang = lang_param(get("lang"))?;
    let code = get("unit").unwrap_or(NATION_CODE);
    let (unit, date, days) = progress.daily_series(code, get("date")).await?;
    let mut headers = vec![match lang {
        Lang::Vi => "Ngày".to_string(),
        Lang::En => "Day".to_string(),
    }];
    for stage in Stage::ALL {
        let (day, total) = match lang {
            Lang::Vi => ("trong ngày", "lũy kế"),
            Lang::En => ("on the day", "cumulative"),
        };
        headers.push(format!("{} ({day})", stage.label(lang)));
        headers.push(format!("{} ({total})", stage.label(lang)));
    }
    let rows = days
        .into_iter()
        .map(|(day, per)| {
            let mut row = vec![Cell::Date(day)];
            for stage in Stage::ALL {
                let (count, cumulative) = per.get(stage);
                row.push(Cell::Int(*count as i64));
                row.push(Cell::Int(*cumulative as i64));
            }
            row
        })
        .collect();
    let place = scope_slug(&unit);
    Ok(Table {
        title: format!("{} · {}", unit.name, as_of_line(lang, date)),
        sheet: match lang {
            Lang::Vi => "Theo ngày",
            Lang::En => "Per day",
        },
        headers,
        rows,
        stem: format!("tien-do-theo-ngay-{place}-{date}"),
    })
}

fn attachment(content_type: &str, name: String, body: impl Into<axum::body::Body>) -> Response {
    (
        [
            (CONTENT_TYPE, content_type.to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body.into(),
    )
        .into_response()
}

/// CSV: UTF-8 with a byte-order mark; plain numbers ('.' for decimals, no
/// thousands separators) and ISO dates, which spreadsheets read as such.
fn csv_file(table: &Table) -> Result<Response, ApiError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(&table.headers).map_err(internal)?;
    for row in &table.rows {
        out.write_record(row.iter().map(|cell| match cell {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Num(v, decimals) => format!("{v:.decimals$}"),
            Cell::Date(d) => d.to_string(),
            Cell::Empty => String::new(),
        }))
        .map_err(internal)?;
    }
    let mut body = "\u{feff}".as_bytes().to_vec();
    body.extend(out.into_inner().map_err(|e| internal(e.into_error()))?);
    Ok(attachment(
        "text/csv; charset=utf-8",
        format!("{}.csv", table.stem),
        body,
    ))
}

/// XLSX: the title (with the as-of day) on row 1, the header on row 2,
/// frozen; numbers and dates typed.
fn xlsx_file(table: &Table) -> Result<Response, ApiError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(table.sheet).map_err(internal)?;
    let bold = Format::new().set_bold();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let int_format = Format::new().set_num_format("#,##0");
    let decimal_format = Format::new().set_num_format("#,##0.0");
    sheet
        .write_string_with_format(0, 0, &table.title, &bold)
        .map_err(internal)?;
    for (c, header) in table.headers.iter().enumerate() {
        sheet
            .write_string_with_format(1, c as u16, header, &bold)
            .map_err(internal)?;
        sheet
            .set_column_width(c as u16, (header.chars().count() + 2).max(12) as f64)
            .map_err(internal)?;
    }
    sheet.set_freeze_panes(2, 0).map_err(internal)?;
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 2;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) => sheet.write_string(r, c, s).map(|_| ()),
                Cell::Int(n) => sheet
                    .write_number_with_format(r, c, *n as f64, &int_format)
                    .map(|_| ()),
                Cell::Num(v, _) => sheet
                    .write_number_with_format(r, c, *v, &decimal_format)
                    .map(|_| ()),
                Cell::Date(d) => {
                    let day =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                            .map_err(internal)?;
                    sheet
                        .write_datetime_with_format(r, c, &day, &date_format)
                        .map(|_| ())
                }
                Cell::Empty => Ok(()),
            }
            .map_err(internal)?;
        }
    }
    let body = book.save_to_buffer().map_err(internal)?;
    Ok(attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        format!("{}.xlsx", table.stem),
        body,
    ))
}

fn internal<E: std::fmt::Display>(e: E) -> ApiError {
    ApiError::Internal(e.to_string())
}
