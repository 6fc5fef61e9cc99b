//! The daily briefing drawn as one A4 page, for its PDF download: the same
//! content as `/briefing`, laid out for paper.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use tiendo_core::i18n::national_row;
use tiendo_core::overview::ProvinceScore;
use tiendo_core::views::{Briefing, Mover};
use tiendo_core::{Lang, Stage, format};

use super::{CumulativeChart, Look, RenderError, draw_cumulative, err};
use crate::render::fonts;
use crate::render::pdf::{A4_PORTRAIT_PT, single_image_pdf};

/// Page width in layout units; the page is drawn at 150 dpi.
const LAYOUT_WIDTH: f64 = 800.0;
/// A4 portrait at 150 dots per inch.
const PAGE_PX: (u32, u32) = (1240, 1754);
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
const MUTED: RGBColor = RGBColor(0x55, 0x5f, 0x6b);
const LINE: RGBColor = RGBColor(0xd8, 0xd8, 0xd8);
const BRAND: RGBColor = RGBColor(0xc6, 0x28, 0x28);

/// The texts the page needs beyond the briefing's figures.
pub struct BriefingWords {
    /// "Bản tin tiến độ hằng ngày".
    pub title: String,
    /// Column headings of the national table, stage first.
    pub columns: [&'static str; 8],
    /// Heading of the leading table.
    pub top: String,
    /// Heading of the lagging table.
    pub bottom: String,
    /// Heading of the movers.
    pub movers: String,
    /// Said when no province moved.
    pub no_movers: String,
    /// The silent-communes sentence.
    pub silent: String,
    /// The source line.
    pub source: String,
    /// The chart's heading.
    pub chart: String,
}

/// The briefing as a one-page A4 PDF.
pub fn briefing_pdf(
    b: &Briefing,
    chart: &CumulativeChart,
    words: &BriefingWords,
    lang: Lang,
) -> Result<Vec<u8>, RenderError> {
    fonts::register();
    let (w, h) = PAGE_PX;
    let mut pixels = vec![0u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, PAGE_PX).into_drawing_area();
        let look = Look {
            scale: w as f64 / LAYOUT_WIDTH,
        };
        draw_page(&root, b, chart, words, lang, look)?;
        root.present().map_err(err)?;
    }
    Ok(single_image_pdf(
        &pixels,
        w,
        h,
        A4_PORTRAIT_PT,
        &words.title,
    ))
}

/// Writes `text` at layout position (`x`, `y`) (top-left anchored unless `pos` says otherwise).
fn text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    s: &str,
    (x, y): (f64, f64),
    font: plotters::style::FontDesc<'static>,
    colour: RGBColor,
    pos: Pos,
) -> Result<(), RenderError> {
    area.draw(&Text::new(
        s.to_string(),
        (look.dx(x), look.dx(y)),
        font.color(&colour).pos(pos),
    ))
    .map_err(err)
}

fn rule<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    y: f64,
    x0: f64,
    x1: f64,
) -> Result<(), RenderError> {
    area.draw(&PathElement::new(
        [(look.dx(x0), look.dx(y)), (look.dx(x1), look.dx(y))],
        LINE.stroke_width(look.px(0.8)),
    ))
    .map_err(err)
}

