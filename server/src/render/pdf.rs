//! Tagged PDF pages: real text in the embedded fonts, charts as vectors,
//! and the structure (headings, paragraphs, tables, lists, figures with
//! alt text) that screen readers and text extraction follow.
//!
//! Written with krilla 0.8 (and krilla-svg for the charts) rather than
//! printpdf, svg2pdf or typst: krilla is maintained as typst's own PDF
//! backend; it shapes text (rustybuzz, so Vietnamese marks sit where GPOS
//! puts them), embeds fonts as subsets with a ToUnicode map (text selects,
//! searches and copies), writes tagged PDF and checks PDF/UA-1 itself.
//! printpdf has no tagging; svg2pdf, which krilla-svg replaces, draws SVG
//! but has no text API or tags; typst as a library needs a `World` and
//! hundreds of crates to lay out one page, and writes through krilla anyway.
//!
//! Coordinates are points (1/72 inch) from the page's top-left corner, y
//! down; a text's y is its baseline. krilla does not measure text, so
//! widths come from the same font files ([`fonts::text_width`]).

use std::num::NonZeroU16;

use krilla::color::rgb;
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, BBox, ContentTag, Identifier, ListNumbering, SpanTag, TableHeaderScope,
    Tag, TagGroup, TagKind, TagTree,
};
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};
use krilla_svg::{SurfaceExt, SvgSettings};
use tiendo_core::Lang;

use super::{RenderError, err, fonts};

/// A4 portrait, in points.
pub const A4: (f32, f32) = (595.28, 841.89);

/// An sRGB colour.
pub type Colour = (u8, u8, u8);

/// How a piece of text is set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    /// Font size (the em), in points.
    pub size: f32,
    /// The bold face.
    pub bold: bool,
    /// Ink.
    pub colour: Colour,
}

impl Style {
    /// The width of `text` in this style, in points.
    pub fn width(&self, text: &str) -> f32 {
        fonts::text_width(text, self.bold, self.size)
    }

    /// `text`, or as much of its start as fits in `width` followed by "…".
    pub fn fit(&self, text: &str, width: f32) -> String {
        if self.width(text) <= width {
            return text.to_string();
        }
        let mut shown: String = text.to_string();
        while !shown.is_empty() && self.width(&format!("{shown}…")) > width {
            shown.pop();
        }
        format!("{}…", shown.trim_end())
    }

    /// `text` broken at spaces into lines no wider than `width` (a word
    /// wider than that gets a line of its own).
    pub fn wrap(&self, text: &str, width: f32) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for word in text.split_whitespace() {
            match lines.last_mut() {
                Some(line) if self.width(&format!("{line} {word}")) <= width => {
                    line.push(' ');
                    line.push_str(word);
                }
                _ => lines.push(word.to_string()),
            }
        }
        lines
    }
}

/// Which edge of a text its x gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// The text starts at x.
    Left,
    /// The text ends at x.
    Right,
}

/// A piece of text on the page: set in `style`, its baseline starting
/// (or ending, when right-aligned) at `at`.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// The words.
    pub text: String,
    /// How they are set.
    pub style: Style,
    /// Baseline point.
    pub at: (f32, f32),
    /// Which edge `at` gives.
    pub align: Align,
}

impl Run {
    /// `text` starting at `at`.
    pub fn left(text: impl Into<String>, style: Style, at: (f32, f32)) -> Run {
        Run {
            text: text.into(),
            style,
            at,
            align: Align::Left,
        }
    }
}

/// A column of a table: the x of its text's left or right edge.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Column {
    /// Left edge (left-aligned) or right edge (right-aligned).
    pub x: f32,
    /// How its cells are aligned.
    pub align: Align,
}

/// A table with a heading row, drawn with a rule under each row.
#[derive(Clone, Debug)]
pub struct Table {
    /// Where each column's text goes.
    pub columns: Vec<Column>,
    /// Each column's heading, in lines.
    pub headings: Vec<Vec<String>>,
    /// The cells, a row at a time.
    pub rows: Vec<Vec<String>>,
    /// How headings are set.
    pub heading_style: Style,
    /// How cells are set.
    pub style: Style,
    /// The first cell of each row heads its row (set in bold).
    pub row_headings: bool,
    /// Height of a row, in points.
    pub row_height: f32,
    /// Left and right ends of the rules.
    pub span: (f32, f32),
}

impl Table {
    /// Height of the heading row.
    fn heading_height(&self) -> f32 {
        let lines = self.headings.iter().map(Vec::len).max().unwrap_or(1);
        lines as f32 * self.heading_style.size * 1.2 + 4.0
    }

