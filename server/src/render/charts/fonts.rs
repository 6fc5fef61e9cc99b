//! The typeface of every chart, embedded in the binary.
//!
//! Bitmaps (PNG, PDF) are drawn with DejaVu Sans from `data/fonts`, so a
//! chart looks the same on any server and never shows a missing-glyph box.
//! Downloaded SVGs carry the same glyphs as outlines (`outline.rs`); the
//! pages' SVG keeps text as text and names the same family first.

use std::sync::Once;

use ab_glyph::{Font, FontRef};
use plotters::style::{FontDesc, FontFamily, FontStyle};

static REGULAR: &[u8] = include_bytes!("../../../../data/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../../data/fonts/DejaVuSans-Bold.ttf");

/// The family every chart's text uses; in SVG it is the CSS font list.
pub const SANS: &str = "DejaVu Sans, Noto Sans, Arial, sans-serif";
/// The bold face, a family of its own for bitmaps: plotters' glyph
/// renderer looks fonts up by name only.
const SANS_BOLD: &str = "DejaVu Sans Bold";

/// Makes the embedded fonts known to plotters; cheap after the first call.
pub fn register() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        for (name, bytes) in [(SANS, REGULAR), (SANS_BOLD, BOLD)] {
            if plotters::style::register_font(name, FontStyle::Normal, bytes).is_err() {
                panic!("the embedded font {name} is a valid TrueType file");
            }
        }
    });
}

/// Whether text is drawn into a bitmap (glyphs from the embedded font) or
/// written as SVG text (the viewer draws it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ink {
    /// Glyphs are drawn by the server.
    Bitmap,
    /// Text stays text.
    Vector,
}

impl Ink {
    /// A regular font of `size` pixels.
    pub fn regular(self, size: f64) -> FontDesc<'static> {
        FontDesc::new(FontFamily::Name(SANS), size, FontStyle::Normal)
    }

    /// A bold font of `size` pixels.
    pub fn bold(self, size: f64) -> FontDesc<'static> {
        match self {
            Ink::Bitmap => FontDesc::new(FontFamily::Name(SANS_BOLD), size, FontStyle::Normal),
            // SVG: the same family, with font-weight="bold".
            Ink::Vector => FontDesc::new(FontFamily::Name(SANS), size, FontStyle::Bold),
        }
    }
}

/// The embedded faces, regular and bold, for reading glyphs directly.
pub fn faces() -> [FontRef<'static>; 2] {
    [REGULAR, BOLD]
        .map(|bytes| FontRef::try_from_slice(bytes).expect("the embedded fonts are valid"))
}

/// The characters of `text` that the embedded fonts cannot draw (spaces aside).
pub fn missing_glyphs(text: &str) -> Vec<char> {
    let fonts = faces();
    text.chars()
        .filter(|c| !c.is_whitespace())
        .filter(|c| fonts.iter().any(|f| f.glyph_id(*c).0 == 0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_fonts_draw_the_whole_vietnamese_alphabet() {
        let names = "Thừa Thiên Huế Đắk Nông Bà Rịa – Vũng Tàu Hòa Bình Khánh Hòa";
        assert_eq!(missing_glyphs(names), Vec::<char>::new());
        // Every lower- and upper-case vowel with each of the five tones, and đ/Đ.
        let alphabet = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ";
        let upper: String = alphabet.to_uppercase();
        assert_eq!(missing_glyphs(alphabet), Vec::<char>::new());
        assert_eq!(missing_glyphs(&upper), Vec::<char>::new());
        assert_eq!(missing_glyphs("·–×≥≤▲▼%"), Vec::<char>::new());
        // The check itself can fail: a script the font lacks is reported.
        assert_eq!(missing_glyphs("Đà Nẵng 河内"), vec!['河', '内']);
    }
}
