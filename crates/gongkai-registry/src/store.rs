//! Storage: one trait, two databases (SQLite by default, PostgreSQL for
//! shared deployments).
//!
//! The events are the record; a request's [`Summary`] (deadline, closure,
//! outcome …) is derived from them and cached in the request row only so
//! that lists and the annual report can use indexes. Every write validates
//! the event against the full history and updates the cache in the same
//! transaction, so the cache never disagrees with the log.

use chrono::{Datelike, NaiveDate};
use gongkai_calendar::Calendar;

use crate::annual::{Accumulator, Annual};
use crate::domain::{Case, Event, NewRequest, RegistryError, Request, State, Summary};

pub mod postgres;
pub mod sqlite;

/// A registry database. Implementations are `Send + Sync` and can be shared
/// by a web server's handlers.
pub trait Store: Send + Sync {
    /// The working-day calendar used for deadlines.
    fn calendar(&self) -> &Calendar;

    /// Registers a new request; its id is `YYYY-NNNNN` (receipt year, sequence).
    fn create(&self, new: NewRequest) -> Result<Request, RegistryError>;

    /// Appends an event after validating it against the history.
    fn append(&self, id: &str, event: Event) -> Result<State, RegistryError>;

    /// A request with its events.
    fn case(&self, id: &str) -> Result<Case, RegistryError>;

    /// Every request with its events, in id order (for export).
    fn cases(&self) -> Result<Vec<Case>, RegistryError>;

    /// Imports cases (each replayed and validated; ids kept). All or nothing.
    fn import(&self, cases: &[Case]) -> Result<usize, RegistryError>;

    /// Open requests whose deadline is on or before `until` (all open
    /// requests when `None`), earliest deadline first; requests whose deadline
    /// cannot be computed come last.
    fn open(&self, until: Option<NaiveDate>) -> Result<Vec<Summary>, RegistryError>;

    /// Feeds every request relevant to `year` to the accumulator.
    fn scan_year(&self, year: i32, acc: &mut Accumulator) -> Result<(), RegistryError>;

    /// The number of requests of an applicant (by name) received in the
    /// calendar month of `day` up to and including request `id` (按件 fees).
    fn month_ordinal(
        &self,
        applicant: &str,
        day: NaiveDate,
        id: &str,
    ) -> Result<u32, RegistryError>;

    /// Tables 三 and 四 of `year`.
    fn annual(&self, year: i32, agency: &str) -> Result<Annual, RegistryError> {
        let mut acc = Accumulator::new(year);
        self.scan_year(year, &mut acc)?;
        Ok(acc.finish(agency))
    }
}

/// Opens a store from `--db`: a `postgres://` / `postgresql://` URL or a
/// SQLite file path.
pub fn open(db: &str, cal: Calendar) -> Result<Box<dyn Store>, RegistryError> {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        Ok(Box::new(postgres::PgStore::connect(db, cal)?))
    } else {
        Ok(Box::new(sqlite::SqliteStore::open(db, cal)?))
    }
}

/// Day number used for date columns (days since 0001-01-01, CE): integers
/// compare and index fast.
pub(crate) fn day(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

pub(crate) fn from_day(n: i64) -> Result<NaiveDate, RegistryError> {
    i32::try_from(n)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .ok_or_else(|| RegistryError::Storage(format!("数据库中的日期编号 {n} 无效")))
}

pub(crate) fn storage(e: impl std::fmt::Display) -> RegistryError {
    RegistryError::Storage(e.to_string())
}

/// The operations the shared write logic needs inside one transaction.
pub(crate) trait Tx {
    fn request(&mut self, id: &str) -> Result<Option<Request>, RegistryError>;
    fn events(&mut self, id: &str) -> Result<Vec<Event>, RegistryError>;
    /// The highest sequence number used for ids of `year`.
    fn max_seq(&mut self, year: i32) -> Result<u32, RegistryError>;
    fn insert_request(&mut self, req: &Request, s: &Summary) -> Result<(), RegistryError>;
    fn insert_event(&mut self, id: &str, seq: usize, e: &Event) -> Result<(), RegistryError>;
    fn update_summary(&mut self, s: &Summary) -> Result<(), RegistryError>;
}

pub(crate) fn create_in(
    tx: &mut dyn Tx,
    new: NewRequest,
    cal: &Calendar,
) -> Result<Request, RegistryError> {
    let received = new.channel.receipt_date(new.arrived, new.confirmed)?;
    let seq = tx.max_seq(received.year())? + 1;
    let req = new.into_request(format!("{}-{seq:05}", received.year()))?;
    let s = State::new(&req).summary(&req, cal);
    tx.insert_request(&req, &s)?;
    Ok(req)
}

pub(crate) fn append_in(
    tx: &mut dyn Tx,
    id: &str,
    event: Event,
    cal: &Calendar,
) -> Result<State, RegistryError> {
    let req = tx
        .request(id)?
        .ok_or_else(|| RegistryError::NotFound(id.to_string()))?;
    let events = tx.events(id)?;
    let mut state = State::replay(&req, &events, cal)?;
    state.apply(&event, cal)?;
    tx.insert_event(id, events.len() + 1, &event)?;
    tx.update_summary(&state.summary(&req, cal))?;
    Ok(state)
}

pub(crate) fn import_in(
    tx: &mut dyn Tx,
    cases: &[Case],
    cal: &Calendar,
) -> Result<usize, RegistryError> {
    for case in cases {
        if tx.request(&case.request.id)?.is_some() {
            return Err(RegistryError::Invalid(format!(
                "登记簿中已有编号为 {} 的申请；导入已取消，未写入任何记录",
                case.request.id
            )));
        }
        let state = case.state(cal)?;
        tx.insert_request(&case.request, &state.summary(&case.request, cal))?;
        for (i, e) in case.events.iter().enumerate() {
            tx.insert_event(&case.request.id, i + 1, e)?;
        }
    }
    Ok(cases.len())
}

/// The sequence part of an id `YYYY-NNNNN`.
pub(crate) fn id_seq(id: &str) -> u32 {
    id.split_once('-')
        .and_then(|(_, n)| n.parse().ok())
        .unwrap_or(0)
}
