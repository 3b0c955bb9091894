//! Spreadsheets (XLSX / XLSB, XLS and WPS ET, ODS) → [`Document`], through
//! calamine.
//!
//! Each visible worksheet becomes its name on a line of its own followed by
//! a grid rendered like an HTML table (see [`crate::render`]): merged
//! regions give their first cell a colspan/rowspan and the covered cells are
//! not emitted; empty rows and trailing empty columns are left out. Numbers
//! are printed as a person reads them: integers without `.0`, decimals to
//! 15 significant digits (`7730.28`), dates as `2024-01-31`. A formula
//! without a cached result (files written by some tools are saved that
//! way) stays an empty cell, with a warning: a number is never computed or
//! invented.
//!
//! The ZIP of an XLSX/ODS file is checked for bombs before calamine reads
//! it; a sheet with more cells than [`Limits::max_table_cells`] is cut.

use std::io::Cursor;

use calamine::{Data, Dimensions, Range, Reader, SheetType, SheetVisible, Sheets};

use crate::render::{CellStart, Sink};
use crate::{docx, Document, Format, IngestError, Limits};

/// Formula cells without a result named in the warning, at most.
const MAX_NAMED_FORMULAS: usize = 3;

/// Read a workbook of the given format.
pub fn read_workbook(
    bytes: &[u8],
    format: Format,
    limits: &Limits,
) -> Result<Document, IngestError> {
    let what = match format {
        Format::Xls => "XLS",
        Format::Ods => "ODS",
        _ => "XLSX",
    };
    if matches!(format, Format::Xlsx | Format::Ods) {
        check_zip(bytes, what)?;
    }
    let opened = std::panic::catch_unwind(|| open(bytes, format));
    let mut book = match opened {
        Ok(r) => r.map_err(|e| book_error(&e, what))?,
        Err(_) => return Err(corrupt(what, "无法解析工作簿".into())),
    };
    let mut sink = Sink::new(limits.max_table_cells, bytes.len());
    let mut warnings = Vec::new();
    let sheets: Vec<calamine::Sheet> = book.sheets_metadata().to_vec();
    for sheet in sheets {
        if sheet.typ != SheetType::WorkSheet {
            continue;
        }
        if sheet.visible != SheetVisible::Visible {
            warnings.push(format!("已跳过隐藏的工作表「{}」", sheet.name));
            continue;
        }
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            read_sheet(&mut book, &sheet.name)
        }));
        let (range, formulas, merges) = match read {
            Ok(Ok(parts)) => parts,
            Ok(Err(e)) => {
                if matches!(book_error(&e, what), IngestError::Encrypted) {
                    return Err(IngestError::Encrypted);
                }
                warnings.push(format!("工作表「{}」无法读取：{e}", sheet.name));
                continue;
            }
            Err(_) => {
                warnings.push(format!("工作表「{}」无法读取", sheet.name));
                continue;
            }
        };
        render_sheet(
            &mut sink,
            &mut warnings,
            &sheet.name,
            &range,
            formulas.as_ref(),
            &merges,
        );
    }
    let (text, blocks, mut render_warnings) = sink.finish();
    warnings.append(&mut render_warnings);
    let mut doc = Document::new(text, blocks, format, "UTF-8");
    doc.warnings = warnings;
    Ok(doc)
}

type Book<'b> = Sheets<Cursor<&'b [u8]>>;

fn open(bytes: &[u8], format: Format) -> Result<Book<'_>, calamine::Error> {
    let cursor = Cursor::new(bytes);
    Ok(match format {
        Format::Xls => Sheets::Xls(calamine::Xls::new(cursor)?),
        Format::Ods => Sheets::Ods(calamine::Ods::new(cursor)?),
        _ => {
            let binary = zip::ZipArchive::new(Cursor::new(bytes))
                .is_ok_and(|z| z.index_for_name("xl/workbook.bin").is_some());
            if binary {
                Sheets::Xlsb(calamine::Xlsb::new(cursor)?)
            } else {
                Sheets::Xlsx(calamine::Xlsx::new(cursor)?)
            }
        }
    })
}

type SheetParts = (Range<Data>, Option<Range<String>>, Vec<Dimensions>);

fn read_sheet(book: &mut Book<'_>, name: &str) -> Result<SheetParts, calamine::Error> {
    let range = book.worksheet_range(name)?;
    let formulas = book.worksheet_formula(name).ok();
    let merges = match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    };
    Ok((range, formulas, merges))
}

fn corrupt(what: &str, detail: String) -> IngestError {
    IngestError::Corrupt {
        what: what.to_string(),
        detail,
    }
}

fn book_error(e: &calamine::Error, what: &str) -> IngestError {
    let msg = e.to_string();
    if msg.to_ascii_lowercase().contains("password") || msg.contains("encrypt") {
        IngestError::Encrypted
    } else {
        corrupt(what, msg)
    }
}

