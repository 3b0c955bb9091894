//! Property test: any valid random event history gives annual tables that
//! satisfy every relation of the template, and consecutive years chain.

use chrono::{Datelike, Days, NaiveDate};
use gongkai_calendar::Calendar;
use gongkai_model::{Decimal, Report, Scope, TableId, Term, Value};
use gongkai_registry::annual::annual_report;
use gongkai_registry::domain::{
    self, Applicant, Channel, Event, EventKind, FeeMethod, NewRequest, State, Summary,
};
use proptest::prelude::*;

const FIRST: i32 = 2019;
const LAST: i32 = 2025;

/// One request: receipt offset in days, applicant type index, and proposed
/// events (days after the previous one, action, parameter).
type Gen = (u32, usize, Vec<(u8, u8, u8)>);

fn build(i: usize, (offset, kind, steps): &Gen, cal: &Calendar) -> Summary {
    let start = NaiveDate::from_ymd_opt(FIRST, 1, 2).unwrap();
    let received = start + Days::new(u64::from(*offset));
    let kinds = domain::applicant_kinds();
    let outcomes: Vec<&str> = domain::outcomes().map(|r| r.id).collect();
    let req = NewRequest {
        channel: Channel::InPerson,
        arrived: received,
        confirmed: None,
        applicant: Applicant {
            name: format!("申请人{}", i % 7),
            kind: kinds[kind % kinds.len()].id.to_string(),
            contact: String::new(),
        },
        content: String::new(),
        agency: String::new(),
        actor: String::new(),
    }
    .into_request(format!("x-{i}"))
    .unwrap();
    let mut state = State::new(&req);
    let mut at = received;
    let appeal_kinds = domain::appeal_kinds();
    let decisions: Vec<&str> = domain::appeal_decisions().map(|c| c.id).collect();
    for (gap, action, p) in steps {
        at = at + Days::new(u64::from(*gap));
        if at.year() > 2026 {
            break;
        }
        let kind = match action % 11 {
            0 => EventKind::CorrectionRequested {
                until: Some(at + Days::new(10)),
            },
            1 => EventKind::CorrectionReceived,
            2 => EventKind::ConsultationStarted {
                party: String::new(),
            },
            3 => EventKind::ConsultationEnded,
            4 => EventKind::Extended {
                days: u32::from(p % 25),
            },
            5 => EventKind::FeeNoticed {
                method: FeeMethod::PerVolume,
                quantity: u32::from(*p),
                amount: Decimal::from(domain::fee_per_volume(u32::from(*p))),
            },
            6 => EventKind::FeePaid,
            7 | 8 => EventKind::Answered {
                outcome: outcomes[usize::from(*p) % outcomes.len()].to_string(),
            },
            9 => EventKind::Withdrawn,
            _ => {
                if p % 2 == 0 {
                    EventKind::AppealFiled {
                        kind: appeal_kinds[usize::from(*p / 2) % appeal_kinds.len()]
                            .id
                            .into(),
                    }
                } else {
                    EventKind::AppealDecided {
                        kind: appeal_kinds[usize::from(*p / 2) % appeal_kinds.len()]
                            .id
                            .into(),
                        outcome: decisions[usize::from(*p / 6) % decisions.len()].into(),
                    }
                }
            }
        };
        // Only valid histories: an impossible event is dropped, as the store
        // would refuse it.
        let mut next = state.clone();
        if next.apply(&Event::new(at, kind), cal).is_ok() {
            state = next;
        }
    }
    state.summary(&req, cal)
}

fn number(r: &Report, id: &str) -> Option<Decimal> {
    match r.value(id) {
        Value::Number(n) => Some(*n),
        _ => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn relations_hold_and_years_chain(
        gens in prop::collection::vec(
            (0u32..(365 * 7), 0usize..6, prop::collection::vec((0u8..40, any::<u8>(), any::<u8>()), 0..8)),
            0..60,
        )
    ) {
        let cal = Calendar::official();
        let summaries: Vec<Summary> = gens.iter().enumerate().map(|(i, g)| build(i, g, cal)).collect();
        let mut prev: Option<Report> = None;
        let mut received_total = Decimal::ZERO;
        for year in FIRST..=LAST {
            let report = annual_report(&summaries, year, "测试机关").report;
            let t = report.template_def().unwrap();
            prop_assert_eq!(report.cells.len(), t.cells.len());
            for (cell, def) in report.cells.iter().zip(&t.cells) {
                prop_assert_eq!(&cell.id, &def.id);
                prop_assert_eq!(def.table == TableId::Active, cell.value == Value::Absent);
            }
            for rel in &t.relations {
                let get = |term: &Term| -> Option<Decimal> {
                    if term.prev {
                        prev.as_ref().and_then(|p| number(p, &term.cell))
                    } else {
                        number(&report, &term.cell)
                    }
                };
                match rel.scope {
                    Scope::Report => prop_assert_eq!(
                        rel.evaluate(get), gongkai_model::Evaluation::Holds,
                        "{} in {}", rel.id, year
                    ),
                    // The cross-year relations on table 二 are undecidable (absent).
                    Scope::CrossYear if rel.terms().all(|t| t.cell.starts_with("apply.")) => {
                        if prev.is_some() && prev.as_ref().unwrap().template == report.template {
                            prop_assert_eq!(rel.evaluate(get), gongkai_model::Evaluation::Holds,
                                "{} in {}", rel.id, year);
                        }
                    }
                    Scope::CrossYear => {}
                }
            }
            if let Some(p) = &prev {
                // Carry-out of Y−1 = carry-in of Y (also across the template change).
                prop_assert_eq!(number(p, "apply.carried_out.total"), number(&report, "apply.carried_in.total"));
            }
            received_total += number(&report, "apply.new.total").unwrap();
            prev = Some(report);
        }
        let in_range = summaries.iter().filter(|s| s.received.year() <= LAST).count();
        prop_assert_eq!(received_total, Decimal::from(in_range));
    }
}

#[test]
fn a_hand_counted_year() {
    let cal = Calendar::official();
    let gens: Vec<Gen> = vec![
        // 2019-01-02 + 360 days = 2019-12-28, open at the end of 2019, answered 2020.
        (360, 0, vec![(20, 7, 0)]),
        // 2020: received and partially granted.
        (400, 1, vec![(3, 7, 1)]),
        // 2020: received, never answered (carried into 2021).
        (420, 0, vec![]),
    ];
    let s: Vec<Summary> = gens
        .iter()
        .enumerate()
        .map(|(i, g)| build(i, g, cal))
        .collect();
    let r = annual_report(&s, 2020, "").report;
    let n = |id: &str| number(&r, id).unwrap();
    assert_eq!(n("apply.new.total"), Decimal::from(2));
    assert_eq!(n("apply.carried_in.natural_person"), Decimal::from(1));
    assert_eq!(n("apply.granted.natural_person"), Decimal::from(1));
    assert_eq!(n("apply.partial.commercial"), Decimal::from(1));
    assert_eq!(n("apply.total.total"), Decimal::from(2));
    assert_eq!(n("apply.carried_out.total"), Decimal::from(1));
}
