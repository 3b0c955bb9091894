//! Analysis of many reports, on the same model as everything else.
//!
//! * [`measure`]: the rates (予以公开率 …) and per-body measures, declared
//!   once as data and resolved through the template declarations.
//! * [`summary`]: roll-ups per group — every cell summed, each group's sums a
//!   [`gongkai_model::Report`] of the same template — with rates,
//!   distributions, top bodies and the data-quality view.
//! * [`compare`]: two reports (or two years of one body) cell by cell, with
//!   deltas, flagged large changes and the carry-over relations.
//! * [`svg`]: bar and line charts as self-contained SVG.
//! * [`output`]: text, HTML (one self-contained page) and XLSX.

pub mod compare;
pub mod measure;
pub mod output;
pub mod summary;
pub mod svg;

pub use compare::{compare, Comparison, Threshold};
pub use summary::{Summary, SummaryBuilder};
