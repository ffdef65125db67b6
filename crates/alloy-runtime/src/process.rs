//! `loki.process` as far as labels go: every stage's effect on an entry's labels, its
//! extracted values and structured metadata, with what depends on the log line (a parsed
//! field, a line filter, a length) carried as unknown. `stage.match` on a selector whose
//! outcome is unknown yields both outcomes; a drop that is not certain lets the labels
//! through (the entries it keeps carry them).
//!
//! Stages as Alloy runs them: the extracted map starts as the entry's labels
//! (`pipeline.go`); `stage.labels` copies present fields; `stage.structured_metadata` moves
//! labels named in `values` (or matching `regex`) out of the label set; `stage.pack` removes
//! the labels it packs; `stage.docker` and `stage.cri` set `stream`; `stage.tenant` sets
//! `__tenant_id__`.

use crate::args::{receiver, ArgError, Args};
use crate::relabel::compiled;
use crate::{Component, Env, Labels, Receivers, Stream};
use alloy_eval::{Capsule, Value};
use alloy_regex::{Form, GoRegex};
use std::collections::{BTreeMap, BTreeSet};

/// Outcomes one entry may have after all stages (each undecided `stage.match` doubles them).
const MAX_OUTCOMES: usize = 256;

/// A value in the extracted map or structured metadata.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Field {
    Known(String),
    /// Depends on the log line: why.
    Unknown(String),
}

/// An entry as the stages see it, the line aside.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    labels: Labels,
    extracted: BTreeMap<String, Field>,
    metadata: BTreeMap<String, Field>,
    /// A stage that may have set extracted fields whose names depend on the line.
    any_field: Option<String>,
}

impl Entry {
    fn new(labels: &Labels) -> Entry {
        let mut extracted: BTreeMap<String, Field> = labels
            .known
            .iter()
            .map(|(k, v)| (k.clone(), Field::Known(v.clone())))
            .collect();
        for (k, why) in &labels.unknown {
            extracted.insert(k.clone(), Field::Unknown(why.clone()));
        }
        Entry {
            labels: labels.clone(),
            extracted,
            metadata: BTreeMap::new(),
            any_field: None,
        }
    }

    /// An extracted field: `None` when certainly absent.
    fn field(&self, name: &str) -> Option<Field> {
        match self.extracted.get(name) {
            Some(f) => Some(f.clone()),
            None => self
                .any_field
                .as_ref()
                .map(|stage| Field::Unknown(format!("a field {stage} may extract from the line"))),
        }
    }

    fn set_label(&mut self, name: &str, value: Field) {
        match value {
            Field::Known(v) => self.labels.set(name.to_string(), v),
            Field::Unknown(why) => self.labels.set_unknown(name.to_string(), why),
        }
    }
}

/// Whether a condition holds for an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Decision {
    Yes,
    No,
    /// Depends on the line or on a value not known.
    Maybe,
}

impl Decision {
    fn and(self, other: Decision) -> Decision {
        match (self, other) {
            (Decision::No, _) | (_, Decision::No) => Decision::No,
            (Decision::Yes, Decision::Yes) => Decision::Yes,
            _ => Decision::Maybe,
        }
    }
}

/// One label matcher of a stream selector.
#[derive(Clone, Debug)]
struct Matcher {
    name: String,
    op: MatchOp,
    value: String,
    /// For `=~` / `!~`: anchored, as Prometheus compiles matchers.
    regex: Option<GoRegex>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MatchOp {
    Equal,
    NotEqual,
    Regex,
    NotRegex,
}

/// A LogQL stream selector with optional line filters (`{app="x"} |= "error"`).
#[derive(Clone, Debug)]
struct Selector {
    matchers: Vec<Matcher>,
    /// Line filters follow: whether an entry matches depends on its line.
    filters: bool,
}

impl Selector {
    fn decide(&self, labels: &Labels) -> Decision {
        let mut decision = if self.filters {
            Decision::Maybe
        } else {
            Decision::Yes
        };
        for m in &self.matchers {
            if labels.unknown.contains_key(&m.name) {
                decision = decision.and(Decision::Maybe);
                continue;
            }
            let value = labels.known.get(&m.name).map_or("", String::as_str);
            let holds = match m.op {
                MatchOp::Equal => value == m.value,
                MatchOp::NotEqual => value != m.value,
                MatchOp::Regex => m.regex.as_ref().is_some_and(|r| r.is_match(value)),
                MatchOp::NotRegex => !m.regex.as_ref().is_some_and(|r| r.is_match(value)),
            };
            if !holds {
                return Decision::No;
            }
        }
        decision
    }

