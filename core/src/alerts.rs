//! What leadership would want to know before they ask: units behind
//! schedule, silent communes, figures far from a unit's own history, stages
//! out of order, provinces where few communes reported. Pure rules over the
//! figures; the server gathers them, keeps one open alert per unit and rule,
//! and resolves it when the condition clears.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::format;
use crate::params::{ParamError, parse_slug};
use crate::progress::{StageProgress, Status};
use crate::stage::Stage;

/// What an alert is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Projected to miss its deadline, or well under the straight trajectory.
    BehindSchedule,
    /// A commune with no applications report for days.
    Silent,
    /// A day's count far above the unit's own recent days.
    Anomaly,
    /// Cumulative cards produced above applications, or delivered above produced.
    StageOrder,
    /// Few of a province's communes reported on the day.
    LowCompleteness,
}

impl Rule {
    /// Every rule.
    pub const ALL: [Rule; 5] = [
        Rule::BehindSchedule,
        Rule::Silent,
        Rule::Anomaly,
        Rule::StageOrder,
        Rule::LowCompleteness,
    ];

    /// As in URLs, JSON and the database.
    pub fn slug(self) -> &'static str {
        match self {
            Rule::BehindSchedule => "behind_schedule",
            Rule::Silent => "silent",
            Rule::Anomaly => "anomaly",
            Rule::StageOrder => "stage_order",
            Rule::LowCompleteness => "low_completeness",
        }
    }

    /// Parses a slug; `field` names the parameter in the error.
    pub fn parse(field: &str, value: &str) -> Result<Rule, ParamError> {
        parse_slug(field, value, "rule", &Rule::ALL, Rule::slug)
    }

    /// In words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Rule::BehindSchedule, Lang::Vi) => "Chậm tiến độ",
            (Rule::Silent, Lang::Vi) => "Không báo cáo",
            (Rule::Anomaly, Lang::Vi) => "Số liệu bất thường",
            (Rule::StageOrder, Lang::Vi) => "Sai thứ tự công đoạn",
            (Rule::LowCompleteness, Lang::Vi) => "Ít xã báo cáo",
            (Rule::BehindSchedule, Lang::En) => "Behind schedule",
            (Rule::Silent, Lang::En) => "Silent",
            (Rule::Anomaly, Lang::En) => "Anomaly",
            (Rule::StageOrder, Lang::En) => "Stages out of order",
            (Rule::LowCompleteness, Lang::En) => "Low reporting",
        }
    }
}

/// How urgent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look.
    Warning,
    /// Act now.
    Critical,
}

impl Severity {
    /// Both.
    pub const ALL: [Severity; 2] = [Severity::Warning, Severity::Critical];

    /// As in URLs, JSON and the database.
    pub fn slug(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }

    /// Parses a slug.
    pub fn parse(field: &str, value: &str) -> Result<Severity, ParamError> {
        parse_slug(field, value, "severity", &Severity::ALL, Severity::slug)
    }

    /// In words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Warning, Lang::Vi) => "Cần chú ý",
            (Severity::Critical, Lang::Vi) => "Nghiêm trọng",
            (Severity::Warning, Lang::En) => "Warning",
            (Severity::Critical, Lang::En) => "Critical",
        }
    }
}

/// Where an alert stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AlertState {
    /// Nobody has looked yet.
    Open,
    /// Someone looked and said so.
    Acknowledged,
    /// The condition cleared by itself.
    Resolved,
}

impl AlertState {
    /// Every state.
    pub const ALL: [AlertState; 3] = [
        AlertState::Open,
        AlertState::Acknowledged,
        AlertState::Resolved,
    ];

    /// As in URLs, JSON and the database.
    pub fn slug(self) -> &'static str {
        match self {
            AlertState::Open => "open",
            AlertState::Acknowledged => "acknowledged",
            AlertState::Resolved => "resolved",
        }
    }

    /// Parses a slug.
    pub fn parse(field: &str, value: &str) -> Result<AlertState, ParamError> {
        parse_slug(field, value, "state", &AlertState::ALL, AlertState::slug)
    }

    /// In words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (AlertState::Open, Lang::Vi) => "Mới",
            (AlertState::Acknowledged, Lang::Vi) => "Đã xác nhận",
            (AlertState::Resolved, Lang::Vi) => "Đã hết",
            (AlertState::Open, Lang::En) => "Open",
            (AlertState::Acknowledged, Lang::En) => "Acknowledged",
            (AlertState::Resolved, Lang::En) => "Resolved",
        }
    }
}

