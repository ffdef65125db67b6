//! Alloy's unary and binary operators, with Alloy's semantics: integer arithmetic wraps, the
//! result kind follows float > int > uint, `-` on a uint gives an int, `==` works across types.

use std::rc::Rc;

use alloy_syntax::ast::{BinaryOp, UnaryOp};

use crate::error::Fault;
use crate::value::{fit_kinds, Capsule, Number, NumberKind, Type, Value};

/// Applies a unary operator.
pub(crate) fn unary(op: UnaryOp, value: &Value) -> Result<Value, Fault> {
    if value.is_unknown() {
        return Ok(Value::Unknown);
    }
    match op {
        UnaryOp::Not => match value {
            Value::Bool(b) => Ok(Value::Bool(!b)),
            _ => Err(Fault::type_error(value, Type::Bool)),
        },
        UnaryOp::Neg => match value {
            Value::Number(Number::Float(f)) => Ok(Value::float(-f)),
            Value::Number(n) => Ok(Value::int(n.as_i64().wrapping_neg())),
            _ => Err(Fault::type_error(value, Type::Number)),
        },
    }
}

/// Whether `op` takes operands of type `ty`.
pub(crate) fn allows(op: BinaryOp, ty: Type) -> bool {
    allowed_types(op).contains(&ty)
}

fn allowed_types(op: BinaryOp) -> &'static [Type] {
    match op {
        BinaryOp::Or | BinaryOp::And => &[Type::Bool],
        BinaryOp::Add => &[Type::Number, Type::String, Type::Capsule],
        BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod | BinaryOp::Pow => {
            &[Type::Number]
        }
        BinaryOp::Lt | BinaryOp::LtEq | BinaryOp::Gt | BinaryOp::GtEq => {
            &[Type::Number, Type::String]
        }
        BinaryOp::Eq | BinaryOp::NotEq => &[],
    }
}

fn allowed_list(op: BinaryOp) -> String {
    let names: Vec<&str> = allowed_types(op).iter().map(|t| t.as_str()).collect();
    format!("[{}]", names.join(" "))
}

/// Applies a binary operator. Both operands are always evaluated first (Alloy does not
/// short-circuit `&&` and `||`).
pub(crate) fn binary(lhs: &Value, op: BinaryOp, rhs: &Value) -> Result<Value, Fault> {
    if lhs.is_unknown() || rhs.is_unknown() {
        return Ok(Value::Unknown);
    }
    let (l, r) = if matches!(lhs, Value::Capsule(_)) || matches!(rhs, Value::Capsule(_)) {
        unwrap_capsules(lhs, rhs)
    } else {
        (lhs.clone(), rhs.clone())
    };

    match op {
        BinaryOp::Eq => return Ok(Value::Bool(l.alloy_eq(&r))),
        BinaryOp::NotEq => return Ok(Value::Bool(!l.alloy_eq(&r))),
        _ => {}
    }

    let allowed = allowed_types(op);
    if !allowed.contains(&l.ty()) {
        return Err(Fault::value_error(
            lhs,
            format!(
                "should be one of {} for binop {}, got {}",
                allowed_list(op),
                op.as_str(),
                l.ty()
            ),
        ));
    }
    if !allowed.contains(&r.ty()) {
        return Err(Fault::value_error(
            rhs,
            format!(
                "should be one of {} for binop {}, got {}",
                allowed_list(op),
                op.as_str(),
                r.ty()
            ),
        ));
    }
    if l.ty() != r.ty() {
        return Err(Fault::type_error(&r, l.ty()));
    }

    match (op, &l, &r) {
        (BinaryOp::Or, Value::Bool(a), Value::Bool(b)) => Ok(Value::Bool(*a || *b)),
        (BinaryOp::And, Value::Bool(a), Value::Bool(b)) => Ok(Value::Bool(*a && *b)),
        (BinaryOp::Add, Value::String(a), Value::String(b)) => {
            let mut s = String::with_capacity(a.len() + b.len());
            s.push_str(a);
            s.push_str(b);
            Ok(Value::String(Rc::from(s)))
        }
        (BinaryOp::Add, Value::Capsule(a), Value::Capsule(b)) => add_capsules(lhs, a, b, op),
        (
            BinaryOp::Lt | BinaryOp::LtEq | BinaryOp::Gt | BinaryOp::GtEq,
            Value::String(a),
            Value::String(b),
        ) => {
            let ord = a.as_bytes().cmp(b.as_bytes());
            Ok(Value::Bool(ordering_holds(op, ord)))
        }
        (_, Value::Number(a), Value::Number(b)) => number_binary(*a, op, *b, rhs),
        _ => Err(Fault::value_error(
            lhs,
            format!(
                "could not perform binop {} for unknown types lhs {} rhs {}",
                op.as_str(),
                l.ty(),
                r.ty()
            ),
        )),
    }
}

