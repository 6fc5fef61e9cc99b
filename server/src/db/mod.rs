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
use tiendo_core::campaign::{Campaign, Milestone, NewCampaign, StageGoal};
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
    /// The communes' reports, by commune, stage and day.
    pub reports: Box<dyn Iterator<Item = Report> + Send + 'a>,
    /// The totals of every unit above the communes, by unit, stage and day.
    pub totals: Box<dyn Iterator<Item = TotalRow> + Send + 'a>,
}

/// Every unit's running total in one stage on one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TotalsOn {
    /// The day.
    pub day: NaiveDate,
    /// The stage.
    pub stage: Stage,
    /// (unit code, running total), by code.
    pub totals: Vec<(String, u64)>,
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
    /// and every ancestor move by the difference, so nothing counts twice.
    /// Returns the data version after the write (unchanged if nothing changed).
    async fn record_reports(
        &self,
        campaign: i64,
        source: &str,
        reports: &[Report],
    ) -> DbResult<i64>;

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
    /// The running totals of every unit that has a row on each of `days`
    /// (a unit that did not report that day has none), per day and stage.
    async fn totals_on(&self, campaign: i64, days: &[NaiveDate]) -> DbResult<Vec<TotalsOn>>;
    /// Each key's running total on or before its day (0 before any figure).
    async fn totals_before(
        &self,
        campaign: i64,
        keys: &[(String, Stage, NaiveDate)],
    ) -> DbResult<Vec<u64>>;
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
const ALL_UNITS: &str = "SELECT code, level, name, full_name, kind, slug, parent_code, region, population, weight
     FROM units
     ORDER BY CASE level WHEN 'nation' THEN 0 WHEN 'province' THEN 1 WHEN 'district' THEN 2 ELSE 3 END, code";
const UNIT: &str = "SELECT code, name, level, parent_code FROM units WHERE code = $1";
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
const DATA_SPAN: &str = "SELECT MIN(day), MAX(day) FROM daily_totals
     WHERE campaign_id = $1 AND unit_code = 'VN' AND stage = 'applications'";
const TOUCH_CAMPAIGN: &str = "UPDATE campaigns SET updated_at = $1 WHERE id = $2";
const INSERT_CAMPAIGN: &str = "INSERT INTO campaigns (slug, name, start_date, simulated, complete)
     VALUES ($1, $2, $3, $4, TRUE) RETURNING id";
const INSERT_STAGE: &str =
    "INSERT INTO campaign_stages (campaign_id, stage, target, deadline) VALUES ($1, $2, $3, $4)";
/// Moves a campaign aside so a new one can take its slug in the same transaction.
const RETIRE_CAMPAIGN: &str =
    "UPDATE campaigns SET slug = slug || '~' || CAST(id AS TEXT), complete = FALSE WHERE slug = $1";
/// Tables holding a campaign's rows, children first.
const CAMPAIGN_TABLES: [&str; 4] = ["daily_totals", "reports", "targets", "campaign_stages"];
/// Campaigns that are not served any more: replaced, or left half-loaded.
const STALE_CAMPAIGNS: &str = "SELECT id FROM campaigns WHERE NOT complete";
/// The communes' own totals, derived from their reports.
const DERIVE_COMMUNE_TOTALS: &str =
    "INSERT INTO daily_totals (campaign_id, unit_code, stage, day, count, cumulative)
     SELECT campaign_id, unit_code, stage, day, count,
            SUM(count) OVER (PARTITION BY unit_code, stage ORDER BY day)
     FROM reports WHERE campaign_id = $1";
const DELETE_MILESTONES: &str = "DELETE FROM milestones";
const INSERT_MILESTONE: &str =
    "INSERT INTO milestones (day, scope, stage, value, precision, source)
     VALUES ($1, $2, $3, $4, $5, $6)";
const NATIONAL_MILESTONES: &str =
    "SELECT day, scope, stage, value, precision, source FROM milestones
     WHERE scope = 'national' AND stage = $1 AND value IS NOT NULL ORDER BY day";