/// The thresholds of the rules (settings, with these defaults).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Thresholds {
    /// Behind when % of target is more than this many points under the straight trajectory.
    pub behind_points: f64,
    /// Silent after this many days without an applications report.
    pub silent_days: u32,
    /// An anomaly beyond this many robust deviations above the recent median.
    pub anomaly_deviations: f64,
    /// Low reporting under this % of a province's communes.
    pub completeness_percent: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            behind_points: 10.0,
            silent_days: 3,
            anomaly_deviations: 8.0,
            completeness_percent: 80.0,
        }
    }
}

/// Days of the campaign before rates mean anything.
pub const SETTLING_DAYS: i64 = 7;
/// Days of a unit's history an anomaly is judged against.
pub const ANOMALY_HISTORY: usize = 28;
/// Days of history needed to judge at all.
pub const ANOMALY_MIN_HISTORY: usize = 7;

/// A condition found on a unit: what the alert says and the figures behind it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The unit.
    pub unit: String,
    /// The rule.
    pub rule: Rule,
    /// How urgent.
    pub severity: Severity,
    /// The figures that tripped it, by name.
    pub figures: Vec<(String, f64)>,
}

/// Behind schedule: projected to finish after the deadline at the 7-day
/// rate (or the deadline passed unmet), or more than `behind_points` under
/// the straight trajectory from `start` to the deadline. A unit without a
/// target is not judged, nor any in the first days of the campaign.
pub fn behind_schedule(
    unit: &str,
    stage: Stage,
    p: &StageProgress,
    start: NaiveDate,
    day: NaiveDate,
    t: &Thresholds,
) -> Option<Finding> {
    let target = p.target.filter(|t| *t > 0)? as f64;
    if (day - start).num_days() < SETTLING_DAYS || p.status == Status::Met {
        return None;
    }
    let span = (p.deadline - start).num_days().max(1) as f64;
    let elapsed = ((day - start).num_days() as f64).min(span);
    let expected = 100.0 * elapsed / span;
    let percent = 100.0 * p.cumulative as f64 / target;
    let gap = expected - percent;
    let late = matches!(
        p.status,
        Status::Behind | Status::NoRate | Status::DeadlinePassed
    );
    if !late && gap <= t.behind_points {
        return None;
    }
    let days_late = p
        .projected_completion
        .map_or(f64::INFINITY, |d| (d - p.deadline).num_days() as f64);
    let severity =
        if p.status == Status::DeadlinePassed || gap > 2.0 * t.behind_points || days_late > 30.0 {
            Severity::Critical
        } else {
            Severity::Warning
        };
    let mut figures = vec![
        (
            format!("{}_percent_of_target", stage.slug()),
            round1(percent),
        ),
        (
            format!("{}_expected_percent", stage.slug()),
            round1(expected),
        ),
    ];
    if let Some(required) = p.required_daily {
        figures.push((format!("{}_required_daily", stage.slug()), required.ceil()));
    }
    figures.push((format!("{}_avg7", stage.slug()), round1(p.avg7)));
    Some(Finding {
        unit: unit.to_string(),
        rule: Rule::BehindSchedule,
        severity,
        figures,
    })
}

/// Silent: no applications report on any of the last `silent_days` days up
/// to `day`, while the campaign runs (a zero report is a report).
pub fn silent(
    unit: &str,
    last_report: Option<NaiveDate>,
    start: NaiveDate,
    day: NaiveDate,
    t: &Thresholds,
) -> Option<Finding> {
    let since = last_report.unwrap_or(start - chrono::Duration::days(1));
    let days = (day - since).num_days();
    if (day - start).num_days() < i64::from(t.silent_days) || days < i64::from(t.silent_days) {
        return None;
    }
    Some(Finding {
        unit: unit.to_string(),
        rule: Rule::Silent,
        severity: if days >= 2 * i64::from(t.silent_days) {
            Severity::Critical
        } else {
            Severity::Warning
        },
        figures: vec![("days_without_report".into(), days as f64)],
    })
}

