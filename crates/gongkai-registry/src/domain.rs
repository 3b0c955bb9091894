//! Requests, the append-only event log, deadlines and status: pure functions,
//! independent of storage.
//!
//! The legal rules (regulation.md §0, §1.2–1.4, §3):
//!
//! * the receipt date follows the channel (条例 第三十一条, [`Channel::receipt_date`]);
//! * the answer is due 20 working days after the receipt date, the receipt
//!   day not counted (第三十三条);
//! * a 补正 notice must go out within 7 working days of receipt, once; the
//!   answer clock restarts on the day the corrected application arrives
//!   (第三十条); no correction ⇒ closed as （六）1;
//! * consultation of a third party or another organ stops the clock, at most
//!   15 working days per consultation (第三十二至三十四条);
//! * one extension of at most 20 working days, approved before the deadline
//!   (第三十三条);
//! * a fee notice (按件 or 按量, never both) is sent within the answer period;
//!   the applicant has 20 working days to pay; unpaid ⇒ （六）2 (§3.4). The
//!   fee period does not stop the answer clock (109号 is silent; the registry
//!   takes the strict reading so that no deadline is missed);
//! * the answer has exactly one outcome, a result row of table 三 (部分公开
//!   takes precedence: a request handled by 区分处理 is 部分公开 only).

use std::fmt;

use chrono::{Datelike, NaiveDate};
use gongkai_calendar::{periods, Calendar, CalendarError, Explanation};
use gongkai_model::{ColumnDef, Decimal, RowDef, RowRole, TableId, TemplateId};
use serde::{Deserialize, Serialize};

/// Errors of the registry. Messages are Chinese and say what to do.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// An event that the law or the request's history does not allow.
    #[error("{0}")]
    Rejected(String),
    /// Input that is not valid (unknown applicant type, bad date …).
    #[error("{0}")]
    Invalid(String),
    /// No such request.
    #[error("登记簿中没有编号为“{0}”的申请；请用 `gongkai registry list` 查看编号")]
    NotFound(String),
    /// The working-day calendar cannot answer.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// The database failed.
    #[error("数据库错误：{0}")]
    Storage(String),
}

fn rejected(msg: impl Into<String>) -> RegistryError {
    RegistryError::Rejected(msg.into())
}

/// A date written the Chinese way: 2025年3月19日.
pub fn zh_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

// ---------------------------------------------------------------- template

/// The template whose table 三 rows are the outcomes the registry records:
/// the current (finest) one. Years on the 2019 template map an outcome to
/// its parent row ([`result_row_in`]).
const OUTCOME_TEMPLATE: TemplateId = TemplateId::Y2021;

fn apply_block(t: TemplateId) -> &'static gongkai_model::BlockDef {
    &t.get().table(TableId::Apply).blocks[0]
}

fn review_block() -> &'static gongkai_model::BlockDef {
    &OUTCOME_TEMPLATE.get().table(TableId::Review).blocks[0]
}

/// The applicant types: the columns of table 三 without the 总计 column.
pub fn applicant_kinds() -> &'static [ColumnDef] {
    let cols = &apply_block(OUTCOME_TEMPLATE).columns;
    &cols[..cols.len() - 1]
}

/// The outcomes an answer can have: the result rows of table 三.
pub fn outcomes() -> impl Iterator<Item = &'static RowDef> {
    apply_block(OUTCOME_TEMPLATE)
        .rows
        .iter()
        .filter(|r| r.role == RowRole::Result)
}

/// The kinds of appeal: the rows of table 四.
pub fn appeal_kinds() -> &'static [RowDef] {
    &review_block().rows
}

/// The id of table 四's column for cases not yet decided.
pub const APPEAL_PENDING: &str = "pending";

/// The decisions of an appeal: table 四's columns without 尚未审结 and 总计.
pub fn appeal_decisions() -> impl Iterator<Item = &'static ColumnDef> {
    let cols = &review_block().columns;
    cols[..cols.len() - 1]
        .iter()
        .filter(|c| c.id != APPEAL_PENDING)
}

/// Outcome ids with a procedural meaning (rows of table 三, 2021 template).
pub mod outcome_ids {
    /// （二）部分公开.
    pub const PARTIAL: &str = "partial";
    /// （六）1 逾期不补正.
    pub const NO_CORRECTION: &str = "other.no_correction";
    /// （六）2 逾期未缴费.
    pub const FEE_UNPAID: &str = "other.fee_unpaid";
    /// （六）3 其他 (e.g. withdrawn by the applicant).
    pub const OTHER: &str = "other.other";
}

/// Normalises a label for matching: no whitespace, no item numbers' brackets.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '“' | '”' | '"'))
        .collect()
}

/// Finds an applicant type by id or label (`natural_person`, `自然人`).
pub fn parse_applicant_kind(s: &str) -> Result<&'static ColumnDef, RegistryError> {
    let n = norm(s);
    applicant_kinds()
        .iter()
        .find(|c| c.id == n || norm(c.label) == n)
        .ok_or_else(|| {
            let all: Vec<String> = applicant_kinds()
                .iter()
                .map(|c| format!("{}（{}）", c.label, c.id))
                .collect();
            RegistryError::Invalid(format!("申请人类型“{s}”无效；可选：{}", all.join("、")))
        })
}

fn outcome_label(row: &RowDef) -> String {
    match row.path.split('/').nth(1) {
        Some(group) if group != row.label() => format!("{group}{}", row.label()),
        _ => row.label(),
    }
}

