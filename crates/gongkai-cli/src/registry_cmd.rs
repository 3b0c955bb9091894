//! `gongkai registry`: the 依申请公开 request registry (crate
//! gongkai-registry) — register requests, record events, list what is due,
//! explain deadlines, produce tables 三 and 四, print letters.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use gongkai_calendar::Calendar;
use gongkai_model::Decimal;
use gongkai_registry::domain::{
    self, fee_per_piece, fee_per_volume, zh_date, Applicant, Case, Channel, Event, EventKind,
    FeeMethod, NewRequest, Status, DUE_SOON,
};
use gongkai_registry::letters::{self, LetterKind};
use gongkai_registry::Store;

/// 依申请公开登记簿：登记申请、记录办理过程、提醒期限、生成年报表三和表四、出具文书。
///
/// The database is a SQLite file (default ./gongkai-registry.db, or
/// $GONGKAI_DB) or a PostgreSQL URL (postgres://user@host/db). Deadlines are
/// computed on the official working-day calendar (调休 included); status is
/// derived from the recorded events, never stored by hand.
#[derive(Debug, Args)]
pub struct RegistryArgs {
    /// Database: a SQLite file path or a postgres:// URL.
    #[arg(
        long,
        global = true,
        env = "GONGKAI_DB",
        default_value = "gongkai-registry.db"
    )]
    db: String,
    /// Extra holiday notices (JSON in the shape of cn-holidays.json).
    #[arg(long, global = true)]
    holidays: Option<PathBuf>,
    #[command(subcommand)]
    command: RegistryCommand,
}

#[derive(Debug, Subcommand)]
enum RegistryCommand {
    /// 登记新申请 (register a request).
    New(NewArgs),
    /// 记录一个办理事件: 补正告知|补正到达|征求意见|意见返回|延期|收费|缴费|答复|撤回|复议|诉讼|复议后起诉|审结.
    Event(EventArgs),
    /// 列出在办申请 (open requests; --due-soon, --overdue).
    List(ListArgs),
    /// 查看一件申请：办理记录、状态、期限计算过程.
    Show(ShowArgs),
    /// 导出全部申请及办理记录为 JSON.
    Export(ExportArgs),
    /// 从 JSON 导入申请及办理记录 (each history is validated; all or nothing).
    Import(ImportArgs),
    /// 生成某年度年报的表三、表四 (a report that `gongkai check` reads).
    Report(ReportArgs),
    /// 出具文书：受理回执|补正告知书|延期答复告知书|收费通知书|答复书.
    Letter(LetterArgs),
    /// Benchmark: fill a database with generated requests and time the annual
    /// report and the due-soon list.
    Bench(BenchArgs),
}

#[derive(Debug, Args)]
struct NewArgs {
    /// 申请人姓名或名称.
    #[arg(long)]
    applicant: String,
    /// 申请人类型: 自然人|商业企业|科研机构|社会公益组织|法律服务机构|其他 (or the column id).
    #[arg(long = "type")]
    kind: String,
    /// 申请渠道: 当面|邮寄|平常信函|网络|传真|电子邮件.
    #[arg(long)]
    channel: String,
    /// 申请到达（提交、签收）日期 YYYY-MM-DD.
    #[arg(long)]
    arrived: String,
    /// 与申请人确认的日期（平常信函、网络、传真必填）.
    #[arg(long)]
    confirmed: Option<String>,
    /// 申请内容.
    #[arg(long, default_value = "")]
    content: String,
    /// 联系方式.
    #[arg(long, default_value = "")]
    contact: String,
    /// 办理机关.
    #[arg(long, env = "GONGKAI_AGENCY", default_value = "")]
    agency: String,
    /// 登记人.
    #[arg(long = "by", env = "USER", default_value = "")]
    actor: String,
    /// Print the request as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct EventArgs {
    /// 申请编号.
    id: String,
    /// 事件: 补正告知|补正到达|征求意见|意见返回|延期|收费|缴费|答复|撤回|复议|诉讼|复议后起诉|审结.
    kind: String,
    /// 事件日期 YYYY-MM-DD.
    #[arg(long)]
    on: String,
    /// 经办人.
    #[arg(long = "by", env = "USER", default_value = "")]
    actor: String,
    /// 事由（写入记录和文书）.
    #[arg(long, default_value = "")]
    reason: String,
    /// 补正告知: 补正期限 YYYY-MM-DD.
    #[arg(long)]
    until: Option<String>,
    /// 征求意见: 被征求意见的第三方或机关.
    #[arg(long, default_value = "")]
    party: String,
    /// 延期: 延长的工作日数 (≤ 20).
    #[arg(long)]
    days: Option<u32>,
    /// 收费: 按件|按量.
    #[arg(long)]
    method: Option<String>,
    /// 收费（按量）: 页数.
    #[arg(long)]
    pages: Option<u32>,
    /// 收费（按件）: 本月第几件 (default: counted from the registry).
    #[arg(long)]
    piece: Option<u32>,
    /// 答复: 表三的办理结果 (e.g. 予以公开, 部分公开, 属于国家秘密, or the row
    /// id). Repeat it for an answer whose parts are settled differently:
    /// 部分公开 takes precedence (区分处理).
    #[arg(long)]
    outcome: Vec<String>,
    /// 审结: 案件类型 行政复议|未经复议直接起诉|复议后起诉.
    #[arg(long = "case")]
    case_kind: Option<String>,
    /// 审结: 结果维持|结果纠正|其他结果.
    #[arg(long)]
    decision: Option<String>,
}

