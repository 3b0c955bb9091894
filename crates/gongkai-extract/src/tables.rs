//! Reading the three tables: locate each table, anchor its row labels, and
//! read the values that follow each label in whatever layout the document
//! uses (cell per line, tabs, pipes, aligned columns, digit runs, HTML grid).

use std::ops::Range;

use gongkai_model::{
    CellKind, ColumnDef, Decimal, LabelMatch, RowRole, TableDef, TableFound, TableId, Template,
    TemplateId,
};

use std::sync::LazyLock;

use crate::anchors::{chars, find_exact, find_fuzzy, item_before, Found};
use crate::norm::fold_str;
use crate::norm::Normalized;
use crate::solver::{resolved, segment_where, SegmentError, Split};
use crate::tokens::{is_rule_line, tokenize_line, Run, Tok};

/// How a table's cells are laid out in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One cell per line, rows separated by empty lines.
    Stacked,
    /// One row per line (tabs, pipes, aligned columns, or glued digits).
    Inline,
}

/// What the text says about one row's cells.
#[derive(Debug, Clone)]
pub enum Reading {
    /// The cells were separated in the text.
    Fixed(Vec<FixedCell>),
    /// A digit run with several possible cuts.
    Split { run: Run, splits: Vec<Split> },
    /// The text does not determine the values.
    Unknown { reason: String, range: Range<usize> },
}

#[derive(Debug, Clone)]
pub struct FixedCell {
    pub tok: Tok,
    pub value: gongkai_model::Value,
}

/// A row of the template and what was read for it.
#[derive(Debug, Clone)]
pub struct RowResult {
    pub table: TableId,
    /// Template cell indices in column order (empty for an extra row).
    pub cells: Vec<usize>,
    pub kinds: Vec<CellKind>,
    pub reading: Reading,
    /// For an extra row: the ids to give its cells.
    pub extra_ids: Vec<String>,
}

/// Everything read from the tables of one document.
#[derive(Debug, Default)]
pub struct TablesResult {
    pub rows: Vec<RowResult>,
    pub labels: Vec<LabelMatch>,
    pub tables: Vec<TableFound>,
    pub notes: Vec<(String, String, Option<Range<usize>>)>,
    /// Numbers printed in a table that belong to no row.
    pub strays: Vec<(TableId, Decimal, Range<usize>)>,
    /// Template rows (table, block, row) whose label was found.
    pub found_rows: Vec<(TableId, usize, usize)>,
}

/// Where the tables are, in normalised-char indices.
#[derive(Debug, Clone, Default)]
pub struct Regions {
    pub active: Option<Range<usize>>,
    pub apply: Option<Range<usize>>,
    pub review: Option<Range<usize>>,
}

fn first_of(norm: &Normalized, pats: &[&str], from: usize, to: usize) -> Option<usize> {
    pats.iter()
        .filter_map(|p| norm.find(&chars(p), from, to))
        .min()
}

/// Locate the three tables. `headings` gives the normalised index of each
/// section heading found (1-based section number).
pub fn locate(norm: &Normalized, headings: &[(u8, usize, usize)]) -> Regions {
    let n = norm.len();
    let heading = |k: u8| headings.iter().find(|h| h.0 == k).map(|h| (h.1, h.2));
    // Table 二 starts at its first caption or 信息内容, after section 二's heading.
    let from2 = heading(2).map(|h| h.1).unwrap_or(0);
    let t2_start = first_of(norm, &["第二十条第(一)项", "第二十条第(五)项"], from2, n)
        .or_else(|| first_of(norm, &["信息内容"], from2, n))
        .or_else(|| first_of(norm, &["第二十条第(一)项", "信息内容"], 0, n));
    // The rows that open and close table 三 and the first row of table 四,
    // as declared (both templates share them).
    let apply = &TemplateId::Y2021.get().table(TableId::Apply).blocks[0];
    let row_with = |role: RowRole| {
        apply
            .rows
            .iter()
            .find(|r| r.role == role)
            .map(|r| r.core)
            .unwrap_or("")
    };
    let first3 = row_with(RowRole::Intake);
    let last3_label = row_with(RowRole::CarriedOut);
    let first4 = TemplateId::Y2021.get().table(TableId::Review).blocks[0].rows[0].core;
    // Table 三 starts at its header (or its first row, whose label a wrapped
    // cell may cut after 申请).
    let from3 = t2_start.unwrap_or(heading(3).map(|h| h.0).unwrap_or(0));
    let t3_start = first_of(
        norm,
        &[
            "本列数据的勾稽关系",
            "本列数据的钩稽关系",
            "申请人情况",
            first3,
            "本年新收政府信息公开申请",
        ],
        from3,
        n,
    );
    let t3_heading = heading(3).map(|h| h.0);
    let t2_end = match (t3_start, t3_heading) {
        (Some(s), Some(h)) if h < s && t2_start.is_some_and(|t| h > t) => Some(h),
        (Some(s), _) => Some(s),
        (None, Some(h)) => Some(h),
        (None, None) => None,
    };
    // Table 四 starts after the last row of table 三.
    let after3 = t3_start.unwrap_or(from3);
    let last3_pat = chars(last3_label);
    let last3 = norm
        .find(&last3_pat, after3, n)
        .map(|i| i + last3_pat.len())
        .unwrap_or(after3);
    let t4_start = heading(4)
        .map(|h| h.0)
        .filter(|&h| h >= after3)
        .or_else(|| first_of(norm, &[first4], last3, n));
    let t3_end = t4_start.unwrap_or(n);
    let t4_end = t4_start.map(|s| {
        let h5 = heading(5).map(|h| h.0).filter(|&h| h > s);
        let h6 = heading(6).map(|h| h.0).filter(|&h| h > s);
        let end = first_of(
            norm,
            &["存在的主要问题", "五、", "其他需要报告的事项"],
            s + 4,
            n,
        );
        [h5, h6, end]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(n)
            .min(s + 4000)
    });
    Regions {
        active: match (t2_start, t2_end) {
            (Some(s), Some(e)) if e > s => Some(s..e),
            (Some(s), None) => Some(s..(s + 3000).min(n)),
            _ => None,
        },
        apply: t3_start.map(|s| s..t3_end.max(s)),
        review: match (t4_start, t4_end) {
            (Some(s), Some(e)) if e > s => Some(s..e),
            _ => None,
        },
    }
}

