//! Building reports in code, for tests (of this crate and of others).

use chrono::NaiveDate;
use gongkai_model::{
    BodyKind, Cell, Decimal, LabelMatch, Located, NarrativeFact, Provenance, Report, SectionFound,
    SourceInfo, Span, TableFound, TableId, TemplateEvidence, TemplateId, Value,
};

use crate::config::Config;
use crate::finding::Finding;
use crate::Checker;

/// A consistent report to start from: every cell 0, three tables, six
/// sections, a correct title, period and publication date, published by a
/// city bureau (a department).
#[derive(Debug, Clone)]
pub struct ReportBuilder {
    report: Report,
}

const HEADINGS: [&str; 6] = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
];

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

impl ReportBuilder {
    pub fn new(template: TemplateId) -> ReportBuilder {
        let year = match template {
            TemplateId::Y2019 => 2020,
            TemplateId::Y2021 => 2023,
        };
        let mut report = Report::empty(SourceInfo {
            path: "report.txt".into(),
            format: "text".into(),
            encoding: "UTF-8".into(),
            bytes: 0,
        });
        report.template = Some(template);
        report.template_evidence.push(TemplateEvidence {
            template,
            clue: "test".into(),
            at: None,
        });
        report.cells = template
            .get()
            .cells
            .iter()
            .map(|c| Cell {
                value: Value::Number(Decimal::ZERO),
                ..Cell::absent(c.id.clone())
            })
            .collect();
        report.tables = TableId::ALL
            .iter()
            .map(|&table| TableFound {
                table,
                layout: "tab".into(),
                at: None,
            })
            .collect();
        report.sections = HEADINGS
            .iter()
            .enumerate()
            .map(|(i, h)| SectionFound {
                number: i as u8 + 1,
                heading: h.to_string(),
                at: None,
            })
            .collect();
        let mut b = ReportBuilder { report };
        b = b.agency("某某市财政局").year(year);
        b.report.meta.title = Some(Located::new(
            format!("某某市财政局{year}年政府信息公开工作年度报告"),
            None,
        ));
        b.report.meta.publication_date = Some(Located::new(date(year + 1, 1, 20), None));
        b
    }

    pub fn path(mut self, path: &str) -> Self {
        self.report.source.path = path.into();
        self
    }

    pub fn value(mut self, id: &str, value: Value) -> Self {
        match self.report.cells.iter_mut().find(|c| c.id == id) {
            Some(c) => c.value = value,
            None => panic!("no cell {id}"),
        }
        self
    }

    pub fn num(self, id: &str, n: i64) -> Self {
        self.value(id, Value::Number(Decimal::from(n)))
    }

    pub fn dec(self, id: &str, d: &str) -> Self {
        let v = d.parse::<Decimal>().unwrap_or_default();
        self.value(id, Value::Number(v))
    }

    pub fn blank(self, id: &str) -> Self {
        self.value(id, Value::Blank)
    }

    /// Put a cell's provenance.
    pub fn at(mut self, id: &str, at: Provenance) -> Self {
        if let Some(c) = self.report.cells.iter_mut().find(|c| c.id == id) {
            c.at = Some(at);
        }
        self
    }

    /// Mark every cell of a row (`apply.denied.state_secret`) absent.
    pub fn absent_row(mut self, row: &str) -> Self {
        let t = self.report.template.unwrap_or(TemplateId::Y2021);
        for def in &t.get().cells {
            let r = def.id.rsplit_once('.').map(|(r, _)| r).unwrap_or("");
            if r == row {
                if let Some(c) = self.report.cells.iter_mut().find(|c| c.id == def.id) {
                    c.value = Value::Absent;
                }
            }
        }
        self
    }

    /// Add an extra cell (`x.…`).
    pub fn extra(mut self, id: &str, n: i64) -> Self {
        self.report.extra_cells.push(Cell {
            value: Value::Number(Decimal::from(n)),
            ..Cell::absent(id)
        });
        self
    }

    pub fn agency(mut self, name: &str) -> Self {
        self.report.meta.agency = Some(Located::new(name.to_string(), None));
        self
    }

    pub fn no_agency(mut self) -> Self {
        self.report.meta.agency = None;
        self
    }

