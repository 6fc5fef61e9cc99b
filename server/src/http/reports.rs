//! `POST /api/v1/reports`: a batch of figures, all or nothing.
//!
//! Body: `{"reports": [{"unit": "00001", "date": "2021-06-01", "stage":
//! "applications", "count": 120}, …], "confirm_warnings": false}`, with
//! `Authorization: Bearer TOKEN`. 401 without a valid token, 403 when an item
//! is for a unit outside the token's scope, 422 with one entry per failing
//! item (its index and field) when any is invalid or, unconfirmed, far from
//! the unit's history; 200 with a result per item otherwise. An
//! `Idempotency-Key` header makes a retried batch answer the same and change
//! nothing.

use std::sync::Arc;

use chrono::NaiveDate;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use tiendo_core::intake::{At, Channel, Problem, ProblemKind, RawLine};
use tiendo_core::{Lang, Stage};

use super::ApiError;
use super::auth::{Signed, Via};
use crate::accounts::body_hash;
use crate::intake::{Intake, IntakeError, Outcome, Written};

/// Largest batch body accepted: a national day is about 2.5 MB.
pub const MAX_BODY_BYTES: usize = 16 << 20;
/// Longest idempotency key accepted.
const MAX_KEY_CHARS: usize = 200;

/// Routes of this resource.
pub fn router() -> axum::Router<Arc<Intake>> {
    axum::Router::new().route("/reports", post(submit))
}

/// The items of a batch as lines, or a 400 when the body is not a batch.
pub fn lines_of(body: &[u8]) -> Result<(Vec<RawLine>, Vec<Problem>, bool), ApiError> {
    // A batch as documented is read straight into its lines (a national
    // day through a JSON tree took 45-60 ms); any other body is read again
    // as a tree, to name each failing item.
    if let Ok(batch) = serde_json::from_slice::<ReportBatch>(body) {
        let confirmed = batch.confirm_warnings;
        if let Some(lines) = batch.lines() {
            return Ok((lines, Vec::new(), confirmed));
        }
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("body: not JSON ({e})")))?;
    let confirmed = match value.get("confirm_warnings") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(ApiError::BadRequest(
                "confirm_warnings: must be true or false".into(),
            ));
        }
    };
    let items = value
        .get("reports")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::BadRequest("reports: required, a list of figures".into()))?;
    let mut lines = Vec::with_capacity(items.len());
    let mut problems = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = At::Item(i);
        let problem = |field: &str, kind| Problem {
            at,
            field: field.to_string(),
            kind,
        };
        let text = |field: &str| {
            item.get(field)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let stage = match item.get("stage").and_then(Value::as_str) {
            Some(s) => match Stage::from_slug(s) {
                Some(stage) => stage,
                None => {
                    problems.push(problem(
                        "stage",
                        ProblemKind::UnknownStage { text: s.into() },
                    ));
                    continue;
                }
            },
            None => {
                problems.push(problem("stage", ProblemKind::Missing));
                continue;
            }
        };
        // A JSON number as text, for the core to read; anything else is refused.
        let count = match item.get("count") {
            Some(Value::Number(n)) => n.to_string(),
            None | Some(Value::Null) => String::new(),
            Some(_) => {
                problems.push(problem(
                    stage.slug(),
                    ProblemKind::WrongType {
                        expected: "a number".into(),
                    },
                ));
                continue;
            }
        };
        lines.push(RawLine {
            at,
            unit: text("unit"),
            date: text("date"),
            counts: vec![(stage, count)],
        });
    }
    Ok((lines, problems, confirmed))
}

/// A problem as the API answers it; a count's field is called `count`.
pub fn problem_json(p: &Problem, lang: Lang) -> Value {
    let index = match p.at {
        At::Item(i) => json!(i),
        At::Row(r) => json!(r),
        At::Form => Value::Null,
    };
    let field = if Stage::from_slug(&p.field).is_some() {
        "count"
    } else {
        p.field.as_str()
    };
    json!({
        "index": index,
        "field": field,
        "message": p.message(lang),
        "severity": if p.is_warning() { "warning" } else { "error" },
    })
}