fn draw_page<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    b: &Briefing,
    chart: &CumulativeChart,
    words: &BriefingWords,
    lang: Lang,
    look: Look,
) -> Result<(), RenderError> {
    let left = Pos::new(HPos::Left, VPos::Top);
    let right = Pos::new(HPos::Right, VPos::Top);
    let (x0, x1) = (40.0, LAYOUT_WIDTH - 40.0);
    root.fill(&WHITE).map_err(err)?;
    root.draw(&Rectangle::new(
        [(0, 0), (look.dx(LAYOUT_WIDTH), look.dx(6.0))],
        BRAND.filled(),
    ))
    .map_err(err)?;
    let date = format::date(b.progress.date);
    text(
        root,
        look,
        &format!("{} · {date}", words.title),
        (x0, 26.0),
        look.bold(22.0),
        INK,
        left,
    )?;
    let mut sub = b.campaign_name.clone();
    if b.span.simulated {
        sub.push_str(match lang {
            Lang::Vi => " · Số liệu mô phỏng",
            Lang::En => " · Simulated figures",
        });
    }
    text(root, look, &sub, (x0, 56.0), look.font(13.0), MUTED, left)?;

    // National figures per stage; each column as wide as its longest text.
    let mut y = 88.0;
    const WIDTHS: [f64; 8] = [120.0, 88.0, 88.0, 56.0, 76.0, 80.0, 92.0, 120.0];
    let right_edges: Vec<f64> = WIDTHS
        .iter()
        .scan(x0, |edge, w| {
            *edge += w;
            Some(*edge)
        })
        .collect();
    let cell = |i: usize| {
        if i == 0 {
            (x0, left)
        } else {
            (right_edges[i], right)
        }
    };
    for (i, heading) in words.columns.iter().enumerate() {
        let (x, pos) = cell(i);
        text(root, look, heading, (x, y), look.bold(9.5), MUTED, pos)?;
    }
    y += 18.0;
    rule(root, look, y, x0, x1)?;
    for stage in Stage::ALL {
        y += 5.0;
        let cells = national_row(stage, b.progress.stages.get(stage), lang);
        for (i, value) in cells.iter().enumerate() {
            let (x, pos) = cell(i);
            let font = if i == 0 {
                look.bold(11.0)
            } else {
                look.font(11.0)
            };
            text(root, look, value, (x, y), font, INK, pos)?;
        }
        y += 18.0;
        rule(root, look, y, x0, x1)?;
    }

    // The main chart.
    y += 14.0;
    text(
        root,
        look,
        &words.chart,
        (x0, y),
        look.bold(13.0),
        INK,
        left,
    )?;
    y += 20.0;
    let chart_h = 330.0;
    let area = root.margin(
        look.dx(y) as u32,
        (PAGE_PX.1 as i32 - look.dx(y + chart_h)).max(0) as u32,
        look.dx(x0 - 10.0) as u32,
        look.dx(LAYOUT_WIDTH - x1 - 10.0) as u32,
    );
    draw_cumulative(
        &area,
        chart,
        Look {
            scale: look.scale * 0.85,
        },
    )?;
    y += chart_h + 16.0;

    // Leading and lagging provinces, side by side.
    let half = (x1 - x0 - 24.0) / 2.0;
    for (heading, rows, x) in [
        (&words.top, &b.top, x0),
        (&words.bottom, &b.bottom, x0 + half + 24.0),
    ] {
        province_list(root, look, heading, rows, (x, y), half, lang)?;
    }
    y += 20.0 + 10.0 * 17.0 + 16.0;

    // Rank movers since the day before.
    text(
        root,
        look,
        &words.movers,
        (x0, y),
        look.bold(13.0),
        INK,
        left,
    )?;
    y += 20.0;
    if b.risers.is_empty() && b.fallers.is_empty() {
        text(
            root,
            look,
            &words.no_movers,
            (x0, y),
            look.font(11.5),
            MUTED,
            left,
        )?;
    }
    for (list, x) in [(&b.risers, x0), (&b.fallers, x0 + half + 24.0)] {
        mover_list(root, look, list, (x, y))?;
    }
    y += 5.0 * 16.0 + 12.0;
    text(
        root,
        look,
        &words.silent,
        (x0, y),
        look.font(12.0),
        INK,
        left,
    )?;

    let footer_y = PAGE_PX.1 as f64 / look.scale - 34.0;
    rule(root, look, footer_y - 6.0, x0, x1)?;
    text(
        root,
        look,
        &words.source,
        (x0, footer_y),
        look.font(11.0),
        MUTED,
        left,
    )?;
    text(
        root,
        look,
        "Tiendo",
        (x1, footer_y),
        look.bold(11.0),
        BRAND,
        right,
    )?;
    Ok(())
}

fn province_list<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    look: Look,
    heading: &str,
    rows: &[ProvinceScore],
    (x, y): (f64, f64),
    width: f64,
    lang: Lang,
) -> Result<(), RenderError> {
    let left = Pos::new(HPos::Left, VPos::Top);
    let right = Pos::new(HPos::Right, VPos::Top);
    text(root, look, heading, (x, y), look.bold(13.0), INK, left)?;
    for (i, r) in rows.iter().enumerate() {
        let ry = y + 22.0 + i as f64 * 17.0;
        text(
            root,
            look,
            &format!("{}. {}", r.rank, r.name),
            (x, ry),
            look.font(11.5),
            INK,
            left,
        )?;
        text(
            root,
            look,
            &format::percent(r.percent_of_target, lang),
            (x + width, ry),
            look.font(11.5),
            INK,
            right,
        )?;
    }
    Ok(())
}

fn mover_list<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    look: Look,
    movers: &[Mover],
    (x, y): (f64, f64),
) -> Result<(), RenderError> {
    for (i, m) in movers.iter().enumerate() {
        let arrow = if m.change > 0 { "▲" } else { "▼" };
        let colour = if m.change > 0 {
            RGBColor(0x2e, 0x7d, 0x32)
        } else {
            BRAND
        };
        let ry = y + i as f64 * 16.0;
        text(
            root,
            look,
            &format!("{} {arrow}{} → {}", m.name, m.change.abs(), m.rank),
            (x, ry),
            look.font(11.5),
            colour,
            Pos::new(HPos::Left, VPos::Top),
        )?;
    }
    Ok(())
}
