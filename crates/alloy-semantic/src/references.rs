//! References in expressions, found the way Alloy's controller finds them.

use alloy_syntax::ast::{Expr, ExprKind, Ident};
use alloy_syntax::visit::{walk_expr, Visitor};

/// Collects reference chains: an identifier starts one, field accesses extend it, and
/// indexing or calling ends it.
pub fn collect<'a>(expr: &'a Expr, out: &mut Vec<Vec<&'a Ident>>) {
    Collector { out }.visit_expr(expr);
}

struct Collector<'a, 'o> {
    out: &'o mut Vec<Vec<&'a Ident>>,
}

impl<'a> Visitor<'a> for Collector<'a, '_> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        match chain(expr) {
            Some(idents) => self.out.push(idents),
            None => walk_expr(self, expr),
        }
    }
}

/// `a.b.c` as identifiers, when `expr` is exactly such a chain of field accesses on an
/// identifier.
pub fn chain(expr: &Expr) -> Option<Vec<&Ident>> {
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
