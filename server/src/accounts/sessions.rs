//! tower-sessions' store on the database: a session is a row, so every
//! server behind a load balancer knows every signed-in user.

use std::sync::Arc;

use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

use crate::db::{Database, unix_now};

/// Sessions kept in the `sessions` table.
#[derive(Clone)]
pub struct DbStore {
    db: Arc<dyn Database>,
}

impl std::fmt::Debug for DbStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbStore")
    }
}

impl DbStore {
    /// Sessions in `db`.
    pub fn new(db: Arc<dyn Database>) -> Self {
        DbStore { db }
    }

    /// Deletes expired sessions every hour, until the process ends.
    pub async fn delete_expired_hourly(self) {
        loop {
            match self.db.delete_expired_sessions(unix_now()).await {
                Ok(n) if n > 0 => tracing::info!(sessions = n, "expired sessions deleted"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "deleting expired sessions failed"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
    }
}

fn backend<E: std::fmt::Display>(e: E) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn encode(record: &Record) -> session_store::Result<String> {
    serde_json::to_string(record).map_err(|e| session_store::Error::Encode(e.to_string()))
}

#[async_trait::async_trait]
impl SessionStore for DbStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A new id until one is free: ids are random 128-bit values.
        loop {
            let data = encode(record)?;
            let expires = record.expiry_date.unix_timestamp();
            if self
                .db
                .create_session(&record.id.to_string(), &data, expires)
                .await
                .map_err(backend)?
            {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.db
            .save_session(
                &record.id.to_string(),
                &encode(record)?,
                record.expiry_date.unix_timestamp(),
            )
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let data = self
            .db
            .load_session(&id.to_string(), unix_now())
            .await
            .map_err(backend)?;
        data.map(|d| {
            serde_json::from_str(&d).map_err(|e| session_store::Error::Decode(e.to_string()))
        })
        .transpose()
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.db
            .delete_session(&id.to_string())
            .await
            .map_err(backend)
    }
}
