//! A chart ready to publish: the chart framed by a title, a subtitle, an
//! optional note and a source line, written as PNG or SVG at a preset size.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use tiendo_core::Lang;
use tiendo_core::figure::FileFormat;

use super::map::{self, MapChart};
use super::{
    BacklogDay, CumulativeChart, DailyChart, Look, RankingBar, RenderError, TargetLine,
    draw_backlog, draw_cumulative, draw_daily, draw_ranking, err, escape_xml,
};
use crate::render::{fonts, svg};

/// The size at which fonts and lines have their page size (scale 1).
const BASE: (f64, f64) = (960.0, 540.0);
/// Brand colour: the bar above the title.
const BRAND: RGBColor = RGBColor(0xc6, 0x28, 0x28);
const MUTED: RGBColor = RGBColor(0x55, 0x5f, 0x6b);
const TITLE: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
const NOTE: RGBColor = RGBColor(0x8a, 0x4b, 0x00);

/// What is drawn inside the frame.
pub enum Body<'a> {
    /// Running totals against the target.
    Cumulative(CumulativeChart<'a>),
    /// Daily bars per stage.
    Daily(DailyChart<'a>),
    /// Backlog between stages over time.
    Backlog(Vec<BacklogDay>),
    /// Ranked bars, a gap line after `gap_after`, in a stage's colour.
    Ranking {
        /// The bars, best first.
        bars: Vec<RankingBar>,
        /// Where the leaders end and the laggards begin.
        gap_after: Option<usize>,
        /// Bar colour.
        colour: RGBColor,
        /// A reference drawn across the bars (100% of target).
        target: Option<TargetLine>,
    },
    /// The choropleth map.
    Map(MapChart),
}

/// A framed chart.
pub struct Figure<'a> {
    /// What it shows, e.g. "Tiến độ thu nhận hồ sơ so với mục tiêu".
    pub title: String,
    /// Scope, stages and days.
    pub subtitle: String,
    /// The user's note, if any.
    pub note: Option<String>,
    /// "Nguồn: Bộ Công an · Số liệu đến ngày dd/mm/yyyy".
    pub footer: String,
    /// Language of the labels inside the chart.
    pub lang: Lang,
    /// The chart.
    pub body: Body<'a>,
}

/// Writes `figure` at `size` pixels as `format`; `dpi` is recorded in PNGs.
pub fn render(
    figure: &Figure,
    size: (u32, u32),
    format: FileFormat,
    dpi: u32,
) -> Result<Vec<u8>, RenderError> {
    let svg = figure_svg(figure, size)?;
    match format {
        FileFormat::Svg => Ok(svg_file(&svg, &figure.title)?.into_bytes()),
        FileFormat::Png => svg::png(&svg, dpi),
    }
}

