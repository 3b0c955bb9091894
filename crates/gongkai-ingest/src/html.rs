//! HTML → [`Document`]: a web page rendered as lines of text and table grids.
//!
//! The bytes are decoded (a BOM wins, then a `<meta charset>` declaration in
//! the first 4 KB, then detection; see [`decode::decode_with_hint`]) and
//! parsed with html5ever (through `scraper`); a page nested absurdly deep is
//! flattened first, as html5ever would take quadratic time on it. One pass
//! over the tree notes what each subtree holds (text amount, digits, tables,
//! report headings, footer marks), a second renders it:
//!
//! - the text of `<title>` is the first line (it often carries the report
//!   title);
//! - scripts, styles, `<head>`, embedded objects, form controls and page
//!   chrome (navigation, breadcrumbs, share buttons, site headers and footers)
//!   are dropped — but never an element holding report content (a table
//!   with numbers, a heading naming a 政府信息公开 / 年度报告 report) or most
//!   of the page's text;
//! - block elements and `<br>` start a new line, inline elements do not;
//!   whitespace (including `&nbsp;` and U+3000) collapses to one space, and a
//!   source line break between two CJK characters disappears (as in CSS
//!   Text 3), so Word's line wrapping does not split Chinese words; lines are
//!   trimmed and empty lines dropped; each line is a [`Block::Text`];
//! - a `<table>` without nested tables becomes a [`Block::Table`]: one line
//!   per row with the cells joined by a tab, each cell's text on one line
//!   (`<br>` and paragraphs inside a cell become a space, a cell holding only
//!   `&nbsp;` is empty), columns counted in the grid expanded by earlier
//!   colspans and rowspans (rowspan clamped to the rows left, colspan to
//!   1000; rows without cells skipped; at most [`Limits::max_table_cells`]
//!   cells per document, with a warning). A table that holds tables, or
//!   whose rows never have two cells, or that has a cell with a whole article
//!   in it, is page layout: its content flows as text and its inner tables
//!   are read on their own.

use std::ops::Deref;

use encoding_rs::Encoding;
use scraper::{node::Element, ElementRef, Html, Node};

use crate::render::{CellStart, Sink};
use crate::{decode, Document, Format, Limits};

/// A node of the parsed tree (`ego_tree::NodeRef<Node>`, named through
/// scraper so that ego_tree need not be a direct dependency).
type NodeRef<'a> = <ElementRef<'a> as Deref>::Target;

/// How far into the raw bytes a charset declaration is looked for.
const PRESCAN_BYTES: usize = 4096;
/// A cell with more text than this (in characters) means the table is layout.
const LAYOUT_CELL_WEIGHT: u32 = 1500;
/// Longest title kept, in bytes.
const MAX_TITLE_BYTES: usize = 4096;
/// Heading text collected to recognise a report heading, in bytes.
const MAX_HEADING_BYTES: usize = 1024;
/// Elements with at most this much text may be breadcrumbs / share bars.
const MAX_CRUMB_WEIGHT: u32 = 200;

/// Read an HTML page.
///
/// Never fails: broken or truncated markup is repaired by the HTML parser the
/// way browsers do; undecodable bytes become U+FFFD (with a warning).
pub fn read_html(bytes: &[u8], limits: &Limits) -> Document {
    let decoded = decode::decode_with_hint(bytes, declared_encoding(bytes));
    let mut warnings = Vec::new();
    if decoded.had_errors {
        warnings.push(format!(
            "部分字节不是有效的 {} 编码，已替换为 �",
            decoded.encoding
        ));
    }
    let html = if too_deep(&decoded.text) {
        warnings.push(format!(
            "网页元素嵌套超过 {MAX_NESTING} 层，已去掉多余的层次后读取（可能丢失部分版面结构）"
        ));
        Html::parse_document(&flatten(&decoded.text))
    } else {
        Html::parse_document(&decoded.text)
    };
    let root = html.tree.root();
    let (infos, title) = analyze(root);
    let mut renderer = Renderer::new(infos, limits.max_table_cells, decoded.text.len() / 3);
    renderer.render(root, title);
    let (out, blocks, mut render_warnings) = renderer.sink.finish();
    warnings.append(&mut render_warnings);
    let mut doc = Document::new(out, blocks, Format::Html, decoded.encoding);
    doc.warnings = warnings;
    doc
}

/// The encoding declared in the first 4 KB of an HTML page: `<meta
/// charset=…>`, `<meta http-equiv="Content-Type" content="…; charset=…">` or
/// an XML declaration. Labels are mapped as browsers do (`gb2312` → GBK; a
/// UTF-16 declaration in an ASCII-compatible file means UTF-8).
pub fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let mut from = 0;
    while let Some(p) = find_ci(&head[from..], b"<meta") {
        let start = from + p + 5;
        let end = head[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(head.len(), |e| start + e);
        if let Some(enc) = charset_in(&head[start..end], b"charset").and_then(Encoding::for_label) {
            return Some(browser_encoding(enc));
        }
        from = end;
    }
    let trimmed = head
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(head)
        .trim_ascii_start();
    if trimmed.starts_with(b"<?xml") {
        let end = trimmed
            .iter()
            .position(|&b| b == b'>')
            .unwrap_or(trimmed.len());
        if let Some(enc) = charset_in(&trimmed[..end], b"encoding").and_then(Encoding::for_label) {
            return Some(browser_encoding(enc));
        }
    }
    None
}

fn browser_encoding(enc: &'static Encoding) -> &'static Encoding {
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        encoding_rs::UTF_8
    } else if enc == encoding_rs::X_USER_DEFINED {
        encoding_rs::WINDOWS_1252
    } else {
        enc
    }
}

/// The value after `key` `=` in a tag's bytes, unquoted.
fn charset_in<'b>(tag: &'b [u8], key: &[u8]) -> Option<&'b [u8]> {
    let p = find_ci(tag, key)?;
    let rest = tag[p + key.len()..].trim_ascii_start();
    let rest = rest.strip_prefix(b"=")?.trim_ascii_start();
    let rest = match rest.first() {
        Some(b'"' | b'\'') => &rest[1..],
        _ => rest,
    };
    let len = rest
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b';' | b'>' | b'/') || b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    (len > 0).then(|| &rest[..len])
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

