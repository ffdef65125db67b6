//! References in expressions, collected the way Alloy's controller does.

use alloy_diagnostics::Span;
use alloy_syntax::ast::{Expr, ExprKind, Ident};

/// A reference `a.b.c.d` found in an expression: its identifiers and the span of the chain.
pub(crate) struct Traversal<'a> {
    pub(crate) idents: Vec<&'a Ident>,
}

impl Traversal<'_> {
    pub(crate) fn span(&self) -> Span {
        self.idents[0]
            .span
            .cover(self.idents[self.idents.len() - 1].span)
    }
    pub(crate) fn text(&self, n: usize) -> String {
        self.idents[..n]
            .iter()
            .map(|i| i.name.as_str())
            .collect::<Vec<_>>()
            .join(".")
    }
}

/// Collects traversals the way Alloy's controller does: an identifier starts one, field
/// accesses extend it, and indexing or calling ends it.
pub(crate) fn collect_traversals<'a>(expr: &'a Expr, out: &mut Vec<Traversal<'a>>) {
    if let Some(idents) = chain(expr) {
        out.push(Traversal { idents });
        return;
    }
    match &expr.kind {
        ExprKind::Array { elems, .. } => elems.iter().for_each(|e| collect_traversals(e, out)),
        ExprKind::Object { fields, .. } => fields
            .iter()
            .for_each(|f| collect_traversals(&f.value, out)),
        ExprKind::Access { value, .. } => collect_traversals(value, out),
        ExprKind::Index { value, index, .. } => {
            collect_traversals(value, out);
            collect_traversals(index, out);
        }
        ExprKind::Call { func, args, .. } => {
            collect_traversals(func, out);
            args.iter().for_each(|a| collect_traversals(a, out));
        }
        ExprKind::Unary { operand, .. } => collect_traversals(operand, out),
        ExprKind::Binary { lhs, rhs, .. } => {
            collect_traversals(lhs, out);
            collect_traversals(rhs, out);
        }
        ExprKind::Paren { inner, .. } => collect_traversals(inner, out),
        // References in a broken value are unfinished (`local.file_match.`): the syntax error
        // explains them.
        ExprKind::Error { .. } => {}
        _ => {}
    }
}

/// `a.b.c` as identifiers, when `expr` is exactly such a chain.
pub(crate) fn chain(expr: &Expr) -> Option<Vec<&Ident>> {
    match &expr.kind {
        ExprKind::Ident(id) => Some(vec![id]),
        ExprKind::Access { value, name } => {
            let mut v = chain(value)?;
            v.push(name);
            Some(v)
        }
        _ => None,
    }
}
