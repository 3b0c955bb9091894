//! Deadlines, validation and status of single requests, against
//! hand-computed cases (regulation.md §1.3 worked examples among them).

use chrono::NaiveDate;
use gongkai_calendar::Calendar;
use gongkai_model::{Decimal, RowRole, TableId, TemplateId};
use gongkai_registry::domain::{
    self, fee_per_piece, fee_per_volume, outcome_ids, Applicant, Case, Channel, Event, EventKind,
    FeeMethod, NewRequest, RegistryError, State, Status,
};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn cal() -> &'static Calendar {
    Calendar::official()
}

fn request(received: &str) -> domain::Request {
    NewRequest {
        channel: Channel::InPerson,
        arrived: d(received),
        confirmed: None,
        applicant: Applicant {
            name: "张三".into(),
            kind: "natural_person".into(),
            contact: String::new(),
        },
        content: "2024年道路维修经费".into(),
        agency: "某市交通运输局".into(),
        actor: "李四".into(),
    }
    .into_request("2025-00001".into())
    .unwrap()
}

fn ev(at: &str, kind: EventKind) -> Event {
    Event::new(d(at), kind)
}

fn state(received: &str, events: &[Event]) -> Result<State, RegistryError> {
    State::replay(&request(received), events, cal())
}

fn due(received: &str, events: &[Event]) -> NaiveDate {
    state(received, events)
        .unwrap()
        .deadline(cal())
        .unwrap()
        .due
}

fn answered(at: &str, outcome: &str) -> Event {
    ev(
        at,
        EventKind::Answered {
            outcome: outcome.into(),
        },
    )
}

fn rejected(r: Result<State, RegistryError>) -> String {
    match r {
        Err(RegistryError::Rejected(m)) => m,
        other => panic!("expected a rejection, got {other:?}"),
    }
}

#[test]
fn worked_examples_of_regulation_1_3() {
    // received 2025-01-20 (Mon): 20 WD → 2025-02-21; 40 WD → 2025-03-21.
    assert_eq!(due("2025-01-20", &[]), d("2025-02-21"));
    let ext = [ev("2025-02-20", EventKind::Extended { days: 20 })];
    assert_eq!(due("2025-01-20", &ext), d("2025-03-21"));
    // 7 WD 补正 limit → 2025-02-05: a notice that day is accepted, the next day not.
    let ok = [ev(
        "2025-02-05",
        EventKind::CorrectionRequested { until: None },
    )];
    assert!(state("2025-01-20", &ok).is_ok());
    let late = [ev(
        "2025-02-06",
        EventKind::CorrectionRequested { until: None },
    )];
    assert!(rejected(state("2025-01-20", &late)).contains("2025年2月5日"));
    // received 2026-02-13 (Fri): 7 WD → 2026-03-02; 20 WD → 2026-03-19 (春节, 调休 Saturdays).
    assert_eq!(due("2026-02-13", &[]), d("2026-03-19"));
    let ok = [ev(
        "2026-03-02",
        EventKind::CorrectionRequested { until: None },
    )];
    assert!(state("2026-02-13", &ok).is_ok());
    let late = [ev(
        "2026-03-03",
        EventKind::CorrectionRequested { until: None },
    )];
    assert!(state("2026-02-13", &late).is_err());
    // 国庆: received 2024-09-27 → 2024-10-30. 2020 extended 春节: 2020-01-20 → 2020-02-25.
    assert_eq!(due("2024-09-27", &[]), d("2024-10-30"));
    assert_eq!(due("2020-01-20", &[]), d("2020-02-25"));
}

#[test]
fn year_end_and_uncovered_years() {
    // Received 2024-12-20 (Fri): Dec 23–27, 30, 31 (7), 2025-01-01 元旦 off,
    // Jan 2,3 (9), 6–10 (14), 13–17 (19), Jan 20 (20).
    assert_eq!(due("2024-12-20", &[]), d("2025-01-20"));
    // 2026-12-15 runs into 2027, which has no notice: an error, never a guess.
    let s = state("2026-12-15", &[]).unwrap();
    assert!(s.deadline(cal()).is_err());
    assert!(matches!(
        s.status(d("2026-12-16"), cal()),
        Status::Unknown { .. }
    ));
}

