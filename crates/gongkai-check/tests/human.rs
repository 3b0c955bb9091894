//! Snapshots of the human (rustc-style) output.

use gongkai_check::output::render_human;
use gongkai_check::testing::{span_of, ReportBuilder};
use gongkai_check::{Checker, Config};
use gongkai_ingest::Document;
use gongkai_model::TemplateId;

const TEXT: &str = "某某区财政局2023年政府信息公开工作报告\n\
发布时间：2024-02-06\n\
一、总体情况\n\
本局全年共收到政府信息公开申请12件。\n\
三、收到和处理政府信息公开申请情况\n\
一、本年新收政府信息公开申请数量\t12\t0\t0\t0\t0\t0\t12\n\
（一）予以公开\t8\t0\t0\t0\t0\t0\t8\n\
1.本机关不掌握相关政府信息\t3\t0\t0\t0\t0\t0\t3\n\
（七）总计\t12\t0\t0\t0\t0\t0\t12\n\
四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0\n";

fn fixture() -> (Document, gongkai_model::Report) {
    let doc = Document::from_text(TEXT.to_string(), "UTF-8");
    let t = TEXT;
    let report = ReportBuilder::new(TemplateId::Y2021)
        .path("fixture.txt")
        .agency("某某区财政局")
        .title("某某区财政局2023年政府信息公开工作报告")
        .title_at(span_of(t, "某某区财政局2023年政府信息公开工作报告", 0))
        .published(2024, 2, 6)
        .published_at(span_of(t, "2024-02-06", 0))
        .num("apply.new.natural_person", 12)
        .at("apply.new.natural_person", span_of(t, "12", 1))
        .num("apply.new.total", 12)
        .at("apply.new.total", span_of(t, "12", 2))
        .num("apply.granted.natural_person", 8)
        .at("apply.granted.natural_person", span_of(t, "8", 0))
        .num("apply.granted.total", 8)
        .num("apply.unable.not_held.natural_person", 3)
        .num("apply.unable.not_held.total", 3)
        .num("apply.total.natural_person", 12)
        .at("apply.total.natural_person", span_of(t, "12", 3))
        .num("apply.total.total", 12)
        .at("apply.total.total", span_of(t, "12", 4))
        .build();
    (doc, report)
}

fn plain(findings: &[gongkai_check::Finding], doc: Option<&Document>) -> String {
    render_human(findings, |_| doc, false)
}

#[test]
fn findings_with_source_lines() {
    let (doc, report) = fixture();
    let findings = Checker::new(Config::default()).check_report(&report, Some(&doc));
    let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["S004", "D001", "A001", "A001"]);
    insta::assert_snapshot!(plain(&findings, Some(&doc)));
}

#[test]
fn findings_without_a_document() {
    let (_, report) = fixture();
    let findings = Checker::new(Config::default()).check_report(&report, None);
    insta::assert_snapshot!(plain(&findings[..2], None));
}

#[test]
fn finding_without_a_span_and_unreadable_file() {
    let report = ReportBuilder::new(TemplateId::Y2021)
        .path("no-sections.txt")
        .sections(&[1, 2, 3, 4, 6])
        .build();
    let checker = Checker::default();
    let mut findings = checker.check_report(&report, None);
    findings
        .extend(checker.unreadable("报告.pdf", "不是文本或网页文件（看起来是二进制数据：PDF）"));
    insta::assert_snapshot!(plain(&findings, None));
}

#[test]
fn spans_outside_the_text_fall_back_to_plain() {
    let (doc, report) = fixture();
    let mut findings = Checker::default().check_report(&report, Some(&doc));
    for f in &mut findings {
        for s in &mut f.spans {
            s.span.start = 10_000;
            s.span.end = 10_003;
        }
    }
    let out = plain(&findings, Some(&doc));
    assert!(out.contains("--> fixture.txt"), "{out}");
    assert!(!out.contains(" | "), "{out}");
}
