//! The declaration of the 2019 and 2021 templates.
//!
//! This is the only place that states which rows, columns and relations a
//! template has. A test checks it against `../shared/spec/cells.tsv` and
//! `../shared/spec/relations.tsv`.

use crate::relation::{Relation, Scope, Severity, Term};
use crate::template::{
    BlockDef, CellKind, ColumnDef, ColumnGroup, HeaderDef, RowDef, RowRole, TableDef, TableHead,
    TableId, Template, TemplateId,
};

/// The label over the row labels of table 二.
const INFO: &str = "信息内容";
/// The 勾稽 sentence printed over the row labels of table 三.
const BALANCE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
/// The header across the applicant columns of table 三.
const APPLICANTS: &str = "申请人情况";
/// The header over the five kinds of organisation in table 三.
const ORGANISATIONS: &str = "法人或其他组织";

const fn col(id: &'static str, label: &'static str, kind: CellKind) -> ColumnDef {
    ColumnDef {
        id,
        label,
        aliases: &[],
        kind,
    }
}

const fn col_a(
    id: &'static str,
    label: &'static str,
    aliases: &'static [&'static str],
    kind: CellKind,
) -> ColumnDef {
    ColumnDef {
        id,
        label,
        aliases,
        kind,
    }
}

fn row(
    id: &'static str,
    item: &'static str,
    core: &'static str,
    parents: &[&str],
    aliases: &'static [&'static str],
    role: RowRole,
) -> RowDef {
    let mut path: Vec<String> = parents.iter().map(|s| s.to_string()).collect();
    path.push(format!("{item}{core}"));
    RowDef {
        id,
        item,
        core,
        path: path.join("/"),
        aliases,
        role,
    }
}

const fn header(item: &'static str, core: &'static str) -> HeaderDef {
    HeaderDef { item, core }
}

use CellKind::{AmountWan, Count, Signed};

fn active_table(t: TemplateId) -> TableDef {
    let plain = |id, core, aliases| row(id, "", core, &[], aliases, RowRole::Plain);
    let blocks = match t {
        TemplateId::Y2021 => {
            let decisions = col("decisions", "本年处理决定数量", Count);
            vec![
                BlockDef {
                    caption: Some("第二十条第（一）项"),
                    columns: vec![
                        col("issued", "本年制发件数", Count),
                        col("repealed", "本年废止件数", Count),
                        col("in_force", "现行有效件数", Count),
                    ],
                    rows: vec![
                        plain("rules", "规章", &[]),
                        plain("normative", "行政规范性文件", &["规范性文件"]),
                    ],
                },
                BlockDef {
                    caption: Some("第二十条第（五）项"),
                    columns: vec![decisions.clone()],
                    rows: vec![plain("license", "行政许可", &[])],
                },
                BlockDef {
                    caption: Some("第二十条第（六）项"),
                    columns: vec![decisions],
                    rows: vec![
                        plain("penalty", "行政处罚", &[]),
                        plain("coercion", "行政强制", &[]),
                    ],
                },
                BlockDef {
                    caption: Some("第二十条第（八）项"),
                    columns: vec![col_a(
                        "amount",
                        "本年收费金额（单位：万元）",
                        &["本年收费金额"],
                        AmountWan,
                    )],
                    rows: vec![plain("fees", "行政事业性收费", &[])],
                },
            ]
        }
        TemplateId::Y2019 => {
            let items = || {
                vec![
                    col("prev_items", "上一年项目数量", Count),
                    col("change", "本年增/减", Signed),
                    col("decisions", "处理决定数量", Count),
                ]
            };
            vec![
                BlockDef {
                    caption: Some("第二十条第（一）项"),
                    columns: vec![
                        col("made", "本年新制作数量", Count),
                        col("published", "本年新公开数量", Count),
                        col("total_published", "对外公开总数量", Count),
                    ],
                    rows: vec![
                        plain("rules", "规章", &[]),
                        plain("normative", "规范性文件", &["行政规范性文件"]),
                    ],
                },
                BlockDef {
                    caption: Some("第二十条第（五）项"),
                    columns: items(),
                    rows: vec![
                        plain("license", "行政许可", &[]),
                        plain("other_services", "其他对外管理服务事项", &[]),
                    ],
                },
                BlockDef {
                    caption: Some("第二十条第（六）项"),
                    columns: items(),
                    rows: vec![
                        plain("penalty", "行政处罚", &[]),
                        plain("coercion", "行政强制", &[]),
                    ],
                },
                BlockDef {
                    caption: Some("第二十条第（八）项"),
                    columns: items().into_iter().take(2).collect(),
                    rows: vec![plain("fees", "行政事业性收费", &[])],
                },
                BlockDef {
                    caption: Some("第二十条第（九）项"),
                    columns: vec![
                        col("items", "采购项目数量", Count),
                        col("amount", "采购总金额", AmountWan),
                    ],
                    rows: vec![plain("procurement", "政府集中采购", &[])],
                },
            ]
        }
    };
    TableDef {
        id: TableId::Active,
        heading: "主动公开政府信息情况",
        blocks,
        headers: vec![header("", INFO)],
        single_line: false,
        head: TableHead::PerBlock { corner: INFO },
    }
}

