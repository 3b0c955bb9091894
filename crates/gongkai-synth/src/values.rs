//! The numbers of a report: random tables that satisfy every report-scope
//! relation of the template, how each cell is printed, the variants (a row
//! left out, the single （六） row) and the relations broken on purpose.

use std::collections::HashSet;

use gongkai_model::{
    CellKind, Decimal, Evaluation, Relation, RowRole, Scope, TableId, Template, TemplateId,
};
use rand::seq::IndexedRandom;
use rand::Rng;

use crate::analysis::{self, Analysis};
use crate::{Layout, Magnitude, Spec};

/// A cell as printed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Printed {
    /// A number and the text it is printed as (`1,204`, `+3`, `47.9659万元`).
    Num { value: Decimal, text: String },
    /// An empty cell.
    Blank,
    /// A not-applicable mark as printed (`/`, `—`, `无`).
    Mark(&'static str),
    /// The row is not printed.
    Absent,
}

impl Printed {
    pub fn number(&self) -> Option<Decimal> {
        match self {
            Printed::Num { value, .. } => Some(*value),
            _ => None,
        }
    }

    /// The text in the table.
    pub fn text(&self) -> &str {
        match self {
            Printed::Num { text, .. } => text,
            Printed::Mark(m) => m,
            Printed::Blank | Printed::Absent => "",
        }
    }
}

/// Every cell of a report as printed.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// One per template cell, in template order.
    pub cells: Vec<Printed>,
    /// A 2021 table printed with the single 2019-style （六）其他处理 row: its
    /// cells, one per applicant column (the template's `other.*` rows are
    /// then absent).
    pub x_other: Option<Vec<Printed>>,
}

impl Table {
    pub fn number(&self, def: &Template, id: &str) -> Option<Decimal> {
        def.cell_index(id).and_then(|i| self.cells[i].number())
    }
}

/// A number changed to break relations.
#[derive(Debug, Clone)]
pub(crate) struct Mutation {
    pub cell: String,
    pub was: Decimal,
    pub now: Decimal,
}

/// The drawn report values and what the truth must say about them.
#[derive(Debug, Clone)]
pub(crate) struct Drawn {
    pub table: Table,
    /// Per template cell: the text does not determine it (`V|?`).
    pub undetermined: Vec<bool>,
    /// Per `x_other` cell.
    pub x_undetermined: Vec<bool>,
    /// Runs too ambiguous to analyse were kept ([`Spec::with_ambiguous`]).
    pub inexact: bool,
    pub mutations: Vec<Mutation>,
    /// Every relation broken (after the mutations), by id.
    pub broken: Vec<String>,
    /// Variants used, for the truth file's comments.
    pub notes: Vec<String>,
}

/// How large a body's numbers are.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Size {
    Zero,
    Single,
    Quiet,
    Small,
    Medium,
    Large,
    UpTo(u32),
}

impl Size {
    /// A smaller size for a later attempt (the run layout draws again when
    /// its runs are too ambiguous).
    fn shrink(self, attempt: usize, last: usize) -> Size {
        if attempt + 1 >= last {
            return Size::Zero;
        }
        match self {
            Size::Medium | Size::Large if attempt >= 3 => Size::Small,
            Size::Small if attempt >= 6 => Size::Quiet,
            Size::UpTo(m) if attempt >= 6 => Size::UpTo((m / 2).max(1)),
            s => s,
        }
    }

    /// Probability that a free count of table 三 is not zero (before row and
    /// column weights) and the largest such count.
    fn apply(self) -> (f64, u64) {
        match self {
            Size::Zero => (0.0, 0),
            Size::Single => (0.35, 3),
            Size::Quiet => (0.3, 3),
            Size::Small => (0.6, 9),
            Size::Medium => (0.8, 60),
            Size::Large => (0.9, 900),
            Size::UpTo(m) => (1.0 / 3.0, u64::from(m)),
        }
    }

    fn active_max(self) -> u64 {
        match self {
            Size::Zero => 0,
            Size::Single => 9,
            Size::Quiet => 3,
            Size::Small => 20,
            Size::Medium => 300,
            Size::Large => 5000,
            Size::UpTo(m) => u64::from(m),
        }
    }