/// Finds an outcome by id, label or path (`granted`, `予以公开`,
/// `（三）不予公开1.属于国家秘密`, `属于国家秘密`).
pub fn parse_outcome(s: &str) -> Result<&'static RowDef, RegistryError> {
    let n = norm(s);
    // Short names used in the office for the two procedural closures.
    let n = match n.as_str() {
        "逾期不补正" | "未补正" => outcome_ids::NO_CORRECTION.to_string(),
        "逾期未缴费" | "未缴费" => outcome_ids::FEE_UNPAID.to_string(),
        _ => n,
    };
    let exact = outcomes().find(|r| {
        r.id == n
            || norm(r.core) == n
            || norm(&r.label()) == n
            || norm(&outcome_label(r)) == n
            || r.aliases.iter().any(|a| norm(a) == n)
    });
    // Otherwise a part of exactly one label (`本机关不掌握`, `三安全一稳定`).
    let found = exact.or_else(|| {
        let mut hits = outcomes().filter(|r| n.chars().count() >= 4 && norm(r.core).contains(&n));
        match (hits.next(), hits.next()) {
            (Some(r), None) => Some(r),
            _ => None,
        }
    });
    found.ok_or_else(|| {
        let all: Vec<String> = outcomes()
            .map(|r| format!("{}（{}）", outcome_label(r), r.id))
            .collect();
        RegistryError::Invalid(format!(
            "答复结果“{s}”不是表三的办理结果之一；可选：{}",
            all.join("、")
        ))
    })
}

/// The one outcome of an answer that settles several parts differently:
/// 部分公开 takes precedence when some information is provided and some is
/// not (“区分处理的，只计这一情形，不计其他情形”, table 三's row label);
/// otherwise the parts must agree.
pub fn combine_outcomes(parts: &[&str]) -> Result<&'static RowDef, RegistryError> {
    let mut rows: Vec<&'static RowDef> = Vec::new();
    for p in parts {
        let r = parse_outcome(p)?;
        if !rows.iter().any(|x| x.id == r.id) {
            rows.push(r);
        }
    }
    let granted = outcomes().next().map(|r| r.id);
    match rows.as_slice() {
        [] => Err(RegistryError::Invalid(
            "答复需要一个办理结果（--outcome）".into(),
        )),
        [one] => Ok(one),
        many if many
            .iter()
            .any(|r| r.id == outcome_ids::PARTIAL || Some(r.id) == granted) =>
        {
            parse_outcome(outcome_ids::PARTIAL)
        }
        many => Err(RegistryError::Invalid(format!(
            "一件申请只计一种办理结果；{}不能同时计入，请选择其一（表三每件申请只计一次）",
            many.iter()
                .map(|r| format!("“{}”", outcome_label(r)))
                .collect::<Vec<_>>()
                .join("、")
        ))),
    }
}

/// The printable name of an outcome id (`（三）不予公开 1.属于国家秘密`).
pub fn outcome_name(id: &str) -> String {
    outcomes()
        .find(|r| r.id == id)
        .map(outcome_label)
        .unwrap_or_else(|| id.to_string())
}

/// The result row of template `t` an outcome is counted in: the row itself,
/// or its parent when `t` has no such row (the 2019 template has a single
/// （六）其他处理 row).
pub fn result_row_in(t: TemplateId, outcome: &str) -> Option<&'static str> {
    let rows = &apply_block(t).rows;
    let mut id = outcome;
    loop {
        if let Some(r) = rows
            .iter()
            .find(|r| r.id == id && r.role == RowRole::Result)
        {
            return Some(r.id);
        }
        id = &id[..id.rfind('.')?];
    }
}

fn parse_appeal_kind(s: &str) -> Result<&'static RowDef, RegistryError> {
    let n = norm(s);
    appeal_kinds()
        .iter()
        .find(|r| r.id == n || norm(r.core) == n)
        .ok_or_else(|| {
            let all: Vec<String> = appeal_kinds()
                .iter()
                .map(|r| format!("{}（{}）", r.core, r.id))
                .collect();
            RegistryError::Invalid(format!("“{s}”不是表四的案件类型；可选：{}", all.join("、")))
        })
}

fn parse_appeal_decision(s: &str) -> Result<&'static ColumnDef, RegistryError> {
    let n = norm(s);
    appeal_decisions()
        .find(|c| c.id == n || norm(c.label) == n)
        .ok_or_else(|| {
            let all: Vec<String> = appeal_decisions()
                .map(|c| format!("{}（{}）", c.label, c.id))
                .collect();
            RegistryError::Invalid(format!(
                "“{s}”不是复议或诉讼的结果；可选：{}",
                all.join("、")
            ))
        })
}

// ---------------------------------------------------------------- request

/// How the application reached the agency; it decides the receipt date
/// (条例 第三十一条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 当面提交: the day submitted.
    InPerson,
    /// 邮寄（需签收）: the day the agency signed for it.
    RegisteredMail,
    /// 平常信函: the day confirmed with the applicant.
    OrdinaryLetter,
    /// 互联网渠道 (online form): the day both sides confirm.
    Online,
    /// 传真: the day both sides confirm.
    Fax,
    /// 电子邮件 (published address): the day the mail system received it.
    Email,
}

