//! The document: text plus the blocks and table grids found in it.

use std::ops::Range;

use gongkai_model::{GridPos, Provenance, Span};
use serde::Serialize;

/// The format a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Text,
    Html,
    /// A PDF's text layer, laid out by `pdftotext -layout`.
    Pdf,
    /// Office Open XML word processing.
    Docx,
    /// Office Open XML spreadsheet (or its binary form, XLSB).
    Xlsx,
    /// Excel 97–2003 or WPS spreadsheet (BIFF).
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
    /// Word 97–2003 or WPS text document, converted to DOCX by LibreOffice.
    LegacyWord,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::LegacyWord => "doc",
        }
    }
}

/// A cell of a table grid: its text is `doc.text[span]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GridCell {
    pub span: Range<usize>,
    /// Column in the expanded grid (after earlier colspans/rowspans), from 0.
    pub col: usize,
    pub colspan: usize,
    pub rowspan: usize,
}

/// A row of a table grid; `span` covers the rendered line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GridRow {
    pub span: Range<usize>,
    /// The cells as printed (a spanned cell appears once, in its first row).
    pub cells: Vec<GridCell>,
}

/// A table with its rows and cells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grid {
    pub span: Range<usize>,
    pub rows: Vec<GridRow>,
}

/// A piece of the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A line or paragraph of running text.
    Text { span: Range<usize> },
    /// A table, rendered into the text as one line per row with the cells
    /// separated by tabs.
    Table(Grid),
}

/// A document ready for extraction.
///
/// `text` is the decoded text of a text file, or the rendering of a
/// structured file: paragraphs on their own lines, each table row on one line
/// with its cells separated by a tab (cell text has no tabs or newlines).
/// Every span in the document and in the values extracted from it is a byte
/// range into `text`.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub text: String,
    pub blocks: Vec<Block>,
    pub format: Format,
    /// The encoding the bytes were decoded from (`UTF-8`, `GBK`, `UTF-16LE` …).
    pub encoding: String,
    /// Anything ingest wants the reader to know (e.g. invalid bytes replaced).
    pub warnings: Vec<String>,
    #[serde(skip)]
    line_starts: Vec<usize>,
    /// Char count from the start of the text at every [`CHECKPOINT`] bytes
    /// (at the next char boundary), so columns of long lines are cheap.
    #[serde(skip)]
    checkpoints: Vec<(usize, usize)>,
    /// Indices of the table blocks.
    #[serde(skip)]
    table_blocks: Vec<usize>,
}

/// Bytes between two char-count checkpoints: a column costs counting at
/// most this many bytes twice.
const CHECKPOINT: usize = 128;

impl Document {
    /// Build a document; computes the line index of `text`.
    pub fn new(text: String, blocks: Vec<Block>, format: Format, encoding: &str) -> Document {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut checkpoints = vec![(0, 0)];
        let (mut at, mut chars) = (0, 0);
        while at + CHECKPOINT < text.len() {
            let next = floor_char_boundary(&text, at + CHECKPOINT);
            if next <= at {
                break;
            }
            chars += text[at..next].chars().count();
            at = next;
            checkpoints.push((at, chars));
        }
        let table_blocks = blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| matches!(b, Block::Table(_)))
            .map(|(i, _)| i)
            .collect();
        Document {
            text,
            blocks,
            format,
            encoding: encoding.to_string(),
            warnings: Vec::new(),
            line_starts,
            checkpoints,
            table_blocks,
        }
    }

    /// A plain-text document: one text block per line.
    pub fn from_text(text: String, encoding: &str) -> Document {
        let mut blocks = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let end = start + line.trim_end_matches(['\n', '\r']).len();
            blocks.push(Block::Text { span: start..end });
            start += line.len();
        }
        Document::new(text, blocks, Format::Text, encoding)
    }

    /// 1-based line and character column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let col = if offset - start <= CHECKPOINT {
            self.text[start..offset].chars().count()
        } else {
            self.chars_before(offset) - self.chars_before(start)
        };
        (line as u32 + 1, col as u32 + 1)
    }

    /// Number of chars before a byte offset (a char boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let i = self
            .checkpoints
            .partition_point(|c| c.0 <= offset)
            .saturating_sub(1);
        let (at, n) = self.checkpoints.get(i).copied().unwrap_or((0, 0));
        n + self.text[at.min(offset)..offset].chars().count()
    }

    /// The byte range of the line holding `offset`, without its newline.
    pub fn line_range(&self, offset: usize) -> Range<usize> {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let end = self
            .line_starts
            .get(line + 1)
            .map(|e| e - 1)
            .unwrap_or(self.text.len());
        start..end.max(start)
    }

    /// The provenance of a byte range: span with line/column, and the grid
    /// cell when the range lies in a table cell.
    pub fn provenance(&self, range: Range<usize>) -> Provenance {
        let (line, column) = self.line_col(range.start);
        Provenance {
            span: Span {
                start: range.start,
                end: range.end,
                line,
                column,
            },
            grid: self.grid_pos(range.start),
        }
    }

    /// The table cell that holds a byte offset, if any.
    pub fn grid_pos(&self, offset: usize) -> Option<GridPos> {
        for (table, &b) in self.table_blocks.iter().enumerate() {
            let table = table as u32;
            if let Some(Block::Table(grid)) = self.blocks.get(b) {
                if grid.span.contains(&offset) || grid.span.end == offset {
                    for (r, row) in grid.rows.iter().enumerate() {
                        if !row.span.contains(&offset) && row.span.end != offset {
                            continue;
                        }
                        for (c, cell) in row.cells.iter().enumerate() {
                            if cell.span.contains(&offset) || cell.span.end == offset {
                                return Some(GridPos {
                                    table,
                                    row: r as u32,
                                    col: c as u32,
                                });
                            }
                        }
                    }
                    return None;
                }
            }
        }
        None
    }

    /// The tables of the document.
    pub fn grids(&self) -> impl Iterator<Item = &Grid> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(g) => Some(g),
            Block::Text { .. } => None,
        })
    }
}

/// The largest char boundary not above `i`.
pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_on_long_lines_count_chars() {
        let line = "政务公开".repeat(1000) + "x";
        let doc = Document::from_text(format!("头\n{line}\n尾"), "UTF-8");
        let x = doc.text.find('x').unwrap();
        assert_eq!(doc.line_col(x), (2, 4001));
        let tail = doc.text.find('尾').unwrap();
        assert_eq!(doc.line_col(tail), (3, 1));
        // Every offset agrees with a plain count.
        for off in (0..doc.text.len())
            .filter(|&o| doc.text.is_char_boundary(o))
            .step_by(37)
        {
            let (l, c) = doc.line_col(off);
            let start = doc.text[..off].rfind('\n').map(|i| i + 1).unwrap_or(0);
            assert_eq!(c as usize, doc.text[start..off].chars().count() + 1);
            assert_eq!(l as usize, doc.text[..off].matches('\n').count() + 1);
        }
    }
}
