//! The simulated 2021 campaign: deterministic daily figures for every commune.
//!
//! National curves pass through the published milestones; each day's national
//! figure is shared among communes by target, a province and commune "pace"
//! (leaders ahead early, laggards catching up late), an overall coverage
//! factor and daily noise. Production follows a national capacity and is
//! shared by each commune's waiting applications; delivery follows production
//! a few days later. Pure code: no I/O.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// First day of the campaign.
pub fn campaign_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 3, 1).expect("valid date")
}

/// Default last simulated day.
pub fn campaign_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 12, 31).expect("valid date")
}

/// National cumulative applications, through the published milestones
/// (data/campaign_2021_milestones.csv) and a slower second half.
const APPLICATIONS: &[(u32, u32, f64)] = &[
    (3, 1, 0.0),
    (3, 15, 2.6e6),
    (3, 24, 6.8e6),
    (4, 7, 15.4e6),
    (4, 27, 34.3e6),
    (5, 11, 43.5e6),
    (6, 1, 50.6e6),
    (6, 22, 54.6e6),
    (7, 31, 58.5e6),
    (10, 1, 62.5e6),
    (12, 31, 68.0e6),
];

/// National cumulative cards produced: a capacity that ramps up to
/// 400-500k a day in June-July, slows in the summer lockdowns, and reaches
/// 50 million in December.
const PRODUCED: &[(u32, u32, f64)] = &[
    (3, 1, 0.0),
    (3, 10, 0.0),
    (4, 10, 2.5e6),
    (5, 10, 9.0e6),
    (6, 22, 21.5e6),
    (7, 25, 34.0e6),
    (10, 6, 45.5e6),
    (12, 5, 50.4e6),
    (12, 31, 53.0e6),
];

/// Days between a card's production and the earliest day it can be delivered.
const DELIVERY_LAG_DAYS: usize = 6;

/// National cumulative cards delivered, the produced curve shifted by the lag.
fn delivered_curve(produced: &[f64]) -> Vec<f64> {
    (0..produced.len())
        .map(|i| {
            if i >= DELIVERY_LAG_DAYS {
                produced[i - DELIVERY_LAG_DAYS] * 0.98
            } else {
                0.0
            }
        })
        .collect()
}

/// A commune as the simulation sees it.
#[derive(Clone, Debug)]
pub struct CommuneSpec {
    /// Province code: communes of one province share its pace.
    pub province: String,
    /// The commune's applications target (its share of the nation).
    pub target: u64,
}

/// Simulated daily counts: `daily[stage][commune][day]`, and which days each commune reported.
pub struct Simulation {
    /// First simulated day.
    pub start: NaiveDate,
    /// Number of days.
    pub days: usize,
    /// Daily counts per stage (0 applications, 1 produced, 2 delivered), commune, day.
    pub daily: [Vec<Vec<u32>>; 3],
    /// First day index on which each commune stopped reporting (`days` if never).
    pub silent_from: Vec<usize>,
}

/// A small deterministic generator (SplitMix64), so a seed always gives the same campaign.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [lo, hi).
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Cumulative national curve per day from knots, with fewer figures on weekends;
/// every knot is kept exactly.
fn national_curve(knots: &[(u32, u32, f64)], start: NaiveDate, days: usize) -> Vec<f64> {
    let day_of = |m: u32, d: u32| {
        (NaiveDate::from_ymd_opt(2021, m, d).expect("valid knot") - start).num_days() as usize
    };
    let weekday_factor = |i: usize| match (start + Duration::days(i as i64)).weekday() {
        Weekday::Sat => 0.85,
        Weekday::Sun => 0.7,
        _ => 1.0,
    };
    let mut daily = vec![0.0; days];
    for pair in knots.windows(2) {
        let (a, b) = ((day_of(pair[0].0, pair[0].1)), day_of(pair[1].0, pair[1].1));
        let weights: f64 = (a + 1..=b).map(weekday_factor).sum();
        for i in a + 1..=b.min(days - 1) {
            daily[i] = (pair[1].2 - pair[0].2) * weekday_factor(i) / weights;
        }
    }
    let mut total = 0.0;
    daily
        .into_iter()
        .map(|d| {
            total += d;
            total
        })
        .collect()
}

/// Shares `amount` among `capacity` in proportion to `weight`, never giving a
/// commune more than its capacity, and carries fractions over in `carry` so
/// totals stay whole without drifting.
fn share(amount: f64, weight: &[f64], capacity: &[f64], carry: &mut [f64], out: &mut [u32]) {
    let total: f64 = weight.iter().sum();
    for i in 0..weight.len() {
        out[i] = 0;
        if total <= 0.0 || weight[i] <= 0.0 {
            continue;
        }
        let exact = (amount * weight[i] / total).min(capacity[i]) + carry[i];
        let whole = exact.floor().max(0.0).min(capacity[i].floor());
        carry[i] = exact - whole;
        out[i] = whole as u32;
    }
}

