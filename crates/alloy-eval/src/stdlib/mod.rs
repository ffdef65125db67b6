//! Alloy's standard library: `array`, `coalesce`, `constants`, `convert`, `encoding`, `file`,
//! `json_path`, `string`, `sys`, and the deprecated top-level names.
//!
//! Functions decode their arguments the way Alloy decodes a value into a Go parameter: a number
//! passed where a string is expected becomes its text, `null` becomes the empty string, a string
//! becomes a secret; anything else is a type error placed on the argument.

mod encoding;
mod goany;
mod gofmt;
mod jsonpath;
mod path;
mod strings;

use std::rc::Rc;

use crate::env::Environment;
use crate::error::{Fault, Link};
use crate::value::{Capsule, Number, Object, Type, Value};

pub use goany::GoAny;

/// Every function of the standard library.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Builtin {
    SysEnv,
    Coalesce,
    JsonPath,
    NonSensitive,
    Concat,
    CombineMaps,
    GroupBy,
    FromJson,
    FromYaml,
    FromBase64,
    FromUrlBase64,
    ToJson,
    ToBase64,
    ToUrlBase64,
    UrlEncode,
    UrlDecode,
    PathJoin,
    Format,
    Join,
    Replace,
    Split,
    ToLower,
    ToUpper,
    Trim,
    TrimPrefix,
    TrimSuffix,
    TrimSpace,
}

impl Builtin {
    /// The Go type of the function, as `%T` prints it.
    pub fn go_type(self) -> &'static str {
        use Builtin::*;
        match self {
            SysEnv | ToLower | ToUpper | TrimSpace => "func(string) string",
            NonSensitive => "func(alloytypes.Secret) string",
            Concat | CombineMaps | GroupBy | Coalesce => "value.RawFunction",
            FromJson | FromYaml => "func(string) (interface {}, error)",
            FromBase64 | FromUrlBase64 => "func(string) ([]uint8, error)",
            ToJson => "func(interface {}) (string, error)",
            ToBase64 | ToUrlBase64 | UrlEncode | UrlDecode => "func(string) (string, error)",
            PathJoin => "func(...string) string",
            Format => "func(string, ...interface {}) string",
            Join => "func([]string, string) string",
            Replace => "func(string, string, string) string",
            Split => "func(string, string) []string",
            Trim | TrimPrefix | TrimSuffix => "func(string, string) string",
            JsonPath => "func(string, string) ([]interface {}, error)",
        }
    }
}

const NAMESPACES: &[(&str, &[(&str, Builtin)])] = &[
    ("sys", &[("env", Builtin::SysEnv)]),
    ("convert", &[("nonsensitive", Builtin::NonSensitive)]),
    (
        "array",
        &[
            ("concat", Builtin::Concat),
            ("combine_maps", Builtin::CombineMaps),
            ("group_by", Builtin::GroupBy),
        ],
    ),
    (
        "encoding",
        &[
            ("from_json", Builtin::FromJson),
            ("from_yaml", Builtin::FromYaml),
            ("from_base64", Builtin::FromBase64),
            ("from_URLbase64", Builtin::FromUrlBase64),
            ("to_json", Builtin::ToJson),
            ("to_base64", Builtin::ToBase64),
            ("to_URLbase64", Builtin::ToUrlBase64),
            ("url_encode", Builtin::UrlEncode),
            ("url_decode", Builtin::UrlDecode),
        ],
    ),
    (
        "string",
        &[
            ("format", Builtin::Format),
            ("join", Builtin::Join),
            ("replace", Builtin::Replace),
            ("split", Builtin::Split),
            ("to_lower", Builtin::ToLower),
            ("to_upper", Builtin::ToUpper),
            ("trim", Builtin::Trim),
            ("trim_prefix", Builtin::TrimPrefix),
            ("trim_suffix", Builtin::TrimSuffix),
            ("trim_space", Builtin::TrimSpace),
        ],
    ),
    ("file", &[("path_join", Builtin::PathJoin)]),
];

