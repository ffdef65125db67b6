//! `json_path(document, path)`: a JSONPath evaluator covering what Alloy's library (ojg)
//! accepts in practice: `$`, `@`, `.name`, `..name`, `*`, `[n]`, `[-n]`, `[a:b]`, `['name']`,
//! unions `[0,2]` and filters `[?(@.x == "v")]` with `== != < <= > >= && ||`.

use std::rc::Rc;

use crate::value::Value;

#[derive(Debug, Clone)]
enum Step {
    Child(String),
    Wildcard,
    Descend(Box<Step>),
    Index(i64),
    Slice(Option<i64>, Option<i64>),
    Union(Vec<Step>),
    Filter(Box<Pred>),
}

#[derive(Debug, Clone)]
enum Operand {
    Path(Vec<Step>),
    Literal(serde_json::Value),
}

#[derive(Debug, Clone)]
enum Pred {
    Exists(Vec<Step>),
    Cmp(Operand, String, Operand),
    And(Box<Pred>, Box<Pred>),
    Or(Box<Pred>, Box<Pred>),
}

/// Parses `document` as JSON and returns every match of `path`, in document order.
pub fn json_path(document: &str, path: &str) -> Result<Vec<Value>, String> {
    let steps = Parser {
        chars: path.chars().collect(),
        pos: 0,
        text: path,
    }
    .parse_path()?;
    let data: serde_json::Value = serde_json::from_str(document).map_err(|e| {
        let text = e.to_string();
        let kind = text
            .rfind(" at line ")
            .map_or(text.as_str(), |i| &text[..i]);
        // ojg names the literal it was reading (`expected null`), serde_json does not.
        let kind = match (kind, document.trim_start().chars().next()) {
            ("expected ident", Some('n')) => "expected null",
            ("expected ident", Some('t')) => "expected true",
            ("expected ident", Some('f')) => "expected false",
            (k, _) => k,
        };
        format!("{kind} at {}:{}", e.line(), e.column())
    })?;
    let mut current = vec![&data];
    for step in &steps {
        current = apply(step, &current);
    }
    Ok(current.into_iter().map(to_value).collect())
}

fn to_value(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::int(i)
            } else if n.is_u64() {
                // ojg keeps integers too large for int64 as big numbers, which Alloy prints as
                // their text.
                Value::from(n.to_string())
            } else {
                Value::float(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        serde_json::Value::String(s) => Value::from(s.as_str()),
        serde_json::Value::Array(items) => Value::array(items.iter().map(to_value).collect()),
        serde_json::Value::Object(fields) => Value::object(
            fields
                .iter()
                .map(|(k, v)| (Rc::from(k.as_str()), to_value(v)))
                .collect(),
        ),
    }
}

fn children(v: &serde_json::Value) -> Vec<&serde_json::Value> {
    match v {
        serde_json::Value::Array(items) => items.iter().collect(),
        serde_json::Value::Object(fields) => fields.values().collect(),
        _ => Vec::new(),
    }
}

fn descendants<'v>(v: &'v serde_json::Value, out: &mut Vec<&'v serde_json::Value>) {
    out.push(v);
    for c in children(v) {
        descendants(c, out);
    }
}

fn apply<'v>(step: &Step, nodes: &[&'v serde_json::Value]) -> Vec<&'v serde_json::Value> {
    let mut out = Vec::new();
    for node in nodes {
        match step {
            Step::Child(name) => {
                if let Some(v) = node.as_object().and_then(|o| o.get(name)) {
                    out.push(v);
                }
            }
            Step::Wildcard => out.extend(children(node)),
            Step::Descend(inner) => {
                let mut all = Vec::new();
                descendants(node, &mut all);
                out.extend(apply(inner, &all));
            }
            Step::Index(i) => {
                if let Some(items) = node.as_array() {
                    let idx = if *i < 0 { items.len() as i64 + i } else { *i };
                    if idx >= 0 && (idx as usize) < items.len() {
                        out.push(&items[idx as usize]);
                    }
                }
            }
            Step::Slice(start, end) => {
                if let Some(items) = node.as_array() {
                    let len = items.len() as i64;
                    let norm = |x: i64| if x < 0 { (len + x).max(0) } else { x.min(len) };
                    let s = norm(start.unwrap_or(0));
                    let e = norm(end.unwrap_or(len));
                    for k in s..e.max(s) {
                        out.push(&items[k as usize]);
                    }
                }
            }
            Step::Union(steps) => {
                for s in steps {
                    out.extend(apply(s, &[*node]));
                }
            }
            Step::Filter(pred) => {
                for c in children(node) {
                    if holds(pred, c) {
                        out.push(c);
                    }
                }
            }
        }
    }
    out
}