impl Channel {
    pub const ALL: [Channel; 6] = [
        Channel::InPerson,
        Channel::RegisteredMail,
        Channel::OrdinaryLetter,
        Channel::Online,
        Channel::Fax,
        Channel::Email,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Channel::InPerson => "in_person",
            Channel::RegisteredMail => "registered_mail",
            Channel::OrdinaryLetter => "ordinary_letter",
            Channel::Online => "online",
            Channel::Fax => "fax",
            Channel::Email => "email",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::InPerson => "当面",
            Channel::RegisteredMail => "邮寄",
            Channel::OrdinaryLetter => "平常信函",
            Channel::Online => "网络",
            Channel::Fax => "传真",
            Channel::Email => "电子邮件",
        }
    }

    /// The receipt-date rule in the words of the law.
    pub fn rule(self) -> &'static str {
        match self {
            Channel::InPerson => "当面提交的，以提交之日为收到申请之日（条例第三十一条第一项）",
            Channel::RegisteredMail => "以邮寄方式提交的，以行政机关签收之日为收到申请之日（条例第三十一条第二项）",
            Channel::OrdinaryLetter => "以平常信函等无需签收的邮寄方式提交的，以与申请人确认之日为收到申请之日（条例第三十一条第二项）",
            Channel::Online => "通过互联网渠道提交的，以双方确认之日为收到申请之日（条例第三十一条第三项）",
            Channel::Fax => "通过传真提交的，以双方确认之日为收到申请之日（条例第三十一条第三项）",
            Channel::Email => "通过公布的电子邮箱提交的，以邮件系统收到之日为收到申请之日（国办公开办函〔2015〕207号）",
        }
    }

    /// Whether the receipt date is a confirmation with the applicant.
    pub fn needs_confirmation(self) -> bool {
        matches!(
            self,
            Channel::OrdinaryLetter | Channel::Online | Channel::Fax
        )
    }

    pub fn parse(s: &str) -> Result<Channel, RegistryError> {
        let n = norm(s);
        let alias = match n.as_str() {
            "当面提交" | "现场" => Some(Channel::InPerson),
            "挂号信" | "快递" | "邮政" => Some(Channel::RegisteredMail),
            "信函" => Some(Channel::OrdinaryLetter),
            "互联网" | "网上" | "在线" => Some(Channel::Online),
            "邮件" | "email" => Some(Channel::Email),
            _ => None,
        };
        alias
            .or_else(|| {
                Channel::ALL
                    .into_iter()
                    .find(|c| c.id() == n || c.label() == n)
            })
            .ok_or_else(|| {
                let all: Vec<String> = Channel::ALL
                    .iter()
                    .map(|c| format!("{}（{}）", c.label(), c.id()))
                    .collect();
                RegistryError::Invalid(format!("申请渠道“{s}”无效；可选：{}", all.join("、")))
            })
    }

    /// The receipt date: the day the application arrived (submitted, signed
    /// for, received by the mail system), or for channels that need it the
    /// day it was confirmed with the applicant.
    pub fn receipt_date(
        self,
        arrived: NaiveDate,
        confirmed: Option<NaiveDate>,
    ) -> Result<NaiveDate, RegistryError> {
        match (self.needs_confirmation(), confirmed) {
            (true, None) => Err(RegistryError::Invalid(format!(
                "{}；请给出确认日期（--confirmed YYYY-MM-DD）",
                self.rule()
            ))),
            (true, Some(c)) if c < arrived => Err(RegistryError::Invalid(format!(
                "确认日期{}早于申请到达日期{}",
                zh_date(c),
                zh_date(arrived)
            ))),
            (true, Some(c)) => Ok(c),
            (false, Some(_)) => Err(RegistryError::Invalid(format!(
                "{}，不需要确认日期；请去掉 --confirmed",
                self.rule()
            ))),
            (false, None) => Ok(arrived),
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    pub name: String,
    /// The column id of table 三 (`natural_person`, `commercial`, …).
    pub kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub contact: String,
}

/// A registered application (申请).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// `YYYY-NNNNN`: the receipt year and a sequence number.
    pub id: String,
    pub channel: Channel,
    /// The day the application arrived.
    pub arrived: NaiveDate,
    /// 收到申请之日 (条例 第三十一条).
    pub received: NaiveDate,
    pub applicant: Applicant,
    /// What is asked for.
    pub content: String,
    /// The agency handling it.
    #[serde(default)]
    pub agency: String,
    /// Who registered it.
    #[serde(default)]
    pub actor: String,
}

/// The data to register a new request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewRequest {
    pub channel: Channel,
    pub arrived: NaiveDate,
    #[serde(default)]
    pub confirmed: Option<NaiveDate>,
    pub applicant: Applicant,
    pub content: String,
    #[serde(default)]
    pub agency: String,
    #[serde(default)]
    pub actor: String,
}

impl NewRequest {
    /// Validates the input and builds the request with its id.
    pub fn into_request(mut self, id: String) -> Result<Request, RegistryError> {
        let received = self.channel.receipt_date(self.arrived, self.confirmed)?;
        self.applicant.kind = parse_applicant_kind(&self.applicant.kind)?.id.to_string();
        if self.applicant.name.trim().is_empty() {
            return Err(RegistryError::Invalid(
                "申请人姓名或名称不能为空（条例第二十九条）".into(),
            ));
        }
        Ok(Request {
            id,
            channel: self.channel,
            arrived: self.arrived,
            received,
            applicant: self.applicant,
            content: self.content,
            agency: self.agency,
            actor: self.actor,
        })
    }
}

// ---------------------------------------------------------------- events

