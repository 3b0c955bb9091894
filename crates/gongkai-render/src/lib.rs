//! Renders a 政府信息公开工作年度报告 from data.
//!
//! Input: a [`RenderDoc`] — the template, the agency and year, the narrative
//! of the six sections and one value per template cell — read by
//! [`input::parse`] from a report in the JSON model (`gongkai extract
//! --format json`, a roll-up, `gongkai registry report`) or from a
//! hand-written TOML/JSON file (`docs/render-input.md`).
//!
//! Output ([`render`]): the title `<机关><年度>年政府信息公开工作年度报告`,
//! the preamble, the six section headings in order with their text, and the
//! three tables in the official layout of the template (〔2019〕60号 or
//! 〔2021〕30号) with their merged cells — table 三 with the 勾稽 sentence in
//! its corner — as a DOCX file (`w:gridSpan`/`w:vMerge`, 仿宋/宋体/黑体, A4,
//! borders), a self-contained printable HTML page, or GitHub Markdown
//! (merged cells flattened, row group labels repeated).
//!
//! Every label, row, column and merge comes from the declaration in
//! [`gongkai_model`] ([`TableHead`](gongkai_model::TableHead), blocks, row
//! paths); nothing about the tables is restated here. Values are printed as
//! they are: a number as written, blank empty, not-applicable `/`; a row
//! whose cells are all absent is left out, never filled with zeros.
//!
//! [`problems`] lists what should stop rendering: relations of the template
//! that do not hold, cells that are unknown, single absent cells in a
//! printed row.

mod docx;
mod html;
pub mod input;
mod layout;
mod md;
pub mod problems;

use gongkai_extract::meta::SECTIONS;
use gongkai_model::TableId;

pub use html::CellMark;
pub use input::{apply_supplement, parse, InputKind, Overrides, RenderDoc, Sections};
pub use problems::{broken_relations, problems, Problem};

/// Something wrong with the input.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("{0}")]
    Input(String),
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// WordprocessingML (`.docx`).
    Docx,
    /// A self-contained HTML page, printable on A4.
    Html,
    /// GitHub-flavoured Markdown.
    Markdown,
}

impl Format {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Html => "html",
            Format::Markdown => "md",
        }
    }
}

/// The tables whose cells are all absent (printed with their headers only).
pub fn empty_tables(doc: &RenderDoc) -> Vec<TableId> {
    let def = doc.template.get();
    TableId::ALL
        .into_iter()
        .filter(|t| {
            def.cells
                .iter()
                .zip(&doc.values)
                .filter(|(c, _)| c.table == *t)
                .all(|(_, v)| *v == gongkai_model::Value::Absent)
        })
        .collect()
}

/// A piece of the rendered document, in order.
#[derive(Debug, Clone)]
pub(crate) enum Block {
    Title(String),
    /// A section heading (`一、总体情况`).
    Heading(String),
    Para(String),
    Table(layout::Grid),
    /// Right-aligned (signature, date).
    Right(String),
}

const NUMERALS: [&str; 6] = ["一", "二", "三", "四", "五", "六"];

/// The heading of section `n` (1..=6) as the formats print it.
pub fn section_heading(n: u8) -> String {
    let k = usize::from(n.clamp(1, 6)) - 1;
    let text = SECTIONS
        .iter()
        .find(|(num, _)| *num == n)
        .and_then(|(_, v)| v.first())
        .copied()
        .unwrap_or_default();
    format!("{}、{}", NUMERALS[k], text)
}

/// The table printed in section `n`, if any.
fn section_table(n: u8) -> Option<TableId> {
    TableId::ALL.into_iter().find(|t| t.section() == n)
}

fn paragraphs(text: &str) -> impl Iterator<Item = Block> + '_ {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| Block::Para(l.to_string()))
}

/// The document as a sequence of blocks.
pub(crate) fn blocks(doc: &RenderDoc) -> Vec<Block> {
    let mut out = vec![Block::Title(doc.title())];
    out.extend(paragraphs(&doc.preamble));
    for n in 1..=6u8 {
        out.push(Block::Heading(section_heading(n)));
        out.extend(paragraphs(doc.sections.text(n)));
        if let Some(t) = section_table(n) {
            out.push(Block::Table(layout::build(doc, t)));
        }
    }
    if doc.date.is_some() {
        out.push(Block::Right(doc.agency.clone()));
    }
    if let Some(d) = &doc.date {
        out.push(Block::Right(d.clone()));
    }
    out
}

/// The three tables alone as HTML `<table>` elements (no page, no style),
/// for a page that shows a report's data: each value cell declared by the
/// template carries `class="value"` and `data-cell="id"`, and `mark(id)`
/// may add a class and a tooltip (e.g. the severity of the findings that
/// name the cell). In the order of the report, with the table each is.
pub fn tables_html(
    doc: &RenderDoc,
    mark: impl Fn(&str) -> Option<CellMark>,
) -> Vec<(TableId, String)> {
    (1..=6u8)
        .filter_map(section_table)
        .map(|t| (t, html::table(&layout::build(doc, t), Some(&mark))))
        .collect()
}

/// Render a document. The caller decides beforehand whether [`problems`]
/// allow it.
pub fn render(doc: &RenderDoc, format: Format) -> Vec<u8> {
    let blocks = blocks(doc);
    match format {
        Format::Docx => docx::document(&doc.title(), &blocks),
        Format::Html => html::page(&doc.title(), &blocks).into_bytes(),
        Format::Markdown => md::markdown(&blocks).into_bytes(),
    }
}
