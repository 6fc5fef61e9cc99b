//! Tables written as files a spreadsheet opens correctly: CSV (UTF-8 with a
//! byte-order mark, so Excel shows Vietnamese) and XLSX (typed numbers and
//! dates, the title above a frozen header row).

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use tiendo_core::params::{ParamError, parse_slug};

/// One cell of a table.
pub enum Cell {
    /// Text.
    Text(String),
    /// A code whose leading zeros matter ("01", "00001"): text to every
    /// reader, never a number.
    Code(String),
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
    /// Where the figures come from and as of when, "Số liệu mô phỏng" on
    /// simulated ones: the second title row in XLSX, the last column in CSV.
    pub source: String,
}

/// A table could not be written (a bug: the input is always well formed).
#[derive(Debug, thiserror::Error)]
#[error("writing the table failed: {0}")]
pub struct TableError(String);

fn fail<E: std::fmt::Display>(e: E) -> TableError {
    TableError(e.to_string())
}

/// How a CSV file writes its fields (README, "Read API": `dialect=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// For programs: ',' between fields, '.' for decimals, codes as they are.
    Plain,
    /// For a spreadsheet set to Vietnamese (Excel in Vietnam, LibreOffice
    /// vi-VN): ';' between fields, ',' for decimals, and codes written
    /// `="01"` so the spreadsheet keeps them as text with their zeros
    /// (a quoted "01" is still read as the number 1).
    SpreadsheetVi,
}

impl Dialect {
    /// Every dialect.
    const ALL: [Dialect; 2] = [Dialect::Plain, Dialect::SpreadsheetVi];

    /// The name in URLs (`dialect=`).
    pub fn slug(self) -> &'static str {
        match self {
            Dialect::Plain => "plain",
            Dialect::SpreadsheetVi => "excel-vi",
        }
    }

    /// Reads the `dialect` parameter (absent: plain); the error names it.
    pub fn parse(value: Option<&str>) -> Result<Dialect, ParamError> {
        value.map_or(Ok(Dialect::Plain), |v| {
            parse_slug("dialect", v, "dialect", &Dialect::ALL, Dialect::slug)
        })
    }

    /// What the file name carries after its stem ("" for the default).
    pub fn suffix(self) -> &'static str {
        match self {
            Dialect::Plain => "",
            Dialect::SpreadsheetVi => "-excel",
        }
    }
}

/// CSV: UTF-8 with a byte-order mark; numbers without thousands separators
/// and ISO dates, which spreadsheets read as such; separators and codes as
/// `dialect` says.
pub fn csv_bytes(table: &Table, dialect: Dialect) -> Result<Vec<u8>, TableError> {
    let delimiter = match dialect {
        Dialect::Plain => b',',
        Dialect::SpreadsheetVi => b';',
    };
    let mut out = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    out.write_record(&table.headers).map_err(fail)?;
    for row in &table.rows {
        out.write_record(row.iter().map(|cell| match (cell, dialect) {
            (Cell::Text(s), _) | (Cell::Code(s), Dialect::Plain) => s.clone(),
            (Cell::Code(s), Dialect::SpreadsheetVi) => format!("=\"{s}\""),
            (Cell::Int(n), _) => n.to_string(),
            (Cell::Num(v, decimals), Dialect::Plain) => format!("{v:.decimals$}"),
            (Cell::Num(v, decimals), Dialect::SpreadsheetVi) => {
                format!("{v:.decimals$}").replace('.', ",")
            }
            (Cell::Date(d), _) => d.to_string(),
            (Cell::Empty, _) => String::new(),
        }))
        .map_err(fail)?;
    }
    let mut body = "\u{feff}".as_bytes().to_vec();
    body.extend(out.into_inner().map_err(|e| fail(e.into_error()))?);
    Ok(body)
}

/// The row of column headings in XLSX (0-based), under the title and source.
const HEADER_ROW: u32 = 2;
/// Excel's paper size code for A4.
const A4: u8 = 9;

/// A column as wide as its heading or its widest cell (in characters), so
/// nothing runs into the next column, within bounds a page can hold.
fn column_width(table: &Table, c: usize) -> f64 {
    let cell_chars = |cell: &Cell| match cell {
        Cell::Text(s) | Cell::Code(s) => s.chars().count(),
        // Thousands separators and decimals, as the formats show them.
        Cell::Int(n) => n.to_string().len() * 4 / 3 + 1,
        Cell::Num(v, _) => format!("{v:.1}").len() * 4 / 3 + 1,
        Cell::Date(_) => 10,
        Cell::Empty => 0,
    };
    let widest = table
        .rows
        .iter()
        .filter_map(|r| r.get(c))
        .map(cell_chars)
        .chain(table.headers.get(c).map(|h| h.chars().count()))
        .max()
        .unwrap_or(0);
    (widest + 2).clamp(8, 60) as f64
}

/// XLSX: the title (with the as-of day) on row 1, the source on row 2, the
/// header on row 3, frozen and repeated on every printed page; numbers and
/// dates typed; columns as wide as their contents; A4 landscape, fitted to
/// the width.
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
    let source_format = Format::new().set_italic().set_font_color(0xB3261E);
    sheet
        .write_string_with_format(1, 0, &table.source, &source_format)
        .map_err(fail)?;
    for (c, header) in table.headers.iter().enumerate() {
        sheet
            .write_string_with_format(HEADER_ROW, c as u16, header, &bold)
            .map_err(fail)?;
        sheet
            .set_column_width(c as u16, column_width(table, c))
            .map_err(fail)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0).map_err(fail)?;
    sheet.set_landscape();
    sheet.set_paper_size(A4);
    sheet.set_print_fit_to_pages(1, 0);
    sheet
        .set_repeat_rows(HEADER_ROW, HEADER_ROW)
        .map_err(fail)?;
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + HEADER_ROW + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) | Cell::Code(s) => sheet.write_string(r, c, s).map(|_| ()),
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
