//! The choropleth map of the 63 provinces, drawn as SVG.
//!
//! Written out by hand rather than through plotters: each province must be a
//! link with a hover title, and plotters' SVG backend cannot attach either to
//! a shape. Outlines come from `data/vn_provinces.geojson`, projected and
//! simplified once, when first drawn.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Deserialize;
use tiendo_core::Lang;

use super::{Look, RenderError, err, escape_xml as escape};
use crate::render::fonts;

/// Edges of the drawing, in degrees: the provinces and both archipelagos
/// (102.1–115.8°E, 8.6–23.4°N) with room for the archipelagos' names,
/// and no more sea than that.
const WEST: f64 = 101.9;
const NORTH: f64 = 23.6;
const EAST: f64 = 116.4;
const SOUTH: f64 = 8.3;
/// Pixels per degree of latitude.
const SCALE: f64 = 40.0;
/// Points closer than this to a simplified outline are dropped, in pixels.
const TOLERANCE: f64 = 0.5;

/// The sea around the provinces.
pub const SEA: &str = "#eef5fb";
/// Provinces without figures, and their legend entry.
pub const NO_FIGURES: &str = "#d0d0d0";
/// Class colours, lightest (worst) to darkest (best): ColorBrewer YlGnBu
/// of 7 classes without its two lightest, colour-blind safe. The lowest
/// class must stand out from the sea and from provinces without figures
/// (tested): the lighter yellow-greens read as sea on a projector.
pub const CLASS_COLOURS: [&str; 5] = ["#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"];

/// Province that administers the Hoàng Sa (Paracel) archipelago (Đà Nẵng).
pub const HOANG_SA_PROVINCE: &str = "48";
/// Province that administers the Trường Sa (Spratly) archipelago (Khánh Hòa).
pub const TRUONG_SA_PROVINCE: &str = "56";

/// South-west corner (lon, lat) of the open sea north-east of the mainland,
/// north of Hoàng Sa's name, where nothing is drawn: room for the legend.
const OPEN_SEA: (f64, f64) = (110.3, 18.3);

/// Main islands of Hoàng Sa (lon, lat), which the source outlines lack:
/// Phú Lâm, Linh Côn, Hoàng Sa, Quang Hòa, Bạch Quy, Tri Tôn.
const HOANG_SA_ISLANDS: [(f64, f64); 6] = [
    (112.33, 16.83),
    (112.73, 16.67),
    (111.60, 16.53),
    (111.71, 16.45),
    (111.75, 16.05),
    (111.20, 15.78),
];

/// One shape of the map: a province, or the Trường Sa archipelago (drawn in Khánh Hòa's colour).
#[derive(Debug)]
struct Shape {
    /// The province it belongs to.
    code: String,
    /// The SVG path.
    path: String,
    /// The same outlines as points (outer rings and holes alike), for plotters.
    rings: Vec<Vec<(f64, f64)>>,
    /// Island markers (Trường Sa): islands too small to see as outlines.
    dots: Vec<(f64, f64)>,
}

#[derive(Deserialize)]
struct FeatureCollection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Properties,
    geometry: Geometry,
}

#[derive(Deserialize)]
struct Properties {
    code: Option<String>,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
}

/// Map coordinates (pixels) of a point given in degrees.
fn project(lon: f64, lat: f64) -> (f64, f64) {
    // Equirectangular, with longitudes shortened as at 16°N, the middle of the country.
    let k = 16.0_f64.to_radians().cos();
    ((lon - WEST) * SCALE * k, (NORTH - lat) * SCALE)
}

/// Size of the drawing in pixels.
fn size() -> (f64, f64) {
    project(EAST, SOUTH)
}