const TOP_LEVEL_FUNCTIONS: &[(&str, Builtin)] = &[
    ("coalesce", Builtin::Coalesce),
    ("json_path", Builtin::JsonPath),
    ("env", Builtin::SysEnv),
    ("nonsensitive", Builtin::NonSensitive),
    ("concat", Builtin::Concat),
    ("json_decode", Builtin::FromJson),
    ("yaml_decode", Builtin::FromYaml),
    ("base64_decode", Builtin::FromBase64),
    ("format", Builtin::Format),
    ("join", Builtin::Join),
    ("replace", Builtin::Replace),
    ("split", Builtin::Split),
    ("to_lower", Builtin::ToLower),
    ("to_upper", Builtin::ToUpper),
    ("trim", Builtin::Trim),
    ("trim_prefix", Builtin::TrimPrefix),
    ("trim_suffix", Builtin::TrimSuffix),
    ("trim_space", Builtin::TrimSpace),
];

/// The standard library bound to an environment. Namespace objects are built once, so they
/// keep one identity (as Go's package-level maps do).
pub struct Stdlib {
    env: Rc<dyn Environment>,
    /// Sorted by name, for binary search.
    identifiers: Vec<(&'static str, Value)>,
}

impl Stdlib {
    pub fn new(env: Rc<dyn Environment>) -> Stdlib {
        let mut identifiers = Vec::new();
        for (name, functions) in NAMESPACES {
            let object: Object = functions
                .iter()
                .map(|(f, b)| (Rc::from(*f), Value::Function(*b)))
                .collect();
            identifiers.push((*name, Value::object(object)));
        }
        for (name, builtin) in TOP_LEVEL_FUNCTIONS {
            identifiers.push((*name, Value::Function(*builtin)));
        }
        let constants = Value::object_from([
            ("hostname", Value::from(env.hostname())),
            ("os", Value::from(env.os())),
            ("arch", Value::from(env.arch())),
            ("version", Value::from(env.version())),
        ]);
        identifiers.push(("constants", constants));
        identifiers.sort_by_key(|(name, _)| *name);
        Stdlib { env, identifiers }
    }

    /// The value of a top-level stdlib identifier.
    pub fn lookup(&self, name: &str) -> Option<Value> {
        let i = self
            .identifiers
            .binary_search_by_key(&name, |(n, _)| *n)
            .ok()?;
        Some(self.identifiers[i].1.clone())
    }

    /// Every top-level stdlib identifier.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.identifiers.iter().map(|(n, _)| *n)
    }

    /// Calls `builtin` (`func` is the function value, used to place errors on the callee).
    pub(crate) fn call(
        &self,
        builtin: Builtin,
        func: &Value,
        args: &[Value],
    ) -> Result<Value, Fault> {
        use Builtin::*;
        match builtin {
            Coalesce => Ok(coalesce(args)),
            Concat => concat(args, func),
            CombineMaps => combine_maps(args),
            GroupBy => group_by(args),
            _ => self.call_typed(builtin, func, args),
        }
    }

