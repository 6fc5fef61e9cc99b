//! The data layer on a real SQLite file: migrations, reference units, the demo
//! load, rollups that add up, and reports that replace instead of adding.

#[macro_use]
mod common;

use chrono::NaiveDate;
use std::collections::HashMap;
use tiendo_core::Stage;

use common::{Engine, campaign, figures};
use tiendo_core::Level;
use tiendo_core::intake::Wanted;
use tiendo_core::reports::Report;
use tiendo_core::units::Scope;
use tiendo_server::db::DbError;
use tiendo_server::views::{Budgets, Views};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn units_targets_and_rollups_add_up(engine: Engine) {
    let t = common::small_demo(engine, "2021-04-30").await;
    let db = t.db.as_ref();
    assert_eq!(db.unit_count().await.unwrap(), 1 + 63 + 705 + 10_599);
    let campaign = campaign(db).await;
    assert!(campaign.simulated);
    assert_eq!(
        db.snapshot().await.unwrap().span,
        Some((day("2021-03-01"), day("2021-04-30")))
    );

    // Targets: a share of the nation's 50,000,000 for each province of the
    // demo; a province left out has none (so no alert is raised on it).
    let provinces = db
        .children_counts(campaign.id, "VN", day("2021-04-30"))
        .await
        .unwrap();
    assert_eq!(provinces.len(), 63);
    let with_target: Vec<(&str, u64)> = provinces
        .iter()
        .filter_map(|p| Some((p.unit.code.as_str(), p.stages.applications.target?)))
        .collect();
    assert_eq!(
        with_target.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
        ["01", "48"]
    );
    assert!(with_target.iter().all(|(_, t)| *t > 0));
    assert!(with_target.iter().map(|(_, t)| t).sum::<u64>() < 50_000_000);

    for stage in Stage::ALL {
        for d in ["2021-03-15", "2021-04-07", "2021-04-30"] {
            let nation = figures(db, campaign.id, "VN", stage, day(d))
                .await
                .cumulative;
            let communes = db
                .communes_cumulative(campaign.id, stage, day(d))
                .await
                .unwrap();
            assert_eq!(nation, communes, "{stage:?} on {d}");
        }
    }
    assert!(
        figures(
            db,
            campaign.id,
            "VN",
            Stage::Applications,
            day("2021-04-30")
        )
        .await
        .cumulative
            > 0
    );
}

async fn resent_report_replaces_and_never_double_counts(engine: Engine) {
    let t = common::small_demo(engine, "2021-03-20").await;
    let db = t.db.as_ref();
    let campaign = campaign(db).await.id;
    // A Hanoi commune: Phúc Xá, in Ba Đình (001), Hà Nội (01).
    let commune = "00001";
    let d = day("2021-03-10");
    let before = |code: &'static str, on: &'static str| async move {
        figures(db, campaign, code, Stage::Applications, day(on)).await
    };
    let nation_before = before("VN", "2021-03-20").await.cumulative;
    let district_before = before("001", "2021-03-10").await;
    let old = before(commune, "2021-03-10").await.daily;

    let report = Report {
        unit_code: commune.into(),
        stage: Stage::Applications,
        day: d,
        count: old + 500,
    };
    db.record_reports(
        campaign,
        &common::DEMO_AUTHOR,
        std::slice::from_ref(&report),
    )
    .await
    .unwrap();
    db.record_reports(
        campaign,
        &common::DEMO_AUTHOR,
        std::slice::from_ref(&report),
    )
    .await
    .unwrap();

    assert_eq!(
        before("VN", "2021-03-20").await.cumulative,
        nation_before + 500
    );
    let district = before("001", "2021-03-10").await;
    assert_eq!(district.daily, district_before.daily + 500);
    assert_eq!(district.cumulative, district_before.cumulative + 500);
    assert_eq!(before(commune, "2021-03-10").await.daily, old + 500);

    // Lowering the figure moves every total back down.
    let lower = Report {
        count: old,
        ..report
    };
    db.record_reports(campaign, &common::DEMO_AUTHOR, &[lower])
        .await
        .unwrap();
    assert_eq!(before("VN", "2021-03-20").await.cumulative, nation_before);
    assert_eq!(
        figures(db, campaign, "VN", Stage::Applications, day("2021-03-20"))
            .await
            .cumulative,
        db.communes_cumulative(campaign, Stage::Applications, day("2021-03-20"))
            .await
            .unwrap()
    );
}