/// The median of `values` (sorted here).
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Anomaly: the day's count far above the unit's last days, judged by the
/// median and the median absolute deviation (robust to the odd big day).
/// Only high values: a zero day (a holiday) is not an anomaly, and silence
/// has its own rule. `history` holds the counts of the days before, at
/// least [`ANOMALY_MIN_HISTORY`] of them.
pub fn anomaly(
    unit: &str,
    stage: Stage,
    count: u64,
    history: &[u64],
    t: &Thresholds,
) -> Option<Finding> {
    if history.len() < ANOMALY_MIN_HISTORY {
        return None;
    }
    let mut values: Vec<f64> = history.iter().map(|v| *v as f64).collect();
    let m = median(&mut values);
    let mut deviations: Vec<f64> = values.iter().map(|v| (v - m).abs()).collect();
    // 1.4826 x MAD estimates the standard deviation; a floor of one keeps a
    // flat history (all days equal) from calling any change an anomaly.
    let spread = (1.4826 * median(&mut deviations)).max(1.0).max(0.1 * m);
    let score = (count as f64 - m) / spread;
    if score <= t.anomaly_deviations {
        return None;
    }
    Some(Finding {
        unit: unit.to_string(),
        rule: Rule::Anomaly,
        severity: if score > 2.0 * t.anomaly_deviations {
            Severity::Critical
        } else {
            Severity::Warning
        },
        figures: vec![
            (format!("{}_count", stage.slug()), count as f64),
            (format!("{}_median", stage.slug()), round1(m)),
            ("deviations".into(), round1(score)),
        ],
    })
}

/// Stages out of order: cumulative cards produced above applications, or
/// delivered above produced.
pub fn stage_order(unit: &str, applied: u64, produced: u64, delivered: u64) -> Option<Finding> {
    if produced <= applied && delivered <= produced {
        return None;
    }
    Some(Finding {
        unit: unit.to_string(),
        rule: Rule::StageOrder,
        severity: Severity::Critical,
        figures: vec![
            ("applications".into(), applied as f64),
            ("produced".into(), produced as f64),
            ("delivered".into(), delivered as f64),
        ],
    })
}

/// Low reporting: under `completeness_percent` of a province's communes
/// sent an applications report on the day.
pub fn low_completeness(
    unit: &str,
    reported: u64,
    communes: u64,
    t: &Thresholds,
) -> Option<Finding> {
    if communes == 0 {
        return None;
    }
    let percent = 100.0 * reported as f64 / communes as f64;
    if percent >= t.completeness_percent {
        return None;
    }
    Some(Finding {
        unit: unit.to_string(),
        rule: Rule::LowCompleteness,
        severity: if percent < t.completeness_percent / 2.0 {
            Severity::Critical
        } else {
            Severity::Warning
        },
        figures: vec![
            ("communes_reported".into(), reported as f64),
            ("communes".into(), communes as f64),
            ("percent".into(), round1(percent)),
        ],
    })
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// An alert as kept and shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Alert {
    /// Row id.
    pub id: i64,
    /// The unit's code.
    pub unit: String,
    /// The unit's name.
    pub unit_name: String,
    /// The province it lies in (itself for a province).
    pub province: Option<String>,
    /// The rule.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub rule: Rule,
    /// How urgent.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub severity: Severity,
    /// Where it stands.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub state: AlertState,
    /// When first found (RFC 3339).
    pub first_seen: String,
    /// When last found.
    pub last_seen: String,
    /// The figures that tripped it.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub figures: Vec<(String, f64)>,
    /// Who acknowledged it, if anyone.
    pub acknowledged_by: Option<String>,
    /// Their comment.
    pub comment: Option<String>,
    /// When it resolved.
    pub resolved_at: Option<String>,
}

/// A failed delivery of an alert notification, for operators.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryFailure {
    /// Notification id.
    pub id: i64,
    /// The alert.
    pub alert: i64,
    /// `new` or `resolved`.
    pub event: String,
    /// Attempts so far.
    pub attempts: i64,
    /// The last error.
    pub error: String,
    /// Whether it was given up.
    pub given_up: bool,
}

/// Which alerts a reader asks for, as typed in the URL (`state`, `rule`,
/// `severity`, `province`, `unit`): empty is any; `state` empty is the
/// alerts still open or acknowledged.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertQuery {
    /// `open`, `acknowledged`, `resolved`, `all`, or empty.
    pub state: String,
    /// A rule slug, or empty.
    pub rule: String,
    /// `warning`, `critical`, or empty.
    pub severity: String,
    /// A province code, or empty.
    pub province: String,
    /// Any unit's code, or empty.
    pub unit: String,
}

