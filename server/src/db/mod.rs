//! The data boundary: [`Database`] names every query Tiendo runs; `sqlite/`
//! and `postgres/` implement it. Callers (views, intake, the demo, tests)
//! see domain types from the core and [`DbError`], never SQL, the driver or
//! which engine runs. [`open`] picks the engine from the URL's scheme.
//!
//! Every write increments the data version inside its own transaction and
//! tells the [`Feed`]; caches key on that version, so they learn about new
//! figures by being told rather than by asking.

mod postgres;
mod sqlite;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use tiendo_core::accounts::{Account, NewAccount, Role, Token};
use tiendo_core::alerts::{Alert, AlertState, DeliveryFailure, Finding, Rule, Severity};
use tiendo_core::campaign::{Campaign, Milestone, NewCampaign, StageGoal};
use tiendo_core::intake::{Author, Change, Channel, Recorded, Wanted, recorded_after_last};
use tiendo_core::overview::PerStage;
use tiendo_core::reports::{DayTotal, Report, TotalRow};
use tiendo_core::standings::{StageCounts, UnitCounts};
use tiendo_core::units::{Unit, UnitRef};
use tiendo_core::{Level, Stage};

use crate::feed::Feed;

/// What went wrong at the data boundary.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// A named thing does not exist.
    #[error("{0} not found")]
    NotFound(String),
    /// The write contradicts what is stored (e.g. a unique name taken).
    #[error("{0}")]
    Conflict(String),
    /// The input is wrong; `field` names what, for a 400/422.
    #[error("{field}: {message}")]
    Invalid {
        /// The field or parameter at fault.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// The database failed or could not be reached; logged, never shown.
    #[error("{0}")]
    Other(String),
}

impl DbError {
    /// An invalid-input error naming `field`.
    pub fn invalid(field: &str, message: impl Into<String>) -> DbError {
        DbError::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

impl From<sqlx::Error> for DbError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => DbError::NotFound("row".into()),
            sqlx::Error::Database(d) if d.is_unique_violation() => {
                DbError::Conflict(d.message().to_string())
            }
            _ => DbError::Other(format!("database error: {e}")),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for DbError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        DbError::Other(format!("migration failed: {e}"))
    }
}

/// Result of a data-boundary call.
pub type DbResult<T> = Result<T, DbError>;

/// Where the figures stand: the data version, the current campaign and the
/// days it has figures for. Read with the version first, so the contents are
/// never older than the version they are kept under.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// The data version this was read at (or after).
    pub version: i64,
    /// The campaign being served, if one is loaded.
    pub campaign: Option<Campaign>,
    /// First and last day with national figures.
    pub span: Option<(NaiveDate, NaiveDate)>,
}

/// A whole campaign to load at once (the demo): it replaces the current one
/// in one transaction, so a load that dies halfway leaves the old one served.
pub struct CampaignLoad<'a> {
    /// The campaign and its goals.
    pub campaign: NewCampaign,
    /// Every unit's target per stage.
    pub targets: Vec<(String, Stage, u64)>,
    /// Where the reports come from (`demo`).
    pub source: &'static str,
    /// The communes' reports, any order; by day, stage and commune (the
    /// table's key) they are appended, the fastest.
    pub reports: Box<dyn Iterator<Item = Report> + Send + 'a>,
    /// The totals of every unit above the communes, in any order: a row on
    /// every day with figures from the unit's first on (the communes' are
    /// derived from their reports).
    pub totals: Box<dyn Iterator<Item = TotalRow> + Send + 'a>,
}

/// Every unit's running total (or count) in one stage on one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TotalsOn {
    /// The day.
    pub day: NaiveDate,
    /// The stage.
    pub stage: Stage,
    /// (unit code, running total or count), by code.
    pub totals: Vec<(String, u64)>,
}

/// What an alert evaluation changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AlertChanges {
    /// Alerts opened.
    pub opened: u64,
    /// Alerts resolved.
    pub resolved: u64,
    /// The data version after.
    pub version: i64,
}

/// Which alerts to list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AlertFilter {
    /// `None`: open and acknowledged; `Some(None)`: every state.
    pub state: Option<Option<AlertState>>,
    /// Only this rule.
    pub rule: Option<Rule>,
    /// Only this severity.
    pub severity: Option<Severity>,
    /// Only within this unit (a province, or any unit: itself and below).
    pub within: Option<String>,
    /// Only alerts first found on this day.
    pub first_day: Option<NaiveDate>,
    /// Only this alert.
    pub id: Option<i64>,
    /// At most this many.
    pub limit: i64,
}

impl AlertFilter {
    /// The alert `id`, in any state.
    pub fn for_id(id: i64) -> Self {
        AlertFilter {
            state: Some(None),
            id: Some(id),
            limit: 1,
            ..AlertFilter::default()
        }
    }
}

/// A notification to send: the alert as it stands and what happened to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Notification {
    /// Row id.
    pub id: i64,
    /// `new` or `resolved`.
    pub event: String,
    /// Attempts so far.
    pub attempts: i64,
    /// The alert.
    pub alert: Alert,
}

