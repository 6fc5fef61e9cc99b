//! Progress of one unit and stage against its target: rates, required rate, projection.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// Days in the moving average used for run rates and projections.
pub const RATE_WINDOW_DAYS: i64 = 7;

/// The figures progress is computed from, all as of one day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ProgressInput {
    /// The as-of day (its figures included).
    pub as_of: NaiveDate,
    /// Cumulative count up to and including `as_of`.
    pub cumulative: u64,
    /// Cumulative count up to and including `as_of - 7 days` (0 before the campaign).
    pub cumulative_week_before: u64,
    /// Count reported for `as_of` itself.
    pub daily: u64,
    /// Target for the stage; `None` when the unit has none.
    pub target: Option<u64>,
    /// Last day on which the target may still be met (inclusive).
    pub deadline: NaiveDate,
}

/// How a unit stands against its deadline.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The target is reached.
    Met,
    /// At the 7-day rate the target is met on or before the deadline.
    OnTrack,
    /// At the 7-day rate the target is met only after the deadline.
    Behind,
    /// Nothing was reported in the last 7 days, so no completion can be projected.
    NoRate,
    /// The deadline has passed with the target not met.
    DeadlinePassed,
    /// The unit has no target for this stage.
    NoTarget,
}

/// What a status column says of a unit, in four words, and what `status=`
/// filters on: the detail of [`Status`] folded to the question a commander
/// asks ("who is behind?").
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Will meet the target in time at its 7-day rate.
    OnTrack,
    /// Will not: projected late, past the deadline, or silent for 7 days
    /// after having reported. (The alerts' behind-schedule rule also counts a
    /// unit that never reported; here that is "no data", and the silent rule
    /// alerts on it.)
    Behind,
    /// Target reached.
    Met,
    /// Nothing to judge: no target, or no figure ever reported.
    NoData,
}

impl Verdict {
    /// Every verdict, in the order filters list them.
    pub const ALL: [Verdict; 4] = [
        Verdict::Behind,
        Verdict::OnTrack,
        Verdict::Met,
        Verdict::NoData,
    ];

    /// The identifier used in URLs and JSON.
    pub fn slug(self) -> &'static str {
        match self {
            Verdict::OnTrack => "on_track",
            Verdict::Behind => "behind",
            Verdict::Met => "met",
            Verdict::NoData => "no_data",
        }
    }

    /// Parses a slug; the error names `field` and the allowed values.
    pub fn parse(field: &str, value: &str) -> Result<Verdict, crate::params::ParamError> {
        crate::params::parse_slug(field, value, "status", &Verdict::ALL, Verdict::slug)
    }

    /// The verdict on a unit's progress in one stage.
    pub fn of(p: &StageProgress) -> Verdict {
        match p.status {
            Status::Met => Verdict::Met,
            Status::OnTrack => Verdict::OnTrack,
            Status::Behind | Status::DeadlinePassed => Verdict::Behind,
            Status::NoRate if p.cumulative > 0 => Verdict::Behind,
            Status::NoRate | Status::NoTarget => Verdict::NoData,
        }
    }
}

/// Progress of one unit in one stage, as shown on the overview and in the API.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageProgress {
    /// Cumulative count up to the as-of day.
    pub cumulative: u64,
    /// Count of the as-of day.
    pub daily: u64,
    /// Average daily count over the 7 days ending on the as-of day.
    pub avg7: f64,
    /// Target, if any.
    pub target: Option<u64>,
    /// Cumulative as a percentage of the target.
    pub percent_of_target: Option<f64>,
    /// Daily count still needed on each remaining day to meet the target by the deadline
    /// (0 when met; `None` when there is no target or no day left).
    pub required_daily: Option<f64>,
    /// Day the target is met at the 7-day rate (`None`: met already, no rate, no target).
    pub projected_completion: Option<NaiveDate>,
    /// Days left after the as-of day up to and including the deadline (0 when passed).
    pub days_left: i64,
    /// Last day on which the target may be met.
    pub deadline: NaiveDate,
    /// Summary of the above.
    pub status: Status,
}

/// Computes a unit's progress in one stage from its figures.
impl StageProgress {
    /// The whole count still needed each day, as every page, chart and file
    /// shows it: rounded up, since collecting the rounded-down figure daily
    /// would fall short of the target.
    pub fn required_per_day(&self) -> Option<u64> {
        self.required_daily.map(|r| r.ceil() as u64)
    }
}

