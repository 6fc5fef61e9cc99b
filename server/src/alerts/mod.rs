//! The server watching the campaign: after each batch of reports (the
//! change feed moves) and once a day at the configured hour, every rule of
//! [`tiendo_core::alerts`] is evaluated on the figures; one open alert is
//! kept per unit and rule, alerts whose condition cleared resolve by
//! themselves, and each new or resolved alert is queued for the webhook
//! ([`webhook`]), which never stands in the way of report intake.

pub mod history;
pub mod webhook;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{FixedOffset, NaiveDate, Timelike, Utc};
use tiendo_core::Stage;
use tiendo_core::alerts::{
    Finding, Thresholds, anomaly, behind_schedule, low_completeness, silent, stage_order,
};
use tiendo_core::units::{Level, NATION_CODE, Scope};

use tiendo_core::accounts::{Actor, Role};
use tiendo_core::alerts::{Alert, AlertQuery, AlertState, describe};
use tiendo_core::units::unit_path;
use tiendo_core::views::AlertRow;

use crate::db::{AlertChanges, AlertFilter};
use crate::intake::today_in_vietnam;
use crate::views::standings::Standings;
use crate::views::{Context, Current, ViewError};

/// Evaluations wait for this long without a change, so a burst of batches
/// is one evaluation (a national day arrives as batches back to back, and an
/// evaluation beside them slowed each by half)…
const SETTLE: Duration = Duration::from_secs(1);
/// …but never longer than this after the first change: steady intake is
/// still judged.
const LONGEST_WAIT: Duration = Duration::from_secs(10);

/// Evaluates the rules and keeps the alerts.
pub struct Monitor {
    ctx: Arc<Context>,
    standings: Arc<Standings>,
    thresholds: Thresholds,
    notify: bool,
    history: history::History,
}

impl Monitor {
    /// A monitor over `ctx`; `notify` queues webhook notifications.
    pub fn new(
        ctx: Arc<Context>,
        standings: Arc<Standings>,
        thresholds: Thresholds,
        notify: bool,
    ) -> Self {
        Monitor {
            ctx,
            standings,
            thresholds,
            notify,
            history: history::History::default(),
        }
    }

    /// The day alerts are judged on (see [`judged_day`]).
    fn day_of(cur: &Current) -> NaiveDate {
        let end = Stage::ALL
            .into_iter()
            .map(|s| cur.campaign.goals.get(s).deadline)
            .max()
            .unwrap_or(cur.last_day);
        judged_day(today_in_vietnam(), cur.campaign.start, end, cur.last_day)
    }

    /// Every rule on the current figures; the alerts made to match.
    pub async fn evaluate(&self) -> Result<AlertChanges, ViewError> {
        let cur = self.ctx.current().await?;
        let day = Self::day_of(&cur);
        let figures_day = day.min(cur.last_day);
        let findings = self.findings(&cur, day, figures_day).await?;
        Ok(self
            .ctx
            .db
            .sync_alerts(cur.campaign.id, day, &findings, self.notify)
            .await?)
    }

