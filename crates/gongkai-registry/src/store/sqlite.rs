//! SQLite: one file, WAL, foreign keys, a busy timeout for concurrent
//! writers, write transactions taken with `BEGIN IMMEDIATE`.

use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use chrono::NaiveDate;
use gongkai_calendar::Calendar;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::{append_in, create_in, day, from_day, id_seq, import_in, storage, Store, Tx};
use crate::annual::{Accumulator, Facts};
use crate::domain::{Appeal, Case, Event, NewRequest, RegistryError, Request, State, Summary};

/// The schema, one migration per entry; `PRAGMA user_version` records how
/// many have run.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE requests (
    id              TEXT PRIMARY KEY,
    year            INTEGER NOT NULL,
    seq             INTEGER NOT NULL,
    request         TEXT NOT NULL,          -- the Request as JSON
    applicant_name  TEXT NOT NULL,
    applicant_kind  TEXT NOT NULL,
    received        INTEGER NOT NULL,       -- day numbers (days from CE)
    -- derived from the events (cache for indexes; rewritten with every event)
    due             INTEGER,
    closed          INTEGER,
    outcome         TEXT,
    answered        INTEGER NOT NULL DEFAULT 0,
    answer_workdays INTEGER,
    late            INTEGER NOT NULL DEFAULT 0,
    extended        INTEGER NOT NULL DEFAULT 0,
    stopped_days    INTEGER NOT NULL DEFAULT 0,
    appeals         TEXT                    -- JSON array, NULL when none
);
CREATE INDEX requests_year_seq ON requests(year, seq);
CREATE INDEX requests_open_due ON requests(due) WHERE closed IS NULL;
CREATE INDEX requests_received ON requests(received);
CREATE INDEX requests_closed ON requests(closed);
CREATE INDEX requests_applicant ON requests(applicant_name, received);
CREATE TABLE events (
    request_id  TEXT NOT NULL REFERENCES requests(id),
    seq         INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    event       TEXT NOT NULL,              -- the Event as JSON
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (request_id, seq)
) WITHOUT ROWID;
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, '事件记录只能追加，不能修改'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, '事件记录只能追加，不能删除'); END;
"#,
    // 2: requests with appeals, for table 四 (those closed before the year).
    "CREATE INDEX requests_with_appeals ON requests(closed) WHERE appeals IS NOT NULL;",
    // 3: a covering index for the annual tables (no request JSON read).
    "CREATE INDEX requests_annual ON requests(received, closed, applicant_kind, outcome, answered, \
     answer_workdays, late, extended, stopped_days, due);",
];

/// A SQLite registry.
pub struct SqliteStore {
    conn: Mutex<Connection>,
    cal: Calendar,
}

