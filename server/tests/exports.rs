//! Chart downloads, the chart builder and the daily briefing over real HTTP,
//! on a real SQLite file.

#[macro_use]
mod common;

use common::{Engine, download, get, page, spawn};
use tiendo_core::figure::Preset;

/// Width and height of a PNG, read by a PNG decoder.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder.read_info().expect("a PNG that decodes");
    let info = reader.info();
    (info.width, info.height)
}

/// The title and every piece of text in an SVG download, which must parse as
/// XML and keep its text as `<text>` in fonts embedded as `@font-face`.
fn svg_texts(bytes: &[u8]) -> (String, Vec<String>) {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let doc = roxmltree::Document::parse(text).expect("valid XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let title = root
        .children()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text())
        .expect("a <title>")
        .to_string();
    let style = doc
        .descendants()
        .find(|n| n.has_tag_name("style"))
        .and_then(|n| n.text())
        .expect("a <style> with the fonts");
    assert!(
        style.starts_with("@font-face{font-family:\"DejaVu Sans\";font-weight:normal;src:url(data:font/ttf;base64,"),
        "{}",
        &style[..80.min(style.len())]
    );
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.descendants()
                .filter(|t| t.is_text())
                .filter_map(|t| t.text())
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect();
    assert!(!texts.is_empty(), "text is <text>");
    (title, texts)
}

async fn cumulative_chart_downloads_at_each_preset_size(engine: Engine) {
    let t = common::small_demo(engine, "2021-04-30").await;
    let base = spawn(&t).await;
    for preset in Preset::ALL {
        let url = format!(
            "{base}/export/chart/cumulative.png?date=2021-04-30&preset={}",
            preset.slug()
        );
        let (kind, name, bytes) = download(&url).await;
        assert_eq!(kind, "image/png");
        let size = match preset {
            Preset::Screen => String::new(),
            p => format!("-{}", p.slug()),
        };
        assert_eq!(
            name,
            format!("tien-do-thu-nhan-ho-so-toan-quoc-2021-04-30{size}.png")
        );
        assert_eq!(png_size(&bytes), preset.size(), "{}", preset.slug());
    }
    let (kind, name, bytes) = download(&format!(
        "{base}/export/chart/cumulative.svg?date=2021-04-30&preset=slide"
    ))
    .await;
    assert_eq!(kind, "image/svg+xml");
    assert_eq!(
        name,
        "tien-do-thu-nhan-ho-so-toan-quoc-2021-04-30-slide.svg"
    );
    let (title, texts) = svg_texts(&bytes);
    assert_eq!(title, "Thu nhận hồ sơ: lũy kế so với mục tiêu");
    assert!(texts.contains(&title), "the title is drawn: {texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Nguồn: Bộ Công an · Số liệu đến ngày 30/04/2021")),
        "source line: {texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Toàn quốc · Thu nhận hồ sơ · 01/03/2021 – 30/04/2021"))
    );
    // The y axis counts in millions, spelled out for publication; no "0" at
    // the origin to collide with the first day.
    assert!(texts.iter().any(|t| t.ends_with(" triệu")), "{texts:?}");
    assert!(
        !texts.iter().any(|t| t == "0" || t == "0 triệu"),
        "{texts:?}"
    );
}