    async fn findings(
        &self,
        cur: &Current,
        day: NaiveDate,
        figures_day: NaiveDate,
    ) -> Result<Vec<Finding>, ViewError> {
        let t = &self.thresholds;
        let start = cur.campaign.start;
        let mut found = Vec::new();
        // Behind schedule and stage order: provinces and districts from their
        // standings (communes are too small for a schedule of their own).
        for scope in [
            Scope::ChildrenOf(NATION_CODE.to_string()),
            Scope::Level(Level::District),
        ] {
            let counts = self.standings.counts(cur, &scope, figures_day).await?;
            for c in counts.iter() {
                let mut behind: Vec<Finding> = Stage::ALL
                    .into_iter()
                    .filter_map(|stage| {
                        let s = tiendo_core::standings::standing(
                            c,
                            stage,
                            figures_day,
                            cur.campaign.goals.get(stage).deadline,
                        );
                        behind_schedule(&c.unit.code, stage, &s.progress, start, figures_day, t)
                    })
                    .collect();
                // One alert per unit: its most urgent stage first (the text
                // describes the first figures), the others' figures after.
                if let Some(i) = (0..behind.len()).max_by_key(|i| behind[*i].severity) {
                    let mut merged = behind.remove(i);
                    merged
                        .figures
                        .extend(behind.into_iter().flat_map(|f| f.figures));
                    found.push(merged);
                }
                found.extend(stage_order(
                    &c.unit.code,
                    c.stages.applications.now,
                    c.stages.produced.now,
                    c.stages.delivered.now,
                ));
            }
        }
        let communes = self
            .standings
            .counts(cur, &Scope::Level(Level::Commune), figures_day)
            .await?;
        for c in communes.iter() {
            found.extend(stage_order(
                &c.unit.code,
                c.stages.applications.now,
                c.stages.produced.now,
                c.stages.delivered.now,
            ));
        }
        let db = &self.ctx.db;
        for (unit, last) in db.last_reports(cur.campaign.id).await? {
            found.extend(silent(&unit, last, start, day, t));
        }
        // Anomalies: one alert per commune, its most unusual stage.
        let mut by_unit: HashMap<String, Finding> = HashMap::new();
        for r in self
            .history
            .recent(db.as_ref(), cur.campaign.id, cur.version, figures_day)
            .await?
        {
            if let Some(f) = anomaly(&r.unit, r.stage, r.count, &r.history, t) {
                let score = |f: &Finding| {
                    f.figures
                        .iter()
                        .find(|(n, _)| n == "deviations")
                        .map_or(0.0, |x| x.1)
                };
                match by_unit.get(&r.unit) {
                    Some(kept) if score(kept) >= score(&f) => {}
                    _ => {
                        by_unit.insert(r.unit.clone(), f);
                    }
                }
            }
        }
        found.extend(by_unit.into_values());
        for (province, reported, all) in db.reporting_communes(cur.campaign.id, figures_day).await?
        {
            found.extend(low_completeness(&province, reported, all, t));
        }
        Ok(found)
    }
}

/// The day alerts are judged on: while the campaign runs, yesterday, the
/// last finished day (today's reports are still coming in, so judging today
/// would find every province incomplete each morning and communes silent a
/// day early); after it, the last day with figures (the 2021 demo).
pub fn judged_day(
    today: NaiveDate,
    start: NaiveDate,
    end: NaiveDate,
    last_day: NaiveDate,
) -> NaiveDate {
    if today > start && today <= end {
        today.pred_opt().unwrap_or(today)
    } else {
        last_day
    }
}

/// Runs the evaluations until the process ends: at start, after every
/// change of the data version (once changes settle: [`settle`]), and once a day at
/// `daily_hour` (Vietnam time). An evaluation that opens or resolves alerts moves the
/// version itself; that move alone wakes no other evaluation ([`only_own_move`]).
pub async fn run(monitor: Arc<Monitor>, daily_hour: u32) {
    let mut changes = monitor.ctx.db.feed().subscribe();
    let vietnam = FixedOffset::east_opt(7 * 3600).expect("valid offset");
    let mut last_daily: Option<NaiveDate> = None;
    // A server that starts judges the figures as it finds them.
    let mut pending = true;
    loop {
        let now = Utc::now().with_timezone(&vietnam);
        let due = now.hour() >= daily_hour && last_daily != Some(now.date_naive());
        if due {
            last_daily = Some(now.date_naive());
        }
        if pending || due {
            // Seen from here on: a change during the evaluation wakes the next one.
            let seen = *changes.borrow_and_update();
            pending = false;
            let started = std::time::Instant::now();
            match monitor.evaluate().await {
                // One line per evaluation: what it changed and what it cost.
                Ok(c) => {
                    tracing::info!(
                        opened = c.opened,
                        resolved = c.resolved,
                        ms = started.elapsed().as_millis() as u64,
                        "alerts evaluated"
                    );
                    if only_own_move(seen, c.version, *changes.borrow()) {
                        changes.borrow_and_update();
                    }
                }
                Err(ViewError::NoCampaign) => {}
                Err(e) => tracing::warn!(error = %e, "alert evaluation failed"),
            }
        }
        // Wake at the next change (then let a burst settle) or in a minute.
        tokio::select! {
            r = changes.changed() => {
                if r.is_err() || !settle(&mut changes).await { return; }
                pending = true;
            }
            _ = tokio::time::sleep(Duration::from_secs(60)) => {}
        }
    }
}

