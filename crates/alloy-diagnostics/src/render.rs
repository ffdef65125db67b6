//! Rendering diagnostics for people: miette's graphical report (file:line:col, the source line,
//! carets under labelled spans, the hint, notes for labels in other files) and a one-line
//! `file:line:col: severity[code]: msg` form.

use crate::{Diagnostic, Label, LineIndex, Severity};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use std::fmt;

#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions {
    pub color: bool,
}

/// One file of a config as the renderers need it; a diagnostic's labels name files by their
/// index in a slice of these.
#[derive(Clone, Copy, Debug)]
pub struct SourceView<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub index: &'a LineIndex,
}

/// Adapter so a [`Diagnostic`] can be drawn by miette.
struct MietteView<'a> {
    diag: &'a Diagnostic,
    /// The labels in the diagnostic's own file (drawn with carets).
    labels: Vec<&'a Label>,
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
        if self.labels.is_empty() {
            None
        } else {
            Some(&self.source)
        }
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let len = self.text_len;
        Some(Box::new(self.labels.iter().map(move |l| {
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
    render_human_in(&[SourceView { path, text, index }], 0, diag, opts)
}

/// [`render_human`] for a diagnostic about `files[file]` whose labels may point into the other
/// `files`: those are shown as `note: path:line:col: message` lines instead of carets.
pub fn render_human_in(
    files: &[SourceView<'_>],
    file: usize,
    diag: &Diagnostic,
    opts: RenderOptions,
) -> String {
    let Some(own) = files.get(file) else {
        return format!("{}[{}]: {}\n", diag.severity, diag.code, diag.message);
    };
    let in_own_file = |l: &&Label| l.file.is_none_or(|f| f == file);
    let loc = location(own.path, own.text, own.index, diag);
    let view = MietteView {
        diag,
        labels: diag.labels.iter().filter(in_own_file).collect(),
        source: NamedSource::new(own.path, own.text.to_string()),
        text_len: own.text.len(),
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
        out = render_short(own.path, own.text, own.index, diag);
    }
    for label in diag.labels.iter().filter(|l| !in_own_file(l)) {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        let place = label.file.and_then(|f| files.get(f)).map(|other| {
            let lc = other.index.line_col(other.text, label.span.start);
            format!("{}:{}:{}", other.path, lc.line, lc.col)
        });
        match place {
            Some(place) => out.push_str(&format!("  note: {place}: {}\n", label.message)),
            None => out.push_str(&format!("  note: {}\n", label.message)),
        }
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
    use crate::{declare_rule, Span};

    declare_rule! {
        /// A rule for these tests.
        static TEST_SYNTAX = Rule {
            name: "syntax-error",
            category: Syntax,
            severity: Error,
            alloy_rejects: true,
            fix: None,
            summary: "a rule for tests",
        };
    }

    #[test]
    fn human_report_has_location_source_line_and_help() {
        let text = "a = 1\nb = [1, 2\n";
        let idx = LineIndex::new(text);
        let d = TEST_SYNTAX
            .diagnostic("expected ], got newline")
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

    #[test]
    fn labels_in_other_files_are_notes_with_their_position() {
        let (a, b) = ("x = 1\n", "y = 2\nx = 3\n");
        let (ia, ib) = (LineIndex::new(a), LineIndex::new(b));
        let files = [
            SourceView {
                path: "a.alloy",
                text: a,
                index: &ia,
            },
            SourceView {
                path: "b.alloy",
                text: b,
                index: &ib,
            },
        ];
        let d = TEST_SYNTAX
            .diagnostic("x is set twice")
            .with_primary(Span::new(6, 7), "set again here")
            .with_secondary_in(0, Span::new(0, 1), "first set here")
            .with_secondary_in(7, Span::new(0, 1), "in a file that is not there");
        let out = render_human_in(&files, 1, &d, RenderOptions::default());
        assert!(out.contains("b.alloy:2:1"), "{out}");
        assert!(out.contains("set again here"), "{out}");
        assert!(
            out.contains("  note: a.alloy:1:1: first set here\n"),
            "{out}"
        );
        assert!(
            out.contains("  note: in a file that is not there\n"),
            "{out}"
        );
        assert!(
            !out.contains("x = 1"),
            "other files' lines are not drawn: {out}"
        );
    }
}
