//! A one-page PDF holding one picture: how the daily briefing is downloaded.
//!
//! Written by hand (a PDF of one image is six objects) rather than through a
//! PDF library: the page is drawn by the same plotters code as every chart.

use std::fmt::Write as _;

/// An A4 portrait page, in PDF points (1/72 inch).
pub const A4_PORTRAIT_PT: (f64, f64) = (595.28, 841.89);

/// A PDF of one `page_pt` page covered by an RGB picture of `width`×`height`
/// pixels (`rgb` holds 3 bytes per pixel, rows top to bottom), titled `title`.
pub fn single_image_pdf(
    rgb: &[u8],
    width: u32,
    height: u32,
    page_pt: (f64, f64),
    title: &str,
) -> Vec<u8> {
    debug_assert_eq!(rgb.len(), width as usize * height as usize * 3);
    let image = miniz_oxide::deflate::compress_to_vec_zlib(rgb, 6);
    let (pw, ph) = page_pt;
    let content = format!("q {pw:.2} 0 0 {ph:.2} 0 0 cm /Im0 Do Q\n");
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    let mut object = |out: &mut Vec<u8>, head: String, stream: Option<&[u8]>| {
        offsets.push(out.len());
        let n = offsets.len();
        out.extend(format!("{n} 0 obj\n{head}\n").as_bytes());
        if let Some(bytes) = stream {
            out.extend(b"stream\n");
            out.extend(bytes);
            out.extend(b"\nendstream\n");
        }
        out.extend(b"endobj\n");
    };
    object(&mut out, "<< /Type /Catalog /Pages 2 0 R >>".into(), None);
    object(
        &mut out,
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        None,
    );
    object(
        &mut out,
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.2} {ph:.2}] \
             /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>"
        ),
        None,
    );
    object(
        &mut out,
        format!(
            "<< /Type /XObject /Subtype /Image /Width {width} /Height {height} \
             /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length {} >>",
            image.len()
        ),
        Some(&image),
    );
    object(
        &mut out,
        format!("<< /Length {} >>", content.len()),
        Some(content.as_bytes()),
    );
    object(
        &mut out,
        format!("<< /Title {} /Producer (Tiendo) >>", text_string(title)),
        None,
    );
    let xref = out.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1);
    for offset in &offsets {
        let _ = writeln!(table, "{offset:010} 00000 n ");
    }
    let _ = write!(
        table,
        "trailer\n<< /Size {} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        offsets.len() + 1
    );
    out.extend(table.as_bytes());
    out
}

/// A PDF text string in UTF-16 (hex), which carries Vietnamese.
fn text_string(s: &str) -> String {
    let mut hex = String::from("<FEFF");
    for unit in s.encode_utf16() {
        let _ = write!(hex, "{unit:04X}");
    }
    hex.push('>');
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(hay: &[u8], needle: &str) -> usize {
        hay.windows(needle.len())
            .position(|w| w == needle.as_bytes())
            .unwrap_or_else(|| panic!("{needle} not found"))
    }

    /// The ASCII text of `pdf` from byte `at` to the next newline.
    fn line_at(pdf: &[u8], at: usize) -> String {
        let end = pdf[at..].iter().position(|b| *b == b'\n').unwrap() + at;
        String::from_utf8(pdf[at..end].to_vec()).unwrap()
    }

    #[test]
    fn the_cross_reference_table_points_at_each_object() {
        let (w, h) = (4, 2);
        let pdf = single_image_pdf(
            &vec![200u8; w * h * 3],
            w as u32,
            h as u32,
            A4_PORTRAIT_PT,
            "Bản tin",
        );
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        // Byte offsets, on the bytes: the image stream is binary.
        let tail = pdf.len() - 40;
        let startxref = find(&pdf[tail..], "startxref\n") + tail + "startxref\n".len();
        let xref: usize = line_at(&pdf, startxref).parse().unwrap();
        assert_eq!(line_at(&pdf, xref), "xref");
        let mut at = xref + "xref\n0 7\n".len();
        assert_eq!(line_at(&pdf, at), "0000000000 65535 f ");
        for n in 1..=6 {
            at += 20;
            let offset: usize = line_at(&pdf, at)[..10].parse().unwrap();
            assert_eq!(line_at(&pdf, offset), format!("{n} 0 obj"));
        }
        // The title is UTF-16: "Bản" keeps its ả (U+1EA3).
        find(&pdf, "/Title <FEFF00421EA3006E0020");
        // The picture inflates back to its pixels.
        let head = find(&pdf, "/Filter /FlateDecode /Length ");
        let length_at = head + "/Filter /FlateDecode /Length ".len();
        let length: usize = line_at(&pdf, length_at)
            .trim_end_matches(" >>")
            .parse()
            .unwrap();
        let data = find(&pdf[head..], "stream\n") + head + "stream\n".len();
        let pixels =
            miniz_oxide::inflate::decompress_to_vec_zlib(&pdf[data..data + length]).unwrap();
        assert_eq!(pixels, vec![200u8; w * h * 3]);
    }
}