/// Every query the server runs. Implemented for SQLite and PostgreSQL.
#[async_trait::async_trait]
pub trait Database: Send + Sync + 'static {
    /// The engine's name, for logs: `sqlite` or `postgres`.
    fn engine(&self) -> &'static str;
    /// The change feed this database tells about every write.
    fn feed(&self) -> &Arc<Feed>;
    /// Follows writes made by other processes and tells the feed: SQLite
    /// reads the version a few times a second, PostgreSQL listens. Runs
    /// until the process ends.
    async fn follow_changes(&self);

    /// Brings the schema up to date.
    async fn migrate(&self) -> DbResult<()>;
    /// Whether every migration this build knows has been applied.
    async fn schema_current(&self) -> DbResult<bool>;
    /// The data version: a counter every write increments.
    async fn data_version(&self) -> DbResult<i64>;
    /// The version, the current campaign and its days with figures.
    async fn snapshot(&self) -> DbResult<Snapshot>;

    /// Number of units stored.
    async fn unit_count(&self) -> DbResult<i64>;
    /// Inserts the administrative units (parents first) and their ancestry.
    async fn insert_units(&self, units: &[Unit]) -> DbResult<()>;
    /// Every unit, parents before children.
    async fn all_units(&self) -> DbResult<Vec<Unit>>;
    /// Stores units' shown names, `(code, display name)`.
    async fn set_display_names(&self, names: &[(String, String)]) -> DbResult<()>;
    /// A unit by code.
    async fn unit(&self, code: &str) -> DbResult<UnitRef>;

    /// Replaces the published milestones.
    async fn replace_milestones(&self, rows: &[Milestone]) -> DbResult<()>;
    /// Published national milestones of one stage, oldest first.
    async fn national_milestones(&self, stage: Stage) -> DbResult<Vec<Milestone>>;

    /// Loads a campaign with its targets and figures in one transaction,
    /// replacing the campaign of the same slug; returns the new campaign id.
    async fn load_campaign(&self, load: CampaignLoad<'_>) -> DbResult<i64>;
    /// Records commune reports, all or nothing. A report for a (commune,
    /// stage, day) already reported replaces it: the totals of the commune
    /// and every ancestor move by the difference, so nothing counts twice;
    /// each figure that changes is written to the audit log with `author`.
    /// Returns the data version after the write (unchanged if nothing changed).
    async fn record_reports(
        &self,
        campaign: i64,
        author: &Author,
        reports: &[Report],
    ) -> DbResult<i64>;
    /// What is recorded for each (commune, stage, day): the day's report,
    /// the running total, and where wanted the most reported on one day in
    /// the [`HISTORY_DAYS`](tiendo_core::intake::HISTORY_DAYS) before.
    /// Callers go through [`read_recorded`], which answers a large batch's
    /// everyday keys from [`Database::last_totals`] instead.
    async fn recorded(&self, campaign: i64, keys: &[Wanted]) -> DbResult<Vec<Recorded>>;
    /// Every unit's running total on the campaign's last day, per stage
    /// (a unit without one has no figure yet).
    async fn last_totals(&self, campaign: i64) -> DbResult<Vec<TotalsOn>>;
    /// The most each commune reported on one day in `[from, to)`, per stage
    /// (a commune without a report then is left out).
    async fn usual_maxima(
        &self,
        campaign: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> DbResult<Vec<(Stage, Vec<(String, u64)>)>>;
    /// A commune's (or its communes', for a district) latest changes, newest first.
    async fn changes(&self, campaign: i64, unit: &str, limit: u32) -> DbResult<Vec<Change>>;
    /// The answer kept for an account's idempotency key: (request hash, answer).
    async fn idempotent_answer(
        &self,
        account: i64,
        key: &str,
    ) -> DbResult<Option<(String, String)>>;
    /// Keeps the answer to an account's idempotent request.
    async fn keep_idempotent_answer(
        &self,
        account: i64,
        key: &str,
        request: &str,
        answer: &str,
    ) -> DbResult<()>;

    /// Keeps an account's uploaded file (its rows as JSON) until committed or dropped.
    async fn keep_upload(&self, account: i64, file_name: &str, lines: &str) -> DbResult<()>;
    /// An account's waiting upload: (file name, rows as JSON).
    async fn upload(&self, account: i64) -> DbResult<Option<(String, String)>>;
    /// Forgets an account's waiting upload.
    async fn drop_upload(&self, account: i64) -> DbResult<()>;

    /// Each commune's last applications report day (none: never reported).
    async fn last_reports(&self, campaign: i64) -> DbResult<Vec<(String, Option<NaiveDate>)>>;
    /// The days whose figures changed after data version `after`, up to
    /// `upto` (from the audit log: every figure written is in it).
    async fn days_changed(&self, campaign: i64, after: i64, upto: i64) -> DbResult<Vec<NaiveDate>>;
    /// Every commune's report on each of `days` (one that did not report has none), per day and stage.
    async fn commune_counts_on(&self, campaign: i64, days: &[NaiveDate])
    -> DbResult<Vec<TotalsOn>>;
    /// Per province: communes with an applications report on `day`, and all its communes.
    async fn reporting_communes(
        &self,
        campaign: i64,
        day: NaiveDate,
    ) -> DbResult<Vec<(String, u64, u64)>>;
    /// Makes the alerts match `findings` as of `day`: a new alert for each
    /// new condition, the figures and last sighting of those still there,
    /// resolved those gone; queues webhook notifications when `notify`.
    /// Moves the data version when an alert opened or resolved.
    async fn sync_alerts(
        &self,
        campaign: i64,
        day: NaiveDate,
        findings: &[Finding],
        notify: bool,
    ) -> DbResult<AlertChanges>;
    /// Alerts matching `filter`, most urgent and newest first.
    async fn alerts(&self, campaign: i64, filter: &AlertFilter) -> DbResult<Vec<Alert>>;
    /// Open and acknowledged alerts on `unit` and every unit below it.
    async fn open_alerts_within(&self, campaign: i64, unit: &str) -> DbResult<u64>;
    /// Open and acknowledged alerts per rule.
    async fn open_alerts_by_rule(&self, campaign: i64) -> DbResult<Vec<(Rule, u64)>>;
    /// Acknowledges an alert (open or already acknowledged) with a comment.
    async fn acknowledge_alert(&self, id: i64, account: i64, comment: &str) -> DbResult<()>;
    /// Claims up to `limit` notifications due at `now` for `lease` seconds.
    async fn claim_notifications(
        &self,
        now: i64,
        lease: i64,
        limit: i64,
    ) -> DbResult<Vec<Notification>>;
    /// Records a delivery: done, or failed with the next attempt (none: given up).
    async fn notification_result(
        &self,
        id: i64,
        result: Result<(), (String, Option<i64>)>,
    ) -> DbResult<()>;
    /// Notifications waiting, and the latest failed attempts (newest first).
    async fn notification_status(&self, limit: i64) -> DbResult<(u64, Vec<DeliveryFailure>)>;
    /// Connections open and of those idle.
    fn pool_status(&self) -> (u32, u32);

    /// Creates an account; a taken name is a conflict.
    async fn create_account(&self, account: &NewAccount) -> DbResult<i64>;
    /// An account by id.
    async fn account(&self, id: i64) -> DbResult<Option<Account>>;
    /// An account by name, with its password hash, to check a sign-in.
    async fn account_by_name(&self, name: &str) -> DbResult<Option<(Account, String)>>;
    /// Every account, by name.
    async fn accounts(&self) -> DbResult<Vec<Account>>;
    /// Disables or enables an account.
    async fn set_disabled(&self, id: i64, disabled: bool) -> DbResult<()>;
    /// Keeps a new API token's hash for an account; returns its id.
    async fn create_token(&self, account: i64, hash: &str, label: &str) -> DbResult<i64>;
    /// The enabled account a token (by hash) acts as, unless revoked.
    async fn token_account(&self, hash: &str) -> DbResult<Option<Account>>;
    /// An account's tokens, newest first.
    async fn tokens(&self, account: i64) -> DbResult<Vec<Token>>;
    /// Revokes an account's token.
    async fn revoke_token(&self, account: i64, id: i64) -> DbResult<()>;

    /// A session's data, unless expired at `now` (Unix seconds).
    async fn load_session(&self, id: &str, now: i64) -> DbResult<Option<String>>;
    /// Creates a session; false if the id is taken.
    async fn create_session(&self, id: &str, data: &str, expires_at: i64) -> DbResult<bool>;
    /// Saves a session.
    async fn save_session(&self, id: &str, data: &str, expires_at: i64) -> DbResult<()>;
    /// Deletes a session.
    async fn delete_session(&self, id: &str) -> DbResult<()>;
    /// Deletes the sessions expired at `now`.
    async fn delete_expired_sessions(&self, now: i64) -> DbResult<u64>;
    /// Failed sign-ins since `since` (Unix seconds), for each key.
    async fn sign_in_failures(&self, keys: &[String], since: i64) -> DbResult<Vec<u32>>;
    /// Records a failed sign-in under each key.
    async fn record_sign_in_failure(&self, keys: &[String], at: i64) -> DbResult<()>;
    /// Forgets the failures under a key (after a successful sign-in).
    async fn clear_sign_in_failures(&self, key: &str) -> DbResult<()>;

    /// A unit's target in each stage.
    async fn unit_targets(&self, campaign: i64, code: &str) -> DbResult<PerStage<Option<u64>>>;
    /// A unit's whole daily series in each stage, oldest first.
    async fn series(&self, campaign: i64, code: &str) -> DbResult<PerStage<Vec<DayTotal>>>;
    /// Cumulative counts per stage on `day`, the day before, 7 and 14 days
    /// before, with targets, of the children of `parent`, ordered by code.
    async fn children_counts(
        &self,
        campaign: i64,
        parent: &str,
        day: NaiveDate,
    ) -> DbResult<Vec<UnitCounts>>;
    /// The running totals on each of `days` of every unit with a figure on
    /// or before it (a unit before its first figure has none), per day and stage.
    async fn totals_on(&self, campaign: i64, days: &[NaiveDate]) -> DbResult<Vec<TotalsOn>>;
    /// Every unit's target, per stage.
    async fn all_targets(&self, campaign: i64) -> DbResult<Vec<(Stage, Vec<(String, u64)>)>>;
    /// Daily counts of the children of `parent` in one stage over the days
    /// after `from` up to `to`, per child code, oldest first.
    async fn children_daily(
        &self,
        campaign: i64,
        parent: &str,
        stage: Stage,
        from: NaiveDate,
        to: NaiveDate,
    ) -> DbResult<HashMap<String, Vec<(NaiveDate, u64)>>>;
    /// Sum of the communes' reported counts in one stage up to `day` (checks).
    async fn communes_cumulative(
        &self,
        campaign: i64,
        stage: Stage,
        day: NaiveDate,
    ) -> DbResult<u64>;
    /// Communes with no applications report on a day in `(since, day]`, and all communes.
    async fn silent_communes(
        &self,
        campaign: i64,
        since: NaiveDate,
        day: NaiveDate,
    ) -> DbResult<(u64, u64)>;
}

/// Opens the database at `url`: `sqlite://path` or `postgres://…`. With
/// `create`, a missing SQLite file is created; without, it is an error that
/// names the URL (so a mistyped path is not served as an empty database).
pub async fn open(url: &str, create: bool) -> DbResult<Arc<dyn Database>> {
    let shown = redact(url);
    let fail = |e: DbError| DbError::Other(format!("cannot open {shown}: {e}"));
    if url.starts_with("sqlite:") {
        Ok(Arc::new(
            sqlite::SqliteDb::open(url, create).await.map_err(fail)?,
        ))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(postgres::PgDb::open(url).await.map_err(fail)?))
    } else {
        Err(DbError::invalid(
            "database-url",
            format!("unknown scheme in '{shown}' (use sqlite://FILE or postgres://…)"),
        ))
    }
}

/// `url` with any password replaced by `***`, for messages and logs.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

// ---- shared SQL --------------------------------------------------------
// Both engines run these texts as they are ($n parameters, standard SQL);
// each backend binds and fetches them with its own driver types.

/// Units, parents before children.
const ALL_UNITS: &str = "SELECT code, level, name, display_name, full_name, kind, slug, parent_code, region, population, weight
     FROM units
     ORDER BY CASE level WHEN 'nation' THEN 0 WHEN 'province' THEN 1 WHEN 'district' THEN 2 ELSE 3 END, code";
const UNIT: &str = "SELECT code, name, display_name, level, parent_code FROM units WHERE code = $1";
const SET_DISPLAY_NAME: &str = "UPDATE units SET display_name = $2 WHERE code = $1";
const UNIT_COUNT: &str = "SELECT COUNT(*) FROM units";
/// Every unit's ancestry, itself included: what report deltas are added to.
const FILL_ANCESTORS: &str = "WITH RECURSIVE up (unit_code, ancestor_code) AS (
         SELECT code, code FROM units
         UNION ALL
         SELECT up.unit_code, u.parent_code FROM up JOIN units u ON u.code = up.ancestor_code
         WHERE u.parent_code IS NOT NULL)
     INSERT INTO unit_ancestors (unit_code, ancestor_code)
     SELECT unit_code, ancestor_code FROM up";
const VERSION: &str = "SELECT version FROM data_version";
/// Takes the write lock (PostgreSQL) and reads the version.
const BUMP_VERSION: &str = "UPDATE data_version SET version = version + 1 RETURNING version";
const CURRENT_CAMPAIGN: &str = "SELECT id, slug, name, start_date, simulated, updated_at
     FROM campaigns WHERE complete ORDER BY id DESC LIMIT 1";