/// Whether the feed's version `now` moved only by the evaluation that began
/// at `seen` and left the version at `after`: alerts opened or resolved bump
/// the version by one, and the figures an evaluation judges did not move,
/// so judging them again (about a second on the full demo) finds nothing.
fn only_own_move(seen: i64, after: i64, now: i64) -> bool {
    after == seen + 1 && now == after
}

/// Waits after a change until [`SETTLE`] passes without another, or
/// [`LONGEST_WAIT`] since it; false when the feed is gone.
async fn settle(changes: &mut tokio::sync::watch::Receiver<i64>) -> bool {
    let deadline = tokio::time::Instant::now() + LONGEST_WAIT;
    loop {
        let quiet = (tokio::time::Instant::now() + SETTLE).min(deadline);
        match tokio::time::timeout_at(quiet, changes.changed()).await {
            Err(_elapsed) => return true,
            Ok(Err(_closed)) => return false,
            Ok(Ok(())) if tokio::time::Instant::now() >= deadline => return true,
            Ok(Ok(())) => {}
        }
    }
}

/// Starts watching: the monitor's evaluations, and the webhook worker when
/// a URL is configured. Both run until the process ends.
pub fn start(
    views: &crate::views::Views,
    alerts: &crate::config::Alerts,
    webhook: &crate::config::Webhook,
) {
    let monitor = Arc::new(Monitor::new(
        views.ctx.clone(),
        views.standings.clone(),
        alerts.thresholds(),
        webhook.url.is_some(),
    ));
    tokio::spawn(run(monitor, alerts.daily_hour));
    if let Some(url) = &webhook.url {
        let worker = webhook::Webhook::new(
            url.clone(),
            Duration::from_secs(webhook.timeout_seconds),
            views.ctx.db.clone(),
            views.ctx.metrics.clone(),
        );
        tokio::spawn(worker.run());
    }
}

/// Most alerts listed at once.
pub const LIST_LIMIT: i64 = 500;

/// Reading and acknowledging alerts, for a reader: anyone who may read the
/// dashboard sees them (without who acknowledged them and why, unless
/// signed in); an account sees those within its unit only (a commander,
/// its province); the ministry, administrators and commanders acknowledge
/// those within their unit.
pub struct Alerts {
    ctx: Arc<Context>,
}

impl Alerts {
    /// Alerts over `ctx`.
    pub fn new(ctx: Arc<Context>) -> Self {
        Alerts { ctx }
    }

    /// The codes from the nation down to `code`, or an error naming `field`.
    async fn path(&self, field: &str, code: &str) -> Result<Vec<String>, ViewError> {
        let units = self.ctx.units().await?;
        let unit = units
            .unit_ref(code)
            .ok_or_else(|| crate::views::no_unit(field, code))?;
        let mut path: Vec<String> = units.ancestors(code).into_iter().map(|u| u.code).collect();
        path.push(unit.code);
        Ok(path)
    }

