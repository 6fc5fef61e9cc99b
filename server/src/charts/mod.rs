//! Charts drawn on the server with plotters, as SVG for the pages.

use chrono::{Duration, NaiveDate};
use plotters::prelude::*;
use tiendo_core::{Lang, Stage, format};

use crate::db::DayTotal;

pub mod map;

/// Errors while drawing a chart.
#[derive(Debug, thiserror::Error)]
#[error("chart drawing failed: {0}")]
pub struct ChartError(String);

fn err<E: std::fmt::Debug>(e: E) -> ChartError {
    ChartError(format!("{e:?}"))
}

/// Colour of each stage, shared by every chart.
pub fn stage_colour(stage: Stage) -> RGBColor {
    match stage {
        Stage::Applications => RGBColor(0xc6, 0x28, 0x28),
        Stage::Produced => RGBColor(0x1e, 0x63, 0xb0),
        Stage::Delivered => RGBColor(0x2e, 0x7d, 0x32),
    }
}

const GRID: RGBColor = RGBColor(0xe3, 0xe3, 0xe3);
const TARGET: RGBColor = RGBColor(0x75, 0x75, 0x75);
const MILESTONE: RGBColor = RGBColor(0xef, 0x8f, 0x00);

/// A published figure to mark on the cumulative chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// Day of the figure.
    pub day: NaiveDate,
    /// The figure.
    pub value: f64,
}

/// What the cumulative-vs-target chart shows.
pub struct CumulativeChart<'a> {
    /// Stage drawn.
    pub stage: Stage,
    /// The unit's daily series (cumulative used), oldest first.
    pub series: &'a [DayTotal],
    /// First day of the campaign (0 on the target line).
    pub start: NaiveDate,
    /// Figures after this day are not drawn.
    pub as_of: NaiveDate,
    /// Target, drawn as a straight trajectory from the start to the deadline.
    pub target: Option<u64>,
    /// Deadline of the target.
    pub deadline: NaiveDate,
    /// Published figures.
    pub marks: &'a [Mark],
    /// Label language.
    pub lang: Lang,
}

fn day_index(start: NaiveDate, d: NaiveDate) -> i32 {
    (d - start).num_days() as i32
}

/// An axis label for a count: in millions on a national scale, whole numbers below.
fn axis_count(v: f64, axis_max: f64, lang: Lang) -> String {
    if axis_max >= 2_000_000.0 {
        format::millions(v, lang)
    } else {
        format::int(v.round() as u64, lang)
    }
}

