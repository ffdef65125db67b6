//! Regular expressions Alloy compiles with Go's regexp: relabel `rule.regex` and the
//! `loki.process` stages that take a pattern.

use crate::codes;
use crate::re2;
use crate::strlit::DecodedString;
use alloy_diagnostics::Diagnostic;
use alloy_syntax::ast::{Attribute, Block, Expr, ExprKind};
use alloy_syntax::visit::{walk_block, Visitor};
use std::collections::HashMap;

/// Regex check results by pattern: configs repeat the same patterns across components.
pub(crate) type RegexCache = HashMap<String, Result<(), re2::RegexError>>;

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
        let is_regex = matches!(
            (inner, a.name.name.as_str()),
            ("rule", "regex")
                | ("stage.regex", "expression")
                | ("stage.replace", "expression")
                | ("stage.drop", "expression")
                | ("stage.multiline", "firstline")
        );
        if is_regex {
            check_regex_literal(&a.value, self.cache, self.sink);
        }
    }
}

pub(crate) fn check_regex_literal(expr: &Expr, cache: &mut RegexCache, sink: &mut Vec<Diagnostic>) {
    let raw = match &expr.kind {
        ExprKind::String(raw) | ExprKind::RawString(raw) => raw,
        _ => return,
    };
    let Some(decoded) = DecodedString::decode(raw, expr.span.start) else {
        return;
    };
    let result = cache
        .entry(decoded.value.clone())
        .or_insert_with(|| re2::check(&decoded.value))
        .clone();
    if let Err(e) = result {
        let span = decoded.source_span(
            e.start,
            e.end.max(e.start + 1).min(decoded.value.len().max(e.start)),
        );
        let mut d = codes::INVALID_REGEX
            .diagnostic(format!("invalid regular expression: {}", e.message))
            .with_primary(span, "rejected by Go's RE2");
        d = d.with_help(e.help.unwrap_or_else(|| {
            "Alloy compiles this with Go's RE2 syntax (https://github.com/google/re2/wiki/Syntax)".to_string()
        }));
        sink.push(d);
    }
}
