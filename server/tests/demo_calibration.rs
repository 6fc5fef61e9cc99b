//! The simulated campaign matches the published 2021 milestones and behaves
//! like real units: produced never above applied, delivered never above produced.

use chrono::{Duration, NaiveDate};
use tiendo_server::demo::{
    allocate_targets, campaign_end, campaign_goals, commune_specs, simulate,
};
use tiendo_server::seed::{reference_milestones, reference_units};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn full_simulation_is_calibrated_and_consistent() {
    let units = reference_units().unwrap();
    let targets = allocate_targets(&units, &campaign_goals());
    let (communes, specs) = commune_specs(&units, &targets);
    assert_eq!(communes.len(), 10_599);
    let sim = simulate(&specs, campaign_end(), 2021);
    assert_eq!(sim.days, 306);

    let cumulative = |stage: usize, until: NaiveDate, filter: &dyn Fn(usize) -> bool| -> u64 {
        let d = (until - sim.start).num_days() as usize;
        (0..specs.len())
            .filter(|&i| filter(i))
            .map(|i| {
                sim.daily[stage][i][..=d]
                    .iter()
                    .map(|v| *v as u64)
                    .sum::<u64>()
            })
            .sum()
    };
    let all = |_: usize| true;

    // National applications within 3% of every published national figure.
    for m in reference_milestones().unwrap() {
        if m.scope == "national" && m.stage == "applications" {
            let published = m.value.unwrap() as f64;
            let simulated = cumulative(0, m.day, &all) as f64;
            let off = (simulated - published).abs() / published;
            assert!(
                off <= 0.03,
                "{}: simulated {simulated}, published {published} ({:.1}% off)",
                m.day,
                off * 100.0
            );
        }
    }
    // Hanoi led with over 2 million on 7 April.
    let hanoi = cumulative(0, day("2021-04-07"), &|i| specs[i].province == "01");
    assert!(hanoi > 2_000_000, "Hanoi on 7 Apr: {hanoi}");

    // About 19M delivered on 22 June, about 45M produced by early October,
    // 50M of each in December.
    let delivered = cumulative(2, day("2021-06-22"), &all) as f64;
    assert!(
        (delivered - 19.0e6).abs() / 19.0e6 < 0.05,
        "delivered 22 Jun: {delivered}"
    );
    let produced = cumulative(1, day("2021-10-06"), &all) as f64;
    assert!(
        (produced - 45.0e6).abs() / 45.0e6 < 0.05,
        "produced 6 Oct: {produced}"
    );
    for stage in [1, 2] {
        assert!(cumulative(stage, day("2021-11-30"), &all) < 50_000_000);
        assert!(cumulative(stage, day("2021-12-31"), &all) >= 50_000_000);
    }
    // Production ran at 400-500k cards a day at its peak.
    let peak = (0..sim.days)
        .map(|d| {
            (0..specs.len())
                .map(|i| sim.daily[1][i][d] as u64)
                .sum::<u64>()
        })
        .max()
        .unwrap();
    assert!(
        (400_000..=520_000).contains(&peak),
        "peak production {peak}"
    );

    // Per commune and day: produced <= applied, delivered <= produced (cumulative).
    for i in 0..specs.len() {
        let (mut a, mut p, mut d) = (0u64, 0u64, 0u64);
        for t in 0..sim.days {
            a += sim.daily[0][i][t] as u64;
            p += sim.daily[1][i][t] as u64;
            d += sim.daily[2][i][t] as u64;
            assert!(p <= a && d <= p, "commune {} on day {t}", communes[i].code);
        }
    }

    // Weekends are quieter than weekdays; a few communes fall silent.
    let national_daily = |d: NaiveDate| {
        let t = (d - sim.start).num_days() as usize;
        (0..specs.len())
            .map(|i| sim.daily[0][i][t] as u64)
            .sum::<u64>()
    };
    let sunday = day("2021-04-11");
    assert!(national_daily(sunday) < national_daily(sunday + Duration::days(1)));
    let silent = sim.silent_from.iter().filter(|s| **s < sim.days).count();
    assert!((5..=100).contains(&silent), "silent communes: {silent}");

    // Same seed, same campaign.
    let again = simulate(&specs[..50], day("2021-04-01"), 7);
    let twice = simulate(&specs[..50], day("2021-04-01"), 7);
    assert_eq!(again.daily, twice.daily);
}
