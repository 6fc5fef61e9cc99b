//! SVG text turned into glyph outlines drawn from the embedded font, so a
//! downloaded SVG looks the same on every machine, whatever fonts it has.
//!
//! Plotters writes text as `<text>` elements; each becomes one `<path>` whose
//! `aria-label` keeps the words for search, screen readers and tests. The
//! pages keep real text (the browser has fonts, and the page stays light).

use std::fmt::Write as _;

use ab_glyph::{Font, FontRef, OutlineCurve, Point};

use crate::render::fonts;

/// `svg` with every `<text>` element written by plotters replaced by its outline.
pub fn outline_text(svg: &str) -> String {
    let faces = fonts::faces();
    // Height of an "x" per em, for the baselines of centred text.
    let x_heights = faces.each_ref().map(|f| {
        f.outline(f.glyph_id('x')).map_or(0.55, |o| {
            o.bounds.max.y / f.units_per_em().unwrap_or(2048.0)
        })
    });
    let mut out = String::with_capacity(svg.len() * 2);
    let mut rest = svg;
    while let Some(start) = rest.find("<text ") {
        out.push_str(&rest[..start]);
        let element = &rest[start..];
        let Some(open_end) = element.find('>') else {
            break;
        };
        let Some(close) = element.find("</text>") else {
            break;
        };
        let attributes = &element[6..open_end];
        let words = unescape(element[open_end + 1..close].trim());
        out.push_str(&text_path(attributes, &words, faces, &x_heights));
        rest = &element[close + "</text>".len()..];
    }
    out.push_str(rest);
    out
}

/// The value of attribute `name` in `attributes` (`a="1" b="2"`).
fn attribute<'a>(attributes: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let at = attributes
        .match_indices(&key)
        .find(|(i, _)| *i == 0 || attributes.as_bytes()[i - 1] == b' ')?
        .0
        + key.len();
    attributes[at..].split('"').next()
}

fn text_path(
    attributes: &str,
    words: &str,
    faces: &[FontRef<'static>; 2],
    x_heights: &[f32; 2],
) -> String {
    let number = |name: &str| {
        attribute(attributes, name)
            .and_then(|v| v.parse::<f32>().ok())
            .unwrap_or(0.0)
    };
    let bold = attribute(attributes, "font-weight") == Some("bold");
    let font = &faces[usize::from(bold)];
    let size = number("font-size");
    let scale = size / font.units_per_em().unwrap_or(2048.0);
    let ids: Vec<_> = words.chars().map(|c| font.glyph_id(c)).collect();
    let mut advances = Vec::with_capacity(ids.len());
    let mut width = 0.0;
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            width += font.kern_unscaled(ids[i - 1], *id) * scale;
        }
        advances.push(width);
        width += font.h_advance_unscaled(*id) * scale;
    }
    let x = number("x")
        - match attribute(attributes, "text-anchor") {
            Some("middle") => width / 2.0,
            Some("end") => width,
            _ => 0.0,
        };
    // The baseline where a browser would put it for plotters' `dy`.
    let x_height = x_heights[usize::from(bold)];
    let y = number("y")
        + size
            * match attribute(attributes, "dy") {
                Some("0.76em") => 0.76,
                Some("0.5ex") => 0.5 * x_height,
                Some("-0.5ex") => -0.5 * x_height,
                _ => 0.0,
            };
    let mut d = String::new();
    for (id, advance) in ids.iter().zip(&advances) {
        if let Some(outline) = font.outline(*id) {
            let at = |p: Point| (x + advance + p.x * scale, y - p.y * scale);
            let mut pen: Option<Point> = None;
            for curve in &outline.curves {
                let start = match curve {
                    OutlineCurve::Line(a, _)
                    | OutlineCurve::Quad(a, _, _)
                    | OutlineCurve::Cubic(a, _, _, _) => *a,
                };
                if pen != Some(start) {
                    if pen.is_some() {
                        d.push('Z');
                    }
                    let (sx, sy) = at(start);
                    let _ = write!(d, "M{sx:.1} {sy:.1}");
                }
                let end = match curve {
                    OutlineCurve::Line(_, b) => {
                        let (bx, by) = at(*b);
                        let _ = write!(d, "L{bx:.1} {by:.1}");
                        *b
                    }
                    OutlineCurve::Quad(_, c, b) => {
                        let ((cx, cy), (bx, by)) = (at(*c), at(*b));
                        let _ = write!(d, "Q{cx:.1} {cy:.1} {bx:.1} {by:.1}");
                        *b
                    }
                    OutlineCurve::Cubic(_, c1, c2, b) => {
                        let ((ax, ay), (cx, cy), (bx, by)) = (at(*c1), at(*c2), at(*b));
                        let _ = write!(d, "C{ax:.1} {ay:.1} {cx:.1} {cy:.1} {bx:.1} {by:.1}");
                        *b
                    }
                };
                pen = Some(end);
            }
            if pen.is_some() {
                d.push('Z');
            }
        }
    }
    let mut path = format!(
        r#"<path aria-label="{}" d="{d}" fill="{}" opacity="{}""#,
        super::escape_xml(words),
        attribute(attributes, "fill").unwrap_or("#000000"),
        attribute(attributes, "opacity").unwrap_or("1"),
    );
    if let Some(transform) = attribute(attributes, "transform") {
        let _ = write!(path, r#" transform="{transform}""#);
    }
    path.push_str("/>");
    path
}

