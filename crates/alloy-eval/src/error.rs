//! Evaluation errors, shaped like Alloy's: a message that starts with the printed culprit
//! expression (`"a" should be number, got string`) and the position of that expression.

use alloy_diagnostics::{Diagnostic, Span};

use crate::value::{Type, Value};

alloy_diagnostics::declare_rule! {
    /// ## What it does
    /// Reported by `alloylint eval` when an expression fails to evaluate as Alloy would
    /// evaluate it: a wrong operand type, a division by zero, an unknown field, a bad function
    /// argument.
    ///
    /// ## Why
    /// Alloy evaluates every attribute when it loads a config; an expression that fails stops
    /// its component from running.
    ///
    /// ## Example
    /// ```text
    /// $ alloylint eval '"port: " + 9090'
    /// error[eval-error]: 9090 should be string, got number
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// $ alloylint eval 'string.format("port: %d", 9090)'
    /// "port: 9090"
    /// ```
    ///
    /// ## Fix
    /// The message starts with the culprit expression and says what was expected.
    pub static EVAL_ERROR = Rule {
        name: "eval-error",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: None,
        summary: "an expression that fails to evaluate",
    };
}

/// An evaluation error as Alloy reports it.
#[derive(Clone, Debug, PartialEq)]
pub struct EvalError {
    /// The full message, culprit text included (`1 / 0` gives `0 divide by zero error`).
    pub message: String,
    /// Where Alloy places the error; `None` where Alloy reports none (a null culprit, a
    /// number literal out of range, an arity error of a raw stdlib function).
    pub span: Option<Span>,
    /// The culprit value in Alloy syntax when it is not visible in the source text.
    pub value_text: String,
}

impl EvalError {
    /// A diagnostic ([`EVAL_ERROR`]). Errors without a position point at `fallback`
    /// (typically the whole expression) so tools always have a location to show.
    pub fn to_diagnostic(&self, fallback: Span) -> Diagnostic {
        let span = self.span.unwrap_or(fallback);
        let mut diag = EVAL_ERROR
            .diagnostic(self.message.clone())
            .with_primary(span, "evaluated here");
        if !self.value_text.is_empty() {
            diag = diag.with_help(format!("the value is {}", self.value_text));
        }
        diag
    }
}

impl std::fmt::Display for EvalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EvalError {}

/// One link of a chain of value errors, outermost first (mirrors Go's `value.Error`,
/// `TypeError`, `ArgError`, `ElementError` and `FieldError` wrapping each other).
#[derive(Clone, Debug)]
pub(crate) struct Link {
    /// The value the link is about; the error is placed on the expression that produced it.
    pub value: Value,
    /// Sets the message (Error, TypeError, ArgError).
    pub message: Option<String>,
    /// Appends an access path (`[2]` for an element, `.name` for a field).
    pub path: Option<String>,
}

/// Why an evaluation failed, before it is placed in the source.
#[derive(Clone, Debug)]
pub(crate) enum Fault {
    /// A chain of value errors, placed on the expression that produced the culprit value.
    Value(Vec<Link>),
    /// An error with a known position (an unknown identifier or field).
    At { span: Span, message: String },
    /// An error with no position (a plain Go error).
    Plain(String),
}

impl Fault {
    /// Go's `value.TypeError{Value, Expected}`.
    pub fn type_error(value: &Value, expected: Type) -> Fault {
        Fault::Value(vec![Link {
            message: Some(format!("should be {}, got {}", expected, value.ty())),
            value: value.clone(),
            path: None,
        }])
    }

    /// Go's `value.Error{Value, Inner: message}`.
    pub fn value_error(value: &Value, message: impl Into<String>) -> Fault {
        Fault::Value(vec![Link {
            value: value.clone(),
            message: Some(message.into()),
            path: None,
        }])
    }

    /// The text of the innermost error, as Go's `Error()` of the chain prints it.
    pub fn inner_text(&self) -> String {
        match self {
            Fault::Value(links) => links
                .iter()
                .rev()
                .find_map(|l| l.message.clone())
                .unwrap_or_default(),
            Fault::At { message, .. } | Fault::Plain(message) => message.clone(),
        }
    }

    /// Wraps the fault in an `ArgError` about the argument `value` (its message is the inner
    /// error's text, and the error is placed on the argument).
    pub fn in_argument(self, value: &Value) -> Fault {
        let outer = Link {
            value: value.clone(),
            message: Some(self.inner_text()),
            path: None,
        };
        match self {
            Fault::Value(mut links) => {
                links.insert(0, outer);
                Fault::Value(links)
            }
            _ => Fault::Value(vec![outer]),
        }
    }

    /// Wraps the fault in an `ElementError` of `array` at `index`.
    pub fn in_element(self, array: &Value, index: usize) -> Fault {
        let link = Link {
            value: array.clone(),
            message: None,
            path: Some(format!("[{index}]")),
        };
        match self {
            Fault::Value(mut links) => {
                links.insert(0, link);
                Fault::Value(links)
            }
            other => other,
        }
    }
}
