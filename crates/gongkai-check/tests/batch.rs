//! Batches: per-report findings, pairing of consecutive years, ordering.

use gongkai_check::config::Aliases;
use gongkai_check::testing::ReportBuilder;
use gongkai_check::{Checker, Config};
use gongkai_model::TemplateId;

fn pair(prev_agency: &str, cur_agency: &str, config: Config) -> Vec<String> {
    let prev = ReportBuilder::new(TemplateId::Y2021)
        .path("b-2023.txt")
        .agency(prev_agency)
        .num("apply.carried_out.natural_person", 2)
        .num("apply.carried_out.total", 2)
        .num("apply.new.natural_person", 2)
        .num("apply.new.total", 2)
        .build();
    let cur = ReportBuilder::new(TemplateId::Y2021)
        .path("a-2024.txt")
        .agency(cur_agency)
        .year(2024)
        .published(2025, 1, 20)
        .build();
    let checker = Checker::new(config);
    let mut batch = checker.batch();
    assert!(batch.add(&prev, None).is_empty());
    assert!(batch.add(&cur, None).is_empty());
    batch
        .finish()
        .findings
        .into_iter()
        .map(|f| format!("{} {} {}", f.file, f.code, f.subject))
        .collect()
}

#[test]
fn pairs_consecutive_years_of_one_agency() {
    let found = pair("洪泽区人民政府", "淮安市洪泽区人民政府", Config::default());
    assert_eq!(
        found,
        [
            "a-2024.txt X001 apply.carryover.natural_person",
            "a-2024.txt X001 apply.carryover.total"
        ]
    );
}

#[test]
fn does_not_pair_different_agencies_unless_aliased() {
    assert!(pair("某某区人民政府", "淮安市洪泽区人民政府", Config::default()).is_empty());
    let config = Config {
        aliases: Aliases::parse("洪泽区人民政府\t某某区人民政府\n"),
        ..Config::default()
    };
    assert_eq!(
        pair("某某区人民政府", "淮安市洪泽区人民政府", config).len(),
        2
    );
}

#[test]
fn readable_reports_have_no_file_finding_and_output_is_sorted() {
    let checker = Checker::default();
    let mut batch = checker.batch();
    batch.add_unreadable("z.pdf", "不是文本");
    batch.add(
        &ReportBuilder::new(TemplateId::Y2021)
            .path("b.txt")
            .blank("review.other")
            .build(),
        None,
    );
    batch.add(
        &ReportBuilder::new(TemplateId::Y2021).path("a.txt").build(),
        None,
    );
    let result = batch.finish();
    let files: Vec<(&str, &str)> = result
        .findings
        .iter()
        .map(|f| (f.file.as_str(), f.code.as_str()))
        .collect();
    assert_eq!(
        files,
        [("b.txt", "A002"), ("b.txt", "V001"), ("z.pdf", "F001")]
    );
    assert_eq!(result.summaries.len(), 2);
}

#[test]
fn severity_overrides_and_selection_apply() {
    let mut config = Config::default();
    config.set_severity("V001", "error").unwrap();
    config.add_ignore(&["A".into()]).unwrap();
    let r = ReportBuilder::new(TemplateId::Y2021)
        .blank("review.other")
        .build();
    let f = Checker::new(config).check_report(&r, None);
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].code.as_str(), f[0].severity),
        ("V001", gongkai_model::Severity::Error)
    );
}
