//! The text and grids of a structured document (HTML, DOCX, XLSX), built the
//! same way for every format, so the extractor reads them all alike.
//!
//! [`Sink`] collects the rendered text and its blocks:
//!
//! - running text goes through [`Sink::push_text`]: whitespace (including
//!   `&nbsp;` and U+3000) collapses to one space, a source line break between
//!   two CJK characters disappears (CSS Text 3), invisible characters
//!   (zero-width spaces, soft hyphens, controls) are dropped; lines are
//!   trimmed and empty lines dropped; each line is a [`Block::Text`];
//! - a table is one line per row with the cells joined by a tab, each cell's
//!   text on one line (a block boundary inside a cell becomes a space), an
//!   empty cell an empty string; columns are counted in the grid expanded by
//!   earlier colspans and rowspans (rowspan clamped to the rows left, colspan
//!   to [`MAX_COLSPAN`]; rows without cells skipped; at most
//!   `max_cells` cells per document, with a warning).

use crate::{Block, Grid, GridCell, GridRow};

/// Largest colspan honoured (the HTML limit).
pub(crate) const MAX_COLSPAN: usize = 1000;
/// Columns beyond this are not tracked for rowspans (bounds memory and time).
const MAX_TRACKED_COLS: usize = 2 * MAX_COLSPAN;

/// Whitespace seen since the last visible character.
#[derive(Debug, Clone, Copy, Default)]
struct Ws {
    pending: bool,
    /// A non-breaking, full-width or other non-ASCII space, or a block
    /// boundary inside a cell: always renders as a space.
    hard: bool,
    /// A source line break (removed between CJK characters).
    newline: bool,
}

enum CharClass {
    Visible,
    Space { newline: bool, hard: bool },
    Invisible,
}

fn char_class(c: char) -> CharClass {
    match c {
        // Fast paths: printable ASCII, and CJK up to the BOM (no spaces or
        // controls in that range).
        '!'..='~' | '\u{3001}'..='\u{FEFE}' => CharClass::Visible,
        ' ' | '\t' | '\u{0B}' | '\u{0C}' => CharClass::Space {
            newline: false,
            hard: false,
        },
        '\n' | '\r' => CharClass::Space {
            newline: true,
            hard: false,
        },
        '\u{200B}' | '\u{200C}' | '\u{200E}' | '\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}' => {
            CharClass::Invisible
        }
        c if c.is_whitespace() => CharClass::Space {
            newline: false,
            hard: true,
        },
        c if c.is_control() => CharClass::Invisible,
        _ => CharClass::Visible,
    }
}

/// East Asian wide characters (CSS Text 3 segment break rule), Hangul aside.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x303E
        | 0x3041..=0x312F
        | 0x3190..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF01..=0xFF60
        | 0xFF61..=0xFF9F
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

struct CellState {
    start: usize,
    col: usize,
    colspan: usize,
    rowspan: usize,
}

struct RowState {
    /// Index among all rows of the table (rows without cells included).
    index: usize,
    start: usize,
    cells: Vec<GridCell>,
    /// Next column to try.
    cursor: usize,
}

struct TableState {
    total_rows: usize,
    rows_seen: usize,
    /// Per column, the first row index not covered by a cell above.
    occupied: Vec<usize>,
    rows: Vec<GridRow>,
    row: Option<RowState>,
    cell: Option<CellState>,
}

/// What [`Sink::begin_cell`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CellStart {
    Started,
    /// No table or no row is open: the cell's text is to be ignored.
    NoRow,
    /// The document's cell limit is reached: the cell is left out.
    Capped,
}

/// The rendered text, blocks and warnings of a document being built.
pub(crate) struct Sink {
    pub out: String,
    pub blocks: Vec<Block>,
    pub warnings: Vec<String>,
    line_start: usize,
    ws: Ws,
    table: Option<TableState>,
    max_cells: usize,
    cells_used: usize,
    cells_capped: bool,
}

impl Sink {
    pub fn new(max_cells: usize, capacity: usize) -> Sink {
        Sink {
            out: String::with_capacity(capacity),
            blocks: Vec::new(),
            warnings: Vec::new(),
            line_start: 0,
            ws: Ws::default(),
            table: None,
            max_cells,
            cells_used: 0,
            cells_capped: false,
        }
    }

