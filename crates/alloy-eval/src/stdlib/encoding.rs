//! `encoding.*`: JSON and YAML decoding into Alloy values, JSON encoding of objects, base64
//! (standard and URL alphabets, Go's strict padding) and URL query escaping.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::stdlib::GoAny;
use crate::value::{Capsule, Object, Value};
use alloy_syntax::go_quote;

/// `encoding.from_json`: Go's `json.Unmarshal` into `interface{}` (every number is a float).
pub fn json_decode(text: &str) -> Result<Value, String> {
    let parsed: serde_json::Value =
        serde_json::from_str(text).map_err(|e| json_error_text(text, &e))?;
    Ok(json_to_value(&parsed))
}

/// Go's wording for a JSON syntax error (`invalid character '}' looking for beginning of
/// object key string`).
fn json_error_text(text: &str, err: &serde_json::Error) -> String {
    if err.is_eof() {
        return "unexpected end of JSON input".to_string();
    }
    let offset = line_col_offset(text, err.line(), err.column());
    let at = |from: usize| {
        text.get(from..)
            .and_then(|rest| rest.trim_start().chars().next())
    };
    let message = err.to_string();
    let kind = message
        .rfind(" at line ")
        .map_or(message.as_str(), |i| &message[..i]);
    let describe = |c: Option<char>, context: &str| match c {
        Some(c) => format!(
            "invalid character {} {context}",
            alloy_syntax::go_quote_rune(c)
        ),
        None => "unexpected end of JSON input".to_string(),
    };
    match kind {
        "trailing characters" => describe(at(offset.saturating_sub(1)), "after top-level value"),
        "trailing comma" => {
            let c = at(offset.saturating_sub(1));
            if c == Some('}') {
                describe(c, "looking for beginning of object key string")
            } else {
                describe(c, "looking for beginning of value")
            }
        }
        "key must be a string" => describe(
            at(offset.saturating_sub(1)),
            "looking for beginning of object key string",
        ),
        "expected value" | "expected ident" => describe(
            at(offset.saturating_sub(1)),
            "looking for beginning of value",
        ),
        "number out of range" => {
            let start = text[..offset.min(text.len())]
                .rfind(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-')))
                .map_or(0, |i| i + 1);
            let number: String = text[start..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
                .collect();
            format!("json: cannot unmarshal number {number} into Go value of type float64")
        }
        other => other.to_string(),
    }
}

/// Byte offset of a 1-based line and column (serde_json counts columns in bytes).
fn line_col_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + column).min(text.len())
}

fn json_to_value(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::float(n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::String(s) => Value::from(s.as_str()),
        serde_json::Value::Array(items) => Value::array(items.iter().map(json_to_value).collect()),
        serde_json::Value::Object(fields) => Value::object(
            fields
                .iter()
                .map(|(k, v)| (Rc::from(k.as_str()), json_to_value(v)))
                .collect(),
        ),
    }
}

/// `encoding.from_yaml`: Go's `yaml.v3` `Unmarshal` into `interface{}`. Only the first document
/// is read; integers beyond 64 bits become floats; a mapping with a non-string key becomes an
/// opaque Go map capsule; a plain date becomes a timestamp string; duplicate keys are errors.
pub fn yaml_decode(text: &str) -> Result<Value, String> {
    use serde::Deserialize;
    let mut documents = serde_yaml::Deserializer::from_str(text);
    let Some(first) = documents.next() else {
        return Ok(Value::Null);
    };
    let parsed = YamlNode::deserialize(first).map_err(|e| yaml_error_text(&e.to_string()))?;
    yaml_to_value(&parsed)
}

/// Go yaml.v3's wording: `yaml: line N: PROBLEM`, where N is the 0-based line of a parser
/// error and the 1-based line of a scanner error (both libraries come from libyaml, so the
/// problem texts agree).
fn yaml_error_text(message: &str) -> String {
    let Some((problem, rest)) = message.split_once(" at line ") else {
        return format!("yaml: {message}");
    };
    let line: usize = rest
        .split(' ')
        .next()
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let line = if rest.contains("while scanning") {
        line
    } else {
        line.saturating_sub(1)
    };
    if line == 0 {
        format!("yaml: {problem}")
    } else {
        format!("yaml: line {line}: {problem}")
    }
}

/// A YAML node as read by serde_yaml, keeping what `serde_yaml::Value` cannot (integers
/// beyond 64 bits, duplicate keys).
#[derive(Debug, Clone)]
enum YamlNode {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
    Seq(Vec<YamlNode>),
    Map(Vec<(YamlNode, YamlNode)>),
}

impl<'de> serde::Deserialize<'de> for YamlNode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<YamlNode, D::Error> {
        deserializer.deserialize_any(YamlVisitor)
    }
}

struct YamlVisitor;

