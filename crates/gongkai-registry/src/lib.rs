//! The 依申请公开 request registry of an agency's disclosure office.
//!
//! * [`domain`]: requests, the append-only event log, statutory deadlines on
//!   the working-day calendar with explanations, status derived from the
//!   events — pure functions, independent of storage;
//! * [`annual`]: tables 三 and 四 of a year as a [`gongkai_model::Report`]
//!   (relations hold by construction) and timeliness figures;
//! * [`store`]: SQLite (default) and PostgreSQL behind one trait;
//! * [`letters`]: the notices sent to applicants, from editable templates.

pub mod annual;
pub mod bench;
pub mod domain;
pub mod letters;
pub mod store;

pub use annual::{annual_report, Accumulator, Annual, Timeliness};
pub use domain::{
    apply, Applicant, Case, Channel, Deadline, Event, EventKind, FeeMethod, NewRequest,
    RegistryError, Request, State, Status, Summary,
};
pub use store::{open, Store};
