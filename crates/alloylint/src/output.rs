//! Machine-readable output: JSON, SARIF 2.1.0 (GitHub code scanning) and GitHub workflow
//! annotation lines.

use alloy_diagnostics::{Diagnostic, Label, Severity, Span};
use alloy_lint::{registry, LintReport, SourceFile};
use serde_json::{json, Value};

/// 1-based (line, column in characters) of both ends of a span.
fn range(file: &SourceFile, span: Span) -> (u32, u32, u32, u32) {
    let index = file.line_index();
    let s = index.line_col(&file.text, span.start);
    let e = index.line_col(&file.text, span.end);
    (s.line, s.col, e.line, e.col)
}

/// Same, with UTF-16 columns (SARIF's default `columnKind`).
fn range_utf16(file: &SourceFile, span: Span) -> (u32, u32, u32, u32) {
    let index = file.line_index();
    let (sl, sc) = index.utf16_position(&file.text, span.start);
    let (el, ec) = index.utf16_position(&file.text, span.end);
    (sl + 1, sc + 1, el + 1, ec + 1)
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
        Severity::Hint => "hint",
    }
}

/// The file a label points into: its own (`files[file]`) unless it names another.
fn label_file<'r>(report: &'r LintReport, file: usize, label: &Label) -> Option<&'r SourceFile> {
    report.files.get(label.file.unwrap_or(file))
}

/// One JSON object per diagnostic of `report.files[file]`.
pub fn diagnostic_json(report: &LintReport, file: usize, d: &Diagnostic) -> Value {
    let own = &report.files[file];
    let mut obj = json!({
        "file": own.path,
        "code": d.code,
        "severity": severity_name(d.severity),
        "message": d.message,
    });
    if let Some(span) = d.primary_span() {
        let (line, column, end_line, end_column) = range(own, span);
        obj["line"] = json!(line);
        obj["column"] = json!(column);
        obj["end_line"] = json!(end_line);
        obj["end_column"] = json!(end_column);
        obj["start_offset"] = json!(span.start);
        obj["end_offset"] = json!(span.end);
    }
    obj["labels"] = d
        .labels
        .iter()
        .filter_map(|l| {
            let in_file = label_file(report, file, l)?;
            let (line, column, end_line, end_column) = range(in_file, l.span);
            Some(json!({
                "file": in_file.path, "message": l.message, "primary": l.primary,
                "line": line, "column": column, "end_line": end_line, "end_column": end_column,
            }))
        })
        .collect();
    if let Some(help) = &d.help {
        obj["help"] = json!(help);
    }
    if let Some(fix) = &d.fix {
        let edits: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| json!({"start_offset": e.span.start, "end_offset": e.span.end, "replacement": e.replacement}))
            .collect();
        obj["fix"] = json!({
            "title": fix.title,
            "applicability": fix.applicability.as_str(),
            "edits": edits,
        });
    }
    obj
}

pub fn json_report(reports: &[LintReport]) -> String {
    let mut diagnostics = Vec::new();
    let (mut errors, mut warnings) = (0, 0);
    for report in reports {
        for f in &report.findings {
            match f.diagnostic.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                _ => {}
            }
            diagnostics.push(diagnostic_json(report, f.file, &f.diagnostic));
        }
    }
    let out = json!({
        "diagnostics": diagnostics,
        "summary": {"errors": errors, "warnings": warnings},
    });
    serde_json::to_string_pretty(&out).unwrap_or_default()
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

pub fn sarif_report(reports: &[LintReport]) -> String {
    let all = registry::all();
    let rules: Vec<Value> = all
        .iter()
        .map(|rule| {
            json!({
                "id": rule.name,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "help": {"text": rule.summary, "markdown": rule.doc()},
                "defaultConfiguration": {"level": sarif_level(rule.default_severity)},
                "properties": {"tags": [rule.category.as_str()], "alloyRejects": rule.alloy_rejects},
                "helpUri": "https://grafana.com/docs/alloy/latest/reference/",
            })
        })
        .collect();
    let rule_index = |code: &str| all.iter().position(|r| r.name == code);
    let mut results = Vec::new();
    for report in reports {
        for f in &report.findings {
            let file = &report.files[f.file];
            let d = &f.diagnostic;
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let mut result = json!({
                "ruleId": d.code,
                "level": sarif_level(d.severity),
                "message": {"text": text},
            });
            if let Some(i) = rule_index(&d.code) {
                result["ruleIndex"] = json!(i);
            }
            let uri = artifact_uri(&file.path);
            let span = d.primary_span().unwrap_or_default();
            let (sl, sc, el, ec) = range_utf16(file, span);
            result["locations"] = json!([{
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec.max(if el == sl { sc } else { 1 })},
                }
            }]);
            let related: Vec<Value> = d
                .labels
                .iter()
                .filter(|l| !l.primary)
                        .filter_map(|l| Some((label_file(report, f.file, l)?, l)))
                .enumerate()
                .map(|(i, (in_file, l))| {
                    let (sl, sc, el, ec) = range_utf16(in_file, l.span);
                    json!({
                        "id": i,
                        "message": {"text": l.message},
                        "physicalLocation": {
                            "artifactLocation": {"uri": artifact_uri(&in_file.path)},
                            "region": {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec},
                        }
                    })
                })
                .collect();
            if !related.is_empty() {
                result["relatedLocations"] = json!(related);
            }
            results.push(result);
        }
    }
    let out = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "alloylint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://grafana.com/docs/alloy/latest/",
                "rules": rules,
            }},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&out).unwrap_or_default()
}

/// A SARIF artifact URI: code scanning wants paths relative to the repository root, so
/// absolute paths under the working directory are made relative to it.
fn artifact_uri(path: &str) -> String {
    let p = std::path::Path::new(path);
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            p.strip_prefix(cwd)
                .ok()
                .map(|r| r.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| path.to_string());
    relative.trim_start_matches("./").replace('\\', "/")
}

/// `::error file=F,line=L,col=C,endLine=..,endColumn=..,title=CODE::MESSAGE` lines.
pub fn github_report(reports: &[LintReport]) -> String {
    let mut out = String::new();
    for report in reports {
        for f in &report.findings {
            let file = &report.files[f.file];
            let d = &f.diagnostic;
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                _ => "notice",
            };
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let mut props = format!("file={}", escape_property(&file.path));
            if let Some(span) = d.primary_span() {
                let (sl, sc, el, ec) = range(file, span);
                props.push_str(&format!(",line={sl},col={sc},endLine={el},endColumn={ec}"));
            }
            props.push_str(&format!(",title={}", escape_property(&d.code)));
            out.push_str(&format!("::{level} {props}::{}\n", escape_data(&message)));
        }
    }
    out
}

/// Workflow-command escaping (as `@actions/core` does).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_commands() {
        assert_eq!(escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
