//! The conversions Alloy applies when a value is assigned to an attribute of a given type:
//! number <-> numeric string, string -> secret, never secret -> string.

use crate::error::Fault;
use crate::value::{Capsule, Value};
use crate::EvalError;

/// The type of the attribute a value is assigned to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignTarget {
    Number,
    String,
    Bool,
    Array,
    Object,
    Function,
    /// `alloytypes.Secret`
    Secret,
    /// `alloytypes.OptionalSecret` (`string` attributes that may hold a secret)
    OptionalSecret,
    /// Any value is accepted as it is.
    Any,
}

impl AssignTarget {
    fn type_name(self) -> &'static str {
        match self {
            AssignTarget::Number => "number",
            AssignTarget::String => "string",
            AssignTarget::Bool => "bool",
            AssignTarget::Array => "array",
            AssignTarget::Object => "object",
            AssignTarget::Function => "function",
            AssignTarget::Secret | AssignTarget::OptionalSecret => "capsule",
            AssignTarget::Any => "any",
        }
    }
}

/// Converts `value` for an attribute of type `target`, as Alloy does when decoding. Errors
/// carry Alloy's messages (`should be number, got string`, `secrets may not be converted into
/// strings`) without a position; the caller places them on the attribute's value.
pub fn convert_for_assignment(value: &Value, target: AssignTarget) -> Result<Value, EvalError> {
    let mismatch = || {
        let fault = Fault::Value(vec![crate::error::Link {
            value: value.clone(),
            message: Some(format!(
                "should be {}, got {}",
                target.type_name(),
                value.ty()
            )),
            path: None,
        }]);
        crate::detached_error(fault)
    };
    if value.is_unknown() || target == AssignTarget::Any {
        return Ok(value.clone());
    }
    match (target, value) {
        (_, Value::Null) => Ok(Value::Null),
        (AssignTarget::String, _) => crate::stdlib::to_string(value)
            .map(Value::from)
            .map_err(crate::detached_error),
        (AssignTarget::Number, Value::Number(_)) => Ok(value.clone()),
        (AssignTarget::Number, Value::String(s)) => string_to_number(s).ok_or_else(mismatch),
        (AssignTarget::Secret, Value::String(s)) => Ok(Value::secret(s)),
        (AssignTarget::Secret, Value::Capsule(c)) => match &**c {
            Capsule::Secret(_) => Ok(value.clone()),
            Capsule::OptionalSecret { value: v, .. } => Ok(Value::secret(v)),
            Capsule::Opaque { .. } => Err(mismatch()),
        },
        (AssignTarget::OptionalSecret, Value::String(s)) => Ok(Value::optional_secret(s, false)),
        (AssignTarget::OptionalSecret, Value::Number(n)) => {
            Ok(Value::optional_secret(&n.to_text(), false))
        }
        (AssignTarget::OptionalSecret, Value::Capsule(c)) => match &**c {
            Capsule::Secret(s) => Ok(Value::optional_secret(s, true)),
            Capsule::OptionalSecret { .. } => Ok(value.clone()),
            Capsule::Opaque { .. } => Err(mismatch()),
        },
        (AssignTarget::Bool, Value::Bool(_))
        | (AssignTarget::Array, Value::Array(_) | Value::Bytes(_))
        | (AssignTarget::Object, Value::Object(_))
        | (AssignTarget::Function, Value::Function(_)) => Ok(value.clone()),
        _ => Err(mismatch()),
    }
}

/// Alloy's string -> number rule: a leading `-` parses as an int, a `.`, `e` or `E` as a
/// float, anything else as a uint; all in base 10.
fn string_to_number(s: &str) -> Option<Value> {
    if s.is_empty() {
        return None;
    }
    if s.starts_with('-') {
        return s.parse::<i64>().ok().map(Value::int);
    }
    if s.contains(['.', 'e', 'E']) {
        return crate::eval::parse_go_float(s).ok().map(Value::float);
    }
    if s.starts_with('+') {
        return None;
    }
    s.parse::<u64>().ok().map(Value::uint)
}
