//! Charts drawn on the server with plotters, always as SVG with real text:
//! the pages inline it, downloads embed their font in it or draw it into PNG
//! ([`figure`]), the briefing PDF places it as vectors. Each chart is drawn by
//! one function that works on any plotters backend, so a page and a download
//! never differ.

use chrono::{Duration, NaiveDate};
use plotters::coord::Shift;
use plotters::coord::types::{RangedCoordf64, RangedCoordi32};
use plotters::prelude::*;
use plotters::style::FontDesc;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use tiendo_core::{Lang, Stage, format};

use super::{RenderError, err, fonts};
use tiendo_core::reports::{DayTotal, total_on};

pub mod figure;
pub mod legibility;
pub mod map;

/// `s` safe inside SVG text and attributes.
pub fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Colour of each stage, shared by every chart.
pub fn stage_colour(stage: Stage) -> RGBColor {
    match stage {
        Stage::Applications => RGBColor(0xc6, 0x28, 0x28),
        Stage::Produced => RGBColor(0x1e, 0x63, 0xb0),
        Stage::Delivered => RGBColor(0x2e, 0x7d, 0x32),
    }
}

/// Whether `c` paints data (a stage's series, a published figure, a target
/// trajectory, a map class or a province without figures) rather than
/// axes, grids, frames or text: what no label may cover ([`legibility`]).
pub fn is_data_colour(c: RGBColor) -> bool {
    Stage::ALL.into_iter().any(|s| stage_colour(s) == c)
        || [MILESTONE, TARGET].contains(&c)
        || map::CLASS_COLOURS
            .iter()
            .chain([&map::NO_FIGURES])
            .any(|hex| map::rgb(hex) == c)
}

const GRID: RGBColor = RGBColor(0xe3, 0xe3, 0xe3);
const TARGET: RGBColor = RGBColor(0x75, 0x75, 0x75);
const MILESTONE: RGBColor = RGBColor(0xef, 0x8f, 0x00);
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);

/// How big text and lines are drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Look {
    /// Multiplies every font size, line width and margin (1 on the page).
    pub scale: f64,
}

impl Look {
    /// Charts inside the pages.
    pub const PAGE: Look = Look { scale: 1.0 };

    /// A regular font of `size` pixels at scale 1.
    pub fn font(&self, size: f64) -> FontDesc<'static> {
        fonts::regular(size * self.scale)
    }

    /// A bold font of `size` pixels at scale 1.
    pub fn bold(&self, size: f64) -> FontDesc<'static> {
        fonts::bold(size * self.scale)
    }

    /// `v` pixels at scale 1, scaled.
    pub fn px(&self, v: f64) -> u32 {
        (v * self.scale).round().max(1.0) as u32
    }

    /// `v` pixels at scale 1, scaled, as a coordinate offset.
    pub fn dx(&self, v: f64) -> i32 {
        (v * self.scale).round() as i32
    }
}

/// A published figure to mark on the cumulative chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// Day of the figure.
    pub day: NaiveDate,
    /// The figure.
    pub value: f64,
}

/// One stage's running total on the cumulative chart.
pub struct CumulativeLine<'a> {
    /// Stage drawn.
    pub stage: Stage,
    /// The unit's daily series (cumulative used), oldest first.
    pub series: &'a [DayTotal],
    /// Target, drawn as a straight trajectory from the campaign's start to the deadline.
    pub target: Option<u64>,
    /// Deadline of the target.
    pub deadline: NaiveDate,
}

/// What the cumulative-vs-target chart shows.
pub struct CumulativeChart<'a> {
    /// One line per stage.
    pub lines: Vec<CumulativeLine<'a>>,
    /// First day of the campaign (0 on the target line).
    pub start: NaiveDate,
    /// First day drawn.
    pub from: NaiveDate,
    /// Figures after this day are not drawn.
    pub as_of: NaiveDate,
    /// Published figures (drawn when not empty).
    pub marks: &'a [Mark],
    /// Draw each target trajectory.
    pub show_target: bool,
    /// Mark each deadline and extend the axis to it.
    pub show_deadline: bool,
    /// Label language.
    pub lang: Lang,
}

