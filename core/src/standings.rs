//! Where each unit of a list stands in one stage on one day: its progress,
//! backlog and every ranking measure, now and a week before, so that a table
//! can be ranked by any measure and sorted by any column without asking the
//! server again.

use std::cmp::Ordering;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::overview::PerStage;
use crate::params::ParamError;
use crate::progress::{ProgressInput, StageProgress, Status, compute};
use crate::rankings::{Measure, rank_order, ranks_with_change};
use crate::search::fold;
use crate::stage::Stage;
use crate::units::UnitRef;

/// Days between the as-of day and the day rank movement is measured against.
pub const RANK_CHANGE_DAYS: i64 = 7;

/// A unit's cumulative counts in one stage on the days a standing needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageCounts {
    /// Target for the stage, if any.
    pub target: Option<u64>,
    /// Cumulative up to the as-of day.
    pub now: u64,
    /// Cumulative up to the day before (the day's count is the difference).
    pub day_before: u64,
    /// Cumulative up to 7 days before.
    pub week_before: u64,
    /// Cumulative up to 14 days before (the week-before 7-day rate).
    pub two_weeks_before: u64,
}

/// What the database holds about one unit for a standing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitCounts {
    /// The unit.
    pub unit: UnitRef,
    /// Its region (provinces only).
    pub region: Option<String>,
    /// Counts per stage.
    pub stages: PerStage<StageCounts>,
}

/// One unit's standing in one stage on one day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Standing {
    /// The unit.
    pub unit: UnitRef,
    /// Its region (provinces only).
    pub region: Option<String>,
    /// Progress in the stage.
    pub progress: StageProgress,
    /// Cards waiting around the stage, see [`backlog`].
    pub backlog: u64,
    /// The value of each measure, in [`Measure::ALL`] order.
    pub values: [Option<f64>; 6],
    /// The same 7 days earlier, for rank movement.
    pub values_before: [Option<f64>; 6],
    /// A small trend chart (inline SVG), on pages only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trend_svg: Option<String>,
}

impl Standing {
    /// The value `measure` ranks this unit by.
    pub fn value(&self, measure: Measure) -> Option<f64> {
        self.values[measure_index(measure)]
    }
}

fn measure_index(m: Measure) -> usize {
    Measure::ALL
        .iter()
        .position(|x| *x == m)
        .expect("every measure is in ALL")
}

/// Cards waiting around `stage`: for applications, applied and not yet
/// produced; for production and delivery, produced and not yet delivered
/// (the queue out of production is the queue into delivery).
pub fn backlog(stage: Stage, applied: u64, produced: u64, delivered: u64) -> u64 {
    match stage {
        Stage::Applications => applied.saturating_sub(produced),
        Stage::Produced | Stage::Delivered => produced.saturating_sub(delivered),
    }
}

/// Computes a unit's standing in `stage` as of `day`; `deadline` is the stage's.
pub fn standing(
    counts: &UnitCounts,
    stage: Stage,
    day: NaiveDate,
    deadline: NaiveDate,
) -> Standing {
    let c = counts.stages.get(stage);
    let progress = compute(ProgressInput {
        as_of: day,
        cumulative: c.now,
        cumulative_week_before: c.week_before,
        daily: c.now.saturating_sub(c.day_before),
        target: c.target,
        deadline,
    });
    let before = compute(ProgressInput {
        as_of: day - Duration::days(RANK_CHANGE_DAYS),
        cumulative: c.week_before,
        cumulative_week_before: c.two_weeks_before,
        daily: 0,
        target: c.target,
        deadline,
    });
    let s = &counts.stages;
    let backlog_now = backlog(stage, s.applications.now, s.produced.now, s.delivered.now);
    let backlog_before = backlog(
        stage,
        s.applications.week_before,
        s.produced.week_before,
        s.delivered.week_before,
    );
    // A unit that has reported nothing in the stage cannot be compared: it
    // ranks last on every measure rather than first on backlog.
    let reported = |cumulative: u64| cumulative > 0;
    let values = |p: &StageProgress, backlog: u64, has_data: bool| {
        Measure::ALL.map(|m| {
            if has_data {
                m.value(p, Some(backlog))
            } else {
                None
            }
        })
    };
    Standing {
        unit: counts.unit.clone(),
        region: counts.region.clone(),
        values: values(&progress, backlog_now, reported(c.now)),
        values_before: values(&before, backlog_before, reported(c.week_before)),
        progress,
        backlog: backlog_now,
        trend_svg: None,
    }
}

