//! PostgreSQL (the synchronous `postgres` crate): the same logic as SQLite
//! for shared deployments. Writes run in SERIALIZABLE transactions, retried
//! on serialization failures.

use std::sync::Mutex;

use chrono::NaiveDate;
use gongkai_calendar::Calendar;
use postgres::{Client, NoTls};

use super::sqlite::{month_days, year_days, RawSummary};
use super::{append_in, create_in, day, id_seq, import_in, Store, Tx};
use crate::annual::Accumulator;
use crate::domain::{Case, Event, NewRequest, RegistryError, Request, State, Summary};

const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE requests (
    id              TEXT PRIMARY KEY,
    year            INTEGER NOT NULL,
    seq             BIGINT NOT NULL,
    request         TEXT NOT NULL,
    applicant_name  TEXT NOT NULL,
    applicant_kind  TEXT NOT NULL,
    received        BIGINT NOT NULL,
    due             BIGINT,
    closed          BIGINT,
    outcome         TEXT,
    answered        BOOLEAN NOT NULL DEFAULT FALSE,
    answer_workdays BIGINT,
    late            BOOLEAN NOT NULL DEFAULT FALSE,
    extended        BOOLEAN NOT NULL DEFAULT FALSE,
    stopped_days    BIGINT NOT NULL DEFAULT 0,
    appeals         TEXT
);
CREATE INDEX requests_year_seq ON requests(year, seq);
CREATE INDEX requests_open_due ON requests(due) WHERE closed IS NULL;
CREATE INDEX requests_received ON requests(received);
CREATE INDEX requests_closed ON requests(closed);
CREATE INDEX requests_applicant ON requests(applicant_name, received);
CREATE TABLE events (
    request_id  TEXT NOT NULL REFERENCES requests(id),
    seq         BIGINT NOT NULL,
    at          BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    event       TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (request_id, seq)
);
CREATE FUNCTION events_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION '事件记录只能追加，不能修改或删除'; END; $$ LANGUAGE plpgsql;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
FOR EACH ROW EXECUTE FUNCTION events_append_only();
"#,
    // 2: requests with appeals, for table 四 (those closed before the year).
    "CREATE INDEX requests_with_appeals ON requests(closed) WHERE appeals IS NOT NULL;",
    // 3: a covering index for the annual tables.
    "CREATE INDEX requests_annual ON requests(received, closed, applicant_kind, outcome, answered, \
     answer_workdays, late, extended, stopped_days, due);",
];

/// A PostgreSQL registry (one connection, serialised by a mutex).
pub struct PgStore {
    client: Mutex<Client>,
    cal: Calendar,
}

impl PgStore {
    /// Connects and creates or migrates the schema.
    pub fn connect(url: &str, cal: Calendar) -> Result<PgStore, RegistryError> {
        let client = Client::connect(url, NoTls).map_err(|e| {
            RegistryError::Storage(format!(
                "无法连接 PostgreSQL 登记簿（{e}）；请检查 --db 地址、用户名和服务器是否在运行"
            ))
        })?;
        let store = PgStore {
            client: Mutex::new(client),
            cal,
        };
        store.migrate()?;
        Ok(store)
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Client>, RegistryError> {
        self.client
            .lock()
            .map_err(|_| RegistryError::Storage("数据库连接在另一线程出错后不可用".into()))
    }

    fn migrate(&self) -> Result<(), RegistryError> {
        let mut client = self.lock()?;
        let mut tx = client.transaction().map_err(storage)?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS gongkai_schema (version INTEGER NOT NULL); \
             LOCK TABLE gongkai_schema IN EXCLUSIVE MODE;",
        )
        .map_err(storage)?;
        let version: i32 = tx
            .query_opt("SELECT version FROM gongkai_schema", &[])
            .map_err(storage)?
            .map(|r| r.get(0))
            .unwrap_or(0);
        let version = usize::try_from(version).unwrap_or(0);
        if version > MIGRATIONS.len() {
            return Err(RegistryError::Storage(format!(
                "数据库结构版本为{version}，比本程序支持的{}新；请升级 gongkai",
                MIGRATIONS.len()
            )));
        }
        for sql in &MIGRATIONS[version..] {
            tx.batch_execute(sql).map_err(storage)?;
        }
        tx.execute("DELETE FROM gongkai_schema", &[])
            .map_err(storage)?;
        tx.execute(
            "INSERT INTO gongkai_schema (version) VALUES ($1)",
            &[&(MIGRATIONS.len() as i32)],
        )
        .map_err(storage)?;
        tx.commit().map_err(storage)
    }