/// The labels of table 二 that only template `t` prints — its captions,
/// column headers and row labels that do not occur inside any label of the
/// other template — derived from the declarations, so that recognising a
/// template never restates it.
pub fn template_clues(t: TemplateId) -> &'static [&'static str] {
    fn labels(t: TemplateId) -> Vec<&'static str> {
        let table = t.get().table(TableId::Active);
        let mut v = Vec::new();
        for b in &table.blocks {
            v.extend(b.caption);
            for c in &b.columns {
                v.push(c.label);
                v.extend(c.aliases.iter().copied());
            }
            for r in &b.rows {
                v.push(r.core);
                v.extend(r.aliases.iter().copied());
            }
        }
        v
    }
    fn build(t: TemplateId, other: TemplateId) -> Vec<&'static str> {
        let theirs: Vec<String> = labels(other).iter().map(|l| fold_str(l)).collect();
        let mut own: Vec<&'static str> = Vec::new();
        for l in labels(t).into_iter().filter(|l| {
            let f = fold_str(l);
            // A label found inside the other template's labels would
            // match that template's text too.
            !theirs.iter().any(|o| o.contains(&f))
        }) {
            // Blocks repeat column headers (上一年项目数量): each clue once.
            if !own.contains(&l) {
                own.push(l);
            }
        }
        own
    }
    static C2019: LazyLock<Vec<&'static str>> =
        LazyLock::new(|| build(TemplateId::Y2019, TemplateId::Y2021));
    static C2021: LazyLock<Vec<&'static str>> =
        LazyLock::new(|| build(TemplateId::Y2021, TemplateId::Y2019));
    match t {
        TemplateId::Y2019 => &C2019,
        TemplateId::Y2021 => &C2021,
    }
}

/// A template clue: which template, what was seen, where (normalised index).
pub type Clue = (TemplateId, String, usize);

/// Decide the template from the tables: clues of each template in tables
/// 二 and 三. Returns the template and the clues seen.
pub fn detect_template(norm: &Normalized, regions: &Regions) -> Option<(TemplateId, Vec<Clue>)> {
    let mut clues = Vec::new();
    let t2 = regions.active.clone();

    if let Some(r) = t2 {
        // Exact clues first; approximate ones (typos in the header) only
        // when no clue of either template is printed exactly.
        for fuzzy in [false, true] {
            for (t, list) in [
                (TemplateId::Y2021, template_clues(TemplateId::Y2021)),
                (TemplateId::Y2019, template_clues(TemplateId::Y2019)),
            ] {
                for clue in list {
                    let pat = chars(clue);
                    let hit = if fuzzy {
                        find_fuzzy(norm, &pat, r.clone(), &[])
                            .first()
                            .map(|f| f.start)
                    } else {
                        norm.find(&pat, r.start, r.end)
                    };
                    if let Some(at) = hit {
                        clues.push((t, format!("表二表头“{clue}”"), at));
                    }
                }
            }
            if !clues.is_empty() {
                break;
            }
        }
    }
    let count = |clues: &Vec<Clue>, t: TemplateId| clues.iter().filter(|c| c.0 == t).count();
    let (c21, c19) = (
        count(&clues, TemplateId::Y2021),
        count(&clues, TemplateId::Y2019),
    );
    if c21 != c19 {
        let t = if c21 > c19 {
            TemplateId::Y2021
        } else {
            TemplateId::Y2019
        };
        return Some((t, clues));
    }
    // Table 三: the three （六） sub-rows exist only in 2021.
    if let Some(r) = regions.apply.clone() {
        for clue in ["逾期不补正", "逾期未按收费通知要求缴纳费用"] {
            if let Some(at) = norm.find(&chars(clue), r.start, r.end) {
                clues.push((TemplateId::Y2021, format!("表三行“{clue}”"), at));
            }
        }
        if count(&clues, TemplateId::Y2021) > 0 {
            return Some((TemplateId::Y2021, clues));
        }
        if norm.find(&chars("其他处理"), r.start, r.end).is_some() {
            clues.push((
                TemplateId::Y2019,
                "表三只有一行（六）其他处理".into(),
                r.start,
            ));
            return Some((TemplateId::Y2019, clues));
        }
    }
    None
}

/// The template cell indices of every row, per template, table, block and
/// row (a scan of the template's cells, done once).
fn row_cells(t: &Template, table: TableId, block: usize, row: usize) -> &'static [usize] {
    type Rows = Vec<Vec<Vec<Vec<usize>>>>;
    fn build(id: TemplateId) -> Rows {
        let def = id.get();
        [TableId::Active, TableId::Apply, TableId::Review]
            .into_iter()
            .map(|tid| {
                let table = def.table(tid);
                let mut blocks: Vec<Vec<Vec<usize>>> = table
                    .blocks
                    .iter()
                    .map(|b| vec![Vec::new(); b.rows.len()])
                    .collect();
                for (i, c) in def.cells.iter().enumerate() {
                    if c.table == tid {
                        if let Some(r) = blocks.get_mut(c.block).and_then(|b| b.get_mut(c.row)) {
                            r.push(i);
                        }
                    }
                }
                blocks
            })
            .collect()
    }
    static R2019: LazyLock<Rows> = LazyLock::new(|| build(TemplateId::Y2019));
    static R2021: LazyLock<Rows> = LazyLock::new(|| build(TemplateId::Y2021));
    let rows: &'static Rows = match t.id {
        TemplateId::Y2019 => &R2019,
        TemplateId::Y2021 => &R2021,
    };
    let ti = match table {
        TableId::Active => 0,
        TableId::Apply => 1,
        TableId::Review => 2,
    };
    rows.get(ti)
        .and_then(|b| b.get(block))
        .and_then(|r| r.get(row))
        .map_or(&[], Vec::as_slice)
}