    /// Parses `{name op "value", ...}` and the line filters after it.
    fn parse(text: &str) -> Result<Selector, String> {
        let mut p = SelectorParser { text, at: 0 };
        p.skip_space();
        p.expect('{')?;
        let mut matchers = Vec::new();
        loop {
            p.skip_space();
            if p.eat('}') {
                break;
            }
            let name = p.ident()?;
            p.skip_space();
            let op = if p.eat_str("=~") {
                MatchOp::Regex
            } else if p.eat_str("!~") {
                MatchOp::NotRegex
            } else if p.eat_str("!=") {
                MatchOp::NotEqual
            } else if p.eat('=') {
                MatchOp::Equal
            } else {
                return Err(p.error("a matcher operator (=, !=, =~, !~)"));
            };
            p.skip_space();
            let value = p.string()?;
            let regex = match op {
                MatchOp::Regex | MatchOp::NotRegex => Some(
                    compiled(&value, Form::Relabel)
                        .map_err(|e| format!("invalid regex {value:?}: {e}"))?,
                ),
                _ => None,
            };
            matchers.push(Matcher {
                name,
                op,
                value,
                regex,
            });
            p.skip_space();
            if p.eat(',') {
                continue;
            }
            p.expect('}')?;
            break;
        }
        let mut filters = false;
        loop {
            p.skip_space();
            if p.at >= p.text.len() {
                break;
            }
            let op = ["|=", "!=", "|~", "!~", "|>", "!>"]
                .into_iter()
                .find(|op| p.eat_str(op))
                .ok_or_else(|| p.error("a line filter (|=, !=, |~, !~, |>, !>)"))?;
            loop {
                p.skip_space();
                let value = p.string()?;
                if op.ends_with('~') {
                    compiled(&value, Form::AsWritten)
                        .map_err(|e| format!("invalid regex {value:?}: {e}"))?;
                }
                p.skip_space();
                if !p.eat_str("or") {
                    break;
                }
            }
            filters = true;
        }
        Ok(Selector { matchers, filters })
    }
}

struct SelectorParser<'t> {
    text: &'t str,
    at: usize,
}

impl SelectorParser<'_> {
    fn rest(&self) -> &str {
        &self.text[self.at..]
    }
    fn skip_space(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }
    fn eat(&mut self, c: char) -> bool {
        let hit = self.rest().starts_with(c);
        if hit {
            self.at += c.len_utf8();
        }
        hit
    }
    fn eat_str(&mut self, s: &str) -> bool {
        let hit = self.rest().starts_with(s);
        if hit {
            self.at += s.len();
        }
        hit
    }
    fn error(&self, wanted: &str) -> String {
        format!(
            "invalid selector syntax at byte {}: expected {wanted}",
            self.at
        )
    }
    fn expect(&mut self, c: char) -> Result<(), String> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.error(&format!("{c:?}")))
        }
    }
    fn ident(&mut self) -> Result<String, String> {
        let rest = &self.text[self.at..];
        let len = rest
            .char_indices()
            .find(|&(i, c)| !(c == '_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit())))
            .map_or(rest.len(), |(i, _)| i);
        if len == 0 {
            return Err(self.error("a label name"));
        }
        let name = rest[..len].to_string();
        self.at += len;
        Ok(name)
    }
    /// A Go string literal, `"..."` or `` `...` ``.
    fn string(&mut self) -> Result<String, String> {
        let rest = &self.text[self.at..];
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '`');
        let Some(quote) = quote else {
            return Err(self.error("a quoted string"));
        };
        let mut end = None;
        let mut escaped = false;
        for (i, c) in rest.char_indices().skip(1) {
            if quote == '"' && escaped {
                escaped = false;
            } else if quote == '"' && c == '\\' {
                escaped = true;
            } else if c == quote {
                end = Some(i + 1);
                break;
            }
        }
        let end = end.ok_or_else(|| self.error("the end of a string"))?;
        let literal = &rest[..end];
        let value =
            alloy_syntax::unquote(literal).map_err(|_| self.error("a valid string literal"))?;
        self.at += end;
        Ok(value)
    }
}

