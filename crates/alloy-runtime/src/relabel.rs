//! Prometheus relabeling, shared by every `rule` block (`discovery.relabel`, `loki.relabel`,
//! `prometheus.relabel`): the semantics of Prometheus's `relabel.Process`, with the regex
//! compiled by `alloy-regex` in the anchored relabel form `^(?s:PATTERN)$` and templates
//! expanded by its port of Go's `ExpandString`.

use crate::args::{ArgError, Args};
use crate::{LabelSet, Labels};
use alloy_regex::{Form, GoRegex, GoRegexError};
use md5::{Digest, Md5};
use std::cell::RefCell;
use std::collections::HashMap;

/// Distinct patterns remembered per thread before the memory is cleared.
const MAX_COMPILED: usize = 4096;

thread_local! {
    static COMPILED: RefCell<HashMap<(String, Form), GoRegex>> = RefCell::new(HashMap::new());
}

/// `pattern` compiled by `alloy-regex` in `form`, once per thread: configs repeat a few
/// patterns over many components (and every rule starts from the default `(.*)`), and
/// compiling is what a run would otherwise spend most on.
pub fn compiled(pattern: &str, form: Form) -> Result<GoRegex, GoRegexError> {
    let key = (pattern.to_string(), form);
    if let Some(regex) = COMPILED.with(|c| c.borrow().get(&key).cloned()) {
        return Ok(regex);
    }
    let regex = GoRegex::compile(pattern, form)?;
    COMPILED.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= MAX_COMPILED {
            c.clear();
        }
        c.insert(key, regex.clone());
    });
    Ok(regex)
}

/// A relabel action, by its Alloy spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Replace,
    Keep,
    Drop,
    KeepEqual,
    DropEqual,
    HashMod,
    LabelMap,
    LabelDrop,
    LabelKeep,
    Lowercase,
    Uppercase,
}

impl Action {
    /// Alloy accepts the action names case-insensitively.
    pub fn parse(name: &str) -> Option<Action> {
        Some(match name.to_ascii_lowercase().as_str() {
            "replace" => Action::Replace,
            "keep" => Action::Keep,
            "drop" => Action::Drop,
            "keepequal" => Action::KeepEqual,
            "dropequal" => Action::DropEqual,
            "hashmod" => Action::HashMod,
            "labelmap" => Action::LabelMap,
            "labeldrop" => Action::LabelDrop,
            "labelkeep" => Action::LabelKeep,
            "lowercase" => Action::Lowercase,
            "uppercase" => Action::Uppercase,
            _ => return None,
        })
    }
}

/// One `rule` block, defaults applied.
#[derive(Clone, Debug)]
pub struct Rule {
    pub source_labels: Vec<String>,
    pub separator: String,
    pub regex: GoRegex,
    pub modulus: u64,
    pub target_label: String,
    pub replacement: String,
    pub action: Action,
}

impl Rule {
    /// A rule with Prometheus's defaults: separator `;`, regex `(.*)`, replacement `$1`,
    /// action `replace`.
    pub fn new(action: Action) -> Rule {
        Rule {
            source_labels: Vec::new(),
            separator: ";".into(),
            regex: compiled("(.*)", Form::Relabel).expect("the default regex compiles"),
            modulus: 0,
            target_label: String::new(),
            replacement: "$1".into(),
            action,
        }
    }

    /// The rule a `rule` block's evaluated arguments describe, checked as Alloy validates it.
    /// An argument that depends on a component not executed is [`ArgError::Unknown`].
    pub fn from_args(args: &Args) -> Result<Rule, ArgError> {
        let action = match args.string("action")? {
            Some(name) => Action::parse(&name)
                .ok_or_else(|| ArgError::Invalid(format!("unknown relabel action {name:?}")))?,
            None => Action::Replace,
        };
        let mut rule = Rule::new(action);
        if let Some(labels) = args.string_list("source_labels")? {
            rule.source_labels = labels;
        }
        if let Some(separator) = args.string("separator")? {
            rule.separator = separator;
        }
        if let Some(pattern) = args.string("regex")? {
            rule.regex = compiled(&pattern, Form::Relabel)
                .map_err(|e| ArgError::Invalid(format!("invalid regex: {e}")))?;
        }
        if let Some(modulus) = args.u64("modulus")? {
            rule.modulus = modulus;
        }
        if let Some(target) = args.string("target_label")? {
            rule.target_label = target;
        }
        if let Some(replacement) = args.string("replacement")? {
            rule.replacement = replacement;
        }
        rule.validate().map_err(ArgError::Invalid)?;
        Ok(rule)
    }

    /// Alloy's `Config.Validate`.
    fn validate(&self) -> Result<(), String> {
        use Action::*;
        if self.action == HashMod && self.modulus == 0 {
            return Err("relabel configuration for hashmod requires non-zero modulus".into());
        }
        let needs_target = matches!(
            self.action,
            Replace | HashMod | Lowercase | Uppercase | KeepEqual | DropEqual
        );
        if needs_target && self.target_label.is_empty() {
            return Err(format!(
                "relabel configuration for {:?} action requires 'target_label' value",
                self.action
            ));
        }
        Ok(())
    }
}