impl SqliteStore {
    /// Opens (and creates or migrates) the database file.
    pub fn open(path: impl AsRef<Path>, cal: Calendar) -> Result<SqliteStore, RegistryError> {
        let path = path.as_ref();
        let conn = Connection::open(path).map_err(|e| {
            RegistryError::Storage(format!(
                "无法打开登记簿数据库 {}：{e}；请检查路径和权限",
                path.display()
            ))
        })?;
        conn.busy_timeout(Duration::from_secs(30))
            .map_err(storage)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(storage)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(storage)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(storage)?;
        let store = SqliteStore {
            conn: Mutex::new(conn),
            cal,
        };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&self) -> Result<(), RegistryError> {
        let mut conn = self.lock()?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(storage)?;
        let version: usize = tx
            .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
            .map_err(storage)?
            .try_into()
            .unwrap_or(0);
        if version > MIGRATIONS.len() {
            return Err(RegistryError::Storage(format!(
                "数据库结构版本为{version}，比本程序支持的{}新；请升级 gongkai",
                MIGRATIONS.len()
            )));
        }
        for sql in &MIGRATIONS[version..] {
            tx.execute_batch(sql).map_err(storage)?;
        }
        tx.pragma_update(None, "user_version", MIGRATIONS.len() as i64)
            .map_err(storage)?;
        tx.commit().map_err(storage)
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Connection>, RegistryError> {
        self.conn
            .lock()
            .map_err(|_| RegistryError::Storage("数据库连接在另一线程出错后不可用".into()))
    }

    fn write<T>(
        &self,
        f: impl FnOnce(&mut dyn Tx, &Calendar) -> Result<T, RegistryError>,
    ) -> Result<T, RegistryError> {
        let mut conn = self.lock()?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(storage)?;
        let mut w = SqliteTx { tx: &tx };
        let out = f(&mut w, &self.cal)?;
        tx.commit().map_err(storage)?;
        Ok(out)
    }
}

struct SqliteTx<'a> {
    tx: &'a rusqlite::Transaction<'a>,
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, RegistryError> {
    serde_json::to_string(v).map_err(storage)
}

fn parse_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, RegistryError> {
    serde_json::from_str(s)
        .map_err(|e| RegistryError::Storage(format!("数据库中的记录无法读取（{e}）")))
}

fn appeals_json(s: &Summary) -> Result<Option<String>, RegistryError> {
    if s.appeals.is_empty() {
        Ok(None)
    } else {
        json(&s.appeals).map(Some)
    }
}

fn year_of(req: &Request) -> i64 {
    req.id
        .split_once('-')
        .and_then(|(y, _)| y.parse().ok())
        .unwrap_or_else(|| i64::from(chrono::Datelike::year(&req.received)))
}

impl Tx for SqliteTx<'_> {
    fn request(&mut self, id: &str) -> Result<Option<Request>, RegistryError> {
        let s: Option<String> = self
            .tx
            .query_row("SELECT request FROM requests WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(storage)?;
        s.map(|s| parse_json(&s)).transpose()
    }

    fn events(&mut self, id: &str) -> Result<Vec<Event>, RegistryError> {
        let mut st = self
            .tx
            .prepare_cached("SELECT event FROM events WHERE request_id = ?1 ORDER BY seq")
            .map_err(storage)?;
        let rows = st
            .query_map([id], |r| r.get::<_, String>(0))
            .map_err(storage)?;
        rows.map(|r| parse_json(&r.map_err(storage)?)).collect()
    }

    fn max_seq(&mut self, year: i32) -> Result<u32, RegistryError> {
        let n: Option<i64> = self
            .tx
            .query_row(
                "SELECT MAX(seq) FROM requests WHERE year = ?1",
                [year],
                |r| r.get(0),
            )
            .map_err(storage)?;
        Ok(n.unwrap_or(0).try_into().unwrap_or(0))
    }

    fn insert_request(&mut self, req: &Request, s: &Summary) -> Result<(), RegistryError> {
        self.tx
            .prepare_cached(
                "INSERT INTO requests (id, year, seq, request, applicant_name, applicant_kind, received, \
                 due, closed, outcome, answered, answer_workdays, late, extended, stopped_days, appeals) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )
            .map_err(storage)?
            .execute(params![
                req.id,
                year_of(req),
                id_seq(&req.id),
                json(req)?,
                req.applicant.name,
                req.applicant.kind,
                day(req.received),
                s.due.map(day),
                s.closed.map(day),
                s.outcome,
                s.answered,
                s.answer_workdays,
                s.late,
                s.extended,
                s.stopped_days,
                appeals_json(s)?,
            ])
            .map_err(storage)?;
        Ok(())
    }

    fn insert_event(&mut self, id: &str, seq: usize, e: &Event) -> Result<(), RegistryError> {
        let kind = serde_json::to_value(&e.kind)
            .ok()
            .and_then(|v| v.get("type").and_then(|t| t.as_str()).map(str::to_string))
            .unwrap_or_default();
        self.tx
            .prepare_cached(
                "INSERT INTO events (request_id, seq, at, kind, event) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(storage)?
            .execute(params![id, seq as i64, day(e.at), kind, json(e)?])
            .map_err(storage)?;
        Ok(())
    }

    fn update_summary(&mut self, s: &Summary) -> Result<(), RegistryError> {
        self.tx
            .prepare_cached(
                "UPDATE requests SET due = ?2, closed = ?3, outcome = ?4, answered = ?5, \
                 answer_workdays = ?6, late = ?7, extended = ?8, stopped_days = ?9, appeals = ?10 \
                 WHERE id = ?1",
            )
            .map_err(storage)?
            .execute(params![
                s.id,
                s.due.map(day),
                s.closed.map(day),
                s.outcome,
                s.answered,
                s.answer_workdays,
                s.late,
                s.extended,
                s.stopped_days,
                appeals_json(s)?,
            ])
            .map_err(storage)?;
        Ok(())
    }
}

const SUMMARY_COLUMNS: &str = "id, applicant_kind, received, due, closed, outcome, answered, \
     answer_workdays, late, extended, stopped_days, appeals";

fn summary_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawSummary> {
    Ok(RawSummary {
        id: r.get(0)?,
        applicant_kind: r.get(1)?,
        received: r.get(2)?,
        due: r.get(3)?,
        closed: r.get(4)?,
        outcome: r.get(5)?,
        answered: r.get(6)?,
        answer_workdays: r.get(7)?,
        late: r.get(8)?,
        extended: r.get(9)?,
        stopped_days: r.get(10)?,
        appeals: r.get(11)?,
    })
}

/// A summary row as stored.
pub(crate) struct RawSummary {
    pub id: String,
    pub applicant_kind: String,
    pub received: i64,
    pub due: Option<i64>,
    pub closed: Option<i64>,
    pub outcome: Option<String>,
    pub answered: bool,
    pub answer_workdays: Option<u32>,
    pub late: bool,
    pub extended: bool,
    pub stopped_days: u32,
    pub appeals: Option<String>,
}

impl RawSummary {
    pub(crate) fn decode(self) -> Result<Summary, RegistryError> {
        Ok(Summary {
            id: self.id,
            applicant_kind: self.applicant_kind,
            received: from_day(self.received)?,
            due: self.due.map(from_day).transpose()?,
            closed: self.closed.map(from_day).transpose()?,
            outcome: self.outcome,
            answered: self.answered,
            answer_workdays: self.answer_workdays,
            late: self.late,
            extended: self.extended,
            stopped_days: self.stopped_days,
            appeals: match self.appeals {
                Some(a) => parse_json::<Vec<Appeal>>(&a)?,
                None => Vec::new(),
            },
        })
    }
}

pub(crate) fn year_days(year: i32) -> Result<(i64, i64), RegistryError> {
    let start = NaiveDate::from_ymd_opt(year, 1, 1)
        .ok_or_else(|| RegistryError::Invalid(format!("年份 {year} 无效")))?;
    let end = NaiveDate::from_ymd_opt(year, 12, 31)
        .ok_or_else(|| RegistryError::Invalid(format!("年份 {year} 无效")))?;
    Ok((day(start), day(end)))
}

impl Store for SqliteStore {
    fn calendar(&self) -> &Calendar {
        &self.cal
    }

    fn create(&self, new: NewRequest) -> Result<Request, RegistryError> {
        self.write(|tx, cal| create_in(tx, new, cal))
    }

    fn append(&self, id: &str, event: Event) -> Result<State, RegistryError> {
        self.write(|tx, cal| append_in(tx, id, event, cal))
    }

    fn case(&self, id: &str) -> Result<Case, RegistryError> {
        let conn = self.lock()?;
        let tx = conn.unchecked_transaction().map_err(storage)?;
        let mut r = SqliteTx { tx: &tx };
        let request = r
            .request(id)?
            .ok_or_else(|| RegistryError::NotFound(id.to_string()))?;
        let events = r.events(id)?;
        Ok(Case { request, events })
    }

    fn cases(&self) -> Result<Vec<Case>, RegistryError> {
        let conn = self.lock()?;
        let tx = conn.unchecked_transaction().map_err(storage)?;
        let mut out: Vec<Case> = Vec::new();
        {
            let mut st = tx
                .prepare("SELECT request FROM requests ORDER BY year, seq, id")
                .map_err(storage)?;
            let rows = st
                .query_map([], |r| r.get::<_, String>(0))
                .map_err(storage)?;
            for row in rows {
                out.push(Case {
                    request: parse_json(&row.map_err(storage)?)?,
                    events: Vec::new(),
                });
            }
        }
        let mut r = SqliteTx { tx: &tx };
        for case in &mut out {
            case.events = r.events(&case.request.id)?;
        }
        Ok(out)
    }

    fn import(&self, cases: &[Case]) -> Result<usize, RegistryError> {
        self.write(|tx, cal| import_in(tx, cases, cal))
    }

    fn open(&self, until: Option<NaiveDate>) -> Result<Vec<Summary>, RegistryError> {
        let conn = self.lock()?;
        let mut out = Vec::new();
        let mut push = |sql: String, p: &[&dyn rusqlite::ToSql]| -> Result<(), RegistryError> {
            let mut st = conn.prepare_cached(&sql).map_err(storage)?;
            for row in st.query_map(p, summary_row).map_err(storage)? {
                out.push(row.map_err(storage)?.decode()?);
            }
            Ok(())
        };
        match until {
            Some(until) => {
                push(
                    format!(
                        "SELECT {SUMMARY_COLUMNS} FROM requests INDEXED BY requests_open_due WHERE closed IS NULL AND due <= ?1 \
                         ORDER BY due, year, seq"
                    ),
                    &[&day(until)],
                )?;
                // Requests whose deadline cannot be computed need attention too.
                push(
                    format!(
                        "SELECT {SUMMARY_COLUMNS} FROM requests INDEXED BY requests_open_due WHERE closed IS NULL AND due IS NULL \
                         ORDER BY year, seq"
                    ),
                    &[],
                )?;
            }
            None => push(
                format!(
                    "SELECT {SUMMARY_COLUMNS} FROM requests WHERE closed IS NULL \
                     ORDER BY due IS NULL, due, year, seq"
                ),
                &[],
            )?,
        }
        Ok(out)
    }

    fn scan_year(&self, year: i32, acc: &mut Accumulator) -> Result<(), RegistryError> {
        let (start, end) = year_days(year)?;
        let conn = self.lock()?;
        let tx = conn.unchecked_transaction().map_err(storage)?;
        {
            // Served by the covering index requests_annual (migration 3).
            let mut st = tx
                .prepare_cached(
                    "SELECT applicant_kind, received, due, closed, outcome, answered, answer_workdays, \
                     late, extended, stopped_days FROM requests \
                     WHERE received <= ?2 AND (closed IS NULL OR closed >= ?1)",
                )
                .map_err(storage)?;
            let mut rows = st.query(params![start, end]).map_err(storage)?;
            while let Some(r) = rows.next().map_err(storage)? {
                let text = |i: usize| -> Result<Option<&str>, RegistryError> {
                    r.get_ref(i)
                        .map_err(storage)?
                        .as_str_or_null()
                        .map_err(storage)
                };
                let day_at = |i: usize| -> Result<Option<NaiveDate>, RegistryError> {
                    r.get::<_, Option<i64>>(i)
                        .map_err(storage)?
                        .map(from_day)
                        .transpose()
                };
                acc.add_request(&Facts {
                    applicant_kind: text(0)?.unwrap_or(""),
                    received: from_day(r.get(1).map_err(storage)?)?,
                    due: day_at(2)?,
                    closed: day_at(3)?,
                    outcome: text(4)?,
                    answered: r.get(5).map_err(storage)?,
                    answer_workdays: r.get(6).map_err(storage)?,
                    late: r.get(7).map_err(storage)?,
                    extended: r.get(8).map_err(storage)?,
                    stopped_days: r.get(9).map_err(storage)?,
                });
            }
        }
        let mut st = tx
            .prepare_cached("SELECT appeals FROM requests WHERE appeals IS NOT NULL")
            .map_err(storage)?;
        let mut rows = st.query([]).map_err(storage)?;
        while let Some(r) = rows.next().map_err(storage)? {
            let json: String = r.get(0).map_err(storage)?;
            for a in parse_json::<Vec<Appeal>>(&json)? {
                acc.add_appeal(&a);
            }
        }
        Ok(())
    }

    fn month_ordinal(
        &self,
        applicant: &str,
        day_in_month: NaiveDate,
        id: &str,
    ) -> Result<u32, RegistryError> {
        let (first, last) = month_days(day_in_month)?;
        let conn = self.lock()?;
        let n: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM requests WHERE applicant_name = ?1 AND received BETWEEN ?2 AND ?3 \
                 AND (received < (SELECT received FROM requests WHERE id = ?4) \
                      OR (received = (SELECT received FROM requests WHERE id = ?4) AND id <= ?4))",
                params![applicant, first, last, id],
                |r| r.get(0),
            )
            .map_err(storage)?;
        Ok(n.try_into().unwrap_or(0))
    }
}

pub(crate) fn month_days(d: NaiveDate) -> Result<(i64, i64), RegistryError> {
    use chrono::Datelike;
    let first = d.with_day(1).unwrap_or(d);
    let next = if d.month() == 12 {
        NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)
    };
    let last = next
        .and_then(|n| n.pred_opt())
        .ok_or_else(|| RegistryError::Invalid("日期超出可计算范围".into()))?;
    Ok((day(first), day(last)))
}
