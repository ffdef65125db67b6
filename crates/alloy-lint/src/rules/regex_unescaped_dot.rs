//! `regex-unescaped-dot`: a relabel regex written like a literal name (`alloy.service`,
//! `10.0.0.1`) whose dots match any character.

use super::flow::builtin_nodes;
use super::values::attribute;
use super::Context;
use crate::strlit::DecodedString;
use crate::Finding;
use alloy_diagnostics::{declare_rule, Applicability, Edit, Fix};
use alloy_syntax::ast::{Block, ExprKind, Stmt};

declare_rule! {
    /// ## What it does
    /// Reports a relabel rule's `regex` with a `.` between two letters or digits that is not
    /// escaped and not followed by a repetition (`alloy.service`, `10.0.0.1`,
    /// `api.example.com`): it reads as a literal name but each dot matches any character.
    ///
    /// ## Why
    /// `regex = "10.0.0.1"` also matches `10a0b0c1` and `10.0.001`, and `alloy.service`
    /// matches `alloy-service`. Mostly harmless; sometimes a target or a unit is kept or
    /// dropped that should not be.
    ///
    /// ## Example
    /// ```alloy
    /// discovery.relabel "units" {
    ///   targets = []
    ///
    ///   rule {
    ///     source_labels = ["__journal__systemd_unit"]
    ///     regex         = "alloy.service"
    ///     action        = "keep"
    ///   }
    /// }
    ///
    /// prometheus.scrape "units" {
    ///   targets    = discovery.relabel.units.output
    ///   forward_to = []
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// discovery.relabel "units" {
    ///   targets = []
    ///
    ///   rule {
    ///     source_labels = ["__journal__systemd_unit"]
    ///     regex         = "alloy\\.service"
    ///     action        = "keep"
    ///   }
    /// }
    ///
    /// prometheus.scrape "units" {
    ///   targets    = discovery.relabel.units.output
    ///   forward_to = []
    /// }
    /// ```
    ///
    /// ## Fix
    /// The fix escapes the dots (`\\.` in a quoted string, `\.` in a raw one). It is unsafe:
    /// if any character was meant, write `[.-]` or `.` followed by a quantifier instead.
    pub static REGEX_UNESCAPED_DOT = Rule {
        name: "regex-unescaped-dot",
        category: Suspicious,
        severity: Warning,
        alloy_rejects: false,
        fix: Some(Unsafe),
        summary: "a relabel regex that looks like a literal name but whose dots match any character",
    };
}

pub(crate) fn check(ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    for (node, _) in builtin_nodes(ctx.model) {
        rules_in(node.block, &mut |rule| {
            let Some(a) = attribute(rule, "regex") else {
                return;
            };
            let raw = match &a.value.kind {
                ExprKind::String(raw) | ExprKind::RawString(raw) => raw,
                _ => return,
            };
            let Some(decoded) = DecodedString::decode(raw, a.value.span().start) else {
                return;
            };
            let dots = literal_dots(&decoded.value);
            if dots.is_empty()
                || alloy_regex::check(&decoded.value, alloy_regex::Form::Relabel).is_err()
            {
                return;
            }
            let escape = if raw.starts_with('`') { "\\." } else { "\\\\." };
            let edits = dots
                .iter()
                .map(|&i| Edit {
                    span: decoded.source_span(i, i + 1),
                    replacement: escape.to_string(),
                })
                .collect();
            let mut d = REGEX_UNESCAPED_DOT
                .diagnostic(format!(
                    "regex `{}` of {} reads as a literal name, but `.` matches any character",
                    decoded.value, node.id
                ))
                .with_primary(
                    decoded.source_span(dots[0], dots[0] + 1),
                    "matches any character",
                );
            d = d
                .with_help("escape the dot to match only a dot (\"alloy\\\\.service\")")
                .with_fix(Fix {
                    title: "Escape the dots".to_string(),
                    applicability: Applicability::Unsafe,
                    edits,
                });
            out.push(Finding {
                file: node.file,
                diagnostic: d,
            });
        });
    }
}

/// Relabel `rule` blocks anywhere in a component.
fn rules_in(block: &Block, f: &mut dyn FnMut(&Block)) {
    for stmt in block.body.iter() {
        if let Stmt::Block(b) = stmt {
            if b.name.is("rule") {
                f(b);
            }
            rules_in(b, f);
        }
    }
}

/// Byte offsets of the dots in `pattern` that sit between two letters or digits, outside
/// character classes, unescaped and not repeated. Only patterns made of nothing but
/// literal characters, dots and `|` alternatives count: `(.*)\.foo.bar` is a pattern on
/// purpose.
fn literal_dots(pattern: &str) -> Vec<usize> {
    let bytes = pattern.as_bytes();
    if !bytes
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'|' | b'/' | b':'))
    {
        return Vec::new();
    }
    let word = |b: u8| b.is_ascii_alphanumeric();
    (1..bytes.len().saturating_sub(1))
        .filter(|&i| bytes[i] == b'.' && word(bytes[i - 1]) && word(bytes[i + 1]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::literal_dots;

    #[test]
    fn only_literal_looking_patterns() {
        assert_eq!(literal_dots("alloy.service"), [5]);
        assert_eq!(literal_dots("10.0.0.1"), [2, 4, 6]);
        assert!(literal_dots("alloy\\.service").is_empty());
        assert!(literal_dots("(.*).service").is_empty());
        assert!(literal_dots("a.*b").is_empty());
        assert!(literal_dots(".+").is_empty());
        assert_eq!(literal_dots("api.example.com|www.example.com").len(), 4);
    }
}