    /// Functions Alloy binds to typed Go functions: arity is checked first, then every argument
    /// is decoded into its parameter type.
    fn call_typed(&self, builtin: Builtin, func: &Value, args: &[Value]) -> Result<Value, Fault> {
        use Builtin::*;
        let (arity, variadic) = match builtin {
            PathJoin => (0, true),
            Format => (1, true),
            Join | Split | Trim | TrimPrefix | TrimSuffix | JsonPath => (2, false),
            Replace => (3, false),
            _ => (1, false),
        };
        if variadic && args.len() < arity {
            return Err(Fault::value_error(
                func,
                format!("expected at least {arity} args, got {}", args.len()),
            ));
        }
        if !variadic && args.len() != arity {
            return Err(Fault::value_error(
                func,
                format!("expected {arity} args, got {}", args.len()),
            ));
        }
        let s = |i: usize| arg_string(&args[i]);
        let fail = |message: String| Fault::value_error(func, message);
        Ok(match builtin {
            SysEnv => Value::from(self.env.var(&s(0)?).unwrap_or_default()),
            NonSensitive => Value::from(arg_secret(&args[0])?),
            FromJson => encoding::json_decode(&s(0)?).map_err(fail)?,
            FromYaml => encoding::yaml_decode(&s(0)?).map_err(fail)?,
            FromBase64 => bytes_value(encoding::base64_decode(&s(0)?, false).map_err(fail)?),
            FromUrlBase64 => bytes_value(encoding::base64_decode(&s(0)?, true).map_err(fail)?),
            ToBase64 => Value::from(encoding::base64_encode(s(0)?.as_bytes(), false)),
            ToUrlBase64 => Value::from(encoding::base64_encode(s(0)?.as_bytes(), true)),
            UrlEncode => Value::from(encoding::query_escape(&s(0)?)),
            UrlDecode => Value::from(encoding::query_unescape(&s(0)?).map_err(fail)?),
            ToJson => {
                let any = GoAny::decode(&args[0]);
                Value::from(encoding::json_encode_map(&any).map_err(fail)?)
            }
            PathJoin => {
                let mut parts = Vec::with_capacity(args.len());
                for a in args {
                    parts.push(arg_string(a)?);
                }
                Value::from(path::join(&parts))
            }
            Format => {
                let format = s(0)?;
                let rest: Vec<GoAny> = args[1..].iter().map(GoAny::decode).collect();
                Value::from(gofmt::sprintf(&format, &rest))
            }
            Join => {
                let items = arg_string_array(&args[0])?;
                Value::from(items.join(&s(1)?))
            }
            Replace => {
                let (text, old, new) = (s(0)?, s(1)?, s(2)?);
                Value::from(text.replace(&old, &new))
            }
            Split => {
                let (text, sep) = (s(0)?, s(1)?);
                Value::array(
                    strings::split(&text, &sep)
                        .into_iter()
                        .map(Value::from)
                        .collect(),
                )
            }
            ToLower => Value::from(strings::to_lower(&s(0)?)),
            ToUpper => Value::from(strings::to_upper(&s(0)?)),
            TrimSpace => Value::from(s(0)?.trim().to_string()),
            Trim => {
                let (text, cutset) = (s(0)?, s(1)?);
                Value::from(text.trim_matches(|c| cutset.contains(c)).to_string())
            }
            TrimPrefix => {
                let (text, prefix) = (s(0)?, s(1)?);
                Value::from(
                    text.strip_prefix(prefix.as_str())
                        .unwrap_or(&text)
                        .to_string(),
                )
            }
            TrimSuffix => {
                let (text, suffix) = (s(0)?, s(1)?);
                Value::from(
                    text.strip_suffix(suffix.as_str())
                        .unwrap_or(&text)
                        .to_string(),
                )
            }
            JsonPath => {
                let (document, query) = (s(0)?, s(1)?);
                Value::array(jsonpath::json_path(&document, &query).map_err(fail)?)
            }
            Coalesce | Concat | CombineMaps | GroupBy => return self.call(builtin, func, args),
        })
    }
}

fn bytes_value(bytes: Vec<u8>) -> Value {
    Value::Bytes(Rc::new(
        bytes.into_iter().map(|b| Value::uint(b as u64)).collect(),
    ))
}

/// Decodes an argument into a Go `string` parameter.
pub(crate) fn arg_string(arg: &Value) -> Result<String, Fault> {
    to_string(arg).map_err(|f| f.in_argument(arg))
}

/// Alloy's conversion of a value into a string: numbers give their text, null the empty
/// string, a non-sensitive optional secret its text. Secrets never convert.
pub(crate) fn to_string(value: &Value) -> Result<String, Fault> {
    match value {
        Value::String(s) => Ok(s.to_string()),
        Value::Number(n) => Ok(n.to_text()),
        Value::Null => Ok(String::new()),
        // A Go []byte (from base64 decoding) converts to a string directly.
        Value::Bytes(items) => {
            let bytes: Vec<u8> = items
                .iter()
                .map(|b| {
                    if let Value::Number(n) = b {
                        n.as_u64() as u8
                    } else {
                        0
                    }
                })
                .collect();
            Ok(String::from_utf8_lossy(&bytes).into_owned())
        }
        Value::Capsule(c) => match &**c {
            Capsule::OptionalSecret {
                value,
                is_secret: false,
            } => Ok(value.clone()),
            Capsule::OptionalSecret {
                is_secret: true, ..
            }
            | Capsule::Secret(_) => Err(Fault::value_error(
                value,
                "secrets may not be converted into strings",
            )),
            Capsule::Opaque { .. } => Err(Fault::type_error(value, Type::String)),
        },
        _ => Err(Fault::type_error(value, Type::String)),
    }
}