pub fn compute(input: ProgressInput) -> StageProgress {
    let avg7 = input
        .cumulative
        .saturating_sub(input.cumulative_week_before) as f64
        / RATE_WINDOW_DAYS as f64;
    let days_left = (input.deadline - input.as_of).num_days().max(0);
    let base = StageProgress {
        cumulative: input.cumulative,
        daily: input.daily,
        avg7,
        target: input.target,
        percent_of_target: None,
        required_daily: None,
        projected_completion: None,
        days_left,
        deadline: input.deadline,
        status: Status::NoTarget,
    };
    let Some(target) = input.target.filter(|t| *t > 0) else {
        return base;
    };
    let percent_of_target = Some(input.cumulative as f64 * 100.0 / target as f64);
    let remaining = target.saturating_sub(input.cumulative);
    if remaining == 0 {
        return StageProgress {
            percent_of_target,
            required_daily: Some(0.0),
            status: Status::Met,
            ..base
        };
    }
    let required_daily = (days_left > 0).then(|| remaining as f64 / days_left as f64);
    // A tiny rate against a large remainder projects beyond any calendar:
    // that is no projection, not an overflow.
    let projected_completion = (avg7 > 0.0)
        .then(|| (remaining as f64 / avg7).ceil())
        .filter(|days| *days < 1e6)
        .and_then(|days| input.as_of.checked_add_signed(Duration::days(days as i64)));
    let status = match projected_completion {
        _ if days_left == 0 => Status::DeadlinePassed,
        None => Status::NoRate,
        Some(day) if day <= input.deadline => Status::OnTrack,
        Some(_) => Status::Behind,
    };
    StageProgress {
        percent_of_target,
        required_daily,
        projected_completion,
        status,
        ..base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn input(cumulative: u64, week_before: u64, target: Option<u64>) -> ProgressInput {
        ProgressInput {
            as_of: day("2021-06-01"),
            cumulative,
            cumulative_week_before: week_before,
            daily: 100,
            target,
            deadline: day("2021-06-30"),
        }
    }

    #[test]
    fn rate_required_rate_and_projection() {
        // 700 in the last week = 100 a day; 2,900 remain over 29 days.
        let p = compute(input(7_100, 6_400, Some(10_000)));
        assert_eq!(p.avg7, 100.0);
        assert_eq!(p.days_left, 29);
        assert_eq!(p.required_daily, Some(100.0));
        assert_eq!(p.projected_completion, Some(day("2021-06-30")));
        assert_eq!(p.status, Status::OnTrack);
        assert!((p.percent_of_target.unwrap() - 71.0).abs() < 1e-9);
    }

    #[test]
    fn slower_than_required_is_behind() {
        let p = compute(input(7_000, 6_930, Some(10_000)));
        assert_eq!(p.avg7, 10.0);
        assert_eq!(p.projected_completion, Some(day("2022-03-28")));
        assert_eq!(p.status, Status::Behind);
    }

    #[test]
    fn target_already_met() {
        let p = compute(input(12_000, 11_000, Some(10_000)));
        assert_eq!(p.status, Status::Met);
        assert_eq!(p.required_daily, Some(0.0));
        assert_eq!(p.projected_completion, None);
        assert!((p.percent_of_target.unwrap() - 120.0).abs() < 1e-9);
    }

    #[test]
    fn the_daily_count_still_required_is_rounded_up() {
        // 2,900 over 29 days is exactly 100; 2,901 needs 101 on some day.
        assert_eq!(
            compute(input(7_100, 6_400, Some(10_000))).required_per_day(),
            Some(100)
        );
        assert_eq!(
            compute(input(7_099, 6_400, Some(10_000))).required_per_day(),
            Some(101)
        );
        assert_eq!(compute(input(7_100, 6_400, None)).required_per_day(), None);
    }

    #[test]
    fn the_status_column_answers_who_is_behind() {
        let verdict = |c, w, t| Verdict::of(&compute(input(c, w, t)));
        assert_eq!(verdict(7_100, 6_400, Some(10_000)), Verdict::OnTrack);
        assert_eq!(verdict(7_000, 6_930, Some(10_000)), Verdict::Behind);
        assert_eq!(verdict(12_000, 11_000, Some(10_000)), Verdict::Met);
        // Silent for a week after reporting: it will not make it.
        assert_eq!(verdict(5_000, 5_000, Some(10_000)), Verdict::Behind);
        // Never reported, or nothing to meet: nothing to judge.
        assert_eq!(verdict(0, 0, Some(10_000)), Verdict::NoData);
        assert_eq!(verdict(5_000, 4_000, None), Verdict::NoData);
        assert_eq!(Verdict::parse("status", "behind"), Ok(Verdict::Behind));
        let e = Verdict::parse("status", "late").unwrap_err();
        assert_eq!(e.field, "status");
    }

    #[test]
    fn zero_rate_cannot_be_projected() {
        let p = compute(input(5_000, 5_000, Some(10_000)));
        assert_eq!(p.avg7, 0.0);
        assert_eq!(p.projected_completion, None);
        assert_eq!(p.status, Status::NoRate);
        assert!((p.required_daily.unwrap() - 5_000.0 / 29.0).abs() < 1e-9);
    }

    #[test]
    fn deadline_passed_needs_no_rate_and_says_so() {
        let mut i = input(5_000, 4_300, Some(10_000));
        i.as_of = day("2021-07-05");
        let p = compute(i);
        assert_eq!(p.days_left, 0);
        assert_eq!(p.required_daily, None);
        assert_eq!(p.status, Status::DeadlinePassed);
        // The projection still tells when it will be met at this pace.
        assert_eq!(
            p.projected_completion,
            Some(day("2021-07-05") + Duration::days(50))
        );
    }

    #[test]
    fn no_target() {
        let p = compute(input(5_000, 4_000, None));
        assert_eq!(p.status, Status::NoTarget);
        assert_eq!(p.percent_of_target, None);
        assert_eq!(p.required_daily, None);
        let p = compute(input(5_000, 4_000, Some(0)));
        assert_eq!(p.status, Status::NoTarget);
    }

    #[test]
    fn last_day_before_deadline_needs_all_remaining() {
        let mut i = input(9_000, 8_000, Some(10_000));
        i.as_of = day("2021-06-29");
        let p = compute(i);
        assert_eq!(p.days_left, 1);
        assert_eq!(p.required_daily, Some(1_000.0));
    }
}
