//! Reports in: lines from the form, an uploaded file, the JSON API or the
//! command line are read and checked by the core's rules
//! ([`tiendo_core::intake`]) against the sender's scope and what is already
//! recorded, then written all or nothing with the audit log. Every server
//! process hears of the new figures through the change feed.

pub mod files;

use std::sync::Arc;

use chrono::{FixedOffset, NaiveDate, Utc};
use serde::Serialize;
use tiendo_core::Stage;
use tiendo_core::accounts::Actor;
use tiendo_core::intake::{
    At, Author, Channel, Figure, Problem, ProblemKind, RawLine, RecordedSet, Rules, UnitFacts,
    check_recorded, read_lines, recorded_keys,
};

use crate::db::DbError;
use crate::views::{Context, ViewError};

/// Why a batch was not written (nothing was).
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    /// Lines with errors (422), each naming its row or item and field.
    #[error("{} problem(s) in the figures", .0.len())]
    Invalid(Vec<Problem>),
    /// Only warnings, not confirmed (422).
    #[error("{} figure(s) need a confirmation", .0.len())]
    Unconfirmed(Vec<Problem>),
    /// Lines for units outside the sender's scope (403).
    #[error("{} figure(s) for units outside this account's scope", .0.len())]
    Forbidden(Vec<Problem>),
    /// Nothing to record (an empty batch, 422).
    #[error("no figures in the batch")]
    Empty,
    /// The read side failed: no campaign (503) or the database (500).
    #[error(transparent)]
    View(#[from] ViewError),
}

impl From<DbError> for IntakeError {
    fn from(e: DbError) -> Self {
        IntakeError::View(e.into())
    }
}

/// What became of one figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The day's first figure.
    Recorded,
    /// A different figure replaced the recorded one.
    Corrected,
    /// The same figure as recorded: nothing changed.
    Unchanged,
}

/// One figure of a written batch.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Written {
    /// Where it came from.
    pub at: At,
    /// The commune.
    pub unit: String,
    /// The day.
    pub date: NaiveDate,
    /// The stage.
    pub stage: Stage,
    /// The figure.
    pub count: u64,
    /// The figure it replaced, if any.
    pub previous: Option<u64>,
    /// What became of it.
    pub outcome: Outcome,
}

/// A batch read and checked, not yet written.
pub struct Checked {
    /// The figures read.
    pub figures: Vec<Figure>,
    /// Errors and warnings.
    pub problems: Vec<Problem>,
    /// What each figure's commune, stage and day held before.
    pub recorded: RecordedSet,
}

impl Checked {
    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| !p.is_warning())
    }
}

/// Today's date in Vietnam (UTC+7): no figure may be for a later day.
pub fn today_in_vietnam() -> NaiveDate {
    let vietnam = FixedOffset::east_opt(7 * 3600).expect("valid offset");
    Utc::now().with_timezone(&vietnam).date_naive()
}

/// From this many lines on, reading and checking a batch is heavy work
/// ([`crate::heavy`]): a national day's 31,797 take about 60 ms of CPU. A
/// form's one line is checked where it is, never queued behind drawings.
const HEAVY_LINES: usize = 1_000;

/// Runs `work` as heavy work when `many`, else at once.
async fn cpu<T: Send + 'static>(
    many: bool,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ViewError> {
    if many {
        Ok(crate::heavy::run(work).await?)
    } else {
        Ok(work())
    }
}

/// An uploaded file as kept for its preview: the rows read, or what made
/// the file itself unreadable.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Upload {
    /// The rows.
    pub lines: Vec<RawLine>,
    /// Problems of the file as a whole (its header, its format).
    pub problems: Vec<Problem>,
}

/// Reading, checking and writing reports.
pub struct Intake {
    ctx: Arc<Context>,
}

impl Intake {
    /// Intake over `ctx`.
    pub fn new(ctx: Arc<Context>) -> Self {
        Intake { ctx }
    }

    /// The database (idempotent answers are kept there).
    pub fn db(&self) -> &dyn crate::db::Database {
        self.ctx.db.as_ref()
    }

