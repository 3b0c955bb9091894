//! The annual tables 三 and 四 of year Y, from the request summaries, as a
//! [`Report`] in the model the extractor produces.
//!
//! Table 三 (per applicant column):
//! * 一、本年新收 = received in Y;
//! * 二、上年结转 = received before Y and not closed before Y (open at the end of Y−1);
//! * 三、办理结果 = closed in Y, in the row of its outcome;
//! * 四、结转下年度 = received by the end of Y and not closed by then.
//!
//! Each request lands in exactly one applicant column and, once closed, in
//! exactly one result row, so 一 + 二 = 三（七）+ 四 and the column and row
//! totals hold by construction; carry-out of Y is by definition carry-in of Y+1.
//!
//! Table 四: an appeal counts in Y if it was filed by the end of Y and not
//! decided before Y: in the column of its decision when decided in Y, under
//! 尚未审结 otherwise.

use std::collections::HashMap;

use chrono::NaiveDate;
use gongkai_model::{
    Cell, Decimal, Located, Meta, Note, Report, RowRole, SectionFound, SourceInfo, TableFound,
    TableId, TemplateId, Value,
};
use serde::Serialize;

use crate::domain::{self, result_row_in, Appeal, Summary, APPEAL_PENDING};

/// Timeliness figures beyond the national format.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Timeliness {
    /// Requests answered in the year (substantive answers).
    pub answered: u64,
    /// Median working days from the clock start to the answer.
    pub median_workdays: Option<f64>,
    /// 90th percentile (nearest rank).
    pub p90_workdays: Option<u32>,
    /// Answered after the deadline.
    pub answered_late: u64,
    /// Requests closed in the year whose period was extended.
    pub extensions_used: u64,
    /// Working days the clocks stood still for consultations (closed in Y).
    pub clock_stop_days: u64,
    /// Requests still open at the end of the year whose deadline had passed.
    pub open_overdue: u64,
}

impl Timeliness {
    /// Chinese text for the report's notes and the terminal.
    pub fn describe(&self) -> String {
        let f = |v: Option<String>| v.unwrap_or_else(|| "—".into());
        format!(
            "本年答复{}件；答复用时中位数{}个工作日，90%分位{}个工作日；逾期答复{}件；延期{}件；征求意见不计入期限共{}个工作日；年末在办已逾期{}件",
            self.answered,
            f(self.median_workdays.map(|m| format!("{m}"))),
            f(self.p90_workdays.map(|p| p.to_string())),
            self.answered_late,
            self.extensions_used,
            self.clock_stop_days,
            self.open_overdue
        )
    }
}

/// Tables 三 and 四 and the timeliness figures of one year.
#[derive(Debug, Clone, Serialize)]
pub struct Annual {
    pub report: Report,
    pub timeliness: Timeliness,
}

fn year_bounds(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(year, 1, 1)?,
        NaiveDate::from_ymd_opt(year, 12, 31)?,
    ))
}

/// Builds the annual report of `year` from the summaries of all requests
/// (those irrelevant to the year are skipped).
pub fn annual_report<'a>(
    summaries: impl IntoIterator<Item = &'a Summary>,
    year: i32,
    agency: &str,
) -> Annual {
    let mut acc = Accumulator::new(year);
    for s in summaries {
        acc.add(s);
    }
    acc.finish(agency)
}

/// Incremental form of [`annual_report`], for stores that stream rows.
pub struct Accumulator {
    year: i32,
    template: TemplateId,
    start: NaiveDate,
    end: NaiveDate,
    counts: HashMap<String, u64>,
    times: Vec<u32>,
    t: Timeliness,
    rows: Rows,
    fast: HashMap<(Slot, usize), u64>,
}

/// A row of table 三 the accumulator counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Slot {
    New,
    CarriedIn,
    CarriedOut,
    Result(&'static str),
}

/// What [`Accumulator::add_request`] needs of a request (borrowed, so that
/// stores can feed rows without allocating).
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub applicant_kind: &'a str,
    pub received: NaiveDate,
    pub due: Option<NaiveDate>,
    pub closed: Option<NaiveDate>,
    pub outcome: Option<&'a str>,
    pub answered: bool,
    pub answer_workdays: Option<u32>,
    pub late: bool,
    pub extended: bool,
    pub stopped_days: u32,
}

