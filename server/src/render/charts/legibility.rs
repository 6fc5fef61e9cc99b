//! What a reader sees of a chart, for the check that no label hides another
//! label or the data: the chart's SVG laid out as PNG, PDF and viewers lay
//! it out (usvg with the embedded fonts), reduced to the box of each text
//! and the key points of the data.
//!
//! Definitions, so that a failure means something a reader would see:
//! - a text's box is its layout box: from its first to its last advance,
//!   from the font's ascender to its descender. It is a little larger than
//!   the ink, so text that merely touches other text counts as hiding it;
//! - the data's key points are the points of every shape painted in a data
//!   colour ([`super::is_data_colour`]): each day of a line, the corners of
//!   each bar, each published figure's dot, each province outline's points.
//!   Axes, grid lines and frames are not data.
//!
//! Used by the chart tests here and by the HTTP tests on downloaded files.

use plotters::style::RGBColor;

use super::{RenderError, is_data_colour};
use crate::render::svg;

/// A box in picture pixels, `x0 ≤ x1`, `y0 ≤ y1`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Area {
    /// Left.
    pub x0: f32,
    /// Top.
    pub y0: f32,
    /// Right.
    pub x1: f32,
    /// Bottom.
    pub y1: f32,
}

impl Area {
    /// Whether the two boxes share more than an edge.
    pub fn overlaps(&self, o: &Area) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    /// Whether `(x, y)` lies strictly inside.
    pub fn contains(&self, (x, y): (f32, f32)) -> bool {
        self.x0 < x && x < self.x1 && self.y0 < y && y < self.y1
    }
}

/// One piece of text and its box.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// The words.
    pub text: String,
    /// Where they are laid out.
    pub area: Area,
}

/// What a reader sees of a chart: its labels and the data's key points.
#[derive(Debug, Default)]
pub struct Reading {
    /// Width and height of the picture.
    pub size: (f32, f32),
    /// Every non-empty text.
    pub labels: Vec<Label>,
    /// Key points of the data.
    pub points: Vec<(f32, f32)>,
}

/// The labels and data points of `svg`.
pub fn read(svg: &str) -> Result<Reading, RenderError> {
    let tree = svg::tree(svg)?;
    let mut reading = Reading {
        size: (tree.size().width(), tree.size().height()),
        ..Default::default()
    };
    collect(tree.root(), &mut reading);
    Ok(reading)
}

fn collect(group: &usvg::Group, reading: &mut Reading) {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => collect(g, reading),
            usvg::Node::Text(t) => {
                let text: String = t.chunks().iter().map(|c| c.text()).collect();
                let r = t.abs_bounding_box();
                if !text.trim().is_empty() {
                    reading.labels.push(Label {
                        text: text.trim().to_string(),
                        area: Area {
                            x0: r.left(),
                            y0: r.top(),
                            x1: r.right(),
                            y1: r.bottom(),
                        },
                    });
                }
            }
            usvg::Node::Path(p) if painted_as_data(p) => {
                let m = p.abs_transform();
                for segment in p.data().segments() {
                    use usvg::tiny_skia_path::PathSegment::*;
                    let end = match segment {
                        MoveTo(e) | LineTo(e) | QuadTo(_, e) | CubicTo(_, _, e) => e,
                        Close => continue,
                    };
                    reading.points.push((
                        m.sx * end.x + m.kx * end.y + m.tx,
                        m.ky * end.x + m.sy * end.y + m.ty,
                    ));
                }
            }
            _ => {}
        }
    }
}

fn painted_as_data(path: &usvg::Path) -> bool {
    let colour = |paint: &usvg::Paint| match paint {
        usvg::Paint::Color(c) => is_data_colour(RGBColor(c.red, c.green, c.blue)),
        _ => false,
    };
    path.fill().is_some_and(|f| colour(f.paint()))
        || path.stroke().is_some_and(|s| colour(s.paint()))
}

impl Reading {
    /// What hides what, in words: text on text, text on the data, text
    /// outside the picture. Empty when the chart reads cleanly.
    pub fn problems(&self) -> Vec<String> {
        let mut found = Vec::new();
        let (w, h) = self.size;
        for (i, a) in self.labels.iter().enumerate() {
            // Half a pixel of rounding at the edge is not text cut off.
            if a.area.x0 < -0.5 || a.area.y0 < -0.5 || a.area.x1 > w + 0.5 || a.area.y1 > h + 0.5 {
                found.push(format!("'{}' leaves the picture: {:?}", a.text, a.area));
            }
            for b in &self.labels[i + 1..] {
                if a.area.overlaps(&b.area) {
                    found.push(format!("'{}' overlaps '{}'", a.text, b.text));
                }
            }
            let covered = self.points.iter().filter(|p| a.area.contains(**p)).count();
            if covered > 0 {
                found.push(format!(
                    "'{}' covers {covered} point(s) of the data",
                    a.text
                ));
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(body: &str) -> String {
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200">{body}</svg>"##
        )
    }

    fn text(x: u32, y: u32, words: &str) -> String {
        format!(
            r##"<text x="{x}" y="{y}" font-family="DejaVu Sans" font-size="14">{words}</text>"##
        )
    }

    #[test]
    fn text_boxes_are_laid_out_in_the_embedded_font() {
        let r = read(&svg(&text(10, 50, "Thừa Thiên Huế"))).unwrap();
        let a = r.labels[0].area;
        assert_eq!(r.labels[0].text, "Thừa Thiên Huế");
        // From the baseline: ascender above, descender below; about 0.6 em a letter.
        assert!(
            (a.x0 - 10.0).abs() < 0.5 && a.y0 < 40.0 && a.y1 > 52.0,
            "{a:?}"
        );
        assert!((90.0..130.0).contains(&(a.x1 - a.x0)), "{a:?}");
    }

    #[test]
    fn overlapping_text_and_text_on_data_are_found() {
        let line = r##"<polyline fill="none" stroke="#C62828" points="0,190 100,45 300,10"/>"##;
        let apart = read(&svg(&format!(
            "{line}{}{}",
            text(10, 100, "Hà Nội"),
            text(10, 130, "Huế")
        )))
        .unwrap();
        assert_eq!(apart.problems(), Vec::<String>::new());
        assert_eq!(apart.points.len(), 3);
        let clash = read(&svg(&format!(
            "{line}{}{}{}",
            text(10, 100, "Hà Nội"),
            text(30, 105, "Huế"),
            text(80, 50, "Hạn 30/06")
        )))
        .unwrap();
        assert_eq!(
            clash.problems(),
            vec![
                "'Hà Nội' overlaps 'Huế'".to_string(),
                "'Hạn 30/06' covers 1 point(s) of the data".to_string()
            ]
        );
        let cut = read(&svg(&text(380, 100, "Đắk Nông"))).unwrap();
        assert_eq!(cut.problems().len(), 1, "{:?}", cut.problems());
        // Grey lines are not data: a label may sit on a grid line.
        let grid = read(&svg(&format!(
            r##"<line x1="0" y1="95" x2="400" y2="95" stroke="#e3e3e3"/>{}"##,
            text(10, 100, "10 triệu")
        )))
        .unwrap();
        assert!(grid.points.is_empty());
    }
}
