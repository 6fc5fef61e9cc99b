//! Helpers shared by the integration tests: a fresh SQLite file with a small demo.

use tiendo_server::db::Db;
use tiendo_server::demo::{self, DemoOptions};

/// A database file in a temporary folder (removed when the guard drops).
pub struct TestDb {
    /// The open database.
    pub db: Db,
    _dir: tempfile::TempDir,
}

/// A migrated database holding the demo for Hanoi and Da Nang up to `until`.
pub async fn small_demo(until: &str) -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("tiendo.db").display());
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    demo::load(
        &db,
        &DemoOptions {
            seed: 2021,
            until: until.parse().unwrap(),
            provinces: Some(vec!["01".into(), "48".into()]),
        },
    )
    .await
    .unwrap();
    TestDb { db, _dir: dir }
}