/// Decompress every entry (counting only) to refuse ZIP bombs before
/// calamine reads the file.
fn check_zip(bytes: &[u8], what: &str) -> Result<(), IngestError> {
    let mut zip = docx::open_zip(bytes, what)?;
    let mut budget = docx::Budget::new();
    for i in 0..zip.len() {
        budget.copy(&mut zip, i, what, None)?;
    }
    Ok(())
}

/// Whether a cell position is covered by a merged region.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Free,
    /// The first cell of a region: (rowspan, colspan) in sheet cells.
    Origin(u32, u32),
    Covered,
}

fn render_sheet(
    sink: &mut Sink,
    warnings: &mut Vec<String>,
    name: &str,
    range: &Range<Data>,
    formulas: Option<&Range<String>>,
    merges: &[Dimensions],
) {
    let (Some((r0, c0)), Some((r1, c1))) = (range.start(), range.end()) else {
        return;
    };
    let width = (c1 - c0 + 1) as usize;
    let mut height = (r1 - r0 + 1) as usize;
    // Bound the work on absurd sheets by the document's cell limit.
    let room = sink.cells_left().max(width);
    if width.saturating_mul(height) > room {
        height = (room / width).max(1);
        warnings.push(format!(
            "工作表「{name}」的单元格过多，只读取了前 {height} 行"
        ));
    }
    let r_end = r0 + height as u32 - 1;
    // Merged regions on a dense map of the kept area.
    let mut slots = vec![Slot::Free; width * height];
    let mut work = 0usize;
    for m in merges {
        let (mr0, mc0) = m.start;
        let (mr1, mc1) = m.end;
        if mr1 < mr0 || mc1 < mc0 || mr0 > r_end || mc0 > c1 || mr0 < r0 || mc0 < c0 {
            continue;
        }
        let (mr1, mc1) = (mr1.min(r_end), mc1.min(c1));
        let idx = |r: u32, c: u32| (r - r0) as usize * width + (c - c0) as usize;
        if slots[idx(mr0, mc0)] != Slot::Free {
            continue;
        }
        let area = ((mr1 - mr0 + 1) as usize) * ((mc1 - mc0 + 1) as usize);
        work += area;
        if work > 4 * slots.len() + 1024 {
            warnings.push(format!("工作表「{name}」的合并单元格过多，部分合并已忽略"));
            break;
        }
        for r in mr0..=mr1 {
            for c in mc0..=mc1 {
                slots[idx(r, c)] = Slot::Covered;
            }
        }
        slots[idx(mr0, mc0)] = Slot::Origin(mr1 - mr0 + 1, mc1 - mc0 + 1);
    }
    // Cell texts, and formulas that have no cached result.
    let mut texts: Vec<String> = vec![String::new(); width * height];
    let mut missing: Vec<String> = Vec::new();
    let mut missing_count = 0usize;
    let mut has_formula = vec![false; width * height];
    for (i, text) in texts.iter_mut().enumerate() {
        let (r, c) = (r0 + (i / width) as u32, c0 + (i % width) as u32);
        let value = range.get_value((r, c)).unwrap_or(&Data::Empty);
        *text = cell_text(value);
        if matches!(value, Data::Empty) {
            let formula = formulas
                .and_then(|f| f.get_value((r, c)))
                .filter(|f| !f.trim().is_empty());
            if let Some(f) = formula {
                has_formula[i] = true;
                missing_count += 1;
                if missing.len() < MAX_NAMED_FORMULAS {
                    missing.push(format!("{}{} ={f}", column_name(c), r + 1));
                }
            }
        }
    }
    if missing_count > 0 {
        warnings.push(format!(
            "工作表「{name}」有 {missing_count} 个公式单元格没有保存计算结果（如 {}），已留空；请在 Excel/WPS 中打开并保存后再读取",
            missing.join("、")
        ));
    }
    // Rows with content, and the last column with content.
    let content =
        |i: usize| !texts[i].is_empty() || has_formula[i] || matches!(slots[i], Slot::Origin(..));
    let kept: Vec<bool> = (0..height)
        .map(|r| (0..width).any(|c| content(r * width + c)))
        .collect();
    let Some(last_col) = (0..width)
        .rev()
        .find(|&c| (0..height).any(|r| content(r * width + c)))
    else {
        return;
    };
    // Row index among kept rows, for rowspans.
    let mut kept_before = vec![0usize; height + 1];
    for r in 0..height {
        kept_before[r + 1] = kept_before[r] + usize::from(kept[r]);
    }
    let row_width = row_widths(height, width, last_col, &kept, &content, &slots);
    sink.push_text(name, false);
    sink.newline();
    sink.begin_table(kept_before[height]);
    for r in (0..height).filter(|&r| kept[r]) {
        sink.begin_row();
        let row_last = row_width[r];
        for c in 0..=row_last {
            let i = r * width + c;
            let (colspan, rowspan) = match slots[i] {
                Slot::Covered => continue,
                Slot::Free => (1, 1),
                Slot::Origin(rs, cs) => {
                    let rows_end = (r + rs as usize).min(height);
                    let cols = (cs as usize).min(last_col + 1 - c);
                    (cols, (kept_before[rows_end] - kept_before[r]).max(1))
                }
            };
            match sink.begin_cell(colspan, Some(rowspan)) {
                CellStart::Started => {
                    sink.push_text(&texts[i], false);
                    sink.end_cell();
                }
                CellStart::Capped => break,
                CellStart::NoRow => {}
            }
        }
        sink.end_row();
        if sink.cells_exhausted() {
            break;
        }
    }
    sink.end_table();
}