/// Drops points that lie within `tolerance` of the line between kept
/// neighbours (Douglas-Peucker). The first and last points are kept.
pub fn simplify(points: &[(f64, f64)], tolerance: f64) -> Vec<(f64, f64)> {
    if points.len() < 3 {
        return points.to_vec();
    }
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    keep[points.len() - 1] = true;
    let mut stack = vec![(0, points.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let (mut worst, mut at) = (0.0, 0);
        for i in a + 1..b {
            let d = distance_to_segment(points[i], points[a], points[b]);
            if d > worst {
                (worst, at) = (d, i);
            }
        }
        if worst > tolerance {
            keep[at] = true;
            stack.push((a, at));
            stack.push((at, b));
        }
    }
    points
        .iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(*p))
        .collect()
}

fn distance_to_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    };
    ((p.0 - a.0 - t * dx).powi(2) + (p.1 - a.1 - t * dy).powi(2)).sqrt()
}

/// A ring projected and simplified, in map coordinates.
fn simplified_ring(ring: &[[f64; 2]]) -> Vec<(f64, f64)> {
    let projected: Vec<(f64, f64)> = ring.iter().map(|p| project(p[0], p[1])).collect();
    let simple = simplify(&projected, TOLERANCE);
    // Small islands collapse when simplified; they are few points, and the
    // archipelagos must stay visible, so they are drawn as they are.
    if simple.len() < 4 { projected } else { simple }
}

fn ring_path(out: &mut String, ring: &[(f64, f64)]) {
    for (i, (x, y)) in ring.iter().enumerate() {
        let _ = write!(out, "{}{:.1},{:.1}", if i == 0 { "M" } else { "L" }, x, y);
    }
    out.push('Z');
}

fn shapes() -> &'static [Shape] {
    static SHAPES: OnceLock<Vec<Shape>> = OnceLock::new();
    SHAPES.get_or_init(|| {
        let source: FeatureCollection =
            serde_json::from_str(include_str!("../../../../data/vn_provinces.geojson"))
                .expect("data/vn_provinces.geojson is valid GeoJSON (checked by tests)");
        source
            .features
            .into_iter()
            .map(|f| {
                let polygons = match f.geometry {
                    Geometry::Polygon(p) => vec![p],
                    Geometry::MultiPolygon(m) => m,
                };
                let rings: Vec<Vec<(f64, f64)>> = polygons
                    .iter()
                    .flatten()
                    .map(|r| simplified_ring(r))
                    .collect();
                let mut path = String::new();
                for ring in &rings {
                    ring_path(&mut path, ring);
                }
                let archipelago = f.properties.code.is_none();
                let dots = if archipelago {
                    polygons
                        .iter()
                        .filter_map(|p| p.first())
                        .map(|ring| centre(ring))
                        .collect()
                } else {
                    Vec::new()
                };
                Shape {
                    dots,
                    // The one feature without a code is Trường Sa.
                    code: f
                        .properties
                        .code
                        .unwrap_or_else(|| TRUONG_SA_PROVINCE.to_string()),
                    path,
                    rings,
                }
            })
            .collect()
    })
}

/// A box around an outline, in map units.
struct Bounds {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Bounds {
    fn centre(&self) -> (f64, f64) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }
}

/// The box around `shape`'s outlines.
fn bounds(shape: &Shape) -> Bounds {
    let start = Bounds {
        x0: f64::MAX,
        y0: f64::MAX,
        x1: f64::MIN,
        y1: f64::MIN,
    };
    shape
        .rings
        .iter()
        .flatten()
        .fold(start, |b, &(x, y)| Bounds {
            x0: b.x0.min(x),
            y0: b.y0.min(y),
            x1: b.x1.max(x),
            y1: b.y1.max(y),
        })
}

/// The centre of a ring's points, in map coordinates.
fn centre(ring: &[[f64; 2]]) -> (f64, f64) {
    let n = ring.len().max(1) as f64;
    let (lon, lat) = ring
        .iter()
        .fold((0.0, 0.0), |(x, y), p| (x + p[0], y + p[1]));
    project(lon / n, lat / n)
}

/// How one province is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct ProvinceStyle {
    /// Fill colour, `#rrggbb`.
    pub fill: String,
    /// Hover text: name and value.
    pub title: String,
    /// Where a click leads.
    pub href: String,
    /// Its rank by the map's measure: the order keyboards visit provinces in.
    pub rank: Option<u32>,
}

