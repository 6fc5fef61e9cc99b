//! The server watching the campaign, on both engines: figures that trip
//! each alert rule open exactly one alert, which resolves when the figures
//! clear it; the webhook is retried and never holds up intake; who sees and
//! acknowledges which alerts; live updates as server-sent events, across
//! servers; `/metrics` as Prometheus reads it; security headers and
//! request ids.

#[macro_use]
mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use chrono::NaiveDate;
use common::{DEMO_AUTHOR, Engine, TestDb, campaign, figures, post_reports, spawn_site};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tiendo_core::Stage;
use tiendo_core::accounts::Role;
use tiendo_core::alerts::{Alert, AlertState, Rule, Thresholds};
use tiendo_core::reports::Report;
use tiendo_server::accounts::Accounts;
use tiendo_server::alerts::Monitor;
use tiendo_server::alerts::webhook::Webhook;
use tiendo_server::db::{AlertFilter, Database};
use tiendo_server::views::{Budgets, Context, Views};

/// The small demo's last day: two months into the campaign.
const LAST: &str = "2021-04-30";

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A monitor over `db` with the default thresholds, queueing notifications.
fn monitor(db: Arc<dyn Database>) -> Monitor {
    let views = Views::new(db, Budgets::default());
    Monitor::new(
        views.ctx.clone(),
        views.standings.clone(),
        Thresholds::default(),
        true,
    )
}

/// Every alert of `rule` on `unit`, in any state.
async fn alerts_of(db: &dyn Database, rule: Rule, unit: &str) -> Vec<Alert> {
    let id = campaign(db).await.id;
    let filter = AlertFilter {
        state: Some(None),
        rule: Some(rule),
        within: Some(unit.to_string()),
        limit: 10_000,
        ..AlertFilter::default()
    };
    let all = db.alerts(id, &filter).await.unwrap();
    all.into_iter().filter(|a| a.unit == unit).collect()
}

/// The one open (not resolved) alert of `rule` on `unit`; fails unless exactly one.
async fn one_open(db: &dyn Database, rule: Rule, unit: &str) -> Alert {
    let open: Vec<Alert> = alerts_of(db, rule, unit)
        .await
        .into_iter()
        .filter(|a| a.state != AlertState::Resolved)
        .collect();
    assert_eq!(open.len(), 1, "{rule:?} on {unit}: {open:?}");
    open.into_iter().next().unwrap()
}

/// Asserts that `rule` on `unit` has no open alert and a resolved one.
async fn resolved(db: &dyn Database, rule: Rule, unit: &str) {
    let all = alerts_of(db, rule, unit).await;
    assert!(
        all.iter().all(|a| a.state == AlertState::Resolved),
        "{rule:?} on {unit} still open: {all:?}"
    );
    assert!(
        all.iter().any(|a| a.resolved_at.is_some()),
        "{rule:?} on {unit} never resolved: {all:?}"
    );
}

/// Writes figures as a legacy import would: through the data layer, with
/// none of intake's checks.
async fn record(db: &dyn Database, reports: Vec<Report>) {
    let id = campaign(db).await.id;
    db.record_reports(id, &DEMO_AUTHOR, &reports).await.unwrap();
}

fn report(unit: &str, stage: Stage, on: NaiveDate, count: u64) -> Report {
    Report {
        unit_code: unit.to_string(),
        stage,
        day: on,
        count,
    }
}

/// The communes of `district`, and every commune of the demo's two provinces.
async fn communes(db: &dyn Database) -> (Vec<String>, Vec<(String, String)>) {
    let units = db.all_units().await.unwrap();
    let parent = |code: &str| {
        units
            .iter()
            .find(|u| u.code == code)
            .and_then(|u| u.parent_code.clone())
    };
    let all: Vec<(String, String)> = units
        .iter()
        .filter(|u| u.level == tiendo_core::Level::Commune)
        .filter_map(|u| {
            let district = u.parent_code.clone()?;
            let province = parent(&district)?;
            ["01", "48"]
                .contains(&province.as_str())
                .then(|| (u.code.clone(), district))
        })
        .collect();
    let da_nang: Vec<String> = all
        .iter()
        .filter(|(_, d)| parent(d).as_deref() == Some("48"))
        .map(|(c, _)| c.clone())
        .collect();
    (da_nang, all)
}

