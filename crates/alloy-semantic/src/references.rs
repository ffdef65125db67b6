//! References in expressions, found the way Alloy's controller finds them.

use alloy_syntax::ast::{Expr, ExprKind, Ident};
use alloy_syntax::visit::{walk_expr, Visitor};

/// A reference chain, and whether it is inside a value that failed to parse (the part of
/// `local.file_match.` that parsed): editors still resolve it, checks leave it to the syntax
/// error.
pub struct Found {
    pub idents: Vec<Ident>,
    pub broken: bool,
}

/// Collects reference chains: an identifier starts one, field accesses extend it, and
/// indexing or calling ends it.
pub fn collect(expr: &Expr, out: &mut Vec<Found>) {
    Collector { out, broken: false }.visit_expr(expr);
}

struct Collector<'o> {
    out: &'o mut Vec<Found>,
    broken: bool,
}

impl Visitor<'_> for Collector<'_> {
    fn visit_expr(&mut self, expr: &Expr) {
        if let Some(idents) = chain(expr) {
            self.out.push(Found {
                idents,
                broken: self.broken,
            });
            return;
        }
        let was_broken = self.broken;
        self.broken |= matches!(expr.kind, ExprKind::Error { .. });
        walk_expr(self, expr);
        self.broken = was_broken;
    }
}

/// `a.b.c` as identifiers, when `expr` is exactly such a chain of field accesses on an
/// identifier.
pub fn chain(expr: &Expr) -> Option<Vec<Ident>> {
    // Collected from the last name back to the first.
    let mut names = Vec::new();
    let mut at = expr;
    loop {
        match &at.kind {
            ExprKind::Ident(id) => {
                names.push(id.clone());
                break;
            }
            ExprKind::Path(path) => {
                let start = names.len();
                names.extend(path.idents());
                names[start..].reverse();
                break;
            }
            ExprKind::Access(access) => {
                names.push(access.name.clone());
                at = &access.value;
            }
            _ => return None,
        }
    }
    names.reverse();
    Some(names)
}