/// A legend entry: a colour and what it stands for.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    /// Fill colour, `#rrggbb`.
    pub fill: String,
    /// Label, e.g. "70,0% – 85,2%".
    pub label: String,
}

/// The map with every province styled as given (missing ones grey), a legend and its heading.
pub fn map_svg(
    styles: &HashMap<String, ProvinceStyle>,
    legend_title: &str,
    legend: &[LegendEntry],
    lang: Lang,
) -> String {
    let (w, h) = size();
    let mut svg = String::with_capacity(160_000);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0} {h:.0}" class="map" role="group" aria-label="{}">"#,
        escape(legend_title)
    );
    let _ = write!(svg, r#"<rect width="100%" height="100%" fill="{SEA}"/>"#);
    let none = ProvinceStyle {
        fill: NO_FIGURES.into(),
        title: String::new(),
        href: String::new(),
        rank: None,
    };
    // In rank order, so that Tab visits the provinces as the rankings list them.
    let mut ordered: Vec<(&Shape, &ProvinceStyle)> = shapes()
        .iter()
        .map(|shape| (shape, styles.get(&shape.code).unwrap_or(&none)))
        .collect();
    ordered.sort_by_key(|(shape, style)| (style.rank.unwrap_or(u32::MAX), shape.code.clone()));
    for &(shape, style) in &ordered {
        // Its centre: on a phone a tap goes to the nearest province (the
        // navigator), so the smallest get a target as large as the space allows.
        let (cx, cy) = bounds(shape).centre();
        let _ = write!(
            svg,
            r##"<a href="{}" data-code="{}" data-cx="{cx:.1}" data-cy="{cy:.1}"><title>{}</title><path d="{}" fill="{}" stroke="#ffffff" stroke-width="0.6"/>"##,
            escape(&style.href),
            shape.code,
            escape(&style.title),
            shape.path,
            style.fill
        );
        for (x, y) in &shape.dots {
            island(&mut svg, *x, *y, &style.fill);
        }
        svg.push_str("</a>");
    }
    archipelagos(&mut svg, styles, &none, lang);
    draw_legend(&mut svg, legend_title, legend, w);
    svg.push_str("</svg>");
    svg
}

fn archipelagos(
    svg: &mut String,
    styles: &HashMap<String, ProvinceStyle>,
    none: &ProvinceStyle,
    lang: Lang,
) {
    let danang = styles.get(HOANG_SA_PROVINCE).unwrap_or(none);
    let _ = write!(
        svg,
        r##"<a href="{}" data-code="hoang-sa"><title>{}</title>"##,
        escape(&danang.href),
        escape(&danang.title)
    );
    for (lon, lat) in HOANG_SA_ISLANDS {
        let (x, y) = project(lon, lat);
        island(svg, x, y, &danang.fill);
    }
    svg.push_str("</a>");
    for (anchor, lines) in archipelago_labels(lang) {
        label(svg, project(anchor.0, anchor.1), lines);
    }
}

