//! A self-contained HTML page (no external resource), printable on A4.

use crate::layout::{Grid, Role, Slot};
use crate::Block;

pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html { background: #f3f3f3; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { font-family: "FangSong", "仿宋", "仿宋_GB2312", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", serif; font-size: 16pt; line-height: 1.75; color: #000; background: #fff; max-width: 156mm; margin: 0 auto; padding: 20mm 27mm; }
h1 { font-family: "SimSun", "宋体", "STSong", "Noto Serif CJK SC", "Source Han Serif SC", serif; font-size: 22pt; font-weight: bold; text-align: center; line-height: 1.5; margin: 0 0 1em; }
h2 { font-family: "SimHei", "黑体", "STHeiti", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-size: 16pt; font-weight: normal; margin: 0.6em 0 0.3em; text-indent: 2em; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.right { text-align: right; text-indent: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; font-family: "SimSun", "宋体", "STSong", "Noto Serif CJK SC", serif; font-size: 10.5pt; line-height: 1.35; page-break-inside: auto; }
tr { page-break-inside: avoid; }
td { border: 1px solid #000; padding: 2pt 3pt; text-align: center; vertical-align: middle; }
td.label { text-align: left; }
td.caption { font-weight: bold; }
@media print { html { background: none; } body { max-width: none; margin: 0; padding: 0; } }
"#;

pub(crate) fn page(title: &str, blocks: &[Block]) -> String {
    let mut s = String::from(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
    );
    s += &format!(
        "<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        esc(title)
    );
    for b in blocks {
        match b {
            Block::Title(t) => s += &format!("<h1>{}</h1>\n", esc(t)),
            Block::Heading(h) => s += &format!("<h2>{}</h2>\n", esc(h)),
            Block::Para(p) => s += &format!("<p>{}</p>\n", esc(p)),
            Block::Right(r) => s += &format!("<p class=\"right\">{}</p>\n", esc(r)),
            Block::Table(g) => s += &table(g, None),
        }
    }
    s += "</body>\n</html>\n";
    s
}

/// How a value cell is marked on a web page: a class and a tooltip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellMark {
    /// Added to the cell's `class` attribute (e.g. `error`, `warning`).
    pub class: String,
    /// The cell's `title` (tooltip).
    pub title: String,
}

/// What a value cell of a marked table gets: its id, and maybe a mark.
pub(crate) type Marker<'a> = &'a dyn Fn(&str) -> Option<CellMark>;

/// A table as HTML. With a marker (the web app's report page), each value
/// cell declared by the template carries `data-cell="id"` and its mark.
pub(crate) fn table(g: &Grid, mark: Option<Marker<'_>>) -> String {
    let total: u32 = g.widths.iter().sum::<u32>().max(1);
    let mut s = String::from("<table>\n<colgroup>");
    for w in &g.widths {
        s += &format!(
            "<col style=\"width:{:.2}%\">",
            f64::from(*w) * 100.0 / f64::from(total)
        );
    }
    s += "</colgroup>\n<tbody>\n";
    for row in &g.rows {
        s += "<tr>";
        for slot in row {
            let Slot::Cell(c) = slot else { continue };
            s += "<td";
            if c.colspan > 1 {
                s += &format!(" colspan=\"{}\"", c.colspan);
            }
            if c.rowspan > 1 {
                s += &format!(" rowspan=\"{}\"", c.rowspan);
            }
            let id = match (mark, c.cell) {
                (Some(_), Some(i)) => g.template.get().cells.get(i).map(|d| d.id.as_str()),
                _ => None,
            };
            let marked = id.zip(mark).and_then(|(id, m)| m(id));
            match (c.role, &marked) {
                (Role::RowLabel, _) => s += " class=\"label\"",
                (Role::Caption, _) => s += " class=\"caption\"",
                (Role::Value, Some(m)) => {
                    s += &format!(
                        " class=\"value {}\" title=\"{}\"",
                        esc(&m.class),
                        esc(&m.title)
                    )
                }
                (Role::Value, None) if id.is_some() => s += " class=\"value\"",
                (Role::Header | Role::Value, _) => {}
            }
            if let Some(id) = id {
                s += &format!(" data-cell=\"{}\"", esc(id));
            }
            s += ">";
            s += &esc(&c.text);
            s += "</td>";
        }
        s += "</tr>\n";
    }
    s += "</tbody>\n</table>\n";
    s
}
