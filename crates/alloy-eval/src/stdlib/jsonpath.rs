//! `json_path(document, path)` as Alloy runs it with ohler55/ojg: the document read by `oj`'s
//! parser (its number rules included: integers that do not fit stay text, fractions are summed
//! as ojg sums them), the path read by `jp`'s parser, and matches collected in the order `jp`'s
//! `Get` finds them (an explicit stack, children pushed last-first). Objects are read in key
//! order; Go's maps have none, so where ojg walks an object the reference's order varies from
//! run to run.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::value::Value;

/// A JSON value as ojg's parser makes it.
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// Strings, and numbers too large for ojg's fast path (kept as their text, which Alloy
    /// receives as a string).
    String(String),
    Array(Vec<Json>),
    Object(BTreeMap<String, Json>),
}

/// Parses `document` and returns every match of `path`, in ojg's order.
pub fn json_path(document: &str, path: &str) -> Result<Vec<Value>, String> {
    let expr = PathParser {
        buf: path.as_bytes(),
        pos: 0,
    }
    .parse()
    .map_err(|(msg, pos)| format!("{msg} at {} in {path}", pos + 1))?;
    let data = JsonReader::new(document).read()?;
    Ok(get(&expr, &data).into_iter().map(to_value).collect())
}

fn to_value(v: &Json) -> Value {
    match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Int(i) => Value::int(*i),
        Json::Float(f) => Value::float(*f),
        Json::String(s) => Value::from(s.as_str()),
        Json::Array(items) => Value::array(items.iter().map(to_value).collect()),
        Json::Object(fields) => Value::object(
            fields
                .iter()
                .map(|(k, v)| (Rc::from(k.as_str()), to_value(v)))
                .collect(),
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// The document: ojg's `oj` parser, a byte state machine.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A value, or `]` right after `[`.
    ValueOrClose,
    /// A value (after `:`, `,` in an array, or at the top).
    Value,
    /// After a value: `,` or a closer.
    After,
    /// A key, or `}` right after `{`.
    KeyOrClose,
    /// A key (after `,` in an object).
    Key,
    Colon,
    /// After the top-level value: only white space.
    Space,
    Literal(&'static str, usize),
    Number(NumberMode),
    Str,
    Escape,
    Unicode(u8),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NumberMode {
    Neg,
    Zero,
    Digit,
    Dot,
    Frac,
    ExpSign,
    ExpZero,
    Exp,
}

/// ojg's number accumulator (`gen.Number`): exact integer, fraction and exponent while they
/// fit, the text otherwise.
#[derive(Default)]
struct Number {
    start: usize,
    int: u64,
    frac: u64,
    div: u64,
    exp: u64,
    neg: bool,
    neg_exp: bool,
    big: bool,
}

/// `math.MaxInt64 / 10`: beyond it the next digit may not fit.
const BIG_LIMIT: u64 = (i64::MAX / 10) as u64;

impl Number {
    fn add_digit(&mut self, d: u8) {
        // Measured against Alloy's build: a positive integer leaves the fast path one digit
        // earlier than a negative one (9223372036854775800 is text, -9223372036854775807 a
        // number).
        if self.big || self.int > BIG_LIMIT || (self.int == BIG_LIMIT && !self.neg) {
            self.big = true;
            return;
        }
        self.int = self.int * 10 + u64::from(d - b'0');
        if self.int > i64::MAX as u64 {
            self.big = true;
        }
    }

    fn add_frac(&mut self, d: u8) {
        // Eighteen fraction digits or more are kept as text.
        if self.big || self.div >= BIG_LIMIT {
            self.big = true;
            return;
        }
        self.frac = self.frac * 10 + u64::from(d - b'0');
        self.div *= 10;
        if self.div > BIG_LIMIT {
            self.big = true;
        }
    }

    fn add_exp(&mut self, d: u8) {
        if self.big || self.exp > 102 {
            self.big = true;
            return;
        }
        self.exp = self.exp * 10 + u64::from(d - b'0');
        if self.exp > 1022 {
            self.big = true;
        }
    }

    fn value(&self, text: &str, end: usize) -> Json {
        if self.big {
            // ojg keeps the number's text, with its exponent written `e`, `e-`.
            let raw = &text[self.start..end];
            return Json::String(raw.replace(['E'], "e").replace("e+", "e"));
        }
        if self.div == 1 && self.exp == 0 {
            let i = self.int as i64;
            return Json::Int(if self.neg { i.wrapping_neg() } else { i });
        }
        // Correctly rounded, as `strconv.ParseFloat` reads it (below 1e-1022 is 0, above the
        // largest float +Inf).
        let text = format!(
            "{}{}.{:0width$}e{}{}",
            if self.neg { "-" } else { "" },
            self.int,
            self.frac,
            if self.neg_exp { "-" } else { "" },
            self.exp,
            width = self.div.ilog10() as usize,
        );
        Json::Float(text.parse().unwrap_or(f64::NAN))
    }
}

/// An open container: the array's items, or the object's fields and the key waiting for its
/// value.
enum Open {
    Array(Vec<Json>),
    Object(BTreeMap<String, Json>, Option<String>),
}

struct JsonReader<'t> {
    text: &'t str,
    mode: Mode,
    stack: Vec<Open>,
    top: Option<Json>,
    num: Number,
    buf: Vec<u8>,
    key_next: bool,
    rune: u32,
    line: usize,
    line_start: isize,
    off: usize,
}

impl<'t> JsonReader<'t> {
    fn new(text: &'t str) -> Self {
        JsonReader {
            text,
            mode: Mode::Value,
            stack: Vec::new(),
            top: None,
            num: Number::default(),
            buf: Vec::new(),
            key_next: false,
            rune: 0,
            line: 1,
            line_start: -1,
            off: 0,
        }
    }

    fn error(&self, msg: impl std::fmt::Display) -> String {
        let col = self.off as isize - self.line_start;
        format!("{msg} at {}:{col}", self.line)
    }

    fn newline(&mut self) {
        self.line += 1;
        self.line_start = self.off as isize;
    }

    /// The document's value: `null` for an empty one, as ojg gives `nil`.
    fn read(mut self) -> Result<Json, String> {
        let bytes = self.text.as_bytes();
        let start = if bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        for (off, &b) in bytes.iter().enumerate().skip(start) {
            self.off = off;
            self.byte(b)?;
        }
        match self.mode {
            Mode::Number(NumberMode::Zero | NumberMode::Digit | NumberMode::Dot)
            | Mode::Number(NumberMode::Frac | NumberMode::Exp) => {
                self.end_number(bytes.len())?;
            }
            _ => {}
        }
        if !self.stack.is_empty() || !matches!(self.mode, Mode::Value | Mode::After | Mode::Space) {
            self.off = bytes.len();
            return Err(self.error("incomplete JSON"));
        }
        Ok(self.top.unwrap_or(Json::Null))
    }

    fn is_space(b: u8) -> bool {
        matches!(b, b' ' | b'\t' | b'\r' | b'\n')
    }

    fn byte(&mut self, b: u8) -> Result<(), String> {
        match self.mode {
            Mode::Value | Mode::ValueOrClose => match b {
                b' ' | b'\t' | b'\r' => {}
                b'\n' => self.newline(),
                b'n' => self.mode = Mode::Literal("null", 1),
                b't' => self.mode = Mode::Literal("true", 1),
                b'f' => self.mode = Mode::Literal("false", 1),
                b'-' => self.start_number(NumberMode::Neg, true),
                b'0' => self.start_number(NumberMode::Zero, false),
                b'1'..=b'9' => {
                    self.start_number(NumberMode::Digit, false);
                    self.num.int = u64::from(b - b'0');
                }
                b'"' => {
                    self.buf.clear();
                    self.key_next = false;
                    self.mode = Mode::Str;
                }
                b'[' => {
                    self.stack.push(Open::Array(Vec::new()));
                    self.mode = Mode::ValueOrClose;
                }
                b'{' => {
                    self.stack.push(Open::Object(BTreeMap::new(), None));
                    self.mode = Mode::KeyOrClose;
                }
                b']' if self.mode == Mode::ValueOrClose || self.in_object_value() => {
                    self.close_array()?
                }
                _ => return Err(self.error(format_args!("unexpected character '{}'", b as char))),
            },
            Mode::After => match b {
                b' ' | b'\t' | b'\r' => {}
                b'\n' => self.newline(),
                b',' => self.after_comma(),
                b']' => self.close_array()?,
                b'}' => self.close_object()?,
                _ => {
                    return Err(self.error(format_args!(
                        "expected a comma or close, not '{}'",
                        b as char
                    )))
                }
            },
            Mode::KeyOrClose | Mode::Key => match b {
                b' ' | b'\t' | b'\r' => {}
                b'\n' => self.newline(),
                b'"' => {
                    self.buf.clear();
                    self.key_next = true;
                    self.mode = Mode::Str;
                }
                b'}' if self.mode == Mode::KeyOrClose => self.close_object()?,
                _ if self.mode == Mode::KeyOrClose => {
                    return Err(self.error(format_args!(
                        "expected a string start or object close, not '{}'",
                        b as char
                    )))
                }
                _ => {
                    return Err(
                        self.error(format_args!("expected a string start, not '{}'", b as char))
                    )
                }
            },
            Mode::Colon => match b {
                b' ' | b'\t' | b'\r' => {}
                b'\n' => self.newline(),
                b':' => self.mode = Mode::Value,
                _ => return Err(self.error(format_args!("expected a colon, not '{}'", b as char))),
            },
            Mode::Space => match b {
                b' ' | b'\t' | b'\r' => {}
                b'\n' => self.newline(),
                _ => {
                    return Err(self.error(format_args!(
                        "extra characters after close, '{}'",
                        b as char
                    )))
                }
            },
            Mode::Literal(word, i) => {
                if word.as_bytes()[i] != b {
                    return Err(self.error(format_args!("expected {word}")));
                }
                if i + 1 == word.len() {
                    let value = match word {
                        "null" => Json::Null,
                        "true" => Json::Bool(true),
                        _ => Json::Bool(false),
                    };
                    self.add(value);
                } else {
                    self.mode = Mode::Literal(word, i + 1);
                }
            }
            Mode::Number(mode) => self.number_byte(mode, b)?,
            Mode::Str => match b {
                0..=0x1f => {
                    return Err(self.error(format_args!("invalid JSON character 0x{b:02x}")))
                }
                b'\\' => self.mode = Mode::Escape,
                b'"' => {
                    let s = String::from_utf8_lossy(&self.buf).into_owned();
                    if self.key_next {
                        if let Some(Open::Object(_, key)) = self.stack.last_mut() {
                            *key = Some(s);
                        }
                        self.mode = Mode::Colon;
                    } else {
                        self.add(Json::String(s));
                    }
                }
                _ => self.buf.push(b),
            },
            Mode::Escape => {
                self.mode = Mode::Str;
                let c = match b {
                    b'n' => b'\n',
                    b'"' => b'"',
                    b'\\' => b'\\',
                    b'/' => b'/',
                    b'b' => 0x08,
                    b'f' => 0x0c,
                    b'r' => b'\r',
                    b't' => b'\t',
                    b'u' => {
                        self.rune = 0;
                        self.mode = Mode::Unicode(0);
                        return Ok(());
                    }
                    _ => {
                        return Err(self.error(format_args!(
                            "invalid JSON escape character '\\{}'",
                            b as char
                        )))
                    }
                };
                self.buf.push(c);
            }
            Mode::Unicode(n) => {
                let Some(d) = (b as char).to_digit(16) else {
                    return Err(self.error(format_args!(
                        "invalid JSON unicode character '{}'",
                        b as char
                    )));
                };
                self.rune = self.rune << 4 | d;
                if n == 3 {
                    // Surrogates are not paired: each becomes U+FFFD, as Go's EncodeRune does.
                    let c = char::from_u32(self.rune).unwrap_or('\u{fffd}');
                    let mut tmp = [0; 4];
                    self.buf
                        .extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
                    self.mode = Mode::Str;
                } else {
                    self.mode = Mode::Unicode(n + 1);
                }
            }
        }
        Ok(())
    }

    fn in_object_value(&self) -> bool {
        matches!(self.stack.last(), Some(Open::Object(..)))
    }

    fn start_number(&mut self, mode: NumberMode, neg: bool) {
        self.num = Number {
            start: self.off,
            div: 1,
            neg,
            ..Number::default()
        };
        self.mode = Mode::Number(mode);
    }

    fn number_byte(&mut self, mode: NumberMode, b: u8) -> Result<(), String> {
        use NumberMode::*;
        let next = match (mode, b) {
            (Neg, b'0') => Zero,
            (Neg, b'1'..=b'9') | (Digit, b'0'..=b'9') => {
                self.num.add_digit(b);
                Digit
            }
            (Zero | Digit, b'.') => Dot,
            (Dot | Frac, b'0'..=b'9') => {
                self.num.add_frac(b);
                Frac
            }
            (Digit | Dot | Frac, b'e' | b'E') => ExpSign,
            (ExpSign, b'-') => {
                self.num.neg_exp = true;
                ExpZero
            }
            (ExpSign, b'+') => ExpZero,
            (ExpSign | ExpZero | Exp, b'0'..=b'9') => {
                self.num.add_exp(b);
                Exp
            }
            (Zero | Digit | Dot | Frac | Exp, _) if Self::is_space(b) || b"],}".contains(&b) => {
                self.end_number(self.off)?;
                return match b {
                    b'\n' => {
                        self.newline();
                        Ok(())
                    }
                    b',' if self.stack.is_empty() => Err(self.error("unexpected comma")),
                    b',' => {
                        self.after_comma();
                        Ok(())
                    }
                    b']' => self.close_array(),
                    b'}' => self.close_object(),
                    _ => Ok(()),
                };
            }
            _ => return Err(self.error("invalid number")),
        };
        self.mode = Mode::Number(next);
        Ok(())
    }

    fn end_number(&mut self, end: usize) -> Result<(), String> {
        let value = self.num.value(self.text, end);
        self.add(value);
        Ok(())
    }

    fn after_comma(&mut self) {
        self.mode = if self.in_object_value() {
            Mode::Key
        } else {
            Mode::Value
        };
    }

    /// A complete value: into the open container, or the document's value.
    fn add(&mut self, value: Json) {
        match self.stack.last_mut() {
            Some(Open::Array(items)) => items.push(value),
            Some(Open::Object(fields, key)) => {
                fields.insert(key.take().unwrap_or_default(), value);
            }
            None => self.top = Some(value),
        }
        self.mode = if self.stack.is_empty() {
            Mode::Space
        } else {
            Mode::After
        };
    }

    fn close_array(&mut self) -> Result<(), String> {
        match self.stack.pop() {
            Some(Open::Array(items)) => {
                self.add(Json::Array(items));
                Ok(())
            }
            Some(Open::Object(..)) | None => Err(self.error("unexpected array close")),
        }
    }

    fn close_object(&mut self) -> Result<(), String> {
        match self.stack.pop() {
            Some(Open::Object(fields, _)) => {
                self.add(Json::Object(fields));
                Ok(())
            }
            Some(Open::Array(_)) | None => Err(self.error("unexpected object close")),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The path: ojg's `jp` parser.

#[derive(Debug, Clone)]
enum Frag {
    Root,
    At,
    Child(String),
    Nth(i64),
    Wildcard,
    Descent,
    Union(Vec<Key>),
    /// start, end and step, as many as were written (the end defaults to `MAX_END`).
    Slice(Vec<i64>),
    Filter(Pred),
}

#[derive(Debug, Clone)]
enum Key {
    Name(String),
    Index(i64),
}

/// ojg's end of an open slice.
const MAX_END: i64 = 2147483647;

/// Whether a byte may be part of a name after `.` (ojg's `tokenMap`).
fn is_name_byte(b: u8) -> bool {
    matches!(
        b,
        b'#' | b'%' | b'0'..=b';' | b'?' | b'A'..=b'Z' | b'^' | b'_' | b'a'..=b'~' | 0x80..
    )
}

type ParseResult<T> = Result<T, (String, usize)>;

struct PathParser<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl PathParser<'_> {
    fn raise<T>(&self, msg: impl Into<String>) -> ParseResult<T> {
        Err((msg.into(), self.pos))
    }

    fn parse(mut self) -> ParseResult<Vec<Frag>> {
        let expr = self.read_expr()?;
        if self.pos < self.buf.len() {
            return self.raise("parse error");
        }
        Ok(expr)
    }

    fn read_expr(&mut self) -> ParseResult<Vec<Frag>> {
        let mut expr = Vec::new();
        let mut last_descent = false;
        while let Some(frag) = self.next_frag(expr.is_empty(), last_descent)? {
            last_descent = matches!(frag, Frag::Descent);
            expr.push(frag);
        }
        Ok(expr)
    }

    /// The next fragment; `None` at anything that ends the expression (checked by the caller).
    fn next_frag(&mut self, first: bool, last_descent: bool) -> ParseResult<Option<Frag>> {
        let Some(&b) = self.buf.get(self.pos) else {
            return Ok(None);
        };
        self.pos += 1;
        Ok(match b {
            b'$' => first.then_some(Frag::Root),
            b'@' => first.then_some(Frag::At),
            b'.' => Some(self.after_dot()?),
            b'*' => Some(Frag::Wildcard),
            b'[' => Some(self.after_bracket()?),
            _ => {
                self.pos -= 1;
                if b != b']' && is_name_byte(b) && (first || last_descent) {
                    Some(self.name())
                } else {
                    None
                }
            }
        })
    }

    fn after_dot(&mut self) -> ParseResult<Frag> {
        let Some(&b) = self.buf.get(self.pos) else {
            return self.raise("not terminated");
        };
        self.pos += 1;
        match b {
            b'*' => Ok(Frag::Wildcard),
            b'.' => Ok(Frag::Descent),
            _ if !is_name_byte(b) => self.raise(format!(
                "an expression fragment can not start with a '{}'",
                b as char
            )),
            _ => {
                self.pos -= 1;
                Ok(self.name())
            }
        }
    }

    fn name(&mut self) -> Frag {
        let start = self.pos;
        self.pos += 1;
        while self.buf.get(self.pos).is_some_and(|&b| is_name_byte(b)) {
            self.pos += 1;
        }
        Frag::Child(String::from_utf8_lossy(&self.buf[start..self.pos]).into_owned())
    }

    /// The next byte that is not a space, consumed (0 at the end).
    fn skip_space(&mut self) -> u8 {
        let mut b = 0;
        while let Some(&c) = self.buf.get(self.pos) {
            self.pos += 1;
            b = c;
            if c != b' ' {
                break;
            }
        }
        b
    }

    fn after_bracket(&mut self) -> ParseResult<Frag> {
        if self.pos >= self.buf.len() {
            return self.raise("not terminated");
        }
        let b = self.skip_space();
        match b {
            b'*' => {
                if self.skip_space() != b']' {
                    return self.raise("not terminated");
                }
                Ok(Frag::Wildcard)
            }
            b'\'' | b'"' => {
                let s = self.read_str(b)?;
                match self.skip_space() {
                    b']' => Ok(Frag::Child(s)),
                    b',' => self.read_union(Key::Name(s), b','),
                    _ => self.raise("invalid bracket fragment"),
                }
            }
            b':' => self.read_slice(0),
            b'?' => self.read_filter(),
            b'(' => self.raise("scripts not implemented yet"),
            b'-' | b'0'..=b'9' => {
                let (i, mut b) = self.read_int(b)?;
                loop {
                    match b {
                        b' ' => b = self.skip_space(),
                        b']' => return Ok(Frag::Nth(i)),
                        b',' => return self.read_union(Key::Index(i), b),
                        b':' => return self.read_slice(i),
                        _ => return self.raise("invalid bracket fragment"),
                    }
                }
            }
            _ => {
                self.pos -= 1;
                self.raise("parse error")
            }
        }
    }

    /// Digits after `b` (a digit or `-`); returns the number and the byte after it (consumed).
    fn read_int(&mut self, mut b: u8) -> ParseResult<(i64, u8)> {
        let neg = b == b'-';
        if neg {
            let Some(&c) = self.buf.get(self.pos) else {
                return self.raise("expected a number");
            };
            b = c;
            self.pos += 1;
        }
        let start = self.pos;
        let mut i: i64 = 0;
        while b.is_ascii_digit() {
            i = i.wrapping_mul(10).wrapping_add(i64::from(b - b'0'));
            let Some(&c) = self.buf.get(self.pos) else {
                break;
            };
            b = c;
            self.pos += 1;
        }
        if self.pos == start {
            return self.raise("expected a number");
        }
        Ok((if neg { i.wrapping_neg() } else { i }, b))
    }

    fn read_slice(&mut self, start: i64) -> ParseResult<Frag> {
        let Some(&first) = self.buf.get(self.pos) else {
            return self.raise("not terminated");
        };
        let mut slice = vec![start];
        if first == b']' {
            slice.push(MAX_END);
            self.pos += 1;
            return Ok(Frag::Slice(slice));
        }
        let mut b = self.skip_space();
        if b == b':' {
            slice.push(MAX_END);
            b = self.read_step(&mut slice)?;
        } else {
            let (end, after) = self.read_int(b)?;
            slice.push(end);
            b = after;
            if b == b':' {
                b = self.read_step(&mut slice)?;
            }
        }
        if b != b']' {
            return self.raise("invalid slice syntax");
        }
        Ok(Frag::Slice(slice))
    }

    /// After a slice's second `:`: the optional step, pushed onto `slice`; returns the byte
    /// after it.
    fn read_step(&mut self, slice: &mut Vec<i64>) -> ParseResult<u8> {
        let Some(&b) = self.buf.get(self.pos) else {
            return self.raise("not terminated");
        };
        self.pos += 1;
        if b == b']' {
            return Ok(b);
        }
        let (step, after) = self.read_int(b)?;
        slice.push(step);
        Ok(after)
    }

    fn read_union(&mut self, first: Key, mut b: u8) -> ParseResult<Frag> {
        if self.pos >= self.buf.len() {
            return self.raise("not terminated");
        }
        let mut keys = vec![first];
        loop {
            match b {
                b',' => {}
                b']' => return Ok(Frag::Union(keys)),
                _ => return self.raise("invalid union syntax"),
            }
            b = self.skip_space();
            match b {
                b'\'' | b'"' => {
                    keys.push(Key::Name(self.read_str(b)?));
                    b = self.skip_space();
                }
                b'-' | b'0'..=b'9' => {
                    let (i, after) = self.read_int(b)?;
                    keys.push(Key::Index(i));
                    b = if after == b' ' {
                        self.skip_space()
                    } else {
                        after
                    };
                }
                _ => return self.raise("invalid union syntax"),
            }
        }
    }

    /// A quoted name after its opening quote `term`, with JSON's escapes and `\'`, `\x..`.
    fn read_str(&mut self, term: u8) -> ParseResult<String> {
        let mut out = Vec::new();
        while let Some(&b) = self.buf.get(self.pos) {
            self.pos += 1;
            if b == term {
                return Ok(String::from_utf8_lossy(&out).into_owned());
            }
            if b != b'\\' {
                out.push(b);
                continue;
            }
            let Some(&e) = self.buf.get(self.pos) else {
                return self.raise("0x00 is not a valid escaped character");
            };
            self.pos += 1;
            match e {
                b'b' => out.push(0x08),
                b't' => out.push(b'\t'),
                b'n' => out.push(b'\n'),
                b'f' => out.push(0x0c),
                b'r' => out.push(b'\r'),
                b'"' | b'\'' | b'/' | b'\\' => out.push(e),
                b'x' => {
                    let byte = self.hex_digits(2)?;
                    out.push(byte as u8);
                }
                b'u' | b'U' => {
                    let r = self.hex_digits(4)?;
                    let c = char::from_u32(r).unwrap_or('\u{fffd}');
                    let mut tmp = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
                }
                _ => {
                    return self.raise(format!(
                        "0x{e:02x} ({}) is not a valid escaped character",
                        e as char
                    ))
                }
            }
        }
        // Unterminated: the rest is the string, as ojg reads it.
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    fn hex_digits(&mut self, n: usize) -> ParseResult<u32> {
        let mut value = 0;
        for _ in 0..n {
            let Some(&b) = self.buf.get(self.pos) else {
                return self.raise("not terminated");
            };
            self.pos += 1;
            let Some(d) = (b as char).to_digit(16) else {
                return self.raise(format!(
                    "0x{b:02x} ({}) is not a valid hexadecimal character",
                    b as char
                ));
            };
            value = value << 4 | d;
        }
        Ok(value)
    }

    /// `[?(...)]` or `[?...]`: a predicate over each child.
    fn read_filter(&mut self) -> ParseResult<Frag> {
        if self.pos >= self.buf.len() {
            return self.raise("not terminated");
        }
        let parens = self.buf[self.pos] == b'(';
        if parens {
            self.pos += 1;
        }
        let pred = self.or()?;
        self.skip_spaces();
        if parens && !self.eat(b')') {
            return self.raise("not terminated");
        }
        self.skip_spaces();
        if !self.eat(b']') {
            return self.raise("not terminated");
        }
        Ok(Frag::Filter(pred))
    }

    fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }

    fn or(&mut self) -> ParseResult<Pred> {
        let mut left = self.and()?;
        loop {
            self.skip_spaces();
            if self.buf[self.pos..].starts_with(b"||") {
                self.pos += 2;
                let right = self.and()?;
                left = Pred::Or(Box::new(left), Box::new(right));
            } else {
                return Ok(left);
            }
        }
    }

    fn and(&mut self) -> ParseResult<Pred> {
        let mut left = self.comparison()?;
        loop {
            self.skip_spaces();
            if self.buf[self.pos..].starts_with(b"&&") {
                self.pos += 2;
                let right = self.comparison()?;
                left = Pred::And(Box::new(left), Box::new(right));
            } else {
                return Ok(left);
            }
        }
    }

    fn comparison(&mut self) -> ParseResult<Pred> {
        self.skip_spaces();
        if self.eat(b'(') {
            let inner = self.or()?;
            self.skip_spaces();
            return if self.eat(b')') {
                Ok(inner)
            } else {
                self.raise("not terminated")
            };
        }
        let left = self.operand()?;
        self.skip_spaces();
        let rest = &self.buf[self.pos..];
        let Some(op) = [Cmp::Eq, Cmp::Ne, Cmp::Le, Cmp::Ge, Cmp::Lt, Cmp::Gt]
            .into_iter()
            .find(|op| rest.starts_with(op.text().as_bytes()))
        else {
            return match left {
                Operand::Path(steps) => Ok(Pred::Exists(steps)),
                Operand::Literal(_) => self.raise("expected a value"),
            };
        };
        self.pos += op.text().len();
        self.skip_spaces();
        let right = self.operand()?;
        Ok(Pred::Cmp(left, op, right))
    }

    fn operand(&mut self) -> ParseResult<Operand> {
        match self.peek() {
            Some(b @ (b'@' | b'$')) => {
                self.pos += 1;
                let mut steps = vec![if b == b'@' { Frag::At } else { Frag::Root }];
                while let Some(b) = self.peek() {
                    match b {
                        b'.' => {
                            self.pos += 1;
                            steps.push(self.after_dot()?);
                        }
                        b'[' => {
                            self.pos += 1;
                            steps.push(self.after_bracket()?);
                        }
                        _ => break,
                    }
                }
                Ok(Operand::Path(steps))
            }
            Some(q @ (b'\'' | b'"')) => {
                self.pos += 1;
                Ok(Operand::Literal(Json::String(self.read_str(q)?)))
            }
            Some(b'-' | b'0'..=b'9') => {
                let start = self.pos;
                self.pos += 1;
                while self.peek().is_some_and(|c| {
                    c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-')
                }) {
                    self.pos += 1;
                }
                let text = String::from_utf8_lossy(&self.buf[start..self.pos]).into_owned();
                match JsonReader::new(&text).read() {
                    Ok(n @ (Json::Int(_) | Json::Float(_) | Json::String(_))) => {
                        Ok(Operand::Literal(n))
                    }
                    _ => self.raise("expected a number"),
                }
            }
            Some(_) => {
                for (word, value) in [
                    ("true", Json::Bool(true)),
                    ("false", Json::Bool(false)),
                    ("null", Json::Null),
                ] {
                    if self.buf[self.pos..].starts_with(word.as_bytes()) {
                        self.pos += word.len();
                        return Ok(Operand::Literal(value));
                    }
                }
                self.raise("expected a value")
            }
            None => self.raise("not terminated"),
        }
    }
}

#[derive(Debug, Clone)]
enum Operand {
    Path(Vec<Frag>),
    Literal(Json),
}

#[derive(Debug, Clone, Copy)]
enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    fn text(self) -> &'static str {
        match self {
            Cmp::Eq => "==",
            Cmp::Ne => "!=",
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
        }
    }
}

#[derive(Debug, Clone)]
enum Pred {
    Exists(Vec<Frag>),
    Cmp(Operand, Cmp, Operand),
    And(Box<Pred>, Box<Pred>),
    Or(Box<Pred>, Box<Pred>),
}

fn holds(pred: &Pred, node: &Json) -> bool {
    match pred {
        Pred::And(a, b) => holds(a, node) && holds(b, node),
        Pred::Or(a, b) => holds(a, node) || holds(b, node),
        Pred::Exists(steps) => !get_from(steps, node).is_empty(),
        Pred::Cmp(l, op, r) => {
            let resolve = |o: &Operand| match o {
                Operand::Literal(v) => Some(v.clone()),
                Operand::Path(steps) => get_from(steps, node).first().map(|v| (*v).clone()),
            };
            let (Some(a), Some(b)) = (resolve(l), resolve(r)) else {
                return false;
            };
            let number = |v: &Json| match v {
                Json::Int(i) => Some(*i as f64),
                Json::Float(f) => Some(*f),
                _ => None,
            };
            let ord = match (&a, &b) {
                (Json::String(x), Json::String(y)) => Some(x.cmp(y)),
                _ => match (number(&a), number(&b)) {
                    (Some(x), Some(y)) => x.partial_cmp(&y),
                    _ => {
                        return match op {
                            Cmp::Eq => a == b,
                            Cmp::Ne => a != b,
                            _ => false,
                        }
                    }
                },
            };
            let Some(ord) = ord else { return false };
            use std::cmp::Ordering::*;
            match op {
                Cmp::Eq => ord == Equal,
                Cmp::Ne => ord != Equal,
                Cmp::Lt => ord == Less,
                Cmp::Le => ord != Greater,
                Cmp::Gt => ord == Greater,
                Cmp::Ge => ord != Less,
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Matching: ojg's `Expr.Get`, a loop over an explicit stack of values and fragment markers.

#[derive(Clone, Copy)]
enum Slot<'a> {
    Value(&'a Json),
    /// Resume at fragment `index`; the flags mark the two passes of a descent.
    Frag(usize, u8),
}

const DESCENT: u8 = 1;
const DESCENT_CHILD: u8 = 2;

fn is_container(v: &Json) -> bool {
    matches!(v, Json::Array(_) | Json::Object(_))
}

/// The children of a container, in the order ojg visits them forwards.
fn children(v: &Json) -> Vec<&Json> {
    match v {
        Json::Array(items) => items.iter().collect(),
        Json::Object(fields) => fields.values().collect(),
        _ => Vec::new(),
    }
}

fn nth(v: &Json, i: i64) -> Option<&Json> {
    let Json::Array(items) = v else { return None };
    let i = if i < 0 { items.len() as i64 + i } else { i };
    (0 <= i && (i as usize) < items.len()).then(|| &items[i as usize])
}

fn key<'a>(v: &'a Json, k: &Key) -> Option<&'a Json> {
    match (v, k) {
        (Json::Object(fields), Key::Name(name)) => fields.get(name),
        (_, Key::Index(i)) => nth(v, *i),
        _ => None,
    }
}

/// The elements a slice selects, in order.
fn slice_items<'a>(v: &'a Json, spec: &[i64]) -> Vec<&'a Json> {
    let Json::Array(items) = v else {
        return Vec::new();
    };
    let len = items.len() as i64;
    let mut start = spec.first().copied().unwrap_or(0);
    let mut end = spec.get(1).copied().unwrap_or(MAX_END);
    let step = spec.get(2).copied().unwrap_or(1);
    if step == 0 {
        return Vec::new();
    }
    if start < 0 {
        start = (len + start).max(0);
    }
    if end < 0 {
        end += len;
    }
    if len <= start {
        return Vec::new();
    }
    end = end.min(len);
    let mut out = Vec::new();
    if step > 0 {
        let mut i = start;
        while i < end {
            out.push(&items[i as usize]);
            i += step;
        }
    } else {
        end = end.max(-1);
        let mut i = start;
        while end < i {
            out.push(&items[i as usize]);
            i += step;
        }
    }
    out
}

fn get<'a>(expr: &[Frag], data: &'a Json) -> Vec<&'a Json> {
    get_from(expr, data)
}

