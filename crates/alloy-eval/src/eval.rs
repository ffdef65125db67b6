//! Evaluating expressions against a scope.

use std::collections::HashMap;
use std::rc::Rc;

use alloy_syntax::ast::{DottedName, Expr, ExprKind, Span};
use alloy_syntax::{go_quote, unquote};

use crate::env::Environment;
use crate::error::{EvalError, Fault};
use crate::print::{print_expr, print_value};
use crate::stdlib::Stdlib;
use crate::value::{Object, Type, Value};

/// Names an expression can refer to besides the standard library (component exports,
/// arguments, ...). The scope is consulted first, as in Alloy.
pub trait Scope {
    fn lookup(&self, name: &str) -> Option<Value>;
}

/// A scope with no names: identifiers resolve to the standard library only.
pub struct EmptyScope;

impl Scope for EmptyScope {
    fn lookup(&self, _name: &str) -> Option<Value> {
        None
    }
}

/// A scope backed by a map.
#[derive(Default, Clone, Debug)]
pub struct MapScope {
    pub variables: HashMap<String, Value>,
}

impl MapScope {
    pub fn new() -> MapScope {
        MapScope::default()
    }
    pub fn with(mut self, name: &str, value: Value) -> MapScope {
        self.variables.insert(name.to_string(), value);
        self
    }
}

impl Scope for MapScope {
    fn lookup(&self, name: &str) -> Option<Value> {
        self.variables.get(name).cloned()
    }
}

/// Evaluates expressions with Alloy's standard library.
pub struct Evaluator {
    stdlib: Stdlib,
}

impl Evaluator {
    /// An evaluator whose stdlib reads environment variables and constants from `env`.
    pub fn new(env: Rc<dyn Environment>) -> Evaluator {
        Evaluator {
            stdlib: Stdlib::new(env),
        }
    }

    /// An evaluator that reads the real process environment and host.
    pub fn system() -> Evaluator {
        Evaluator::new(Rc::new(crate::env::SystemEnvironment))
    }

    pub fn stdlib(&self) -> &Stdlib {
        &self.stdlib
    }

    /// Evaluates `expr` against `scope`.
    pub fn eval(&self, expr: &Expr, scope: &dyn Scope) -> Result<Value, EvalError> {
        let mut run = Run {
            stdlib: &self.stdlib,
            scope,
            trace: None,
            depth: 0,
        };
        match run.expr(expr) {
            Ok(v) => Ok(v),
            Err(Fault::At { span, message }) => Err(EvalError {
                message,
                span: Some(span),
                value_text: String::new(),
            }),
            Err(Fault::Plain(message)) => Err(EvalError {
                message,
                span: None,
                value_text: String::new(),
            }),
            Err(Fault::Value(_)) => {
                // Place the error the way Alloy does: on the last expression whose result is
                // the culprit value. Evaluation is deterministic, so a second, traced run
                // reaches the same fault; the fast path records nothing.
                let mut traced = Run {
                    stdlib: &self.stdlib,
                    scope,
                    trace: Some(Vec::new()),
                    depth: 0,
                };
                let fault = match traced.expr(expr) {
                    Err(fault) => fault,
                    Ok(_) => Fault::Plain("evaluation failed".to_string()),
                };
                Err(place(fault, traced.trace.as_deref().unwrap_or(&[])))
            }
        }
    }
}

/// Identity of a value as Go's `reflect.Value` comparison sees it: small integers, booleans,
/// the empty string, zero and functions are shared; strings, arrays and objects are
/// identified by their allocation.
#[derive(PartialEq, Eq, Clone, Copy, Debug)]
enum Identity {
    Int(i64),
    Uint(u64),
    Float(u64),
    Bool(bool),
    EmptyString,
    Pointer(usize),
    Function(crate::stdlib::Builtin),
}

