//! Printing values in Alloy syntax, byte for byte as Grafana's `syntax/token/builder` followed by
//! `syntax/printer` renders them, and printing expressions for error messages.

use alloy_syntax::ast::{Expr, ExprKind};
use alloy_syntax::{go_quote, go_quote_into, is_valid_identifier};

use crate::value::{Capsule, Number, Value};

/// Renders `value` as Alloy syntax text, exactly as Grafana's value printer does.
///
/// Objects print one field per line with tab indentation and their `=` aligned across runs of
/// single-line fields; arrays print on one line. Reproduced quirk: a `+Inf` anywhere makes the
/// reference's printer fail, and it then prints nothing at all.
pub fn print_value(value: &Value) -> String {
    if contains_positive_infinity(value) {
        return String::new();
    }
    let mut out = String::new();
    write_value(&mut out, value, 0);
    out
}

fn contains_positive_infinity(value: &Value) -> bool {
    match value {
        Value::Number(Number::Float(f)) => *f == f64::INFINITY,
        Value::Array(items) | Value::Bytes(items) => items.iter().any(contains_positive_infinity),
        Value::Object(fields) => fields.values().any(contains_positive_infinity),
        _ => false,
    }
}

fn write_value(out: &mut String, value: &Value, depth: usize) {
    stacker::maybe_grow(
        crate::eval::STACK_RED_ZONE,
        crate::eval::STACK_GROWTH,
        || write_value_inner(out, value, depth),
    )
}

fn write_value_inner(out: &mut String, value: &Value, depth: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_text()),
        Value::String(s) => go_quote_into(out, s),
        Value::Array(items) | Value::Bytes(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, item, depth);
            }
            out.push(']');
        }
        Value::Object(fields) => {
            if fields.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push_str("{\n");
            let entries: Vec<(String, String, bool)> = fields
                .iter()
                .map(|(k, v)| {
                    let key = if is_valid_identifier(k) {
                        k.to_string()
                    } else {
                        printed_key(k)
                    };
                    let mut text = String::new();
                    write_value(&mut text, v, depth + 1);
                    (key, text, ends_alignment(v))
                })
                .collect();
            let mut start = 0;
            while start < entries.len() {
                let mut end = start;
                while end < entries.len() {
                    end += 1;
                    if entries[end - 1].2 {
                        break;
                    }
                }
                let width = entries[start..end]
                    .iter()
                    .map(|(k, _, _)| k.chars().count())
                    .max()
                    .unwrap_or(0);
                for (key, text, _) in &entries[start..end] {
                    push_indent(out, depth + 1);
                    out.push_str(key);
                    for _ in key.chars().count()..width {
                        out.push(' ');
                    }
                    out.push_str(" = ");
                    out.push_str(text);
                    out.push_str(",\n");
                }
                start = end;
            }
            push_indent(out, depth);
            out.push('}');
        }
        Value::Function(_) => out.push_str("function"),
        Value::Capsule(capsule) => match &**capsule {
            Capsule::Secret(_) => out.push_str("(secret)"),
            Capsule::OptionalSecret {
                is_secret: true, ..
            } => out.push_str("(secret)"),
            Capsule::OptionalSecret {
                value,
                is_secret: false,
            } => go_quote_into(out, value),
            Capsule::Opaque { go_type, .. } => {
                out.push_str("capsule(");
                go_quote_into(out, go_type);
                out.push(')');
            }
        },
        Value::Unknown => out.push_str("(unknown)"),
    }
}

/// Whether a run of aligned fields ends after a field with this value: one that holds an
/// object. Grafana's builder writes every object with a line break inside, which ends the
/// printer's alignment, even an empty one that prints as `{}`.
fn ends_alignment(value: &Value) -> bool {
    match value {
        Value::Object(_) => true,
        Value::Array(items) | Value::Bytes(items) => items.iter().any(ends_alignment),
        _ => false,
    }
}

fn push_indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push('\t');
    }
}

/// A key that is not an identifier. Reproduced quirk: Grafana's printer re-parses its own
/// output and Alloy's parser keeps quoted keys raw, so the quoted key is quoted a second time
/// (`"a\"b"` prints as `"a\\\"b"`).
fn printed_key(key: &str) -> String {
    let once = go_quote(key);
    go_quote(&once[1..once.len() - 1])
}

/// Prints an expression on one line, the way Alloy's printer renders a one-line expression
/// (used to name the culprit in error messages).
pub fn print_expr(expr: &Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, expr);
    out
}

fn write_expr(out: &mut String, expr: &Expr) {
    stacker::maybe_grow(
        crate::eval::STACK_RED_ZONE,
        crate::eval::STACK_GROWTH,
        || write_expr_inner(out, expr),
    )
}

fn write_expr_inner(out: &mut String, expr: &Expr) {
    match &expr.kind {
        ExprKind::Number(raw) | ExprKind::String(raw) | ExprKind::RawString(raw) => {
            out.push_str(raw)
        }
        ExprKind::Bool { value: b, .. } => out.push_str(if *b { "true" } else { "false" }),
        ExprKind::Null { .. } => out.push_str("null"),
        ExprKind::Ident(ident) => out.push_str(&ident.name),
        ExprKind::Path(path) => out.push_str(&path.dotted()),
        ExprKind::Array { elems, .. } => {
            out.push('[');
            for (i, e) in elems.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_expr(out, e);
            }
            out.push(']');
        }
        ExprKind::Object { fields, .. } => {
            out.push('{');
            for (i, field) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                if field.quoted {
                    go_quote_into(out, &field.key);
                } else {
                    out.push_str(&field.key);
                }
                out.push_str(" = ");
                write_expr(out, &field.value);
            }
            out.push('}');
        }
        ExprKind::Access(access) => {
            let alloy_syntax::ast::Access { value, name, .. } = &**access;
            write_expr(out, value);
            out.push('.');
            out.push_str(&name.name);
        }
        ExprKind::Index(index) => {
            let alloy_syntax::ast::Index { value, index, .. } = &**index;
            write_expr(out, value);
            out.push('[');
            write_expr(out, index);
            out.push(']');
        }
        ExprKind::Call(call) => {
            write_expr(out, &call.func);
            out.push('(');
            for (i, a) in call.args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_expr(out, a);
            }
            out.push(')');
        }
        ExprKind::Unary { op, operand, .. } => {
            out.push_str(op.as_str());
            write_expr(out, operand);
        }
        ExprKind::Binary(binary) => {
            let alloy_syntax::ast::Binary { op, lhs, rhs, .. } = &**binary;
            write_expr(out, lhs);
            out.push(' ');
            out.push_str(op.as_str());
            out.push(' ');
            write_expr(out, rhs);
        }
        ExprKind::Paren { inner, .. } => {
            out.push('(');
            write_expr(out, inner);
            out.push(')');
        }
        // What an error node still says; the broken rest is not in the tree.
        ExprKind::Error { partial, .. } => {
            if let Some(partial) = partial {
                write_expr(out, partial);
            }
        }
    }
}