const RESULTS: &str = "三、本年度办理结果";

fn p(v: &[String]) -> Vec<&str> {
    v.iter().map(|s| s.as_str()).collect()
}

fn apply_table(t: TemplateId) -> TableDef {
    use RowRole::*;
    let r3 = |g: &str| vec![RESULTS.to_string(), g.to_string()];
    let denied = r3("（三）不予公开");
    let unable = r3("（四）无法提供");
    let notp = r3("（五）不予处理");
    let other = r3("（六）其他处理");
    let mut rows = vec![
        row(
            "new",
            "一、",
            "本年新收政府信息公开申请数量",
            &[],
            &[],
            Intake,
        ),
        row(
            "carried_in",
            "二、",
            "上年结转政府信息公开申请数量",
            &[],
            &[],
            Intake,
        ),
        row("granted", "（一）", "予以公开", &[RESULTS], &[], Result),
        row(
            "partial",
            "（二）",
            "部分公开（区分处理的，只计这一情形，不计其他情形）",
            &[RESULTS],
            &["部分公开"],
            Result,
        ),
        row(
            "denied.state_secret",
            "1.",
            "属于国家秘密",
            &p(&denied),
            &[],
            Result,
        ),
        row(
            "denied.law_prohibited",
            "2.",
            "其他法律行政法规禁止公开",
            &p(&denied),
            &[],
            Result,
        ),
        row(
            "denied.security_stability",
            "3.",
            "危及“三安全一稳定”",
            &p(&denied),
            &[],
            Result,
        ),
        row(
            "denied.third_party",
            "4.",
            "保护第三方合法权益",
            &p(&denied),
            &[],
            Result,
        ),
        row(
            "denied.internal_affairs",
            "5.",
            "属于三类内部事务信息",
            &p(&denied),
            &[],
            Result,
        ),
        row(
            "denied.process_info",
            "6.",
            "属于四类过程性信息",
            &p(&denied),
            &[],
            Result,
        ),
        row(
            "denied.enforcement_file",
            "7.",
            "属于行政执法案卷",
            &p(&denied),
            &[],
            Result,
        ),
        row(
            "denied.query_matter",
            "8.",
            "属于行政查询事项",
            &p(&denied),
            &[],
            Result,
        ),
        row(
            "unable.not_held",
            "1.",
            "本机关不掌握相关政府信息",
            &p(&unable),
            &[],
            Result,
        ),
        row(
            "unable.needs_creation",
            "2.",
            "没有现成信息需要另行制作",
            &p(&unable),
            &[],
            Result,
        ),
        row(
            "unable.unclear",
            "3.",
            "补正后申请内容仍不明确",
            &p(&unable),
            &[],
            Result,
        ),
        row(
            "not_processed.petition",
            "1.",
            "信访举报投诉类申请",
            &p(&notp),
            &[],
            Result,
        ),
        row(
            "not_processed.duplicate",
            "2.",
            "重复申请",
            &p(&notp),
            &[],
            Result,
        ),
        row(
            "not_processed.publication",
            "3.",
            "要求提供公开出版物",
            &p(&notp),
            &[],
            Result,
        ),
        row(
            "not_processed.excessive",
            "4.",
            "无正当理由大量反复申请",
            &p(&notp),
            &[],
            Result,
        ),
        row(
            "not_processed.confirm_reissue",
            "5.",
            "要求行政机关确认或重新出具已获取信息",
            &p(&notp),
            &[],
            Result,
        ),
    ];
    let mut headers = vec![
        header("", BALANCE),
        header("", APPLICANTS),
        header("", ORGANISATIONS),
        header("三、", "本年度办理结果"),
        header("（三）", "不予公开"),
        header("（四）", "无法提供"),
        header("（五）", "不予处理"),
    ];
    match t {
        TemplateId::Y2021 => {
            headers.push(header("（六）", "其他处理"));
            rows.push(row(
                "other.no_correction",
                "1.",
                "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                &p(&other),
                &[],
                Result,
            ));
            rows.push(row(
                "other.fee_unpaid",
                "2.",
                "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                &p(&other),
                &[],
                Result,
            ));
            rows.push(row("other.other", "3.", "其他", &p(&other), &[], Result));
        }
        TemplateId::Y2019 => {
            rows.push(row("other", "（六）", "其他处理", &[RESULTS], &[], Result));
        }
    }
    rows.push(row("total", "（七）", "总计", &[RESULTS], &[], ResultTotal));
    rows.push(row(
        "carried_out",
        "四、",
        "结转下年度继续办理",
        &[],
        &[],
        CarriedOut,
    ));
    TableDef {
        id: TableId::Apply,
        heading: "收到和处理政府信息公开申请情况",
        blocks: vec![BlockDef {
            caption: None,
            columns: APPLICANT_COLUMNS.to_vec(),
            rows,
        }],
        headers,
        single_line: false,
        head: TableHead::Matrix {
            corner: BALANCE,
            banner: APPLICANTS,
            // 商业企业 … 其他: between 自然人 and 总计.
            groups: vec![ColumnGroup {
                label: ORGANISATIONS,
                first: 1,
                last: APPLICANT_COLUMNS.len() - 2,
            }],
        },
    }
}