const UNIT_TARGETS: &str =
    "SELECT stage, target FROM targets WHERE campaign_id = $1 AND unit_code = $2";
const SERIES: &str = "SELECT stage, day, count, cumulative FROM daily_totals
     WHERE campaign_id = $1 AND unit_code = $2 ORDER BY stage, day";
/// Written with IN, not a join: SQLite would otherwise scan every total of
/// the campaign (10 million rows) and look the unit up for each.
const CHILDREN_DAILY: &str = "SELECT d.unit_code, d.day, d.count
     FROM daily_totals d
     WHERE d.campaign_id = $1 AND d.stage = $2 AND d.day > $3 AND d.day <= $4
       AND d.unit_code IN (SELECT code FROM units WHERE parent_code = $5)
     ORDER BY d.unit_code, d.day";
const COMMUNES_CUMULATIVE: &str = "SELECT CAST(SUM(count) AS BIGINT) FROM reports WHERE campaign_id = $1 AND stage = $2 AND day <= $3";
const SILENT_COMMUNES: &str = "SELECT COALESCE(SUM(CASE WHEN NOT EXISTS (
            SELECT 1 FROM reports r
            WHERE r.campaign_id = $1 AND r.unit_code = u.code
              AND r.stage = 'applications' AND r.day > $2 AND r.day <= $3)
        THEN 1 ELSE 0 END), 0),
        COUNT(*)
     FROM units u WHERE u.level = 'commune'";

