//! The data version and the change feed on both engines: every write moves
//! the version, concurrent re-sends never count twice, a campaign load
//! killed halfway leaves the previous campaign served, and an empty database
//! says so. (A second server hearing of new figures: tests/operators.rs.)

#[macro_use]
mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use chrono::NaiveDate;
use common::{Engine, campaign, figures, get, page, serve, spawn, tiendo};
use tiendo_core::Stage;
use tiendo_core::campaign::Milestone;
use tiendo_core::reports::Report;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn report(unit: &str, stage: Stage, on: &str, count: u64) -> Report {
    Report {
        unit_code: unit.into(),
        stage,
        day: day(on),
        count,
    }
}

async fn every_write_moves_the_data_version_and_nothing_else_does(engine: Engine) {
    let t = common::empty(engine).await;
    let db = t.db.as_ref();
    let v0 = db.data_version().await.unwrap();
    db.replace_milestones(&[Milestone {
        day: day("2021-06-01"),
        scope: "national".into(),
        stage: "applications".into(),
        value: Some(50_000_000),
        precision: Some("more_than".into()),
        source: "test".into(),
    }])
    .await
    .unwrap();
    let v1 = db.data_version().await.unwrap();
    assert!(v1 > v0, "milestones: {v0} -> {v1}");
    let t = common::small_demo(engine, "2021-03-10").await;
    let db = t.db.as_ref();
    let v2 = db.data_version().await.unwrap();
    let id = campaign(db).await.id;
    let r = report("00001", Stage::Applications, "2021-03-10", 4_321);
    let v3 = db
        .record_reports(id, &common::DEMO_AUTHOR, std::slice::from_ref(&r))
        .await
        .unwrap();
    assert!(v3 > v2, "a report: {v2} -> {v3}");
    assert_eq!(db.feed().version(), v3, "the writer's own feed heard it");
    // The same batch again changes nothing, not even the version.
    let v4 = db
        .record_reports(id, &common::DEMO_AUTHOR, &[r])
        .await
        .unwrap();
    assert_eq!(v4, v3);
    // A refused batch neither.
    let bad = report("001", Stage::Applications, "2021-03-10", 1);
    assert!(
        db.record_reports(id, &common::DEMO_AUTHOR, &[bad])
            .await
            .is_err()
    );
    assert_eq!(db.data_version().await.unwrap(), v3);
}