/// The applicant columns of table 三, 总计 last.
pub const APPLICANT_COLUMNS: [ColumnDef; 7] = [
    col("natural_person", "自然人", Count),
    col("commercial", "商业企业", Count),
    col("research", "科研机构", Count),
    col("public_interest", "社会公益组织", Count),
    col("legal_services", "法律服务机构", Count),
    col("other_org", "其他", Count),
    col("total", "总计", Count),
];

const OUTCOME_COLUMNS: [ColumnDef; 5] = [
    col("upheld", "结果维持", Count),
    col("corrected", "结果纠正", Count),
    col("other", "其他结果", Count),
    col("pending", "尚未审结", Count),
    col("total", "总计", Count),
];

/// The parent of the two kinds of lawsuit in table 四.
const SUIT: &str = "行政诉讼";

fn review_table() -> TableDef {
    let r = |id, core, parents: &[&str]| row(id, "", core, parents, &[], RowRole::Plain);
    TableDef {
        id: TableId::Review,
        heading: "政府信息公开行政复议、行政诉讼情况",
        blocks: vec![BlockDef {
            caption: None,
            columns: OUTCOME_COLUMNS.to_vec(),
            rows: vec![
                r("review", "行政复议", &[]),
                r("suit_direct", "未经复议直接起诉", &[SUIT]),
                r("suit_after_review", "复议后起诉", &[SUIT]),
            ],
        }],
        headers: vec![header("", SUIT)],
        single_line: true,
        head: TableHead::Transposed,
    }
}