/// An [`AlertQuery`] checked: each field parsed, or an error naming it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AlertSelection {
    /// `None`: open and acknowledged; `Some(None)`: every state.
    pub state: Option<Option<AlertState>>,
    /// Only this rule.
    pub rule: Option<Rule>,
    /// Only this severity.
    pub severity: Option<Severity>,
    /// Only within this unit: the unit if given, else the province.
    pub within: Option<String>,
}

impl AlertQuery {
    /// The query checked; unit codes are checked by the caller, who knows them.
    pub fn select(&self) -> Result<AlertSelection, ParamError> {
        let blank = |s: &str| s.trim().is_empty();
        let state = match self.state.trim() {
            "" => None,
            "all" => Some(None),
            s => Some(Some(AlertState::parse("state", s)?)),
        };
        let rule = (!blank(&self.rule))
            .then(|| Rule::parse("rule", self.rule.trim()))
            .transpose()?;
        let severity = (!blank(&self.severity))
            .then(|| Severity::parse("severity", self.severity.trim()))
            .transpose()?;
        let within = [&self.unit, &self.province]
            .into_iter()
            .map(|c| c.trim())
            .find(|c| !c.is_empty())
            .map(str::to_string);
        Ok(AlertSelection {
            state,
            rule,
            severity,
            within,
        })
    }
}

