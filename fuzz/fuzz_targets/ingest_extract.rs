//! Any bytes through ingest and extract: no panic, no hang, and every cell
//! that holds a number points at text that prints digits.
#![no_main]

use gongkai_ingest::Limits;
use gongkai_model::{SourceInfo, Value};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_bytes: 1 << 20,
        ..Limits::default()
    };
    if let Ok(doc) = gongkai_ingest::read(data, None, &limits) {
        let report = gongkai_extract::extract(&doc, SourceInfo::default());
        for cell in &report.cells {
            if let (Value::Number(_), Some(at)) = (&cell.value, &cell.at) {
                let span = &doc.text.get(at.span.start..at.span.end).unwrap_or("");
                assert!(
                    span.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)),
                    "{} = {:?} read from {:?}",
                    cell.id,
                    cell.value,
                    span
                );
            }
        }
    }
});