    /// Height of the whole table.
    pub fn height(&self) -> f32 {
        self.heading_height() + self.rows.len() as f32 * self.row_height
    }
}

const RULE: Colour = (0xd8, 0xd8, 0xd8);

/// One page being drawn, and the structure of what is on it.
pub struct Sheet<'a, 'b> {
    surface: &'a mut Surface<'b>,
    faces: [Font; 2],
    tree: TagTree,
    /// Headings so far: level, text, y.
    headings: Vec<(u16, String, f32)>,
}

fn paint(colour: Colour) -> rgb::Color {
    rgb::Color::new(colour.0, colour.1, colour.2)
}

impl Sheet<'_, '_> {
    /// Draws `run` marked as `tag`.
    fn draw(&mut self, run: &Run, tag: ContentTag) -> Identifier {
        let x = match run.align {
            Align::Left => run.at.0,
            Align::Right => run.at.0 - run.style.width(&run.text),
        };
        self.surface.set_fill(Some(Fill {
            paint: paint(run.style.colour).into(),
            ..Default::default()
        }));
        let id = self.surface.start_tagged(tag);
        self.surface.draw_text(
            Point::from_xy(x, run.at.1),
            self.faces[usize::from(run.style.bold)].clone(),
            run.style.size,
            &run.text,
            false,
            TextDirection::Auto,
        );
        self.surface.end_tagged();
        id
    }

    /// Draws `run` as one tagged span.
    fn span(&mut self, run: &Run) -> Identifier {
        self.draw(run, ContentTag::Span(SpanTag::empty()))
    }

    /// A group `tag` holding `runs`.
    fn group(&mut self, tag: impl Into<TagKind>, runs: &[Run]) -> TagGroup {
        let mut group = TagGroup::new(tag);
        for run in runs {
            let id = self.span(run);
            group.push(id);
        }
        group
    }

    /// A heading of `level` (1 for the title), also in the document outline.
    pub fn heading(&mut self, level: u16, run: Run) {
        let level = NonZeroU16::new(level.max(1)).expect("at least 1");
        let y = run.at.1 - run.style.size;
        let group = self.group(
            Tag::Hn(level, Some(run.text.clone())),
            std::slice::from_ref(&run),
        );
        self.tree.push(group);
        self.headings.push((level.get(), run.text, y));
    }

    /// A paragraph of `runs`, read in their order.
    pub fn paragraph(&mut self, runs: &[Run]) {
        let group = self.group(Tag::P, runs);
        self.tree.push(group);
    }

    /// A list, one item per entry of `items`.
    pub fn list(&mut self, items: &[Run]) {
        let mut list = TagGroup::new(Tag::L(ListNumbering::None));
        for item in items {
            let body = self.group(Tag::LBody, std::slice::from_ref(item));
            let mut li = TagGroup::new(Tag::LI);
            li.push(body);
            list.push(li);
        }
        self.tree.push(list);
    }

    /// Draws `table` from `top` and returns where it ends.
    pub fn table(&mut self, table: &Table, top: f32) -> f32 {
        let cell = |column: &Column, text: &str, style: Style, y: f32| Run {
            text: text.to_string(),
            style,
            at: (column.x, y),
            align: column.align,
        };
        let mut head_row = TagGroup::new(Tag::TR);
        let line_height = table.heading_style.size * 1.2;
        for (column, lines) in table.columns.iter().zip(&table.headings) {
            let runs: Vec<Run> = lines
                .iter()
                .enumerate()
                .map(|(i, line)| {
                    let y = top + table.heading_style.size + i as f32 * line_height;
                    cell(column, line, table.heading_style, y)
                })
                .collect();
            head_row.push(self.group(Tag::TH(TableHeaderScope::Column), &runs));
        }
        let mut head = TagGroup::new(Tag::THead);
        head.push(head_row);
        let mut y = top + table.heading_height();
        self.rule(table.span, y, RULE, 0.6);
        let mut body = TagGroup::new(Tag::TBody);
        for row in &table.rows {
            let mut tr = TagGroup::new(Tag::TR);
            let baseline = y + table.row_height * 0.68;
            for (i, (column, text)) in table.columns.iter().zip(row).enumerate() {
                let heads = table.row_headings && i == 0;
                let style = Style {
                    bold: table.style.bold || heads,
                    ..table.style
                };
                let run = cell(column, text, style, baseline);
                tr.push(if heads {
                    self.group(Tag::TH(TableHeaderScope::Row), &[run])
                } else {
                    self.group(Tag::TD, &[run])
                });
            }
            body.push(tr);
            y += table.row_height;
            self.rule(table.span, y, RULE, 0.4);
        }
        let mut group = TagGroup::new(Tag::Table);
        group.push(head);
        group.push(body);
        self.tree.push(group);
        y
    }