    fn write<T>(
        &self,
        f: impl FnOnce(&mut dyn Tx, &Calendar) -> Result<T, RegistryError>,
    ) -> Result<T, RegistryError> {
        let mut client = self.lock()?;
        let mut tx = client.transaction().map_err(storage)?;
        // Writers take turns (ids are allocated from the highest number in
        // use); readers are not blocked.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
            .map_err(storage)?;
        let out = {
            let mut w = PgTx { tx: &mut tx };
            f(&mut w, &self.cal)?
        };
        tx.commit().map_err(storage)?;
        Ok(out)
    }
}

/// The advisory lock key of registry writes ("gongkai" in ASCII, truncated).
const WRITE_LOCK: i64 = 0x676f_6e67_6b61;

struct PgTx<'a, 'b> {
    tx: &'a mut postgres::Transaction<'b>,
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, RegistryError> {
    serde_json::to_string(v).map_err(|e| RegistryError::Storage(e.to_string()))
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

fn opt_i64(v: Option<u32>) -> Option<i64> {
    v.map(i64::from)
}

impl Tx for PgTx<'_, '_> {
    fn request(&mut self, id: &str) -> Result<Option<Request>, RegistryError> {
        let row = self
            .tx
            .query_opt("SELECT request FROM requests WHERE id = $1", &[&id])
            .map_err(storage)?;
        row.map(|r| parse_json(r.get::<_, &str>(0))).transpose()
    }

    fn events(&mut self, id: &str) -> Result<Vec<Event>, RegistryError> {
        self.tx
            .query(
                "SELECT event FROM events WHERE request_id = $1 ORDER BY seq",
                &[&id],
            )
            .map_err(storage)?
            .iter()
            .map(|r| parse_json(r.get::<_, &str>(0)))
            .collect()
    }

    fn max_seq(&mut self, year: i32) -> Result<u32, RegistryError> {
        let n: Option<i64> = self
            .tx
            .query_one("SELECT MAX(seq) FROM requests WHERE year = $1", &[&year])
            .map_err(storage)?
            .get(0);
        Ok(n.unwrap_or(0).try_into().unwrap_or(0))
    }

    fn insert_request(&mut self, req: &Request, s: &Summary) -> Result<(), RegistryError> {
        let year: i32 = req
            .id
            .split_once('-')
            .and_then(|(y, _)| y.parse().ok())
            .unwrap_or_else(|| chrono::Datelike::year(&req.received));
        self.tx
            .execute(
                "INSERT INTO requests (id, year, seq, request, applicant_name, applicant_kind, received, \
                 due, closed, outcome, answered, answer_workdays, late, extended, stopped_days, appeals) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
                &[
                    &req.id,
                    &year,
                    &i64::from(id_seq(&req.id)),
                    &json(req)?,
                    &req.applicant.name,
                    &req.applicant.kind,
                    &day(req.received),
                    &s.due.map(day),
                    &s.closed.map(day),
                    &s.outcome,
                    &s.answered,
                    &opt_i64(s.answer_workdays),
                    &s.late,
                    &s.extended,
                    &i64::from(s.stopped_days),
                    &appeals_json(s)?,
                ],
            )
            .map_err(storage)?;
        Ok(())
    }

    fn insert_event(&mut self, id: &str, seq: usize, e: &Event) -> Result<(), RegistryError> {
        let kind = serde_json::to_value(&e.kind)
            .ok()
            .and_then(|v| v.get("type").and_then(|t| t.as_str()).map(str::to_string))
            .unwrap_or_default();
        self.tx
            .execute(
                "INSERT INTO events (request_id, seq, at, kind, event) VALUES ($1, $2, $3, $4, $5)",
                &[&id, &(seq as i64), &day(e.at), &kind, &json(e)?],
            )
            .map_err(storage)?;
        Ok(())
    }

    fn update_summary(&mut self, s: &Summary) -> Result<(), RegistryError> {
        self.tx
            .execute(
                "UPDATE requests SET due = $2, closed = $3, outcome = $4, answered = $5, \
                 answer_workdays = $6, late = $7, extended = $8, stopped_days = $9, appeals = $10 \
                 WHERE id = $1",
                &[
                    &s.id,
                    &s.due.map(day),
                    &s.closed.map(day),
                    &s.outcome,
                    &s.answered,
                    &opt_i64(s.answer_workdays),
                    &s.late,
                    &s.extended,
                    &i64::from(s.stopped_days),
                    &appeals_json(s)?,
                ],
            )
            .map_err(storage)?;
        Ok(())
    }
}

/// A PostgreSQL error with the server's message (the crate's `Display`
/// says only “db error”).
fn storage(e: postgres::Error) -> RegistryError {
    match e.as_db_error() {
        Some(db) => RegistryError::Storage(format!("{}（{}）", db.message(), db.code().code())),
        None => RegistryError::Storage(e.to_string()),
    }
}

const SUMMARY_COLUMNS: &str = "id, applicant_kind, received, due, closed, outcome, answered, \
     answer_workdays, late, extended, stopped_days, appeals";

fn raw(r: &postgres::Row) -> RawSummary {
    let u = |v: i64| u32::try_from(v).unwrap_or(0);
    RawSummary {
        id: r.get(0),
        applicant_kind: r.get(1),
        received: r.get(2),
        due: r.get(3),
        closed: r.get(4),
        outcome: r.get(5),
        answered: r.get(6),
        answer_workdays: r.get::<_, Option<i64>>(7).map(u),
        late: r.get(8),
        extended: r.get(9),
        stopped_days: u(r.get(10)),
        appeals: r.get(11),
    }
}

impl Store for PgStore {
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
        let mut client = self.lock()?;
        let mut tx = client.transaction().map_err(storage)?;
        let mut r = PgTx { tx: &mut tx };
        let request = r
            .request(id)?
            .ok_or_else(|| RegistryError::NotFound(id.to_string()))?;
        let events = r.events(id)?;
        Ok(Case { request, events })
    }

    fn cases(&self) -> Result<Vec<Case>, RegistryError> {
        let mut client = self.lock()?;
        let mut tx = client.transaction().map_err(storage)?;
        let rows = tx
            .query("SELECT request FROM requests ORDER BY year, seq, id", &[])
            .map_err(storage)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(Case {
                request: parse_json(row.get::<_, &str>(0))?,
                events: Vec::new(),
            });
        }
        let mut r = PgTx { tx: &mut tx };
        for case in &mut out {
            case.events = r.events(&case.request.id)?;
        }
        Ok(out)
    }

