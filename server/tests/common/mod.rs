//! Helpers shared by the integration tests: a fresh database on either
//! engine (a SQLite file, or a new database on the PostgreSQL server that
//! `scripts/with-postgres.sh` starts) with a small demo, the app served on
//! it over real HTTP, and requests to it.
//!
//! `both!(name)` runs the test function `name(engine)` once per engine, as
//! the tests `name::sqlite` and `name::postgres`.
// Each test file uses some of the helpers.
#![allow(dead_code)]

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use leptos::prelude::LeptosOptions;
use serde_json::Value;
use tiendo_core::Stage;
use tiendo_core::campaign::Campaign;
use tiendo_core::reports::Figures;
use tiendo_server::db::{self, Database};
use tiendo_server::demo::{self, DemoOptions};
use tiendo_server::http;
use tiendo_server::site::Site;
use tiendo_server::views::Budgets;

/// The environment variable naming the PostgreSQL server for tests.
pub const POSTGRES_ENV: &str = "TIENDO_TEST_POSTGRES_URL";

/// Figures written by tests directly through the data layer: no account, as by the CLI.
pub const DEMO_AUTHOR: tiendo_core::intake::Author = tiendo_core::intake::Author {
    account: None,
    channel: tiendo_core::intake::Channel::Cli,
};

/// Which database engine a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// A SQLite file in a temporary folder.
    Sqlite,
    /// A fresh database on the test PostgreSQL server.
    Postgres,
}

/// Runs each named `async fn name(engine: Engine)` on both engines.
macro_rules! both {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name(crate::common::Engine::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name(crate::common::Engine::Postgres).await
            }
        }
    )+};
}

/// A database for one test (its folder is removed when the guard drops).
pub struct TestDb {
    /// The open database.
    pub db: Arc<dyn Database>,
    /// Its URL, for a second connection or a `tiendo` process.
    pub url: String,
    _dir: tempfile::TempDir,
}

/// The URL of a new, empty database on `engine`.
pub async fn fresh_url(engine: Engine, dir: &std::path::Path) -> String {
    match engine {
        Engine::Sqlite => format!("sqlite://{}", dir.join("tiendo.db").display()),
        Engine::Postgres => {
            let server = std::env::var(POSTGRES_ENV).unwrap_or_else(|_| {
                panic!(
                    "{POSTGRES_ENV} is not set: run the tests with scripts/test.sh, or \
                     `scripts/with-postgres.sh cargo test …`, which start a throwaway PostgreSQL"
                )
            });
            let name = format!(
                "t{}_{}",
                std::process::id(),
                dir.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .to_lowercase()
                    .replace(['.', '-'], "_")
            );
            let admin = sqlx::PgPool::connect(&server)
                .await
                .expect("test PostgreSQL");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&admin)
                .await
                .expect("create test database");
            admin.close().await;
            let (base, _) = server.rsplit_once('/').expect("URL with a database");
            format!("{base}/{name}")
        }
    }
}

/// A migrated database with its reference units and no campaign.
pub async fn empty(engine: Engine) -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_url(engine, dir.path()).await;
    let db = db::open(&url, true).await.unwrap();
    db.migrate().await.unwrap();
    tiendo_server::seed::ensure_reference_data(db.as_ref())
        .await
        .unwrap();
    TestDb { db, url, _dir: dir }
}

/// A migrated database holding the demo for Hanoi and Da Nang up to `until`.
pub async fn small_demo(engine: Engine, until: &str) -> TestDb {
    let t = empty(engine).await;
    demo::load(
        t.db.as_ref(),
        &DemoOptions {
            seed: 2021,
            until: until.parse().unwrap(),
            provinces: Some(vec!["01".into(), "48".into()]),
        },
    )
    .await
    .unwrap();
    t
}

/// The campaign being served.
pub async fn campaign(db: &dyn Database) -> Campaign {
    db.snapshot().await.unwrap().campaign.expect("a campaign")
}

