//! `alloylint --fix`: applies the fixes of a config's findings to its own files (not to the
//! modules it imports), formats a file that changed with alloy-format (which checks that the
//! output parses to the same tree), and repeats until nothing
//! changes (fixes that overlapped an earlier one are applied on the next round). A file
//! with syntax errors is left alone, and so is a result that does not parse or format.

use alloy_diagnostics::apply_fixes;
use alloy_lint::{LintOptions, LintReport, SourceFile};

/// Rounds of fixing before giving up on reaching a fixed point.
const MAX_ROUNDS: usize = 8;

pub struct FixedFile {
    pub path: String,
    pub original: String,
    pub fixed: String,
    /// Why the file was not fixed.
    pub skipped: Option<String>,
}

pub struct Fixed {
    pub files: Vec<FixedFile>,
    /// The findings that remain in the fixed config.
    pub report: LintReport,
}

pub fn fix_config(files: Vec<SourceFile>, options: &LintOptions, allow_unsafe: bool) -> Fixed {
    let own = files.len();
    let mut current = files;
    let mut out: Vec<FixedFile> = current
        .iter()
        .map(|f| FixedFile {
            path: f.path.clone(),
            original: f.text.to_string(),
            fixed: f.text.to_string(),
            skipped: None,
        })
        .collect();
    let mut report = alloy_lint::lint_config(current.clone(), options);
    for (i, file) in out.iter_mut().enumerate() {
        let broken = report.findings.iter().any(|f| {
            f.file == i
                && alloy_syntax::RULES
                    .iter()
                    .any(|r| r.name == f.diagnostic.code)
        });
        if broken {
            file.skipped = Some("it has syntax errors".to_string());
        }
    }
    for _ in 0..MAX_ROUNDS {
        let mut changed = false;
        for (i, file) in out.iter_mut().enumerate().take(own) {
            if file.skipped.is_some() {
                continue;
            }
            let diagnostics: Vec<_> = report
                .findings
                .iter()
                .filter(|f| f.file == i)
                .map(|f| f.diagnostic.clone())
                .collect();
            let applied = apply_fixes(&file.fixed, &diagnostics, allow_unsafe);
            if applied == file.fixed {
                continue;
            }
            let formatted = match alloy_format::format_source(&applied) {
                Ok(text) => text,
                Err(_) => {
                    file.skipped =
                        Some("the fixed text would not parse; nothing was changed".to_string());
                    file.fixed = file.original.clone();
                    changed = true;
                    continue;
                }
            };
            if formatted != file.fixed {
                file.fixed = formatted;
                changed = true;
            }
        }
        if !changed {
            break;
        }
        for (i, file) in out.iter().enumerate() {
            current[i] = SourceFile::new(current[i].path.clone(), file.fixed.clone());
        }
        report = alloy_lint::lint_config(current.clone(), options);
    }
    Fixed { files: out, report }
}