/// Cell-id prefixes of the rows the accumulator fills, from the roles
/// declared in the template.
struct Rows {
    new: String,
    carried_in: String,
    carried_out: String,
    /// The last result row (其他处理), for an outcome the template lacks.
    fallback: &'static str,
}

impl Rows {
    fn of(t: TemplateId) -> Rows {
        let table = t.get().table(TableId::Apply);
        let rows = &table.blocks[0].rows;
        let p = |r: Option<&gongkai_model::RowDef>| {
            format!("{}{}", table.id.id_prefix(), r.map(|r| r.id).unwrap_or(""))
        };
        let mut intake = rows.iter().filter(|r| r.role == RowRole::Intake);
        Rows {
            new: p(intake.next()),
            carried_in: p(intake.next()),
            carried_out: p(rows.iter().find(|r| r.role == RowRole::CarriedOut)),
            fallback: rows
                .iter()
                .rev()
                .find(|r| r.role == RowRole::Result)
                .map(|r| r.id)
                .unwrap_or(""),
        }
    }
}

impl Accumulator {
    pub fn new(year: i32) -> Accumulator {
        let (start, end) = year_bounds(year).unwrap_or((NaiveDate::MIN, NaiveDate::MAX));
        Accumulator {
            year,
            template: TemplateId::for_year(year),
            start,
            end,
            counts: HashMap::new(),
            times: Vec::new(),
            t: Timeliness::default(),
            rows: Rows::of(TemplateId::for_year(year)),
            fast: HashMap::new(),
        }
    }

    fn bump(&mut self, cell: String) {
        *self.counts.entry(cell).or_default() += 1;
    }

    /// Adds one request (its appeals included).
    pub fn add(&mut self, s: &Summary) {
        for a in &s.appeals {
            self.add_appeal(a);
        }
        self.add_request(&Facts {
            applicant_kind: &s.applicant_kind,
            received: s.received,
            due: s.due,
            closed: s.closed,
            outcome: s.outcome.as_deref(),
            answered: s.answered,
            answer_workdays: s.answer_workdays,
            late: s.late,
            extended: s.extended,
            stopped_days: s.stopped_days,
        });
    }

    /// Adds one appeal to table 四.
    pub fn add_appeal(&mut self, a: &Appeal) {
        let before = a.decided.as_ref().is_some_and(|(d, _)| *d < self.start);
        if a.filed <= self.end && !before {
            let col = match &a.decided {
                Some((d, outcome)) if *d <= self.end => outcome.as_str(),
                _ => APPEAL_PENDING,
            };
            self.bump(format!("{}.{col}", a.kind));
        }
    }

    /// Adds one request to table 三 and the timeliness figures (its
    /// appeals go through [`Accumulator::add_appeal`]). Allocation-free for
    /// the applicant types and outcomes of the template.
    pub fn add_request(&mut self, s: &Facts<'_>) {
        if s.received > self.end || s.closed.is_some_and(|c| c < self.start) {
            return;
        }
        let Some(col) = domain::applicant_kinds()
            .iter()
            .position(|c| c.id == s.applicant_kind)
        else {
            // Not a column of table 三 (validated on entry; an edited
            // database): counted nowhere rather than in a wrong column.
            return;
        };
        let intake = if s.received >= self.start {
            Slot::New
        } else {
            Slot::CarriedIn
        };
        *self.fast.entry((intake, col)).or_default() += 1;
        match (s.closed, s.outcome) {
            (Some(c), Some(outcome)) if c <= self.end => {
                let row = result_row_in(self.template, outcome).unwrap_or(self.rows.fallback);
                *self.fast.entry((Slot::Result(row), col)).or_default() += 1;
                if s.answered {
                    self.t.answered += 1;
                    if let Some(w) = s.answer_workdays {
                        self.times.push(w);
                    }
                    if s.late {
                        self.t.answered_late += 1;
                    }
                }
                if s.extended {
                    self.t.extensions_used += 1;
                }
                self.t.clock_stop_days += u64::from(s.stopped_days);
            }
            _ => {
                *self.fast.entry((Slot::CarriedOut, col)).or_default() += 1;
                if s.due.is_some_and(|d| d < self.end) {
                    self.t.open_overdue += 1;
                }
            }
        }
    }