impl<'a> CumulativeChart<'a> {
    /// One stage's running total from the campaign's `start` to `as_of`,
    /// against its target trajectory to the deadline: a page's chart and
    /// the briefing's.
    pub fn of_stage(
        line: CumulativeLine<'a>,
        start: NaiveDate,
        as_of: NaiveDate,
        marks: &'a [Mark],
        lang: Lang,
    ) -> Self {
        CumulativeChart {
            lines: vec![line],
            start,
            from: start,
            as_of,
            marks,
            show_target: true,
            show_deadline: true,
            lang,
        }
    }
}

fn day_index(start: NaiveDate, d: NaiveDate) -> i32 {
    (d - start).num_days() as i32
}

/// How many dates fit under a chart `area` wide: eight on a page's or a
/// file's chart, fewer on a phone's narrow one, where eight "dd/mm" ran
/// into each other.
fn date_labels<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> usize {
    (area.dim_in_pixel().0 as usize / 60).clamp(3, 8)
}

/// Where a chart's days lie across it: the x, in the drawing's pixels, of
/// its first and last day, so that a page can tell which day a tap is on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DaySpan {
    /// The x of the first day drawn.
    pub x_first: i32,
    /// The x of the last day drawn.
    pub x_last: i32,
}

impl DaySpan {
    /// `svg` with the span on its root element (`data-x0`, `data-x1`),
    /// which the page's script reads.
    fn mark(self, svg: String) -> String {
        svg.replacen(
            "<svg ",
            &format!(
                r#"<svg data-x0="{}" data-x1="{}" "#,
                self.x_first, self.x_last
            ),
            1,
        )
    }
}

/// An axis label for a count: in millions on a national scale, whole numbers
/// below. The origin goes unlabelled: its "0" sat on the first day's label,
/// and the axis itself says where zero is.
fn axis_count(v: f64, axis_max: f64, lang: Lang) -> String {
    if v.abs() < 0.5 {
        String::new()
    } else if axis_max >= 2_000_000.0 {
        format::millions(v, lang)
    } else {
        format::int(v.round() as u64, lang)
    }
}

/// An SVG of `width`×`height` drawn by `draw` with the page's look.
fn page_svg(
    width: u32,
    height: u32,
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<(), RenderError>,
) -> Result<String, RenderError> {
    Ok(page_svg_with(width, height, draw)?.0)
}

/// [`page_svg`], with what `draw` tells of the drawing.
fn page_svg_with<T>(
    width: u32,
    height: u32,
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<T, RenderError>,
) -> Result<(String, T), RenderError> {
    fonts::register();
    let mut svg = String::new();
    let told = {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let told = draw(&root)?;
        root.present().map_err(err)?;
        told
    };
    Ok((svg, told))
}

/// Cumulative counts against the target trajectory, as an SVG for a page,
/// its days' span marked on it ([`DaySpan`]).
pub fn cumulative_svg(c: &CumulativeChart, width: u32, height: u32) -> Result<String, RenderError> {
    let (svg, span) = page_svg_with(width, height, |area| draw_cumulative(area, c, Look::PAGE))?;
    Ok(span.mark(svg))
}