fn get_from<'a>(x: &[Frag], data: &'a Json) -> Vec<&'a Json> {
    let mut results = Vec::new();
    if x.is_empty() {
        return results;
    }
    let last = x.len() - 1;
    let mut stack: Vec<Slot<'a>> = vec![Slot::Value(data), Slot::Frag(0, 0)];
    let mut fi = 0;
    // Values pushed for the next fragment: containers only, as ojg skips scalars there.
    fn push<'a>(stack: &mut Vec<Slot<'a>>, v: &'a Json) {
        if is_container(v) {
            stack.push(Slot::Value(v));
        }
    }
    while stack.len() > 1 {
        let prev = stack[stack.len() - 2];
        let prev = match prev {
            Slot::Frag(index, _) => {
                stack.pop();
                fi = index;
                continue;
            }
            Slot::Value(v) => v,
        };
        let top = stack.len() - 1;
        stack[top - 1] = stack[top];
        stack.pop();
        let is_last = fi == last;
        match &x[fi] {
            Frag::Child(name) => {
                if let Some(v) = key(prev, &Key::Name(name.clone())) {
                    if is_last {
                        results.push(v);
                    } else {
                        push(&mut stack, v);
                    }
                }
            }
            Frag::Nth(i) => {
                if let Some(v) = nth(prev, *i) {
                    if is_last {
                        results.push(v);
                    } else {
                        push(&mut stack, v);
                    }
                }
            }
            Frag::Wildcard => {
                let items = children(prev);
                if is_last {
                    results.extend(items);
                } else {
                    for v in items.into_iter().rev() {
                        push(&mut stack, v);
                    }
                }
            }
            Frag::Descent => {
                let Some(&Slot::Frag(_, flags)) = stack.last() else {
                    continue;
                };
                if flags & DESCENT == 0 {
                    if is_container(prev) {
                        let top = stack.len() - 1;
                        stack[top] = Slot::Value(prev);
                        stack.push(Slot::Frag(fi, flags | DESCENT));
                        let items = children(prev);
                        if is_last {
                            results.extend(items.iter().copied());
                        }
                        for v in items.into_iter().rev() {
                            if is_container(v) {
                                stack.push(Slot::Value(v));
                                stack.push(Slot::Frag(fi, DESCENT_CHILD));
                            }
                        }
                    }
                } else if is_last {
                    if flags & DESCENT_CHILD == 0 {
                        results.push(prev);
                    }
                } else {
                    stack.push(Slot::Value(prev));
                }
            }
            Frag::Root => {
                if is_last {
                    results.push(data);
                } else {
                    stack.push(Slot::Value(data));
                }
            }
            Frag::At => {
                if is_last {
                    results.push(prev);
                } else {
                    stack.push(Slot::Value(prev));
                }
            }
            Frag::Union(keys) => {
                if is_last {
                    results.extend(keys.iter().filter_map(|k| key(prev, k)));
                } else {
                    for v in keys.iter().rev().filter_map(|k| key(prev, k)) {
                        push(&mut stack, v);
                    }
                }
            }
            Frag::Slice(spec) => {
                let items = slice_items(prev, spec);
                if is_last {
                    results.extend(items);
                } else {
                    for v in items.into_iter().rev() {
                        push(&mut stack, v);
                    }
                }
            }
            Frag::Filter(pred) => {
                let matched: Vec<&Json> = children(prev)
                    .into_iter()
                    .filter(|c| holds(pred, c))
                    .collect();
                if is_last {
                    results.extend(matched);
                } else {
                    for v in matched.into_iter().rev() {
                        stack.push(Slot::Value(v));
                    }
                }
            }
        }
        if fi < last && !matches!(stack.last(), Some(Slot::Frag(..))) {
            fi += 1;
            stack.push(Slot::Frag(fi, 0));
        }
    }
    results
}