#[test]
fn correction_restarts_the_clock() {
    let events = [
        ev(
            "2025-01-22",
            EventKind::CorrectionRequested {
                until: Some(d("2025-02-14")),
            },
        ),
        ev("2025-02-10", EventKind::CorrectionReceived),
    ];
    // From 2025-02-10 (Mon): Feb 11–14 (4), 17–21 (9), 24–28 (14), Mar 3–7 (19), Mar 10 (20).
    let s = state("2025-01-20", &events).unwrap();
    let dl = s.deadline(cal()).unwrap();
    assert_eq!(dl.start, d("2025-02-10"));
    assert_eq!(dl.due, d("2025-03-10"));
    assert!(dl.explain(cal()).unwrap().contains("收到补正申请之日"));
    // Waiting for the correction: status, and no answer or extension meanwhile.
    let waiting = state("2025-01-20", &events[..1]).unwrap();
    assert_eq!(
        waiting.status(d("2025-02-01"), cal()),
        Status::WaitingCorrection {
            until: Some(d("2025-02-14"))
        }
    );
    let mut e = events[..1].to_vec();
    e.push(answered("2025-02-03", "granted"));
    assert!(rejected(state("2025-01-20", &e)).contains("尚未补正"));
    // No correction: （六）1 only after the period, and only then.
    let mut e = events[..1].to_vec();
    e.push(answered("2025-02-14", outcome_ids::NO_CORRECTION));
    assert!(rejected(state("2025-01-20", &e)).contains("尚未届满"));
    let mut e = events[..1].to_vec();
    e.push(answered("2025-02-17", outcome_ids::NO_CORRECTION));
    let s = state("2025-01-20", &e).unwrap();
    assert!(matches!(
        s.status(d("2025-03-01"), cal()),
        Status::Closed { .. }
    ));
    assert!(state(
        "2025-01-20",
        &[answered("2025-02-17", outcome_ids::NO_CORRECTION)]
    )
    .is_err());
    // A second 补正 notice is not allowed (一次性告知).
    let mut e = events.to_vec();
    e.push(ev(
        "2025-02-11",
        EventKind::CorrectionRequested { until: None },
    ));
    assert!(rejected(state("2025-01-20", &e)).contains("一次性"));
}

#[test]
fn consultation_stops_the_clock_at_most_15_days() {
    // Received 2025-03-03 (Mon): due 2025-03-31. Consultation 03-10 → 03-14:
    // 4 WD (11–14) not counted → 2025-04-04 is 清明 (off, 4–6 Apr): the 4th
    // working day after 03-31 is 2025-04-07? Mar 31 + Apr 1,2,3 (3), Apr 7 (4).
    let events = [
        ev(
            "2025-03-10",
            EventKind::ConsultationStarted {
                party: "第三方企业".into(),
            },
        ),
        ev("2025-03-14", EventKind::ConsultationEnded),
    ];
    assert_eq!(due("2025-03-03", &[]), d("2025-03-31"));
    let s = state("2025-03-03", &events).unwrap();
    assert_eq!(s.deadline(cal()).unwrap().stopped, 4);
    assert_eq!(s.deadline(cal()).unwrap().due, d("2025-04-07"));
    // An opinion 25 WD later only stops the clock for 15 WD.
    let long = [
        events[0].clone(),
        ev("2025-04-15", EventKind::ConsultationEnded),
    ];
    assert_eq!(
        state("2025-03-03", &long)
            .unwrap()
            .deadline(cal())
            .unwrap()
            .stopped,
        15
    );
    // While it runs, the status says so and the deadline is provisional.
    let open = state("2025-03-03", &events[..1]).unwrap();
    assert!(matches!(
        open.status(d("2025-03-12"), cal()),
        Status::Consultation { .. }
    ));
    assert!(open.deadline(cal()).unwrap().open_stop);
    // Ending a consultation that was never started is impossible.
    assert!(state(
        "2025-03-03",
        &[ev("2025-03-05", EventKind::ConsultationEnded)]
    )
    .is_err());
}

#[test]
fn extension_rules() {
    let ext = |at: &str, days| ev(at, EventKind::Extended { days });
    // Once, ≤ 20, before the original deadline (2025-03-31).
    assert!(state("2025-03-03", &[ext("2025-03-31", 20)]).is_ok());
    assert!(rejected(state("2025-03-03", &[ext("2025-04-01", 10)])).contains("届满"));
    assert!(rejected(state("2025-03-03", &[ext("2025-03-20", 21)])).contains("20个工作日"));
    assert!(rejected(state(
        "2025-03-03",
        &[ext("2025-03-10", 5), ext("2025-03-20", 5)]
    ))
    .contains("只能延长一次"));
    // Extended, not overdue: status shows it.
    let s = state("2025-03-03", &[ext("2025-03-20", 10)]).unwrap();
    let due = s.deadline(cal()).unwrap().due;
    assert_eq!(s.status(d("2025-04-01"), cal()), Status::Extended { due });
}