/// How a fee is computed (国办函〔2020〕109号 第三条: one or the other).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeMethod {
    /// 按件: by the applicant's count of applications in the calendar month.
    PerPiece,
    /// 按量: by the pages of one application.
    PerVolume,
}

impl FeeMethod {
    pub fn label(self) -> &'static str {
        match self {
            FeeMethod::PerPiece => "按件计收",
            FeeMethod::PerVolume => "按量计收",
        }
    }
}

/// The fee for the `k`-th application of an applicant in a calendar month
/// (109号 第四条, regulation.md §3.6), in 元.
pub fn fee_per_piece(k: u32) -> u32 {
    match k {
        0..=10 => 0,
        11..=30 => 100,
        _ => 100 * (2 + (k - 31) / 10),
    }
}

/// The fee for an application of `pages` pages (109号 第五条, 超额累进), in 元.
pub fn fee_per_volume(pages: u32) -> u32 {
    let band = |lo: u32, hi: u32| pages.clamp(lo, hi) - lo;
    10 * band(30, 100) + 20 * band(100, 200) + 40 * pages.saturating_sub(200)
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// 补正告知: the applicant is asked to correct the application, with the
    /// period given to do so.
    CorrectionRequested {
        #[serde(default)]
        until: Option<NaiveDate>,
    },
    /// 补正到达: the corrected application arrived; the answer clock restarts.
    CorrectionReceived,
    /// 征求意见: a third party or another organ is consulted; the clock stops.
    ConsultationStarted {
        #[serde(default)]
        party: String,
    },
    /// 意见返回: the opinion arrived; the clock resumes.
    ConsultationEnded,
    /// 延期: the answer period is extended (once, ≤ 20 working days).
    Extended { days: u32 },
    /// 收费通知.
    FeeNoticed {
        method: FeeMethod,
        /// 按件: the application's number in the applicant's month; 按量: pages.
        quantity: u32,
        /// 元.
        amount: Decimal,
    },
    /// 缴费.
    FeePaid,
    /// 答复, with one result row of table 三.
    Answered { outcome: String },
    /// 撤回: the applicant withdrew the application (counted in （六）3 其他).
    Withdrawn,
    /// 复议 / 诉讼 filed: a row of table 四.
    AppealFiled { kind: String },
    /// 复议 / 诉讼 decided: a column of table 四.
    AppealDecided { kind: String, outcome: String },
}

impl EventKind {
    /// The Chinese name of the event.
    pub fn label(&self) -> &'static str {
        match self {
            EventKind::CorrectionRequested { .. } => "补正告知",
            EventKind::CorrectionReceived => "补正到达",
            EventKind::ConsultationStarted { .. } => "征求意见",
            EventKind::ConsultationEnded => "意见返回",
            EventKind::Extended { .. } => "延期",
            EventKind::FeeNoticed { .. } => "收费通知",
            EventKind::FeePaid => "缴费",
            EventKind::Answered { .. } => "答复",
            EventKind::Withdrawn => "撤回",
            EventKind::AppealFiled { .. } => "复议/诉讼",
            EventKind::AppealDecided { .. } => "复议/诉讼结果",
        }
    }

    fn is_appeal(&self) -> bool {
        matches!(
            self,
            EventKind::AppealFiled { .. } | EventKind::AppealDecided { .. }
        )
    }
}

/// One entry of the append-only log: what, when, who and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// The day it happened.
    pub at: NaiveDate,
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub reason: String,
    #[serde(flatten)]
    pub kind: EventKind,
}

impl Event {
    pub fn new(at: NaiveDate, kind: EventKind) -> Event {
        Event {
            at,
            actor: String::new(),
            reason: String::new(),
            kind,
        }
    }

    pub fn describe(&self) -> String {
        let detail = match &self.kind {
            EventKind::CorrectionRequested { until: Some(u) } => {
                format!("，补正期限至{}", zh_date(*u))
            }
            EventKind::ConsultationStarted { party } if !party.is_empty() => {
                format!("，征求{party}的意见")
            }
            EventKind::Extended { days } => format!("，延长{days}个工作日"),
            EventKind::FeeNoticed {
                method,
                quantity,
                amount,
            } => {
                let q = match method {
                    FeeMethod::PerPiece => format!("当月第{quantity}件"),
                    FeeMethod::PerVolume => format!("{quantity}页"),
                };
                format!("，{}（{q}），{amount}元", method.label())
            }
            EventKind::Answered { outcome } => format!("：{}", outcome_name(outcome)),
            EventKind::AppealFiled { kind } => format!("：{}", appeal_name(kind)),
            EventKind::AppealDecided { kind, outcome } => {
                format!("：{} {}", appeal_name(kind), decision_name(outcome))
            }
            _ => String::new(),
        };
        let mut s = format!("{} {}{detail}", zh_date(self.at), self.kind.label());
        if !self.actor.is_empty() {
            s.push_str(&format!("（{}）", self.actor));
        }
        if !self.reason.is_empty() {
            s.push_str(&format!("——{}", self.reason));
        }
        s
    }
}

fn appeal_name(id: &str) -> String {
    appeal_kinds()
        .iter()
        .find(|r| r.id == id)
        .map(|r| match r.path.split('/').next() {
            Some(p) if p != r.core => format!("{p}（{}）", r.core),
            _ => r.core.to_string(),
        })
        .unwrap_or_else(|| id.to_string())
}