    /// The alerts `query` asks for, as `reader` may see them; at most
    /// `limit`, and whether more matched.
    pub async fn list(
        &self,
        reader: Option<&Actor>,
        query: &AlertQuery,
        limit: i64,
    ) -> Result<(Vec<Alert>, bool), ViewError> {
        let selection = query.select()?;
        if !query.province.trim().is_empty() {
            let path = self.path("province", query.province.trim()).await?;
            if path.len() != 2 {
                return Err(crate::views::bad(
                    "province",
                    format!("'{}' is not a province", query.province.trim()),
                    format!("'{}' không phải mã tỉnh", query.province.trim()),
                ));
            }
        }
        let mut within = selection.within.clone();
        if let Some(code) = &within {
            let field = if query.unit.trim().is_empty() {
                "province"
            } else {
                "unit"
            };
            let path = self.path(field, code).await?;
            if !query.unit.trim().is_empty()
                && !query.province.trim().is_empty()
                && !path.contains(&query.province.trim().to_string())
            {
                return Err(crate::views::bad(
                    "unit",
                    format!(
                        "unit '{code}' is not in province '{}'",
                        query.province.trim()
                    ),
                    format!(
                        "đơn vị '{code}' không thuộc tỉnh '{}'",
                        query.province.trim()
                    ),
                ));
            }
            if let Some(actor) = reader
                && !path.contains(&actor.scope)
            {
                return Err(ViewError::Forbidden(format!(
                    "{} sees the alerts of {} only",
                    actor.name, actor.scope
                )));
            }
        } else if let Some(actor) = reader
            && actor.scope != NATION_CODE
        {
            within = Some(actor.scope.clone());
        }
        let cur = self.ctx.current().await?;
        let filter = AlertFilter {
            state: selection.state,
            rule: selection.rule,
            severity: selection.severity,
            within,
            limit: limit + 1,
            ..AlertFilter::default()
        };
        let mut alerts = self.ctx.db.alerts(cur.campaign.id, &filter).await?;
        let truncated = alerts.len() as i64 > limit;
        alerts.truncate(limit as usize);
        if reader.is_none() {
            // Who acknowledged and why is for signed-in readers.
            for a in &mut alerts {
                a.acknowledged_by = None;
                a.comment = None;
            }
        }
        Ok((alerts, truncated))
    }

    /// Whether `actor` may acknowledge alerts on the unit whose path is `path`.
    pub fn may_acknowledge(actor: &Actor, path: &[String]) -> bool {
        matches!(actor.role, Role::Ministry | Role::Admin | Role::Commander)
            && path.contains(&actor.scope)
    }

    /// Acknowledges alert `id` as `actor`, with a comment.
    pub async fn acknowledge(
        &self,
        actor: &Actor,
        id: i64,
        comment: &str,
    ) -> Result<(), ViewError> {
        let comment = comment.trim();
        if comment.is_empty() {
            return Err(crate::views::bad(
                "comment",
                "say what is being done about it",
                "cho biết đang xử lý thế nào",
            ));
        }
        if comment.chars().count() > 500 {
            return Err(crate::views::bad(
                "comment",
                "at most 500 characters",
                "tối đa 500 ký tự",
            ));
        }
        let cur = self.ctx.current().await?;
        let found = self
            .ctx
            .db
            .alerts(
                cur.campaign.id,
                &AlertFilter {
                    state: Some(None),
                    limit: 1,
                    ..AlertFilter::for_id(id)
                },
            )
            .await?;
        let alert = found
            .into_iter()
            .next()
            .ok_or_else(|| ViewError::NotFound(format!("alert {id}")))?;
        let path = self.path("unit", &alert.unit).await?;
        if !Self::may_acknowledge(actor, &path) {
            return Err(ViewError::Forbidden(format!(
                "a {} account of {} cannot acknowledge alerts on {}",
                actor.role.slug(),
                actor.scope,
                alert.unit
            )));
        }
        if alert.state == AlertState::Resolved {
            return Err(crate::views::bad(
                "alert",
                "this alert has resolved by itself",
                "cảnh báo này đã tự hết",
            ));
        }
        Ok(self
            .ctx
            .db
            .acknowledge_alert(id, actor.account, comment)
            .await?)
    }

    /// Open (or acknowledged) alerts on `unit` and below.
    pub async fn open_within(&self, unit: &str) -> Result<u64, ViewError> {
        let cur = self.ctx.current().await?;
        Ok(self
            .ctx
            .db
            .open_alerts_within(cur.campaign.id, unit)
            .await?)
    }

    /// Alerts first found on `day`, newest first, at most `limit`.
    pub async fn new_on(&self, day: NaiveDate, limit: i64) -> Result<Vec<Alert>, ViewError> {
        let cur = self.ctx.current().await?;
        let filter = AlertFilter {
            state: Some(None),
            first_day: Some(day),
            limit,
            ..AlertFilter::default()
        };
        Ok(self.ctx.db.alerts(cur.campaign.id, &filter).await?)
    }
}

