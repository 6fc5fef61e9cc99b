//! `GET /export/table/{table}.csv`: tables as files Excel opens with
//! Vietnamese intact (UTF-8 with a byte-order mark), with the same
//! parameters and as-of day as the screen.
//!
//! Tables: `rankings` (any level, or one unit's children: the API's
//! `level`, `parent`, `stage`, `by`, `date`, plus `lang` for the headers) and
//! `series` (a unit's figures per day: `unit`, `date`, `lang`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tiendo_core::rankings::pace_vs_required;
use tiendo_core::search::fold;
use tiendo_core::units::NATION_CODE;
use tiendo_core::{Lang, Stage};

use super::{ApiError, only_params};
use crate::db::Scope;
use crate::progress::Progress;
use tiendo_app::i18n::{level_name, status_label};

/// Routes of this resource.
pub fn router() -> axum::Router<Arc<Progress>> {
    axum::Router::new().route("/export/table/{file}", get(table))
}

async fn table(
    State(progress): State<Arc<Progress>>,
    Path(file): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    match file.as_str() {
        "rankings.csv" => rankings_csv(&progress, &params).await,
        "series.csv" => series_csv(&progress, &params).await,
        _ => Err(ApiError::NotFound(format!(
            "no table export '{file}' (available: rankings.csv, series.csv)"
        ))),
    }
}

/// The `lang` parameter of an export (Vietnamese by default).
fn lang_param(value: Option<&str>) -> Result<Lang, ApiError> {
    match value {
        None | Some("vi") => Ok(Lang::Vi),
        Some("en") => Ok(Lang::En),
        Some(other) => Err(ApiError::BadRequest(format!(
            "lang: expected vi or en, got '{other}'"
        ))),
    }
}

/// The response for a CSV file: UTF-8 with a byte-order mark, as an attachment named `name`.
fn csv_file(out: csv::Writer<Vec<u8>>, name: &str) -> Result<Response, ApiError> {
    let mut body = "\u{feff}".as_bytes().to_vec();
    body.extend(out.into_inner().map_err(|e| internal(e.into_error()))?);
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// A file-name part: "Thu nhận hồ sơ" → "thu-nhan-ho-so".
fn slug(s: &str) -> String {
    fold(s).replace(' ', "-")
}

async fn series_csv(
    progress: &Progress,
    params: &HashMap<String, String>,
) -> Result<Response, ApiError> {
    only_params(params, &["unit", "date", "lang"])?;
    let get = |k: &str| params.get(k).map(String::as_str);
    let lang = lang_param(get("lang"))?;
    let code = get("unit").unwrap_or(NATION_CODE);
    let (unit, date, rows) = progress.daily_series(code, get("date")).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
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
    out.write_record(&headers).map_err(internal)?;
    for (day, per) in rows {
        let mut record = vec![day.to_string()];
        for stage in Stage::ALL {
            let (count, cumulative) = per.get(stage);
            record.push(count.to_string());
            record.push(cumulative.to_string());
        }
        out.write_record(&record).map_err(internal)?;
    }
    let place = if unit.code == NATION_CODE {
        "toan-quoc".to_string()
    } else {
        format!("{}-{}", slug(&unit.name), unit.code)
    };
    csv_file(out, &format!("tien-do-theo-ngay-{place}-{date}.csv"))
}

async fn rankings_csv(
    progress: &Progress,
    params: &HashMap<String, String>,
) -> Result<Response, ApiError> {
    only_params(params, &["level", "parent", "stage", "by", "date", "lang"])?;
    let get = |k: &str| params.get(k).map(String::as_str);
    let lang = lang_param(get("lang"))?;
    let query = progress
        .ranking_query(get("level"), get("parent"), get("stage"), get("by"))
        .await?;
    let (date, units) = progress.ranked(&query, get("date")).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
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
    out.write_record(headers).map_err(internal)?;
    // Plain numbers (no thousands separators, '.' for decimals) and ISO
    // dates, so that spreadsheets read them as numbers and dates.
    let num =
        |v: Option<f64>, decimals: usize| v.map_or(String::new(), |v| format!("{v:.decimals$}"));
    for u in units {
        let s = &u.standing;
        let p = &s.progress;
        out.write_record([
            date.to_string(),
            u.place.rank.map_or(String::new(), |r| r.to_string()),
            u.place.change.map_or(String::new(), |c| c.to_string()),
            s.unit.code.clone(),
            s.unit.name.clone(),
            s.unit.parent.clone().unwrap_or_default(),
            s.region.clone().unwrap_or_default(),
            p.cumulative.to_string(),
            p.target.map_or(String::new(), |t| t.to_string()),
            num(p.percent_of_target, 1),
            num(Some(p.avg7), 1),
            num(p.required_daily, 1),
            num(pace_vs_required(p), 1),
            p.projected_completion
                .map_or(String::new(), |d| d.to_string()),
            s.backlog.to_string(),
            status_label(p.status, lang).to_string(),
        ])
        .map_err(internal)?;
    }
    // Says what it is: xep-hang-thu-nhan-ho-so-quan-huyen-01-2021-06-01.csv
    let scope = match &query.scope {
        Scope::Level(_) => "toan-quoc".to_string(),
        Scope::ChildrenOf(code) => code.to_lowercase(),
    };
    let name = format!(
        "xep-hang-{}-{}-{scope}-{date}.csv",
        slug(query.stage.label(Lang::Vi)),
        slug(level_name(query.level, Lang::Vi)),
    );
    csv_file(out, &name)
}

fn internal<E: std::fmt::Display>(e: E) -> ApiError {
    ApiError::Internal(e.to_string())
}
