//! Rules: the registry entry every diagnostic is built from. A rule's `name` is the stable
//! diagnostic code (tools and CI configurations match on it: never rename), and its doc comment
//! is its documentation page, captured by [`declare_rule!`](crate::declare_rule).

use crate::{Applicability, Diagnostic, Severity};
use std::fmt;

/// What kind of problem a rule reports (ruff-style groups, for docs and selection).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// The text does not parse.
    Syntax,
    /// The config is wrong: Alloy rejects it or it cannot work.
    Correctness,
    /// Labels or series that multiply without bound.
    Cardinality,
    /// Secrets, permissions, exposure.
    Security,
    /// Something that still works but is on its way out.
    Deprecated,
    /// Valid, but probably not what was meant.
    Suspicious,
    /// Valid and meant, but written in a way that is harder to read.
    Style,
}

impl Category {
    pub const fn as_str(self) -> &'static str {
        match self {
            Category::Syntax => "syntax",
            Category::Correctness => "correctness",
            Category::Cardinality => "cardinality",
            Category::Security => "security",
            Category::Deprecated => "deprecated",
            Category::Suspicious => "suspicious",
            Category::Style => "style",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One rule. Declare rules with [`declare_rule!`](crate::declare_rule) so the doc comment
/// becomes [`Rule::doc`]; build their diagnostics with [`Rule::diagnostic`].
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable kebab-case identifier, the diagnostic `code`.
    pub name: &'static str,
    pub category: Category,
    pub default_severity: Severity,
    /// Alloy itself refuses to load a config with this problem.
    pub alloy_rejects: bool,
    /// The applicability of the fixes this rule offers, when it offers any.
    pub fix: Option<Applicability>,
    /// One line, lower case, no final period.
    pub summary: &'static str,
    /// The doc comment as the macro captured it: every line keeps rustdoc's leading space.
    pub raw_doc: &'static str,
}

impl Rule {
    /// A diagnostic of this rule at its default severity.
    pub fn diagnostic(&'static self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self, message)
    }

    /// Whether a configuration may suppress this rule or lower its severity: never for what
    /// Alloy itself rejects, since the config would still fail to load.
    pub const fn can_be_suppressed(&self) -> bool {
        !self.alloy_rejects
    }

    /// The documentation (what, why, example, fix) as Markdown, one leading space removed from
    /// every line.
    pub fn doc(&self) -> String {
        let mut out = String::with_capacity(self.raw_doc.len());
        for line in self.raw_doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }
}

/// Declares rules; each `///` line becomes part of [`Rule::doc`]. Category, severity and the
/// fix applicability are written as bare variant names.
///
/// ```
/// alloy_diagnostics::declare_rule! {
///     /// ## What it does
///     /// Reports a thing.
///     pub static EXAMPLE_RULE = Rule {
///         name: "example-rule",
///         category: Style,
///         severity: Warning,
///         alloy_rejects: false,
///         fix: None,
///         summary: "an example",
///     };
/// }
/// assert_eq!(EXAMPLE_RULE.doc(), "## What it does\nReports a thing.\n");
/// assert_eq!(EXAMPLE_RULE.diagnostic("x").code, "example-rule");
/// ```
#[macro_export]
macro_rules! declare_rule {
    ($(
        $(#[doc = $doc:literal])+
        $vis:vis static $ident:ident = Rule {
            name: $name:literal,
            category: $category:ident,
            severity: $severity:ident,
            alloy_rejects: $rejects:literal,
            fix: $fix:ident $(($applicability:ident))?,
            summary: $summary:literal $(,)?
        };
    )+) => {$(
        $(#[doc = $doc])+
        $vis static $ident: $crate::Rule = $crate::Rule {
            name: $name,
            category: $crate::Category::$category,
            default_severity: $crate::Severity::$severity,
            alloy_rejects: $rejects,
            fix: $fix $(($crate::Applicability::$applicability))?,
            summary: $summary,
            raw_doc: concat!($($doc, "\n"),+),
        };
    )+};
}
