//! Report files: the template offered for download (pre-filled with the
//! sender's communes) and uploads read back into lines. CSV as Excel writes
//! it in Vietnam (UTF-8 with or without a byte-order mark, `;` or `,`
//! between fields) and XLSX; a column is known by its header, in Vietnamese
//! or English, in any order.

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use tiendo_core::intake::{At, Problem, ProblemKind, RawLine};
use tiendo_core::search::fold;
use tiendo_core::{Lang, Stage, format};

#[cfg(test)]
use crate::render::tables::Dialect;
use crate::render::tables::{Cell, Table};

/// The columns of a report file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Unit,
    Name,
    Date,
    Count(Stage),
}

/// The template's headings in `lang`.
fn headings(lang: Lang) -> Vec<String> {
    let mut h = match lang {
        Lang::Vi => vec!["Mã đơn vị", "Tên đơn vị", "Ngày (dd/mm/yyyy)"],
        Lang::En => vec!["Unit code", "Unit name", "Date (dd/mm/yyyy)"],
    }
    .into_iter()
    .map(str::to_string)
    .collect::<Vec<_>>();
    h.extend(Stage::ALL.map(|s| s.label(lang).to_string()));
    h
}

/// The column a heading names, in either language (case, accents and the
/// "(dd/mm/yyyy)" hint do not matter).
fn column(heading: &str) -> Option<Column> {
    let folded = fold(heading.split('(').next().unwrap_or(heading));
    let folded = folded.trim();
    match folded {
        "ma don vi" | "ma" | "unit code" | "unit" | "code" => Some(Column::Unit),
        "ten don vi" | "ten" | "unit name" | "name" => Some(Column::Name),
        "ngay" | "date" | "day" => Some(Column::Date),
        _ => Stage::ALL.into_iter().find_map(|s| {
            [
                fold(s.label(Lang::Vi)),
                fold(s.label(Lang::En)),
                s.slug().replace('_', " "),
            ]
            .iter()
            .any(|name| name.trim() == folded)
            .then_some(Column::Count(s))
        }),
    }
}

/// The template: one row per commune with its code and name, the day to
/// report, and empty counts.
pub fn template(communes: &[(String, String)], day: NaiveDate, lang: Lang) -> Table {
    Table {
        title: match lang {
            Lang::Vi => format!("Mẫu báo cáo số liệu ngày {}", format::date(day)),
            Lang::En => format!("Report template for {}", format::date(day)),
        },
        sheet: match lang {
            Lang::Vi => "Báo cáo",
            Lang::En => "Report",
        },
        headers: headings(lang),
        rows: communes
            .iter()
            .map(|(code, name)| {
                vec![
                    Cell::Code(code.clone()),
                    Cell::Text(name.clone()),
                    Cell::Text(format::date(day)),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                ]
            })
            .collect(),
        stem: format!("mau-bao-cao-{day}"),
        source: match lang {
            Lang::Vi => "Điền số của ngày vào các cột trống; giữ nguyên mã đơn vị và dòng tiêu đề.",
            Lang::En => "Fill in the day's counts in the empty columns; keep the unit codes and the heading row.",
        }
        .to_string(),
    }
}

fn unreadable(reason: impl Into<String>) -> Vec<Problem> {
    vec![Problem {
        at: At::Row(1),
        field: "file".into(),
        kind: ProblemKind::Unreadable {
            reason: reason.into(),
        },
    }]
}

/// Lines from rows of text cells, the first being the header.
fn lines_of(rows: Vec<(usize, Vec<String>)>) -> Result<Vec<RawLine>, Vec<Problem>> {
    let mut rows = rows.into_iter();
    let Some((header_row, header)) = rows.next() else {
        return Err(unreadable("empty"));
    };
    let mut columns = Vec::new();
    let mut problems = Vec::new();
    for h in &header {
        match column(h) {
            Some(c) => columns.push(Some(c)),
            None if h.trim().is_empty() => columns.push(None),
            None => problems.push(Problem {
                at: At::Row(header_row),
                field: "file".into(),
                kind: ProblemKind::UnknownColumn {
                    name: h.trim().to_string(),
                },
            }),
        }
    }
    for (needed, field) in [(Column::Unit, "unit"), (Column::Date, "date")] {
        if !columns.contains(&Some(needed)) {
            problems.push(Problem {
                at: At::Row(header_row),
                field: field.into(),
                kind: ProblemKind::MissingColumn,
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(rows
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(row, cells)| {
            let cell = |c: Column| {
                columns
                    .iter()
                    .position(|x| *x == Some(c))
                    .and_then(|i| cells.get(i))
                    .map_or(String::new(), |v| v.trim().to_string())
            };
            RawLine {
                at: At::Row(row),
                unit: commune_code(&cell(Column::Unit)),
                date: cell(Column::Date),
                counts: Stage::ALL
                    .into_iter()
                    .filter(|s| columns.contains(&Some(Column::Count(*s))))
                    .map(|s| (s, cell(Column::Count(s))))
                    .collect(),
            }
        })
        .collect())
}

/// A commune code as typed: a spreadsheet that took "00001" for a number
/// shows "1", so a numeric code shorter than five digits gets its zeros back.
fn commune_code(code: &str) -> String {
    if !code.is_empty() && code.len() < 5 && code.bytes().all(|b| b.is_ascii_digit()) {
        format!("{code:0>5}")
    } else {
        code.to_string()
    }
}

/// Reads a CSV upload.
pub fn read_csv(bytes: &[u8]) -> Result<Vec<RawLine>, Vec<Problem>> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|_| unreadable("not UTF-8 text (save it as CSV UTF-8)"))?;
    let first = text.lines().next().unwrap_or("");
    // Excel in Vietnam separates fields with ';' (',' is the decimal comma).
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| unreadable(format!("row {}: {e}", i + 1)))?;
        rows.push((i + 1, record.iter().map(unwrap_text_formula).collect()));
    }
    lines_of(rows)
}