fn identity(value: &Value) -> Option<Identity> {
    use crate::value::Number;
    Some(match value {
        Value::Null | Value::Unknown => return None,
        Value::Bool(b) => Identity::Bool(*b),
        Value::Number(Number::Int(i)) => Identity::Int(*i),
        Value::Number(Number::Uint(u)) => Identity::Uint(*u),
        Value::Number(Number::Float(f)) => Identity::Float(f.to_bits()),
        Value::String(s) if s.is_empty() => Identity::EmptyString,
        Value::String(s) => Identity::Pointer(Rc::as_ptr(s) as *const u8 as usize),
        Value::Array(a) | Value::Bytes(a) => Identity::Pointer(Rc::as_ptr(a) as *const u8 as usize),
        Value::Object(o) => Identity::Pointer(Rc::as_ptr(o) as *const u8 as usize),
        Value::Capsule(c) => Identity::Pointer(Rc::as_ptr(c) as *const u8 as usize),
        Value::Function(b) => Identity::Function(*b),
    })
}

/// Whether Go boxes the number into memory shared by every equal value: its runtime keeps one
/// copy of each 64-bit pattern below 256 (`staticuint64s`); any other number is a fresh
/// allocation each time it is made.
fn number_is_shared(n: crate::value::Number) -> bool {
    number_bits(n) < 256
}

/// The 64 bits Go stores for a number.
fn number_bits(n: crate::value::Number) -> u64 {
    use crate::value::Number;
    match n {
        Number::Int(i) => i as u64,
        Number::Uint(u) => u,
        Number::Float(f) => f.to_bits(),
    }
}

/// A binary operator's fault about an operand that is a number of its own allocation (a
/// literal or the result of arithmetic, not shared as [`number_is_shared`] says): Go places
/// it on that operand, even when the other operand has the same value (`300 || 300` is
/// reported at the first `300`, `1 || 1` at the second). Equal values cannot tell the two
/// apart, so the blamed side is decided here as `ops::binary` decides it: the left operand
/// when its type is not allowed for the operator, else the right one.
fn place_on_fresh_operand(
    fault: Fault,
    op: alloy_syntax::ast::BinaryOp,
    (lhs, l): (&Expr, &Value),
    (rhs, r): (&Expr, &Value),
) -> Fault {
    let Fault::Value(links) = &fault else {
        return fault;
    };
    let [link] = links.as_slice() else {
        return fault;
    };
    let Value::Number(n) = link.value else {
        return fault;
    };
    if number_is_shared(n) {
        return fault;
    }
    let same = |v: &Value| matches!(v, Value::Number(m) if m.kind() == n.kind() && number_bits(*m) == number_bits(n));
    let blamed = match (same(l), same(r)) {
        (true, false) => lhs,
        (false, true) => rhs,
        (true, true) if !crate::ops::allows(op, Type::Number) => lhs,
        (true, true) => rhs,
        (false, false) => return fault,
    };
    let mut operand = blamed;
    while let ExprKind::Paren { inner, .. } = &operand.kind {
        operand = inner;
    }
    // Only a value made by the operand itself; one read from the scope or a container may
    // be the same allocation as a value elsewhere, which the general search handles.
    if !matches!(
        operand.kind,
        ExprKind::Number(_) | ExprKind::Unary { .. } | ExprKind::Binary(_)
    ) {
        return fault;
    }
    Fault::At {
        span: blamed.span(),
        message: format!(
            "{} {}",
            print_expr(blamed),
            link.message.as_deref().unwrap_or_default()
        ),
    }
}