/// An anchor: a label found in a table region.
#[derive(Debug, Clone)]
struct Anchor {
    found: Found,
    kind: AnchorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum AnchorKind {
    Row {
        block: usize,
        row: usize,
    },
    /// The 2021 （六）其他处理 header, which may carry the values of a single
    /// 2019-style row.
    OtherHeader,
    Header,
}

pub struct TableReader<'a> {
    pub text: &'a str,
    pub norm: &'a Normalized,
    pub template: &'static Template,
    pub out: TablesResult,
}

impl<'a> TableReader<'a> {
    pub fn new(text: &'a str, norm: &'a Normalized, template: TemplateId) -> Self {
        TableReader {
            text,
            norm,
            template: template.get(),
            out: TablesResult::default(),
        }
    }

    fn byte(&self, idx: usize) -> usize {
        if idx < self.norm.len() {
            self.norm.start[idx]
        } else {
            self.text.len()
        }
    }

    fn byte_end(&self, idx: usize) -> usize {
        if idx == 0 {
            return self.norm.start.first().copied().unwrap_or(0);
        }
        self.norm
            .end
            .get(idx - 1)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// A test that values read for `cells` satisfy the relations lying
    /// entirely within them (the row sum of table 三, the group sums of 四).
    fn row_filter<'c>(&self, cells: &'c [usize]) -> impl Fn(&[Decimal]) -> bool + 'c {
        let local: Vec<&'static crate::solver::Resolved> = resolved(self.template.id)
            .iter()
            .filter(|r| r.cells().all(|c| cells.contains(&c)))
            .collect();
        move |vals: &[Decimal]| {
            local.iter().all(|r| {
                r.holds(|c| {
                    cells
                        .iter()
                        .position(|&x| x == c)
                        .and_then(|p| vals.get(p).copied())
                })
            })
        }
    }

    fn layout_of(&self, bytes: Range<usize>) -> Layout {
        // One cell per line: most lines that hold a number hold nothing else.
        let (mut single, mut multi) = (0, 0);
        for line in self.text[bytes].split('\n') {
            let t = line.trim_matches(|c: char| c.is_whitespace());
            if !t
                .chars()
                .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
            {
                continue;
            }
            let lone_number = !t.contains(['\t', '|'])
                && !t.contains("  ")
                && t.chars().all(|c| {
                    c.is_ascii_digit()
                        || ('０'..='９').contains(&c)
                        || matches!(c, '.' | '．' | ',' | '+' | '-' | '－' | '万' | '元' | ' ')
                });
            if lone_number {
                single += 1;
            } else {
                multi += 1;
            }
        }
        if single > multi {
            Layout::Stacked
        } else {
            Layout::Inline
        }
    }

    fn layout_name(&self, layout: Layout, bytes: Range<usize>) -> &'static str {
        if layout == Layout::Stacked {
            return "cell_per_line";
        }
        let s = &self.text[bytes];
        if s.contains('|') {
            "pipe"
        } else if s.contains('\t') {
            "tab"
        } else if s.contains("  ") {
            "aligned"
        } else {
            "run"
        }
    }

    /// Read a table printed row by row (tables 二 and 三).
    pub fn read_rows(&mut self, table: &'static TableDef, region: Range<usize>) {
        let bytes = self.byte(region.start)..self.byte(region.end);
        let layout = self.layout_of(bytes.clone());
        self.out.tables.push(TableFound {
            table: table.id,
            layout: self.layout_name(layout, bytes.clone()).into(),
            at: None,
        });
        let anchors = self.find_anchors(table, region.clone());
        // Bind values to rows.
        let mut firm: Vec<(usize, usize, Vec<Tok>)> = Vec::new(); // (block,row,tokens)
        let mut free: Vec<(usize, Vec<Tok>)> = Vec::new(); // (doc order key, tokens) with the preceding row
        let mut order: Vec<Event> = Vec::new();
        let mut other_header_values: Option<Vec<Tok>> = None;
        for (i, a) in anchors.iter().enumerate() {
            let gap_start = self.byte_end(a.found.end);
            let gap_end = anchors
                .get(i + 1)
                .map(|n| self.byte(n.found.start))
                .unwrap_or(bytes.end)
                .max(gap_start);
            let units = units_of(self.text, gap_start..gap_end, layout);
            let expected = match &a.kind {
                AnchorKind::Row { block, .. } => table.blocks[*block].columns.len(),
                AnchorKind::OtherHeader => table.blocks[0].columns.len(),
                AnchorKind::Header => 0,
            };
            let mut rest = units.as_slice();
            if expected > 0 {
                if let Some((first, tail)) = units.split_first() {
                    let mut toks = leading_values(first);
                    rest = tail;
                    // The label ends its line and its values open the next
                    // one, followed by more text on that line or by nothing
                    // before the next label: a paragraph wrapped after the
                    // label (glued text printed to PDF). Not when an earlier
                    // label still waits for its values (labels printed apart
                    // from their rows take them in order).
                    if layout == Layout::Inline
                        && toks.iter().all(Tok::is_blank)
                        && !matches!(order.last(), Some(Event::Label(..)))
                    {
                        if let Some((next, t)) = rest.split_first() {
                            let lead = leading_values(next);
                            let next_label_follows = t.is_empty();
                            if lead.iter().any(|t| !t.is_blank())
                                && (next.iter().any(Tok::is_text) || next_label_follows)
                            {
                                toks = lead;
                                rest = t;
                            }
                        }
                    }
                    // A row broken over several lines: absorb the value-only
                    // lines that complete it. The cells before a break end at
                    // the last value (a separator at the end of the line does
                    // not open an empty cell).
                    if layout == Layout::Inline && !toks.is_empty() {
                        loop {
                            let mut kept = toks.clone();
                            while kept.last().is_some_and(Tok::is_blank) {
                                kept.pop();
                            }
                            if count_cells(&kept) >= expected {
                                break;
                            }
                            match rest.split_first() {
                                Some((u, t)) if !u.iter().any(Tok::is_text) && !u.is_empty() => {
                                    let mut more = u.clone();
                                    while more.last().is_some_and(Tok::is_blank) {
                                        more.pop();
                                    }
                                    let total = count_cells(&kept) + count_cells(&more);
                                    // Only when the row is short or the line
                                    // completes it exactly.
                                    if total > expected
                                        || (count_cells(&toks) >= expected && total != expected)
                                        || more.is_empty()
                                        || !crate::columns::continues_right(self.text, &kept, &more)
                                    {
                                        break;
                                    }
                                    kept.extend(more);
                                    toks = kept;
                                    rest = t;
                                }
                                _ => break,
                            }
                        }
                    }
                    // A row whose cells are all empty is still a row: the
                    // separators show its cells (a grid row, tabs, pipes).
                    let blank_row = count_cells(&toks) >= expected;
                    if toks.iter().any(|t| !t.is_blank())
                        || blank_row
                        || (layout == Layout::Stacked && !toks.is_empty())
                    {
                        match &a.kind {
                            AnchorKind::Row { block, row } => {
                                order.push(Event::Firm(*block, *row));
                                firm.push((*block, *row, toks));
                            }
                            AnchorKind::OtherHeader => other_header_values = Some(toks),
                            AnchorKind::Header => {}
                        }
                    } else if let AnchorKind::Row { block, row } = &a.kind {
                        order.push(Event::Label(*block, *row));
                    }
                }
            }
            // Value-only lines after the label: rows whose label was lost or
            // printed elsewhere, and stray numbers.
            let width = table.blocks.first().map(|b| b.columns.len()).unwrap_or(0);
            for u in rest {
                if u.iter().any(Tok::is_text) {
                    continue;
                }
                let mut u = u.clone();
                trim_blanks(&mut u, width);
                let n = count_cells(&u);
                if n == 0 || u.iter().all(Tok::is_blank) {
                    continue;
                }
                if n == width && width > 1 {
                    order.push(Event::Free(free.len()));
                    free.push((0, u));
                } else {
                    for t in &u {
                        if let Tok::Num { value, raw, .. } = t {
                            self.out.strays.push((table.id, *value, raw.clone()));
                        }
                    }
                }
            }
        }
        // Assign free rows in order to the next rows without values.
        let mut assigned: Vec<(usize, usize)> = firm.iter().map(|f| (f.0, f.1)).collect();
        let all_rows: Vec<(usize, usize)> = table
            .blocks
            .iter()
            .enumerate()
            .flat_map(|(b, bl)| (0..bl.rows.len()).map(move |r| (b, r)))
            .collect();
        let mut cursor: Option<usize> = None;
        for ev in &order {
            match ev {
                Event::Firm(b, r) | Event::Label(b, r) => {
                    if let Event::Firm(..) = ev {
                        cursor = all_rows.iter().position(|x| *x == (*b, *r));
                    }
                }
                Event::Free(i) => {
                    let from = cursor.map(|c| c + 1).unwrap_or(0);
                    let target = all_rows[from.min(all_rows.len())..]
                        .iter()
                        .position(|x| !assigned.contains(x))
                        .map(|p| p + from);
                    if let Some(t) = target {
                        let (b, r) = all_rows[t];
                        assigned.push((b, r));
                        cursor = Some(t);
                        if let Some((_, toks)) = free.get(*i) {
                            firm.push((b, r, toks.clone()));
                        }
                    }
                }
            }
        }
        // A row whose label is printed with nothing after it (and which got
        // no values from an unlabelled row) is a row of empty cells.
        for ev in &order {
            if let Event::Label(b, r) = *ev {
                if !assigned.contains(&(b, r)) {
                    assigned.push((b, r));
                    let n = table.blocks[b].columns.len();
                    let at = anchors
                        .iter()
                        .find(|a| a.kind == AnchorKind::Row { block: b, row: r })
                        .map(|a| self.byte_end(a.found.end))
                        .unwrap_or(bytes.start);
                    firm.push((b, r, vec![Tok::Blank(at..at); n]));
                }
            }
        }
        // Aligned rows with blank cells: numbers placed by their columns.
        if layout == Layout::Inline {
            // The single （六）其他处理 row of a 2019-style table is placed like
            // the rows of block 0 (marked with row usize::MAX meanwhile).
            if let Some(toks) = other_header_values.take() {
                firm.push((0, usize::MAX, toks));
            }
            let rows_start = |b: usize| {
                anchors
                    .iter()
                    .filter(|a| matches!(a.kind, AnchorKind::Row { block, .. } if block == b))
                    .map(|a| self.byte(a.found.start))
                    .min()
                    .unwrap_or(bytes.end)
            };
            crate::columns::place_blank_cells(
                self.text,
                self.norm,
                region.clone(),
                &mut firm,
                |b| crate::columns::BlockColumns {
                    labels: table.blocks.get(b).map_or(Vec::new(), |bl| {
                        bl.columns.iter().map(column_labels).collect()
                    }),
                    rows_start: rows_start(b),
                },
            );
            if let Some(p) = firm.iter().position(|f| f.1 == usize::MAX) {
                other_header_values = Some(firm.remove(p).2);
            }
        }
        // Rows as read.
        for (b, r, toks) in firm {
            let cells = row_cells(self.template, table.id, b, r).to_vec();
            let kinds: Vec<CellKind> = table.blocks[b].columns.iter().map(|c| c.kind).collect();
            let reading = read_row(self.text, toks, &kinds, &self.row_filter(&cells));
            self.out.rows.push(RowResult {
                table: table.id,
                cells,
                kinds,
                reading,
                extra_ids: Vec::new(),
            });
        }
        // A single （六）其他处理 row printed in a 2021 table.
        if let Some(toks) = other_header_values {
            let sub_rows_found = table.blocks[0]
                .rows
                .iter()
                .enumerate()
                .filter(|(_, r)| r.id.starts_with("other."))
                .any(|(i, _)| {
                    self.out.found_rows.contains(&(table.id, 0, i)) || assigned.contains(&(0, i))
                });
            if !sub_rows_found {
                let kinds: Vec<CellKind> = table.blocks[0].columns.iter().map(|c| c.kind).collect();
                // The single row obeys the row sum like any row of table 三.
                let like = row_cells(self.template, table.id, 0, 0);
                let reading = read_row(self.text, toks, &kinds, &self.row_filter(like));
                self.out.rows.push(RowResult {
                    table: table.id,
                    cells: Vec::new(),
                    kinds,
                    reading,
                    extra_ids: table.blocks[0]
                        .columns
                        .iter()
                        .map(|c| format!("x.apply.other.{}", c.id))
                        .collect(),
                });
                self.out.notes.push((
                    "old-other-row".into(),
                    "表三（六）其他处理只印了一行（2019年格式），没有1–3三个子项；该行数值记为 x.apply.other.*".into(),
                    None,
                ));
            }
        }
    }

    fn find_anchors(&mut self, table: &'static TableDef, region: Range<usize>) -> Vec<Anchor> {
        let norm = self.norm;
        let mut anchors: Vec<Anchor> = Vec::new();
        // Exact row labels first.
        let mut missing = Vec::new();
        let mut last_pos = region.start;
        for (b, block) in table.blocks.iter().enumerate() {
            for (r, row) in block.rows.iter().enumerate() {
                let mut pats = vec![chars(row.core)];
                pats.extend(row.aliases.iter().map(|a| chars(a)));
                let short = row.core.chars().count() <= 3 && !row.item.is_empty();
                let mut hits: Vec<Found> = find_exact(norm, &pats, region.clone())
                    .into_iter()
                    .filter(|f| !short || item_before(norm, f.start, row.item).is_some())
                    .filter(|f| {
                        !anchors
                            .iter()
                            .any(|a| f.start < a.found.end && a.found.start < f.end)
                    })
                    .collect();
                // In table 二, a row label must start its row: reject
                // occurrences glued to other label text (行政许可 inside 其他行政许可…).
                if hits.len() > 1 {
                    let after: Vec<Found> = hits
                        .iter()
                        .filter(|f| f.start >= last_pos)
                        .cloned()
                        .collect();
                    if !after.is_empty() {
                        hits = after;
                    }
                }
                match hits.into_iter().next() {
                    Some(mut f) => {
                        if let Some(s) = item_before(norm, f.start, row.item) {
                            f.start = s;
                        }
                        last_pos = f.end;
                        anchors.push(Anchor {
                            found: f,
                            kind: AnchorKind::Row { block: b, row: r },
                        });
                    }
                    None => missing.push((b, r)),
                }
            }
        }
        // Fuzzy matches for labels printed with typos.
        for (b, r) in missing {
            let row = &table.blocks[b].rows[r];
            let pat = chars(row.core);
            let taken: Vec<Range<usize>> =
                anchors.iter().map(|a| a.found.start..a.found.end).collect();
            let needs_item = pat.len() <= 6;
            let hit = find_fuzzy(norm, &pat, region.clone(), &taken)
                .into_iter()
                .filter(|f| !needs_item || item_before(norm, f.start, row.item).is_some())
                .min_by_key(|f| (f.dist, f.start));
            if let Some(mut f) = hit {
                if let Some(s) = item_before(norm, f.start, row.item) {
                    f.start = s;
                }
                anchors.push(Anchor {
                    found: f,
                    kind: AnchorKind::Row { block: b, row: r },
                });
            }
        }
        // Record the matches.
        for a in &anchors {
            if let AnchorKind::Row { block, row } = a.kind {
                let def = &table.blocks[block].rows[row];
                let range = self.byte(a.found.start)..self.byte_end(a.found.end);
                self.out.found_rows.push((table.id, block, row));
                // A label cut off at a line break (the rest of it printed
                // further on, as when a table column is flattened) is not a typo.
                let found_chars = &norm.chars[a.found.start..a.found.end];
                let label = def.label();
                let expected = chars(&label);
                let core = chars(def.core);
                let is_prefix =
                    |full: &[char]| found_chars.len() < full.len() && full.starts_with(found_chars);
                let line_ends = self.text[range.end..]
                    .chars()
                    .find(|c| *c != ' ' && *c != '\u{3000}')
                    .is_none_or(|c| c == '\n' || c == '|' || c == '\t');
                let wrapped =
                    a.found.dist > 0 && line_ends && (is_prefix(&expected) || is_prefix(&core));
                let m = self.label_match(
                    table.id,
                    format!("row:{}", def.id),
                    label,
                    range,
                    a.found.score(),
                );
                self.out.labels.push(LabelMatch { wrapped, ..m });
            }
        }
        // Headers, captions and column labels cut the value gaps.
        let mut header_pats: Vec<(std::rc::Rc<[char]>, bool)> = table
            .headers
            .iter()
            .map(|h| {
                (
                    chars(&format!("{}{}", h.item, h.core)),
                    h.core == "其他处理",
                )
            })
            .collect();
        header_pats.extend(
            table
                .headers
                .iter()
                .map(|h| (chars(h.core), h.core == "其他处理")),
        );
        for b in &table.blocks {
            if let Some(c) = b.caption {
                header_pats.push((chars(c), false));
            }
            for c in &b.columns {
                header_pats.push((chars(c.label), false));
                for a in c.aliases {
                    header_pats.push((chars(a), false));
                }
            }
        }
        header_pats.push((chars("信息内容"), false));
        header_pats.push((chars("第二十条"), false));
        let mut headers: Vec<Anchor> = Vec::new();
        for (p, is_other) in header_pats {
            for f in find_exact(norm, &[p], region.clone()) {
                let overlaps = anchors
                    .iter()
                    .chain(headers.iter())
                    .any(|a| f.start < a.found.end && a.found.start < f.end);
                if !overlaps {
                    let is_row_table = table.id == TableId::Apply;
                    headers.push(Anchor {
                        found: f,
                        kind: if is_other && is_row_table && self.template.id == TemplateId::Y2021 {
                            AnchorKind::OtherHeader
                        } else {
                            AnchorKind::Header
                        },
                    });
                }
            }
        }
        // Column headers: record how each was printed; a header printed with
        // a typo (本年度止件数 for 本年废止件数) is found by similarity.
        for block in &table.blocks {
            for col in &block.columns {
                let pat = chars(col.label);
                if pat.len() < 4 {
                    continue;
                }
                let exact = find_exact(norm, std::slice::from_ref(&pat), region.clone());
                let found = match exact.into_iter().next() {
                    Some(f) => Some(f),
                    // Typos are looked for in the distinctive headers of
                    // table 二; the short headers of 三 and 四 would match noise.
                    None if table.id != TableId::Active => None,
                    None => {
                        let taken: Vec<Range<usize>> = anchors
                            .iter()
                            .chain(headers.iter())
                            .map(|a| a.found.start..a.found.end)
                            .collect();
                        let hit = find_fuzzy(norm, &pat, region.clone(), &taken)
                            .into_iter()
                            .min_by_key(|f| (f.dist, f.start));
                        if let Some(f) = &hit {
                            headers.push(Anchor {
                                found: f.clone(),
                                kind: AnchorKind::Header,
                            });
                        }
                        hit
                    }
                };
                if let Some(f) = found {
                    let range = self.byte(f.start)..self.byte_end(f.end);
                    // Blocks share columns (本年处理决定数量): record each once.
                    let target = format!("column:{}", col.id);
                    if self
                        .out
                        .labels
                        .iter()
                        .any(|l| l.table == table.id && l.target == target)
                    {
                        continue;
                    }
                    let m =
                        self.label_match(table.id, target, col.label.to_string(), range, f.score());
                    self.out.labels.push(m);
                }
            }
        }
        anchors.extend(headers);
        anchors.sort_by_key(|a| a.found.start);
        anchors
    }

    /// A label as printed, matched to a template label. The span's line and
    /// column are filled in by the caller, which has the document.
    fn label_match(
        &self,
        table: TableId,
        target: String,
        expected: String,
        range: Range<usize>,
        score: f32,
    ) -> LabelMatch {
        LabelMatch {
            table,
            target,
            expected,
            found: self.text[range.clone()].split_whitespace().collect(),
            score,
            wrapped: false,
            at: Some(gongkai_model::Provenance {
                span: gongkai_model::Span {
                    start: range.start,
                    end: range.end,
                    line: 0,
                    column: 0,
                },
                grid: None,
            }),
        }
    }

    /// Read table 四: one line of 15 values under a header.
    pub fn read_single_line(&mut self, table: &'static TableDef, region: Range<usize>) {
        let bytes = self.byte(region.start)..self.byte(region.end);
        let layout = self.layout_of(bytes.clone());
        self.out.tables.push(TableFound {
            table: table.id,
            layout: self.layout_name(layout, bytes.clone()).into(),
            at: None,
        });
        let block = &table.blocks[0];
        let width = block.columns.len() * block.rows.len();
        let mut cells = Vec::new();
        let mut kinds = Vec::new();
        for r in 0..block.rows.len() {
            cells.extend_from_slice(row_cells(self.template, table.id, 0, r));
            kinds.extend(block.columns.iter().map(|c| c.kind));
        }
        let units = units_of(self.text, bytes.clone(), layout);
        // Candidates: value-only units, or the numbers after the last text of a unit.
        let mut best: Option<Vec<Tok>> = None;
        for u in &units {
            let tail: Vec<Tok> = match u.iter().rposition(Tok::is_text) {
                None => u.clone(),
                Some(p) => trailing_number(self.text, &u[p])
                    .into_iter()
                    .chain(u[p + 1..].iter().cloned())
                    .collect(),
            };
            if !tail.iter().any(|t| t.run().is_some()) {
                continue;
            }
            let mut tail = tail;
            trim_blanks(&mut tail, width);
            let n = count_cells(&tail);
            let digits: usize = tail
                .iter()
                .filter_map(|t| t.run())
                .map(|r| r.chars.len())
                .sum();
            if n == width || (n < width && digits >= width) {
                best = Some(tail);
                break;
            }
            if best.is_none() {
                best = Some(tail);
            }
        }
        match best {
            Some(mut toks) => {
                if layout == Layout::Inline {
                    let cols = crate::columns::BlockColumns {
                        labels: (0..block.rows.len())
                            .flat_map(|_| block.columns.iter().map(column_labels))
                            .collect(),
                        rows_start: toks.first().map_or(bytes.end, |t| t.range().start),
                    };
                    crate::columns::place_by_headers(
                        self.text,
                        self.norm,
                        region.clone(),
                        &mut toks,
                        &cols,
                    );
                }
                let reading = read_row(self.text, toks, &kinds, &self.row_filter(&cells));
                self.out.rows.push(RowResult {
                    table: table.id,
                    cells,
                    kinds,
                    reading,
                    extra_ids: Vec::new(),
                });
            }
            None => self.out.notes.push((
                "table-values-missing".into(),
                "表四只有表头，没有找到数值行".into(),
                Some(bytes),
            )),
        }
    }
}

