//! Helpers shared by the integration tests: a fresh SQLite file with a small
//! demo, the app served on it over real HTTP, and requests to it.
// Each test file uses some of the helpers.
#![allow(dead_code)]

use std::sync::Arc;

use leptos::prelude::LeptosOptions;
use serde_json::Value;
use tiendo_server::db::Db;
use tiendo_server::demo::{self, DemoOptions};
use tiendo_server::http;
use tiendo_server::progress::Progress;

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

/// Serves the app on `t` at a free local port; returns its base URL.
pub async fn spawn(t: &TestDb) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let options = LeptosOptions::builder()
        .output_name("tiendo")
        .site_root("target/site")
        .site_addr(addr)
        .build();
    let app = http::app(Arc::new(Progress::new(t.db.clone())), options);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

/// GET `url` as JSON: status and body.
pub async fn get(url: &str) -> (u16, Value) {
    let resp = reqwest::get(url).await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

/// GET `url` as text: status and body.
pub async fn page(url: &str) -> (u16, String) {
    let resp = reqwest::get(url).await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.text().await.unwrap())
}

/// A file download: its content type, the file name it is offered under, and its bytes.
pub async fn download(url: &str) -> (String, String, Vec<u8>) {
    let resp = reqwest::get(url).await.unwrap();
    assert_eq!(resp.status(), 200, "{url}");
    let header = |name: &str| resp.headers()[name].to_str().unwrap().to_string();
    let (kind, disposition) = (header("content-type"), header("content-disposition"));
    let name = disposition
        .strip_prefix("attachment; filename=\"")
        .and_then(|n| n.strip_suffix('"'))
        .unwrap_or_else(|| panic!("not an attachment: {disposition}"))
        .to_string();
    (kind, name, resp.bytes().await.unwrap().to_vec())
}
