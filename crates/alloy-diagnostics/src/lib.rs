//! The one diagnostic type shared by every crate of alloy-toolchain, the source-position mapping
//! (byte offsets to line/column in bytes, chars and UTF-16 units) and rendering.
//!
//! Spans are byte offsets into the *original* file text (BOM and CRLF included), so every tool
//! can slice the source with them; [`LineIndex`] is the only place that turns them into lines
//! and columns.
//!
//! Every diagnostic is built from a [`Rule`] (declared with [`declare_rule!`]), so its code is
//! always a registered one.

mod fix;
mod line_index;
mod render;
mod rule;

pub use fix::{apply_fixes, Applicability, Edit, Fix};
pub use line_index::{LineCol, LineIndex};
pub use render::{render_human, render_human_in, render_short, RenderOptions, SourceView};
pub use rule::{Category, Rule};

use serde::{Deserialize, Serialize};
use std::fmt;

/// A half-open byte range `[start, end)` into a source text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub const fn new(start: u32, end: u32) -> Span {
        Span { start, end }
    }
    /// An empty span at `offset`.
    pub const fn at(offset: u32) -> Span {
        Span {
            start: offset,
            end: offset,
        }
    }
    pub fn len(self) -> u32 {
        self.end - self.start
    }
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
    pub fn contains(self, offset: u32) -> bool {
        self.start <= offset && offset < self.end
    }
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Span {
        Span {
            start: r.start as u32,
            end: r.end as u32,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A span with a short message shown under it. The primary label is where the problem is;
/// secondary labels point at related places (the first definition of a duplicate, ...).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
    pub primary: bool,
    /// The file the span is in, as an index into the report's files, when it is not the
    /// diagnostic's own file (a directory config: the first definition of a duplicate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<usize>,
}

/// A diagnostic: stable `code`, severity, message, labelled spans and an optional hint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable, kebab-case identifier (`syntax-error`, `unknown-attribute`, ...): the name of
    /// the [`Rule`] the diagnostic was built from.
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub labels: Vec<Label>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// Only through [`Rule::diagnostic`]: a code cannot be invented at a call site.
    fn new(rule: &'static Rule, message: impl Into<String>) -> Self {
        Diagnostic {
            code: rule.name.to_string(),
            severity: rule.default_severity,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            fix: None,
        }
    }
    /// For a rule that truly has two levels (a warning where a name is declared, an error
    /// where it is used).
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
    /// Adds the primary label.
    pub fn with_primary(self, span: Span, message: impl Into<String>) -> Self {
        self.with_label(None, span, message.into(), true)
    }
    pub fn with_secondary(self, span: Span, message: impl Into<String>) -> Self {
        self.with_label(None, span, message.into(), false)
    }
    /// A secondary label in another file of the config (`file` indexes the report's files).
    pub fn with_secondary_in(self, file: usize, span: Span, message: impl Into<String>) -> Self {
        self.with_label(Some(file), span, message.into(), false)
    }
    fn with_label(
        mut self,
        file: Option<usize>,
        span: Span,
        message: String,
        primary: bool,
    ) -> Self {
        self.labels.push(Label {
            span,
            message,
            primary,
            file,
        });
        self
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
    /// Span of the primary label (or the first label), if any.
    pub fn primary_span(&self) -> Option<Span> {
        self.labels
            .iter()
            .find(|l| l.primary)
            .or(self.labels.first())
            .map(|l| l.span)
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message)
    }
}

impl std::error::Error for Diagnostic {}