fn ordering_holds(op: BinaryOp, ord: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::*;
    match op {
        BinaryOp::Lt => ord == Less,
        BinaryOp::LtEq => ord != Greater,
        BinaryOp::Gt => ord == Greater,
        BinaryOp::GtEq => ord != Less,
        _ => false,
    }
}

fn number_binary(a: Number, op: BinaryOp, b: Number, rhs_value: &Value) -> Result<Value, Fault> {
    if matches!(op, BinaryOp::Div | BinaryOp::Mod) {
        let zero = match b {
            Number::Int(i) => i == 0,
            Number::Uint(u) => u == 0,
            Number::Float(f) => f == 0.0,
        };
        if zero {
            return Err(Fault::value_error(rhs_value, "divide by zero error"));
        }
    }
    let kind = fit_kinds(a.kind(), b.kind());
    let value = match kind {
        NumberKind::Uint => {
            let (x, y) = (a.as_u64(), b.as_u64());
            match op {
                BinaryOp::Add => Value::uint(x.wrapping_add(y)),
                BinaryOp::Sub => Value::uint(x.wrapping_sub(y)),
                BinaryOp::Mul => Value::uint(x.wrapping_mul(y)),
                BinaryOp::Div => Value::uint(x / y),
                BinaryOp::Mod => Value::uint(x % y),
                BinaryOp::Pow => Value::uint(uint_pow(x, y)),
                _ => Value::Bool(ordering_holds(op, x.cmp(&y))),
            }
        }
        NumberKind::Int => {
            let (x, y) = (a.as_i64(), b.as_i64());
            match op {
                BinaryOp::Add => Value::int(x.wrapping_add(y)),
                BinaryOp::Sub => Value::int(x.wrapping_sub(y)),
                BinaryOp::Mul => Value::int(x.wrapping_mul(y)),
                BinaryOp::Div => Value::int(x.wrapping_div(y)),
                BinaryOp::Mod => Value::int(x.wrapping_rem(y)),
                BinaryOp::Pow => Value::int(int_pow(x, y)),
                _ => Value::Bool(ordering_holds(op, x.cmp(&y))),
            }
        }
        NumberKind::Float => {
            let (x, y) = (a.as_f64(), b.as_f64());
            match op {
                BinaryOp::Add => Value::float(x + y),
                BinaryOp::Sub => Value::float(x - y),
                BinaryOp::Mul => Value::float(x * y),
                BinaryOp::Div => Value::float(x / y),
                BinaryOp::Mod => Value::float(x % y),
                BinaryOp::Pow => Value::float(x.powf(y)),
                BinaryOp::Lt => Value::Bool(x < y),
                BinaryOp::LtEq => Value::Bool(x <= y),
                BinaryOp::Gt => Value::Bool(x > y),
                BinaryOp::GtEq => Value::Bool(x >= y),
                _ => Value::Bool(false),
            }
        }
    };
    Ok(value)
}

