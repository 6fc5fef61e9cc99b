//! The read API and the overview page over real HTTP, on a real SQLite file.

#[macro_use]
mod common;

use common::{Engine, download, get, page, spawn};
use serde_json::Value;

async fn progress_api_answers_for_nation_and_units(engine: Engine) {
    let t = common::small_demo(engine, "2021-04-30").await;
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

async fn progress_api_errors_are_json_with_the_right_status(engine: Engine) {
    let t = common::small_demo(engine, "2021-03-31").await;
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

async fn overview_page_is_rendered_on_the_server(engine: Engine) {
    let t = common::small_demo(engine, "2021-04-30").await;
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

    // A wrong parameter is named, in the page's language.
    let (_, bad) = page(&format!("{base}/?date=2021-02-30")).await;
    assert!(
        bad.contains("date: cần một ngày dạng YYYY-MM-DD, nhận được &#x27;2021-02-30&#x27;")
            || bad.contains("date: cần một ngày dạng YYYY-MM-DD, nhận được '2021-02-30'"),
        "{bad}"
    );
    let (_, bad) = page(&format!("{base}/?date=2021-02-30&lang=en")).await;
    assert!(
        bad.contains("date: expected a date as YYYY-MM-DD, got &#x27;2021-02-30&#x27;")
            || bad.contains("date: expected a date as YYYY-MM-DD, got '2021-02-30'"),
        "{bad}"
    );

    assert_eq!(page(&format!("{base}/no-such-page")).await.0, 404);
    assert_eq!(page(&format!("{base}/healthz")).await.0, 200);
}

async fn rankings_api_ranks_children_and_levels(engine: Engine) {
    let t = common::small_demo(engine, "2021-04-30").await;
    let base = spawn(&t).await;

    let (status, body) = get(&format!(
        "{base}/api/v1/rankings?level=district&parent=01&by=cumulative&date=2021-04-20"
    ))
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (body["level"].as_str(), body["by"].as_str()),
        (Some("district"), Some("cumulative"))
    );
    let units = body["units"].as_array().unwrap();
    assert_eq!(units.len(), 30, "Hà Nội's 30 districts");
    let ranks: Vec<u64> = units.iter().map(|u| u["rank"].as_u64().unwrap()).collect();
    assert_eq!(ranks[0], 1);
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    let counts: Vec<u64> = units
        .iter()
        .map(|u| u["cumulative"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    for field in [
        "rank_change",
        "code",
        "name",
        "parent",
        "percent_of_target",
        "avg7",
        "pace_vs_required",
        "projected_completion",
        "backlog",
        "status",
    ] {
        assert!(
            units[0].get(field).is_some(),
            "{field} missing: {}",
            units[0]
        );
    }
    assert!(units.iter().all(|u| u["parent"] == "01"));

    // Nationwide levels; provinces without figures (outside the small demo) rank last and say why.
    let (_, body) = get(&format!("{base}/api/v1/rankings?level=province")).await;
    let units = body["units"].as_array().unwrap();
    assert_eq!(units.len(), 63);
    assert!(["01", "48"].contains(&units[0]["code"].as_str().unwrap()));
    assert_eq!(units[62]["rank"], Value::Null);
    assert_eq!(units[62]["unranked_reason"], "no_data");
    let (_, body) = get(&format!(
        "{base}/api/v1/rankings?level=commune&stage=delivered&by=backlog"
    ))
    .await;
    assert_eq!(body["units"].as_array().unwrap().len(), 10_599);

    // Every commune of a province in one list, ranked among themselves.
    let (status, body) = get(&format!(
        "{base}/api/v1/rankings?level=commune&parent=01&date=2021-04-20"
    ))
    .await;
    assert_eq!(status, 200, "{body}");
    let communes = body["units"].as_array().unwrap();
    assert_eq!(communes.len(), 579, "Hà Nội's 579 communes");
    let districts = children_codes(&base, "01").await;
    assert!(
        communes
            .iter()
            .all(|c| districts.iter().any(|d| c["parent"] == **d))
    );
    assert_eq!(communes[0]["rank"], 1);
    assert_eq!(communes[578]["rank"], 579);

    // "Who is behind?": the status filter keeps the units with that verdict
    // and their ranks; the four verdicts share out every unit.
    let mut seen = 0;
    for verdict in ["behind", "on_track", "met", "no_data"] {
        let (status, body) = get(&format!(
            "{base}/api/v1/rankings?level=commune&parent=01&date=2021-04-20&status={verdict}"
        ))
        .await;
        assert_eq!(status, 200, "{body}");
        let kept = body["units"].as_array().unwrap();
        assert!(kept.iter().all(|u| u["verdict"] == verdict), "{verdict}");
        for u in kept {
            let whole = communes.iter().find(|c| c["code"] == u["code"]).unwrap();
            assert_eq!(whole["rank"], u["rank"], "ranks stay those among all");
        }
        seen += kept.len();
    }
    assert_eq!(seen, 579);

    // Names that are numbers carry their kind; `name` stays the short name.
    let (_, body) = get(&format!("{base}/api/v1/rankings?level=district&parent=79")).await;
    let first = body["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["code"] == "760")
        .unwrap();
    assert_eq!(
        (first["name"].as_str(), first["display_name"].as_str()),
        (Some("1"), Some("Quận 1"))
    );
}

/// The codes of a unit's children, from the API.
async fn children_codes(base: &str, parent: &str) -> Vec<String> {
    let (_, body) = get(&format!("{base}/api/v1/rankings?parent={parent}")).await;
    body["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["code"].as_str().unwrap().to_string())
        .collect()
}

async fn rankings_and_search_name_the_bad_parameter(engine: Engine) {
    let t = common::small_demo(engine, "2021-03-31").await;
    let base = spawn(&t).await;
    for (query, field) in [
        ("level=region", "level"),
        ("by=speed", "by"),
        ("stage=printed", "stage"),
        ("parent=99999", "parent"),
        ("parent=00001", "parent"),
        ("level=province&parent=01", "level"),
        ("status=late", "status"),
        ("date=2021-02-30", "date"),
        ("date=2021-05-01", "date"),
        ("sort=name", "sort"),
    ] {
        let (status, body) = get(&format!("{base}/api/v1/rankings?{query}")).await;
        assert_eq!(status, 400, "{query}: {body}");
        let message = body["error"].as_str().unwrap();
        assert!(
            message.starts_with(&format!("{field}:")),
            "{query}: {message}"
        );
    }
    for query in ["", "q=", "q=%20-%20"] {
        let (status, body) = get(&format!("{base}/api/v1/units/search?{query}")).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert!(body["error"].as_str().unwrap().starts_with("q:"), "{body}");
    }
}

async fn search_finds_units_with_or_without_diacritics(engine: Engine) {
    let t = common::small_demo(engine, "2021-03-05").await;
    let base = spawn(&t).await;
    for q in ["ha%20dong", "H%C3%A0%20%C4%90%C3%B4ng", "268"] {
        let (status, body) = get(&format!("{base}/api/v1/units/search?q={q}")).await;
        assert_eq!(status, 200, "{body}");
        let first = &body[0];
        assert_eq!(first["unit"]["code"], "268", "{q}: {body}");
        assert_eq!(first["full_name"], "Quận Hà Đông");
        assert_eq!(first["province"], "Hà Nội");
    }
    // A commune says which district and province it lies in.
    let (_, body) = get(&format!("{base}/api/v1/units/search?q=phuc%20xa")).await;
    let hit = body
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["unit"]["code"] == "00001")
        .unwrap();
    assert_eq!(
        (hit["district"].as_str(), hit["province"].as_str()),
        (Some("Ba Đình"), Some("Hà Nội"))
    );
    // What people type: kinds, numbers, and the city's other names.
    for (q, code) in [
        ("quan%201", "760"),
        ("Qu%E1%BA%ADn%203", "770"),
        ("hcm", "79"),
        ("tp%20hcm", "79"),
        ("sai%20gon", "79"),
        ("tp%20thanh%20hoa", "380"),
    ] {
        let (status, body) = get(&format!("{base}/api/v1/units/search?q={q}")).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body[0]["unit"]["code"], code, "{q}: {body}");
    }
    let (_, body) = get(&format!("{base}/api/v1/units/search?q=phuong%20tan%20dinh")).await;
    let hit = body
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["unit"]["code"] == "26734")
        .expect("Phường Tân Định of Quận 1");
    assert_eq!(hit["unit"]["display_name"], "Tân Định");
    assert_eq!(
        (hit["district"].as_str(), hit["province"].as_str()),
        (Some("Quận 1"), Some("TP Hồ Chí Minh"))
    );
}

async fn unit_pages_render_and_show_new_figures_after_a_report(engine: Engine) {
    let t = common::small_demo(engine, "2021-03-20").await;
    let base = spawn(&t).await;
    let (status, html) = page(&format!("{base}/rankings")).await;
    assert_eq!(status, 200);
    assert_eq!(html.matches("<tr data-code=").count(), 63);
    let (status, html) = page(&format!("{base}/d/001?date=2021-03-10")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Ba Đình") && html.contains("Hà Nội"),
        "breadcrumb"
    );
    assert_eq!(
        (page(&format!("{base}/p/001")).await.0),
        404,
        "a district code on a province page"
    );
    // Also once the district's own page is kept for that day.
    assert_eq!(page(&format!("{base}/d/001")).await.0, 200);
    assert_eq!(page(&format!("{base}/p/001")).await.0, 404);
    let (status, body) = page(&format!("{base}/p/01?by=speed")).await;
    assert_eq!(status, 400, "{body}");

    // Whole pages are kept between requests: a new report must still show at once.
    let url = format!("{base}/c/00001?date=2021-03-10");
    let (_, before) = page(&url).await;
    let (_, progress) = get(&format!("{base}/api/v1/progress/00001?date=2021-03-10")).await;
    let old = progress["stages"]["applications"]["cumulative"]
        .as_u64()
        .unwrap();
    let campaign = common::campaign(t.db.as_ref()).await.id;
    let daily = progress["stages"]["applications"]["daily"]
        .as_u64()
        .unwrap();
    let report = tiendo_core::reports::Report {
        unit_code: "00001".into(),
        stage: tiendo_core::Stage::Applications,
        day: "2021-03-10".parse().unwrap(),
        count: daily + 12_345,
    };
    t.db.record_reports(campaign, &common::DEMO_AUTHOR, &[report])
        .await
        .unwrap();
    let (_, after) = page(&url).await;
    let shown = |n: u64| tiendo_core::format::int(n, tiendo_core::Lang::Vi);
    assert!(before.contains(&shown(old)));
    assert!(
        after.contains(&shown(old + 12_345)),
        "the kept page was served stale"
    );
}

async fn rankings_csv_reads_back_as_the_api_figures(engine: Engine) {
    let t = common::small_demo(engine, "2021-04-30").await;
    let base = spawn(&t).await;
    let query = "parent=01&stage=produced&by=avg7&date=2021-04-20";
    let (kind, name, bytes) = download(&format!("{base}/export/table/rankings.csv?{query}")).await;
    assert_eq!(kind, "text/csv; charset=utf-8");
    assert_eq!(
        name,
        "xep-hang-san-xuat-the-quan-huyen-ha-noi-01-2021-04-20.csv"
    );
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "UTF-8 byte-order mark for Excel"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[4], "Tên");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();

    let (_, api) = get(&format!("{base}/api/v1/rankings?{query}")).await;
    let units = api["units"].as_array().unwrap();
    assert_eq!(rows.len(), units.len());
    assert_eq!(rows.len(), 30);
    for (row, unit) in rows.iter().zip(units) {
        assert_eq!(&row[0], "2021-04-20");
        assert_eq!(row[1].parse::<u64>().ok(), unit["rank"].as_u64());
        assert_eq!(&row[3], unit["code"].as_str().unwrap());
        assert_eq!(
            &row[4],
            unit["display_name"].as_str().unwrap(),
            "Vietnamese names intact"
        );
        // Every row carries where it comes from, saying the figures are simulated.
        assert_eq!(
            &row[18],
            "Nguồn: Bộ Công an · Số liệu đến ngày 20/04/2021 · Số liệu mô phỏng"
        );
        assert_eq!(&row[16], "Hà Nội");
        assert_eq!(
            row[7].parse::<u64>().unwrap(),
            unit["cumulative"].as_u64().unwrap()
        );
        let avg7: f64 = row[10].parse().unwrap();
        assert!(
            (avg7 - unit["avg7"].as_f64().unwrap()).abs() < 0.05,
            "{avg7} vs {}",
            unit["avg7"]
        );
    }
    let (status, body) = get(&format!("{base}/export/table/rankings.csv?by=speed")).await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().starts_with("by:"));
    assert_eq!(
        get(&format!("{base}/export/table/nothing.csv")).await.0,
        404
    );
}