/// Draws the cumulative chart on `area`; says where its days, `from` to
/// `as_of`, lie.
pub fn draw_cumulative<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    c: &CumulativeChart,
    look: Look,
) -> Result<DaySpan, RenderError> {
    let lang = c.lang;
    // Running totals are sparse: the line starts at the total carried into
    // `from` and runs on to `as_of` at the last total.
    let shown = |line: &CumulativeLine| -> Vec<(i32, f64)> {
        let total_on = |day: NaiveDate| total_on(line.series, day) as f64;
        let mut points = vec![(day_index(c.start, c.from), total_on(c.from))];
        points.extend(
            line.series
                .iter()
                .filter(|t| t.day > c.from && t.day <= c.as_of)
                .map(|t| (day_index(c.start, t.day), t.cumulative as f64)),
        );
        let end = day_index(c.start, c.as_of);
        if points.last().is_some_and(|p| p.0 < end) {
            points.push((end, total_on(c.as_of)));
        }
        points
    };
    let last_deadline = c.lines.iter().map(|l| l.deadline).max().unwrap_or(c.as_of);
    let last = if c.show_deadline {
        c.as_of.max(last_deadline)
    } else {
        c.as_of
    };
    let x_min = day_index(c.start, c.from);
    let x_max = day_index(c.start, last).max(x_min + 1);
    let marks: Vec<&Mark> = c
        .marks
        .iter()
        .filter(|m| m.day >= c.from && m.day <= c.as_of)
        .collect();
    let y_max = c
        .lines
        .iter()
        .flat_map(|l| shown(l).into_iter().map(|p| p.1))
        .chain(
            c.lines
                .iter()
                .filter(|_| c.show_target)
                .filter_map(|l| l.target.map(|t| target_at(l, c.start, x_max, t))),
        )
        .chain(marks.iter().map(|m| m.value))
        .fold(1.0, f64::max)
        * 1.08;
    // Stages sharing a target and deadline share one trajectory, drawn once.
    let mut trajectories: Vec<(&CumulativeLine, u64, Vec<Stage>)> = Vec::new();
    for line in &c.lines {
        let Some(target) = line.target.filter(|_| c.show_target) else {
            continue;
        };
        match trajectories
            .iter_mut()
            .find(|(l, t, _)| *t == target && l.deadline == line.deadline)
        {
            Some((_, _, stages)) => stages.push(line.stage),
            None => trajectories.push((line, target, vec![line.stage])),
        }
    }
    let trajectory_colour = |stages: &[Stage]| match stages {
        [one] if c.lines.len() > 1 => stage_colour(*one),
        _ => TARGET,
    };
    let (trajectory_width, line_width, dot) = (look.px(2.0), look.px(3.0), look.px(5.0));
    let mut keys: Vec<Key> = trajectories
        .iter()
        .map(|(_, _, stages)| {
            let names: Vec<&str> = stages.iter().map(|s| s.label(lang)).collect();
            Key {
                label: match (lang, c.lines.len()) {
                    (Lang::Vi, 1) => "Lộ trình mục tiêu".to_string(),
                    (Lang::En, 1) => "Target trajectory".to_string(),
                    (Lang::Vi, _) => format!("Lộ trình mục tiêu: {}", names.join(", ")),
                    (Lang::En, _) => format!("Target trajectory: {}", names.join(", ")),
                },
                sample: Sample::Line {
                    colour: trajectory_colour(stages),
                    width: trajectory_width,
                    dashed: true,
                },
            }
        })
        .collect();
    keys.extend(c.lines.iter().map(|line| Key {
        label: line.stage.label(lang).to_string(),
        sample: Sample::Line {
            colour: stage_colour(line.stage),
            width: line_width,
            dashed: false,
        },
    }));
    if !marks.is_empty() {
        keys.push(Key {
            label: match lang {
                Lang::Vi => "Số liệu đã công bố",
                Lang::En => "Published figures",
            }
            .to_string(),
            sample: Sample::Dot {
                colour: MILESTONE,
                radius: dot,
            },
        });
    }
    // The deadline is labelled above the plot, where no data can be.
    let deadline = c
        .lines
        .first()
        .map(|l| (l.deadline, day_index(c.start, l.deadline)))
        .filter(|(_, end)| c.show_deadline && *end > x_min && *end <= x_max);
    area.fill(&WHITE).map_err(err)?;
    let plot = legend_above(area, &keys, look)?;
    let mut chart = days_chart(
        &plot,
        c.start,
        x_min..x_max,
        y_max,
        lang,
        look,
        deadline.is_some(),
    )?;
    for (line, target, stages) in &trajectories {
        let end = day_index(c.start, line.deadline);
        // Only the part of the trajectory inside the drawn days: plotters does not clip lines.
        let mut points = vec![(x_min, target_at(line, c.start, x_min, *target))];
        if end > x_min && end < x_max {
            points.push((end, *target as f64));
        }
        points.push((x_max, target_at(line, c.start, x_max, *target)));
        chart
            .draw_series(DashedLineSeries::new(
                points,
                look.px(10.0),
                look.px(5.0),
                trajectory_colour(stages)
                    .mix(0.8)
                    .stroke_width(trajectory_width),
            ))
            .map_err(err)?;
    }
    for line in &c.lines {
        let end = day_index(c.start, line.deadline);
        if c.show_deadline && end > x_min && end <= x_max {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    [(end, 0.0), (end, y_max)],
                    TARGET.mix(0.6).stroke_width(look.px(1.0)),
                )))
                .map_err(err)?;
        }
    }
    if let Some((day, end)) = deadline {
        let label = match lang {
            Lang::Vi => format!("Hạn {}", format::date(day)),
            Lang::En => format!("Deadline {}", format::date(day)),
        };
        chart
            .draw_series(std::iter::once(
                EmptyElement::at((end, y_max))
                    + Text::new(
                        label,
                        (0, -look.dx(5.0)),
                        look.font(14.0)
                            .color(&TARGET)
                            .pos(Pos::new(HPos::Right, VPos::Bottom)),
                    ),
            ))
            .map_err(err)?;
    }
    for line in &c.lines {
        chart
            .draw_series(LineSeries::new(
                shown(line),
                stage_colour(line.stage).stroke_width(line_width),
            ))
            .map_err(err)?;
    }
    if !marks.is_empty() {
        chart
            .draw_series(marks.iter().map(|m| {
                Circle::new(
                    (day_index(c.start, m.day), m.value),
                    dot,
                    MILESTONE.filled(),
                )
            }))
            .map_err(err)?;
    }
    Ok(DaySpan {
        x_first: chart.backend_coord(&(x_min, 0.0)).0,
        x_last: chart.backend_coord(&(day_index(c.start, c.as_of), 0.0)).0,
    })
}

