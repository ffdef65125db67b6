//! Rule settings (`select`, `ignore`, severities) and the `.alloylint.toml` file they come
//! from. Rules that Alloy itself rejects can be neither ignored nor downgraded: asking is an
//! error, never a silent no.
//!
//! ```toml
//! select = ["all"]                      # rule names or categories (correctness, cardinality, ...)
//! ignore = ["unused-component"]
//! run-as = "alloy"                      # the user Alloy runs as (unsafe-path-permissions)
//! fs-root = "/"                         # check paths below this root instead of /
//! high-cardinality-labels = ["tenant_request_id"]
//!
//! [severity]
//! unused-component = "info"             # error, warning, info, hint or off
//! cardinality = "error"
//! ```

use crate::registry;
use alloy_diagnostics::{Rule, Severity};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The name of the file looked for, upward from the checked path.
pub const CONFIG_FILE_NAME: &str = ".alloylint.toml";

/// Which rules run and how loud they are. Entries name a rule, a category or `all`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleSettings {
    /// Only these run (rules Alloy rejects always do); empty: all.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Severity overrides, later entries winning; `None` turns the rule off.
    pub severity: Vec<(String, Option<Severity>)>,
}

fn names(entry: &str, rule: &Rule) -> bool {
    entry == "all" || entry == rule.name || entry == rule.category.as_str()
}

/// Rules that run only when selected (by name, category or `all`): they judge how a config
/// is organised, so every snippet and partial config would trip them.
pub const OPT_IN: &[&str] = &["unused-component"];

impl RuleSettings {
    /// Whether `rule`'s findings are reported.
    pub fn enabled(&self, rule: &Rule) -> bool {
        if !rule.can_be_suppressed() {
            return true;
        }
        let selected = if OPT_IN.contains(&rule.name) {
            self.select.iter().any(|e| names(e, rule))
        } else {
            self.select.is_empty() || self.select.iter().any(|e| names(e, rule))
        };
        let ignored = self.ignore.iter().any(|e| names(e, rule));
        let off = self.severity_override(rule) == Some(None);
        selected && !ignored && !off
    }

    /// The severity set for `rule`, when one is (`Some(None)`: off). A rule's own name wins
    /// over its category, later entries over earlier ones.
    fn severity_override(&self, rule: &Rule) -> Option<Option<Severity>> {
        let by_name = self.severity.iter().rev().find(|(e, _)| e == rule.name);
        let by_group = self.severity.iter().rev().find(|(e, _)| names(e, rule));
        by_name.or(by_group).map(|(_, s)| *s)
    }

    /// The severity a finding of `rule` gets, from the one it was reported with.
    pub fn severity(&self, rule: &Rule, reported: Severity) -> Severity {
        if !rule.can_be_suppressed() {
            return reported;
        }
        match self.severity_override(rule) {
            Some(Some(s)) => s,
            _ => reported,
        }
    }

    /// Checks every entry: a known rule or category, and no rule Alloy rejects among those
    /// ignored or given a severity (selecting them is harmless). Errors say which entry.
    pub fn validate(&self) -> Result<(), String> {
        for e in &self.select {
            check_entry(e, false)?;
        }
        for e in &self.ignore {
            check_entry(e, true)?;
        }
        for (e, _) in &self.severity {
            check_entry(e, true)?;
        }
        Ok(())
    }
}

/// A rule name, a category or `all`; `changes` says whether the entry would silence or
/// change a rule, which an Alloy-rejected rule refuses.
fn check_entry(entry: &str, changes: bool) -> Result<(), String> {
    const CATEGORIES: &[&str] = &[
        "syntax",
        "correctness",
        "cardinality",
        "security",
        "deprecated",
        "suspicious",
        "style",
    ];
    if entry == "all" || CATEGORIES.contains(&entry) {
        return Ok(());
    }
    match registry::get(entry) {
        Some(rule) if changes && !rule.can_be_suppressed() => Err(format!(
            "rule `{entry}` cannot be ignored or downgraded: Alloy itself refuses to load such a config"
        )),
        Some(_) => Ok(()),
        None => {
            let names = registry::all().iter().map(|r| r.name).chain(CATEGORIES.iter().copied());
            Err(match crate::closest(entry, names) {
                Some(close) => format!("unknown rule or category `{entry}`; did you mean `{close}`?"),
                None => format!("unknown rule or category `{entry}` (`alloylint rules` lists them)"),
            })
        }
    }
}

/// Parses a severity name (`off` is `None`).
pub fn parse_severity(text: &str) -> Result<Option<Severity>, String> {
    match text {
        "error" => Ok(Some(Severity::Error)),
        "warning" | "warn" => Ok(Some(Severity::Warning)),
        "info" => Ok(Some(Severity::Info)),
        "hint" => Ok(Some(Severity::Hint)),
        "off" => Ok(None),
        other => Err(format!(
            "unknown severity `{other}` (error, warning, info, hint or off)"
        )),
    }
}

