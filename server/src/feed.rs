//! The change feed: the data version as this process last heard it, and a
//! way to be woken when it moves. Writes in this process tell it at once;
//! the database's follower tells it about writes by other processes
//! (PostgreSQL `LISTEN/NOTIFY`, or SQLite read a few times a second).
//! Caches key on [`Feed::version`], so serving a kept page asks the database
//! nothing; live updates and alerts subscribe to it.

use tokio::sync::watch;

/// The data version and its subscribers.
#[derive(Debug)]
pub struct Feed {
    version: watch::Sender<i64>,
}

impl Feed {
    /// A feed starting at `version`.
    pub fn new(version: i64) -> Self {
        Feed {
            version: watch::Sender::new(version),
        }
    }

    /// The newest data version heard of.
    pub fn version(&self) -> i64 {
        *self.version.borrow()
    }

    /// Records that the data reached `version`; older news is ignored, so
    /// the version never moves back when messages cross.
    pub fn publish(&self, version: i64) {
        self.version.send_if_modified(|current| {
            let newer = version > *current;
            if newer {
                *current = version;
            }
            newer
        });
    }

    /// A receiver woken at each new version.
    pub fn subscribe(&self) -> watch::Receiver<i64> {
        self.version.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn subscribers_hear_new_versions_and_never_an_older_one() {
        let feed = Feed::new(3);
        let mut rx = feed.subscribe();
        feed.publish(2);
        assert_eq!(feed.version(), 3);
        assert!(!rx.has_changed().unwrap());
        feed.publish(5);
        rx.changed().await.unwrap();
        assert_eq!(*rx.borrow_and_update(), 5);
        assert_eq!(feed.version(), 5);
    }
}