// ---------------------------------------------------------------------------
// Nesting guard
//
// html5ever scans the stack of open elements for many tags, so a page that
// nests elements tens of thousands deep (`<div>` repeated, never closed)
// parses in quadratic time. Such pages are detected by a cheap tag scan and
// flattened first: container and inline tags go (block containers leave a
// line break), tables, paragraphs, list items, headings and raw-text elements
// stay.

/// Open elements deeper than this make the page be flattened before parsing.
const MAX_NESTING: usize = 10_000;
/// How far down the open-element stack an end tag looks for its start tag.
const END_TAG_REACH: usize = 64;

/// A tag (or comment, doctype, processing instruction) found by [`next_tag`].
struct RawTag<'t> {
    start: usize,
    end: usize,
    /// Empty for comments and the like.
    name: &'t str,
    closing: bool,
}

/// The next tag at or after `from`, roughly as an HTML tokenizer sees it.
fn next_tag(text: &str, from: usize) -> Option<RawTag<'_>> {
    let b = text.as_bytes();
    let mut i = from;
    loop {
        let p = i + text.get(i..)?.find('<')?;
        let rest = &b[p + 1..];
        let (closing, name_start) = match rest.first() {
            Some(b'!') | Some(b'?') => {
                let end = if rest.starts_with(b"!--") {
                    comment_end(text, p + 4)
                } else {
                    text[p..].find('>').map_or(text.len(), |e| p + e + 1)
                };
                return Some(RawTag {
                    start: p,
                    end,
                    name: "",
                    closing: false,
                });
            }
            Some(b'/') if rest.get(1).is_some_and(u8::is_ascii_alphabetic) => (true, p + 2),
            Some(c) if c.is_ascii_alphabetic() => (false, p + 1),
            _ => {
                i = p + 1;
                continue;
            }
        };
        let name_end = b[name_start..]
            .iter()
            .position(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
            .map_or(b.len(), |e| name_start + e);
        return Some(RawTag {
            start: p,
            end: tag_end(b, name_end),
            name: &text[name_start..name_end],
            closing,
        });
    }
}

/// The end of a comment whose text begins at `from`: after `-->` or `--!>`,
/// or right away for `<!-->` and `<!--->`.
fn comment_end(text: &str, from: usize) -> usize {
    let b = text.as_bytes();
    for early in [b">".as_slice(), b"->"] {
        if b.get(from..from + early.len()) == Some(early) {
            return from + early.len();
        }
    }
    let mut i = from;
    while let Some(p) = text.get(i..).and_then(|t| t.find("--")) {
        let at = i + p + 2;
        match b.get(at) {
            Some(b'>') => return at + 1,
            Some(b'!') if b.get(at + 1) == Some(&b'>') => return at + 2,
            _ => i = i + p + 1,
        }
    }
    text.len()
}

/// The end of a tag whose attributes begin at `i` (quoted values may hold `>`).
fn tag_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'>' => return i + 1,
            b'=' => {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if let Some(&q @ (b'"' | b'\'')) = b.get(i) {
                    match b[i + 1..].iter().position(|&c| c == q) {
                        Some(e) => i += e + 2,
                        None => return b.len(),
                    }
                }
            }
            _ => i += 1,
        }
    }
    b.len()
}

fn name_is(name: &str, list: &[&str]) -> bool {
    list.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// Where the raw text content of `name` starting at `from` ends.
fn raw_text_end(text: &str, from: usize, name: &str) -> usize {
    if name.eq_ignore_ascii_case("plaintext") {
        return text.len();
    }
    let mut i = from;
    while let Some(p) = text.get(i..).and_then(|t| t.find("</")) {
        let at = i + p + 2;
        let candidate = text.as_bytes().get(at..at + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes())) {
            return i + p;
        }
        i = at;
    }
    text.len()
}

/// Elements that do not deepen the tree without bound: void elements,
/// elements closed by their next sibling, and table structure.
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound", "image", "p", "li", "dt", "dd",
    "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot", "caption", "colgroup", "rb",
    "rt", "rp", "rtc", "html", "head", "body", "table",
];

/// Whether the open-element stack could grow beyond [`MAX_NESTING`].
fn too_deep(text: &str) -> bool {
    if text.bytes().filter(|&b| b == b'<').count() <= MAX_NESTING {
        return false;
    }
    let mut stack: Vec<&str> = Vec::new();
    // Inside <svg> or <math> nothing is raw text; when unsure, count tags.
    let mut foreign = 0usize;
    let mut pos = 0;
    while let Some(tag) = next_tag(text, pos) {
        pos = tag.end;
        if tag.name.is_empty() {
            continue;
        }
        if name_is(tag.name, &["svg", "math"]) {
            if tag.closing {
                foreign = foreign.saturating_sub(1);
            } else {
                foreign += 1;
            }
        }
        if !tag.closing
            && foreign == 0
            && (name_is(tag.name, RAW_TEXT) || tag.name.eq_ignore_ascii_case("plaintext"))
        {
            pos = raw_text_end(text, pos, tag.name);
            continue;
        }
        if name_is(tag.name, FLAT) {
            continue;
        }
        if tag.closing {
            let reach = stack.len().saturating_sub(END_TAG_REACH);
            if let Some(at) = stack[reach..]
                .iter()
                .rposition(|n| n.eq_ignore_ascii_case(tag.name))
            {
                stack.truncate(reach + at);
            }
        } else {
            stack.push(tag.name);
            if stack.len() > MAX_NESTING {
                return true;
            }
        }
    }
    false
}

/// Tags kept by [`flatten`].
const KEPT_WHEN_FLAT: &[&str] = &[
    "html",
    "head",
    "body",
    "title",
    "meta",
    "link",
    "base",
    "script",
    "style",
    "noscript",
    "template",
    "textarea",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
    "table",
    "caption",
    "colgroup",
    "col",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "p",
    "br",
    "hr",
    "img",
    "li",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "select",
    "option",
    "optgroup",
    "input",
    "button",
    "wbr",
];

/// The page without nesting containers (see the section comment).
fn flatten(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    while let Some(tag) = next_tag(text, pos) {
        out.push_str(&text[pos..tag.start]);
        pos = tag.end;
        if tag.name.is_empty() {
            continue;
        }
        if name_is(tag.name, KEPT_WHEN_FLAT) {
            out.push_str(&text[tag.start..tag.end]);
            if !tag.closing
                && (name_is(tag.name, RAW_TEXT) || tag.name.eq_ignore_ascii_case("plaintext"))
            {
                let end = raw_text_end(text, pos, tag.name);
                out.push_str(&text[pos..end]);
                pos = end;
            }
        } else if kind(&tag.name.to_ascii_lowercase()).is_block() {
            out.push_str("<br>");
        }
    }
    out.push_str(text.get(pos..).unwrap_or(""));
    out
}

