//! The data boundary: every query Tiendo runs lives here, nowhere else.
//!
//! Callers see domain types and [`DbError`], never SQL or the driver. SQLite is
//! the embedded default; the SQL sticks to what PostgreSQL also accepts
//! (`$n` parameters, standard types) so a second backend can implement the
//! same methods.

use std::collections::HashMap;
use std::str::FromStr;

use chrono::{Duration, NaiveDate};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{QueryBuilder, Row, Sqlite, SqlitePool};
use tiendo_core::overview::PerStage;
use tiendo_core::standings::{StageCounts, UnitCounts};
use tiendo_core::units::UnitRef;
use tiendo_core::{Level, Stage};

/// Errors of the data layer.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// A named thing does not exist.
    #[error("{0} not found")]
    NotFound(String),
    /// The request contradicts the data (e.g. a report for a district).
    #[error("{0}")]
    Invalid(String),
    /// The database failed or could not be reached.
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    /// The schema could not be brought up to date.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Result of a data-layer call.
pub type DbResult<T> = Result<T, DbError>;

/// A unit as stored, with what seeding and allocation need.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitRow {
    /// GSO code or `VN`.
    pub code: String,
    /// Level in the tree.
    pub level: Level,
    /// Short name.
    pub name: String,
    /// Official full name.
    pub full_name: String,
    /// Kind (tinh, quan, xa...).
    pub kind: String,
    /// Name without diacritics, hyphenated.
    pub slug: String,
    /// Parent code; `None` for the nation.
    pub parent_code: Option<String>,
    /// Region (provinces).
    pub region: Option<String>,
    /// Population (provinces and nation).
    pub population: Option<i64>,
    /// Allocation weight among siblings.
    pub weight: i64,
}

/// A stage's national target and deadline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StageGoal {
    /// National target.
    pub target: u64,
    /// Last day on which it may be met.
    pub deadline: NaiveDate,
}

/// A campaign and its per-stage goals.
#[derive(Clone, Debug, PartialEq)]
pub struct Campaign {
    /// Row id.
    pub id: i64,
    /// Identifier, e.g. `cccd-2021`.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// First day of collection.
    pub start: NaiveDate,
    /// Figures are simulated.
    pub simulated: bool,
    /// When figures last changed (RFC 3339).
    pub updated_at: Option<String>,
    /// Target and deadline per stage.
    pub goals: PerStage<StageGoal>,
}

impl Campaign {
    /// The campaign and when its figures last changed: what cached views are keyed by.
    pub fn version(&self) -> (i64, Option<String>) {
        (self.id, self.updated_at.clone())
    }
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

/// One day of a unit's series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayTotal {
    /// The day.
    pub day: NaiveDate,
    /// The day's count.
    pub count: u64,
    /// Running total.
    pub cumulative: u64,
}

/// A set of units ranked together.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The children of one unit.
    ChildrenOf(String),
    /// Every unit of one level, nationwide.
    Level(Level),
}

/// A commune's figure for one stage and day, as reported.
#[derive(Clone, Debug, PartialEq, Eq)]
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

/// One row of `daily_totals`, for bulk loading.
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

/// Handle on the database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pool: SqlitePool,
}

// SQLite allows 32,766 bound values per statement.
const MAX_BINDS: usize = 32_000;

fn stage_of(s: &str) -> DbResult<Stage> {
    Stage::from_slug(s).ok_or_else(|| DbError::Invalid(format!("unknown stage '{s}' in database")))
}

fn level_of(s: &str) -> DbResult<Level> {
    Level::from_slug(s).ok_or_else(|| DbError::Invalid(format!("unknown level '{s}' in database")))
}

/// SQL for a unit's running total in stage `s.stage` on or before the day bound to `param`.
fn cumulative_on(param: &str) -> String {
    format!(
        "(SELECT d.cumulative FROM daily_totals d
          WHERE d.campaign_id = $1 AND d.unit_code = u.code AND d.stage = s.stage AND d.day <= {param}
          ORDER BY d.day DESC LIMIT 1)"
    )
}

