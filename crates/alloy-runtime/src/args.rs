//! A component's evaluated arguments: attribute values and nested blocks, with typed getters
//! that turn a wrong type into an error message and an unknown value into [`ArgError::Unknown`].

use crate::{LabelSet, Receivers};
use alloy_eval::{Capsule, Number, Value};
use std::collections::BTreeMap;
use std::fmt;

/// Why an argument cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgError {
    /// The value depends on something the run could not know (a component not executed).
    Unknown(String),
    Invalid(String),
}

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgError::Unknown(name) => write!(
                f,
                "{name} is unknown (it depends on a component that was not executed)"
            ),
            ArgError::Invalid(message) => f.write_str(message),
        }
    }
}

impl From<ArgError> for String {
    fn from(e: ArgError) -> String {
        e.to_string()
    }
}

/// The evaluated body of a block.
#[derive(Clone, Debug, Default)]
pub struct Args {
    pub attributes: BTreeMap<String, Value>,
    /// Nested blocks in source order, by their dotted name.
    pub children: Vec<(String, Args)>,
}

/// What `forward_to` holds in place of a receiver that is not known.
pub const UNKNOWN_RECEIVER: &str = "(unknown receiver)";

/// The Go type of receiver capsules, whose text is the component id.
pub const RECEIVER_GO_TYPE: &str = "receiver";

/// The value a component exports as its `receiver`: names the component, so `forward_to`
/// lists can be followed.
pub fn receiver(component_id: &str) -> Value {
    Value::Capsule(std::rc::Rc::new(Capsule::Opaque {
        go_type: RECEIVER_GO_TYPE.into(),
        text: component_id.into(),
    }))
}

impl Args {
    pub fn blocks<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Args> + 's {
        self.children
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, a)| a)
    }

    fn known(&self, name: &str) -> Result<Option<&Value>, ArgError> {
        match self.attributes.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(v) if v.contains_unknown() => Err(ArgError::Unknown(name.into())),
            Some(v) => Ok(Some(v)),
        }
    }

    fn invalid(name: &str, expected: &str, got: &Value) -> ArgError {
        ArgError::Invalid(format!(
            "{name}: expected {expected}, got {}",
            got.ty().as_str()
        ))
    }

    pub fn string(&self, name: &str) -> Result<Option<String>, ArgError> {
        match self.known(name)? {
            None => Ok(None),
            Some(v) => text(v)
                .map(Some)
                .ok_or_else(|| Args::invalid(name, "string", v)),
        }
    }

    pub fn bool(&self, name: &str) -> Result<Option<bool>, ArgError> {
        match self.known(name)? {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(Args::invalid(name, "bool", v)),
        }
    }

    pub fn u64(&self, name: &str) -> Result<Option<u64>, ArgError> {
        match self.known(name)? {
            None => Ok(None),
            Some(Value::Number(Number::Int(i))) if *i >= 0 => Ok(Some(*i as u64)),
            Some(Value::Number(Number::Uint(u))) => Ok(Some(*u)),
            Some(v) => Err(Args::invalid(name, "non-negative integer", v)),
        }
    }

    /// A list whose elements `element` converts, `expected` naming the type in errors.
    fn list<T>(
        &self,
        name: &str,
        expected: &str,
        element: fn(&Value) -> Option<T>,
    ) -> Result<Option<Vec<T>>, ArgError> {
        match self.known(name)? {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| element(v).ok_or_else(|| Args::invalid(name, expected, v)))
                .collect::<Result<_, _>>()
                .map(Some),
            Some(v) => Err(Args::invalid(name, expected, v)),
        }
    }

    pub fn string_list(&self, name: &str) -> Result<Option<Vec<String>>, ArgError> {
        self.list(name, "list(string)", text)
    }

    pub fn string_map(&self, name: &str) -> Result<Option<LabelSet>, ArgError> {
        match self.known(name)? {
            None => Ok(None),
            Some(v) => label_set(v)
                .map(Some)
                .ok_or_else(|| Args::invalid(name, "map(string)", v)),
        }
    }

    /// A `list(map(string))` of targets.
    pub fn targets(&self, name: &str) -> Result<Option<Vec<LabelSet>>, ArgError> {
        self.list(name, "list(map(string))", label_set)
    }

    /// A `forward_to` list: the ids of the components whose receivers it names.
    /// An element that is unknown (the receiver of a component not executed) is
    /// [`UNKNOWN_RECEIVER`], so what flows there is reported as unknown.
    pub fn receivers(&self, name: &str) -> Result<Receivers, ArgError> {
        match self.attributes.get(name) {
            None | Some(Value::Null) => Ok(Receivers::from([])),
            Some(Value::Unknown) => Err(ArgError::Unknown(name.into())),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| match v {
                    Value::Unknown => Ok(UNKNOWN_RECEIVER.to_string()),
                    Value::Capsule(c) => match &**c {
                        Capsule::Opaque { go_type, text } if go_type == RECEIVER_GO_TYPE => {
                            Ok(text.clone())
                        }
                        _ => Err(Args::invalid(name, "list(receiver)", v)),
                    },
                    _ => Err(Args::invalid(name, "list(receiver)", v)),
                })
                .collect::<Result<Vec<String>, ArgError>>()
                .map(Receivers::from),
            Some(v) => Err(Args::invalid(name, "list(receiver)", v)),
        }
    }
}

/// A string, or a secret's text (Alloy converts optional secrets to strings).
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.to_string()),
        Value::Capsule(c) => match &**c {
            Capsule::OptionalSecret { value, .. } => Some(value.clone()),
            _ => None,
        },
        _ => None,
    }
}

fn label_set(v: &Value) -> Option<LabelSet> {
    match v {
        Value::Object(fields) => fields
            .iter()
            .map(|(k, v)| text(v).map(|t| (k.to_string(), t)))
            .collect(),
        _ => None,
    }
}

/// Targets as an Alloy value: `list(map(string))`.
pub fn targets_value(targets: &[LabelSet]) -> Value {
    Value::array(
        targets
            .iter()
            .map(|t| Value::object_from(t.iter().map(|(k, v)| (k, Value::string(v)))))
            .collect(),
    )
}