async fn one_batch_of_old_corrections_and_new_days_keeps_every_running_total(engine: Engine) {
    let t = common::small_demo(engine, "2021-03-20").await;
    let db = t.db.as_ref();
    let campaign = campaign(db).await.id;
    let old = |code: &'static str, on: &'static str| async move {
        figures(db, campaign, code, Stage::Applications, day(on))
            .await
            .daily
    };
    let report = |code: &str, on: &str, count: u64| Report {
        unit_code: code.into(),
        stage: Stage::Applications,
        day: day(on),
        count,
    };
    // Two communes of Ba Đình: old days corrected, new days opened (with a
    // gap), all in one batch.
    let batch = vec![
        report(
            "00001",
            "2021-03-10",
            old("00001", "2021-03-10").await + 500,
        ),
        report("00001", "2021-03-22", 30),
        report("00004", "2021-03-15", old("00004", "2021-03-15").await + 7),
        report("00004", "2021-03-21", 20),
    ];
    // Every running total is the sum of its day counts, at every level.
    let sums_hold = || async {
        for code in ["00001", "00004", "001", "01", "VN"] {
            let series = db.series(campaign, code).await.unwrap();
            let mut sum = 0;
            for d in series.applications.iter() {
                sum += d.count;
                assert_eq!(d.cumulative, sum, "{code} on {}", d.day);
            }
        }
    };
    db.record_reports(campaign, &common::DEMO_AUTHOR, &batch)
        .await
        .unwrap();
    sums_hold().await;
    assert_eq!(old("VN", "2021-03-21").await, 20);
    assert_eq!(old("VN", "2021-03-22").await, 30);
    assert_eq!(old("001", "2021-03-22").await, 30);
    // The next day, alone, continues from each unit's last running total
    // as the corrections above left it (its row on the last day).
    let next = [
        report("00001", "2021-03-23", 5),
        report("00004", "2021-03-23", 6),
    ];
    db.record_reports(campaign, &common::DEMO_AUTHOR, &next)
        .await
        .unwrap();
    sums_hold().await;
    assert_eq!(old("VN", "2021-03-23").await, 11);
    for on in [
        "2021-03-10",
        "2021-03-20",
        "2021-03-21",
        "2021-03-22",
        "2021-03-23",
    ] {
        assert_eq!(
            figures(db, campaign, "VN", Stage::Applications, day(on))
                .await
                .cumulative,
            db.communes_cumulative(campaign, Stage::Applications, day(on))
                .await
                .unwrap(),
            "the nation is the sum of its communes on {on}"
        );
    }
}

async fn a_large_batch_reads_what_is_recorded_as_key_by_key_lookups_do(engine: Engine) {
    let t = common::small_demo(engine, "2021-03-20").await;
    let db = t.db.as_ref();
    let campaign = campaign(db).await.id;
    let communes: Vec<String> = db
        .all_units()
        .await
        .unwrap()
        .into_iter()
        .filter(|u| u.level == Level::Commune)
        .map(|u| u.code)
        .collect();
    // Each commune on its last day (reported), a day after it, and a day
    // before it; the history of some: enough keys for the bulk read.
    let mut keys = Vec::new();
    for (i, code) in communes.iter().enumerate() {
        for (j, on) in ["2021-03-20", "2021-03-25", "2021-03-12"]
            .iter()
            .enumerate()
        {
            for stage in Stage::ALL {
                keys.push(Wanted {
                    key: (code.clone(), stage, day(on)),
                    history: (i + j) % 4 == 0,
                });
            }
        }
    }
    assert!(keys.len() > 5_000, "{} keys", keys.len());
    let bulk = tiendo_server::db::read_recorded(db, campaign, &keys)
        .await
        .unwrap();
    let one_by_one = db.recorded(campaign, &keys).await.unwrap();
    assert_eq!(bulk, one_by_one);
    // Not a comparison of empty answers: the last day has reports, the
    // day after continues from their running totals, histories were read.
    assert!(
        keys.iter()
            .zip(&bulk)
            .all(|(w, r)| w.key.2 != day("2021-03-25") || r.count.is_none())
    );
    // Only Hà Nội and Đà Nẵng report in this demo, and cards are not
    // produced yet in March: each commune that applied on its last day
    // carries that running total to the day after (and the few silent on
    // that day carry an earlier one).
    let applied = |on: &str| {
        keys.iter()
            .zip(&bulk)
            .filter(|(w, r)| {
                w.key.1 == Stage::Applications && w.key.2 == day(on) && r.cumulative > 0
            })
            .count()
    };
    let reported_last_day = keys
        .iter()
        .zip(&bulk)
        .filter(|(w, r)| {
            w.key.1 == Stage::Applications && w.key.2 == day("2021-03-20") && r.count.is_some()
        })
        .count();
    assert!(
        reported_last_day > 100,
        "{reported_last_day} communes reported"
    );
    assert!(applied("2021-03-25") >= reported_last_day);
    assert!(bulk.iter().any(|r| r.usual_max.is_some()));
}