    pub fn finish(mut self, agency: &str) -> Annual {
        let t = self.template.get();
        let kinds = domain::applicant_kinds();
        for ((slot, col), n) in std::mem::take(&mut self.fast) {
            let row = match slot {
                Slot::New => self.rows.new.clone(),
                Slot::CarriedIn => self.rows.carried_in.clone(),
                Slot::CarriedOut => self.rows.carried_out.clone(),
                Slot::Result(r) => format!("{}{r}", TableId::Apply.id_prefix()),
            };
            *self
                .counts
                .entry(format!("{row}.{}", kinds[col].id))
                .or_default() += n;
        }
        // Totals from the declared structure: the last column of tables 三
        // and 四 is 总计; the ResultTotal row adds up the Result rows.
        for table in [TableId::Apply, TableId::Review] {
            let def = t.table(table);
            for block in &def.blocks {
                let Some((total_col, parts)) = block.columns.split_last() else {
                    continue;
                };
                let id = |row: &str, col: &str| format!("{}{row}.{col}", table.id_prefix());
                for col in &block.columns {
                    let sum: u64 = block
                        .rows
                        .iter()
                        .filter(|r| r.role == RowRole::Result)
                        .map(|r| self.get(&id(r.id, col.id)))
                        .sum();
                    for r in block.rows.iter().filter(|r| r.role == RowRole::ResultTotal) {
                        self.counts.insert(id(r.id, col.id), sum);
                    }
                }
                for r in &block.rows {
                    let sum: u64 = parts.iter().map(|c| self.get(&id(r.id, c.id))).sum();
                    self.counts.insert(id(r.id, total_col.id), sum);
                }
            }
        }
        let cells = t
            .cells
            .iter()
            .map(|c| {
                let mut cell = Cell::absent(c.id.clone());
                if c.table != TableId::Active {
                    cell.value = Value::Number(Decimal::from(self.get(&c.id)));
                }
                cell
            })
            .collect();
        self.times.sort_unstable();
        let n = self.times.len();
        if n > 0 {
            self.t.median_workdays = Some(if n % 2 == 1 {
                f64::from(self.times[n / 2])
            } else {
                (f64::from(self.times[n / 2 - 1]) + f64::from(self.times[n / 2])) / 2.0
            });
            // Nearest rank: the smallest value with at least 90 % at or below.
            let rank = (n * 9).div_ceil(10).max(1);
            self.t.p90_workdays = Some(self.times[rank - 1]);
        }
        let mut report = Report::empty(SourceInfo {
            path: format!("registry:{agency}{}年", self.year),
            format: "registry".into(),
            encoding: String::new(),
            bytes: 0,
        });
        report.template = Some(self.template);
        report.meta = Meta {
            title: Some(Located::new(
                format!("{agency}{}年政府信息公开工作年度报告", self.year),
                None,
            )),
            agency: (!agency.is_empty()).then(|| Located::new(agency.to_string(), None)),
            year: Some(Located::new(self.year, None)),
            year_source: Some("registry".into()),
            period: Some(Located::new((self.start, self.end), None)),
            publication_date: None,
            body_kind: None,
        };
        report.cells = cells;
        // The registry yields sections 三 and 四 with their tables; the other
        // sections (narrative, table 二) are not in its scope.
        for table in [TableId::Apply, TableId::Review] {
            let def = t.table(table);
            report.sections.push(SectionFound {
                number: table.section(),
                heading: def.heading.to_string(),
                at: None,
            });
            report.tables.push(TableFound {
                table,
                layout: "registry".into(),
                at: None,
            });
        }
        report.notes.push(Note {
            code: "registry-tables".into(),
            message: "表三、表四由依申请公开登记簿生成；表二（主动公开）不在登记簿范围内，记为缺项"
                .into(),
            subject: None,
            at: None,
        });
        report.notes.push(Note {
            code: "registry-timeliness".into(),
            message: self.t.describe(),
            subject: None,
            at: None,
        });
        Annual {
            report,
            timeliness: self.t,
        }
    }

    fn get(&self, id: &str) -> u64 {
        self.counts.get(id).copied().unwrap_or(0)
    }
}