// ---------------------------------------------------------------------------
// Tree walking

#[derive(Clone, Copy)]
enum Step<'a> {
    Open(NodeRef<'a>),
    Close(NodeRef<'a>),
}

/// Iterative pre-order walk of a subtree that reports opening and closing of
/// every node (no recursion, so deep trees cannot overflow the stack).
struct Walk<'a> {
    root: NodeRef<'a>,
    next: Option<Step<'a>>,
}

impl<'a> Walk<'a> {
    fn new(root: NodeRef<'a>) -> Walk<'a> {
        Walk {
            root,
            next: Some(Step::Open(root)),
        }
    }

    fn after(&self, n: NodeRef<'a>) -> Option<Step<'a>> {
        if n == self.root {
            return None;
        }
        match n.next_sibling() {
            Some(s) => Some(Step::Open(s)),
            None => n.parent().map(Step::Close),
        }
    }

    /// Skip the subtree of the node just opened; its close is not reported.
    fn skip_subtree(&mut self, n: NodeRef<'a>) {
        self.next = self.after(n);
    }
}

impl<'a> Iterator for Walk<'a> {
    type Item = Step<'a>;

    fn next(&mut self) -> Option<Step<'a>> {
        let step = self.next?;
        self.next = match step {
            Step::Open(n) => Some(n.first_child().map_or(Step::Close(n), Step::Open)),
            Step::Close(n) => self.after(n),
        };
        Some(step)
    }
}

// ---------------------------------------------------------------------------
// Element kinds

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Not content: dropped with everything inside.
    Skip,
    /// `<title>`: rendered first, skipped in place.
    Title,
    Inline,
    Block,
    Br,
    Pre,
    Table,
    Row,
    Cell,
    Caption,
    Heading,
    /// `nav`, `aside`, `footer`, `menu`.
    Chrome,
    Header,
    /// `article`, `main`.
    Article,
    /// `html`, `body`.
    Root,
}

impl Kind {
    fn is_block(self) -> bool {
        !matches!(self, Kind::Inline | Kind::Br | Kind::Skip | Kind::Title)
    }
}

fn kind(name: &str) -> Kind {
    match name {
        "script" | "style" | "noscript" | "template" | "head" | "iframe" | "frame" | "frameset"
        | "noframes" | "noembed" | "object" | "embed" | "applet" | "svg" | "canvas" | "select"
        | "option" | "optgroup" | "datalist" | "button" | "input" | "textarea" | "xml"
        | "audio" | "video" | "map" | "meta" | "link" | "base" | "param" | "source" | "track" => {
            Kind::Skip
        }
        "title" => Kind::Title,
        "br" => Kind::Br,
        "pre" | "listing" | "xmp" | "plaintext" => Kind::Pre,
        "table" => Kind::Table,
        "tr" => Kind::Row,
        "td" | "th" => Kind::Cell,
        "caption" => Kind::Caption,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Kind::Heading,
        "nav" | "aside" | "footer" | "menu" => Kind::Chrome,
        "header" => Kind::Header,
        "article" | "main" => Kind::Article,
        "html" | "body" => Kind::Root,
        "p" | "div" | "li" | "ul" | "ol" | "dl" | "dt" | "dd" | "section" | "blockquote"
        | "address" | "center" | "hr" | "form" | "fieldset" | "legend" | "figure"
        | "figcaption" | "details" | "summary" | "dialog" | "hgroup" | "search" | "dir"
        | "thead" | "tbody" | "tfoot" | "colgroup" | "col" => Kind::Block,
        _ => Kind::Inline,
    }
}

fn is_html_ns(el: &Element) -> bool {
    &*el.name.ns == "http://www.w3.org/1999/xhtml"
}

// ---------------------------------------------------------------------------
// Class / id words

/// Class or id words that mark page chrome.
const CHROME_WORDS: &[&str] = &[
    "nav",
    "navs",
    "navbar",
    "navigation",
    "menu",
    "menus",
    "menubar",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "footer",
    "foot",
    "header",
    "share",
    "sharing",
    "sidebar",
    "topbar",
    "toolbar",
    "copyright",
    "topnav",
    "subnav",
    "mainnav",
    "leftnav",
    "sidenav",
    "sitenav",
    "navlist",
    "navbox",
    "leftmenu",
    "topmenu",
    "submenu",
    "mainmenu",
    "footerbox",
    "sharebox",
];

/// Share widgets whose class names are single run-together tokens.
const SHARE_WIDGETS: &[&[u8]] = &[b"bdshare", b"bshare", b"jiathis"];

/// Words that mark content even next to a chrome word (`article-header`).
const CONTENT_WORDS: &[&str] = &[
    "article", "content", "detail", "details", "title", "post", "entry", "report", "text", "zw",
];

/// Calls `f` on each word of a class or id value (split at non-alphanumerics,
/// lower→upper case changes and letter/digit changes); true if `f` was.
fn any_word(value: &[u8], mut f: impl FnMut(&[u8]) -> bool) -> bool {
    let value = &value[..value.len().min(1024)];
    let mut start: Option<usize> = None;
    for (i, &b) in value.iter().enumerate() {
        if b.is_ascii_alphanumeric() {
            match start {
                None => start = Some(i),
                Some(st) => {
                    let prev = value[i - 1];
                    let boundary = (prev.is_ascii_lowercase() && b.is_ascii_uppercase())
                        || prev.is_ascii_digit() != b.is_ascii_digit();
                    if boundary {
                        if f(&value[st..i]) {
                            return true;
                        }
                        start = Some(i);
                    }
                }
            }
        } else if let Some(st) = start.take() {
            if f(&value[st..i]) {
                return true;
            }
        }
    }
    start.is_some_and(|st| f(&value[st..]))
}

fn word_in(word: &[u8], list: &[&str]) -> bool {
    list.iter().any(|w| w.as_bytes().eq_ignore_ascii_case(word))
}

/// An attribute value (without interning the name, as `Element::attr` does).
fn attr<'e>(el: &'e Element, name: &str) -> Option<&'e str> {
    el.attrs().find(|(n, _)| *n == name).map(|(_, v)| v)
}

