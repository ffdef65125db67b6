//! The components a dry run can execute locally.

use crate::args::{receiver, targets_value, ArgError, Args};
use crate::relabel::{self, Rule};
use crate::{Component, Env, LabelSet, Registry, Stream, Summary};
use alloy_eval::Value;
use globset::{Glob, GlobBuilder, GlobMatcher};
use std::path::{Component as PathPart, Path};

pub fn register(registry: &mut Registry) {
    registry.register("local.file", || Box::<LocalFile>::default());
    registry.register("local.file_match", || Box::<FileMatch>::default());
    registry.register("discovery.relabel", || Box::<DiscoveryRelabel>::default());
    registry.register("loki.source.file", || Box::<SourceFile>::default());
    registry.register("loki.relabel", || Box::<LokiRelabel>::default());
    registry.register("loki.write", || Box::<Writer>::default());
    registry.register("prometheus.remote_write", || Box::<Writer>::default());
}

fn required<T>(value: Option<T>, name: &str) -> Result<T, ArgError> {
    value.ok_or_else(|| ArgError::Invalid(format!("missing required attribute \"{name}\"")))
}

/// `local.file`: the file's content, a secret when `is_secret`.
#[derive(Default)]
struct LocalFile {
    found: Vec<String>,
}

impl Component for LocalFile {
    fn evaluate(&mut self, _id: &str, args: &Args, env: &Env) -> Result<Value, ArgError> {
        let filename = required(args.string("filename")?, "filename")?;
        let is_secret = args.bool("is_secret")?.unwrap_or(false);
        let bytes = std::fs::read(env.resolve(&filename))
            .map_err(|e| ArgError::Invalid(format!("reading {filename}: {e}")))?;
        let text = String::from_utf8_lossy(&bytes);
        self.found = vec![filename];
        Ok(Value::object_from([(
            "content",
            Value::optional_secret(&text, is_secret),
        )]))
    }
    fn summary(&self) -> Summary {
        Summary::Source {
            found: self.found.clone(),
            note: None,
        }
    }
}

/// Compiles a doublestar pattern: `*` stays within a path segment, `**` spans segments.
fn glob(pattern: &str) -> Result<GlobMatcher, ArgError> {
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .map(|g: Glob| g.compile_matcher())
        .map_err(|e| ArgError::Invalid(format!("invalid glob {pattern:?}: {e}")))
}

/// The leading path segments of `pattern` that hold no glob syntax: where to start walking.
fn literal_prefix(pattern: &str) -> String {
    let mut prefix = String::new();
    for part in pattern.split('/') {
        if part.contains(['*', '?', '[', '{', '\\']) {
            break;
        }
        prefix.push_str(part);
        prefix.push('/');
    }
    prefix
}

/// Files (not directories) under `env`'s root whose config path matches `pattern` and not
/// `exclude`, sorted. A directory that cannot be read is reported in `blocked`.
fn discover(
    env: &Env,
    pattern: &str,
    exclude: Option<&GlobMatcher>,
    blocked: &mut Vec<String>,
) -> Result<Vec<String>, ArgError> {
    let matcher = glob(pattern)?;
    let prefix = literal_prefix(pattern);
    let start = env.resolve(&prefix);
    let mut out = Vec::new();
    if !start.exists() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(&start)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                if let Some(path) = e.path().and_then(|p| config_path(env, p)) {
                    blocked.push(path);
                }
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let Some(path) = config_path(env, entry.path()) else {
            continue;
        };
        if matcher.is_match(&path) && !exclude.is_some_and(|x| x.is_match(&path)) {
            out.push(path);
        }
    }
    Ok(out)
}

/// The path the config names for a file under the root (absolute, `/`-separated).
fn config_path(env: &Env, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(&env.fs_root).ok()?;
    let mut out = String::new();
    for part in relative.components() {
        if let PathPart::Normal(s) = part {
            out.push('/');
            out.push_str(s.to_str()?);
        }
    }
    Some(if out.is_empty() { "/".into() } else { out })
}

/// `local.file_match`: one target per matching file, with the target's other labels.
#[derive(Default)]
struct FileMatch {
    found: Vec<String>,
    patterns: Vec<String>,
    blocked: Vec<String>,
}