async fn each_rule_opens_one_alert_and_resolves_when_cleared(engine: Engine) {
    let t = common::small_demo(engine, LAST).await;
    let db = t.db.as_ref();
    let id = campaign(db).await.id;
    let m = monitor(t.db.clone());
    let d = day(LAST);
    m.evaluate().await.unwrap();
    let (da_nang, all) = communes(db).await;
    // Three communes of Đà Nẵng's first district, steady reporters.
    let first_district = all
        .iter()
        .find(|(c, _)| *c == da_nang[0])
        .unwrap()
        .1
        .clone();
    let mut steady = Vec::new();
    for (c, dist) in &all {
        if *dist == first_district && figures(db, id, c, Stage::Applications, d).await.daily > 5 {
            steady.push(c.clone());
        }
    }
    assert!(steady.len() >= 3, "{steady:?}");
    let (a, b, s) = (&steady[0], &steady[1], &steady[2]);

    // An anomaly: a day 50 times the usual, then corrected back.
    let usual = figures(db, id, a, Stage::Applications, d).await.daily;
    record(
        db,
        vec![report(a, Stage::Applications, d, usual * 50 + 500)],
    )
    .await;
    let changes = m.evaluate().await.unwrap();
    assert!(changes.opened >= 1, "{changes:?}");
    let alert = one_open(db, Rule::Anomaly, a).await;
    assert!(
        alert
            .figures
            .iter()
            .any(|(n, v)| n.ends_with("_count") && *v == (usual * 50 + 500) as f64),
        "{alert:?}"
    );
    // Evaluated again: still the one alert, seen again.
    m.evaluate().await.unwrap();
    let again = one_open(db, Rule::Anomaly, a).await;
    assert_eq!(again.id, alert.id);
    record(db, vec![report(a, Stage::Applications, d, usual)]).await;
    m.evaluate().await.unwrap();
    resolved(db, Rule::Anomaly, a).await;
    // The same big day after 28 days as big is no anomaly: the monitor keeps
    // the days before in memory, and reads again those a correction changed.
    let big = usual * 50 + 500;
    record(db, vec![report(a, Stage::Applications, d, big)]).await;
    m.evaluate().await.unwrap();
    one_open(db, Rule::Anomaly, a).await;
    let mut earlier = Vec::new();
    let mut raised = Vec::new();
    for n in 1..=28 {
        let day = d - chrono::Duration::days(n);
        let daily = figures(db, id, a, Stage::Applications, day).await.daily;
        earlier.push(report(a, Stage::Applications, day, daily));
        raised.push(report(a, Stage::Applications, day, big));
    }
    record(db, raised).await;
    m.evaluate().await.unwrap();
    resolved(db, Rule::Anomaly, a).await;
    earlier.push(report(a, Stage::Applications, d, usual));
    record(db, earlier).await;
    m.evaluate().await.unwrap();
    assert!(
        alerts_of(db, Rule::Anomaly, a)
            .await
            .iter()
            .all(|x| x.state != AlertState::Open)
    );

    // Stages out of order: more cards produced than applications, then corrected.
    let applied = figures(db, id, b, Stage::Applications, d).await.cumulative;
    let produced = figures(db, id, b, Stage::Produced, d).await;
    let before = produced.cumulative - produced.daily;
    record(
        db,
        vec![report(b, Stage::Produced, d, applied + 100 - before)],
    )
    .await;
    m.evaluate().await.unwrap();
    let alert = one_open(db, Rule::StageOrder, b).await;
    assert!(
        alert
            .figures
            .iter()
            .any(|(n, v)| n == "produced" && *v == (applied + 100) as f64),
        "{alert:?}"
    );
    record(db, vec![report(b, Stage::Produced, d, produced.daily)]).await;
    m.evaluate().await.unwrap();
    resolved(db, Rule::StageOrder, b).await;

    // A silent commune: three more days reported by everyone else.
    let next = |n: i64| d + chrono::Duration::days(n);
    let mut days = Vec::new();
    for (c, _) in &all {
        let count = figures(db, id, c, Stage::Applications, d).await.daily;
        for n in 1..=3 {
            if c != s {
                days.push(report(c, Stage::Applications, next(n), count));
            }
        }
    }
    record(db, days).await;
    m.evaluate().await.unwrap();
    let alert = one_open(db, Rule::Silent, s).await;
    assert_eq!(
        alert.figures,
        vec![("days_without_report".to_string(), 3.0)]
    );
    // Its report comes in late, and zero (a closed office still reports):
    // resolved. Reports are stored by day; the day a commune last reported
    // is read from its totals, so a zero must make a row there too.
    record(db, vec![report(s, Stage::Applications, next(3), 0)]).await;
    m.evaluate().await.unwrap();
    resolved(db, Rule::Silent, s).await;

    // Low completeness: a day Đà Nẵng reports and Hà Nội does not.
    let d4: Vec<Report> = da_nang
        .iter()
        .map(|c| report(c, Stage::Applications, next(4), 20))
        .collect();
    record(db, d4).await;
    m.evaluate().await.unwrap();
    let alert = one_open(db, Rule::LowCompleteness, "01").await;
    assert!(
        alert
            .figures
            .contains(&("communes_reported".to_string(), 0.0)),
        "{alert:?}"
    );
    assert!(alerts_of(db, Rule::LowCompleteness, "48").await.is_empty());
    let hanoi: Vec<Report> = all
        .iter()
        .filter(|(c, _)| !da_nang.contains(c))
        .map(|(c, _)| report(c, Stage::Applications, next(4), 20))
        .collect();
    record(db, hanoi).await;
    m.evaluate().await.unwrap();
    resolved(db, Rule::LowCompleteness, "01").await;

    // Behind schedule: a district whose figures were corrected down to
    // nothing, then one that makes its targets in a day.
    let district = all
        .iter()
        .map(|(_, dist)| dist)
        .filter(|dist| **dist != first_district && dist.as_str() >= "490")
        .max()
        .unwrap()
        .clone();
    let members: Vec<&String> = all
        .iter()
        .filter(|(_, dist)| *dist == district)
        .map(|(c, _)| c)
        .collect();
    let start = campaign(db).await.start;
    let mut zeros = Vec::new();
    for c in &members {
        for stage in Stage::ALL {
            let mut on = start;
            while on <= next(4) {
                zeros.push(report(c, stage, on, 0));
                on += chrono::Duration::days(1);
            }
        }
    }
    record(db, zeros).await;
    m.evaluate().await.unwrap();
    let alert = one_open(db, Rule::BehindSchedule, &district).await;
    assert_eq!(
        alert.severity,
        tiendo_core::alerts::Severity::Critical,
        "{alert:?}"
    );
    let targets = db.all_targets(id).await.unwrap();
    let target = |c: &str, stage: Stage| {
        targets
            .iter()
            .find(|(s, _)| *s == stage)
            .and_then(|(_, list)| list.iter().find(|(code, _)| code == c))
            .map_or(0, |(_, t)| *t)
    };
    let catch_up: Vec<Report> = members
        .iter()
        .flat_map(|c| Stage::ALL.map(|stage| report(c, stage, next(4), target(c, stage))))
        .collect();
    record(db, catch_up).await;
    m.evaluate().await.unwrap();
    resolved(db, Rule::BehindSchedule, &district).await;

    // Never two open alerts for one unit and rule, whatever happened.
    let every = db
        .alerts(
            id,
            &AlertFilter {
                limit: 100_000,
                ..AlertFilter::default()
            },
        )
        .await
        .unwrap();
    let mut keys: Vec<(String, Rule)> = every.iter().map(|a| (a.unit.clone(), a.rule)).collect();
    let n = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), n, "two open alerts for one unit and rule");
    // Each opened and resolved alert waits for the webhook.
    let (pending, _) = db.notification_status(10).await.unwrap();
    assert!(pending >= 10, "{pending} notifications queued");
}