    /// Close whatever is open and hand back text, blocks and warnings.
    pub fn finish(mut self) -> (String, Vec<Block>, Vec<String>) {
        if self.table.is_some() {
            self.end_table();
        }
        self.newline();
        (self.out, self.blocks, self.warnings)
    }

    pub fn in_row(&self) -> bool {
        self.table.as_ref().is_some_and(|t| t.row.is_some())
    }

    pub fn in_cell(&self) -> bool {
        self.table.as_ref().is_some_and(|t| t.cell.is_some())
    }

    /// Whether the open table has rendered a cell already.
    pub fn table_started(&self) -> bool {
        self.table.as_ref().is_some_and(|t| {
            !t.rows.is_empty() || t.row.as_ref().is_some_and(|r| !r.cells.is_empty())
        })
    }

    /// Whether no more cells will be kept.
    pub fn cells_exhausted(&self) -> bool {
        self.cells_used >= self.max_cells
    }

    /// How many more cells will be kept.
    pub fn cells_left(&self) -> usize {
        self.max_cells.saturating_sub(self.cells_used)
    }

    /// Start a table of `total_rows` rows (rows without cells included): the
    /// running line ends.
    pub fn begin_table(&mut self, total_rows: usize) {
        if self.table.is_some() {
            self.end_table();
        }
        self.newline();
        self.table = Some(TableState {
            total_rows,
            rows_seen: 0,
            occupied: Vec::new(),
            rows: Vec::new(),
            row: None,
            cell: None,
        });
    }

    /// Start a row (ending the open one).
    pub fn begin_row(&mut self) {
        if self.in_row() {
            self.end_row();
        }
        let start = self.out.len();
        if let Some(t) = self.table.as_mut() {
            t.row = Some(RowState {
                index: t.rows_seen,
                start,
                cells: Vec::new(),
                cursor: 0,
            });
            t.rows_seen += 1;
        }
    }

    /// The open row starts here (after text put before its first cell).
    pub fn restart_row(&mut self) {
        let at = self.out.len();
        if let Some(row) = self.table.as_mut().and_then(|t| t.row.as_mut()) {
            if row.cells.is_empty() {
                row.start = at;
            }
        }
    }

    /// Leave `n` grid columns of the open row without a cell.
    pub fn skip_columns(&mut self, n: usize) {
        if let Some(row) = self.table.as_mut().and_then(|t| t.row.as_mut()) {
            row.cursor = row.cursor.saturating_add(n).min(MAX_TRACKED_COLS);
        }
    }

    /// Start a cell in the open row. `rowspan` as written: `None` is 1,
    /// `Some(0)` the rest of the table, otherwise clamped to the rows left.
    pub fn begin_cell(&mut self, colspan: usize, rowspan: Option<usize>) -> CellStart {
        if self.in_cell() {
            self.end_cell();
        }
        let Some(t) = self.table.as_mut() else {
            return CellStart::NoRow;
        };
        let Some(row) = t.row.as_mut() else {
            return CellStart::NoRow;
        };
        if self.cells_used >= self.max_cells {
            if !self.cells_capped {
                self.cells_capped = true;
                self.warnings.push(format!(
                    "表格单元格超过上限 {} 个，其余单元格已略去",
                    self.max_cells
                ));
            }
            return CellStart::Capped;
        }
        let colspan = colspan.clamp(1, MAX_COLSPAN);
        let remaining = t.total_rows.saturating_sub(row.index).max(1);
        let rowspan = match rowspan {
            Some(0) => remaining,
            Some(r) => r.clamp(1, remaining),
            None => 1,
        };
        let mut col = row.cursor;
        while t.occupied.get(col).is_some_and(|&until| until > row.index) {
            col += 1;
        }
        let tracked_end = col.saturating_add(colspan).min(MAX_TRACKED_COLS);
        if t.occupied.len() < tracked_end {
            t.occupied.resize(tracked_end, 0);
        }
        for slot in t.occupied.iter_mut().take(tracked_end).skip(col) {
            *slot = row.index + rowspan;
        }
        row.cursor = col.saturating_add(colspan);
        if !row.cells.is_empty() {
            self.out.push('\t');
        }
        self.ws = Ws::default();
        t.cell = Some(CellState {
            start: self.out.len(),
            col,
            colspan,
            rowspan,
        });
        self.cells_used += 1;
        CellStart::Started
    }