/// The labels a column header may be printed with.
fn column_labels(c: &ColumnDef) -> Vec<&'static str> {
    std::iter::once(c.label)
        .chain(c.aliases.iter().copied())
        .collect()
}

#[derive(Debug, Clone, Copy)]
enum Event {
    Firm(usize, usize),
    Label(usize, usize),
    Free(usize),
}

/// Lines (byte ranges without the newline) within `bytes`.
pub fn lines_in(text: &str, bytes: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = bytes.start;
    for (i, c) in text[bytes.clone()].char_indices() {
        if c == '\n' {
            out.push(start..bytes.start + i);
            start = bytes.start + i + 1;
        }
    }
    out.push(start..bytes.end);
    out
}

/// Split a gap into units (rows of tokens) according to the layout.
fn units_of(text: &str, bytes: Range<usize>, layout: Layout) -> Vec<Vec<Tok>> {
    let bytes_start = bytes.start;
    let lines = lines_in(text, bytes);
    let mut units: Vec<Vec<Tok>> = Vec::new();
    match layout {
        Layout::Inline => {
            for l in lines {
                if is_rule_line(&text[l.clone()]) || is_page_number(&text[l.clone()]) {
                    continue;
                }
                // Tabs and pipes are cell separators: a line of them is a row
                // of empty cells, not an empty line.
                if text[l.clone()]
                    .chars()
                    .all(|c| c.is_whitespace() && c != '\t')
                {
                    // The rest of a label's line is a (possibly empty) unit.
                    if units.is_empty() {
                        units.push(Vec::new());
                    }
                    continue;
                }
                // On the label's own line, a separator right after the label
                // closes the label's cell: it does not open an empty one.
                let mut l = l;
                if units.is_empty() && l.start == bytes_start {
                    let s = &text[l.clone()];
                    let t = s.trim_start_matches([' ', '\u{3000}']);
                    // (A pipe needs no help: markdown splitting already
                    // drops the empty field before a leading pipe.)
                    if t.starts_with('\t') {
                        l.start += s.len() - t.len() + 1;
                    }
                }
                units.push(tokenize_line(text, l));
            }
        }
        Layout::Stacked => {
            let mut cur: Vec<Tok> = Vec::new();
            for (i, l) in lines.into_iter().enumerate() {
                let s = &text[l.clone()];
                if i == 0 {
                    // The rest of the label's line.
                    if !s.trim().is_empty() {
                        crate::tokens::classify_into(text, l, &mut cur);
                    }
                    continue;
                }
                if s.is_empty() {
                    if !cur.is_empty() {
                        units.push(std::mem::take(&mut cur));
                    }
                    continue;
                }
                if is_page_number(s) {
                    continue;
                }
                if s.trim().is_empty() {
                    cur.push(Tok::Blank(l.start..l.start));
                } else {
                    // One cell per line: the line is the cell (its leading
                    // tab is indentation, not an empty cell).
                    crate::tokens::classify_into(text, l, &mut cur);
                }
            }
            units.push(cur);
        }
    }
    units
}