/// Margin around a chart over days, at scale 1.
const MARGIN: f64 = 12.0;
/// Room for the last date label, centred on the right edge.
const MARGIN_RIGHT: f64 = 28.0;
/// Width of the y axis' labels.
const Y_LABELS: f64 = 70.0;
/// Room above the plot for the deadline's label.
const HEADROOM: f64 = 20.0;

/// A chart over days: x counts days since `day0`, y counts up to `y_max`;
/// axes, grid and labels drawn; `headroom` leaves room above the plot for
/// a label.
fn days_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    day0: NaiveDate,
    days: std::ops::Range<i32>,
    y_max: f64,
    lang: Lang,
    look: Look,
    headroom: bool,
) -> Result<ChartContext<'a, DB, Cartesian2d<RangedCoordi32, RangedCoordf64>>, RenderError> {
    let top = MARGIN + if headroom { HEADROOM } else { 0.0 };
    let mut chart = ChartBuilder::on(area)
        .margin(look.px(MARGIN))
        .margin_top(look.px(top))
        .margin_right(look.px(MARGIN_RIGHT))
        .x_label_area_size(look.px(32.0))
        .y_label_area_size(look.px(Y_LABELS))
        .build_cartesian_2d(days, 0.0..y_max)
        .map_err(err)?;
    chart
        .configure_mesh()
        .light_line_style(GRID.mix(0.0))
        .bold_line_style(GRID.stroke_width(look.px(1.0)))
        .axis_style(INK.stroke_width(look.px(1.0)))
        .x_labels(date_labels(area))
        .y_labels(6)
        .x_label_formatter(&|d| format::short_date(day0 + Duration::days(*d as i64)))
        .y_label_formatter(&|v| axis_count(*v, y_max, lang))
        .label_style(look.font(17.0))
        .draw()
        .map_err(err)?;
    Ok(chart)
}

/// How a legend entry shows its series.
#[derive(Clone, Copy, Debug)]
enum Sample {
    /// A line in the series' colour and width, dashed or not.
    Line {
        colour: RGBColor,
        width: u32,
        dashed: bool,
    },
    /// A dot, as published figures are drawn.
    Dot { colour: RGBColor, radius: u32 },
}

/// One entry of a legend: a series' name and how it is drawn.
#[derive(Clone, Debug)]
struct Key {
    label: String,
    sample: Sample,
}

/// Where each entry of `widths` goes when laid out left to right in rows
/// no wider than `room`, `gap` apart: its row and its x. An entry wider
/// than the room gets a row of its own.
fn flow(widths: &[i32], gap: i32, room: i32) -> Vec<(usize, i32)> {
    let (mut row, mut x) = (0, 0);
    widths
        .iter()
        .map(|w| {
            if x > 0 && x + w > room {
                row += 1;
                x = 0;
            }
            let at = (row, x);
            x += w + gap;
            at
        })
        .collect()
}