async fn daily_series_csv_ends_at_the_api_figures(engine: Engine) {
    let t = common::small_demo(engine, "2021-04-30").await;
    let base = spawn(&t).await;
    for (unit, name) in [("VN", "toan-quoc"), ("01", "ha-noi-01")] {
        let url = format!("{base}/export/table/series.csv?unit={unit}&date=2021-04-20&lang=en");
        let (_, file, bytes) = download(&url).await;
        assert_eq!(file, format!("tien-do-theo-ngay-{name}-2021-04-20.csv"));
        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        assert_eq!(
            &reader.headers().unwrap()[2],
            "Applications collected (cumulative)"
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 51, "1 March to 20 April");
        let last = rows.last().unwrap();
        assert_eq!(&last[0], "2021-04-20");
        let (_, api) = get(&format!("{base}/api/v1/progress/{unit}?date=2021-04-20")).await;
        for (i, stage) in ["applications", "produced", "delivered"].iter().enumerate() {
            let s = &api["stages"][stage];
            assert_eq!(
                last[1 + 2 * i].parse::<u64>().unwrap(),
                s["daily"].as_u64().unwrap(),
                "{unit} {stage}"
            );
            assert_eq!(
                last[2 + 2 * i].parse::<u64>().unwrap(),
                s["cumulative"].as_u64().unwrap(),
                "{unit} {stage}"
            );
        }
        // Running totals never fall.
        let totals: Vec<u64> = rows.iter().map(|r| r[2].parse().unwrap()).collect();
        assert!(totals.windows(2).all(|w| w[0] <= w[1]));
    }
    let (status, body) = get(&format!("{base}/export/table/series.csv?unit=999")).await;
    assert_eq!(status, 400);
    assert!(
        body["error"].as_str().unwrap().starts_with("unit:"),
        "{body}"
    );
    let (status, _) = get(&format!("{base}/export/table/series.csv?lang=fr")).await;
    assert_eq!(status, 400);
}

