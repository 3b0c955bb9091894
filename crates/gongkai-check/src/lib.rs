//! The checker: report(s) → findings.