fn decision_name(id: &str) -> String {
    review_block()
        .columns
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.label.to_string())
        .unwrap_or_else(|| id.to_string())
}

// ---------------------------------------------------------------- state

/// The 补正 of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Correction {
    pub noticed: NaiveDate,
    pub until: Option<NaiveDate>,
    pub received: Option<NaiveDate>,
}

/// A consultation (clock stop).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consultation {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub party: String,
}

/// A fee notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fee {
    pub noticed: NaiveDate,
    pub method: FeeMethod,
    pub quantity: u32,
    pub amount: Decimal,
    /// The last day to pay (20 working days), if the calendar covers it.
    pub pay_by: Option<NaiveDate>,
    pub paid: Option<NaiveDate>,
}

/// An administrative review or lawsuit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appeal {
    /// Row id of table 四.
    pub kind: String,
    pub filed: NaiveDate,
    /// Decision day and column id of table 四.
    pub decided: Option<(NaiveDate, String)>,
}

/// How a request ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Closure {
    pub on: NaiveDate,
    /// Result row id of table 三 (2021 template).
    pub outcome: String,
    /// A substantive answer (not withdrawn, not lapsed for want of 补正 or fee).
    pub answered: bool,
}

/// The state of a request after replaying its events.
#[derive(Debug, Clone, Serialize)]
pub struct State {
    pub received: NaiveDate,
    pub correction: Option<Correction>,
    pub consultations: Vec<Consultation>,
    /// Day approved and working days.
    pub extension: Option<(NaiveDate, u32)>,
    pub fee: Option<Fee>,
    pub closed: Option<Closure>,
    pub appeals: Vec<Appeal>,
    last: NaiveDate,
}

/// The answer deadline and how it is made up.
#[derive(Debug, Clone, Serialize)]
pub struct Deadline {
    /// The day the clock starts from (not counted): receipt, or the arrival
    /// of the corrected application.
    pub start: NaiveDate,
    pub start_label: &'static str,
    /// 20 working days (第三十三条).
    pub base: u32,
    /// Working days of the extension.
    pub extension: u32,
    /// Working days the clock stood still for consultations.
    pub stopped: u32,
    /// A consultation is still open: the deadline assumes it takes the full
    /// 15 working days.
    pub open_stop: bool,
    /// The deadline before any extension (what an extension must precede).
    pub before_extension: NaiveDate,
    pub due: NaiveDate,
}

impl Deadline {
    pub fn total(&self) -> u32 {
        self.base + self.extension + self.stopped
    }

    /// The days counted and skipped, and the make-up of the period.
    pub fn explain(&self, cal: &Calendar) -> Result<String, CalendarError> {
        let e: Explanation = cal
            .explain_deadline(self.start, self.total())?
            .with_start_label(self.start_label);
        let mut parts = vec![format!("答复期限{}个工作日（条例第三十三条）", self.base)];
        if self.extension > 0 {
            parts.push(format!("延长{}个工作日", self.extension));
        }
        if self.stopped > 0 {
            parts.push(format!(
                "征求意见所需时间{}个工作日不计入{}",
                self.stopped,
                if self.open_stop {
                    "（意见尚未返回，按最长15个工作日预计）"
                } else {
                    ""
                }
            ));
        }
        Ok(format!("期限构成：{}。\n{e}", parts.join("，")))
    }
}

/// Status of a request on a given day, derived from its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// Within the period, not due soon.
    Open { due: NaiveDate },
    /// Extended, within the extended period.
    Extended { due: NaiveDate },
    /// At most [`DUE_SOON`] working days left.
    DueSoon { due: NaiveDate, workdays_left: u32 },
    /// Past the deadline and not answered.
    Overdue { due: NaiveDate, workdays_late: u32 },
    /// Waiting for the applicant's 补正.
    WaitingCorrection { until: Option<NaiveDate> },
    /// Waiting for the applicant's payment.
    WaitingPayment { pay_by: Option<NaiveDate> },
    /// Consultation running; the clock stands still.
    Consultation {
        since: NaiveDate,
        reply_by: Option<NaiveDate>,
    },
    /// Answered.
    Answered {
        on: NaiveDate,
        outcome: String,
        late: bool,
    },
    /// Ended without an answer (withdrawn, no 补正, fee unpaid).
    Closed { on: NaiveDate, outcome: String },
    /// The deadline cannot be computed (calendar not loaded for a year).
    Unknown { reason: String },
}

/// A request is due soon when at most this many working days are left.
pub const DUE_SOON: u32 = 3;