/// A page number printed inside a table when it crosses a page break:
/// `-3-`, `— 3 —`, `第3页`, `第 3 页 共 8 页`, `3/8`.
pub fn is_page_number(line: &str) -> bool {
    // Cells separated by tabs or pipes are a table row (`1\t/\t2`), not a page number.
    if line.contains(['\t', '|']) {
        return false;
    }
    // Only short lines can be page numbers: look at the line without its
    // whitespace, built only when it has at most 16 other chars.
    if line
        .chars()
        .filter(|c| !c.is_whitespace())
        .nth(16)
        .is_some()
    {
        return false;
    }
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return false;
    }
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let dash = |c: char| matches!(c, '-' | '—' | '–' | '－' | '―');
    if let Some(inner) = t.strip_prefix(dash).and_then(|r| r.strip_suffix(dash)) {
        return digits(inner.trim_matches(dash));
    }
    if let Some(rest) = t.strip_prefix('第') {
        let mut parts = rest.split('页');
        let first = parts.next().unwrap_or("");
        let second = parts.next().unwrap_or("");
        return digits(first)
            && (second.is_empty() || second.strip_prefix('共').is_some_and(&digits));
    }
    if let Some((a, b)) = line.trim().split_once('/') {
        return digits(a) && digits(b);
    }
    false
}

