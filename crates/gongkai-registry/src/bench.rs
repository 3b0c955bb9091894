//! The registry benchmark: a database filled with generated requests and
//! their events (valid histories: answers of every outcome, 补正,
//! consultations, extensions, appeals), then the annual report and the
//! due-soon list timed. Used by `gongkai registry bench` and
//! `examples/bench.rs`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use crate::domain::{
    self, Applicant, Case, Channel, Event, EventKind, NewRequest, RegistryError, DUE_SOON,
};
use crate::store::Store;

/// Timings of one run.
#[derive(Debug, Clone, Serialize)]
pub struct BenchResult {
    pub requests: usize,
    pub events: usize,
    pub fill: Duration,
    pub year: i32,
    pub annual: Duration,
    pub annual_new_total: String,
    pub due_soon: Duration,
    pub due_soon_rows: usize,
}

/// The day the due-soon list is taken. Requests received in the 25 days
/// before it are still open; earlier ones are answered.
pub fn bench_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 12, 15).unwrap_or(NaiveDate::MIN)
}

/// Generates `n` requests received 2022-01-01 … 2025-12-15 (deterministic).
pub fn generate(
    n: usize,
    cal: &gongkai_calendar::Calendar,
    mut sink: impl FnMut(Case) -> Result<(), RegistryError>,
) -> Result<usize, RegistryError> {
    let kinds = domain::applicant_kinds();
    let outcomes: Vec<&str> = domain::outcomes()
        .map(|r| r.id)
        .filter(|id| {
            *id != domain::outcome_ids::NO_CORRECTION && *id != domain::outcome_ids::FEE_UNPAID
        })
        .collect();
    let first = NaiveDate::from_ymd_opt(2022, 1, 1).unwrap_or(NaiveDate::MIN);
    let today = bench_today();
    let open_from = today - Days::new(25);
    let span = u64::try_from((today - first).num_days())
        .unwrap_or(1)
        .max(1);
    let mut seq: HashMap<i32, u32> = HashMap::new();
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut events_total = 0;
    for _ in 0..n {
        let received = cal.workday_on_or_after(first + Days::new(next() % span))?;
        let k = seq.entry(received.year()).or_insert(0);
        *k += 1;
        let request = NewRequest {
            channel: Channel::InPerson,
            arrived: received,
            confirmed: None,
            applicant: Applicant {
                name: format!("申请人{}", next() % 50_000),
                kind: kinds[(next() % kinds.len() as u64) as usize].id.into(),
                contact: String::new(),
            },
            content: String::new(),
            agency: "基准测试机关".into(),
            actor: String::new(),
        }
        .into_request(format!("{}-{:07}", received.year(), k))?;
        let mut events = Vec::new();
        let r = next() % 100;
        let mut at = received;
        if r < 5 {
            at = cal.add_workdays(at, 3)?;
            events.push(Event::new(
                at,
                EventKind::CorrectionRequested { until: None },
            ));
            at = cal.add_workdays(at, 5)?;
            events.push(Event::new(at, EventKind::CorrectionReceived));
        }
        if r % 10 == 1 {
            at = cal.add_workdays(at, 2)?;
            events.push(Event::new(
                at,
                EventKind::ConsultationStarted {
                    party: String::new(),
                },
            ));
            at = cal.add_workdays(at, 1 + (next() % 15) as u32)?;
            events.push(Event::new(at, EventKind::ConsultationEnded));
        }
        if r % 10 == 2 {
            at = cal.add_workdays(at, 10)?;
            events.push(Event::new(at, EventKind::Extended { days: 20 }));
        }
        if received < open_from {
            at = cal.add_workdays(at, 1 + (next() % 25) as u32)?;
            let outcome = outcomes[(next() % outcomes.len() as u64) as usize];
            events.push(Event::new(
                at,
                EventKind::Answered {
                    outcome: outcome.into(),
                },
            ));
            if r == 99 {
                at = cal.add_workdays(at, 10)?;
                events.push(Event::new(
                    at,
                    EventKind::AppealFiled {
                        kind: domain::appeal_kinds()[0].id.into(),
                    },
                ));
            }
        }
        events_total += events.len();
        sink(Case { request, events })?;
    }
    Ok(events_total)
}

/// Fills `store` (which should be empty) with `n` generated requests and
/// times the annual report of `year` and the due-soon list.
pub fn run(store: &dyn Store, n: usize, year: i32) -> Result<BenchResult, RegistryError> {
    let cal = store.calendar().clone();
    let t0 = Instant::now();
    let mut batch = Vec::with_capacity(50_000);
    let events = generate(n, &cal, |case| {
        batch.push(case);
        if batch.len() == batch.capacity() {
            store.import(&batch)?;
            batch.clear();
        }
        Ok(())
    })?;
    store.import(&batch)?;
    let fill = t0.elapsed();
    let t1 = Instant::now();
    let annual = store.annual(year, "基准测试机关")?;
    let annual_time = t1.elapsed();
    let until = cal.add_workdays(bench_today(), DUE_SOON)?;
    let t2 = Instant::now();
    let soon = store.open(Some(until))?;
    let due_soon = t2.elapsed();
    Ok(BenchResult {
        requests: n,
        events,
        fill,
        year,
        annual: annual_time,
        annual_new_total: annual
            .report
            .number("apply.new.total")
            .map(|n| n.to_string())
            .unwrap_or_default(),
        due_soon,
        due_soon_rows: soon.len(),
    })
}

impl BenchResult {
    /// `key<TAB>value` lines.
    pub fn tsv(&self) -> String {
        format!(
            "requests\t{}\nevents\t{}\nfill_seconds\t{:.1}\nannual_year\t{}\nannual_report_seconds\t{:.3}\nannual_new_total\t{}\ndue_soon_ms\t{:.1}\ndue_soon_rows\t{}\n",
            self.requests,
            self.events,
            self.fill.as_secs_f64(),
            self.year,
            self.annual.as_secs_f64(),
            self.annual_new_total,
            self.due_soon.as_secs_f64() * 1000.0,
            self.due_soon_rows
        )
    }
}
