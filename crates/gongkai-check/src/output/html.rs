//! A finding's source excerpt as HTML, for the web app: the same lines and
//! spans as the terminal output ([`super::excerpt`]), each line numbered,
//! the spans marked (`<mark class="primary">` for the finding's own span,
//! `<mark class="context">` for the others), everything escaped.

use std::fmt::Write as _;

use gongkai_ingest::Document;

use super::human::{excerpt, Excerpt};
use crate::finding::Finding;

/// Longest excerpt shown whole, in bytes; beyond it (a report flattened
/// into one long line) only [`MARGIN`] bytes around the spans are shown.
const MAX_WHOLE: usize = 2000;
/// Bytes kept on each side of the spans of a long excerpt.
const MARGIN: usize = 300;

fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\r' => {}
            c => out.push(c),
        }
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The finding's excerpt of `doc` as HTML (`None` when it has no span valid
/// in the document).
pub fn excerpt_html(f: &Finding, doc: &Document) -> Option<String> {
    excerpt(f, doc).map(|e| render_excerpt_html(&e))
}

/// An excerpt as a `<pre class="excerpt">` of `<span class="line">` lines,
/// each with its number in `<span class="ln">`.
pub fn render_excerpt_html(e: &Excerpt<'_>) -> String {
    let src = e.source;
    let (mut lo, mut hi) = (0, src.len());
    if src.len() > MAX_WHOLE {
        let first = e.spans.iter().map(|(r, _)| r.start).min().unwrap_or(0);
        let last = e.spans.iter().map(|(r, _)| r.end).max().unwrap_or(0);
        lo = floor_boundary(src, first.saturating_sub(MARGIN));
        hi = ceil_boundary(src, last.saturating_add(MARGIN));
    }
    let mut line_no = e.first_line as usize + src[..lo].matches('\n').count();
    let mut out = String::from("<pre class=\"excerpt\">");
    let mut start = lo;
    let mut first_line = true;
    while start < hi || first_line {
        let end = src[start..hi].find('\n').map_or(hi, |i| start + i);
        let _ = write!(
            out,
            "<span class=\"line\"><span class=\"ln\">{line_no}</span>"
        );
        if first_line && lo > 0 && !src[..lo].ends_with('\n') {
            out.push('…');
        }
        // Cut the line where a span starts or ends.
        let mut cuts: Vec<usize> = vec![start, end];
        for (r, _) in &e.spans {
            for p in [r.start, r.end] {
                if p > start && p < end {
                    cuts.push(p);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let covering = |primary: bool| {
                e.spans
                    .iter()
                    .any(|(r, p)| *p == primary && r.start <= a && b <= r.end)
            };
            let class = if covering(true) {
                Some("primary")
            } else if covering(false) {
                Some("context")
            } else {
                None
            };
            match class {
                Some(c) => {
                    let _ = write!(out, "<mark class=\"{c}\">");
                    escape(&mut out, &src[a..b]);
                    out.push_str("</mark>");
                }
                None => escape(&mut out, &src[a..b]),
            }
        }
        if end == hi && hi < src.len() && !src[hi..].starts_with('\n') {
            out.push('…');
        }
        out.push_str("</span>\n");
        first_line = false;
        line_no += 1;
        start = end + 1;
        if end >= hi {
            break;
        }
    }
    out.push_str("</pre>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ops::Range;

    fn excerpt(source: &str, first_line: u32, spans: Vec<(Range<usize>, bool)>) -> Excerpt<'_> {
        Excerpt {
            first_line,
            source,
            spans,
        }
    }

    #[test]
    fn lines_are_numbered_spans_marked_and_text_escaped() {
        let src = "合计 <b>12</b>\n本年新收 5 & 7";
        let primary = src.find("12").unwrap_or(0);
        let context = src.find('5').unwrap_or(0);
        let html = render_excerpt_html(&excerpt(
            src,
            41,
            vec![(primary..primary + 2, true), (context..context + 1, false)],
        ));
        assert_eq!(
            html,
            "<pre class=\"excerpt\">\
             <span class=\"line\"><span class=\"ln\">41</span>合计 &lt;b&gt;<mark class=\"primary\">12</mark>&lt;/b&gt;</span>\n\
             <span class=\"line\"><span class=\"ln\">42</span>本年新收 <mark class=\"context\">5</mark> &amp; 7</span>\n\
             </pre>"
        );
    }

    #[test]
    fn a_span_over_two_lines_is_marked_on_both() {
        let src = "ab\ncd";
        let html = render_excerpt_html(&excerpt(src, 1, vec![(1..4, true)]));
        assert!(html.contains("a<mark class=\"primary\">b</mark>"), "{html}");
        assert!(html.contains("<mark class=\"primary\">c</mark>d"), "{html}");
    }

    #[test]
    fn a_long_line_is_cut_around_its_spans() {
        let src = format!("{}目标{}", "甲".repeat(2000), "乙".repeat(2000));
        let at = src.find("目标").unwrap_or(0);
        let html = render_excerpt_html(&excerpt(&src, 7, vec![(at..at + 6, true)]));
        assert!(
            html.contains("<mark class=\"primary\">目标</mark>"),
            "{html}"
        );
        assert!(html.contains("<span class=\"ln\">7</span>…"), "{html}");
        assert!(html.contains("乙…</span>"), "{html}");
        assert!(html.len() < 2 * MARGIN + 200, "{}", html.len());
    }
}