/// The value tokens at the start of a unit, up to the first text.
fn leading_values(unit: &[Tok]) -> Vec<Tok> {
    unit.iter().take_while(|t| !t.is_text()).cloned().collect()
}

/// Number of cells the tokens stand for (a run counts as one).
fn count_cells(toks: &[Tok]) -> usize {
    toks.len()
}

/// Drop blank tokens at the edges while there are more than `n` tokens.
fn trim_blanks(toks: &mut Vec<Tok>, n: usize) {
    while toks.len() > n {
        if toks.first().is_some_and(Tok::is_blank) {
            toks.remove(0);
        } else if toks.last().is_some_and(Tok::is_blank) {
            toks.pop();
        } else {
            break;
        }
    }
}

/// The number a text token ends with (`…总计21317000001324019`).
fn trailing_number(text: &str, tok: &Tok) -> Vec<Tok> {
    let Tok::Text(r) = tok else { return Vec::new() };
    let s = &text[r.clone()];
    let mut start = s.len();
    for (i, c) in s.char_indices().rev() {
        if c.is_ascii_digit() || ('０'..='９').contains(&c) || c == ' ' || c == '.' {
            start = i;
        } else {
            break;
        }
    }
    let tail = &s[start..];
    let tail_trim = tail.trim_start_matches([' ', '.']);
    if tail_trim.is_empty() {
        return Vec::new();
    }
    let off = r.start + start + (tail.len() - tail_trim.len());
    crate::tokens::classify(text, off..r.end)
        .into_iter()
        .filter(|t| !t.is_text())
        .collect()
}

