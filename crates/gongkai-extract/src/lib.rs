//! Extraction: [`Document`] → [`Report`].
//!
//! 1. Normalise the text for matching ([`norm`]) and find the six section
//!    headings and the metadata ([`meta`]).
//! 2. Locate the three tables and recognise the template from the tables
//!    themselves, not from the year ([`tables::locate`], [`tables::detect_template`]).
//! 3. Anchor every row label of the template in the table (exactly, or by
//!    similarity for typos) and read the values after it in whatever layout
//!    the text has ([`tables`], [`tokens`]); in whitespace-aligned columns
//!    the numbers of a row with blank cells are placed by their positions
//!    ([`columns`]).
//! 4. Segment glued digit runs with the template's own relations and the
//!    numbers the narrative states ([`solver`], [`narrative`]); cells the
//!    text does not determine become unknown, with the candidate readings.
//!
//! No number is ever invented: a cell is a number only when the text prints
//! it, blank when the text shows an empty cell, absent when the row is not
//! printed, and unknown when the text allows several readings.

pub mod anchors;
pub mod columns;
pub mod dict;
pub mod fuzzy;
pub mod meta;
pub mod narrative;
pub mod norm;
pub mod solver;
pub mod tables;
pub mod tokens;

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use gongkai_ingest::Document;
use gongkai_model::{
    Ambiguity, Cell, Decimal, Located, NarrativeFact, Report, SectionFound, SourceInfo, TableId,
    TemplateEvidence, TemplateId, Value,
};

use crate::norm::Normalized;
use crate::solver::{resolved, Resolved, RowReadings};
use crate::tables::{Reading, TableReader};

/// The largest char boundary not above `i`.
pub(crate) fn floor(s: &str, i: usize) -> usize {
    gongkai_ingest::floor_char_boundary(s, i)
}

/// Extract a report from a document.
pub fn extract(doc: &Document, source: SourceInfo) -> Report {
    let text = doc.text.as_str();
    let norm = Normalized::new(text, 0);
    let mut report = Report::empty(source);
    let prov = |r: Range<usize>| Some(doc.provenance(r));
    let nbytes = |a: usize, b: usize| norm.bytes(a, b);

    // Sections.
    let headings = meta::find_headings(&norm);
    for &(num, s, e) in &headings {
        let r = nbytes(s, e);
        report.sections.push(SectionFound {
            number: num,
            heading: text[r.clone()].split_whitespace().collect(),
            at: prov(r),
        });
    }

    // Metadata.
    read_meta(doc, &mut report);

    // Tables and template.
    let regions = tables::locate(&norm, &headings);
    let detected = tables::detect_template(&norm, &regions);
    let any_table = regions.active.is_some() || regions.apply.is_some() || regions.review.is_some();
    let template = match &detected {
        Some((t, clues)) => {
            for (ct, clue, at) in clues {
                report.template_evidence.push(TemplateEvidence {
                    template: *ct,
                    clue: clue.clone(),
                    at: prov(nbytes(*at, *at + 1)),
                });
            }
            Some(*t)
        }
        None if any_table => report.year().map(TemplateId::for_year),
        None => None,
    };

    // Narrative statements (outside the tables).
    let table_ranges: Vec<Range<usize>> = [&regions.active, &regions.apply, &regions.review]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    for f in narrative::facts(&norm, &table_ranges) {
        let r = nbytes(f.range.start, f.range.end);
        report.narrative.push(NarrativeFact {
            quantity: f.quantity.to_string(),
            value: f.value,
            text: text[r.clone()].split_whitespace().collect(),
            at: prov(r),
        });
    }

    let Some(template) = template else {
        report.note(
            "tables-missing",
            "没有找到年度报告的统计表（表二、表三、表四），无法识别模板",
            None,
        );
        return report;
    };
    report.template = Some(template);
    let def = template.get();
    report.cells = def
        .cells
        .iter()
        .map(|c| Cell::absent(c.id.clone()))
        .collect();

    let mut reader = TableReader::new(text, &norm, template);
    for (id, region) in [
        (TableId::Active, &regions.active),
        (TableId::Apply, &regions.apply),
        (TableId::Review, &regions.review),
    ] {
        let table = def.table(id);
        match region {
            Some(r) if table.single_line => reader.read_single_line(table, r.clone()),
            Some(r) => reader.read_rows(table, r.clone()),
            None => report.note(
                "table-missing",
                format!(
                    "没有找到表{}（{}）",
                    ["二", "三", "四"][id.section() as usize - 2],
                    table.heading
                ),
                None,
            ),
        }
    }
    let result = reader.out;
    for (i, t) in result.tables.iter().enumerate() {
        let mut t = t.clone();
        let region = match t.table {
            TableId::Active => &regions.active,
            TableId::Apply => &regions.apply,
            TableId::Review => &regions.review,
        };
        if let Some(r) = region {
            t.at = prov(nbytes(r.start, r.start + 1));
        }
        let _ = i;
        report.tables.push(t);
    }
    for mut l in result.labels {
        if let Some(at) = l.at {
            l.at = prov(at.span.start..at.span.end);
        }
        report.labels.push(l);
    }
    for (code, msg, range) in result.notes {
        report.note(&code, msg, range.and_then(&prov));
    }

    assign_values(doc, &mut report, &result.rows);
    mark_strays(doc, &mut report, &result.strays);
    report
}