    fn review(self) -> (f64, u64) {
        match self {
            Size::Zero => (0.0, 0),
            Size::Single | Size::Quiet | Size::Small => (0.05, 2),
            Size::Medium => (0.12, 3),
            Size::Large => (0.2, 9),
            Size::UpTo(m) => (1.0 / 3.0, u64::from(m)),
        }
    }
}

/// How a report prints its cells.
#[derive(Debug, Clone)]
struct Style {
    size: Size,
    /// Digits only: no blanks, marks, separators or units (run layout).
    plain: bool,
    blank_zero: f64,
    mark_zero: f64,
    mark: &'static str,
    thousands: bool,
    wan_suffix: bool,
    plus_sign: bool,
    omit_row: bool,
    single_other: bool,
}

impl Style {
    fn draw<R: Rng + ?Sized>(spec: &Spec, rng: &mut R) -> Style {
        let plain = spec.layout() == Layout::Run;
        let size = match spec.magnitude() {
            Magnitude::SingleDigit => Size::Single,
            Magnitude::UpTo(m) => Size::UpTo(m.max(1)),
            Magnitude::Realistic => {
                let weights: [(Size, u32); 4] = if plain {
                    [
                        (Size::Quiet, 40),
                        (Size::Small, 45),
                        (Size::Medium, 15),
                        (Size::Large, 0),
                    ]
                } else {
                    [
                        (Size::Quiet, 30),
                        (Size::Small, 35),
                        (Size::Medium, 25),
                        (Size::Large, 10),
                    ]
                };
                weighted(rng, &weights)
            }
        };
        let decorate = !plain && spec.magnitude() == Magnitude::Realistic;
        let p = |rng: &mut R, p: f64| decorate && rng.random_bool(p);
        Style {
            size,
            plain,
            blank_zero: if p(rng, 0.15) {
                0.5
            } else if p(rng, 0.12) {
                0.05
            } else {
                0.0
            },
            mark_zero: if p(rng, 0.15) { 0.4 } else { 0.0 },
            mark: ["/", "/", "/", "—", "无"]
                .choose(rng)
                .copied()
                .unwrap_or("/"),
            thousands: p(rng, 0.3),
            wan_suffix: p(rng, 0.15),
            plus_sign: p(rng, 0.1),
            omit_row: spec.magnitude() == Magnitude::Realistic && rng.random_bool(0.06),
            single_other: spec.template() == TemplateId::Y2021
                && spec.magnitude() == Magnitude::Realistic
                && rng.random_bool(0.08),
        }
    }
}

fn weighted<R: Rng + ?Sized, T: Copy>(rng: &mut R, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|i| i.1).sum();
    let mut x = rng.random_range(0..total.max(1));
    for &(t, w) in items {
        if x < w {
            return t;
        }
        x -= w;
    }
    items[0].0
}

/// A count from 1 to `max`, small ones likelier (log-uniform).
fn log_uniform<R: Rng + ?Sized>(rng: &mut R, max: u64) -> u64 {
    if max <= 1 {
        return max;
    }
    let x: f64 = rng.random_range(0.0..((max as f64) + 0.5).ln());
    (x.exp().floor() as u64).clamp(1, max)
}

fn count<R: Rng + ?Sized>(rng: &mut R, p: f64, max: u64) -> Decimal {
    if max == 0 || !rng.random_bool(p.clamp(0.0, 1.0)) {
        return Decimal::ZERO;
    }
    Decimal::from(log_uniform(rng, max))
}

fn amount<R: Rng + ?Sized>(rng: &mut R, size: Size) -> Decimal {
    let (p, max_int, scales): (f64, u64, &[u32]) = match size {
        Size::Zero => return Decimal::ZERO,
        Size::Single => (0.3, 9, &[0]),
        Size::UpTo(_) => (1.0 / 3.0, 9, &[0, 1, 2]),
        Size::Quiet => (0.3, 5, &[0, 2]),
        Size::Small => (0.4, 50, &[0, 1, 2]),
        Size::Medium => (0.5, 2000, &[0, 2, 2, 4]),
        Size::Large => (0.6, 20000, &[2, 2, 4, 6]),
    };
    if !rng.random_bool(p) {
        return Decimal::ZERO;
    }
    let int = log_uniform(rng, max_int);
    let scale = *scales.choose(rng).unwrap_or(&0);
    let frac = if scale == 0 {
        0
    } else {
        rng.random_range(1..10u64.pow(scale))
    };
    Decimal::from_i128_with_scale(
        i128::from(int) * 10i128.pow(scale) + i128::from(frac),
        scale,
    )
}