/// Turn the tokens read for a row into a reading of its cells.
pub fn read_row(
    text: &str,
    mut toks: Vec<Tok>,
    kinds: &[CellKind],
    accept: &dyn Fn(&[Decimal]) -> bool,
) -> Reading {
    let n = kinds.len();
    trim_blanks(&mut toks, n);
    let range = match (toks.first(), toks.last()) {
        (Some(a), Some(b)) => a.range().start..b.range().end,
        _ => 0..0,
    };
    let has_run = toks.iter().any(|t| matches!(t, Tok::Run(_)));
    if toks.len() == n && !has_run {
        let cells = toks
            .into_iter()
            .map(|tok| {
                let value = match &tok {
                    Tok::Num { value, .. } => gongkai_model::Value::Number(*value),
                    Tok::Blank(_) => gongkai_model::Value::Blank,
                    Tok::Mark(_) => gongkai_model::Value::NotApplicable,
                    Tok::Text(r) => gongkai_model::Value::Text(text[r.clone()].to_string()),
                    Tok::Run(_) => gongkai_model::Value::Unknown,
                };
                FixedCell { tok, value }
            })
            .collect();
        return Reading::Fixed(cells);
    }
    // Numbers in separate fields (tabs, pipes, aligned columns) but fewer
    // than the cells: some cells are blank and we cannot tell which. Cutting
    // the numbers apart would invent values.
    let separate_numbers = toks.len() >= 2 && toks.iter().all(|t| matches!(t, Tok::Num { .. }))
        // One number set apart after its label in aligned columns: the
        // other cells are blank (cutting its digits apart would invent values).
        || matches!(toks.as_slice(), [Tok::Num { raw, .. }] if n > 1
            && crate::columns::after_label_in_aligned_columns(text, raw.clone()));
    if separate_numbers && toks.len() < n {
        return Reading::Unknown {
            reason: format!(
                "该行只有{}个数值，应为{}个，无法确定哪些单元格为空白",
                toks.len(),
                n
            ),
            range,
        };
    }
    if toks.iter().all(|t| t.run().is_some()) && !toks.is_empty() {
        let mut run = Run::default();
        for t in &toks {
            if let Some(r) = t.run() {
                run.push_field(r);
            }
        }
        return match segment_where(&run, kinds, accept) {
            Ok(splits) => Reading::Split { run, splits },
            Err(SegmentError::NoReading) => Reading::Unknown {
                reason: format!("“{}”无法拆分为{}个数", run.text(), n),
                range,
            },
            Err(SegmentError::TooMany) => Reading::Unknown {
                reason: format!("“{}”可拆分的方式过多，无法确定", run.text()),
                range,
            },
        };
    }
    Reading::Unknown {
        reason: format!("该行有{}个单元格，应为{}个", toks.len(), n),
        range,
    }
}

