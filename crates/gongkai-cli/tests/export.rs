//! `gongkai export` of the corpus: the values equal the truth files, both
//! templates in one dataset, and DuckDB reads the Parquet files.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use gongkai_export::tsv_value;

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run gongkai");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn bodies() -> String {
    s(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples/bodies.csv"))
}

/// The truth of each corpus report, by file name: key → value.
fn truths() -> BTreeMap<String, BTreeMap<String, String>> {
    let mut all = BTreeMap::new();
    for e in std::fs::read_dir(corpus()).expect("corpus") {
        let p = e.expect("entry").path();
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let Some(stem) = name.strip_suffix(".truth.tsv") else {
            continue;
        };
        let text = std::fs::read_to_string(&p).expect("truth");
        let cells: BTreeMap<String, String> = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        all.insert(stem.to_string(), cells);
    }
    assert!(all.len() >= 14, "corpus truth files: {}", all.len());
    all
}

/// Whether an exported value agrees with a truth value (`V|?` allows V or ?).
fn agrees(got: &str, truth: &str) -> bool {
    match truth.strip_suffix("|?") {
        Some(v) => got == v || got == "?",
        None => got == truth,
    }
}

/// The report stem of an exported path (`.../hongze-2023.pdf` → `hongze-2023`).
fn stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').map_or(name, |(s, _)| s).to_string()
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut rd = csv::Reader::from_path(path).expect("csv");
    let header = rd
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = rd
        .records()
        .map(|r| r.expect("record").iter().map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn long_csv_of_the_corpus_equals_the_truth_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("long.csv");
    let (code, _, err) = run(&[
        "export",
        "--bodies",
        &bodies(),
        "-o",
        &s(&out),
        &s(&corpus()),
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("14 份报告"), "{err}");
    let (header, rows) = read_csv(&out);
    let at = |n: &str| header.iter().position(|h| h == n).expect(n);
    let mut by_report: HashMap<String, HashMap<String, String>> = HashMap::new();
    let mut templates = std::collections::BTreeSet::new();
    for r in &rows {
        let stem = stem(&r[at("path")]);
        let cells = by_report.entry(stem.clone()).or_default();
        let v = tsv_value(&r[at("value_kind")], Some(&r[at("value")]));
        cells.insert(r[at("cell_id")].clone(), v);
        cells.insert("meta.year".into(), r[at("year")].clone());
        cells.insert("meta.template".into(), r[at("template")].clone());
        templates.insert(r[at("template")].clone());
        if stem == "shanghai-stcsm-2024" {
            assert_eq!(r[at("body")], "上海市科学技术委员会");
            assert_eq!(r[at("match")], "alias");
            assert_eq!(r[at("region")], "310000");
        }
    }
    assert_eq!(
        templates.into_iter().collect::<Vec<_>>(),
        ["2019", "2021"],
        "both templates in one dataset"
    );
    let truths = truths();
    assert_eq!(by_report.len(), truths.len());
    for (name, truth) in &truths {
        let got = by_report
            .get(name)
            .unwrap_or_else(|| panic!("{name} not exported"));
        for (k, v) in truth {
            if k == "meta.agency" {
                continue;
            }
            let g = got
                .get(k)
                .unwrap_or_else(|| panic!("{name}: {k} not exported"));
            assert!(agrees(g, v), "{name}: {k} = {g:?}, truth {v:?}");
        }
        for k in got.keys() {
            assert!(
                truth.contains_key(k),
                "{name}: {k} exported but not in the truth"
            );
        }
    }
}

#[test]
fn wide_csv_has_one_row_per_report_and_the_union_of_both_templates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("wide.csv");
    let (code, _, err) = run(&[
        "export",
        "--shape",
        "wide",
        "--bodies",
        &bodies(),
        "-o",
        &s(&out),
        &s(&corpus()),
    ]);
    assert_eq!(code, Some(0), "{err}");
    let (header, rows) = read_csv(&out);
    let mut union: Vec<&str> = Vec::new();
    for t in gongkai_model::TemplateId::ALL {
        for c in &t.get().cells {
            if !union.contains(&c.id.as_str()) {
                union.push(&c.id);
            }
        }
    }
    let first_cell = header.iter().position(|h| h == "infos").expect("infos") + 1;
    let cells = &header[first_cell..];
    assert_eq!(cells.len(), union.len());
    assert!(union.iter().all(|id| cells.iter().any(|c| c == id)));
    let truths = truths();
    assert_eq!(rows.len(), truths.len());
    let at = |n: &str| header.iter().position(|h| h == n).expect(n);
    for r in &rows {
        let name = stem(&r[at("path")]);
        let truth = &truths[&name];
        assert_eq!(r[at("template")], truth["meta.template"]);
        let t = gongkai_model::TemplateId::parse(&truth["meta.template"]).expect("template");
        let findings: usize = r[at("findings")].parse().expect("findings");
        let parts: usize = ["errors", "warnings", "infos"]
            .iter()
            .map(|c| r[at(c)].parse::<usize>().expect("count"))
            .sum();
        assert_eq!(findings, parts);
        for (i, id) in cells.iter().enumerate() {
            let got = &r[first_cell + i];
            match truth.get(id) {
                Some(v) => assert!(agrees(got, v), "{name}: {id} = {got:?}, truth {v:?}"),
                None => {
                    // A cell of the other template: empty, never mapped.
                    assert!(t.get().cell(id).is_none(), "{name}: {id}");
                    assert_eq!(got, "", "{name}: {id} of the other template");
                }
            }
        }
    }
}