/// Text as plotters escaped it, back to plain characters.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest and largest x of a path's points.
    fn x_range(svg: &str) -> (f32, f32) {
        let d = attribute(svg.trim_start_matches("<path "), "d").unwrap();
        let numbers: Vec<f32> = d
            .split(|c: char| c.is_ascii_alphabetic())
            .flat_map(|part| {
                part.split_whitespace()
                    .map(|n| n.parse::<f32>().unwrap())
                    .collect::<Vec<_>>()
            })
            .collect();
        let xs = numbers.iter().step_by(2);
        xs.fold((f32::MAX, f32::MIN), |(lo, hi), x| (lo.min(*x), hi.max(*x)))
    }

    #[test]
    fn text_becomes_a_path_that_keeps_its_words_and_anchor() {
        let svg = r##"<svg><text x="100" y="50" dy="0.76em" text-anchor="start" font-family="DejaVu Sans" font-size="20" opacity="1" fill="#222222">
Đắk Nông &amp; Huế
</text><rect/><text x="300" y="50" dy="0.5ex" text-anchor="end" font-family="DejaVu Sans" font-size="20" opacity="1" fill="#222222" font-weight="bold">
Thừa Thiên Huế
</text></svg>"##;
        let out = outline_text(svg);
        assert!(!out.contains("<text"), "{out}");
        assert!(out.contains(r#"aria-label="Đắk Nông &amp; Huế""#));
        assert!(out.contains("<rect/>"), "what is not text stays");
        let paths: Vec<&str> = out.split("<path ").skip(1).collect();
        assert_eq!(paths.len(), 2);
        // Start-anchored text begins at x; end-anchored text ends at x.
        let (lo, _) = x_range(&format!("<path {}", paths[0]));
        assert!((99.0..103.0).contains(&lo), "{lo}");
        let (_, hi) = x_range(&format!("<path {}", paths[1]));
        assert!((296.0..300.5).contains(&hi), "{hi}");
        // Every glyph is drawn: one closed contour at least per letter.
        assert!(paths[1].matches('M').count() >= "ThừaThiênHuế".chars().count());
    }

    #[test]
    fn attributes_are_read_by_exact_name() {
        let a = r##"x="1" font-size="20" size="3" fill="#ff0000""##;
        assert_eq!(attribute(a, "size"), Some("3"));
        assert_eq!(attribute(a, "font-size"), Some("20"));
        assert_eq!(attribute(a, "y"), None);
    }
}
