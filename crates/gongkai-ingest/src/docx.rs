//! DOCX (Office Open XML word processing) → [`Document`].
//!
//! Our own reader: the main part (`word/document.xml`, found through
//! `_rels/.rels`) is taken from the ZIP with guards against ZIP bombs and
//! read with quick-xml into a small model (paragraphs and tables), which is
//! then rendered exactly as an HTML page of the same report would be (see
//! [`crate::render`]):
//!
//! - paragraphs in document order, each on its own line; `w:tab` is a
//!   space, `w:br`/`w:cr` a line break (a space inside a table cell);
//!   text boxes (`w:txbxContent`) follow the paragraph that anchors them;
//! - `mc:AlternateContent`: the first `mc:Choice` is read, the other
//!   choices and `mc:Fallback` skipped, so a text box is not read twice;
//! - tracked changes are accepted: `w:ins`/`w:moveTo` kept, `w:del`,
//!   `w:moveFrom`, deleted rows and old properties (`w:*PrChange`) skipped;
//!   `w:sdt`, `w:smartTag`, `w:customXml`, hyperlinks and field results kept,
//!   field instructions skipped;
//! - tables: `w:gridSpan` is the colspan, `w:vMerge` restart/continue the
//!   rowspan (a continued cell is not emitted, as with an HTML rowspan),
//!   legacy `w:hMerge` joins cells, `w:gridBefore` leaves columns empty; a
//!   table that holds a table, whose rows never have two cells, or that has
//!   a cell with a whole article in it is layout: its content flows as text
//!   and its inner tables are read on their own;
//! - headers, footers, footnotes and comments are not read.
//!
//! Limits: each ZIP entry is decompressed with a cap (and a cap on the
//! compression ratio), the whole file at most [`MAX_UNZIPPED`] bytes; table
//! nesting deeper than [`MAX_TABLE_DEPTH`] is flattened; cells beyond
//! [`Limits::max_table_cells`] are left out with a warning. quick-xml never
//! expands entities declared in a DTD: only the five XML entities and
//! character references are resolved.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use zip::ZipArchive;

use crate::render::Sink;
use crate::{Document, Format, IngestError, Limits};

mod numbering;
use numbering::Numbering;

/// Most bytes decompressed from one DOCX/XLSX file.
pub const MAX_UNZIPPED: u64 = 200 * 1024 * 1024;
/// Highest compression ratio accepted for an entry larger than
/// [`RATIO_FLOOR`] bytes.
pub const MAX_RATIO: u64 = 200;
/// Entries up to this size are not checked for their ratio.
const RATIO_FLOOR: u64 = 1024 * 1024;
/// Tables nested deeper than this are read as plain paragraphs.
pub const MAX_TABLE_DEPTH: usize = 32;
/// Text boxes nested deeper than this are read as part of their parent.
const MAX_TEXTBOX_DEPTH: usize = 8;
/// A cell with more characters than this makes its table page layout.
const LAYOUT_CELL_CHARS: usize = 1500;
/// A line break inside a paragraph (rendered as a space in a cell).
const BREAK: char = '\u{2028}';

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT_NS: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const M_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/math";
const M_STRICT_NS: &str = "http://purl.oclc.org/ooxml/officeDocument/math";

/// What an Office Open XML (or OpenDocument) ZIP holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZipKind {
    Docx,
    Xlsx,
    Ods,
    /// A ZIP that is no office document we read.
    Other,
}

/// Open a ZIP archive; a broken one is [`IngestError::Corrupt`].
pub(crate) fn open_zip<'b>(
    bytes: &'b [u8],
    what: &str,
) -> Result<ZipArchive<Cursor<&'b [u8]>>, IngestError> {
    ZipArchive::new(Cursor::new(bytes)).map_err(|e| IngestError::Corrupt {
        what: what.to_string(),
        detail: format!("不是完整的 ZIP 压缩包（{e}）"),
    })
}

