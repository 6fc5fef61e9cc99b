//! Ranking units by a chosen measure of progress: ties rank equal ("1, 2, 2, 4"),
//! units without a value rank last, and rank movement since an earlier day.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::format::{self, Lang};
use crate::params::ParamError;
use crate::progress::{StageProgress, Status};

/// Competition ranks of `values`, best first.
///
/// `descending` says whether larger is better. Equal values share a rank and the
/// next rank skips ("1, 2, 2, 4"). `None` (no target, no data) gets no rank.
/// Returns, per input position, its rank.
pub fn competition_ranks(values: &[Option<f64>], descending: bool) -> Vec<Option<u32>> {
    let order = rank_order(values, descending);
    let mut ranks = vec![None; values.len()];
    let mut previous: Option<(f64, u32)> = None;
    for (position, &i) in order.iter().enumerate() {
        let Some(v) = values[i] else { break };
        let rank = match previous {
            Some((pv, pr)) if pv == v => pr,
            _ => position as u32 + 1,
        };
        ranks[i] = Some(rank);
        previous = Some((v, rank));
    }
    ranks
}

/// Indices of `values` from best to worst; `None` last, ties in input order.
pub fn rank_order(values: &[Option<f64>], descending: bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| match (values[a], values[b]) {
        (Some(x), Some(y)) => {
            let o = x.total_cmp(&y);
            if descending { o.reverse() } else { o }
        }
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    order
}

/// What units are ranked by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Cumulative as % of target (higher is better).
    PercentOfTarget,
    /// Cumulative count (higher is better).
    Cumulative,
    /// 7-day daily average (higher is better).
    Avg7,
    /// 7-day average as % of the daily rate still required (higher is better).
    PaceVsRequired,
    /// Projected completion date (earlier is better).
    ProjectedCompletion,
    /// Cards waiting for the next stage (fewer is better).
    Backlog,
}

impl Measure {
    /// Every measure, in the order tables show them.
    pub const ALL: [Measure; 6] = [
        Measure::PercentOfTarget,
        Measure::Cumulative,
        Measure::Avg7,
        Measure::PaceVsRequired,
        Measure::ProjectedCompletion,
        Measure::Backlog,
    ];

    /// The identifier used in URLs (`by=`) and JSON.
    pub fn slug(self) -> &'static str {
        match self {
            Measure::PercentOfTarget => "percent_of_target",
            Measure::Cumulative => "cumulative",
            Measure::Avg7 => "avg7",
            Measure::PaceVsRequired => "pace_vs_required",
            Measure::ProjectedCompletion => "projected_completion",
            Measure::Backlog => "backlog",
        }
    }

    /// Parses the `field` parameter; the error lists the allowed values.
    pub fn parse(field: &str, value: &str) -> Result<Measure, ParamError> {
        crate::params::parse_slug(field, value, "measure", &Measure::ALL, Measure::slug)
    }

    /// The measure's name.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Measure::PercentOfTarget, Lang::Vi) => "% mục tiêu",
            (Measure::Cumulative, Lang::Vi) => "Lũy kế",
            (Measure::Avg7, Lang::Vi) => "TB 7 ngày",
            (Measure::PaceVsRequired, Lang::Vi) => "Tốc độ / yêu cầu",
            (Measure::ProjectedCompletion, Lang::Vi) => "Dự kiến hoàn thành",
            (Measure::Backlog, Lang::Vi) => "Tồn đọng",
            (Measure::PercentOfTarget, Lang::En) => "% of target",
            (Measure::Cumulative, Lang::En) => "Cumulative",
            (Measure::Avg7, Lang::En) => "7-day avg",
            (Measure::PaceVsRequired, Lang::En) => "Pace / required",
            (Measure::ProjectedCompletion, Lang::En) => "Projected completion",
            (Measure::Backlog, Lang::En) => "Backlog",
        }
    }

    /// A value of this measure as shown in tables and legends.
    pub fn display(self, value: f64, lang: Lang) -> String {
        let met = match lang {
            Lang::Vi => "đã đạt",
            Lang::En => "met",
        };
        match self {
            _ if self.is_met(value) => met.to_string(),
            Measure::PercentOfTarget => format::percent(value, lang),
            // A ratio reads at a glance ("1,2×": a fifth faster than needed);
            // 27.397,8% did not. The value stays a percentage for sorting,
            // the API and files.
            Measure::PaceVsRequired => {
                let ratio = value / 100.0;
                let places = match ratio {
                    r if r < 1.0 => 2,
                    r if r < 10.0 => 1,
                    _ => 0,
                };
                format!("{}×", format::decimal(ratio, places, lang))
            }
            Measure::Cumulative | Measure::Avg7 | Measure::Backlog => {
                format::int(value.round().max(0.0) as u64, lang)
            }
            Measure::ProjectedCompletion => format::date(day_of(value)),
        }
    }

    /// Whether `value` of this measure stands for a met target (a sort key
    /// that ranks first, not a figure: see [`Measure::value`]).
    pub fn is_met(self, value: f64) -> bool {
        match self {
            Measure::PaceVsRequired => value == f64::MAX,
            Measure::ProjectedCompletion => value == f64::MIN,
            _ => false,
        }
    }

    /// Whether a larger value ranks higher.
    pub fn larger_is_better(self) -> bool {
        !matches!(self, Measure::ProjectedCompletion | Measure::Backlog)
    }

    /// The value this measure ranks a unit by; `None` when it cannot be had
    /// (no target, no rate), which ranks last.
    ///
    /// A unit that met its target has no pace or projection left to show, yet
    /// it is ahead of every unit still working: it ranks first, tied with the
    /// others that met theirs.
    pub fn value(self, p: &StageProgress, backlog: Option<u64>) -> Option<f64> {
        let met = p.status == Status::Met;
        match self {
            Measure::PercentOfTarget => p.percent_of_target,
            Measure::Cumulative => Some(p.cumulative as f64),
            Measure::Avg7 => Some(p.avg7),
            Measure::PaceVsRequired if met => Some(f64::MAX),
            Measure::PaceVsRequired => pace_vs_required(p),
            Measure::ProjectedCompletion if met => Some(f64::MIN),
            Measure::ProjectedCompletion => p.projected_completion.map(day_number),
            Measure::Backlog => backlog.map(|b| b as f64),
        }
    }
}

