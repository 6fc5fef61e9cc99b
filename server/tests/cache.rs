//! Answers served again from memory: no database query, an `ETag` that a
//! browser or proxy revalidates with a 304, a key made of what the page
//! reads, nothing kept for a request with credentials, and new figures
//! served at once after a write.

#[macro_use]
mod common;

use common::{Counting, Engine, campaign, spawn_on};
use tiendo_core::Stage;
use tiendo_core::reports::Report;

async fn get(url: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut req = reqwest::Client::new().get(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.unwrap()
}

async fn answers_served_again_cost_no_query_and_revalidate(engine: Engine) {
    let t = common::small_demo(engine, "2021-04-30").await;
    let db = Counting::new(t.db.clone());
    let base = spawn_on(db.clone()).await;
    for path in [
        "/?date=2021-04-07",
        "/rankings?date=2021-04-20&stage=produced",
        "/p/01?date=2021-04-07",
        "/c/00001?date=2021-04-07",
        "/map?date=2021-04-07",
        "/briefing?date=2021-04-07",
        "/api/v1/progress/VN?date=2021-04-07",
        "/api/v1/rankings?level=commune&date=2021-04-07",
        "/export/chart/cumulative.png?date=2021-04-07&preset=social",
        "/export/table/rankings.xlsx?level=district&date=2021-04-07",
        "/export/briefing.pdf?date=2021-04-07",
    ] {
        let url = format!("{base}{path}");
        let first = get(&url, &[("accept-encoding", "gzip")]).await;
        assert_eq!(first.status(), 200, "{path}");
        let etag = first.headers()["etag"].to_str().unwrap().to_string();
        assert_eq!(
            first.headers()["cache-control"],
            "public, no-cache",
            "{path}"
        );
        let body = first.bytes().await.unwrap();
        let queries = db.count();
        let again = get(&url, &[("accept-encoding", "gzip")]).await;
        assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
        assert_eq!(again.bytes().await.unwrap(), body, "{path}");
        let revalidated = get(
            &url,
            &[("accept-encoding", "gzip"), ("if-none-match", &etag)],
        )
        .await;
        assert_eq!(revalidated.status(), 304, "{path}");
        assert!(revalidated.bytes().await.unwrap().is_empty());
        assert_eq!(db.count(), queries, "{path} asked the database again");
    }
    // A lenient or unread parameter is the same page, kept once.
    let queries = db.count();
    for path in ["/?date=2021-04-07&lang=xyz", "/?date=2021-04-07&preset=x"] {
        let r = get(&format!("{base}{path}"), &[("accept-encoding", "gzip")]).await;
        assert_eq!(r.status(), 200);
        assert!(r.headers().contains_key("etag"));
    }
    assert_eq!(db.count(), queries);
    // Every parameter a page reads is part of its key: a filtered or
    // switched view is never served for another (the pages are rendered on
    // the server alone, so a wrong kept page would be what the user sees).
    // The units listed, in order.
    let rows = |html: &str| -> Vec<String> {
        html.split("<tr data-code=\"")
            .skip(1)
            .map(|r| r.split('"').next().unwrap_or_default().to_string())
            .collect()
    };
    for (all, narrowed) in [
        (
            "/rankings?date=2021-04-20",
            "/rankings?date=2021-04-20&status=behind",
        ),
        (
            "/p/01?date=2021-04-20",
            "/p/01?date=2021-04-20&below=communes",
        ),
    ] {
        let narrowed_page = common::page(&format!("{base}{narrowed}")).await.1;
        let all_page = common::page(&format!("{base}{all}")).await.1;
        assert_ne!(rows(&narrowed_page), rows(&all_page), "{all} vs {narrowed}");
    }
    // Unknown API parameters stay a 400, never the kept 200.
    let r = get(
        &format!("{base}/api/v1/progress/VN?date=2021-04-07&x=1"),
        &[],
    )
    .await;
    assert_eq!(r.status(), 400);

    // Credentials: answered fresh, never kept or answered from the cache.
    let r = get(&format!("{base}/?date=2021-04-07"), &[("cookie", "id=1")]).await;
    assert_eq!(r.status(), 200);
    assert!(!r.headers().contains_key("etag"));

    // New figures: a new version, a new tag, the new figure at once.
    let url = format!("{base}/api/v1/progress/00001?date=2021-04-07");
    let r = get(&url, &[]).await;
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let old: serde_json::Value = r.json().await.unwrap();
    let daily = old["stages"]["applications"]["daily"].as_u64().unwrap();
    let id = campaign(t.db.as_ref()).await.id;
    t.db.record_reports(
        id,
        &common::DEMO_AUTHOR,
        &[Report {
            unit_code: "00001".into(),
            stage: Stage::Applications,
            day: "2021-04-07".parse().unwrap(),
            count: daily + 1,
        }],
    )
    .await
    .unwrap();
    let r = get(&url, &[("if-none-match", &etag)]).await;
    assert_eq!(r.status(), 200, "the old tag still matched after a write");
    assert_ne!(r.headers()["etag"].to_str().unwrap(), etag);
    let new: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        new["stages"]["applications"]["daily"].as_u64(),
        Some(daily + 1)
    );
}

both!(answers_served_again_cost_no_query_and_revalidate);
