//! The data model of gongkai.
//!
//! * [`template`]: the two national templates of the 政府信息公开工作年度报告 —
//!   tables, blocks, rows, columns, label aliases — declared once in
//!   [`decl`](crate::template::TemplateId::get) and shared by every stage.
//! * [`relation`]: the arithmetic relations the templates imply.
//! * [`value`]: cell values (number, blank, not applicable, absent, unknown)
//!   and their provenance.
//! * [`report`]: an extracted report.

mod decl;
pub mod relation;
pub mod report;
pub mod template;
pub mod value;

pub use decl::APPLICANT_COLUMNS;
pub use relation::{Evaluation, Relation, Scope, Severity, Term};
pub use report::{
    Ambiguity, BodyKind, Cell, LabelMatch, Located, Meta, NarrativeFact, Note, Report,
    SectionFound, SourceInfo, TableFound, TemplateEvidence,
};
pub use rust_decimal::Decimal;
pub use template::{
    BlockDef, CellDef, CellKind, ColumnDef, ColumnGroup, HeaderDef, RowDef, RowRole, TableDef,
    TableHead, TableId, Template, TemplateId,
};
pub use value::{canonical, GridPos, Provenance, Span, Value};
