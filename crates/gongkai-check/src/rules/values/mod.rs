//! `V`: the values of single cells, and the labels of rows and columns.

pub mod blank_cell;
pub mod extra_row;
pub mod fractional_count;
pub mod label_deviates;
pub mod negative_count;
pub mod row_missing;
pub mod text_cell;
pub mod unknown_value;

use gongkai_model::{CellDef, Value};

use crate::context::ReportContext;

/// Every template cell of the report with its definition, value and label.
pub(crate) fn cells<'a>(
    ctx: &'a ReportContext<'a>,
) -> impl Iterator<Item = (usize, &'static CellDef, &'a Value, &'static str)> + 'a {
    let idx = ctx.index;
    idx.into_iter().flat_map(move |idx| {
        idx.template
            .cells
            .iter()
            .enumerate()
            .map(move |(i, def)| (i, def, ctx.value_at(i), idx.labels[i].as_str()))
    })
}
