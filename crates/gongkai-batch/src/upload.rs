//! One uploaded file through the whole per-file pipeline, for the web app:
//! each report in it (the file itself, or each report member of a zip
//! archive) with its own bytes and their SHA-256 (the content address the
//! bytes are stored under), the report read and extracted, and the
//! single-report findings of [`Checker::check_report`] — or, for a report
//! that cannot be read, the reason and the checker's `F001` finding, so a
//! bad file is a stored failure like in `gongkai check`.

use std::fmt::Write as _;
use std::sync::Arc;

use gongkai_check::{Checker, Finding};
use gongkai_ingest::{Document, Limits};
use gongkai_model::Report;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::{expand_upload, load, Source};

/// One report of an upload, checked (or why it could not be read).
#[derive(Debug)]
pub struct Checked {
    /// How the report is shown: the file name, `archive.zip!member` for a
    /// zip member (with `#n` for the n-th report of a JSON array).
    pub shown: String,
    /// The bytes the report was read from (a zip member decompressed);
    /// `None` when they could not be read at all (an archive that does not
    /// open, a member over the size limit).
    pub bytes: Option<Arc<[u8]>>,
    /// Lower-case hex SHA-256 of `bytes`.
    pub sha256: Option<String>,
    /// The document (absent for reports saved as JSON) and the report, or
    /// the reason the file could not be read.
    pub result: Result<(Option<Document>, Report), String>,
    /// The findings: single-report rules for a report, `F001` for a
    /// failure (none when the configuration disables F001).
    pub findings: Vec<Finding>,
}

/// Lower-case hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest.iter() {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// Limits of one upload, on top of the format readers' [`Limits`] (whose
/// `max_bytes` caps each report, a zip member as it is decompressed).
#[derive(Debug, Clone)]
pub struct UploadLimits {
    pub read: Limits,
    /// Most reports taken from one file (zip members); the rest are listed
    /// as failures.
    pub max_reports: usize,
    /// Most bytes taken from one upload in all (zip members decompressed);
    /// a member that would pass it is listed as a failure.
    pub max_total_bytes: u64,
}

impl Default for UploadLimits {
    fn default() -> Self {
        UploadLimits {
            read: Limits::default(),
            max_reports: 1000,
            max_total_bytes: 512 * 1024 * 1024,
        }
    }
}

/// A report's own bytes, or why they were not taken.
type Owned = Result<Arc<[u8]>, String>;

/// Read, extract and check everything in one uploaded file. Nothing touches
/// the file system; `name` is only shown and used as a format hint. The
/// reports are read and checked in parallel, returned in member order. The
/// cross-year rules need other reports and are left to the caller
/// ([`Checker::check_pair`]).
pub fn check_upload(
    name: &str,
    bytes: impl Into<Arc<[u8]>>,
    limits: &UploadLimits,
    checker: &Checker,
) -> Vec<Checked> {
    // Members are decompressed one after the other against the budgets,
    // then read and checked in parallel.
    let mut total: u64 = 0;
    let owned: Vec<(String, Owned)> = expand_upload(name, bytes)
        .into_iter()
        .enumerate()
        .map(|(i, source)| {
            let shown = source.shown();
            if i >= limits.max_reports {
                let reason = format!(
                    "一次上传最多读取 {} 份报告，该文件未读取（请分批上传）",
                    limits.max_reports
                );
                return (shown, Err(reason));
            }
            let own = match &source {
                Source::Memory { bytes, .. } => Ok(bytes.clone()),
                other => other
                    .bytes(&limits.read)
                    .map(Arc::from)
                    .map_err(|e| e.to_string()),
            };
            match own {
                Ok(b) if total + b.len() as u64 > limits.max_total_bytes => {
                    let reason = format!(
                        "压缩包解压后的内容超过 {} 字节，该文件未读取（请分批上传）",
                        limits.max_total_bytes
                    );
                    (shown, Err(reason))
                }
                Ok(b) => {
                    total += b.len() as u64;
                    (shown, Ok(b))
                }
                Err(e) => (shown, Err(e)),
            }
        })
        .collect();
    owned
        .into_par_iter()
        .flat_map_iter(|(shown, own)| match own {
            Ok(own) => check_bytes(shown, own, &limits.read, checker),
            Err(reason) => vec![failed(shown, None, reason, checker)],
        })
        .collect()
}

/// One report's own bytes read, extracted and checked (several for a JSON
/// array of saved reports).
fn check_bytes(shown: String, own: Arc<[u8]>, limits: &Limits, checker: &Checker) -> Vec<Checked> {
    let sha = sha256_hex(&own);
    // Read from the member's own bytes so the report is exactly what
    // reading the stored blob gives.
    let member = Source::Memory {
        name: shown,
        bytes: own.clone(),
    };
    load(&member, limits)
        .into_iter()
        .map(|loaded| match loaded.result {
            Ok((doc, report)) => {
                let findings = checker.check_report(&report, doc.as_ref());
                Checked {
                    shown: loaded.shown,
                    bytes: Some(own.clone()),
                    sha256: Some(sha.clone()),
                    result: Ok((doc, report)),
                    findings,
                }
            }
            Err(reason) => failed(
                loaded.shown,
                Some((own.clone(), sha.clone())),
                reason,
                checker,
            ),
        })
        .collect()
}

fn failed(
    shown: String,
    bytes: Option<(Arc<[u8]>, String)>,
    reason: String,
    checker: &Checker,
) -> Checked {
    let findings = checker.unreadable(&shown, &reason).into_iter().collect();
    let (bytes, sha256) = match bytes {
        Some((b, s)) => (Some(b), Some(s)),
        None => (None, None),
    };
    Checked {
        shown,
        bytes,
        sha256,
        result: Err(reason),
        findings,
    }
}
