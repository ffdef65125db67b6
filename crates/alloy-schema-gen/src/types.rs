//! Alloy types: mapping Go types and parsing the docs' type text.

use crate::code::CodeField;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ty {
    Any,
    String,
    Number,
    Bool,
    Duration,
    Secret,
    OptionalSecret,
    List(Box<Ty>),
    Map(Box<Ty>),
    Object,
    Capsule(String),
    Function,
}

impl Ty {
    /// A Rust expression building the `alloy_schema::AlloyType`.
    pub fn to_rust(&self) -> String {
        match self {
            Ty::Any => "AlloyType::Any".into(),
            Ty::String => "AlloyType::String".into(),
            Ty::Number => "AlloyType::Number".into(),
            Ty::Bool => "AlloyType::Bool".into(),
            Ty::Duration => "AlloyType::Duration".into(),
            Ty::Secret => "AlloyType::Secret".into(),
            Ty::OptionalSecret => "AlloyType::OptionalSecret".into(),
            Ty::List(t) => format!("AlloyType::List(&{})", t.to_rust()),
            Ty::Map(t) => format!("AlloyType::Map(&{})", t.to_rust()),
            Ty::Object => "AlloyType::Object".into(),
            Ty::Capsule(n) => format!("AlloyType::Capsule({n:?})"),
            Ty::Function => "AlloyType::Function".into(),
        }
    }

    pub fn display(&self) -> String {
        match self {
            Ty::Any => "any".into(),
            Ty::String => "string".into(),
            Ty::Number => "number".into(),
            Ty::Bool => "bool".into(),
            Ty::Duration => "duration".into(),
            Ty::Secret => "secret".into(),
            Ty::OptionalSecret => "string or secret".into(),
            Ty::List(t) => format!("list({})", t.display()),
            Ty::Map(t) => format!("map({})", t.display()),
            Ty::Object => "object".into(),
            Ty::Capsule(n) => format!("capsule({n})"),
            Ty::Function => "function".into(),
        }
    }
}

/// Go types (by their last path segment) whose Alloy form is not their Go shape:
/// they decode from text, or are capsules passed between components.
fn named_type(name: &str) -> Option<Ty> {
    let name = name.rsplit('/').next().unwrap_or(name);
    Some(match name {
        "alloytypes.Secret" => Ty::Secret,
        "alloytypes.OptionalSecret" => Ty::OptionalSecret,
        "time.Duration" => Ty::Duration,
        // Text-decoded types: written as strings in Alloy.
        "config.URL"
        | "commoncfg.URL"
        | "URL"
        | "config.TLSVersion"
        | "TLSVersion"
        | "relabel.Regexp"
        | "Regexp"
        | "filedetector.Detector"
        | "configcompression.Type"
        | "ottl.ErrorMode" => Ty::String,
        // A byte size: Alloy takes a number or a string such as "10MiB"; see `is_final`.
        "units.Base2Bytes" => Ty::Any,
        "flagext.StringSlice" => Ty::List(Box::new(Ty::String)),
        "url.Values" => Ty::Map(Box::new(Ty::List(Box::new(Ty::String)))),
        "relabel.Rules" | "alloy_relabel.Rules" => Ty::Capsule("RelabelRules".into()),
        "otelcol.Consumer" | "Consumer" => Ty::Capsule("otelcol.Consumer".into()),
        "loki.LogsReceiver" | "LogsReceiver" => Ty::Capsule("loki.LogsReceiver".into()),
        "storage.Appendable" => Ty::Capsule("storage.Appendable".into()),
        "pyroscope.Appendable" => Ty::Capsule("pyroscope.Appendable".into()),
        "auth.Handler" | "Handler" | "extension.ExtensionHandler" | "ExtensionHandler" => {
            Ty::Capsule("otelcol.Handler".into())
        }
        "discovery.Target" | "Target" => Ty::Map(Box::new(Ty::String)),
        _ => return None,
    })
}

fn primitive(name: &str) -> Option<Ty> {
    Some(match name {
        "string" => Ty::String,
        "bool" => Ty::Bool,
        "int" | "int8" | "int16" | "int32" | "int64" | "uint" | "uint8" | "uint16" | "uint32"
        | "uint64" | "float32" | "float64" => Ty::Number,
        "any" | "interface" | "interface{}" => Ty::Any,
        "struct" => Ty::Object,
        _ => return None,
    })
}

/// Maps a Go type expression (`[]map[string]string`, `*alloytypes.Secret`) to an Alloy type.
/// Unknown named types become `Any` so the docs can refine them.
pub fn go_expr_to_ty(expr: &str) -> Ty {
    let e = expr.trim().trim_start_matches('*');
    let e = e.strip_prefix("external:").unwrap_or(e);
    if let Some(inner) = e.strip_prefix("[]") {
        return Ty::List(Box::new(go_expr_to_ty(inner)));
    }
    if let Some(rest) = e.strip_prefix("map[") {
        if let Some(close) = rest.find(']') {
            return Ty::Map(Box::new(go_expr_to_ty(&rest[close + 1..])));
        }
    }
    if let Some(t) = named_type(e).or_else(|| primitive(e)) {
        return t;
    }
    Ty::Any
}