    /// Reads and checks `lines` from `actor`: every problem, nothing written.
    pub async fn check(
        &self,
        actor: &Actor,
        lines: Arc<[RawLine]>,
    ) -> Result<Checked, IntakeError> {
        let cur = self.ctx.current().await?;
        let units = self.ctx.units().await?.clone();
        let (sender, campaign_start) = (actor.clone(), cur.campaign.start);
        let many = lines.len() >= HEAVY_LINES;
        let (figures, problems, keys) = cpu(many, move || {
            let facts = |code: &str| {
                let unit = units.get(code)?;
                Some(UnitFacts {
                    name: &unit.display_name,
                    level: unit.level,
                    path: units.path(code),
                })
            };
            let rules = Rules {
                actor: &sender,
                campaign_start,
                today: today_in_vietnam(),
                unit: &facts,
            };
            let (figures, problems) = read_lines(&lines, &rules);
            let keys = recorded_keys(&figures);
            (figures, problems, keys)
        })
        .await?;
        let found = if keys.is_empty() {
            Vec::new()
        } else {
            crate::db::read_recorded(self.ctx.db.as_ref(), cur.campaign.id, &keys).await?
        };
        Ok(cpu(many, move || {
            let recorded = RecordedSet::new(keys, found);
            let mut problems = problems;
            // The order of stages is checked only on lines that read well.
            if problems.is_empty() {
                problems.extend(check_recorded(&figures, &recorded));
            }
            Checked {
                figures,
                problems,
                recorded,
            }
        })
        .await?)
    }

    /// Checks and writes `lines` from `actor`: all or nothing. Warnings
    /// stop the batch unless `confirmed`. Counted in the metrics.
    pub async fn submit(
        &self,
        actor: &Actor,
        channel: Channel,
        lines: Arc<[RawLine]>,
        confirmed: bool,
    ) -> Result<(i64, Vec<Written>), IntakeError> {
        let result = self.write(actor, channel, lines, confirmed).await;
        match &result {
            Ok((_, written)) => {
                self.ctx
                    .metrics
                    .reports_ingested
                    .fetch_add(written.len() as u64, std::sync::atomic::Ordering::Relaxed);
            }
            // The server's own failures are not the sender's refusals.
            Err(IntakeError::View(_)) => {}
            Err(_) => self.count_refusal(),
        }
        result
    }

    /// Counts a batch refused (here, or before it could be read) in the metrics.
    pub fn count_refusal(&self) {
        self.ctx
            .metrics
            .batches_rejected
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    async fn write(
        &self,
        actor: &Actor,
        channel: Channel,
        lines: Arc<[RawLine]>,
        confirmed: bool,
    ) -> Result<(i64, Vec<Written>), IntakeError> {
        let started = std::time::Instant::now();
        let checked = self.check(actor, lines).await?;
        let checked_ms = started.elapsed().as_millis();
        let outside: Vec<Problem> = checked
            .problems
            .iter()
            .filter(|p| matches!(p.kind, ProblemKind::OutsideScope { .. }))
            .cloned()
            .collect();
        if !outside.is_empty() {
            return Err(IntakeError::Forbidden(outside));
        }
        if checked.has_errors() {
            return Err(IntakeError::Invalid(checked.problems));
        }
        if !checked.problems.is_empty() && !confirmed {
            return Err(IntakeError::Unconfirmed(checked.problems));
        }
        if checked.figures.is_empty() {
            return Err(IntakeError::Empty);
        }
        let cur = self.ctx.current().await?;
        let reports: Vec<_> = checked.figures.iter().map(|f| f.report.clone()).collect();
        let author = Author {
            account: Some(actor.account),
            channel,
        };
        let version = self
            .ctx
            .db
            .record_reports(cur.campaign.id, &author, &reports)
            .await?;
        tracing::info!(
            figures = reports.len(),
            checked_ms,
            written_ms = started.elapsed().as_millis() - checked_ms,
            channel = channel.slug(),
            "batch recorded"
        );
        let written = checked
            .figures
            .iter()
            .map(|f| {
                let r = &f.report;
                let previous = checked.recorded.get(&r.unit_code, r.stage, r.day).count;
                Written {
                    at: f.at,
                    unit: r.unit_code.clone(),
                    date: r.day,
                    stage: r.stage,
                    count: r.count,
                    previous,
                    outcome: match previous {
                        None => Outcome::Recorded,
                        Some(p) if p == r.count => Outcome::Unchanged,
                        Some(_) => Outcome::Corrected,
                    },
                }
            })
            .collect();
        Ok((version, written))
    }
}
