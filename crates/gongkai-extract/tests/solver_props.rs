//! Property tests of the digit-run solver: reports from the generator
//! (`gongkai-synth`) whose tables satisfy the template's relations, printed
//! in the `run` layout (every label and value glued together, as web pages
//! flattened by copy-paste are), are read back
//! - never with a wrong number (a cell is either right or `?`), and
//! - exactly, whenever every run has only one reading (all values < 10).
//!
//! The labels and relations come from the template declaration through the
//! generator; nothing is restated here.

use gongkai_ingest::Document;
use gongkai_model::{TemplateId, Value};
use gongkai_synth::{generate, seeded, Format, Layout, Magnitude, Spec, Synth};
use proptest::prelude::*;

fn synth(template: TemplateId, magnitude: Magnitude, seed: u64) -> Synth {
    let spec = Spec::new(template, Layout::Run, Format::Txt)
        .expect("run layout as text")
        .with_magnitude(magnitude)
        .with_ambiguous(true);
    generate(&spec, &mut seeded(seed, 0))
}

fn extract(s: &Synth) -> gongkai_model::Report {
    let text = String::from_utf8(s.bytes.clone()).expect("UTF-8");
    let doc = Document::from_text(text, "UTF-8");
    gongkai_extract::extract(&doc, gongkai_model::SourceInfo::default())
}

fn text(s: &Synth) -> String {
    String::from_utf8_lossy(&s.bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn never_a_wrong_number(seed in any::<u64>()) {
        // Counts up to 40 in a third of the cells: many runs have several
        // cuts, some more than the relations settle.
        let s = synth(TemplateId::Y2021, Magnitude::UpTo(40), seed);
        let report = extract(&s);
        prop_assert_eq!(report.template, Some(TemplateId::Y2021));
        for c in &s.report_values {
            let got = report.value(&c.id);
            match (got, &c.value) {
                (Value::Number(n), Value::Number(want)) => {
                    prop_assert_eq!(n, want, "{} in\n{}", c.id, text(&s))
                }
                (Value::Unknown, _) => {}
                (other, want) => prop_assert!(false, "{}: got {:?}, printed {:?}\n{}", c.id, other, want, text(&s)),
            }
        }
    }

    #[test]
    fn single_digit_tables_are_read_exactly(seed in any::<u64>(), y2019 in any::<bool>()) {
        // Every value a single digit, totals included: each run has exactly one cut.
        let template = if y2019 { TemplateId::Y2019 } else { TemplateId::Y2021 };
        let s = synth(template, Magnitude::SingleDigit, seed);
        let report = extract(&s);
        prop_assert_eq!(report.template, Some(template));
        for c in &s.report_values {
            prop_assert!(c.determined, "{} is {}", c.id, c.tsv());
            prop_assert_eq!(report.value(&c.id).tsv(), c.value.tsv(), "{}\n{}", c.id, text(&s));
        }
    }
}