const CAMPAIGN_STAGES: &str =
    "SELECT stage, target, deadline FROM campaign_stages WHERE campaign_id = $1";
const DATA_SPAN: &str = "SELECT MIN(day), MAX(day) FROM campaign_days WHERE campaign_id = $1";
/// A unit's running total on or before a day (`K_UNIT`, `K_STAGE`,
/// `K_DAY`; 0 before its first figure): its row on the campaign's last day
/// with figures on or before that day, as totals are dense (migration 0011).
const TOTAL_ON_OR_BEFORE: &str = "COALESCE((SELECT t.cumulative FROM daily_totals t
     WHERE t.campaign_id = $1
       AND t.day = (SELECT MAX(c.day) FROM campaign_days c WHERE c.campaign_id = $1 AND c.day <= K_DAY)
       AND t.stage = K_STAGE AND t.unit_code = K_UNIT), 0)";
/// The campaign's last day with figures.
const LAST_DAY: &str = "(SELECT MAX(c.day) FROM campaign_days c WHERE c.campaign_id = $1)";

/// `sql` with its `LAST_DAY` placeholder filled in.
fn with_last_day(sql: &str) -> String {
    sql.replace("LAST_DAY", LAST_DAY)
}
/// Every day with figures, oldest first.
const CAMPAIGN_DAYS: &str = "SELECT day FROM campaign_days WHERE campaign_id = $1 ORDER BY day";
const TOUCH_CAMPAIGN: &str = "UPDATE campaigns SET updated_at = $1 WHERE id = $2";
const INSERT_CAMPAIGN: &str = "INSERT INTO campaigns (slug, name, start_date, simulated, complete)
     VALUES ($1, $2, $3, $4, TRUE) RETURNING id";
const INSERT_STAGE: &str =
    "INSERT INTO campaign_stages (campaign_id, stage, target, deadline) VALUES ($1, $2, $3, $4)";
/// Moves a campaign aside so a new one can take its slug in the same transaction.
const RETIRE_CAMPAIGN: &str =
    "UPDATE campaigns SET slug = slug || '~' || CAST(id AS TEXT), complete = FALSE WHERE slug = $1";
/// Deletes a campaign's rows ($1: its id), children first.
const DELETE_CAMPAIGN_ROWS: [&str; 8] = [
    "DELETE FROM alert_notifications WHERE alert_id IN (SELECT id FROM alerts WHERE campaign_id = $1)",
    "DELETE FROM alerts WHERE campaign_id = $1",
    "DELETE FROM audit_log WHERE campaign_id = $1",
    "DELETE FROM daily_totals WHERE campaign_id = $1",
    "DELETE FROM campaign_days WHERE campaign_id = $1",
    "DELETE FROM reports WHERE campaign_id = $1",
    "DELETE FROM targets WHERE campaign_id = $1",
    "DELETE FROM campaign_stages WHERE campaign_id = $1",
];
/// Campaigns that are not served any more: replaced, or left half-loaded.
const STALE_CAMPAIGNS: &str = "SELECT id FROM campaigns WHERE NOT complete";
/// A loaded campaign's days ($1): every day with a report or a total.
const DERIVE_CAMPAIGN_DAYS: &str = "INSERT INTO campaign_days (campaign_id, day)
     SELECT $1, day FROM REPORTS WHERE campaign_id = $1 UNION SELECT $1, day FROM load_totals";
const DELETE_MILESTONES: &str = "DELETE FROM milestones";
const INSERT_MILESTONE: &str =
    "INSERT INTO milestones (day, scope, stage, value, precision, source)
     VALUES ($1, $2, $3, $4, $5, $6)";
const NATIONAL_MILESTONES: &str =
    "SELECT day, scope, stage, value, precision, source FROM milestones
     WHERE scope = 'national' AND stage = $1 AND value IS NOT NULL ORDER BY day";
const UNIT_TARGETS: &str =
    "SELECT stage, target FROM targets WHERE campaign_id = $1 AND unit_code = $2";
/// A unit's rows, a probe per campaign day and stage in the day-major key.
/// `CROSS JOIN` makes SQLite go from the days to the totals, as in every
/// query of a unit's days below; left free, it scanned the campaign's
/// totals (PostgreSQL plans it as any join).
const SERIES: &str = "SELECT d.stage, d.day, d.count, d.cumulative
     FROM campaign_days c CROSS JOIN daily_totals d
     WHERE c.campaign_id = $1 AND d.campaign_id = $1 AND d.day = c.day
       AND d.stage IN ('applications', 'delivered', 'produced') AND d.unit_code = $2
     ORDER BY d.stage, d.day";
/// The children's rows, a probe per child and day. (With the children as
/// `IN (…)`, SQLite read every row of the days instead.)
const CHILDREN_DAILY: &str = "SELECT d.unit_code, d.day, d.count
     FROM units u CROSS JOIN campaign_days c CROSS JOIN daily_totals d
     WHERE u.parent_code = $5 AND c.campaign_id = $1 AND c.day > $3 AND c.day <= $4
       AND d.campaign_id = $1 AND d.day = c.day AND d.stage = $2 AND d.unit_code = u.code
     ORDER BY d.unit_code, d.day";
const COMMUNES_CUMULATIVE: &str = "SELECT CAST(SUM(count) AS BIGINT) FROM reports WHERE campaign_id = $1 AND stage = $2 AND day <= $3";
/// Communes without an applications report in a span of days, and all
/// communes: the communes less those in the span's reports (keyed by day).
const SILENT_COMMUNES: &str =
    "SELECT n.communes - (SELECT COUNT(DISTINCT r.unit_code) FROM reports r
            WHERE r.campaign_id = $1 AND r.day > $2 AND r.day <= $3 AND r.stage = 'applications'),
        n.communes
     FROM (SELECT COUNT(*) AS communes FROM units WHERE level = 'commune') n";

/// Cumulative counts on four days of the children of `$6`: each the row
/// on the campaign's last day on or before it (none before a unit's first
/// figure).
fn children_counts_sql() -> String {
    let on = |param: &str| key_sql(TOTAL_ON_OR_BEFORE, "u.code", "s.stage", param, "");
    format!(
        "SELECT u.code, u.name, u.display_name, u.level, u.parent_code, u.region, s.stage, t.target, {}, {}, {}, {}
         FROM units u
         CROSS JOIN campaign_stages s
         LEFT JOIN targets t ON t.campaign_id = $1 AND t.unit_code = u.code AND t.stage = s.stage
         WHERE s.campaign_id = $1 AND u.parent_code = $6
         ORDER BY u.code",
        on("$2"),
        on("$3"),
        on("$4"),
        on("$5"),
    )
}

/// `code total,code total,…` as the engines aggregate one day's totals
/// (one text per day and stage, not one row per unit: SQLite's driver
/// spends microseconds on each row, ten times what reading the index costs).
fn parse_totals(text: &str) -> DbResult<Vec<(String, u64)>> {
    text.split(',')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (code, total) = pair
                .split_once(' ')
                .ok_or_else(|| DbError::Other(format!("malformed total '{pair}'")))?;
            let total = total
                .parse()
                .map_err(|_| DbError::Other(format!("malformed total '{pair}'")))?;
            Ok((code.to_string(), total))
        })
        .collect()
}

fn totals_on_of(rows: Vec<(NaiveDate, String, String)>) -> DbResult<Vec<TotalsOn>> {
    rows.into_iter()
        .map(|(day, stage, text)| {
            Ok(TotalsOn {
                day,
                stage: stage_of(&stage)?,
                totals: parse_totals(&text)?,
            })
        })
        .collect()
}

/// One text per stage (targets, maxima) as lists of `(unit code, value)`.
fn stage_lists_of(rows: Vec<(String, String)>) -> DbResult<Vec<(Stage, Vec<(String, u64)>)>> {
    rows.into_iter()
        .map(|(stage, text)| Ok((stage_of(&stage)?, parse_totals(&text)?)))
        .collect()
}

/// From this many keys on, [`read_recorded`] reads every unit's last
/// running total at once (about 20 ms for the nation's 34,000) rather than
/// look each key up (2 µs a key on SQLite, 7 on PostgreSQL).
const BULK_RECORDED_KEYS: usize = 2_000;