// Microseconds, not seconds: `updated_at` is the version cached views and pages
// are keyed by, and two writes within one second must not share a version.
fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

impl Db {
    /// Opens (creating the file if needed) the database at `url`, e.g. `sqlite://data/tiendo.db`.
    pub async fn connect(url: &str) -> DbResult<Db> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true);
        if let Some(dir) = options.get_filename().parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    DbError::Invalid(format!(
                        "cannot create database folder {}: {e}",
                        dir.display()
                    ))
                })?;
            }
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        Ok(Db { pool })
    }

    /// Starts a transaction that will write. `BEGIN IMMEDIATE` takes SQLite's
    /// write lock at once, so a transaction that reads before writing waits
    /// for another writer (busy timeout) instead of failing with "database is
    /// locked" when it upgrades. (PostgreSQL: a plain `BEGIN`.)
    async fn write_tx(&self) -> DbResult<sqlx::Transaction<'static, Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Brings the schema up to date (migrations/).
    pub async fn migrate(&self) -> DbResult<()> {
        sqlx::migrate!("../migrations").run(&self.pool).await?;
        Ok(())
    }

    // ---- units ----------------------------------------------------------

    /// Number of units stored.
    pub async fn unit_count(&self) -> DbResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM units")
            .fetch_one(&self.pool)
            .await?)
    }

    /// Inserts units (parents before children); fails if any exists already.
    pub async fn insert_units(&self, units: &[UnitRow]) -> DbResult<()> {
        let mut tx = self.write_tx().await?;
        for chunk in units.chunks(MAX_BINDS / 10) {
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO units (code, level, name, full_name, kind, slug, parent_code, region, population, weight) ",
            );
            q.push_values(chunk, |mut b, u| {
                b.push_bind(&u.code)
                    .push_bind(u.level.slug())
                    .push_bind(&u.name)
                    .push_bind(&u.full_name)
                    .push_bind(&u.kind)
                    .push_bind(&u.slug)
                    .push_bind(&u.parent_code)
                    .push_bind(&u.region)
                    .push_bind(u.population)
                    .push_bind(u.weight);
            });
            q.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every unit, parents before children.
    pub async fn all_units(&self) -> DbResult<Vec<UnitRow>> {
        let rows = sqlx::query(
            "SELECT code, level, name, full_name, kind, slug, parent_code, region, population, weight
             FROM units
             ORDER BY CASE level WHEN 'nation' THEN 0 WHEN 'province' THEN 1 WHEN 'district' THEN 2 ELSE 3 END, code",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(UnitRow {
                    code: r.get(0),
                    level: level_of(r.get(1))?,
                    name: r.get(2),
                    full_name: r.get(3),
                    kind: r.get(4),
                    slug: r.get(5),
                    parent_code: r.get(6),
                    region: r.get(7),
                    population: r.get(8),
                    weight: r.get(9),
                })
            })
            .collect()
    }

    /// A unit by code.
    pub async fn unit(&self, code: &str) -> DbResult<UnitRef> {
        let row = sqlx::query("SELECT code, name, level, parent_code FROM units WHERE code = $1")
            .bind(code)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| DbError::NotFound(format!("unit '{code}'")))?;
        Ok(UnitRef {
            code: row.get(0),
            name: row.get(1),
            level: level_of(row.get(2))?,
            parent: row.get(3),
        })
    }

    // ---- campaigns and targets -----------------------------------------

    /// Creates a campaign with its per-stage goals; returns its id.
    pub async fn create_campaign(
        &self,
        slug: &str,
        name: &str,
        start: NaiveDate,
        simulated: bool,
        goals: &PerStage<StageGoal>,
    ) -> DbResult<i64> {
        let mut tx = self.write_tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO campaigns (slug, name, start_date, simulated) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(slug)
        .bind(name)
        .bind(start)
        .bind(simulated)
        .fetch_one(&mut *tx)
        .await?;
        for stage in Stage::ALL {
            let goal = goals.get(stage);
            sqlx::query(
                "INSERT INTO campaign_stages (campaign_id, stage, target, deadline) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(stage.slug())
            .bind(goal.target as i64)
            .bind(goal.deadline)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Deletes a campaign with its targets, reports and totals.
    pub async fn delete_campaign(&self, slug: &str) -> DbResult<()> {
        let mut tx = self.write_tx().await?;
        for table in ["daily_totals", "reports", "targets", "campaign_stages"] {
            sqlx::query(&format!(
                "DELETE FROM {table} WHERE campaign_id IN (SELECT id FROM campaigns WHERE slug = $1)"
            ))
            .bind(slug)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("DELETE FROM campaigns WHERE slug = $1")
            .bind(slug)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The current campaign's id and when its figures last changed, in one
    /// small query: what caches of whole pages are keyed by.
    pub async fn data_version(&self) -> DbResult<Option<(i64, Option<String>)>> {
        let row = sqlx::query("SELECT id, updated_at FROM campaigns ORDER BY id DESC LIMIT 1")
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }

    /// The current campaign: the most recently created one.
    pub async fn current_campaign(&self) -> DbResult<Campaign> {
        let row = sqlx::query(
            "SELECT id, slug, name, start_date, simulated, updated_at FROM campaigns ORDER BY id DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| DbError::NotFound("campaign (load one with `tiendo demo`)".into()))?;
        let id: i64 = row.get(0);
        let stages = sqlx::query(
            "SELECT stage, target, deadline FROM campaign_stages WHERE campaign_id = $1",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut goals: [Option<StageGoal>; 3] = [None; 3];
        for s in stages {
            let stage = stage_of(s.get(0))?;
            goals[stage.index()] = Some(StageGoal {
                target: s.get::<i64, _>(1) as u64,
                deadline: s.get(2),
            });
        }
        let goal = |st: Stage| {
            goals[st.index()]
                .ok_or_else(|| DbError::Invalid(format!("campaign {id} has no {} goal", st.slug())))
        };
        Ok(Campaign {
            id,
            slug: row.get(1),
            name: row.get(2),
            start: row.get(3),
            simulated: row.get(4),
            updated_at: row.get(5),
            goals: PerStage {
                applications: goal(Stage::Applications)?,
                produced: goal(Stage::Produced)?,
                delivered: goal(Stage::Delivered)?,
            },
        })
    }

    /// Stores allocated targets (unit, stage, target) for a campaign.
    pub async fn insert_targets(
        &self,
        campaign: i64,
        targets: &[(String, Stage, u64)],
    ) -> DbResult<()> {
        let mut tx = self.write_tx().await?;
        for chunk in targets.chunks(MAX_BINDS / 4) {
            let mut q: QueryBuilder<Sqlite> =
                QueryBuilder::new("INSERT INTO targets (campaign_id, unit_code, stage, target) ");
            q.push_values(chunk, |mut b, (code, stage, target)| {
                b.push_bind(campaign)
                    .push_bind(code)
                    .push_bind(stage.slug())
                    .push_bind(*target as i64);
            });
            q.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A unit's target in one stage.
    pub async fn target(&self, campaign: i64, code: &str, stage: Stage) -> DbResult<Option<u64>> {
        let t: Option<i64> = sqlx::query_scalar(
            "SELECT target FROM targets WHERE campaign_id = $1 AND unit_code = $2 AND stage = $3",
        )
        .bind(campaign)
        .bind(code)
        .bind(stage.slug())
        .fetch_optional(&self.pool)
        .await?;
        Ok(t.map(|t| t as u64))
    }

    // ---- figures ---------------------------------------------------------

    /// First and last day with figures for the nation, if any.
    pub async fn data_span(&self, campaign: i64) -> DbResult<Option<(NaiveDate, NaiveDate)>> {
        let row = sqlx::query(
            "SELECT MIN(day), MAX(day) FROM daily_totals
             WHERE campaign_id = $1 AND unit_code = 'VN' AND stage = 'applications'",
        )
        .bind(campaign)
        .fetch_one(&self.pool)
        .await?;
        let first: Option<NaiveDate> = row.get(0);
        let last: Option<NaiveDate> = row.get(1);
        Ok(first.zip(last))
    }

    /// A unit's figures in one stage as of `day`.
    pub async fn figures(
        &self,
        campaign: i64,
        code: &str,
        stage: Stage,
        day: NaiveDate,
    ) -> DbResult<Figures> {
        // Totals may be sparse (a unit that did not report has no row), so each
        // figure is the last row on or before the day.
        let at = |d: NaiveDate| {
            sqlx::query(
                "SELECT day, count, cumulative FROM daily_totals
                 WHERE campaign_id = $1 AND unit_code = $2 AND stage = $3 AND day <= $4
                 ORDER BY day DESC LIMIT 1",
            )
            .bind(campaign)
            .bind(code)
            .bind(stage.slug())
            .bind(d)
            .fetch_optional(&self.pool)
        };
        let now = at(day).await?;
        let before = at(day - Duration::days(7)).await?;
        let (cumulative, daily) = match now {
            Some(r) => (
                r.get::<i64, _>(2) as u64,
                if r.get::<NaiveDate, _>(0) == day {
                    r.get::<i64, _>(1) as u64
                } else {
                    0
                },
            ),
            None => (0, 0),
        };
        Ok(Figures {
            cumulative,
            cumulative_week_before: before.map_or(0, |r| r.get::<i64, _>(2) as u64),
            daily,
        })
    }

    /// A unit's whole daily series in one stage, oldest first.
    pub async fn series(&self, campaign: i64, code: &str, stage: Stage) -> DbResult<Vec<DayTotal>> {
        let rows = sqlx::query(
            "SELECT day, count, cumulative FROM daily_totals
             WHERE campaign_id = $1 AND unit_code = $2 AND stage = $3 ORDER BY day",
        )
        .bind(campaign)
        .bind(code)
        .bind(stage.slug())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| DayTotal {
                day: r.get(0),
                count: r.get::<i64, _>(1) as u64,
                cumulative: r.get::<i64, _>(2) as u64,
            })
            .collect())
    }

    /// Cumulative counts per stage on `day`, the day before, 7 and 14 days
    /// before, with targets, of every unit in `scope`, ordered by code.
    pub async fn unit_counts(
        &self,
        campaign: i64,
        scope: &Scope,
        day: NaiveDate,
    ) -> DbResult<Vec<UnitCounts>> {
        // Totals may be sparse (a commune that did not report has no row), so
        // each figure is the last running total on or before the day.
        let filter = match scope {
            Scope::ChildrenOf(_) => "u.parent_code = $6",
            Scope::Level(_) => "u.level = $6",
        };
        let sql = format!(
            "SELECT u.code, u.name, u.level, u.parent_code, u.region, s.stage, t.target, {}, {}, {}, {}
             FROM units u
             CROSS JOIN campaign_stages s
             LEFT JOIN targets t ON t.campaign_id = $1 AND t.unit_code = u.code AND t.stage = s.stage
             WHERE s.campaign_id = $1 AND {filter}
             ORDER BY u.code",
            cumulative_on("$2"),
            cumulative_on("$3"),
            cumulative_on("$4"),
            cumulative_on("$5"),
        );
        let key = match scope {
            Scope::ChildrenOf(code) => code.clone(),
            Scope::Level(level) => level.slug().to_string(),
        };
        let rows = sqlx::query(&sql)
            .bind(campaign)
            .bind(day)
            .bind(day - Duration::days(1))
            .bind(day - Duration::days(7))
            .bind(day - Duration::days(14))
            .bind(key)
            .fetch_all(&self.pool)
            .await?;
        let mut out: Vec<UnitCounts> = Vec::new();
        for r in rows {
            let code: String = r.get(0);
            if out.last().is_none_or(|u| u.unit.code != code) {
                out.push(UnitCounts {
                    unit: UnitRef {
                        code,
                        name: r.get(1),
                        level: level_of(r.get(2))?,
                        parent: r.get(3),
                    },
                    region: r.get(4),
                    stages: PerStage::from_fn(|_| StageCounts::default()),
                });
            }
            let unit = out.last_mut().expect("pushed above");
            let stage = stage_of(r.get(5))?;
            let count = |i: usize| r.get::<Option<i64>, _>(i).unwrap_or(0) as u64;
            *unit.stages.get_mut(stage) = StageCounts {
                target: r.get::<Option<i64>, _>(6).map(|t| t as u64),
                now: count(7),
                day_before: count(8),
                week_before: count(9),
                two_weeks_before: count(10),
            };
        }
        Ok(out)
    }

    /// Daily counts of the children of `parent` in one stage over the days
    /// after `from` up to `to`, per child code, oldest first.
    pub async fn children_daily(
        &self,
        campaign: i64,
        parent: &str,
        stage: Stage,
        from: NaiveDate,
        to: NaiveDate,
    ) -> DbResult<HashMap<String, Vec<(NaiveDate, u64)>>> {
        // Written with IN, not a join: SQLite would otherwise scan every total
        // of the campaign (10 million rows) and look the unit up for each.
        let rows = sqlx::query(
            "SELECT d.unit_code, d.day, d.count
             FROM daily_totals d
             WHERE d.campaign_id = $1 AND d.stage = $2 AND d.day > $3 AND d.day <= $4
               AND d.unit_code IN (SELECT code FROM units WHERE parent_code = $5)
             ORDER BY d.unit_code, d.day",
        )
        .bind(campaign)
        .bind(stage.slug())
        .bind(from)
        .bind(to)
        .bind(parent)
        .fetch_all(&self.pool)
        .await?;
        let mut out: HashMap<String, Vec<(NaiveDate, u64)>> = HashMap::new();
        for r in rows {
            out.entry(r.get(0))
                .or_default()
                .push((r.get(1), r.get::<i64, _>(2) as u64));
        }
        Ok(out)
    }

    /// Sum of the communes' cumulative totals in one stage as of `day` (for consistency checks).
    pub async fn communes_cumulative(
        &self,
        campaign: i64,
        stage: Stage,
        day: NaiveDate,
    ) -> DbResult<u64> {
        let sum: Option<i64> = sqlx::query_scalar(
            "SELECT SUM(count) FROM reports WHERE campaign_id = $1 AND stage = $2 AND day <= $3",
        )
        .bind(campaign)
        .bind(stage.slug())
        .bind(day)
        .fetch_one(&self.pool)
        .await?;
        Ok(sum.unwrap_or(0) as u64)
    }

    /// Communes with no applications report on a day in `(since, day]`, and all communes.
    pub async fn silent_communes(
        &self,
        campaign: i64,
        since: NaiveDate,
        day: NaiveDate,
    ) -> DbResult<(u64, u64)> {
        let (silent, all): (i64, i64) = sqlx::query_as(
            "SELECT COALESCE(SUM(CASE WHEN NOT EXISTS (
                        SELECT 1 FROM reports r
                        WHERE r.campaign_id = $1 AND r.unit_code = u.code
                          AND r.stage = 'applications' AND r.day > $2 AND r.day <= $3)
                    THEN 1 ELSE 0 END), 0),
                    COUNT(*)
             FROM units u WHERE u.level = 'commune'",
        )
        .bind(campaign)
        .bind(since)
        .bind(day)
        .fetch_one(&self.pool)
        .await?;
        Ok((silent as u64, all as u64))
    }

    // ---- writing figures ---------------------------------------------------

    /// Bulk-loads commune reports and the totals of the units above them (the
    /// demo), in one transaction. The communes' own totals are derived from the
    /// reports inside the database, which is several times faster than binding
    /// ten million more rows.
    pub async fn bulk_load(
        &self,
        campaign: i64,
        source: &str,
        reports: impl IntoIterator<Item = Report>,
        totals: impl IntoIterator<Item = TotalRow>,
    ) -> DbResult<()> {
        let received_at = now_rfc3339();
        let mut tx = self.write_tx().await?;
        let mut reports = reports.into_iter().peekable();
        while reports.peek().is_some() {
            let chunk: Vec<Report> = reports.by_ref().take(MAX_BINDS / 7).collect();
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO reports (campaign_id, unit_code, stage, day, count, source, received_at) ",
            );
            q.push_values(&chunk, |mut b, r| {
                b.push_bind(campaign)
                    .push_bind(&r.unit_code)
                    .push_bind(r.stage.slug())
                    .push_bind(r.day)
                    .push_bind(r.count as i64)
                    .push_bind(source)
                    .push_bind(&received_at);
            });
            q.build().execute(&mut *tx).await?;
        }
        tracing::info!("reports written");
        sqlx::query(
            "INSERT INTO daily_totals (campaign_id, unit_code, stage, day, count, cumulative)
             SELECT campaign_id, unit_code, stage, day, count,
                    SUM(count) OVER (PARTITION BY unit_code, stage ORDER BY day)
             FROM reports WHERE campaign_id = $1",
        )
        .bind(campaign)
        .execute(&mut *tx)
        .await?;
        tracing::info!("commune totals derived");
        let mut totals = totals.into_iter().peekable();
        while totals.peek().is_some() {
            let chunk: Vec<TotalRow> = totals.by_ref().take(MAX_BINDS / 6).collect();
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO daily_totals (campaign_id, unit_code, stage, day, count, cumulative) ",
            );
            q.push_values(&chunk, |mut b, t| {
                b.push_bind(campaign)
                    .push_bind(&t.unit_code)
                    .push_bind(t.stage.slug())
                    .push_bind(t.day)
                    .push_bind(t.count as i64)
                    .push_bind(t.cumulative as i64);
            });
            q.build().execute(&mut *tx).await?;
        }
        touch_campaign(&mut tx, campaign, &received_at).await?;
        tracing::info!("totals written, committing");
        tx.commit().await?;
        Ok(())
    }

    /// Records reports from communes, all or nothing.
    ///
    /// A report for a (commune, stage, day) already reported replaces it: the
    /// totals of the commune and every ancestor move by the difference, so a
    /// re-sent report never counts twice.
    pub async fn record_reports(
        &self,
        campaign: i64,
        source: &str,
        reports: &[Report],
    ) -> DbResult<()> {
        let received_at = now_rfc3339();
        let mut tx = self.write_tx().await?;
        for r in reports {
            let mut chain = vec![r.unit_code.clone()];
            let level: Option<String> =
                sqlx::query_scalar("SELECT level FROM units WHERE code = $1")
                    .bind(&r.unit_code)
                    .fetch_optional(&mut *tx)
                    .await?;
            match level.as_deref() {
                Some("commune") => {}
                Some(other) => {
                    return Err(DbError::Invalid(format!(
                        "unit '{}' is a {other}; only communes report figures",
                        r.unit_code
                    )));
                }
                None => return Err(DbError::NotFound(format!("unit '{}'", r.unit_code))),
            }
            while let Some(parent) = sqlx::query_scalar::<_, Option<String>>(
                "SELECT parent_code FROM units WHERE code = $1",
            )
            .bind(chain.last().expect("chain starts with the commune"))
            .fetch_one(&mut *tx)
            .await?
            {
                chain.push(parent);
            }
            let old: Option<i64> = sqlx::query_scalar(
                "SELECT count FROM reports WHERE campaign_id = $1 AND unit_code = $2 AND stage = $3 AND day = $4",
            )
            .bind(campaign)
            .bind(&r.unit_code)
            .bind(r.stage.slug())
            .bind(r.day)
            .fetch_optional(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO reports (campaign_id, unit_code, stage, day, count, source, received_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (campaign_id, unit_code, stage, day)
                 DO UPDATE SET count = excluded.count, source = excluded.source, received_at = excluded.received_at",
            )
            .bind(campaign)
            .bind(&r.unit_code)
            .bind(r.stage.slug())
            .bind(r.day)
            .bind(r.count as i64)
            .bind(source)
            .bind(&received_at)
            .execute(&mut *tx)
            .await?;
            let delta = r.count as i64 - old.unwrap_or(0);
            for code in &chain {
                add_to_totals(&mut tx, campaign, code, r.stage, r.day, delta).await?;
            }
        }
        touch_campaign(&mut tx, campaign, &received_at).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Moves one unit's total for `day` by `delta`, and every later running total with it.
async fn add_to_totals(
    tx: &mut sqlx::Transaction<'_, Sqlite>,
    campaign: i64,
    code: &str,
    stage: Stage,
    day: NaiveDate,
    delta: i64,
) -> DbResult<()> {
    let before: Option<i64> = sqlx::query_scalar(
        "SELECT cumulative FROM daily_totals
         WHERE campaign_id = $1 AND unit_code = $2 AND stage = $3 AND day < $4
         ORDER BY day DESC LIMIT 1",
    )
    .bind(campaign)
    .bind(code)
    .bind(stage.slug())
    .bind(day)
    .fetch_optional(&mut **tx)
    .await?;
    // A new row starts from the running total before it; an existing one moves by delta.
    sqlx::query(
        "INSERT INTO daily_totals (campaign_id, unit_code, stage, day, count, cumulative)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (campaign_id, unit_code, stage, day)
         DO UPDATE SET count = daily_totals.count + $5, cumulative = daily_totals.cumulative + $5",
    )
    .bind(campaign)
    .bind(code)
    .bind(stage.slug())
    .bind(day)
    .bind(delta)
    .bind(before.unwrap_or(0) + delta)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE daily_totals SET cumulative = cumulative + $1
         WHERE campaign_id = $2 AND unit_code = $3 AND stage = $4 AND day > $5",
    )
    .bind(delta)
    .bind(campaign)
    .bind(code)
    .bind(stage.slug())
    .bind(day)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn touch_campaign(
    tx: &mut sqlx::Transaction<'_, Sqlite>,
    campaign: i64,
    at: &str,
) -> DbResult<()> {
    sqlx::query("UPDATE campaigns SET updated_at = $1 WHERE id = $2")
        .bind(at)
        .bind(campaign)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Db {
    /// Replaces the published milestones.
    pub async fn replace_milestones(&self, rows: &[Milestone]) -> DbResult<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM milestones")
            .execute(&mut *tx)
            .await?;
        for m in rows {
            sqlx::query("INSERT INTO milestones (day, scope, stage, value, precision, source) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(m.day)
            .bind(&m.scope)
            .bind(&m.stage)
            .bind(m.value)
            .bind(&m.precision)
            .bind(&m.source)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Published national milestones of one stage, oldest first.
    pub async fn national_milestones(&self, stage: Stage) -> DbResult<Vec<Milestone>> {
        let rows = sqlx::query(
            "SELECT day, scope, stage, value, precision, source FROM milestones
         WHERE scope = 'national' AND stage = $1 AND value IS NOT NULL ORDER BY day",
        )
        .bind(stage.slug())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| Milestone {
                day: r.get(0),
                scope: r.get(1),
                stage: r.get(2),
                value: r.get(3),
                precision: r.get(4),
                source: r.get(5),
            })
            .collect())
    }
}

/// A published figure of the real campaign.
#[derive(Clone, Debug, PartialEq)]
pub struct Milestone {
    /// Day of the figure.
    pub day: NaiveDate,
    /// `national` or a province code.
    pub scope: String,
    /// Stage slug, `event` or `target`.
    pub stage: String,
    /// The figure.
    pub value: Option<i64>,
    /// exact, about, more_than, reached, target.
    pub precision: Option<String>,
    /// Where it was published.
    pub source: String,
}