/// A webhook receiver: answers each POST as `mode` says (0: 200, 1: 500,
/// 2: hold until released), and keeps the bodies.
#[derive(Clone, Default)]
struct Receiver {
    mode: Arc<AtomicUsize>,
    got: Arc<std::sync::Mutex<Vec<Value>>>,
    arrived: Arc<tokio::sync::Notify>,
    release: Arc<tokio::sync::Notify>,
}

impl Receiver {
    async fn start(&self) -> String {
        let me = self.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |axum::Json(body): axum::Json<Value>| {
                let me = me.clone();
                async move {
                    me.got.lock().unwrap().push(body);
                    me.arrived.notify_one();
                    match me.mode.load(Ordering::SeqCst) {
                        0 => StatusCode::OK,
                        1 => StatusCode::INTERNAL_SERVER_ERROR,
                        _ => {
                            me.release.notified().await;
                            StatusCode::OK
                        }
                    }
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}/hook")
    }
}

/// Creates an account and returns an API token for it.
async fn token(t: &TestDb, name: &str, role: Role, unit: &str) -> String {
    let accounts = Accounts::new(Arc::new(Context::new(t.db.clone())));
    accounts
        .create(None, name, "correct horse battery", role, unit)
        .await
        .unwrap();
    accounts.issue_token(None, name, "tests").await.unwrap()
}

async fn the_webhook_is_retried_and_never_holds_up_intake(engine: Engine) {
    let t = common::small_demo(engine, LAST).await;
    let db = t.db.clone();
    let id = campaign(db.as_ref()).await.id;
    let m = monitor(db.clone());
    let d = day(LAST);
    // An anomaly to notify of.
    record(
        db.as_ref(),
        vec![report("20236", Stage::Applications, d, 9_000)],
    )
    .await;
    m.evaluate().await.unwrap();
    let (queued, _) = db.notification_status(0).await.unwrap();
    assert!(queued >= 1);

    let receiver = Receiver::default();
    let url = receiver.start().await;
    let metrics = Arc::new(tiendo_server::metrics::Metrics::default());
    let hook = Webhook::new(url, Duration::from_secs(1), db.clone(), metrics.clone());
    let now = tiendo_server::db::unix_now();

    // The receiver fails: every delivery is recorded as failed, to try again later.
    receiver.mode.store(1, Ordering::SeqCst);
    let mut sent = 0;
    loop {
        let n = hook.round_at(now).await.unwrap();
        if n == 0 {
            break;
        }
        sent += n as u64;
    }
    assert_eq!(sent, queued);
    let (pending, failures) = db.notification_status(10_000).await.unwrap();
    assert_eq!(pending, queued, "failed deliveries wait for another try");
    assert_eq!(failures.len() as u64, sent);
    assert!(
        failures
            .iter()
            .all(|f| f.attempts == 1 && !f.given_up && f.error.contains("500")),
        "{failures:?}"
    );
    assert_eq!(metrics.webhook_failed.load(Ordering::SeqCst), sent);
    // Not again before the backoff.
    assert_eq!(hook.round_at(now + 1).await.unwrap(), 0);

    // It answers again: later rounds deliver them all.
    receiver.mode.store(0, Ordering::SeqCst);
    let mut later = now + 3_600;
    while db.notification_status(0).await.unwrap().0 > 0 {
        hook.round_at(later).await.unwrap();
        later += 3_600;
    }
    assert_eq!(metrics.webhook_delivered.load(Ordering::SeqCst), queued);
    let got = receiver.got.lock().unwrap().clone();
    let anomaly = got
        .iter()
        .find(|b| b["alert"]["unit"] == "20236" && b["alert"]["rule"] == "anomaly")
        .expect("the anomaly was sent");
    assert_eq!(anomaly["event"], "new");
    assert!(
        anomaly["text"]
            .as_str()
            .unwrap()
            .contains("Số liệu bất thường"),
        "{anomaly}"
    );

    // A receiver that hangs: intake answers while a delivery waits on it.
    let (base, site) = spawn_site(db.clone(), Default::default()).await;
    let token = token(&t, "chi.huy.dn", Role::Commander, "48").await;
    record(
        db.as_ref(),
        vec![report("20236", Stage::Applications, d, 40)],
    )
    .await;
    m.evaluate().await.unwrap(); // the anomaly resolves: a notification
    let holding = Receiver::default();
    holding.mode.store(2, Ordering::SeqCst);
    let worker = {
        let hook = Webhook::new(
            holding.start().await,
            Duration::from_secs(30),
            db.clone(),
            metrics.clone(),
        );
        tokio::spawn(async move { hook.round_at(later).await })
    };
    holding.arrived.notified().await;
    let version = db.data_version().await.unwrap();
    let body =
        json!({"reports": [{"unit": "20236", "date": LAST, "stage": "applications", "count": 41}]});
    assert_eq!(post_reports(&base, &token, &body).await.unwrap(), 200);
    assert!(db.data_version().await.unwrap() > version);
    assert!(
        !worker.is_finished(),
        "the delivery is still waiting on the receiver"
    );
    holding.mode.store(0, Ordering::SeqCst);
    holding.release.notify_one();
    worker.await.unwrap().unwrap();
    drop(site);

    // A receiver that never answers: the attempt times out and is retried later.
    record(
        db.as_ref(),
        vec![report("20236", Stage::Applications, d, 9_000)],
    )
    .await;
    m.evaluate().await.unwrap();
    let silent = Receiver::default();
    silent.mode.store(2, Ordering::SeqCst);
    let hook = Webhook::new(
        silent.start().await,
        Duration::from_secs(1),
        db.clone(),
        metrics,
    );
    hook.round_at(later + 3_600).await.unwrap();
    let (pending, failures) = db.notification_status(1).await.unwrap();
    assert!(pending >= 1);
    assert!(failures[0].error.contains("timeout"), "{failures:?}");
    let _ = id;
}

/// GET `url` with `token` (if any): status and JSON.
async fn get_as(url: &str, token: Option<&str>) -> (StatusCode, Value) {
    let mut req = reqwest::Client::new().get(url);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

async fn alerts_are_listed_and_acknowledged_within_each_account_s_unit(engine: Engine) {
    let t = common::small_demo(engine, LAST).await;
    let db = t.db.clone();
    let m = monitor(db.clone());
    let d = day(LAST);
    // One anomaly in each province.
    record(
        db.as_ref(),
        vec![
            report("20236", Stage::Applications, d, 9_000),
            report("00001", Stage::Applications, d, 9_000),
        ],
    )
    .await;
    m.evaluate().await.unwrap();
    let (base, _site) = spawn_site(db.clone(), Default::default()).await;
    let da_nang = token(&t, "chi.huy.dn", Role::Commander, "48").await;
    let ministry = token(&t, "bo.cong.an", Role::Ministry, "VN").await;
    let reporter = token(&t, "phuc.xa", Role::Reporter, "00001").await;

    // The public sees every alert; the rule filter by its slug.
    let (status, all) = get_as(&format!("{base}/api/v1/alerts?rule=anomaly"), None).await;
    assert_eq!(status, StatusCode::OK, "{all}");
    let units: Vec<&str> = all["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["unit"].as_str().unwrap())
        .collect();
    assert!(
        units.contains(&"20236") && units.contains(&"00001"),
        "{units:?}"
    );
    // A commander, the province only; another province is refused.
    let (_, mine) = get_as(
        &format!("{base}/api/v1/alerts?rule=anomaly"),
        Some(&da_nang),
    )
    .await;
    assert!(
        mine["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["province"] == "48"),
        "{mine}"
    );
    let (status, body) = get_as(&format!("{base}/api/v1/alerts?province=01"), Some(&da_nang)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    // Bad filters name their parameter.
    for (q, field) in [
        ("rule=late", "rule"),
        ("severity=high", "severity"),
        ("state=closed", "state"),
        ("province=99", "province"),
        ("unit=00001&province=48", "unit"),
        ("colour=red", "colour"),
    ] {
        let (status, body) = get_as(&format!("{base}/api/v1/alerts?{q}"), None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{q}: {body}");
        assert!(
            body["error"].as_str().unwrap().starts_with(field),
            "{q}: {body}"
        );
    }

    let find = |list: &Value, unit: &str| {
        list["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["unit"] == unit && a["rule"] == "anomaly")
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let (ours, theirs) = (find(&all, "20236"), find(&all, "00001"));
    let ack = |id: i64, token: &str, comment: &str| {
        let (base, token, comment) = (base.clone(), token.to_string(), comment.to_string());
        async move {
            reqwest::Client::new()
                .post(format!("{base}/api/v1/alerts/{id}/acknowledge"))
                .bearer_auth(token)
                .json(&json!({ "comment": comment }))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(
        ack(theirs, &da_nang, "không phải của tôi").await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        ack(theirs, &reporter, "báo cáo viên").await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(ack(ours, &da_nang, "  ").await, StatusCode::BAD_REQUEST);
    assert_eq!(
        ack(99_999_999, &ministry, "không có").await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        ack(ours, &da_nang, "Đã gọi xã kiểm tra lại số liệu").await,
        StatusCode::OK
    );
    // Acknowledged: who and why for signed-in readers only.
    let (_, acked) = get_as(
        &format!("{base}/api/v1/alerts?state=acknowledged"),
        Some(&ministry),
    )
    .await;
    let a = &acked["alerts"][0];
    assert_eq!(
        (
            a["id"].as_i64(),
            a["acknowledged_by"].as_str(),
            a["comment"].as_str()
        ),
        (
            Some(ours),
            Some("chi.huy.dn"),
            Some("Đã gọi xã kiểm tra lại số liệu")
        ),
        "{acked}"
    );
    let (_, public) = get_as(&format!("{base}/api/v1/alerts?state=acknowledged"), None).await;
    assert_eq!(public["alerts"][0]["state"], "acknowledged");
    assert!(public["alerts"][0]["comment"].is_null(), "{public}");
    // Still acknowledged after another evaluation; resolved when the figures clear.
    m.evaluate().await.unwrap();
    assert_eq!(
        one_open(db.as_ref(), Rule::Anomaly, "20236").await.state,
        AlertState::Acknowledged
    );
    record(
        db.as_ref(),
        vec![report("20236", Stage::Applications, d, 40)],
    )
    .await;
    m.evaluate().await.unwrap();
    resolved(db.as_ref(), Rule::Anomaly, "20236").await;
    assert_eq!(
        ack(ours, &da_nang, "muộn").await,
        StatusCode::BAD_REQUEST,
        "a resolved alert"
    );
    // The counts on the pages' data: the nation and the commune.
    let (_, page) = get_as(&format!("{base}/api/v1/alerts?unit=00001"), None).await;
    assert_eq!(
        page["alerts"].as_array().unwrap().len() as u64,
        db.open_alerts_within(campaign(db.as_ref()).await.id, "00001")
            .await
            .unwrap()
    );
}

/// Reads a server-sent event stream until an event of `version` above `after`.
async fn next_version(stream: &mut reqwest::Response, buffer: &mut String, after: i64) -> i64 {
    loop {
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            if let Some(id) = event.lines().find_map(|l| l.strip_prefix("id: ")) {
                let v: i64 = id.parse().unwrap();
                assert!(
                    event.contains("event: version")
                        && event.contains(&format!("data: {{\"version\":{v}}}")),
                    "{event}"
                );
                if v > after {
                    return v;
                }
            }
        }
        let chunk = tokio::time::timeout(Duration::from_secs(30), stream.chunk())
            .await
            .expect("an event within 30 s")
            .unwrap()
            .expect("the stream stays open");
        buffer.push_str(&String::from_utf8_lossy(&chunk));
    }
}

async fn open_pages_hear_of_new_figures_from_any_server(engine: Engine) {
    let t = common::small_demo(engine, LAST).await;
    let (a, _site_a) = spawn_site(t.db.clone(), Default::default()).await;
    // A second server on its own connection, following the database's changes.
    let other = tiendo_server::db::open(&t.url, false).await.unwrap();
    let follower = other.clone();
    tokio::spawn(async move { follower.follow_changes().await });
    let (b, site_b) = spawn_site(other, Default::default()).await;
    let token = token(&t, "chi.huy.dn", Role::Commander, "48").await;

    let response = reqwest::get(format!("{b}/api/v1/events")).await.unwrap();
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut stream = response;
    let mut buffer = String::new();
    let first = next_version(&mut stream, &mut buffer, -1).await;
    assert_eq!(
        site_b
            .views
            .ctx
            .metrics
            .event_streams
            .load(Ordering::SeqCst),
        1
    );
    let body =
        json!({"reports": [{"unit": "20236", "date": LAST, "stage": "applications", "count": 41}]});
    assert_eq!(post_reports(&a, &token, &body).await.unwrap(), 200);
    let written = t.db.data_version().await.unwrap();
    assert!(written > first);
    // Each event names a newer version, up to the one written.
    let mut heard = first;
    while heard < written {
        heard = next_version(&mut stream, &mut buffer, heard).await;
    }
    assert_eq!(heard, written);
    drop(stream);
    // The stream's end is counted once the server notices the closed connection.
    for _ in 0..100 {
        if site_b
            .views
            .ctx
            .metrics
            .event_streams
            .load(Ordering::SeqCst)
            == 0
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        site_b
            .views
            .ctx
            .metrics
            .event_streams
            .load(Ordering::SeqCst),
        0
    );
}

async fn metrics_pass_promtool_and_name_routes_by_pattern(engine: Engine) {
    let t = common::small_demo(engine, LAST).await;
    let (base, _site) = spawn_site(t.db.clone(), Default::default()).await;
    monitor(t.db.clone()).evaluate().await.unwrap();
    let token = token(&t, "chi.huy.dn", Role::Commander, "48").await;
    for path in [
        "/",
        "/p/48",
        "/p/01",
        "/c/20236",
        "/c/20236",
        "/api/v1/progress/48",
        "/api/v1/rankings?stage=nope",
        "/nowhere",
    ] {
        reqwest::get(format!("{base}{path}")).await.unwrap();
    }
    let refused =
        json!({"reports": [{"unit": "20236", "date": LAST, "stage": "applications", "count": -1}]});
    assert_eq!(post_reports(&base, &token, &refused).await.unwrap(), 422);
    let scrape = reqwest::get(format!("{base}/metrics")).await.unwrap();
    assert!(
        scrape.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    assert!(
        scrape.headers().get("etag").is_none(),
        "never kept by the page cache"
    );
    let text = scrape.text().await.unwrap();
    let mut check = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect(
            "promtool (Debian's prometheus package; scripts/install-tools.sh --test installs it)",
        );
    use std::io::Write;
    check
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = check.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "promtool: {}{}\n{text}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains(
            "tiendo_http_requests_total{route=\"/p/{code}\",method=\"GET\",status=\"200\"} 2"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "tiendo_http_requests_total{route=\"/c/{code}\",method=\"GET\",status=\"200\"} 2"
        ),
        "{text}"
    );
    assert!(
        !text.contains("/p/48") && !text.contains("/c/20236"),
        "never the raw URL"
    );
    assert!(
        text.contains("tiendo_report_batches_rejected_total 1"),
        "{text}"
    );
    assert!(
        text.contains("tiendo_cache_requests_total{cache=\"responses\",result=\"hit\"} 1"),
        "{text}"
    );
    for rule in Rule::ALL {
        assert!(
            text.contains(&format!("tiendo_alerts_open{{rule=\"{}\"}}", rule.slug())),
            "{text}"
        );
    }
    assert!(text.contains("tiendo_db_connections{state=\"idle\"}"));
}

async fn answers_carry_security_headers_and_a_request_id(engine: Engine) {
    let t = common::small_demo(engine, LAST).await;
    let (base, _site) = spawn_site(t.db.clone(), Default::default()).await;
    for path in ["/", "/c/20236", "/alerts"] {
        let resp = reqwest::get(format!("{base}{path}")).await.unwrap();
        let header = |n: &str| resp.headers()[n].to_str().unwrap().to_string();
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert_eq!(header("x-frame-options"), "DENY");
        assert_eq!(header("referrer-policy"), "strict-origin-when-cross-origin");
        let policy = header("content-security-policy");
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        let scripts = policy
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap();
        assert!(!scripts.contains("unsafe-inline"), "{policy}");
        assert!(!header("x-request-id").is_empty());
        let html = resp.text().await.unwrap();
        // Every inline script of the page, and only those, is allowed by its hash.
        let mut inline = 0;
        for part in html.split("<script").skip(1) {
            let (tag, rest) = part.split_once('>').unwrap();
            if tag.contains(" src=") {
                continue;
            }
            let body = rest.split("</script").next().unwrap();
            use sha2::Digest;
            let digest = sha2::Sha256::digest(body.as_bytes());
            let b64 = base64_of(&digest);
            assert!(
                policy.contains(&format!("'sha256-{b64}'")),
                "{path}: script {body:.80} is not allowed by {policy}"
            );
            inline += 1;
        }
        assert!(inline >= 1, "{path}: the hydration script");
        assert_eq!(policy.matches("'sha256-").count(), inline, "{policy}");
    }
    // A request id given is the one used.
    let resp = reqwest::Client::new()
        .get(format!("{base}/api/v1/progress/48"))
        .header("x-request-id", "from-the-proxy-42")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["x-request-id"], "from-the-proxy-42");
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");
    // A body over the limit is refused from its announced length, before any
    // of it is sent. (Sending it whole raced the early answer: the server may
    // close while the client still writes, a broken pipe on a slow machine.)
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = base.trim_start_matches("http://");
    let mut socket = tokio::net::TcpStream::connect(host).await.unwrap();
    let head = format!(
        "POST /api/get_overview HTTP/1.1\r\nHost: {host}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        2 << 20
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), socket.read_to_end(&mut answer))
        .await
        .expect("the server answers without waiting for the body")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer:.200}");
}

/// Standard base64, as CSP hashes are written (a second, independent writing).
fn base64_of(bytes: &[u8]) -> String {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = String::new();
    for b in bytes {
        bits.push_str(&format!("{b:08b}"));
    }
    let mut out: String = bits
        .as_bytes()
        .chunks(6)
        .map(|c| {
            let s = format!("{:0<6}", String::from_utf8_lossy(c));
            alphabet[usize::from_str_radix(&s, 2).unwrap()] as char
        })
        .collect();
    while out.len() % 4 != 0 {
        out.push('=');
    }
    out
}

/// Waits up to 10 s for `rule` on `unit` to be in `state` (none: no open alert).
async fn eventually(db: &dyn Database, rule: Rule, unit: &str, open: bool) {
    for _ in 0..200 {
        let all = alerts_of(db, rule, unit).await;
        if all.iter().any(|a| a.state != AlertState::Resolved) == open {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "{rule:?} on {unit}: still {} after 10 s",
        if open { "not open" } else { "open" }
    );
}

async fn the_running_monitor_evaluates_after_each_batch(engine: Engine) {
    let t = common::small_demo(engine, LAST).await;
    let db = t.db.clone();
    let id = campaign(db.as_ref()).await.id;
    let d = day(LAST);
    // As `tiendo serve` runs it: evaluations at start and on each change of the feed.
    let running = tokio::spawn(tiendo_server::alerts::run(Arc::new(monitor(db.clone())), 0));
    let usual = figures(db.as_ref(), id, "20236", Stage::Applications, d)
        .await
        .daily;
    for round in 0..3 {
        record(
            db.as_ref(),
            vec![report("20236", Stage::Applications, d, 9_000 + round)],
        )
        .await;
        eventually(db.as_ref(), Rule::Anomaly, "20236", true).await;
        record(
            db.as_ref(),
            vec![report("20236", Stage::Applications, d, usual)],
        )
        .await;
        eventually(db.as_ref(), Rule::Anomaly, "20236", false).await;
    }
    assert_eq!(
        alerts_of(db.as_ref(), Rule::Anomaly, "20236").await.len(),
        3,
        "one alert per round"
    );
    running.abort();
}

both!(
    each_rule_opens_one_alert_and_resolves_when_cleared,
    the_webhook_is_retried_and_never_holds_up_intake,
    alerts_are_listed_and_acknowledged_within_each_account_s_unit,
    open_pages_hear_of_new_figures_from_any_server,
    metrics_pass_promtool_and_name_routes_by_pattern,
    answers_carry_security_headers_and_a_request_id,
    the_running_monitor_evaluates_after_each_batch,
);