#[derive(Debug, Args)]
struct ListArgs {
    /// Only requests due within 3 working days (and overdue ones).
    #[arg(long)]
    due_soon: bool,
    /// Only overdue requests.
    #[arg(long)]
    overdue: bool,
    /// All open requests (the default).
    #[arg(long)]
    open: bool,
    /// The day to judge by (default: today).
    #[arg(long)]
    today: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct ShowArgs {
    id: String,
    #[arg(long)]
    today: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct ExportArgs {
    /// Output file (default: stdout).
    #[arg(short, long)]
    output: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct ImportArgs {
    /// A JSON file written by `registry export`.
    file: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ReportFormat {
    Json,
    Tsv,
}

#[derive(Debug, Args)]
struct ReportArgs {
    /// The year reported on.
    #[arg(long)]
    year: i32,
    #[arg(long, value_enum, default_value = "json")]
    format: ReportFormat,
    /// 机关名称 (report title and meta.agency).
    #[arg(long, env = "GONGKAI_AGENCY", default_value = "")]
    agency: String,
    /// Output file (default: stdout).
    #[arg(short, long)]
    output: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct LetterArgs {
    id: String,
    /// 受理回执|补正告知书|延期答复告知书|收费通知书|答复书.
    #[arg(long)]
    kind: String,
    /// A directory of templates overriding the built-in ones (receipt.txt,
    /// correction.txt, extension.txt, fee.txt, answer.txt; minijinja syntax).
    #[arg(long)]
    templates: Option<PathBuf>,
    #[arg(long)]
    today: Option<String>,
}

#[derive(Debug, Args)]
struct BenchArgs {
    /// Number of requests to generate (spread over 2022–2025).
    #[arg(long, default_value_t = 1_000_000)]
    requests: usize,
    /// The year whose annual report is timed.
    #[arg(long, default_value_t = 2024)]
    year: i32,
}

fn date(s: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .with_context(|| format!("日期“{s}”无效，应写作 YYYY-MM-DD"))
}

fn today(s: &Option<String>) -> anyhow::Result<NaiveDate> {
    match s {
        Some(s) => date(s),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

fn calendar(args: &RegistryArgs) -> anyhow::Result<Calendar> {
    match &args.holidays {
        Some(path) => {
            let json = std::fs::read_to_string(path)
                .with_context(|| format!("无法读取 {}", path.display()))?;
            Ok(Calendar::with_overrides_json(&json)?)
        }
        None => Ok(Calendar::official().clone()),
    }
}

fn output(path: &Option<PathBuf>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("无法写入 {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

pub fn run(args: RegistryArgs) -> anyhow::Result<u8> {
    let cal = calendar(&args)?;
    if let RegistryCommand::Bench(b) = &args.command {
        return bench(&args.db, b, cal);
    }
    let store = gongkai_registry::open(&args.db, cal)?;
    let store = store.as_ref();
    match args.command {
        RegistryCommand::New(a) => new(store, a),
        RegistryCommand::Event(a) => event(store, a),
        RegistryCommand::List(a) => list(store, a),
        RegistryCommand::Show(a) => show(store, a),
        RegistryCommand::Export(a) => {
            let cases = store.cases()?;
            let mut out = output(&a.output)?;
            serde_json::to_writer_pretty(&mut out, &cases)?;
            writeln!(out)?;
            out.flush()?;
            eprintln!("已导出{}件申请", cases.len());
            Ok(0)
        }
        RegistryCommand::Import(a) => {
            let text = std::fs::read_to_string(&a.file)
                .with_context(|| format!("无法读取 {}", a.file.display()))?;
            let cases: Vec<Case> = serde_json::from_str(&text).with_context(|| {
                format!(
                    "{} 不是 `gongkai registry export` 导出的 JSON",
                    a.file.display()
                )
            })?;
            let n = store.import(&cases)?;
            println!("已导入{n}件申请");
            Ok(0)
        }
        RegistryCommand::Report(a) => report(store, a),
        RegistryCommand::Letter(a) => {
            let case = store.case(&a.id)?;
            let kind = LetterKind::parse(&a.kind)?;
            let text = letters::render(
                &case,
                kind,
                a.templates.as_deref(),
                today(&a.today)?,
                store.calendar(),
            )?;
            print!("{text}");
            Ok(0)
        }
        RegistryCommand::Bench(_) => Ok(0),
    }
}

fn new(store: &dyn Store, a: NewArgs) -> anyhow::Result<u8> {
    let req = store.create(NewRequest {
        channel: Channel::parse(&a.channel)?,
        arrived: date(&a.arrived)?,
        confirmed: a.confirmed.as_deref().map(date).transpose()?,
        applicant: Applicant {
            name: a.applicant,
            kind: a.kind,
            contact: a.contact,
        },
        content: a.content,
        agency: a.agency,
        actor: a.actor,
    })?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&req)?);
        return Ok(0);
    }
    let state = store.case(&req.id)?.state(store.calendar())?;
    println!("{}", req.id);
    eprintln!(
        "已登记：收到申请之日{}。依据：{}",
        zh_date(req.received),
        req.channel.rule()
    );
    match state.deadline(store.calendar()) {
        Ok(d) => eprintln!("答复期限：{}", zh_date(d.due)),
        Err(e) => eprintln!("答复期限暂无法计算：{e}"),
    }
    Ok(0)
}

fn event_kind(store: &dyn Store, a: &EventArgs) -> anyhow::Result<EventKind> {
    let need = |v: &Option<String>, flag: &str| -> anyhow::Result<String> {
        v.clone()
            .with_context(|| format!("“{}”事件需要 {flag}", a.kind))
    };
    Ok(match a.kind.trim() {
        "补正" | "补正告知" => EventKind::CorrectionRequested {
            until: a.until.as_deref().map(date).transpose()?,
        },
        "补正到达" | "收到补正" => EventKind::CorrectionReceived,
        "征求意见" => EventKind::ConsultationStarted {
            party: a.party.clone(),
        },
        "意见返回" | "收到意见" => EventKind::ConsultationEnded,
        "延期" => EventKind::Extended {
            days: a.days.context("“延期”事件需要 --days N（不超过20个工作日）")?,
        },
        "收费" | "收费通知" => {
            let method = need(&a.method, "--method 按件|按量")?;
            match method.trim() {
                "按件" | "按件计收" => {
                    let case = store.case(&a.id)?;
                    let k = match a.piece {
                        Some(k) => k,
                        None => store.month_ordinal(
                            &case.request.applicant.name,
                            case.request.received,
                            &a.id,
                        )?,
                    };
                    EventKind::FeeNoticed {
                        method: FeeMethod::PerPiece,
                        quantity: k,
                        amount: Decimal::from(fee_per_piece(k)),
                    }
                }
                "按量" | "按量计收" => {
                    let pages = a.pages.context("按量计收需要 --pages N（页数）")?;
                    EventKind::FeeNoticed {
                        method: FeeMethod::PerVolume,
                        quantity: pages,
                        amount: Decimal::from(fee_per_volume(pages)),
                    }
                }
                other => bail!("收费方式“{other}”无效；可选：按件、按量（不得同时适用）"),
            }
        }
        "缴费" => EventKind::FeePaid,
        "答复" => {
            if a.outcome.is_empty() {
                bail!("“答复”事件需要 --outcome 办理结果（表三的结果，如 予以公开、部分公开、属于国家秘密）");
            }
            let parts: Vec<&str> = a.outcome.iter().map(String::as_str).collect();
            EventKind::Answered {
                outcome: domain::combine_outcomes(&parts)?.id.to_string(),
            }
        }
        "撤回" => EventKind::Withdrawn,
        "复议" | "行政复议" => EventKind::AppealFiled {
            kind: "行政复议".into(),
        },
        "诉讼" | "行政诉讼" | "未经复议直接起诉" => EventKind::AppealFiled {
            kind: "未经复议直接起诉".into(),
        },
        "复议后起诉" => EventKind::AppealFiled {
            kind: "复议后起诉".into(),
        },
        "审结" => EventKind::AppealDecided {
            kind: need(&a.case_kind, "--case 行政复议|未经复议直接起诉|复议后起诉")?,
            outcome: need(&a.decision, "--decision 结果维持|结果纠正|其他结果")?,
        },
        other => bail!(
            "事件“{other}”无效；可选：补正告知、补正到达、征求意见、意见返回、延期、收费、缴费、答复、撤回、复议、诉讼、复议后起诉、审结"
        ),
    })
}

fn event(store: &dyn Store, a: EventArgs) -> anyhow::Result<u8> {
    let kind = event_kind(store, &a)?;
    let at = date(&a.on)?;
    let now = today(&None)?;
    if at > now {
        bail!(
            "事件日期{}晚于今天（{}）；只能记录已经发生的事件",
            zh_date(at),
            zh_date(now)
        );
    }
    let event = Event {
        at,
        actor: a.actor.clone(),
        reason: a.reason.clone(),
        kind,
    };
    let described = event.describe();
    let state = store.append(&a.id, event)?;
    println!("{}：已记录 {described}", a.id);
    println!(
        "当前状态：{}",
        state.status(today(&None)?.max(state_last(&state)), store.calendar())
    );
    Ok(0)
}

/// The day to judge a just-recorded event by: not before the event itself
/// (events are often entered after the fact).
fn state_last(state: &domain::State) -> NaiveDate {
    state
        .closed
        .as_ref()
        .map(|c| c.on)
        .unwrap_or(state.received)
}

fn list(store: &dyn Store, a: ListArgs) -> anyhow::Result<u8> {
    let today = today(&a.today)?;
    let cal = store.calendar();
    let until = if a.overdue {
        Some(today.pred_opt().unwrap_or(today))
    } else if a.due_soon {
        Some(cal.add_workdays(today, DUE_SOON)?)
    } else {
        None
    };
    let mut rows = Vec::new();
    for s in store.open(until)? {
        let case = store.case(&s.id)?;
        let status = case.state(cal)?.status(today, cal);
        let keep = match &status {
            Status::Overdue { .. } => true,
            Status::DueSoon { .. } => !a.overdue,
            Status::Unknown { .. } => true,
            _ => !(a.overdue || a.due_soon),
        };
        if keep {
            rows.push((case, status));
        }
    }
    if a.json {
        let v: Vec<_> = rows
            .iter()
            .map(|(c, s)| serde_json::json!({"id": c.request.id, "applicant": c.request.applicant.name, "received": c.request.received, "status": s}))
            .collect();
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        for (c, s) in &rows {
            println!(
                "{}\t{}\t收到{}\t{}",
                c.request.id,
                c.request.applicant.name,
                zh_date(c.request.received),
                s
            );
        }
        eprintln!("共{}件", rows.len());
    }
    Ok(0)
}

fn show(store: &dyn Store, a: ShowArgs) -> anyhow::Result<u8> {
    let today = today(&a.today)?;
    let cal = store.calendar();
    let case = store.case(&a.id)?;
    let state = case.state(cal)?;
    let status = state.status(today, cal);
    let deadline = state.deadline(cal);
    if a.json {
        let v = serde_json::json!({
            "request": case.request,
            "events": case.events,
            "status": status,
            "deadline": deadline.as_ref().ok(),
        });
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(0);
    }
    let r = &case.request;
    println!("申请编号：{}", r.id);
    println!(
        "申请人：{}（{}）",
        r.applicant.name,
        domain::parse_applicant_kind(&r.applicant.kind)
            .map(|c| c.label)
            .unwrap_or("")
    );
    println!(
        "申请渠道：{}；到达{}，收到申请之日{}。依据：{}",
        r.channel,
        zh_date(r.arrived),
        zh_date(r.received),
        r.channel.rule()
    );
    if !r.content.is_empty() {
        println!("申请内容：{}", r.content);
    }
    if !r.agency.is_empty() {
        println!("办理机关：{}", r.agency);
    }
    println!("办理记录：");
    if case.events.is_empty() {
        println!("  （尚无）");
    }
    for e in &case.events {
        println!("  {}", e.describe());
    }
    println!("状态（截至{}）：{status}", zh_date(today));
    match deadline {
        Ok(d) => println!("期限计算：\n{}", d.explain(cal)?),
        Err(e) => println!("期限计算：{e}"),
    }
    Ok(0)
}

fn report(store: &dyn Store, a: ReportArgs) -> anyhow::Result<u8> {
    let annual = store.annual(a.year, &a.agency)?;
    let mut out = output(&a.output)?;
    match a.format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &annual.report)?;
            writeln!(out)?;
        }
        ReportFormat::Tsv => crate::extract_cmd::write_tsv(&mut out, &annual.report)?,
    }
    out.flush()?;
    eprintln!("{}年：{}", a.year, annual.timeliness.describe());
    Ok(0)
}

/// The registry benchmark (gongkai_registry::bench) on a fresh database.
fn bench(db: &str, b: &BenchArgs, cal: Calendar) -> anyhow::Result<u8> {
    if !db.starts_with("postgres") && std::path::Path::new(db).exists() {
        bail!("基准测试需要一个新的数据库，{db} 已存在；请用 --db 指定新文件");
    }
    let store = gongkai_registry::open(db, cal)?;
    let result = gongkai_registry::bench::run(store.as_ref(), b.requests, b.year)?;
    print!("{}", result.tsv());
    Ok(0)
}
