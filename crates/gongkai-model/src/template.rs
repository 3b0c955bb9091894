//! The two national templates, declared once as data.
//!
//! Everything that knows about the shape of a report — the extractor's label
//! matcher and digit-run solver, the checker's sum rules, the renderer and the
//! exporters — derives from the [`Template`] values built in [`crate::decl`].

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::relation::Relation;

/// Which national format a report follows.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub enum TemplateId {
    /// 国办公开办函〔2019〕60号, for reports on 2019 and 2020.
    #[serde(rename = "2019")]
    Y2019,
    /// 国办公开办函〔2021〕30号, for reports on 2021 and later.
    #[serde(rename = "2021")]
    Y2021,
}

impl TemplateId {
    pub const ALL: [TemplateId; 2] = [TemplateId::Y2019, TemplateId::Y2021];

    /// The spec's name of the template (`2019` / `2021`).
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateId::Y2019 => "2019",
            TemplateId::Y2021 => "2021",
        }
    }

    /// The official document that defines the template.
    pub fn document(self) -> &'static str {
        match self {
            TemplateId::Y2019 => "国办公开办函〔2019〕60号",
            TemplateId::Y2021 => "国办公开办函〔2021〕30号",
        }
    }

    /// The template a report on `year` must use.
    pub fn for_year(year: i32) -> TemplateId {
        if year <= 2020 {
            TemplateId::Y2019
        } else {
            TemplateId::Y2021
        }
    }

    pub fn parse(s: &str) -> Option<TemplateId> {
        match s.trim() {
            "2019" => Some(TemplateId::Y2019),
            "2021" => Some(TemplateId::Y2021),
            _ => None,
        }
    }

    /// The declaration of this template.
    pub fn get(self) -> &'static Template {
        match self {
            TemplateId::Y2019 => &TEMPLATE_2019,
            TemplateId::Y2021 => &TEMPLATE_2021,
        }
    }
}

impl fmt::Display for TemplateId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

static TEMPLATE_2019: LazyLock<Template> = LazyLock::new(|| crate::decl::build(TemplateId::Y2019));
static TEMPLATE_2021: LazyLock<Template> = LazyLock::new(|| crate::decl::build(TemplateId::Y2021));

/// The three tables of a report.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TableId {
    /// 表二 主动公开政府信息情况.
    Active,
    /// 表三 收到和处理政府信息公开申请情况.
    Apply,
    /// 表四 政府信息公开行政复议、行政诉讼情况.
    Review,
}

impl TableId {
    pub const ALL: [TableId; 3] = [TableId::Active, TableId::Apply, TableId::Review];

    /// The table's name in the spec (`cells.tsv`, column `table`).
    pub fn spec_name(self) -> &'static str {
        match self {
            TableId::Active => "主动公开",
            TableId::Apply => "依申请公开",
            TableId::Review => "复议诉讼",
        }
    }

    /// The section number of the report that holds the table (二, 三, 四).
    pub fn section(self) -> u8 {
        match self {
            TableId::Active => 2,
            TableId::Apply => 3,
            TableId::Review => 4,
        }
    }

    /// The prefix of the cell ids of this table (`active.`, `apply.`, none).
    pub fn id_prefix(self) -> &'static str {
        match self {
            TableId::Active => "active.",
            TableId::Apply => "apply.",
            TableId::Review => "",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TableId::Active => "active",
            TableId::Apply => "apply",
            TableId::Review => "review",
        }
    }
}

/// The kind of number a cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CellKind {
    /// A non-negative integer.
    Count,
    /// An integer that may be negative (本年增/减).
    Signed,
    /// A non-negative decimal amount in 万元.
    AmountWan,
}

impl CellKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CellKind::Count => "count",
            CellKind::Signed => "signed",
            CellKind::AmountWan => "amount_wan",
        }
    }
}

/// The role a row of table 三 plays in its arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RowRole {
    /// A row of table 二 or 四 (no row-level arithmetic).
    Plain,
    /// 一、本年新收 or 二、上年结转: the inflow of the 勾稽.
    Intake,
    /// A row of 三、本年度办理结果 that adds up to （七）总计.
    Result,
    /// （七）总计.
    ResultTotal,
    /// 四、结转下年度继续办理.
    CarriedOut,
}

/// A column of a block.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnDef {
    /// Id part of the cell id (`natural_person`, `issued`, `upheld`).
    pub id: &'static str,
    /// The label as the template prints it.
    pub label: &'static str,
    /// Other spellings seen in real reports (the matcher is fuzzy on top).
    pub aliases: &'static [&'static str],
    pub kind: CellKind,
}

/// A row of a block.
#[derive(Debug, Clone, Serialize)]
pub struct RowDef {
    /// Id part of the cell id (`denied.state_secret`, `rules`, `review`).
    pub id: &'static str,
    /// The item number printed before the label (`1.`, `（一）`, `一、`), if any.
    pub item: &'static str,
    /// The label text after the item number.
    pub core: &'static str,
    /// The spec's row path (`三、本年度办理结果/（三）不予公开/1.属于国家秘密`).
    pub path: String,
    /// Other spellings seen in real reports.
    pub aliases: &'static [&'static str],
    pub role: RowRole,
}

