//! A chart ready to publish: the chart framed by a title, a subtitle, an
//! optional note and a source line, written as PNG or SVG at a preset size.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use tiendo_core::Lang;
use tiendo_core::figure::FileFormat;

use super::map::{self, MapChart};
use super::outline::outline_text;
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
        // Outlines: the file looks the same wherever it is opened.
        FileFormat::Svg => Ok(with_svg_title(outline_text(&svg), &figure.title).into_bytes()),
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
        Body::Cumulative(c) => draw_cumulative(&body, c, look),
        Body::Daily(c) => draw_daily(&body, c, look),
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

/// Adds a `<title>` right after the opening tag: viewers and screen readers show it.
fn with_svg_title(svg: String, title: &str) -> String {
    let Some(end) = svg.find('>') else {
        return svg;
    };
    format!(
        "{}\n<title>{}</title>{}",
        &svg[..=end],
        escape_xml(title),
        &svg[end + 1..]
    )
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
        assert!(svg.contains(r#"aria-label="Ghi chú &lt;sơ bộ&gt;""#));
        assert!(svg.contains(r#"aria-label="1. Thừa Thiên Huế""#));
        assert!(!svg.contains("<text"), "text is drawn as outlines");
    }
}
