//! HTML → document. (Being written: tables to grids, colspan/rowspan, whole saved pages.)

use crate::{decode, Document, Limits};

/// Read an HTML page.
pub fn read_html(bytes: &[u8], _limits: &Limits) -> Document {
    let d = decode::decode(bytes);
    let mut doc = Document::from_text(d.text, d.encoding);
    doc.format = crate::Format::Html;
    doc
}
