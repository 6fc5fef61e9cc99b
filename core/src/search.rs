//! Finding units by name or code, with or without Vietnamese diacritics:
//! "ha dong", "Hà Đông" and "HA ĐONG" all find "Hà Đông".

use unicode_normalization::UnicodeNormalization;

/// `s` as a URL or file-name part: "Đồng bằng sông Hồng" → "dong-bang-song-hong".
pub fn slug(s: &str) -> String {
    fold(s).replace(' ', "-")
}

/// `s` in lower case without diacritics, with runs of spaces, hyphens and
/// punctuation collapsed to one space: the form names are compared in.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    // NFD splits "ộ" into "o" + two combining marks, which are dropped; đ has
    // no decomposition and is mapped by hand.
    for c in s.nfd() {
        let c = match c {
            'đ' | 'Đ' => 'd',
            '\u{0300}'..='\u{036f}' => continue,
            c => c,
        };
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// Names people use for a unit besides its own, folded: the city everyone
/// still calls Sài Gòn, and the initials in daily use.
pub fn aliases(code: &str) -> &'static [&'static str] {
    match code {
        "79" => &["hcm", "tp hcm", "tphcm", "sai gon", "saigon", "sg"],
        "01" => &["hn", "tp ha noi"],
        "48" => &["tp da nang"],
        "77" => &["brvt", "vung tau"],
        "46" => &["hue"],
        _ => &[],
    }
}

/// How well a unit matches a query; larger is better, `None` is no match.
///
/// `query` and `name` are both [`fold`]ed. A code matches by prefix; a name
/// matches when every word of the query starts a word of the name, in order
/// ("ha d" matches "ha dong"), or, failing that, when the name contains a
/// query of 3 letters or more.
pub fn match_score(query: &str, name: &str, code: &str) -> Option<u32> {
    if query.is_empty() {
        return None;
    }
    if query.bytes().all(|b| b.is_ascii_digit()) {
        return if code == query {
            Some(100)
        } else {
            code.starts_with(query).then_some(60)
        };
    }
    if name == query {
        return Some(90);
    }
    if name.starts_with(query) && name[query.len()..].starts_with(' ') {
        return Some(80);
    }
    if words_in_order(query, name) {
        return Some(if name.starts_with(query) { 75 } else { 70 });
    }
    // Inside words only from 3 letters: "ha" would match half the country.
    (query.len() >= 3 && name.contains(query)).then_some(40)
}

fn words_in_order(query: &str, name: &str) -> bool {
    let mut words = name.split(' ');
    query
        .split(' ')
        .all(|q| words.by_ref().any(|w| w.starts_with(q)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_diacritics_and_case() {
        assert_eq!(fold("Hà Đông"), "ha dong");
        assert_eq!(fold("Thừa Thiên Huế"), "thua thien hue");
        assert_eq!(fold("Đắk Nông"), "dak nong");
        assert_eq!(fold("  Bà Rịa - Vũng Tàu "), "ba ria vung tau");
        assert_eq!(fold("Quận 1"), "quan 1");
        // Precomposed and decomposed input fold the same.
        assert_eq!(fold("Ho\u{0300}a"), fold("Hòa"));
    }

    #[test]
    fn with_or_without_diacritics_finds_the_same_unit() {
        let name = fold("Hà Đông");
        for q in ["ha dong", "Hà Đông", "HA ĐONG", "hà dong", "ha  dong"] {
            assert_eq!(match_score(&fold(q), &name, "268"), Some(90), "{q}");
        }
        assert!(match_score(&fold("ha d"), &name, "268").is_some());
        assert_eq!(match_score(&fold("hai duong"), &name, "268"), None);
    }

    #[test]
    fn better_matches_score_higher() {
        let q = fold("ha");
        let exact = match_score(&q, &fold("Hà"), "1").unwrap();
        let first_word = match_score(&q, &fold("Hà Nội"), "01").unwrap();
        let later_word = match_score(&q, &fold("Thanh Hà"), "2").unwrap();
        let inside = match_score(&q, &fold("Khánh Hòa"), "56");
        assert!(exact > first_word && first_word > later_word);
        assert_eq!(inside, None, "'ha' is too short to match inside 'khanh'");
        assert_eq!(
            match_score(&fold("anh h"), &fold("Khánh Hòa"), "56"),
            Some(40)
        );
    }

    #[test]
    fn codes_match_exactly_or_by_prefix() {
        assert_eq!(match_score("268", "ha dong", "268"), Some(100));
        assert_eq!(match_score("26", "ha dong", "268"), Some(60));
        assert_eq!(match_score("27", "ha dong", "268"), None);
        assert_eq!(match_score("", "ha dong", "268"), None);
    }
}