async fn rankings_xlsx_reads_back_typed_as_the_api_figures(engine: Engine) {
    use calamine::{Data, Reader, Xlsx};
    let t = common::small_demo(engine, "2021-04-30").await;
    let base = spawn(&t).await;
    let query = "parent=01&by=cumulative&date=2021-04-20";
    let (kind, name, bytes) = download(&format!("{base}/export/table/rankings.xlsx?{query}")).await;
    assert_eq!(
        kind,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(
        name,
        "xep-hang-thu-nhan-ho-so-quan-huyen-ha-noi-01-2021-04-20.xlsx"
    );
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Xếp hạng").unwrap();
    let text = |r: u32, c: u32| match sheet.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("({r}, {c}) is not text: {other:?}"),
    };
    assert!(
        text(0, 0).contains("Số liệu đến ngày 20/04/2021"),
        "{}",
        text(0, 0)
    );
    // Where the figures come from, and that they are simulated, under the title.
    assert_eq!(
        text(1, 0),
        "Nguồn: Bộ Công an · Số liệu đến ngày 20/04/2021 · Số liệu mô phỏng"
    );
    assert_eq!(text(2, 4), "Tên");
    assert_eq!(text(2, 7), "Lũy kế");
    assert_eq!(text(2, 16), "Tỉnh/thành phố");

    let (_, api) = get(&format!("{base}/api/v1/rankings?{query}")).await;
    let units = api["units"].as_array().unwrap();
    assert_eq!(sheet.height(), 3 + units.len());
    // Excel counts days from 30 December 1899.
    let serial = (chrono::NaiveDate::from_ymd_opt(2021, 4, 20).unwrap()
        - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap())
    .num_days() as f64;
    for (i, unit) in units.iter().enumerate() {
        let r = i as u32 + 3;
        match sheet.get_value((r, 0)) {
            Some(Data::DateTime(d)) => assert_eq!(d.as_f64(), serial),
            other => panic!("as-of day is not a date: {other:?}"),
        }
        assert_eq!(text(r, 4), unit["display_name"].as_str().unwrap());
        // A district says its province, and the province's region.
        assert_eq!(text(r, 16), "Hà Nội");
        assert_eq!(text(r, 6), "Đồng bằng sông Hồng");
        assert_eq!(
            sheet.get_value((r, 7)),
            Some(&Data::Float(unit["cumulative"].as_u64().unwrap() as f64)),
            "cumulative is a number"
        );
    }
    let (status, _) = get(&format!("{base}/export/table/rankings.pdf")).await;
    assert_eq!(status, 404);
}

both!(
    progress_api_answers_for_nation_and_units,
    progress_api_errors_are_json_with_the_right_status,
    overview_page_is_rendered_on_the_server,
    rankings_api_ranks_children_and_levels,
    rankings_and_search_name_the_bad_parameter,
    search_finds_units_with_or_without_diacritics,
    unit_pages_render_and_show_new_figures_after_a_report,
    rankings_csv_reads_back_as_the_api_figures,
    daily_series_csv_ends_at_the_api_figures,
    rankings_xlsx_reads_back_typed_as_the_api_figures
);
