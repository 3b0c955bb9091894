//! Any bytes as an HTML page: the reader never panics, and every grid cell's
//! span lies inside the rendered text on char boundaries.
#![no_main]

use gongkai_ingest::{html, Block, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let doc = html::read_html(data, &Limits::default());
    for block in &doc.blocks {
        match block {
            Block::Text { span } => assert!(doc.text.get(span.clone()).is_some()),
            Block::Table(grid) => {
                for row in &grid.rows {
                    for cell in &row.cells {
                        assert!(doc.text.get(cell.span.clone()).is_some());
                    }
                }
            }
        }
    }
});