/// Draws the legend `keys` in rows across the top of `area`, aligned with
/// a chart over days' plot, and returns the area left below it. Above the
/// plot rather than inside it: a legend there never hides the data,
/// whichever way the lines run.
fn legend_above<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    keys: &[Key],
    look: Look,
) -> Result<DrawingArea<DB, Shift>, RenderError> {
    let font = look.font(17.0).color(&INK);
    let (sample_w, row_h, pad) = (look.dx(26.0), look.dx(24.0), look.dx(4.0));
    let left = look.dx(MARGIN + Y_LABELS);
    let room = area.dim_in_pixel().0 as i32 - left - look.dx(MARGIN_RIGHT);
    let mut widths = Vec::with_capacity(keys.len());
    for key in keys {
        let (w, _) = area.estimate_text_size(&key.label, &font).map_err(err)?;
        widths.push(sample_w + w as i32);
    }
    let places = flow(&widths, look.dx(22.0), room);
    for (key, (row, x)) in keys.iter().zip(&places) {
        let (x, y) = (left + x, pad + *row as i32 * row_h + row_h / 2);
        match key.sample {
            Sample::Line {
                colour,
                width,
                dashed: false,
            } => area.draw(&PathElement::new(
                [(x, y), (x + look.dx(18.0), y)],
                colour.stroke_width(width),
            )),
            Sample::Line {
                colour,
                width,
                dashed: true,
            } => [
                (x, x + look.dx(7.0)),
                (x + look.dx(11.0), x + look.dx(18.0)),
            ]
            .into_iter()
            .try_for_each(|(a, b)| {
                area.draw(&PathElement::new(
                    [(a, y), (b, y)],
                    colour.stroke_width(width),
                ))
            }),
            Sample::Dot { colour, radius } => {
                area.draw(&Circle::new((x + look.dx(9.0), y), radius, colour.filled()))
            }
        }
        .map_err(err)?;
        area.draw(&Text::new(
            key.label.clone(),
            (x + sample_w, y),
            font.pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(err)?;
    }
    let rows = places.last().map_or(0, |(row, _)| row + 1) as i32;
    let height = if rows == 0 { 0 } else { pad + rows * row_h };
    Ok(area.split_vertically(height).1)
}

/// The target trajectory's value on day `x` (days since the start): a
/// straight line to the target at the deadline, flat after it.
fn target_at(line: &CumulativeLine, start: NaiveDate, x: i32, target: u64) -> f64 {
    let end = day_index(start, line.deadline).max(1);
    target as f64 * (x.clamp(0, end) as f64 / end as f64)
}

/// Size of the trend sparklines in ranking tables, in pixels.
pub const SPARKLINE_SIZE: (u32, u32) = (96, 24);

/// A sparkline of daily counts (oldest first) in a stage's colour, without axes.
pub fn sparkline_svg(counts: &[u64], stage: Stage) -> Result<String, RenderError> {
    let (width, height) = SPARKLINE_SIZE;
    let y_max = counts.iter().copied().max().unwrap_or(0).max(1) as f64 * 1.1;
    let x_max = counts.len().saturating_sub(1).max(1) as f64;
    page_svg(width, height, |root| {
        let mut chart = ChartBuilder::on(root)
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
        Ok(())
    })
}

/// What the daily bars show: one panel per stage.
pub struct DailyChart<'a> {
    /// Each stage's daily series, oldest first.
    pub series: Vec<(Stage, &'a [DayTotal])>,
    /// First day drawn.
    pub from: NaiveDate,
    /// Last day drawn.
    pub as_of: NaiveDate,
    /// Label language.
    pub lang: Lang,
}

/// Daily counts of each stage, one panel of bars per stage, as an SVG for a
/// page, its days' span marked on it ([`DaySpan`]).
pub fn daily_svg(c: &DailyChart, width: u32, height: u32) -> Result<String, RenderError> {
    let (svg, span) = page_svg_with(width, height, |area| draw_daily(area, c, Look::PAGE))?;
    Ok(span.mark(svg))
}

/// Draws the daily bars on `area`; says where its days (the middles of
/// the bars of `from` and `as_of`) lie, the same in every panel.
pub fn draw_daily<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    c: &DailyChart,
    look: Look,
) -> Result<DaySpan, RenderError> {
    let (from, lang) = (c.from, c.lang);
    let x_max = (day_index(from, c.as_of).max(1) + 1) as f64;
    area.fill(&WHITE).map_err(err)?;
    let panels = area.split_evenly((c.series.len().max(1), 1));
    let drawn = |days: &'_ [DayTotal]| -> Vec<DayTotal> {
        days.iter()
            .filter(|t| t.day >= from && t.day <= c.as_of)
            .copied()
            .collect()
    };
    // One scale for every panel, so that stages compare at a glance.
    let y_max = c
        .series
        .iter()
        .flat_map(|(_, days)| drawn(days))
        .map(|t| t.count as f64)
        .fold(1.0, f64::max)
        * 1.15;
    let mut span = DaySpan {
        x_first: 0,
        x_last: 0,
    };
    for ((stage, days), panel) in c.series.iter().zip(panels.iter()) {
        let shown = drawn(days);
        let mut chart = ChartBuilder::on(panel)
            .margin(look.px(8.0))
            .margin_right(look.px(28.0))
            .caption(stage.label(lang), look.font(17.0))
            .x_label_area_size(look.px(26.0))
            .y_label_area_size(look.px(70.0))
            .build_cartesian_2d(0.0..x_max, 0.0..y_max)
            .map_err(err)?;
        chart
            .configure_mesh()
            .light_line_style(GRID.mix(0.0))
            .bold_line_style(GRID.stroke_width(look.px(1.0)))
            .axis_style(INK.stroke_width(look.px(1.0)))
            .x_labels(date_labels(panel))
            .y_labels(3)
            .x_label_formatter(&|d| format::short_date(from + Duration::days(*d as i64)))
            .y_label_formatter(&|v| axis_count(*v, y_max, lang))
            .label_style(look.font(15.0))
            .draw()
            .map_err(err)?;
        // All bars of a stage as one stepped outline: a fraction of the SVG
        // that one <rect> per day takes, which keeps pages light.
        let mut outline = Vec::with_capacity(shown.len() * 2 + 2);
        outline.push((
            shown.first().map_or(0.0, |t| day_index(from, t.day) as f64),
            0.0,
        ));
        for t in &shown {
            let x = day_index(from, t.day) as f64;
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
        span = DaySpan {
            x_first: chart.backend_coord(&(0.5, 0.0)).0,
            x_last: chart.backend_coord(&(x_max - 0.5, 0.0)).0,
        };
    }
    Ok(span)
}

/// Cards waiting between stages on one day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BacklogDay {
    /// The day.
    pub day: NaiveDate,
    /// Applications collected but not yet produced.
    pub awaiting_production: u64,
    /// Cards produced but not yet delivered.
    pub awaiting_delivery: u64,
}

