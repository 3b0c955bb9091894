//! `gongkai summary` and `gongkai compare` against sums computed by hand
//! from the corpus truth files (never from the extractor), and the HTML
//! pages rendered in headless Chromium.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use gongkai_model::{Cell, Decimal, Located, Report, SourceInfo, TemplateId, Value};
use serde_json::Value as Json;

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

/// A truth file: meta values and `(cell id, value as written)` in order.
struct Truth {
    name: String,
    template: String,
    year: i32,
    agency: String,
    cells: Vec<(String, String)>,
}

fn truths() -> Vec<Truth> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".truth.tsv"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "corpus truth files");
    files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).expect("truth");
            let mut t = Truth {
                name: f
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default()
                    .trim_end_matches(".truth.tsv")
                    .to_string(),
                template: String::new(),
                year: 0,
                agency: String::new(),
                cells: Vec::new(),
            };
            for line in text.lines() {
                if line.starts_with('#') || line.is_empty() {
                    continue;
                }
                let (k, v) = line.split_once('\t').unwrap_or((line, ""));
                match k {
                    "meta.template" => t.template = v.to_string(),
                    "meta.year" => t.year = v.parse().expect("year"),
                    "meta.agency" => t.agency = v.to_string(),
                    _ => t.cells.push((k.to_string(), v.to_string())),
                }
            }
            t
        })
        .collect()
}

/// The number a truth value stands for: `V` and `V|?` are V.
fn truth_number(v: &str) -> Option<Decimal> {
    v.split('|').next().and_then(|n| n.parse().ok())
}

/// The truth file as a report, written as `extract --format json` would.
fn truth_report(t: &Truth) -> Report {
    let mut r = Report::empty(SourceInfo {
        path: format!("{}.truth", t.name),
        format: "text".into(),
        encoding: "utf-8".into(),
        bytes: 0,
    });
    r.template = TemplateId::parse(&t.template);
    r.meta.year = Some(Located::new(t.year, None));
    r.meta.agency = Some(Located::new(t.agency.clone(), None));
    for (id, v) in &t.cells {
        let value = match v.as_str() {
            "" => Value::Blank,
            "/" => Value::NotApplicable,
            "-" => Value::Absent,
            "?" => Value::Unknown,
            other => truth_number(other).map_or(Value::Unknown, Value::Number),
        };
        let cell = Cell {
            value,
            ..Cell::absent(id.clone())
        };
        if id.starts_with("x.") {
            r.extra_cells.push(cell);
        } else {
            r.cells.push(cell);
        }
    }
    r
}

/// Write every truth file as a report JSON into a new directory.
fn truth_dir(truths: &[Truth]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for t in truths {
        let json = serde_json::to_string(&truth_report(t)).expect("json");
        std::fs::write(dir.path().join(format!("{}.json", t.name)), json).expect("write");
    }
    dir
}

fn num(j: &Json) -> Option<Decimal> {
    match (j["kind"].as_str(), j["value"].as_str()) {
        (Some("number"), Some(v)) => v.parse().ok(),
        _ => None,
    }
}

/// cell id → (sum, reports with a number), per template, by hand.
fn expected_sums(truths: &[&Truth]) -> BTreeMap<String, BTreeMap<String, (Decimal, u32)>> {
    let mut out: BTreeMap<String, BTreeMap<String, (Decimal, u32)>> = BTreeMap::new();
    for t in truths {
        for (id, v) in &t.cells {
            let e = out
                .entry(t.template.clone())
                .or_default()
                .entry(id.clone())
                .or_insert((Decimal::ZERO, 0));
            if let Some(n) = truth_number(v) {
                e.0 += n;
                e.1 += 1;
            }
        }
    }
    out
}

fn summary_json(args: &[&str]) -> Json {
    let (code, out, err) = run(args);
    assert_eq!(code, Some(0), "{err}");
    serde_json::from_str(&out).expect("summary JSON")
}