#[test]
fn exporting_saved_json_gives_the_same_dataset() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, json, err) = run(&["extract", "--format", "json", &s(&corpus())]);
    assert_eq!(code, Some(0), "{err}");
    let saved = dir.path().join("all.json");
    std::fs::write(&saved, json).expect("write json");
    let a = dir.path().join("a.jsonl");
    let b = dir.path().join("b.jsonl");
    let (code, _, err) = run(&["export", "--shape", "wide", "-o", &s(&a), &s(&corpus())]);
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = run(&["export", "--shape", "wide", "-o", &s(&b), &s(&saved)]);
    assert_eq!(code, Some(0), "{err}");
    let a = std::fs::read_to_string(&a).expect("a");
    let b = std::fs::read_to_string(&b).expect("b");
    assert_eq!(a.lines().count(), 14);
    // Findings that need the source document (source lines) may differ;
    // every cell and the report columns are the same.
    let strip = |s: &str| -> Vec<serde_json::Value> {
        s.lines()
            .map(|l| {
                let mut v: serde_json::Value = serde_json::from_str(l).expect("json line");
                if let Some(o) = v.as_object_mut() {
                    for k in ["findings", "errors", "warnings", "infos"] {
                        o.remove(k);
                    }
                }
                v
            })
            .collect()
    };
    assert_eq!(strip(&a), strip(&b));
}

#[test]
fn usage_and_input_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, _, err) = run(&["export", "-o", &s(&dir.path().join("x.dat")), &s(&corpus())]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--format"), "{err}");
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, [0u8, 159, 146, 150, 0, 1, 2]).expect("write");
    let out = dir.path().join("o.csv");
    let one = s(&corpus().join("pingtan-zone-2024.txt"));
    let (code, _, err) = run(&["export", "-o", &s(&out), &one, &s(&bad)]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("bad.txt"), "{err}");
    let (_, rows) = read_csv(&out);
    let cells = truths()["pingtan-zone-2024"]
        .keys()
        .filter(|k| !k.starts_with("meta."))
        .count();
    assert_eq!(rows.len(), cells, "the readable report is exported");
}

