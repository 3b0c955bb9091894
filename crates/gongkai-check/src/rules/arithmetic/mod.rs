//! `A`: the arithmetic relations of the template, within one report.

pub mod relation_broken;
pub mod relation_undecidable;