impl Status {
    pub fn label(&self) -> &'static str {
        match self {
            Status::Open { .. } => "办理中",
            Status::Extended { .. } => "已延期",
            Status::DueSoon { .. } => "即将到期",
            Status::Overdue { .. } => "已逾期",
            Status::WaitingCorrection { .. } => "待补正",
            Status::WaitingPayment { .. } => "待缴费",
            Status::Consultation { .. } => "征求意见中",
            Status::Answered { .. } => "已答复",
            Status::Closed { .. } => "已办结",
            Status::Unknown { .. } => "期限无法计算",
        }
    }

    pub fn is_open(&self) -> bool {
        !matches!(self, Status::Answered { .. } | Status::Closed { .. })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = |d: &Option<NaiveDate>| d.map(zh_date).unwrap_or_else(|| "未定".into());
        match self {
            Status::Open { due } | Status::Extended { due } => {
                write!(f, "{}，{}前答复", self.label(), zh_date(*due))
            }
            Status::DueSoon { due, workdays_left } => write!(
                f,
                "即将到期：{}前答复（还剩{workdays_left}个工作日）",
                zh_date(*due)
            ),
            Status::Overdue { due, workdays_late } => write!(
                f,
                "已逾期：应于{}前答复，已超过{workdays_late}个工作日",
                zh_date(*due)
            ),
            Status::WaitingCorrection { until } => {
                write!(f, "待申请人补正（补正期限：{}）", d(until))
            }
            Status::WaitingPayment { pay_by } => {
                write!(f, "待申请人缴费（缴费期限：{}）", d(pay_by))
            }
            Status::Consultation { since, reply_by } => write!(
                f,
                "征求意见中（{}起，意见最迟{}返回；期间不计入答复期限）",
                zh_date(*since),
                d(reply_by)
            ),
            Status::Answered { on, outcome, late } => write!(
                f,
                "已于{}答复：{}{}",
                zh_date(*on),
                outcome_name(outcome),
                if *late { "（逾期答复）" } else { "" }
            ),
            Status::Closed { on, outcome } => {
                write!(f, "已于{}办结：{}", zh_date(*on), outcome_name(outcome))
            }
            Status::Unknown { reason } => write!(f, "期限无法计算：{reason}"),
        }
    }
}

impl State {
    /// The state of a request with no events.
    pub fn new(req: &Request) -> State {
        State {
            received: req.received,
            correction: None,
            consultations: Vec::new(),
            extension: None,
            fee: None,
            closed: None,
            appeals: Vec::new(),
            last: req.received,
        }
    }