    fn import(&self, cases: &[Case]) -> Result<usize, RegistryError> {
        self.write(|tx, cal| import_in(tx, cases, cal))
    }

    fn open(&self, until: Option<NaiveDate>) -> Result<Vec<Summary>, RegistryError> {
        let mut client = self.lock()?;
        let rows = match until {
            Some(until) => {
                let mut rows = client
                    .query(
                        &format!(
                            "SELECT {SUMMARY_COLUMNS} FROM requests WHERE closed IS NULL AND due <= $1 \
                             ORDER BY due, year, seq"
                        ),
                        &[&day(until)],
                    )
                    .map_err(storage)?;
                rows.extend(
                    client
                        .query(
                            &format!(
                                "SELECT {SUMMARY_COLUMNS} FROM requests WHERE closed IS NULL AND due IS NULL \
                                 ORDER BY year, seq"
                            ),
                            &[],
                        )
                        .map_err(storage)?,
                );
                rows
            }
            None => client
                .query(
                    &format!(
                        "SELECT {SUMMARY_COLUMNS} FROM requests WHERE closed IS NULL \
                         ORDER BY due NULLS LAST, year, seq"
                    ),
                    &[],
                )
                .map_err(storage)?,
        };
        rows.iter().map(|r| raw(r).decode()).collect()
    }

    fn scan_year(&self, year: i32, acc: &mut Accumulator) -> Result<(), RegistryError> {
        let (start, end) = year_days(year)?;
        let mut client = self.lock()?;
        let mut tx = client.transaction().map_err(storage)?;
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM requests WHERE received <= $2 AND (closed IS NULL OR closed >= $1) \
             UNION ALL SELECT {SUMMARY_COLUMNS} FROM requests WHERE appeals IS NOT NULL \
             AND NOT (received <= $2 AND (closed IS NULL OR closed >= $1))"
        );
        let portal = tx.bind(sql.as_str(), &[&start, &end]).map_err(storage)?;
        loop {
            let rows = tx.query_portal(&portal, 10_000).map_err(storage)?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                acc.add(&raw(r).decode()?);
            }
        }
        tx.commit().map_err(storage)
    }

    fn month_ordinal(
        &self,
        applicant: &str,
        day_in_month: NaiveDate,
        id: &str,
    ) -> Result<u32, RegistryError> {
        let (first, last) = month_days(day_in_month)?;
        let mut client = self.lock()?;
        let n: i64 = client
            .query_one(
                "SELECT COUNT(*) FROM requests r, (SELECT received FROM requests WHERE id = $4) me \
                 WHERE r.applicant_name = $1 AND r.received BETWEEN $2 AND $3 \
                 AND (r.received < me.received OR (r.received = me.received AND r.id <= $4))",
                &[&applicant, &first, &last, &id],
            )
            .map_err(storage)?
            .get(0);
        Ok(n.try_into().unwrap_or(0))
    }
}