/// One line of the backlog chart: its colour's stage, Vietnamese and English
/// names, and its value on a day.
pub type BacklogLine = (Stage, &'static str, &'static str, fn(&BacklogDay) -> u64);

/// The backlog chart's two lines (and its data file's two columns).
pub const BACKLOG_LINES: [BacklogLine; 2] = [
    (
        Stage::Produced,
        "Chờ sản xuất (đã thu nhận, chưa sản xuất)",
        "Awaiting production (collected, not produced)",
        |d| d.awaiting_production,
    ),
    (
        Stage::Delivered,
        "Chờ trả thẻ (đã sản xuất, chưa trả)",
        "Awaiting delivery (produced, not delivered)",
        |d| d.awaiting_delivery,
    ),
];

/// Draws the backlog between stages, day by day, on `area`.
pub fn draw_backlog<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    days: &[BacklogDay],
    lang: Lang,
    look: Look,
) -> Result<(), RenderError> {
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return Err(RenderError("no days to draw".into()));
    };
    let from = first.day;
    let x_max = day_index(from, last.day).max(1);
    let y_max = days
        .iter()
        .map(|d| d.awaiting_production.max(d.awaiting_delivery) as f64)
        .fold(1.0, f64::max)
        * 1.1;
    let lines = BACKLOG_LINES;
    let width = look.px(3.0);
    let keys: Vec<Key> = lines
        .iter()
        .map(|(stage, vi, en, _)| Key {
            label: match lang {
                Lang::Vi => vi,
                Lang::En => en,
            }
            .to_string(),
            sample: Sample::Line {
                colour: stage_colour(*stage),
                width,
                dashed: false,
            },
        })
        .collect();
    area.fill(&WHITE).map_err(err)?;
    let plot = legend_above(area, &keys, look)?;
    let mut chart = days_chart(&plot, from, 0..x_max, y_max, lang, look, false)?;
    for (stage, _, _, value) in lines {
        let colour = stage_colour(stage);
        chart
            .draw_series(
                AreaSeries::new(
                    days.iter()
                        .map(|d| (day_index(from, d.day), value(d) as f64)),
                    0.0,
                    colour.mix(0.12),
                )
                .border_style(colour.stroke_width(width)),
            )
            .map_err(err)?;
    }
    Ok(())
}

