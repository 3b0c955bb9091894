//! Extraction: document → report.
