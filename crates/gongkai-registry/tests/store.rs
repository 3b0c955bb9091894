//! One test suite, run on SQLite and on PostgreSQL (a throwaway server on
//! loopback started by scripts/pg-test-server.sh, or GONGKAI_TEST_PG). Plus
//! SQLite concurrency: two writers, and a writer killed mid-write.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::NaiveDate;
use gongkai_calendar::Calendar;
use gongkai_registry::annual::annual_report;
use gongkai_registry::domain::{Applicant, Channel, Event, EventKind, NewRequest, RegistryError};
use gongkai_registry::store::{postgres::PgStore, sqlite::SqliteStore};
use gongkai_registry::{Case, Store};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn new(arrived: &str, name: &str, kind: &str) -> NewRequest {
    NewRequest {
        channel: Channel::InPerson,
        arrived: d(arrived),
        confirmed: None,
        applicant: Applicant {
            name: name.into(),
            kind: kind.into(),
            contact: String::new(),
        },
        content: "某项目的审批文件".into(),
        agency: "某区住房和城乡建设局".into(),
        actor: "登记员".into(),
    }
}

fn ev(at: &str, kind: EventKind) -> Event {
    Event {
        at: d(at),
        actor: "经办人".into(),
        reason: "测试".into(),
        kind,
    }
}

fn answer(at: &str, outcome: &str) -> Event {
    ev(
        at,
        EventKind::Answered {
            outcome: outcome.into(),
        },
    )
}

/// The shared suite. `fresh` opens an empty store.
fn suite(fresh: &dyn Fn() -> Box<dyn Store>) {
    let store = fresh();
    // Ids: receipt year + sequence; the channel decides the receipt date.
    let a = store
        .create(new("2024-12-20", "张三", "natural_person"))
        .unwrap();
    assert_eq!(a.id, "2024-00001");
    let mut letter = new("2024-12-30", "某公司", "commercial");
    letter.channel = Channel::OrdinaryLetter;
    letter.confirmed = Some(d("2025-01-02"));
    let b = store.create(letter).unwrap();
    assert_eq!(b.id, "2025-00001");
    assert_eq!(b.received, d("2025-01-02"));
    let c = store.create(new("2025-03-03", "张三", "自然人")).unwrap();
    assert_eq!(c.id, "2025-00002");
    let e = store
        .create(new("2025-03-04", "某律所", "legal_services"))
        .unwrap();
    assert!(matches!(
        store.create(new("2025-03-04", "某人", "外星人")),
        Err(RegistryError::Invalid(_))
    ));

    // Events: valid ones are stored, impossible ones refused and not stored.
    store
        .append(&a.id, answer("2025-01-10", "granted"))
        .unwrap();
    let refused = store.append(&a.id, answer("2025-01-11", "partial"));
    assert!(
        matches!(refused, Err(RegistryError::Rejected(_))),
        "{refused:?}"
    );
    assert_eq!(store.case(&a.id).unwrap().events.len(), 1);
    store
        .append(
            &b.id,
            ev(
                "2025-01-03",
                EventKind::CorrectionRequested {
                    until: Some(d("2025-01-17")),
                },
            ),
        )
        .unwrap();
    store
        .append(&b.id, ev("2025-01-10", EventKind::CorrectionReceived))
        .unwrap();
    store
        .append(&b.id, ev("2025-01-20", EventKind::Extended { days: 10 }))
        .unwrap();
    assert!(store
        .append(&b.id, ev("2025-01-21", EventKind::Extended { days: 5 }))
        .is_err());
    store
        .append(&b.id, answer("2025-03-01", "denied.third_party"))
        .unwrap();
    store
        .append(
            &c.id,
            ev(
                "2025-03-05",
                EventKind::ConsultationStarted {
                    party: "第三方".into(),
                },
            ),
        )
        .unwrap();
    store
        .append(&c.id, ev("2025-03-12", EventKind::ConsultationEnded))
        .unwrap();
    store
        .append(
            &e.id,
            ev(
                "2025-04-01",
                EventKind::AppealFiled {
                    kind: "suit_direct".into(),
                },
            ),
        )
        .unwrap();
    assert!(matches!(
        store.append("2030-00001", answer("2030-01-01", "granted")),
        Err(RegistryError::NotFound(_))
    ));

    // Reading back.
    let case = store.case(&b.id).unwrap();
    assert_eq!(case.request, b);
    assert_eq!(case.events.len(), 4);
    assert_eq!(case.events[0].reason, "测试");
    let cases = store.cases().unwrap();
    let ids: Vec<&str> = cases.iter().map(|c| c.request.id.as_str()).collect();
    assert_eq!(
        ids,
        ["2024-00001", "2025-00001", "2025-00002", "2025-00003"]
    );

    // Open lists: c due 2025-04-07 (4 WD stopped, 清明), e due 2025-04-01.
    let open: Vec<String> = store
        .open(None)
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(open, [e.id.clone(), c.id.clone()]);
    let soon: Vec<String> = store
        .open(Some(d("2025-04-02")))
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(soon, [e.id.as_str()]);

    // The annual report from the database equals the pure one on the replayed cases.
    let cal = store.calendar().clone();
    let summaries: Vec<_> = cases
        .iter()
        .map(|c| c.state(&cal).unwrap().summary(&c.request, &cal))
        .collect();
    for year in [2024, 2025] {
        let from_db = store.annual(year, "机关").unwrap();
        let pure = annual_report(&summaries, year, "机关");
        assert_eq!(from_db.report.cells, pure.report.cells, "{year}");
        assert_eq!(from_db.timeliness, pure.timeliness, "{year}");
    }
    let r = store.annual(2025, "机关").unwrap().report;
    let n = |id: &str| r.number(id).unwrap().to_string();
    assert_eq!(n("apply.carried_in.natural_person"), "1");
    assert_eq!(n("apply.denied.third_party.commercial"), "1");
    assert_eq!(n("apply.carried_out.total"), "2");
    assert_eq!(n("suit_direct.pending"), "1");

    // 按件: the applicant's n-th application in the month.
    assert_eq!(
        store.month_ordinal("张三", d("2025-03-03"), &c.id).unwrap(),
        1
    );

    // Export → import into an empty store gives the same registry.
    let other = fresh();
    assert_eq!(other.import(&cases).unwrap(), 4);
    assert_eq!(other.cases().unwrap(), cases);
    assert_eq!(other.annual(2025, "机关").unwrap().report.cells, r.cells);
    // A second import of the same ids is refused as a whole.
    assert!(other.import(&cases).is_err());
    assert_eq!(other.cases().unwrap().len(), 4);
    // An invalid history is refused on import.
    let mut bad: Vec<Case> = vec![cases[0].clone()];
    bad[0].request.id = "2024-00099".into();
    bad[0].events.push(answer("2025-02-01", "granted"));
    assert!(other.import(&bad).is_err());
    assert!(other.case("2024-00099").is_err());
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn temp_db(dir: &Path) -> PathBuf {
    dir.join(format!("reg{}.db", COUNTER.fetch_add(1, Ordering::SeqCst)))
}

#[test]
fn sqlite_suite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    suite(&|| Box::new(SqliteStore::open(temp_db(&path), Calendar::official().clone()).unwrap()));
}