async fn every_chart_kind_downloads_for_its_scope(engine: Engine) {
    let t = common::small_demo(engine, "2021-04-30").await;
    let base = spawn(&t).await;
    let cases = [
        (
            "daily.svg?unit=01&stage=applications,produced&from=2021-04-01&date=2021-04-30&lang=en",
            "theo-ngay-thu-nhan-ho-so-san-xuat-the-ha-noi-01-2021-04-30.svg",
            "Daily counts",
        ),
        (
            "backlog.svg?unit=271&date=2021-04-20",
            "ton-dong-ba-vi-271-2021-04-20.svg",
            "Tồn đọng giữa các khâu",
        ),
        (
            "ranking.svg?unit=01&stage=produced&by=avg7&date=2021-04-30",
            "xep-hang-san-xuat-the-theo-tb-7-ngay-ha-noi-01-2021-04-30.svg",
            "Xếp hạng quận, huyện, thị xã theo tb 7 ngày",
        ),
        (
            "map.svg?by=percent_of_target&date=2021-04-30",
            "ban-do-thu-nhan-ho-so-toan-quoc-2021-04-30.svg",
            "% mục tiêu theo tỉnh, thành phố",
        ),
    ];
    for (query, file, heading) in cases {
        let (_, name, bytes) = download(&format!("{base}/export/chart/{query}")).await;
        assert_eq!(name, file);
        let (title, texts) = svg_texts(&bytes);
        assert_eq!(title.to_lowercase(), heading.to_lowercase(), "{query}");
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("Nguồn") || t.starts_with("Source"))
        );
    }
    // Hà Nội's 30 districts: 10 leading and 10 lagging, their names drawn.
    let (_, _, bytes) = download(&format!(
        "{base}/export/chart/ranking.svg?unit=01&date=2021-04-30"
    ))
    .await;
    let (_, texts) = svg_texts(&bytes);
    let bars = texts.iter().filter(|t| t.contains(". ")).count();
    assert_eq!(bars, 20, "{texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t.contains("10 đầu và 10 cuối bảng trong 30"))
    );
    // Ranked by % of target (the default), the bars show where 100% is; by
    // another measure there is no such line.
    assert!(texts.iter().any(|t| t == "Mục tiêu 100%"), "{texts:?}");
    let (_, _, bytes) = download(&format!(
        "{base}/export/chart/ranking.svg?unit=01&by=avg7&date=2021-04-30"
    ))
    .await;
    assert!(!svg_texts(&bytes).1.iter().any(|t| t == "Mục tiêu 100%"));
    // The rankings page's region filter travels to the files: its rows only,
    // with their national ranks.
    let (_, _, csv) = download(&format!(
        "{base}/export/table/rankings.csv?level=province&region=dong-bang-song-hong&date=2021-04-30"
    ))
    .await;
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    let regions: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[6].to_string())
        .collect();
    assert_eq!(regions.len(), 11, "the 11 provinces of the Red River Delta");
    assert!(regions.iter().all(|r| r == "Đồng bằng sông Hồng"));
    let (_, _, bytes) = download(&format!(
        "{base}/export/chart/ranking.svg?region=dong-bang-song-hong&date=2021-04-30"
    ))
    .await;
    assert!(svg_texts(&bytes).1.iter().any(|t| t == "1. Hà Nội"));
    let (status, body) = get(&format!(
        "{base}/export/table/rankings.xlsx?region=atlantis"
    ))
    .await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().starts_with("region:"));
    // The map's PNG is the map too, at the social size.
    let (_, _, png) = download(&format!("{base}/export/chart/map.png?preset=social")).await;
    assert_eq!(png_size(&png), (1200, 630));
}

async fn annotations_and_notes_change_the_chart(engine: Engine) {
    let t = common::small_demo(engine, "2021-04-30").await;
    let base = spawn(&t).await;
    let texts = |q: &str| {
        let url = format!("{base}/export/chart/cumulative.svg?{q}");
        async move { svg_texts(&download(&url).await.2).1 }
    };
    let shown =
        texts("date=2021-04-30&note=S%E1%BB%91%20li%E1%BB%87u%20s%C6%A1%20b%E1%BB%99").await;
    assert!(shown.contains(&"Số liệu sơ bộ".to_string()), "{shown:?}");
    assert!(shown.contains(&"Lộ trình mục tiêu".to_string()));
    assert!(shown.contains(&"Số liệu đã công bố".to_string()));
    assert!(shown.iter().any(|t| t == "Hạn 30/06/2021"), "{shown:?}");
    let hidden = texts("date=2021-04-30&target=0&milestones=0&deadline=0").await;
    assert!(!hidden.contains(&"Lộ trình mục tiêu".to_string()));
    assert!(!hidden.contains(&"Số liệu đã công bố".to_string()));
    assert!(!hidden.iter().any(|t| t.starts_with("Hạn ")));
}

