//! `GET /export/table/{table}.csv`: tables as files Excel opens with
//! Vietnamese intact (UTF-8 with a byte-order mark), with the same
//! parameters and as-of day as the screen.
//!
//! Tables: `rankings` (any level, or one unit's children: the API's
//! `level`, `parent`, `stage`, `by`, `date`, plus `lang` for the headers).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tiendo_core::Lang;
use tiendo_core::rankings::pace_vs_required;
use tiendo_core::search::fold;

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
        _ => Err(ApiError::NotFound(format!(
            "no table export '{file}' (available: rankings.csv)"
        ))),
    }
}

async fn rankings_csv(
    progress: &Progress,
    params: &HashMap<String, String>,
) -> Result<Response, ApiError> {
    only_params(params, &["level", "parent", "stage", "by", "date", "lang"])?;
    let get = |k: &str| params.get(k).map(String::as_str);
    let lang = match get("lang") {
        None | Some("vi") => Lang::Vi,
        Some("en") => Lang::En,
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "lang: expected vi or en, got '{other}'"
            )));
        }
    };
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
    let mut body = "\u{feff}".as_bytes().to_vec();
    body.extend(out.into_inner().map_err(|e| internal(e.into_error()))?);
    // Says what it is: xep-hang-thu-nhan-ho-so-quan-huyen-01-2021-06-01.csv
    let slug = |s: &str| fold(s).replace(' ', "-");
    let scope = match &query.scope {
        Scope::Level(_) => "toan-quoc".to_string(),
        Scope::ChildrenOf(code) => code.to_lowercase(),
    };
    let name = format!(
        "xep-hang-{}-{}-{scope}-{date}.csv",
        slug(query.stage.label(Lang::Vi)),
        slug(level_name(query.level, Lang::Vi)),
    );
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

fn internal<E: std::fmt::Display>(e: E) -> ApiError {
    ApiError::Internal(e.to_string())
}
