//! Synthetic 政府信息公开工作年度报告 for tests and benchmarks.
//!
//! [`generate`] writes one realistic report in memory — title
//! `XX市XX局YYYY年度政府信息公开工作年度报告`, a preamble with the 统计期限, the
//! six numbered sections with narrative, the three tables of the template
//! with its own labels, the signature and a publication date in January of
//! the next year — together with its truth file in the format of the shared
//! corpus (`meta.template`, `meta.year`, `meta.agency`, then every cell id
//! in template order; `#` comments; `x.` lines for a non-standard row).
//!
//! Everything about the tables comes from [`TemplateId::get`]: the labels,
//! row paths, columns and cell kinds, and the relations. The random tables
//! satisfy every report-scope relation (blank cells stand for zeros, so a
//! relation touching one is undecidable, not broken), unless
//! [`Spec::with_break_relations`] asks for one or more relations to be broken
//! on purpose; the truth file then names every broken relation in a comment.
//!
//! Values are mostly zeros with occasional multi-digit numbers, signed
//! 本年增/减 values (2019 template), 万元 amounts with decimals, and — except in
//! the `run` layout, which cannot show them — occasional blank cells and
//! not-applicable marks (`/`, `—`, `无`; the truth says `/`), thousands
//! separators and `万元` suffixes. A few reports leave out a row of table 二
//! (truth `-`) or, in the 2021 template, print the single 2019-style
//! （六）其他处理 row (truth `-` for `other.*`, values under `x.apply.other.*`).
//!
//! Layouts ([`Layout`]): one cell per line, tab-separated rows, pipe rows,
//! whitespace-aligned columns as `pdftotext -layout` prints them, one
//! paragraph with every label and value glued together (`run`), and real
//! tables (`html`: `<table>` with rowspan/colspan, or a DOCX `w:tbl` with
//! gridSpan/vMerge). The text layouts keep the quirks of text exports: a
//! merged-over cell is an empty cell (cell per line, tab), narrow column
//! headers are sometimes broken in two (`商业 企业`), the title sometimes
//! wraps, and an aligned table may carry a page number. Containers
//! ([`Format`]): plain text, an HTML page, a DOCX file. HTML and DOCX
//! collapse runs of whitespace as browsers and Word do, so they carry the
//! `html`, `pipe` and `run` layouts only (see [`Layout::formats`]).
//!
//! In the `run` layout a digit run can have several cuts. The truth is exact
//! there too: every run is cut with [`gongkai_extract::solver::segment`],
//! and a cell is written `V|?` exactly when the readings that satisfy the
//! most relations, then agree with the most numbers the narrative states
//! (rows first pruned by their own relations, as the extractor does),
//! disagree on it. Tables whose runs allow too many combinations to decide
//! (or, with broken relations, where another reading fits better than the
//! printed one) are drawn again with smaller numbers, so the run layout is
//! single-digit-heavy.
//!
//! Agencies are fictitious (`临江市教育局`: [`AGENCY_NAMES`] city × bureau
//! combinations), drawn at random or picked by number with
//! [`Spec::with_agency`]. Generation is deterministic given the random
//! number generator; the `gongkai synth` command uses [`seeded`].
//!
//! ```
//! use gongkai_model::TemplateId;
//! use gongkai_synth::{generate, seeded, Format, Layout, Spec};
//!
//! let spec = Spec::new(TemplateId::Y2019, Layout::Html, Format::Docx)
//!     .unwrap()
//!     .with_break_relations(true);
//! let report = generate(&spec, &mut seeded(42, 0));
//! assert!(report.name.ends_with(".docx"));
//! assert!(report.truth_tsv.starts_with("meta.template\t2019\n"));
//! assert!(!report.broken.is_empty());
//! ```

mod analysis;
mod docx;
mod grid;
mod html;
mod narrative;
mod text;
mod truth;
mod values;
mod xlsx;

use std::fmt;

use gongkai_model::TemplateId;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub use truth::{accepts, parse_truth, TruthCell};

/// How many different agency names the generator knows (city × bureau).
pub const AGENCY_NAMES: u64 = narrative::AGENCIES;