    pub fn body_kind(mut self, kind: BodyKind) -> Self {
        self.report.meta.body_kind = Some(kind);
        self
    }

    /// Set the year, and the period to that calendar year.
    pub fn year(mut self, year: i32) -> Self {
        self.report.meta.year = Some(Located::new(year, None));
        self.report.meta.period = Some(Located::new((date(year, 1, 1), date(year, 12, 31)), None));
        self
    }

    pub fn title(mut self, title: &str) -> Self {
        self.report.meta.title = Some(Located::new(title.to_string(), None));
        self
    }

    pub fn period(mut self, start: (i32, u32, u32), end: (i32, u32, u32)) -> Self {
        self.report.meta.period = Some(Located::new(
            (date(start.0, start.1, start.2), date(end.0, end.1, end.2)),
            None,
        ));
        self
    }

    /// Put the provenance of the title.
    pub fn title_at(mut self, at: Provenance) -> Self {
        if let Some(t) = &mut self.report.meta.title {
            t.at = Some(at);
        }
        self
    }

    /// Put the provenance of the publication date.
    pub fn published_at(mut self, at: Provenance) -> Self {
        if let Some(d) = &mut self.report.meta.publication_date {
            d.at = Some(at);
        }
        self
    }

    pub fn published(mut self, y: i32, m: u32, d: u32) -> Self {
        self.report.meta.publication_date = Some(Located::new(date(y, m, d), None));
        self
    }

    /// Keep only these sections, in this order.
    pub fn sections(mut self, numbers: &[u8]) -> Self {
        self.report.sections = numbers
            .iter()
            .map(|&n| SectionFound {
                number: n,
                heading: HEADINGS
                    .get(usize::from(n).saturating_sub(1))
                    .unwrap_or(&"")
                    .to_string(),
                at: None,
            })
            .collect();
        self
    }

    /// Keep only these tables.
    pub fn tables(mut self, tables: &[TableId]) -> Self {
        self.report.tables.retain(|t| tables.contains(&t.table));
        for c in &mut self.report.cells {
            let in_table = match tables {
                _ if c.id.starts_with("active.") => tables.contains(&TableId::Active),
                _ if c.id.starts_with("apply.") => tables.contains(&TableId::Apply),
                _ => tables.contains(&TableId::Review),
            };
            if !in_table {
                c.value = Value::Absent;
            }
        }
        self
    }

    pub fn label(
        mut self,
        table: TableId,
        target: &str,
        expected: &str,
        found: &str,
        score: f32,
    ) -> Self {
        self.report.labels.push(LabelMatch {
            table,
            target: target.into(),
            expected: expected.into(),
            found: found.into(),
            score,
            wrapped: false,
            at: None,
        });
        self
    }

    pub fn fact(mut self, quantity: &str, value: i64, text: &str) -> Self {
        self.report.narrative.push(NarrativeFact {
            quantity: quantity.into(),
            value: Decimal::from(value),
            text: text.into(),
            at: None,
        });
        self
    }

    pub fn build(self) -> Report {
        self.report
    }
}

/// A provenance for a byte range of a text (line and column computed).
pub fn span_of(text: &str, needle: &str, nth: usize) -> Provenance {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap_or(0);
    let before = &text[..start];
    let line = before.matches('\n').count() as u32 + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
    Provenance {
        span: Span {
            start,
            end: start + needle.len(),
            line,
            column,
        },
        grid: None,
    }
}

/// The findings of one rule on one report.
pub fn check_only(report: &Report, code: &str) -> Vec<Finding> {
    let mut config = Config::default();
    config.set_select(&[code.to_string()]).unwrap_or(());
    Checker::new(config).check_report(report, None)
}

/// The findings of one pair rule on a report and last year's.
pub fn check_pair_only(current: &Report, previous: &Report, code: &str) -> Vec<Finding> {
    let mut config = Config::default();
    config.set_select(&[code.to_string()]).unwrap_or(());
    Checker::new(config).check_pair(current, previous, None, None)
}

/// The codes of every finding with the default configuration.
pub fn codes(report: &Report) -> Vec<String> {
    Checker::default()
        .check_report(report, None)
        .into_iter()
        .map(|f| f.code)
        .collect()
}