fn resolve<'v>(operand: &'v Operand, node: &'v serde_json::Value) -> Option<&'v serde_json::Value> {
    match operand {
        Operand::Literal(v) => Some(v),
        Operand::Path(steps) => {
            let mut current = vec![node];
            for s in steps {
                current = apply(s, &current);
            }
            current.first().copied()
        }
    }
}

fn holds(pred: &Pred, node: &serde_json::Value) -> bool {
    match pred {
        Pred::And(a, b) => holds(a, node) && holds(b, node),
        Pred::Or(a, b) => holds(a, node) || holds(b, node),
        Pred::Exists(steps) => {
            let mut current = vec![node];
            for s in steps {
                current = apply(s, &current);
            }
            !current.is_empty()
        }
        Pred::Cmp(l, op, r) => {
            let (Some(a), Some(b)) = (resolve(l, node), resolve(r, node)) else {
                return false;
            };
            use serde_json::Value as J;
            let ord = match (a, b) {
                (J::Number(x), J::Number(y)) => x.as_f64().partial_cmp(&y.as_f64()),
                (J::String(x), J::String(y)) => Some(x.cmp(y)),
                _ => {
                    return match op.as_str() {
                        "==" => a == b,
                        "!=" => a != b,
                        _ => false,
                    }
                }
            };
            let Some(ord) = ord else { return false };
            use std::cmp::Ordering::*;
            match op.as_str() {
                "==" => ord == Equal,
                "!=" => ord != Equal,
                "<" => ord == Less,
                "<=" => ord != Greater,
                ">" => ord == Greater,
                ">=" => ord != Less,
                _ => false,
            }
        }
    }
}

struct Parser<'t> {
    chars: Vec<char>,
    pos: usize,
    text: &'t str,
}

