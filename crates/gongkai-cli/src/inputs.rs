//! What the user named on the command line, expanded into report sources:
//! files, directories (recursively), glob patterns and zip archives of
//! reports. Every source is read in isolation: one bad file never stops a
//! batch.

use std::io::Read;
use std::path::{Path, PathBuf};

use gongkai_ingest::{IngestError, Limits};

/// Extensions of the files a directory or archive is searched for.
/// `.json` files hold reports already extracted (`gongkai extract --format
/// json`).
pub const REPORT_EXTENSIONS: [&str; 19] = [
    "txt", "text", "html", "htm", "xhtml", "shtml", "pdf", "docx", "doc", "dot", "wps", "wpt",
    "xlsx", "xlsm", "xlsb", "xls", "et", "ods", "json",
];

/// Whether a file found in a directory looks like a report by its name
/// (truth files and hidden files are not).
pub fn is_report_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| REPORT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        && !name.ends_with(".truth.tsv")
        && !name.starts_with('.')
}

/// One report to read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// A file on disk.
    File(PathBuf),
    /// A member of a zip archive.
    Zipped { archive: PathBuf, name: String },
    /// Something named that could not be turned into a report source.
    Missing { shown: String, reason: String },
}

impl Source {
    /// How the source is shown to the user and in outputs.
    pub fn shown(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Zipped { archive, name } => format!("{}!{}", archive.display(), name),
            Source::Missing { shown, .. } => shown.clone(),
        }
    }

    /// The source's bytes (zip members decompressed with a size cap).
    pub fn bytes(&self, limits: &Limits) -> Result<Vec<u8>, IngestError> {
        match self {
            Source::File(p) => {
                let meta = std::fs::metadata(p)?;
                if meta.len() > limits.max_bytes {
                    return Err(IngestError::TooLarge {
                        size: meta.len(),
                        limit: limits.max_bytes,
                    });
                }
                Ok(std::fs::read(p)?)
            }
            Source::Zipped { archive, name } => read_member(archive, name, limits),
            Source::Missing { reason, .. } => Err(IngestError::Io(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                reason.clone(),
            ))),
        }
    }

    /// Whether the source holds reports saved as JSON (by its extension).
    pub fn is_json(&self) -> bool {
        self.name()
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    }

    /// The file name (for format sniffing by extension as a tie-breaker).
    pub fn name(&self) -> PathBuf {
        match self {
            Source::File(p) => p.clone(),
            Source::Zipped { name, .. } => PathBuf::from(name),
            Source::Missing { shown, .. } => PathBuf::from(shown),
        }
    }
}

fn is_zip(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

fn has_glob_chars(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Expand the command line into sources, in a deterministic order: each
/// argument's sources sorted, arguments in the order given, duplicates
/// dropped.
pub fn expand(args: &[PathBuf]) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    let mut seen: std::collections::HashSet<Source> = std::collections::HashSet::new();
    for arg in args {
        let mut found: Vec<Source> = Vec::new();
        let shown = arg.display().to_string();
        if arg.is_dir() {
            walk(arg, &mut found);
        } else if arg.is_file() {
            if is_zip(arg) {
                zip_members(arg, &mut found);
            } else {
                found.push(Source::File(arg.clone()));
            }
        } else if has_glob_chars(&shown) {
            match glob::glob(&shown) {
                Ok(paths) => {
                    for p in paths.flatten() {
                        if p.is_dir() {
                            walk(&p, &mut found);
                        } else if is_zip(&p) {
                            zip_members(&p, &mut found);
                        } else {
                            found.push(Source::File(p));
                        }
                    }
                    if found.is_empty() {
                        found.push(Source::Missing {
                            shown: shown.clone(),
                            reason: "没有文件与该模式匹配".into(),
                        });
                    }
                }
                Err(e) => found.push(Source::Missing {
                    shown: shown.clone(),
                    reason: format!("模式无效：{e}"),
                }),
            }
        } else {
            found.push(Source::Missing {
                shown: shown.clone(),
                reason: "文件或目录不存在".into(),
            });
        }
        found.sort();
        for s in found {
            if seen.insert(s.clone()) {
                out.push(s);
            }
        }
    }
    out
}

/// Report files below a directory (zip archives opened), recursively.
fn walk(dir: &Path, out: &mut Vec<Source>) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            out.push(Source::Missing {
                shown: d.display().to_string(),
                reason: "无法读取目录".into(),
            });
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push(path),
                Ok(t) if t.is_file() && is_zip(&path) => zip_members(&path, out),
                Ok(t) if t.is_file() && is_report_file(&path) => out.push(Source::File(path)),
                _ => {}
            }
        }
    }
}

/// Most members listed from one archive.
const MAX_MEMBERS: usize = 100_000;

fn zip_members(archive: &Path, out: &mut Vec<Source>) {
    let listed = std::fs::File::open(archive)
        .map_err(|e| e.to_string())
        .and_then(|f| zip::ZipArchive::new(f).map_err(|e| e.to_string()));
    let mut zip = match listed {
        Ok(z) => z,
        Err(e) => {
            out.push(Source::Missing {
                shown: archive.display().to_string(),
                reason: format!("无法打开压缩包：{e}"),
            });
            return;
        }
    };
    for i in 0..zip.len().min(MAX_MEMBERS) {
        let Ok(member) = zip.by_index_raw(i) else {
            continue;
        };
        if member.is_dir() {
            continue;
        }
        let Ok(name) = member.name() else { continue };
        let name = name.to_string();
        if name.starts_with("__MACOSX/") {
            continue;
        }
        if is_report_file(Path::new(&name)) {
            out.push(Source::Zipped {
                archive: archive.to_path_buf(),
                name,
            });
        }
    }
}

/// Decompress one member, refusing more than the size limit (a zip bomb
/// declares a small size and inflates to gigabytes: the cap is on what is
/// actually read).
fn read_member(archive: &Path, name: &str, limits: &Limits) -> Result<Vec<u8>, IngestError> {
    let file = std::fs::File::open(archive)?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| IngestError::Corrupt {
        what: "ZIP".into(),
        detail: e.to_string(),
    })?;
    let member = zip.by_name(name).map_err(|e| IngestError::Corrupt {
        what: "ZIP".into(),
        detail: e.to_string(),
    })?;
    let mut bytes = Vec::new();
    member
        .take(limits.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| IngestError::Corrupt {
            what: "ZIP".into(),
            detail: e.to_string(),
        })?;
    if bytes.len() as u64 > limits.max_bytes {
        return Err(IngestError::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_bytes,
        });
    }
    Ok(bytes)
}
