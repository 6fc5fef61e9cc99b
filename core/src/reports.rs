//! Figures as units report them and as the totals keep them: a commune's
//! count for one stage and day, and every unit's running totals.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::stage::Stage;

/// A commune's figure for one stage and day, as reported: the day's count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Commune code.
    pub unit_code: String,
    /// Stage.
    pub stage: Stage,
    /// Day the figure is for.
    pub day: NaiveDate,
    /// The day's count.
    pub count: u64,
}

/// One day of a unit's series.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayTotal {
    /// The day.
    pub day: NaiveDate,
    /// The day's count.
    pub count: u64,
    /// Running total.
    pub cumulative: u64,
}

/// A unit's total for one stage and day, for bulk loading (the demo).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TotalRow {
    /// Unit code.
    pub unit_code: String,
    /// Stage.
    pub stage: Stage,
    /// Day.
    pub day: NaiveDate,
    /// Day's count.
    pub count: u64,
    /// Running total.
    pub cumulative: u64,
}

/// A unit's figures in one stage as of one day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    /// Cumulative up to the day.
    pub cumulative: u64,
    /// Cumulative up to 7 days before.
    pub cumulative_week_before: u64,
    /// The day's own count.
    pub daily: u64,
}

/// The running total on `day` of a sparse, day-ordered series: the last
/// total on or before it (a day without a row keeps the total before it).
pub fn total_on(series: &[DayTotal], day: NaiveDate) -> u64 {
    let at = series.partition_point(|t| t.day <= day);
    at.checked_sub(1).map_or(0, |i| series[i].cumulative)
}

/// The count of `day` in a day-ordered series (no row: zero).
pub fn count_on(series: &[DayTotal], day: NaiveDate) -> u64 {
    series
        .binary_search_by(|t| t.day.cmp(&day))
        .map_or(0, |i| series[i].count)
}

/// Each day from `from` to `to` with the day's count and the running total:
/// totals are sparse (a day without a row keeps the last total, counts 0).
pub fn every_day(
    series: &[DayTotal],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(NaiveDate, u64, u64)> {
    let mut at = 0;
    let mut running = 0;
    let mut out = Vec::new();
    for day in from.iter_days().take_while(|d| *d <= to) {
        let mut count = 0;
        while let Some(t) = series.get(at).filter(|t| t.day <= day) {
            running = t.cumulative;
            if t.day == day {
                count = t.count;
            }
            at += 1;
        }
        out.push((day, count, running));
    }
    out
}

impl Figures {
    /// A unit's figures on `day` from its day-ordered series.
    pub fn on(series: &[DayTotal], day: NaiveDate) -> Figures {
        let week_before = day - chrono::Duration::days(7);
        Figures {
            cumulative: total_on(series, day),
            cumulative_week_before: total_on(series, week_before),
            daily: count_on(series, day),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn t(day: &str, count: u64, cumulative: u64) -> DayTotal {
        DayTotal {
            day: d(day),
            count,
            cumulative,
        }
    }

    #[test]
    fn every_day_carries_the_total_over_days_without_figures() {
        let series = [
            t("2021-02-27", 5, 5),
            t("2021-03-02", 10, 15),
            t("2021-03-04", 1, 16),
        ];
        let days = every_day(&series, d("2021-03-01"), d("2021-03-05"));
        let got: Vec<(u64, u64)> = days.iter().map(|(_, c, total)| (*c, *total)).collect();
        // Figures before `from` count towards the total, not as the day's count.
        assert_eq!(got, vec![(0, 5), (10, 15), (0, 15), (1, 16), (0, 16)]);
        assert_eq!(days[0].0, d("2021-03-01"));
    }

    #[test]
    fn total_on_carries_the_last_total_forward() {
        let series = [t("2021-03-02", 0, 10), t("2021-03-05", 0, 25)];
        assert_eq!(total_on(&series, d("2021-03-01")), 0);
        assert_eq!(total_on(&series, d("2021-03-02")), 10);
        assert_eq!(total_on(&series, d("2021-03-04")), 10);
        assert_eq!(total_on(&series, d("2021-03-09")), 25);
        assert_eq!(total_on(&[], d("2021-03-09")), 0);
    }

    #[test]
    fn figures_on_a_day_read_the_series() {
        let series = [
            t("2021-03-01", 5, 5),
            t("2021-03-08", 7, 12),
            t("2021-03-10", 3, 15),
        ];
        assert_eq!(
            Figures::on(&series, d("2021-03-10")),
            Figures {
                cumulative: 15,
                cumulative_week_before: 5,
                daily: 3
            }
        );
        // A day without a report: no count, the total carried.
        assert_eq!(Figures::on(&series, d("2021-03-09")).daily, 0);
        assert_eq!(Figures::on(&series, d("2021-03-09")).cumulative, 12);
    }
}