/// One bar of the ranking chart.
#[derive(Clone, Debug, PartialEq)]
pub struct RankingBar {
    /// Rank among the units ranked (none: cannot be ranked).
    pub rank: Option<u32>,
    /// Unit name.
    pub name: String,
    /// Bar length in the measure's unit; none draws no bar.
    pub length: Option<f64>,
    /// The value as written at the bar's end.
    pub shown: String,
}

/// A reference line across ranking bars, at a value in the bars' unit.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetLine {
    /// Where it stands (100 for 100% of target).
    pub at: f64,
    /// Its label, written at its top.
    pub label: String,
}

/// Draws horizontal bars, best first; a gap line is drawn after `gap_after`
/// bars; `target` draws a dashed line across all of them.
///
/// Bars start at zero even when every value is high: a bar's length is its
/// value, and an axis cut at 90% would draw 122% as half of 130%, which a
/// file published as it is must not do. What tells 122% from 130% is the
/// value written for each bar, in a right-aligned column past the longest
/// bar, where neither the bars nor the 100% line can cross it.
pub fn draw_ranking<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    bars: &[RankingBar],
    gap_after: Option<usize>,
    colour: RGBColor,
    target: Option<&TargetLine>,
    look: Look,
) -> Result<(), RenderError> {
    area.fill(&WHITE).map_err(err)?;
    let (w, h) = area.dim_in_pixel();
    // One more row on top for the target line's label.
    let rows = bars.len() + usize::from(gap_after.is_some()) + usize::from(target.is_some());
    if rows == 0 {
        return Err(RenderError("no units to rank".into()));
    }
    let row_h = (h as f64 / rows as f64).min(look.scale * 40.0);
    let font_px = (row_h * 0.72).min(17.0 * look.scale);
    let label = fonts::regular(font_px).color(&INK);
    let name_w = (w as f64 * 0.30) as i32;
    let mut value_w = 0;
    for bar in bars {
        value_w = value_w.max(area.estimate_text_size(&bar.shown, &label).map_err(err)?.0 as i32);
    }
    let value_x = w as i32 - look.dx(4.0);
    let bar_x = name_w + look.dx(10.0);
    let bar_span = (value_x - value_w - look.dx(16.0) - bar_x).max(10) as f64;
    let max = bars
        .iter()
        .filter_map(|b| b.length)
        .fold(0.0, f64::max)
        .max(target.map_or(0.0, |t| t.at))
        .max(f64::MIN_POSITIVE);
    let mut y = 0.0;
    let target_x = target.map(|t| bar_x + (t.at / max * bar_span).round() as i32);
    if let (Some(t), Some(x)) = (target, target_x) {
        area.draw(&Text::new(
            t.label.clone(),
            (x, (row_h / 2.0) as i32),
            label.pos(Pos::new(HPos::Center, VPos::Center)),
        ))
        .map_err(err)?;
        y += row_h;
    }
    let bars_top = y as i32;
    for (i, bar) in bars.iter().enumerate() {
        if gap_after == Some(i) {
            let mid = (y + row_h / 2.0) as i32;
            area.draw(&PathElement::new(
                [(0, mid), (w as i32, mid)],
                GRID.stroke_width(look.px(1.0)),
            ))
            .map_err(err)?;
            area.draw(&Text::new(
                "⋯",
                (name_w / 2, mid),
                label.pos(Pos::new(HPos::Center, VPos::Center)),
            ))
            .map_err(err)?;
            y += row_h;
        }
        let mid = (y + row_h / 2.0) as i32;
        // A unit that cannot be ranked shows its name alone.
        let name = bar
            .rank
            .map_or_else(|| bar.name.clone(), |r| format!("{r}. {}", bar.name));
        area.draw(&Text::new(
            name,
            (name_w, mid),
            label.pos(Pos::new(HPos::Right, VPos::Center)),
        ))
        .map_err(err)?;
        let length = bar.length.unwrap_or(0.0).max(0.0) / max * bar_span;
        let top = (y + row_h * 0.18) as i32;
        let bottom = (y + row_h * 0.82) as i32;
        let end = bar_x + length.round() as i32;
        if bar.length.is_some() {
            area.draw(&Rectangle::new(
                [(bar_x, top), (end.max(bar_x + 1), bottom)],
                colour.filled(),
            ))
            .map_err(err)?;
        }
        area.draw(&Text::new(
            bar.shown.clone(),
            (value_x, mid),
            label.pos(Pos::new(HPos::Right, VPos::Center)),
        ))
        .map_err(err)?;
        y += row_h;
    }
    // Dashed, over the bars, so one that passes it shows where.
    if let Some(x) = target_x {
        let dash = look.px(6.0) as i32;
        let mut top = bars_top;
        while top < y as i32 {
            area.draw(&PathElement::new(
                [(x, top), (x, (top + dash).min(y as i32))],
                TARGET.stroke_width(look.px(1.5)),
            ))
            .map_err(err)?;
            top += 2 * dash;
        }
    }
    Ok(())
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
                lines: vec![CumulativeLine {
                    stage: Stage::Applications,
                    series: &s,
                    target: Some(100_000),
                    deadline: start + Duration::days(60),
                }],
                start,
                from: start,
                as_of: start + Duration::days(20),
                marks: &[Mark {
                    day: start + Duration::days(10),
                    value: 11_000.0,
                }],
                show_target: true,
                show_deadline: true,
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
        // The days' span is on the drawing: the last day drawn is as_of, a
        // third of the way to the deadline, not the axis's end.
        let (x0, x1) = span_of(&svg);
        assert!(0 < x0 && x0 < x1 && x1 < 360, "{x0}..{x1}");
    }

    /// The `data-x0` and `data-x1` written on a page chart.
    fn span_of(svg: &str) -> (i32, i32) {
        let number = |name: &str| -> i32 {
            let at = svg.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
            svg[at..].split('"').next().unwrap().parse().unwrap()
        };
        (number("data-x0"), number("data-x1"))
    }

    #[test]
    fn legend_entries_wrap_into_rows_that_fit() {
        assert_eq!(
            flow(&[100, 100, 100], 10, 400),
            [(0, 0), (0, 110), (0, 220)]
        );
        assert_eq!(flow(&[100, 250, 100], 10, 300), [(0, 0), (1, 0), (2, 0)]);
        // An entry wider than the room still gets a place, on a row of its own.
        assert_eq!(flow(&[500, 50], 10, 300), [(0, 0), (1, 0)]);
        assert_eq!(flow(&[], 10, 300), []);
    }

    #[test]
    fn daily_chart_draws_one_bar_per_day_up_to_as_of() {
        let s = series();
        let start = s[0].day;
        let svg = daily_svg(
            &DailyChart {
                series: vec![(Stage::Produced, &s)],
                from: start,
                as_of: start + Duration::days(9),
                lang: Lang::En,
            },
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
        // The days' span runs from the middle of the first bar to the middle of the last.
        let xs: Vec<f64> = points
            .split_whitespace()
            .map(|p| p.split(',').next().unwrap().parse().unwrap())
            .collect();
        let (left, right) = (xs[1], xs[xs.len() - 2]);
        let bar = (right - left) / 10.0;
        let (x0, x1) = span_of(&svg);
        assert!(
            (f64::from(x0) - (left + bar / 2.0)).abs() <= 1.0,
            "{x0} vs {left} + {bar}/2"
        );
        assert!(
            (f64::from(x1) - (right - bar / 2.0)).abs() <= 1.0,
            "{x1} vs {right} - {bar}/2"
        );
    }
}
