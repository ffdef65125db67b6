//! Formatting (alloyfmt's `format_source`, whole document) and code actions (the fixes the
//! validator attaches to its diagnostics).

use crate::handlers::Doc;
use crate::server::Failure;
use crate::world::Options;
use alloy_diagnostics::{Applicability, Span};
use alloy_format::FormatError;
use alloy_lint::LintReport;
use lsp_types as lsp;
use std::collections::HashMap;
use std::path::Path;

/// The whole document formatted, as one edit (none when it is already formatted). A file that
/// does not parse is an error response with the parser's message: never a partial edit.
pub fn format(doc: &Doc<'_>) -> Result<Vec<lsp::TextEdit>, Failure> {
    format_span(doc, Span::new(0, doc.text().len() as u32))
}

/// Range formatting: the top-level statements the range touches, cut where a blank line
/// separates top-level statements (`alloy_syntax::top_level_cuts`). `alloy fmt` starts afresh
/// at such a cut, so formatting the pieces alone gives exactly what formatting the whole file
/// would give them.
pub fn format_range(doc: &Doc<'_>, range: lsp::Range) -> Result<Vec<lsp::TextEdit>, Failure> {
    let wanted = doc.lines().span(range);
    let cuts = alloy_syntax::top_level_cuts(doc.text(), 0);
    let start = cuts
        .iter()
        .rev()
        .find(|&&c| c <= wanted.start as usize)
        .copied()
        .unwrap_or(0);
    let end = cuts
        .iter()
        .find(|&&c| c >= (wanted.end as usize).max(start + 1))
        .copied()
        .unwrap_or(doc.text().len());
    format_span(doc, Span::new(start as u32, end as u32))
}

/// Formats the pieces `span` covers (pieces end where the next begins, blank lines included).
fn format_span(doc: &Doc<'_>, span: Span) -> Result<Vec<lsp::TextEdit>, Failure> {
    let all = doc.text();
    let text = &all[span.range()];
    let separator = if (span.end as usize) < all.len() {
        "\n"
    } else {
        ""
    };
    match alloy_format::format_source(text).map(|f| f + separator) {
        Ok(formatted) if formatted == text => Ok(Vec::new()),
        Ok(formatted) => Ok(vec![lsp::TextEdit {
            range: doc.range(span),
            new_text: formatted,
        }]),
        Err(FormatError::Parse(diagnostics)) => {
            let d = diagnostics
                .iter()
                .find(|d| d.is_error())
                .or(diagnostics.first());
            let message = match d {
                Some(d) => {
                    let at = d
                        .primary_span()
                        .map(|s| doc.lines().position(s.start + span.start))
                        .map(|p| format!("{}:{}: ", p.line + 1, p.character + 1))
                        .unwrap_or_default();
                    format!("cannot format: {at}{}", d.message)
                }
                None => "cannot format: the file does not parse".to_string(),
            };
            Err(Failure::failed(message))
        }
        Err(FormatError::Internal(d)) => Err(Failure::failed(format!(
            "cannot format: {} (nothing was changed)",
            d.message
        ))),
    }
}

fn overlaps(a: lsp::Range, b: lsp::Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// Quick fixes for the diagnostics of `report` (the config's check) in the requested range,
/// the safe ones preferred, and a "fix all safe problems" source action.
pub fn code_actions(
    doc: &Doc<'_>,
    params: &lsp::CodeActionParams,
    options: &Options,
    report: &LintReport,
) -> Vec<lsp::CodeActionOrCommand> {
    let path = Path::new(&doc.sources.files[doc.file].path);
    let Some(file) = report.files.iter().position(|f| Path::new(&f.path) == path) else {
        return Vec::new();
    };
    let lines = crate::world::file_lines(&report.files[file], doc.encoding);
    let only = params.context.only.as_ref();
    let wants = |kind: &lsp::CodeActionKind| {
        only.map_or(true, |o| {
            o.iter().any(|k| kind.as_str().starts_with(k.as_str()))
        })
    };
    let mut out = Vec::new();
    let mut safe = Vec::new();
    for finding in report.findings.iter().filter(|f| f.file == file) {
        let d = &finding.diagnostic;
        let Some(fix) = &d.fix else { continue };
        if fix.applicability == Applicability::Safe {
            safe.push(d.clone());
        }
        let lsp_diagnostic =
            crate::diagnostics::to_lsp(d, file, &report.files, options, doc.encoding);
        if !overlaps(lsp_diagnostic.range, params.range) || !wants(&lsp::CodeActionKind::QUICKFIX) {
            continue;
        }
        let edits = fix
            .edits
            .iter()
            .map(|e| lsp::TextEdit {
                range: lines.range(e.span),
                new_text: e.replacement.clone(),
            })
            .collect();
        out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
            title: fix.title.clone(),
            kind: Some(lsp::CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![lsp_diagnostic]),
            edit: Some(lsp::WorkspaceEdit {
                changes: Some(HashMap::from([(doc.uri.clone(), edits)])),
                ..Default::default()
            }),
            is_preferred: Some(fix.applicability == Applicability::Safe),
            ..Default::default()
        }));
    }
    if !safe.is_empty() && wants(&lsp::CodeActionKind::SOURCE_FIX_ALL) {
        let text = &report.files[file].text;
        let fixed = alloy_diagnostics::apply_fixes(text, &safe, false);
        if fixed != **text {
            let edit = lsp::TextEdit {
                range: lines.range(alloy_diagnostics::Span::new(0, text.len() as u32)),
                new_text: fixed,
            };
            out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: "Apply every safe fix".into(),
                kind: Some(lsp::CodeActionKind::SOURCE_FIX_ALL),
                edit: Some(lsp::WorkspaceEdit {
                    changes: Some(HashMap::from([(doc.uri.clone(), vec![edit])])),
                    ..Default::default()
                }),
                ..Default::default()
            }));
        }
    }
    out
}
