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
/// is read; plain scalars resolve by yaml.v3's rules (`resolve_plain`); integers beyond 64 bits
/// become floats; a mapping with a non-string key becomes an opaque Go map capsule; a plain date
/// becomes a timestamp string; duplicate keys are errors.
pub fn yaml_decode(text: &str) -> Result<Value, String> {
    use serde::de::DeserializeSeed;
    let mut documents = serde_yaml::Deserializer::from_str(text);
    let Some(first) = documents.next() else {
        return Ok(Value::Null);
    };
    let parsed = YamlSeed { source: text }
        .deserialize(first)
        .map_err(|e| yaml_error_text(&e.to_string()))?;
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
/// beyond 64 bits, duplicate keys, plain dates).
#[derive(Debug, Clone)]
enum YamlNode {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
    /// A plain scalar Go resolves to a `time.Time`, as Go's text of it.
    Timestamp(String),
    Seq(Vec<YamlNode>),
    Map(Vec<(YamlNode, YamlNode)>),
}

/// Reads a node of a document parsed from `source`. serde_yaml resolves plain scalars by YAML
/// 1.2 rules and hands the rest over as strings without their style; yaml.v3 resolves more
/// (`0777`, `09`, `1_000`, `0X1F`, dates), and only for plain scalars. serde_yaml hands a
/// single-line scalar over as a slice of `source`: the byte before it tells a quoted one from
/// a plain one, which is then resolved as yaml.v3 does.
#[derive(Clone, Copy)]
struct YamlSeed<'s> {
    source: &'s str,
}

impl<'de> serde::de::DeserializeSeed<'de> for YamlSeed<'_> {
    type Value = YamlNode;
    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<YamlNode, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl YamlSeed<'_> {
    /// Whether `text` is a plain, untagged scalar of `source` (see the type's comment).
    fn is_plain_untagged(&self, text: &str) -> bool {
        let base = self.source.as_ptr() as usize;
        let at = text.as_ptr() as usize;
        if at < base || at + text.len() > base + self.source.len() {
            return false;
        }
        let before = &self.source[..at - base];
        !before.ends_with(['\'', '"']) && !follows_a_tag(before)
    }
}

/// Whether the node properties just before a scalar (`!tag`, `&anchor`, in either order) hold
/// a tag: a tagged plain scalar is not resolved (`!!str 09` is the string `09`). A comment or a
/// verbatim tag (`!<...>`) between the tag and the value is not seen.
fn follows_a_tag(before: &str) -> bool {
    let mut rest = before.trim_end();
    loop {
        let token_start = rest
            .rfind(|c: char| c.is_whitespace() || matches!(c, '[' | '{' | ','))
            .map_or(0, |i| i + 1);
        let token = &rest[token_start..];
        if token.starts_with('!') {
            return true;
        }
        if !token.starts_with('&') || token_start == 0 {
            return false;
        }
        rest = rest[..token_start].trim_end();
    }
}