/// A unit's figures in one stage on one day, from its series.
pub async fn figures(
    db: &dyn Database,
    campaign: i64,
    code: &str,
    stage: Stage,
    day: NaiveDate,
) -> Figures {
    let series = db.series(campaign, code).await.unwrap();
    Figures::on(series.get(stage), day)
}

/// Serves the app on `t` at a free local port; returns its base URL.
pub async fn spawn(t: &TestDb) -> String {
    spawn_on(t.db.clone()).await
}

/// GET `url` as JSON: status and body.
pub async fn get(url: &str) -> (u16, Value) {
    let resp = reqwest::get(url).await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

/// POSTs `body` to `base`'s `/api/v1/reports` with `token`: the status,
/// or the error when the connection failed (a server stopped mid-request).
pub async fn post_reports(base: &str, token: &str, body: &Value) -> reqwest::Result<u16> {
    let resp = reqwest::Client::new()
        .post(format!("{base}/api/v1/reports"))
        .bearer_auth(token)
        .json(body)
        .send()
        .await?;
    Ok(resp.status().as_u16())
}

/// GET `url` as text: status and body.
pub async fn page(url: &str) -> (u16, String) {
    let resp = reqwest::get(url).await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.text().await.unwrap())
}

/// A file download: its content type, the file name it is offered under, and its bytes.
pub async fn download(url: &str) -> (String, String, Vec<u8>) {
    let resp = reqwest::get(url).await.unwrap();
    assert_eq!(resp.status(), 200, "{url}");
    let header = |name: &str| resp.headers()[name].to_str().unwrap().to_string();
    let (kind, disposition) = (header("content-type"), header("content-disposition"));
    let name = disposition
        .strip_prefix("attachment; filename=\"")
        .and_then(|n| n.strip_suffix('"'))
        .unwrap_or_else(|| panic!("not an attachment: {disposition}"))
        .to_string();
    (kind, name, resp.bytes().await.unwrap().to_vec())
}

/// A database that counts the queries made through it: to check that an
/// answer served again costs none.
pub struct Counting {
    inner: Arc<dyn Database>,
    /// Queries so far.
    pub queries: std::sync::atomic::AtomicUsize,
}

impl Counting {
    /// Counts the queries made to `inner`.
    pub fn new(inner: Arc<dyn Database>) -> Arc<Counting> {
        Arc::new(Counting {
            inner,
            queries: Default::default(),
        })
    }