async fn a_bad_report_changes_nothing(engine: Engine) {
    let t = common::small_demo(engine, "2021-03-10").await;
    let db = t.db.as_ref();
    let campaign = campaign(db).await.id;
    let nation = figures(db, campaign, "VN", Stage::Produced, day("2021-03-10")).await;
    let good = Report {
        unit_code: "00001".into(),
        stage: Stage::Produced,
        day: day("2021-03-09"),
        count: 7,
    };
    let district = Report {
        unit_code: "001".into(),
        ..good.clone()
    };
    let err = db
        .record_reports(campaign, &common::DEMO_AUTHOR, &[good.clone(), district])
        .await
        .unwrap_err();
    assert!(
        matches!(err, DbError::Invalid { ref message, .. } if message.contains("only communes report")),
        "{err}"
    );
    let unknown = Report {
        unit_code: "99999".into(),
        ..good.clone()
    };
    let err = db
        .record_reports(campaign, &common::DEMO_AUTHOR, &[good, unknown])
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "unit: no unit has the code '99999'");
    assert_eq!(
        figures(db, campaign, "VN", Stage::Produced, day("2021-03-10")).await,
        nation
    );
}

async fn bad_demo_options_are_refused_and_keep_the_loaded_campaign(engine: Engine) {
    use tiendo_server::demo::{self, DemoOptions};
    let t = common::small_demo(engine, "2021-03-10").await;
    let db = t.db.as_ref();
    let before = campaign(db).await;
    let too_late = DemoOptions {
        until: day("2022-01-01"),
        ..DemoOptions::default()
    };
    let err = demo::load(db, &too_late).await.unwrap_err();
    assert!(
        err.to_string()
            .starts_with("--until: 2022-01-01 is outside the simulated campaign"),
        "{err}"
    );
    let unknown = DemoOptions {
        provinces: Some(vec!["99".into()]),
        ..DemoOptions::default()
    };
    let err = demo::load(db, &unknown).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "--provinces: no province has the code '99'"
    );
    let after = campaign(db).await;
    assert_eq!(after.id, before.id);
    assert_eq!(
        db.snapshot().await.unwrap().span,
        Some((day("2021-03-01"), day("2021-03-10")))
    );
}

