//! `X`: relations between an agency's reports on consecutive years.

pub mod cross_year_broken;
pub mod cross_year_undecidable;

use std::borrow::Cow;

use gongkai_model::Value;

use crate::context::{PairContext, RelationRef, TermRef};

/// The value of a term: this year's report, or last year's for `prev:`.
pub(crate) fn term_value<'a>(ctx: &PairContext<'a>, t: &TermRef) -> &'a Value {
    if t.prev {
        ctx.previous.report.value(&t.id)
    } else {
        ctx.current.term_value(t)
    }
}

/// The label of a term (the template of the report it belongs to).
pub(crate) fn term_label(ctx: &PairContext<'_>, t: &TermRef) -> Cow<'static, str> {
    if t.prev {
        ctx.previous.label(&t.id)
    } else {
        ctx.current.label(&t.id)
    }
}

/// The cross-year relations of this year's template.
pub(crate) fn relations<'a>(
    ctx: &PairContext<'a>,
) -> impl Iterator<Item = &'static RelationRef> + 'a {
    ctx.current
        .index
        .into_iter()
        .flat_map(|idx| idx.relations.iter())
        .filter(|r| r.relation.scope == gongkai_model::Scope::CrossYear)
}
