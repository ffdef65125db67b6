//! What can be known statically about a value's type, and Alloy's conversion rules for
//! assigning it to an attribute: numbers and numeric strings convert both ways, durations are
//! strings like `"10s"`, `secret` accepts strings, and capsules of different kinds never mix.

use crate::strlit::DecodedString;
use alloy_schema::AlloyType;
use alloy_syntax::ast::{BinaryOp, Expr, ExprKind, Ident, UnaryOp};

/// The statically known type of an expression.
#[derive(Clone, Debug, PartialEq)]
pub enum StaticType {
    Number,
    /// A string, with its value when it is a literal.
    String(Option<String>),
    Bool,
    Null,
    Secret,
    /// An array with its elements' expressions when it is a literal.
    Array,
    Object,
    Capsule(&'static str),
    Function,
    /// A value from a component's exports, typed by the schema.
    Typed(&'static AlloyType),
    Unknown,
}

impl StaticType {
    pub fn describe(&self) -> String {
        match self {
            StaticType::Number => "number".into(),
            StaticType::String(_) => "string".into(),
            StaticType::Bool => "bool".into(),
            StaticType::Null => "null".into(),
            StaticType::Secret => "secret".into(),
            StaticType::Array => "list".into(),
            StaticType::Object => "object".into(),
            StaticType::Capsule(name) => capsule_name(name).into(),
            StaticType::Function => "function".into(),
            StaticType::Typed(t) => describe_type(t),
            StaticType::Unknown => "unknown".into(),
        }
    }
}

/// Resolves a reference (`a.b.c`) to the type of what it names.
pub trait Resolver {
    fn reference_type(&self, idents: &[Ident]) -> StaticType;
}

pub fn infer(expr: &Expr, resolver: &dyn Resolver) -> StaticType {
    match &expr.kind {
        ExprKind::Number(_) => StaticType::Number,
        ExprKind::String(raw) | ExprKind::RawString(raw) => {
            StaticType::String(DecodedString::decode(raw, expr.span().start).map(|d| d.value))
        }
        ExprKind::Bool { .. } => StaticType::Bool,
        ExprKind::Null { .. } => StaticType::Null,
        ExprKind::Array { .. } => StaticType::Array,
        ExprKind::Object { .. } => StaticType::Object,
        ExprKind::Ident(_) | ExprKind::Path(_) | ExprKind::Access(_) => {
            match alloy_semantic::references::chain(expr) {
                Some(idents) => resolver.reference_type(&idents),
                None => StaticType::Unknown,
            }
        }
        ExprKind::Paren { inner, .. } => infer(inner, resolver),
        // Indexing a typed list or map gives its element type.
        ExprKind::Index(index) => {
            let alloy_syntax::ast::Index { value, .. } = &**index;
            match infer(value, resolver) {
                StaticType::Typed(AlloyType::List(inner) | AlloyType::Map(inner)) => {
                    from_schema(inner)
                }
                _ => StaticType::Unknown,
            }
        }
        ExprKind::Unary { op, .. } => match op {
            UnaryOp::Not => StaticType::Bool,
            UnaryOp::Neg => StaticType::Number,
        },
        ExprKind::Binary(binary) => {
            let alloy_syntax::ast::Binary { op, lhs, rhs, .. } = &**binary;
            match op {
                BinaryOp::Or
                | BinaryOp::And
                | BinaryOp::Eq
                | BinaryOp::NotEq
                | BinaryOp::Lt
                | BinaryOp::LtEq
                | BinaryOp::Gt
                | BinaryOp::GtEq => StaticType::Bool,
                BinaryOp::Add => {
                    // `+` also concatenates strings.
                    match (infer(lhs, resolver), infer(rhs, resolver)) {
                        (StaticType::Number, StaticType::Number) => StaticType::Number,
                        (StaticType::String(_), StaticType::String(_)) => StaticType::String(None),
                        _ => StaticType::Unknown,
                    }
                }
                _ => StaticType::Number,
            }
        }
        _ => StaticType::Unknown,
    }
}

/// The static type of a schema type (what a reference to an export holds).
pub fn from_schema(t: &'static AlloyType) -> StaticType {
    match t {
        AlloyType::Any => StaticType::Unknown,
        AlloyType::String => StaticType::String(None),
        AlloyType::Number => StaticType::Number,
        AlloyType::Bool => StaticType::Bool,
        AlloyType::Secret => StaticType::Secret,
        AlloyType::Capsule(name) => StaticType::Capsule(name),
        AlloyType::Function => StaticType::Function,
        _ => StaticType::Typed(t),
    }
}

/// A problem assigning a value to an attribute of type `expected`.
pub struct Mismatch {
    /// The offending expression (an element inside a list, a field inside an object, ...).
    pub span: alloy_diagnostics::Span,
    pub message: String,
    pub help: Option<String>,
    /// `true` for a right-typed value that can never be valid (a bad duration).
    pub invalid_value: bool,
}

/// Checks `expr` against `expected`. Only what is certain is reported.
pub fn check(expected: &AlloyType, expr: &Expr, resolver: &dyn Resolver) -> Option<Mismatch> {
    // A value with a syntax error in it has no certain type: the parse error explains it.
    if expr.contains_error() {
        return None;
    }
    let actual = infer(expr, resolver);
    let mismatch = |help: Option<String>| Mismatch {
        span: expr.span(),
        message: format!(
            "expected {}, got {}",
            describe_type(expected),
            actual.describe()
        ),
        help,
        invalid_value: false,
    };
    if matches!(
        actual,
        StaticType::Unknown | StaticType::Null | StaticType::Function
    ) {
        return None;
    }
    match expected {
        AlloyType::Any | AlloyType::Function => None,
        AlloyType::String => match actual {
            StaticType::String(_) | StaticType::Number => None,
            StaticType::Secret => Some(mismatch(Some(
                "a secret cannot be used as a plain string; use nonsensitive(...) if the value may be exposed"
                    .into(),
            ))),
            StaticType::Typed(t) => typed_vs(expected, t, expr, &actual),
            _ => Some(mismatch(None)),
        },
        AlloyType::Number => match &actual {
            StaticType::Number => None,
            StaticType::String(Some(s)) if parse_number(s) => None,
            StaticType::String(Some(s)) => Some(Mismatch {
                help: Some(match template_placeholder(s) {
                    Some(name) => placeholder_help(name, s),
                    None => format!("\"{s}\" is not a number; write the number without quotes"),
                }),
                ..mismatch(None)
            }),
            StaticType::String(None) => None,
            StaticType::Typed(t) => typed_vs(expected, t, expr, &actual),
            _ => Some(mismatch(None)),
        },
        AlloyType::Bool => match actual {
            StaticType::Bool => None,
            StaticType::String(Some(ref s)) if s == "true" || s == "false" => Some(mismatch(Some(
                format!("write {s} without quotes"),
            ))),
            StaticType::Typed(t) => typed_vs(expected, t, expr, &actual),
            _ => Some(mismatch(None)),
        },
        AlloyType::Duration => match &actual {
            StaticType::String(Some(s)) => match parse_go_duration(s) {
                Ok(()) => None,
                Err(why) => Some(match template_placeholder(s) {
                    Some(name) => Mismatch {
                        span: expr.span(),
                        message: format!(
                            "invalid duration \"{s}\" (an unexpanded ${{...}} placeholder)"
                        ),
                        help: Some(placeholder_help(name, s)),
                        invalid_value: true,
                    },
                    None => Mismatch {
                        span: expr.span(),
                        message: format!("invalid duration \"{s}\": {why}"),
                        help: Some(
                            "durations are strings of numbers with units: \"30s\", \"1m30s\", \"500ms\", \"2h\" (units ns, us, ms, s, m, h)"
                                .into(),
                        ),
                        invalid_value: true,
                    },
                }),
            },
            StaticType::String(None) => None,
            StaticType::Number => {
                let zero = matches!(&expr.kind, ExprKind::Number(raw) if raw.trim_start_matches('0').is_empty());
                (!zero).then(|| {
                    mismatch(Some(
                        "durations are strings with a unit, such as \"15s\" or \"1m\"".into(),
                    ))
                })
            }
            StaticType::Typed(t) => typed_vs(expected, t, expr, &actual),
            _ => Some(mismatch(None)),
        },
        AlloyType::Secret | AlloyType::OptionalSecret => match actual {
            StaticType::String(_) | StaticType::Number | StaticType::Secret => None,
            StaticType::Typed(t) => typed_vs(expected, t, expr, &actual),
            _ => Some(mismatch(None)),
        },
        AlloyType::List(inner) => match &actual {
            StaticType::Array => {
                if let ExprKind::Array { elems, .. } = &expr.kind {
                    for e in elems {
                        if let Some(m) = check(inner, e, resolver) {
                            return Some(m);
                        }
                    }
                }
                None
            }
            StaticType::Typed(t) => typed_vs(expected, t, expr, &actual),
            _ => Some(mismatch(list_help(inner, &actual))),
        },
        AlloyType::Map(inner) => match &actual {
            StaticType::Object => {
                if let ExprKind::Object { fields, .. } = &expr.kind {
                    for f in fields {
                        if let Some(m) = check(inner, &f.value, resolver) {
                            return Some(m);
                        }
                    }
                }
                None
            }
            StaticType::Typed(t) => typed_vs(expected, t, expr, &actual),
            _ => Some(mismatch(None)),
        },
        AlloyType::Object => match actual {
            StaticType::Object => None,
            StaticType::Typed(t) => typed_vs(expected, t, expr, &actual),
            _ => Some(mismatch(None)),
        },
        AlloyType::Capsule(name) => match actual {
            StaticType::Capsule(other) if other == *name => None,
            StaticType::Capsule(other) => Some(Mismatch {
                span: expr.span(),
                message: format!(
                    "expected {}, got {}",
                    capsule_name(name),
                    capsule_name(other)
                ),
                help: Some(capsule_help(name, other)),
                invalid_value: false,
            }),
            StaticType::Typed(t) => typed_vs(expected, t, expr, &actual),
            _ => Some(mismatch(None)),
        },
    }
}

/// Compares two schema types structurally (a reference to an export): only clear kind
/// differences are reported.
fn typed_vs(
    expected: &AlloyType,
    actual: &'static AlloyType,
    expr: &Expr,
    actual_static: &StaticType,
) -> Option<Mismatch> {
    if compatible(expected, actual) {
        return None;
    }
    let help = match (expected, actual) {
        (AlloyType::Capsule(a), AlloyType::Capsule(b)) => Some(capsule_help(a, b)),
        (AlloyType::List(inner), _) => list_help(inner, actual_static),
        _ => None,
    };
    Some(Mismatch {
        span: expr.span(),
        message: format!(
            "expected {}, got {}",
            describe_type(expected),
            describe_type(actual)
        ),
        help,
        invalid_value: false,
    })
}

fn compatible(expected: &AlloyType, actual: &AlloyType) -> bool {
    use AlloyType as T;
    match (expected, actual) {
        (T::Any, _) | (_, T::Any) | (T::Function, _) | (_, T::Function) => true,
        (T::String, T::String | T::Number) => true,
        (T::Number, T::Number | T::String) => true,
        (T::Bool, T::Bool) => true,
        (T::Duration, T::Duration | T::String) => true,
        (T::Secret | T::OptionalSecret, T::String | T::Number | T::Secret | T::OptionalSecret) => {
            true
        }
        // An OptionalSecret that is not secret is a plain string and converts like one.
        (T::String | T::Number | T::Duration, T::OptionalSecret) => true,
        (T::List(a), T::List(b)) => compatible(a, b),
        (T::Map(a), T::Map(b)) => compatible(a, b),
        (T::Map(_) | T::Object, T::Map(_) | T::Object) => true,
        (T::Capsule(a), T::Capsule(b)) => a == b,
        _ => false,
    }
}

fn list_help(inner: &AlloyType, actual: &StaticType) -> Option<String> {
    match (inner, actual) {
        (AlloyType::Capsule(_), StaticType::Capsule(_)) => {
            Some("this attribute takes a list: wrap the value in [ ]".into())
        }
        (_, StaticType::String(_) | StaticType::Number | StaticType::Object) => {
            Some("this attribute takes a list: wrap the value in [ ]".into())
        }
        _ => None,
    }
}

/// Friendly names for the capsules Alloy passes between components.
pub fn capsule_name(go_name: &str) -> &str {
    match go_name {
        "storage.Appendable" => "MetricsReceiver",
        "loki.LogsReceiver" => "LogsReceiver",
        "otelcol.Consumer" => "otelcol.Consumer",
        "pyroscope.Appendable" => "ProfilesReceiver",
        "RelabelRules" => "RelabelRules",
        "otelcol.Handler" => "otelcol.Handler",
        other => other,
    }
}

fn capsule_help(expected: &str, got: &str) -> String {
    let sender = |c: &str| match c {
        "storage.Appendable" => "a metrics receiver such as prometheus.remote_write.NAME.receiver",
        "loki.LogsReceiver" => "a logs receiver such as loki.write.NAME.receiver",
        "otelcol.Consumer" => "an OpenTelemetry consumer such as otelcol.exporter.otlp.NAME.input",
        "pyroscope.Appendable" => "a profiles receiver such as pyroscope.write.NAME.receiver",
        "RelabelRules" => "relabel rules such as discovery.relabel.NAME.rules",
        _ => "a value of that kind",
    };
    format!(
        "{} and {} are different kinds of receivers and never convert into each other: use {}",
        capsule_name(expected),
        capsule_name(got),
        sender(expected)
    )
}

pub fn describe_type(t: &AlloyType) -> String {
    match t {
        AlloyType::Any => "any value".into(),
        AlloyType::String => "string".into(),
        AlloyType::Number => "number".into(),
        AlloyType::Bool => "bool".into(),
        AlloyType::Duration => "duration".into(),
        AlloyType::Secret => "secret".into(),
        AlloyType::OptionalSecret => "string or secret".into(),
        AlloyType::List(inner) => format!("list({})", describe_type(inner)),
        AlloyType::Map(inner) => format!("map({})", describe_type(inner)),
        AlloyType::Object => "object".into(),
        AlloyType::Capsule(name) => capsule_name(name).into(),
        AlloyType::Function => "function".into(),
    }
}

/// Whether Alloy would convert this string to a number (Go's `strconv.ParseFloat` rules,
/// which Rust's float parser matches for decimal text).
fn parse_number(text: &str) -> bool {
    let t = text.trim();
    t.parse::<f64>().is_ok() || t.parse::<i128>().is_ok()
}

/// The first `${NAME}` placeholder in `text` (left by a template meant for envsubst or a Helm
/// chart), as NAME. `${1}` is not one: it is a capture group in relabel replacements.
fn template_placeholder(text: &str) -> Option<&str> {
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let end = after.find('}')?;
        let name = &after[..end];
        let mut chars = name.chars();
        let identifier = chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
        if identifier {
            return Some(name);
        }
        rest = after;
    }
    None
}

/// Alloy reads `${NAME}` literally; its own way to read an environment variable is `sys.env`.
/// `text` is the whole string, so that `"${SECONDS}s"` becomes `sys.env("SECONDS") + "s"`.
fn placeholder_help(name: &str, text: &str) -> String {
    format!(
        "Alloy does not expand ${{{name}}}: in place of the string, write {} to read the \
         variable when Alloy runs, or render the file (envsubst, Helm) before Alloy loads it",
        env_expression(text)
    )
}

/// `text` with each `${NAME}` placeholder replaced by `sys.env("NAME")`, as an Alloy expression.
fn env_expression(text: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    while let Some(name) = template_placeholder(rest) {
        let placeholder = format!("${{{name}}}");
        let Some(at) = rest.find(&placeholder) else {
            break;
        };
        literal.push_str(&rest[..at]);
        if !literal.is_empty() {
            parts.push(alloy_syntax::go_quote(&std::mem::take(&mut literal)));
        }
        parts.push(format!("sys.env({})", alloy_syntax::go_quote(name)));
        rest = &rest[at + placeholder.len()..];
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        parts.push(alloy_syntax::go_quote(&literal));
    }
    parts.join(" + ")
}

/// Go's `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or `0`.
/// (Alloy's own duration type accepts the same text.)
pub fn parse_go_duration(text: &str) -> Result<(), String> {
    let mut s = text;
    if let Some(rest) = s.strip_prefix('-').or_else(|| s.strip_prefix('+')) {
        s = rest;
    }
    if s == "0" {
        return Ok(());
    }
    if s.is_empty() {
        return Err("empty duration".into());
    }
    while !s.is_empty() {
        let digits = s
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(s.len());
        let number = &s[..digits];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return Err("expected a number before the unit".into());
        }
        s = &s[digits..];
        let unit_len = s
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(s.len());
        let unit = &s[..unit_len];
        if unit.is_empty() {
            return Err(format!("missing unit after {number}"));
        }
        if !matches!(unit, "ns" | "us" | "µs" | "μs" | "ms" | "s" | "m" | "h") {
            return Err(format!("unknown unit \"{unit}\""));
        }
        s = &s[unit_len..];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_placeholders_are_names_not_capture_groups() {
        assert_eq!(
            template_placeholder("${GRAFANA_SCRAPE_INTERVAL}"),
            Some("GRAFANA_SCRAPE_INTERVAL")
        );
        assert_eq!(template_placeholder("${INTERVAL}s"), Some("INTERVAL"));
        assert_eq!(template_placeholder("${1}/${_x9}"), Some("_x9"));
        assert_eq!(env_expression("${A}"), r#"sys.env("A")"#);
        assert_eq!(
            env_expression("${1}:${A}s${B}"),
            r#""${1}:" + sys.env("A") + "s" + sys.env("B")"#
        );
        for none in ["${1}", "$X", "${", "${}", "${A-B}", "{X}", "30s", "${X"] {
            assert_eq!(template_placeholder(none), None, "{none}");
        }
    }

    #[test]
    fn durations_follow_go() {
        for ok in [
            "10s",
            "1m30s",
            "1.5h",
            "0",
            "-5m",
            "100ms",
            "2h45m0.5s",
            "1us",
        ] {
            assert_eq!(parse_go_duration(ok), Ok(()), "{ok}");
        }
        for bad in ["10", "", "1d", "s", "10 s", "1..5s", "5sec"] {
            assert!(parse_go_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn numeric_strings_are_numbers() {
        assert!(parse_number("42"));
        assert!(parse_number("1.5e3"));
        assert!(!parse_number("forty"));
    }
}
