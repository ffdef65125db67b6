//! The components a dry run can execute locally.

use crate::args::{receiver, targets_value, ArgError, Args};
use crate::host::{self, FileAccess, Kind};
use crate::relabel::{self, Rule};
use crate::{
    BlockedPath, Component, Env, LabelSet, Labels, Received, Receivers, Registry, SourceReport,
    Stream, Summary,
};
use alloy_eval::Value;

pub fn register(registry: &mut Registry) {
    registry.register("local.file", || Box::<LocalFile>::default());
    registry.register("local.file_match", || Box::<FileMatch>::default());
    registry.register("discovery.relabel", || Box::<DiscoveryRelabel>::default());
    registry.register("loki.source.file", || Box::<SourceFile>::default());
    registry.register("loki.relabel", || Box::<Relabel>::default());
    registry.register("loki.process", || Box::<crate::process::Process>::default());
    registry.register("loki.write", || Box::<Writer>::default());
    registry.register("prometheus.scrape", || Box::<Scrape>::default());
    registry.register("prometheus.relabel", || Box::<Relabel>::default());
    registry.register("prometheus.remote_write", || Box::<Writer>::default());
}

/// Directory entries one glob may look at: far more than any host has log files, but a
/// `/**` over a whole disk still ends.
const MAX_GLOB_ENTRIES: usize = 2_000_000;

fn required<T>(value: Option<T>, name: &str) -> Result<T, ArgError> {
    value.ok_or_else(|| ArgError::Invalid(format!("missing required attribute \"{name}\"")))
}

/// Why the user cannot read a file, for a component's error.
fn blocked_message(host: &host::Host, path: &str, b: &host::Blocked) -> String {
    format!(
        "`{}` cannot read {path}: {} is denied on {} ({} {}); fix: {}",
        host.user_name(),
        b.needs.describe(),
        b.path,
        host.namei(&b.meta),
        b.path,
        host.fix(b)
    )
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
        let real = match env.host.file(&filename) {
            FileAccess::Missing => {
                return Err(ArgError::Invalid(format!(
                    "reading {filename}: no such file"
                )))
            }
            FileAccess::Blocked(b) => {
                return Err(ArgError::Invalid(blocked_message(&env.host, &filename, &b)))
            }
            FileAccess::Readable { path, .. } => path,
        };
        let bytes = std::fs::read(env.resolve(&real))
            .map_err(|e| ArgError::Invalid(format!("reading {filename}: {e}")))?;
        let text = String::from_utf8_lossy(&bytes);
        self.found = vec![filename];
        Ok(Value::object_from([(
            "content",
            Value::optional_secret(&text, is_secret),
        )]))
    }
    fn summary(&self) -> Summary {
        Summary::Source(SourceReport {
            found: self.found.clone(),
            ..SourceReport::default()
        })
    }
}

/// The files a target's `__path__` glob finds, without those `__path_exclude__` matches,
/// and what stopped the walk.
fn discover(
    env: &Env,
    target: &LabelSet,
    blocked: &mut Vec<BlockedPath>,
    truncated: &mut bool,
) -> Vec<String> {
    let Some(pattern) = target.get("__path__") else {
        return Vec::new();
    };
    let found = env.host.glob(pattern, MAX_GLOB_ENTRIES);
    for b in &found.blocked {
        let b = BlockedPath::new(&env.host, b);
        if !blocked.contains(&b) {
            blocked.push(b);
        }
    }
    *truncated |= found.truncated;
    let exclude = target.get("__path_exclude__");
    found
        .matched
        .into_iter()
        .map(|(path, _)| path)
        .filter(|path| !exclude.is_some_and(|x| host::path_matches(x, path)))
        .collect()
}

/// Why a source found nothing.
fn nothing_found(patterns: &[String], blocked: &[BlockedPath], truncated: bool) -> String {
    let mut note = format!("no file matched {}", patterns.join(", "));
    if !blocked.is_empty() {
        note.push_str(" where the user can look");
    }
    if truncated {
        note.push_str(&format!(" (stopped after {MAX_GLOB_ENTRIES} entries)"));
    }
    note
}