/// What is recorded for each key, as [`Database::recorded`] answers. A
/// large batch (a national day) is mostly days after each commune's last:
/// those are answered from the totals of the campaign's last day, read
/// whole ([`recorded_after_last`]), with the histories many keys of one day
/// want read in one pass ([`Database::usual_maxima`]); only the others are
/// looked up.
pub async fn read_recorded(
    db: &dyn Database,
    campaign: i64,
    keys: &[Wanted],
) -> DbResult<Vec<Recorded>> {
    if keys.len() < BULK_RECORDED_KEYS {
        return db.recorded(campaign, keys).await;
    }
    let lists = db.last_totals(campaign).await?;
    let last: HashMap<(&str, Stage), (NaiveDate, u64)> = lists
        .iter()
        .flat_map(|l| {
            l.totals
                .iter()
                .map(move |(code, total)| ((code.as_str(), l.stage), (l.day, *total)))
        })
        .collect();
    // A day of large counts wants every commune's history: one pass over
    // the window's reports instead of a probe per key and day (28 each).
    let mut wanting: HashMap<NaiveDate, usize> = HashMap::new();
    for wanted in keys.iter().filter(|w| w.history) {
        *wanting.entry(wanted.key.2).or_default() += 1;
    }
    let mut histories = Vec::new();
    for (day, n) in wanting {
        if n >= BULK_RECORDED_KEYS {
            let from = day - chrono::Duration::days(tiendo_core::intake::HISTORY_DAYS);
            histories.push((day, db.usual_maxima(campaign, from, day).await?));
        }
    }
    let most: HashMap<(NaiveDate, &str, Stage), u64> = histories
        .iter()
        .flat_map(|(day, lists)| {
            lists.iter().flat_map(move |(stage, list)| {
                list.iter()
                    .map(move |(code, m)| ((*day, code.as_str(), *stage), *m))
            })
        })
        .collect();
    let mut out = Vec::with_capacity(keys.len());
    let (mut rest, mut rest_at) = (Vec::new(), Vec::new());
    for (i, wanted) in keys.iter().enumerate() {
        let (code, stage, day) = (wanted.key.0.as_str(), wanted.key.1, wanted.key.2);
        let history = histories
            .iter()
            .any(|(d, _)| *d == day)
            .then(|| most.get(&(day, code, stage)).copied());
        match recorded_after_last(wanted, last.get(&(code, stage)).copied(), history) {
            Some(recorded) => out.push(recorded),
            None => {
                out.push(Recorded::default());
                rest.push(wanted.clone());
                rest_at.push(i);
            }
        }
    }
    if !rest.is_empty() {
        for (i, recorded) in rest_at.into_iter().zip(db.recorded(campaign, &rest).await?) {
            out[i] = recorded;
        }
    }
    Ok(out)
}

/// The four days a standing reads: the day, the day before, 7 and 14 days before.
pub fn standing_days(day: NaiveDate) -> [NaiveDate; 4] {
    [0, 1, 7, 14].map(|n| day - chrono::Duration::days(n))
}

// Recording reports: the batch goes into a temporary table `incoming`, then
// these statements turn it into deltas per unit and day and apply them.
// `reports` is clustered by day (migration 0008): a new day's reports are
// appended together instead of touching a page per commune and stage.

/// Refuses a batch with a unit that is not a commune.
const FIRST_NON_COMMUNE: &str = "SELECT i.unit_code, u.level FROM incoming i
     LEFT JOIN units u ON u.code = i.unit_code
     WHERE u.level IS NULL OR u.level <> 'commune' LIMIT 1";
/// The recorded count of each incoming figure, read once inside the write
/// transaction: the deltas, the audit log and the upsert all compare with it.
/// A figure after the campaign's last day has none: for a new day, no
/// report is looked up.
const READ_OLD_COUNTS: &str = "UPDATE incoming SET old = (SELECT r.count FROM reports r
     WHERE r.campaign_id = $1 AND r.day = incoming.day
       AND r.stage = incoming.stage AND r.unit_code = incoming.unit_code)
     WHERE incoming.day <= LAST_DAY";
/// How each changed report moves its commune's figures. A first report
/// makes a delta even when it is zero: the commune's rows start that day.
const COMMUNE_DELTAS: &str = "INSERT INTO deltas (unit_code, stage, day, delta)
     SELECT unit_code, stage, day, count - COALESCE(old, 0) FROM incoming
     WHERE old IS NULL OR old <> count";
/// One level up ($1: the children's level): a parent moves by the sum of
/// its children's deltas. Run for communes, districts, then provinces: each
/// level's parent is the level above (the seed's tree).
const PARENT_DELTAS: &str = "INSERT INTO deltas (unit_code, stage, day, delta)
     SELECT u.parent_code, d.stage, d.day, SUM(d.delta)
     FROM deltas d JOIN units u ON u.code = d.unit_code
     WHERE u.level = $1
     GROUP BY u.parent_code, d.stage, d.day
     HAVING SUM(d.delta) <> 0";
/// The levels whose deltas roll up, bottom first.
const ROLLUP_LEVELS: [&str; 3] = ["commune", "district", "province"];
/// Every figure the batch changes, with who changed it and how.
/// Each row carries the version the batch will commit at (the one after the
/// current: the transaction holds the write lock, and bumps it last).
const AUDIT_CHANGES: &str = "INSERT INTO audit_log
         (campaign_id, unit_code, stage, day, old_count, new_count, account_id, channel, at, version)
     SELECT $1, unit_code, stage, day, old, count, $2, $3, $4,
            (SELECT version + 1 FROM data_version) FROM incoming
     WHERE old IS NULL OR old <> count";
/// New reports: a figure without a recorded count has no row to conflict
/// with (a plain insert: PostgreSQL's upsert costs 1.6 times as much a row).
const INSERT_NEW_REPORTS: &str =
    "INSERT INTO reports (campaign_id, unit_code, stage, day, count, source, received_at)
     SELECT $1, unit_code, stage, day, count, $2, $3 FROM incoming WHERE old IS NULL";
/// Corrected reports (a re-sent figure equal to the stored one is no change).
const CORRECT_REPORTS: &str =
    "INSERT INTO reports (campaign_id, unit_code, stage, day, count, source, received_at)
     SELECT $1, unit_code, stage, day, count, $2, $3 FROM incoming
     WHERE old IS NOT NULL AND old <> count
     ON CONFLICT (campaign_id, day, stage, unit_code)
     DO UPDATE SET count = excluded.count, source = excluded.source, received_at = excluded.received_at";
const INSERT_CAMPAIGN_DAY: &str = "INSERT INTO campaign_days (campaign_id, day) VALUES ($1, $2)";
/// A new day after every other ($2, the campaign day before it $3), in two
/// statements: each unit's row of the day before moved by its delta (read
/// in the key's order, so appended in it), then a row for each delta of a
/// unit without one (its first figure; in the everyday batch, none). The
/// everyday batch: nothing else moves. `deltas` are the batch's; a SQLite
/// load passes its reports instead ([`LOADED_REPORTS`]), a day at a time.
/// Two statements, not a `UNION ALL`: that one sorted the day's rows again.
const APPEND_DAY: [&str; 2] = [
    "INSERT INTO daily_totals (campaign_id, unit_code, stage, day, count, cumulative)
     SELECT $1, p.unit_code, p.stage, $2, COALESCE(d.delta, 0), p.cumulative + COALESCE(d.delta, 0)
     FROM daily_totals p
     LEFT JOIN DELTAS d ON d.day = $2 AND d.stage = p.stage AND d.unit_code = p.unit_code
     WHERE p.campaign_id = $1 AND p.day = $3",
    "INSERT INTO daily_totals (campaign_id, unit_code, stage, day, count, cumulative)
     SELECT $1, d.unit_code, d.stage, $2, d.delta, d.delta FROM DELTAS d
     WHERE d.day = $2 AND NOT EXISTS (SELECT 1 FROM daily_totals p
         WHERE p.campaign_id = $1 AND p.day = $3 AND p.stage = d.stage AND p.unit_code = d.unit_code)
     ORDER BY d.stage, d.unit_code",
];
/// The reports of a campaign being loaded as the deltas of [`APPEND_DAY`].
const LOADED_REPORTS: &str =
    "(SELECT unit_code, stage, day, count AS delta FROM reports WHERE campaign_id = $1)";
/// A new day among the others ($2, the day before it $3): the rows of the
/// day before carried as they are; [`APPLY_DELTAS`] then moves them.
const CARRY_DAY: &str =
    "INSERT INTO daily_totals (campaign_id, unit_code, stage, day, count, cumulative)
     SELECT $1, unit_code, stage, $2, 0, cumulative FROM daily_totals
     WHERE campaign_id = $1 AND day = $3";
/// Moves each day's count by its delta and every running total from a
/// unit's first changed day on by the deltas up to it, on every campaign
/// day: one statement for all units, a probe per unit and day into the key.
/// A unit without a row on one of those days gets one: the day is before
/// its first figure (totals are dense from it on), so the deltas are all.
/// An upsert, not an `UPDATE … FROM`: SQLite read the whole table for that.
const APPLY_DELTAS: &str =
    "INSERT INTO daily_totals (campaign_id, unit_code, stage, day, count, cumulative)
     SELECT $1, g.unit_code, g.stage, c.day,
            COALESCE(SUM(CASE WHEN d.day = c.day THEN d.delta END), 0), SUM(d.delta)
     FROM (SELECT unit_code, stage, MIN(day) AS first_day FROM deltas
           GROUP BY unit_code, stage) g
     CROSS JOIN campaign_days c
     JOIN deltas d ON d.unit_code = g.unit_code AND d.stage = g.stage AND d.day <= c.day
     WHERE c.campaign_id = $1 AND c.day >= g.first_day
     GROUP BY c.day, g.stage, g.unit_code
     ON CONFLICT (campaign_id, day, stage, unit_code) DO UPDATE SET
       count = daily_totals.count + excluded.count,
       cumulative = daily_totals.cumulative + excluded.cumulative";

