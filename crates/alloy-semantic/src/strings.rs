//! Literal values the model needs before anything is evaluated (import file names, a
//! foreach's `var`).

use alloy_diagnostics::Span;
use alloy_syntax::ast::{Block, Expr, ExprKind, Stmt};

/// The value of a string literal (`"..."` decoded, `` `...` `` as written).
pub fn literal_string(expr: &Expr) -> Option<String> {
    match &expr.kind {
        ExprKind::String(raw) => alloy_syntax::unquote(raw).ok(),
        ExprKind::RawString(raw) => raw
            .strip_prefix('`')
            .and_then(|r| r.strip_suffix('`'))
            .map(str::to_string),
        _ => None,
    }
}

/// `name = "literal"` in `block`: the value and the span of the literal.
pub fn literal_string_attr(block: &Block, name: &str) -> Option<(String, Span)> {
    block.body.iter().find_map(|s| match s {
        Stmt::Attribute(a) if a.name.name == name => {
            literal_string(&a.value).map(|v| (v, a.value.span()))
        }
        _ => None,
    })
}