/// `local.file_match`: one target per matching file, with the target's other labels.
#[derive(Default)]
struct FileMatch {
    found: Vec<String>,
    patterns: Vec<String>,
    blocked: Vec<BlockedPath>,
    truncated: bool,
}

impl Component for FileMatch {
    fn evaluate(&mut self, _id: &str, args: &Args, env: &Env) -> Result<Value, ArgError> {
        let targets = required(args.targets("path_targets")?, "path_targets")?;
        let mut out = Vec::new();
        for target in &targets {
            let Some(pattern) = target.get("__path__") else {
                continue;
            };
            self.patterns.push(pattern.clone());
            for path in discover(env, target, &mut self.blocked, &mut self.truncated) {
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
        let note = self
            .found
            .is_empty()
            .then(|| nothing_found(&self.patterns, &self.blocked, self.truncated));
        Summary::Source(SourceReport {
            found: self.found.clone(),
            note,
            blocked: self.blocked.clone(),
        })
    }
}

/// `discovery.relabel`: the targets the rules keep, as `output`.
#[derive(Default)]
struct DiscoveryRelabel;

impl Component for DiscoveryRelabel {
    fn evaluate(&mut self, _id: &str, args: &Args, _env: &Env) -> Result<Value, ArgError> {
        let targets = required(args.targets("targets")?, "targets")?;
        let rules = relabel::rules_from_blocks(args)?;
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

/// A target's public labels: those not `__`-prefixed (internal labels are dropped before
/// anything is read or scraped).
fn public_labels(target: &LabelSet) -> LabelSet {
    target
        .iter()
        .filter(|(k, _)| !k.starts_with("__"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The labels a target gives the entries read for it: its public labels and `filename`.
fn file_stream_labels(target: &LabelSet, path: &str) -> Labels {
    let mut labels = public_labels(target);
    labels.insert("filename".into(), path.to_string());
    Labels::from_known(labels)
}

/// `loki.source.file`: one stream per target whose file the user can read, labelled with
/// the target's public labels and `filename`. With `file_match { enabled = true }` the
/// targets' `__path__` are globs it expands itself.
#[derive(Default)]
struct SourceFile {
    streams: Vec<Stream>,
    found: Vec<String>,
    missing: Vec<String>,
    blocked: Vec<BlockedPath>,
    patterns: Vec<String>,
    truncated: bool,
}

impl Component for SourceFile {
    fn evaluate(&mut self, _id: &str, args: &Args, env: &Env) -> Result<Value, ArgError> {
        let targets = required(args.targets("targets")?, "targets")?;
        let forward_to = args.receivers("forward_to")?;
        let mut expand = false;
        for block in args.blocks("file_match") {
            expand |= block.bool("enabled")?.unwrap_or(false);
        }
        for target in &targets {
            let Some(path) = target.get("__path__") else {
                continue;
            };
            let paths = if expand {
                self.patterns.push(path.clone());
                discover(env, target, &mut self.blocked, &mut self.truncated)
            } else {
                vec![path.clone()]
            };
            for path in paths {
                match env.host.file(&path) {
                    FileAccess::Readable { meta, .. } if meta.kind == Kind::File => {
                        self.found.push(path.clone());
                        self.streams.push(Stream {
                            labels: file_stream_labels(target, &path),
                            forward_to: forward_to.clone(),
                        });
                    }
                    FileAccess::Blocked(b) => {
                        let b = BlockedPath::new(&env.host, &b);
                        if !self.blocked.contains(&b) {
                            self.blocked.push(b);
                        }
                    }
                    _ => self.missing.push(path),
                }
            }
        }
        Ok(Value::object_from::<[(&str, Value); 0], &str>([]))
    }
    fn emit(&self) -> Vec<Stream> {
        self.streams.clone()
    }
    fn summary(&self) -> Summary {
        let note = if !self.found.is_empty() {
            None
        } else if !self.patterns.is_empty() {
            Some(nothing_found(&self.patterns, &self.blocked, self.truncated))
        } else if !self.missing.is_empty() {
            Some(format!(
                "no target file exists: {}",
                self.missing.join(", ")
            ))
        } else if !self.blocked.is_empty() {
            Some("no target file can be read".to_string())
        } else {
            Some("no targets".to_string())
        };
        Summary::Source(SourceReport {
            found: self.found.clone(),
            note,
            blocked: self.blocked.clone(),
        })
    }
}

/// `loki.relabel` and `prometheus.relabel`: relabels each label set; an emptied or dropped
/// set is not forwarded.
#[derive(Default)]
struct Relabel {
    rules: Vec<Rule>,
    forward_to: Receivers,
}

impl Component for Relabel {
    fn evaluate(&mut self, id: &str, args: &Args, _env: &Env) -> Result<Value, ArgError> {
        self.forward_to = args.receivers("forward_to")?;
        self.rules = relabel::rules_from_blocks(args)?;
        Ok(Value::object_from([
            ("receiver", receiver(id)),
            ("rules", Value::Unknown),
        ]))
    }
    fn receive(&mut self, labels: &Labels, _source: &str) -> Vec<Stream> {
        match relabel::process_labels(labels, &self.rules) {
            Some(out) if !out.is_empty() => vec![Stream {
                labels: out,
                forward_to: self.forward_to.clone(),
            }],
            _ => Vec::new(),
        }
    }
}

/// `prometheus.scrape`: the series of each target carry its public labels, `job` (the
/// component's id unless `job_name` or the target says otherwise) and `instance` (its
/// `__address__`); which metrics it exposes is only known by scraping, so `__name__` is
/// unknown.
#[derive(Default)]
struct Scrape {
    streams: Vec<Stream>,
    found: Vec<String>,
    without_address: usize,
}

impl Component for Scrape {
    fn evaluate(&mut self, id: &str, args: &Args, _env: &Env) -> Result<Value, ArgError> {
        let targets = required(args.targets("targets")?, "targets")?;
        let forward_to = args.receivers("forward_to")?;
        let job = args.string("job_name")?.unwrap_or_else(|| id.to_string());
        for target in &targets {
            let Some(address) = target.get("__address__") else {
                self.without_address += 1;
                continue;
            };
            let mut labels = public_labels(target);
            labels.entry("job".into()).or_insert_with(|| job.clone());
            labels
                .entry("instance".into())
                .or_insert_with(|| address.clone());
            let mut labels = Labels::from_known(labels);
            labels.set_unknown(
                "__name__".into(),
                format!("the metrics {address} exposes (known by scraping)"),
            );
            self.found.push(address.clone());
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
        let note = match (self.found.is_empty(), self.without_address) {
            (_, 0) if !self.found.is_empty() => None,
            (true, 0) => Some("no targets".to_string()),
            (_, n) => Some(format!("{n} targets without __address__ are dropped")),
        };
        Summary::Source(SourceReport {
            found: self.found.clone(),
            note,
            blocked: Vec::new(),
        })
    }
}

/// `loki.write` / `prometheus.remote_write`: records every label set it receives, with
/// `external_labels` added where the set does not have them.
#[derive(Default)]
struct Writer {
    external: LabelSet,
    received: Vec<Received>,
}

impl Component for Writer {
    fn evaluate(&mut self, id: &str, args: &Args, _env: &Env) -> Result<Value, ArgError> {
        self.external = args.string_map("external_labels")?.unwrap_or_default();
        Ok(Value::object_from([("receiver", receiver(id))]))
    }
    fn receive(&mut self, labels: &Labels, source: &str) -> Vec<Stream> {
        let mut labels = labels.clone();
        for (k, v) in &self.external {
            if !labels.contains(k) {
                labels.known.insert(k.clone(), v.clone());
            }
        }
        self.received.push(Received {
            labels,
            source: source.to_string(),
        });
        Vec::new()
    }
    fn summary(&self) -> Summary {
        Summary::Writer {
            received: self.received.clone(),
        }
    }
}