/// The rules parsed from every `rule` block of `args`.
pub fn rules_from_blocks(args: &Args) -> Result<Vec<Rule>, ArgError> {
    args.blocks("rule").map(Rule::from_args).collect()
}

/// `relabel.Process`: the labels after every rule, or `None` when a rule drops the set.
pub fn process(labels: &LabelSet, rules: &[Rule]) -> Option<LabelSet> {
    process_labels(&Labels::from_known(labels.clone()), rules).map(|l| l.known)
}

/// [`process`] on labels some of whose values are unknown. A rule that reads an unknown value
/// cannot be decided: `keep`/`drop` let the set through (some entries may be dropped, the
/// rest carry these labels), and a label it writes becomes unknown. `None` only when a rule
/// drops the set for certain.
pub fn process_labels(labels: &Labels, rules: &[Rule]) -> Option<Labels> {
    let mut labels = labels.clone();
    for rule in rules {
        if !apply(rule, &mut labels) {
            return None;
        }
    }
    Some(labels)
}

fn get<'l>(labels: &'l LabelSet, name: &str) -> &'l str {
    labels.get(name).map(String::as_str).unwrap_or("")
}

/// Prometheus's label-name check (the legacy scheme Alloy validates with).
fn valid_label_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// Prometheus's hashmod: the last 8 bytes of the value's MD5, big-endian, modulo `modulus`.
pub fn hashmod(value: &str, modulus: u64) -> u64 {
    let digest = Md5::digest(value.as_bytes());
    let mut tail = [0u8; 8];
    tail.copy_from_slice(&digest[8..16]);
    u64::from_be_bytes(tail) % modulus
}

/// The first label the rule reads whose value is unknown, with where it comes from.
fn unknown_input<'l>(rule: &Rule, labels: &'l Labels) -> Option<(&'l str, &'l str)> {
    let target =
        matches!(rule.action, Action::KeepEqual | Action::DropEqual).then_some(&rule.target_label);
    rule.source_labels
        .iter()
        .chain(target)
        .find_map(|name| labels.unknown.get_key_value(name))
        .map(|(k, v)| (k.as_str(), v.as_str()))
}

fn apply(rule: &Rule, labels: &mut Labels) -> bool {
    // Actions on label names see every label, whatever its value.
    match rule.action {
        Action::LabelDrop => {
            labels.retain(|name| !rule.regex.is_match(name));
            return true;
        }
        Action::LabelKeep => {
            labels.retain(|name| rule.regex.is_match(name));
            return true;
        }
        Action::LabelMap => {
            let snapshot = labels.clone();
            for (name, value) in &snapshot.known {
                if let Some(indexes) = rule.regex.find_submatch_index(name) {
                    let mapped = rule.regex.expand(&rule.replacement, name, &indexes);
                    labels.set(mapped, value.clone());
                }
            }
            for (name, why) in &snapshot.unknown {
                if let Some(indexes) = rule.regex.find_submatch_index(name) {
                    let mapped = rule.regex.expand(&rule.replacement, name, &indexes);
                    if !mapped.is_empty() {
                        labels.set_unknown(mapped, why.clone());
                    }
                }
            }
            return true;
        }
        _ => {}
    }
    if let Some((name, why)) = unknown_input(rule, labels) {
        let why = format!("relabeled from `{name}`, {why}");
        match rule.action {
            Action::Replace | Action::Lowercase | Action::Uppercase | Action::HashMod => {
                // The target may itself be a template of the value: then which label is
                // written is unknown too, and the template stands for it.
                labels.set_unknown(rule.target_label.clone(), why);
            }
            _ => {}
        }
        return true;
    }
    let values: Vec<&str> = rule
        .source_labels
        .iter()
        .map(|n| get(&labels.known, n))
        .collect();
    let value = values.join(&rule.separator);
    match rule.action {
        Action::Drop => return !rule.regex.is_match(&value),
        Action::Keep => return rule.regex.is_match(&value),
        Action::DropEqual => return get(&labels.known, &rule.target_label) != value,
        Action::KeepEqual => return get(&labels.known, &rule.target_label) == value,
        Action::Replace => {
            let Some(indexes) = rule.regex.find_submatch_index(&value) else {
                return true;
            };
            let target = rule.regex.expand(&rule.target_label, &value, &indexes);
            if !valid_label_name(&target) {
                return true;
            }
            let result = rule.regex.expand(&rule.replacement, &value, &indexes);
            labels.set(target, result);
        }
        Action::Lowercase => labels.set(rule.target_label.clone(), value.to_lowercase()),
        Action::Uppercase => labels.set(rule.target_label.clone(), value.to_uppercase()),
        Action::HashMod => {
            let modulus = hashmod(&value, rule.modulus).to_string();
            labels.set(rule.target_label.clone(), modulus);
        }
        Action::LabelMap | Action::LabelDrop | Action::LabelKeep => {}
    }
    true
}

#[cfg(test)]
mod tests;