/// What is recorded for one key: `K_UNIT` commune, `K_STAGE` stage, `K_DAY`
/// day, `K_FROM` the first day of its history window (the day itself: none,
/// not read). Answers `count cumulative max` with -1 for none, one text per
/// key (see [`parse_recorded`]): the day's report, the running total on the
/// campaign day on or before it, the most reported on one day of the window.
const RECORDED_FIELDS: &str = "COALESCE((SELECT r.count FROM reports r WHERE r.campaign_id = $1
         AND r.day = K_DAY AND r.stage = K_STAGE AND r.unit_code = K_UNIT), -1)
     || ' ' || TOTAL_ON_OR_BEFORE
     || ' ' || COALESCE(CASE WHEN K_FROM < K_DAY THEN (SELECT MAX(r.count)
         FROM campaign_days c CROSS JOIN reports r
         WHERE c.campaign_id = $1 AND c.day >= K_FROM AND c.day < K_DAY
           AND r.campaign_id = $1 AND r.day = c.day AND r.stage = K_STAGE AND r.unit_code = K_UNIT) END, -1)";

/// A per-key template over one engine's expressions of a key's unit,
/// stage, day and window start.
fn key_sql(template: &str, unit: &str, stage: &str, day: &str, from: &str) -> String {
    template
        .replace("TOTAL_ON_OR_BEFORE", TOTAL_ON_OR_BEFORE)
        .replace("K_UNIT", unit)
        .replace("K_STAGE", stage)
        .replace("K_DAY", day)
        .replace("K_FROM", from)
}

/// For each of `days`, the campaign's day with figures on or before it
/// (from `campaign_days`, oldest first): where its running totals are.
fn on_or_before(campaign_days: &[NaiveDate], days: &[NaiveDate]) -> Vec<Option<NaiveDate>> {
    days.iter()
        .map(|d| {
            let after = campaign_days.partition_point(|c| c <= d);
            after.checked_sub(1).map(|i| campaign_days[i])
        })
        .collect()
}

/// The lists read on the campaign days `on` (see [`on_or_before`]),
/// labelled with the days asked for; a list wanted twice is copied.
fn relabel(asked: &[NaiveDate], on: &[Option<NaiveDate>], lists: Vec<TotalsOn>) -> Vec<TotalsOn> {
    let mut lists: Vec<Option<TotalsOn>> = lists.into_iter().map(Some).collect();
    let mut out = Vec::new();
    for (i, (day, stored)) in asked.iter().zip(on).enumerate() {
        let Some(stored) = stored else { continue };
        let wanted_later = on[i + 1..].contains(&Some(*stored));
        for slot in lists.iter_mut() {
            if slot.as_ref().is_some_and(|l| l.day == *stored) {
                let list = if wanted_later {
                    slot.clone()
                } else {
                    slot.take()
                };
                if let Some(list) = list {
                    out.push(TotalsOn { day: *day, ..list });
                }
            }
        }
    }
    out
}

/// Every unit's running total on the campaign's last day, as one text per
/// stage ([`Database::last_totals`]); `AGG` is the engine's text aggregate.
const LAST_TOTALS_LISTS: &str = "SELECT day, stage, AGG(unit_code || ' ' || cumulative, ',')
     FROM daily_totals WHERE campaign_id = $1 AND day = LAST_DAY GROUP BY day, stage";

/// The most each commune reported on one day of a window, one text per
/// stage (`AGG`: the engine's text aggregate): a range of the reports' key.
const USUAL_MAXIMA: &str = "SELECT stage, AGG(unit_code || ' ' || most, ',') FROM (
         SELECT stage, unit_code, MAX(count) AS most FROM reports
         WHERE campaign_id = $1 AND day >= $2 AND day < $3 GROUP BY stage, unit_code) m
     GROUP BY stage";

/// The corrections of a unit or its children, newest first (a first report
/// is no correction; the log keeps it, unindexed by unit: migration 0009).
const CHANGES: &str =
    "SELECT c.unit_code, c.stage, c.day, c.old_count, c.new_count, a.name, c.channel, c.at
     FROM audit_log c LEFT JOIN accounts a ON a.id = c.account_id
     WHERE c.campaign_id = $1 AND c.old_count IS NOT NULL
       AND (c.unit_code = $2 OR c.unit_code IN (SELECT code FROM units WHERE parent_code = $2))
     ORDER BY c.id DESC LIMIT $3";
const IDEMPOTENT_ANSWER: &str =
    "SELECT request, response FROM idempotency_keys WHERE account_id = $1 AND key = $2";
const KEEP_IDEMPOTENT_ANSWER: &str =
    "INSERT INTO idempotency_keys (account_id, key, request, response, created_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (account_id, key) DO NOTHING";
const KEEP_UPLOAD: &str = "INSERT INTO pending_uploads (account_id, file_name, lines, created_at)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (account_id) DO UPDATE SET file_name = excluded.file_name,
         lines = excluded.lines, created_at = excluded.created_at";
const UPLOAD: &str = "SELECT file_name, lines FROM pending_uploads WHERE account_id = $1";
const DROP_UPLOAD: &str = "DELETE FROM pending_uploads WHERE account_id = $1";
const ACCOUNT_COLUMNS: &str = "id, name, role, unit_code, disabled, created_at";
const INSERT_ACCOUNT: &str =
    "INSERT INTO accounts (name, password_hash, role, unit_code, created_at)
     VALUES ($1, $2, $3, $4, $5) RETURNING id";
const SET_DISABLED: &str = "UPDATE accounts SET disabled = $2 WHERE id = $1";
const INSERT_TOKEN: &str = "INSERT INTO api_tokens (account_id, hash, label, created_at) VALUES ($1, $2, $3, $4) RETURNING id";
const TOKEN_ACCOUNT: &str = "SELECT a.id, a.name, a.role, a.unit_code, a.disabled, a.created_at
     FROM api_tokens t JOIN accounts a ON a.id = t.account_id
     WHERE t.hash = $1 AND t.revoked_at IS NULL AND NOT a.disabled";
const TOKENS: &str = "SELECT id, account_id, label, created_at, revoked_at FROM api_tokens
     WHERE account_id = $1 ORDER BY id DESC";
const REVOKE_TOKEN: &str = "UPDATE api_tokens SET revoked_at = $3 WHERE id = $2 AND account_id = $1 AND revoked_at IS NULL";
const LOAD_SESSION: &str = "SELECT data FROM sessions WHERE id = $1 AND expires_at > $2";
const CREATE_SESSION: &str = "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3)
     ON CONFLICT (id) DO NOTHING";
const SAVE_SESSION: &str = "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at";
const DELETE_SESSION: &str = "DELETE FROM sessions WHERE id = $1";
const DELETE_EXPIRED_SESSIONS: &str = "DELETE FROM sessions WHERE expires_at <= $1";
const COUNT_FAILURES: &str = "SELECT COUNT(*) FROM sign_in_failures WHERE key = $1 AND at >= $2";
const INSERT_FAILURE: &str = "INSERT INTO sign_in_failures (key, at) VALUES ($1, $2)";
const CLEAR_FAILURES: &str = "DELETE FROM sign_in_failures WHERE key = $1";

/// Each commune's last applications report, for the communes with an
/// applications target (those the campaign expects reports from). One
/// without a row in the totals on the campaign's last day never reported;
/// the others are found going back over the campaign's days, a probe each
/// into the reports (keyed by day): one for a commune that reported on the
/// last day.
const LAST_REPORTS: &str = "SELECT u.code, CASE WHEN EXISTS (SELECT 1 FROM daily_totals l
             WHERE l.campaign_id = $1 AND l.day = LAST_DAY AND l.stage = 'applications'
               AND l.unit_code = u.code)
         THEN (SELECT c.day FROM campaign_days c WHERE c.campaign_id = $1
                 AND EXISTS (SELECT 1 FROM reports r WHERE r.campaign_id = $1 AND r.day = c.day
                               AND r.stage = 'applications' AND r.unit_code = u.code)
               ORDER BY c.day DESC LIMIT 1) END
     FROM units u
     JOIN targets t ON t.campaign_id = $1 AND t.unit_code = u.code AND t.stage = 'applications'
     WHERE u.level = 'commune' ORDER BY u.code";
/// The days of the changes written after one version, up to another.
const DAYS_CHANGED: &str = "SELECT DISTINCT day FROM audit_log
     WHERE campaign_id = $1 AND version > $2 AND version <= $3";
/// Communes reporting applications on a day, and all communes, per province.
const REPORTING_COMMUNES: &str = "SELECT a.ancestor_code,
         SUM(CASE WHEN EXISTS (SELECT 1 FROM reports r WHERE r.campaign_id = $1
             AND r.unit_code = u.code AND r.stage = 'applications' AND r.day = $2) THEN 1 ELSE 0 END),
         COUNT(*)
     FROM units u
     JOIN targets t ON t.campaign_id = $1 AND t.unit_code = u.code AND t.stage = 'applications'
     JOIN unit_ancestors a ON a.unit_code = u.code
     JOIN units p ON p.code = a.ancestor_code AND p.level = 'province'
     WHERE u.level = 'commune'
     GROUP BY a.ancestor_code ORDER BY a.ancestor_code";
/// Alerts with their unit's name and province.
const ALERT_COLUMNS: &str = "a.id, a.unit_code, u.display_name,
     (SELECT p.code FROM unit_ancestors x JOIN units p ON p.code = x.ancestor_code
      WHERE x.unit_code = a.unit_code AND p.level = 'province'),
     a.rule, a.severity, a.state, a.first_seen, a.last_seen, a.figures,
     (SELECT n.name FROM accounts n WHERE n.id = a.acknowledged_by), a.comment, a.resolved_at";
