//! Datasets written in every format and shape read back equal to the
//! reports they were written from.

use std::collections::HashMap;
use std::fs::File;
use std::path::Path;

use arrow_array::{Array, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::DataType;
use gongkai_agency::Bodies;
use gongkai_export::{columns, tsv_value, Entry, Exporter, Findings, Format, Options, Shape};
use gongkai_model::{
    Cell, Decimal, GridPos, Located, Provenance, Report, SourceInfo, Span, TemplateId, Value,
};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

/// A report of `template` whose cells hold every kind of value, with
/// provenance on the numbers.
fn report(template: TemplateId, year: i32, agency: &str, seed: u32) -> Report {
    let mut r = Report::empty(SourceInfo {
        path: format!("{seed:02}-{agency}-{year}.txt"),
        ..SourceInfo::default()
    });
    r.template = Some(template);
    r.meta.year = Some(Located::new(year, None));
    r.meta.agency = Some(Located::new(agency.to_string(), None));
    r.cells = template
        .get()
        .cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let k = (i as u32 + seed) % 9;
            let value = match k {
                0 => Value::Blank,
                1 => Value::NotApplicable,
                2 => Value::Absent,
                3 => Value::Unknown,
                4 => Value::Text("无".into()),
                5 => Value::Number(Decimal::new(i as i64 * 125 + 1, 2)),
                _ => Value::Number(Decimal::from(i as i64 + seed as i64)),
            };
            let at = matches!(value, Value::Number(_)).then(|| Provenance {
                span: Span {
                    start: i * 10,
                    end: i * 10 + 3,
                    line: i as u32 + 1,
                    column: 5,
                },
                grid: (k == 5).then_some(GridPos {
                    table: 1,
                    row: i as u32,
                    col: 2,
                }),
            });
            Cell {
                id: c.id.clone(),
                raw: matches!(value, Value::Number(_)).then(|| value.tsv()),
                value,
                at,
                candidates: Vec::new(),
                solved: false,
            }
        })
        .collect();
    r.extra_cells.push(Cell {
        id: "x.apply.other.natural_person".into(),
        value: Value::Number(Decimal::from(7)),
        raw: Some("7".into()),
        at: None,
        candidates: Vec::new(),
        solved: false,
    });
    r
}

fn reports() -> Vec<Report> {
    let mut v = Vec::new();
    for i in 0..40u32 {
        let (t, y) = if i.is_multiple_of(2) {
            (TemplateId::Y2019, 2019 + (i % 2) as i32)
        } else {
            (TemplateId::Y2021, 2021 + (i % 4) as i32)
        };
        v.push(report(
            t,
            y,
            ["洪泽区人民政府", "上海市科委", "某局"][i as usize % 3],
            i,
        ));
    }
    let mut none = Report::empty(SourceInfo {
        path: "no-tables.txt".into(),
        ..SourceInfo::default()
    });
    none.meta.agency = Some(Located::new("某镇".into(), None));
    v.push(none);
    v
}

const BODIES: &str = "name,aliases,行政区划代码,level,kind\n\
    洪泽区人民政府,,320813,县,政府\n\
    上海市科学技术委员会,上海市科委,310000,省,部门\n";

fn export(dir: &Path, format: Format, shape: Shape, reports: &[Report]) -> std::path::PathBuf {
    let bodies = Bodies::from_csv_text(BODIES).expect("bodies");
    let path = dir.join(format!("out-{}.{}", shape.as_str(), format.as_str()));
    let mut out = Exporter::create(
        &path,
        Options {
            format,
            shape,
            bom: false,
        },
    )
    .expect("create");
    for (i, r) in reports.iter().enumerate() {
        let agency = bodies.match_report(r);
        out.write(&Entry {
            path: &r.source.path,
            report: r,
            agency: &agency,
            findings: Findings {
                errors: i % 3,
                warnings: 1,
                infos: 0,
            },
        })
        .expect("write");
    }
    let written = out.finish().expect("finish");
    assert_eq!(written.reports, reports.len());
    path
}

/// What the long shape must hold: (path, cell id) → TSV value.
fn expected_long(reports: &[Report]) -> HashMap<(String, String), String> {
    let mut m = HashMap::new();
    for r in reports {
        for c in r.cells.iter().chain(&r.extra_cells) {
            m.insert((r.source.path.clone(), c.id.clone()), c.value.tsv());
        }
    }
    m
}

fn read_parquet(path: &Path) -> (arrow_schema::SchemaRef, Vec<RecordBatch>, usize) {
    let builder =
        ParquetRecordBatchReaderBuilder::try_new(File::open(path).expect("open")).expect("parquet");
    let groups = builder.metadata().num_row_groups();
    let schema = builder.schema().clone();
    let batches = builder
        .build()
        .expect("reader")
        .collect::<Result<Vec<_>, _>>()
        .expect("batches");
    (schema, batches, groups)
}

