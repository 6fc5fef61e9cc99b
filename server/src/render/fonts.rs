//! The typeface of every chart and of the briefing PDF, embedded in the binary.
//!
//! DejaVu Sans from `data/fonts`, so a file looks the same on any server and
//! never shows a missing-glyph box: plotters measures text with it, usvg lays
//! it out for PNG and PDF, SVG downloads carry a subset of it ([`font_face_css`]),
//! and the pages' SVG names the same family first.

use std::sync::{Arc, LazyLock, Once};

use ab_glyph::{Font, FontRef};
use plotters::style::{FontDesc, FontFamily, FontStyle};
use unicode_normalization::UnicodeNormalization;

use super::{RenderError, err};

/// DejaVu Sans.
pub static REGULAR: &[u8] = include_bytes!("../../../data/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold.
pub static BOLD: &[u8] = include_bytes!("../../../data/fonts/DejaVuSans-Bold.ttf");

/// The family every chart's text uses; in SVG it is the CSS font list.
pub const SANS: &str = "DejaVu Sans, Noto Sans, Arial, sans-serif";

/// Makes the embedded faces known to plotters, which measures text with
/// them (legend boxes, label areas); cheap after the first call.
pub fn register() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        for (style, bytes) in [(FontStyle::Normal, REGULAR), (FontStyle::Bold, BOLD)] {
            if plotters::style::register_font(SANS, style, bytes).is_err() {
                panic!("the embedded font is a valid TrueType file");
            }
        }
    });
}

/// The regular face at `size` pixels, for plotters.
pub fn regular(size: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(SANS), size, FontStyle::Normal)
}

/// The bold face at `size` pixels, for plotters (SVG `font-weight="bold"`).
pub fn bold(size: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(SANS), size, FontStyle::Bold)
}

/// The embedded faces, regular and bold, for reading glyphs and widths directly.
pub fn faces() -> &'static [FontRef<'static>; 2] {
    static FACES: LazyLock<[FontRef<'static>; 2]> = LazyLock::new(|| {
        [REGULAR, BOLD]
            .map(|bytes| FontRef::try_from_slice(bytes).expect("the embedded fonts are valid"))
    });
    &FACES
}

/// The width of `text` set in the regular or `bold` face at `size` (the
/// em, in any unit), with the font's kerning: for laying text out where
/// the drawing library does not measure it (the PDF).
pub fn text_width(text: &str, bold: bool, size: f32) -> f32 {
    let face = &faces()[usize::from(bold)];
    let per_unit = size / face.units_per_em().unwrap_or(2048.0);
    let mut width = 0.0;
    let mut previous = None;
    for c in text.nfc() {
        let id = face.glyph_id(c);
        if let Some(p) = previous {
            width += face.kern_unscaled(p, id);
        }
        width += face.h_advance_unscaled(id);
        previous = Some(id);
    }
    width * per_unit
}

/// The fonts usvg lays SVG text out with: the embedded faces only, never
/// the server's, so PNG and PDF come out the same on every machine.
pub fn database() -> Arc<usvg::fontdb::Database> {
    static DATABASE: LazyLock<Arc<usvg::fontdb::Database>> = LazyLock::new(|| {
        let mut db = usvg::fontdb::Database::new();
        for bytes in [REGULAR, BOLD] {
            db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(bytes)));
        }
        db.set_sans_serif_family("DejaVu Sans");
        Arc::new(db)
    });
    DATABASE.clone()
}

/// The characters of `text` that the embedded fonts cannot draw (spaces aside).
pub fn missing_glyphs(text: &str) -> Vec<char> {
    let fonts = faces();
    text.chars()
        .filter(|c| !c.is_whitespace())
        .filter(|c| fonts.iter().any(|f| f.glyph_id(*c).0 == 0))
        .collect()
}

