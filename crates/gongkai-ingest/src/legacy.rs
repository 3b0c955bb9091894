//! OLE compound files: telling encrypted DOCX/XLSX from Word 97 / WPS and
//! Excel 97 / ET files, and reading Word 97 / WPS text documents by
//! converting them to DOCX with LibreOffice.
//!
//! LibreOffice runs headless in its own process, with its own profile in a
//! private temporary directory (so parallel runs do not collide) and the
//! time limit of [`Limits::timeout`]; the whole process group is killed when
//! it runs over. Conversion can flatten tables into paragraphs: the document
//! is still returned (the extractor reads flattened text too), with a
//! warning.

use std::io::{Cursor, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{docx, Document, Format, IngestError, Limits};

/// The signature of an OLE compound file.
pub const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// How to install LibreOffice, shown when it is missing.
pub const INSTALL_HINT: &str = "apt-get install libreoffice-writer-nogui";

/// What an OLE compound file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OleKind {
    /// A password-protected DOCX/XLSX (`EncryptedPackage`), or a Word 97
    /// file with its encryption flag set.
    Encrypted,
    /// Word 97–2003 or WPS text (`WordDocument` stream).
    Word,
    /// Excel 97–2003 or WPS spreadsheet (`Workbook` / `Book` stream).
    Excel,
    Other,
}

/// Look into an OLE compound file; a broken one is [`IngestError::Corrupt`].
pub fn ole_kind(bytes: &[u8]) -> Result<OleKind, IngestError> {
    let corrupt = |detail: String| IngestError::Corrupt {
        what: "OLE（Word 97/WPS/Excel 97）".into(),
        detail,
    };
    let result = std::panic::catch_unwind(|| -> std::io::Result<OleKind> {
        let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes))?;
        if cfb.is_stream("/EncryptedPackage") || cfb.is_stream("/EncryptionInfo") {
            return Ok(OleKind::Encrypted);
        }
        if cfb.is_stream("/WordDocument") {
            // FIB: wIdent at 0, flags at 0x0A; bit 8 is fEncrypted.
            let mut fib = [0u8; 12];
            let mut stream = cfb.open_stream("/WordDocument")?;
            stream.read_exact(&mut fib)?;
            let flags = u16::from_le_bytes([fib[10], fib[11]]);
            return Ok(if flags & 0x0100 != 0 {
                OleKind::Encrypted
            } else {
                OleKind::Word
            });
        }
        if cfb.is_stream("/Workbook") || cfb.is_stream("/Book") {
            return Ok(OleKind::Excel);
        }
        Ok(OleKind::Other)
    });
    match result {
        Ok(Ok(kind)) => Ok(kind),
        Ok(Err(e)) => Err(corrupt(format!("复合文档结构损坏（{e}）"))),
        Err(_) => Err(corrupt("复合文档结构损坏".into())),
    }
}

/// Read a Word 97 / WPS document through LibreOffice.
pub fn read_legacy(
    bytes: &[u8],
    name: Option<&Path>,
    limits: &Limits,
) -> Result<Document, IngestError> {
    let dir = tempfile::Builder::new()
        .prefix("gongkai-soffice-")
        .tempdir()?;
    // LibreOffice picks its import filter partly by the extension.
    let ext = name
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .filter(|e| matches!(e.as_str(), "doc" | "dot" | "wps" | "wpt"))
        .unwrap_or_else(|| "doc".to_string());
    let input = dir.path().join(format!("input.{ext}"));
    std::fs::write(&input, bytes)?;
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir)?;
    let profile = dir.path().join("profile");
    let stderr = run_soffice(&input, &out_dir, &profile, limits.timeout)?;
    let converted = out_dir.join("input.docx");
    let docx_bytes = match std::fs::read(&converted) {
        Ok(b) => b,
        Err(_) => {
            let why = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            return Err(IngestError::Corrupt {
                what: "Word 97/WPS".into(),
                detail: format!("LibreOffice 无法转换此文件（可能已损坏或加密）{why}"),
            });
        }
    };
    let mut doc = docx::read_docx(&docx_bytes, limits)?;
    doc.format = Format::LegacyWord;
    if doc.grids().next().is_none() {
        doc.warnings.push(
            "旧版 Word/WPS 文件经 LibreOffice 转换后没有表格（表格可能被拆成了段落），已按文字读取"
                .into(),
        );
    }
    Ok(doc)
}

/// Run `soffice --headless --convert-to docx` with a time limit; its stderr.
fn run_soffice(
    input: &Path,
    out_dir: &Path,
    profile: &Path,
    timeout: Duration,
) -> Result<String, IngestError> {
    let profile_url = format!("-env:UserInstallation=file://{}", profile.display());
    let mut last_missing = None;
    for program in ["soffice", "libreoffice"] {
        let mut cmd = Command::new(program);
        cmd.arg(&profile_url)
            .args([
                "--headless",
                "--invisible",
                "--norestore",
                "--nolockcheck",
                "--nodefault",
                "--nologo",
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
            ])
            .arg(out_dir)
            .arg(input)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
        }
        let mut child = match cmd.spawn() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                last_missing = Some(e);
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        let mut err = child.stderr.take();
        let err_t = std::thread::spawn(move || {
            let mut v = Vec::new();
            if let Some(e) = err.as_mut() {
                let _ = e.take(1024 * 1024).read_to_end(&mut v);
            }
            v
        });
        let start = Instant::now();
        let finished = loop {
            if child.try_wait()?.is_some() {
                break true;
            }
            if start.elapsed() > timeout {
                kill_group(&mut child);
                break false;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let stderr = err_t.join().unwrap_or_default();
        if !finished {
            return Err(IngestError::Timeout {
                seconds: timeout.as_secs(),
            });
        }
        return Ok(String::from_utf8_lossy(&stderr).into_owned());
    }
    let _ = last_missing;
    Err(IngestError::ToolMissing {
        tool: "LibreOffice".into(),
        hint: INSTALL_HINT.into(),
    })
}

/// Kill LibreOffice with the processes it started (its own process group).
fn kill_group(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", child.id())])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    let _ = child.kill();
    let _ = child.wait();
}