const FROM_ALERTS: &str = "FROM alerts a JOIN units u ON u.code = a.unit_code";
/// Still there: new figures and sighting.
const REFRESH_ALERTS: &str = "UPDATE alerts SET severity = f.severity, figures = f.figures,
         last_day = $2, last_seen = $3
     FROM found f
     WHERE alerts.campaign_id = $1 AND alerts.unit_code = f.unit_code
       AND alerts.rule = f.rule AND alerts.state <> 'resolved'";
/// New conditions: new alerts.
const OPEN_ALERTS: &str = "INSERT INTO alerts
         (campaign_id, unit_code, rule, severity, state, first_day, last_day, first_seen, last_seen, figures)
     SELECT $1, f.unit_code, f.rule, f.severity, 'open', $2, $2, $3, $3, f.figures FROM found f
     WHERE NOT EXISTS (SELECT 1 FROM alerts a WHERE a.campaign_id = $1 AND a.unit_code = f.unit_code
                         AND a.rule = f.rule AND a.state <> 'resolved')
     RETURNING id";
/// Cleared conditions: resolved by themselves.
const RESOLVE_ALERTS: &str = "UPDATE alerts SET state = 'resolved', resolved_at = $2
     WHERE campaign_id = $1 AND state <> 'resolved'
       AND NOT EXISTS (SELECT 1 FROM found f WHERE f.unit_code = alerts.unit_code AND f.rule = alerts.rule)
     RETURNING id";
const QUEUE_NOTIFICATION: &str =
    "INSERT INTO alert_notifications (alert_id, event, created_at, next_attempt_at)
     VALUES ($1, $2, $3, $4)";
const ACKNOWLEDGE: &str = "UPDATE alerts SET state = 'acknowledged', acknowledged_by = $2,
         acknowledged_at = $3, comment = $4
     WHERE id = $1 AND state <> 'resolved'";
const OPEN_WITHIN: &str = "SELECT COUNT(*) FROM alerts a
     JOIN unit_ancestors x ON x.unit_code = a.unit_code
     WHERE a.campaign_id = $1 AND a.state <> 'resolved' AND x.ancestor_code = $2";
const OPEN_BY_RULE: &str = "SELECT rule, COUNT(*) FROM alerts
     WHERE campaign_id = $1 AND state <> 'resolved' GROUP BY rule";
/// Due notifications, claimed for a while so that one worker sends each.
/// Claims due notifications for one worker. The conditions stand again
/// outside the subquery: PostgreSQL re-checks only those on a row another
/// server claimed meanwhile, so it is then left out instead of sent twice.
const CLAIM_NOTIFICATIONS: &str = "UPDATE alert_notifications SET claimed_until = $2
     WHERE id IN (SELECT id FROM alert_notifications
                  WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1
                    AND (claimed_until IS NULL OR claimed_until < $1)
                  ORDER BY id LIMIT $3)
       AND delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1
       AND (claimed_until IS NULL OR claimed_until < $1)
     RETURNING id, alert_id, event, attempts";
const NOTIFICATION_DELIVERED: &str = "UPDATE alert_notifications SET delivered_at = $2, attempts = attempts + 1, claimed_until = NULL WHERE id = $1";
const NOTIFICATION_FAILED: &str =
    "UPDATE alert_notifications SET attempts = attempts + 1, last_error = $2,
         next_attempt_at = COALESCE($3, next_attempt_at), claimed_until = NULL,
         failed_at = CASE WHEN $3 IS NULL THEN $4 ELSE NULL END
     WHERE id = $1";
const NOTIFICATIONS_PENDING: &str =
    "SELECT COUNT(*) FROM alert_notifications WHERE delivered_at IS NULL AND failed_at IS NULL";
const DELIVERY_FAILURES: &str =
    "SELECT id, alert_id, event, attempts, last_error, failed_at IS NOT NULL
     FROM alert_notifications WHERE last_error IS NOT NULL AND delivered_at IS NULL
     ORDER BY id DESC LIMIT $1";

/// The `WHERE` of an alert listing and its text parameters from `$2` on.
fn alert_filter_sql(filter: &AlertFilter) -> (String, Vec<String>) {
    let mut clauses = vec!["a.campaign_id = $1".to_string()];
    let mut params: Vec<String> = Vec::new();
    let mut param = |clauses: &mut Vec<String>, sql: &str, value: String| {
        params.push(value);
        clauses.push(sql.replace('?', &format!("${}", params.len() + 1)));
    };
    match filter.state {
        None => clauses.push("a.state <> 'resolved'".into()),
        Some(None) => {}
        Some(Some(s)) => param(&mut clauses, "a.state = ?", s.slug().into()),
    }
    if let Some(r) = filter.rule {
        param(&mut clauses, "a.rule = ?", r.slug().into());
    }
    if let Some(s) = filter.severity {
        param(&mut clauses, "a.severity = ?", s.slug().into());
    }
    if let Some(u) = &filter.within {
        param(
            &mut clauses,
            "a.unit_code IN (SELECT unit_code FROM unit_ancestors WHERE ancestor_code = ?)",
            u.clone(),
        );
    }
    if let Some(id) = filter.id {
        // Ids are numbers: inlined, as the other parameters are all text.
        clauses.push(format!("a.id = {id}"));
    }
    if let Some(d) = filter.first_day {
        // Dates compare as YYYY-MM-DD text on both engines.
        param(&mut clauses, "CAST(a.first_day AS TEXT) = ?", d.to_string());
    }
    (clauses.join(" AND "), params)
}

/// The listing's full SQL.
fn alerts_sql(filter: &AlertFilter) -> (String, Vec<String>) {
    let (filter_sql, params) = alert_filter_sql(filter);
    (
        format!(
            "SELECT {ALERT_COLUMNS} {FROM_ALERTS} WHERE {filter_sql}
             ORDER BY a.state = 'resolved', a.severity = 'warning', a.last_seen DESC, a.id DESC
             LIMIT {}",
            filter.limit.max(1)
        ),
        params,
    )
}

type AlertTuple = (
    i64,
    String,
    String,
    Option<String>,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn alert_of(r: AlertTuple) -> DbResult<Alert> {
    let bad = |what: &str, v: &str| DbError::Other(format!("unknown {what} '{v}' in database"));
    Ok(Alert {
        id: r.0,
        unit: r.1,
        unit_name: r.2,
        province: r.3,
        rule: Rule::parse("rule", &r.4).map_err(|_| bad("rule", &r.4))?,
        severity: Severity::parse("severity", &r.5).map_err(|_| bad("severity", &r.5))?,
        state: AlertState::parse("state", &r.6).map_err(|_| bad("state", &r.6))?,
        first_seen: r.7,
        last_seen: r.8,
        figures: serde_json::from_str(&r.9).map_err(|e| DbError::Other(e.to_string()))?,
        acknowledged_by: r.10,
        comment: r.11,
        resolved_at: r.12,
    })
}

/// How long to wait before trying a failed notification again: doubling
/// from 5 seconds to an hour; after 12 attempts, none (given up).
pub fn next_attempt(attempts: i64, now: i64) -> Option<i64> {
    (attempts < 12).then(|| now + (5i64 << attempts.clamp(0, 10)).min(3600))
}

// ---- rows to domain types ------------------------------------------------

type UnitTuple = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    i64,
);
type UnitRefTuple = (String, String, String, String, Option<String>);
type CampaignTuple = (i64, String, String, NaiveDate, bool, Option<String>);
type MilestoneTuple = (
    NaiveDate,
    String,
    String,
    Option<i64>,
    Option<String>,
    String,
);
type CountsTuple = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

fn stage_of(s: &str) -> DbResult<Stage> {
    Stage::from_slug(s).ok_or_else(|| DbError::Other(format!("unknown stage '{s}' in database")))
}

fn level_of(s: &str) -> DbResult<Level> {
    Level::from_slug(s).ok_or_else(|| DbError::Other(format!("unknown level '{s}' in database")))
}

fn unit_of(r: UnitTuple) -> DbResult<Unit> {
    Ok(Unit {
        code: r.0,
        level: level_of(&r.1)?,
        name: r.2,
        display_name: r.3,
        full_name: r.4,
        kind: r.5,
        slug: r.6,
        parent_code: r.7,
        region: r.8,
        population: r.9,
        weight: r.10,
    })
}

fn unit_ref_of(r: UnitRefTuple) -> DbResult<UnitRef> {
    Ok(UnitRef {
        code: r.0,
        name: r.1,
        display_name: r.2,
        level: level_of(&r.3)?,
        parent: r.4,
    })
}

fn campaign_of(r: CampaignTuple, stages: Vec<(String, i64, NaiveDate)>) -> DbResult<Campaign> {
    let mut goals: [Option<StageGoal>; 3] = [None; 3];
    for (stage, target, deadline) in stages {
        goals[stage_of(&stage)?.index()] = Some(StageGoal {
            target: target as u64,
            deadline,
        });
    }
    let id = r.0;
    let goal = |st: Stage| {
        goals[st.index()]
            .ok_or_else(|| DbError::Other(format!("campaign {id} has no {} goal", st.slug())))
    };
    Ok(Campaign {
        id,
        slug: r.1,
        name: r.2,
        start: r.3,
        simulated: r.4,
        updated_at: r.5,
        goals: PerStage {
            applications: goal(Stage::Applications)?,
            produced: goal(Stage::Produced)?,
            delivered: goal(Stage::Delivered)?,
        },
    })
}

