use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 报告无法读取的文件：文件不存在、没有读取权限、为空、过大，或不是文本、网页
    /// 文件（例如 PDF、Word、图片）。同一批次的其他文件照常检查。
    ///
    /// ## Why is this bad?
    /// 读不出来的文件无法检查；批量检查时它不应悄悄消失，而应作为一个错误出现在
    /// 结果里。
    ///
    /// ## Example
    /// ```text
    /// gongkai check 报告.pdf       ← PDF 需先转换为文本
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// pdftotext -layout 报告.pdf 报告.txt
    /// gongkai check 报告.txt
    /// ```
    ///
    /// ## References
    /// - `gongkai extract --help`（支持的输入格式）
    pub struct FileUnreadable {
        code: "F001",
        name: "file-unreadable",
        severity: Error,
        summary: "文件无法读取",
    }
}

/// The finding for a file that could not be read.
pub(crate) fn finding(reason: &str) -> Finding {
    let reason = reason.trim();
    let message = if reason.starts_with("无法读取") {
        reason.to_string()
    } else {
        format!("无法读取文件：{reason}")
    };
    Finding::new(&FileUnreadable::INFO, message).hint(
        "确认文件存在、可读，并且是文本（.txt）或网页（.html）文件；PDF、Word 文件请先转换为文本",
    )
}

#[cfg(test)]
mod tests {
    use crate::{Checker, Config};

    #[test]
    fn is_a_finding_unless_ignored() {
        let f = Checker::default().unreadable("a.pdf", "不是文本或网页文件");
        let f = f.unwrap();
        assert_eq!((f.code.as_str(), f.file.as_str()), ("F001", "a.pdf"));
        assert_eq!(f.message, "无法读取文件：不是文本或网页文件");
        let f = Checker::default().unreadable("b.txt", "无法读取文件：No such file");
        assert_eq!(
            f.map(|f| f.message),
            Some("无法读取文件：No such file".to_string())
        );
        let mut c = Config::default();
        c.add_ignore(&["F".into()]).unwrap();
        assert!(Checker::new(c).unreadable("a.pdf", "x").is_none());
    }
}