/// The `class` and `id` attribute values of an element.
fn class_and_id(el: &Element) -> impl Iterator<Item = &[u8]> {
    el.attrs()
        .filter(|(name, _)| *name == "class" || *name == "id")
        .map(|(_, v)| v.as_bytes())
}

fn has_title_word(el: &Element) -> bool {
    class_and_id(el).any(|v| any_word(v, |w| w.eq_ignore_ascii_case(b"title")))
}

/// Class or id says navigation chrome (and nothing says content).
fn chrome_by_name(el: &Element) -> bool {
    let mut chrome = false;
    let mut content = false;
    for v in class_and_id(el) {
        any_word(v, |w| {
            chrome |= word_in(w, CHROME_WORDS);
            content |= word_in(w, CONTENT_WORDS);
            false
        });
        let head = &v[..v.len().min(1024)];
        chrome |= SHARE_WIDGETS.iter().any(|s| find_ci(head, s).is_some());
    }
    chrome && !content
}

/// Breadcrumbs, share and print bars and related-links boxes that carry no
/// telling class begin like this.
const CHROME_PHRASES: &[&str] = &[
    "当前位置",
    "当前所在位置",
    "您现在的位置",
    "您当前的位置",
    "您当前位置",
    "您的位置",
    "你现在的位置",
    "你的位置",
    "所在位置",
    "分享到",
    "分享至",
    "【打印",
    "【关闭",
    "【字体",
    "打印本页",
    "关闭窗口",
    "相关链接",
    "相关文章",
    "相关阅读",
];

fn starts_with_chrome_phrase(n: NodeRef<'_>) -> bool {
    let mut walk = Walk::new(n);
    let mut steps = 0;
    while let Some(step) = walk.next() {
        steps += 1;
        if steps > 64 {
            return false;
        }
        if let Step::Open(d) = step {
            match d.value() {
                Node::Text(t) => {
                    let s = t.trim_start_matches(char::is_whitespace);
                    if !s.is_empty() {
                        return CHROME_PHRASES.iter().any(|p| s.starts_with(p));
                    }
                }
                Node::Element(el) if kind(el.name()) == Kind::Skip => walk.skip_subtree(d),
                _ => {}
            }
        }
    }
    false
}

// ---------------------------------------------------------------------------
// First pass: what each subtree holds

/// Text of the subtree contains a digit.
const DIGIT: u8 = 1;
/// A strict descendant is a `<table>`.
const TABLE_BELOW: u8 = 2;
/// The subtree holds report content and must not be dropped as chrome.
const PROTECT: u8 = 4;

/// Site footer markers found in text.
const MARKS: &[(&str, u8)] = &[
    ("ICP备", 1),
    ("ICP证", 1),
    ("网站标识码", 2),
    ("公网安备", 4),
    ("版权所有", 8),
    ("Copyright", 8),
    ("©", 8),
    ("主办单位", 16),
    ("主办：", 16),
    ("技术支持", 32),
];

/// Visible characters, whether there is a digit, and whether a footer mark
/// may be present (one of their telling characters occurs).
fn text_stats(s: &str) -> (u32, bool, bool) {
    let mut weight = 0u32;
    let mut digit = false;
    let mut maybe_marks = false;
    for c in s.chars() {
        if ('\u{3001}'..'\u{FEFF}').contains(&c) {
            weight = weight.saturating_add(1);
            digit |= ('０'..='９').contains(&c);
            maybe_marks |= matches!(c, '备' | '证' | '识' | '权' | '办' | '术');
        } else if !c.is_whitespace() {
            weight = weight.saturating_add(1);
            digit |= c.is_ascii_digit();
            maybe_marks |= matches!(c, 'C' | '©');
        }
    }
    (weight, digit, maybe_marks)
}

/// Marks no report table contains.
const FOOTER_ONLY: u8 = 1 | 2 | 4;

/// What a subtree holds, by pre-order index of its root.
#[derive(Debug, Clone, Copy, Default)]
struct Info {
    /// Nodes in the subtree, itself included.
    size: usize,
    /// Visible characters of text (script and style excluded).
    weight: u32,
    flags: u8,
    marks: u8,
}

fn is_report_heading(text: &str) -> bool {
    text.contains("年度报告") || text.contains("政府信息公开")
}

/// First pass over the whole tree: an [`Info`] per node in pre-order, and the
/// page's `<title>` element.
fn analyze(root: NodeRef<'_>) -> (Vec<Info>, Option<NodeRef<'_>>) {
    let mut infos: Vec<Info> = Vec::new();
    let mut stack: Vec<(usize, Info, Kind)> = Vec::new();
    let mut heading: Option<NodeRef<'_>> = None;
    let mut heading_text = String::new();
    let mut title = None;
    let mut skip_depth = 0usize;
    for step in Walk::new(root) {
        match step {
            Step::Open(n) => {
                let idx = infos.len();
                infos.push(Info::default());
                let mut own = Info::default();
                let mut k = Kind::Inline;
                match n.value() {
                    Node::Text(t) if skip_depth == 0 => {
                        let s: &str = t;
                        let (weight, digit, maybe_marks) = text_stats(s);
                        own.weight = weight;
                        if digit {
                            own.flags |= DIGIT;
                        }
                        if maybe_marks {
                            for (m, bit) in MARKS {
                                if own.marks & bit == 0 && s.contains(m) {
                                    own.marks |= bit;
                                }
                            }
                        }
                        if heading.is_some() && heading_text.len() < MAX_HEADING_BYTES {
                            heading_text.extend(s.chars().filter(|c| !c.is_whitespace()).take(256));
                        }
                    }
                    Node::Element(el) => {
                        k = kind(el.name());
                        if matches!(k, Kind::Skip | Kind::Title) {
                            if k == Kind::Title && title.is_none() && is_html_ns(el) {
                                title = Some(n);
                            }
                            skip_depth += 1;
                        } else if heading.is_none()
                            && skip_depth == 0
                            && (k == Kind::Heading || has_title_word(el))
                        {
                            heading = Some(n);
                            heading_text.clear();
                        }
                    }
                    _ => {}
                }
                stack.push((idx, own, k));
            }
            Step::Close(n) => {
                let Some((idx, mut own, k)) = stack.pop() else {
                    continue;
                };
                if matches!(k, Kind::Skip | Kind::Title) {
                    skip_depth = skip_depth.saturating_sub(1);
                }
                if k == Kind::Table && own.flags & DIGIT != 0 && own.marks & FOOTER_ONLY == 0 {
                    own.flags |= PROTECT;
                }
                if heading == Some(n) {
                    if is_report_heading(&heading_text) {
                        own.flags |= PROTECT;
                    }
                    heading = None;
                }
                own.size = infos.len() - idx;
                if let Some(slot) = infos.get_mut(idx) {
                    *slot = own;
                }
                if let Some((_, parent, _)) = stack.last_mut() {
                    parent.flags |= own.flags & (DIGIT | PROTECT | TABLE_BELOW);
                    if k == Kind::Table {
                        parent.flags |= TABLE_BELOW;
                    }
                    parent.marks |= own.marks;
                    parent.weight = parent.weight.saturating_add(own.weight);
                }
            }
        }
    }
    (infos, title)
}

