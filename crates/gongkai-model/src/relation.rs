//! Arithmetic relations between cells.
//!
//! A relation holds when the sum of its left-hand terms equals the sum of its
//! right-hand terms. The same list drives the checker's sum rules and the
//! extractor's digit-run solver.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::template::TemplateId;

/// Whether a relation compares cells of one report or of two years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Within one report.
    Report,
    /// This report against the same agency's report on the previous year.
    CrossYear,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Report => "report",
            Scope::CrossYear => "cross_year",
        }
    }
}

/// How serious a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.trim() {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// One term of a relation side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    /// The cell id.
    pub cell: String,
    /// The cell of the previous year's report (`prev:` in relations.tsv).
    pub prev: bool,
    /// Subtracted rather than added (a leading `-` in relations.tsv).
    pub negative: bool,
}

impl Term {
    pub fn new(cell: impl Into<String>) -> Term {
        Term {
            cell: cell.into(),
            prev: false,
            negative: false,
        }
    }

    pub fn prev(cell: impl Into<String>) -> Term {
        Term {
            prev: true,
            ..Term::new(cell)
        }
    }

    pub fn neg(cell: impl Into<String>) -> Term {
        Term {
            negative: true,
            ..Term::new(cell)
        }
    }

    /// The term as relations.tsv writes it (`prev:x`, `-x`).
    pub fn spec(&self) -> String {
        format!(
            "{}{}{}",
            if self.negative { "-" } else { "" },
            if self.prev { "prev:" } else { "" },
            self.cell
        )
    }
}

/// An arithmetic relation: `sum(lhs) == sum(rhs)`.
#[derive(Debug, Clone, Serialize)]
pub struct Relation {
    pub id: String,
    pub template: TemplateId,
    pub scope: Scope,
    pub severity: Severity,
    pub lhs: Vec<Term>,
    pub rhs: Vec<Term>,
    /// What the relation means, in the words of relations.tsv.
    pub meaning: &'static str,
}

/// The outcome of evaluating a relation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evaluation {
    Holds,
    /// Both sides are known and differ.
    Broken {
        lhs: Decimal,
        rhs: Decimal,
    },
    /// Some cell is blank, absent, `/`, unknown or text: not decidable.
    Undecidable {
        missing: Vec<String>,
    },
}

impl Relation {
    /// All terms, left then right.
    pub fn terms(&self) -> impl Iterator<Item = &Term> {
        self.lhs.iter().chain(self.rhs.iter())
    }

    /// Evaluate with a lookup that returns the number of a cell (`prev` says
    /// which report) or `None` when it has no number.
    pub fn evaluate(&self, mut get: impl FnMut(&Term) -> Option<Decimal>) -> Evaluation {
        let mut missing = Vec::new();
        let mut side = |terms: &[Term], missing: &mut Vec<String>| {
            let mut sum = Decimal::ZERO;
            for t in terms {
                match get(t) {
                    Some(v) => {
                        if t.negative {
                            sum -= v
                        } else {
                            sum += v
                        }
                    }
                    None => missing.push(t.spec()),
                }
            }
            sum
        };
        let l = side(&self.lhs, &mut missing);
        let r = side(&self.rhs, &mut missing);
        if !missing.is_empty() {
            Evaluation::Undecidable { missing }
        } else if l == r {
            Evaluation::Holds
        } else {
            Evaluation::Broken { lhs: l, rhs: r }
        }
    }
}
