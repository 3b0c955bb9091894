//! `P`: plausibility warnings.

pub mod active_items_implausible;
pub mod fee_amount_unit;
pub mod narrative_copied;
pub mod numbers_unchanged;
pub mod other_results_large;
pub mod rules_without_power;