async fn children_of_every_province_and_district_sum_to_their_parent(engine: Engine) {
    let t = common::small_demo(engine, "2021-05-20").await;
    let views = Views::new(t.db.clone(), Budgets::default());
    let cur = views.ctx.current().await.unwrap();
    for d in ["2021-03-01", "2021-04-07", "2021-05-13", "2021-05-20"] {
        let counts = |level: Level| {
            let (views, cur) = (&views, &cur);
            async move {
                views
                    .standings
                    .counts(cur, &Scope::Level(level), day(d))
                    .await
                    .unwrap()
            }
        };
        let nation = counts(Level::Nation).await;
        let provinces = counts(Level::Province).await;
        let districts = counts(Level::District).await;
        let communes = counts(Level::Commune).await;
        assert_eq!(
            (provinces.len(), districts.len(), communes.len()),
            (63, 705, 10_599)
        );
        // A level read along the day index agrees with children read one by one.
        for (parent, level) in [("01", &districts), ("001", &communes), ("VN", &provinces)] {
            let children =
                t.db.children_counts(cur.campaign.id, parent, day(d))
                    .await
                    .unwrap();
            let from_level: Vec<_> = level
                .iter()
                .filter(|c| c.unit.parent.as_deref() == Some(parent))
                .cloned()
                .collect();
            assert_eq!(children, from_level, "children of {parent} on {d}");
        }
        let mut checked = 0;
        for (parents, children) in [
            (&nation, &provinces),
            (&provinces, &districts),
            (&districts, &communes),
        ] {
            for stage in Stage::ALL {
                // Every figure a standing uses, and the target, summed per parent.
                let mut sums: HashMap<&str, [u64; 5]> = HashMap::new();
                // Targets from the provinces down: the demo gives the nation
                // its own, and only its provinces theirs.
                let target = |c: &tiendo_core::standings::UnitCounts| {
                    let s = c.stages.get(stage);
                    if c.unit.code == "VN" {
                        0
                    } else {
                        s.target.unwrap_or(0)
                    }
                };
                for c in children.iter() {
                    let s = c.stages.get(stage);
                    let e = sums.entry(c.unit.parent.as_deref().unwrap()).or_default();
                    let t = if c.unit.parent.as_deref() == Some("VN") {
                        0
                    } else {
                        target(c)
                    };
                    for (acc, v) in e.iter_mut().zip([
                        s.now,
                        s.day_before,
                        s.week_before,
                        s.two_weeks_before,
                        t,
                    ]) {
                        *acc += v;
                    }
                }
                for p in parents.iter() {
                    let s = p.stages.get(stage);
                    let want = [
                        s.now,
                        s.day_before,
                        s.week_before,
                        s.two_weeks_before,
                        target(p),
                    ];
                    // An island district such as Hoàng Sa has no communes, and no target.
                    let got = sums.get(p.unit.code.as_str()).copied().unwrap_or_default();
                    assert_eq!(got, want, "{} {stage:?} on {d}", p.unit.code);
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 3 * (1 + 63 + 705), "every parent in every stage");
        assert!(nation[0].stages.applications.now > 0 || d == "2021-03-01");
    }
}

async fn units_stored_without_shown_names_get_them_at_start(engine: Engine) {
    let t = common::empty(engine).await;
    let db = t.db.as_ref();
    let shown = |units: &[tiendo_core::units::Unit], code: &str| {
        units
            .iter()
            .find(|u| u.code == code)
            .unwrap()
            .display_name
            .clone()
    };
    let units = db.all_units().await.unwrap();
    assert_eq!(shown(&units, "770"), "Quận 3");
    // As a database loaded before the column existed has them: empty.
    let blank: Vec<(String, String)> = units
        .iter()
        .map(|u| (u.code.clone(), String::new()))
        .collect();
    db.set_display_names(&blank).await.unwrap();
    assert_eq!(db.unit("770").await.unwrap().display_name, "");
    tiendo_server::seed::ensure_reference_data(db)
        .await
        .unwrap();
    let units = db.all_units().await.unwrap();
    assert_eq!(shown(&units, "770"), "Quận 3");
    assert_eq!(shown(&units, "380"), "TP Thanh Hóa");
    assert_eq!(db.unit("01").await.unwrap().display_name, "Hà Nội");
}

both!(
    a_large_batch_reads_what_is_recorded_as_key_by_key_lookups_do,
    one_batch_of_old_corrections_and_new_days_keeps_every_running_total,
    units_stored_without_shown_names_get_them_at_start,
    units_targets_and_rollups_add_up,
    resent_report_replaces_and_never_double_counts,
    a_bad_report_changes_nothing,
    bad_demo_options_are_refused_and_keep_the_loaded_campaign,
    children_of_every_province_and_district_sum_to_their_parent
);