/// Put the rows' readings into the report's cells, solving digit runs.
fn assign_values(doc: &Document, report: &mut Report, rows: &[tables::RowResult]) {
    let Some(def) = report.template_def() else {
        return;
    };
    let prov = |r: Range<usize>| Some(doc.provenance(r));
    // Fixed readings first.
    let mut split_rows: Vec<(usize, &tables::RowResult)> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        match &row.reading {
            Reading::Fixed(cells) => {
                for (k, fc) in cells.iter().enumerate() {
                    let r = fc.tok.range();
                    let cell = Cell {
                        id: String::new(),
                        value: fc.value.clone(),
                        raw: (!r.is_empty()).then(|| doc.text[r.clone()].to_string()),
                        at: prov(r),
                        candidates: Vec::new(),
                        solved: false,
                    };
                    put(report, row, k, cell);
                }
            }
            Reading::Split { .. } => split_rows.push((i, row)),
            Reading::Unknown { reason, range } => {
                for k in 0..row.kinds.len() {
                    let cell = Cell {
                        id: String::new(),
                        value: Value::Unknown,
                        raw: None,
                        at: prov(range.clone()),
                        candidates: Vec::new(),
                        solved: false,
                    };
                    put(report, row, k, cell);
                }
                let subject = row.cells.first().map(|&c| def.cells[c].id.clone());
                report.notes.push(gongkai_model::Note {
                    code: "row-unreadable".into(),
                    message: reason.clone(),
                    subject,
                    at: prov(range.clone()),
                });
            }
        }
    }
    if split_rows.is_empty() {
        return;
    }
    let relations = resolved(def.id);
    let mut hints: HashMap<usize, Decimal> = HashMap::default();
    for f in &report.narrative {
        if let Some(i) = def.cell_index(&f.quantity) {
            hints.insert(i, f.value);
        }
    }
    let solver_rows: Vec<RowReadings> = split_rows
        .iter()
        .map(|(_, row)| {
            let Reading::Split { splits, .. } = &row.reading else {
                return RowReadings {
                    cells: row.cells.clone(),
                    readings: Vec::new(),
                    spaces: Vec::new(),
                };
            };
            RowReadings {
                cells: row.cells.clone(),
                readings: splits
                    .iter()
                    .map(|s| s.parts.iter().map(|p| Some(p.value)).collect())
                    .collect(),
                spaces: splits.iter().map(|s| s.spaces_ignored).collect(),
            }
        })
        .collect();
    let numbers: Vec<Option<Decimal>> = report.cells.iter().map(|c| c.value.number()).collect();
    let known = |i: usize| numbers.get(i).copied().flatten();
    let solution = solver::solve(&solver_rows, relations, &known, &hints);
    for (k, (_, row)) in split_rows.iter().enumerate() {
        let Reading::Split { splits, .. } = &row.reading else {
            continue;
        };
        let best = &solution.best[k];
        let ncols = row.kinds.len();
        let mut disagreeing = Vec::new();
        for c in 0..ncols {
            let vals: Vec<&solver::Part> = best
                .iter()
                .filter_map(|&b| splits.get(b))
                .map(|s| &s.parts[c])
                .collect();
            let Some(first) = vals.first() else { continue };
            let agree = vals
                .iter()
                .all(|p| p.value == first.value && p.text == first.text);
            let cell = if agree {
                Cell {
                    id: String::new(),
                    value: Value::Number(first.value),
                    raw: Some(first.text.clone()),
                    at: prov(first.range.clone()),
                    candidates: Vec::new(),
                    solved: splits.len() > 1,
                }
            } else {
                disagreeing.push(c);
                let mut cands: Vec<Value> = Vec::new();
                for p in &vals {
                    let v = Value::Number(p.value);
                    if !cands.contains(&v) {
                        cands.push(v);
                    }
                }
                let run_range = match (vals.first(), vals.last()) {
                    (Some(a), Some(_)) => a.range.clone(),
                    _ => 0..0,
                };
                Cell {
                    id: String::new(),
                    value: Value::Unknown,
                    raw: None,
                    at: prov(run_range),
                    candidates: cands,
                    solved: true,
                }
            };
            put(report, row, c, cell);
        }
        if !disagreeing.is_empty() {
            let ids: Vec<String> = disagreeing.iter().map(|&c| cell_id(def, row, c)).collect();
            let readings: Vec<Vec<String>> = best
                .iter()
                .take(50)
                .filter_map(|&b| splits.get(b))
                .map(|s| {
                    disagreeing
                        .iter()
                        .map(|&c| s.parts[c].text.clone())
                        .collect()
                })
                .collect();
            let run_text: String = splits
                .first()
                .map(|s| {
                    s.parts
                        .iter()
                        .map(|p| p.text.as_str())
                        .collect::<Vec<_>>()
                        .concat()
                })
                .unwrap_or_default();
            report.ambiguities.push(Ambiguity {
                cells: ids,
                readings,
                reason: if solution.truncated {
                    format!("数字串“{run_text}”有多种拆分，组合过多，未能用勾稽关系确定")
                } else {
                    format!("数字串“{run_text}”有多种拆分都同样符合勾稽关系和正文")
                },
            });
        }
    }
}

