//! Evaluator for Grafana Alloy expressions: Alloy's value model, every operator with Alloy's
//! semantics and error messages, the whole standard library, implicit conversions on
//! assignment, and printing values in Alloy syntax exactly as Grafana's printer does.
//!
//! ```
//! let out = alloy_eval::eval_command("string.join([\"a\", \"b\"], \"-\")");
//! assert_eq!(out.unwrap(), "\"a-b\"");
//! ```
//!
//! Names that are not known statically (component exports) can be given as
//! [`Value::Unknown`] in a [`Scope`]; unknown values propagate through operators and calls.

mod command;
mod convert;
pub mod env;
mod error;
mod eval;
mod ops;
pub mod print;
pub mod stdlib;
mod value;

pub use command::{
    eval_attribute, eval_attribute_with, eval_command, eval_command_with, CommandError, EvalOutput,
    ATTRIBUTE_NOT_FOUND,
};
pub use convert::{convert_for_assignment, AssignTarget};
pub use env::{Environment, FixedEnvironment, SystemEnvironment};
pub use error::{EvalError, EVAL_ERROR};
pub use eval::{EmptyScope, Evaluator, MapScope, Scope};
pub use print::print_value;
pub use value::{format_float, Capsule, Number, NumberKind, Object, Type, Value};

/// Every rule of this crate.
pub static RULES: &[&alloy_diagnostics::Rule] = &[&EVAL_ERROR, &ATTRIBUTE_NOT_FOUND];

/// Operator failures as [`EvalError`]s without a position (for callers applying operators to
/// values directly rather than evaluating source).
pub fn apply_binary(
    lhs: &Value,
    op: alloy_syntax::ast::BinaryOp,
    rhs: &Value,
) -> Result<Value, EvalError> {
    ops::binary(lhs, op, rhs).map_err(detached_error)
}

/// See [`apply_binary`].
pub fn apply_unary(op: alloy_syntax::ast::UnaryOp, value: &Value) -> Result<Value, EvalError> {
    ops::unary(op, value).map_err(detached_error)
}

/// A fault with no source to place it in: the culprit value is printed instead.
fn detached_error(fault: error::Fault) -> EvalError {
    match fault {
        error::Fault::Value(links) => {
            let mut message = String::new();
            let mut path = String::new();
            let mut cause = Value::Null;
            for link in links {
                if let Some(m) = link.message {
                    message = m;
                }
                if let Some(p) = link.path {
                    path.push_str(&p);
                }
                cause = link.value;
            }
            let value_text = if matches!(cause, Value::Null) {
                String::new()
            } else {
                print_value(&cause)
            };
            EvalError {
                message: format!("{value_text}{path} {message}"),
                span: None,
                value_text,
            }
        }
        error::Fault::At { span, message } => EvalError {
            message,
            span: Some(span),
            value_text: String::new(),
        },
        error::Fault::Plain(message) => EvalError {
            message,
            span: None,
            value_text: String::new(),
        },
    }
}
