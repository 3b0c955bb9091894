//! rustc-style rendering with annotate-snippets.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use gongkai_ingest::Document;
use gongkai_model::{Provenance, Severity};

use crate::finding::Finding;

/// Context spans further than this many lines from the primary one are not
/// drawn.
const MAX_CONTEXT_LINES: u32 = 12;
/// Context spans on the primary span's line are drawn only this many
/// characters from it (reports flattened into one long line).
const MAX_CONTEXT_COLUMNS: u32 = 40;
/// At most this many spans are drawn per finding.
const MAX_SPANS: usize = 4;

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// A byte range that is valid in `text` and not empty (an empty span is
/// widened to the next character).
fn valid_range(text: &str, p: &Provenance) -> Option<std::ops::Range<usize>> {
    let (start, mut end) = (p.span.start, p.span.end);
    if start > text.len() || end > text.len() || start > end {
        return None;
    }
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return None;
    }
    if start == end {
        end = text[start..]
            .chars()
            .next()
            .map(|c| start + c.len_utf8())
            .unwrap_or(start);
    }
    Some(start..end)
}

/// The part of a document a finding points at: whole lines, from the line
/// of its first drawn span to the line of its last. Shared by the terminal
/// output and the HTML excerpt of the web app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt<'d> {
    /// The 1-based line number of the first line of `source`.
    pub first_line: u32,
    /// The lines, as in the document.
    pub source: &'d str,
    /// The spans drawn, as byte ranges into `source`, each with whether it
    /// is the finding's primary span (the first one); the others are
    /// context spans near it.
    pub spans: Vec<(std::ops::Range<usize>, bool)>,
}

/// The excerpt of `doc` for a finding: `None` when the finding has no span
/// valid in this document.
pub fn excerpt<'d>(f: &Finding, doc: &'d Document) -> Option<Excerpt<'d>> {
    let p = f.spans.first()?;
    let range = valid_range(&doc.text, p)?;
    let (line, column) = doc.line_col(range.start);
    let mut ranges = vec![(range, true)];
    for s in f.spans.iter().skip(1) {
        if ranges.len() >= MAX_SPANS || f.spans.len() > MAX_SPANS {
            break;
        }
        if let Some(r) = valid_range(&doc.text, s) {
            let (l, c) = doc.line_col(r.start);
            let near = if l == line {
                c.abs_diff(column) <= MAX_CONTEXT_COLUMNS
            } else {
                l.abs_diff(line) <= MAX_CONTEXT_LINES
            };
            if near && !ranges.iter().any(|(x, _)| *x == r) {
                ranges.push((r, false));
            }
        }
    }
    let first = ranges.iter().map(|(r, _)| r.start).min()?;
    let last = ranges.iter().map(|(r, _)| r.end).max()?;
    let from = doc.line_range(first).start;
    let to = doc
        .line_range(last.saturating_sub(1).max(first))
        .end
        .max(last);
    let (first_line, _) = doc.line_col(from);
    let source = doc.text.get(from..to)?;
    Some(Excerpt {
        first_line,
        source,
        spans: ranges
            .into_iter()
            .map(|(r, primary)| (r.start - from..r.end - from, primary))
            .collect(),
    })
}

/// Render one finding. `doc` is the document the finding's spans point into.
pub fn render_finding(f: &Finding, doc: Option<&Document>, renderer: &Renderer) -> String {
    let title = level(f.severity)
        .primary_title(f.message.as_str())
        .id(f.code.as_str());
    let primary = f.spans.first();
    let hint = (!f.hint.is_empty()).then(|| Level::HELP.message(f.hint.as_str()));
    let snippet = doc.and_then(|d| excerpt(f, d)).map(|e| {
        let mut snippet = Snippet::source(e.source)
            .line_start(e.first_line as usize)
            .path(f.file.as_str())
            .fold(true);
        for (r, is_primary) in e.spans {
            let kind = if is_primary {
                AnnotationKind::Primary
            } else {
                AnnotationKind::Context
            };
            snippet = snippet.annotation(kind.span(r));
        }
        snippet
    });
    let group: Group<'_> = match snippet {
        Some(s) => {
            let g = title.element(s);
            match hint {
                Some(h) => g.element(h),
                None => g,
            }
        }
        None => {
            let mut origin = Origin::path(f.file.as_str());
            if let Some(p) = primary {
                origin = origin
                    .line(p.span.line as usize)
                    .char_column(p.span.column as usize);
            }
            let g = title.element(origin);
            match hint {
                Some(h) => g.element(h),
                None => g,
            }
        }
    };
    renderer.render(&[group])
}

/// Render findings one after the other, separated by blank lines. `doc_for`
/// gives the document of a file, when it is at hand.
pub fn render_human<'d>(
    findings: &[Finding],
    doc_for: impl Fn(&str) -> Option<&'d Document>,
    color: bool,
) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for f in findings {
        out.push_str(&render_finding(f, doc_for(&f.file), &renderer));
        out.push_str("\n\n");
    }
    out
}
