//! `gongkai synth`.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use gongkai_model::TemplateId;
use gongkai_synth::{Format, Layout, Spec};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SynthTemplate {
    /// 国办公开办函〔2019〕60号 (reports on 2019 or 2020).
    #[value(name = "2019")]
    Y2019,
    /// 国办公开办函〔2021〕30号 (reports on a year from 2021 to 2024).
    #[value(name = "2021")]
    Y2021,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SynthLayout {
    /// Each cell on its own tab-indented line, an empty line between rows.
    CellPerLine,
    /// One row per line, cells separated by tabs.
    Tab,
    /// Rows as `| a | b |`.
    Pipe,
    /// Columns padded with two or more spaces, as `pdftotext -layout` prints them.
    Aligned,
    /// The body as one paragraph, labels and values glued with no separator.
    Run,
    /// Real tables: HTML `<table>` with rowspan/colspan, or DOCX `w:tbl`.
    Html,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SynthFormat {
    /// Plain UTF-8 text (layouts cell-per-line, tab, pipe, aligned, run).
    Txt,
    /// An HTML page (layouts html, pipe, run).
    Html,
    /// A DOCX file (layouts html, pipe, run).
    Docx,
    /// An XLSX workbook: the report on one worksheet, tables with merged
    /// cells and numbers stored as numbers (layout html).
    Xlsx,
}

/// 生成带真值文件的模拟年度报告。Generate synthetic reports with truth files.
///
/// Writes N realistic reports (title, 统计期限, the six sections with
/// narrative, the three tables with the template's labels, signature and a
/// publication date in January of the next year) into DIR as
/// synth-TEMPLATE-LAYOUT-SEED-NNNN.EXT, each with its truth file
/// synth-…-NNNN.truth.tsv in the format of the shared corpus. The tables hold
/// random numbers that satisfy every report-scope relation of the template
/// (blank cells stand for zeros): mostly zeros with occasional multi-digit
/// values, blank cells and `/` marks; a few reports leave out a row (truth
/// `-`) or print a 2021 table with the single （六）其他处理 row (`x.` lines).
///
/// In the run layout the truth writes `V|?` for exactly the cells whose digit
/// runs the relations and the narrative leave undetermined. HTML and DOCX
/// collapse whitespace, so they carry the html, pipe and run layouts only,
/// and XLSX the html layout (real tables) only; --format defaults to txt
/// (html for the html layout).
///
/// The reports of one batch are by different agencies (up to 27000 reports),
/// so `gongkai check` does not pair them as consecutive years of one body.
/// The same --seed gives the same files (report i depends only on the seed
/// and i). Files in DIR with the same names are replaced; nothing is written
/// outside DIR.
#[derive(Debug, Args)]
pub struct SynthArgs {
    /// Number of reports.
    #[arg(long, default_value_t = 1)]
    count: usize,
    /// Template of the reports.
    #[arg(long, value_enum, default_value = "2021")]
    template: SynthTemplate,
    /// How the tables are printed.
    #[arg(long, value_enum, default_value = "tab")]
    layout: SynthLayout,
    /// File format (default: txt, or html for the html layout).
    #[arg(long, value_enum)]
    format: Option<SynthFormat>,
    /// Output directory (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Seed of the random numbers.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Break one or more report-scope relations on purpose in every report;
    /// the truth file names them in a `#` comment.
    #[arg(long)]
    break_relations: bool,
}

pub fn run(args: SynthArgs) -> anyhow::Result<u8> {
    let template = match args.template {
        SynthTemplate::Y2019 => TemplateId::Y2019,
        SynthTemplate::Y2021 => TemplateId::Y2021,
    };
    let layout = match args.layout {
        SynthLayout::CellPerLine => Layout::CellPerLine,
        SynthLayout::Tab => Layout::Tab,
        SynthLayout::Pipe => Layout::Pipe,
        SynthLayout::Aligned => Layout::Aligned,
        SynthLayout::Run => Layout::Run,
        SynthLayout::Html => Layout::Html,
    };
    let format = match args.format {
        None => layout.default_format(),
        Some(SynthFormat::Txt) => Format::Txt,
        Some(SynthFormat::Html) => Format::Html,
        Some(SynthFormat::Docx) => Format::Docx,
        Some(SynthFormat::Xlsx) => Format::Xlsx,
    };
    let spec = Spec::new(template, layout, format)?.with_break_relations(args.break_relations);
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("无法创建目录 {}", args.out.display()))?;
    // Where this batch starts among the agency names: far from batches of
    // other seeds, templates, layouts and formats.
    let batch = [
        args.seed,
        template as u64,
        args.layout as u64,
        format as u64,
    ]
    .iter()
    .fold(0x9E37_79B9_7F4A_7C15u64, |h, &x| {
        (h ^ x).wrapping_mul(0xBF58_476D_1CE4_E5B9).rotate_left(31)
    });
    let mut broken = 0usize;
    for i in 0..args.count {
        let stem = format!("synth-{template}-{layout}-{}-{i:04}", args.seed);
        // Different agencies within a batch.
        let agency = batch.wrapping_add(i as u64) % gongkai_synth::AGENCY_NAMES;
        let spec = spec.clone().with_name(stem).with_agency(agency);
        let mut rng = gongkai_synth::seeded(args.seed, i as u64);
        let s = gongkai_synth::generate(&spec, &mut rng);
        broken += s.broken.len();
        // The names are ours (no path separators): files land inside DIR.
        let path = args.out.join(&s.name);
        std::fs::write(&path, &s.bytes).with_context(|| format!("无法写入 {}", path.display()))?;
        let truth = args.out.join(s.truth_name());
        std::fs::write(&truth, &s.truth_tsv)
            .with_context(|| format!("无法写入 {}", truth.display()))?;
    }
    let broken_note = if args.break_relations {
        format!("，共破坏 {broken} 条勾稽关系")
    } else {
        String::new()
    };
    println!(
        "gongkai synth: 已在 {} 生成 {} 份报告及真值文件（{template} 模板，{layout} 版式，{format} 格式，种子 {}{broken_note}）",
        args.out.display(),
        args.count,
        args.seed
    );
    Ok(0)
}
