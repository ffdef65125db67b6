//! Fixes: titled sets of edits that say whether applying them keeps the config's meaning.

use crate::{Diagnostic, Span};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How far a fix can be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps the meaning (`env` -> `sys.env`): may be applied without review.
    Safe,
    /// A guess ("did you mean"): may change the meaning, so it needs review.
    Unsafe,
}

impl Applicability {
    pub const fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

impl fmt::Display for Applicability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A replacement of the text at `span`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// What applying the fix does (`title`, shown to people) and the edits that do it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix that replaces `span` with `replacement` and keeps the meaning.
    pub fn safe(title: impl Into<String>, span: Span, replacement: impl Into<String>) -> Fix {
        Fix::replacement(Applicability::Safe, title.into(), span, replacement.into())
    }

    /// The fix for a "did you mean" guess: replaces `span` with the closest known name.
    pub fn did_you_mean(span: Span, replacement: impl Into<String>) -> Fix {
        let replacement = replacement.into();
        let title = format!("Replace with `{replacement}`");
        Fix::replacement(Applicability::Unsafe, title, span, replacement)
    }

    fn replacement(
        applicability: Applicability,
        title: String,
        span: Span,
        replacement: String,
    ) -> Fix {
        Fix {
            title,
            applicability,
            edits: vec![Edit { span, replacement }],
        }
    }

    /// The same fix with one more edit (for fixes that change several places at once).
    pub fn with_edit(mut self, span: Span, replacement: impl Into<String>) -> Fix {
        self.edits.push(Edit {
            span,
            replacement: replacement.into(),
        });
        self
    }
}

/// Applies the fixes of `diagnostics` to `text`: safe fixes always, unsafe ones only when
/// `allow_unsafe`. A fix is applied whole or not at all; fixes are taken in the order of their
/// first edit, and one that overlaps an edit already taken (or whose spans do not fit `text`)
/// is left out, so running again applies what was left.
pub fn apply_fixes(text: &str, diagnostics: &[Diagnostic], allow_unsafe: bool) -> String {
    let mut fixes: Vec<&Fix> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| allow_unsafe || f.applicability == Applicability::Safe)
        .filter(|f| !f.edits.is_empty())
        .collect();
    fixes.sort_by_key(|f| f.edits.iter().map(|e| e.span.start).min());
    let mut taken: Vec<&Edit> = Vec::new();
    for fix in fixes {
        let fits = fix.edits.iter().enumerate().all(|(i, e)| {
            fits_text(text, e.span)
                && !fix.edits[..i].iter().any(|o| conflict(o.span, e.span))
                && !taken.iter().any(|o| conflict(o.span, e.span))
        });
        if fits {
            taken.extend(&fix.edits);
        }
    }
    taken.sort_by_key(|e| e.span.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in taken {
        out.push_str(&text[at..edit.span.start as usize]);
        out.push_str(&edit.replacement);
        at = edit.span.end as usize;
    }
    out.push_str(&text[at..]);
    out
}

fn fits_text(text: &str, span: Span) -> bool {
    span.start <= span.end
        && text.is_char_boundary(span.start as usize)
        && text.is_char_boundary(span.end as usize)
}

/// Overlapping spans, or two edits at the same place (whose order would be a guess).
fn conflict(a: Span, b: Span) -> bool {
    (a.start < b.end && b.start < a.end) || a.start == b.start
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{declare_rule, Severity};

    declare_rule! {
        /// A rule for these tests.
        static TEST_RULE = Rule {
            name: "test-rule",
            category: Style,
            severity: Warning,
            alloy_rejects: false,
            fix: Some(Unsafe),
            summary: "a rule for tests",
        };
    }

    fn with(fix: Fix) -> Diagnostic {
        TEST_RULE.diagnostic("m").with_fix(fix)
    }

    #[test]
    fn safe_fixes_apply_and_unsafe_ones_only_when_allowed() {
        let text = "x = env(\"A\")\ny = sting.join(a, b)\n";
        let diags = [
            with(Fix::safe(
                "Replace `env` with `sys.env`",
                Span::new(4, 7),
                "sys.env",
            )),
            with(Fix::did_you_mean(Span::new(17, 22), "string")),
            TEST_RULE.diagnostic("no fix"),
        ];
        assert_eq!(
            apply_fixes(text, &diags, false),
            "x = sys.env(\"A\")\ny = sting.join(a, b)\n"
        );
        assert_eq!(
            apply_fixes(text, &diags, true),
            "x = sys.env(\"A\")\ny = string.join(a, b)\n"
        );
    }

    #[test]
    fn overlapping_fixes_keep_the_first_and_skip_the_rest_whole() {
        let text = "abcdef";
        let diags = [
            with(Fix::did_you_mean(Span::new(1, 3), "XY")),
            // Its second edit overlaps the first fix: its other edit is not applied either.
            with(Fix::did_you_mean(Span::new(4, 5), "Z").with_edit(Span::new(2, 3), "W")),
            with(Fix::did_you_mean(Span::new(5, 6), "F!")),
        ];
        assert_eq!(apply_fixes(text, &diags, true), "aXYdeF!");
    }

    #[test]
    fn insertions_at_one_place_and_bad_spans_are_skipped() {
        let text = "é = 1";
        let diags = [
            with(Fix::did_you_mean(Span::at(0), "a")),
            with(Fix::did_you_mean(Span::at(0), "b")),
            // Inside the two-byte `é`, and past the end: never applied, never a panic.
            with(Fix::did_you_mean(Span::new(1, 2), "e")),
            with(Fix::did_you_mean(Span::new(4, 99), "2")),
        ];
        assert_eq!(apply_fixes(text, &diags, true), "aé = 1");
    }

    #[test]
    fn fix_serializes_title_and_applicability() {
        let d = with(Fix::did_you_mean(Span::new(1, 2), "b"));
        assert_eq!(d.severity, Severity::Warning);
        let json = serde_json::to_value(&d).expect("serializable");
        assert_eq!(json["fix"]["title"], "Replace with `b`");
        assert_eq!(json["fix"]["applicability"], "unsafe");
        assert_eq!(json["fix"]["edits"][0]["replacement"], "b");
    }
}