#[test]
fn sums_per_template_equal_the_truth_files() {
    let truths = truths();
    let dir = truth_dir(&truths);
    let path = dir.path().display().to_string();
    let s = summary_json(&["summary", &path, "--by", "template", "--format", "json"]);
    assert_eq!(s["reports"], truths.len());
    let all: Vec<&Truth> = truths.iter().collect();
    let expected = expected_sums(&all);
    let groups = s["groups"].as_array().expect("groups");
    assert_eq!(groups.len(), expected.len(), "one group per template");
    let mut checked = 0;
    for g in groups {
        let rollups = g["rollups"].as_array().expect("rollups");
        assert_eq!(rollups.len(), 1, "a template group has one roll-up");
        let r = &rollups[0];
        let template = r["template"].as_str().expect("template");
        let want = &expected[template];
        let n = truths.iter().filter(|t| t.template == template).count();
        assert_eq!(r["reports"], n);
        for (cell, cov) in r["report"]["cells"]
            .as_array()
            .expect("cells")
            .iter()
            .zip(r["coverage"].as_array().expect("coverage"))
        {
            let id = cell["id"].as_str().expect("id");
            assert_eq!(cov["id"], id);
            let (sum, with_number) = want.get(id).copied().unwrap_or((Decimal::ZERO, 0));
            assert_eq!(cov["number"], with_number, "{template} {id}");
            if with_number > 0 {
                assert_eq!(num(&cell["value"]), Some(sum), "{template} {id}");
            } else {
                assert_eq!(num(&cell["value"]), None, "{template} {id}");
            }
            checked += 1;
        }
        // Non-standard rows are summed on their own.
        for x in r["report"]["extra_cells"].as_array().expect("extra") {
            let id = x["id"].as_str().expect("id");
            assert_eq!(num(&x["value"]), want.get(id).map(|w| w.0), "{id}");
        }
    }
    assert!(checked > 300, "both templates' cells checked: {checked}");
}

#[test]
fn rates_and_measures_per_year_equal_the_truth_files() {
    let truths = truths();
    let dir = truth_dir(&truths);
    let path = dir.path().display().to_string();
    let s = summary_json(&["summary", &path, "--by", "year", "--format", "json"]);
    let mut years: Vec<i32> = truths.iter().map(|t| t.year).collect();
    years.sort();
    years.dedup();
    let groups = s["groups"].as_array().expect("groups");
    assert_eq!(
        groups
            .iter()
            .map(|g| g["key"].as_str().unwrap_or_default().to_string())
            .collect::<Vec<_>>(),
        years.iter().map(|y| format!("{y}年")).collect::<Vec<_>>()
    );
    let value = |t: &Truth, id: &str| {
        t.cells
            .iter()
            .find(|(k, _)| k == id)
            .and_then(|(_, v)| truth_number(v))
    };
    for (g, year) in groups.iter().zip(&years) {
        let of_year: Vec<&Truth> = truths.iter().filter(|t| t.year == *year).collect();
        // 予以公开率 = Σ apply.granted.total ÷ Σ apply.total.total.
        let granted: Decimal = of_year
            .iter()
            .filter_map(|t| value(t, "apply.granted.total"))
            .sum();
        let results: Decimal = of_year
            .iter()
            .filter_map(|t| value(t, "apply.total.total"))
            .sum();
        let rate = g["rates"]
            .as_array()
            .expect("rates")
            .iter()
            .find(|r| r["key"] == "granted")
            .expect("granted rate");
        assert_eq!(rate["numerator"], granted.to_string(), "{year}");
        assert_eq!(rate["denominator"], results.to_string(), "{year}");
        if results.is_zero() {
            assert!(rate["rate"].is_null());
        } else {
            let want = (granted / results).to_string().parse::<f64>().expect("f64");
            let got = rate["rate"].as_f64().expect("rate");
            assert!((got - want).abs() < 1e-9, "{year}: {got} vs {want}");
        }
        // 复议纠错率 = Σ review.corrected ÷ Σ review.total.
        let corrected: Decimal = of_year
            .iter()
            .filter_map(|t| value(t, "review.corrected"))
            .sum();
        let rate = &g["rates"][5];
        assert_eq!(rate["key"], "review_corrected");
        assert_eq!(rate["numerator"], corrected.to_string(), "{year}");
        // New requests: sum, median, max over the year's reports.
        let mut new: Vec<Decimal> = of_year
            .iter()
            .filter_map(|t| value(t, "apply.new.total"))
            .collect();
        new.sort();
        let m = &g["measures"][0];
        assert_eq!(m["key"], "requests");
        assert_eq!(m["sum"], new.iter().copied().sum::<Decimal>().to_string());
        assert_eq!(m["bodies"], new.len());
        assert_eq!(m["max"], Json::from(new.last().map(|d| d.to_string())));
        // Nearest rank: the ⌈n/2⌉-th smallest.
        let median = new[new.len().div_ceil(2) - 1];
        assert_eq!(m["median"], median.to_string(), "{year}");
        // The top body is the one with the most new requests.
        if let Some(top) = g["top"].as_array().and_then(|t| t.first()) {
            assert_eq!(top["value"], new.last().expect("max").to_string());
        }
    }
    // The total over all groups is the sum of the groups.
    let total: Decimal = truths
        .iter()
        .filter_map(|t| value(t, "apply.new.total"))
        .sum();
    assert_eq!(s["total"]["measures"][0]["sum"], total.to_string());
}