/// Where each row ends. A sheet often holds several tables of different
/// widths (and paragraphs in its first column) one below the other; the
/// empty cells to the right of a narrower table only fill the sheet's used
/// range and are not cells of that table. A row reaches as far as its own
/// content or any merged region over it; a run of such rows is one table,
/// as wide as its widest row. A row with content in its first column only
/// belongs to the table around it when the rows above and below belong to
/// one table of the same width (a table row whose values are all blank);
/// otherwise it is a paragraph and ends at its first cell.
fn row_widths(
    height: usize,
    width: usize,
    last_col: usize,
    kept: &[bool],
    content: &impl Fn(usize) -> bool,
    slots: &[Slot],
) -> Vec<usize> {
    // How far each row reaches by its own cells and by merges over it.
    let reach: Vec<usize> = (0..height)
        .map(|r| {
            (0..=last_col)
                .rev()
                .find(|&c| {
                    let i = r * width + c;
                    content(i) || !matches!(slots[i], Slot::Free)
                })
                .unwrap_or(0)
        })
        .collect();
    let rows: Vec<usize> = (0..height).filter(|&r| kept[r]).collect();
    let mut out = vec![0usize; height];
    // Bands of consecutive kept rows that reach past the first column.
    let mut band_of: Vec<Option<usize>> = vec![None; rows.len()];
    let mut bands: Vec<usize> = Vec::new();
    for (k, &r) in rows.iter().enumerate() {
        if reach[r] == 0 {
            continue;
        }
        let joined = k > 0 && band_of[k - 1].is_some();
        if !joined {
            bands.push(0);
        }
        let b = bands.len() - 1;
        band_of[k] = Some(b);
        bands[b] = bands[b].max(reach[r]);
    }
    for (k, &r) in rows.iter().enumerate() {
        out[r] = match band_of[k] {
            Some(b) => bands[b],
            None => {
                let above = k.checked_sub(1).and_then(|j| band_of[j]).map(|b| bands[b]);
                let below = rows.get(k + 1).and(band_of.get(k + 1).copied().flatten());
                match (above, below.map(|b| bands[b])) {
                    (Some(a), Some(b)) if a == b => a,
                    _ => 0,
                }
            }
        };
    }
    out
}

/// A cell as printed: integers without `.0`, decimals to 15 significant
/// digits, dates as `YYYY-MM-DD` (with the time when it is not midnight);
/// line breaks become hard spaces.
fn cell_text(value: &Data) -> String {
    let s = match value {
        Data::Empty => return String::new(),
        Data::Int(i) => return i.to_string(),
        Data::Float(f) => return format_number(*f),
        Data::Bool(b) => return if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => {
            if dt.is_datetime() {
                let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
                return if (h, mi, s) == (0, 0, 0) {
                    format!("{y:04}-{mo:02}-{d:02}")
                } else {
                    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
                };
            }
            return format_number(dt.as_f64());
        }
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.as_str(),
        Data::Error(e) => return e.to_string(),
    };
    if s.contains(['\n', '\r']) {
        // A line break typed in a cell is a space, as `<br>` in an HTML cell.
        s.replace("\r\n", "\u{2028}")
            .replace(['\n', '\r'], "\u{2028}")
    } else {
        s.to_string()
    }
}

/// A number as a person reads it in the sheet.
pub fn format_number(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    // Excel shows 15 significant digits; the shortest form of that value.
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    format!("{rounded}")
}

/// `A`, `B`, … `Z`, `AA`, … for a 0-based column.
fn column_name(mut c: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_in_the_sheet() {
        assert_eq!(format_number(7730.28), "7730.28");
        assert_eq!(format_number(12.0), "12");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(0.1 + 0.2), "0.3");
        assert_eq!(format_number(1e20), "100000000000000000000");
        assert_eq!(format_number(0.5), "0.5");
    }

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }
}