/// The kind of office document in a ZIP archive (by its parts).
pub fn zip_kind(bytes: &[u8]) -> Result<ZipKind, IngestError> {
    let zip = open_zip(bytes, "ZIP/DOCX/XLSX")?;
    let has = |name: &str| zip.index_for_name(name).is_some();
    if has("[Content_Types].xml") {
        if has("word/document.xml") || main_part_hint(&zip, "word/") {
            return Ok(ZipKind::Docx);
        }
        if has("xl/workbook.xml") || has("xl/workbook.bin") || main_part_hint(&zip, "xl/") {
            return Ok(ZipKind::Xlsx);
        }
    }
    if has("mimetype") && has("content.xml") {
        // The media type is the first, stored entry; its name says enough.
        if ods_mimetype(bytes) {
            return Ok(ZipKind::Ods);
        }
    }
    Ok(ZipKind::Other)
}

/// Whether some entry lives under `dir` and ends in `.xml` (a main part
/// with an unusual name, found through the relationships when read).
fn main_part_hint(zip: &ZipArchive<Cursor<&[u8]>>, dir: &str) -> bool {
    zip.file_names_raw().any(|n| {
        n.strip_prefix(dir.as_bytes())
            .is_some_and(|rest| rest.ends_with(b".xml") && !rest.contains(&b'/'))
    })
}

fn ods_mimetype(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(128)];
    head.windows(46)
        .any(|w| w == b"application/vnd.oasis.opendocument.spreadsheet")
}

/// Decompression budget shared by the entries of one file.
pub(crate) struct Budget {
    left: u64,
}

impl Budget {
    pub fn new() -> Budget {
        Budget { left: MAX_UNZIPPED }
    }

    /// Decompress entry `name` into memory, within the budget and the ratio
    /// limit. `Ok(None)` if there is no such entry.
    pub fn read(
        &mut self,
        zip: &mut ZipArchive<Cursor<&[u8]>>,
        name: &str,
        what: &str,
    ) -> Result<Option<Vec<u8>>, IngestError> {
        let Some(index) = zip.index_for_name(name) else {
            return Ok(None);
        };
        let mut data = Vec::new();
        self.copy(zip, index, what, Some(&mut data))?;
        Ok(Some(data))
    }

    /// Decompress entry `index` (into `out`, or just counting), checking the
    /// limits on the bytes actually produced, not the declared sizes.
    pub fn copy(
        &mut self,
        zip: &mut ZipArchive<Cursor<&[u8]>>,
        index: usize,
        what: &str,
        out: Option<&mut Vec<u8>>,
    ) -> Result<u64, IngestError> {
        let corrupt = |e: &dyn std::fmt::Display| IngestError::Corrupt {
            what: what.to_string(),
            detail: format!("压缩包内容损坏（{e}）"),
        };
        let mut entry = match zip.by_index(index) {
            Ok(e) => e,
            // An entry encrypted with a ZIP password.
            Err(e) if e.to_string().to_ascii_lowercase().contains("password") => {
                return Err(IngestError::Encrypted)
            }
            Err(e) => return Err(corrupt(&e)),
        };
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let compressed = entry.compressed_size();
        let ratio_cap = compressed.saturating_mul(MAX_RATIO).max(RATIO_FLOOR);
        let cap = self.left.min(ratio_cap);
        if entry.size() > cap {
            return Err(bomb(&name, entry.size(), compressed));
        }
        let entry_size = entry.size();
        let mut limited = (&mut entry).take(cap + 1);
        let n = match out {
            Some(buf) => {
                buf.reserve(usize::try_from(entry_size.min(cap)).unwrap_or(0));
                limited.read_to_end(buf).map_err(|e| corrupt(&e))? as u64
            }
            None => std::io::copy(&mut limited, &mut std::io::sink()).map_err(|e| corrupt(&e))?,
        };
        if n > cap {
            return Err(bomb(&name, n, compressed));
        }
        self.left -= n;
        Ok(n)
    }
}

fn bomb(name: &str, size: u64, compressed: u64) -> IngestError {
    IngestError::ZipBomb {
        detail: format!(
            "{name} 解压后超过 {} 字节（压缩后 {compressed} 字节；上限为总计 {} MB、压缩比 {MAX_RATIO}:1）",
            size.min(MAX_UNZIPPED + 1),
            MAX_UNZIPPED / (1024 * 1024)
        ),
    }
}