#[test]
fn sqlite_events_are_append_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = temp_db(dir.path());
    let store = SqliteStore::open(&db, Calendar::official().clone()).unwrap();
    let r = store
        .create(new("2025-03-03", "张三", "natural_person"))
        .unwrap();
    store
        .append(&r.id, answer("2025-03-10", "granted"))
        .unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    // Migrated to the latest schema; reopening runs nothing twice.
    let version = |c: &rusqlite::Connection| -> i64 {
        c.query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(version(&conn), 3);
    drop(SqliteStore::open(&db, Calendar::official().clone()).unwrap());
    assert_eq!(version(&conn), 3);
    let journal: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    let err = conn.execute("UPDATE events SET at = 0", []).unwrap_err();
    assert!(err.to_string().contains("只能追加"), "{err}");
    assert!(conn.execute("DELETE FROM events", []).is_err());
    // Foreign keys: no event for an unknown request.
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    assert!(conn
        .execute(
            "INSERT INTO events (request_id, seq, at, kind, event) VALUES ('x', 1, 0, 'a', '{}')",
            []
        )
        .is_err());
}

#[test]
fn sqlite_two_writers() {
    let dir = tempfile::tempdir().unwrap();
    let db = temp_db(dir.path());
    SqliteStore::open(&db, Calendar::official().clone()).unwrap();
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let db = db.clone();
            std::thread::spawn(move || {
                let store = SqliteStore::open(&db, Calendar::official().clone()).unwrap();
                for i in 0..40 {
                    let r = store
                        .create(new("2025-03-03", &format!("写入者{w}"), "natural_person"))
                        .unwrap();
                    if i % 2 == 0 {
                        store
                            .append(&r.id, answer("2025-03-10", "granted"))
                            .unwrap();
                    }
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let store = SqliteStore::open(&db, Calendar::official().clone()).unwrap();
    let cases = store.cases().unwrap();
    assert_eq!(cases.len(), 80);
    let mut ids: Vec<&str> = cases.iter().map(|c| c.request.id.as_str()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 80, "ids are unique");
    assert_eq!(ids.last(), Some(&"2025-00080"));
    assert_eq!(
        store
            .annual(2025, "")
            .unwrap()
            .report
            .number("apply.granted.total")
            .unwrap()
            .to_string(),
        "40"
    );
}

/// The child of [`sqlite_killed_writer_leaves_a_consistent_database`]: when
/// GONGKAI_REGISTRY_CHILD_DB is set, writes until killed.
#[test]
fn child_writer() {
    let Ok(db) = std::env::var("GONGKAI_REGISTRY_CHILD_DB") else {
        return;
    };
    let store = SqliteStore::open(&db, Calendar::official().clone()).unwrap();
    std::fs::write(format!("{db}.ready"), "").unwrap();
    loop {
        let r = store
            .create(new("2025-03-03", "子进程", "natural_person"))
            .unwrap();
        store
            .append(
                &r.id,
                ev(
                    "2025-03-05",
                    EventKind::ConsultationStarted {
                        party: String::new(),
                    },
                ),
            )
            .unwrap();
        store
            .append(&r.id, ev("2025-03-07", EventKind::ConsultationEnded))
            .unwrap();
        store
            .append(&r.id, answer("2025-03-20", "partial"))
            .unwrap();
    }
}

#[test]
fn sqlite_killed_writer_leaves_a_consistent_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = temp_db(dir.path());
    let db_s = db.to_string_lossy().to_string();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_writer", "--nocapture", "--test-threads=1"])
        .env("GONGKAI_REGISTRY_CHILD_DB", &db_s)
        .spawn()
        .unwrap();
    let ready = PathBuf::from(format!("{db_s}.ready"));
    for _ in 0..600 {
        if ready.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(700));
    child.kill().unwrap();
    child.wait().unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    drop(conn);
    // Every cached summary agrees with the events it was derived from.
    let store = SqliteStore::open(&db, Calendar::official().clone()).unwrap();
    let cal = Calendar::official();
    let cases = store.cases().unwrap();
    assert!(cases.len() > 1, "the child wrote before it was killed");
    let from_events: Vec<_> = cases
        .iter()
        .map(|c| c.state(cal).unwrap().summary(&c.request, cal))
        .collect();
    let db_report = store.annual(2025, "").unwrap().report;
    assert_eq!(
        db_report.cells,
        annual_report(&from_events, 2025, "").report.cells
    );
    let open_ids: Vec<String> = store
        .open(None)
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    let expect: Vec<String> = from_events
        .iter()
        .filter(|s| s.closed.is_none())
        .map(|s| s.id.clone())
        .collect();
    let (mut a, mut b) = (open_ids, expect);
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

/// A PostgreSQL server for the suite: GONGKAI_TEST_PG, or one started by
/// scripts/pg-test-server.sh (stopped again on drop).
struct PgServer {
    url: String,
    dir: Option<tempfile::TempDir>,
}

impl Drop for PgServer {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = Command::new(script()).arg("stop").arg(dir.path()).status();
        }
    }
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/pg-test-server.sh")
}

fn pg_server() -> Result<PgServer, String> {
    if let Ok(url) = std::env::var("GONGKAI_TEST_PG") {
        return Ok(PgServer { url, dir: None });
    }
    let dir = tempfile::Builder::new()
        .prefix("gongkai-pg")
        .tempdir()
        .map_err(|e| e.to_string())?;
    let port = 20000 + (std::process::id() % 20000);
    let out = Command::new(script())
        .arg("start")
        .arg(dir.path())
        .arg(port.to_string())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", script().display()))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    let url = String::from_utf8_lossy(&out.stdout).trim().to_string();
    Ok(PgServer {
        url,
        dir: Some(dir),
    })
}

#[test]
fn postgres_suite() {
    let server = match pg_server() {
        Ok(s) => s,
        Err(reason) => {
            eprintln!("SKIPPED postgres_suite: no PostgreSQL server ({reason}); set GONGKAI_TEST_PG=postgres://… or install postgresql");
            return;
        }
    };
    let mut admin = postgres::Client::connect(&server.url, postgres::NoTls).unwrap();
    let base = server
        .url
        .rsplit_once('/')
        .map(|(b, _)| b.to_string())
        .unwrap();
    let run = std::process::id();
    let fresh = || -> Box<dyn Store> {
        let name = format!(
            "gongkai_test_{run}_{}",
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let mut admin = postgres::Client::connect(&server.url, postgres::NoTls).unwrap();
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        Box::new(PgStore::connect(&format!("{base}/{name}"), Calendar::official().clone()).unwrap())
    };
    suite(&fresh);
    // Append-only on PostgreSQL too.
    let name = format!("gongkai_test_{run}_ao");
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    let url = format!("{base}/{name}");
    let store = PgStore::connect(&url, Calendar::official().clone()).unwrap();
    let r = store
        .create(new("2025-03-03", "张三", "natural_person"))
        .unwrap();
    store
        .append(&r.id, answer("2025-03-10", "granted"))
        .unwrap();
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    assert!(c.execute("UPDATE events SET at = 0", &[]).is_err());
    // Two writers on one PostgreSQL database.
    let writers: Vec<_> = (0..2)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || {
                let store = PgStore::connect(&url, Calendar::official().clone()).unwrap();
                for _ in 0..20 {
                    store
                        .create(new("2025-03-03", "并发", "natural_person"))
                        .unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let cases = store.cases().unwrap();
    assert_eq!(cases.len(), 41);
    assert_eq!(cases.last().unwrap().request.id, "2025-00041");
}