/// Turns a value fault into an error placed on an expression, following Alloy's
/// `makeDiagnostic`: walk the chain, remember the last culprit found among evaluated
/// expressions, prefix the message with that expression's text.
fn place(fault: Fault, trace: &[(Value, Origin<'_>)]) -> EvalError {
    let links = match fault {
        Fault::Value(links) => links,
        Fault::At { span, message } => {
            return EvalError {
                message,
                span: Some(span),
                value_text: String::new(),
            }
        }
        Fault::Plain(message) => {
            return EvalError {
                message,
                span: None,
                value_text: String::new(),
            }
        }
    };
    let find = |value: &Value| -> Option<Origin<'_>> {
        let id = identity(value)?;
        trace
            .iter()
            .rev()
            .find(|(v, _)| identity(v) == Some(id))
            .map(|(_, e)| *e)
    };
    let mut node: Option<Origin<'_>> = None;
    let mut path = String::new();
    let mut message = String::new();
    let mut cause = Value::Null;
    let mut literal = false;
    for link in links {
        if let Some(m) = link.message {
            message = m;
        }
        if let Some(p) = &link.path {
            path.push_str(p);
        }
        if let Some(found) = find(&link.value) {
            if literal {
                path.clear();
            }
            node = Some(found);
            literal = true;
        } else {
            literal = false;
        }
        cause = link.value;
    }
    let message = match node {
        Some(n) => format!("{}{} {}", n.text(), path, message),
        None => format!("{path} {message}"),
    };
    let value_text = if literal || matches!(cause, Value::Null) {
        String::new()
    } else {
        print_value(&cause)
    };
    EvalError {
        message,
        span: node.map(|n| n.span()),
        value_text,
    }
}

/// What gave a traced value: an expression, or the first `n` parts of a path (`a.b` of
/// `a.b.c`, which is one expression in the tree but as many steps as Alloy's field accesses).
#[derive(Clone, Copy)]
enum Origin<'a> {
    Expr(&'a Expr),
    Path(&'a DottedName, usize),
}

impl Origin<'_> {
    fn text(self) -> String {
        match self {
            Origin::Expr(expr) => print_expr(expr),
            Origin::Path(path, n) => path
                .parts()
                .take(n)
                .map(|p| p.name)
                .collect::<Vec<_>>()
                .join("."),
        }
    }

    fn span(self) -> Span {
        match self {
            Origin::Expr(expr) => expr.span(),
            Origin::Path(path, n) => {
                let mut parts = path.parts().take(n);
                let first = parts.next().map_or(path.span(), |p| p.span);
                first.cover(parts.last().map_or(first, |p| p.span))
            }
        }
    }
}

/// `value.name`, as Alloy reads a field (`span` is the name's).
fn field(value: Value, name: &str, span: Span) -> Result<Value, Fault> {
    match &value {
        Value::Object(fields) => fields.get(name).cloned().ok_or_else(|| Fault::At {
            span,
            message: format!("field {} does not exist", go_quote(name)),
        }),
        Value::Unknown => Ok(Value::Unknown),
        Value::Capsule(_) => Err(Fault::value_error(
            &value,
            "expected object or array or a capsule convertible to an object, got capsule",
        )),
        _ => Err(Fault::value_error(
            &value,
            format!(
                "cannot access field {} on value of type {}",
                go_quote(name),
                value.ty()
            ),
        )),
    }
}

/// Deep nesting gets a fresh stack segment when less than this is left.
pub(crate) const STACK_RED_ZONE: usize = 256 * 1024;
pub(crate) const STACK_GROWTH: usize = 2 * 1024 * 1024;

struct Run<'a, 's> {
    stdlib: &'s Stdlib,
    scope: &'s dyn Scope,
    trace: Option<Vec<(Value, Origin<'a>)>>,
    depth: usize,
}

impl<'a, 's> Run<'a, 's> {
    /// The value `name` refers to: the scope's, else the standard library's.
    fn identifier(&self, name: &str, span: Span) -> Result<Value, Fault> {
        if let Some(v) = self.scope.lookup(name) {
            return Ok(v);
        }
        if let Some(v) = self.stdlib.lookup(name) {
            return Ok(v);
        }
        Err(Fault::At {
            span,
            message: format!("identifier {} does not exist", go_quote(name)),
        })
    }

    fn expr(&mut self, expr: &'a Expr) -> Result<Value, Fault> {
        // Checking the stack costs a little, so only every few levels of nesting.
        self.depth += 1;
        let result = if self.depth & 15 == 0 {
            stacker::maybe_grow(STACK_RED_ZONE, STACK_GROWTH, || self.expr_inner(expr))
        } else {
            self.expr_inner(expr)
        };
        self.depth -= 1;
        let value = result?;
        self.traced(&value, Origin::Expr(expr));
        Ok(value)
    }

    fn traced(&mut self, value: &Value, origin: Origin<'a>) {
        if let Some(trace) = &mut self.trace {
            if !matches!(value, Value::Null) {
                trace.push((value.clone(), origin));
            }
        }
    }

    fn expr_inner(&mut self, expr: &'a Expr) -> Result<Value, Fault> {
        match &expr.kind {
            ExprKind::Number(raw) => number_literal(raw),
            // Alloy's `strconv.Unquote`; only a hand-built tree can hold a literal the lexer
            // would have rejected.
            ExprKind::String(raw) | ExprKind::RawString(raw) => unquote(raw)
                .map(Value::from)
                .map_err(|e| Fault::Plain(e.to_string())),
            ExprKind::Bool { value: b, .. } => Ok(Value::Bool(*b)),
            ExprKind::Null { .. } => Ok(Value::Null),
            ExprKind::Ident(ident) => self.identifier(&ident.name, ident.span()),
            // Step by step, as the chain of field accesses it stands for; each step but the
            // last (the whole path, traced by `expr`) is traced as a prefix of it.
            ExprKind::Path(path) => {
                let mut parts = path.parts().enumerate().peekable();
                let mut v = Value::Null;
                while let Some((i, part)) = parts.next() {
                    v = match i {
                        0 => self.identifier(part.name, part.span)?,
                        _ => field(v, part.name, part.span)?,
                    };
                    if parts.peek().is_some() {
                        self.traced(&v, Origin::Path(path, i + 1));
                    }
                }
                Ok(v)
            }
            ExprKind::Array { elems, .. } => {
                let mut items = Vec::with_capacity(elems.len());
                for e in elems {
                    items.push(self.expr(e)?);
                }
                Ok(Value::array(items))
            }
            ExprKind::Object { fields, .. } => {
                let mut object = Object::new();
                for field in fields {
                    let value = self.expr(&field.value)?;
                    // Reproduced quirk: Alloy keeps the quotes of an empty quoted key.
                    let key: Rc<str> = if field.quoted && field.key.is_empty() {
                        Rc::from("\"\"")
                    } else {
                        Rc::from(field.key.as_str())
                    };
                    object.insert(key, value);
                }
                Ok(Value::object(object))
            }
            ExprKind::Access(access) => {
                let v = self.expr(&access.value)?;
                field(v, &access.name.name, access.name.span())
            }
            ExprKind::Index(index) => {
                let alloy_syntax::ast::Index { value, index, .. } = &**index;
                let v = self.expr(value)?;
                let idx = self.expr(index)?;
                index_value(&v, &idx)
            }
            ExprKind::Paren { inner, .. } => self.expr(inner),
            // Only in files with syntax errors (the parse reported it).
            ExprKind::Error { .. } => Err(Fault::At {
                span: expr.span(),
                message: "expression has a syntax error".into(),
            }),
            ExprKind::Unary { op, operand, .. } => {
                let v = self.expr(operand)?;
                crate::ops::unary(*op, &v)
            }
            ExprKind::Binary(binary) => {
                let alloy_syntax::ast::Binary { op, lhs, rhs, .. } = &**binary;
                let l = self.expr(lhs)?;
                let r = self.expr(rhs)?;
                crate::ops::binary(&l, *op, &r).map_err(|fault| {
                    if self.trace.is_some() {
                        place_on_fresh_operand(fault, *op, (lhs, &l), (rhs, &r))
                    } else {
                        fault
                    }
                })
            }
            ExprKind::Call(call) => {
                let (func, args) = (&call.func, &call.args);
                let f = self.expr(func)?;
                let builtin = match &f {
                    Value::Function(b) => Some(*b),
                    Value::Unknown => None,
                    _ => return Err(Fault::type_error(&f, Type::Function)),
                };
                let mut values = Vec::with_capacity(args.len());
                for a in args {
                    values.push(self.expr(a)?);
                }
                match builtin {
                    None => Ok(Value::Unknown),
                    Some(_) if values.iter().any(Value::contains_unknown) => Ok(Value::Unknown),
                    Some(b) => self.stdlib.call(b, &f, &values),
                }
            }
        }
    }
}

/// `value[index]`.
pub(crate) fn index_value(v: &Value, idx: &Value) -> Result<Value, Fault> {
    match v {
        Value::Unknown => Ok(Value::Unknown),
        Value::Array(items) | Value::Bytes(items) => {
            let n = match idx {
                Value::Number(n) => *n,
                Value::Unknown => return Ok(Value::Unknown),
                _ => return Err(Fault::type_error(idx, Type::Number)),
            };
            let i = n.as_i64();
            if i < 0 || i >= items.len() as i64 {
                return Err(Fault::value_error(
                    idx,
                    format!(
                        "index {i} is out of range of array with length {}",
                        items.len()
                    ),
                ));
            }
            Ok(items[i as usize].clone())
        }
        Value::Object(fields) => match idx {
            Value::String(key) => Ok(fields.get(&**key).cloned().unwrap_or(Value::Null)),
            Value::Unknown => Ok(Value::Unknown),
            _ => Err(Fault::type_error(idx, Type::String)),
        },
        Value::Capsule(_) => Err(Fault::value_error(
            v,
            "expected object or array or a capsule convertible to an object, got capsule",
        )),
        _ => Err(Fault::value_error(
            v,
            format!("expected object or array, got {}", v.ty()),
        )),
    }
}

/// A number literal, read as Alloy reads it: Go's `ParseInt(lit, 0, 64)`, then `ParseUint`,
/// then `ParseFloat` (so `010` is 8, `08` is the float 8, and `1e309` is an error).
pub fn number_literal(raw: &str) -> Result<Value, Fault> {
    let is_float_token =
        raw.contains(['.', 'e', 'E']) && !raw.starts_with("0x") && !raw.starts_with("0X");
    if !is_float_token {
        if let Some(v) = parse_go_integer(raw) {
            return Ok(v);
        }
    }
    parse_go_float(raw).map(Value::float).map_err(Fault::Plain)
}

/// `strconv.ParseInt(s, 0, 64)` falling back to `ParseUint(s, 0, 64)`.
fn parse_go_integer(raw: &str) -> Option<Value> {
    let (digits, radix) =
        if let Some(rest) = raw.strip_prefix("0x").or_else(|| raw.strip_prefix("0X")) {
            (rest, 16)
        } else if let Some(rest) = raw.strip_prefix("0b").or_else(|| raw.strip_prefix("0B")) {
            (rest, 2)
        } else if let Some(rest) = raw.strip_prefix("0o").or_else(|| raw.strip_prefix("0O")) {
            (rest, 8)
        } else if raw.len() > 1 && raw.starts_with('0') {
            (&raw[1..], 8)
        } else {
            (raw, 10)
        };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    if let Ok(i) = i64::from_str_radix(digits, radix) {
        return Some(Value::int(i));
    }
    u64::from_str_radix(digits, radix).ok().map(Value::uint)
}

/// `strconv.ParseFloat(s, 64)`, with Go's error text for out-of-range values.
pub(crate) fn parse_go_float(raw: &str) -> Result<f64, String> {
    let cleaned = raw.trim_start_matches('+');
    match cleaned.parse::<f64>() {
        Ok(f) if f.is_infinite() && !cleaned.to_ascii_lowercase().contains("inf") => Err(format!(
            "strconv.ParseFloat: parsing {}: value out of range",
            go_quote(raw)
        )),
        Ok(f) => Ok(f),
        Err(_) => Err(format!(
            "strconv.ParseFloat: parsing {}: invalid syntax",
            go_quote(raw)
        )),
    }
}
