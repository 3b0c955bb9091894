//! The letters an agency must send (受理回执, 补正告知书, 延期答复告知书,
//! 收费通知书, 答复书), rendered with minijinja from templates the agency can
//! edit: built-in defaults, each overridable by a file of the same name in a
//! templates directory.

use std::path::Path;

use chrono::NaiveDate;
use gongkai_calendar::Calendar;
use minijinja::{context, Environment, UndefinedBehavior};

use crate::domain::{outcome_name, outcomes, zh_date, Case, EventKind, FeeMethod, RegistryError};

/// A kind of letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterKind {
    Receipt,
    Correction,
    Extension,
    Fee,
    Answer,
}

impl LetterKind {
    pub const ALL: [LetterKind; 5] = [
        LetterKind::Receipt,
        LetterKind::Correction,
        LetterKind::Extension,
        LetterKind::Fee,
        LetterKind::Answer,
    ];

    pub fn label(self) -> &'static str {
        match self {
            LetterKind::Receipt => "受理回执",
            LetterKind::Correction => "补正告知书",
            LetterKind::Extension => "延期答复告知书",
            LetterKind::Fee => "收费通知书",
            LetterKind::Answer => "答复书",
        }
    }

    /// The template file name (`receipt.txt`, …).
    pub fn file(self) -> &'static str {
        match self {
            LetterKind::Receipt => "receipt.txt",
            LetterKind::Correction => "correction.txt",
            LetterKind::Extension => "extension.txt",
            LetterKind::Fee => "fee.txt",
            LetterKind::Answer => "answer.txt",
        }
    }

    fn builtin(self) -> &'static str {
        match self {
            LetterKind::Receipt => include_str!("../templates/receipt.txt"),
            LetterKind::Correction => include_str!("../templates/correction.txt"),
            LetterKind::Extension => include_str!("../templates/extension.txt"),
            LetterKind::Fee => include_str!("../templates/fee.txt"),
            LetterKind::Answer => include_str!("../templates/answer.txt"),
        }
    }

    pub fn parse(s: &str) -> Result<LetterKind, RegistryError> {
        let s = s.trim();
        LetterKind::ALL
            .into_iter()
            .find(|k| {
                k.label() == s
                    || k.file().trim_end_matches(".txt") == s
                    || k.label().trim_end_matches('书') == s
            })
            .ok_or_else(|| {
                let all: Vec<&str> = LetterKind::ALL.iter().map(|k| k.label()).collect();
                RegistryError::Invalid(format!("文书种类“{s}”无效；可选：{}", all.join("、")))
            })
    }
}

/// Renders a letter for a case. `templates` overrides the built-in template
/// when it holds a file named [`LetterKind::file`].
pub fn render(
    case: &Case,
    kind: LetterKind,
    templates: Option<&Path>,
    today: NaiveDate,
    cal: &Calendar,
) -> Result<String, RegistryError> {
    let source = match templates.map(|d| d.join(kind.file())) {
        Some(p) if p.exists() => std::fs::read_to_string(&p).map_err(|e| {
            RegistryError::Invalid(format!("无法读取文书模板 {}：{e}", p.display()))
        })?,
        _ => kind.builtin().to_string(),
    };
    let state = case.state(cal)?;
    let deadline = state.deadline(cal).ok();
    let req = &case.request;
    let find = |f: &dyn Fn(&EventKind) -> bool| case.events.iter().find(|e| f(&e.kind));
    let correction = find(&|k| matches!(k, EventKind::CorrectionRequested { .. }));
    let extension = find(&|k| matches!(k, EventKind::Extended { .. }));
    let fee = find(&|k| matches!(k, EventKind::FeeNoticed { .. }));
    let answer = find(&|k| matches!(k, EventKind::Answered { .. }));
    let missing = |what: &str| {
        RegistryError::Rejected(format!(
            "申请 {} 没有“{what}”记录，不能出具{}；请先用 `gongkai registry event` 记录",
            req.id,
            kind.label()
        ))
    };
    match kind {
        LetterKind::Correction if correction.is_none() => return Err(missing("补正告知")),
        LetterKind::Extension if extension.is_none() => return Err(missing("延期")),
        LetterKind::Fee if fee.is_none() => return Err(missing("收费通知")),
        LetterKind::Answer if answer.is_none() => return Err(missing("答复")),
        _ => {}
    }
    let (outcome_id, outcome_core) = match answer.map(|e| &e.kind) {
        Some(EventKind::Answered { outcome }) => (
            outcome.clone(),
            outcomes()
                .find(|r| r.id == outcome)
                .map(|r| r.core.to_string())
                .unwrap_or_default(),
        ),
        _ => (String::new(), String::new()),
    };
    let (fee_method, fee_basis, fee_amount, fee_pay_by) = match (fee.map(|e| &e.kind), &state.fee) {
        (
            Some(EventKind::FeeNoticed {
                method,
                quantity,
                amount,
            }),
            Some(f),
        ) => (
            method.label().to_string(),
            match method {
                FeeMethod::PerPiece => format!("本月第{quantity}件申请"),
                FeeMethod::PerVolume => format!("共{quantity}页"),
            },
            amount.to_string(),
            f.pay_by.map(zh_date).unwrap_or_default(),
        ),
        _ => Default::default(),
    };
    let date = |e: Option<&crate::domain::Event>| e.map(|e| zh_date(e.at));
    let reason = |e: Option<&crate::domain::Event>| e.map(|e| e.reason.clone());
    let ctx = context! {
        id => req.id,
        agency => req.agency,
        applicant => req.applicant.name,
        channel => req.channel.label(),
        channel_rule => req.channel.rule(),
        content => req.content,
        received => zh_date(req.received),
        today => zh_date(today),
        due => deadline.as_ref().map(|d| zh_date(d.due)),
        original_due => deadline.as_ref().map(|d| zh_date(d.before_extension)),
        correction_date => date(correction),
        correction_reason => reason(correction),
        correction_until => state.correction.as_ref().and_then(|c| c.until).map(zh_date),
        extension_date => date(extension),
        extension_reason => reason(extension),
        extension_days => state.extension.map(|(_, d)| d),
        fee_date => date(fee),
        fee_method, fee_basis, fee_amount, fee_pay_by,
        answer_date => date(answer),
        answer_reason => reason(answer).unwrap_or_default(),
        outcome_id,
        outcome_core,
        outcome => if answer.is_some() { Some(outcome_name(&state.closed.as_ref().map(|c| c.outcome.clone()).unwrap_or_default())) } else { None },
    };
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Chainable);
    env.set_keep_trailing_newline(true);
    env.add_template_owned(kind.file(), source)
        .map_err(|e| RegistryError::Invalid(format!("文书模板 {} 有语法错误：{e}", kind.file())))?;
    let tmpl = env
        .get_template(kind.file())
        .map_err(|e| RegistryError::Invalid(e.to_string()))?;
    tmpl.render(ctx)
        .map_err(|e| RegistryError::Invalid(format!("文书模板 {} 无法生成：{e}", kind.file())))
}