/// Cumulative counts on four days of the children of `$6`. Totals may be
/// sparse (a commune that did not report has no row), so each figure is the
/// last running total on or before its day.
fn children_counts_sql() -> String {
    let on = |param: &str| {
        format!(
            "(SELECT d.cumulative FROM daily_totals d
              WHERE d.campaign_id = $1 AND d.unit_code = u.code AND d.stage = s.stage AND d.day <= {param}
              ORDER BY d.day DESC LIMIT 1)"
        )
    };
    format!(
        "SELECT u.code, u.name, u.level, u.parent_code, u.region, s.stage, t.target, {}, {}, {}, {}
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

/// `position total,…` back in the order of the `n` keys asked for.
fn totals_by_position(text: &str, n: usize) -> DbResult<Vec<u64>> {
    let mut out = vec![0; n];
    for (position, total) in parse_totals(text)? {
        let i: usize = position
            .parse()
            .map_err(|_| DbError::Other(format!("malformed position '{position}'")))?;
        *out.get_mut(i)
            .ok_or_else(|| DbError::Other(format!("position {i} out of {n}")))? = total;
    }
    Ok(out)
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

fn all_targets_of(rows: Vec<(String, String)>) -> DbResult<Vec<(Stage, Vec<(String, u64)>)>> {
    rows.into_iter()
        .map(|(stage, text)| Ok((stage_of(&stage)?, parse_totals(&text)?)))
        .collect()
}

/// The four days a standing reads: the day, the day before, 7 and 14 days before.
pub fn standing_days(day: NaiveDate) -> [NaiveDate; 4] {
    [0, 1, 7, 14].map(|n| day - chrono::Duration::days(n))
}

// Recording reports: the batch goes into a temporary table `incoming`, then
// these statements turn it into deltas per unit and day and apply them.

/// Refuses a batch with a unit that is not a commune.
const FIRST_NON_COMMUNE: &str = "SELECT i.unit_code, u.level FROM incoming i
     LEFT JOIN units u ON u.code = i.unit_code
     WHERE u.level IS NULL OR u.level <> 'commune' LIMIT 1";
/// How each report changes the figures of its commune and every ancestor.
/// Runs before the reports are replaced: it reads their old counts.
const FILL_DELTAS: &str = "INSERT INTO deltas (unit_code, stage, day, delta)
     SELECT a.ancestor_code, i.stage, i.day, SUM(i.count - COALESCE(r.count, 0))
     FROM incoming i
     JOIN unit_ancestors a ON a.unit_code = i.unit_code
     LEFT JOIN reports r ON r.campaign_id = $1 AND r.unit_code = i.unit_code
                        AND r.stage = i.stage AND r.day = i.day
     GROUP BY a.ancestor_code, i.stage, i.day
     HAVING SUM(i.count - COALESCE(r.count, 0)) <> 0";
/// New or changed reports (a re-sent figure equal to the stored one is no change).
const UPSERT_REPORTS: &str =
    "INSERT INTO reports (campaign_id, unit_code, stage, day, count, source, received_at)
     SELECT $1, i.unit_code, i.stage, i.day, i.count, $2, $3 FROM incoming i
     LEFT JOIN reports r ON r.campaign_id = $1 AND r.unit_code = i.unit_code
                        AND r.stage = i.stage AND r.day = i.day
     WHERE r.count IS NULL OR r.count <> i.count
     ON CONFLICT (campaign_id, unit_code, stage, day)
     DO UPDATE SET count = excluded.count, source = excluded.source, received_at = excluded.received_at";
/// A row for each day that gets a delta and had none, carrying the running total before it.
const OPEN_TOTAL_ROWS: &str =
    "INSERT INTO daily_totals (campaign_id, unit_code, stage, day, count, cumulative)
     SELECT $1, d.unit_code, d.stage, d.day, 0,
            COALESCE((SELECT t.cumulative FROM daily_totals t
                      WHERE t.campaign_id = $1 AND t.unit_code = d.unit_code
                        AND t.stage = d.stage AND t.day < d.day
                      ORDER BY t.day DESC LIMIT 1), 0)
     FROM deltas d WHERE TRUE
     ON CONFLICT (campaign_id, unit_code, stage, day) DO NOTHING";
/// Moves each day's count by its delta and every running total from the
/// first changed day on by the deltas up to it: one statement for all units.
const APPLY_DELTAS: &str = "UPDATE daily_totals AS t
     SET count = t.count + x.day_delta, cumulative = t.cumulative + x.run_delta
     FROM (SELECT t2.unit_code, t2.stage, t2.day,
                  COALESCE(SUM(CASE WHEN d.day = t2.day THEN d.delta END), 0) AS day_delta,
                  SUM(d.delta) AS run_delta
           FROM (SELECT unit_code, stage, MIN(day) AS first_day FROM deltas
                 GROUP BY unit_code, stage) g
           JOIN daily_totals t2 ON t2.campaign_id = $1 AND t2.unit_code = g.unit_code
                               AND t2.stage = g.stage AND t2.day >= g.first_day
           JOIN deltas d ON d.unit_code = t2.unit_code AND d.stage = t2.stage AND d.day <= t2.day
           GROUP BY t2.unit_code, t2.stage, t2.day) x
     WHERE t.campaign_id = $1 AND t.unit_code = x.unit_code AND t.stage = x.stage AND t.day = x.day";

// ---- rows to domain types ------------------------------------------------

type UnitTuple = (
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
type UnitRefTuple = (String, String, String, Option<String>);
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
        full_name: r.3,
        kind: r.4,
        slug: r.5,
        parent_code: r.6,
        region: r.7,
        population: r.8,
        weight: r.9,
    })
}

fn unit_ref_of(r: UnitRefTuple) -> DbResult<UnitRef> {
    Ok(UnitRef {
        code: r.0,
        name: r.1,
        level: level_of(&r.2)?,
        parent: r.3,
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
                    level: level_of(&r.2)?,
                    parent: r.3,
                },
                region: r.4,
                stages: PerStage::from_fn(|_| StageCounts::default()),
            });
        }
        let unit = out.last_mut().expect("pushed above");
        let count = |v: Option<i64>| v.unwrap_or(0) as u64;
        *unit.stages.get_mut(stage_of(&r.5)?) = StageCounts {
            target: r.6.map(|t| t as u64),
            now: count(r.7),
            day_before: count(r.8),
            week_before: count(r.9),
            two_weeks_before: count(r.10),
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
/// count too large to store.
fn check_batch(reports: &[Report]) -> DbResult<()> {
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
    Ok(())
}

/// Now, as stored in `updated_at` and `received_at`.
fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

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
}