/// The 7-day average as % of the daily rate still required (`None` when nothing is required or no day is left).
pub fn pace_vs_required(p: &StageProgress) -> Option<f64> {
    match p.required_daily {
        Some(r) if r > 0.0 => Some(p.avg7 * 100.0 / r),
        _ => None,
    }
}

/// How long a unit's bar is in a ranking chart: the value itself for counts
/// and percentages, the pace for pace, and the days still to go for a
/// projection (a date has no length). `None` draws no bar: no value, or a
/// target met, where nothing remains to measure.
pub fn bar_length(
    measure: Measure,
    p: &StageProgress,
    backlog: Option<u64>,
    as_of: NaiveDate,
) -> Option<f64> {
    if p.status == Status::Met
        && matches!(
            measure,
            Measure::PaceVsRequired | Measure::ProjectedCompletion
        )
    {
        return None;
    }
    match measure {
        Measure::ProjectedCompletion => p
            .projected_completion
            .map(|d| (day_number(d) - day_number(as_of)).max(0.0)),
        other => other.value(p, backlog),
    }
}

fn day_number(d: NaiveDate) -> f64 {
    d.signed_duration_since(NaiveDate::default()).num_days() as f64
}

/// The day a projected completion's value stands for (inverse of the ranking key).
pub fn day_of(value: f64) -> NaiveDate {
    NaiveDate::default() + chrono::Duration::days(value as i64)
}