fn cell_id(def: &gongkai_model::Template, row: &tables::RowResult, k: usize) -> String {
    match row.cells.get(k) {
        Some(&i) => def.cells[i].id.clone(),
        None => row.extra_ids.get(k).cloned().unwrap_or_default(),
    }
}

/// Store a cell of a row: a template cell or an extra (x.) cell.
fn put(report: &mut Report, row: &tables::RowResult, k: usize, mut cell: Cell) {
    if let Some(&i) = row.cells.get(k) {
        if let Some(slot) = report.cells.get_mut(i) {
            cell.id = std::mem::take(&mut slot.id);
            *slot = cell;
        }
    } else if let Some(id) = row.extra_ids.get(k) {
        cell.id = id.clone();
        report.extra_cells.push(cell);
    }
}

/// A blank cell next to an unplaced number that would complete its
/// relations is not determined by the text: it becomes unknown.
fn mark_strays(doc: &Document, report: &mut Report, strays: &[(TableId, Decimal, Range<usize>)]) {
    let Some(def) = report.template_def() else {
        return;
    };
    if strays.is_empty() {
        return;
    }
    let relations = resolved(def.id);
    let numbers: Vec<Option<Decimal>> = report.cells.iter().map(|c| c.value.number()).collect();
    for (i, cdef) in def.cells.iter().enumerate() {
        if report.cells[i].value != Value::Blank {
            continue;
        }
        for (table, v, range) in strays {
            if *table != cdef.table {
                continue;
            }
            let touching: Vec<&Resolved> = relations
                .iter()
                .filter(|r| r.cells().any(|c| c == i))
                .collect();
            let with = |c: usize| {
                if c == i {
                    Some(*v)
                } else {
                    numbers.get(c).copied().flatten()
                }
            };
            let holds = touching.iter().filter(|r| r.holds(with)).count();
            let decidable = touching
                .iter()
                .filter(|r| r.cells().all(|c| with(c).is_some()))
                .count();
            if holds > 0 && holds == decidable {
                let cell = &mut report.cells[i];
                cell.candidates = vec![Value::Blank, Value::Number(*v)];
                cell.value = Value::Unknown;
                report.notes.push(gongkai_model::Note {
                    code: "stray-number".into(),
                    message: format!(
                        "单元格为空，但表中有一个未归属的数字 {v}（第{}行），填入后勾稽关系成立，无法确定该单元格的值",
                        doc.line_col(range.start).0
                    ),
                    subject: Some(cdef.id.clone()),
                    at: Some(doc.provenance(range.clone())),
                });
                break;
            }
        }
    }
}