/// The template's rows that are results of table 三 (for notes).
pub fn is_result_row(t: &Template, cell: usize) -> bool {
    t.cells
        .get(cell)
        .map(|c| t.row_of(c).role == RowRole::Result)
        .unwrap_or(false)
}

#[cfg(test)]
mod layout_tests {
    use super::*;
    #[test]
    fn template_clues_come_from_the_declarations() {
        let c21 = template_clues(TemplateId::Y2021);
        let c19 = template_clues(TemplateId::Y2019);
        for l in [
            "本年制发件数",
            "本年废止件数",
            "现行有效件数",
            "本年处理决定数量",
        ] {
            assert!(c21.contains(&l), "{l}");
        }
        for l in [
            "本年新制作数量",
            "对外公开总数量",
            "上一年项目数量",
            "本年增/减",
            "其他对外管理服务事项",
            "第二十条第（九）项",
            "采购项目数量",
        ] {
            assert!(c19.contains(&l), "{l}");
        }
        // Shared or nested labels decide nothing.
        for l in [
            "规章",
            "规范性文件",
            "行政规范性文件",
            "行政许可",
            "处理决定数量",
            "第二十条第（一）项",
        ] {
            assert!(!c21.contains(&l) && !c19.contains(&l), "{l}");
        }
    }

    #[test]
    fn page_numbers() {
        for p in [
            "-3-",
            " — 3 — ",
            "第3页",
            "第 3 页 共 8 页",
            "3/8",
            "－12－",
        ] {
            assert!(is_page_number(p), "{p}");
        }
        for p in [
            "3",
            "0 0 0",
            "-3",
            "第三页",
            "1/2/3",
            "行政许可",
            "1\t/\t2",
            "1  /  2",
        ] {
            assert!(!is_page_number(p), "{p}");
        }
    }

    #[test]
    fn pipe_row_with_blank_total() {
        let text = "| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 |  |";
        let start = text.find(" | 1").unwrap();
        let units = units_of(text, start..text.len(), Layout::Inline);
        assert_eq!(units[0].len(), 7, "{:?}", units);
    }
}
