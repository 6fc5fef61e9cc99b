//! The read API and the overview page over real HTTP, on a real SQLite file.

mod common;

use std::sync::Arc;

use leptos::prelude::LeptosOptions;
use serde_json::Value;
use tiendo_server::http;
use tiendo_server::progress::Progress;

async fn spawn(t: &common::TestDb) -> String {
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

async fn get(url: &str) -> (u16, Value) {
    let resp = reqwest::get(url).await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

async fn page(url: &str) -> (u16, String) {
    let resp = reqwest::get(url).await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.text().await.unwrap())
}

#[tokio::test]
async fn progress_api_answers_for_nation_and_units() {
    let t = common::small_demo("2021-04-30").await;
    let base = spawn(&t).await;

    let (status, body) = get(&format!("{base}/api/v1/progress/VN")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["unit"]["code"], "VN");
    assert_eq!(body["date"], "2021-04-30");
    for stage in ["applications", "produced", "delivered"] {
        let s = &body["stages"][stage];
        for field in [
            "cumulative",
            "daily",
            "avg7",
            "target",
            "percent_of_target",
            "required_daily",
            "projected_completion",
        ] {
            assert!(s.get(field).is_some(), "{stage}.{field} missing: {s}");
        }
        assert_eq!(s["target"], 50_000_000);
    }
    let a = &body["stages"]["applications"];
    let expected_percent = a["cumulative"].as_f64().unwrap() * 100.0 / 50_000_000.0;
    assert!((a["percent_of_target"].as_f64().unwrap() - expected_percent).abs() < 1e-9);

    let (status, body) = get(&format!("{base}/api/v1/progress/01?date=2021-04-07")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["unit"]["name"], "Hà Nội");
    assert_eq!(body["unit"]["level"], "province");
    assert_eq!(body["unit"]["parent"], "VN");
    assert!(
        body["stages"]["applications"]["cumulative"]
            .as_u64()
            .unwrap()
            > 2_000_000
    );

    let (status, body) = get(&format!("{base}/api/v1/progress/00001?date=2021-03-05")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["unit"]["level"], "commune");
}

#[tokio::test]
async fn progress_api_errors_are_json_with_the_right_status() {
    let t = common::small_demo("2021-03-31").await;
    let base = spawn(&t).await;
    let cases = [
        ("/api/v1/progress/99", 404, "unit '99' not found"),
        (
            "/api/v1/progress/VN?date=2021-13-01",
            400,
            "date: expected a date as YYYY-MM-DD",
        ),
        (
            "/api/v1/progress/VN?date=01/06/2021",
            400,
            "date: expected a date as YYYY-MM-DD",
        ),
        (
            "/api/v1/progress/VN?date=2021-06-01",
            400,
            "date: 2021-06-01 is outside the days with data",
        ),
        (
            "/api/v1/progress/VN?day=2021-03-02",
            400,
            "day: unknown parameter",
        ),
        ("/api/v1/nothing", 404, "no API endpoint at /api/v1/nothing"),
    ];
    for (path, status, message) in cases {
        let (got, body) = get(&format!("{base}{path}")).await;
        assert_eq!(got, status, "{path}: {body}");
        assert!(
            body["error"].as_str().unwrap().starts_with(message),
            "{path}: {body}"
        );
    }
}

#[tokio::test]
async fn overview_page_is_rendered_on_the_server() {
    let t = common::small_demo("2021-04-30").await;
    let base = spawn(&t).await;
    let (status, html) = page(&format!("{base}/?date=2021-04-07")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Thu nhận hồ sơ"));
    assert!(
        html.contains("Số liệu mô phỏng"),
        "the demo is labelled as simulated"
    );
    assert!(html.contains("<svg"), "charts are inline SVG");
    assert!(html.contains("07/04/2021"));
    let (_, english) = page(&format!("{base}/?date=2021-04-07&lang=en")).await;
    assert!(english.contains("Applications collected"));

    let (_, bad) = page(&format!("{base}/?date=2021-02-30")).await;
    assert!(
        bad.contains("date: expected a date as YYYY-MM-DD, got &#x27;2021-02-30&#x27;")
            || bad.contains("date: expected a date as YYYY-MM-DD, got '2021-02-30'"),
        "{bad}"
    );

    assert_eq!(page(&format!("{base}/no-such-page")).await.0, 404);
    assert_eq!(page(&format!("{base}/healthz")).await.0, 200);
}
