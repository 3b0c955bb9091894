//! A report published as a spreadsheet: one worksheet holding the document
//! in reading order, as offices lay it out in Excel or WPS — each paragraph
//! in a cell of the first column, one row after another, and the tables
//! below their headings with their merged cells (`merge_range`) and numbers
//! stored as numbers, marks and blanks as they are printed.

use rust_xlsxwriter::{Format as CellFormat, FormatAlign, FormatBorder, Workbook, XlsxError};

use crate::grid::{Grid, Slot};
use crate::narrative::Block;

/// The cell's content as stored: an integer or decimal as a number (the
/// way a spreadsheet holds what people type), anything else as text.
fn number(text: &str) -> Option<f64> {
    let t = text.trim();
    let plain = !t.is_empty()
        && t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        && !t.starts_with('.')
        && !t.ends_with('.')
        && t.matches('.').count() <= 1
        && !t[1.min(t.len())..].contains('-')
        // Keep "0.50" or "007" as text: a number would print differently.
        && !(t.contains('.') && t.ends_with('0'))
        && !(t.len() > 1 && t.starts_with('0') && !t.starts_with("0."))
        && !(t.starts_with("-0") && t.len() > 2 && !t.starts_with("-0."));
    if !plain || t == "-" {
        return None;
    }
    t.parse().ok()
}

fn write_table(
    sheet: &mut rust_xlsxwriter::Worksheet,
    g: &Grid,
    top: u32,
    cell: &CellFormat,
) -> Result<(), XlsxError> {
    for (r, row) in g.rows.iter().enumerate() {
        let mut col = 0usize;
        for slot in row {
            let span = slot.colspan();
            if let Slot::Cell(c) = slot {
                let (r0, c0) = (top + r as u32, col as u16);
                let (r1, c1) = (r0 + c.rowspan as u32 - 1, c0 + span as u16 - 1);
                if r1 > r0 || c1 > c0 {
                    sheet.merge_range(r0, c0, r1, c1, "", cell)?;
                }
                match number(&c.text).filter(|_| c.value) {
                    Some(n) => sheet.write_number_with_format(r0, c0, n, cell)?,
                    None if c.text.is_empty() => sheet.write_blank(r0, c0, cell)?,
                    None => sheet.write_string_with_format(r0, c0, &c.text, cell)?,
                };
            }
            col += span;
        }
    }
    Ok(())
}

fn book(doc: &[Block]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let cell = CellFormat::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let title = CellFormat::new().set_bold().set_font_size(16);
    let sheet = wb.add_worksheet();
    sheet.set_name("年度报告")?;
    sheet.set_column_width(0, 30)?;
    let mut row = 0u32;
    for block in doc {
        match block {
            Block::Title(t) => {
                sheet.write_string_with_format(row, 0, t, &title)?;
                row += 1;
            }
            Block::Para(p) | Block::Right(p) => {
                sheet.write_string(row, 0, p)?;
                row += 1;
            }
            Block::Gap => {}
            Block::Table(g) => {
                write_table(sheet, g, row, &cell)?;
                row += g.rows.len() as u32;
            }
        }
    }
    wb.save_to_buffer()
}

/// The XLSX file (empty if the workbook cannot be written, which only a
/// document beyond the format's limits would cause).
pub(crate) fn document(doc: &[Block]) -> Vec<u8> {
    book(doc).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn numbers_as_people_type_them() {
        assert_eq!(number("217"), Some(217.0));
        assert_eq!(number("-3"), Some(-3.0));
        assert_eq!(number("12.5"), Some(12.5));
        assert_eq!(number("0"), Some(0.0));
        for text in ["", "/", "-", "—", "0.50", "007", "1-2", "12.", ".5", "无"] {
            assert_eq!(number(text), None, "{text}");
        }
    }
}