/// What a `.alloylint.toml` says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub rules: RuleSettings,
    pub run_as: Option<String>,
    /// Relative to the config file's directory when relative.
    pub fs_root: Option<PathBuf>,
    pub high_cardinality_labels: Vec<String>,
}

/// A bad config file: where, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    #[serde(default)]
    select: Vec<toml::Spanned<String>>,
    #[serde(default)]
    ignore: Vec<toml::Spanned<String>>,
    #[serde(default)]
    severity: std::collections::BTreeMap<toml::Spanned<String>, toml::Spanned<String>>,
    run_as: Option<String>,
    fs_root: Option<PathBuf>,
    #[serde(default)]
    high_cardinality_labels: Vec<String>,
}

/// Parses the text of a config file at `path`.
pub fn parse_config(path: &Path, text: &str) -> Result<ConfigFile, ConfigError> {
    let line_of = |offset: usize| Some(text[..offset.min(text.len())].matches('\n').count() + 1);
    let error = |offset: Option<usize>, message: String| ConfigError {
        path: path.to_path_buf(),
        line: offset.and_then(line_of),
        message,
    };
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let message = e.message().trim_end().to_string();
        error(e.span().map(|s| s.start), message)
    })?;
    let mut rules = RuleSettings::default();
    for (list, into, changes) in [
        (&raw.select, &mut rules.select, false),
        (&raw.ignore, &mut rules.ignore, true),
    ] {
        for entry in list {
            check_entry(entry.get_ref(), changes)
                .map_err(|m| error(Some(entry.span().start), m))?;
            into.push(entry.get_ref().clone());
        }
    }
    let mut severities: Vec<_> = raw.severity.iter().collect();
    severities.sort_by_key(|(k, _)| k.span().start);
    for (name, level) in severities {
        check_entry(name.get_ref(), true).map_err(|m| error(Some(name.span().start), m))?;
        let level_value =
            parse_severity(level.get_ref()).map_err(|m| error(Some(level.span().start), m))?;
        rules.severity.push((name.get_ref().clone(), level_value));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    Ok(ConfigFile {
        path: path.to_path_buf(),
        rules,
        run_as: raw.run_as,
        fs_root: raw
            .fs_root
            .map(|r| if r.is_relative() { dir.join(r) } else { r }),
        high_cardinality_labels: raw.high_cardinality_labels,
    })
}

/// The nearest `.alloylint.toml` in `start` (a file's directory, or a directory) or above it.
pub fn find_config(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let mut dir = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    while let Some(d) = dir {
        let candidate = d.join(CONFIG_FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

/// Reads and parses the config file at `path`.
pub fn load_config(path: &Path) -> Result<ConfigFile, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        path: path.to_path_buf(),
        line: None,
        message: format!("cannot read: {e}"),
    })?;
    parse_config(path, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ConfigFile, String> {
        parse_config(Path::new("/p/.alloylint.toml"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn a_full_config_parses() {
        let c = parse(
            "select = [\"cardinality\", \"plaintext-secret\"]\nignore = [\"unused-component\"]\nrun-as = \"svc\"\nfs-root = \"image\"\nhigh-cardinality-labels = [\"tenant\"]\n\n[severity]\nfilename-label-kept = \"error\"\nsecurity = \"off\"\n",
        )
        .expect("valid");
        assert_eq!(c.rules.select, ["cardinality", "plaintext-secret"]);
        assert_eq!(c.run_as.as_deref(), Some("svc"));
        assert_eq!(c.fs_root, Some(PathBuf::from("/p/image")));
        assert_eq!(c.high_cardinality_labels, ["tenant"]);
        let rule = registry::get("filename-label-kept").expect("rule");
        assert_eq!(c.rules.severity(rule, Severity::Warning), Severity::Error);
        assert!(c.rules.enabled(rule));
        assert!(!c
            .rules
            .enabled(registry::get("plaintext-secret").expect("rule")));
        assert!(!c
            .rules
            .enabled(registry::get("unused-component").expect("rule")));
        // Alloy-rejected rules always run, whatever is selected.
        assert!(c
            .rules
            .enabled(registry::get("unknown-attribute").expect("rule")));
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(
            parse("select = [\"all\"]\nignore = [\"unused-componnet\"]\n").unwrap_err(),
            "/p/.alloylint.toml:2: unknown rule or category `unused-componnet`; did you mean `unused-component`?"
        );
        let e = parse("\n[severity]\nunknown-attribute = \"warning\"\n").unwrap_err();
        assert!(
            e.starts_with("/p/.alloylint.toml:3: rule `unknown-attribute` cannot be ignored"),
            "{e}"
        );
        let e = parse("[severity]\nplaintext-secret = \"loud\"\n").unwrap_err();
        assert!(
            e.starts_with("/p/.alloylint.toml:2: unknown severity `loud`"),
            "{e}"
        );
        let e = parse("selekt = []\n").unwrap_err();
        assert!(
            e.starts_with("/p/.alloylint.toml:1: unknown field `selekt`"),
            "{e}"
        );
        let e = parse("select = [\n").unwrap_err();
        assert!(e.starts_with("/p/.alloylint.toml:"), "{e}");
    }
}