/// The Alloy type of a code-schema attribute.
pub fn go_field_ty(field: &CodeField) -> Ty {
    if let Some(t) = field.resolved_type.as_deref().and_then(named_type) {
        return t;
    }
    if let Some(t) = named_type(field.go_type.trim_start_matches('*')) {
        return t;
    }
    let from_go = go_expr_to_ty(&field.go_type);
    if from_go != Ty::Any {
        return from_go;
    }
    match field.underlying.as_deref() {
        Some(u) if u != "interface" => go_expr_to_ty(u),
        _ => from_go,
    }
}

/// Go types whose Alloy type the docs must not narrow (they accept several value types).
pub fn is_final(field: &CodeField) -> bool {
    let name = field.resolved_type.as_deref().unwrap_or(&field.go_type);
    name.ends_with("units.Base2Bytes")
}

/// Parses the docs' type cell (`list(map(string))`, `otelcol.Consumer`, `string or secret`).
pub fn parse_docs_ty(text: &str) -> Option<Ty> {
    let t = text.trim();
    if t.contains(" or ") {
        let parts: Vec<&str> = t.split(" or ").map(str::trim).collect();
        if parts.len() == 2 && parts.contains(&"string") && parts.contains(&"secret") {
            return Some(Ty::OptionalSecret);
        }
        return None;
    }
    let lower = t.to_ascii_lowercase();
    for (prefix, wrap) in [("list(", 0), ("array(", 0), ("map(", 1)] {
        if let Some(inner) = lower.strip_prefix(prefix).and_then(|r| r.strip_suffix(')')) {
            // Keep the inner text's case for capsule names.
            let inner_orig = &t[prefix.len()..t.len() - 1];
            let _ = inner;
            let inner_ty = parse_docs_ty(inner_orig)?;
            return Some(if wrap == 0 {
                Ty::List(Box::new(inner_ty))
            } else {
                Ty::Map(Box::new(inner_ty))
            });
        }
    }
    if let Some(inner) = lower
        .strip_prefix("capsule(")
        .and_then(|r| r.strip_suffix(')'))
    {
        let _ = inner;
        return Some(Ty::Capsule(t[8..t.len() - 1].to_string()));
    }
    Some(match lower.as_str() {
        "string" => Ty::String,
        "bool" | "boolean" => Ty::Bool,
        "number" | "int" | "integer" | "uint" | "uint32" | "float" | "float32" | "float64" => {
            Ty::Number
        }
        "duration" => Ty::Duration,
        "secret" => Ty::Secret,
        "any" => Ty::Any,
        "object" => Ty::Object,
        "target" => Ty::Map(Box::new(Ty::String)),
        "relabelrules" => Ty::Capsule("RelabelRules".into()),
        "otelcol.consumer" => Ty::Capsule("otelcol.Consumer".into()),
        "logsreceiver" | "loki.logsreceiver" => Ty::Capsule("loki.LogsReceiver".into()),
        "metricsreceiver" => Ty::Capsule("storage.Appendable".into()),
        "profilesreceiver" | "pyroscope.appendable" => Ty::Capsule("pyroscope.Appendable".into()),
        _ => return None,
    })
}

/// Coarse category used to decide whether the docs and the code disagree.
fn category(t: &Ty) -> &'static str {
    match t {
        Ty::Any => "any",
        Ty::String => "string",
        Ty::Number => "number",
        Ty::Bool => "bool",
        Ty::Duration => "duration",
        Ty::Secret => "secret",
        // Accepts plain strings and secrets alike.
        Ty::OptionalSecret => "string",
        Ty::List(_) => "list",
        Ty::Map(_) | Ty::Object => "object",
        Ty::Capsule(_) => "capsule",
        Ty::Function => "function",
    }
}

/// Outcome of merging a Go type with the docs' type.
pub struct Merged {
    pub ty: Ty,
    /// Set when the two disagree; the code's type was kept.
    pub mismatch: bool,
}

/// Merges the code's type with the docs' type. The code decides the shape; the docs only
/// refine parts the Go type leaves open (`any`, a plain object).
pub fn merge_ty(go: &Ty, docs: Option<&Ty>) -> Merged {
    let Some(docs) = docs else {
        return Merged {
            ty: go.clone(),
            mismatch: false,
        };
    };
    match (go, docs) {
        (Ty::Any, d) => Merged {
            ty: d.clone(),
            mismatch: false,
        },
        (Ty::Object, d @ (Ty::Map(_) | Ty::Object)) => Merged {
            ty: d.clone(),
            mismatch: false,
        },
        (Ty::List(g), Ty::List(d)) => {
            let inner = merge_ty(g, Some(d));
            Merged {
                ty: Ty::List(Box::new(inner.ty)),
                mismatch: inner.mismatch,
            }
        }
        (Ty::Map(g), Ty::Map(d)) => {
            let inner = merge_ty(g, Some(d));
            Merged {
                ty: Ty::Map(Box::new(inner.ty)),
                mismatch: inner.mismatch,
            }
        }
        (g, d) => Merged {
            ty: g.clone(),
            mismatch: category(g) != category(d) && category(d) != "any",
        },
    }
}
