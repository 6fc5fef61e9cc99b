//! [`Database`] on PostgreSQL: for deployments with several `tiendo serve`
//! processes behind a load balancer. Writers take turns on the row lock of
//! `data_version`; every write sends the new version with `NOTIFY`, which
//! each process's follower hears.

use std::fmt::Write as _;
use std::time::Duration as StdDuration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgListener, PgPool, PgPoolOptions};
use sqlx::{Postgres, QueryBuilder, Transaction};

use super::*;

static MIGRATOR: Migrator = sqlx::migrate!("../migrations/postgres");

/// The channel versions are announced on.
const CHANNEL: &str = "tiendo_data";
/// PostgreSQL allows 65,535 bound values per statement.
const MAX_BINDS: usize = 60_000;
/// Rows of COPY text sent per message.
const COPY_CHUNK_ROWS: usize = 20_000;

/// Takes the writers' lock: the first statement of every write transaction.
const LOCK_VERSION: &str = "SELECT version FROM data_version FOR UPDATE";
const NOTIFY: &str = "SELECT pg_notify($1, $2)";
/// The temporary tables a report batch goes through, dropped at commit.
const BATCH_TABLES: [&str; 2] = [
    "CREATE TEMP TABLE incoming (
        unit_code TEXT NOT NULL, stage TEXT NOT NULL, day DATE NOT NULL, count BIGINT NOT NULL,
        old BIGINT, PRIMARY KEY (unit_code, stage, day)) ON COMMIT DROP",
    "CREATE TEMP TABLE deltas (
        unit_code TEXT NOT NULL, stage TEXT NOT NULL, day DATE NOT NULL, delta BIGINT NOT NULL,
        PRIMARY KEY (unit_code, stage, day)) ON COMMIT DROP",
];
/// The totals above the communes of a campaign being loaded, before they
/// go into its partition with the communes' ([`DERIVE_TOTALS`]).
const LOAD_TOTALS: &str = "CREATE TEMP TABLE load_totals (unit_code TEXT NOT NULL,
     stage TEXT NOT NULL, day DATE NOT NULL, count BIGINT NOT NULL, cumulative BIGINT NOT NULL)
     ON COMMIT DROP";
/// A loaded campaign's totals (into its partition `TOTALS`, $1 its id),
/// dense as recording keeps them. The communes' running totals come from
/// one window over their reports, written as they are; the days a commune
/// did not report between its first and the campaign's last (few: silent
/// communes) are found from the next report day (`LEAD`) and go, carried,
/// into `load_totals` beside the levels above, which then go in whole.
/// (A join of every commune and campaign day with the reports took 400 s
/// for the full demo: the partition has no index yet, built after, whole.)
const DERIVE_TOTALS: [&str; 2] = [
    "WITH s AS (SELECT unit_code, stage, day, count, SUM(count) OVER w AS cumulative,
                       LEAD(day) OVER w AS next_day
                FROM REPORTS WHERE campaign_id = $1
                WINDOW w AS (PARTITION BY unit_code, stage ORDER BY day)),
          days AS (SELECT day, LEAD(day) OVER (ORDER BY day) AS next FROM campaign_days
                   WHERE campaign_id = $1),
          written AS (INSERT INTO TOTALS (campaign_id, unit_code, stage, day, count, cumulative)
                      SELECT $1, unit_code, stage, day, count, cumulative FROM s)
     INSERT INTO load_totals (unit_code, stage, day, count, cumulative)
     SELECT s.unit_code, s.stage, c.day, 0, s.cumulative
     FROM s JOIN days d ON d.day = s.day
     JOIN campaign_days c ON c.campaign_id = $1 AND c.day > s.day
                         AND (s.next_day IS NULL OR c.day < s.next_day)
     WHERE s.next_day IS DISTINCT FROM d.next",
    "INSERT INTO TOTALS (campaign_id, unit_code, stage, day, count, cumulative)
     SELECT $1, unit_code, stage, day, count, cumulative FROM load_totals",
];
/// A batch into `incoming` in one statement, as four arrays.
const FILL_INCOMING: &str = "INSERT INTO incoming (unit_code, stage, day, count)
     SELECT * FROM UNNEST($1::text[], $2::text[], $3::date[], $4::bigint[])";

