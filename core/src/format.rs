//! Numbers and dates the way Vietnamese (and English) readers write them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The UI language: Vietnamese first, English second.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Tiếng Việt: 50.000.000; 96,5%; 01/06/2021.
    #[default]
    Vi,
    /// English: 50,000,000; 96.5%; 01/06/2021.
    En,
}

impl Lang {
    /// Parses the `lang` URL parameter; anything but "en" is Vietnamese.
    pub fn from_param(s: Option<&str>) -> Lang {
        match s {
            Some("en") => Lang::En,
            _ => Lang::Vi,
        }
    }

    /// Parses the `field` parameter strictly: `vi` or `en` (for files and the API,
    /// where a typo must not silently give the other language).
    pub fn parse(field: &str, value: &str) -> Result<Lang, crate::params::ParamError> {
        match value {
            "vi" => Ok(Lang::Vi),
            "en" => Ok(Lang::En),
            other => Err(crate::params::ParamError::new(
                field,
                format!("expected vi or en, got '{other}'"),
                format!("cần vi hoặc en, nhận được '{other}'"),
            )),
        }
    }

    /// The `lang` URL parameter / HTML `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    fn separators(self) -> (char, char) {
        // (thousands, decimal)
        match self {
            Lang::Vi => ('.', ','),
            Lang::En => (',', '.'),
        }
    }
}

/// A whole number with thousands separators: 50.000.000 (vi), 50,000,000 (en).
pub fn int(n: u64, lang: Lang) -> String {
    group(&n.to_string(), lang.separators().0)
}

/// A signed whole number with separators, "+" for gains: +1.234, −56.
pub fn signed_int(n: i64, lang: Lang) -> String {
    let body = int(n.unsigned_abs(), lang);
    match n.signum() {
        1 => format!("+{body}"),
        -1 => format!("−{body}"),
        _ => body,
    }
}

/// A decimal with `decimals` places and separators: 1.234,5 (vi), 1,234.5 (en).
pub fn decimal(x: f64, decimals: usize, lang: Lang) -> String {
    let (thousands, point) = lang.separators();
    let text = format!("{:.*}", decimals, x.abs());
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    let sign = if x < 0.0 && text.chars().any(|c| ('1'..='9').contains(&c)) {
        "−"
    } else {
        ""
    };
    let whole = group(whole, thousands);
    if frac.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}{point}{frac}")
    }
}

/// A percentage with one decimal: 96,5% (vi), 96.5% (en).
pub fn percent(x: f64, lang: Lang) -> String {
    format!("{}%", decimal(x, 1, lang))
}

/// A count in millions for chart axes, spelled out as a publication writes
/// it: "50 triệu" (vi), "50 million" (en).
pub fn millions(n: f64, lang: Lang) -> String {
    let m = n / 1_000_000.0;
    let decimals = if m != 0.0 && m.abs() < 10.0 && m.fract().abs() > 1e-9 {
        1
    } else {
        0
    };
    match lang {
        Lang::Vi => format!("{} triệu", decimal(m, decimals, lang)),
        Lang::En => format!("{} million", decimal(m, decimals, lang)),
    }
}

/// A date as dd/mm/yyyy, the form both languages use in Vietnam.
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// An RFC 3339 timestamp in Vietnam's time (UTC+7): "23/11/2026 21:30 (UTC+7)".
/// Text that is not a timestamp is returned as it is.
pub fn timestamp_vn(rfc3339: &str) -> String {
    let vietnam = chrono::FixedOffset::east_opt(7 * 3600).expect("valid offset");
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| {
            t.with_timezone(&vietnam)
                .format("%d/%m/%Y %H:%M (UTC+7)")
                .to_string()
        })
        .unwrap_or_else(|_| rfc3339.to_string())
}

/// A short date for chart axes: dd/mm.
pub fn short_date(d: NaiveDate) -> String {
    d.format("%d/%m").to_string()
}

fn group(digits: &str, sep: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_and_english_numbers() {
        assert_eq!(int(50_000_000, Lang::Vi), "50.000.000");
        assert_eq!(int(50_000_000, Lang::En), "50,000,000");
        assert_eq!(int(999, Lang::Vi), "999");
        assert_eq!(int(0, Lang::Vi), "0");
        assert_eq!(int(1_000, Lang::Vi), "1.000");
        assert_eq!(decimal(1234.56, 1, Lang::Vi), "1.234,6");
        assert_eq!(decimal(1234.56, 1, Lang::En), "1,234.6");
        assert_eq!(decimal(-0.01, 1, Lang::Vi), "0,0");
        assert_eq!(decimal(-12.0, 0, Lang::Vi), "−12");
        assert_eq!(percent(96.54, Lang::Vi), "96,5%");
        assert_eq!(signed_int(1234, Lang::Vi), "+1.234");
        assert_eq!(signed_int(-56, Lang::En), "−56");
        assert_eq!(millions(50_000_000.0, Lang::Vi), "50 triệu");
        assert_eq!(millions(2_500_000.0, Lang::En), "2.5 million");
    }

    #[test]
    fn dates_are_day_month_year() {
        let d = NaiveDate::from_ymd_opt(2021, 6, 1).unwrap();
        assert_eq!(date(d), "01/06/2021");
        assert_eq!(short_date(d), "01/06");
        assert_eq!(
            timestamp_vn("2026-11-23T14:30:50Z"),
            "23/11/2026 21:30 (UTC+7)"
        );
        assert_eq!(timestamp_vn("garbage"), "garbage");
    }

    #[test]
    fn lang_param_defaults_to_vietnamese() {
        assert_eq!(Lang::from_param(None), Lang::Vi);
        assert_eq!(Lang::from_param(Some("xx")), Lang::Vi);
        assert_eq!(Lang::from_param(Some("en")), Lang::En);
    }
}