    /// Queries so far.
    pub fn count(&self) -> usize {
        self.queries.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn tick(&self) -> &dyn Database {
        self.queries
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.inner.as_ref()
    }
}

#[async_trait::async_trait]
impl Database for Counting {
    fn engine(&self) -> &'static str {
        self.inner.engine()
    }
    fn feed(&self) -> &Arc<tiendo_server::feed::Feed> {
        self.inner.feed()
    }
    async fn follow_changes(&self) {
        self.inner.follow_changes().await
    }
    async fn migrate(&self) -> db::DbResult<()> {
        self.tick().migrate().await
    }
    async fn schema_current(&self) -> db::DbResult<bool> {
        self.tick().schema_current().await
    }
    async fn data_version(&self) -> db::DbResult<i64> {
        self.tick().data_version().await
    }
    async fn snapshot(&self) -> db::DbResult<db::Snapshot> {
        self.tick().snapshot().await
    }
    async fn unit_count(&self) -> db::DbResult<i64> {
        self.tick().unit_count().await
    }
    async fn insert_units(&self, units: &[tiendo_core::units::Unit]) -> db::DbResult<()> {
        self.tick().insert_units(units).await
    }
    async fn all_units(&self) -> db::DbResult<Vec<tiendo_core::units::Unit>> {
        self.tick().all_units().await
    }
    async fn set_display_names(&self, names: &[(String, String)]) -> db::DbResult<()> {
        self.tick().set_display_names(names).await
    }
    async fn unit(&self, code: &str) -> db::DbResult<tiendo_core::units::UnitRef> {
        self.tick().unit(code).await
    }
    async fn replace_milestones(
        &self,
        rows: &[tiendo_core::campaign::Milestone],
    ) -> db::DbResult<()> {
        self.tick().replace_milestones(rows).await
    }
    async fn national_milestones(
        &self,
        stage: Stage,
    ) -> db::DbResult<Vec<tiendo_core::campaign::Milestone>> {
        self.tick().national_milestones(stage).await
    }
    async fn load_campaign(&self, load: db::CampaignLoad<'_>) -> db::DbResult<i64> {
        self.tick().load_campaign(load).await
    }
    async fn record_reports(
        &self,
        campaign: i64,
        author: &tiendo_core::intake::Author,
        reports: &[tiendo_core::reports::Report],
    ) -> db::DbResult<i64> {
        self.tick().record_reports(campaign, author, reports).await
    }
    async fn recorded(
        &self,
        campaign: i64,
        keys: &[tiendo_core::intake::Wanted],
    ) -> db::DbResult<Vec<tiendo_core::intake::Recorded>> {
        self.tick().recorded(campaign, keys).await
    }
    async fn last_totals(&self, campaign: i64) -> db::DbResult<Vec<db::TotalsOn>> {
        self.tick().last_totals(campaign).await
    }
    async fn usual_maxima(
        &self,
        campaign: i64,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> db::DbResult<Vec<(Stage, Vec<(String, u64)>)>> {
        self.tick().usual_maxima(campaign, from, to).await
    }
    async fn changes(
        &self,
        campaign: i64,
        unit: &str,
        limit: u32,
    ) -> db::DbResult<Vec<tiendo_core::intake::Change>> {
        self.tick().changes(campaign, unit, limit).await
    }
    async fn idempotent_answer(
        &self,
        account: i64,
        key: &str,
    ) -> db::DbResult<Option<(String, String)>> {
        self.tick().idempotent_answer(account, key).await
    }
    async fn keep_idempotent_answer(
        &self,
        account: i64,
        key: &str,
        request: &str,
        answer: &str,
    ) -> db::DbResult<()> {
        self.tick()
            .keep_idempotent_answer(account, key, request, answer)
            .await
    }
    async fn keep_upload(&self, account: i64, file_name: &str, lines: &str) -> db::DbResult<()> {
        self.tick().keep_upload(account, file_name, lines).await
    }
    async fn upload(&self, account: i64) -> db::DbResult<Option<(String, String)>> {
        self.tick().upload(account).await
    }
    async fn drop_upload(&self, account: i64) -> db::DbResult<()> {
        self.tick().drop_upload(account).await
    }
    async fn create_account(
        &self,
        account: &tiendo_core::accounts::NewAccount,
    ) -> db::DbResult<i64> {
        self.tick().create_account(account).await
    }
    async fn account(&self, id: i64) -> db::DbResult<Option<tiendo_core::accounts::Account>> {
        self.tick().account(id).await
    }
    async fn account_by_name(
        &self,
        name: &str,
    ) -> db::DbResult<Option<(tiendo_core::accounts::Account, String)>> {
        self.tick().account_by_name(name).await
    }
    async fn accounts(&self) -> db::DbResult<Vec<tiendo_core::accounts::Account>> {
        self.tick().accounts().await
    }
    async fn set_disabled(&self, id: i64, disabled: bool) -> db::DbResult<()> {
        self.tick().set_disabled(id, disabled).await
    }
    async fn create_token(&self, account: i64, hash: &str, label: &str) -> db::DbResult<i64> {
        self.tick().create_token(account, hash, label).await
    }
    async fn token_account(
        &self,
        hash: &str,
    ) -> db::DbResult<Option<tiendo_core::accounts::Account>> {
        self.tick().token_account(hash).await
    }
    async fn tokens(&self, account: i64) -> db::DbResult<Vec<tiendo_core::accounts::Token>> {
        self.tick().tokens(account).await
    }
    async fn revoke_token(&self, account: i64, id: i64) -> db::DbResult<()> {
        self.tick().revoke_token(account, id).await
    }
    async fn load_session(&self, id: &str, now: i64) -> db::DbResult<Option<String>> {
        self.tick().load_session(id, now).await
    }
    async fn create_session(&self, id: &str, data: &str, expires_at: i64) -> db::DbResult<bool> {
        self.tick().create_session(id, data, expires_at).await
    }
    async fn save_session(&self, id: &str, data: &str, expires_at: i64) -> db::DbResult<()> {
        self.tick().save_session(id, data, expires_at).await
    }
    async fn delete_session(&self, id: &str) -> db::DbResult<()> {
        self.tick().delete_session(id).await
    }
    async fn delete_expired_sessions(&self, now: i64) -> db::DbResult<u64> {
        self.tick().delete_expired_sessions(now).await
    }
    async fn sign_in_failures(&self, keys: &[String], since: i64) -> db::DbResult<Vec<u32>> {
        self.tick().sign_in_failures(keys, since).await
    }
    async fn record_sign_in_failure(&self, keys: &[String], at: i64) -> db::DbResult<()> {
        self.tick().record_sign_in_failure(keys, at).await
    }
    async fn clear_sign_in_failures(&self, key: &str) -> db::DbResult<()> {
        self.tick().clear_sign_in_failures(key).await
    }
    async fn unit_targets(
        &self,
        campaign: i64,
        code: &str,
    ) -> db::DbResult<tiendo_core::overview::PerStage<Option<u64>>> {
        self.tick().unit_targets(campaign, code).await
    }
    async fn series(
        &self,
        campaign: i64,
        code: &str,
    ) -> db::DbResult<tiendo_core::overview::PerStage<Vec<tiendo_core::reports::DayTotal>>> {
        self.tick().series(campaign, code).await
    }
    async fn children_counts(
        &self,
        campaign: i64,
        parent: &str,
        day: NaiveDate,
    ) -> db::DbResult<Vec<tiendo_core::standings::UnitCounts>> {
        self.tick().children_counts(campaign, parent, day).await
    }
    async fn totals_on(
        &self,
        campaign: i64,
        days: &[NaiveDate],
    ) -> db::DbResult<Vec<db::TotalsOn>> {
        self.tick().totals_on(campaign, days).await
    }
    async fn all_targets(&self, campaign: i64) -> db::DbResult<Vec<(Stage, Vec<(String, u64)>)>> {
        self.tick().all_targets(campaign).await
    }
    async fn children_daily(
        &self,
        campaign: i64,
        parent: &str,
        stage: Stage,
        from: NaiveDate,
        to: NaiveDate,
    ) -> db::DbResult<std::collections::HashMap<String, Vec<(NaiveDate, u64)>>> {
        self.tick()
            .children_daily(campaign, parent, stage, from, to)
            .await
    }
    async fn communes_cumulative(
        &self,
        campaign: i64,
        stage: Stage,
        day: NaiveDate,
    ) -> db::DbResult<u64> {
        self.tick().communes_cumulative(campaign, stage, day).await
    }
    async fn silent_communes(
        &self,
        campaign: i64,
        since: NaiveDate,
        day: NaiveDate,
    ) -> db::DbResult<(u64, u64)> {
        self.tick().silent_communes(campaign, since, day).await
    }
    async fn last_reports(&self, campaign: i64) -> db::DbResult<Vec<(String, Option<NaiveDate>)>> {
        self.tick().last_reports(campaign).await
    }
    async fn days_changed(
        &self,
        campaign: i64,
        after: i64,
        upto: i64,
    ) -> db::DbResult<Vec<NaiveDate>> {
        self.tick().days_changed(campaign, after, upto).await
    }
    async fn commune_counts_on(
        &self,
        campaign: i64,
        days: &[NaiveDate],
    ) -> db::DbResult<Vec<db::TotalsOn>> {
        self.tick().commune_counts_on(campaign, days).await
    }
    async fn reporting_communes(
        &self,
        campaign: i64,
        day: NaiveDate,
    ) -> db::DbResult<Vec<(String, u64, u64)>> {
        self.tick().reporting_communes(campaign, day).await
    }
    async fn sync_alerts(
        &self,
        campaign: i64,
        day: NaiveDate,
        findings: &[tiendo_core::alerts::Finding],
        notify: bool,
    ) -> db::DbResult<db::AlertChanges> {
        self.tick()
            .sync_alerts(campaign, day, findings, notify)
            .await
    }
    async fn alerts(
        &self,
        campaign: i64,
        filter: &db::AlertFilter,
    ) -> db::DbResult<Vec<tiendo_core::alerts::Alert>> {
        self.tick().alerts(campaign, filter).await
    }
    async fn open_alerts_within(&self, campaign: i64, unit: &str) -> db::DbResult<u64> {
        self.tick().open_alerts_within(campaign, unit).await
    }
    async fn open_alerts_by_rule(
        &self,
        campaign: i64,
    ) -> db::DbResult<Vec<(tiendo_core::alerts::Rule, u64)>> {
        self.tick().open_alerts_by_rule(campaign).await
    }
    async fn acknowledge_alert(&self, id: i64, account: i64, comment: &str) -> db::DbResult<()> {
        self.tick().acknowledge_alert(id, account, comment).await
    }
    async fn claim_notifications(
        &self,
        now: i64,
        lease: i64,
        limit: i64,
    ) -> db::DbResult<Vec<db::Notification>> {
        self.tick().claim_notifications(now, lease, limit).await
    }
    async fn notification_result(
        &self,
        id: i64,
        result: Result<(), (String, Option<i64>)>,
    ) -> db::DbResult<()> {
        self.tick().notification_result(id, result).await
    }
    async fn notification_status(
        &self,
        limit: i64,
    ) -> db::DbResult<(u64, Vec<tiendo_core::alerts::DeliveryFailure>)> {
        self.tick().notification_status(limit).await
    }
    fn pool_status(&self) -> (u32, u32) {
        self.inner.pool_status()
    }
}

/// Serves the app on `db` at a free local port; returns its base URL.
pub async fn spawn_on(db: Arc<dyn Database>) -> String {
    spawn_with(db, http::Settings::default()).await
}

/// Serves the app on `db` with `settings` at a free local port; returns its base URL.
pub async fn spawn_with(db: Arc<dyn Database>, settings: http::Settings) -> String {
    spawn_site(db, settings).await.0
}

/// Serves the app on `db` with `settings` at a free local port; returns its
/// base URL and the site (its views, alerts and metrics).
pub async fn spawn_site(db: Arc<dyn Database>, settings: http::Settings) -> (String, Arc<Site>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let options = LeptosOptions::builder()
        .output_name("tiendo")
        .site_root("target/site")
        .site_addr(addr)
        .build();
    let site = Arc::new(Site::new(db, Budgets::default()));
    let app = http::app(site.clone(), options, settings);
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap()
    });
    (format!("http://{addr}"), site)
}

/// A `tiendo` process on the database at `url`, logging at info level.
pub fn tiendo(url: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tiendo"));
    cmd.arg("--database-url").arg(url).args(args);
    cmd.env("RUST_LOG", "info");
    cmd
}

/// A `tiendo serve` child, killed when dropped so a failed test leaves no server behind.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `tiendo serve` on `url` on a free port and waits until it answers; its base URL.
pub async fn serve(url: &str) -> (Running, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = tiendo(url, &["serve", "--addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    while reqwest::get(format!("{base}/healthz")).await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "server did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (Running(child), base)
}
