//! [`Database`] on a SQLite file: the embedded default. WAL mode lets pages
//! read while a report or a campaign load writes; writers take turns on
//! SQLite's one write lock (`BEGIN IMMEDIATE`).

use std::str::FromStr;
use std::time::Duration as StdDuration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{QueryBuilder, Sqlite, SqlitePool, Transaction};

use super::*;

static MIGRATOR: Migrator = sqlx::migrate!("../migrations/sqlite");

/// SQLite allows 32,766 bound values per statement.
const MAX_BINDS: usize = 32_000;
/// The page cache of a connection while it records a batch (256 MB).
const WRITER_CACHE: &str = "PRAGMA cache_size = -262144";
/// The batch's connection leaves checkpoints to [`CHECKPOINT`], run after the answer.
const NO_AUTOCHECKPOINT: &str = "PRAGMA wal_autocheckpoint = 0";
/// Copies what it can of the log into the file without waiting for readers or writers.
const CHECKPOINT: &str = "PRAGMA wal_checkpoint(PASSIVE)";
/// The batch's connection (closed after it) does not probe a unit and a
/// campaign for each row it writes in `reports`, `audit_log` and
/// `daily_totals`: its statements check every unit once
/// (`FIRST_NON_COMMUNE`), parents come from the units' tree, and the
/// campaign is the served one. The probes were a tenth of a national day.
const NO_FOREIGN_KEY_PROBES: &str = "PRAGMA foreign_keys = OFF";
/// The totals above the communes of a campaign being loaded, before they
/// go into `daily_totals` after the communes' ([`LOAD_PARENT_TOTALS`]).
/// (Dropped first: a load cut short leaves it on its pooled connection.)
const LOAD_TOTALS: [&str; 2] = [
    DROP_LOAD_TOTALS,
    "CREATE TEMP TABLE load_totals (unit_code TEXT NOT NULL, stage TEXT NOT NULL,
        day DATE NOT NULL, count BIGINT NOT NULL, cumulative BIGINT NOT NULL)",
];
const DROP_LOAD_TOTALS: &str = "DROP TABLE IF EXISTS temp.load_totals";
/// A loaded campaign's totals above the communes, from `load_totals`,
/// once the communes' are in, in the key's order.
const LOAD_PARENT_TOTALS: &str =
    "INSERT INTO daily_totals (campaign_id, unit_code, stage, day, count, cumulative)
     SELECT $1, unit_code, stage, day, count, cumulative FROM load_totals
     ORDER BY day, stage, unit_code";
/// Keys sent as one JSON array of `[code, stage, day, window start]`, as
/// a table `k` of (position, code, stage, day, from_day). Materialized:
/// each field is taken out of the JSON once, not at each use (ten uses a key).
const JSON_KEYS: &str = "k AS MATERIALIZED (SELECT key AS i, value ->> 0 AS code,
     value ->> 1 AS stage, value ->> 2 AS day, value ->> 3 AS from_day FROM json_each($2))";
/// How often the follower reads the version written by other processes.
const POLL_EVERY: StdDuration = StdDuration::from_millis(250);

/// A batch's figures into `incoming`, from one JSON array of `[unit,
/// stage, day, count]`: one bound text instead of four binds a figure (a
/// national day: 35 ms, against 44 ms in statements of 8,000 rows).
const FILL_INCOMING: &str = "INSERT INTO incoming (unit_code, stage, day, count)
     SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each($1)";
/// The temporary tables a report batch goes through (per connection, emptied each time).
const BATCH_TABLES: [&str; 4] = [
    "CREATE TEMP TABLE IF NOT EXISTS incoming (
        unit_code TEXT NOT NULL, stage TEXT NOT NULL, day DATE NOT NULL, count BIGINT NOT NULL,
        old BIGINT, PRIMARY KEY (unit_code, stage, day)) WITHOUT ROWID",
    "CREATE TEMP TABLE IF NOT EXISTS deltas (
        unit_code TEXT NOT NULL, stage TEXT NOT NULL, day DATE NOT NULL, delta BIGINT NOT NULL,
        PRIMARY KEY (unit_code, stage, day)) WITHOUT ROWID",
    "DELETE FROM incoming",
    "DELETE FROM deltas",
];

/// A SQLite database file.
pub struct SqliteDb {
    pool: SqlitePool,
    feed: Arc<Feed>,
}

