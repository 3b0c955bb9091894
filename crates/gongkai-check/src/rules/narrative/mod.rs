//! `N`: the narrative text against the tables.

pub mod fee_statement_missing;
pub mod narrative_mismatch;
