//! Alloy's value model.
//!
//! Numbers keep Alloy's three kinds (int, uint, float) because arithmetic, printing and
//! conversions depend on them (`18446744073709551615 + 1` wraps to the int `0`). Objects are
//! sorted maps: Alloy object literals are Go maps, and every printed or encoded form sorts keys.

use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

use crate::stdlib::Builtin;

/// An object's fields, sorted by key.
pub type Object = BTreeMap<Rc<str>, Value>;

#[derive(Clone, Debug)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(Rc<str>),
    Array(Rc<Vec<Value>>),
    /// An array that is a Go `[]byte` (from base64 decoding): elements are uint numbers, and
    /// unlike other arrays it converts to a string.
    Bytes(Rc<Vec<Value>>),
    Object(Rc<Object>),
    Function(Builtin),
    Capsule(Rc<Capsule>),
    /// A value that cannot be known without running Alloy (a component export, say).
    /// Operators and calls that touch it produce `Unknown` too.
    Unknown,
}

/// A number, tagged with the kind Alloy keeps for it.
#[derive(Clone, Copy, Debug)]
pub enum Number {
    Int(i64),
    Uint(u64),
    Float(f64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberKind {
    Int,
    Uint,
    Float,
}

impl NumberKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NumberKind::Int => "int",
            NumberKind::Uint => "uint",
            NumberKind::Float => "float",
        }
    }
}

/// Values Alloy wraps in a capsule: secrets and Go values with no Alloy equivalent.
#[derive(Clone, Debug, PartialEq)]
pub enum Capsule {
    /// `alloytypes.Secret`: printed as `(secret)`, never converted back to a string.
    Secret(String),
    /// `alloytypes.OptionalSecret`: a string that may be marked sensitive.
    OptionalSecret { value: String, is_secret: bool },
    /// Any other Go value, described by its Go type (a YAML map with non-string keys is
    /// `map[interface {}]interface {}`).
    Opaque { go_type: String, text: String },
}

/// Alloy's type names, as used in error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    Null,
    Number,
    String,
    Bool,
    Array,
    Object,
    Function,
    Capsule,
    Unknown,
}

impl Type {
    pub fn as_str(self) -> &'static str {
        match self {
            Type::Null => "null",
            Type::Number => "number",
            Type::String => "string",
            Type::Bool => "bool",
            Type::Array => "array",
            Type::Object => "object",
            Type::Function => "function",
            Type::Capsule => "capsule",
            Type::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Number {
    pub fn kind(self) -> NumberKind {
        match self {
            Number::Int(_) => NumberKind::Int,
            Number::Uint(_) => NumberKind::Uint,
            Number::Float(_) => NumberKind::Float,
        }
    }

    /// Go's `Number.Int()`: floats truncate (saturating like Go on amd64 for out-of-range
    /// values, which yields `i64::MIN`), uints reinterpret their bits.
    pub fn as_i64(self) -> i64 {
        match self {
            Number::Int(i) => i,
            Number::Uint(u) => u as i64,
            Number::Float(f) => go_float_to_i64(f),
        }
    }

    /// Go's `Number.Uint()`.
    pub fn as_u64(self) -> u64 {
        match self {
            Number::Int(i) => i as u64,
            Number::Uint(u) => u,
            Number::Float(f) => go_float_to_u64(f),
        }
    }

    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Uint(u) => u as f64,
            Number::Float(f) => f,
        }
    }

    /// The text Alloy gives a number when it becomes a string (`strconv.FormatFloat(f, 'f',
    /// -1, 64)` for floats: shortest round-trip digits, never an exponent).
    pub fn to_text(self) -> String {
        match self {
            Number::Int(i) => i.to_string(),
            Number::Uint(u) => u.to_string(),
            Number::Float(f) => format_float(f),
        }
    }
}

/// `strconv.FormatFloat(f, 'f', -1, 64)`.
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".to_string()
    } else if f.is_infinite() {
        if f > 0.0 { "+Inf" } else { "-Inf" }.to_string()
    } else {
        // Rust's Display prints the shortest round-trip digits without an exponent, which is
        // exactly Go's 'f' format with precision -1.
        format!("{f}")
    }
}

/// Go's float64 -> int64 conversion on amd64 (CVTTSD2SI): out of range and NaN give MinInt64.
const TWO_POW_63: f64 = (1u64 << 63) as f64;