/// Where the archipelagos are named (lon, lat) and their two-line names.
fn archipelago_labels(lang: Lang) -> [((f64, f64), [&'static str; 2]); 2] {
    let (hoang_sa, truong_sa) = match lang {
        Lang::Vi => ("Quần đảo Hoàng Sa", "Quần đảo Trường Sa"),
        Lang::En => ("Hoàng Sa archipelago", "Trường Sa archipelago"),
    };
    [
        ((111.0, 17.55), [hoang_sa, "(Đà Nẵng)"]),
        ((112.3, 12.3), [truong_sa, "(Khánh Hòa)"]),
    ]
}

/// An island too small to draw at this scale, as a dot in its province's colour.
fn island(svg: &mut String, x: f64, y: f64, fill: &str) {
    let _ = write!(
        svg,
        r##"<circle cx="{x:.1}" cy="{y:.1}" r="2.6" fill="{fill}" stroke="#555" stroke-width="0.5"/>"##
    );
}

fn label(svg: &mut String, (x, y): (f64, f64), lines: [&str; 2]) {
    let _ = write!(
        svg,
        r##"<text x="{x:.0}" y="{y:.0}" font-family="sans-serif" font-size="12" font-style="italic" fill="#33475b"><tspan x="{x:.0}">{}</tspan><tspan x="{x:.0}" dy="14">{}</tspan></text>"##,
        escape(lines[0]),
        escape(lines[1])
    );
}

fn draw_legend(svg: &mut String, title: &str, legend: &[LegendEntry], width: f64) {
    let x = width - 230.0;
    let mut y = 24.0;
    let _ = write!(
        svg,
        r##"<g class="legend" font-family="sans-serif" font-size="13" fill="#222">"##
    );
    // "Stage · measure" on a line each: one line does not fit beside the map.
    for (i, line) in title.split(" · ").enumerate() {
        if i > 0 {
            y += 16.0;
        }
        let _ = write!(
            svg,
            r##"<text x="{x:.0}" y="{y:.0}" font-weight="bold">{}</text>"##,
            escape(line)
        );
    }
    for entry in legend {
        y += 22.0;
        let _ = write!(
            svg,
            r##"<rect x="{x:.0}" y="{:.0}" width="18" height="14" fill="{}" stroke="#888" stroke-width="0.5"/><text x="{:.0}" y="{y:.0}">{}</text>"##,
            y - 11.0,
            entry.fill,
            x + 26.0,
            escape(&entry.label)
        );
    }
    svg.push_str("</g>");
}

/// The map as a figure body: every province's colour and the legend.
#[derive(Clone, Debug)]
pub struct MapChart {
    /// Style of each province by code (missing ones grey).
    pub styles: HashMap<String, ProvinceStyle>,
    /// Heading of the legend, "stage · measure".
    pub legend_title: String,
    /// Legend entries, best first.
    pub legend: Vec<LegendEntry>,
    /// Label language.
    pub lang: Lang,
}

/// `#rrggbb` as a colour (grey if malformed, which styles built here never are).
pub fn rgb(hex: &str) -> RGBColor {
    let channel = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0xd0)
    };
    RGBColor(channel(1), channel(3), channel(5))
}