fn signed<R: Rng + ?Sized>(rng: &mut R, size: Size) -> Decimal {
    let (p, max) = match size {
        Size::Zero => return Decimal::ZERO,
        Size::Single => return count(rng, 0.2, 9),
        Size::UpTo(m) => (1.0 / 3.0, u64::from(m)),
        Size::Quiet => (0.2, 3),
        Size::Small => (0.35, 9),
        Size::Medium => (0.35, 30),
        Size::Large => (0.4, 100),
    };
    if !rng.random_bool(p) {
        return Decimal::ZERO;
    }
    if rng.random_bool(0.35) {
        -Decimal::from(log_uniform(rng, max.min(9)))
    } else {
        Decimal::from(log_uniform(rng, max))
    }
}

/// The report-scope relations of a template.
pub(crate) fn report_relations(def: &Template) -> Vec<&Relation> {
    def.relations_of(Scope::Report).collect()
}

/// Numbers for every cell that satisfy every report-scope relation.
///
/// Cells that appear on no relation's left side are drawn; then, until
/// nothing changes, a relation with one left-hand cell whose right side is
/// known fixes that cell (totals), and a relation with several left-hand
/// cells none of which is a total (一、本年新收 + 二、上年结转 per column) shares
/// its right side among them.
fn numbers<R: Rng + ?Sized>(def: &Template, rng: &mut R, size: Size) -> Vec<Decimal> {
    let rels = report_relations(def);
    let idx = |id: &str| def.cell_index(id);
    let mut on_lhs = HashSet::new();
    let mut single_lhs = HashSet::new();
    for r in &rels {
        for t in &r.lhs {
            if let Some(i) = idx(&t.cell) {
                on_lhs.insert(i);
                if r.lhs.len() == 1 {
                    single_lhs.insert(i);
                }
            }
        }
    }
    let apply_rows = &def.table(TableId::Apply).blocks[0].rows;
    let first_result = apply_rows.iter().position(|r| r.role == RowRole::Result);
    let mut val: Vec<Option<Decimal>> = vec![None; def.cells.len()];
    for (i, c) in def.cells.iter().enumerate() {
        if on_lhs.contains(&i) {
            continue;
        }
        let v = match c.kind {
            CellKind::AmountWan => amount(rng, size),
            CellKind::Signed => signed(rng, size),
            CellKind::Count => match c.table {
                TableId::Active => {
                    // The first item: no rules (a 局 has no power to make
                    // 规章), a few 规范性文件 a year, a larger stock.
                    let max = size.active_max();
                    let uniform = matches!(size, Size::UpTo(_));
                    match (c.block, c.row, c.column) {
                        _ if uniform => count(rng, 0.45, max),
                        (0, 0, _) => Decimal::ZERO,
                        (0, _, k) if k + 1 < def.table(TableId::Active).blocks[0].columns.len() => {
                            count(rng, 0.4, (max / 10).max(2))
                        }
                        _ => count(rng, 0.45, max),
                    }
                }
                TableId::Review => {
                    let (p, max) = size.review();
                    count(rng, p, max)
                }
                TableId::Apply => {
                    let (p, max) = size.apply();
                    let uniform = matches!(size, Size::UpTo(_));
                    let row_w = match apply_rows[c.row].role {
                        _ if uniform => 1.0,
                        RowRole::CarriedOut => 0.25,
                        _ if Some(c.row) == first_result => 1.0,
                        _ => 0.15,
                    };
                    // Most applicants are natural persons.
                    let (col_w, max) = if uniform || c.column == 0 {
                        (1.0, max)
                    } else {
                        (0.12, (max / 5).max(1))
                    };
                    count(rng, p * row_w * col_w, max)
                }
            },
        };
        val[i] = Some(v);
    }
    // A decrease (本年增/减) takes away at most what the column before it
    // (上一年项目数量) counted.
    for (i, c) in def.cells.iter().enumerate() {
        if c.kind != CellKind::Signed || c.column == 0 {
            continue;
        }
        let before = def.row_cells(c.table, c.block, c.row)[c.column - 1];
        if let (Some(v), Some(p)) = (val[i], val[before]) {
            if v < -p {
                val[i] = Some(if p.is_zero() { Decimal::ZERO } else { -p });
            }
        }
    }
    // The stock (现行有效 / 对外公开总数量, the last column of the first item)
    // is not smaller than the year's figures.
    let first = &def.table(TableId::Active).blocks[0];
    for r in 0..first.rows.len() {
        let cells = def.row_cells(TableId::Active, 0, r);
        if let Some((&last, rest)) = cells.split_last() {
            let most = rest.iter().filter_map(|&i| val[i]).max();
            if let (Some(m), Some(v)) = (most, val[last]) {
                val[last] = Some(v.max(m));
            }
        }
    }
    let sum = |val: &[Option<Decimal>], terms: &[gongkai_model::Term]| -> Option<Decimal> {
        terms.iter().try_fold(Decimal::ZERO, |acc, t| {
            let v = val[idx(&t.cell)?]?;
            Some(if t.negative { acc - v } else { acc + v })
        })
    };
    loop {
        let mut progress = false;
        for r in &rels {
            if r.lhs.len() != 1 {
                continue;
            }
            let Some(l) = idx(&r.lhs[0].cell) else {
                continue;
            };
            if val[l].is_none() {
                if let Some(s) = sum(&val, &r.rhs) {
                    val[l] = Some(s);
                    progress = true;
                }
            }
        }
        if progress {
            continue;
        }
        for r in &rels {
            let lhs: Vec<usize> = r.lhs.iter().filter_map(|t| idx(&t.cell)).collect();
            if lhs.len() < 2
                || lhs
                    .iter()
                    .any(|&i| val[i].is_some() || single_lhs.contains(&i))
                || r.lhs.iter().any(|t| t.negative)
            {
                continue;
            }
            let Some(total) = sum(&val, &r.rhs) else {
                continue;
            };
            // The first term (本年新收) takes most; the others (上年结转) a little.
            let mut left = total;
            for &i in &lhs[1..] {
                let max = left.to_string().parse::<u64>().unwrap_or(0);
                let share = if max > 0 && rng.random_bool(0.25) {
                    Decimal::from(rng.random_range(0..=max.min(5)))
                } else {
                    Decimal::ZERO
                };
                val[i] = Some(share);
                left -= share;
            }
            val[lhs[0]] = Some(left);
            progress = true;
            break;
        }
        if !progress {
            break;
        }
    }
    val.into_iter()
        .map(|v| v.unwrap_or(Decimal::ZERO))
        .collect()
}