/// The answer for a refused batch.
pub fn refusal(e: IntakeError, lang: Lang) -> ApiError {
    let problems = |status: StatusCode, message: String, list: &[Problem]| ApiError::Problems {
        status,
        message,
        problems: list.iter().map(|p| problem_json(p, lang)).collect(),
    };
    let message = e.to_string();
    match e {
        IntakeError::Forbidden(list) => problems(StatusCode::FORBIDDEN, message, &list),
        IntakeError::Invalid(list) => problems(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{message}; nothing was written"),
            &list,
        ),
        IntakeError::Unconfirmed(list) => problems(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "{message}: send again with \"confirm_warnings\": true if they are right; nothing was written"
            ),
            &list,
        ),
        IntakeError::Empty => ApiError::BadRequest("reports: the list is empty".into()),
        IntakeError::View(v) => v.into(),
    }
}

/// The answer for a written batch, as sent (and kept for a retry).
fn written_answer(version: i64, written: &[Written]) -> String {
    let answer = BatchAnswer {
        data_version: version,
        results: written
            .iter()
            .map(|w| ItemResult {
                index: match w.at {
                    At::Item(i) => Some(i),
                    _ => None,
                },
                unit: &w.unit,
                date: w.date,
                stage: w.stage.slug(),
                count: w.count,
                previous: w.previous,
                outcome: w.outcome,
            })
            .collect(),
    };
    // Serialized straight from the results: a national day's 31,797 items
    // went through a JSON tree of their own first.
    serde_json::to_string(&answer).expect("the answer serializes")
}

/// A batch of figures, as documented (and read when the body is one; see
/// [`lines_of`]).
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub(super) struct ReportBatch {
    /// The figures.
    reports: Vec<ReportItem>,
    /// Record figures far from the units' history too.
    #[serde(default)]
    confirm_warnings: bool,
}

impl ReportBatch {
    /// The items as lines; `None` when a stage is unknown (the lenient
    /// reading names it).
    fn lines(self) -> Option<Vec<RawLine>> {
        self.reports
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                Some(RawLine {
                    at: At::Item(i),
                    unit: item.unit,
                    date: item.date,
                    counts: vec![(Stage::from_slug(&item.stage)?, item.count.to_string())],
                })
            })
            .collect()
    }
}

/// One figure: a commune's count for one stage and day.
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub(super) struct ReportItem {
    /// Commune code (5 digits).
    #[schema(example = "00001")]
    unit: String,
    /// The day, YYYY-MM-DD or dd/mm/yyyy.
    #[schema(example = "2021-06-01")]
    date: String,
    /// applications, produced or delivered.
    #[schema(example = "applications")]
    stage: String,
    /// The day's count (not a running total).
    #[schema(example = 120)]
    count: u64,
}

/// The answer to a written batch.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub(super) struct BatchAnswer<'a> {
    /// The data version after the write.
    data_version: i64,
    /// One result per item.
    results: Vec<ItemResult<'a>>,
}

/// What became of one item.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub(super) struct ItemResult<'a> {
    /// The item's position in `reports`.
    index: Option<usize>,
    unit: &'a str,
    date: NaiveDate,
    stage: &'static str,
    count: u64,
    /// The figure it replaced, if any.
    previous: Option<u64>,
    /// recorded, corrected or unchanged.
    #[schema(value_type = String)]
    outcome: Outcome,
}