    /// Draws the SVG `picture` into `rect` (x, y, width, height) as
    /// vectors, its text kept as text, as a figure described by `alt`.
    pub fn figure(
        &mut self,
        picture: &usvg::Tree,
        rect: (f32, f32, f32, f32),
        alt: &str,
    ) -> Result<(), RenderError> {
        let (x, y, w, h) = rect;
        let size = Size::from_wh(w, h).ok_or_else(|| RenderError("an empty figure".into()))?;
        let id = self.surface.start_tagged(ContentTag::Other);
        self.surface
            .push_transform(&Transform::from_translate(x, y));
        let drawn = self.surface.draw_svg(
            picture,
            size,
            SvgSettings {
                embed_text: true,
                ..Default::default()
            },
        );
        self.surface.pop();
        self.surface.end_tagged();
        drawn.ok_or_else(|| RenderError("krilla-svg could not draw the chart".into()))?;
        let bbox = Rect::from_xywh(x, y, w, h).map(|r| BBox::new(0, r));
        let mut figure = TagGroup::new(Tag::Figure(Some(alt.to_string())).with_bbox(bbox));
        figure.push(id);
        self.tree.push(figure);
        Ok(())
    }

    /// A horizontal line from `span.0` to `span.1` at `y`: layout, not content.
    pub fn rule(&mut self, span: (f32, f32), y: f32, colour: Colour, width: f32) {
        let mut path = PathBuilder::new();
        path.move_to(span.0, y);
        path.line_to(span.1, y);
        let Some(path) = path.finish() else {
            return;
        };
        self.surface
            .start_tagged(ContentTag::Artifact(Artifact::with_kind(
                ArtifactType::Layout,
            )));
        self.surface.set_fill(None);
        self.surface.set_stroke(Some(Stroke {
            paint: paint(colour).into(),
            width,
            ..Default::default()
        }));
        self.surface.draw_path(&path);
        self.surface.set_stroke(None);
        self.surface.end_tagged();
    }

    /// A filled rectangle (x, y, width, height): decoration, not content.
    pub fn band(&mut self, rect: (f32, f32, f32, f32), colour: Colour) {
        let Some(r) = Rect::from_xywh(rect.0, rect.1, rect.2, rect.3) else {
            return;
        };
        let mut path = PathBuilder::new();
        path.push_rect(r);
        let Some(path) = path.finish() else {
            return;
        };
        self.surface
            .start_tagged(ContentTag::Artifact(Artifact::with_kind(
                ArtifactType::Layout,
            )));
        self.surface.set_fill(Some(Fill {
            paint: paint(colour).into(),
            ..Default::default()
        }));
        self.surface.draw_path(&path);
        self.surface.end_tagged();
    }

    /// Text that decorates (a brand mark): drawn, but not read out.
    pub fn decoration(&mut self, run: &Run) {
        // An artifact's identifier belongs to no tag group.
        let _ = self.draw(
            run,
            ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)),
        );
    }
}

/// A one-page A4 PDF titled `title` in `lang`, drawn by `draw`.
///
/// The file is checked against PDF/UA-1 as it is written: krilla refuses
/// to finish it if the title, the language, a heading's text, a figure's
/// alt text or the tagging of any content is missing, or if a glyph is.
pub fn a4_page(
    title: &str,
    lang: Lang,
    draw: impl FnOnce(&mut Sheet) -> Result<(), RenderError>,
) -> Result<Vec<u8>, RenderError> {
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(err)?;
    let mut document = Document::new_with(SerializeSettings {
        enable_tagging: true,
        configuration,
        ..Default::default()
    });
    document.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .language(lang.code().to_string())
            .creator("Tiendo".to_string()),
    );
    let face = |bytes: &'static [u8]| {
        Font::new(bytes.into(), 0)
            .ok_or_else(|| RenderError("an embedded font krilla cannot read".into()))
    };
    let faces = [face(fonts::REGULAR)?, face(fonts::BOLD)?];
    let settings =
        PageSettings::from_wh(A4.0, A4.1).ok_or_else(|| RenderError("no A4 page".into()))?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    let mut sheet = Sheet {
        surface: &mut surface,
        faces,
        tree: TagTree::new().with_lang(Some(lang.code().to_string())),
        headings: Vec::new(),
    };
    draw(&mut sheet)?;
    let (tree, headings) = (sheet.tree, sheet.headings);
    surface.finish();
    page.finish();
    document.set_outline(outline(&headings));
    document.set_tag_tree(tree);
    document.finish().map_err(err)
}