/// How the three tables are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// Each cell on its own tab-indented line, an empty line between rows
    /// (Word's "save as text"); merged cells leave empty cells.
    CellPerLine,
    /// One row per line, cells separated by tabs.
    Tab,
    /// Markdown-like rows `| a | b |`.
    Pipe,
    /// Columns padded with two or more spaces, as `pdftotext -layout` prints
    /// a PDF table.
    Aligned,
    /// The whole body in one paragraph, every label and value glued together
    /// with no separator (a web page flattened by copy and paste).
    Run,
    /// Real tables: HTML `<table>` with rowspan/colspan, or DOCX `w:tbl`
    /// with gridSpan/vMerge.
    Html,
}

impl Layout {
    pub const ALL: [Layout; 6] = [
        Layout::CellPerLine,
        Layout::Tab,
        Layout::Pipe,
        Layout::Aligned,
        Layout::Run,
        Layout::Html,
    ];

    /// The name used on the command line (`cell-per-line`, `tab`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::CellPerLine => "cell-per-line",
            Layout::Tab => "tab",
            Layout::Pipe => "pipe",
            Layout::Aligned => "aligned",
            Layout::Run => "run",
            Layout::Html => "html",
        }
    }

    pub fn parse(s: &str) -> Option<Layout> {
        Layout::ALL.into_iter().find(|l| l.as_str() == s.trim())
    }

    /// The formats that can carry this layout. HTML and DOCX collapse
    /// whitespace (tabs, runs of spaces, empty lines), so the whitespace
    /// layouts exist as plain text only; real tables need HTML or DOCX.
    pub fn formats(self) -> &'static [Format] {
        match self {
            Layout::CellPerLine | Layout::Tab | Layout::Aligned => &[Format::Txt],
            Layout::Pipe | Layout::Run => &[Format::Txt, Format::Html, Format::Docx],
            Layout::Html => &[Format::Html, Format::Docx, Format::Xlsx],
        }
    }

    /// The first of [`Layout::formats`].
    pub fn default_format(self) -> Format {
        self.formats()[0]
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The container the report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// UTF-8 plain text.
    Txt,
    /// An HTML page (UTF-8) with a navigation bar around the article.
    Html,
    /// A minimal valid DOCX (ZIP with `[Content_Types].xml`, `_rels/.rels`,
    /// `word/document.xml`).
    Docx,
    /// A workbook with the report on one worksheet: paragraphs in the first
    /// column, tables with merged cells and numbers stored as numbers.
    Xlsx,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Txt, Format::Html, Format::Docx, Format::Xlsx];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
        }
    }

    /// The file extension (without the dot).
    pub fn extension(self) -> &'static str {
        self.as_str()
    }

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == s.trim())
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How large the numbers are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Magnitude {
    /// A mix of quiet, small, medium and large bodies (in the `run` layout:
    /// mostly quiet and small ones).
    Realistic,
    /// Every number printed is a single digit (0–9), totals included, and
    /// amounts and 增/减 values are whole and non-negative: every digit run
    /// has exactly one cut.
    SingleDigit,
    /// Counts are 0 in about two cells of three, else 1..=N (totals may be
    /// larger); amounts and 增/减 values stay small.
    UpTo(u32),
}

/// What to generate. Build with [`Spec::new`], which rejects a layout the
/// format cannot carry.
#[derive(Debug, Clone)]
pub struct Spec {
    template: TemplateId,
    layout: Layout,
    format: Format,
    break_relations: bool,
    magnitude: Magnitude,
    ambiguous: bool,
    agency: Option<u64>,
    name: String,
}

/// A layout the format cannot carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    pub layout: Layout,
    pub format: Format,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ok: Vec<&str> = self.layout.formats().iter().map(|f| f.as_str()).collect();
        write!(
            f,
            "layout {} cannot be written as {} (possible: {})",
            self.layout,
            self.format,
            ok.join(", ")
        )
    }
}

impl std::error::Error for SpecError {}

impl Spec {
    /// A report of `template` with its tables in `layout`, written as `format`.
    pub fn new(template: TemplateId, layout: Layout, format: Format) -> Result<Spec, SpecError> {
        if !layout.formats().contains(&format) {
            return Err(SpecError { layout, format });
        }
        Ok(Spec {
            template,
            layout,
            format,
            break_relations: false,
            magnitude: Magnitude::Realistic,
            ambiguous: false,
            agency: None,
            name: format!("synth-{}-{}", template, layout),
        })
    }

    /// Break one or more randomly chosen report-scope relations (each by
    /// changing one printed number); the truth file lists every relation
    /// that ends up broken.
    pub fn with_break_relations(mut self, yes: bool) -> Spec {
        self.break_relations = yes;
        self
    }

