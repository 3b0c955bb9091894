//! The web app's upload path (`gongkai_batch::check_upload`) finds exactly
//! what `gongkai check` finds on the same file: one pipeline, not two.

use std::path::PathBuf;
use std::process::Command;

use gongkai_batch::{check_upload, UploadLimits};
use gongkai_check::{Checker, Config};

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

/// (code, severity, cells, message) of each finding, in order.
type Said = Vec<(String, String, Vec<String>, String)>;

fn said_json(findings: &[serde_json::Value]) -> Said {
    findings
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            let cells = f["cells"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|c| c.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            (s("code"), s("severity"), cells, s("message"))
        })
        .collect()
}

#[test]
fn an_upload_has_the_findings_of_gongkai_check() {
    let checker = Checker::new(Config::default());
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| gongkai_batch::is_report_file(p))
        .collect();
    files.sort();
    let mut compared = 0;
    assert!(files.len() >= 10, "the corpus has reports");
    for path in files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a UTF-8 name")
            .to_string();
        let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args(["check", "--format", "json", "--no-config"])
            .arg(&path)
            .output()
            .expect("run gongkai");
        let cli: Vec<serde_json::Value> =
            serde_json::from_slice(&out.stdout).expect("JSON findings");
        let bytes = std::fs::read(&path).expect("read");
        let checked = check_upload(&name, bytes, &UploadLimits::default(), &checker);
        assert_eq!(checked.len(), 1, "{name}");
        let web: Vec<serde_json::Value> = checked[0]
            .findings
            .iter()
            .map(|f| serde_json::to_value(f).expect("finding as JSON"))
            .collect();
        assert_eq!(said_json(&web), said_json(&cli), "{name}");
        compared += cli.len();
    }
    assert!(
        compared > 10,
        "the corpus has findings to compare ({compared})"
    );
}