/// Read a DOCX file.
pub fn read_docx(bytes: &[u8], limits: &Limits) -> Result<Document, IngestError> {
    let mut zip = open_zip(bytes, "DOCX")?;
    let mut budget = Budget::new();
    let main = main_part(&mut zip, &mut budget)?;
    let Some(xml) = budget.read(&mut zip, &main, "DOCX")? else {
        return Err(IngestError::Corrupt {
            what: "DOCX".into(),
            detail: format!("缺少正文部分 {main}"),
        });
    };
    let mut warnings = Vec::new();
    let xml = xml_text(xml, &mut warnings);
    let mut parser = Parser::new(limits.max_table_cells);
    parser.numbering = read_numbering(&mut zip, &mut budget, &main)?;
    parser.parse(&xml)?;
    let Parser {
        stack,
        warnings: mut parse_warnings,
        ..
    } = parser;
    warnings.append(&mut parse_warnings);
    let body = stack
        .into_iter()
        .next()
        .map(|f| match f {
            Frame::Container(c) => c.finish(),
            _ => Vec::new(),
        })
        .unwrap_or_default();
    let mut sink = Sink::new(limits.max_table_cells, xml.len() / 4);
    render_items(&mut sink, body);
    let (text, blocks, mut render_warnings) = sink.finish();
    warnings.append(&mut render_warnings);
    let mut seen = std::collections::HashSet::new();
    warnings.retain(|w| seen.insert(w.clone()));
    let mut doc = Document::new(text, blocks, Format::Docx, "UTF-8");
    doc.warnings = warnings;
    Ok(doc)
}

/// The numbering definitions of the document (and the paragraph styles
/// when they may carry numbering), through the main part's relationships.
fn read_numbering(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    budget: &mut Budget,
    main: &str,
) -> Result<Numbering, IngestError> {
    let (dir, file) = match main.rfind('/') {
        Some(i) => (&main[..=i], &main[i + 1..]),
        None => ("", main),
    };
    let rels_name = format!("{dir}_rels/{file}.rels");
    let mut numbering = format!("{dir}numbering.xml");
    let mut styles = format!("{dir}styles.xml");
    if let Some(rels) = budget.read(zip, &rels_name, "DOCX")? {
        let rels = String::from_utf8_lossy(&rels);
        let mut reader = NsReader::from_str(&rels);
        loop {
            match reader.read_event() {
                Ok(Event::Start(e) | Event::Empty(e))
                    if e.local_name().as_ref() == "Relationship" =>
                {
                    let (Some(kind), Some(target)) = (attr(&e, "Type"), attr(&e, "Target")) else {
                        continue;
                    };
                    let path = match target.strip_prefix('/') {
                        Some(abs) => abs.to_string(),
                        None => format!("{dir}{target}"),
                    };
                    if kind.ends_with("/numbering") {
                        numbering = path;
                    } else if kind.ends_with("/styles") {
                        styles = path;
                    }
                }
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
        }
    }
    let Some(numbering) = budget.read(zip, &numbering, "DOCX")? else {
        return Ok(Numbering::default());
    };
    let numbering = xml_text(numbering, &mut Vec::new());
    let styles = match budget.read(zip, &styles, "DOCX")? {
        Some(s) if s.windows(5).any(|w| w == b"numId") => Some(xml_text(s, &mut Vec::new())),
        _ => None,
    };
    Ok(Numbering::parse(Some(&numbering), styles.as_deref()))
}

/// The name of the main document part, from the package relationships
/// (`word/document.xml` when they say nothing usable).
fn main_part(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    budget: &mut Budget,
) -> Result<String, IngestError> {
    const DEFAULT: &str = "word/document.xml";
    if zip.index_for_name(DEFAULT).is_some() {
        return Ok(DEFAULT.to_string());
    }
    let Some(rels) = budget.read(zip, "_rels/.rels", "DOCX")? else {
        return Ok(DEFAULT.to_string());
    };
    let rels = String::from_utf8_lossy(&rels);
    let mut reader = NsReader::from_str(&rels);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let is_main = attr(&e, "Type").is_some_and(|t| t.ends_with("/officeDocument"));
                if let (true, Some(target)) = (is_main, attr(&e, "Target")) {
                    let target = target.trim_start_matches('/').to_string();
                    if zip.index_for_name(&target).is_some() {
                        return Ok(target);
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    Ok(DEFAULT.to_string())
}

/// The XML as text: UTF-8 (BOM dropped) or UTF-16 with a BOM.
fn xml_text(bytes: Vec<u8>, warnings: &mut Vec<String>) -> String {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let enc = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, _, bad) = enc.decode(&bytes);
        if bad {
            warnings.push("正文部分有无效的 UTF-16 字节，已替换为 �".into());
        }
        return text.into_owned();
    }
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            warnings.push("正文部分有无效的 UTF-8 字节，已替换为 �".into());
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

/// The value of the attribute with this local name (any prefix), unescaped.
pub(crate) fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.into_owned())
        })
    })
}