/// Ranks now and the change since an earlier day, per unit.
///
/// `now` and `before` hold each unit's value (same order). The change is
/// positive when a unit moved up (rank 5 → 2 is +3); `None` when either rank is missing.
pub fn ranks_with_change(
    now: &[Option<f64>],
    before: &[Option<f64>],
    measure: Measure,
) -> Vec<(Option<u32>, Option<i64>)> {
    let desc = measure.larger_is_better();
    let r_now = competition_ranks(now, desc);
    let r_before = competition_ranks(before, desc);
    r_now
        .iter()
        .zip(&r_before)
        .map(|(n, b)| (*n, n.zip(*b).map(|(n, b)| b as i64 - n as i64)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(
        cumulative: u64,
        avg7: f64,
        required: Option<f64>,
        projected: Option<&str>,
    ) -> StageProgress {
        StageProgress {
            cumulative,
            daily: 0,
            avg7,
            target: Some(1_000),
            percent_of_target: Some(cumulative as f64 / 10.0),
            required_daily: required,
            projected_completion: projected.map(|d| d.parse().unwrap()),
            days_left: 10,
            deadline: "2021-06-30".parse().unwrap(),
            status: Status::OnTrack,
        }
    }

    #[test]
    fn every_measure_parses_and_bad_ones_name_the_parameter() {
        for m in Measure::ALL {
            assert_eq!(Measure::parse("by", m.slug()).unwrap(), m);
        }
        let e = Measure::parse("by", "speed").unwrap_err();
        assert_eq!(e.field, "by");
        assert!(
            e.message.contains("allowed: percent_of_target, cumulative"),
            "{e}"
        );
    }

    #[test]
    fn values_and_direction_of_each_measure() {
        let p = progress(500, 20.0, Some(50.0), Some("2021-06-20"));
        assert_eq!(Measure::PercentOfTarget.value(&p, None), Some(50.0));
        assert_eq!(Measure::Cumulative.value(&p, None), Some(500.0));
        assert_eq!(Measure::Avg7.value(&p, None), Some(20.0));
        assert_eq!(Measure::PaceVsRequired.value(&p, None), Some(40.0));
        assert_eq!(Measure::Backlog.value(&p, Some(7)), Some(7.0));
        let earlier = progress(500, 20.0, Some(50.0), Some("2021-06-19"));
        assert!(
            Measure::ProjectedCompletion.value(&earlier, None)
                < Measure::ProjectedCompletion.value(&p, None)
        );
        assert!(!Measure::ProjectedCompletion.larger_is_better());
        assert!(!Measure::Backlog.larger_is_better());
        // No rate: no projection; no day left: no pace.
        let stalled = progress(500, 0.0, Some(50.0), None);
        assert_eq!(Measure::ProjectedCompletion.value(&stalled, None), None);
        let late = progress(500, 20.0, None, None);
        assert_eq!(Measure::PaceVsRequired.value(&late, None), None);
        // Met: ahead of everyone still working, on both.
        let met = StageProgress {
            status: Status::Met,
            ..progress(1_000, 0.0, Some(0.0), None)
        };
        let pace = [met.clone(), p.clone()].map(|x| Measure::PaceVsRequired.value(&x, None));
        assert_eq!(competition_ranks(&pace, true), vec![Some(1), Some(2)]);
        let when = [p.clone(), met].map(|x| Measure::ProjectedCompletion.value(&x, None));
        assert_eq!(competition_ranks(&when, false), vec![Some(2), Some(1)]);
    }

    #[test]
    fn bars_measure_what_remains_and_nothing_once_met() {
        let as_of: NaiveDate = "2021-06-10".parse().unwrap();
        let p = progress(500, 20.0, Some(50.0), Some("2021-06-20"));
        assert_eq!(
            bar_length(Measure::ProjectedCompletion, &p, None, as_of),
            Some(10.0)
        );
        assert_eq!(
            bar_length(Measure::PaceVsRequired, &p, None, as_of),
            Some(40.0)
        );
        assert_eq!(bar_length(Measure::Backlog, &p, Some(7), as_of), Some(7.0));
        let met = StageProgress {
            status: Status::Met,
            ..progress(1_000, 0.0, Some(0.0), None)
        };
        assert_eq!(bar_length(Measure::PaceVsRequired, &met, None, as_of), None);
        assert_eq!(
            bar_length(Measure::ProjectedCompletion, &met, None, as_of),
            None
        );
        assert_eq!(
            bar_length(Measure::PercentOfTarget, &met, None, as_of),
            Some(100.0)
        );
    }

    #[test]
    fn values_display_in_the_language_format() {
        let p = progress(500, 20.0, Some(50.0), Some("2021-06-20"));
        let show = |m: Measure| m.display(m.value(&p, Some(1234)).unwrap(), Lang::Vi);
        assert_eq!(show(Measure::PercentOfTarget), "50,0%");
        assert_eq!(show(Measure::ProjectedCompletion), "20/06/2021");
        assert_eq!(show(Measure::Backlog), "1.234");
        assert_eq!(Measure::PaceVsRequired.display(f64::MAX, Lang::En), "met");
        let pace = |percent: f64, lang| Measure::PaceVsRequired.display(percent, lang);
        assert_eq!(pace(120.0, Lang::Vi), "1,2×");
        assert_eq!(pace(45.0, Lang::Vi), "0,45×");
        assert_eq!(pace(27_397.8, Lang::Vi), "274×");
        assert_eq!(pace(120.0, Lang::En), "1.2×");
    }

    #[test]
    fn rank_change_against_a_week_before() {
        // Unit 0 moved from 3rd to 1st (+2); unit 2 fell from 1st to 3rd (−2);
        // unit 3 had no value before, so no change can be told.
        let now = [Some(90.0), Some(80.0), Some(70.0), Some(60.0)];
        let before = [Some(10.0), Some(20.0), Some(30.0), None];
        let r = ranks_with_change(&now, &before, Measure::PercentOfTarget);
        assert_eq!(
            r,
            vec![
                (Some(1), Some(2)),
                (Some(2), Some(0)),
                (Some(3), Some(-2)),
                (Some(4), None)
            ]
        );
        // Smaller is better for backlog.
        let r = ranks_with_change(
            &[Some(5.0), Some(1.0)],
            &[Some(1.0), Some(5.0)],
            Measure::Backlog,
        );
        assert_eq!(r, vec![(Some(2), Some(-1)), (Some(1), Some(1))]);
    }

    #[test]
    fn ties_rank_equal_and_next_rank_skips() {
        let v = [Some(90.0), Some(95.0), Some(90.0), Some(80.0)];
        assert_eq!(
            competition_ranks(&v, true),
            vec![Some(2), Some(1), Some(2), Some(4)]
        );
    }

    #[test]
    fn ascending_ranks_small_first() {
        let v = [Some(3.0), Some(1.0), Some(2.0)];
        assert_eq!(
            competition_ranks(&v, false),
            vec![Some(3), Some(1), Some(2)]
        );
    }

    #[test]
    fn missing_values_sort_last_without_rank() {
        let v = [None, Some(1.0), Some(5.0), None];
        assert_eq!(rank_order(&v, true), vec![2, 1, 0, 3]);
        assert_eq!(
            competition_ranks(&v, true),
            vec![None, Some(2), Some(1), None]
        );
    }
}