/// One line about an alert, in words: "Không báo cáo · 4 ngày".
pub fn describe(rule: Rule, figures: &[(String, f64)], lang: Lang) -> String {
    let get = |name: &str| {
        figures
            .iter()
            .find(|(n, _)| n.ends_with(name))
            .map(|(_, v)| *v)
    };
    let n = |v: f64| format::int(v.max(0.0) as u64, lang);
    match (rule, lang) {
        (Rule::Silent, Lang::Vi) => format!(
            "{} ngày không báo cáo thu nhận hồ sơ",
            n(get("days_without_report").unwrap_or(0.0))
        ),
        (Rule::Silent, Lang::En) => format!(
            "{} days without an applications report",
            n(get("days_without_report").unwrap_or(0.0))
        ),
        (Rule::BehindSchedule, _) => {
            let (p, e) = (
                get("percent_of_target").unwrap_or(0.0),
                get("expected_percent").unwrap_or(0.0),
            );
            match lang {
                Lang::Vi => format!(
                    "đạt {} mục tiêu, lẽ ra {}",
                    format::percent(p, lang),
                    format::percent(e, lang)
                ),
                Lang::En => format!(
                    "{} of target, {} expected",
                    format::percent(p, lang),
                    format::percent(e, lang)
                ),
            }
        }
        (Rule::Anomaly, _) => {
            let (c, m) = (get("_count").unwrap_or(0.0), get("_median").unwrap_or(0.0));
            match lang {
                Lang::Vi => format!("{} trong ngày, thường khoảng {}", n(c), n(m)),
                Lang::En => format!("{} in a day, usually about {}", n(c), n(m)),
            }
        }
        (Rule::StageOrder, _) => {
            let (a, p, d) = (
                get("applications").unwrap_or(0.0),
                get("produced").unwrap_or(0.0),
                get("delivered").unwrap_or(0.0),
            );
            match lang {
                Lang::Vi => format!("hồ sơ {}, sản xuất {}, trả {}", n(a), n(p), n(d)),
                Lang::En => format!(
                    "applications {}, produced {}, delivered {}",
                    n(a),
                    n(p),
                    n(d)
                ),
            }
        }
        (Rule::LowCompleteness, _) => {
            let (r, c) = (
                get("communes_reported").unwrap_or(0.0),
                get("communes").unwrap_or(0.0),
            );
            match lang {
                Lang::Vi => format!("{} / {} xã báo cáo trong ngày", n(r), n(c)),
                Lang::En => format!("{} of {} communes reported on the day", n(r), n(c)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::{ProgressInput, compute};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn progress(
        cumulative: u64,
        week_before: u64,
        target: Option<u64>,
        day: &str,
    ) -> StageProgress {
        compute(ProgressInput {
            as_of: d(day),
            cumulative,
            cumulative_week_before: week_before,
            daily: (cumulative - week_before) / 7,
            target,
            deadline: d("2021-06-30"),
        })
    }

    #[test]
    fn behind_schedule_by_projection_or_by_the_trajectory() {
        let t = Thresholds::default();
        let start = d("2021-03-01");
        // Half way through (about 50% expected), at 20%: far under the trajectory.
        let p = progress(200, 150, Some(1_000), "2021-04-30");
        let f = behind_schedule("01", Stage::Applications, &p, start, d("2021-04-30"), &t).unwrap();
        assert_eq!(f.rule, Rule::BehindSchedule);
        assert_eq!(f.severity, Severity::Critical, "{f:?}");
        // On the trajectory and fast enough: nothing.
        let p = progress(520, 400, Some(1_000), "2021-04-30");
        assert!(
            behind_schedule("01", Stage::Applications, &p, start, d("2021-04-30"), &t).is_none()
        );
        // No target: not judged. The first days: not judged.
        let p = progress(0, 0, None, "2021-04-30");
        assert!(
            behind_schedule("01", Stage::Applications, &p, start, d("2021-04-30"), &t).is_none()
        );
        let p = progress(0, 0, Some(1_000), "2021-03-04");
        assert!(
            behind_schedule("01", Stage::Applications, &p, start, d("2021-03-04"), &t).is_none()
        );
        // Target met: never behind.
        let p = progress(1_000, 990, Some(1_000), "2021-05-01");
        assert!(
            behind_schedule("01", Stage::Applications, &p, start, d("2021-05-01"), &t).is_none()
        );
    }

    #[test]
    fn silent_counts_days_since_the_last_report_while_the_campaign_runs() {
        let t = Thresholds::default();
        let start = d("2021-03-01");
        assert!(silent("00001", Some(d("2021-06-08")), start, d("2021-06-10"), &t).is_none());
        let f = silent("00001", Some(d("2021-06-07")), start, d("2021-06-10"), &t).unwrap();
        assert_eq!(f.figures[0].1, 3.0);
        assert_eq!(f.severity, Severity::Warning);
        let f = silent("00001", Some(d("2021-06-01")), start, d("2021-06-10"), &t).unwrap();
        assert_eq!(f.severity, Severity::Critical);
        // Never reported: silent from the start, once the campaign is N days old.
        assert!(silent("00001", None, start, d("2021-03-02"), &t).is_none());
        assert!(silent("00001", None, start, d("2021-03-05"), &t).is_some());
    }

    #[test]
    fn anomalies_are_far_above_a_robust_centre_and_never_a_holiday_zero() {
        let t = Thresholds::default();
        let history = [40, 42, 38, 41, 0, 39, 43, 40, 44, 37];
        assert!(anomaly("00001", Stage::Applications, 60, &history, &t).is_none());
        let f = anomaly("00001", Stage::Applications, 400, &history, &t).unwrap();
        assert_eq!(f.rule, Rule::Anomaly);
        assert_eq!(f.figures[1].1, 40.0, "the median ignores the holiday");
        assert!(
            anomaly("00001", Stage::Applications, 0, &history, &t).is_none(),
            "a zero day"
        );
        assert!(
            anomaly("00001", Stage::Applications, 400, &history[..5], &t).is_none(),
            "too little history"
        );
        // A flat history: a small rise is not an anomaly.
        assert!(anomaly("00001", Stage::Applications, 12, &[10; 10], &t).is_none());
    }

    #[test]
    fn stage_order_and_completeness() {
        assert!(stage_order("00001", 100, 90, 80).is_none());
        assert!(stage_order("00001", 100, 101, 80).is_some());
        assert!(stage_order("00001", 100, 90, 91).is_some());
        let t = Thresholds::default();
        assert!(low_completeness("01", 500, 579, &t).is_none());
        let f = low_completeness("01", 200, 579, &t).unwrap();
        assert_eq!(f.severity, Severity::Critical);
        assert!(low_completeness("01", 0, 0, &t).is_none());
        assert_eq!(
            describe(Rule::LowCompleteness, &f.figures, Lang::Vi),
            "200 / 579 xã báo cáo trong ngày"
        );
    }

    #[test]
    fn slugs_round_trip() {
        for r in Rule::ALL {
            assert_eq!(Rule::parse("rule", r.slug()).unwrap(), r);
        }
        assert!(Rule::parse("rule", "late").is_err());
        assert_eq!(
            AlertState::parse("state", "acknowledged").unwrap(),
            AlertState::Acknowledged
        );
        assert_eq!(
            Severity::parse("severity", "critical").unwrap(),
            Severity::Critical
        );
    }
}