async fn concurrent_resends_of_one_report_never_count_twice(engine: Engine) {
    let t = common::small_demo(engine, "2021-03-20").await;
    let db = t.db.as_ref();
    let id = campaign(db).await.id;
    let on = day("2021-03-12");
    let nation_before = figures(db, id, "VN", Stage::Applications, on)
        .await
        .cumulative;
    // Eight clients send the same corrected figure for Phúc Xá at once, and
    // eight others each a new figure for another commune of Ba Đình.
    let others: Vec<String> = db
        .all_units()
        .await
        .unwrap()
        .into_iter()
        .filter(|u| u.parent_code.as_deref() == Some("001") && u.code != "00001")
        .map(|u| u.code)
        .take(8)
        .collect();
    assert_eq!(others.len(), 8);
    let mut expected = nation_before;
    let mut sends = Vec::new();
    let old = figures(db, id, "00001", Stage::Applications, on)
        .await
        .daily;
    expected += 100;
    for _ in 0..8 {
        sends.push(report(
            "00001",
            Stage::Applications,
            "2021-03-12",
            old + 100,
        ));
    }
    for (i, code) in others.iter().enumerate() {
        let was = figures(db, id, code, Stage::Applications, on).await.daily;
        let new = 5_000 + i as u64;
        expected = expected + new - was;
        sends.push(report(code, Stage::Applications, "2021-03-12", new));
    }
    let tasks: Vec<_> = sends
        .into_iter()
        .map(|r| {
            let db = t.db.clone();
            tokio::spawn(async move { db.record_reports(id, &common::DEMO_AUTHOR, &[r]).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let nation = figures(db, id, "VN", Stage::Applications, on)
        .await
        .cumulative;
    assert_eq!(nation, expected, "each change counted exactly once");
    assert_eq!(
        nation,
        db.communes_cumulative(id, Stage::Applications, on)
            .await
            .unwrap(),
        "the nation is the sum of its communes' reports"
    );
    assert_eq!(
        figures(db, id, "00001", Stage::Applications, on)
            .await
            .daily,
        old + 100
    );
    let district = figures(db, id, "001", Stage::Applications, on).await;
    let mut communes = 0;
    for u in db.all_units().await.unwrap() {
        if u.parent_code.as_deref() == Some("001") {
            communes += figures(db, id, &u.code, Stage::Applications, on)
                .await
                .cumulative;
        }
    }
    assert_eq!(
        district.cumulative, communes,
        "Ba Đình is the sum of its communes"
    );
}

async fn a_load_killed_halfway_leaves_the_previous_campaign_served(engine: Engine) {
    let t = common::small_demo(engine, "2021-03-10").await;
    let before = campaign(t.db.as_ref()).await;
    let span = t.db.snapshot().await.unwrap().span;
    let mut load = tiendo(
        &t.url,
        &["demo", "--provinces", "01,48,79", "--until", "2021-07-31"],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    // Kill it in the middle of its transaction: the reports are written,
    // the totals not yet. Its progress is logged, to stderr.
    let mut lines = BufReader::new(load.stderr.take().unwrap()).lines();
    let mut seen = Vec::new();
    loop {
        let line = lines
            .next()
            .expect("the load ended before writing its reports")
            .unwrap();
        let done = line.contains("reports written");
        seen.push(line);
        if done {
            break;
        }
        assert!(seen.len() < 100, "{seen:?}");
    }
    load.kill().unwrap(); // SIGKILL
    load.wait().unwrap();

    let db = tiendo_server::db::open(&t.url, false).await.unwrap();
    let after = campaign(db.as_ref()).await;
    assert_eq!(
        after.id, before.id,
        "the previous campaign is still the one served"
    );
    assert_eq!(db.snapshot().await.unwrap().span, span);
    let (_s, base) = serve(&t.url).await;
    let (status, body) = get(&format!("{base}/api/v1/progress/VN")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["date"], "2021-03-10");

    // `--if-empty` sees a whole campaign and leaves it.
    let out = tiendo(&t.url, &["demo", "--if-empty"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("already loaded"));
}

async fn a_load_killed_on_an_empty_database_is_redone_by_if_empty(engine: Engine) {
    let t = common::empty(engine).await;
    let mut load = tiendo(
        &t.url,
        &["demo", "--provinces", "48", "--until", "2021-04-30"],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let mut lines = BufReader::new(load.stderr.take().unwrap()).lines();
    while !lines.next().unwrap().unwrap().contains("reports written") {}
    load.kill().unwrap();
    load.wait().unwrap();
    assert!(
        t.db.snapshot().await.unwrap().campaign.is_none(),
        "nothing half-loaded is served"
    );
    let out = tiendo(
        &t.url,
        &[
            "demo",
            "--if-empty",
            "--provinces",
            "48",
            "--until",
            "2021-04-30",
        ],
    )
    .output()
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let snapshot = t.db.snapshot().await.unwrap();
    assert!(snapshot.campaign.is_some());
    assert_eq!(snapshot.span, Some((day("2021-03-01"), day("2021-04-30"))));
}

async fn an_empty_database_says_no_campaign_is_loaded(engine: Engine) {
    let t = common::empty(engine).await;
    let base = spawn(&t).await;
    let (status, body) = get(&format!("{base}/healthz")).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ok")));
    let (status, body) = get(&format!("{base}/readyz")).await;
    assert_eq!(status, 503, "{body}");
    assert!(
        body["reason"]
            .as_str()
            .unwrap()
            .contains("no campaign is loaded"),
        "{body}"
    );
    let (status, body) = get(&format!("{base}/api/v1/progress/VN")).await;
    assert_eq!(status, 503, "{body}");
    assert!(
        body["error"].as_str().unwrap().contains("tiendo demo"),
        "{body}"
    );
    for path in ["/", "/rankings", "/p/01", "/map", "/briefing"] {
        let (status, html) = page(&format!("{base}{path}")).await;
        assert_eq!(status, 503, "{path}");
        assert!(html.contains("Chưa có số liệu"), "{path}: {html}");
    }
    // Loading the campaign makes the same server ready, without a restart.
    tiendo_server::demo::load(
        t.db.as_ref(),
        &tiendo_server::demo::DemoOptions {
            until: day("2021-03-05"),
            provinces: Some(vec!["48".into()]),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let (status, body) = get(&format!("{base}/readyz")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(page(&format!("{base}/")).await.0, 200);
}

both!(
    every_write_moves_the_data_version_and_nothing_else_does,
    concurrent_resends_of_one_report_never_count_twice,
    a_load_killed_halfway_leaves_the_previous_campaign_served,
    a_load_killed_on_an_empty_database_is_redone_by_if_empty,
    an_empty_database_says_no_campaign_is_loaded,
);

#[tokio::test]
async fn serve_names_the_url_it_cannot_open() {
    let dir = tempfile::tempdir().unwrap();
    let missing = format!("sqlite://{}/nothing/here.db", dir.path().display());
    let out = tiendo(&missing, &["serve", "--addr", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("cannot open {missing}")), "{err}");
    assert!(err.contains("tiendo migrate"), "{err}");
    assert!(
        !dir.path().join("nothing").exists(),
        "serve created a folder"
    );

    let out = tiendo("mysql://db/tiendo", &["serve"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown scheme in 'mysql://db/tiendo'"),
        "{err}"
    );

    let out = tiendo("postgres://u:secret@127.0.0.1:1/x", &["serve"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot open postgres://u:***@127.0.0.1:1/x"),
        "{err}"
    );
    assert!(!err.contains("secret"), "the password was printed: {err}");
}
