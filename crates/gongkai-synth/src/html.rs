//! An HTML page as government sites publish the report: a header, a
//! breadcrumb, the article with its tables (`<table>` with rowspan/colspan,
//! `&nbsp;` in blank cells) or its text lines as paragraphs, a footer.

use rand::Rng;

use crate::grid::{Grid, Slot};
use crate::narrative::Block;

pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page. With `lines`, the article is those lines as paragraphs (a text
/// layout pasted into the page); without, the blocks with real tables.
pub(crate) fn page<R: Rng + ?Sized>(
    title: &str,
    doc: &[Block],
    lines: Option<&[String]>,
    rng: &mut R,
) -> Vec<u8> {
    let mut s =
        String::from("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    s += &format!("<title>{}</title>\n", esc(title));
    s += "<style>.article p{text-indent:2em;line-height:1.8}table{border-collapse:collapse}td{border:1px solid #000}</style>\n";
    s += "<script>var _hmt = _hmt || [];</script>\n</head>\n<body>\n";
    s += "<div class=\"header\"><a href=\"/\">首页</a> | <a href=\"/zwgk/\">政务公开</a> | <a href=\"/hdjl/\">互动交流</a></div>\n";
    s += "<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/zwgk/\">政务公开</a> &gt; <a href=\"/zwgk/nb/\">政府信息公开年报</a></div>\n";
    s += "<div class=\"article\">\n";
    let cell_p = rng.random_bool(0.5);
    match lines {
        Some(lines) => {
            let mut first = true;
            for l in lines.iter().filter(|l| !l.trim().is_empty()) {
                if first {
                    s += &format!("<h1 style=\"text-align:center\">{}</h1>\n", esc(l.trim()));
                    first = false;
                } else {
                    s += &format!("<p>{}</p>\n", esc(l.trim()));
                }
            }
        }
        None => {
            for b in doc {
                match b {
                    Block::Title(t) => {
                        s += &format!("<h1 style=\"text-align:center\">{}</h1>\n", esc(t))
                    }
                    Block::Para(p) => s += &format!("<p>{}</p>\n", esc(p)),
                    Block::Gap => {}
                    Block::Right(r) => {
                        s += &format!("<p style=\"text-align:right\">{}</p>\n", esc(r))
                    }
                    Block::Table(g) => s += &table(g, cell_p),
                }
            }
        }
    }
    s += "</div>\n<div class=\"footer\">主办单位：本站 | 网站标识码：0000000000</div>\n</body>\n</html>\n";
    s.into_bytes()
}

/// A `<table>`: spans as attributes, merged-over cells left out, blank cells `&nbsp;`.
fn table(g: &Grid, cell_p: bool) -> String {
    let mut s = String::from(
        "<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" align=\"center\" style=\"width:600px\">\n<tbody>\n",
    );
    let col_w = 600 / g.cols.max(1);
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
            s += &format!(" style=\"width:{}px\">", col_w * c.colspan);
            let text = if c.text.is_empty() {
                "&nbsp;".to_string()
            } else {
                esc(&c.text)
            };
            if cell_p {
                s += &format!("<p align=\"center\">{text}</p>");
            } else {
                s += &text;
            }
            s += "</td>";
        }
        s += "</tr>\n";
    }
    s += "</tbody>\n</table>\n";
    s
}
