//! Rendering diagnostics for people: miette's graphical report (file:line:col, the source line,
//! carets under labelled spans, the hint) and a one-line `file:line:col: severity[code]: msg` form.

use crate::{Diagnostic, LineIndex, Severity};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use std::fmt;

#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions {
    pub color: bool,
}

/// Adapter so a [`Diagnostic`] can be drawn by miette.
struct MietteView<'a> {
    diag: &'a Diagnostic,
    source: NamedSource<String>,
    text_len: usize,
    location: String,
}

impl fmt::Debug for MietteView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diag, f)
    }
}

impl fmt::Display for MietteView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.location, self.diag.message)
    }
}

impl std::error::Error for MietteView<'_> {}

impl miette::Diagnostic for MietteView<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.diag.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info | Severity::Hint => miette::Severity::Advice,
        })
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diag
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        if self.diag.labels.is_empty() {
            None
        } else {
            Some(&self.source)
        }
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let len = self.text_len;
        Some(Box::new(self.diag.labels.iter().map(move |l| {
            let start = (l.span.start as usize).min(len);
            let end = (l.span.end as usize).min(len).max(start);
            let msg = if l.message.is_empty() {
                None
            } else {
                Some(l.message.clone())
            };
            LabeledSpan::new_with_span(msg, SourceSpan::new(start.into(), end - start))
        })))
    }
}

/// `file:line:col` of the diagnostic's primary span (columns in characters, 1-based).
pub fn location(path: &str, text: &str, index: &LineIndex, diag: &Diagnostic) -> String {
    match diag.primary_span() {
        Some(span) => {
            let lc = index.line_col(text, span.start);
            format!("{path}:{}:{}", lc.line, lc.col)
        }
        None => path.to_string(),
    }
}

/// A full report: header with file:line:col, the source lines with carets and labels, the hint.
pub fn render_human(
    path: &str,
    text: &str,
    index: &LineIndex,
    diag: &Diagnostic,
    opts: RenderOptions,
) -> String {
    let loc = location(path, text, index, diag);
    let view = MietteView {
        diag,
        source: NamedSource::new(path, text.to_string()),
        text_len: text.len(),
        location: format!("{loc}: "),
    };
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_context_lines(1);
    let mut out = String::new();
    if handler.render_report(&mut out, &view).is_err() {
        out = render_short(path, text, index, diag);
    }
    out
}

/// One line: `file:line:col: severity[code]: message`.
pub fn render_short(path: &str, text: &str, index: &LineIndex, diag: &Diagnostic) -> String {
    format!(
        "{}: {}[{}]: {}",
        location(path, text, index, diag),
        diag.severity,
        diag.code,
        diag.message
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    #[test]
    fn human_report_has_location_source_line_and_help() {
        let text = "a = 1\nb = [1, 2\n";
        let idx = LineIndex::new(text);
        let d = Diagnostic::error("syntax-error", "expected ], got newline")
            .with_primary(Span::new(15, 16), "here")
            .with_help("close the array");
        let out = render_human("x.alloy", text, &idx, &d, RenderOptions::default());
        assert!(out.contains("x.alloy:2:10"), "{out}");
        assert!(out.contains("b = [1, 2"), "{out}");
        assert!(out.contains("close the array"), "{out}");
        assert_eq!(
            render_short("x.alloy", text, &idx, &d),
            "x.alloy:2:10: error[syntax-error]: expected ], got newline"
        );
    }
}