#[test]
fn status_due_soon_overdue_answered() {
    let s = state("2025-03-03", &[]).unwrap();
    assert_eq!(
        s.status(d("2025-03-10"), cal()),
        Status::Open {
            due: d("2025-03-31")
        }
    );
    assert_eq!(
        s.status(d("2025-03-26"), cal()),
        Status::DueSoon {
            due: d("2025-03-31"),
            workdays_left: 3
        }
    );
    assert_eq!(
        s.status(d("2025-04-02"), cal()),
        Status::Overdue {
            due: d("2025-03-31"),
            workdays_late: 2
        }
    );
    let late = state("2025-03-03", &[answered("2025-04-02", "granted")]).unwrap();
    assert!(matches!(
        late.status(d("2025-05-01"), cal()),
        Status::Answered { late: true, .. }
    ));
    let summary = late.summary(&request("2025-03-03"), cal());
    assert!(summary.late);
    assert_eq!(summary.answer_workdays, Some(22));
}

#[test]
fn impossible_events_are_rejected() {
    let closed = [answered("2025-03-10", "granted")];
    assert!(rejected(state(
        "2025-03-03",
        &[closed[0].clone(), answered("2025-03-11", "partial")]
    ))
    .contains("已于2025年3月10日办结"));
    // Out of order.
    assert!(rejected(state(
        "2025-03-03",
        &[
            ev(
                "2025-03-10",
                EventKind::ConsultationStarted {
                    party: String::new()
                }
            ),
            ev("2025-03-09", EventKind::ConsultationEnded)
        ]
    ))
    .contains("时间顺序"));
    // Before receipt.
    assert!(state("2025-03-03", &[answered("2025-03-01", "granted")]).is_err());
    // Unknown outcome: the message lists the rows of table 三.
    match state("2025-03-03", &[answered("2025-03-10", "无此结果")]) {
        Err(RegistryError::Invalid(m)) => assert!(m.contains("予以公开")),
        other => panic!("{other:?}"),
    }
    // Appeals are allowed after closure; a decision needs a filed case.
    let mut e = closed.to_vec();
    e.push(ev(
        "2025-04-01",
        EventKind::AppealFiled {
            kind: "行政复议".into(),
        },
    ));
    e.push(ev(
        "2025-05-01",
        EventKind::AppealDecided {
            kind: "review".into(),
            outcome: "结果维持".into(),
        },
    ));
    let s = state("2025-03-03", &e).unwrap();
    assert_eq!(
        s.appeals[0].decided,
        Some((d("2025-05-01"), "upheld".into()))
    );
    let mut e2 = closed.to_vec();
    e2.push(ev(
        "2025-05-01",
        EventKind::AppealDecided {
            kind: "review".into(),
            outcome: "upheld".into(),
        },
    ));
    assert!(state("2025-03-03", &e2).is_err());
}

#[test]
fn fees() {
    // 109号 第四条 / 第五条 (regulation.md §3.6).
    assert_eq!(fee_per_piece(10), 0);
    assert_eq!(fee_per_piece(11), 100);
    assert_eq!(fee_per_piece(30), 100);
    assert_eq!(fee_per_piece(31), 200);
    assert_eq!(fee_per_piece(40), 200);
    assert_eq!(fee_per_piece(41), 300);
    assert_eq!(fee_per_volume(30), 0);
    assert_eq!(fee_per_volume(31), 10);
    assert_eq!(fee_per_volume(100), 700);
    assert_eq!(fee_per_volume(150), 700 + 1000);
    assert_eq!(fee_per_volume(250), 700 + 2000 + 2000);
    let notice = ev(
        "2025-03-10",
        EventKind::FeeNoticed {
            method: FeeMethod::PerPiece,
            quantity: 12,
            amount: Decimal::from(100),
        },
    );
    // 20 WD to pay from 2025-03-10 → 2025-04-08 (清明 4–6 Apr off).
    let s = state("2025-03-03", std::slice::from_ref(&notice)).unwrap();
    assert_eq!(s.fee.as_ref().unwrap().pay_by, Some(d("2025-04-08")));
    assert!(matches!(
        s.status(d("2025-03-12"), cal()),
        Status::WaitingPayment { .. }
    ));
    // Answering before payment, paying late, lapsing early: rejected.
    assert!(state(
        "2025-03-03",
        &[notice.clone(), answered("2025-03-20", "granted")]
    )
    .is_err());
    assert!(state(
        "2025-03-03",
        &[notice.clone(), ev("2025-04-09", EventKind::FeePaid)]
    )
    .is_err());
    assert!(state(
        "2025-03-03",
        &[
            notice.clone(),
            answered("2025-04-08", outcome_ids::FEE_UNPAID)
        ]
    )
    .is_err());
    assert!(state(
        "2025-03-03",
        &[
            notice.clone(),
            answered("2025-04-09", outcome_ids::FEE_UNPAID)
        ]
    )
    .is_ok());
    assert!(state(
        "2025-03-03",
        &[
            notice.clone(),
            ev("2025-03-20", EventKind::FeePaid),
            answered("2025-03-25", "granted")
        ]
    )
    .is_ok());
}