/// Build the relations a template implies, from its declared tables.
fn relations(t: TemplateId, tables: &[TableDef]) -> Vec<Relation> {
    let mut out = Vec::new();
    let mk = |id: String, scope, severity, lhs, rhs, meaning| Relation {
        id,
        template: t,
        scope,
        severity,
        lhs,
        rhs,
        meaning,
    };
    let apply = &tables[1].blocks[0];
    let (parts, total_col) = apply.columns.split_at(apply.columns.len() - 1);
    let total_col = &total_col[0];
    // 总计 column = sum of the applicant columns, row by row.
    for r in &apply.rows {
        let cell = |c: &ColumnDef| format!("apply.{}.{}", r.id, c.id);
        out.push(mk(
            format!("apply.row.{}", r.id),
            Scope::Report,
            Severity::Error,
            vec![Term::new(cell(total_col))],
            parts.iter().map(|c| Term::new(cell(c))).collect(),
            "总计 column = sum of the six applicant columns",
        ));
    }
    let rows_with = |role: RowRole| apply.rows.iter().filter(move |r| r.role == role);
    // （七）总计 = sum of the result rows, column by column.
    for c in &apply.columns {
        let cell = |r: &RowDef| format!("apply.{}.{}", r.id, c.id);
        out.push(mk(
            format!("apply.results.{}", c.id),
            Scope::Report,
            Severity::Error,
            rows_with(RowRole::ResultTotal)
                .map(|r| Term::new(cell(r)))
                .collect(),
            rows_with(RowRole::Result)
                .map(|r| Term::new(cell(r)))
                .collect(),
            "（七）总计 = sum of all result rows",
        ));
    }
    // 勾稽: 一 + 二 = 三（七）总计 + 四.
    for c in &apply.columns {
        let cell = |r: &RowDef| format!("apply.{}.{}", r.id, c.id);
        out.push(mk(
            format!("apply.balance.{}", c.id),
            Scope::Report,
            Severity::Error,
            rows_with(RowRole::Intake)
                .map(|r| Term::new(cell(r)))
                .collect(),
            rows_with(RowRole::ResultTotal)
                .chain(rows_with(RowRole::CarriedOut))
                .map(|r| Term::new(cell(r)))
                .collect(),
            "勾稽: 一 + 二 = 三（七）总计 + 四",
        ));
    }
    // Table 四: 总计 = 维持 + 纠正 + 其他 + 尚未审结 in each group.
    let review = &tables[2].blocks[0];
    let (outcomes, total) = review.columns.split_at(review.columns.len() - 1);
    for r in &review.rows {
        out.push(mk(
            format!("{}.sum", r.id),
            Scope::Report,
            Severity::Error,
            vec![Term::new(format!("{}.{}", r.id, total[0].id))],
            outcomes
                .iter()
                .map(|c| Term::new(format!("{}.{}", r.id, c.id)))
                .collect(),
            "总计 = 维持 + 纠正 + 其他 + 尚未审结",
        ));
    }
    // Carry-over: 二、上年结转 = last year's 四、结转下年度继续办理.
    for c in &apply.columns {
        for (intake, out_row) in rows_with(RowRole::Intake)
            .filter(|r| r.id == "carried_in")
            .zip(rows_with(RowRole::CarriedOut))
        {
            out.push(mk(
                format!("apply.carryover.{}", c.id),
                Scope::CrossYear,
                Severity::Error,
                vec![Term::new(format!("apply.{}.{}", intake.id, c.id))],
                vec![Term::prev(format!("apply.{}.{}", out_row.id, c.id))],
                "二、上年结转 = last year's 四、结转下年度继续办理 (same agency)",
            ));
        }
    }
    // 现行有效 flow (2021 only: the 2019 columns have no stock).
    if t == TemplateId::Y2021 {
        for r in &tables[0].blocks[0].rows {
            let cell = |c: &str| format!("active.{}.{c}", r.id);
            out.push(mk(
                format!("active.{}.in_force_flow", r.id),
                Scope::CrossYear,
                Severity::Warning,
                vec![Term::new(cell("in_force"))],
                vec![
                    Term::prev(cell("in_force")),
                    Term::new(cell("issued")),
                    Term::neg(cell("repealed")),
                ],
                "现行有效 = last year's 现行有效 + 本年制发 − 本年废止 (amendments can break it)",
            ));
        }
    }
    out
}

pub(crate) fn build(t: TemplateId) -> Template {
    let tables = vec![active_table(t), apply_table(t), review_table()];
    let rels = relations(t, &tables);
    Template::new(t, tables, rels)
}