/// `1234567` → `1,234,567`.
fn thousands(s: &str) -> String {
    let (int, rest) = match s.find('.') {
        Some(p) => s.split_at(p),
        None => (s, ""),
    };
    let (sign, digits) = match int.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", int),
    };
    let mut out = String::new();
    for (k, ch) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{sign}{out}{rest}")
}

fn text_of(value: Decimal, kind: CellKind, style: &Style) -> String {
    let plain = value.to_string();
    if style.plain {
        return plain;
    }
    match kind {
        CellKind::Count if style.thousands && value >= Decimal::from(1000) => thousands(&plain),
        CellKind::Signed if style.plus_sign && value > Decimal::ZERO => format!("+{plain}"),
        CellKind::AmountWan if style.wan_suffix && value > Decimal::ZERO => format!("{plain}万元"),
        _ => plain,
    }
}

fn print<R: Rng + ?Sized>(
    value: Decimal,
    kind: CellKind,
    table: TableId,
    style: &Style,
    rng: &mut R,
) -> Printed {
    if value.is_zero() && !style.plain {
        if style.mark_zero > 0.0 && table == TableId::Active && rng.random_bool(style.mark_zero) {
            return Printed::Mark(style.mark);
        }
        if style.blank_zero > 0.0 && rng.random_bool(style.blank_zero) {
            return Printed::Blank;
        }
    }
    Printed::Num {
        value,
        text: text_of(value, kind, style),
    }
}

/// The index of the 2021 `other.*` rows in table 三 (the three rows of
/// （六）其他处理) and the 2019 row that prints them as one.
pub(crate) fn other_rows(def: &Template) -> Vec<usize> {
    let block = &def.table(TableId::Apply).blocks[0];
    let single = single_other_path();
    block
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.path.starts_with(&format!("{single}/")))
        .map(|(i, _)| i)
        .collect()
}

