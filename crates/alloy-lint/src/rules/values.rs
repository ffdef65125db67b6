//! Reading values out of blocks for the rules: attributes and nested blocks by name, literal
//! strings, and constant values through `alloy-eval` where an expression uses no component.

use alloy_eval::{Evaluator, FixedEnvironment, MapScope, Value};
use alloy_semantic::literal_string;
use alloy_syntax::ast::{Attribute, Block, Expr, ExprKind, ObjectField, Stmt};
use std::rc::Rc;

/// The attribute `name` directly in `block`'s body.
pub(crate) fn attribute<'a>(block: &'a Block, name: &str) -> Option<&'a Attribute> {
    block.body.iter().find_map(|s| match s {
        Stmt::Attribute(a) if a.name.name == name => Some(a),
        _ => None,
    })
}

/// The nested blocks directly in `block`'s body, with their dotted names.
pub(crate) fn blocks(block: &Block) -> impl Iterator<Item = (String, &Block)> {
    block.body.iter().filter_map(|s| match s {
        Stmt::Block(b) => Some((b.full_name(), &**b)),
        Stmt::Attribute(_) => None,
    })
}

/// The nested blocks named `name` directly in `block`'s body.
pub(crate) fn blocks_named<'a>(block: &'a Block, name: &'a str) -> impl Iterator<Item = &'a Block> {
    blocks(block)
        .filter(move |(n, _)| n == name)
        .map(|(_, b)| b)
}

/// The value of a string-typed attribute when it is known without running Alloy: a literal, or
/// an expression of constants and pure standard-library calls.
pub(crate) fn const_string(block: &Block, name: &str) -> Option<String> {
    attribute(block, name).and_then(|a| expr_string(&a.value))
}

/// A string literal's value, or a constant expression's.
pub(crate) fn expr_string(expr: &Expr) -> Option<String> {
    if let Some(s) = literal_string(expr) {
        return Some(s);
    }
    match const_value(expr)? {
        Value::String(s) => Some(s.to_string()),
        _ => None,
    }
}

/// A bool attribute's constant value.
pub(crate) fn const_bool(block: &Block, name: &str) -> Option<bool> {
    match &attribute(block, name)?.value.kind {
        ExprKind::Bool { value: b, .. } => Some(*b),
        _ => match const_value(&attribute(block, name)?.value)? {
            Value::Bool(b) => Some(b),
            _ => None,
        },
    }
}

/// The strings of a list attribute whose elements are all known.
pub(crate) fn const_strings(block: &Block, name: &str) -> Option<Vec<String>> {
    let value = &attribute(block, name)?.value;
    match &value.kind {
        ExprKind::Array { elems, .. } => elems.iter().map(expr_string).collect(),
        _ => match const_value(value)? {
            Value::Array(items) => items
                .iter()
                .map(|v| match v {
                    Value::String(s) => Some(s.to_string()),
                    _ => None,
                })
                .collect(),
            _ => None,
        },
    }
}

/// The fields of an object literal.
pub(crate) fn object_fields(expr: &Expr) -> Option<&[ObjectField]> {
    match &expr.kind {
        ExprKind::Object { fields, .. } => Some(fields),
        _ => None,
    }
}

/// Evaluates `expr` when it depends on nothing but constants and the pure parts of the
/// standard library (no component exports, no environment, no files).
pub(crate) fn const_value(expr: &Expr) -> Option<Value> {
    if !is_pure(expr) {
        return None;
    }
    thread_local! {
        // No environment variables: `sys.env` is not pure and never reaches it.
        static EVALUATOR: Evaluator = Evaluator::new(Rc::new(FixedEnvironment::new()));
    }
    EVALUATOR.with(|evaluator| match evaluator.eval(expr, &MapScope::new()) {
        Ok(Value::Unknown) | Err(_) => None,
        Ok(v) => Some(v),
    })
}

/// Namespaces whose functions depend only on their arguments.
const PURE_ROOTS: &[&str] = &["string", "encoding", "array", "convert", "json_path"];