/// DuckDB (through its Python package, installed by scripts/setup.d) reads
/// the Parquet files with the right types and the same numbers.
#[test]
fn duckdb_reads_the_parquet_files() {
    let ok = Command::new("python3")
        .args(["-c", "import duckdb"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!(
            "skipped: python3 cannot import duckdb (scripts/setup.d/50-duckdb.sh installs it)"
        );
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let long = dir.path().join("long.parquet");
    let wide = dir.path().join("wide.parquet");
    let csv = dir.path().join("long.csv");
    for (out, shape) in [(&long, "long"), (&wide, "wide"), (&csv, "long")] {
        let (code, _, err) = run(&["export", "--shape", shape, "-o", &s(out), &s(&corpus())]);
        assert_eq!(code, Some(0), "{err}");
    }
    let script = r#"
import duckdb, json, sys
con = duckdb.connect()
long, wide = sys.argv[1], sys.argv[2]
types = dict(con.execute(f"select column_name, column_type from (describe select * from read_parquet('{long}'))").fetchall())
rows, reports, total = con.execute(f"select count(*), count(distinct path), sum(number) from read_parquet('{long}')").fetchone()
wtypes = dict(con.execute(f"select column_name, column_type from (describe select * from read_parquet('{wide}'))").fetchall())
wrows, new_total = con.execute(f"select count(*), sum(\"apply.new.total\") from read_parquet('{wide}')").fetchone()
print(json.dumps({"types": types, "rows": rows, "reports": reports, "total": total,
                  "wtypes": wtypes, "wrows": wrows, "new_total": new_total}))
"#;
    let out = Command::new("python3")
        .args(["-c", script, &s(&long), &s(&wide)])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["types"]["year"], "INTEGER");
    assert_eq!(v["types"]["number"], "DOUBLE");
    assert_eq!(v["types"]["value"], "VARCHAR");
    assert_eq!(v["types"]["byte_start"], "BIGINT");
    assert_eq!(v["wtypes"]["apply.new.total"], "DOUBLE");
    assert_eq!(v["wtypes"]["findings"], "INTEGER");
    assert_eq!(v["reports"], 14);
    assert_eq!(v["wrows"], 14);
    // The same rows and sums as the CSV export and the truth files.
    let (header, rows) = read_csv(&csv);
    assert_eq!(v["rows"], rows.len());
    let num = header.iter().position(|h| h == "number").expect("number");
    let sum: f64 = rows.iter().filter_map(|r| r[num].parse::<f64>().ok()).sum();
    let total = v["total"].as_f64().expect("total");
    assert!((total - sum).abs() < 1e-6, "{total} vs {sum}");
    let new_total: f64 = truths()
        .values()
        .filter_map(|t| t.get("apply.new.total"))
        .filter_map(|v| v.parse::<f64>().ok())
        .sum();
    assert_eq!(v["new_total"].as_f64(), Some(new_total));
}

/// The XLSX export opens in LibreOffice Calc with the same header and
/// values as the CSV export (numbers as numbers): converted there to CSV,
/// every cell agrees. Skipped, with the reason printed, where LibreOffice
/// is not installed (scripts/setup.d installs it for CI).
#[test]
fn libreoffice_opens_the_xlsx_export() {
    let installed = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let (xlsx, csv) = (dir.path().join("wide.xlsx"), dir.path().join("wide.csv"));
    for out in [&xlsx, &csv] {
        let (code, _, err) = run(&["export", "--shape", "wide", "-o", &s(out), &s(&corpus())]);
        assert_eq!(code, Some(0), "{err}");
    }
    let converted = dir.path().join("calc");
    let out = Command::new("soffice")
        .arg("--headless")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args([
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
        ])
        .arg(&converted)
        .arg(&xlsx)
        .output()
        .expect("soffice runs");
    assert!(out.status.success(), "soffice: {out:?}");
    let (calc_header, calc_rows) = read_csv(&converted.join("wide.csv"));
    let (header, rows) = read_csv(&csv);
    assert_eq!(calc_header, header);
    assert_eq!(calc_rows.len(), rows.len());
    let same = |a: &str, b: &str| {
        a == b
            || matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if (x - y).abs() < 1e-9)
    };
    for (calc, ours) in calc_rows.iter().zip(&rows) {
        for (i, (a, b)) in calc.iter().zip(ours).enumerate() {
            assert!(same(a, b), "{}: {a:?} in Calc, {b:?} in the CSV", header[i]);
        }
    }
}