/// Decodes an argument into a `[]string` parameter.
fn arg_string_array(arg: &Value) -> Result<Vec<String>, Fault> {
    match arg {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) | Value::Bytes(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                out.push(to_string(item).map_err(|f| f.in_element(arg, i).in_argument(arg))?);
            }
            Ok(out)
        }
        _ => Err(Fault::type_error(arg, Type::Array).in_argument(arg)),
    }
}

/// Decodes an argument into an `alloytypes.Secret` parameter.
fn arg_secret(arg: &Value) -> Result<String, Fault> {
    match arg {
        Value::String(s) => Ok(s.to_string()),
        Value::Null => Ok(String::new()),
        Value::Capsule(c) => match &**c {
            Capsule::Secret(s) => Ok(s.clone()),
            Capsule::OptionalSecret { value, .. } => Ok(value.clone()),
            Capsule::Opaque { .. } => Err(Fault::type_error(arg, Type::Capsule).in_argument(arg)),
        },
        _ => Err(Fault::type_error(arg, Type::Capsule).in_argument(arg)),
    }
}

/// The first argument that is not null, zero, empty or an empty collection; the last
/// argument when there is none.
fn coalesce(args: &[Value]) -> Value {
    for arg in args {
        let empty = match arg {
            Value::Null => true,
            Value::Bool(b) => !b,
            Value::Number(Number::Int(i)) => *i == 0,
            Value::Number(Number::Uint(u)) => *u == 0,
            Value::Number(Number::Float(f)) => *f == 0.0,
            Value::String(s) => s.is_empty(),
            Value::Array(a) | Value::Bytes(a) => a.is_empty(),
            Value::Object(o) => o.is_empty(),
            Value::Capsule(c) => match &**c {
                Capsule::Secret(s) => s.is_empty(),
                Capsule::OptionalSecret { value, is_secret } => value.is_empty() && !is_secret,
                Capsule::Opaque { .. } => false,
            },
            Value::Function(_) | Value::Unknown => false,
        };
        if !empty {
            return arg.clone();
        }
    }
    args.last().cloned().unwrap_or(Value::Null)
}

fn arg_type_error(arg: &Value, expected: Type) -> Fault {
    Fault::Value(vec![
        Link {
            value: arg.clone(),
            message: Some(format!("should be {}, got {}", expected, arg.ty())),
            path: None,
        },
        Link {
            value: arg.clone(),
            message: Some(format!("should be {}, got {}", expected, arg.ty())),
            path: None,
        },
    ])
}

fn concat(args: &[Value], _func: &Value) -> Result<Value, Fault> {
    let mut total = 0;
    for arg in args {
        match arg {
            Value::Array(items) | Value::Bytes(items) => total += items.len(),
            _ => return Err(arg_type_error(arg, Type::Array)),
        }
    }
    if args.len() == 1 {
        return Ok(args[0].clone());
    }
    let mut out = Vec::with_capacity(total);
    for arg in args {
        if let Value::Array(items) | Value::Bytes(items) = arg {
            out.extend(items.iter().cloned());
        }
    }
    Ok(Value::array(out))
}