impl<'de> serde::de::Visitor<'de> for YamlSeed<'_> {
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
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<YamlNode, E> {
        Ok(if self.is_plain_untagged(v) {
            resolve_plain(v)
        } else {
            YamlNode::Str(v.to_string())
        })
    }
    fn visit_str<E>(self, v: &str) -> Result<YamlNode, E> {
        Ok(YamlNode::Str(v.to_string()))
    }
    fn visit_unit<E>(self) -> Result<YamlNode, E> {
        Ok(YamlNode::Null)
    }
    fn visit_none<E>(self) -> Result<YamlNode, E> {
        Ok(YamlNode::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<YamlNode, D::Error> {
        serde::de::DeserializeSeed::deserialize(self, d)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<YamlNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(YamlNode::Seq(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<YamlNode, A::Error> {
        let mut entries = Vec::new();
        while let Some(k) = map.next_key_seed(self)? {
            entries.push((k, map.next_value_seed(self)?));
        }
        Ok(YamlNode::Map(entries))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<YamlNode, A::Error> {
        use serde::de::VariantAccess;
        // A value with a custom tag: the tag is dropped, as for an `interface{}` target.
        let (_tag, variant): (String, _) = data.variant()?;
        variant.newtype_variant_seed(self)
    }
}

/// yaml.v3's `resolve` of an untagged plain scalar (resolve.go): null, bools, `.inf`/`.nan`,
/// then by its first character a float (`.5`), or a timestamp, an integer in Go's syntax
/// (`0x`, `0o`, `0b`, old octal `0777`, underscores dropped), or a float matching yaml.v3's
/// float pattern (so `09` is the float 9, `1e400` stays a string); anything else is a string.
fn resolve_plain(text: &str) -> YamlNode {
    match text {
        "true" | "True" | "TRUE" => return YamlNode::Bool(true),
        "false" | "False" | "FALSE" => return YamlNode::Bool(false),
        "" | "~" | "null" | "Null" | "NULL" => return YamlNode::Null,
        ".nan" | ".NaN" | ".NAN" => return YamlNode::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return YamlNode::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return YamlNode::Float(f64::NEG_INFINITY),
        _ => {}
    }
    let resolved = match text.as_bytes()[0] {
        // Go's `strconv.ParseFloat`, which takes underscores between digits.
        b'.' if go_underscores_ok(text) => yaml_float(&text.replace('_', "")),
        b'+' | b'-' | b'0'..=b'9' => {
            if let Some(ts) = yaml_date(text) {
                return YamlNode::Timestamp(ts);
            }
            let digits = text.replace('_', "");
            go_parse_int(&digits)
                .map(YamlNode::Int)
                .or_else(|| go_parse_uint(&digits).map(YamlNode::Uint))
                .or_else(|| yaml_float(&digits))
        }
        _ => None,
    };
    resolved.unwrap_or_else(|| YamlNode::Str(text.to_string()))
}

/// A finite float matching yaml.v3's `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
/// (Go's `ParseFloat` fails on overflow, which leaves the scalar a string).
fn yaml_float(text: &str) -> Option<YamlNode> {
    let digits_len = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let int_len = digits_len(unsigned);
    let mut rest = &unsigned[int_len..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let fraction_len = digits_len(fraction);
        if int_len == 0 && fraction_len == 0 {
            return None;
        }
        rest = &fraction[fraction_len..];
    } else if int_len == 0 {
        return None;
    }
    if let Some(exponent) = rest.strip_prefix(['e', 'E']) {
        let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        let exponent_len = digits_len(exponent);
        if exponent_len == 0 {
            return None;
        }
        rest = &exponent[exponent_len..];
    }
    if !rest.is_empty() {
        return None;
    }
    let value: f64 = text.parse().ok()?;
    value.is_finite().then_some(YamlNode::Float(value))
}

/// Go's `strconv.ParseUint(s, 0, 64)` without underscores: a `0x`/`0o`/`0b` prefix (any case),
/// or a leading `0` for octal, else decimal; no sign.
fn go_parse_uint(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    let (radix, digits) = match b {
        [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'x') => (16, &s[2..]),
        [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'o') => (8, &s[2..]),
        [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'b') => (2, &s[2..]),
        [b'0'] => return Some(0),
        [b'0', ..] => (8, &s[1..]),
        _ => (10, s),
    };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// Go's `strconv.ParseInt(s, 0, 64)` without underscores: an optional sign, then as
/// `go_parse_uint`.
fn go_parse_int(s: &str) -> Option<i64> {
    let (negative, magnitude) = match s.as_bytes().first() {
        Some(b'-') => (true, go_parse_uint(&s[1..])?),
        Some(b'+') => (false, go_parse_uint(&s[1..])?),
        _ => (false, go_parse_uint(s)?),
    };
    if negative {
        0i64.checked_sub_unsigned(magnitude)
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// Go's rule for underscores in a number: each one between two digits.
fn go_underscores_ok(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter().enumerate().all(|(i, c)| {
        *c != b'_'
            || (i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit))
    })
}

fn yaml_to_value(node: &YamlNode) -> Result<Value, String> {
    Ok(match node {
        YamlNode::Null => Value::Null,
        YamlNode::Bool(b) => Value::Bool(*b),
        YamlNode::Int(i) => Value::int(*i),
        YamlNode::Uint(u) => Value::uint(*u),
        YamlNode::Float(f) => Value::float(*f),
        YamlNode::Str(s) | YamlNode::Timestamp(s) => Value::from(s.as_str()),
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