/// Alerts as lists show them: in words (`lang`), with their unit's page and
/// whether `reader` may acknowledge each.
pub async fn rows(
    ctx: &Context,
    alerts: Vec<Alert>,
    lang: tiendo_core::Lang,
    reader: Option<&Actor>,
) -> Result<Vec<AlertRow>, ViewError> {
    let units = ctx.units().await?;
    Ok(alerts
        .into_iter()
        .map(|mut alert| {
            // Who acknowledged and why is for accounts only (the briefing is public).
            if reader.is_none() {
                alert.acknowledged_by = None;
                alert.comment = None;
            }
            let level = units.get(&alert.unit).map_or(Level::Commune, |u| u.level);
            let may_acknowledge = alert.state != AlertState::Resolved
                && reader.is_some_and(|actor| {
                    let mut path: Vec<String> = units
                        .ancestors(&alert.unit)
                        .into_iter()
                        .map(|u| u.code)
                        .collect();
                    path.push(alert.unit.clone());
                    Alerts::may_acknowledge(actor, &path)
                });
            AlertRow {
                text: describe(alert.rule, &alert.figures, lang),
                link: unit_path(level, &alert.unit),
                may_acknowledge,
                alert,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Sends a change every `every` until `until`; keeps the sender (a
    /// dropped one ends the feed).
    fn changes_every(
        every: Duration,
        until: Duration,
    ) -> (
        tokio::sync::watch::Receiver<i64>,
        tokio::task::JoinHandle<tokio::sync::watch::Sender<i64>>,
    ) {
        let (tx, rx) = tokio::sync::watch::channel(0);
        let sender = tokio::spawn(async move {
            let start = tokio::time::Instant::now();
            let mut version = 0;
            while start.elapsed() + every <= until {
                tokio::time::sleep(every).await;
                version += 1;
                tx.send(version).unwrap();
            }
            tx
        });
        (rx, sender)
    }

    #[test]
    fn an_evaluation_is_not_woken_by_its_own_alerts() {
        // Began at 10, opened alerts (11), nothing else since: no new evaluation.
        assert!(only_own_move(10, 11, 11));
        // A batch came after the alerts (12), or before them (alerts at 12):
        // its figures are judged.
        assert!(!only_own_move(10, 11, 12));
        assert!(!only_own_move(10, 12, 12));
        // Nothing opened or resolved: the version did not move, nothing to skip.
        assert!(!only_own_move(10, 10, 10));
    }

    #[tokio::test(start_paused = true)]
    async fn a_burst_of_batches_is_one_evaluation_after_it() {
        // A batch every half second for three seconds: judged a second after the last.
        let (mut rx, sender) = changes_every(Duration::from_millis(500), Duration::from_secs(3));
        let start = tokio::time::Instant::now();
        assert!(settle(&mut rx).await);
        assert_eq!(start.elapsed(), Duration::from_secs(4));
        assert_eq!(*rx.borrow(), 6, "every batch of the burst is seen");
        drop(sender.await.unwrap());
    }

    #[tokio::test(start_paused = true)]
    async fn steady_intake_is_still_judged() {
        // Batches every 0.3 s for a minute: judged once LONGEST_WAIT has passed.
        let (mut rx, sender) = changes_every(Duration::from_millis(300), Duration::from_secs(60));
        let start = tokio::time::Instant::now();
        assert!(settle(&mut rx).await);
        assert_eq!(start.elapsed(), LONGEST_WAIT);
        sender.abort();
        // A feed that ends (the server stopping) ends the wait too.
        let (tx, mut rx) = tokio::sync::watch::channel(0);
        drop(tx);
        assert!(!settle(&mut rx).await);
    }

    #[test]
    fn a_running_campaign_is_judged_on_its_last_finished_day() {
        let (start, end) = (d("2021-03-01"), d("2021-06-30"));
        // Reports of today are still coming in: yesterday, whatever arrived today.
        assert_eq!(
            judged_day(d("2021-05-10"), start, end, d("2021-05-10")),
            d("2021-05-09")
        );
        // Nothing for days: still yesterday, so silence counts to it.
        assert_eq!(
            judged_day(d("2021-05-10"), start, end, d("2021-05-02")),
            d("2021-05-09")
        );
        // The first day has nothing finished; a campaign that is over, its last day.
        assert_eq!(judged_day(start, start, end, start), start);
        assert_eq!(
            judged_day(d("2026-11-24"), start, end, d("2021-12-31")),
            d("2021-12-31")
        );
    }
}