    pub fn with_magnitude(mut self, m: Magnitude) -> Spec {
        self.magnitude = m;
        self
    }

    /// In the `run` layout, keep tables whose digit runs allow too many
    /// combinations to analyse instead of drawing them again; every cell of
    /// such a run is then written `V|?` (the value is right, `?` is also
    /// accepted), and a `#` comment says the truth is not exact there. For
    /// property tests that only need the true values.
    pub fn with_ambiguous(mut self, yes: bool) -> Spec {
        self.ambiguous = yes;
        self
    }

    /// Take agency number `n` (of [`AGENCY_NAMES`], counted modulo) instead
    /// of a random one: consecutive numbers give different agencies, so a
    /// batch numbered this way has no two reports of one agency that the
    /// checker's cross-year rules would pair.
    pub fn with_agency(mut self, n: u64) -> Spec {
        self.agency = Some(n);
        self
    }

    /// The file name stem (the report is `STEM.EXT`, its truth `STEM.truth.tsv`).
    pub fn with_name(mut self, stem: impl Into<String>) -> Spec {
        self.name = stem.into();
        self
    }

    pub fn template(&self) -> TemplateId {
        self.template
    }

    pub fn layout(&self) -> Layout {
        self.layout
    }

    pub fn format(&self) -> Format {
        self.format
    }

    pub fn break_relations(&self) -> bool {
        self.break_relations
    }