/// A unit's place in a ranked list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// Rank (ties equal); `None` when the unit cannot be ranked by the measure.
    pub rank: Option<u32>,
    /// Places gained since 7 days earlier (negative: lost).
    pub change: Option<i64>,
}

/// The place of every row (same order as `rows`) when ranked by `measure`.
pub fn places(rows: &[Standing], measure: Measure) -> Vec<Place> {
    let now: Vec<Option<f64>> = rows.iter().map(|r| r.value(measure)).collect();
    let before: Vec<Option<f64>> = rows
        .iter()
        .map(|r| r.values_before[measure_index(measure)])
        .collect();
    ranks_with_change(&now, &before, measure)
        .into_iter()
        .map(|(rank, change)| Place { rank, change })
        .collect()
}

/// Why a unit has no rank by a measure.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unranked {
    /// It has no target in the stage.
    NoTarget,
    /// It has reported nothing in the stage.
    NoData,
    /// Nothing in the last 7 days, so no completion can be projected.
    NoRate,
    /// The deadline has passed, so no daily rate is required any more.
    DeadlinePassed,
}

impl Unranked {
    /// The reason in words, for tables and the map.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        use crate::Lang::{En, Vi};
        match (self, lang) {
            (Unranked::NoTarget, Vi) => "chưa giao mục tiêu",
            (Unranked::NoData, Vi) => "chưa có số liệu",
            (Unranked::NoRate, Vi) => "không có số liệu 7 ngày",
            (Unranked::DeadlinePassed, Vi) => "đã quá hạn",
            (Unranked::NoTarget, En) => "no target",
            (Unranked::NoData, En) => "no figures yet",
            (Unranked::NoRate, En) => "nothing in 7 days",
            (Unranked::DeadlinePassed, En) => "deadline passed",
        }
    }
}

/// Why `s` has no value for `measure`, or `None` when it has one.
pub fn unranked_reason(s: &Standing, measure: Measure) -> Option<Unranked> {
    if s.value(measure).is_some() {
        return None;
    }
    let p = &s.progress;
    Some(if p.cumulative == 0 {
        Unranked::NoData
    } else if p.target.is_none_or(|t| t == 0) {
        Unranked::NoTarget
    } else if p.status == Status::DeadlinePassed {
        Unranked::DeadlinePassed
    } else {
        Unranked::NoRate
    })
}

/// A column a ranking table can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Column {
    /// Rank by the chosen measure.
    Rank,
    /// Rank movement.
    Change,
    /// Unit name (alphabetical, diacritics ignored).
    Name,
    /// Region, then rank.
    Region,
    /// Daily count still required to meet the target by the deadline (least first).
    Required,
    /// One measure's value.
    Measure(Measure),
}

impl Column {
    /// The identifier used in URLs (`sort=`).
    pub fn slug(self) -> &'static str {
        match self {
            Column::Rank => "rank",
            Column::Change => "change",
            Column::Name => "name",
            Column::Region => "region",
            Column::Required => "required_daily",
            Column::Measure(m) => m.slug(),
        }
    }

    /// Parses the `field` parameter; the error lists the allowed values.
    pub fn parse(field: &str, value: &str) -> Result<Column, ParamError> {
        let fixed = [
            Column::Rank,
            Column::Change,
            Column::Name,
            Column::Region,
            Column::Required,
        ];
        fixed
            .into_iter()
            .chain(Measure::ALL.map(Column::Measure))
            .find(|c| c.slug() == value)
            .ok_or_else(|| {
                let allowed = format!(
                    "rank, change, name, region, required_daily, {}",
                    Measure::ALL.map(Measure::slug).join(", ")
                );
                ParamError::new(
                    field,
                    format!("unknown column '{value}' (allowed: {allowed})"),
                    format!("không có cột '{value}' (dùng một trong: {allowed})"),
                )
            })
    }
}

