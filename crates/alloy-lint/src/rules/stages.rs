//! What `loki.process` stages do to an entry's extracted map and labels, as Alloy's stages
//! package does it (`internal/component/loki/process/stages`).

use super::values::{attribute, blocks, const_bool, const_string, expr_string, object_fields};
use alloy_regex::GoRegex;
use alloy_syntax::ast::{Block, ExprKind, ObjectField};
use std::collections::HashSet;

/// The field a `values` entry of `stage.labels` or `stage.structured_metadata` reads: its
/// value, or its key when the value is empty or null (both stages' `validate` do this).
/// `None` when the value is not known without running Alloy.
pub(crate) fn source_field(field: &ObjectField) -> Option<String> {
    match &field.value.kind {
        ExprKind::Null { .. } => Some(field.key.to_string()),
        _ => expr_string(&field.value).map(|v| {
            if v.is_empty() {
                field.key.to_string()
            } else {
                v
            }
        }),
    }
}

/// Whether `stage` (a `stage.structured_metadata`) moves the label `label` into structured
/// metadata. The stage reads each value's source (the value, or the key when it is empty)
/// from the extracted map and from the labels, and removes the labels it found; its `regex`
/// moves every label whose name it matches (Go's unanchored `MatchString`). Values not known
/// without running Alloy move nothing here.
pub(crate) fn moves_label_to_metadata(stage: &Block, label: &str) -> bool {
    let by_values = attribute(stage, "values")
        .and_then(|a| object_fields(&a.value))
        .is_some_and(|fields| {
            fields
                .iter()
                .any(|f| source_field(f).as_deref() == Some(label))
        });
    let by_regex = const_string(stage, "regex")
        .filter(|r| !r.is_empty())
        .and_then(|r| GoRegex::new(&r).ok())
        .is_some_and(|re| re.is_match(label));
    by_values || by_regex
}

/// What an entry carries at a point of a `loki.process`'s stages: the names in its extracted
/// map (the pipeline copies the entry's labels into it before the first stage, then stages
/// add fields), and the labels the stages so far have set (which `stage.structured_metadata`
/// reads too, but `stage.labels` does not: they are not in the extracted map).
#[derive(Clone, Default)]
pub(crate) struct EntryFields {
    pub fields: HashSet<String>,
    /// Fields named by a regex (`stage.json` and `stage.logfmt` `regex`, the `geoip_` fields):
    /// any name it matches may be there.
    field_patterns: Vec<GoRegex>,
    /// A stage extracted fields whose names the config does not say.
    pub fields_unknown: bool,
    pub labels: HashSet<String>,
    /// A stage set labels whose names the config does not say.
    pub labels_unknown: bool,
}

impl EntryFields {
    /// Entries that arrive with the labels `labels` (in the extracted map from the start).
    pub fn arriving_with<'n>(labels: impl IntoIterator<Item = &'n str>) -> EntryFields {
        EntryFields {
            fields: labels.into_iter().map(str::to_string).collect(),
            ..EntryFields::default()
        }
    }

    /// Whether the extracted map may hold `name`.
    pub fn may_have_field(&self, name: &str) -> bool {
        self.fields.contains(name) || self.field_patterns.iter().any(|p| p.is_match(name))
    }

    fn merge(&mut self, other: EntryFields) {
        self.fields.extend(other.fields);
        // The inner walk started from a clone: only the patterns it added are new.
        let known = self.field_patterns.len();
        self.field_patterns
            .extend(other.field_patterns.into_iter().skip(known));
        self.fields_unknown |= other.fields_unknown;
        self.labels.extend(other.labels);
        self.labels_unknown |= other.labels_unknown;
    }
}

/// Calls `visit` with every stage of the `loki.process` `block` (the stages inside a
/// `stage.match` too, not the match itself) and what entries carry when it runs, then adds
/// what the stage extracts and sets. After a `stage.match`, what its stages add counts as
/// there (for the entries it matched).
pub(crate) fn walk_stages(
    block: &Block,
    at: &mut EntryFields,
    visit: &mut dyn FnMut(&str, &Block, &EntryFields),
) {
    for (name, stage) in blocks(block) {
        if name == "stage.match" {
            let mut inner = at.clone();
            walk_stages(stage, &mut inner, visit);
            at.merge(inner);
        } else {
            visit(&name, stage, at);
            apply_stage(&name, stage, at);
        }
    }
}