fn read_meta(doc: &Document, report: &mut Report) {
    let text = doc.text.as_str();
    let prov = |r: Range<usize>| Some(doc.provenance(r));
    let mut year = None;
    if let Some((title, r)) = meta::find_title(text) {
        let (agency, y) = meta::agency_year_from_title(&title);
        if let Some(a) = agency {
            report.meta.agency = Some(Located::new(a, prov(r.clone())));
        }
        if let Some(y) = y {
            year = Some((y, r.clone(), "title"));
        }
        report.meta.title = Some(Located::new(title, prov(r)));
    }
    if let Some(((a, b), r)) = meta::find_period(text) {
        if year.is_none() {
            year = Some((chrono::Datelike::year(&a), r.clone(), "period"));
        }
        let _ = b;
        report.meta.period = Some(Located::new((a, b), prov(r)));
    }
    if let Some((d, r)) = meta::find_publication_date(text) {
        report.meta.publication_date = Some(Located::new(d, prov(r)));
    }
    if year.is_none() {
        if let Some((y, r)) = meta::year_from_text(text) {
            year = Some((y, r, "text"));
        }
    }
    if year.is_none() {
        if let Some(d) = &report.meta.publication_date {
            year = Some((
                chrono::Datelike::year(&d.value) - 1,
                d.at.map(|p| p.span.start..p.span.end).unwrap_or(0..0),
                "publication_date",
            ));
        }
    }
    if report.meta.agency.is_none() {
        // The signature above the date often names the body.
        if let Some(d) = &report.meta.publication_date {
            if let Some(p) = d.at {
                let before = &text[..p.span.start];
                let line = before.trim_end().rsplit('\n').next().unwrap_or("").trim();
                let line = line.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
                let cjk = line.chars().filter(|c| norm::is_cjk(*c)).count();
                if (2..=30).contains(&cjk) && !line.contains('。') {
                    let start =
                        p.span.start - (before.len() - before.trim_end().len()) - line.len();
                    report.meta.agency = Some(Located::new(
                        line.to_string(),
                        prov(start..start + line.len()),
                    ));
                }
            }
        }
    }
    if let Some((y, r, src)) = year {
        report.meta.year = Some(Located::new(y, prov(r)));
        report.meta.year_source = Some(src.to_string());
    }
}