#[test]
fn a_rollup_is_a_report_that_reads_back_and_checks() {
    let truths = truths();
    let dir = truth_dir(&truths);
    let path = dir.path().display().to_string();
    let out_dir = tempfile::tempdir().expect("tempdir");
    let rollup = out_dir.path().join("rollup.json");
    let rollup_s = rollup.display().to_string();
    let (code, _, err) = run(&[
        "summary", &path, "--by", "template", "--format", "rollup", "-o", &rollup_s,
    ]);
    assert_eq!(code, Some(0), "{err}");
    // Summarising the roll-ups again gives the same sums.
    let again = summary_json(&["summary", &rollup_s, "--by", "template", "--format", "json"]);
    let first = summary_json(&["summary", &path, "--by", "template", "--format", "json"]);
    for (a, b) in again["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .zip(first["groups"].as_array().expect("groups"))
    {
        assert_eq!(
            a["rollups"][0]["report"]["cells"],
            b["rollups"][0]["report"]["cells"]
        );
    }
    // The checker reads it as reports (one line per finding; no crash).
    let (code, _, err) = run(&["check", "--format", "tsv", "--no-config", &rollup_s]);
    assert!(matches!(code, Some(0) | Some(1)), "{err}");
    assert!(err.contains("读取 2 份报告"), "{err}");
}

#[test]
fn compare_two_years_of_one_body() {
    let truths = truths();
    let pick = |name: &str| truths.iter().find(|t| t.name == name).expect(name);
    let (a, b) = (pick("hongze-2023"), pick("hongze-2024"));
    let dir = truth_dir(&[
        Truth {
            name: a.name.clone(),
            template: a.template.clone(),
            year: a.year,
            agency: a.agency.clone(),
            cells: a.cells.clone(),
        },
        Truth {
            name: b.name.clone(),
            template: b.template.clone(),
            year: b.year,
            agency: b.agency.clone(),
            cells: b.cells.clone(),
        },
    ]);
    let pa = dir.path().join("hongze-2023.json").display().to_string();
    let pb = dir.path().join("hongze-2024.json").display().to_string();
    // Given newest first: the earlier year becomes A.
    let (code, out, err) = run(&["compare", &pb, &pa, "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let c: Json = serde_json::from_str(&out).expect("json");
    assert_eq!(c["a"]["year"], 2023);
    assert_eq!(c["b"]["year"], 2024);
    let value = |t: &Truth, id: &str| {
        t.cells
            .iter()
            .find(|(k, _)| k == id)
            .and_then(|(_, v)| truth_number(v))
    };
    let cells = c["cells"].as_array().expect("cells");
    let mut large = 0;
    for x in cells {
        let id = x["id"].as_str().expect("id");
        match (value(a, id), value(b, id)) {
            (Some(va), Some(vb)) => {
                assert_eq!(x["delta"], (vb - va).to_string(), "{id}");
                let d = (vb - va).abs();
                let want = d >= Decimal::from(10)
                    && (va.is_zero() || d * Decimal::from(100) >= va.abs() * Decimal::from(50));
                assert_eq!(x["large"], want, "{id}");
                large += usize::from(want);
            }
            _ => assert!(x["delta"].is_null(), "{id}"),
        }
    }
    assert!(large > 0, "hongze changed a lot between 2023 and 2024");
    // Carry-over: 2024's 上年结转 against 2023's 结转下年度.
    let row = c["continuity"]
        .as_array()
        .expect("continuity")
        .iter()
        .find(|r| r["relation"] == "apply.carryover.total")
        .expect("carry-over of the total column");
    let (cin, cout) = (
        value(b, "apply.carried_in.total"),
        value(a, "apply.carried_out.total"),
    );
    let want = match (cin, cout) {
        (Some(x), Some(y)) if x == y => "holds",
        (Some(_), Some(_)) => "broken",
        _ => "undecidable",
    };
    assert_eq!(row["state"], want);
    // A stricter threshold flags more.
    let (_, out, _) = run(&[
        "compare",
        &pa,
        &pb,
        "--format",
        "json",
        "--threshold",
        "1",
        "--min-delta",
        "1",
    ]);
    let strict: Json = serde_json::from_str(&out).expect("json");
    let count = |j: &Json| {
        j["cells"]
            .as_array()
            .map(|c| c.iter().filter(|x| x["large"] == true).count())
            .unwrap_or(0)
    };
    assert!(count(&strict) > large);
    // Text output names the large changes and the continuity.
    let (code, out, err) = run(&["compare", &pa, &pb]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("变化较大") && out.contains("跨年度衔接"),
        "{out}"
    );
}

#[test]
fn compare_picks_years_of_one_agency_and_explains_refusals() {
    let dir = truth_dir(&truths());
    let c = dir.path().display().to_string();
    let (code, _, err) = run(&["compare", &c]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("多个机关") && err.contains("--agency"),
        "{err}"
    );
    let (code, out, err) = run(&["compare", &c, "--agency", "洪泽区", "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let j: Json = serde_json::from_str(&out).expect("json");
    assert_eq!(
        (j["a"]["year"].clone(), j["b"]["year"].clone()),
        (2023.into(), 2024.into())
    );
    let (code, _, err) = run(&["compare", &c, "--agency", "不存在的机关"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("没有“不存在的机关”的报告"), "{err}");
    let (code, _, err) = run(&["summary", &c, "--format", "xlsx"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--output"), "{err}");
}

#[test]
fn summary_groups_by_agency_level_and_region() {
    let dir = truth_dir(&truths());
    let c = dir.path().display().to_string();
    let bodies = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/bodies.csv")
        .display()
        .to_string();
    let s = summary_json(&[
        "summary", &c, "--by", "agency", "--bodies", &bodies, "--format", "json",
    ]);
    let keys: Vec<&str> = s["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .filter_map(|g| g["key"].as_str())
        .collect();
    // Two years of 洪泽区 under the bodies file's name.
    let hongze = s["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["key"] == "洪泽区人民政府")
        .unwrap_or_else(|| panic!("{keys:?}"));
    assert_eq!(hongze["reports"], 2);
    let s = summary_json(&[
        "summary", &c, "--by", "level", "--bodies", &bodies, "--format", "json",
    ]);
    let total: u64 = s["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .filter_map(|g| g["reports"].as_u64())
        .sum();
    assert_eq!(total, s["reports"].as_u64().expect("reports"));
    let (code, out, err) = run(&["summary", &c, "--by", "region", "--bodies", &bodies]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("320813 洪泽区人民政府"), "{out}");
    let (code, _, err) = run(&["summary", &c, "--by", "region"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--bodies"), "{err}");
    // Text: rates with their definitions beside them, every cell on request.
    let (code, out, err) = run(&["summary", &c, "--by", "template", "--cells"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("予以公开率")
            && out.contains("= 表三 （一）予以公开·总计 ÷ 表三 （七）总计·总计"),
        "{out}"
    );
    assert!(
        out.contains("== 2019 模板 ==") && out.contains("== 2021 模板 =="),
        "{out}"
    );
    assert!(out.contains("apply.new.total\t"), "{out}");
    // The workbooks are written (their content is tested in gongkai-analysis).
    let out = tempfile::tempdir().expect("tempdir");
    for (args, file) in [
        (vec!["summary", &c, "--by", "year"], "s.xlsx"),
        (vec!["compare", &c, "--agency", "洪泽区"], "c.xlsx"),
    ] {
        let path = out.path().join(file).display().to_string();
        let mut args = args.clone();
        args.extend(["--format", "xlsx", "-o", &path]);
        let (code, _, err) = run(&args);
        assert_eq!(code, Some(0), "{err}");
        let bytes = std::fs::read(&path).expect("workbook");
        assert!(bytes.starts_with(b"PK"), "{file} is a zip package");
    }
}

fn artifacts() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(|p| p.join("test-artifacts"))
        .unwrap_or_else(|| PathBuf::from("test-artifacts"));
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    dir
}

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .map(|n| Path::new("/usr/bin").join(n))
        .find(|p| p.exists())
}

/// Render `html` in headless Chromium and save the screenshot as `png`.
fn screenshot(html: &Path, png: &Path) -> bool {
    let Some(browser) = chromium() else {
        eprintln!(
            "skipped: chromium is not installed (scripts/setup.d/40-chromium.sh installs it)"
        );
        return false;
    };
    let profile = tempfile::tempdir().expect("profile dir");
    let _ = std::fs::remove_file(png);
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg("--window-size=1280,2000")
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("run chromium");
    let size = std::fs::metadata(png).map(|m| m.len()).unwrap_or(0);
    assert!(
        size > 20_000,
        "chromium wrote no screenshot of {} ({size} bytes): {}",
        html.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

#[test]
fn html_pages_are_self_contained_and_render_in_chromium() {
    let c = corpus().display().to_string();
    let dir = artifacts();
    let page = dir.join("summary.html");
    let (code, _, err) = run(&[
        "summary",
        &c,
        "--by",
        "year",
        "--format",
        "html",
        "-o",
        &page.display().to_string(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    let html = std::fs::read_to_string(&page).expect("page");
    // Nothing is fetched: no scripts, no external references.
    for bad in ["<script", "http://", "https://", "<link", "@import", "src="] {
        let outside_svg_ns = html.replace("http://www.w3.org/2000/svg", "");
        assert!(!outside_svg_ns.contains(bad), "{bad} in the page");
    }
    assert!(html.contains("<svg") && html.contains("予以公开率") && html.contains("历年趋势"));
    let compare = dir.join("compare.html");
    let truth = truth_dir(&truths());
    let c = truth.path().display().to_string();
    let (code, _, err) = run(&[
        "compare",
        &c,
        "--agency",
        "洪泽区",
        "--format",
        "html",
        "-o",
        &compare.display().to_string(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    if screenshot(&page, &dir.join("summary.png")) {
        screenshot(&compare, &dir.join("compare.png"));
    }
}

/// `--region-level 市` totals the bodies of a city's districts and counties
/// under the city: each city group holds exactly the reports of the county
/// groups whose codes lie in it.
#[test]
fn summary_rolls_regions_up_to_a_level() {
    let dir = truth_dir(&truths());
    let c = dir.path().display().to_string();
    let bodies = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/bodies.csv")
        .display()
        .to_string();
    let groups = |extra: &[&str]| -> Vec<(String, u64)> {
        let mut args = vec![
            "summary", &c, "--by", "region", "--bodies", &bodies, "--format", "json",
        ];
        args.extend_from_slice(extra);
        summary_json(&args)["groups"]
            .as_array()
            .expect("groups")
            .iter()
            .map(|g| {
                (
                    g["key"].as_str().unwrap_or("").to_string(),
                    g["reports"].as_u64().unwrap_or(0),
                )
            })
            .collect()
    };
    let own = groups(&[]);
    let cities = groups(&["--region-level", "市"]);
    let mut checked = 0;
    for (city, n) in cities
        .iter()
        .filter(|(k, _)| k.len() >= 6 && k[..6].ends_with("00"))
    {
        let prefix = &city[..4];
        let within: u64 = own
            .iter()
            .filter(|(k, _)| k.len() >= 6 && k.starts_with(prefix))
            .map(|(_, n)| n)
            .sum();
        assert_eq!(*n, within, "{city}: {cities:?} vs {own:?}");
        checked += 1;
    }
    assert!(checked >= 2, "{cities:?}");
    // 洪泽区 (320813) under 淮安市 (320800), by the bodies file's name.
    assert!(
        cities
            .iter()
            .any(|(k, n)| k == "320800 淮安市人民政府" && *n == 2),
        "{cities:?}"
    );
    let (code, _, err) = run(&["summary", &c, "--by", "year", "--region-level", "市"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--by region"), "{err}");
}