impl<'de> serde::de::Visitor<'de> for YamlVisitor {
    type Value = YamlNode;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<YamlNode, E> {
        Ok(YamlNode::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<YamlNode, E> {
        Ok(YamlNode::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<YamlNode, E> {
        Ok(match i64::try_from(v) {
            Ok(i) => YamlNode::Int(i),
            Err(_) => YamlNode::Uint(v),
        })
    }
    fn visit_i128<E>(self, v: i128) -> Result<YamlNode, E> {
        Ok(match i64::try_from(v) {
            Ok(i) => YamlNode::Int(i),
            Err(_) => YamlNode::Float(v as f64),
        })
    }
    fn visit_u128<E>(self, v: u128) -> Result<YamlNode, E> {
        Ok(match (i64::try_from(v), u64::try_from(v)) {
            (Ok(i), _) => YamlNode::Int(i),
            (_, Ok(u)) => YamlNode::Uint(u),
            _ => YamlNode::Float(v as f64),
        })
    }
    fn visit_f64<E>(self, v: f64) -> Result<YamlNode, E> {
        Ok(YamlNode::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<YamlNode, E> {
        Ok(YamlNode::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<YamlNode, E> {
        Ok(YamlNode::Str(v))
    }
    fn visit_unit<E>(self) -> Result<YamlNode, E> {
        Ok(YamlNode::Null)
    }
    fn visit_none<E>(self) -> Result<YamlNode, E> {
        Ok(YamlNode::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<YamlNode, D::Error> {
        serde::Deserialize::deserialize(d)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<YamlNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(YamlNode::Seq(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<YamlNode, A::Error> {
        let mut entries = Vec::new();
        while let Some((k, v)) = map.next_entry()? {
            entries.push((k, v));
        }
        Ok(YamlNode::Map(entries))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<YamlNode, A::Error> {
        use serde::de::VariantAccess;
        // A value with a custom tag: the tag is dropped, as for an `interface{}` target.
        let (_tag, variant): (String, _) = data.variant()?;
        variant.newtype_variant()
    }
}

fn yaml_to_value(node: &YamlNode) -> Result<Value, String> {
    Ok(match node {
        YamlNode::Null => Value::Null,
        YamlNode::Bool(b) => Value::Bool(*b),
        YamlNode::Int(i) => Value::int(*i),
        YamlNode::Uint(u) => Value::uint(*u),
        YamlNode::Float(f) => Value::float(*f),
        YamlNode::Str(s) => match yaml_date(s) {
            Some(ts) => Value::from(ts),
            None => Value::from(s.as_str()),
        },
        YamlNode::Seq(items) => {
            Value::array(items.iter().map(yaml_to_value).collect::<Result<_, _>>()?)
        }
        YamlNode::Map(entries) => {
            let mut object = Object::new();
            let mut all_strings = true;
            for (k, v) in entries {
                let YamlNode::Str(key) = k else {
                    all_strings = false;
                    continue;
                };
                if object.contains_key(key.as_str()) {
                    return Err(format!(
                        "yaml: unmarshal errors:\n  mapping key {} already defined",
                        go_quote(key)
                    ));
                }
                object.insert(Rc::from(key.as_str()), yaml_to_value(v)?);
            }
            if all_strings {
                Value::object(object)
            } else {
                Value::Capsule(Rc::new(Capsule::Opaque {
                    go_type: "map[interface {}]interface {}".to_string(),
                    text: format!("map[{} entries]", entries.len()),
                }))
            }
        }
    })
}

/// A YAML date (`2001-12-14`) as Go's `time.Time` text (`2001-12-14T00:00:00Z`).
fn yaml_date(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    shape.then(|| format!("{s}T00:00:00Z"))
}

const STD_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Padded base64 encoding (Go's `StdEncoding` / `URLEncoding`).
pub fn base64_encode(data: &[u8], url: bool) -> String {
    let alphabet = if url { URL_ALPHABET } else { STD_ALPHABET };
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = match chunk.len() {
            3 => (chunk[0] as u32) << 16 | (chunk[1] as u32) << 8 | chunk[2] as u32,
            2 => (chunk[0] as u32) << 16 | (chunk[1] as u32) << 8,
            _ => (chunk[0] as u32) << 16,
        };
        let symbols = chunk.len() + 1;
        for k in 0..4 {
            if k < symbols {
                out.push(alphabet[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Padded base64 decoding with Go's error positions (`illegal base64 data at input byte N`).
/// Newlines are skipped, as Go does.
pub fn base64_decode(text: &str, url: bool) -> Result<Vec<u8>, String> {
    let alphabet = if url { URL_ALPHABET } else { STD_ALPHABET };
    let mut table = [255u8; 256];
    for (i, c) in alphabet.iter().enumerate() {
        table[*c as usize] = i as u8;
    }
    let src = text.as_bytes();
    let corrupt = |at: usize| format!("illegal base64 data at input byte {at}");
    let mut out = Vec::with_capacity(src.len() / 4 * 3);
    let mut si = 0;
    loop {
        let mut quantum = [0u8; 4];
        let mut len = 4;
        let mut j = 0;
        while j < 4 {
            if si == src.len() {
                if j == 0 {
                    return Ok(out);
                }
                return Err(corrupt(si - j));
            }
            let c = src[si];
            si += 1;
            if c == b'\n' || c == b'\r' {
                continue;
            }
            if c == b'=' {
                match j {
                    0 | 1 => return Err(corrupt(si - 1)),
                    2 => {
                        while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
                            si += 1;
                        }
                        if si == src.len() {
                            return Err(corrupt(src.len()));
                        }
                        if src[si] != b'=' {
                            return Err(corrupt(si - 1));
                        }
                        si += 1;
                    }
                    _ => {}
                }
                while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
                    si += 1;
                }
                if si < src.len() {
                    return Err(corrupt(si));
                }
                len = j;
                break;
            }
            let d = table[c as usize];
            if d == 255 {
                return Err(corrupt(si - 1));
            }
            quantum[j] = d;
            j += 1;
        }
        let n = (quantum[0] as u32) << 18
            | (quantum[1] as u32) << 12
            | (quantum[2] as u32) << 6
            | quantum[3] as u32;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        match len {
            4 => out.extend_from_slice(&bytes),
            3 => out.extend_from_slice(&bytes[..2]),
            2 => out.push(bytes[0]),
            _ => {}
        }
        if len < 4 {
            return Ok(out);
        }
    }
}

/// Go's `url.QueryEscape`.
pub fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Go's `url.QueryUnescape`.
pub fn query_unescape(s: &str) -> Result<String, String> {
    let src = s.as_bytes();
    let mut out = Vec::with_capacity(src.len());
    let mut i = 0;
    while i < src.len() {
        match src[i] {
            b'%' => {
                let hex = |b: u8| (b as char).to_digit(16);
                match (
                    src.get(i + 1).and_then(|b| hex(*b)),
                    src.get(i + 2).and_then(|b| hex(*b)),
                ) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 3;
                    }
                    _ => {
                        let end = (i + 3).min(src.len());
                        let escape = String::from_utf8_lossy(&src[i..end]);
                        return Err(format!("invalid URL escape {}", go_quote(&escape)));
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// `encoding.to_json`: Go's `json.Marshal` of a `map[string]interface{}`.
pub fn json_encode_map(value: &GoAny) -> Result<String, String> {
    if !matches!(value, GoAny::Map(_)) {
        return Err("jsonEncode only supports map".to_string());
    }
    let mut out = String::new();
    json_encode(&mut out, value)?;
    Ok(out)
}

fn json_encode(out: &mut String, value: &GoAny) -> Result<(), String> {
    match value {
        GoAny::Nil => out.push_str("null"),
        GoAny::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        GoAny::Int(i) => out.push_str(&i.to_string()),
        GoAny::Uint64(u) => out.push_str(&u.to_string()),
        GoAny::Float64(f) => out.push_str(&json_float(*f)?),
        GoAny::String(s) | GoAny::Secret(s) => json_string(out, s),
        GoAny::OptionalSecret { value, is_secret } => {
            out.push_str("{\"IsSecret\":");
            out.push_str(if *is_secret { "true" } else { "false" });
            out.push_str(",\"Value\":");
            json_string(out, value);
            out.push('}');
        }
        GoAny::Slice(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_encode(out, item)?;
            }
            out.push(']');
        }
        GoAny::Map(fields) => {
            let sorted: BTreeMap<&String, &GoAny> = fields.iter().collect();
            out.push('{');
            for (i, (k, v)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(out, k);
                out.push(':');
                json_encode(out, v)?;
            }
            out.push('}');
        }
        GoAny::Func(b) => return Err(format!("json: unsupported type: {}", b.go_type())),
        GoAny::Opaque { go_type, .. } => return Err(format!("json: unsupported type: {go_type}")),
    }
    Ok(())
}

/// Go's JSON number format: `'f'` unless the exponent is below -6 or at least 21, then `'e'`
/// with a short exponent (`1e-7`, `1e+21`).
fn json_float(f: f64) -> Result<String, String> {
    if f.is_nan() || f.is_infinite() {
        return Err(format!(
            "json: unsupported value: {}",
            crate::value::format_float(f)
        ));
    }
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let s = format!("{f:e}");
        let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        return Ok(format!(
            "{mantissa}e{}{}",
            if exp < 0 { '-' } else { '+' },
            exp.unsigned_abs()
        ));
    }
    Ok(crate::value::format_float(f))
}

fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}