impl Component for FileMatch {
    fn evaluate(&mut self, _id: &str, args: &Args, env: &Env) -> Result<Value, ArgError> {
        let targets = required(args.targets("path_targets")?, "path_targets")?;
        let mut out = Vec::new();
        for target in &targets {
            let Some(pattern) = target.get("__path__") else {
                continue;
            };
            let exclude = target
                .get("__path_exclude__")
                .map(|p| glob(p))
                .transpose()?;
            self.patterns.push(pattern.clone());
            for path in discover(env, pattern, exclude.as_ref(), &mut self.blocked)? {
                let mut labels: LabelSet = target
                    .iter()
                    .filter(|(k, _)| *k != "__path_exclude__")
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                labels.insert("__path__".into(), path.clone());
                self.found.push(path);
                out.push(labels);
            }
        }
        Ok(Value::object_from([("targets", targets_value(&out))]))
    }
    fn summary(&self) -> Summary {
        let note = if !self.found.is_empty() {
            None
        } else if !self.blocked.is_empty() {
            Some(format!(
                "no file matched {}; unreadable: {}",
                self.patterns.join(", "),
                self.blocked.join(", ")
            ))
        } else {
            Some(format!("no file matched {}", self.patterns.join(", ")))
        };
        Summary::Source {
            found: self.found.clone(),
            note,
        }
    }
}

/// `discovery.relabel`: the targets the rules keep, as `output`.
#[derive(Default)]
struct DiscoveryRelabel;

impl Component for DiscoveryRelabel {
    fn evaluate(&mut self, _id: &str, args: &Args, _env: &Env) -> Result<Value, ArgError> {
        let targets = required(args.targets("targets")?, "targets")?;
        let rules = relabel::rules_from_blocks(args).map_err(ArgError::Invalid)?;
        let output: Vec<LabelSet> = targets
            .iter()
            .filter_map(|t| relabel::process(t, &rules))
            .collect();
        Ok(Value::object_from([
            ("output", targets_value(&output)),
            ("rules", Value::Unknown),
        ]))
    }
}

/// `loki.source.file`: one stream per target whose file exists, labelled with the target's
/// public labels (not `__`-prefixed) and `filename`.
#[derive(Default)]
struct SourceFile {
    streams: Vec<Stream>,
    found: Vec<String>,
    missing: Vec<String>,
}

impl Component for SourceFile {
    fn evaluate(&mut self, _id: &str, args: &Args, env: &Env) -> Result<Value, ArgError> {
        let targets = required(args.targets("targets")?, "targets")?;
        let forward_to = args.receivers("forward_to")?;
        for target in &targets {
            let Some(path) = target.get("__path__") else {
                continue;
            };
            if !env.resolve(path).is_file() {
                self.missing.push(path.clone());
                continue;
            }
            let mut labels: LabelSet = target
                .iter()
                .filter(|(k, _)| !k.starts_with("__"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            labels.insert("filename".into(), path.clone());
            self.found.push(path.clone());
            self.streams.push(Stream {
                labels,
                forward_to: forward_to.clone(),
            });
        }
        Ok(Value::object_from::<[(&str, Value); 0], &str>([]))
    }
    fn emit(&self) -> Vec<Stream> {
        self.streams.clone()
    }
    fn summary(&self) -> Summary {
        let note = match (self.found.is_empty(), self.missing.is_empty()) {
            (true, true) => Some("no targets".to_string()),
            (true, false) => Some(format!(
                "no target file exists: {}",
                self.missing.join(", ")
            )),
            _ => None,
        };
        Summary::Source {
            found: self.found.clone(),
            note,
        }
    }
}

/// `loki.relabel`: relabels each stream; an emptied or dropped label set is not forwarded.
#[derive(Default)]
struct LokiRelabel {
    rules: Vec<Rule>,
    forward_to: Vec<String>,
}

impl Component for LokiRelabel {
    fn evaluate(&mut self, id: &str, args: &Args, _env: &Env) -> Result<Value, ArgError> {
        self.forward_to = args.receivers("forward_to")?;
        self.rules = relabel::rules_from_blocks(args).map_err(ArgError::Invalid)?;
        Ok(Value::object_from([
            ("receiver", receiver(id)),
            ("rules", Value::Unknown),
        ]))
    }
    fn receive(&mut self, labels: &LabelSet) -> Vec<Stream> {
        match relabel::process(labels, &self.rules) {
            Some(out) if !out.is_empty() => vec![Stream {
                labels: out,
                forward_to: self.forward_to.clone(),
            }],
            _ => Vec::new(),
        }
    }
}

/// `loki.write` / `prometheus.remote_write`: records every label set it receives, with
/// `external_labels` added where the set does not have them.
#[derive(Default)]
struct Writer {
    external: LabelSet,
    received: Vec<LabelSet>,
}

impl Component for Writer {
    fn evaluate(&mut self, id: &str, args: &Args, _env: &Env) -> Result<Value, ArgError> {
        self.external = args.string_map("external_labels")?.unwrap_or_default();
        Ok(Value::object_from([("receiver", receiver(id))]))
    }
    fn receive(&mut self, labels: &LabelSet) -> Vec<Stream> {
        let mut labels = labels.clone();
        for (k, v) in &self.external {
            labels.entry(k.clone()).or_insert_with(|| v.clone());
        }
        self.received.push(labels);
        Vec::new()
    }
    fn summary(&self) -> Summary {
        Summary::Writer {
            received: self.received.clone(),
        }
    }
}
