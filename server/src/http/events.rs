//! `GET /api/v1/events`: live updates as server-sent events. Each stream
//! sends the data version at once, then one `version` event per change the
//! feed reports (a change seen by this server, from any server), and a
//! comment every 15 seconds so that proxies keep it open. Open streams cost
//! a watch receiver each: no database query per client. They end when the
//! server stops, so a shutdown is not held open by them.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use tokio::sync::watch;

use crate::feed::Feed;
use crate::metrics::Metrics;

/// What a stream needs.
#[derive(Clone)]
pub struct Live {
    /// The change feed.
    pub feed: Arc<Feed>,
    /// Becomes true when the server stops.
    pub stopping: watch::Receiver<bool>,
    /// Counts open streams.
    pub metrics: Arc<Metrics>,
}

/// How often an idle stream sends a comment line.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// Counts a stream as open until it is dropped.
struct Open(Arc<Metrics>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.event_streams.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The stream's state between events.
struct Follow {
    versions: watch::Receiver<i64>,
    stopping: watch::Receiver<bool>,
    first: bool,
    _open: Open,
}

/// An event naming `version`; its id lets a reconnecting browser say what it saw.
fn version_event(version: i64) -> Event {
    Event::default()
        .event("version")
        .id(version.to_string())
        .data(format!("{{\"version\":{version}}}"))
}

/// The live stream.
#[utoipa::path(
    get,
    path = "/api/v1/events",
    tag = "live",
    responses((status = 200, description = "`text/event-stream`: a `version` event now and at each change of the figures, `{\"version\": N}`", content_type = "text/event-stream"))
)]
pub async fn events(
    State(live): State<Live>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    live.metrics.event_streams.fetch_add(1, Ordering::Relaxed);
    let state = Follow {
        versions: live.feed.subscribe(),
        stopping: live.stopping.clone(),
        first: true,
        _open: Open(live.metrics.clone()),
    };
    let stream = futures_util::stream::unfold(state, |mut s| async move {
        if s.first {
            s.first = false;
            let now = *s.versions.borrow_and_update();
            return Some((Ok(version_event(now)), s));
        }
        let stopped = async {
            // A server without a stop signal (tests) never stops the stream.
            if s.stopping.wait_for(|stop| *stop).await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            changed = s.versions.changed() => {
                changed.ok()?;
                let now = *s.versions.borrow_and_update();
                Some((Ok(version_event(now)), s))
            }
            _ = stopped => None,
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(HEARTBEAT).text("heartbeat"))
}