/// Adds the fields `stage` extracts and the labels it sets.
fn apply_stage(name: &str, stage: &Block, at: &mut EntryFields) {
    let keys_of = |attr: &str, names: &mut HashSet<String>| -> bool {
        match attribute(stage, attr) {
            None => true,
            Some(a) => match object_fields(&a.value) {
                Some(fields) => {
                    names.extend(fields.iter().map(|f| f.key.to_string()));
                    true
                }
                None => false,
            },
        }
    };
    let regex_fields = |at: &mut EntryFields| match attribute(stage, "regex") {
        None => {}
        Some(a) => match expr_string(&a.value).map(|r| GoRegex::new(&r)) {
            Some(Ok(re)) => at.field_patterns.push(re),
            _ => at.fields_unknown = true,
        },
    };
    match name {
        "stage.regex" | "stage.replace" | "stage.pattern" => {
            let captures = if name == "stage.pattern" {
                const_string(stage, "pattern").map(|p| pattern_captures(&p))
            } else {
                const_string(stage, "expression")
                    .and_then(|e| GoRegex::new(&e).ok())
                    .map(|re| re.names().iter().flatten().cloned().collect())
            };
            // `labels_from_groups` (stage.regex, stage.pattern) also sets each capture as a
            // label.
            let to_labels = attribute(stage, "labels_from_groups").is_some()
                && const_bool(stage, "labels_from_groups") != Some(false);
            match captures {
                Some(names) => {
                    if to_labels {
                        at.labels.extend(names.iter().cloned());
                    }
                    at.fields.extend(names);
                }
                None => {
                    at.fields_unknown = true;
                    at.labels_unknown |= to_labels;
                }
            }
        }
        "stage.json" => {
            at.fields_unknown |= !keys_of("expressions", &mut at.fields);
            regex_fields(at);
        }
        "stage.logfmt" => {
            at.fields_unknown |= !keys_of("mapping", &mut at.fields);
            regex_fields(at);
        }
        "stage.template" => match const_string(stage, "source") {
            Some(s) => {
                at.fields.insert(s);
            }
            None => at.fields_unknown = true,
        },
        "stage.geoip" => {
            at.field_patterns.extend(GoRegex::new("^geoip_").ok());
            at.fields_unknown |= !keys_of("custom_lookups", &mut at.fields);
        }
        "stage.docker" => {
            at.fields
                .extend(["output", "stream", "timestamp"].map(String::from));
            at.labels.insert("stream".to_string());
        }
        "stage.cri" => {
            at.fields
                .extend(["content", "stream", "flags", "time"].map(String::from));
            at.labels.insert("stream".to_string());
        }
        "stage.static_labels" | "stage.labels" => {
            at.labels_unknown |= !keys_of("values", &mut at.labels);
        }
        // Stages that add no field and set no label.
        "stage.structured_metadata"
        | "stage.structured_metadata_drop"
        | "stage.label_drop"
        | "stage.label_keep"
        | "stage.output"
        | "stage.timestamp"
        | "stage.tenant"
        | "stage.drop"
        | "stage.limit"
        | "stage.sampling"
        | "stage.multiline"
        | "stage.metrics"
        | "stage.pack"
        | "stage.decolorize"
        | "stage.luhn"
        | "stage.truncate"
        | "stage.split_json" => {}
        // Fields named after the keys of the event's message.
        "stage.eventlogmessage" | "stage.windowsevent" => at.fields_unknown = true,
        // A stage this schema does not know.
        _ => {
            at.fields_unknown = true;
            at.labels_unknown = true;
        }
    }
}

/// The named captures of a LogQL pattern (`<name>`; `<_>` captures nothing).
fn pattern_captures(pattern: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..len];
        let is_identifier = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
        if is_identifier && rest[len..].starts_with('>') {
            if name != "_" {
                out.push(name.to_string());
            }
            rest = &rest[len + 1..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_syntax::ast::Stmt;

    /// What the entries carry at the last stage of the `loki.process` in `text`.
    fn at_last_stage(text: &str) -> EntryFields {
        let parsed = alloy_syntax::parse(text);
        assert!(!parsed.has_errors(), "{text}");
        let Some(Stmt::Block(process)) = parsed.file.body.first() else {
            panic!("no block in {text}");
        };
        let mut seen = EntryFields::default();
        let mut at = EntryFields::arriving_with(["job"]);
        walk_stages(process, &mut at, &mut |_, _, at| seen = at.clone());
        seen
    }

    #[test]
    fn stages_add_the_fields_and_labels_they_name() {
        let at = at_last_stage(
            r#"loki.process "p" {
                stage.regex {
                    expression = "(?P<sev>[a-z]+) (?P<msg>.*)"
                }
                stage.pattern {
                    pattern            = "<_> user=<user>"
                    labels_from_groups = true
                }
                stage.replace {
                    expression = "(?P<secret>pw=[^ ]+)"
                }
                stage.json {
                    expressions = { svc = "service" }
                    regex       = "^attr_"
                }
                stage.match {
                    selector = "{job=\"a\"}"
                    stage.static_labels {
                        values = { env = "prod" }
                    }
                }
                stage.output {
                    source = "msg"
                }
            }"#,
        );
        for field in ["job", "sev", "msg", "user", "secret", "svc", "attr_color"] {
            assert!(at.may_have_field(field), "{field}");
        }
        assert!(!at.may_have_field("env") && !at.may_have_field("color"));
        assert_eq!(
            at.labels,
            ["user", "env"].map(String::from).into_iter().collect()
        );
        assert!(!at.fields_unknown && !at.labels_unknown);
    }

    #[test]
    fn fields_not_named_in_the_config_are_unknown() {
        let at = at_last_stage(
            r#"loki.process "p" {
                stage.windowsevent {}
                stage.output {
                    source = "msg"
                }
            }"#,
        );
        assert!(at.fields_unknown && !at.labels_unknown);
        let at = at_last_stage(
            r#"loki.process "p" {
                stage.json {
                    expressions = local.file.fields.content
                }
                stage.labels {
                    values = sys.env("LABELS")
                }
                stage.output {
                    source = "msg"
                }
            }"#,
        );
        assert!(at.fields_unknown && at.labels_unknown);
    }

    #[test]
    fn the_source_is_the_key_when_the_value_is_empty_or_null() {
        let expr =
            alloy_syntax::parse_expression(r#"{a = "", b = null, c = "x", d = sys.env("X")}"#)
                .expect("object");
        let sources: Vec<Option<String>> = object_fields(&expr)
            .expect("fields")
            .iter()
            .map(source_field)
            .collect();
        assert_eq!(
            sources,
            [Some("a".into()), Some("b".into()), Some("x".into()), None]
        );
    }

    #[test]
    fn pattern_captures_are_the_named_ones() {
        assert_eq!(
            pattern_captures("<_> <level> [<ts>] <msg> <not a capture> <1x>"),
            ["level", "ts", "msg"]
        );
    }
}