impl Parser<'_> {
    fn error(&self) -> String {
        format!("parse error at {} in {}", self.pos + 1, self.text)
    }
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn skip_spaces(&mut self) {
        while self.peek() == Some(' ') {
            self.pos += 1;
        }
    }

    fn parse_path(&mut self) -> Result<Vec<Step>, String> {
        if !self.eat('$') {
            self.eat('@');
        }
        if self.peek().is_some_and(is_name_char) {
            let name = self.name();
            let mut steps = vec![Step::Child(name)];
            steps.extend(self.steps(false)?);
            return Ok(steps);
        }
        self.steps(false)
    }

    /// Steps until the end, or (inside a filter) until a character that ends an operand.
    fn steps(&mut self, in_filter: bool) -> Result<Vec<Step>, String> {
        let mut steps = Vec::new();
        while let Some(c) = self.peek() {
            match c {
                '.' => {
                    self.pos += 1;
                    if self.eat('.') {
                        let inner = if self.eat('*') {
                            Step::Wildcard
                        } else if self.peek() == Some('[') {
                            self.bracket()?
                        } else if self.peek().is_some_and(is_name_char) {
                            Step::Child(self.name())
                        } else {
                            return Err(self.error());
                        };
                        steps.push(Step::Descend(Box::new(inner)));
                    } else if self.eat('*') {
                        steps.push(Step::Wildcard);
                    } else if self.peek().is_some_and(is_name_char) {
                        steps.push(Step::Child(self.name()));
                    } else {
                        return Err(self.error());
                    }
                }
                '[' => steps.push(self.bracket()?),
                _ if in_filter => break,
                _ => return Err(self.error()),
            }
        }
        Ok(steps)
    }

    fn name(&mut self) -> String {
        let start = self.pos;
        while self.peek().is_some_and(is_name_char) {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }

    fn bracket(&mut self) -> Result<Step, String> {
        self.pos += 1; // '['
        self.skip_spaces();
        if self.eat('*') {
            self.skip_spaces();
            return if self.eat(']') {
                Ok(Step::Wildcard)
            } else {
                Err(self.error())
            };
        }
        if self.eat('?') {
            if !self.eat('(') {
                return Err(self.error());
            }
            let pred = self.or()?;
            self.skip_spaces();
            if !self.eat(')') || !self.eat(']') {
                return Err(self.error());
            }
            return Ok(Step::Filter(Box::new(pred)));
        }
        let mut parts = Vec::new();
        loop {
            self.skip_spaces();
            let part = match self.peek() {
                Some(q @ ('\'' | '"')) => Step::Child(self.quoted(q)?),
                Some(c) if c == '-' || c == ':' || c.is_ascii_digit() => {
                    let start = self.int();
                    self.skip_spaces();
                    if self.eat(':') {
                        self.skip_spaces();
                        let end = self.int();
                        Step::Slice(start, end)
                    } else {
                        Step::Index(start.ok_or_else(|| self.error())?)
                    }
                }
                _ => return Err(self.error()),
            };
            parts.push(part);
            self.skip_spaces();
            if self.eat(']') {
                break;
            }
            if !self.eat(',') {
                return Err(self.error());
            }
        }
        Ok(if parts.len() == 1 {
            parts.pop().unwrap_or(Step::Wildcard)
        } else {
            Step::Union(parts)
        })
    }

    fn int(&mut self) -> Option<i64> {
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        text.parse().ok()
    }

    fn quoted(&mut self, quote: char) -> Result<String, String> {
        self.pos += 1;
        let mut s = String::new();
        loop {
            match self.peek() {
                None => return Err(self.error()),
                Some(c) if c == quote => {
                    self.pos += 1;
                    return Ok(s);
                }
                Some('\\') => {
                    self.pos += 1;
                    if let Some(c) = self.peek() {
                        s.push(c);
                        self.pos += 1;
                    }
                }
                Some(c) => {
                    s.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn or(&mut self) -> Result<Pred, String> {
        let mut left = self.and()?;
        loop {
            self.skip_spaces();
            if self.chars.get(self.pos..self.pos + 2) == Some(&['|', '|']) {
                self.pos += 2;
                let right = self.and()?;
                left = Pred::Or(Box::new(left), Box::new(right));
            } else {
                return Ok(left);
            }
        }
    }

    fn and(&mut self) -> Result<Pred, String> {
        let mut left = self.comparison()?;
        loop {
            self.skip_spaces();
            if self.chars.get(self.pos..self.pos + 2) == Some(&['&', '&']) {
                self.pos += 2;
                let right = self.comparison()?;
                left = Pred::And(Box::new(left), Box::new(right));
            } else {
                return Ok(left);
            }
        }
    }

    fn comparison(&mut self) -> Result<Pred, String> {
        self.skip_spaces();
        if self.eat('(') {
            let inner = self.or()?;
            self.skip_spaces();
            return if self.eat(')') {
                Ok(inner)
            } else {
                Err(self.error())
            };
        }
        let left = self.operand()?;
        self.skip_spaces();
        let op: String = ["==", "!=", "<=", ">=", "<", ">"]
            .iter()
            .find(|op| {
                let n = op.len();
                self.chars
                    .get(self.pos..self.pos + n)
                    .is_some_and(|s| s.iter().copied().eq(op.chars()))
            })
            .map(|s| s.to_string())
            .unwrap_or_default();
        if op.is_empty() {
            return match left {
                Operand::Path(steps) => Ok(Pred::Exists(steps)),
                Operand::Literal(_) => Err(self.error()),
            };
        }
        self.pos += op.len();
        self.skip_spaces();
        let right = self.operand()?;
        Ok(Pred::Cmp(left, op, right))
    }

    fn operand(&mut self) -> Result<Operand, String> {
        match self.peek() {
            Some('@') | Some('$') => {
                self.pos += 1;
                Ok(Operand::Path(self.steps(true)?))
            }
            Some(q @ ('\'' | '"')) => {
                Ok(Operand::Literal(serde_json::Value::String(self.quoted(q)?)))
            }
            Some(c) if c == '-' || c.is_ascii_digit() => {
                let start = self.pos;
                self.pos += 1;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
                {
                    self.pos += 1;
                }
                let text: String = self.chars[start..self.pos].iter().collect();
                serde_json::from_str(&text)
                    .map(Operand::Literal)
                    .map_err(|_| self.error())
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let word = self.name();
                match word.as_str() {
                    "true" => Ok(Operand::Literal(serde_json::Value::Bool(true))),
                    "false" => Ok(Operand::Literal(serde_json::Value::Bool(false))),
                    "null" => Ok(Operand::Literal(serde_json::Value::Null)),
                    _ => Err(self.error()),
                }
            }
            _ => Err(self.error()),
        }
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}
