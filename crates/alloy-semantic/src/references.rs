//! References in expressions, found the way Alloy's controller finds them.

use alloy_syntax::ast::{Expr, ExprKind, Ident};

/// Collects reference chains: an identifier starts one, field accesses extend it, and
/// indexing or calling ends it.
pub fn collect<'a>(expr: &'a Expr, out: &mut Vec<Vec<&'a Ident>>) {
    if let Some(idents) = chain(expr) {
        out.push(idents);
        return;
    }
    match &expr.kind {
        ExprKind::Array { elems, .. } => elems.iter().for_each(|e| collect(e, out)),
        ExprKind::Object { fields, .. } => fields.iter().for_each(|f| collect(&f.value, out)),
        ExprKind::Access { value, .. } => collect(value, out),
        ExprKind::Index { value, index, .. } => {
            collect(value, out);
            collect(index, out);
        }
        ExprKind::Call { func, args, .. } => {
            collect(func, out);
            args.iter().for_each(|a| collect(a, out));
        }
        ExprKind::Unary { operand, .. } => collect(operand, out),
        ExprKind::Binary { lhs, rhs, .. } => {
            collect(lhs, out);
            collect(rhs, out);
        }
        ExprKind::Paren { inner, .. } => collect(inner, out),
        _ => {}
    }
}

/// `a.b.c` as identifiers, when `expr` is exactly such a chain.
pub fn chain(expr: &Expr) -> Option<Vec<&Ident>> {
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