fn milestone_of(r: MilestoneTuple) -> Milestone {
    Milestone {
        day: r.0,
        scope: r.1,
        stage: r.2,
        value: r.3,
        precision: r.4,
        source: r.5,
    }
}

fn targets_of(rows: Vec<(String, i64)>) -> DbResult<PerStage<Option<u64>>> {
    let mut out = PerStage::from_fn(|_| None);
    for (stage, target) in rows {
        *out.get_mut(stage_of(&stage)?) = Some(target as u64);
    }
    Ok(out)
}

fn series_of(rows: Vec<(String, NaiveDate, i64, i64)>) -> DbResult<PerStage<Vec<DayTotal>>> {
    let mut out = PerStage::from_fn(|_| Vec::new());
    for (stage, day, count, cumulative) in rows {
        out.get_mut(stage_of(&stage)?).push(DayTotal {
            day,
            count: count as u64,
            cumulative: cumulative as u64,
        });
    }
    Ok(out)
}

fn counts_of(rows: Vec<CountsTuple>) -> DbResult<Vec<UnitCounts>> {
    let mut out: Vec<UnitCounts> = Vec::new();
    for r in rows {
        if out.last().is_none_or(|u| u.unit.code != r.0) {
            out.push(UnitCounts {
                unit: UnitRef {
                    code: r.0,
                    name: r.1,
                    display_name: r.2,
                    level: level_of(&r.3)?,
                    parent: r.4,
                },
                region: r.5,
                stages: PerStage::from_fn(|_| StageCounts::default()),
            });
        }
        let unit = out.last_mut().expect("pushed above");
        let count = |v: Option<i64>| v.unwrap_or(0) as u64;
        *unit.stages.get_mut(stage_of(&r.6)?) = StageCounts {
            target: r.7.map(|t| t as u64),
            now: count(r.8),
            day_before: count(r.9),
            week_before: count(r.10),
            two_weeks_before: count(r.11),
        };
    }
    Ok(out)
}

fn children_daily_of(
    rows: Vec<(String, NaiveDate, i64)>,
) -> HashMap<String, Vec<(NaiveDate, u64)>> {
    let mut out: HashMap<String, Vec<(NaiveDate, u64)>> = HashMap::new();
    for (code, day, count) in rows {
        out.entry(code).or_default().push((day, count as u64));
    }
    out
}

/// The error for a report whose unit is unknown or not a commune.
fn not_a_commune(code: String, level: Option<String>) -> DbError {
    match level {
        None => DbError::invalid("unit", format!("no unit has the code '{code}'")),
        Some(level) => DbError::invalid(
            "unit",
            format!("unit '{code}' is a {level}; only communes report figures"),
        ),
    }
}

/// Refuses a batch with two figures for one commune, stage and day, or a
/// count too large to store; the batch's days otherwise, oldest first.
fn check_batch(reports: &[Report]) -> DbResult<Vec<NaiveDate>> {
    let mut seen = std::collections::HashSet::new();
    for (i, r) in reports.iter().enumerate() {
        if !seen.insert((&r.unit_code, r.stage, r.day)) {
            return Err(DbError::invalid(
                &format!("reports[{i}]"),
                format!(
                    "a second figure for {} ({}) on {}",
                    r.unit_code,
                    r.stage.slug(),
                    r.day
                ),
            ));
        }
        if i64::try_from(r.count).is_err() {
            return Err(DbError::invalid(
                &format!("reports[{i}].count"),
                "too large to store",
            ));
        }
    }
    let mut days: Vec<NaiveDate> = reports.iter().map(|r| r.day).collect();
    days.sort_unstable();
    days.dedup();
    Ok(days)
}

type AccountTuple = (i64, String, String, String, bool, String);
type ChangeTuple = (
    String,
    String,
    NaiveDate,
    Option<i64>,
    i64,
    Option<String>,
    String,
    String,
);

fn account_of(r: AccountTuple) -> DbResult<Account> {
    Ok(Account {
        id: r.0,
        name: r.1,
        role: Role::parse("role", &r.2).map_err(|e| DbError::Other(e.to_string()))?,
        unit: r.3,
        disabled: r.4,
        created_at: r.5,
    })
}

fn token_of(r: (i64, i64, String, String, Option<String>)) -> Token {
    Token {
        id: r.0,
        account: r.1,
        label: r.2,
        created_at: r.3,
        revoked_at: r.4,
    }
}

fn change_of(r: ChangeTuple) -> DbResult<Change> {
    Ok(Change {
        unit: r.0,
        stage: stage_of(&r.1)?,
        day: r.2,
        old: r.3.map(|v| v as u64),
        new: r.4 as u64,
        account: r.5,
        channel: Channel::from_slug(&r.6)
            .ok_or_else(|| DbError::Other(format!("unknown channel '{}' in database", r.6)))?,
        at: r.7,
    })
}

/// `position count cumulative max,…` (-1 for none) back in key order.
fn parse_recorded(text: &str, n: usize) -> DbResult<Vec<Recorded>> {
    let mut out = vec![Recorded::default(); n];
    for item in text.split(',').filter(|s| !s.is_empty()) {
        let bad = || DbError::Other(format!("malformed recorded figures '{item}'"));
        let fields: Vec<i64> = item
            .split(' ')
            .map(|f| f.parse().map_err(|_| bad()))
            .collect::<DbResult<_>>()?;
        let [i, count, cumulative, max] = fields[..] else {
            return Err(bad());
        };
        let some = |v: i64| (v >= 0).then_some(v as u64);
        *out.get_mut(i as usize).ok_or_else(bad)? = Recorded {
            count: some(count),
            cumulative: cumulative.max(0) as u64,
            usual_max: some(max),
        };
    }
    Ok(out)
}

/// The first day of a key's history window (the key's own day, an empty
/// window, when its history is not wanted).
fn history_from(wanted: &Wanted) -> NaiveDate {
    let day = wanted.key.2;
    if wanted.history {
        day - chrono::Duration::days(tiendo_core::intake::HISTORY_DAYS)
    } else {
        day // no day before it: no history read
    }
}

/// Now in Unix seconds.
pub fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Now, as stored in `updated_at` and `received_at`.
fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// Turns the filled `incoming` table of a batch into reports, audit rows
/// and totals inside the write transaction `$tx`: the same statements on
/// both engines (only the transaction's type differs). Evaluates to whether
/// anything changed; returns early from the enclosing function on an error.
macro_rules! record_incoming {
    ($tx:ident, $campaign:expr, $author:expr, $received_at:expr, $days:expr) => {{
        let source = $author.channel.slug();
        let wrong: Option<(String, Option<String>)> = sqlx::query_as(FIRST_NON_COMMUNE)
            .fetch_optional(&mut *$tx)
            .await?;
        if let Some((code, level)) = wrong {
            return Err(not_a_commune(code, level));
        }
        sqlx::query(&with_last_day(READ_OLD_COUNTS))
            .bind($campaign)
            .execute(&mut *$tx)
            .await?;
        sqlx::query(AUDIT_CHANGES)
            .bind($campaign)
            .bind($author.account)
            .bind(source)
            .bind($received_at)
            .execute(&mut *$tx)
            .await?;
        let mut changed = false;
        for statement in [INSERT_NEW_REPORTS, CORRECT_REPORTS] {
            changed |= sqlx::query(statement)
                .bind($campaign)
                .bind(source)
                .bind($received_at)
                .execute(&mut *$tx)
                .await?
                .rows_affected()
                > 0;
        }
        if changed {
            let append = APPEND_DAY.map(|s| s.replace("DELTAS", "deltas"));
            sqlx::query(COMMUNE_DELTAS).execute(&mut *$tx).await?;
            for level in ROLLUP_LEVELS {
                sqlx::query(PARENT_DELTAS)
                    .bind(level)
                    .execute(&mut *$tx)
                    .await?;
            }
            // The campaign's days before the batch's new ones are added.
            let mut known: Vec<NaiveDate> = sqlx::query_scalar(CAMPAIGN_DAYS)
                .bind($campaign)
                .fetch_all(&mut *$tx)
                .await?;
            // The everyday batch: only days after every other.
            let appending = match ($days.first(), known.last()) {
                (Some(first), Some(last)) => first > last,
                _ => true,
            };
            // A batch's day that is no campaign day yet has new reports,
            // hence deltas: it becomes one.
            let new_days: Vec<NaiveDate> = $days
                .iter()
                .filter(|d| known.binary_search(d).is_err())
                .copied()
                .collect();
            // Appended, a new day is final at once; among the others it is
            // carried, then moved with the rest by APPLY_DELTAS.
            let add_day: Vec<&str> = if appending {
                append.iter().map(String::as_str).collect()
            } else {
                vec![CARRY_DAY]
            };
            for day in new_days {
                let at = known.partition_point(|k| *k < day);
                let before = at.checked_sub(1).map(|i| known[i]);
                for statement in &add_day {
                    sqlx::query(statement)
                        .bind($campaign)
                        .bind(day)
                        .bind(before)
                        .execute(&mut *$tx)
                        .await?;
                }
                sqlx::query(INSERT_CAMPAIGN_DAY)
                    .bind($campaign)
                    .bind(day)
                    .execute(&mut *$tx)
                    .await?;
                known.insert(at, day);
            }
            if !appending {
                sqlx::query(APPLY_DELTAS)
                    .bind($campaign)
                    .execute(&mut *$tx)
                    .await?;
            }
            let touched = sqlx::query(TOUCH_CAMPAIGN)
                .bind($received_at)
                .bind($campaign)
                .execute(&mut *$tx)
                .await?;
            // Its rows name the campaign (SQLite's batch probes no foreign key).
            if touched.rows_affected() == 0 {
                return Err(DbError::NotFound(format!("campaign {}", $campaign)));
            }
        }
        changed
    }};
}