fn col<'a, T: 'static>(b: &'a RecordBatch, name: &str) -> &'a T {
    b.column_by_name(name)
        .unwrap_or_else(|| panic!("column {name}"))
        .as_any()
        .downcast_ref::<T>()
        .unwrap_or_else(|| panic!("type of {name}"))
}

#[test]
fn parquet_long_reads_back_typed_and_equal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let reports = reports();
    let path = export(dir.path(), Format::Parquet, Shape::Long, &reports);
    let (schema, batches, _) = read_parquet(&path);
    let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    assert_eq!(names, columns(Shape::Long));
    let ty = |n: &str| schema.field_with_name(n).expect(n).data_type().clone();
    assert_eq!(ty("year"), DataType::Int32);
    assert_eq!(ty("number"), DataType::Float64);
    assert_eq!(ty("value"), DataType::Utf8);
    assert_eq!(ty("byte_start"), DataType::Int64);
    let mut expected = expected_long(&reports);
    let mut rows = 0;
    for b in &batches {
        let path = col::<StringArray>(b, "path");
        let id = col::<StringArray>(b, "cell_id");
        let kind = col::<StringArray>(b, "value_kind");
        let value = col::<StringArray>(b, "value");
        let number = col::<Float64Array>(b, "number");
        let year = col::<Int32Array>(b, "year");
        let body = col::<StringArray>(b, "body");
        let region = col::<StringArray>(b, "region");
        let line = col::<Int32Array>(b, "src_line");
        let start = col::<Int64Array>(b, "byte_start");
        let grid_row = col::<Int32Array>(b, "grid_row");
        let table = col::<StringArray>(b, "table_name");
        for i in 0..b.num_rows() {
            rows += 1;
            let key = (path.value(i).to_string(), id.value(i).to_string());
            let want = expected.remove(&key).unwrap_or_else(|| panic!("{key:?}"));
            let v = (!value.is_null(i)).then(|| value.value(i));
            assert_eq!(tsv_value(kind.value(i), v), want, "{key:?}");
            if kind.value(i) == "number" {
                let exact: f64 = want.parse().expect("number");
                assert_eq!(number.value(i), exact);
            } else {
                assert!(number.is_null(i));
            }
            assert!(year.value(i) >= 2019);
            let r = reports
                .iter()
                .find(|r| r.source.path == key.0)
                .expect("report");
            let cell = r.cell(&key.1).expect("cell");
            match cell.at {
                Some(at) => {
                    assert_eq!(line.value(i) as u32, at.span.line);
                    assert_eq!(start.value(i) as usize, at.span.start);
                    assert_eq!(grid_row.is_null(i), at.grid.is_none());
                }
                None => assert!(line.is_null(i) && start.is_null(i)),
            }
            if key.1.starts_with("x.") {
                assert!(table.is_null(i));
            } else {
                assert!(!table.is_null(i));
            }
            match r.agency() {
                Some("洪泽区人民政府") => {
                    assert_eq!(body.value(i), "洪泽区人民政府");
                    assert_eq!(region.value(i), "320813");
                }
                Some("上海市科委") => assert_eq!(body.value(i), "上海市科学技术委员会"),
                _ => assert!(body.is_null(i)),
            }
        }
    }
    assert!(expected.is_empty(), "missing rows: {}", expected.len());
    assert_eq!(
        rows,
        reports
            .iter()
            .map(|r| r.cells.len() + r.extra_cells.len())
            .sum::<usize>()
    );
}

#[test]
fn parquet_wide_has_both_templates_unmapped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let reports = reports();
    let path = export(dir.path(), Format::Parquet, Shape::Wide, &reports);
    let (schema, batches, _) = read_parquet(&path);
    let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    assert_eq!(names, columns(Shape::Wide));
    // Union of the declarations, in order.
    let ids19: Vec<&str> = TemplateId::Y2019
        .get()
        .cells
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    let ids21: Vec<&str> = TemplateId::Y2021
        .get()
        .cells
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    let cell_cols = &names[13..];
    for id in ids19.iter().chain(&ids21) {
        assert!(cell_cols.iter().any(|c| c == id), "{id}");
    }
    assert!(cell_cols
        .iter()
        .all(|c| ids19.contains(&c.as_str()) || ids21.contains(&c.as_str())));
    let mut n = 0;
    for b in &batches {
        let path = col::<StringArray>(b, "path");
        let findings = col::<Int32Array>(b, "findings");
        for i in 0..b.num_rows() {
            let r = &reports[n];
            assert_eq!(path.value(i), r.source.path);
            assert_eq!(findings.value(i) as usize, n % 3 + 1);
            for id in cell_cols {
                let c = col::<Float64Array>(b, id);
                let in_template = r.template_def().is_some_and(|t| t.cell(id).is_some());
                match (in_template, r.number(id)) {
                    (true, Some(d)) => {
                        assert_eq!(c.value(i), d.to_string().parse::<f64>().expect("f64"))
                    }
                    _ => assert!(c.is_null(i), "{} {id}", r.source.path),
                }
            }
            n += 1;
        }
    }
    assert_eq!(n, reports.len());
}

