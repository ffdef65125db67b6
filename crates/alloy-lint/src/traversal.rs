//! References in expressions, collected the way Alloy's controller does.

use alloy_diagnostics::Span;
use alloy_syntax::ast::{Expr, ExprKind, Ident};
use alloy_syntax::visit::{walk_expr, Visitor};

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
    TraversalCollector { out }.visit_expr(expr);
}

struct TraversalCollector<'a, 'o> {
    out: &'o mut Vec<Traversal<'a>>,
}

impl<'a> Visitor<'a> for TraversalCollector<'a, '_> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        match chain(expr) {
            Some(idents) => self.out.push(Traversal { idents }),
            None => walk_expr(self, expr),
        }
    }
}

/// `a.b.c` as identifiers, when `expr` is exactly such a chain of field accesses on an
/// identifier.
pub(crate) fn chain(expr: &Expr) -> Option<Vec<&Ident>> {
    let mut names = Vec::new();
    let mut at = expr;
    loop {
        match &at.kind {
            ExprKind::Ident(id) => {
                names.push(id);
                names.reverse();
                return Some(names);
            }
            ExprKind::Access { value, name } => {
                names.push(name);
                at = value;
            }
            _ => return None,
        }
    }
}