/// A TrueType subset of `face` (one of the embedded fonts) with the glyphs
/// of `text` and a real character map, for a web font.
///
/// skera (the fontations port of hb-subset) rather than subsetter, krilla's
/// subsetter: subsetter drops the cmap on purpose (PDF fonts do not need
/// one), and a browser cannot map characters to glyphs without it.
pub fn subset(face: &[u8], text: &str) -> Result<Vec<u8>, RenderError> {
    use read_fonts::collections::IntSet;
    use read_fonts::types::{GlyphId, NameId, Tag};
    use skera::{DEFAULT_LAYOUT_FEATURES, Plan, SubsetFlags, subset_font};
    let font = read_fonts::FontRef::new(face).map_err(err)?;
    let mut unicodes = IntSet::<u32>::empty();
    unicodes.extend(text.nfc().map(u32::from));
    let mut scripts = IntSet::<Tag>::empty();
    scripts.invert();
    let mut features = IntSet::<Tag>::empty();
    features.extend(DEFAULT_LAYOUT_FEATURES.iter().copied());
    // Names, and the copyright and licence that must travel with the font.
    let mut names = IntSet::<NameId>::empty();
    names.insert_range(NameId::from(0)..=NameId::from(6));
    names.insert(NameId::from(13));
    names.insert(NameId::from(14));
    let mut languages = IntSet::<u16>::empty();
    languages.insert(0x0409);
    let plan = Plan::new(
        &IntSet::<GlyphId>::empty(),
        &unicodes,
        &font,
        // Browsers anti-alias without hints; the subset is a third smaller.
        SubsetFlags::SUBSET_FLAGS_NO_HINTING,
        &IntSet::<Tag>::empty(),
        &scripts,
        &features,
        &names,
        &languages,
    );
    subset_font(&font, &plan).map_err(err)
}

/// CSS `@font-face` rules carrying, as data URIs, the subset of the regular
/// face that `regular_text` needs and of the bold face that `bold_text`
/// needs, under the family name the charts use first ("DejaVu Sans").
///
/// The real name rather than one of our own: a browser uses the subset,
/// and an editor that ignores embedded fonts (desktop design software
/// may) finds an installed DejaVu Sans, or the next family in the list.
pub fn font_face_css(regular_text: &str, bold_text: &str) -> Result<String, RenderError> {
    use base64::Engine as _;
    let mut css = String::new();
    for (face, weight, text) in [(REGULAR, "normal", regular_text), (BOLD, "bold", bold_text)] {
        if text.trim().is_empty() {
            continue;
        }
        let data = base64::engine::general_purpose::STANDARD.encode(subset(face, text)?);
        css.push_str(&format!(
            "@font-face{{font-family:\"DejaVu Sans\";font-weight:{weight};\
             src:url(data:font/ttf;base64,{data}) format(\"truetype\")}}"
        ));
    }
    Ok(css)
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

    #[test]
    fn text_is_as_wide_as_its_advances() {
        // DejaVu Sans: "H" advances 1540 units of 2048, "i" 569.
        assert!((text_width("H", false, 2048.0) - 1540.0).abs() < 0.01);
        assert!((text_width("Hi", false, 20.48) - 21.09).abs() < 0.01);
        assert!(text_width("Huế", true, 10.0) > text_width("Huế", false, 10.0));
        // Decomposed marks measure as the precomposed letter.
        assert_eq!(
            text_width("Hue\u{0302}\u{0301}", false, 10.0),
            text_width("Huế", false, 10.0)
        );
    }

    #[test]
    fn a_subset_maps_the_characters_it_keeps_and_no_others() {
        let kept = subset(REGULAR, "Quảng Bình 12,5%").unwrap();
        assert!(kept.len() < REGULAR.len() / 20, "{} bytes", kept.len());
        let font = FontRef::try_from_slice(&kept).unwrap();
        for c in "Quảng Bình 12,5%".chars() {
            assert_ne!(font.glyph_id(c).0, 0, "{c} is kept");
        }
        // Decomposed input is kept as the precomposed letters text uses.
        let nfd = subset(REGULAR, "Hue\u{0302}\u{0301}").unwrap();
        assert_ne!(FontRef::try_from_slice(&nfd).unwrap().glyph_id('ế').0, 0);
        assert_eq!(
            font.glyph_id('Đ').0,
            0,
            "what was not asked for is not kept"
        );
    }
}