/// A truncation rule of `stage.truncate`.
#[derive(Clone, Debug)]
struct TruncateRule {
    limit: usize,
    suffix: String,
    /// `line`, `label`, `structured_metadata` or `extracted`.
    source_type: String,
    sources: Vec<String>,
}

impl TruncateRule {
    fn cut(&self, value: &str) -> Option<String> {
        if value.len() <= self.limit {
            return None;
        }
        let mut keep = self.limit.saturating_sub(self.suffix.len());
        while !value.is_char_boundary(keep) {
            keep -= 1;
        }
        Some(format!("{}{}", &value[..keep], self.suffix))
    }
    fn applies_to(&self, name: &str) -> bool {
        self.sources.is_empty() || self.sources.iter().any(|s| s == name)
    }
}

/// A byte size as `units.ParseBase2Bytes` reads it (`12B`, `1KiB`, `1KB` = 1024).
fn parse_bytes(text: &str) -> Option<usize> {
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let power = match unit {
        "B" => 0,
        "KB" | "KiB" => 1,
        "MB" | "MiB" => 2,
        "GB" | "GiB" => 3,
        "TB" | "TiB" => 4,
        "PB" | "PiB" => 5,
        "EB" | "EiB" => 6,
        _ => return None,
    };
    Some((number * 1024f64.powi(power)) as usize)
}

#[derive(Clone, Debug)]
enum Stage {
    StaticLabels(Vec<(String, String)>),
    /// Label ← field (of the extracted map, or of structured metadata).
    Labels {
        values: Vec<(String, String)>,
        from_metadata: bool,
    },
    LabelDrop(Vec<String>),
    LabelKeep(Vec<String>),
    StructuredMetadata {
        values: Vec<(String, String)>,
        regex: Option<GoRegex>,
    },
    StructuredMetadataDrop(Vec<String>),
    Match {
        selector: Selector,
        drop: bool,
        stages: Vec<Stage>,
    },
    Drop(DropRule),
    /// Packs these labels into the line, removing them.
    Pack(Vec<String>),
    Tenant(TenantFrom),
    /// Parses the line into extracted fields.
    Extract {
        stage: String,
        fields: Vec<String>,
        /// It may set fields whose names only the line gives.
        any: bool,
        /// It sets these labels from the line too (`stream` for docker and cri, the
        /// captures with `labels_from_groups`).
        labels: Vec<String>,
    },
    Truncate(Vec<TruncateRule>),
    /// Touches neither labels nor extracted fields (the line, the timestamp, metrics,
    /// rate limits and sampling, which only drop entries).
    Passive,
}

#[derive(Clone, Debug)]
enum TenantFrom {
    Value(String),
    Label(String),
    Field(String),
}

#[derive(Clone, Debug)]
struct DropRule {
    sources: Vec<String>,
    separator: String,
    /// `expression`, or `value` as `^QUOTED$`: unanchored, as `regexp.MatchString`.
    regex: Option<GoRegex>,
    /// `older_than` / `longer_than`: the line decides.
    by_line_property: bool,
}