// ---------------------------------------------------------------------------
// Model

enum Item {
    /// A paragraph's text; [`BREAK`] marks line breaks.
    Para(String),
    Table(Table),
}

#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Merge {
    #[default]
    None,
    Restart,
    Continue,
}

#[derive(Default)]
struct Cell {
    items: Vec<Item>,
    span: usize,
    deleted: bool,
    vmerge: Merge,
    hmerge: Merge,
}

#[derive(Default)]
struct Row {
    grid_before: usize,
    deleted: bool,
    cells: Vec<Cell>,
}

#[derive(Default)]
struct Table {
    rows: Vec<Row>,
}

/// Paragraphs (and tables) of the body, a cell or a text box.
#[derive(Default)]
struct Container {
    items: Vec<Item>,
    para: Option<String>,
    /// Text boxes anchored in the open paragraph, emitted after it.
    deferred: Vec<Item>,
}

impl Container {
    fn end_para(&mut self) {
        if let Some(p) = self.para.take() {
            if !p.trim().is_empty() {
                self.items.push(Item::Para(p));
            }
        }
        self.items.append(&mut self.deferred);
    }

    fn finish(mut self) -> Vec<Item> {
        self.end_para();
        self.items
    }
}

enum Frame {
    /// The body, a cell's content or a text box.
    Container(Container),
    Table(Table),
    Row(Row),
    /// A cell: its properties; its content is the container above it.
    Cell(Cell),
}

/// Which properties element is open.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Props {
    None,
    Row,
    Cell,
    Para,
}

/// The numbering properties of the paragraph being read.
#[derive(Default)]
struct ParaProps {
    num_id: Option<String>,
    ilvl: Option<usize>,
    style: Option<String>,
}

struct Parser {
    stack: Vec<Frame>,
    warnings: Vec<String>,
    in_text: bool,
    props: Props,
    /// Per open `mc:AlternateContent`: whether a choice was taken.
    alternates: Vec<bool>,
    table_depth: usize,
    /// Tables (with their rows and cells) read as plain paragraphs.
    flat_tables: usize,
    textbox_depth: usize,
    flat_textboxes: usize,
    cells: usize,
    max_cells: usize,
    capped: bool,
    numbering: Numbering,
    para_props: ParaProps,
    alt_chunk: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ns {
    W,
    Mc,
    M,
    Other,
}

fn ns_of(r: &ResolveResult<'_>) -> Ns {
    match r {
        ResolveResult::Bound(ns) => match ns.0 {
            W_NS | W_STRICT_NS => Ns::W,
            MC_NS => Ns::Mc,
            M_NS | M_STRICT_NS => Ns::M,
            _ => Ns::Other,
        },
        _ => Ns::Other,
    }
}

impl Parser {
    fn new(max_cells: usize) -> Parser {
        Parser {
            stack: vec![Frame::Container(Container::default())],
            warnings: Vec::new(),
            in_text: false,
            props: Props::None,
            alternates: Vec::new(),
            table_depth: 0,
            flat_tables: 0,
            textbox_depth: 0,
            flat_textboxes: 0,
            cells: 0,
            numbering: Numbering::default(),
            para_props: ParaProps::default(),
            alt_chunk: false,
            // The renderer enforces the real limit; this bounds memory.
            max_cells: max_cells.saturating_mul(2).saturating_add(1000),
            capped: false,
        }
    }