fn go_float_to_i64(f: f64) -> i64 {
    if f.is_nan() || !(-TWO_POW_63..TWO_POW_63).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// Go's float64 -> uint64 conversion on amd64.
fn go_float_to_u64(f: f64) -> u64 {
    if f.is_nan() {
        return 1 << 63;
    }
    if f < TWO_POW_63 {
        go_float_to_i64(f) as u64
    } else if f < 2.0 * TWO_POW_63 {
        // Go subtracts 2^63, converts, and sets the top bit.
        ((f - TWO_POW_63) as i64 as u64) | (1 << 63)
    } else {
        1 << 63
    }
}

impl Value {
    pub fn string(s: &str) -> Value {
        Value::String(Rc::from(s))
    }
    pub fn int(i: i64) -> Value {
        Value::Number(Number::Int(i))
    }
    pub fn uint(u: u64) -> Value {
        Value::Number(Number::Uint(u))
    }
    pub fn float(f: f64) -> Value {
        Value::Number(Number::Float(f))
    }
    pub fn array(items: Vec<Value>) -> Value {
        Value::Array(Rc::new(items))
    }
    pub fn object(fields: Object) -> Value {
        Value::Object(Rc::new(fields))
    }
    pub fn object_from<I: IntoIterator<Item = (K, Value)>, K: AsRef<str>>(fields: I) -> Value {
        Value::object(
            fields
                .into_iter()
                .map(|(k, v)| (Rc::from(k.as_ref()), v))
                .collect(),
        )
    }
    pub fn secret(s: &str) -> Value {
        Value::Capsule(Rc::new(Capsule::Secret(s.to_string())))
    }
    pub fn optional_secret(s: &str, is_secret: bool) -> Value {
        Value::Capsule(Rc::new(Capsule::OptionalSecret {
            value: s.to_string(),
            is_secret,
        }))
    }

    pub fn ty(&self) -> Type {
        match self {
            Value::Null => Type::Null,
            Value::Bool(_) => Type::Bool,
            Value::Number(_) => Type::Number,
            Value::String(_) => Type::String,
            Value::Array(_) | Value::Bytes(_) => Type::Array,
            Value::Object(_) => Type::Object,
            Value::Function(_) => Type::Function,
            Value::Capsule(_) => Type::Capsule,
            Value::Unknown => Type::Unknown,
        }
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown)
    }

    /// True when the value, or anything inside it, is unknown.
    pub fn contains_unknown(&self) -> bool {
        match self {
            Value::Unknown => true,
            Value::Array(items) => items.iter().any(Value::contains_unknown),
            Value::Object(fields) => fields.values().any(Value::contains_unknown),
            _ => false,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Alloy equality (`==`): numbers compare across kinds, functions never equal anything,
    /// capsules compare deeply.
    pub fn alloy_eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => numbers_equal(*a, *b),
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Array(a) | Value::Bytes(a), Value::Array(b) | Value::Bytes(b)) => {
                a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.alloy_eq(y))
            }
            (Value::Object(a), Value::Object(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, v)| b.get(k).is_some_and(|w| v.alloy_eq(w)))
            }
            (Value::Capsule(a), Value::Capsule(b)) => a == b,
            _ => false,
        }
    }
}

/// The kind two numbers are combined in: float beats int beats uint.
pub fn fit_kinds(a: NumberKind, b: NumberKind) -> NumberKind {
    fn prec(k: NumberKind) -> u8 {
        match k {
            NumberKind::Uint => 0,
            NumberKind::Int => 1,
            NumberKind::Float => 2,
        }
    }
    if prec(a) > prec(b) {
        a
    } else {
        b
    }
}

pub fn numbers_equal(a: Number, b: Number) -> bool {
    match fit_kinds(a.kind(), b.kind()) {
        NumberKind::Uint => a.as_u64() == b.as_u64(),
        NumberKind::Int => a.as_i64() == b.as_i64(),
        NumberKind::Float => a.as_f64() == b.as_f64(),
    }
}

impl PartialEq for Value {
    /// Structural equality, as Alloy's `==`.
    fn eq(&self, other: &Value) -> bool {
        self.alloy_eq(other)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::int(i)
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::string(s)
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(Rc::from(s))
    }
}
impl From<Vec<Value>> for Value {
    fn from(items: Vec<Value>) -> Value {
        Value::array(items)
    }
}

impl fmt::Display for Value {
    /// Alloy syntax, as `syntax/token/builder` prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::print::print_value(self))
    }
}
