//! How long drawing the publishable files takes, alone: no database, no
//! HTTP, figures of the full campaign's size made up here (306 days, 10
//! leading and 10 lagging provinces, 5 risers, 5 fallers, 20 new alerts).
//! The HTTP figures of `scripts/bench.sh exports` add gathering the day.
//!
//! `cargo run --release -p tiendo --features tiendo-app/ssr --example render_times`

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use tiendo_core::alerts::{Alert, AlertState, Rule, Severity};
use tiendo_core::figure::{FileFormat, Preset};
use tiendo_core::overview::{PerStage, ProvinceScore, UnitProgress};
use tiendo_core::progress::{ProgressInput, compute};
use tiendo_core::reports::DayTotal;
use tiendo_core::units::{Level, UnitRef};
use tiendo_core::views::{AlertRow, Briefing, DataSpan, Mover};
use tiendo_core::{Lang, Stage};
use tiendo_server::render::briefing::{BriefingWords, briefing_pdf};
use tiendo_server::render::charts::figure::{Body, Figure, render};
use tiendo_server::render::charts::{CumulativeChart, CumulativeLine, Mark};

/// Runs `f` `n` times; the median and the slowest time, and the last result's size.
fn time(n: usize, mut f: impl FnMut() -> Vec<u8>) -> (Duration, Duration, usize) {
    let mut times = Vec::with_capacity(n);
    let mut size = 0;
    for _ in 0..n {
        let start = Instant::now();
        size = f().len();
        times.push(start.elapsed());
    }
    times.sort();
    (times[n / 2], times[n - 1], size)
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn main() {
    let start = day("2021-03-01");
    let as_of = day("2021-06-30");
    let series: Vec<DayTotal> = start
        .iter_days()
        .take(306)
        .enumerate()
        .map(|(i, d)| DayTotal {
            day: d,
            count: 300_000,
            cumulative: 300_000 * (i as u64 + 1),
        })
        .collect();
    // A published figure a month, as the ministry gave them.
    let marks: Vec<Mark> = (1..=4)
        .map(|month| Mark {
            day: start + chrono::Duration::days(30 * month),
            value: 11_000_000.0 * month as f64,
        })
        .collect();
    let chart = || CumulativeChart {
        lines: vec![CumulativeLine {
            stage: Stage::Applications,
            series: &series,
            target: Some(50_000_000),
            deadline: as_of,
        }],
        start,
        from: start,
        as_of,
        marks: &marks,
        show_target: true,
        show_deadline: true,
        lang: Lang::Vi,
    };
    let figure = Figure {
        title: "Thu nhận hồ sơ: lũy kế so với mục tiêu".into(),
        subtitle: "Toàn quốc · Thu nhận hồ sơ · 01/03/2021 – 30/06/2021".into(),
        note: None,
        footer: "Nguồn: Bộ Công an · Số liệu đến ngày 30/06/2021 · Số liệu mô phỏng".into(),
        lang: Lang::Vi,
        body: Body::Cumulative(chart()),
    };
    let briefing = briefing();
    let words = words();
    let runs = [
        (
            "briefing PDF",
            30,
            Box::new(|| briefing_pdf(&briefing, &chart(), &words, Lang::Vi).unwrap())
                as Box<dyn Fn() -> Vec<u8>>,
        ),
        (
            "cumulative PNG 1920×1080",
            30,
            Box::new(|| render(&figure, Preset::Slide.size(), FileFormat::Png, 96).unwrap()),
        ),
        (
            "cumulative PNG A4 300 dpi",
            10,
            Box::new(|| render(&figure, Preset::A4.size(), FileFormat::Png, 300).unwrap()),
        ),
        (
            "cumulative SVG 1920×1080",
            30,
            Box::new(|| render(&figure, Preset::Slide.size(), FileFormat::Svg, 96).unwrap()),
        ),
    ];
    for (name, n, draw) in runs {
        let (median, max, size) = time(n, draw);
        println!(
            "{name}: median {:.1} ms, max {:.1} ms over {n} runs, {:.0} KB",
            median.as_secs_f64() * 1e3,
            max.as_secs_f64() * 1e3,
            size as f64 / 1e3
        );
    }
}

/// A briefing of the full campaign's size.
fn briefing() -> Briefing {
    let as_of = day("2021-06-30");
    let stages = PerStage::from_fn(|stage| {
        compute(ProgressInput {
            as_of,
            cumulative: 35_000_000 / (1 + stage as u64),
            cumulative_week_before: 33_000_000 / (1 + stage as u64),
            daily: 300_000,
            target: Some(50_000_000),
            deadline: as_of,
        })
    });
    let province = |i: u32| ProvinceScore {
        rank: i,
        code: format!("{i:02}"),
        // The longest names set the widest rows.
        name: "Bà Rịa – Vũng Tàu".into(),
        region: "Bắc Trung Bộ và Duyên hải miền Trung".into(),
        cumulative: 1_000_000 + i as u64 * 10_000,
        percent_of_target: 140.0 - i as f64,
    };
    let mover = |i: i64| Mover {
        code: format!("{i:02}"),
        name: "Quảng Bình".into(),
        rank: 10 + i as u32,
        change: if i < 5 { 5 - i } else { 4 - i },
    };
    let alert = |i: i64| AlertRow {
        alert: Alert {
            id: i,
            unit: format!("{:05}", 100 + i),
            unit_name: "Xã Phúc Xá".into(),
            province: Some("01".into()),
            rule: Rule::BehindSchedule,
            severity: Severity::Critical,
            state: AlertState::Open,
            first_seen: "2021-06-30T08:00:00Z".into(),
            last_seen: "2021-06-30T08:00:00Z".into(),
            figures: vec![
                ("percent_of_target".into(), 88.0),
                ("expected_percent".into(), 100.0),
            ],
            acknowledged_by: None,
            comment: None,
            resolved_at: None,
        },
        text: "đạt 88,0% mục tiêu, lẽ ra 100,0%".into(),
        link: "/c/00100".into(),
        may_acknowledge: false,
    };
    Briefing {
        span: DataSpan {
            first_day: day("2021-03-01"),
            last_day: as_of,
            simulated: true,
            updated_at: None,
        },
        campaign_name: "50 triệu CCCD trước 1/7/2021".into(),
        progress: UnitProgress {
            unit: UnitRef {
                code: "VN".into(),
                name: "Toàn quốc".into(),
                display_name: "Toàn quốc".into(),
                level: Level::Nation,
                parent: None,
            },
            date: as_of,
            stages,
        },
        chart_svg: String::new(),
        top: (1..=10).map(province).collect(),
        bottom: (54..=63).rev().map(province).collect(),
        risers: (0..5).map(mover).collect(),
        fallers: (5..10).map(mover).collect(),
        silent_communes: 3_094,
        communes: 10_599,
        silent_days: 3,
        new_alerts: (0..20).map(alert).collect(),
    }
}

/// The Vietnamese words of the page.
fn words() -> BriefingWords {
    let t = tiendo_core::i18n::texts(Lang::Vi);
    let a = tiendo_core::i18n::alert_texts(Lang::Vi);
    BriefingWords {
        title: t.briefing_title.into(),
        simulated: Some(t.simulated.into()),
        columns: tiendo_core::i18n::national_columns(Lang::Vi),
        chart: t.cumulative_chart.into(),
        chart_alt: "Biểu đồ lũy kế thu nhận hồ sơ của toàn quốc đến 30/06/2021.".into(),
        province_columns: [t.rank, t.province, t.cumulative, "%"],
        top: t.top_ten.into(),
        bottom: t.bottom_ten.into(),
        movers: t.movers.into(),
        no_movers: t.no_movers.into(),
        silent: "3.094 / 10.599 xã, phường, thị trấn chưa báo cáo thu nhận hồ sơ trong 3 ngày qua"
            .into(),
        alerts: a.new_today.into(),
        no_alerts: a.none_new.into(),
        alert_columns: [a.severity, a.unit, a.rule, a.what],
        source: "Nguồn: Bộ Công an · Số liệu đến ngày 30/06/2021 · Số liệu mô phỏng".into(),
    }
}