fn is_pure(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Number(_)
        | ExprKind::String(_)
        | ExprKind::RawString(_)
        | ExprKind::Bool { .. }
        | ExprKind::Null { .. } => true,
        ExprKind::Ident(_) | ExprKind::Path(_) | ExprKind::Access(_) => {
            alloy_semantic::references::chain(expr).is_some_and(|idents| {
                idents.len() >= 2 && PURE_ROOTS.contains(&idents[0].name.as_str())
            })
        }
        ExprKind::Array { elems, .. } => elems.iter().all(is_pure),
        ExprKind::Object { fields, .. } => fields.iter().all(|f| is_pure(&f.value)),
        ExprKind::Index(index) => {
            let alloy_syntax::ast::Index { value, index, .. } = &**index;
            is_pure(value) && is_pure(index)
        }
        ExprKind::Call(call) => is_pure(&call.func) && call.args.iter().all(is_pure),
        ExprKind::Unary { operand, .. } => is_pure(operand),
        ExprKind::Binary(binary) => {
            let alloy_syntax::ast::Binary { lhs, rhs, .. } = &**binary;
            is_pure(lhs) && is_pure(rhs)
        }
        ExprKind::Paren { inner, .. } => is_pure(inner),
        ExprKind::Error { .. } => false,
    }
}

/// Whether a path or glob pattern has glob metacharacters (as doublestar reads them).
pub(crate) fn is_glob(path: &str) -> bool {
    alloy_runtime::host::is_glob(path)
}

/// An attribute or nested block of a component's body, with its schema entry.
pub(crate) enum SchemaItem<'a> {
    /// An attribute, with the block it is written in and that block's schema body.
    Attribute(
        &'a Block,
        &'static alloy_schema::Body,
        &'a Attribute,
        &'static alloy_schema::Attribute,
    ),
    Block(&'a Block, &'static alloy_schema::Block),
}

/// Calls `f` for every attribute and nested block in `block` (and the blocks below it) that
/// the schema `body` knows; free-form bodies are not entered.
pub(crate) fn for_each_schema_item<'a>(
    block: &'a Block,
    body: &'static alloy_schema::Body,
    f: &mut dyn FnMut(SchemaItem<'a>),
) {
    if body.free_form {
        return;
    }
    for stmt in block.body.iter() {
        match stmt {
            Stmt::Attribute(a) => {
                if let Some(schema) = body.attribute(&a.name.name) {
                    f(SchemaItem::Attribute(block, body, a, schema));
                }
            }
            Stmt::Block(b) => {
                if let Some(nested) = body.block(&b.full_name()) {
                    f(SchemaItem::Block(b, nested));
                    for_each_schema_item(b, nested.body(), f);
                }
            }
        }
    }
}

/// Every attribute of `block` (a component of schema body `body`) and of its nested blocks
/// that the schema knows, with the block it is in, that block's schema body and the
/// attribute's schema entry.
pub(crate) fn for_each_schema_attribute<'a>(
    block: &'a Block,
    body: &'static alloy_schema::Body,
    f: &mut dyn FnMut(
        &'a Block,
        &'static alloy_schema::Body,
        &'a Attribute,
        &'static alloy_schema::Attribute,
    ),
) {
    for_each_schema_item(block, body, &mut |item| {
        if let SchemaItem::Attribute(block, body, a, schema) = item {
            f(block, body, a, schema);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr(text: &str) -> Expr {
        alloy_syntax::parse_expression(text).expect("expression")
    }

    #[test]
    fn constants_are_evaluated_and_environment_or_components_are_not() {
        assert_eq!(
            expr_string(&expr("string.format(\"%s/%s\", \"/var\", \"log\")")).as_deref(),
            Some("/var/log")
        );
        assert_eq!(expr_string(&expr("\"a\" + \"b\"")).as_deref(), Some("ab"));
        assert_eq!(expr_string(&expr("sys.env(\"HOME\")")), None);
        assert_eq!(expr_string(&expr("local.file.x.content")), None);
        assert!(is_glob("/var/log/*.log") && !is_glob("/var/log/syslog"));
    }
}