impl DropRule {
    /// Alloy's `shouldDrop`, with what the line decides unknown.
    fn decide(&self, entry: &Entry) -> Decision {
        let mut decision = if self.by_line_property {
            Decision::Maybe
        } else {
            Decision::Yes
        };
        match (&self.regex, self.sources.is_empty()) {
            (None, false) => {
                // Drops when every source field is present.
                for source in &self.sources {
                    match entry.extracted.get(source) {
                        Some(Field::Known(_)) => {}
                        Some(Field::Unknown(_)) => decision = decision.and(Decision::Maybe),
                        None if entry.any_field.is_some() => {
                            decision = decision.and(Decision::Maybe)
                        }
                        None => return Decision::No,
                    }
                }
            }
            (Some(_), true) => decision = decision.and(Decision::Maybe),
            (Some(regex), false) => {
                let mut values = Vec::new();
                for source in &self.sources {
                    match entry.field(source) {
                        Some(Field::Known(v)) => values.push(v),
                        Some(Field::Unknown(_)) => return decision.and(Decision::Maybe),
                        None => {}
                    }
                }
                if !regex.is_match(&values.join(&self.separator)) {
                    return Decision::No;
                }
            }
            (None, true) => {}
        }
        decision
    }
}

/// `map(string)` of label ← source field, an empty or null source meaning the label's name.
fn field_map(args: &Args, name: &str) -> Result<Vec<(String, String)>, ArgError> {
    match args.attributes.get(name) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(v) if v.contains_unknown() => Err(ArgError::Unknown(name.into())),
        Some(Value::Object(fields)) => fields
            .iter()
            .map(|(k, v)| {
                let source = match v {
                    Value::Null => String::new(),
                    Value::String(s) => s.to_string(),
                    Value::Capsule(c) => match &**c {
                        Capsule::OptionalSecret { value, .. } => value.clone(),
                        _ => return Err(invalid_map(name)),
                    },
                    _ => return Err(invalid_map(name)),
                };
                let source = if source.is_empty() {
                    k.to_string()
                } else {
                    source
                };
                Ok((k.to_string(), source))
            })
            .collect(),
        Some(_) => Err(invalid_map(name)),
    }
}

fn invalid_map(name: &str) -> ArgError {
    ArgError::Invalid(format!("{name}: expected map(string)"))
}

fn stage_error(stage: &str, message: impl std::fmt::Display) -> ArgError {
    ArgError::Invalid(format!("{stage}: {message}"))
}

/// The named captures of a LogQL pattern (`<name>`; `<_>` captures nothing).
fn pattern_captures(pattern: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find('>') else { break };
        let name = &rest[..close];
        let valid = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if valid && name != "_" {
            out.push(name.to_string());
        }
        rest = &rest[close + 1..];
    }
    out
}

fn regex_names(stage: &str, expression: &str) -> Result<Vec<String>, ArgError> {
    let regex = compiled(expression, Form::AsWritten).map_err(|e| stage_error(stage, e))?;
    Ok(regex.names().iter().flatten().cloned().collect())
}

fn parse_stages(children: &[(String, Args)]) -> Result<Vec<Stage>, ArgError> {
    children
        .iter()
        .filter(|(name, _)| name.starts_with("stage."))
        .map(|(name, args)| parse_stage(name, args))
        .collect()
}

fn extract(stage: &str, fields: Vec<String>) -> Stage {
    Stage::Extract {
        stage: stage.to_string(),
        fields,
        any: false,
        labels: Vec::new(),
    }
}