impl SqliteDb {
    /// Opens `url` (`sqlite://path`); creates the file only with `create`.
    pub async fn open(url: &str, create: bool) -> DbResult<SqliteDb> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(create)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(StdDuration::from_secs(30))
            .foreign_keys(true)
            // A batch's temporary tables stay in memory, not in a temporary file.
            .pragma("temp_store", "memory");
        let file = options.get_filename().to_path_buf();
        if !create && !file.exists() {
            return Err(DbError::NotFound(format!(
                "database file {} (`tiendo migrate` or `tiendo demo` creates it)",
                file.display()
            )));
        }
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                DbError::Other(format!("cannot create folder {}: {e}", dir.display()))
            })?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        let db = SqliteDb {
            pool,
            feed: Arc::new(Feed::new(0)),
        };
        // Before the first migration there is no version to read yet.
        if let Ok(v) = db.data_version().await {
            db.feed.publish(v);
        }
        Ok(db)
    }

    /// Starts a transaction that will write. `BEGIN IMMEDIATE` takes the
    /// write lock at once, so a transaction that reads before it writes
    /// waits for another writer instead of failing with "database is locked".
    async fn write_tx(&self) -> DbResult<Transaction<'static, Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Deletes the rows of campaigns that are no longer served.
    async fn delete_stale_campaigns(&self) -> DbResult<()> {
        let stale: Vec<i64> = sqlx::query_scalar(STALE_CAMPAIGNS)
            .fetch_all(&self.pool)
            .await?;
        for id in stale {
            let mut tx = self.write_tx().await?;
            for statement in DELETE_CAMPAIGN_ROWS {
                sqlx::query(statement).bind(id).execute(&mut *tx).await?;
            }
            sqlx::query("DELETE FROM campaigns WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// [`Database::record_reports`] on one connection.
    async fn record_on(
        &self,
        conn: &mut sqlx::pool::PoolConnection<Sqlite>,
        campaign: i64,
        author: &Author,
        reports: &[Report],
        days: &[NaiveDate],
    ) -> DbResult<i64> {
        let received_at = now_rfc3339();
        let mut tx = sqlx::Connection::begin_with(&mut **conn, "BEGIN IMMEDIATE").await?;
        for statement in BATCH_TABLES {
            sqlx::query(statement).execute(&mut *tx).await?;
        }
        let rows: Vec<(&str, &str, NaiveDate, u64)> = reports
            .iter()
            .map(|r| (r.unit_code.as_str(), r.stage.slug(), r.day, r.count))
            .collect();
        sqlx::query(FILL_INCOMING)
            .bind(serde_json::to_string(&rows).map_err(|e| DbError::Other(e.to_string()))?)
            .execute(&mut *tx)
            .await?;
        if !super::record_incoming!(tx, campaign, author, &received_at, days) {
            // A batch already recorded as it is: nothing moves, not even the version.
            tx.rollback().await?;
            return self.data_version().await;
        }
        let version = bump(&mut tx).await?;
        tx.commit().await?;
        self.feed.publish(version);
        Ok(version)
    }
}

/// Increments the version inside `tx` and returns it.
async fn bump(tx: &mut Transaction<'_, Sqlite>) -> DbResult<i64> {
    Ok(sqlx::query_scalar(BUMP_VERSION)
        .fetch_one(&mut **tx)
        .await?)
}

super::portable_queries!(SqliteDb, "group_concat");

impl SqliteDb {
    /// Per day and stage, `value` of every row of `table` (keyed by day)
    /// as one text: SQLite's driver costs microseconds a row.
    async fn per_day_lists(
        &self,
        campaign: i64,
        days: &[NaiveDate],
        value: &str,
        table: &str,
    ) -> DbResult<Vec<TotalsOn>> {
        let params: Vec<String> = (0..days.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT t.day, t.stage, group_concat(t.unit_code || ' ' || {value}, ',')
             FROM {table} t WHERE t.campaign_id = $1 AND t.day IN ({})
             GROUP BY t.day, t.stage",
            params.join(", ")
        );
        let mut q = sqlx::query_as(&sql).bind(campaign);
        for day in days {
            q = q.bind(*day);
        }
        totals_on_of(q.fetch_all(&self.pool).await?)
    }
}

#[async_trait::async_trait]
impl Database for SqliteDb {
    fn engine(&self) -> &'static str {
        "sqlite"
    }

    fn feed(&self) -> &Arc<Feed> {
        &self.feed
    }

    async fn follow_changes(&self) {
        loop {
            tokio::time::sleep(POLL_EVERY).await;
            match self.data_version().await {
                Ok(v) => self.feed.publish(v),
                Err(e) => tracing::warn!(error = %e, "reading the data version failed"),
            }
        }
    }

    async fn migrate(&self) -> DbResult<()> {
        MIGRATOR.run(&self.pool).await?;
        self.feed.publish(self.data_version().await?);
        Ok(())
    }

    async fn schema_current(&self) -> DbResult<bool> {
        let applied: Vec<i64> =
            match sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
                .fetch_all(&self.pool)
                .await
            {
                Ok(v) => v,
                Err(_) => return Ok(false), // no migrations table: never migrated
            };
        Ok(MIGRATOR.iter().all(|m| applied.contains(&m.version)))
    }

    async fn data_version(&self) -> DbResult<i64> {
        Ok(sqlx::query_scalar(VERSION).fetch_one(&self.pool).await?)
    }

    async fn snapshot(&self) -> DbResult<Snapshot> {
        let version = self.data_version().await?;
        let row: Option<CampaignTuple> = sqlx::query_as(CURRENT_CAMPAIGN)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else {
            return Ok(Snapshot {
                version,
                campaign: None,
                span: None,
            });
        };
        let stages = sqlx::query_as(CAMPAIGN_STAGES)
            .bind(row.0)
            .fetch_all(&self.pool)
            .await?;
        let (first, last): (Option<NaiveDate>, Option<NaiveDate>) = sqlx::query_as(DATA_SPAN)
            .bind(row.0)
            .fetch_one(&self.pool)
            .await?;
        Ok(Snapshot {
            version,
            campaign: Some(campaign_of(row, stages)?),
            span: first.zip(last),
        })
    }

    async fn unit_count(&self) -> DbResult<i64> {
        Ok(sqlx::query_scalar(UNIT_COUNT).fetch_one(&self.pool).await?)
    }

    async fn insert_units(&self, units: &[Unit]) -> DbResult<()> {
        let mut tx = self.write_tx().await?;
        for chunk in units.chunks(MAX_BINDS / 11) {
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO units (code, level, name, display_name, full_name, kind, slug, parent_code, region, population, weight) ",
            );
            q.push_values(chunk, |mut b, u| {
                b.push_bind(&u.code)
                    .push_bind(u.level.slug())
                    .push_bind(&u.name)
                    .push_bind(&u.display_name)
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
        sqlx::query(FILL_ANCESTORS).execute(&mut *tx).await?;
        let version = bump(&mut tx).await?;
        tx.commit().await?;
        self.feed.publish(version);
        Ok(())
    }

    async fn all_units(&self) -> DbResult<Vec<Unit>> {
        let rows: Vec<UnitTuple> = sqlx::query_as(ALL_UNITS).fetch_all(&self.pool).await?;
        rows.into_iter().map(unit_of).collect()
    }

    async fn set_display_names(&self, names: &[(String, String)]) -> DbResult<()> {
        let mut tx = self.write_tx().await?;
        for (code, name) in names {
            sqlx::query(SET_DISPLAY_NAME)
                .bind(code)
                .bind(name)
                .execute(&mut *tx)
                .await?;
        }
        let version = bump(&mut tx).await?;
        tx.commit().await?;
        self.feed.publish(version);
        Ok(())
    }

    async fn unit(&self, code: &str) -> DbResult<UnitRef> {
        let row: Option<UnitRefTuple> = sqlx::query_as(UNIT)
            .bind(code)
            .fetch_optional(&self.pool)
            .await?;
        unit_ref_of(row.ok_or_else(|| DbError::NotFound(format!("unit '{code}'")))?)
    }

    async fn replace_milestones(&self, rows: &[Milestone]) -> DbResult<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(DELETE_MILESTONES).execute(&mut *tx).await?;
        for m in rows {
            sqlx::query(INSERT_MILESTONE)
                .bind(m.day)
                .bind(&m.scope)
                .bind(&m.stage)
                .bind(m.value)
                .bind(&m.precision)
                .bind(&m.source)
                .execute(&mut *tx)
                .await?;
        }
        let version = bump(&mut tx).await?;
        tx.commit().await?;
        self.feed.publish(version);
        Ok(())
    }

    async fn national_milestones(&self, stage: Stage) -> DbResult<Vec<Milestone>> {
        let rows: Vec<MilestoneTuple> = sqlx::query_as(NATIONAL_MILESTONES)
            .bind(stage.slug())
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(milestone_of).collect())
    }

    async fn load_campaign(&self, load: CampaignLoad<'_>) -> DbResult<i64> {
        // Leftovers of a replaced campaign whose clean-up was cut short.
        self.delete_stale_campaigns().await?;
        let received_at = now_rfc3339();
        let mut tx = self.write_tx().await?;
        let c = &load.campaign;
        let replaced: Option<i64> = sqlx::query_scalar("SELECT id FROM campaigns WHERE slug = $1")
            .bind(&c.slug)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(old) = replaced {
            // Its figures go in the same transaction. Readers keep their
            // snapshot, old campaign included, until this commits.
            for table in ["daily_totals", "campaign_days", "reports"] {
                sqlx::query(&format!("DELETE FROM {table} WHERE campaign_id = $1"))
                    .bind(old)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        sqlx::query(RETIRE_CAMPAIGN)
            .bind(&c.slug)
            .execute(&mut *tx)
            .await?;
        let id: i64 = sqlx::query_scalar(INSERT_CAMPAIGN)
            .bind(&c.slug)
            .bind(&c.name)
            .bind(c.start)
            .bind(c.simulated)
            .fetch_one(&mut *tx)
            .await?;
        for stage in Stage::ALL {
            let goal = c.goals.get(stage);
            sqlx::query(INSERT_STAGE)
                .bind(id)
                .bind(stage.slug())
                .bind(goal.target as i64)
                .bind(goal.deadline)
                .execute(&mut *tx)
                .await?;
        }
        for chunk in load.targets.chunks(MAX_BINDS / 4) {
            let mut q: QueryBuilder<Sqlite> =
                QueryBuilder::new("INSERT INTO targets (campaign_id, unit_code, stage, target) ");
            q.push_values(chunk, |mut b, (code, stage, target)| {
                b.push_bind(id)
                    .push_bind(code)
                    .push_bind(stage.slug())
                    .push_bind(*target as i64);
            });
            q.build().execute(&mut *tx).await?;
        }
        let mut reports = load.reports.peekable();
        while reports.peek().is_some() {
            let chunk: Vec<Report> = reports.by_ref().take(MAX_BINDS / 7).collect();
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO reports (campaign_id, unit_code, stage, day, count, source, received_at) ",
            );
            q.push_values(&chunk, |mut b, r| {
                b.push_bind(id)
                    .push_bind(&r.unit_code)
                    .push_bind(r.stage.slug())
                    .push_bind(r.day)
                    .push_bind(r.count as i64)
                    .push_bind(load.source)
                    .push_bind(&received_at);
            });
            q.build().execute(&mut *tx).await?;
        }
        tracing::info!("reports written");
        for statement in LOAD_TOTALS {
            sqlx::query(statement).execute(&mut *tx).await?;
        }
        let mut totals = load.totals.peekable();
        while totals.peek().is_some() {
            let chunk: Vec<_> = totals.by_ref().take(MAX_BINDS / 5).collect();
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO load_totals (unit_code, stage, day, count, cumulative) ",
            );
            q.push_values(&chunk, |mut b, t| {
                b.push_bind(&t.unit_code)
                    .push_bind(t.stage.slug())
                    .push_bind(t.day)
                    .push_bind(t.count as i64)
                    .push_bind(t.cumulative as i64);
            });
            q.build().execute(&mut *tx).await?;
        }
        // The communes' totals in SQL, a day at a time as a batch's new day
        // (each day's rows appended in the key's order), then the levels
        // above: many times faster than binding ten million more rows.
        sqlx::query(&DERIVE_CAMPAIGN_DAYS.replace("REPORTS", "reports"))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let days: Vec<NaiveDate> = sqlx::query_scalar(CAMPAIGN_DAYS)
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
        let append = APPEND_DAY.map(|s| s.replace("DELTAS", LOADED_REPORTS));
        let mut before: Option<NaiveDate> = None;
        for day in days {
            for statement in &append {
                sqlx::query(statement)
                    .bind(id)
                    .bind(day)
                    .bind(before)
                    .execute(&mut *tx)
                    .await?;
            }
            before = Some(day);
        }
        sqlx::query(LOAD_PARENT_TOTALS)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(DROP_LOAD_TOTALS).execute(&mut *tx).await?;
        tracing::info!("totals derived");
        sqlx::query(TOUCH_CAMPAIGN)
            .bind(&received_at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let version = bump(&mut tx).await?;
        tx.commit().await?;
        self.feed.publish(version);
        self.delete_stale_campaigns().await?;
        Ok(id)
    }

    async fn record_reports(
        &self,
        campaign: i64,
        author: &Author,
        reports: &[Report],
    ) -> DbResult<i64> {
        let days = check_batch(reports)?;
        // A national day dirties a page per unit in the totals (about
        // 50 MB): with SQLite's default 2 MB cache they would
        // spill to the log and be read back mid-batch. The batch's connection
        // takes a large cache and is closed after, never returned to the
        // pool, so the cache leaves with it whatever happens, even when the
        // request is cancelled midway (read connections keep the default,
        // so a crawl does not grow them).
        let mut conn = self.pool.acquire().await?;
        conn.close_on_drop();
        for pragma in [WRITER_CACHE, NO_AUTOCHECKPOINT, NO_FOREIGN_KEY_PROBES] {
            sqlx::query(pragma).execute(&mut *conn).await?;
        }
        let version = self
            .record_on(&mut conn, campaign, author, reports, &days)
            .await?;
        // The batch's pages go from the log into the file after the answer,
        // on a connection of their own: the checkpoint of a national day
        // (about 0.7 s) is then no part of the sender's wait.
        let pool = self.pool.clone();
        tokio::spawn(async move {
            if let Err(e) = sqlx::query(CHECKPOINT).execute(&pool).await {
                tracing::warn!(error = %e, "checkpointing the log after a batch failed");
            }
        });
        Ok(version)
    }

    async fn recorded(&self, campaign: i64, keys: &[Wanted]) -> DbResult<Vec<Recorded>> {
        // All keys in one statement (as a JSON array) and one text back.
        let json = serde_json::to_string(
            &keys
                .iter()
                .map(|w| {
                    let (code, stage, day) = &w.key;
                    (
                        code,
                        stage.slug(),
                        day.to_string(),
                        history_from(w).to_string(),
                    )
                })
                .collect::<Vec<_>>(),
        )
        .map_err(|e| DbError::Other(e.to_string()))?;
        let fields = key_sql(RECORDED_FIELDS, "k.code", "k.stage", "k.day", "k.from_day");
        let text: Option<String> = sqlx::query_scalar(&format!(
            "WITH {JSON_KEYS} SELECT group_concat(k.i || ' ' || {fields}, ',') FROM k"
        ))
        .bind(campaign)
        .bind(json)
        .fetch_one(&self.pool)
        .await?;
        parse_recorded(text.as_deref().unwrap_or(""), keys.len())
    }

    async fn last_totals(&self, campaign: i64) -> DbResult<Vec<TotalsOn>> {
        self.shared_last_totals(campaign).await
    }

    async fn usual_maxima(
        &self,
        campaign: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> DbResult<Vec<(Stage, Vec<(String, u64)>)>> {
        self.shared_usual_maxima(campaign, from, to).await
    }

    async fn changes(&self, campaign: i64, unit: &str, limit: u32) -> DbResult<Vec<Change>> {
        let rows: Vec<ChangeTuple> = sqlx::query_as(CHANGES)
            .bind(campaign)
            .bind(unit)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(change_of).collect()
    }

    async fn idempotent_answer(
        &self,
        account: i64,
        key: &str,
    ) -> DbResult<Option<(String, String)>> {
        Ok(sqlx::query_as(IDEMPOTENT_ANSWER)
            .bind(account)
            .bind(key)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn keep_idempotent_answer(
        &self,
        account: i64,
        key: &str,
        request: &str,
        answer: &str,
    ) -> DbResult<()> {
        sqlx::query(KEEP_IDEMPOTENT_ANSWER)
            .bind(account)
            .bind(key)
            .bind(request)
            .bind(answer)
            .bind(now_rfc3339())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn keep_upload(&self, account: i64, file_name: &str, lines: &str) -> DbResult<()> {
        sqlx::query(KEEP_UPLOAD)
            .bind(account)
            .bind(file_name)
            .bind(lines)
            .bind(now_rfc3339())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn upload(&self, account: i64) -> DbResult<Option<(String, String)>> {
        Ok(sqlx::query_as(UPLOAD)
            .bind(account)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn drop_upload(&self, account: i64) -> DbResult<()> {
        sqlx::query(DROP_UPLOAD)
            .bind(account)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn last_reports(&self, campaign: i64) -> DbResult<Vec<(String, Option<NaiveDate>)>> {
        self.shared_last_reports(campaign).await
    }

    async fn days_changed(&self, campaign: i64, after: i64, upto: i64) -> DbResult<Vec<NaiveDate>> {
        self.shared_days_changed(campaign, after, upto).await
    }

    async fn reporting_communes(
        &self,
        campaign: i64,
        day: NaiveDate,
    ) -> DbResult<Vec<(String, u64, u64)>> {
        self.shared_reporting_communes(campaign, day).await
    }

    async fn alerts(&self, campaign: i64, filter: &AlertFilter) -> DbResult<Vec<Alert>> {
        self.shared_alerts(campaign, filter).await
    }

    async fn open_alerts_within(&self, campaign: i64, unit: &str) -> DbResult<u64> {
        self.shared_open_alerts_within(campaign, unit).await
    }

    async fn open_alerts_by_rule(&self, campaign: i64) -> DbResult<Vec<(Rule, u64)>> {
        self.shared_open_alerts_by_rule(campaign).await
    }

    async fn acknowledge_alert(&self, id: i64, account: i64, comment: &str) -> DbResult<()> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(ACKNOWLEDGE)
            .bind(id)
            .bind(account)
            .bind(now_rfc3339())
            .bind(comment)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(DbError::NotFound(format!("open alert {id}")));
        }
        // The alert's state shows on pages: a new version.
        let version = bump(&mut tx).await?;
        tx.commit().await?;
        self.feed.publish(version);
        Ok(())
    }

    async fn claim_notifications(
        &self,
        now: i64,
        lease: i64,
        limit: i64,
    ) -> DbResult<Vec<Notification>> {
        self.shared_claim_notifications(now, lease, limit).await
    }

    async fn notification_result(
        &self,
        id: i64,
        result: Result<(), (String, Option<i64>)>,
    ) -> DbResult<()> {
        self.shared_notification_result(id, result).await
    }

    async fn notification_status(&self, limit: i64) -> DbResult<(u64, Vec<DeliveryFailure>)> {
        self.shared_notification_status(limit).await
    }

    fn pool_status(&self) -> (u32, u32) {
        (self.pool.size(), self.pool.num_idle() as u32)
    }

    async fn sync_alerts(
        &self,
        campaign: i64,
        day: NaiveDate,
        findings: &[Finding],
        notify: bool,
    ) -> DbResult<AlertChanges> {
        let now = now_rfc3339();
        let mut tx = self.write_tx().await?;
        for statement in [
            "CREATE TEMP TABLE IF NOT EXISTS found (unit_code TEXT NOT NULL, rule TEXT NOT NULL,
                severity TEXT NOT NULL, figures TEXT NOT NULL, PRIMARY KEY (unit_code, rule)) WITHOUT ROWID",
            "DELETE FROM found",
        ] {
            sqlx::query(statement).execute(&mut *tx).await?;
        }
        for chunk in findings.chunks(MAX_BINDS / 4) {
            let mut q: QueryBuilder<Sqlite> =
                QueryBuilder::new("INSERT INTO found (unit_code, rule, severity, figures) ");
            q.push_values(chunk, |mut b, f| {
                b.push_bind(&f.unit)
                    .push_bind(f.rule.slug())
                    .push_bind(f.severity.slug())
                    .push_bind(serde_json::to_string(&f.figures).unwrap_or_default());
            });
            q.build().execute(&mut *tx).await?;
        }
        sqlx::query(REFRESH_ALERTS)
            .bind(campaign)
            .bind(day)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        let opened: Vec<i64> = sqlx::query_scalar(OPEN_ALERTS)
            .bind(campaign)
            .bind(day)
            .bind(&now)
            .fetch_all(&mut *tx)
            .await?;
        let resolved: Vec<i64> = sqlx::query_scalar(RESOLVE_ALERTS)
            .bind(campaign)
            .bind(&now)
            .fetch_all(&mut *tx)
            .await?;
        if notify {
            let due = unix_now();
            for (ids, event) in [(&opened, "new"), (&resolved, "resolved")] {
                for id in ids {
                    sqlx::query(QUEUE_NOTIFICATION)
                        .bind(id)
                        .bind(event)
                        .bind(&now)
                        .bind(due)
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        let changes = AlertChanges {
            opened: opened.len() as u64,
            resolved: resolved.len() as u64,
            version: 0,
        };
        if opened.is_empty() && resolved.is_empty() {
            // Only sightings moved: no page changes, the version stays.
            tx.commit().await?;
            return Ok(AlertChanges {
                version: self.data_version().await?,
                ..changes
            });
        }
        let version = bump(&mut tx).await?;
        tx.commit().await?;
        self.feed.publish(version);
        Ok(AlertChanges { version, ..changes })
    }

    async fn create_account(&self, account: &NewAccount) -> DbResult<i64> {
        let id = sqlx::query_scalar(INSERT_ACCOUNT)
            .bind(&account.name)
            .bind(&account.password_hash)
            .bind(account.role.slug())
            .bind(&account.unit)
            .bind(now_rfc3339())
            .fetch_one(&self.pool)
            .await
            .map_err(|e| match DbError::from(e) {
                DbError::Conflict(_) => {
                    DbError::Conflict(format!("an account is already named '{}'", account.name))
                }
                other => other,
            })?;
        Ok(id)
    }

    async fn account(&self, id: i64) -> DbResult<Option<Account>> {
        let row: Option<AccountTuple> = sqlx::query_as(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(account_of).transpose()
    }

    async fn account_by_name(&self, name: &str) -> DbResult<Option<(Account, String)>> {
        let row: Option<(i64, String, String, String, bool, String, String)> = sqlx::query_as(
            &format!("SELECT {ACCOUNT_COLUMNS}, password_hash FROM accounts WHERE name = $1"),
        )
        .bind(name)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((account_of((r.0, r.1, r.2, r.3, r.4, r.5))?, r.6)))
            .transpose()
    }

    async fn accounts(&self) -> DbResult<Vec<Account>> {
        let rows: Vec<AccountTuple> = sqlx::query_as(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY name"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(account_of).collect()
    }

    async fn set_disabled(&self, id: i64, disabled: bool) -> DbResult<()> {
        let done = sqlx::query(SET_DISABLED)
            .bind(id)
            .bind(disabled)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(DbError::NotFound(format!("account {id}")));
        }
        Ok(())
    }

    async fn create_token(&self, account: i64, hash: &str, label: &str) -> DbResult<i64> {
        Ok(sqlx::query_scalar(INSERT_TOKEN)
            .bind(account)
            .bind(hash)
            .bind(label)
            .bind(now_rfc3339())
            .fetch_one(&self.pool)
            .await?)
    }

    async fn token_account(&self, hash: &str) -> DbResult<Option<Account>> {
        let row: Option<AccountTuple> = sqlx::query_as(TOKEN_ACCOUNT)
            .bind(hash)
            .fetch_optional(&self.pool)
            .await?;
        row.map(account_of).transpose()
    }

    async fn tokens(&self, account: i64) -> DbResult<Vec<Token>> {
        let rows = sqlx::query_as(TOKENS)
            .bind(account)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(token_of).collect())
    }

    async fn revoke_token(&self, account: i64, id: i64) -> DbResult<()> {
        let done = sqlx::query(REVOKE_TOKEN)
            .bind(account)
            .bind(id)
            .bind(now_rfc3339())
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(DbError::NotFound(format!(
                "active token {id} of account {account}"
            )));
        }
        Ok(())
    }

    async fn load_session(&self, id: &str, now: i64) -> DbResult<Option<String>> {
        Ok(sqlx::query_scalar(LOAD_SESSION)
            .bind(id)
            .bind(now)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn create_session(&self, id: &str, data: &str, expires_at: i64) -> DbResult<bool> {
        let done = sqlx::query(CREATE_SESSION)
            .bind(id)
            .bind(data)
            .bind(expires_at)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn save_session(&self, id: &str, data: &str, expires_at: i64) -> DbResult<()> {
        sqlx::query(SAVE_SESSION)
            .bind(id)
            .bind(data)
            .bind(expires_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn delete_session(&self, id: &str) -> DbResult<()> {
        sqlx::query(DELETE_SESSION)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn delete_expired_sessions(&self, now: i64) -> DbResult<u64> {
        Ok(sqlx::query(DELETE_EXPIRED_SESSIONS)
            .bind(now)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    async fn sign_in_failures(&self, keys: &[String], since: i64) -> DbResult<Vec<u32>> {
        let mut out = Vec::with_capacity(keys.len());
        for key in keys {
            let n: i64 = sqlx::query_scalar(COUNT_FAILURES)
                .bind(key)
                .bind(since)
                .fetch_one(&self.pool)
                .await?;
            out.push(n as u32);
        }
        Ok(out)
    }

    async fn record_sign_in_failure(&self, keys: &[String], at: i64) -> DbResult<()> {
        for key in keys {
            sqlx::query(INSERT_FAILURE)
                .bind(key)
                .bind(at)
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    async fn clear_sign_in_failures(&self, key: &str) -> DbResult<()> {
        sqlx::query(CLEAR_FAILURES)
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn unit_targets(&self, campaign: i64, code: &str) -> DbResult<PerStage<Option<u64>>> {
        let rows = sqlx::query_as(UNIT_TARGETS)
            .bind(campaign)
            .bind(code)
            .fetch_all(&self.pool)
            .await?;
        targets_of(rows)
    }

    async fn series(&self, campaign: i64, code: &str) -> DbResult<PerStage<Vec<DayTotal>>> {
        let rows = sqlx::query_as(SERIES)
            .bind(campaign)
            .bind(code)
            .fetch_all(&self.pool)
            .await?;
        series_of(rows)
    }

    async fn children_counts(
        &self,
        campaign: i64,
        parent: &str,
        day: NaiveDate,
    ) -> DbResult<Vec<UnitCounts>> {
        let [d0, d1, d7, d14] = standing_days(day);
        let rows: Vec<CountsTuple> = sqlx::query_as(&children_counts_sql())
            .bind(campaign)
            .bind(d0)
            .bind(d1)
            .bind(d7)
            .bind(d14)
            .bind(parent)
            .fetch_all(&self.pool)
            .await?;
        counts_of(rows)
    }

    async fn totals_on(&self, campaign: i64, days: &[NaiveDate]) -> DbResult<Vec<TotalsOn>> {
        self.shared_totals_on(campaign, days).await
    }

    async fn commune_counts_on(
        &self,
        campaign: i64,
        days: &[NaiveDate],
    ) -> DbResult<Vec<TotalsOn>> {
        self.shared_commune_counts_on(campaign, days).await
    }

    async fn all_targets(&self, campaign: i64) -> DbResult<Vec<(Stage, Vec<(String, u64)>)>> {
        let rows = sqlx::query_as(
            "SELECT stage, group_concat(unit_code || ' ' || target, ',') FROM targets WHERE campaign_id = $1 GROUP BY stage",
        )
        .bind(campaign)
        .fetch_all(&self.pool)
        .await?;
        stage_lists_of(rows)
    }

    async fn children_daily(
        &self,
        campaign: i64,
        parent: &str,
        stage: Stage,
        from: NaiveDate,
        to: NaiveDate,
    ) -> DbResult<HashMap<String, Vec<(NaiveDate, u64)>>> {
        let rows = sqlx::query_as(CHILDREN_DAILY)
            .bind(campaign)
            .bind(stage.slug())
            .bind(from)
            .bind(to)
            .bind(parent)
            .fetch_all(&self.pool)
            .await?;
        Ok(children_daily_of(rows))
    }

    async fn communes_cumulative(
        &self,
        campaign: i64,
        stage: Stage,
        day: NaiveDate,
    ) -> DbResult<u64> {
        let sum: Option<i64> = sqlx::query_scalar(COMMUNES_CUMULATIVE)
            .bind(campaign)
            .bind(stage.slug())
            .bind(day)
            .fetch_one(&self.pool)
            .await?;
        Ok(sum.unwrap_or(0) as u64)
    }

    async fn silent_communes(
        &self,
        campaign: i64,
        since: NaiveDate,
        day: NaiveDate,
    ) -> DbResult<(u64, u64)> {
        let (silent, all): (i64, i64) = sqlx::query_as(SILENT_COMMUNES)
            .bind(campaign)
            .bind(since)
            .bind(day)
            .fetch_one(&self.pool)
            .await?;
        Ok((silent as u64, all as u64))
    }
}