impl RowDef {
    /// The label as printed: item number and core text.
    pub fn label(&self) -> String {
        format!("{}{}", self.item, self.core)
    }
}

/// A label printed in a table that is not a data row (a group header such as
/// `（三）不予公开`, a caption such as `第二十条第（一）项`, a column header).
#[derive(Debug, Clone, Serialize)]
pub struct HeaderDef {
    pub item: &'static str,
    pub core: &'static str,
}

/// A rectangular part of a table with one header row: table 二 has one block
/// per 第二十条 item, tables 三 and 四 have one block each.
#[derive(Debug, Clone, Serialize)]
pub struct BlockDef {
    /// The caption printed above the block (`第二十条第（一）项`).
    pub caption: Option<&'static str>,
    pub columns: Vec<ColumnDef>,
    pub rows: Vec<RowDef>,
}

/// A table of the template.
#[derive(Debug, Clone, Serialize)]
pub struct TableDef {
    pub id: TableId,
    /// The section heading the table sits under (`收到和处理政府信息公开申请情况`).
    pub heading: &'static str,
    pub blocks: Vec<BlockDef>,
    /// Labels printed in the table that are not data rows.
    pub headers: Vec<HeaderDef>,
    /// Whether the table is printed transposed: one line of values under a
    /// header that names rows and columns (table 四).
    pub single_line: bool,
    /// How the official layout prints the column headers.
    pub head: TableHead,
}

/// How the official layout prints a table's column headers (what a renderer
/// needs beyond the rows and columns: merged header cells).
#[derive(Debug, Clone, Serialize)]
pub enum TableHead {
    /// 表二: each block prints its caption across the whole table, then a
    /// header row with `corner` over the row labels and the block's column
    /// labels.
    PerBlock { corner: &'static str },
    /// 表三: one header, three rows deep, over the single block: `corner`
    /// (the 勾稽 sentence) over the row labels, `banner` across all columns,
    /// and `groups` of consecutive columns under a common label; a column in
    /// no group prints its label merged down through the header.
    Matrix {
        corner: &'static str,
        banner: &'static str,
        groups: Vec<ColumnGroup>,
    },
    /// 表四: transposed (see [`TableDef::single_line`]). Each row becomes a
    /// group of columns under its label, rows with a common parent in their
    /// path side by side under the parent's label, the block's column labels
    /// under each row, and one line of values below.
    Transposed,
}

/// Consecutive columns printed under a common header label.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnGroup {
    pub label: &'static str,
    /// The first and the last column of the group (indices into the block's
    /// columns, inclusive).
    pub first: usize,
    pub last: usize,
}

/// One cell of a template.
#[derive(Debug, Clone, Serialize)]
pub struct CellDef {
    /// The stable id, e.g. `apply.denied.state_secret.natural_person`.
    pub id: String,
    pub table: TableId,
    pub block: usize,
    pub row: usize,
    pub column: usize,
    pub kind: CellKind,
}

/// One national template: its tables, cells and relations.
#[derive(Debug)]
pub struct Template {
    pub id: TemplateId,
    pub tables: Vec<TableDef>,
    /// Every cell, in table, block, row, column order.
    pub cells: Vec<CellDef>,
    /// Every arithmetic relation the template implies.
    pub relations: Vec<Relation>,
    index: HashMap<String, usize>,
}

impl Template {
    pub(crate) fn new(id: TemplateId, tables: Vec<TableDef>, relations: Vec<Relation>) -> Template {
        let mut cells = Vec::new();
        for table in &tables {
            for (b, block) in table.blocks.iter().enumerate() {
                for (r, row) in block.rows.iter().enumerate() {
                    for (c, col) in block.columns.iter().enumerate() {
                        cells.push(CellDef {
                            id: format!("{}{}.{}", table.id.id_prefix(), row.id, col.id),
                            table: table.id,
                            block: b,
                            row: r,
                            column: c,
                            kind: col.kind,
                        });
                    }
                }
            }
        }
        let index = cells
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        Template {
            id,
            tables,
            cells,
            relations,
            index,
        }
    }

    /// The index of a cell id in [`Template::cells`].
    pub fn cell_index(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn cell(&self, id: &str) -> Option<&CellDef> {
        self.cell_index(id).map(|i| &self.cells[i])
    }

    pub fn table(&self, id: TableId) -> &TableDef {
        // Every template declares all three tables (checked by a test).
        self.tables
            .iter()
            .find(|t| t.id == id)
            .unwrap_or(&self.tables[0])
    }

    pub fn row_of(&self, cell: &CellDef) -> &RowDef {
        &self.table(cell.table).blocks[cell.block].rows[cell.row]
    }

    pub fn column_of(&self, cell: &CellDef) -> &ColumnDef {
        &self.table(cell.table).blocks[cell.block].columns[cell.column]
    }

    /// The indices of the cells of one row, in column order.
    pub fn row_cells(&self, table: TableId, block: usize, row: usize) -> Vec<usize> {
        self.cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.table == table && c.block == block && c.row == row)
            .map(|(i, _)| i)
            .collect()
    }

    /// The relations of one scope.
    pub fn relations_of(&self, scope: crate::relation::Scope) -> impl Iterator<Item = &Relation> {
        self.relations.iter().filter(move |r| r.scope == scope)
    }
}