/// Every chart kind, in several sizes, languages and annotations, read back
/// as a viewer lays it out: no text box overlaps another, covers a key
/// point of the data (see `render::charts::legibility` for both
/// definitions) or leaves the picture.
async fn no_label_hides_another_or_the_data(engine: Engine) {
    use tiendo_server::render::charts::legibility;
    let t = common::small_demo(engine, "2021-04-30").await;
    let base = spawn(&t).await;
    let cases = [
        "cumulative.svg?date=2021-04-30",
        "cumulative.svg?date=2021-04-30&lang=en&preset=social",
        "cumulative.svg?unit=01&date=2021-04-30&lang=en&preset=slide",
        "cumulative.svg?unit=48&date=2021-04-30&note=S%E1%BB%91%20li%E1%BB%87u%20s%C6%A1%20b%E1%BB%99",
        "cumulative.svg?stage=applications,produced,delivered&date=2021-04-30&lang=en&preset=portrait",
        "cumulative.svg?date=2021-04-30&target=0&milestones=0&deadline=0&preset=square",
        "daily.svg?stage=applications,produced,delivered&date=2021-04-30&preset=a4",
        "daily.svg?unit=01&date=2021-04-30&lang=en",
        "backlog.svg?date=2021-04-30",
        "backlog.svg?unit=271&date=2021-04-20&lang=en&preset=slide",
        "ranking.svg?unit=01&date=2021-04-30",
        "ranking.svg?date=2021-04-30&lang=en&preset=portrait",
        "ranking.svg?unit=01&by=avg7&date=2021-04-30&preset=social",
        "map.svg?date=2021-04-30",
        "map.svg?date=2021-04-30&lang=en&preset=square",
        "map.svg?by=avg7&date=2021-04-30&preset=portrait",
    ];
    let mut problems = Vec::new();
    for query in cases {
        let (_, _, bytes) = download(&format!("{base}/export/chart/{query}")).await;
        let reading = legibility::read(std::str::from_utf8(&bytes).unwrap()).unwrap();
        // The check has something to check.
        assert!(
            reading.labels.len() > 5 && !reading.points.is_empty(),
            "{query}"
        );
        problems.extend(
            reading
                .problems()
                .into_iter()
                .map(|p| format!("{query}: {p}")),
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

async fn bad_chart_parameters_get_a_400_naming_them(engine: Engine) {
    let t = common::small_demo(engine, "2021-04-30").await;
    let base = spawn(&t).await;
    let cases = [
        ("cumulative.png?preset=poster", "preset"),
        ("cumulative.png?stage=printed", "stage"),
        ("cumulative.png?date=2021-13-01", "date"),
        ("cumulative.png?date=2022-01-01", "date"),
        ("cumulative.png?from=2020-01-01", "from"),
        ("cumulative.png?from=2021-04-10&date=2021-04-01", "from"),
        ("cumulative.png?unit=99999", "unit"),
        ("cumulative.png?lang=fr", "lang"),
        ("cumulative.png?colour=red", "colour"),
        ("daily.svg?target=maybe", "target"),
        ("ranking.png?unit=00001", "unit"),
        ("map.png?unit=01", "unit"),
        ("map.png?stage=applications,produced", "stage"),
        ("cumulative.png?from=2021-04-30", "from"),
        ("ranking.png?unit=318", "unit"),
        ("daily.svg?note=%E6%B2%B3%E5%86%85", "note"),
    ];
    for (query, field) in cases {
        let (status, body) = get(&format!("{base}/export/chart/{query}")).await;
        assert_eq!(status, 400, "{query}: {body}");
        let message = body["error"].as_str().unwrap();
        assert!(
            message.starts_with(&format!("{field}:")),
            "{query}: {message}"
        );
    }
    let long_note = "x".repeat(101);
    let (status, body) = get(&format!("{base}/export/chart/daily.png?note={long_note}")).await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().starts_with("note:"));
    for missing in ["pie.png", "cumulative.jpg", "cumulative"] {
        assert_eq!(
            get(&format!("{base}/export/chart/{missing}")).await.0,
            404,
            "{missing}"
        );
    }
}

async fn the_builder_and_the_briefing_render_on_the_server(engine: Engine) {
    let t = common::small_demo(engine, "2021-04-30").await;
    let base = spawn(&t).await;
    let (status, html) = page(&format!(
        "{base}/charts?chart=daily&unit=271&stage=produced&chart_lang=en&preset=social"
    ))
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("Tạo biểu đồ để công bố"));
    assert!(
        html.contains(
            "/export/chart/daily.svg?unit=271&amp;stage=produced&amp;preset=social&amp;lang=en"
        ),
        "the preview is the download"
    );
    assert!(
        html.contains(">Ba Vì</option>"),
        "the district list of Hà Nội"
    );
    let (status, html) = page(&format!("{base}/charts?chart=map&preset=poster")).await;
    assert_eq!(status, 400);
    assert!(
        html.contains("preset: không có giá trị"),
        "the error names the field, in the page's language"
    );

    let (status, html) = page(&format!("{base}/briefing?date=2021-04-30")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Bản tin tiến độ hằng ngày · 30/04/2021"));
    assert!(html.contains("Nguồn: Bộ Công an · Số liệu đến ngày 30/04/2021"));
    assert!(html.contains("xã, phường, thị trấn chưa báo cáo thu nhận hồ sơ trong 3 ngày qua"));
    let (status, _) = page(&format!("{base}/briefing?date=2021-99-01")).await;
    assert_eq!(status, 400);

    assert_eq!(
        get(&format!("{base}/export/briefing.pdf?lang=de")).await.0,
        400
    );
}

/// What the poppler tool `tool` (pdftotext, pdfinfo, pdffonts) says of
/// `pdf` with `args`; it must succeed and complain of nothing but the one
/// line poppler prints for any valid `/Suspects false` (a poppler bug).
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = std::process::Command::new(tool)
        .args(args)
        .arg(&file)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils, scripts/install-tools.sh --test): {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let complaints: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.contains("Suspects object is wrong type (boolean)"))
        .collect();
    assert!(
        out.status.success() && complaints.is_empty(),
        "{tool}: {stderr}"
    );
    // Lossy: pdfinfo -struct prints UTF-16 titles as raw bytes.
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The briefing PDF read back by poppler: one tagged A4 page with its
/// fonts embedded, and the page's figures as real text.
async fn the_briefing_pdf_is_a_tagged_page_of_real_text(engine: Engine) {
    let t = common::small_demo(engine, "2021-04-30").await;
    let base = spawn(&t).await;
    let (kind, name, pdf) = download(&format!("{base}/export/briefing.pdf?date=2021-04-30")).await;
    assert_eq!(kind, "application/pdf");
    assert_eq!(name, "ban-tin-tien-do-2021-04-30.pdf");
    let info = poppler("pdfinfo", &[], &pdf);
    for line in [
        "Title:           Bản tin tiến độ hằng ngày · 30/04/2021",
        "Tagged:          yes",
        "Pages:           1",
        "Page size:       595.28 x 841.89 pts (A4)",
    ] {
        assert!(info.contains(line), "{line}: {info}");
    }
    let fonts = poppler("pdffonts", &[], &pdf);
    for face in ["DejaVuSans ", "DejaVuSans-Bold "] {
        let row = fonts
            .lines()
            .find(|l| l.contains(&format!("+{face}")))
            .unwrap_or_else(|| panic!("{face}: {fonts}"));
        assert!(
            row.contains("yes yes yes"),
            "embedded, subset, Unicode: {row}"
        );
    }
    let text = poppler("pdftotext", &[], &pdf);
    let (_, api) = get(&format!("{base}/api/v1/progress/VN?date=2021-04-30")).await;
    for stage in ["applications", "produced", "delivered"] {
        let cumulative = api["stages"][stage]["cumulative"].as_u64().unwrap();
        let shown = tiendo_core::format::int(cumulative, tiendo_core::Lang::Vi);
        assert!(text.contains(&shown), "{stage} {shown}: {text}");
    }
    for words in [
        "Bản tin tiến độ hằng ngày · 30/04/2021",
        "Số liệu mô phỏng",
        "Nguồn: Bộ Công an · Số liệu đến ngày 30/04/2021",
        "Thu nhận hồ sơ",
        "10 tỉnh, thành phố dẫn đầu",
        "Cảnh báo mới trong ngày",
        // The chart's own labels are text too.
        "Lộ trình mục tiêu",
        "01/03",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    let structure = poppler("pdfinfo", &["-struct"], &pdf);
    for tag in ["H1", "H2", "P", "Table", "TH", "TD", "Figure"] {
        assert!(
            structure.contains(&format!("  {tag}")),
            "{tag}: {structure}"
        );
    }
    // In English, the same page in English words and figures.
    let (_, _, pdf) = download(&format!(
        "{base}/export/briefing.pdf?date=2021-04-30&lang=en"
    ))
    .await;
    let text = poppler("pdftotext", &[], &pdf);
    assert!(
        text.contains("Daily progress briefing · 30/04/2021"),
        "{text}"
    );
    assert!(text.contains("Source: Ministry of Public Security · Figures as of 30/04/2021"));
    assert!(poppler("pdfinfo", &[], &pdf).contains("Pages:           1"));
}

/// Opens `file` in LibreOffice Calc set to Vietnamese, as a ministry PC
/// would, and reads back the workbook it makes of it.
fn open_in_vietnamese_calc(
    file: &std::path::Path,
    filter: &str,
) -> calamine::Range<calamine::Data> {
    use calamine::{Reader, Xlsx};
    let dir = file.parent().unwrap();
    // A profile of its own: tests run side by side.
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.display());
    let out = std::process::Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            &format!("--infilter={filter}"),
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(dir.join("calc"))
        .arg(file)
        .output()
        .expect("LibreOffice Calc (soffice) is installed by scripts/install-tools.sh --test");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stem = file.file_stem().unwrap().to_string_lossy();
    let converted = dir.join("calc").join(format!("{stem}.xlsx"));
    let mut book: Xlsx<_> = calamine::open_workbook(&converted).unwrap();
    book.worksheet_range_at(0).unwrap().unwrap()
}

async fn a_vietnamese_spreadsheet_reads_the_csv_right(engine: Engine) {
    use calamine::Data;
    let t = common::small_demo(engine, "2021-04-30").await;
    let base = spawn(&t).await;
    let dir = tempfile::tempdir().unwrap();
    let query = "level=commune&parent=01&date=2021-04-20&dialect=excel-vi";
    let (_, name, bytes) = download(&format!("{base}/export/table/rankings.csv?{query}")).await;
    assert_eq!(
        name,
        "xep-hang-thu-nhan-ho-so-xa-phuong-thi-tran-ha-noi-01-2021-04-20-excel.csv"
    );
    let file = dir.path().join(&name);
    std::fs::write(&file, &bytes).unwrap();
    // ';' between fields, UTF-8, Vietnamese locale (1066), as Calc asks on opening.
    let sheet = open_in_vietnamese_calc(&file, "CSV:59,34,76,1,,1066");
    let (_, api) = get(&format!(
        "{base}/api/v1/rankings?level=commune&parent=01&date=2021-04-20"
    ))
    .await;
    let units = api["units"].as_array().unwrap();
    assert_eq!(sheet.height(), 1 + units.len());
    let cell = |r: usize, c: usize| sheet.get((r, c)).cloned().unwrap_or(Data::Empty);
    for (i, unit) in units.iter().enumerate() {
        let r = i + 1;
        // Codes keep their zeros: text, not the number 1.
        assert_eq!(
            cell(r, 3),
            Data::String(unit["code"].as_str().unwrap().into())
        );
        // Percentages and averages stay numbers, with their decimals.
        match (cell(r, 9), unit["percent_of_target"].as_f64()) {
            (Data::Float(v), Some(p)) => assert!((v - p).abs() < 0.051, "{v} vs {p}"),
            (Data::Empty, None) => {}
            (other, p) => panic!("row {r}: % of target read as {other:?}, API says {p:?}"),
        }
        assert!(
            matches!(cell(r, 10), Data::Float(_)),
            "7-day average: {:?}",
            cell(r, 10)
        );
        assert!(
            matches!(cell(r, 0), Data::DateTime(_) | Data::Float(_)),
            "as-of day: {:?}",
            cell(r, 0)
        );
        assert_eq!(cell(r, 16), Data::String("Hà Nội".into()));
        assert_eq!(
            cell(r, 18),
            Data::String(
                "Nguồn: Bộ Công an · Số liệu đến ngày 20/04/2021 · Số liệu mô phỏng".into()
            )
        );
    }
    // A dialect it does not know, or one asked of a workbook, is refused by name.
    for query in [
        "rankings.csv?dialect=excel",
        "rankings.xlsx?dialect=excel-vi",
    ] {
        let (status, body) = get(&format!("{base}/export/table/{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert!(
            body["error"].as_str().unwrap().starts_with("dialect:"),
            "{body}"
        );
    }
}

/// The `content` of `<meta {attr}="{name}" content="…">` in `html`.
fn meta<'a>(html: &'a str, attr: &str, name: &str) -> Option<&'a str> {
    let start = html.find(&format!(r#"{attr}="{name}""#))?;
    let tag = &html[html[..start].rfind('<')?..];
    let tag = &tag[..tag.find('>')?];
    let content = &tag[tag.find(r#"content=""#)? + 9..];
    Some(&content[..content.find('"')?])
}

async fn every_page_gives_a_link_preview_with_its_chart(engine: Engine) {
    let t = common::small_demo(engine, "2021-04-30").await;
    let settings = tiendo_server::http::Settings {
        public_url: Some("https://tiendo.example.vn".into()),
        ..Default::default()
    };
    let (base, _) = common::spawn_site(t.db.clone(), settings).await;
    for path in [
        "/?date=2021-04-20",
        "/rankings?date=2021-04-20",
        "/p/01?date=2021-04-20",
        "/c/00001?date=2021-04-20",
        "/map?date=2021-04-20",
        "/briefing?date=2021-04-20",
        "/search?q=ha",
        "/rankings?lang=en",
    ] {
        let (status, html) = page(&format!("{base}{path}")).await;
        assert_eq!(status, 200, "{path}");
        let title = html
            .split("<title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .unwrap_or_else(|| panic!("{path}: no title"));
        assert!(title.ends_with(" · Tiendo"), "{path}: {title}");
        assert_eq!(meta(&html, "property", "og:title"), Some(title), "{path}");
        assert!(
            meta(&html, "property", "og:description").is_some_and(|d| !d.is_empty()),
            "{path}"
        );
        assert_eq!(
            meta(&html, "name", "twitter:card"),
            Some("summary_large_image"),
            "{path}"
        );
        // The picture is the chart at the social size, pinned to the page's day.
        let image =
            meta(&html, "property", "og:image").unwrap_or_else(|| panic!("{path}: no og:image"));
        let image = image.replace("&amp;", "&");
        let local = image
            .strip_prefix("https://tiendo.example.vn")
            .unwrap_or_else(|| panic!("{path}: {image} is not on the public address"));
        if path.contains("date=") {
            assert!(local.contains("date=2021-04-20"), "{path}: {local}");
        }
        let (kind, _, bytes) = download(&format!("{base}{local}")).await;
        assert_eq!(kind, "image/png", "{path}");
        assert_eq!(png_size(&bytes), (1200, 630), "{path}");
    }
    // A real icon.
    let resp = reqwest::get(format!("{base}/favicon.svg")).await.unwrap();
    assert_eq!(resp.headers()["content-type"], "image/svg+xml");
    assert!(resp.text().await.unwrap().starts_with("<svg"));
}

/// The rows of a plain CSV download: header first, the byte-order mark dropped.
fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes)
        .unwrap()
        .trim_start_matches('\u{feff}');
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

async fn a_chart_s_figures_words_and_embed_page_follow_its_parameters(engine: Engine) {
    let t = common::small_demo(engine, "2021-04-30").await;
    let base = spawn(&t).await;
    // The ranking of Hà Nội's 30 districts draws the first and last ten: so does its data.
    let (_, api) = get(&format!("{base}/api/v1/rankings?parent=01&date=2021-04-20")).await;
    let codes: Vec<&str> = api["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), 30);
    let (kind, name, bytes) = download(&format!(
        "{base}/export/chart/ranking.csv?unit=01&date=2021-04-20&preset=slide"
    ))
    .await;
    assert_eq!(kind, "text/csv; charset=utf-8");
    // Named like the chart, without its size: the figures are the same at every size.
    assert_eq!(name, "xep-hang-thu-nhan-ho-so-ha-noi-01-2021-04-20.csv");
    let rows = csv_rows(&bytes);
    assert_eq!(rows[0], ["Hạng", "Mã", "Đơn vị", "% mục tiêu", "Nguồn"]);
    let drawn: Vec<&str> = rows[1..].iter().map(|r| r[1].as_str()).collect();
    let expected: Vec<&str> = codes[..10].iter().chain(&codes[20..]).copied().collect();
    assert_eq!(drawn, expected);
    for row in &rows[1..] {
        assert!(row[3].parse::<f64>().is_ok(), "a number: {row:?}");
        assert!(row[4].ends_with("Số liệu mô phỏng"), "{row:?}");
    }

    // The cumulative chart's data: one row a day drawn, ending on the API's figure.
    let (_, progress) = get(&format!("{base}/api/v1/progress/01?date=2021-04-20")).await;
    let total = progress["stages"]["applications"]["cumulative"]
        .as_u64()
        .unwrap();
    let (_, _, bytes) = download(&format!(
        "{base}/export/chart/cumulative.csv?unit=01&from=2021-04-01&date=2021-04-20"
    ))
    .await;
    let rows = csv_rows(&bytes);
    assert_eq!(rows.len(), 1 + 20);
    assert_eq!(rows[1][0], "2021-04-01");
    assert_eq!(rows[20][0], "2021-04-20");
    assert_eq!(rows[20][1], total.to_string());
    let (kind, name, _) = download(&format!(
        "{base}/export/chart/backlog.xlsx?unit=01&date=2021-04-20"
    ))
    .await;
    assert!(kind.contains("spreadsheetml"), "{kind}");
    assert!(name.ends_with("ha-noi-01-2021-04-20.xlsx"), "{name}");

    // Errors in the request's language (Vietnamese unless told), the field named.
    let (status, body) = get(&format!("{base}/export/chart/cumulative.png?preset=poster")).await;
    assert_eq!(status, 400);
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .starts_with("preset: không có giá trị"),
        "{body}"
    );
    let (_, body) = get(&format!(
        "{base}/export/chart/cumulative.csv?preset=poster&lang=en"
    ))
    .await;
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .starts_with("preset: unknown preset 'poster'"),
        "{body}"
    );
    let (status, body) = get(&format!(
        "{base}/export/table/rankings.csv?level=town&lang=en"
    ))
    .await;
    assert_eq!(status, 400);
    assert!(
        body["error"].as_str().unwrap().starts_with("level: "),
        "{body}"
    );

    // The embed page: the chart alone, framable by any site, with its key figures in words.
    let resp = reqwest::get(format!(
        "{base}/embed/chart/cumulative?unit=01&date=2021-04-20"
    ))
    .await
    .unwrap();
    assert_eq!(resp.status(), 200);
    let policy = resp.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        !policy.contains("frame-ancestors"),
        "any page may frame it: {policy}"
    );
    assert!(
        policy.contains("default-src 'none'"),
        "nothing runs: {policy}"
    );
    assert!(resp.headers().get("x-frame-options").is_none());
    let html = resp.text().await.unwrap();
    assert!(html.len() < 4096, "light: {} bytes", html.len());
    assert!(!html.contains("<script"));
    assert!(
        html.contains(r#"src="/export/chart/cumulative.svg?unit=01&amp;date=2021-04-20""#),
        "{html}"
    );
    let figure = tiendo_core::format::int(total, tiendo_core::Lang::Vi);
    assert!(
        html.contains(&format!("Thu nhận hồ sơ: {figure} đến ngày 20/04/2021")),
        "the alt text states the figure: {html}"
    );
    assert!(html.contains("Số liệu mô phỏng"));
    assert!(html.contains("/charts?chart=cumulative&amp;unit=01&amp;date=2021-04-20"));
    assert!(html.contains("CC BY 4.0"));
    // Served again from the response cache, the same page with its own policy.
    let again = reqwest::get(format!(
        "{base}/embed/chart/cumulative?unit=01&date=2021-04-20"
    ))
    .await
    .unwrap();
    assert_eq!(
        again.headers()["content-security-policy"].to_str().unwrap(),
        policy
    );
    assert!(again.headers().get("x-frame-options").is_none());
    assert_eq!(again.text().await.unwrap(), html);
    let (status, _) = page(&format!("{base}/embed/chart/cumulative?preset=poster")).await;
    assert_eq!(status, 400);
    assert_eq!(page(&format!("{base}/embed/chart/pie")).await.0, 404);

    // The builder: the same words under the preview, the data beside the images,
    // the share link pinned to the last day, an embed code and a citation.
    let (_, html) = page(&format!("{base}/charts?unit=01&date=2021-04-20")).await;
    assert!(
        html.contains(&format!("Thu nhận hồ sơ: {figure} đến ngày 20/04/2021")),
        "the preview's alt text"
    );
    assert!(html.contains(r#"href="/export/chart/cumulative.csv?unit=01&amp;date=2021-04-20""#));
    assert!(html.contains(r#"href="/export/chart/cumulative.xlsx?unit=01&amp;date=2021-04-20""#));
    assert!(html.contains(r#"value="&lt;iframe src=&quot;/embed/chart/cumulative?unit=01&amp;amp;date=2021-04-20&quot;"#), "embed code: {}", &html[html.find("iframe").unwrap_or(0).saturating_sub(40)..][..300]);
    assert!(html.contains("Trích dẫn"));
    let (_, html) = page(&format!("{base}/charts?chart=daily")).await;
    assert!(
        html.contains("/charts?chart=daily&amp;date=2021-04-30"),
        "a blank day is pinned to the last one in the link"
    );
}

both!(
    a_chart_s_figures_words_and_embed_page_follow_its_parameters,
    every_page_gives_a_link_preview_with_its_chart,
    a_vietnamese_spreadsheet_reads_the_csv_right,
    cumulative_chart_downloads_at_each_preset_size,
    every_chart_kind_downloads_for_its_scope,
    annotations_and_notes_change_the_chart,
    no_label_hides_another_or_the_data,
    bad_chart_parameters_get_a_400_naming_them,
    the_builder_and_the_briefing_render_on_the_server,
    the_briefing_pdf_is_a_tagged_page_of_real_text
);