fn parse_stage(name: &str, args: &Args) -> Result<Stage, ArgError> {
    let list = |attr: &str| -> Result<Vec<String>, ArgError> {
        Ok(args.string_list(attr)?.unwrap_or_default())
    };
    let string =
        |attr: &str| -> Result<String, ArgError> { Ok(args.string(attr)?.unwrap_or_default()) };
    Ok(match name {
        "stage.static_labels" => Stage::StaticLabels(
            args.string_map("values")?
                .unwrap_or_default()
                .into_iter()
                .collect(),
        ),
        "stage.labels" => {
            let source_type = string("source_type")?;
            let from_metadata = match source_type.as_str() {
                "" | "extracted" => false,
                "structured_metadata" => true,
                other => return Err(stage_error(name, format!("invalid source_type {other:?}"))),
            };
            Stage::Labels {
                values: field_map(args, "values")?,
                from_metadata,
            }
        }
        "stage.label_drop" => Stage::LabelDrop(list("values")?),
        "stage.label_keep" => Stage::LabelKeep(list("values")?),
        "stage.structured_metadata" => {
            let pattern = string("regex")?;
            let regex = if pattern.is_empty() {
                None
            } else {
                Some(compiled(&pattern, Form::AsWritten).map_err(|e| stage_error(name, e))?)
            };
            Stage::StructuredMetadata {
                values: field_map(args, "values")?,
                regex,
            }
        }
        "stage.structured_metadata_drop" => Stage::StructuredMetadataDrop(list("values")?),
        "stage.match" => {
            let selector = args
                .string("selector")?
                .ok_or_else(|| stage_error(name, "selector statement required for match stage"))?;
            let selector = Selector::parse(&selector).map_err(|e| stage_error(name, e))?;
            let stages = parse_stages(&args.children)?;
            let drop = match string("action")?.as_str() {
                "" | "keep" if stages.is_empty() => {
                    return Err(stage_error(
                        name,
                        "match stage requires at least one additional stage",
                    ))
                }
                "" | "keep" => false,
                "drop" if !stages.is_empty() => {
                    return Err(stage_error(
                        name,
                        "match stage configured to drop entries cannot contains stages",
                    ))
                }
                "drop" => true,
                _ => {
                    return Err(stage_error(
                        name,
                        "match stage action should be 'keep' or 'drop'",
                    ))
                }
            };
            Stage::Match {
                selector,
                drop,
                stages,
            }
        }
        "stage.drop" => {
            let source = string("source")?;
            let value = string("value")?;
            let expression = string("expression")?;
            let older_than = string("older_than")?;
            let longer_than = string("longer_than")?;
            if source.is_empty()
                && expression.is_empty()
                && older_than.is_empty()
                && longer_than.is_empty()
            {
                return Err(stage_error(name, "drop stage config must contain at least one of `source`, `expression`, `older_than` or `longer_than`"));
            }
            if !value.is_empty() && !expression.is_empty() {
                return Err(stage_error(
                    name,
                    "`value` and `expression` cannot both be defined at the same time",
                ));
            }
            if !value.is_empty() && source.is_empty() {
                return Err(stage_error(
                    name,
                    "drop stage config must contain `source` if `value` is specified",
                ));
            }
            let regex = if !expression.is_empty() {
                Some(compiled(&expression, Form::AsWritten).map_err(|e| stage_error(name, e))?)
            } else if !value.is_empty() {
                Some(
                    compiled(&format!("^{}$", quote_meta(&value)), Form::AsWritten)
                        .map_err(|e| stage_error(name, e))?,
                )
            } else {
                None
            };
            let separator = match string("separator")? {
                s if s.is_empty() => ";".to_string(),
                s => s,
            };
            Stage::Drop(DropRule {
                sources: if source.is_empty() {
                    Vec::new()
                } else {
                    source.split(',').map(str::to_string).collect()
                },
                separator,
                regex,
                by_line_property: !older_than.is_empty() || !longer_than.is_empty(),
            })
        }
        "stage.pack" => Stage::Pack(list("labels")?),
        "stage.tenant" => {
            let (label, source, value) = (string("label")?, string("source")?, string("value")?);
            match (label.is_empty(), source.is_empty(), value.is_empty()) {
                (false, true, true) => Stage::Tenant(TenantFrom::Label(label)),
                (true, false, true) => Stage::Tenant(TenantFrom::Field(source)),
                (true, true, false) => Stage::Tenant(TenantFrom::Value(value)),
                _ => {
                    return Err(stage_error(
                        name,
                        "exactly one of label, source or value is required",
                    ))
                }
            }
        }
        "stage.json" => extract(
            name,
            field_map(args, "expressions")?
                .into_iter()
                .map(|(k, _)| k)
                .collect(),
        ),
        "stage.logfmt" => extract(
            name,
            field_map(args, "mapping")?
                .into_iter()
                .map(|(k, _)| k)
                .collect(),
        ),
        "stage.regex" | "stage.pattern" => {
            let fields = if name == "stage.regex" {
                regex_names(name, &string("expression")?)?
            } else {
                pattern_captures(&string("pattern")?)
            };
            let labels = if args.bool("labels_from_groups")?.unwrap_or(false) {
                fields.clone()
            } else {
                Vec::new()
            };
            Stage::Extract {
                stage: name.to_string(),
                fields,
                any: false,
                labels,
            }
        }
        "stage.replace" => {
            let mut fields = regex_names(name, &string("expression")?)?;
            let source = string("source")?;
            if !source.is_empty() {
                fields.push(source);
            }
            extract(name, fields)
        }
        "stage.template" => extract(name, vec![string("source")?]),
        "stage.cri" | "stage.docker" => {
            let fields: &[&str] = if name == "stage.cri" {
                &["flags", "stream", "content", "time"]
            } else {
                &["output", "stream", "timestamp"]
            };
            Stage::Extract {
                stage: name.to_string(),
                fields: fields.iter().map(|f| f.to_string()).collect(),
                any: false,
                labels: vec!["stream".to_string()],
            }
        }
        "stage.geoip" | "stage.eventlogmessage" | "stage.windowsevent" => Stage::Extract {
            stage: name.to_string(),
            fields: Vec::new(),
            any: true,
            labels: Vec::new(),
        },
        "stage.truncate" => {
            let mut rules = Vec::new();
            for rule in args.blocks("rule") {
                let limit_text = rule.string("limit")?.unwrap_or_default();
                let limit = parse_bytes(&limit_text)
                    .ok_or_else(|| stage_error(name, format!("invalid limit {limit_text:?}")))?;
                let source_type = rule.string("source_type")?.unwrap_or_else(|| "line".into());
                rules.push(TruncateRule {
                    limit,
                    suffix: rule.string("suffix")?.unwrap_or_default(),
                    source_type,
                    sources: rule.string_list("sources")?.unwrap_or_default(),
                });
            }
            Stage::Truncate(rules)
        }
        "stage.decolorize" | "stage.limit" | "stage.luhn" | "stage.metrics" | "stage.multiline"
        | "stage.output" | "stage.sampling" | "stage.split_json" | "stage.timestamp" => {
            Stage::Passive
        }
        other => return Err(ArgError::Invalid(format!("unknown stage {other}"))),
    })
}

