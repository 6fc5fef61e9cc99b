//! Heavy work off the async threads: drawing PNG and PDF files, writing XLSX
//! workbooks, ranking every commune of the country, checking a large batch
//! of figures, hashing passwords. It runs on blocking threads, at most one
//! fewer at a time than there are cores, so a flood of such requests waits
//! in line instead of starving cached pages and health checks; past a
//! bounded line, requests are turned away (503).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Semaphore;

/// Requests that may wait for a turn; more are answered "busy".
const MAX_WAITING: usize = 256;

/// Why heavy work did not run to its end.
#[derive(Debug, thiserror::Error)]
pub enum HeavyError {
    /// Too many requests already wait for heavy work.
    #[error(
        "the server is busy with other heavy work (files, rankings, large batches); try again in a few seconds"
    )]
    Busy,
    /// The work panicked (a bug); logged.
    #[error("heavy work failed: {0}")]
    Failed(String),
}

struct Line {
    turns: Semaphore,
    waiting: AtomicUsize,
}

fn line() -> &'static Line {
    static LINE: OnceLock<Line> = OnceLock::new();
    LINE.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Line {
            turns: Semaphore::new(cores.saturating_sub(1).max(1)),
            waiting: AtomicUsize::new(0),
        }
    })
}

/// Runs `work` on a blocking thread when its turn comes.
pub async fn run<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, HeavyError> {
    let line = line();
    if line.waiting.fetch_add(1, Ordering::SeqCst) >= MAX_WAITING {
        line.waiting.fetch_sub(1, Ordering::SeqCst);
        return Err(HeavyError::Busy);
    }
    let turn = line.turns.acquire().await;
    line.waiting.fetch_sub(1, Ordering::SeqCst);
    let _turn = turn.map_err(|e| HeavyError::Failed(e.to_string()))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| HeavyError::Failed(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn runs_work_and_returns_its_result() {
        assert_eq!(run(|| 6 * 7).await.unwrap(), 42);
    }
}
