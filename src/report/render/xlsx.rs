//! The report's tables as a spreadsheet workbook (`.xlsx`): the title and header on the first
//! sheet, then one sheet a section, amounts as numbers with a number format in the report's
//! scale.
//!
//! A spreadsheet stores numbers as binary floating point. Amounts are written as whole units of
//! the report's scale (or with its decimals), which a double holds exactly up to 2^53; money is
//! computed in decimals before, never in floats.

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook, Worksheet};

use super::RenderOptions;
use super::document::{Block, Table, blocks};
use crate::report::Report;

/// Why a workbook could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot write the workbook: {0}")]
pub struct XlsxError(String);

impl From<rust_xlsxwriter::XlsxError> for XlsxError {
    fn from(err: rust_xlsxwriter::XlsxError) -> XlsxError {
        XlsxError(err.to_string())
    }
}

/// The report as an `.xlsx` workbook.
///
/// ```
/// use styrmodell::{ReportKind, ReportingCalendar, Year, demo, report::{Narratives, ReportInputs, ReportRequest, render}};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let (ledger, model, projects) = (demo::ledger()?, demo::steering_model()?, demo::investment_projects()?);
/// let calendar = ReportingCalendar::typical(Year::new(2022)?);
/// let narratives = Narratives::default();
/// let inputs = ReportInputs { ledger: &ledger, model: &model, projects: &projects, calendar: &calendar,
///     narratives: &narratives, comparison: None, planning: None, statutory: None };
/// let report = ReportRequest::new(ReportKind::Interim, "2022-08".parse()?).build(&inputs)?;
/// let bytes = render::xlsx(&report, &render::RenderOptions::default())?;
/// assert!(bytes.starts_with(b"PK"), "a zip archive");
/// # Ok(())
/// # }
/// ```
///
/// # Errors
/// [`XlsxError`] when the workbook cannot be assembled.
pub fn xlsx(report: &Report, options: &RenderOptions) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let decimals = usize::try_from(options.amounts.decimals).unwrap_or(0);
    let pattern = if decimals == 0 {
        "#,##0".to_owned()
    } else {
        format!("#,##0.{}", "0".repeat(decimals))
    };
    let number = Format::new().set_num_format(pattern);
    let mut names: Vec<String> = Vec::new();
    let mut sheet = workbook.add_worksheet();
    let first = if options.lang == super::Lang::Sv {
        "Rapport"
    } else {
        "Report"
    };
    sheet.set_name(sheet_name(first, &mut names))?;
    let mut row: u32 = 0;
    for block in blocks(report, options) {
        match block {
            Block::Heading(2, title) => {
                sheet.set_column_width(0, 48)?;
                sheet = workbook.add_worksheet();
                sheet.set_name(sheet_name(&title, &mut names))?;
                row = 0;
                sheet.write_string_with_format(row, 0, &title, &bold)?;
                row = row.saturating_add(2);
            }
            Block::Heading(_, title) => {
                sheet.write_string_with_format(row, 0, &title, &bold)?;
                row = row.saturating_add(1);
            }
            Block::Text(text) => {
                sheet.write_string(row, 0, &text)?;
                row = row.saturating_add(2);
            }
            Block::List(items) => {
                for item in items {
                    sheet.write_string(row, 0, &item)?;
                    row = row.saturating_add(1);
                }
                row = row.saturating_add(1);
            }
            Block::Trace { title, body } => {
                sheet.write_string_with_format(row, 0, &title, &bold)?;
                row = row.saturating_add(1);
                for line in body.lines() {
                    sheet.write_string(row, 0, line)?;
                    row = row.saturating_add(1);
                }
                row = row.saturating_add(1);
            }
            Block::Table(table) => {
                row = write_table(sheet, row, &table, &bold, &number)?;
            }
            // The charts' figures are in the tables beside them.
            Block::Bars { .. } | Block::Lines { .. } => {}
        }
    }
    sheet.set_column_width(0, 48)?;
    Ok(workbook.save_to_buffer()?)
}

/// Writes `table` from `row` on; returns the row after it and a blank line.
fn write_table(
    sheet: &mut Worksheet,
    row: u32,
    table: &Table,
    bold: &Format,
    number: &Format,
) -> Result<u32, XlsxError> {
    for (col, head) in (0u16..).zip(&table.head) {
        sheet.write_string_with_format(row, col, head.as_ref(), bold)?;
    }
    let mut row = row.saturating_add(1);
    for cells in &table.rows {
        for (col, cell) in (0u16..).zip(cells) {
            match cell.number.and_then(|n| n.to_f64()) {
                Some(value) => sheet.write_number_with_format(row, col, value, number)?,
                None => sheet.write_string(row, col, &cell.text)?,
            };
        }
        row = row.saturating_add(1);
    }
    Ok(row.saturating_add(1))
}

/// A worksheet name from a heading: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_name(title: &str, taken: &mut Vec<String>) -> String {
    let clean: String = title
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(28)
        .collect();
    let mut name = clean.clone();
    let mut n = 2u32;
    while taken.contains(&name) {
        name = format!("{clean} {n}");
        n = n.saturating_add(1);
    }
    taken.push(name.clone());
    name
}