/// Row indices in display order: sorted by `column`, best first (A to Z for
/// names), or worst first when `reverse`. On rank, change and measure
/// columns, rows without a value stay last either way; ties keep the
/// ranking's order.
pub fn sorted(rows: &[Standing], places: &[Place], column: Column, reverse: bool) -> Vec<usize> {
    let rank_key = |i: usize| places[i].rank.map(f64::from);
    let by_rank: Vec<Option<f64>> = (0..rows.len()).map(rank_key).collect();
    let mut order = rank_order(&by_rank, false);
    let key = |i: usize| -> Option<f64> {
        match column {
            Column::Rank | Column::Name | Column::Region => rank_key(i),
            Column::Change => places[i].change.map(|c| -c as f64),
            Column::Required => rows[i].progress.required_daily,
            Column::Measure(m) => rows[i]
                .value(m)
                .map(|v| if m.larger_is_better() { -v } else { v }),
        }
    };
    let text = |i: usize| -> String {
        match column {
            Column::Name => fold(&rows[i].unit.display_name),
            Column::Region => rows[i].region.as_deref().map(fold).unwrap_or_default(),
            _ => String::new(),
        }
    };
    // A stable sort on the rank order keeps ties in rank order.
    order.sort_by(|&a, &b| {
        let by_text = text(a).cmp(&text(b));
        let by_text = if reverse { by_text.reverse() } else { by_text };
        by_text.then_with(|| match (key(a), key(b)) {
            (Some(x), Some(y)) => {
                let o = x.total_cmp(&y);
                if reverse && !matches!(column, Column::Region) {
                    o.reverse()
                } else {
                    o
                }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
    });
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::Level;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn unit(code: &str, name: &str, region: &str, applied: [u64; 4], target: u64) -> UnitCounts {
        let [now, day_before, week_before, two_weeks_before] = applied;
        let half = |c: StageCounts| StageCounts {
            now: c.now / 2,
            day_before: c.day_before / 2,
            week_before: c.week_before / 2,
            two_weeks_before: c.two_weeks_before / 2,
            ..c
        };
        let applications = StageCounts {
            target: Some(target),
            now,
            day_before,
            week_before,
            two_weeks_before,
        };
        UnitCounts {
            unit: UnitRef {
                code: code.into(),
                name: name.into(),
                display_name: name.into(),
                level: Level::Province,
                parent: Some("VN".into()),
            },
            region: Some(region.into()),
            stages: PerStage {
                applications,
                produced: half(applications),
                delivered: half(half(applications)),
            },
        }
    }

    fn table() -> Vec<Standing> {
        let units = [
            // code, name, region, cumulative [now, day before, -7, -14], target
            unit(
                "01",
                "Hà Nội",
                "Đồng bằng sông Hồng",
                [700, 690, 630, 600],
                1_000,
            ),
            unit(
                "79",
                "Hồ Chí Minh",
                "Đông Nam Bộ",
                [500, 480, 360, 300],
                1_000,
            ),
            unit(
                "48",
                "Đà Nẵng",
                "Bắc Trung Bộ và duyên hải miền Trung",
                [700, 680, 560, 520],
                1_000,
            ),
            unit(
                "02",
                "Hà Giang",
                "Trung du và miền núi phía Bắc",
                [0, 0, 0, 0],
                1_000,
            ),
        ];
        units
            .iter()
            .map(|u| standing(u, Stage::Applications, day("2021-06-01"), day("2021-06-30")))
            .collect()
    }

    #[test]
    fn a_standing_has_the_days_count_rates_and_backlog() {
        let rows = table();
        let hcm = &rows[1];
        assert_eq!(hcm.progress.daily, 20);
        assert!((hcm.progress.avg7 - 140.0 / 7.0).abs() < 1e-9);
        assert_eq!(hcm.backlog, 250, "applied 500, produced 250");
        assert_eq!(hcm.value(Measure::PercentOfTarget), Some(50.0));
        assert!((hcm.values_before[0].unwrap() - 36.0).abs() < 1e-9);
        assert_eq!(backlog(Stage::Delivered, 10, 8, 3), 5);
        assert_eq!(backlog(Stage::Applications, 10, 12, 3), 0);
    }

    #[test]
    fn ties_rank_equal_and_movement_counts_places() {
        let rows = table();
        let p = places(&rows, Measure::PercentOfTarget);
        // Hà Nội and Đà Nẵng tie at 70 %; Hà Nội was 1st a week ago (63 % vs 56 %).
        assert_eq!(
            p[0],
            Place {
                rank: Some(1),
                change: Some(0)
            }
        );
        assert_eq!(
            p[2],
            Place {
                rank: Some(1),
                change: Some(1)
            }
        );
        assert_eq!(
            p[1],
            Place {
                rank: Some(3),
                change: Some(0)
            }
        );
        assert_eq!(p[3].rank, None, "no figures yet: not ranked");
        // By 7-day average HCM (20/day) leads, Đà Nẵng (20/day) ties it.
        let p = places(&rows, Measure::Avg7);
        assert_eq!(
            (p[1].rank, p[2].rank, p[0].rank),
            (Some(1), Some(1), Some(3))
        );
    }

    #[test]
    fn units_without_a_value_rank_last_and_say_why() {
        let rows = table();
        let p = places(&rows, Measure::ProjectedCompletion);
        assert_eq!(p[3].rank, None);
        assert_eq!(
            unranked_reason(&rows[3], Measure::ProjectedCompletion),
            Some(Unranked::NoData)
        );
        assert_eq!(
            unranked_reason(&rows[0], Measure::ProjectedCompletion),
            None
        );
        let mut no_target = unit("03", "Cao Bằng", "x", [5, 5, 5, 5], 0);
        no_target.stages.applications.target = None;
        let s = standing(
            &no_target,
            Stage::Applications,
            day("2021-06-01"),
            day("2021-06-30"),
        );
        assert_eq!(
            unranked_reason(&s, Measure::PercentOfTarget),
            Some(Unranked::NoTarget)
        );
        assert_eq!(
            unranked_reason(&s, Measure::ProjectedCompletion),
            Some(Unranked::NoTarget)
        );
        let stalled = standing(
            &unit("04", "Bắc Kạn", "x", [5, 5, 5, 5], 100),
            Stage::Applications,
            day("2021-06-01"),
            day("2021-06-30"),
        );
        assert_eq!(
            unranked_reason(&stalled, Measure::ProjectedCompletion),
            Some(Unranked::NoRate)
        );
    }

    #[test]
    fn sorts_by_each_column_without_losing_the_rank_order_of_ties() {
        let rows = table();
        let p = places(&rows, Measure::PercentOfTarget);
        let codes = |order: Vec<usize>| -> Vec<&str> {
            order.iter().map(|&i| rows[i].unit.code.as_str()).collect()
        };
        assert_eq!(
            codes(sorted(&rows, &p, Column::Rank, false)),
            ["01", "48", "79", "02"]
        );
        assert_eq!(
            codes(sorted(&rows, &p, Column::Rank, true)),
            ["79", "01", "48", "02"],
            "worst first, the unranked unit still last"
        );
        // Hà Nội needs (1000-700)/29 a day, Hồ Chí Minh (1000-500)/29; Hà Giang, with nothing, most.
        assert_eq!(
            codes(sorted(&rows, &p, Column::Required, false)),
            ["01", "48", "79", "02"]
        );
        assert_eq!(
            codes(sorted(&rows, &p, Column::Name, false)),
            ["48", "02", "01", "79"]
        );
        assert_eq!(
            codes(sorted(&rows, &p, Column::Change, false)),
            ["48", "01", "79", "02"]
        );
        // Every measure sorts best first; a missing value stays last both ways.
        for m in Measure::ALL {
            let order = sorted(&rows, &p, Column::Measure(m), false);
            let values: Vec<Option<f64>> = order.iter().map(|&i| rows[i].value(m)).collect();
            let present: Vec<f64> = values.iter().flatten().copied().collect();
            let best_first = present.windows(2).all(|w| {
                if m.larger_is_better() {
                    w[0] >= w[1]
                } else {
                    w[0] <= w[1]
                }
            });
            assert!(best_first, "{m:?}: {values:?}");
            let first_none = values
                .iter()
                .position(Option::is_none)
                .unwrap_or(values.len());
            assert!(
                values[first_none..].iter().all(Option::is_none),
                "{m:?}: {values:?}"
            );
            let reversed = sorted(&rows, &p, Column::Measure(m), true);
            assert_eq!(
                reversed
                    .iter()
                    .filter(|&&i| rows[i].value(m).is_none())
                    .count(),
                values.len() - first_none
            );
            if first_none < values.len() {
                assert!(rows[*reversed.last().unwrap()].value(m).is_none(), "{m:?}");
            }
        }
        assert_eq!(
            codes(sorted(&rows, &p, Column::Measure(Measure::Backlog), false))[0],
            "79"
        );
    }

    #[test]
    fn columns_parse_and_bad_ones_name_the_parameter() {
        for c in [
            Column::Rank,
            Column::Name,
            Column::Measure(Measure::Backlog),
        ] {
            assert_eq!(Column::parse("sort", c.slug()).unwrap(), c);
        }
        let e = Column::parse("sort", "size").unwrap_err();
        assert_eq!(e.field, "sort");
        assert!(e.message.contains("rank, change, name"), "{e}");
    }
}
