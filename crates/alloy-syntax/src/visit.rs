//! A read-only visitor over the AST, in the style of `syn::visit` and rust-analyzer: each
//! `visit_*` method of [`Visitor`] does the default traversal by calling the matching `walk_*`
//! function, so an implementation overrides only the nodes it cares about and calls `walk_*`
//! itself to keep descending (or does not, to skip a subtree).
//!
//! Children are visited in source order. The recursion is bounded: the lexer rejects nesting
//! deeper than [`crate::MAX_NESTING`], and a walk takes two small frames per level.
//!
//! ```
//! use alloy_syntax::ast::{Expr, ExprKind};
//! use alloy_syntax::visit::{walk_expr, Visitor};
//!
//! /// Counts the string literals of a file.
//! struct Strings(usize);
//!
//! impl Visitor<'_> for Strings {
//!     fn visit_expr(&mut self, expr: &Expr) {
//!         if matches!(expr.kind, ExprKind::String(_) | ExprKind::RawString(_)) {
//!             self.0 += 1;
//!         }
//!         walk_expr(self, expr);
//!     }
//! }
//!
//! let parse = alloy_syntax::parse("a { b = [\"x\", `y`] }\nc = {d = \"z\"}\n");
//! let mut strings = Strings(0);
//! alloy_syntax::visit::walk_file(&mut strings, &parse.file);
//! assert_eq!(strings.0, 3);
//! ```

use crate::ast::{Attribute, Block, Expr, ExprKind, File, Stmt};

/// Visits AST nodes; every method defaults to walking the node's children. `'ast` lets an
/// implementation keep references to the nodes it sees.
pub trait Visitor<'ast> {
    fn visit_stmt(&mut self, stmt: &'ast Stmt) {
        walk_stmt(self, stmt);
    }
    fn visit_attribute(&mut self, attribute: &'ast Attribute) {
        walk_attribute(self, attribute);
    }
    fn visit_block(&mut self, block: &'ast Block) {
        walk_block(self, block);
    }
    fn visit_expr(&mut self, expr: &'ast Expr) {
        walk_expr(self, expr);
    }
}

/// Visits every top-level statement of `file`.
pub fn walk_file<'ast, V: Visitor<'ast> + ?Sized>(visitor: &mut V, file: &'ast File) {
    walk_body(visitor, &file.body);
}

/// Visits each statement of a body (a file's or a block's).
pub fn walk_body<'ast, V: Visitor<'ast> + ?Sized>(visitor: &mut V, body: &'ast [Stmt]) {
    for stmt in body {
        visitor.visit_stmt(stmt);
    }
}

/// Visits the attribute or block `stmt` is.
pub fn walk_stmt<'ast, V: Visitor<'ast> + ?Sized>(visitor: &mut V, stmt: &'ast Stmt) {
    match stmt {
        Stmt::Attribute(attribute) => visitor.visit_attribute(attribute),
        Stmt::Block(block) => visitor.visit_block(block),
    }
}

/// Visits an attribute's value.
pub fn walk_attribute<'ast, V: Visitor<'ast> + ?Sized>(
    visitor: &mut V,
    attribute: &'ast Attribute,
) {
    visitor.visit_expr(&attribute.value);
}

/// Visits a block's body.
pub fn walk_block<'ast, V: Visitor<'ast> + ?Sized>(visitor: &mut V, block: &'ast Block) {
    walk_body(visitor, &block.body);
}

/// Visits the sub-expressions of `expr` (not `expr` itself), in source order.
pub fn walk_expr<'ast, V: Visitor<'ast> + ?Sized>(visitor: &mut V, expr: &'ast Expr) {
    match &expr.kind {
        ExprKind::Number(_)
        | ExprKind::String(_)
        | ExprKind::RawString(_)
        | ExprKind::Bool { .. }
        | ExprKind::Null { .. }
        | ExprKind::Ident(_)
        | ExprKind::Path(_) => {}
        ExprKind::Array { elems, .. } => elems.iter().for_each(|e| visitor.visit_expr(e)),
        ExprKind::Object { fields, .. } => fields.iter().for_each(|f| visitor.visit_expr(&f.value)),
        ExprKind::Access(access) => visitor.visit_expr(&access.value),
        ExprKind::Index(index) => {
            visitor.visit_expr(&index.value);
            visitor.visit_expr(&index.index);
        }
        ExprKind::Call(call) => {
            visitor.visit_expr(&call.func);
            call.args.iter().for_each(|a| visitor.visit_expr(a));
        }
        ExprKind::Unary { operand, .. } => visitor.visit_expr(operand),
        ExprKind::Binary(binary) => {
            visitor.visit_expr(&binary.lhs);
            visitor.visit_expr(&binary.rhs);
        }
        ExprKind::Paren { inner, .. } => visitor.visit_expr(inner),
        // What parsed before the damage (`local.file_match` of `local.file_match.`).
        ExprKind::Error { partial, .. } => {
            if let Some(partial) = partial {
                visitor.visit_expr(partial);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records what it visits; skips the bodies of blocks named `skip`.
    #[derive(Default)]
    struct Recorder(Vec<String>);

    impl<'ast> Visitor<'ast> for Recorder {
        fn visit_block(&mut self, block: &'ast Block) {
            self.0.push(format!("block {}", block.full_name()));
            if block.full_name() != "skip" {
                walk_block(self, block);
            }
        }
        fn visit_attribute(&mut self, attribute: &'ast Attribute) {
            self.0.push(format!("attribute {}", attribute.name.name));
            walk_attribute(self, attribute);
        }
        fn visit_expr(&mut self, expr: &'ast Expr) {
            let kind = format!("{:?}", expr.kind);
            let name: String = kind.chars().take_while(|c| c.is_alphanumeric()).collect();
            self.0.push(name);
            walk_expr(self, expr);
        }
    }

    fn record(text: &str) -> Vec<String> {
        let parse = crate::parse(text);
        assert!(!parse.has_errors(), "{:?}", parse.diagnostics);
        let mut recorder = Recorder::default();
        walk_file(&mut recorder, &parse.file);
        recorder.0
    }

    #[test]
    fn visits_every_node_in_source_order() {
        let seen = record(
            "a.b \"l\" {\n  x = f(1, [y.z, (y).z], {k = -w[0]})\n  inner { v = (1 + 2) }\n}\nskip { hidden = 1 }\ntop = `r`\n",
        );
        let expected = [
            "block a.b",
            "attribute x",
            "Call",
            "Ident",
            "Number",
            "Array",
            "Path",
            "Access",
            "Paren",
            "Ident",
            "Object",
            "Unary",
            "Index",
            "Ident",
            "Number",
            "block inner",
            "attribute v",
            "Paren",
            "Binary",
            "Number",
            "Number",
            "block skip",
            "attribute top",
            "RawString",
        ];
        assert_eq!(seen, expected);
    }

    /// The deepest nesting the lexer lets through, walked on a test thread's small stack.
    #[test]
    fn deepest_accepted_nesting_is_walked() {
        let depth = crate::MAX_NESTING - 2;
        let text = format!("x = {}1{}\n", "[".repeat(depth), "]".repeat(depth));
        let seen = record(&text);
        assert_eq!(seen.len(), 1 + depth + 1);
    }
}