/// `figure` drawn as SVG at `size` pixels, fonts and lines scaled to it.
fn figure_svg(figure: &Figure, size: (u32, u32)) -> Result<String, RenderError> {
    fonts::register();
    let scale = (size.0 as f64 / BASE.0).min(size.1 as f64 / BASE.1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        draw_figure(&root, figure, Look { scale })?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

fn draw_figure<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    figure: &Figure,
    look: Look,
) -> Result<(), RenderError> {
    root.fill(&WHITE).map_err(err)?;
    let (w, h) = root.dim_in_pixel();
    let pad = look.dx(28.0);
    root.draw(&Rectangle::new(
        [(0, 0), (w as i32, look.dx(6.0))],
        BRAND.filled(),
    ))
    .map_err(err)?;
    let top = Pos::new(HPos::Left, VPos::Top);
    let mut y = look.dx(22.0);
    root.draw(&Text::new(
        figure.title.clone(),
        (pad, y),
        look.bold(28.0).color(&TITLE).pos(top),
    ))
    .map_err(err)?;
    y += look.dx(38.0);
    root.draw(&Text::new(
        figure.subtitle.clone(),
        (pad, y),
        look.font(18.0).color(&MUTED).pos(top),
    ))
    .map_err(err)?;
    y += look.dx(28.0);
    if let Some(note) = &figure.note {
        root.draw(&Text::new(
            note.clone(),
            (pad, y),
            look.font(16.0).color(&NOTE).pos(top),
        ))
        .map_err(err)?;
        y += look.dx(24.0);
    }
    let footer_h = look.dx(40.0);
    let bottom = Pos::new(HPos::Left, VPos::Bottom);
    let footer_y = h as i32 - look.dx(16.0);
    root.draw(&PathElement::new(
        [
            (pad, h as i32 - footer_h),
            (w as i32 - pad, h as i32 - footer_h),
        ],
        RGBColor(0xd0, 0xd0, 0xd0).stroke_width(look.px(1.0)),
    ))
    .map_err(err)?;
    root.draw(&Text::new(
        figure.footer.clone(),
        (pad, footer_y),
        look.font(15.0).color(&MUTED).pos(bottom),
    ))
    .map_err(err)?;
    root.draw(&Text::new(
        "Tiendo",
        (w as i32 - pad, footer_y),
        look.bold(15.0)
            .color(&BRAND)
            .pos(Pos::new(HPos::Right, VPos::Bottom)),
    ))
    .map_err(err)?;
    let body = root.margin(
        (y + look.dx(6.0)).max(0) as u32,
        (footer_h + look.dx(4.0)) as u32,
        (pad / 2).max(0) as u32,
        (pad / 2).max(0) as u32,
    );
    match &figure.body {
        Body::Cumulative(c) => draw_cumulative(&body, c, look).map(drop),
        Body::Daily(c) => draw_daily(&body, c, look).map(drop),
        Body::Backlog(days) => draw_backlog(&body, days, figure.lang, look),
        Body::Ranking {
            bars,
            gap_after,
            colour,
            target,
        } => draw_ranking(&body, bars, *gap_after, *colour, target.as_ref(), look),
        Body::Map(m) => map::draw_map(&body, m, look),
    }
}

/// The SVG as a file to publish: its `<title>` (viewers and screen readers
/// show it), and the fonts of its text embedded as subsets, so it looks the
/// same wherever it is opened while its text stays text that designers can
/// edit, search finds and screen readers read. (Until issue 13 the text was
/// drawn as glyph outlines: the same look, but no text left.)
fn svg_file(svg: &str, title: &str) -> Result<String, RenderError> {
    let doc = roxmltree::Document::parse(svg).map_err(err)?;
    // The characters each face must keep: every <text>, by its weight.
    let mut used = [String::new(), String::new()];
    for text in doc.descendants().filter(|n| n.has_tag_name("text")) {
        let bold = text.attribute("font-weight") == Some("bold");
        for words in text
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
        {
            used[usize::from(bold)].push_str(words);
        }
    }
    let css = fonts::font_face_css(&used[0], &used[1])?;
    let end = svg
        .find('>')
        .ok_or_else(|| RenderError("an SVG without its opening tag".into()))?;
    Ok(format!(
        "{}\n<title>{}</title>\n<defs><style>{css}</style></defs>{}",
        &svg[..=end],
        escape_xml(title),
        &svg[end + 1..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_and_svg_carry_the_frame() {
        let figure = Figure {
            title: "Đắk Nông: lũy kế".into(),
            subtitle: "Thu nhận hồ sơ".into(),
            note: Some("Ghi chú <sơ bộ>".into()),
            footer: "Nguồn: Bộ Công an · Số liệu đến ngày 01/06/2021".into(),
            lang: Lang::Vi,
            body: Body::Ranking {
                bars: vec![RankingBar {
                    rank: Some(1),
                    name: "Thừa Thiên Huế".into(),
                    length: Some(50.0),
                    shown: "50,0%".into(),
                }],
                gap_after: None,
                colour: RGBColor(0, 0, 0),
                target: None,
            },
        };
        let png = render(&figure, (1200, 630), FileFormat::Png, 96).unwrap();
        let info = png::Decoder::new(std::io::Cursor::new(&png))
            .read_info()
            .unwrap();
        assert_eq!((info.info().width, info.info().height), (1200, 630));
        let svg =
            String::from_utf8(render(&figure, (960, 540), FileFormat::Svg, 96).unwrap()).unwrap();
        assert!(svg.contains("<title>Đắk Nông: lũy kế</title>"), "{svg}");
        // Text stays text, in the embedded fonts (bold for the title).
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .map(str::trim)
            .collect();
        assert!(texts.contains(&"Ghi chú <sơ bộ>"), "{texts:?}");
        assert!(texts.contains(&"1. Thừa Thiên Huế"), "{texts:?}");
        let style = doc
            .descendants()
            .find(|n| n.has_tag_name("style"))
            .and_then(|n| n.text())
            .unwrap();
        assert_eq!(style.matches("@font-face").count(), 2, "{style}");
        assert!(style.contains("font-weight:bold;src:url(data:font/ttf;base64,"));
        // A viewer lays it out in the embedded fonts, the CSS notwithstanding.
        assert!(svg::tree(&svg).is_ok());
    }

    use chrono::NaiveDate;
    use tiendo_core::Stage;
    use tiendo_core::figure::Preset;
    use tiendo_core::reports::DayTotal;

    use super::super::legibility;
    use super::super::map::{CLASS_COLOURS, LegendEntry, NO_FIGURES};
    use super::super::{CumulativeLine, Mark};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// A running total from 1 March to `until`, growing by `daily` a day.
    fn series(until: &str, daily: u64) -> Vec<DayTotal> {
        day("2021-03-01")
            .iter_days()
            .take_while(|d| *d <= day(until))
            .enumerate()
            .map(|(i, d)| DayTotal {
                day: d,
                count: daily + (i as u64 % 7) * daily / 10,
                cumulative: daily * (i as u64 + 1),
            })
            .collect()
    }

    fn frame<'a>(lang: Lang, note: bool, body: Body<'a>) -> Figure<'a> {
        Figure {
            title: match lang {
                Lang::Vi => "Xếp hạng quận, huyện, thị xã theo % mục tiêu".into(),
                Lang::En => "Districts ranked by % of target".into(),
            },
            subtitle: "Toàn quốc · Thu nhận hồ sơ · 01/03/2021 – 30/04/2021".into(),
            note: note.then(|| "Số liệu sơ bộ, có thể còn thay đổi".into()),
            footer: "Nguồn: Bộ Công an · Số liệu đến ngày 30/04/2021 · Số liệu mô phỏng".into(),
            lang,
            body,
        }
    }

    /// Every chart kind, in both languages, with every annotation, as the
    /// downloads draw them; `series` holds the days the lines run over.
    fn bodies<'a>(
        lang: Lang,
        series: &'a [Vec<DayTotal>; 3],
        marks: &'a [Mark],
    ) -> Vec<(&'static str, Body<'a>)> {
        let line = |stage: Stage, i: usize| CumulativeLine {
            stage,
            series: &series[i],
            target: Some(50_000_000),
            deadline: day("2021-06-30"),
        };
        let cumulative = |lines: Vec<CumulativeLine<'a>>, as_of: &str| {
            Body::Cumulative(CumulativeChart {
                lines,
                start: day("2021-03-01"),
                from: day("2021-03-01"),
                as_of: day(as_of),
                marks,
                show_target: true,
                show_deadline: true,
                lang,
            })
        };
        let bars: Vec<RankingBar> = (0..20)
            .map(|i| RankingBar {
                rank: Some(if i < 10 { i + 1 } else { i + 44 }),
                name: [
                    "Thừa Thiên Huế",
                    "Bà Rịa – Vũng Tàu",
                    "TP Hồ Chí Minh",
                    "Đắk Nông",
                ][i as usize % 4]
                    .into(),
                length: Some(130.9 - i as f64 * 1.8),
                shown: format!("{:.1}%", 130.9 - i as f64 * 1.8).replace('.', ","),
            })
            .collect();
        let mut legend: Vec<LegendEntry> = CLASS_COLOURS
            .iter()
            .rev()
            .map(|fill| LegendEntry {
                fill: fill.to_string(),
                label: "101,3% – 130,9%".into(),
            })
            .collect();
        legend.push(LegendEntry {
            fill: NO_FIGURES.into(),
            label: "Không xếp hạng được".into(),
        });
        vec![
            (
                "cumulative, behind",
                cumulative(vec![line(Stage::Applications, 2)], "2021-06-20"),
            ),
            (
                "cumulative, ahead",
                cumulative(vec![line(Stage::Applications, 0)], "2021-06-20"),
            ),
            (
                "cumulative, three stages",
                cumulative(
                    vec![
                        line(Stage::Applications, 0),
                        line(Stage::Produced, 1),
                        line(Stage::Delivered, 2),
                    ],
                    "2021-06-20",
                ),
            ),
            (
                "cumulative, after the deadline",
                cumulative(vec![line(Stage::Applications, 0)], "2021-08-31"),
            ),
            (
                "daily",
                Body::Daily(DailyChart {
                    series: Stage::ALL
                        .into_iter()
                        .zip(series.iter().map(Vec::as_slice))
                        .collect(),
                    from: day("2021-03-01"),
                    as_of: day("2021-06-20"),
                    lang,
                }),
            ),
            (
                "backlog",
                Body::Backlog(
                    series[0]
                        .iter()
                        .zip(&series[2])
                        .enumerate()
                        // Production waits pile up early and drain; delivery stays low.
                        .map(|(i, (a, d))| BacklogDay {
                            day: a.day,
                            awaiting_production: 60_000
                                * (i as u64).min(150u64.saturating_sub(i as u64)),
                            awaiting_delivery: d.cumulative / 50,
                        })
                        .collect(),
                ),
            ),
            (
                "ranking",
                Body::Ranking {
                    bars,
                    gap_after: Some(10),
                    colour: stage_colour_of(Stage::Applications),
                    target: Some(TargetLine {
                        at: 100.0,
                        label: "Mục tiêu 100%".into(),
                    }),
                },
            ),
            (
                "map",
                Body::Map(MapChart {
                    styles: Default::default(),
                    legend_title: "Thu nhận hồ sơ · % mục tiêu".into(),
                    legend,
                    lang,
                }),
            ),
        ]
    }

    fn stage_colour_of(stage: Stage) -> RGBColor {
        super::super::stage_colour(stage)
    }

    #[test]
    fn no_label_hides_another_or_the_data_in_any_chart_size_or_language() {
        let series = [
            series("2021-08-31", 500_000),
            series("2021-08-31", 250_000),
            series("2021-08-31", 60_000),
        ];
        let marks = [
            Mark {
                day: day("2021-04-06"),
                value: 15_000_000.0,
            },
            Mark {
                day: day("2021-05-10"),
                value: 34_000_000.0,
            },
            Mark {
                day: day("2021-06-01"),
                value: 43_000_000.0,
            },
        ];
        let mut problems = Vec::new();
        for lang in [Lang::Vi, Lang::En] {
            for preset in Preset::ALL {
                for (note, (name, body)) in bodies(lang, &series, &marks).into_iter().enumerate() {
                    let figure = frame(lang, note % 2 == 0, body);
                    let svg = figure_svg(&figure, preset.size()).unwrap();
                    for p in legibility::read(&svg).unwrap().problems() {
                        problems.push(format!("{name}, {}, {lang:?}: {p}", preset.slug()));
                    }
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