#[test]
fn parquet_is_written_in_row_groups() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 41 reports × ~200 cells = ~8,000 rows: one group; 800 reports: several.
    let many: Vec<Report> = (0..20).flat_map(|_| reports()).collect();
    let path = export(dir.path(), Format::Parquet, Shape::Long, &many);
    let (_, batches, groups) = read_parquet(&path);
    let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
    assert!(rows > 128 * 1024, "{rows}");
    assert_eq!(groups, rows.div_ceil(128 * 1024));
}

#[test]
fn csv_and_jsonl_long_hold_every_value() {
    let dir = tempfile::tempdir().expect("tempdir");
    let reports = reports();
    let path = export(dir.path(), Format::Csv, Shape::Long, &reports);
    let mut expected = expected_long(&reports);
    let mut rd = csv::Reader::from_path(&path).expect("csv");
    let header: Vec<String> = rd
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header, columns(Shape::Long));
    let at = |n: &str| header.iter().position(|h| h == n).expect(n);
    for rec in rd.records() {
        let rec = rec.expect("record");
        let key = (rec[at("path")].to_string(), rec[at("cell_id")].to_string());
        let want = expected.remove(&key).expect("expected");
        let v = &rec[at("value")];
        assert_eq!(tsv_value(&rec[at("value_kind")], Some(v)), want);
    }
    assert!(expected.is_empty());

    let path = export(dir.path(), Format::Jsonl, Shape::Long, &reports);
    let mut expected = expected_long(&reports);
    for line in std::fs::read_to_string(&path).expect("read").lines() {
        let o: serde_json::Value = serde_json::from_str(line).expect("json line");
        let key = (
            o["path"].as_str().expect("path").to_string(),
            o["cell_id"].as_str().expect("id").to_string(),
        );
        let want = expected.remove(&key).expect("expected");
        assert_eq!(
            tsv_value(o["value_kind"].as_str().expect("kind"), o["value"].as_str()),
            want
        );
        if o["value_kind"] == "number" {
            assert!(o["number"].is_number());
        }
        assert!(o["year"].is_i64());
    }
    assert!(expected.is_empty());
}

#[test]
fn csv_wide_marks_and_bom() {
    let dir = tempfile::tempdir().expect("tempdir");
    let reports = reports();
    let path = dir.path().join("w.csv");
    let bodies = Bodies::default();
    let mut out = Exporter::create(
        &path,
        Options {
            format: Format::Csv,
            shape: Shape::Wide,
            bom: true,
        },
    )
    .expect("create");
    for r in &reports {
        let agency = bodies.match_report(r);
        out.write(&Entry {
            path: &r.source.path,
            report: r,
            agency: &agency,
            findings: Findings::default(),
        })
        .expect("write");
    }
    out.finish().expect("finish");
    let bytes = std::fs::read(&path).expect("read");
    assert!(bytes.starts_with(b"\xEF\xBB\xBFpath,"));
    let mut rd = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = rd.headers().expect("h").iter().map(String::from).collect();
    for (n, rec) in rd.records().enumerate() {
        let rec = rec.expect("record");
        let r = &reports[n];
        for (i, id) in header.iter().enumerate().skip(13) {
            let in_template = r.template_def().is_some_and(|t| t.cell(id).is_some());
            let want = if in_template {
                r.value(id).tsv()
            } else {
                String::new()
            };
            assert_eq!(&rec[i], want, "{} {id}", r.source.path);
        }
    }
}

#[test]
fn xlsx_has_a_frozen_typed_sheet() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = tempfile::tempdir().expect("tempdir");
    let reports = reports();
    for shape in [Shape::Long, Shape::Wide] {
        let path = export(dir.path(), Format::Xlsx, shape, &reports);
        let mut book: Xlsx<_> = open_workbook(&path).expect("xlsx");
        let sheet = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&sheet).expect("sheet");
        let header: Vec<String> = range
            .rows()
            .next()
            .expect("header")
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(header, columns(shape));
        let year = header.iter().position(|h| h == "year").expect("year");
        let second = range.rows().nth(1).expect("row");
        assert!(
            matches!(second[year], Data::Float(y) if y >= 2019.0),
            "{:?}",
            second[year]
        );
        let rows = range.rows().count() - 1;
        match shape {
            Shape::Wide => assert_eq!(rows, reports.len()),
            Shape::Long => assert_eq!(
                rows,
                reports
                    .iter()
                    .map(|r| r.cells.len() + r.extra_cells.len())
                    .sum::<usize>()
            ),
        }
    }
    // The header row is frozen.
    let path = dir.path().join("out-long.xlsx");
    let file = File::open(&path).expect("open");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").expect("sheet1"),
        &mut xml,
    )
    .expect("read");
    assert!(
        xml.contains(r#"ySplit="1""#) && xml.contains(r#"state="frozen""#),
        "{}",
        &xml[..xml.len().min(800)]
    );
}