/// Cumulative count against the target trajectory, with published figures marked.
pub fn cumulative_svg(c: &CumulativeChart, width: u32, height: u32) -> Result<String, ChartError> {
    let shown: Vec<&DayTotal> = c.series.iter().filter(|t| t.day <= c.as_of).collect();
    let last = shown.last().map_or(c.as_of, |t| t.day).max(c.deadline);
    let x_max = day_index(c.start, last).max(1);
    let y_max = shown
        .iter()
        .map(|t| t.cumulative as f64)
        .chain(c.target.map(|t| t as f64))
        .chain(c.marks.iter().map(|m| m.value))
        .fold(1.0, f64::max)
        * 1.08;
    let lang = c.lang;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(32)
            .y_label_area_size(70)
            .build_cartesian_2d(0..x_max, 0.0..y_max)
            .map_err(err)?;
        let start = c.start;
        chart
            .configure_mesh()
            .light_line_style(GRID.mix(0.0))
            .bold_line_style(GRID)
            .x_labels(8)
            .y_labels(6)
            .x_label_formatter(&|d| format::short_date(start + Duration::days(*d as i64)))
            .y_label_formatter(&|v| axis_count(*v, y_max, lang))
            .label_style(("sans-serif", 17))
            .draw()
            .map_err(err)?;
        if let Some(target) = c.target {
            let end = day_index(c.start, c.deadline);
            chart
                .draw_series(LineSeries::new(
                    [(0, 0.0), (end, target as f64)],
                    TARGET.stroke_width(2),
                ))
                .map_err(err)?
                .label(match lang {
                    Lang::Vi => "Lộ trình mục tiêu",
                    Lang::En => "Target trajectory",
                })
                .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], TARGET.stroke_width(2)));
            chart
                .draw_series(std::iter::once(PathElement::new(
                    [(end, 0.0), (end, y_max)],
                    TARGET.mix(0.6).stroke_width(1),
                )))
                .map_err(err)?;
        }
        let colour = stage_colour(c.stage);
        chart
            .draw_series(LineSeries::new(
                shown
                    .iter()
                    .map(|t| (day_index(c.start, t.day), t.cumulative as f64)),
                colour.stroke_width(3),
            ))
            .map_err(err)?
            .label(c.stage.label(lang))
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], colour.stroke_width(3)));
        if !c.marks.is_empty() {
            chart
                .draw_series(c.marks.iter().map(|m| {
                    Circle::new((day_index(c.start, m.day), m.value), 5, MILESTONE.filled())
                }))
                .map_err(err)?
                .label(match lang {
                    Lang::Vi => "Số liệu đã công bố",
                    Lang::En => "Published figures",
                })
                .legend(|(x, y)| Circle::new((x + 9, y), 5, MILESTONE.filled()));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(GRID)
            .label_font(("sans-serif", 17))
            .draw()
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// Size of the trend sparklines in ranking tables, in pixels.
pub const SPARKLINE_SIZE: (u32, u32) = (96, 24);

/// A sparkline of daily counts (oldest first) in a stage's colour, without axes.
pub fn sparkline_svg(counts: &[u64], stage: Stage) -> Result<String, ChartError> {
    let (width, height) = SPARKLINE_SIZE;
    let y_max = counts.iter().copied().max().unwrap_or(0).max(1) as f64 * 1.1;
    let x_max = counts.len().saturating_sub(1).max(1) as f64;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let mut chart = ChartBuilder::on(&root)
            .margin(2)
            .build_cartesian_2d(0.0..x_max, 0.0..y_max)
            .map_err(err)?;
        chart
            .draw_series(LineSeries::new(
                counts
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (i as f64, *c as f64)),
                stage_colour(stage).stroke_width(1),
            ))
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// Daily counts of each stage up to the as-of day, one panel of bars per stage.
pub fn daily_svg(
    series: &[(Stage, &[DayTotal])],
    start: NaiveDate,
    as_of: NaiveDate,
    lang: Lang,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    let x_max = (day_index(start, as_of).max(1) + 1) as f64;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let panels = root.split_evenly((series.len().max(1), 1));
        for ((stage, days), panel) in series.iter().zip(panels.iter()) {
            let shown: Vec<&DayTotal> = days.iter().filter(|t| t.day <= as_of).collect();
            let y_max = shown.iter().map(|t| t.count as f64).fold(1.0, f64::max) * 1.15;
            let mut chart = ChartBuilder::on(panel)
                .margin(8)
                .caption(stage.label(lang), ("sans-serif", 17))
                .x_label_area_size(26)
                .y_label_area_size(70)
                .build_cartesian_2d(0.0..x_max, 0.0..y_max)
                .map_err(err)?;
            chart
                .configure_mesh()
                .light_line_style(GRID.mix(0.0))
                .bold_line_style(GRID)
                .x_labels(8)
                .y_labels(3)
                .x_label_formatter(&|d| format::short_date(start + Duration::days(*d as i64)))
                .y_label_formatter(&|v| format::int(*v as u64, lang))
                .label_style(("sans-serif", 15))
                .draw()
                .map_err(err)?;
            // All bars of a stage as one stepped outline: a fraction of the SVG
            // that one <rect> per day takes, which keeps pages light.
            let mut outline = Vec::with_capacity(shown.len() * 2 + 2);
            outline.push((
                shown
                    .first()
                    .map_or(0.0, |t| day_index(start, t.day) as f64),
                0.0,
            ));
            for t in &shown {
                let x = day_index(start, t.day) as f64;
                let h = t.count as f64;
                outline.extend([(x, h), (x + 1.0, h)]);
            }
            outline.push((outline.last().map_or(0.0, |p| p.0), 0.0));
            chart
                .draw_series(std::iter::once(Polygon::new(
                    outline,
                    stage_colour(*stage).mix(0.85).filled(),
                )))
                .map_err(err)?;
        }
        root.present().map_err(err)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series() -> Vec<DayTotal> {
        let start = NaiveDate::from_ymd_opt(2021, 3, 1).unwrap();
        (0..30)
            .map(|i| DayTotal {
                day: start + Duration::days(i),
                count: 1000,
                cumulative: 1000 * (i as u64 + 1),
            })
            .collect()
    }

    #[test]
    fn cumulative_chart_is_svg_with_vietnamese_labels() {
        let s = series();
        let start = s[0].day;
        let svg = cumulative_svg(
            &CumulativeChart {
                stage: Stage::Applications,
                series: &s,
                start,
                as_of: start + Duration::days(20),
                target: Some(100_000),
                deadline: start + Duration::days(60),
                marks: &[Mark {
                    day: start + Duration::days(10),
                    value: 11_000.0,
                }],
                lang: Lang::Vi,
            },
            720,
            360,
        )
        .unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("Thu nhận hồ sơ"));
        assert!(svg.contains("Lộ trình mục tiêu"));
        assert!(svg.contains("01/03"));
    }

    #[test]
    fn daily_chart_draws_one_bar_per_day_up_to_as_of() {
        let s = series();
        let start = s[0].day;
        let svg = daily_svg(
            &[(Stage::Produced, &s)],
            start,
            start + Duration::days(9),
            Lang::En,
            720,
            200,
        )
        .unwrap();
        assert!(svg.contains("Cards produced"));
        // The bars are one stepped outline: two corners per day and two on the axis.
        let polygon = svg.split("<polygon").nth(1).expect("a polygon of bars");
        let points = polygon
            .split("points=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert_eq!(points.split_whitespace().count(), 22, "{svg}");
    }
}
