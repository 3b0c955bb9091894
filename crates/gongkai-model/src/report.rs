//! An extracted report: metadata, every cell with its provenance, and what the
//! extractor noticed on the way.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::template::{TableId, Template, TemplateId};
use crate::value::{Provenance, Value};

/// A value together with the place it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Located<T> {
    pub value: T,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub at: Option<Provenance>,
}

impl<T> Located<T> {
    pub fn new(value: T, at: Option<Provenance>) -> Self {
        Located { value, at }
    }
}

/// The file a report was read from.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SourceInfo {
    pub path: String,
    /// `text`, `html`, … for a published document; `registry` (tables
    /// produced from request records) and `rollup` (sums of many reports)
    /// for reports computed from data (see [`SourceInfo::is_derived`]).
    pub format: String,
    /// The character encoding the bytes were decoded from.
    pub encoding: String,
    pub bytes: u64,
}

impl SourceInfo {
    /// Formats of reports computed from data rather than read from a
    /// published document.
    pub const DERIVED_FORMATS: [&'static str; 2] = ["registry", "rollup"];

    /// Whether the report was computed from data (the request registry's
    /// tables of a year, a roll-up of many reports) rather than read from a
    /// published document: it has tables but no sections, title or
    /// narrative, so rules about a document's parts do not apply to it.
    pub fn is_derived(&self) -> bool {
        Self::DERIVED_FORMATS.contains(&self.format.as_str())
    }
}

/// What kind of body published the report; it decides the legal deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// A people's government reporting on its own work (本级政府): 3月31日.
    Government,
    /// A department or other body: 1月31日.
    Department,
}

/// Report metadata.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Meta {
    /// The title as printed.
    pub title: Option<Located<String>>,
    /// The publishing body's name as the report gives it.
    pub agency: Option<Located<String>>,
    /// The year reported on.
    pub year: Option<Located<i32>>,
    /// Where the year was read: `title`, `period`, `text`, `publication_date`.
    pub year_source: Option<String>,
    /// The 统计期限 as printed (start, end).
    pub period: Option<Located<(NaiveDate, NaiveDate)>>,
    /// The date under the report (or the page's 发布日期).
    pub publication_date: Option<Located<NaiveDate>>,
    pub body_kind: Option<BodyKind>,
}

/// How the template was recognised.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TemplateEvidence {
    pub template: TemplateId,
    /// What was seen, e.g. `column 本年制发件数`.
    pub clue: String,
    pub at: Option<Provenance>,
}

/// One cell of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Cell {
    pub id: String,
    pub value: Value,
    /// The text the value was read from, as printed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub raw: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub at: Option<Provenance>,
    /// For an unknown value: the values the text allows.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub candidates: Vec<Value>,
    /// The value was chosen among several readings (digit run, relations).
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub solved: bool,
}

impl Cell {
    pub fn absent(id: impl Into<String>) -> Cell {
        Cell {
            id: id.into(),
            value: Value::Absent,
            raw: None,
            at: None,
            candidates: Vec::new(),
            solved: false,
        }
    }
}

/// A label in the source matched to a template row, column or header.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LabelMatch {
    pub table: TableId,
    /// What was matched: `row:denied.law_prohibited`, `column:repealed`, `header:…`.
    pub target: String,
    /// The template's label.
    pub expected: String,
    /// The label as printed.
    pub found: String,
    /// Similarity in 0..=1 (1 = identical after normalisation).
    pub score: f32,
    /// The label is cut off at a line break and its rest printed elsewhere
    /// (a column flattened out of a table): not a typo.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub wrapped: bool,
    pub at: Option<Provenance>,
}

impl LabelMatch {
    /// Whether the printed label deviates from the template's wording.
    pub fn deviates(&self) -> bool {
        self.score < 1.0 && !self.wrapped
    }
}

/// One of the six sections, as found.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SectionFound {
    /// 1..=6.
    pub number: u8,
    pub heading: String,
    pub at: Option<Provenance>,
}

/// A table as found in the document.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TableFound {
    pub table: TableId,
    /// The layout it was printed in: `cell_per_line`, `tab`, `pipe`,
    /// `aligned`, `run`, `grid`.
    pub layout: String,
    pub at: Option<Provenance>,
}

/// A statement of the narrative text about a quantity the tables also hold.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NarrativeFact {
    /// What the sentence states, e.g. `apply.new.total`, or a named quantity
    /// such as `suit.total` (行政诉讼 in all) or `fees.info_processing`.
    pub quantity: String,
    #[schemars(with = "String")]
    pub value: Decimal,
    /// The sentence fragment the number was read from.
    pub text: String,
    pub at: Option<Provenance>,
}

