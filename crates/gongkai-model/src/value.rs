//! Cell values and where they came from.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A position in the document text the report was extracted from.
///
/// `start`/`end` are byte offsets into the document's text (the decoded text
/// for text files, the rendered text for HTML and other structured formats);
/// `line` and `column` are 1-based, the column counted in characters.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: u32,
    pub column: u32,
}

/// A cell of a table grid in the source (HTML `<td>`, DOCX `<w:tc>` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GridPos {
    /// Index of the table among the document's tables, from 0.
    pub table: u32,
    /// Row and column in the source table, from 0, counting cells as printed
    /// (spans are not expanded).
    pub row: u32,
    pub col: u32,
}

/// Where a value was read.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Provenance {
    pub span: Span,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub grid: Option<GridPos>,
}

/// The value of one table cell.
///
/// Blank, not-applicable, absent and zero are different things and stay
/// different all the way to the output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Value {
    /// A number as printed (counts, signed changes and 万元 amounts alike; kept
    /// exact, with the decimals as printed).
    Number(
        #[serde(with = "rust_decimal::serde::str")]
        #[schemars(with = "String")]
        Decimal,
    ),
    /// The cell is present but empty.
    Blank,
    /// An explicit not-applicable mark: `/`, `—`, `-`, `无`.
    NotApplicable,
    /// The report's table has no such row or cell.
    Absent,
    /// The text does not determine the value (see the report's ambiguities).
    Unknown,
    /// The cell holds text that is not a number.
    Text(String),
}

impl Value {
    pub fn number(&self) -> Option<Decimal> {
        match self {
            Value::Number(d) => Some(*d),
            _ => None,
        }
    }

    pub fn is_number(&self) -> bool {
        matches!(self, Value::Number(_))
    }

    /// A value written in the `extract --format tsv` contract (what a person
    /// types to correct a cell): a number (signed, decimals kept), empty
    /// for blank, `/` not applicable, `-` absent, `?` unknown. Surrounding
    /// spaces are ignored; anything else is `None`.
    pub fn parse_tsv(text: &str) -> Option<Value> {
        match text.trim() {
            "" => Some(Value::Blank),
            "/" => Some(Value::NotApplicable),
            "-" => Some(Value::Absent),
            "?" => Some(Value::Unknown),
            t if t
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+') =>
            {
                t.parse::<Decimal>().ok().map(Value::Number)
            }
            _ => None,
        }
    }

    /// The value in the `extract --format tsv` contract: canonical number,
    /// empty for blank, `/`, `-` for absent, `?` for unknown or text.
    pub fn tsv(&self) -> String {
        match self {
            Value::Number(d) => canonical(*d),
            Value::Blank => String::new(),
            Value::NotApplicable => "/".into(),
            Value::Absent => "-".into(),
            Value::Unknown | Value::Text(_) => "?".into(),
        }
    }

    /// A short name of the kind of value (`number`, `blank`, …).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Number(_) => "number",
            Value::Blank => "blank",
            Value::NotApplicable => "not_applicable",
            Value::Absent => "absent",
            Value::Unknown => "unknown",
            Value::Text(_) => "text",
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Number(d) => f.write_str(&canonical(*d)),
            Value::Blank => f.write_str("（空白）"),
            Value::NotApplicable => f.write_str("/"),
            Value::Absent => f.write_str("（缺项）"),
            Value::Unknown => f.write_str("?"),
            Value::Text(t) => write!(f, "“{t}”"),
        }
    }
}

/// A number in canonical form: no leading zeros, no separators, decimals as
/// printed.
pub fn canonical(d: Decimal) -> String {
    d.to_string()
}