fn combine_maps(args: &[Value]) -> Result<Value, Fault> {
    if args.len() != 3 && args.len() != 4 {
        return Err(Fault::Plain(format!(
            "combine_maps: expected 3 or 4 arguments, got {}",
            args.len()
        )));
    }
    for arg in &args[..2] {
        let (Value::Array(items) | Value::Bytes(items)) = arg else {
            return Err(arg_type_error(arg, Type::Array));
        };
        for item in items.iter() {
            if !matches!(item, Value::Object(_)) {
                return Err(arg_type_error(item, Type::Object));
            }
        }
    }
    let conditions = match &args[2] {
        Value::Array(c) | Value::Bytes(c) => c.clone(),
        other => return Err(arg_type_error(other, Type::Array)),
    };
    if conditions.is_empty() {
        return Err(Fault::value_error(
            &args[2],
            "combine_maps: merge conditions must not be empty",
        ));
    }
    let passthrough = match args.get(3) {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => return Err(arg_type_error(other, Type::Bool)),
    };
    let mut keys = Vec::with_capacity(conditions.len());
    for c in conditions.iter() {
        match c {
            Value::String(s) => keys.push(s.clone()),
            // Alloy reads conditions without checking them; a non-string condition makes
            // Alloy panic. Report it as a type error instead.
            other => return Err(arg_type_error(other, Type::String)),
        }
    }
    let (Value::Array(left) | Value::Bytes(left), Value::Array(right) | Value::Bytes(right)) =
        (&args[0], &args[1])
    else {
        return Ok(Value::array(Vec::new()));
    };
    let mut out = Vec::new();
    for l in left.iter() {
        for r in right.iter() {
            let (Value::Object(lo), Value::Object(ro)) = (l, r) else {
                continue;
            };
            let mut join = true;
            for key in &keys {
                match (lo.get(&**key), ro.get(&**key)) {
                    (Some(a), Some(b)) => {
                        if !go_reflect_equal(a, b)? {
                            join = false;
                            break;
                        }
                    }
                    _ => {
                        join = false;
                        break;
                    }
                }
            }
            if join {
                let mut merged = (**lo).clone();
                for (k, v) in ro.iter() {
                    merged.insert(k.clone(), v.clone());
                }
                out.push(Value::object(merged));
            } else if passthrough {
                out.push(l.clone());
            }
        }
    }
    Ok(Value::array(out))
}

/// Go's `reflect.Value.Equal` as `combine_maps` uses it: same Go type and equal value; arrays
/// and objects cannot be compared.
fn go_reflect_equal(a: &Value, b: &Value) -> Result<bool, Fault> {
    Ok(match (a, b) {
        (Value::Number(Number::Int(x)), Value::Number(Number::Int(y))) => x == y,
        (Value::Number(Number::Uint(x)), Value::Number(Number::Uint(y))) => x == y,
        (Value::Number(Number::Float(x)), Value::Number(Number::Float(y))) => x == y,
        (Value::Number(_), Value::Number(_)) => false,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Null, Value::Null) => true,
        (Value::Array(_) | Value::Bytes(_), _)
        | (Value::Object(_), _)
        | (Value::Function(_), _) => {
            return Err(Fault::Plain(format!(
                "combine_maps: values of type {} are not comparable",
                a.ty()
            )));
        }
        (Value::Capsule(x), Value::Capsule(y)) => x == y,
        _ => false,
    })
}

fn group_by(args: &[Value]) -> Result<Value, Fault> {
    if args.len() != 3 {
        return Err(Fault::Plain(format!(
            "group_by: expected 3 arguments, got {}",
            args.len()
        )));
    }
    let (Value::Array(items) | Value::Bytes(items)) = &args[0] else {
        return Err(arg_type_error(&args[0], Type::Array));
    };
    let Value::String(key) = &args[1] else {
        return Err(arg_type_error(&args[1], Type::String));
    };
    let Value::Bool(drop_missing) = &args[2] else {
        return Err(arg_type_error(&args[2], Type::Bool));
    };
    // Groups keep first-seen order here; Alloy's order comes from a Go map and is random.
    let mut groups: Vec<(Rc<str>, Vec<Value>)> = Vec::new();
    for item in items.iter() {
        let Value::Object(fields) = item else {
            return Err(arg_type_error(item, Type::Object));
        };
        let group: Rc<str> = match fields.get(&**key) {
            None if *drop_missing => continue,
            None => Rc::from(""),
            Some(Value::String(s)) => s.clone(),
            Some(other) => return Err(arg_type_error(other, Type::String)),
        };
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, members)) => members.push(item.clone()),
            None => groups.push((group, vec![item.clone()])),
        }
    }
    let out = groups
        .into_iter()
        .map(|(group, members)| {
            let mut object = Object::new();
            object.insert(key.clone(), Value::String(group));
            object.insert(Rc::from("items"), Value::array(members));
            Value::object(object)
        })
        .collect();
    Ok(Value::array(out))
}