    pub fn end_cell(&mut self) {
        self.ws = Ws::default();
        let end = self.out.len();
        let Some(t) = self.table.as_mut() else {
            return;
        };
        let Some(cell) = t.cell.take() else {
            return;
        };
        if let Some(row) = t.row.as_mut() {
            row.cells.push(GridCell {
                span: cell.start..end,
                col: cell.col,
                colspan: cell.colspan,
                rowspan: cell.rowspan,
            });
        }
    }

    pub fn end_row(&mut self) {
        if self.in_cell() {
            self.end_cell();
        }
        let Some(t) = self.table.as_mut() else {
            return;
        };
        let Some(row) = t.row.take() else {
            return;
        };
        if row.cells.is_empty() {
            return;
        }
        t.rows.push(GridRow {
            span: row.start..self.out.len(),
            cells: row.cells,
        });
        self.out.push('\n');
        self.line_start = self.out.len();
    }

    pub fn end_table(&mut self) {
        if self.in_row() {
            self.end_row();
        }
        let Some(t) = self.table.take() else {
            return;
        };
        if let (Some(first), Some(last)) = (t.rows.first(), t.rows.last()) {
            let span = first.span.start..last.span.end;
            self.blocks.push(Block::Table(Grid { span, rows: t.rows }));
        }
        self.ws = Ws::default();
    }

    /// Where the current line or cell began.
    fn segment_start(&self) -> usize {
        match self.table.as_ref().and_then(|t| t.cell.as_ref()) {
            Some(cell) => cell.start,
            None => self.line_start,
        }
    }

    /// Running text; `keep_newlines` (preformatted text outside cells)
    /// makes line breaks end lines.
    pub fn push_text(&mut self, s: &str, keep_newlines: bool) {
        let keep_newlines = keep_newlines && !self.in_cell();
        let mut run: Option<usize> = None;
        for (i, c) in s.char_indices() {
            match char_class(c) {
                CharClass::Visible => {
                    if run.is_none() {
                        self.flush_ws(c);
                        run = Some(i);
                    }
                }
                CharClass::Space { newline, hard } => {
                    if let Some(r) = run.take() {
                        self.out.push_str(&s[r..i]);
                    }
                    if keep_newlines && newline {
                        self.newline();
                    } else {
                        self.ws.pending = true;
                        self.ws.hard |= hard;
                        self.ws.newline |= newline;
                    }
                }
                CharClass::Invisible => {
                    if let Some(r) = run.take() {
                        self.out.push_str(&s[r..i]);
                    }
                }
            }
        }
        if let Some(r) = run {
            self.out.push_str(&s[r..]);
        }
    }

    /// Emit the pending whitespace (if any) before the visible `next`.
    fn flush_ws(&mut self, next: char) {
        if !self.ws.pending {
            return;
        }
        if self.out.len() > self.segment_start() {
            let joined = self.ws.newline
                && !self.ws.hard
                && is_wide(next)
                && self.out.chars().next_back().is_some_and(is_wide);
            if !joined {
                self.out.push(' ');
            }
        }
        self.ws = Ws::default();
    }

    /// A block boundary inside a cell: a space unless at the cell's edges.
    pub fn soft_break(&mut self) {
        self.ws.pending = true;
        self.ws.hard = true;
    }

    /// End the current line (a block boundary), if it has text; inside a
    /// cell, a space.
    pub fn newline(&mut self) {
        if self.in_cell() {
            self.soft_break();
            return;
        }
        self.ws = Ws::default();
        if self.out.len() > self.line_start {
            self.blocks.push(Block::Text {
                span: self.line_start..self.out.len(),
            });
            self.out.push('\n');
            self.line_start = self.out.len();
        }
    }
}