// ---------------------------------------------------------------------------
// Second pass: rendering

/// Parse a colspan/rowspan value as HTML does: leading digits, garbage after
/// them ignored.
fn parse_span(v: Option<&str>) -> Option<usize> {
    let v = v?.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let v = v.strip_prefix('+').unwrap_or(v);
    let mut n: usize = 0;
    let mut any = false;
    for d in v.bytes().take_while(u8::is_ascii_digit) {
        any = true;
        n = n.saturating_mul(10).saturating_add(usize::from(d - b'0'));
    }
    any.then_some(n)
}

/// The elements of the data table being rendered (it has no nested tables);
/// the grid itself is built by the [`Sink`].
struct TableNodes<'a> {
    node: NodeRef<'a>,
    row: Option<NodeRef<'a>>,
    cell: Option<NodeRef<'a>>,
    /// Captions met after the first row, rendered after the table.
    deferred: Vec<String>,
}

struct Renderer<'a> {
    infos: Vec<Info>,
    total_weight: u32,
    sink: Sink,
    table: Option<TableNodes<'a>>,
    pre_depth: usize,
    article_depth: usize,
}

impl<'a> Renderer<'a> {
    fn new(infos: Vec<Info>, max_cells: usize, out_capacity: usize) -> Renderer<'a> {
        let total_weight = infos.first().map_or(0, |i| i.weight);
        Renderer {
            infos,
            total_weight,
            sink: Sink::new(max_cells, out_capacity),
            table: None,
            pre_depth: 0,
            article_depth: 0,
        }
    }

    fn info(&self, idx: usize) -> Info {
        self.infos.get(idx).copied().unwrap_or_default()
    }

    fn render(&mut self, root: NodeRef<'a>, title: Option<NodeRef<'a>>) {
        if let Some(t) = title {
            let text = collect_text(t, MAX_TITLE_BYTES);
            self.sink.push_text(&text, false);
            self.sink.newline();
        }
        let mut walk = Walk::new(root);
        let mut idx = 0usize;
        while let Some(step) = walk.next() {
            match step {
                Step::Open(n) => {
                    let me = idx;
                    idx += 1;
                    match n.value() {
                        Node::Text(t) => self.text(t),
                        Node::Element(el) if !self.open(n, el, me) => {
                            walk.skip_subtree(n);
                            idx = me + self.info(me).size.max(1);
                        }
                        _ => {}
                    }
                }
                Step::Close(n) => {
                    if let Node::Element(el) = n.value() {
                        self.close(n, el);
                    }
                }
            }
        }
        if self.table.is_some() {
            self.finish_table();
        }
        self.sink.newline();
    }

    /// An element opens; false means skip it with its content.
    fn open(&mut self, n: NodeRef<'a>, el: &Element, idx: usize) -> bool {
        let k = kind(el.name());
        if matches!(k, Kind::Skip | Kind::Title) {
            return false;
        }
        if self.table.is_some() {
            return self.open_in_table(n, el, k);
        }
        if self.is_chrome(n, el, k, idx) {
            return false;
        }
        match k {
            Kind::Table => {
                self.sink.newline();
                if self.info(idx).flags & TABLE_BELOW == 0 {
                    if let Some(rows) = self.data_table_rows(n, idx) {
                        self.sink.begin_table(rows);
                        self.table = Some(TableNodes {
                            node: n,
                            row: None,
                            cell: None,
                            deferred: Vec::new(),
                        });
                    }
                }
            }
            Kind::Br => self.sink.newline(),
            Kind::Pre => {
                self.sink.newline();
                self.pre_depth += 1;
            }
            Kind::Article => {
                self.sink.newline();
                self.article_depth += 1;
            }
            k if k.is_block() => self.sink.newline(),
            _ => {}
        }
        true
    }

    fn close(&mut self, n: NodeRef<'a>, el: &Element) {
        let k = kind(el.name());
        if self.table.is_some() {
            self.close_in_table(n, k);
            return;
        }
        match k {
            Kind::Pre => {
                self.pre_depth = self.pre_depth.saturating_sub(1);
                self.sink.newline();
            }
            Kind::Article => {
                self.article_depth = self.article_depth.saturating_sub(1);
                self.sink.newline();
            }
            k if k.is_block() => self.sink.newline(),
            _ => {}
        }
    }

    /// Navigation, breadcrumbs, share bars, site headers and footers — unless
    /// the element holds report content or most of the page's text.
    fn is_chrome(&self, n: NodeRef<'a>, el: &Element, k: Kind, idx: usize) -> bool {
        if matches!(k, Kind::Root | Kind::Article) {
            return false;
        }
        let info = self.info(idx);
        if info.flags & PROTECT != 0 || u64::from(info.weight) * 2 > u64::from(self.total_weight) {
            return false;
        }
        match k {
            Kind::Chrome => return true,
            Kind::Header if self.article_depth == 0 => return true,
            _ => {}
        }
        chrome_by_name(el)
            || info.marks.count_ones() >= 2
            || (info.weight <= MAX_CRUMB_WEIGHT && starts_with_chrome_phrase(n))
    }

    /// Decide whether a table without nested tables is a data table; if so,
    /// its number of rows.
    fn data_table_rows(&self, n: NodeRef<'a>, idx: usize) -> Option<usize> {
        let mut rows = 0usize;
        let mut wide_row = false;
        for (i, step) in Walk::new(n)
            .filter(|s| matches!(s, Step::Open(_)))
            .enumerate()
        {
            let Step::Open(d) = step else { continue };
            let Node::Element(el) = d.value() else {
                continue;
            };
            match kind(el.name()) {
                Kind::Row => {
                    rows += 1;
                    if !wide_row {
                        let cells = d
                            .children()
                            .filter(|c| {
                                c.value()
                                    .as_element()
                                    .is_some_and(|e| kind(e.name()) == Kind::Cell)
                            })
                            .take(2)
                            .count();
                        wide_row = cells >= 2;
                    }
                }
                Kind::Cell if self.info(idx + i).weight > LAYOUT_CELL_WEIGHT => return None,
                _ => {}
            }
        }
        (rows > 0 && wide_row).then_some(rows)
    }

    fn open_in_table(&mut self, n: NodeRef<'a>, el: &Element, k: Kind) -> bool {
        let Some(ctx) = self.table.as_mut() else {
            return true;
        };
        if ctx.cell.is_some() {
            if k.is_block() || k == Kind::Br {
                self.sink.soft_break();
            }
            return true;
        }
        match k {
            Kind::Row => {
                ctx.row = Some(n);
                self.sink.begin_row();
                true
            }
            Kind::Cell => {
                let colspan = parse_span(attr(el, "colspan")).unwrap_or(1);
                let rowspan = parse_span(attr(el, "rowspan"));
                match self.sink.begin_cell(colspan, rowspan) {
                    CellStart::Started => {
                        ctx.cell = Some(n);
                        true
                    }
                    // Not possible after html5ever's tree building; text is ignored.
                    CellStart::NoRow => true,
                    CellStart::Capped => false,
                }
            }
            Kind::Caption => {
                let text = collect_text(n, MAX_TITLE_BYTES);
                if self.sink.table_started() {
                    ctx.deferred.push(text);
                } else {
                    self.sink.push_text(&text, false);
                    self.sink.newline();
                    self.sink.restart_row();
                }
                false
            }
            _ => true,
        }
    }

    fn close_in_table(&mut self, n: NodeRef<'a>, k: Kind) {
        let Some(ctx) = self.table.as_mut() else {
            return;
        };
        if let Some(cell) = ctx.cell {
            if cell == n {
                ctx.cell = None;
                self.sink.end_cell();
            } else if k.is_block() {
                self.sink.soft_break();
            }
        } else if ctx.row == Some(n) {
            ctx.row = None;
            self.sink.end_row();
        } else if ctx.node == n {
            self.finish_table();
        }
    }

    fn finish_table(&mut self) {
        let Some(ctx) = self.table.take() else {
            return;
        };
        self.sink.end_table();
        for text in ctx.deferred {
            self.sink.push_text(&text, false);
            self.sink.newline();
        }
    }

    fn text(&mut self, s: &str) {
        if self.table.as_ref().is_some_and(|c| c.cell.is_none()) {
            // Whitespace between rows; html5ever moves real text out of tables.
            return;
        }
        self.sink.push_text(s, self.pre_depth > 0);
    }
}