/// Draws the map on `area` with plotters, for PNG and SVG downloads: the same
/// outlines, colours, archipelagos and legend as the page's map, without links.
/// The map is as tall as the frame, the legend beside it, both centred,
/// and the sea runs to the frame's edges: no white margins around a box.
pub fn draw_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    m: &MapChart,
    look: Look,
) -> Result<(), RenderError> {
    let (w, h) = area.dim_in_pixel();
    let (mw, mh) = size();
    let ink = RGBColor(0x22, 0x22, 0x22);
    let (title_font, entry_font) = (look.bold(15.0), look.font(15.0));
    // The legend is as wide as its longest line, 20 px from the map.
    let mut legend_w: f64 = 0.0;
    for line in m.legend_title.split(" · ") {
        let (tw, _) = area
            .estimate_text_size(line, &title_font.clone().into())
            .map_err(err)?;
        legend_w = legend_w.max(tw as f64);
    }
    for entry in &m.legend {
        let (tw, _) = area
            .estimate_text_size(&entry.label, &entry_font.clone().into())
            .map_err(err)?;
        legend_w = legend_w.max(tw as f64 + 28.0 * look.scale);
    }
    let (gap, line) = (20.0 * look.scale, 24.0 * look.scale);
    let title_lines = m.legend_title.split(" · ").count();
    let legend_h = (title_lines + m.legend.len()) as f64 * line
        + m.legend.len() as f64 * 4.0 * look.scale
        + gap;
    // On a tall frame the legend fits over the open sea north-east of the
    // mainland, and the map grows to the frame's width; else it goes beside.
    let (w, h) = (w as f64, h as f64);
    let k_full = (w / mw).min(h / mh);
    let open_sea = project(OPEN_SEA.0, OPEN_SEA.1);
    let over_sea = (mw - open_sea.0) * k_full >= legend_w + gap && open_sea.1 * k_full >= legend_h;
    let (k, beside) = if over_sea {
        (k_full, 0.0)
    } else {
        (((w - legend_w - gap) / mw).min(h / mh), legend_w + gap)
    };
    let (ox, oy) = ((w - mw * k - beside) / 2.0, (h - mh * k) / 2.0);
    let lx = if over_sea {
        ox + mw * k - legend_w - gap / 2.0
    } else {
        ox + mw * k + gap
    } as i32;
    let at = |(x, y): (f64, f64)| ((ox + x * k).round() as i32, (oy + y * k).round() as i32);
    area.fill(&rgb(SEA)).map_err(err)?;
    let none = rgb(NO_FIGURES);
    let fill_of = |code: &str| m.styles.get(code).map_or(none, |s| rgb(&s.fill));
    let outline = WHITE.stroke_width((0.6 * k).round().max(1.0) as u32);
    for shape in shapes() {
        let fill = fill_of(&shape.code);
        for ring in &shape.rings {
            let points: Vec<(i32, i32)> = ring.iter().map(|p| at(*p)).collect();
            area.draw(&Polygon::new(points.clone(), fill.filled()))
                .map_err(err)?;
            area.draw(&PathElement::new(points, outline)).map_err(err)?;
        }
        for dot in &shape.dots {
            draw_island(area, at(*dot), k, fill)?;
        }
    }
    let danang = fill_of(HOANG_SA_PROVINCE);
    for (lon, lat) in HOANG_SA_ISLANDS {
        draw_island(area, at(project(lon, lat)), k, danang)?;
    }
    let label_colour = RGBColor(0x33, 0x47, 0x5b);
    let label_px = (12.0 * k).max(11.0 * look.scale);
    for ((lon, lat), lines) in archipelago_labels(m.lang) {
        let (x, y) = at(project(lon, lat));
        for (i, line) in lines.iter().enumerate() {
            area.draw(&Text::new(
                line.to_string(),
                (x, y + (i as f64 * label_px * 1.2) as i32),
                fonts::regular(label_px)
                    .color(&label_colour)
                    .pos(Pos::new(HPos::Left, VPos::Bottom)),
            ))
            .map_err(err)?;
        }
    }
    let mut ly = oy + 10.0 * look.scale;
    let top = Pos::new(HPos::Left, VPos::Top);
    for text in m.legend_title.split(" · ") {
        area.draw(&Text::new(
            text.to_string(),
            (lx, ly as i32),
            title_font.color(&ink).pos(top),
        ))
        .map_err(err)?;
        ly += line;
    }
    for entry in &m.legend {
        ly += 4.0 * look.scale;
        let (y0, side) = (ly as i32, look.dx(18.0));
        area.draw(&Rectangle::new(
            [(lx, y0), (lx + side, y0 + side)],
            rgb(&entry.fill).filled(),
        ))
        .map_err(err)?;
        area.draw(&Rectangle::new(
            [(lx, y0), (lx + side, y0 + side)],
            RGBColor(0x88, 0x88, 0x88).stroke_width(1),
        ))
        .map_err(err)?;
        area.draw(&Text::new(
            entry.label.clone(),
            (lx + look.dx(28.0), y0 + look.dx(1.0)),
            entry_font.color(&ink).pos(top),
        ))
        .map_err(err)?;
        ly += line;
    }
    Ok(())
}