    pub fn magnitude(&self) -> Magnitude {
        self.magnitude
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

/// A generated report.
#[derive(Debug, Clone)]
pub struct Synth {
    /// The file name, `STEM.EXT`.
    pub name: String,
    /// The file's content.
    pub bytes: Vec<u8>,
    /// The truth file's content (`STEM.truth.tsv`).
    pub truth_tsv: String,
    /// Every template cell in template order, then the `x.` cells: the value
    /// as printed (number, blank, `/`, absent) and whether the text
    /// determines it (`false` only for `V|?` cells of digit runs).
    pub report_values: Vec<TruthCell>,
    pub template: TemplateId,
    /// The year reported on.
    pub year: i32,
    pub agency: String,
    /// Ids of the relations broken on purpose (empty unless asked for).
    pub broken: Vec<String>,
}

impl Synth {
    /// The truth file's name, `STEM.truth.tsv`.
    pub fn truth_name(&self) -> String {
        let stem = self
            .name
            .rsplit_once('.')
            .map(|(s, _)| s)
            .unwrap_or(&self.name);
        format!("{stem}.truth.tsv")
    }
}

/// A random number generator for report `index` of a batch drawn with
/// `seed`: the same report whatever the batch size.
pub fn seeded(seed: u64, index: u64) -> ChaCha8Rng {
    use rand::SeedableRng;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index);
    rng
}

/// Generate one report and its truth.
pub fn generate<R: Rng + ?Sized>(spec: &Spec, rng: &mut R) -> Synth {
    let def = spec.template.get();
    let people = narrative::People::draw(spec.template, rng, spec.agency);
    let drawn = values::draw(def, spec, rng);
    let doc = narrative::document(def, &people, &drawn.table, spec.layout, rng);
    let bytes = match (spec.layout, spec.format) {
        (Layout::Html, Format::Html) => html::page(&people.title, &doc, None, rng),
        // Spreadsheets hold real tables only (Spec::new refuses the text layouts).
        (_, Format::Xlsx) => xlsx::document(&doc),
        (Layout::Html, _) => docx::document(&doc, None, people.docx_time()),
        (layout, Format::Html) => {
            let lines = text::lines(&doc, layout, rng);
            html::page(&people.title, &doc, Some(&lines), rng)
        }
        (layout, Format::Docx) => {
            let lines = text::lines(&doc, layout, rng);
            docx::document(&doc, Some(&lines), people.docx_time())
        }
        (layout, Format::Txt) => {
            let lines = text::lines(&doc, layout, rng);
            let mut s = lines.join("\n");
            s.push('\n');
            s.into_bytes()
        }
    };
    let report_values = truth::cells(def, &drawn);
    let truth_tsv = truth::write(spec, &people, &drawn, &report_values);
    Synth {
        name: format!("{}.{}", spec.name, spec.format.extension()),
        bytes,
        truth_tsv,
        report_values,
        template: spec.template,
        year: people.year,
        agency: people.agency.clone(),
        broken: drawn.broken.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_specs() -> Vec<Spec> {
        let mut out = Vec::new();
        for t in TemplateId::ALL {
            for l in Layout::ALL {
                for &f in l.formats() {
                    out.push(Spec::new(t, l, f).unwrap());
                }
            }
        }
        out
    }

    #[test]
    fn deterministic_given_the_seed() {
        for spec in all_specs() {
            for brk in [false, true] {
                let spec = spec.clone().with_break_relations(brk);
                let a = generate(&spec, &mut seeded(7, 3));
                let b = generate(&spec, &mut seeded(7, 3));
                assert_eq!(a.bytes, b.bytes);
                assert_eq!(a.truth_tsv, b.truth_tsv);
                let c = generate(&spec, &mut seeded(8, 3));
                assert_ne!(a.truth_tsv, c.truth_tsv);
            }
        }
    }

    #[test]
    fn truth_lists_every_cell_in_template_order() {
        for spec in all_specs() {
            for seed in 0..20 {
                let s = generate(&spec, &mut seeded(seed, 0));
                let lines = parse_truth(&s.truth_tsv);
                assert_eq!(
                    lines[0],
                    ("meta.template".into(), spec.template().to_string())
                );
                assert_eq!(lines[1], ("meta.year".into(), s.year.to_string()));
                assert_eq!(lines[2], ("meta.agency".into(), s.agency.clone()));
                let def = spec.template().get();
                let ids: Vec<&str> = lines[3..].iter().map(|(k, _)| k.as_str()).collect();
                let (x, plain): (Vec<&str>, Vec<&str>) =
                    ids.iter().partition(|k| k.starts_with("x."));
                let want: Vec<&str> = def.cells.iter().map(|c| c.id.as_str()).collect();
                assert_eq!(plain, want);
                assert!(
                    x.is_empty()
                        || x.len()
                            == def.table(gongkai_model::TableId::Apply).blocks[0]
                                .columns
                                .len()
                );
                assert!(s
                    .truth_tsv
                    .lines()
                    .any(|l| l.starts_with("# generated by gongkai synth")));
            }
        }
    }

    #[test]
    fn relations_hold_unless_broken_on_purpose() {
        use gongkai_model::{Evaluation, Scope};
        for spec in all_specs() {
            for seed in 0..20 {
                for brk in [false, true] {
                    let spec = spec.clone().with_break_relations(brk);
                    let s = generate(&spec, &mut seeded(seed, 1));
                    let def = spec.template().get();
                    let value = |id: &str| {
                        s.report_values
                            .iter()
                            .find(|c| c.id == id)
                            .and_then(|c| c.value.number())
                    };
                    let broken: Vec<String> = def
                        .relations_of(Scope::Report)
                        .filter(|r| {
                            matches!(r.evaluate(|t| value(&t.cell)), Evaluation::Broken { .. })
                        })
                        .map(|r| r.id.clone())
                        .collect();
                    assert_eq!(broken, s.broken, "{spec:?} seed {seed}");
                    if brk {
                        assert!(!s.broken.is_empty(), "{spec:?} seed {seed}");
                        assert!(s.truth_tsv.contains("# relations broken on purpose"));
                    }
                }
            }
        }
    }

    #[test]
    fn rejects_layouts_the_format_cannot_carry() {
        assert!(Spec::new(TemplateId::Y2021, Layout::Tab, Format::Docx).is_err());
        assert!(Spec::new(TemplateId::Y2021, Layout::Html, Format::Txt).is_err());
        assert!(Spec::new(TemplateId::Y2021, Layout::Run, Format::Html).is_ok());
    }

    #[test]
    fn the_narrative_agrees_with_the_tables() {
        // The extractor reads the narrative's statements; each must equal the cell.
        for spec in all_specs() {
            for seed in 0..10 {
                let s = generate(&spec, &mut seeded(seed, 2));
                if spec.format() != Format::Txt {
                    continue;
                }
                let text = String::from_utf8(s.bytes.clone()).unwrap();
                let norm = gongkai_extract::norm::Normalized::new(&text, 0);
                let def = spec.template().get();
                for f in gongkai_extract::narrative::facts(&norm, &[]) {
                    if let Some(c) = s.report_values.iter().find(|c| c.id == f.quantity) {
                        assert_eq!(
                            c.value.number(),
                            Some(f.value),
                            "{} in {spec:?} {seed}",
                            f.quantity
                        );
                    } else {
                        assert!(def.cell_index(f.quantity).is_none());
                    }
                }
            }
        }
    }
}