/// A PostgreSQL database.
pub struct PgDb {
    pool: PgPool,
    feed: Arc<Feed>,
}

impl PgDb {
    /// Connects to `url` (`postgres://user:password@host:port/database`).
    pub async fn open(url: &str) -> DbResult<PgDb> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(StdDuration::from_secs(10))
            .connect(url)
            .await?;
        let db = PgDb {
            pool,
            feed: Arc::new(Feed::new(0)),
        };
        if let Ok(v) = db.data_version().await {
            db.feed.publish(v);
        }
        Ok(db)
    }

    /// Starts a write transaction holding the writers' lock.
    async fn write_tx(&self) -> DbResult<Transaction<'static, Postgres>> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(LOCK_VERSION).execute(&mut *tx).await?;
        Ok(tx)
    }

    /// Increments the version, announces it at commit, and commits.
    async fn commit(&self, mut tx: Transaction<'static, Postgres>) -> DbResult<i64> {
        let version: i64 = sqlx::query_scalar(BUMP_VERSION).fetch_one(&mut *tx).await?;
        sqlx::query(NOTIFY)
            .bind(CHANNEL)
            .bind(version.to_string())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.feed.publish(version);
        Ok(version)
    }

    /// Deletes the rows of campaigns that are no longer served.
    async fn delete_stale_campaigns(&self) -> DbResult<()> {
        let stale: Vec<i64> = sqlx::query_scalar(STALE_CAMPAIGNS)
            .fetch_all(&self.pool)
            .await?;
        for id in stale {
            let mut tx = self.pool.begin().await?;
            // A campaign's figures are partitions of their own: dropped whole.
            sqlx::query(&format!(
                "DROP TABLE IF EXISTS {}, {}",
                partition("reports", id),
                partition("daily_totals", id)
            ))
            .execute(&mut *tx)
            .await?;
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

    /// Listens for new versions until the connection fails.
    async fn listen(&self) -> DbResult<()> {
        let mut listener = PgListener::connect_with(&self.pool).await?;
        listener.listen(CHANNEL).await?;
        // Whatever was written before we listened.
        self.feed.publish(self.data_version().await?);
        loop {
            match listener.try_recv().await? {
                Some(n) => match n.payload().parse::<i64>() {
                    Ok(v) => self.feed.publish(v),
                    Err(_) => tracing::warn!(payload = n.payload(), "unexpected notification"),
                },
                // The connection dropped and came back: notifications may be lost.
                None => self.feed.publish(self.data_version().await?),
            }
        }
    }
}

/// The partition of `table` holding campaign `id`'s rows.
fn partition(table: &str, id: i64) -> String {
    format!("{table}_c{id}")
}

/// Sends `rows` to a `COPY … FROM STDIN` in text format, in chunks.
async fn copy_in<T>(
    tx: &mut Transaction<'static, Postgres>,
    statement: &str,
    rows: impl Iterator<Item = T>,
    write: impl Fn(&mut String, &T),
) -> DbResult<()> {
    let mut copy = tx.copy_in_raw(statement).await?;
    let mut rows = rows.peekable();
    let mut buf = String::new();
    while rows.peek().is_some() {
        buf.clear();
        for row in rows.by_ref().take(COPY_CHUNK_ROWS) {
            write(&mut buf, &row);
        }
        copy.send(buf.as_bytes()).await?;
    }
    copy.finish().await?;
    Ok(())
}

super::portable_queries!(PgDb, "string_agg");

impl PgDb {
    /// Per day and stage, `value` of every row of `table` (keyed by day) as one text.
    async fn per_day_lists(
        &self,
        campaign: i64,
        days: &[NaiveDate],
        value: &str,
        table: &str,
    ) -> DbResult<Vec<TotalsOn>> {
        let sql = format!(
            "SELECT t.day, t.stage, string_agg(t.unit_code || ' ' || {value}, ',')
             FROM {table} t WHERE t.campaign_id = $1 AND t.day = ANY($2)
             GROUP BY t.day, t.stage"
        );
        let rows = sqlx::query_as(&sql)
            .bind(campaign)
            .bind(days)
            .fetch_all(&self.pool)
            .await?;
        totals_on_of(rows)
    }
}

#[async_trait::async_trait]
impl Database for PgDb {
    fn engine(&self) -> &'static str {
        "postgres"
    }

    fn feed(&self) -> &Arc<Feed> {
        &self.feed
    }

    async fn follow_changes(&self) {
        loop {
            if let Err(e) = self.listen().await {
                tracing::warn!(error = %e, "listening for data changes failed; retrying");
            }
            tokio::time::sleep(StdDuration::from_secs(1)).await;
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
                Err(_) => return Ok(false),
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
        // Two servers starting on an empty database: the second finds units.
        let existing: i64 = sqlx::query_scalar(UNIT_COUNT).fetch_one(&mut *tx).await?;
        if existing > 0 {
            return Ok(());
        }
        for chunk in units.chunks(MAX_BINDS / 11) {
            let mut q: QueryBuilder<Postgres> = QueryBuilder::new(
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
        self.commit(tx).await?;
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
        self.commit(tx).await?;
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
        self.commit(tx).await?;
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
        self.delete_stale_campaigns().await?;
        let received_at = now_rfc3339();
        let mut tx = self.write_tx().await?;
        let c = &load.campaign;
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
        copy_in(
            &mut tx,
            "COPY targets (campaign_id, unit_code, stage, target) FROM STDIN",
            load.targets.iter(),
            |buf, (code, stage, target)| {
                let _ = writeln!(buf, "{id}\t{code}\t{}\t{target}", stage.slug());
            },
        )
        .await?;
        // The figures go into tables of their own, without indexes; indexed
        // once, whole, they become the campaign's partitions.
        let (reports, totals) = (partition("reports", id), partition("daily_totals", id));
        for (table, parent) in [(&reports, "reports"), (&totals, "daily_totals")] {
            sqlx::query(&format!(
                "CREATE TABLE {table} (LIKE {parent} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
            ))
            .execute(&mut *tx)
            .await?;
        }
        copy_in(
            &mut tx,
            &format!("COPY {reports} (campaign_id, unit_code, stage, day, count, source, received_at) FROM STDIN"),
            load.reports,
            |buf, r| {
                let _ = writeln!(
                    buf,
                    "{id}\t{}\t{}\t{}\t{}\t{}\t{received_at}",
                    r.unit_code,
                    r.stage.slug(),
                    r.day,
                    r.count,
                    load.source
                );
            },
        )
        .await?;
        tracing::info!("reports written");
        // Sorting ten million rows for running totals and indexes: in memory, not on disk.
        for setting in [
            "SET LOCAL work_mem = '512MB'",
            "SET LOCAL maintenance_work_mem = '512MB'",
        ] {
            sqlx::query(setting).execute(&mut *tx).await?;
        }
        sqlx::query(LOAD_TOTALS).execute(&mut *tx).await?;
        copy_in(
            &mut tx,
            "COPY load_totals (unit_code, stage, day, count, cumulative) FROM STDIN",
            load.totals,
            |buf, t| {
                let _ = writeln!(
                    buf,
                    "{}\t{}\t{}\t{}\t{}",
                    t.unit_code,
                    t.stage.slug(),
                    t.day,
                    t.count,
                    t.cumulative
                );
            },
        )
        .await?;
        for statement in [DERIVE_CAMPAIGN_DAYS, DERIVE_TOTALS[0], DERIVE_TOTALS[1]] {
            sqlx::query(
                &statement
                    .replace("REPORTS", &reports)
                    .replace("TOTALS", &totals),
            )
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tracing::info!("totals derived, indexing");
        // The parent's indexes, built here so that attaching reuses them, and
        // the partition's constraint, so that attaching need not scan it.
        for statement in [
            format!("ALTER TABLE {reports} ADD PRIMARY KEY (campaign_id, day, stage, unit_code)"),
            format!("ALTER TABLE {reports} ADD CHECK (campaign_id = {id})"),
            format!("ALTER TABLE {totals} ADD PRIMARY KEY (campaign_id, day, stage, unit_code)"),
            format!("ALTER TABLE {totals} ADD CHECK (campaign_id = {id})"),
            format!("ALTER TABLE reports ATTACH PARTITION {reports} FOR VALUES IN ({id})"),
            format!("ALTER TABLE daily_totals ATTACH PARTITION {totals} FOR VALUES IN ({id})"),
        ] {
            sqlx::query(&statement).execute(&mut *tx).await?;
        }
        sqlx::query(TOUCH_CAMPAIGN)
            .bind(&received_at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        self.commit(tx).await?;
        // Fresh tables have no statistics: the planner needs them at once.
        sqlx::query(&format!("ANALYZE {reports}, {totals}"))
            .execute(&self.pool)
            .await?;
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
        let received_at = now_rfc3339();
        let mut tx = self.write_tx().await?;
        for statement in BATCH_TABLES {
            sqlx::query(statement).execute(&mut *tx).await?;
        }
        sqlx::query(FILL_INCOMING)
            .bind(
                reports
                    .iter()
                    .map(|r| r.unit_code.clone())
                    .collect::<Vec<_>>(),
            )
            .bind(reports.iter().map(|r| r.stage.slug()).collect::<Vec<_>>())
            .bind(reports.iter().map(|r| r.day).collect::<Vec<_>>())
            .bind(reports.iter().map(|r| r.count as i64).collect::<Vec<_>>())
            .execute(&mut *tx)
            .await?;
        if !super::record_incoming!(tx, campaign, author, &received_at, &days) {
            tx.rollback().await?;
            return self.data_version().await;
        }
        self.commit(tx).await
    }

    async fn recorded(&self, campaign: i64, keys: &[Wanted]) -> DbResult<Vec<Recorded>> {
        let fields = key_sql(RECORDED_FIELDS, "k.code", "k.stage", "k.day", "k.from_day");
        let text: Option<String> = sqlx::query_scalar(&format!(
            "SELECT string_agg((k.i - 1) || ' ' || {fields}, ',')
             FROM UNNEST($2::text[], $3::text[], $4::date[], $5::date[])
                  WITH ORDINALITY AS k (code, stage, day, from_day, i)"
        ))
        .bind(campaign)
        .bind(keys.iter().map(|w| w.key.0.clone()).collect::<Vec<_>>())
        .bind(keys.iter().map(|w| w.key.1.slug()).collect::<Vec<_>>())
        .bind(keys.iter().map(|w| w.key.2).collect::<Vec<_>>())
        .bind(keys.iter().map(history_from).collect::<Vec<_>>())
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
        self.commit(tx).await?;
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
        sqlx::query(
            "CREATE TEMP TABLE found (unit_code TEXT NOT NULL, rule TEXT NOT NULL,
                severity TEXT NOT NULL, figures TEXT NOT NULL, PRIMARY KEY (unit_code, rule)) ON COMMIT DROP",
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO found (unit_code, rule, severity, figures)
             SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[])",
        )
        .bind(findings.iter().map(|f| f.unit.clone()).collect::<Vec<_>>())
        .bind(findings.iter().map(|f| f.rule.slug()).collect::<Vec<_>>())
        .bind(
            findings
                .iter()
                .map(|f| f.severity.slug())
                .collect::<Vec<_>>(),
        )
        .bind(
            findings
                .iter()
                .map(|f| serde_json::to_string(&f.figures).unwrap_or_default())
                .collect::<Vec<_>>(),
        )
        .execute(&mut *tx)
        .await?;
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
        let version = self.commit(tx).await?;
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
            "SELECT stage, string_agg(unit_code || ' ' || target, ',') FROM targets WHERE campaign_id = $1 GROUP BY stage",
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