/// The raw text of a subtree (scripts and the like left out), at most `cap`
/// bytes; whitespace is collapsed when it is rendered.
fn collect_text(n: NodeRef<'_>, cap: usize) -> String {
    let mut text = String::new();
    let mut walk = Walk::new(n);
    while let Some(step) = walk.next() {
        let Step::Open(d) = step else { continue };
        match d.value() {
            Node::Text(t) => {
                let room = cap.saturating_sub(text.len());
                if room == 0 {
                    break;
                }
                let s: &str = t;
                let end = crate::floor_char_boundary(s, room);
                text.push_str(&s[..end]);
                text.push(' ');
            }
            Node::Element(el) if d != n && matches!(kind(el.name()), Kind::Skip) => {
                walk.skip_subtree(d)
            }
            Node::Element(el) if kind(el.name()).is_block() || kind(el.name()) == Kind::Br => {
                text.push(' ');
            }
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::MAX_COLSPAN;
    use crate::Block;

    fn read(html: &str) -> Document {
        read_html(html.as_bytes(), &Limits::default())
    }

    fn lines(doc: &Document) -> Vec<&str> {
        doc.text.lines().collect()
    }

    /// Cell texts of every row of the n-th grid.
    fn grid_texts(doc: &Document, n: usize) -> Vec<Vec<&str>> {
        let grid = doc.grids().nth(n).expect("grid");
        grid.rows
            .iter()
            .map(|r| r.cells.iter().map(|c| &doc.text[c.span.clone()]).collect())
            .collect()
    }

    /// Every span of the document is consistent with the text.
    fn check_spans(doc: &Document) {
        for block in &doc.blocks {
            match block {
                Block::Text { span } => {
                    let t = &doc.text[span.clone()];
                    assert!(!t.is_empty());
                    assert!(!t.contains(['\n', '\t']), "{t:?}");
                    assert_eq!(t, t.trim(), "untrimmed line {t:?}");
                    assert_eq!(doc.text.as_bytes().get(span.end), Some(&b'\n'));
                }
                Block::Table(grid) => {
                    for row in &grid.rows {
                        let line = &doc.text[row.span.clone()];
                        assert!(!line.contains('\n'));
                        let cells: Vec<&str> = row
                            .cells
                            .iter()
                            .map(|c| &doc.text[c.span.clone()])
                            .collect();
                        assert_eq!(line, cells.join("\t"));
                        for c in &row.cells {
                            assert!(row.span.start <= c.span.start && c.span.end <= row.span.end);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn flow_text_lines_and_whitespace() {
        let doc = read(
            "<html><head><title> 报告\n标题 </title></head><body>\
             <div>第一段 <b>加粗</b>\t文字</div><p>第二段<br>换行&nbsp;&nbsp;后</p>\
             <p>　　全角空格开头</p><ul><li>甲</li><li>乙</li></ul>\
             <p>跨行的中文\n   词语 and English\nwords</p></body></html>",
        );
        assert_eq!(
            lines(&doc),
            [
                "报告标题",
                "第一段 加粗 文字",
                "第二段",
                "换行 后",
                "全角空格开头",
                "甲",
                "乙",
                "跨行的中文词语 and English words"
            ]
        );
        assert_eq!(doc.blocks.len(), 8);
        assert_eq!(doc.format, Format::Html);
        assert_eq!(doc.encoding, "UTF-8");
        check_spans(&doc);
    }

    #[test]
    fn colspan_rowspan_columns() {
        let doc = read(
            "<table>\
             <tr><td rowspan=2>甲</td><td colspan=2>乙</td><td>丙</td></tr>\
             <tr><td>1</td><td>2</td><td rowspan='3'>3</td></tr>\
             <tr><td colspan=\"2\">丁</td><td>4</td></tr>\
             </table>",
        );
        let grid = doc.grids().next().unwrap();
        let cols: Vec<Vec<(usize, usize, usize)>> = grid
            .rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| (c.col, c.colspan, c.rowspan))
                    .collect()
            })
            .collect();
        assert_eq!(
            cols,
            vec![
                vec![(0, 1, 2), (1, 2, 1), (3, 1, 1)],
                vec![(1, 1, 1), (2, 1, 1), (3, 1, 2)],
                vec![(0, 2, 1), (2, 1, 1)],
            ]
        );
        assert_eq!(doc.text, "甲\t乙\t丙\n1\t2\t3\n丁\t4\n");
        check_spans(&doc);
    }

    #[test]
    fn absurd_spans_are_clamped() {
        let doc = read(
            "<table><tr><td rowspan=0 colspan=100000>a</td><td rowspan=10000>b</td><td colspan=x>c</td></tr>\
             <tr><td>d</td></tr></table>",
        );
        let grid = doc.grids().next().unwrap();
        let first = &grid.rows[0].cells;
        assert_eq!((first[0].rowspan, first[0].colspan), (2, MAX_COLSPAN));
        assert_eq!((first[1].col, first[1].rowspan), (MAX_COLSPAN, 2));
        assert_eq!((first[2].col, first[2].colspan), (MAX_COLSPAN + 1, 1));
        assert_eq!(grid.rows[1].cells[0].col, MAX_COLSPAN + 1);
    }

    #[test]
    fn nbsp_cells_are_empty_and_spans_exact() {
        let doc = read(
            "<table><tr><td><p>项目</p></td><td>&nbsp;</td><td><p align=center>&nbsp;</p></td>\
             <td> 12 </td><td>\u{3000}</td></tr></table>",
        );
        assert_eq!(doc.text, "项目\t\t\t12\t\n");
        let grid = doc.grids().next().unwrap();
        let row = &grid.rows[0];
        let texts: Vec<&str> = row
            .cells
            .iter()
            .map(|c| &doc.text[c.span.clone()])
            .collect();
        assert_eq!(texts, ["项目", "", "", "12", ""]);
        assert_eq!(row.cells[1].span, 7..7);
        for (i, cell) in row.cells.iter().enumerate() {
            let pos = doc.grid_pos(cell.span.start).expect("cell found");
            assert_eq!((pos.table, pos.row, pos.col), (0, 0, i as u32));
        }
        check_spans(&doc);
    }

    #[test]
    fn br_and_paragraphs_in_cells_are_spaces() {
        let doc = read("<table><tr><td>本年新<br />制作数量</td><td><p>a</p><p>b</p>\n<div>c\td</div></td></tr></table>");
        assert_eq!(grid_texts(&doc, 0), [["本年新 制作数量", "a b c d"]]);
    }

    #[test]
    fn word_pasted_markup_is_clean() {
        let html = "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head>\
            <!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>张三</o:Author></o:DocumentProperties></xml><![endif]-->\
            <style><!-- p.MsoNormal {mso-style-parent:\"\";} --></style></head><body lang=ZH-CN>\
            <div class=WordSection1>\
            <p class=MsoNormal align=center style='text-align:center'><b><span style='font-size:16.0pt;\r\n\
            font-family:宋体'>政府信息公开工作<span lang=EN-US>2019</span>年度\r\n报告<o:p></o:p></span></b></p>\
            <p class=MsoNormal><![if !supportLists]><span lang=EN-US>1.<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp;&nbsp; </span></span><![endif]><span style='font-family:宋体'>规章</span><o:p>&nbsp;</o:p></p>\
            <table class=MsoNormalTable border=1><tr style='mso-yfti-irow:0'>\
            <td width=100 style='mso-border-alt:solid windowtext .5pt'><p class=MsoNormal><span style='font-family:宋体;mso-ascii-font-family:Calibri'>信息<span lang=EN-US><o:p></o:p></span>内容</span></p></td>\
            <td><p class=MsoNormal><span lang=EN-US style='mso-bidi-font-size:10.5pt'>13<o:p></o:p></span></p></td>\
            <td><p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p></td></tr>\
            <![if !supportMisalignedColumns]><tr height=0><td width=100 style='border:none'></td><td width=50 style='border:none'></td><td></td></tr><![endif]>\
            </table><p class=MsoNormal><font face=宋体 size=3>说明<font color=red>文字</font></font></p></div>\
            <!--[if !mso]><p>不应出现</p><![endif]--></body></html>";
        let doc = read(html);
        let text_lines = lines(&doc);
        assert_eq!(text_lines[0], "政府信息公开工作2019年度报告");
        assert_eq!(text_lines[1], "1. 规章");
        assert_eq!(text_lines[2], "信息内容\t13\t");
        assert_eq!(text_lines[4], "说明文字");
        assert!(!doc.text.contains("张三"));
        assert!(!doc.text.contains("mso"));
        assert!(!doc.text.contains("不应出现"));
        assert_eq!(grid_texts(&doc, 0)[0], ["信息内容", "13", ""]);
        check_spans(&doc);
    }

    #[test]
    fn nested_layout_table_flows_and_inner_table_is_a_grid() {
        let doc = read(
            "<table width=100%><tr><td>左栏</td><td>\
             <p>一、总体情况</p>\
             <table><tr><th>信息内容</th><th>数量</th></tr><tr><td>规章</td><td>5</td></tr></table>\
             <p>二、其他</p></td></tr></table>\
             <table><tr><td>只有一列</td></tr><tr><td>第二行</td></tr></table>",
        );
        assert_eq!(doc.grids().count(), 1);
        assert_eq!(
            lines(&doc),
            [
                "左栏",
                "一、总体情况",
                "信息内容\t数量",
                "规章\t5",
                "二、其他",
                "只有一列",
                "第二行"
            ]
        );
        check_spans(&doc);
    }

    #[test]
    fn title_is_first_line() {
        let doc = read(
            "<!DOCTYPE html><html><head><meta charset=utf-8><title>2023年度XX区政府信息公开工作年度报告</title>\
             <script>var a = '<p>x</p>';</script></head><body><p>正文</p></body></html>",
        );
        assert_eq!(
            lines(&doc),
            ["2023年度XX区政府信息公开工作年度报告", "正文"]
        );
        assert!(matches!(doc.blocks[0], Block::Text { ref span } if span.start == 0));
    }

    #[test]
    fn truncated_and_garbage_input_do_not_panic() {
        let cases: Vec<Vec<u8>> = vec![
            b"<table><tr><td>1<td>2<tr><td rowspan=3>3".to_vec(),
            b"<html><body><p>text <b>bold <i>both</b> it".to_vec(),
            b"<div class=\"nav".to_vec(),
            b"<!--[if gte mso 9]><xml>".to_vec(),
            b"<td>lonely</td></tr></table><caption>c</caption>".to_vec(),
            b"\xff\xfe\x00<\x00t\x00a\x00b".to_vec(),
            b"<meta charset=\"gb2312\"><p>\xd6\xd0\xce\xc4\xff</p>".to_vec(),
            vec![0xC3; 100],
            b"<table><caption>a</caption><tr><td>1</td><td>2</td></tr><caption>b</caption></table>"
                .to_vec(),
            format!("<p class=\"{}\">x</p>", "nav ".repeat(10_000)).into_bytes(),
            "<div>".repeat(3000).into_bytes(),
            "<table><tr><td>".repeat(300).into_bytes(),
            b"<pre>\n  a\tb\n\n c  </pre>".to_vec(),
        ];
        for bytes in cases {
            let doc = read_html(&bytes, &Limits::default());
            check_spans(&doc);
        }
        let doc = read("<table><tr><td>1<td>2<tr><td>3");
        assert_eq!(doc.text, "1\t2\n3\n");
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let mut page = String::from("<title>标题</title><p>开头</p>");
        page.push_str(&"<div class=x><span>".repeat(MAX_NESTING));
        page.push_str("<table><tr><td>规章</td><td>1<b>3</b></td></tr></table><script>var a = '<div>';</script>末尾");
        assert!(too_deep(&page));
        let doc = read(&page);
        assert_eq!(lines(&doc), ["标题", "开头", "规章\t13", "末尾"]);
        assert_eq!(doc.warnings.len(), 1);
        // Ordinary sloppy markup is not flattened.
        assert!(!too_deep(&"<div><font>x</div>".repeat(3 * MAX_NESTING)));
        assert!(!too_deep(&"<p>x".repeat(3 * MAX_NESTING)));
        assert!(!too_deep("<div title='<div><div>'>"));
        // Comments and raw text hide tags, as in HTML; foreign content does not.
        let divs = "<div>".repeat(MAX_NESTING + 1);
        assert!(!too_deep(&format!("<!--{divs}-->")));
        assert!(too_deep(&format!("<!-->{divs}-->")));
        assert!(too_deep(&format!("<!-- x --!>{divs}")));
        assert!(!too_deep(&format!("<script>{divs}</script>")));
        assert!(too_deep(&format!("<svg><style>{divs}</style></svg>")));
    }

    #[test]
    fn pre_keeps_lines() {
        let doc = read("<pre>\n  a\tb\n\n c  </pre><p>d</p>");
        assert_eq!(lines(&doc), ["a b", "c", "d"]);
    }

    #[test]
    fn gbk_page_with_meta_charset() {
        let page = "<html><head><meta charset=gb2312><title>政府信息公开年报</title></head>\
                    <body><table><tr><td>规章</td><td>13</td></tr></table></body></html>";
        let (bytes, _, _) = encoding_rs::GB18030.encode(page);
        assert!(std::str::from_utf8(&bytes).is_err());
        let doc = read_html(&bytes, &Limits::default());
        assert_eq!(doc.encoding, "GB18030");
        assert_eq!(doc.text, "政府信息公开年报\n规章\t13\n");
        assert!(doc.warnings.is_empty());

        let http_equiv = page.replace(
            "<meta charset=gb2312>",
            "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=GBK\">",
        );
        let (bytes, _, _) = encoding_rs::GB18030.encode(&http_equiv);
        assert_eq!(read_html(&bytes, &Limits::default()).text, doc.text);
    }

    #[test]
    fn declared_encodings() {
        let enc = |s: &[u8]| declared_encoding(s).map(|e| e.name());
        assert_eq!(enc(b"<meta charset=\"GB2312\" />"), Some("GBK"));
        assert_eq!(
            enc(b"<meta http-equiv=content-type content='text/html;charset=gb18030'>"),
            Some("gb18030")
        );
        assert_eq!(
            enc(b"<?xml version=\"1.0\" encoding=\"gbk\"?><html>"),
            Some("GBK")
        );
        assert_eq!(enc(b"<meta charset=utf-16>"), Some("UTF-8"));
        assert_eq!(enc(b"<meta charset=nonsense>"), None);
        assert_eq!(enc(b"<p>charset=gbk</p>"), None);
    }

    #[test]
    fn replaced_bytes_give_a_warning() {
        let doc = read_html(
            b"<meta charset=utf-8><p>\xff\xfe\xfd abc</p>",
            &Limits::default(),
        );
        assert!(!doc.warnings.is_empty());
        assert!(doc.text.contains('\u{FFFD}'));
    }

    #[test]
    fn cell_limit_is_enforced() {
        let limits = Limits {
            max_table_cells: 5,
            ..Limits::default()
        };
        let doc = read_html(
            b"<table><tr><td>1</td><td>2</td><td>3</td></tr><tr><td>4</td><td>5</td><td>6</td></tr></table>\
              <table><tr><td>7</td><td>8</td></tr></table><p>after</p>",
            &limits,
        );
        let cells: usize = doc
            .grids()
            .flat_map(|g| &g.rows)
            .map(|r| r.cells.len())
            .sum();
        assert_eq!(cells, 5);
        assert_eq!(doc.warnings.len(), 1);
        assert!(doc.text.ends_with("after\n"));
        check_spans(&doc);
    }

    #[test]
    fn chrome_is_dropped_but_report_content_kept() {
        let doc = read(
            "<body><div class=\"top-nav\"><a>首页</a></div>\
             <div id=\"menu\"><h2>2019年政府信息公开工作年度报告</h2></div>\
             <nav><table><tr><td>规章</td><td>13</td></tr></table></nav>\
             <div class=\"article-header\"><span>发布日期</span></div>\
             <div class=\"sidebarBox\"><p>正文足够长，不会被当成导航。正文足够长，不会被当成导航。</p></div>\
             <p>当前位置：首页 &gt; 公开</p></body>",
        );
        assert_eq!(
            lines(&doc),
            ["2019年政府信息公开工作年度报告", "规章\t13", "发布日期",]
        );
    }
}
