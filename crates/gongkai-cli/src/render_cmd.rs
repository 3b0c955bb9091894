//! `gongkai render`: a report from data in the official layout (DOCX, HTML,
//! Markdown).

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use gongkai_render::{Format, InputKind, Overrides};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RenderFormat {
    /// Word document (WordprocessingML), A4, 仿宋/宋体, merged table cells.
    Docx,
    /// A self-contained HTML page, printable on A4.
    Html,
    /// GitHub Markdown (merged cells flattened, labels repeated).
    Md,
}

/// 按正式格式生成年度报告（DOCX、HTML、Markdown）。Render a report in the official layout.
///
/// INPUT is a report in the JSON model (`gongkai extract --format json`, a
/// roll-up, `gongkai registry report`) or a hand-written TOML or JSON file
/// with the agency, the year, the text of the six sections and every cell
/// value by cell id (docs/render-input.md; examples in samples/render/).
/// `-` reads standard input.
///
/// The output has the title <机关><年度>年政府信息公开工作年度报告, the six
/// section headings in order with their text, and the three tables exactly
/// in the layout of the template (国办公开办函〔2019〕60号 or 〔2021〕30号)
/// with merged cells and table 三's 勾稽 sentence. Numbers are printed as
/// given; a blank cell stays blank, `/` stays `/`, a row whose cells are all
/// absent is left out: nothing is ever filled in with 0.
///
/// A report whose tables break a relation of the template (the 勾稽, a
/// total), or that has cells of unknown value or single absent cells, is not
/// rendered: each problem is listed with the cells and the arithmetic.
/// --allow-errors renders it anyway (the problems are still listed).
///
/// Exit status: 0 rendered; 1 refused because of the problems listed;
/// 2 the input cannot be read.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Output format.
    #[arg(long, value_enum)]
    format: RenderFormat,
    /// Output file (default: standard output; a DOCX is not written to a terminal).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Render even when relations are broken or cells cannot be printed.
    #[arg(long)]
    allow_errors: bool,
    /// The agency printed in the title (overrides the input's).
    #[arg(long)]
    agency: Option<String>,
    /// The year reported on (overrides the input's).
    #[arg(long)]
    year: Option<i32>,
    /// A supplement in the hand-written format (TOML or JSON with any of
    /// `preamble`, `date`, `[sections]`, `[cells]`) that completes the
    /// input: e.g. the section texts of a report JSON, which carries none,
    /// or table 二 typed by hand next to tables 三 and 四 from `gongkai
    /// registry report`. What it gives replaces the input's.
    #[arg(long = "with", value_name = "FILE")]
    with: Option<PathBuf>,
    /// Which report to render when the input holds several (a roll-up
    /// with several groups, an array of reports), counted from 1.
    #[arg(long, value_name = "N")]
    pick: Option<usize>,
    /// The input file (report JSON, or hand-written TOML/JSON); `-` for stdin.
    input: PathBuf,
}

pub fn run(args: RenderArgs) -> anyhow::Result<u8> {
    let text = if args.input.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("无法从标准输入读取 UTF-8 文本")?;
        s
    } else {
        std::fs::read_to_string(&args.input).with_context(|| {
            format!(
                "无法读取 {}（需要 UTF-8 编码的 JSON 或 TOML 文件）",
                args.input.display()
            )
        })?
    };
    let overrides = Overrides {
        agency: args.agency.clone(),
        year: args.year,
        pick: args.pick,
    };
    let (mut doc, kind) = gongkai_render::parse(&text, &overrides)
        .with_context(|| format!("{} 不能用于排版", args.input.display()))?;
    if let Some(path) = &args.with {
        let text = std::fs::read_to_string(path).with_context(|| {
            format!(
                "无法读取补充文件 {}（需要 UTF-8 编码的 TOML 或 JSON）",
                path.display()
            )
        })?;
        gongkai_render::apply_supplement(&mut doc, &text)
            .with_context(|| format!("{} 不能用作补充", path.display()))?;
    }
    for t in gongkai_render::empty_tables(&doc) {
        eprintln!(
            "提示：表{}（{}）没有数据（所有单元格缺项），只印出表头；数据可用 --with 文件的 [cells] 补上。",
            ["二", "三", "四"][usize::from(t.section()).saturating_sub(2).min(2)],
            doc.template.get().table(t).heading
        );
    }
    let problems = gongkai_render::problems(&doc);
    if !problems.is_empty() {
        let broken = problems.iter().filter(|p| p.broken_relation).count();
        eprintln!(
            "{}：{} 条勾稽/合计关系不成立，{} 个单元格无法如实印出：",
            args.input.display(),
            broken,
            problems.len() - broken
        );
        for p in &problems {
            eprintln!("  - {}", p.message);
        }
        if !args.allow_errors {
            eprintln!("未生成报告：请更正以上数据；如确需按原样排版，加 --allow-errors。");
            return Ok(1);
        }
        eprintln!("已按 --allow-errors 照原样排版。");
    }
    if kind == InputKind::Report && doc.sections.is_empty() {
        eprintln!(
            "提示：报告 JSON 不含各部分的正文，生成的报告只有标题、章节标题和表格；正文可用 --with 文件提供（见 docs/render-input.md）。"
        );
    }
    let format = match args.format {
        RenderFormat::Docx => Format::Docx,
        RenderFormat::Html => Format::Html,
        RenderFormat::Md => Format::Markdown,
    };
    let bytes = gongkai_render::render(&doc, format);
    match &args.output {
        Some(path) => {
            std::fs::write(path, &bytes).with_context(|| format!("无法写入 {}", path.display()))?
        }
        None => {
            let stdout = std::io::stdout();
            if format == Format::Docx && stdout.is_terminal() {
                anyhow::bail!(
                    "DOCX 是二进制文件，不能输出到终端：请用 -o 文件名.docx 指定输出文件"
                );
            }
            let mut lock = stdout.lock();
            lock.write_all(&bytes).context("无法写到标准输出")?;
            lock.flush().context("无法写到标准输出")?;
        }
    }
    Ok(0)
}
