//! Parsing user input (URL parameters, form fields) into domain values, with
//! errors that name the field.

use chrono::NaiveDate;

/// A parameter that could not be used, and why, in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    /// The parameter or field name, e.g. `date`.
    pub field: String,
    /// What is wrong, in English (the API's language).
    pub message: String,
    /// What is wrong, in Vietnamese.
    pub vi: String,
}

impl ParamError {
    /// An error for `field`: what is wrong in English and in Vietnamese.
    pub fn new(field: impl Into<String>, en: impl Into<String>, vi: impl Into<String>) -> Self {
        ParamError {
            field: field.into(),
            message: en.into(),
            vi: vi.into(),
        }
    }

    /// "field: what is wrong", in `lang` (the field keeps its name: it is
    /// what the address or the form says).
    pub fn text(&self, lang: crate::Lang) -> String {
        let message = match lang {
            crate::Lang::Vi => &self.vi,
            crate::Lang::En => &self.message,
        };
        format!("{}: {message}", self.field)
    }
}

impl std::fmt::Display for ParamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ParamError {}

/// Parses a `YYYY-MM-DD` date; `field` names the parameter in the error.
pub fn parse_date(field: &str, value: &str) -> Result<NaiveDate, ParamError> {
    // Read by hand, not with chrono's format parser: every line of a
    // national batch (31,797) comes through here.
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let day = match value.trim().as_bytes() {
        [y @ .., b'-', m1, m2, b'-', d1, d2] if y.len() == 4 => {
            match (number(y), number(&[*m1, *m2]), number(&[*d1, *d2])) {
                (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d),
                _ => None,
            }
        }
        _ => None,
    };
    match day {
        Some(d) => Ok(d),
        None => Err(ParamError::new(
            field,
            format!("expected a date as YYYY-MM-DD, got '{value}'"),
            format!("cần một ngày dạng YYYY-MM-DD, nhận được '{value}'"),
        )),
    }
}

/// A day as a person types it: `dd/mm/yyyy` (one-digit day and month, and
/// `.` or `-` between, accepted) or `YYYY-MM-DD`; `None` unless complete and real.
pub fn parse_typed_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(d) = parse_date("", text) {
        return Some(d);
    }
    let parts: Vec<&str> = text.split(['/', '.', '-']).collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    NaiveDate::from_ymd_opt(
        number(year, 4..=4)? as i32,
        number(month, 1..=2)?,
        number(day, 1..=2)?,
    )
}

/// Why a typed day cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayError {
    /// Not a complete, real date.
    Malformed,
    /// A date outside the days with data.
    OutOfRange,
}

/// The day typed in a date field, if complete, real and within `[first, last]`.
pub fn typed_day_in(text: &str, first: NaiveDate, last: NaiveDate) -> Result<NaiveDate, DayError> {
    let day = parse_typed_day(text).ok_or(DayError::Malformed)?;
    if day < first || day > last {
        return Err(DayError::OutOfRange);
    }
    Ok(day)
}

/// The one of `all` whose `slug` is `value`; the error, for parameter
/// `field`, names the `kind` of value and lists the allowed slugs.
pub fn parse_slug<T: Copy>(
    field: &str,
    value: &str,
    kind: &str,
    all: &[T],
    slug: impl Fn(T) -> &'static str,
) -> Result<T, ParamError> {
    all.iter()
        .copied()
        .find(|t| slug(*t) == value)
        .ok_or_else(|| {
            let allowed = all.iter().map(|t| slug(*t)).collect::<Vec<_>>().join(", ");
            ParamError::new(
                field,
                format!("unknown {kind} '{value}' (allowed: {allowed})"),
                format!("không có giá trị '{value}' (dùng một trong: {allowed})"),
            )
        })
}

/// Checks that `day` lies within `[first, last]`, the days that have data.
pub fn check_in_range(
    field: &str,
    day: NaiveDate,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<NaiveDate, ParamError> {
    if day < first || day > last {
        let d = crate::format::date;
        return Err(ParamError::new(
            field,
            format!("{day} is outside the days with data, {first} to {last}"),
            format!(
                "ngày {} nằm ngoài các ngày có số liệu, từ {} đến {}",
                d(day),
                d(first),
                d(last)
            ),
        ));
    }
    Ok(day)
}

/// Percent-encodes a URL query key or value (UTF-8); unreserved characters
/// and commas (lists such as `stage=applications,produced`) stay readable.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_speaks_the_page_s_language_and_keeps_the_field_s_name() {
        let e = parse_date("date", "2021-02-30").unwrap_err();
        assert_eq!(
            e.to_string(),
            "date: expected a date as YYYY-MM-DD, got '2021-02-30'"
        );
        assert_eq!(e.text(crate::Lang::En), e.to_string());
        assert_eq!(
            e.text(crate::Lang::Vi),
            "date: cần một ngày dạng YYYY-MM-DD, nhận được '2021-02-30'"
        );
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let out = check_in_range(
            "from",
            day("2021-08-01"),
            day("2021-03-01"),
            day("2021-07-31"),
        );
        assert_eq!(
            out.unwrap_err().text(crate::Lang::Vi),
            "from: ngày 01/08/2021 nằm ngoài các ngày có số liệu, từ 01/03/2021 đến 31/07/2021"
        );
    }

    #[test]
    fn dates_parse_strictly_and_errors_name_the_field() {
        assert_eq!(
            parse_date("date", "2021-06-01").unwrap(),
            NaiveDate::from_ymd_opt(2021, 6, 1).unwrap()
        );
        for bad in [
            "2021-13-01",
            "2021-6-1",
            "01/06/2021",
            "",
            "2021-02-30",
            "yesterday",
            "+021-06-01",
            "2021-06-1x",
            "20210-06-01",
        ] {
            let e = parse_date("date", bad).unwrap_err();
            assert_eq!(e.field, "date");
            assert!(
                e.to_string()
                    .starts_with("date: expected a date as YYYY-MM-DD"),
                "{e}"
            );
        }
    }

    #[test]
    fn typed_days_are_read_as_people_write_them() {
        let d = |s| parse_date("date", s).unwrap();
        assert_eq!(parse_typed_day("01/06/2021"), Some(d("2021-06-01")));
        assert_eq!(parse_typed_day(" 1/6/2021 "), Some(d("2021-06-01")));
        assert_eq!(parse_typed_day("15.06.2021"), Some(d("2021-06-15")));
        assert_eq!(parse_typed_day("2021-06-15"), Some(d("2021-06-15")));
        // What typing key by key passes through is never a day.
        for partial in [
            "0",
            "01",
            "01/0",
            "01/06/2",
            "01/06/202",
            "31/02/2021",
            "0002-06-15x",
            "1/6/21",
        ] {
            assert_eq!(parse_typed_day(partial), None, "{partial}");
        }
        let (first, last) = (d("2021-03-01"), d("2021-12-31"));
        assert_eq!(typed_day_in("01/06/2021", first, last), Ok(d("2021-06-01")));
        assert_eq!(
            typed_day_in("15/06/0002", first, last),
            Err(DayError::OutOfRange)
        );
        assert_eq!(typed_day_in("15/06", first, last), Err(DayError::Malformed));
    }

    #[test]
    fn range_check() {
        let d = |s| parse_date("date", s).unwrap();
        assert!(check_in_range("date", d("2021-03-01"), d("2021-03-01"), d("2021-12-31")).is_ok());
        let e =
            check_in_range("date", d("2022-01-01"), d("2021-03-01"), d("2021-12-31")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "date: 2022-01-01 is outside the days with data, 2021-03-01 to 2021-12-31"
        );
    }
}