/// Go's `regexp.QuoteMeta`.
fn quote_meta(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Runs `stages` on `entry`: every outcome the entry may have.
fn run(stages: &[Stage], entry: Entry) -> Vec<Entry> {
    let mut entries = vec![entry];
    for stage in stages {
        let mut next: BTreeSet<Entry> = BTreeSet::new();
        for entry in entries {
            for out in apply(stage, entry) {
                if next.len() < MAX_OUTCOMES {
                    next.insert(out);
                }
            }
        }
        entries = next.into_iter().collect();
    }
    entries
}

fn apply(stage: &Stage, mut e: Entry) -> Vec<Entry> {
    match stage {
        Stage::StaticLabels(values) => {
            for (k, v) in values {
                e.labels.set(k.clone(), v.clone());
            }
        }
        Stage::Labels {
            values,
            from_metadata,
        } => {
            for (label, source) in values {
                let field = if *from_metadata {
                    e.metadata.get(source).cloned()
                } else {
                    e.field(source)
                };
                if let Some(f) = field {
                    e.set_label(label, f);
                }
            }
        }
        Stage::LabelDrop(names) => e.labels.retain(|n| !names.iter().any(|d| d == n)),
        Stage::LabelKeep(names) => e.labels.retain(|n| names.iter().any(|k| k == n)),
        Stage::StructuredMetadata { values, regex } => {
            for (name, source) in values {
                if let Some(f) = e.field(source) {
                    e.metadata.insert(name.clone(), f);
                }
            }
            if let Some(regex) = regex {
                let matching: Vec<(String, Field)> = e
                    .extracted
                    .iter()
                    .filter(|(k, _)| regex.is_match(k))
                    .map(|(k, f)| (k.clone(), f.clone()))
                    .collect();
                e.metadata.extend(matching);
            }
            // Labels named as a source move out of the label set.
            for (name, source) in values {
                if let Some(v) = e.labels.known.get(source).cloned() {
                    e.metadata.insert(name.clone(), Field::Known(v));
                    e.labels.remove(source);
                } else if let Some(why) = e.labels.unknown.get(source).cloned() {
                    e.metadata.insert(name.clone(), Field::Unknown(why));
                    e.labels.remove(source);
                }
            }
            if let Some(regex) = regex {
                e.labels.retain(|n| !regex.is_match(n));
            }
        }
        Stage::StructuredMetadataDrop(names) => e.metadata.retain(|k, _| !names.contains(k)),
        Stage::Match {
            selector,
            drop,
            stages,
        } => {
            return match (selector.decide(&e.labels), drop) {
                (Decision::Yes, true) => Vec::new(),
                (Decision::No, _) | (Decision::Maybe, true) => vec![e],
                (Decision::Yes, false) => run(stages, e),
                (Decision::Maybe, false) => {
                    let mut out = run(stages, e.clone());
                    out.push(e);
                    out
                }
            };
        }
        Stage::Drop(rule) => {
            if rule.decide(&e) == Decision::Yes {
                return Vec::new();
            }
        }
        Stage::Pack(names) => {
            for name in names {
                if e.extracted.contains_key(name) || e.any_field.is_some() {
                    e.labels.remove(name);
                }
            }
        }
        Stage::Tenant(from) => {
            let tenant = match from {
                TenantFrom::Value(v) => Some(Field::Known(v.clone())),
                TenantFrom::Label(l) => match (e.labels.known.get(l), e.labels.unknown.get(l)) {
                    (Some(v), _) => Some(Field::Known(v.clone())),
                    (_, Some(why)) => Some(Field::Unknown(why.clone())),
                    _ => None,
                },
                TenantFrom::Field(f) => e.field(f),
            };
            if let Some(t) = tenant {
                e.set_label("__tenant_id__", t);
            }
        }
        Stage::Extract {
            stage,
            fields,
            any,
            labels,
        } => {
            for field in fields {
                let why = format!("the field `{field}` {stage} extracts from each line");
                e.extracted.insert(field.clone(), Field::Unknown(why));
            }
            if *any {
                e.any_field = Some(stage.clone());
            }
            for label in labels {
                let why = format!("`{label}` {stage} reads from each line");
                e.labels.set_unknown(label.clone(), why);
            }
        }
        Stage::Truncate(rules) => {
            for rule in rules {
                match rule.source_type.as_str() {
                    "label" => {
                        let cut: Vec<(String, String)> = e
                            .labels
                            .known
                            .iter()
                            .filter(|(k, _)| rule.applies_to(k))
                            .filter_map(|(k, v)| rule.cut(v).map(|c| (k.clone(), c)))
                            .collect();
                        for (k, v) in cut {
                            e.labels.set(k, v);
                        }
                    }
                    "extracted" => {
                        for (k, f) in e.extracted.iter_mut() {
                            if let Field::Known(v) = f {
                                if rule.applies_to(k) {
                                    if let Some(c) = rule.cut(v) {
                                        *v = c;
                                    }
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            let why = "whether stage.truncate cut anything (lines decide)".to_string();
            e.extracted
                .insert("truncated".to_string(), Field::Unknown(why));
        }
        Stage::Passive => {}
    }
    vec![e]
}

/// `loki.process`.
#[derive(Default)]
pub struct Process {
    stages: Vec<Stage>,
    forward_to: Receivers,
}

impl Component for Process {
    fn evaluate(&mut self, id: &str, args: &Args, _env: &Env) -> Result<Value, ArgError> {
        self.forward_to = args.receivers("forward_to")?;
        self.stages = parse_stages(&args.children)?;
        Ok(Value::object_from([("receiver", receiver(id))]))
    }

    fn receive(&mut self, labels: &Labels, _source: &str) -> Vec<Stream> {
        let outcomes: BTreeSet<Labels> = run(&self.stages, Entry::new(labels))
            .into_iter()
            .map(|e| e.labels)
            .collect();
        outcomes
            .into_iter()
            .map(|labels| Stream {
                labels,
                forward_to: self.forward_to.clone(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
