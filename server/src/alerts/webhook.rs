//! Delivery of alert notifications to the configured webhook: a worker
//! claims due notifications from the database (so that with several
//! servers each is sent once), posts each alert as JSON, and records the
//! result; failures are tried again with a doubling backoff
//! ([`crate::db::next_attempt`]) and show on the admin page and in the
//! metrics. Intake only queues rows in its own transaction: a slow or
//! failing receiver never stands in its way.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use serde::Serialize;
use tiendo_core::Lang;
use tiendo_core::alerts::{Alert, describe};

use crate::db::{Database, Notification, next_attempt, unix_now};
use crate::metrics::Metrics;

/// How long a claimed notification is kept from other workers: past any
/// delivery's timeout, so a worker that died mid-send frees it.
const LEASE_SECONDS: i64 = 120;
/// Notifications sent per round.
const BATCH: i64 = 20;
/// How often the worker looks for due notifications when nothing woke it.
const IDLE: Duration = Duration::from_secs(2);

/// What the receiver gets.
#[derive(Serialize)]
struct Payload<'a> {
    /// `new` or `resolved`.
    event: &'a str,
    /// The alert as it stands.
    alert: &'a Alert,
    /// One line in Vietnamese, ready for a chat channel.
    text: String,
}

/// Sends queued notifications to one URL.
pub struct Webhook {
    url: String,
    client: reqwest::Client,
    db: Arc<dyn Database>,
    metrics: Arc<Metrics>,
}

impl Webhook {
    /// A worker posting to `url`, giving up on each try after `timeout`.
    pub fn new(
        url: String,
        timeout: Duration,
        db: Arc<dyn Database>,
        metrics: Arc<Metrics>,
    ) -> Self {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .user_agent(concat!("tiendo/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("an HTTP client with default TLS");
        Webhook {
            url,
            client,
            db,
            metrics,
        }
    }

    /// Delivers what is due, round after round, until the process ends.
    pub async fn run(self) {
        let mut changes = self.db.feed().subscribe();
        loop {
            match self.round().await {
                // A full round: more may be due at once.
                Ok(n) if n as i64 == BATCH => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "webhook: reading the queue failed"),
            }
            // New alerts move the data version: wake then, or look again soon.
            tokio::select! {
                r = changes.changed() => if r.is_err() { return },
                _ = tokio::time::sleep(IDLE) => {}
            }
        }
    }

    /// Sends the notifications due now; how many were claimed.
    pub async fn round(&self) -> Result<usize, crate::db::DbError> {
        self.round_at(unix_now()).await
    }

    /// Sends the notifications due at `now` (Unix seconds; tests move it
    /// past a backoff); how many were claimed.
    pub async fn round_at(&self, now: i64) -> Result<usize, crate::db::DbError> {
        let due = self
            .db
            .claim_notifications(now, LEASE_SECONDS, BATCH)
            .await?;
        for n in &due {
            let result = self.send(n).await.map_err(|error| {
                let next = next_attempt(n.attempts + 1, now);
                tracing::warn!(
                    notification = n.id,
                    alert = n.alert.id,
                    attempts = n.attempts + 1,
                    given_up = next.is_none(),
                    %error,
                    "webhook delivery failed"
                );
                (error, next)
            });
            let counter = match result {
                Ok(()) => &self.metrics.webhook_delivered,
                Err(_) => &self.metrics.webhook_failed,
            };
            counter.fetch_add(1, Ordering::Relaxed);
            self.db.notification_result(n.id, result).await?;
        }
        Ok(due.len())
    }

    /// One delivery: any 2xx answer within the timeout counts.
    async fn send(&self, n: &Notification) -> Result<(), String> {
        let payload = Payload {
            event: &n.event,
            alert: &n.alert,
            text: format!(
                "[{}] {} · {}: {}",
                if n.event == "new" {
                    "Cảnh báo mới"
                } else {
                    "Đã hết"
                },
                n.alert.unit_name,
                n.alert.rule.label(Lang::Vi),
                describe(n.alert.rule, &n.alert.figures, Lang::Vi)
            ),
        };
        let answer = self
            .client
            .post(&self.url)
            .json(&payload)
            .send()
            .await
            .map_err(|e| {
                if e.is_timeout() {
                    "no answer within the timeout".to_string()
                } else {
                    format!("cannot reach the webhook: {e}")
                }
            })?;
        let status = answer.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(format!("the webhook answered {status}"))
        }
    }
}
