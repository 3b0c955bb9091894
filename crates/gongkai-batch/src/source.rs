//! Report sources: what a user named on the command line (files,
//! directories searched recursively, glob patterns, zip archives) or sent
//! to the web app (a file's bytes with its name, a zip archive of reports),
//! expanded into single reports to read. Every source is read in isolation:
//! one bad file never stops a batch.
//!
//! A source held in memory is never written to the file system, and its
//! name (an upload's file name, a zip member's path) is only shown and used
//! as a format hint — it never becomes a path that is opened.

use std::io::{Cursor, Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use gongkai_ingest::{IngestError, Limits};

/// Extensions of the files a directory or archive is searched for.
/// `.json` files hold reports already extracted (`gongkai extract --format
/// json`).
pub const REPORT_EXTENSIONS: [&str; 19] = [
    "txt", "text", "html", "htm", "xhtml", "shtml", "pdf", "docx", "doc", "dot", "wps", "wpt",
    "xlsx", "xlsm", "xlsb", "xls", "et", "ods", "json",
];

/// Most members listed from one archive.
pub const MAX_MEMBERS: usize = 100_000;

/// Whether a file found in a directory or archive looks like a report by
/// its name (truth files and hidden files are not).
pub fn is_report_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| REPORT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        && !name.ends_with(".truth.tsv")
        && !name.starts_with('.')
}

/// One report to read (or several, for a JSON array of saved reports).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// A file on disk.
    File(PathBuf),
    /// A member of a zip archive on disk.
    Zipped { archive: PathBuf, name: String },
    /// Bytes held in memory (an uploaded file) with the name they are shown by.
    Memory { name: String, bytes: Arc<[u8]> },
    /// A member of a zip archive held in memory (an uploaded archive).
    ZippedMemory {
        archive: String,
        bytes: Arc<[u8]>,
        name: String,
    },
    /// Something named that could not be turned into a report source.
    Missing { shown: String, reason: String },
}

impl Source {
    /// How the source is shown to the user and in outputs.
    pub fn shown(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Zipped { archive, name } => format!("{}!{}", archive.display(), name),
            Source::Memory { name, .. } => name.clone(),
            Source::ZippedMemory { archive, name, .. } => format!("{archive}!{name}"),
            Source::Missing { shown, .. } => shown.clone(),
        }
    }

    /// The source's bytes (zip members decompressed with a size cap).
    pub fn bytes(&self, limits: &Limits) -> Result<Vec<u8>, IngestError> {
        match self {
            Source::File(p) => {
                let meta = std::fs::metadata(p)?;
                check_size(meta.len(), limits)?;
                Ok(std::fs::read(p)?)
            }
            Source::Zipped { archive, name } => {
                read_member(std::fs::File::open(archive)?, name, limits)
            }
            Source::Memory { bytes, .. } => {
                check_size(bytes.len() as u64, limits)?;
                Ok(bytes.to_vec())
            }
            Source::ZippedMemory { bytes, name, .. } => {
                read_member(Cursor::new(&bytes[..]), name, limits)
            }
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

    /// The file name (a tie-breaker for format sniffing, by extension).
    pub fn name(&self) -> PathBuf {
        match self {
            Source::File(p) => p.clone(),
            Source::Zipped { name, .. } | Source::ZippedMemory { name, .. } => PathBuf::from(name),
            Source::Memory { name, .. } => PathBuf::from(name),
            Source::Missing { shown, .. } => PathBuf::from(shown),
        }
    }
}

fn check_size(size: u64, limits: &Limits) -> Result<(), IngestError> {
    if size > limits.max_bytes {
        return Err(IngestError::TooLarge {
            size,
            limit: limits.max_bytes,
        });
    }
    Ok(())
}

/// Whether a name is a zip archive's (by its extension).
pub fn is_zip(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

fn has_glob_chars(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Expand paths (files, directories, glob patterns, zip archives) into
/// sources, in a deterministic order: each argument's sources sorted,
/// arguments in the order given, duplicates dropped.
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
                zip_members_on_disk(arg, &mut found);
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
                            zip_members_on_disk(&p, &mut found);
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

/// The sources in one uploaded file: the file itself, or, for a zip archive
/// (by its name's extension, like on the command line), its report members
/// in name order. Nothing touches the file system. An archive that cannot
/// be opened is one [`Source::Missing`] with the reason.
pub fn expand_upload(name: &str, bytes: impl Into<Arc<[u8]>>) -> Vec<Source> {
    let bytes: Arc<[u8]> = bytes.into();
    if !is_zip(Path::new(name)) {
        return vec![Source::Memory {
            name: name.to_string(),
            bytes,
        }];
    }
    let mut found = Vec::new();
    match zip::ZipArchive::new(Cursor::new(&bytes[..])) {
        Ok(mut zip) => {
            for member in report_members(&mut zip) {
                found.push(Source::ZippedMemory {
                    archive: name.to_string(),
                    bytes: bytes.clone(),
                    name: member,
                });
            }
        }
        Err(e) => found.push(Source::Missing {
            shown: name.to_string(),
            reason: format!("无法打开压缩包：{e}"),
        }),
    }
    found.sort();
    found
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
                Ok(t) if t.is_file() && is_zip(&path) => zip_members_on_disk(&path, out),
                Ok(t) if t.is_file() && is_report_file(&path) => out.push(Source::File(path)),
                _ => {}
            }
        }
    }
}

fn zip_members_on_disk(archive: &Path, out: &mut Vec<Source>) {
    let listed = std::fs::File::open(archive)
        .map_err(|e| e.to_string())
        .and_then(|f| zip::ZipArchive::new(f).map_err(|e| e.to_string()));
    match listed {
        Ok(mut zip) => {
            for name in report_members(&mut zip) {
                out.push(Source::Zipped {
                    archive: archive.to_path_buf(),
                    name,
                });
            }
        }
        Err(e) => out.push(Source::Missing {
            shown: archive.display().to_string(),
            reason: format!("无法打开压缩包：{e}"),
        }),
    }
}

/// The names of an archive's members that look like reports (at most
/// [`MAX_MEMBERS`] entries listed; folders and macOS metadata skipped).
fn report_members<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Vec<String> {
    let mut names = Vec::new();
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
            names.push(name);
        }
    }
    names
}

/// Decompress one member, refusing more than the size limit (a zip bomb
/// declares a small size and inflates to gigabytes: the cap is on what is
/// actually read).
fn read_member<R: Read + Seek>(
    archive: R,
    name: &str,
    limits: &Limits,
) -> Result<Vec<u8>, IngestError> {
    let corrupt = |e: &dyn std::fmt::Display| IngestError::Corrupt {
        what: "ZIP".into(),
        detail: e.to_string(),
    };
    let mut zip = zip::ZipArchive::new(archive).map_err(|e| corrupt(&e))?;
    let member = zip.by_name(name).map_err(|e| corrupt(&e))?;
    let mut bytes = Vec::new();
    member
        .take(limits.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| corrupt(&e))?;
    check_size(bytes.len() as u64, limits)?;
    Ok(bytes)
}
