//! Regular expressions Alloy compiles with Go's regexp: relabel `rule.regex` (anchored, as
//! `^(?s:REGEX)$`) and the `loki.process` stages that take a pattern (as written).
//! `alloy-regex` ports Go's own parser, so `invalid-regex` fires exactly where Alloy would
//! fail to load the config, with Go's error text.

use crate::codes;
use crate::strlit::DecodedString;
use alloy_diagnostics::Diagnostic;
use alloy_regex::{ErrorCode, Form, GoRegexError};
use alloy_syntax::ast::{Attribute, Block, Expr, ExprKind};
use alloy_syntax::visit::{walk_block, Visitor};
use std::collections::HashMap;

/// Regex check results by pattern and form: configs repeat the same patterns across
/// components, and each is parsed once.
pub(crate) type RegexCache = HashMap<(String, Form), Result<(), GoRegexError>>;

/// Checks the regex-valued attributes under `block`; `path` holds the enclosing block names.
pub(crate) fn check_regexes(
    block: &Block,
    path: &mut Vec<String>,
    cache: &mut RegexCache,
    sink: &mut Vec<Diagnostic>,
) {
    walk_block(&mut RegexAttributes { path, cache, sink }, block);
}

struct RegexAttributes<'r> {
    path: &'r mut Vec<String>,
    cache: &'r mut RegexCache,
    sink: &'r mut Vec<Diagnostic>,
}

impl Visitor<'_> for RegexAttributes<'_> {
    fn visit_block(&mut self, block: &Block) {
        self.path.push(crate::block_name(block).into_owned());
        walk_block(self, block);
        self.path.pop();
    }

    fn visit_attribute(&mut self, a: &Attribute) {
        let inner = self.path.last().map(String::as_str).unwrap_or("");
        let form = match (inner, a.name.name.as_str()) {
            ("rule", "regex") => Some(Form::Relabel),
            ("stage.regex", "expression")
            | ("stage.replace", "expression")
            | ("stage.drop", "expression")
            | ("stage.multiline", "firstline") => Some(Form::AsWritten),
            _ => None,
        };
        if let Some(form) = form {
            check_regex_literal(&a.value, form, self.cache, self.sink);
        }
    }
}

pub(crate) fn check_regex_literal(
    expr: &Expr,
    form: Form,
    cache: &mut RegexCache,
    sink: &mut Vec<Diagnostic>,
) {
    let raw = match &expr.kind {
        ExprKind::String(raw) | ExprKind::RawString(raw) => raw,
        _ => return,
    };
    let Some(decoded) = DecodedString::decode(raw, expr.span().start) else {
        return;
    };
    let result = cache
        .entry((decoded.value.clone(), form))
        .or_insert_with(|| alloy_regex::check(&decoded.value, form));
    let Err(e) = result else {
        return;
    };
    // Point at the offending piece; a zero-width one (end of pattern) gets one character.
    let len = decoded.value.len();
    let span = e.span();
    let start = span.start.min(len.saturating_sub(1));
    let span = decoded.source_span(start, span.end.max(start + 1).min(len.max(start)));
    let mut help = hint(e).to_string();
    // Go quotes the anchored form, so its fragment can show text the user never wrote.
    if form == Form::Relabel && !decoded.value.contains(e.fragment()) {
        help.push_str(
            "; relabel rules compile the regex anchored, as `^(?s:REGEX)$`, and Go quotes that",
        );
    }
    sink.push(
        codes::INVALID_REGEX
            .diagnostic(e.to_string())
            .with_primary(span, "rejected by Go's regexp (RE2 syntax)")
            .with_help(help),
    );
}

/// What to do about each kind of rejection, in Go's terms.
fn hint(e: &GoRegexError) -> &'static str {
    let fragment = e.fragment();
    match e.code() {
        ErrorCode::InvalidEscape if fragment.len() == 2 && fragment.as_bytes()[1].is_ascii_digit() => {
            "Go's regexp has no backreferences (\\1): capture the group and compare it in a later step"
        }
        ErrorCode::InvalidEscape => {
            "Go's escapes are \\x{...}, \\pL and \\p{Name}, \\d \\s \\w, \\b, \\A \\z, \\Q...\\E and \\n-style \
             letters; to match a backslash write \\\\ in the regex (\\\\\\\\ inside a \"...\" string, or use \
             a `raw string`)"
        }
        ErrorCode::InvalidPerlOp if fragment.ends_with('=') || fragment.ends_with('!') => {
            "Go's regexp has no lookaheads ((?=...), (?!...)): match the surrounding text with a \
             capture group instead"
        }
        ErrorCode::InvalidPerlOp => "Go allows only the flags i, m, s and U: (?i), (?-s), (?is:...)",
        ErrorCode::InvalidNamedCapture if fragment.starts_with("(?<=") || fragment.starts_with("(?<!") => {
            "Go's regexp has no lookbehinds ((?<=...), (?<!...)): match the surrounding text \
             with a capture group instead"
        }
        ErrorCode::InvalidNamedCapture => {
            "a named group is (?P<name>...) or (?<name>...), the name made of ASCII letters, \
             digits and _"
        }
        ErrorCode::InvalidRepeatOp => {
            "Go does not allow a repetition right after another (a**, a++, a{2}{3}): group the \
             first, (?:a*)*, or drop one"
        }
        ErrorCode::InvalidRepeatSize => {
            "counts go up to 1000, and nested counts multiply: (a{500}){3} asks for 1500"
        }
        ErrorCode::MissingRepeatArgument => {
            "escape the operator (\\*, \\+, \\?, \\{) to match it literally"
        }
        ErrorCode::InvalidCharRange => {
            "a range must run low to high; class names are POSIX ([:alpha:]) or Go's Unicode \
             categories and scripts (\\pL, \\p{Lu}, \\p{Greek})"
        }
        ErrorCode::MissingBracket | ErrorCode::MissingParen | ErrorCode::UnexpectedParen => {
            "brackets and parentheses must pair up; escape a literal one: \\[ \\] \\( \\)"
        }
        ErrorCode::TrailingBackslash => "a backslash must escape something: write \\\\ for a literal one",
        ErrorCode::NestingDepth | ErrorCode::Large => {
            "Go limits a regex's nesting (1000 levels) and compiled size: split it up"
        }
        _ => "Alloy compiles this with Go's regexp (RE2 syntax: https://github.com/google/re2/wiki/Syntax)",
    }
}
