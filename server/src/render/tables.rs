//! Tables written as files a spreadsheet opens correctly: CSV (UTF-8 with a
//! byte-order mark, so Excel shows Vietnamese) and XLSX (typed numbers and
//! dates, the title above a frozen header row).

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// One cell of a table.
pub enum Cell {
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A number shown with this many decimals.
    Num(f64, usize),
    /// A day.
    Date(NaiveDate),
    /// Nothing.
    Empty,
}

/// A table ready to be written in any format.
pub struct Table {
    /// What it is, with the as-of day: the line above the header in XLSX.
    pub title: String,
    /// Worksheet name (at most 31 characters).
    pub sheet: &'static str,
    /// Column headings.
    pub headers: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
    /// File name without extension.
    pub stem: String,
}

/// A table could not be written (a bug: the input is always well formed).
#[derive(Debug, thiserror::Error)]
#[error("writing the table failed: {0}")]
pub struct TableError(String);

fn fail<E: std::fmt::Display>(e: E) -> TableError {
    TableError(e.to_string())
}

/// CSV: UTF-8 with a byte-order mark; plain numbers ('.' for decimals, no
/// thousands separators) and ISO dates, which spreadsheets read as such;
/// fields separated by `delimiter`.
pub fn csv_bytes(table: &Table, delimiter: u8) -> Result<Vec<u8>, TableError> {
    let mut out = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    out.write_record(&table.headers).map_err(fail)?;
    for row in &table.rows {
        out.write_record(row.iter().map(|cell| match cell {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Num(v, decimals) => format!("{v:.decimals$}"),
            Cell::Date(d) => d.to_string(),
            Cell::Empty => String::new(),
        }))
        .map_err(fail)?;
    }
    let mut body = "\u{feff}".as_bytes().to_vec();
    body.extend(out.into_inner().map_err(|e| fail(e.into_error()))?);
    Ok(body)
}

/// XLSX: the title (with the as-of day) on row 1, the header on row 2,
/// frozen; numbers and dates typed.
pub fn xlsx_bytes(table: &Table) -> Result<Vec<u8>, TableError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(table.sheet).map_err(fail)?;
    let bold = Format::new().set_bold();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let int_format = Format::new().set_num_format("#,##0");
    let decimal_format = Format::new().set_num_format("#,##0.0");
    sheet
        .write_string_with_format(0, 0, &table.title, &bold)
        .map_err(fail)?;
    for (c, header) in table.headers.iter().enumerate() {
        sheet
            .write_string_with_format(1, c as u16, header, &bold)
            .map_err(fail)?;
        sheet
            .set_column_width(c as u16, (header.chars().count() + 2).max(12) as f64)
            .map_err(fail)?;
    }
    sheet.set_freeze_panes(2, 0).map_err(fail)?;
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 2;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) => sheet.write_string(r, c, s).map(|_| ()),
                Cell::Int(n) => sheet
                    .write_number_with_format(r, c, *n as f64, &int_format)
                    .map(|_| ()),
                Cell::Num(v, _) => sheet
                    .write_number_with_format(r, c, *v, &decimal_format)
                    .map(|_| ()),
                Cell::Date(d) => {
                    let day =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                            .map_err(fail)?;
                    sheet
                        .write_datetime_with_format(r, c, &day, &date_format)
                        .map(|_| ())
                }
                Cell::Empty => Ok(()),
            }
            .map_err(fail)?;
        }
    }
    book.save_to_buffer().map_err(fail)
}