/// The 2019 template's single （六）其他处理 row.
pub(crate) fn single_other_row() -> &'static gongkai_model::RowDef {
    let block = &TemplateId::Y2019.get().table(TableId::Apply).blocks[0];
    let other = TemplateId::Y2021.get().table(TableId::Apply).blocks[0]
        .rows
        .iter()
        .find(|r| r.id.starts_with("other."))
        .map(|r| r.id.split('.').next().unwrap_or(r.id))
        .unwrap_or("other");
    block
        .rows
        .iter()
        .find(|r| r.id == other)
        .unwrap_or(&block.rows[0])
}

fn single_other_path() -> &'static str {
    single_other_row().path.as_str()
}

/// Draw the report's values.
pub(crate) fn draw<R: Rng + ?Sized>(def: &Template, spec: &Spec, rng: &mut R) -> Drawn {
    let style = Style::draw(spec, rng);
    const ATTEMPTS: usize = 12;
    let mut last: Option<Drawn> = None;
    for attempt in 0..ATTEMPTS {
        let size = style.size.shrink(attempt, ATTEMPTS);
        let nums = numbers(def, rng, size);
        if size == Size::Single && nums.iter().any(|v| v.abs() >= Decimal::from(10)) {
            continue;
        }
        let mut drawn = printed(def, &nums, &style, rng);
        if spec.break_relations() {
            break_relations(
                def,
                &mut drawn,
                size == Size::Single || size == Size::Zero,
                rng,
            );
        }
        if !style.plain {
            return drawn;
        }
        let hints = crate::narrative::Facts::of(def, &drawn.table).hints(def);
        match analysis::analyse(def, &drawn.table, &hints) {
            Analysis::Exact {
                undetermined,
                x_undetermined,
            } => {
                drawn.undetermined = undetermined;
                drawn.x_undetermined = x_undetermined;
                return drawn;
            }
            Analysis::TooAmbiguous {
                undetermined,
                x_undetermined,
            } if spec.ambiguous => {
                drawn.undetermined = undetermined;
                drawn.x_undetermined = x_undetermined;
                drawn.inexact = true;
                return drawn;
            }
            _ => last = Some(drawn),
        }
    }
    // Unreachable in practice: an all-zero table (even with a relation
    // broken by a single digit) has one cut per run.
    last.unwrap_or_else(|| printed(def, &vec![Decimal::ZERO; def.cells.len()], &style, rng))
}

fn printed<R: Rng + ?Sized>(def: &Template, nums: &[Decimal], style: &Style, rng: &mut R) -> Drawn {
    let mut cells: Vec<Printed> = def
        .cells
        .iter()
        .zip(nums)
        .map(|(c, &v)| print(v, c.kind, c.table, style, rng))
        .collect();
    let mut notes = Vec::new();
    if style.omit_row {
        let active = def.table(TableId::Active);
        let blocks: Vec<usize> = (0..active.blocks.len())
            .filter(|&b| active.blocks[b].rows.len() >= 2)
            .collect();
        if let Some(&b) = blocks.choose(rng) {
            let r = rng.random_range(0..active.blocks[b].rows.len());
            for i in def.row_cells(TableId::Active, b, r) {
                cells[i] = Printed::Absent;
            }
            notes.push(format!(
                "table 二 leaves out the row {}: its cells are absent (-)",
                active.blocks[b].rows[r].label()
            ));
        }
    }
    let mut x_other = None;
    if style.single_other {
        let rows = other_rows(def);
        if !rows.is_empty() {
            let block = &def.table(TableId::Apply).blocks[0];
            let mut sums = vec![Decimal::ZERO; block.columns.len()];
            for &r in &rows {
                for (k, i) in def.row_cells(TableId::Apply, 0, r).into_iter().enumerate() {
                    sums[k] += nums[i];
                    cells[i] = Printed::Absent;
                }
            }
            x_other = Some(
                sums.iter()
                    .zip(&block.columns)
                    .map(|(&v, c)| print(v, c.kind, TableId::Apply, style, rng))
                    .collect::<Vec<_>>(),
            );
            let row = single_other_row();
            notes.push(format!(
                "table 三 prints a single {} row (2019 layout) instead of its sub-rows: other.* are absent, the row is under x.apply.{}.*",
                row.label(),
                row.id
            ));
        }
    }
    let n = cells.len();
    let nx = x_other.as_ref().map(Vec::len).unwrap_or(0);
    Drawn {
        table: Table { cells, x_other },
        undetermined: vec![false; n],
        x_undetermined: vec![false; nx],
        inexact: false,
        mutations: Vec::new(),
        broken: Vec::new(),
        notes,
    }
}