/// A digit run or a set of rows the extractor could read in several ways.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Ambiguity {
    pub cells: Vec<String>,
    /// Each reading gives one value per cell, in the order of `cells`.
    pub readings: Vec<Vec<String>>,
    pub reason: String,
}

/// Something the extractor wants the reader to know.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Note {
    /// A stable code, e.g. `table-missing`, `row-missing`, `digit-run-ambiguous`.
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub subject: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub at: Option<Provenance>,
}

/// An extracted report.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Report {
    pub source: SourceInfo,
    /// The template the tables follow (`None` when no table was found).
    pub template: Option<TemplateId>,
    pub template_evidence: Vec<TemplateEvidence>,
    pub meta: Meta,
    /// Every cell of the template, in template order.
    pub cells: Vec<Cell>,
    /// Rows printed that the template does not have (e.g. a single （六）其他处理
    /// row in a 2021 table, under `x.apply.other.*`).
    pub extra_cells: Vec<Cell>,
    pub sections: Vec<SectionFound>,
    pub tables: Vec<TableFound>,
    pub labels: Vec<LabelMatch>,
    pub narrative: Vec<NarrativeFact>,
    pub ambiguities: Vec<Ambiguity>,
    pub notes: Vec<Note>,
}

impl Report {
    /// An empty report (no template, no cells) for a source.
    pub fn empty(source: SourceInfo) -> Report {
        Report {
            source,
            template: None,
            template_evidence: Vec::new(),
            meta: Meta::default(),
            cells: Vec::new(),
            extra_cells: Vec::new(),
            sections: Vec::new(),
            tables: Vec::new(),
            labels: Vec::new(),
            narrative: Vec::new(),
            ambiguities: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn template_def(&self) -> Option<&'static Template> {
        self.template.map(TemplateId::get)
    }

    /// The cell with this id (of the report's template).
    pub fn cell(&self, id: &str) -> Option<&Cell> {
        match self.template_def().and_then(|t| t.cell_index(id)) {
            Some(i) if self.cells.get(i).is_some_and(|c| c.id == id) => self.cells.get(i),
            _ => self
                .cells
                .iter()
                .chain(self.extra_cells.iter())
                .find(|c| c.id == id),
        }
    }

    /// The value of a cell; `Absent` for an id the report does not have.
    pub fn value(&self, id: &str) -> &Value {
        static ABSENT: Value = Value::Absent;
        self.cell(id).map(|c| &c.value).unwrap_or(&ABSENT)
    }

    /// The number in a cell, if it holds one.
    pub fn number(&self, id: &str) -> Option<Decimal> {
        self.value(id).number()
    }

    pub fn year(&self) -> Option<i32> {
        self.meta.year.as_ref().map(|y| y.value)
    }

    pub fn agency(&self) -> Option<&str> {
        self.meta.agency.as_ref().map(|a| a.value.as_str())
    }

    /// Correct a misread cell by hand: the cell takes `value` (its source
    /// location is kept, its reading and candidates are dropped) and a note
    /// `manual-fix` records the old value, the new one and `reason`.
    /// Returns the old value, or `None` (nothing changed) when the report
    /// has no cell with this id.
    pub fn correct_cell(&mut self, id: &str, value: Value, reason: &str) -> Option<Value> {
        let index = self
            .cells
            .iter()
            .position(|c| c.id == id)
            .map(|i| (false, i))
            .or_else(|| {
                self.extra_cells
                    .iter()
                    .position(|c| c.id == id)
                    .map(|i| (true, i))
            })?;
        let cell = match index {
            (false, i) => self.cells.get_mut(i)?,
            (true, i) => self.extra_cells.get_mut(i)?,
        };
        let old = std::mem::replace(&mut cell.value, value);
        cell.raw = None;
        cell.candidates.clear();
        cell.solved = false;
        let at = cell.at;
        let shown = |v: &Value| match v.tsv() {
            t if t.is_empty() => "（空白）".to_string(),
            t => t,
        };
        let message = format!(
            "人工更正：{} → {}（理由：{}）",
            shown(&old),
            shown(&cell.value),
            reason.trim()
        );
        self.notes.push(Note {
            code: "manual-fix".into(),
            message,
            subject: Some(id.to_string()),
            at,
        });
        Some(old)
    }

    pub fn note(&mut self, code: &str, message: impl Into<String>, at: Option<Provenance>) {
        self.notes.push(Note {
            code: code.into(),
            message: message.into(),
            subject: None,
            at,
        });
    }
}