#[test]
fn receipt_date_rules_per_channel() {
    let a = d("2025-03-03");
    let c = Some(d("2025-03-04"));
    assert_eq!(Channel::InPerson.receipt_date(a, None).unwrap(), a);
    assert_eq!(Channel::RegisteredMail.receipt_date(a, None).unwrap(), a);
    assert_eq!(Channel::Email.receipt_date(a, None).unwrap(), a);
    for ch in [Channel::OrdinaryLetter, Channel::Online, Channel::Fax] {
        assert!(
            ch.receipt_date(a, None).is_err(),
            "{ch} needs a confirmation date"
        );
        assert_eq!(ch.receipt_date(a, c).unwrap(), d("2025-03-04"));
        assert!(ch.receipt_date(d("2025-03-05"), c).is_err());
    }
    assert!(Channel::InPerson.receipt_date(a, c).is_err());
    assert_eq!(Channel::parse("平常信函").unwrap(), Channel::OrdinaryLetter);
    assert!(Channel::parse("信鸽").is_err());
}

#[test]
fn vocabulary_comes_from_the_template() {
    let t = TemplateId::Y2021.get();
    let apply = &t.table(TableId::Apply).blocks[0];
    // Applicant types = the columns of table 三 without 总计.
    let kinds: Vec<&str> = domain::applicant_kinds().iter().map(|c| c.id).collect();
    let cols: Vec<&str> = apply.columns.iter().map(|c| c.id).collect();
    assert_eq!(kinds, cols[..cols.len() - 1]);
    // Outcomes = the result rows.
    let rows: Vec<&str> = apply
        .rows
        .iter()
        .filter(|r| r.role == RowRole::Result)
        .map(|r| r.id)
        .collect();
    let outs: Vec<&str> = domain::outcomes().map(|r| r.id).collect();
    assert_eq!(outs, rows);
    for id in [
        outcome_ids::PARTIAL,
        outcome_ids::NO_CORRECTION,
        outcome_ids::FEE_UNPAID,
        outcome_ids::OTHER,
    ] {
        assert!(rows.contains(&id), "{id} is a result row");
    }
    // Labels parse: 部分公开 by its alias, a 不予公开 reason by its text.
    assert_eq!(domain::parse_outcome("部分公开").unwrap().id, "partial");
    assert_eq!(
        domain::parse_outcome("属于国家秘密").unwrap().id,
        "denied.state_secret"
    );
    assert_eq!(
        domain::parse_applicant_kind("法律服务机构").unwrap().id,
        "legal_services"
    );
    // 部分公开 takes precedence over the parts of a 区分处理 answer.
    assert_eq!(
        domain::combine_outcomes(&["予以公开", "属于国家秘密"])
            .unwrap()
            .id,
        outcome_ids::PARTIAL
    );
    assert_eq!(
        domain::combine_outcomes(&["granted", "granted"])
            .unwrap()
            .id,
        "granted"
    );
    assert!(domain::combine_outcomes(&["属于国家秘密", "重复申请"]).is_err());
    // The 2019 template counts the (六) sub-rows in its single row.
    assert_eq!(
        domain::result_row_in(TemplateId::Y2019, outcome_ids::FEE_UNPAID),
        Some("other")
    );
    assert_eq!(
        domain::result_row_in(TemplateId::Y2021, outcome_ids::FEE_UNPAID),
        Some(outcome_ids::FEE_UNPAID)
    );
}

#[test]
fn apply_is_pure_and_explanations_name_skipped_days() {
    let case = Case {
        request: request("2025-01-20"),
        events: vec![],
    };
    let s = domain::apply(&case, &answered("2025-02-21", "granted"), cal()).unwrap();
    assert!(s.closed.is_some());
    assert!(case.events.is_empty());
    let text = case
        .state(cal())
        .unwrap()
        .deadline(cal())
        .unwrap()
        .explain(cal())
        .unwrap();
    assert!(text.contains("节假日放假"), "{text}");
    assert!(text.contains("调休"), "{text}");
    assert!(text.contains("2025年2月21日"), "{text}");
}