/// Records a batch of figures, all or nothing.
#[utoipa::path(
    post,
    path = "/api/v1/reports",
    tag = "write",
    request_body = ReportBatch,
    params(("Idempotency-Key" = Option<String>, Header, description = "A retried batch with the same key answers the same and changes nothing")),
    security(("token" = [])),
    responses(
        (status = 200, body = BatchAnswer<'static>),
        (status = 400, body = super::openapi::ErrorBody, description = "Not a batch"),
        (status = 401, body = super::openapi::ErrorBody, description = "No valid token"),
        (status = 403, body = super::openapi::Problems, description = "Items for units outside the token's scope"),
        (status = 422, body = super::openapi::Problems, description = "Invalid items, or warnings not confirmed; nothing was written"),
    )
)]
pub(super) async fn submit(
    State(intake): State<Arc<Intake>>,
    Signed(actor, via): Signed,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    // Browsers write through the pages' forms, with their CSRF token; the
    // API is for programs, with a token.
    if via != Via::Token {
        return Err(ApiError::Unauthorized(
            "the reports API takes 'Authorization: Bearer TOKEN' (tiendo token add NAME)".into(),
        ));
    }
    let key = match headers.get("idempotency-key") {
        None => None,
        Some(v) => {
            let key = v
                .to_str()
                .ok()
                .filter(|k| !k.is_empty() && k.chars().count() <= MAX_KEY_CHARS)
                .ok_or_else(|| {
                    ApiError::BadRequest(format!(
                        "Idempotency-Key: 1 to {MAX_KEY_CHARS} visible ASCII characters"
                    ))
                })?;
            Some(key.to_string())
        }
    };
    // Hashed only to compare a retry with the batch first sent under its key.
    let request = key.as_ref().map(|_| body_hash(&body));
    if let Some((key, request)) = key.as_ref().zip(request.as_ref())
        && let Some((earlier, answer)) = intake
            .db()
            .idempotent_answer(actor.account, key)
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?
    {
        if &earlier != request {
            return Err(ApiError::Problems {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                message: "Idempotency-Key: already used for a different batch; nothing was written"
                    .into(),
                problems: Vec::new(),
            });
        }
        let mut response = (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            answer,
        )
            .into_response();
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
        return Ok(response);
    }
    let (lines, problems, confirmed) = lines_of(&body).inspect_err(|_| intake.count_refusal())?;
    if !problems.is_empty() {
        intake.count_refusal();
        return Err(refusal(IntakeError::Invalid(problems), Lang::En));
    }
    let (version, written) = intake
        .submit(&actor, Channel::Api, lines.into(), confirmed)
        .await
        .map_err(|e| refusal(e, Lang::En))?;
    let answer = written_answer(version, &written);
    if let Some((key, request)) = key.as_ref().zip(request.as_ref()) {
        intake
            .db()
            .keep_idempotent_answer(actor.account, key, request, &answer)
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
    }
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        answer,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_read_or_named() {
        let body = br#"{"reports": [
            {"unit": "00001", "date": "2021-06-01", "stage": "applications", "count": 120},
            {"unit": "00001", "date": "2021-06-01", "stage": "made", "count": 1},
            {"unit": "00001", "date": "2021-06-01", "stage": "produced", "count": "12"},
            {"unit": "00001", "date": "2021-06-01", "stage": "delivered", "count": -3}
        ], "confirm_warnings": true}"#;
        let (lines, problems, confirmed) = lines_of(body).unwrap();
        assert!(confirmed);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].counts[0].1, "-3", "the core says it is negative");
        let got: Vec<Value> = problems.iter().map(|p| problem_json(p, Lang::En)).collect();
        assert_eq!(got[0]["index"], 1);
        assert_eq!(got[0]["field"], "stage");
        assert_eq!(got[1]["index"], 2);
        assert_eq!(got[1]["field"], "count");
        assert_eq!(
            got[1]["message"],
            "reports[2], Sản xuất thẻ: must be a number"
                .replace("Sản xuất thẻ", Stage::Produced.label(Lang::En))
        );
        // A batch as documented reads the same, with its confirmation.
        let body = br#"{"reports": [
            {"unit": "00001", "date": "2021-06-01", "stage": "applications", "count": 120},
            {"unit": "00004", "date": "01/06/2021", "stage": "delivered", "count": 0, "note": "x"}
        ]}"#;
        let (lines, problems, confirmed) = lines_of(body).unwrap();
        assert!(!confirmed && problems.is_empty());
        assert_eq!(
            lines[1],
            RawLine {
                at: At::Item(1),
                unit: "00004".into(),
                date: "01/06/2021".into(),
                counts: vec![(Stage::Delivered, "0".into())],
            }
        );
        assert_eq!(lines[0].counts, [(Stage::Applications, "120".to_string())]);
        assert!(lines_of(b"[]").is_err());
        assert!(lines_of(b"{\"reports\": 1}").is_err());
        assert!(lines_of(b"nope").is_err());
    }
}