/// The queries whose SQL and code are the same on both engines (only the
/// pool's type and the text aggregate `$agg` differ): expanded in each
/// engine's module as inherent `shared_…` methods, which its `impl
/// Database` calls. The engine provides `per_day_lists`.
macro_rules! portable_queries {
    ($engine:ty, $agg:expr) => {
        impl $engine {
            async fn shared_totals_on(
                &self,
                campaign: i64,
                days: &[NaiveDate],
            ) -> DbResult<Vec<TotalsOn>> {
                let campaign_days: Vec<NaiveDate> = sqlx::query_scalar(CAMPAIGN_DAYS)
                    .bind(campaign)
                    .fetch_all(&self.pool)
                    .await?;
                let on = on_or_before(&campaign_days, days);
                let mut stored: Vec<NaiveDate> = on.iter().flatten().copied().collect();
                stored.sort();
                stored.dedup();
                let lists = self
                    .per_day_lists(campaign, &stored, "t.cumulative", "daily_totals")
                    .await?;
                Ok(relabel(days, &on, lists))
            }

            async fn shared_commune_counts_on(
                &self,
                campaign: i64,
                days: &[NaiveDate],
            ) -> DbResult<Vec<TotalsOn>> {
                self.per_day_lists(campaign, days, "t.count", "reports")
                    .await
            }

            async fn shared_last_totals(&self, campaign: i64) -> DbResult<Vec<TotalsOn>> {
                let sql = with_last_day(LAST_TOTALS_LISTS).replace("AGG", $agg);
                let rows = sqlx::query_as(&sql)
                    .bind(campaign)
                    .fetch_all(&self.pool)
                    .await?;
                totals_on_of(rows)
            }

            async fn shared_usual_maxima(
                &self,
                campaign: i64,
                from: NaiveDate,
                to: NaiveDate,
            ) -> DbResult<Vec<(Stage, Vec<(String, u64)>)>> {
                let rows = sqlx::query_as(&USUAL_MAXIMA.replace("AGG", $agg))
                    .bind(campaign)
                    .bind(from)
                    .bind(to)
                    .fetch_all(&self.pool)
                    .await?;
                stage_lists_of(rows)
            }

            async fn shared_last_reports(
                &self,
                campaign: i64,
            ) -> DbResult<Vec<(String, Option<NaiveDate>)>> {
                Ok(sqlx::query_as(&with_last_day(LAST_REPORTS))
                    .bind(campaign)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn shared_days_changed(
                &self,
                campaign: i64,
                after: i64,
                upto: i64,
            ) -> DbResult<Vec<NaiveDate>> {
                Ok(sqlx::query_scalar(DAYS_CHANGED)
                    .bind(campaign)
                    .bind(after)
                    .bind(upto)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn shared_reporting_communes(
                &self,
                campaign: i64,
                day: NaiveDate,
            ) -> DbResult<Vec<(String, u64, u64)>> {
                let rows: Vec<(String, i64, i64)> = sqlx::query_as(REPORTING_COMMUNES)
                    .bind(campaign)
                    .bind(day)
                    .fetch_all(&self.pool)
                    .await?;
                Ok(rows
                    .into_iter()
                    .map(|(p, r, c)| (p, r as u64, c as u64))
                    .collect())
            }

            async fn shared_alerts(
                &self,
                campaign: i64,
                filter: &AlertFilter,
            ) -> DbResult<Vec<Alert>> {
                let (sql, params) = alerts_sql(filter);
                let mut q = sqlx::query_as(&sql).bind(campaign);
                for p in params {
                    q = q.bind(p);
                }
                let rows: Vec<AlertTuple> = q.fetch_all(&self.pool).await?;
                rows.into_iter().map(alert_of).collect()
            }

            async fn shared_open_alerts_within(&self, campaign: i64, unit: &str) -> DbResult<u64> {
                let n: i64 = sqlx::query_scalar(OPEN_WITHIN)
                    .bind(campaign)
                    .bind(unit)
                    .fetch_one(&self.pool)
                    .await?;
                Ok(n as u64)
            }

            async fn shared_open_alerts_by_rule(
                &self,
                campaign: i64,
            ) -> DbResult<Vec<(Rule, u64)>> {
                let rows: Vec<(String, i64)> = sqlx::query_as(OPEN_BY_RULE)
                    .bind(campaign)
                    .fetch_all(&self.pool)
                    .await?;
                Ok(rows
                    .into_iter()
                    .filter_map(|(r, n)| Some((Rule::parse("rule", &r).ok()?, n as u64)))
                    .collect())
            }

            async fn shared_claim_notifications(
                &self,
                now: i64,
                lease: i64,
                limit: i64,
            ) -> DbResult<Vec<Notification>> {
                let claimed: Vec<(i64, i64, String, i64)> = sqlx::query_as(CLAIM_NOTIFICATIONS)
                    .bind(now)
                    .bind(now + lease)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                let mut out = Vec::with_capacity(claimed.len());
                for (id, alert, event, attempts) in claimed {
                    let row: AlertTuple = sqlx::query_as(&format!(
                        "SELECT {ALERT_COLUMNS} {FROM_ALERTS} WHERE a.id = $1"
                    ))
                    .bind(alert)
                    .fetch_one(&self.pool)
                    .await?;
                    out.push(Notification {
                        id,
                        event,
                        attempts,
                        alert: alert_of(row)?,
                    });
                }
                Ok(out)
            }

            async fn shared_notification_result(
                &self,
                id: i64,
                result: Result<(), (String, Option<i64>)>,
            ) -> DbResult<()> {
                match result {
                    Ok(()) => {
                        sqlx::query(NOTIFICATION_DELIVERED)
                            .bind(id)
                            .bind(now_rfc3339())
                            .execute(&self.pool)
                            .await?;
                    }
                    Err((error, next)) => {
                        sqlx::query(NOTIFICATION_FAILED)
                            .bind(id)
                            .bind(error)
                            .bind(next)
                            .bind(now_rfc3339())
                            .execute(&self.pool)
                            .await?;
                    }
                }
                Ok(())
            }

            async fn shared_notification_status(
                &self,
                limit: i64,
            ) -> DbResult<(u64, Vec<DeliveryFailure>)> {
                let pending: i64 = sqlx::query_scalar(NOTIFICATIONS_PENDING)
                    .fetch_one(&self.pool)
                    .await?;
                let rows: Vec<(i64, i64, String, i64, Option<String>, bool)> =
                    sqlx::query_as(DELIVERY_FAILURES)
                        .bind(limit)
                        .fetch_all(&self.pool)
                        .await?;
                Ok((
                    pending as u64,
                    rows.into_iter()
                        .map(
                            |(id, alert, event, attempts, error, given_up)| DeliveryFailure {
                                id,
                                alert,
                                event,
                                attempts,
                                error: error.unwrap_or_default(),
                                given_up,
                            },
                        )
                        .collect(),
                ))
            }
        }
    };
}
pub(crate) use portable_queries;
pub(crate) use record_incoming;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://tiendo:s3cret@db:5432/tiendo"),
            "postgres://tiendo:***@db:5432/tiendo"
        );
        assert_eq!(redact("postgres://db/tiendo"), "postgres://db/tiendo");
        assert_eq!(redact("sqlite://data/tiendo.db"), "sqlite://data/tiendo.db");
    }

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, 6, day).unwrap()
    }

    #[test]
    fn a_day_without_figures_reads_the_campaign_day_before_it() {
        let days = [d(2), d(3), d(7)];
        assert_eq!(
            on_or_before(&days, &[d(1), d(2), d(5), d(7), d(20)]),
            vec![None, Some(d(2)), Some(d(3)), Some(d(7)), Some(d(7))]
        );
        assert_eq!(on_or_before(&[], &[d(1)]), vec![None]);
    }

    #[test]
    fn lists_are_labelled_with_the_days_asked_for() {
        let list = |day, stage, total| TotalsOn {
            day,
            stage,
            totals: vec![("VN".to_string(), total)],
        };
        let asked = [d(9), d(8), d(2), d(1)];
        let on = on_or_before(&[d(3), d(7)], &asked);
        let lists = vec![
            list(d(7), Stage::Applications, 70),
            list(d(7), Stage::Produced, 7),
            list(d(3), Stage::Applications, 30),
        ];
        let out = relabel(&asked, &on, lists);
        let got: Vec<(NaiveDate, Stage, u64)> = out
            .iter()
            .map(|l| (l.day, l.stage, l.totals[0].1))
            .collect();
        assert_eq!(
            got,
            vec![
                (d(9), Stage::Applications, 70),
                (d(9), Stage::Produced, 7),
                (d(8), Stage::Applications, 70),
                (d(8), Stage::Produced, 7),
            ]
        );
    }
}
