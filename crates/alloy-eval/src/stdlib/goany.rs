//! The Go value an Alloy value becomes when a function takes `interface{}` (Alloy's
//! `decodeAny`): `string.format` and `encoding.to_json` see their arguments this way.

use std::collections::BTreeMap;

use crate::stdlib::Builtin;
use crate::value::{Capsule, Number, Value};

#[derive(Clone, Debug, PartialEq)]
pub enum GoAny {
    Nil,
    /// Go `int` (every int, and every uint up to MaxInt64).
    Int(i64),
    /// Go `uint64` (uints above MaxInt64).
    Uint64(u64),
    Float64(f64),
    Bool(bool),
    String(String),
    /// `[]interface {}`
    Slice(Vec<GoAny>),
    /// `map[string]interface {}`
    Map(BTreeMap<String, GoAny>),
    Func(Builtin),
    Secret(String),
    OptionalSecret {
        value: String,
        is_secret: bool,
    },
    Opaque {
        go_type: String,
        text: String,
    },
}

impl GoAny {
    pub fn decode(value: &Value) -> GoAny {
        match value {
            Value::Null | Value::Unknown => GoAny::Nil,
            Value::Bool(b) => GoAny::Bool(*b),
            Value::Number(Number::Float(f)) => GoAny::Float64(*f),
            Value::Number(Number::Int(i)) => GoAny::Int(*i),
            Value::Number(Number::Uint(u)) => {
                if *u <= i64::MAX as u64 {
                    GoAny::Int(*u as i64)
                } else {
                    GoAny::Uint64(*u)
                }
            }
            Value::String(s) => GoAny::String(s.to_string()),
            Value::Array(items) | Value::Bytes(items) => {
                GoAny::Slice(items.iter().map(GoAny::decode).collect())
            }
            Value::Object(fields) => GoAny::Map(
                fields
                    .iter()
                    .map(|(k, v)| (k.to_string(), GoAny::decode(v)))
                    .collect(),
            ),
            Value::Function(b) => GoAny::Func(*b),
            Value::Capsule(c) => match &**c {
                Capsule::Secret(s) => GoAny::Secret(s.clone()),
                Capsule::OptionalSecret { value, is_secret } => GoAny::OptionalSecret {
                    value: value.clone(),
                    is_secret: *is_secret,
                },
                Capsule::Opaque { go_type, text } => GoAny::Opaque {
                    go_type: go_type.clone(),
                    text: text.clone(),
                },
            },
        }
    }

    /// The Go type name, as `%T` prints it.
    pub fn go_type(&self) -> String {
        match self {
            GoAny::Nil => "<nil>".into(),
            GoAny::Int(_) => "int".into(),
            GoAny::Uint64(_) => "uint64".into(),
            GoAny::Float64(_) => "float64".into(),
            GoAny::Bool(_) => "bool".into(),
            GoAny::String(_) => "string".into(),
            GoAny::Slice(_) => "[]interface {}".into(),
            GoAny::Map(_) => "map[string]interface {}".into(),
            GoAny::Func(b) => b.go_type().into(),
            GoAny::Secret(_) => "alloytypes.Secret".into(),
            GoAny::OptionalSecret { .. } => "alloytypes.OptionalSecret".into(),
            GoAny::Opaque { go_type, .. } => go_type.clone(),
        }
    }
}