fn draw_island<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    centre: (i32, i32),
    k: f64,
    fill: RGBColor,
) -> Result<(), RenderError> {
    let r = (2.6 * k).round().max(2.0) as u32;
    area.draw(&Circle::new(centre, r, fill.filled()))
        .map_err(err)?;
    area.draw(&Circle::new(
        centre,
        r,
        RGBColor(0x55, 0x55, 0x55).stroke_width(1),
    ))
    .map_err(err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplify_drops_points_on_a_straight_line_and_keeps_corners() {
        let line = [(0.0, 0.0), (1.0, 0.01), (2.0, 0.0), (2.0, 5.0)];
        assert_eq!(
            simplify(&line, 0.5),
            vec![(0.0, 0.0), (2.0, 0.0), (2.0, 5.0)]
        );
        assert_eq!(simplify(&line[..2], 0.5).len(), 2);
    }

    #[test]
    fn every_province_has_an_outline_and_truong_sa_belongs_to_khanh_hoa() {
        let shapes = shapes();
        let mut codes: Vec<&str> = shapes.iter().map(|s| s.code.as_str()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 63);
        assert_eq!(
            shapes
                .iter()
                .filter(|s| s.code == TRUONG_SA_PROVINCE)
                .count(),
            2,
            "Khánh Hòa and the Trường Sa archipelago"
        );
        assert!(shapes.iter().all(|s| s.path.starts_with('M')));
        let truong_sa = shapes
            .iter()
            .find(|s| !s.dots.is_empty())
            .expect("island dots");
        assert!(
            truong_sa.dots.len() >= 5,
            "{} islands",
            truong_sa.dots.len()
        );
    }

    /// WCAG's contrast ratio of two `#rrggbb` colours (1 to 21).
    fn contrast(a: &str, b: &str) -> f64 {
        let luminance = |hex: &str| {
            let RGBColor(r, g, b) = rgb(hex);
            let linear = |c: u8| {
                let c = c as f64 / 255.0;
                if c <= 0.04045 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
        };
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn the_lowest_class_stands_out_from_the_sea_and_from_no_figures() {
        // The former lowest class, #c7e9b4, was 1.2 against the sea.
        assert!(
            contrast(CLASS_COLOURS[0], SEA) >= 1.6,
            "{}",
            contrast(CLASS_COLOURS[0], SEA)
        );
        assert!(contrast(CLASS_COLOURS[0], NO_FIGURES) >= 1.15);
        // Each class is darker than the one before it.
        for pair in CLASS_COLOURS.windows(2) {
            assert!(contrast(pair[1], SEA) > contrast(pair[0], SEA), "{pair:?}");
        }
    }

    #[test]
    fn the_map_links_provinces_and_labels_both_archipelagos() {
        let mut styles = HashMap::new();
        styles.insert(
            "48".to_string(),
            ProvinceStyle {
                fill: "#123456".into(),
                title: "Đà Nẵng: 80,0%".into(),
                href: "/p/48".into(),
                rank: Some(2),
            },
        );
        styles.insert(
            "27".to_string(),
            ProvinceStyle {
                fill: "#123456".into(),
                title: "Bắc Ninh: 90,0%".into(),
                href: "/p/27".into(),
                rank: Some(1),
            },
        );
        let legend = [LegendEntry {
            fill: "#123456".into(),
            label: "70,0% – 80,0%".into(),
        }];
        let svg = map_svg(&styles, "% mục tiêu", &legend, Lang::Vi);
        assert!(svg.contains(r#"<a href="/p/48" data-code="48" data-cx="#));
        assert!(svg.contains(r#""><title>Đà Nẵng: 80,0%</title>"#));
        // Keyboards visit the provinces in rank order: first Bắc Ninh, then Đà Nẵng.
        let at = |code: &str| svg.find(&format!(r#"data-code="{code}""#)).unwrap();
        assert!(at("27") < at("48"));
        assert_eq!(
            &svg[svg.find("data-code=").unwrap()..][..14],
            r#"data-code="27""#
        );
        // Each province says where its centre is, for taps that land beside a small one.
        let (x, y) = bounds(shapes().iter().find(|s| s.code == "27").unwrap()).centre();
        assert!(svg.contains(&format!(
            r#"data-code="27" data-cx="{x:.1}" data-cy="{y:.1}""#
        )));
        assert!(svg.contains(r#"data-code="hoang-sa""#));
        assert!(svg.contains("Quần đảo Hoàng Sa") && svg.contains("Quần đảo Trường Sa"));
        assert!(svg.contains("(Đà Nẵng)") && svg.contains("(Khánh Hòa)"));
        assert!(svg.contains("70,0% – 80,0%"));
        // Simplified: the whole map stays small enough to inline in a page.
        assert!(svg.len() < 150_000, "{} bytes", svg.len());
    }
}