/// Evaluate a relation on the printed numbers.
pub(crate) fn evaluate(def: &Template, table: &Table, r: &Relation) -> Evaluation {
    r.evaluate(|t| {
        if t.prev {
            None
        } else {
            table.number(def, &t.cell)
        }
    })
}

/// Change one number per chosen relation so that it no longer holds.
fn break_relations<R: Rng + ?Sized>(def: &Template, drawn: &mut Drawn, small: bool, rng: &mut R) {
    let rels = report_relations(def);
    let holding = |table: &Table| -> Vec<&Relation> {
        rels.iter()
            .copied()
            .filter(|r| evaluate(def, table, r) == Evaluation::Holds)
            .collect()
    };
    let mut decidable = holding(&drawn.table);
    if decidable.is_empty() {
        // Every relation touches a blank cell: print the zeros of one.
        let blanks_only: Vec<&Relation> = rels
            .iter()
            .copied()
            .filter(|r| {
                r.terms().all(|t| {
                    def.cell_index(&t.cell).is_some_and(|i| {
                        matches!(drawn.table.cells[i], Printed::Num { .. } | Printed::Blank)
                    })
                })
            })
            .collect();
        let Some(r) = blanks_only.choose(rng) else {
            return;
        };
        for t in r.terms() {
            if let Some(i) = def.cell_index(&t.cell) {
                if drawn.table.cells[i] == Printed::Blank {
                    drawn.table.cells[i] = Printed::Num {
                        value: Decimal::ZERO,
                        text: "0".into(),
                    };
                }
            }
        }
        decidable = holding(&drawn.table);
    }
    if decidable.is_empty() {
        return;
    }
    let original = drawn.table.clone();
    for _ in 0..20 {
        drawn.table = original.clone();
        drawn.mutations.clear();
        let k = weighted(rng, &[(1usize, 6), (2, 3), (3, 1)]).min(decidable.len());
        let chosen: Vec<&&Relation> = decidable.choose_multiple(rng, k).collect();
        for r in &chosen {
            let terms: Vec<&gongkai_model::Term> = r.terms().collect();
            let Some(t) = terms.choose(rng) else { continue };
            let Some(i) = def.cell_index(&t.cell) else {
                continue;
            };
            let Some(was) = drawn.table.cells[i].number() else {
                continue;
            };
            let up = if small {
                was < Decimal::from(9)
            } else {
                was.is_zero() || rng.random_bool(0.7)
            };
            let delta = if small || !up {
                Decimal::ONE
            } else {
                Decimal::from(rng.random_range(1..=3))
            };
            let now = if up { was + delta } else { was - delta };
            drawn.table.cells[i] = Printed::Num {
                value: now,
                text: now.to_string(),
            };
            drawn.mutations.push(Mutation {
                cell: t.cell.clone(),
                was,
                now,
            });
        }
        let broken: Vec<String> = rels
            .iter()
            .filter(|r| matches!(evaluate(def, &drawn.table, r), Evaluation::Broken { .. }))
            .map(|r| r.id.clone())
            .collect();
        if chosen.iter().all(|r| broken.contains(&r.id)) {
            drawn.broken = broken;
            return;
        }
    }
    drawn.table = original;
    drawn.mutations.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seeded;

    #[test]
    fn numbers_satisfy_every_relation() {
        for t in TemplateId::ALL {
            let def = t.get();
            for seed in 0..50 {
                let mut rng = seeded(seed, 0);
                for size in [
                    Size::Quiet,
                    Size::Small,
                    Size::Medium,
                    Size::Large,
                    Size::UpTo(40),
                ] {
                    let nums = numbers(def, &mut rng, size);
                    for r in report_relations(def) {
                        let ev = r.evaluate(|t| def.cell_index(&t.cell).map(|i| nums[i]));
                        assert_eq!(ev, Evaluation::Holds, "{} {:?}", r.id, size);
                    }
                    assert!(nums
                        .iter()
                        .zip(&def.cells)
                        .all(|(v, c)| c.kind == CellKind::Signed || !v.is_sign_negative()));
                }
            }
        }
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands("1234567"), "1,234,567");
        assert_eq!(thousands("123"), "123");
        assert_eq!(thousands("1234.56"), "1,234.56");
    }
}