/// Alloy's integer power: `m == 0` or `n == 1` gives 1, an exponent below 2 gives `n` back
/// (so `2 ^ -1` is 2), otherwise `n` multiplied `m - 1` times, wrapping.
fn int_pow(n: i64, m: i64) -> i64 {
    if m == 0 || n == 1 {
        return 1;
    }
    if n == 0 && m > 0 {
        return 0;
    }
    if m < 2 {
        return n;
    }
    wrapping_pow_i64(n, m as u64)
}

fn uint_pow(n: u64, m: u64) -> u64 {
    if m == 0 || n == 1 {
        return 1;
    }
    if n == 0 {
        return 0;
    }
    if m < 2 {
        return n;
    }
    let mut result: u64 = 1;
    let mut base = n;
    let mut exp = m;
    while exp > 0 {
        if exp & 1 == 1 {
            result = result.wrapping_mul(base);
        }
        base = base.wrapping_mul(base);
        exp >>= 1;
    }
    result
}

fn wrapping_pow_i64(n: i64, m: u64) -> i64 {
    uint_pow(n as u64, m) as i64
}

/// Brings secret and string operands to a common capsule type, as Alloy does before `+` and
/// comparisons.
fn unwrap_capsules(lhs: &Value, rhs: &Value) -> (Value, Value) {
    let rhs_capsule = match rhs {
        Value::Capsule(c) => Some(&**c),
        _ => None,
    };
    match lhs {
        Value::Capsule(c) => match (&**c, rhs_capsule, rhs) {
            (Capsule::OptionalSecret { value, .. }, Some(Capsule::Secret(_)), _) => {
                (Value::secret(value), rhs.clone())
            }
            (
                Capsule::OptionalSecret {
                    is_secret: true, ..
                },
                None,
                Value::String(s),
            ) => (lhs.clone(), Value::optional_secret(s, true)),
            (
                Capsule::OptionalSecret {
                    value,
                    is_secret: false,
                },
                None,
                Value::String(s),
            ) => (Value::string(value), Value::String(s.clone())),
            (Capsule::Secret(_), Some(Capsule::OptionalSecret { value, .. }), _) => {
                (lhs.clone(), Value::secret(value))
            }
            (Capsule::Secret(_), None, Value::String(s)) => (lhs.clone(), Value::secret(s)),
            _ => (lhs.clone(), rhs.clone()),
        },
        Value::String(s) => match rhs_capsule {
            Some(Capsule::OptionalSecret {
                is_secret: true, ..
            }) => (Value::optional_secret(s, true), rhs.clone()),
            Some(Capsule::OptionalSecret {
                value,
                is_secret: false,
            }) => (lhs.clone(), Value::string(value)),
            Some(Capsule::Secret(_)) => (Value::secret(s), rhs.clone()),
            _ => (lhs.clone(), rhs.clone()),
        },
        _ => (lhs.clone(), rhs.clone()),
    }
}

fn add_capsules(lhs: &Value, a: &Capsule, b: &Capsule, op: BinaryOp) -> Result<Value, Fault> {
    match (a, b) {
        (
            Capsule::OptionalSecret {
                value: x,
                is_secret: sx,
            },
            _,
        ) => {
            let (y, sy) = match b {
                Capsule::OptionalSecret { value, is_secret } => (value.as_str(), *is_secret),
                _ => ("", false),
            };
            Ok(Value::optional_secret(&format!("{x}{y}"), *sx || sy))
        }
        (Capsule::Secret(x), _) => {
            let y = match b {
                Capsule::Secret(y) => y.as_str(),
                _ => "",
            };
            Ok(Value::secret(&format!("{x}{y}")))
        }
        _ => Err(Fault::value_error(
            lhs,
            format!(
                "could not perform binop {} for unknown types lhs capsule rhs capsule",
                op.as_str()
            ),
        )),
    }
}