/// A field as a person reads it: `="00001"`, how our template keeps a code's
/// zeros in a spreadsheet, is the code.
fn unwrap_text_formula(field: &str) -> String {
    field
        .strip_prefix("=\"")
        .and_then(|f| f.strip_suffix('"'))
        .unwrap_or(field)
        .to_string()
}

/// Reads an XLSX upload: the first sheet.
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<RawLine>, Vec<Problem>> {
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes))
        .map_err(|e| unreadable(format!("not an XLSX workbook ({e})")))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable("no worksheet"))?
        .map_err(|e| unreadable(e.to_string()))?;
    let start = range.start().map_or(0, |(row, _)| row as usize);
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| (start + i + 1, cells.iter().map(cell_text).collect()))
        // The template's title row above the header.
        .skip_while(|(_, cells): &(usize, Vec<String>)| {
            !cells.iter().any(|c| column(c) == Some(Column::Unit))
        })
        .collect();
    lines_of(rows)
}

/// A spreadsheet cell as the text a person would read in it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => {
            // Excel counts days from 30/12/1899.
            let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid date");
            let day = epoch + chrono::Duration::days(d.as_f64().floor() as i64);
            format::date(day)
        }
        Data::Error(e) => format!("{e:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_as_excel_writes_it_in_vietnam() {
        let file = "\u{feff}Mã đơn vị;Tên đơn vị;Ngày (dd/mm/yyyy);Thu nhận hồ sơ;Sản xuất thẻ;Trả thẻ\n\
                    1;Phúc Xá;01/06/2021;120;;35\n\
                    ;;;;;\n\
                    00004;Trúc Bạch;01/06/2021;1.234;;\n";
        let lines = read_csv(file.as_bytes()).unwrap();
        assert_eq!(lines.len(), 2, "the empty row is skipped");
        assert_eq!(lines[0].at, At::Row(2));
        assert_eq!(lines[0].unit, "00001", "zeros restored");
        assert_eq!(lines[0].counts[0], (Stage::Applications, "120".to_string()));
        assert_eq!(lines[0].counts[2], (Stage::Delivered, "35".to_string()));
        assert_eq!(lines[1].at, At::Row(4));
        assert_eq!(lines[1].counts[0].1, "1.234");
    }

    #[test]
    fn english_headers_commas_and_any_order() {
        let file = "date,unit,applications\n2021-06-01,00001,5\n";
        let lines = read_csv(file.as_bytes()).unwrap();
        assert_eq!(lines[0].unit, "00001");
        assert_eq!(lines[0].date, "2021-06-01");
        assert_eq!(
            lines[0].counts,
            vec![(Stage::Applications, "5".to_string())]
        );
    }

    #[test]
    fn a_bad_header_is_named() {
        let problems = read_csv("Mã đơn vị;Số lượng\n1;2\n".as_bytes()).unwrap_err();
        let messages: Vec<String> = problems.iter().map(|p| p.message(Lang::Vi)).collect();
        assert_eq!(
            messages[0],
            "Dòng 1, tệp: cột 'Số lượng' không có trong mẫu"
        );
        assert_eq!(messages[1], "Dòng 1, ngày: thiếu cột này (xem tệp mẫu)");
        assert!(read_csv(&[0xff, 0xfe, 0x00]).is_err());
        assert!(read_xlsx(b"not a zip").is_err());
    }

    #[test]
    fn the_template_reads_back_as_lines() {
        let table = template(
            &[
                ("00001".into(), "Phúc Xá".into()),
                ("00004".into(), "Trúc Bạch".into()),
            ],
            NaiveDate::from_ymd_opt(2021, 6, 1).unwrap(),
            Lang::Vi,
        );
        let xlsx = crate::render::tables::xlsx_bytes(&table).unwrap();
        let lines = read_xlsx(&xlsx).unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].unit, "00004");
        assert_eq!(lines[1].date, "01/06/2021");
        assert_eq!(
            lines[1].at,
            At::Row(5),
            "title row, hint row, header row, then the communes"
        );
        let csv = crate::render::tables::csv_bytes(&table, Dialect::SpreadsheetVi).unwrap();
        let lines = read_csv(&csv).unwrap();
        assert_eq!(lines[0].unit, "00001");
    }
}