/// Runs the simulation from the campaign start to `until`.
pub fn simulate(communes: &[CommuneSpec], until: NaiveDate, seed: u64) -> Simulation {
    let start = campaign_start();
    let days = ((until - start).num_days() + 1).max(0) as usize;
    let n = communes.len();
    let mut rng = Rng(seed);

    // Pace per province: leaders ahead early, laggards later. Hanoi led the
    // country (over 2 million by 7 April); Ho Chi Minh City was slowed by the
    // summer lockdowns.
    let mut province_pace = std::collections::BTreeMap::new();
    for c in communes {
        province_pace
            .entry(c.province.clone())
            .or_insert((0.0, 1.0));
    }
    for (code, pace) in province_pace.iter_mut() {
        let (tau, coverage) = (rng.uniform(-0.45, 0.45), rng.uniform(0.86, 1.16));
        *pace = match code.as_str() {
            "01" => (0.85, 1.05),
            "79" => (-0.35, 0.85),
            _ => (tau, coverage),
        };
    }
    let mut tau = Vec::with_capacity(n);
    let mut coverage = Vec::with_capacity(n);
    let mut silent_from = Vec::with_capacity(n);
    for c in communes {
        let (pt, pc) = province_pace[&c.province];
        tau.push((pt + rng.uniform(-0.2, 0.2)).clamp(-0.9, 0.9));
        coverage.push(pc * rng.uniform(0.9, 1.1));
        // About 1 commune in 250 stops reporting some days before the end.
        silent_from.push(if rng.uniform(0.0, 1.0) < 0.004 {
            days.saturating_sub(rng.uniform(3.0, 21.0) as usize)
        } else {
            days
        });
    }

    let applications = national_curve(APPLICATIONS, start, days);
    let produced = national_curve(PRODUCED, start, days);
    let delivered = delivered_curve(&produced);
    let final_applications = APPLICATIONS.last().expect("knots").2;

    let mut daily: [Vec<Vec<u32>>; 3] = std::array::from_fn(|_| vec![vec![0u32; days]; n]);
    let mut cumulative = [vec![0.0f64; n], vec![0.0f64; n], vec![0.0f64; n]];
    let mut carry = [vec![0.0f64; n], vec![0.0f64; n], vec![0.0f64; n]];
    let mut weight = vec![0.0; n];
    let mut capacity = vec![0.0; n];
    let mut out = vec![0u32; n];
    // Cards each commune had produced at least the delivery lag ago.
    let mut produced_lagged = vec![0.0f64; n];
    for d in 0..days {
        let prev = |curve: &[f64]| if d == 0 { 0.0 } else { curve[d - 1] };
        let phase = applications[d] / final_applications;

        // Applications: shared by target, pace, coverage and noise.
        for i in 0..n {
            let reporting = d < silent_from[i];
            weight[i] = if reporting {
                communes[i].target as f64
                    * coverage[i]
                    * (1.0 + tau[i] * (1.0 - 2.0 * phase))
                    * rng.uniform(0.6, 1.4)
            } else {
                0.0
            };
            capacity[i] = f64::MAX;
        }
        share(
            applications[d] - prev(&applications),
            &weight,
            &capacity,
            &mut carry[0],
            &mut out,
        );
        record(&mut daily[0], &mut cumulative[0], &out, d);

        // Production: shared by each commune's waiting applications.
        for i in 0..n {
            let waiting = cumulative[0][i] - cumulative[1][i];
            weight[i] = if d < silent_from[i] { waiting } else { 0.0 };
            capacity[i] = waiting;
        }
        share(
            produced[d] - prev(&produced),
            &weight,
            &capacity,
            &mut carry[1],
            &mut out,
        );
        record(&mut daily[1], &mut cumulative[1], &out, d);

        // Delivery: cards produced at least the lag ago and not yet delivered.
        for i in 0..n {
            if d >= DELIVERY_LAG_DAYS {
                produced_lagged[i] += daily[1][i][d - DELIVERY_LAG_DAYS] as f64;
            }
            let ready = produced_lagged[i] - cumulative[2][i];
            weight[i] = if d < silent_from[i] {
                ready.max(0.0)
            } else {
                0.0
            };
            capacity[i] = ready.max(0.0);
        }
        share(
            delivered[d] - prev(&delivered),
            &weight,
            &capacity,
            &mut carry[2],
            &mut out,
        );
        record(&mut daily[2], &mut cumulative[2], &out, d);
    }
    Simulation {
        start,
        days,
        daily,
        silent_from,
    }
}

fn record(daily: &mut [Vec<u32>], cumulative: &mut [f64], out: &[u32], d: usize) {
    for (i, v) in out.iter().enumerate() {
        daily[i][d] = *v;
        cumulative[i] += *v as f64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_curve_keeps_knots_and_dips_on_weekends() {
        let start = campaign_start();
        let days = 40;
        let curve = national_curve(&[(3, 1, 0.0), (3, 31, 3.0e6), (4, 10, 4.0e6)], start, days);
        assert!((curve[30] - 3.0e6).abs() < 1.0);
        assert!((curve[39] - 3.9e6).abs() < 0.2e6);
        // 6 March 2021 was a Saturday, 8 March a Monday.
        let sat = curve[5] - curve[4];
        let mon = curve[7] - curve[6];
        assert!(sat < mon);
    }

    #[test]
    fn share_never_exceeds_capacity_and_keeps_totals() {
        let mut carry = vec![0.0; 3];
        let mut out = vec![0; 3];
        share(
            100.0,
            &[1.0, 1.0, 2.0],
            &[10.0, 1000.0, 1000.0],
            &mut carry,
            &mut out,
        );
        assert_eq!(out[0], 10);
        assert!(out.iter().sum::<u32>() <= 100);
        assert!(out[2] >= 49);
    }
}
