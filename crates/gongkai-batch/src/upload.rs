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

/// Read, extract and check everything in one uploaded file with `limits`.
/// Nothing touches the file system; `name` is only shown and used as a
/// format hint. The cross-year rules need other reports and are left to
/// the caller ([`Checker::check_pair`]).
pub fn check_upload(
    name: &str,
    bytes: impl Into<Arc<[u8]>>,
    limits: &Limits,
    checker: &Checker,
) -> Vec<Checked> {
    let mut out = Vec::new();
    for source in expand_upload(name, bytes) {
        let shown = source.shown();
        let own: Result<Arc<[u8]>, String> = match &source {
            Source::Memory { bytes, .. } => Ok(bytes.clone()),
            other => other
                .bytes(limits)
                .map(Arc::from)
                .map_err(|e| e.to_string()),
        };
        let own = match own {
            Ok(b) => b,
            Err(reason) => {
                out.push(failed(shown, None, reason, checker));
                continue;
            }
        };
        let sha = sha256_hex(&own);
        // Read again from the member's own bytes so the report is exactly
        // what reading the stored blob gives.
        let member = Source::Memory {
            name: shown,
            bytes: own.clone(),
        };
        for loaded in load(&member, limits) {
            match loaded.result {
                Ok((doc, report)) => {
                    let findings = checker.check_report(&report, doc.as_ref());
                    out.push(Checked {
                        shown: loaded.shown,
                        bytes: Some(own.clone()),
                        sha256: Some(sha.clone()),
                        result: Ok((doc, report)),
                        findings,
                    });
                }
                Err(reason) => out.push(failed(
                    loaded.shown,
                    Some((own.clone(), sha.clone())),
                    reason,
                    checker,
                )),
            }
        }
    }
    out
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