    fn parse(&mut self, xml: &str) -> Result<(), IngestError> {
        let mut reader = NsReader::from_str(xml);
        reader.config_mut().expand_empty_elements = true;
        let corrupt = |e: &dyn std::fmt::Display, at: u64| IngestError::Corrupt {
            what: "DOCX".into(),
            detail: format!("正文 XML 有错误（第 {at} 字节附近：{e}）"),
        };
        loop {
            let at = reader.buffer_position();
            let (ns, event) = reader.read_resolved_event().map_err(|e| corrupt(&e, at))?;
            let ns = ns_of(&ns);
            match event {
                Event::Start(e) => {
                    let local = e.local_name();
                    if !self.start(ns, local.as_ref().as_bytes(), &e) {
                        reader.read_to_end(e.name()).map_err(|e| corrupt(&e, at))?;
                    }
                }
                Event::End(e) => self.end(ns, e.local_name().as_ref().as_bytes()),
                Event::Text(t) if self.in_text => {
                    let s = t.xml10_content();
                    self.push_str(&s);
                }
                Event::CData(t) if self.in_text => {
                    let s = t.xml10_content();
                    self.push_str(&s);
                }
                Event::GeneralRef(r) if self.in_text => {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        _ => match r.as_ref() {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            // Entities from a DTD are never expanded.
                            _ => None,
                        },
                    };
                    if let Some(c) = c {
                        self.push_char(c);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        // Close whatever a broken file left open.
        while self.stack.len() > 1 {
            self.pop_frame();
        }
        Ok(())
    }

    /// The innermost container.
    fn container(&mut self) -> Option<&mut Container> {
        match self.stack.last_mut() {
            Some(Frame::Container(c)) => Some(c),
            _ => None,
        }
    }

    fn para(&mut self) -> Option<&mut String> {
        self.container()
            .map(|c| c.para.get_or_insert_with(String::new))
    }

    fn push_str(&mut self, s: &str) {
        if let Some(p) = self.para() {
            if s.contains(['\n', '\r']) {
                p.extend(
                    s.chars()
                        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
                );
            } else {
                p.push_str(s);
            }
        }
    }

    fn push_char(&mut self, c: char) {
        if let Some(p) = self.para() {
            p.push(c);
        }
    }

    /// An element starts; false means skip it with its content.
    fn start(&mut self, ns: Ns, local: &[u8], e: &BytesStart<'_>) -> bool {
        match ns {
            Ns::W => self.start_w(local, e),
            Ns::Mc => match local {
                b"AlternateContent" => {
                    self.alternates.push(false);
                    true
                }
                b"Choice" => match self.alternates.last_mut() {
                    Some(taken) if !*taken => {
                        *taken = true;
                        true
                    }
                    Some(_) => false,
                    None => true,
                },
                // Read only when no choice was (an odd file).
                b"Fallback" => !self.alternates.last().copied().unwrap_or(false),
                _ => true,
            },
            Ns::M => {
                if local == b"t" {
                    self.in_text = true;
                }
                true
            }
            Ns::Other => true,
        }
    }

    fn start_w(&mut self, local: &[u8], e: &BytesStart<'_>) -> bool {
        match self.props {
            Props::Cell => {
                let val = || attr(e, "val");
                let n = self.stack.len();
                if let Some(Frame::Cell(cell)) =
                    n.checked_sub(2).and_then(|i| self.stack.get_mut(i))
                {
                    match local {
                        b"gridSpan" => {
                            cell.span = val()
                                .and_then(|v| v.trim().parse::<usize>().ok())
                                .unwrap_or(1)
                                .clamp(1, crate::render::MAX_COLSPAN);
                        }
                        b"vMerge" => cell.vmerge = merge_val(val()),
                        b"hMerge" => cell.hmerge = merge_val(val()),
                        b"cellDel" => cell.deleted = true,
                        _ => {}
                    }
                }
                return false;
            }
            Props::Row => {
                if let Some(Frame::Row(row)) = self.stack.last_mut() {
                    match local {
                        b"gridBefore" => {
                            row.grid_before = attr(e, "val")
                                .and_then(|v| v.trim().parse::<usize>().ok())
                                .unwrap_or(0)
                                .min(crate::render::MAX_COLSPAN);
                        }
                        b"del" => row.deleted = true,
                        _ => {}
                    }
                }
                return false;
            }
            Props::Para => {
                match local {
                    b"numPr" => return true,
                    b"pStyle" => self.para_props.style = attr(e, "val"),
                    b"numId" => self.para_props.num_id = attr(e, "val"),
                    b"ilvl" => {
                        self.para_props.ilvl = attr(e, "val").and_then(|v| v.trim().parse().ok())
                    }
                    _ => {}
                }
                return false;
            }
            Props::None => {}
        }
        match local {
            b"p" => {
                if let Some(c) = self.container() {
                    if c.para.is_some() {
                        c.end_para();
                    }
                    c.para = Some(String::new());
                }
                true
            }
            b"t" => {
                self.in_text = true;
                true
            }
            b"tab" | b"ptab" => {
                self.push_char(' ');
                false
            }
            b"br" | b"cr" => {
                self.push_char(BREAK);
                false
            }
            b"noBreakHyphen" => {
                self.push_char('-');
                false
            }
            b"sym" => {
                let c = attr(e, "char")
                    .and_then(|v| u32::from_str_radix(v.trim(), 16).ok())
                    .and_then(char::from_u32)
                    .filter(|c| !matches!(*c as u32, 0xE000..=0xF8FF));
                if let Some(c) = c {
                    self.push_char(c);
                }
                false
            }
            b"tbl" => {
                if self.flat_tables > 0 || self.table_depth >= MAX_TABLE_DEPTH {
                    self.flat_tables += 1;
                } else if self.container().is_some() {
                    if let Some(c) = self.container() {
                        c.end_para();
                    }
                    self.table_depth += 1;
                    self.stack.push(Frame::Table(Table::default()));
                } else {
                    return false;
                }
                true
            }
            b"tr" => {
                if self.flat_tables > 0 {
                    return true;
                }
                match self.stack.last() {
                    Some(Frame::Table(_)) => {
                        self.stack.push(Frame::Row(Row::default()));
                        true
                    }
                    _ => false,
                }
            }
            b"tc" => {
                if self.flat_tables > 0 {
                    return true;
                }
                if !matches!(self.stack.last(), Some(Frame::Row(_))) {
                    return false;
                }
                if self.cells >= self.max_cells {
                    if !self.capped {
                        self.capped = true;
                        self.warnings.push(format!(
                            "表格单元格超过上限 {} 个，其余单元格已略去",
                            self.max_cells
                        ));
                    }
                    return false;
                }
                self.cells += 1;
                self.stack.push(Frame::Cell(Cell {
                    span: 1,
                    ..Cell::default()
                }));
                self.stack.push(Frame::Container(Container::default()));
                true
            }
            b"tcPr" => {
                // The cell frame sits below its content container.
                let n = self.stack.len();
                if self.flat_tables == 0 && n >= 2 && matches!(self.stack[n - 2], Frame::Cell(_)) {
                    self.props = Props::Cell;
                    return true;
                }
                false
            }
            b"pPr" => {
                if self.numbering.is_empty() || self.container().is_none() {
                    return false;
                }
                self.props = Props::Para;
                self.para_props = ParaProps::default();
                true
            }
            b"trPr" => {
                if self.flat_tables == 0 && matches!(self.stack.last(), Some(Frame::Row(_))) {
                    self.props = Props::Row;
                    return true;
                }
                false
            }
            b"altChunk" => {
                if !self.alt_chunk {
                    self.alt_chunk = true;
                    self.warnings.push(
                        "文档嵌入了外部内容（altChunk，常见于由网页转换的 Word 文件），其中的文字未读取"
                            .into(),
                    );
                }
                false
            }
            b"txbxContent" => {
                if self.flat_textboxes > 0 || self.textbox_depth >= MAX_TEXTBOX_DEPTH {
                    self.flat_textboxes += 1;
                } else {
                    self.textbox_depth += 1;
                    self.stack.push(Frame::Container(Container::default()));
                }
                true
            }
            // Deleted or moved-away content, field codes, old properties,
            // properties without text.
            b"del"
            | b"moveFrom"
            | b"delText"
            | b"instrText"
            | b"delInstrText"
            | b"rPr"
            | b"tblPr"
            | b"tblGrid"
            | b"tblPrEx"
            | b"sectPr"
            | b"sdtPr"
            | b"sdtEndPr"
            | b"pPrChange"
            | b"rPrChange"
            | b"tblPrChange"
            | b"trPrChange"
            | b"tcPrChange"
            | b"sectPrChange"
            | b"tblGridChange"
            | b"numberingChange"
            | b"footnoteReference"
            | b"endnoteReference"
            | b"commentReference"
            | b"annotationRef"
            | b"fldChar"
            | b"bookmarkStart"
            | b"bookmarkEnd"
            | b"proofErr"
            | b"lastRenderedPageBreak" => false,
            _ => true,
        }
    }
}

fn merge_val(v: Option<String>) -> Merge {
    match v.as_deref().map(str::trim) {
        Some("restart") => Merge::Restart,
        _ => Merge::Continue,
    }
}

impl Parser {
    fn end(&mut self, ns: Ns, local: &[u8]) {
        match ns {
            Ns::W => self.end_w(local),
            Ns::Mc if local == b"AlternateContent" => {
                self.alternates.pop();
            }
            Ns::M if local == b"t" => self.in_text = false,
            _ => {}
        }
    }

    fn end_w(&mut self, local: &[u8]) {
        match local {
            b"t" => self.in_text = false,
            b"tcPr" | b"trPr" => self.props = Props::None,
            b"pPr" if self.props == Props::Para => {
                self.props = Props::None;
                let pp = std::mem::take(&mut self.para_props);
                let label =
                    self.numbering
                        .label(pp.num_id.as_deref(), pp.ilvl, pp.style.as_deref());
                if let Some(label) = label {
                    self.push_str(&label);
                }
            }
            b"p" => {
                if let Some(c) = self.container() {
                    c.end_para();
                }
            }
            b"tbl" => {
                if self.flat_tables > 0 {
                    self.flat_tables -= 1;
                    return;
                }
                // Close rows and cells a broken file left open.
                while !matches!(self.stack.last(), Some(Frame::Table(_))) && self.stack.len() > 1 {
                    self.pop_frame();
                }
                if matches!(self.stack.last(), Some(Frame::Table(_))) {
                    self.pop_frame();
                }
            }
            b"tr" if self.flat_tables == 0 => {
                self.pop_until(|f| matches!(f, Frame::Row(_)));
            }
            b"tc" if self.flat_tables == 0 => {
                self.pop_until(|f| matches!(f, Frame::Cell(_)));
            }
            b"txbxContent" => {
                if self.flat_textboxes > 0 {
                    self.flat_textboxes -= 1;
                } else if self.textbox_depth > 0 {
                    self.textbox_depth -= 1;
                    if let Some(Frame::Container(tb)) = self.stack.pop() {
                        let mut items = tb.finish();
                        match self.container() {
                            Some(c) if c.para.is_some() => c.deferred.append(&mut items),
                            Some(c) => c.items.append(&mut items),
                            None => {}
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// Pop frames until one matching `is` has been popped (if there is one
    /// above the closest table).
    fn pop_until(&mut self, is: impl Fn(&Frame) -> bool) {
        let Some(at) = self.stack.iter().rposition(&is) else {
            return;
        };
        if self.stack[at..]
            .iter()
            .skip(1)
            .any(|f| matches!(f, Frame::Table(_)))
        {
            return;
        }
        while self.stack.len() > at {
            self.pop_frame();
        }
    }

    /// Pop the top frame into its parent.
    fn pop_frame(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        let Some(frame) = self.stack.pop() else {
            return;
        };
        match frame {
            Frame::Container(c) => {
                let items = c.finish();
                match self.stack.last_mut() {
                    Some(Frame::Cell(cell)) => cell.items = items,
                    Some(Frame::Container(parent)) => {
                        // A text box left open.
                        self.textbox_depth = self.textbox_depth.saturating_sub(1);
                        let mut items = items;
                        parent.items.append(&mut items);
                    }
                    _ => {}
                }
            }
            Frame::Cell(cell) => {
                if let Some(Frame::Row(row)) = self.stack.last_mut() {
                    if !cell.deleted {
                        row.cells.push(cell);
                    }
                }
            }
            Frame::Row(row) => {
                if let Some(Frame::Table(t)) = self.stack.last_mut() {
                    if !row.deleted {
                        t.rows.push(row);
                    }
                }
            }
            Frame::Table(t) => {
                self.table_depth = self.table_depth.saturating_sub(1);
                if let Some(c) = self.container() {
                    c.end_para();
                    c.items.push(Item::Table(t));
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Rendering

fn render_items(sink: &mut Sink, items: Vec<Item>) {
    for item in items {
        match item {
            Item::Para(p) => render_para(sink, &p),
            Item::Table(t) => render_table(sink, t),
        }
    }
}

/// A paragraph: its lines (a space each inside a cell).
fn render_para(sink: &mut Sink, p: &str) {
    for line in p.split(BREAK) {
        sink.push_text(line, false);
        sink.newline();
    }
}

/// A table cell as emitted: where it sits and what it spans.
struct Placed {
    row: usize,
    cell: usize,
    rowspan: usize,
}

fn render_table(sink: &mut Sink, mut t: Table) {
    join_hmerges(&mut t);
    let placed = place_cells(&t);
    if is_data_table(&t, &placed) {
        sink.begin_table(t.rows.len());
        let mut next = placed.iter().peekable();
        for (r, row) in t.rows.into_iter().enumerate() {
            sink.begin_row();
            sink.skip_columns(row.grid_before);
            for (i, cell) in row.cells.into_iter().enumerate() {
                let Some(p) = next.next_if(|p| p.row == r && p.cell == i) else {
                    // A continued vertical merge: covered by the cell above.
                    continue;
                };
                match sink.begin_cell(cell.span, Some(p.rowspan)) {
                    crate::render::CellStart::Started => {
                        render_items(sink, cell.items);
                        sink.end_cell();
                    }
                    _ => continue,
                }
            }
            sink.end_row();
        }
        sink.end_table();
    } else {
        // Page layout: every cell's content flows, inner tables on their own.
        for row in t.rows {
            for cell in row.cells {
                sink.newline();
                render_items(sink, cell.items);
                sink.newline();
            }
        }
    }
}

/// Legacy horizontal merges: a continued cell joins the one before it.
fn join_hmerges(t: &mut Table) {
    for row in &mut t.rows {
        if !row.cells.iter().any(|c| c.hmerge == Merge::Continue) {
            continue;
        }
        let mut cells: Vec<Cell> = Vec::with_capacity(row.cells.len());
        for mut cell in row.cells.drain(..) {
            match cells.last_mut() {
                Some(prev) if cell.hmerge == Merge::Continue => {
                    prev.span = prev
                        .span
                        .saturating_add(cell.span)
                        .min(crate::render::MAX_COLSPAN);
                    prev.items.append(&mut cell.items);
                }
                _ => cells.push(cell),
            }
        }
        row.cells = cells;
    }
}

/// The cells that are emitted (in order), with their rowspans from
/// vertical merges; continued cells are left out.
fn place_cells(t: &Table) -> Vec<Placed> {
    let mut placed: Vec<Placed> = Vec::new();
    // Open vertical merges: (grid column, index in `placed`, last row).
    let mut open: Vec<(usize, usize, usize)> = Vec::new();
    for (r, row) in t.rows.iter().enumerate() {
        let mut col = row.grid_before;
        for (i, cell) in row.cells.iter().enumerate() {
            let here = open
                .iter()
                .position(|&(c, _, last)| c == col && last + 1 == r);
            match (cell.vmerge, here) {
                (Merge::Continue, Some(o)) => {
                    let (_, p, _) = open[o];
                    if let Some(origin) = placed.get_mut(p) {
                        origin.rowspan += 1;
                    }
                    open[o].2 = r;
                }
                _ => {
                    if let Some(o) = here {
                        open.swap_remove(o);
                    }
                    if cell.vmerge == Merge::Restart {
                        open.retain(|&(c, _, _)| c != col);
                        open.push((col, placed.len(), r));
                    }
                    placed.push(Placed {
                        row: r,
                        cell: i,
                        rowspan: 1,
                    });
                }
            }
            col = col.saturating_add(cell.span);
        }
    }
    placed
}

/// A data table has no nested tables, a row with at least two cells and no
/// cell holding a whole article.
fn is_data_table(t: &Table, placed: &[Placed]) -> bool {
    let mut wide_row = false;
    let mut last_row = usize::MAX;
    let mut in_row = 0;
    for p in placed {
        if p.row != last_row {
            last_row = p.row;
            in_row = 0;
        }
        in_row += 1;
        wide_row |= in_row >= 2;
    }
    if !wide_row {
        return false;
    }
    t.rows.iter().flat_map(|r| &r.cells).all(|c| {
        let mut chars = 0;
        c.items.iter().all(|item| match item {
            Item::Table(_) => false,
            Item::Para(p) => {
                chars += p.chars().count();
                chars <= LAYOUT_CELL_CHARS
            }
        })
    })
}