/// The parent of each heading of `levels` in the outline: the last one
/// before it of a higher level (a smaller number), if any.
fn parents(levels: &[u16]) -> Vec<Option<usize>> {
    (0..levels.len())
        .map(|i| (0..i).rev().find(|j| levels[*j] < levels[i]))
        .collect()
}

/// The document outline (bookmarks), nested as the headings are.
fn outline(headings: &[(u16, String, f32)]) -> Outline {
    let levels: Vec<u16> = headings.iter().map(|h| h.0).collect();
    let parents = parents(&levels);
    fn entry(i: usize, headings: &[(u16, String, f32)], parents: &[Option<usize>]) -> OutlineNode {
        let (_, text, y) = &headings[i];
        let mut node = OutlineNode::new(
            text.clone(),
            XyzDestination::new(0, Point::from_xy(0.0, y.max(0.0))),
        );
        for child in (0..headings.len()).filter(|c| parents[*c] == Some(i)) {
            node.push_child(entry(child, headings, parents));
        }
        node
    }
    let mut outline = Outline::new();
    for top in (0..headings.len()).filter(|i| parents[*i].is_none()) {
        outline.push_child(entry(top, headings, &parents));
    }
    outline
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: Style = Style {
        size: 10.0,
        bold: false,
        colour: (0, 0, 0),
    };

    #[test]
    fn long_text_is_cut_with_an_ellipsis_or_wrapped_at_spaces() {
        assert_eq!(BODY.fit("Huế", 100.0), "Huế");
        let cut = BODY.fit("Thành phố Hồ Chí Minh", 60.0);
        assert!(cut.ends_with('…') && BODY.width(&cut) <= 60.0, "{cut}");
        assert!(cut.starts_with("Thành"), "{cut}");
        let lines = BODY.wrap("Dự kiến hoàn thành", 50.0);
        assert_eq!(lines, ["Dự kiến", "hoàn", "thành"]);
        assert!(lines.iter().all(|l| BODY.width(l) <= 50.0));
        assert_eq!(BODY.wrap("Lũy kế", 500.0), ["Lũy kế"]);
        assert_eq!(
            BODY.wrap("Ngày", 1.0),
            ["Ngày"],
            "a word longer than the line"
        );
    }

    #[test]
    fn each_heading_sits_under_the_last_one_of_a_higher_level() {
        assert_eq!(
            parents(&[1, 2, 2, 3, 2]),
            [None, Some(0), Some(0), Some(2), Some(0)]
        );
        assert_eq!(parents(&[2, 1, 2]), [None, None, Some(1)]);
    }

    #[test]
    fn a_tagged_page_with_a_heading_a_table_and_a_figure_passes_pdf_ua() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="#eef5fb"/><text x="10" y="50" font-family="DejaVu Sans" font-size="14">Thừa Thiên Huế</text></svg>"##;
        let picture = crate::render::svg::tree(svg).unwrap();
        let pdf = a4_page("Bản tin", Lang::Vi, |sheet| {
            let bold = Style { bold: true, ..BODY };
            sheet.heading(1, Run::left("Bản tin tiến độ", bold, (40.0, 60.0)));
            sheet.paragraph(&[Run::left("Số liệu mô phỏng", BODY, (40.0, 80.0))]);
            let columns = [
                Column {
                    x: 40.0,
                    align: Align::Left,
                },
                Column {
                    x: 200.0,
                    align: Align::Right,
                },
            ];
            sheet.table(
                &Table {
                    columns: columns.to_vec(),
                    headings: vec![vec!["Khâu".into()], vec!["Lũy kế".into()]],
                    rows: vec![vec!["Thu nhận hồ sơ".into(), "1.234".into()]],
                    heading_style: bold,
                    style: BODY,
                    row_headings: true,
                    row_height: 14.0,
                    span: (40.0, 200.0),
                },
                90.0,
            );
            sheet.heading(2, Run::left("Biểu đồ", bold, (40.0, 150.0)));
            sheet.figure(&picture, (40.0, 160.0, 200.0, 100.0), "Một biểu đồ")?;
            sheet.list(&[Run::left("Huế ▲2 → 5", BODY, (40.0, 280.0))]);
            sheet.decoration(&Run::left("Tiendo", bold, (40.0, 300.0)));
            Ok(())
        })
        .unwrap();
        // Written at all means PDF/UA-1 found nothing missing (poppler reads
        // the structure back in the HTTP tests).
        assert!(pdf.starts_with(b"%PDF-1.7"));
    }
}