    /// Replays a history, validating every event.
    pub fn replay<'a>(
        req: &Request,
        events: impl IntoIterator<Item = &'a Event>,
        cal: &Calendar,
    ) -> Result<State, RegistryError> {
        let mut s = State::new(req);
        for (i, e) in events.into_iter().enumerate() {
            s.apply(e, cal).map_err(|err| match err {
                RegistryError::Rejected(m) => {
                    RegistryError::Rejected(format!("申请 {} 的第{}个事件：{m}", req.id, i + 1))
                }
                other => other,
            })?;
        }
        Ok(s)
    }

    fn waiting_correction(&self) -> bool {
        self.correction
            .as_ref()
            .is_some_and(|c| c.received.is_none())
    }

    fn open_consultation(&self) -> Option<&Consultation> {
        self.consultations.iter().find(|c| c.end.is_none())
    }

    fn fee_unpaid(&self) -> Option<&Fee> {
        self.fee.as_ref().filter(|f| f.paid.is_none())
    }

    /// The answer deadline as of now (an open consultation counted in full).
    pub fn deadline(&self, cal: &Calendar) -> Result<Deadline, CalendarError> {
        let (start, start_label) = match &self.correction {
            Some(Correction {
                received: Some(r), ..
            }) => (*r, "收到补正申请之日"),
            _ => (self.received, "收到申请之日"),
        };
        let mut stopped = 0;
        let mut open_stop = false;
        for c in &self.consultations {
            stopped += match c.end {
                Some(end) => cal.workdays_between(c.start, end)?.min(periods::OPINION),
                None => {
                    open_stop = true;
                    periods::OPINION
                }
            };
        }
        let base = periods::ANSWER;
        let extension = self.extension.map(|(_, d)| d).unwrap_or(0);
        let before_extension = cal.add_workdays(start, base + stopped)?;
        let due = cal.add_workdays(before_extension, extension)?;
        Ok(Deadline {
            start,
            start_label,
            base,
            extension,
            stopped,
            open_stop,
            before_extension,
            due,
        })
    }

    /// Validates one event against the history and applies it.
    pub fn apply(&mut self, e: &Event, cal: &Calendar) -> Result<(), RegistryError> {
        let label = e.kind.label();
        if e.at < self.last {
            return Err(rejected(format!(
                "{label}的日期{}早于上一事件或收到申请之日（{}）；事件只能按时间顺序追加",
                zh_date(e.at),
                zh_date(self.last)
            )));
        }
        if let Some(c) = &self.closed {
            if !e.kind.is_appeal() {
                return Err(rejected(format!(
                    "该申请已于{}办结（{}），不能再记录{label}",
                    zh_date(c.on),
                    outcome_name(&c.outcome)
                )));
            }
        }
        let open_only = |what: &str, s: &State| -> Result<(), RegistryError> {
            if s.waiting_correction() {
                return Err(rejected(format!(
                    "申请人尚未补正，不能{what}；请先记录“补正到达”，或在补正期限届满后以“逾期不补正”办结"
                )));
            }
            Ok(())
        };
        match &e.kind {
            EventKind::CorrectionRequested { until } => {
                if self.correction.is_some() {
                    return Err(rejected(
                        "补正只能一次性告知（条例第三十条），该申请已经告知过补正",
                    ));
                }
                if !self.consultations.is_empty() || self.extension.is_some() || self.fee.is_some()
                {
                    return Err(rejected(
                        "补正告知应在开始办理（征求意见、延期、收费）之前发出",
                    ));
                }
                let limit = cal.add_workdays(self.received, periods::CORRECTION_NOTICE)?;
                if e.at > limit {
                    return Err(rejected(format!(
                        "补正告知应自收到申请之日起7个工作日内发出（条例第三十条），最迟{}，{}已超过；请直接答复",
                        zh_date(limit),
                        zh_date(e.at)
                    )));
                }
                if let Some(u) = until {
                    if *u < e.at {
                        return Err(rejected(format!(
                            "补正期限{}早于告知日期{}",
                            zh_date(*u),
                            zh_date(e.at)
                        )));
                    }
                }
                self.correction = Some(Correction {
                    noticed: e.at,
                    until: *until,
                    received: None,
                });
            }
            EventKind::CorrectionReceived => match &mut self.correction {
                Some(c) if c.received.is_none() => c.received = Some(e.at),
                Some(_) => return Err(rejected("补正申请已经收到过，不能重复记录补正到达")),
                None => {
                    return Err(rejected(
                        "该申请没有补正告知，不能记录补正到达；请先记录“补正告知”",
                    ))
                }
            },
            EventKind::ConsultationStarted { party } => {
                open_only("征求意见", self)?;
                if self.open_consultation().is_some() {
                    return Err(rejected("上一次征求意见尚未返回；请先记录“意见返回”"));
                }
                let due = self.deadline(cal)?.due;
                if e.at > due {
                    return Err(rejected(format!(
                        "答复期限已于{}届满，不能再征求意见",
                        zh_date(due)
                    )));
                }
                self.consultations.push(Consultation {
                    start: e.at,
                    end: None,
                    party: party.clone(),
                });
            }
            EventKind::ConsultationEnded => {
                match self.consultations.iter_mut().find(|c| c.end.is_none()) {
                    Some(c) => c.end = Some(e.at),
                    None => {
                        return Err(rejected(
                            "没有正在进行的征求意见，不能记录意见返回；请先记录“征求意见”",
                        ))
                    }
                }
            }
            EventKind::Extended { days } => {
                open_only("延期", self)?;
                if let Some((on, d)) = self.extension {
                    return Err(rejected(format!(
                        "答复期限只能延长一次（条例第三十三条），已于{}延长{d}个工作日",
                        zh_date(on)
                    )));
                }
                if *days == 0 || *days > periods::EXTENSION_MAX {
                    return Err(rejected(format!(
                        "延长的期限最长不得超过20个工作日（条例第三十三条），不能延长{days}个工作日"
                    )));
                }
                let d = self.deadline(cal)?;
                if e.at > d.before_extension {
                    return Err(rejected(format!(
                        "延期须在原答复期限届满（{}）前经负责人同意并告知申请人，{}已超过",
                        zh_date(d.before_extension),
                        zh_date(e.at)
                    )));
                }
                self.extension = Some((e.at, *days));
            }
            EventKind::FeeNoticed {
                method,
                quantity,
                amount,
            } => {
                open_only("发出收费通知", self)?;
                if self.fee.is_some() {
                    return Err(rejected(
                        "该申请已发出过收费通知；按件与按量不得同时计收（国办函〔2020〕109号第三条）",
                    ));
                }
                if amount.is_sign_negative() {
                    return Err(rejected("收费金额不能为负数"));
                }
                let due = self.deadline(cal)?.due;
                if e.at > due {
                    return Err(rejected(format!(
                        "收费通知应在答复期限内发出，答复期限已于{}届满",
                        zh_date(due)
                    )));
                }
                self.fee = Some(Fee {
                    noticed: e.at,
                    method: *method,
                    quantity: *quantity,
                    amount: *amount,
                    pay_by: cal.add_workdays(e.at, 20).ok(),
                    paid: None,
                });
            }
            EventKind::FeePaid => match &mut self.fee {
                Some(f) if f.paid.is_none() => {
                    if let Some(by) = f.pay_by.filter(|by| e.at > *by) {
                        return Err(rejected(format!(
                            "缴费期限已于{}届满，逾期未缴费视为放弃申请；请以“逾期未缴费”办结",
                            zh_date(by)
                        )));
                    }
                    f.paid = Some(e.at);
                }
                Some(_) => return Err(rejected("费用已经缴纳，不能重复记录缴费")),
                None => return Err(rejected("该申请没有收费通知，不能记录缴费")),
            },
            EventKind::Answered { outcome } => {
                let row = parse_outcome(outcome)?;
                let answered = match row.id {
                    outcome_ids::NO_CORRECTION => {
                        let Some(c) = self.correction.as_ref().filter(|c| c.received.is_none())
                        else {
                            return Err(rejected(
                                "只有告知补正而申请人未补正的申请，才能以“逾期不补正”办结",
                            ));
                        };
                        if let Some(u) = c.until.filter(|u| e.at <= *u) {
                            return Err(rejected(format!(
                                "补正期限{}尚未届满，不能以“逾期不补正”办结",
                                zh_date(u)
                            )));
                        }
                        false
                    }
                    outcome_ids::FEE_UNPAID => {
                        let Some(f) = self.fee_unpaid() else {
                            return Err(rejected(
                                "只有发出收费通知而申请人未缴费的申请，才能以“逾期未缴费”办结",
                            ));
                        };
                        if let Some(by) = f.pay_by.filter(|by| e.at <= *by) {
                            return Err(rejected(format!(
                                "缴费期限{}尚未届满，不能以“逾期未缴费”办结",
                                zh_date(by)
                            )));
                        }
                        false
                    }
                    _ => {
                        open_only("答复", self)?;
                        if let Some(f) = self.fee_unpaid() {
                            return Err(rejected(format!(
                                "申请人尚未缴纳{}元信息处理费；请先记录“缴费”，或在缴费期限届满后以“逾期未缴费”办结",
                                f.amount
                            )));
                        }
                        true
                    }
                };
                if let Some(c) = self.consultations.iter_mut().find(|c| c.end.is_none()) {
                    c.end = Some(e.at);
                }
                self.closed = Some(Closure {
                    on: e.at,
                    outcome: row.id.to_string(),
                    answered,
                });
            }
            EventKind::Withdrawn => {
                if let Some(c) = self.consultations.iter_mut().find(|c| c.end.is_none()) {
                    c.end = Some(e.at);
                }
                self.closed = Some(Closure {
                    on: e.at,
                    outcome: outcome_ids::OTHER.to_string(),
                    answered: false,
                });
            }
            EventKind::AppealFiled { kind } => {
                let row = parse_appeal_kind(kind)?;
                self.appeals.push(Appeal {
                    kind: row.id.to_string(),
                    filed: e.at,
                    decided: None,
                });
            }
            EventKind::AppealDecided { kind, outcome } => {
                let row = parse_appeal_kind(kind)?;
                let col = parse_appeal_decision(outcome)?;
                match self
                    .appeals
                    .iter_mut()
                    .find(|a| a.kind == row.id && a.decided.is_none())
                {
                    Some(a) => a.decided = Some((e.at, col.id.to_string())),
                    None => {
                        return Err(rejected(format!(
                            "没有尚未审结的{}，不能记录其结果；请先记录立案",
                            row.core
                        )))
                    }
                }
            }
        }
        self.last = e.at;
        Ok(())
    }

    /// The status on `today`.
    pub fn status(&self, today: NaiveDate, cal: &Calendar) -> Status {
        if let Some(c) = &self.closed {
            return if c.answered {
                let late = self.deadline(cal).map(|d| c.on > d.due).unwrap_or(false);
                Status::Answered {
                    on: c.on,
                    outcome: c.outcome.clone(),
                    late,
                }
            } else {
                Status::Closed {
                    on: c.on,
                    outcome: c.outcome.clone(),
                }
            };
        }
        if let Some(c) = self.correction.as_ref().filter(|c| c.received.is_none()) {
            return Status::WaitingCorrection { until: c.until };
        }
        if let Some(c) = self.open_consultation() {
            return Status::Consultation {
                since: c.start,
                reply_by: cal.add_workdays(c.start, periods::OPINION).ok(),
            };
        }
        if let Some(f) = self.fee_unpaid() {
            return Status::WaitingPayment { pay_by: f.pay_by };
        }
        let d = match self.deadline(cal) {
            Ok(d) => d,
            Err(e) => {
                return Status::Unknown {
                    reason: e.to_string(),
                }
            }
        };
        if today > d.due {
            let workdays_late = cal.workdays_between(d.due, today).unwrap_or(0);
            return Status::Overdue {
                due: d.due,
                workdays_late,
            };
        }
        match cal.workdays_between(today, d.due) {
            Ok(left) if left <= DUE_SOON => Status::DueSoon {
                due: d.due,
                workdays_left: left,
            },
            _ if d.extension > 0 => Status::Extended { due: d.due },
            _ => Status::Open { due: d.due },
        }
    }

    /// The figures the annual report and the indexes need.
    pub fn summary(&self, req: &Request, cal: &Calendar) -> Summary {
        let deadline = self.deadline(cal).ok();
        let closed = self.closed.as_ref();
        let answer_workdays = match (closed, &deadline) {
            (Some(c), Some(d)) if c.answered => cal
                .workdays_between(d.start, c.on)
                .ok()
                .map(|w| w.saturating_sub(d.stopped)),
            _ => None,
        };
        Summary {
            id: req.id.clone(),
            applicant_kind: req.applicant.kind.clone(),
            received: req.received,
            due: deadline.as_ref().map(|d| d.due),
            closed: closed.map(|c| c.on),
            outcome: closed.map(|c| c.outcome.clone()),
            answered: closed.is_some_and(|c| c.answered),
            answer_workdays,
            late: match (closed, &deadline) {
                (Some(c), Some(d)) => c.answered && c.on > d.due,
                _ => false,
            },
            extended: self.extension.is_some(),
            stopped_days: deadline.as_ref().map(|d| d.stopped).unwrap_or(0),
            appeals: self.appeals.clone(),
        }
    }
}

/// What the annual report and the lists need of a request: derived from the
/// events, cached by the stores for indexing, never edited by itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub id: String,
    pub applicant_kind: String,
    pub received: NaiveDate,
    /// The answer deadline (None when the calendar cannot compute it).
    pub due: Option<NaiveDate>,
    pub closed: Option<NaiveDate>,
    /// Result row id (2021 template) once closed.
    pub outcome: Option<String>,
    pub answered: bool,
    /// Working days from the clock start to the answer, stops excluded.
    pub answer_workdays: Option<u32>,
    pub late: bool,
    pub extended: bool,
    pub stopped_days: u32,
    pub appeals: Vec<Appeal>,
}

/// A request with its full history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub request: Request,
    pub events: Vec<Event>,
}

impl Case {
    pub fn state(&self, cal: &Calendar) -> Result<State, RegistryError> {
        State::replay(&self.request, &self.events, cal)
    }
}

/// `apply(history, event)`: the state after appending `event` to a valid
/// history, or why the event is impossible.
pub fn apply(case: &Case, event: &Event, cal: &Calendar) -> Result<State, RegistryError> {
    let mut s = case.state(cal)?;
    s.apply(event, cal)?;
    Ok(s)
}
