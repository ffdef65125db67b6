//! What `alloylint explain` prints: the run of a config, as text for people or as the JSON
//! shape documented in `docs/explain-json.md`.

use crate::{ComponentRun, Labels, Received, Run, SourceReport, Status, Summary};
use alloy_semantic::{load_config_path, FileSystem, Sources};
use serde_json::{json, Map, Value as Json};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::Path;

/// Reads the config at `config` (a file, or a directory of `*.alloy` files as one config)
/// and the modules its `import.file` blocks name; a syntax error is an error.
pub fn load(config: &Path) -> Result<Sources, String> {
    let files =
        load_config_path(&FileSystem, config).map_err(|e| format!("{}: {e}", config.display()))?;
    let sources = Sources::load(files, Some(&FileSystem));
    for (file, diagnostics) in sources.files.iter().zip(&sources.parse_diagnostics) {
        if let Some(d) = diagnostics.first() {
            return Err(format!("{} has syntax errors: {}", file.path, d.message));
        }
    }
    Ok(sources)
}

/// The status's name in reports, and its reason.
pub fn status_name(status: &Status) -> (&'static str, Option<&str>) {
    match status {
        Status::Executed => ("executed", None),
        Status::NotExecuted => ("not_executed", None),
        Status::Unknown(why) => ("unknown", Some(why)),
        Status::Failed(why) => ("failed", Some(why)),
        Status::Cycle => ("cycle", None),
    }
}

/// Distinct label sets, sorted.
pub fn distinct<'r>(received: impl IntoIterator<Item = &'r Received>) -> Vec<&'r Labels> {
    received
        .into_iter()
        .map(|r| &r.labels)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// What a writer receives: its distinct label sets and how certain their number is.
pub struct WriterReport<'r> {
    pub component: &'r ComponentRun,
    pub received: &'r [Received],
    pub label_sets: Vec<&'r Labels>,
    /// Labels whose values the log lines (or unexecuted components) give, with why.
    pub unknown: BTreeMap<&'r str, &'r str>,
}

impl WriterReport<'_> {
    /// The number of streams (series): distinct label sets, counting an unknown value once.
    pub fn streams(&self) -> usize {
        self.label_sets.len()
    }
    /// Whether every value is known, so [`streams`](Self::streams) is exact rather than a
    /// lower bound.
    pub fn exact(&self) -> bool {
        self.unknown.is_empty()
    }
}

pub fn sources(run: &Run) -> impl Iterator<Item = (&ComponentRun, &SourceReport)> {
    run.components.iter().filter_map(|c| match &c.summary {
        Summary::Source(report) => Some((c, report)),
        _ => None,
    })
}

pub fn writers(run: &Run) -> impl Iterator<Item = WriterReport<'_>> {
    run.components.iter().filter_map(|c| match &c.summary {
        Summary::Writer { received } => {
            let label_sets = distinct(received);
            let unknown = label_sets
                .iter()
                .flat_map(|l| l.unknown.iter())
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            Some(WriterReport {
                component: c,
                received,
                label_sets,
                unknown,
            })
        }
        _ => None,
    })
}

fn labels_json(labels: &Labels) -> Json {
    let mut out = Map::new();
    for (k, v) in &labels.known {
        out.insert(k.clone(), Json::String(v.clone()));
    }
    for k in labels.unknown.keys() {
        out.insert(k.clone(), Json::Null);
    }
    Json::Object(out)
}

/// The documented JSON shape (`docs/explain-json.md`).
pub fn to_json(run: &Run) -> Json {
    let components: Vec<Json> = run
        .components
        .iter()
        .map(|c| {
            let (status, reason) = status_name(&c.status);
            json!({
                "id": c.id,
                "name": c.name,
                "parent": c.parent,
                "status": status,
                "reason": reason,
                "evaluations": c.evaluations,
                "unknown_downstream": c.unknown_downstream,
            })
        })
        .collect();
    let not_executed: Vec<&str> = run
        .components
        .iter()
        .filter(|c| c.status != Status::Executed)
        .map(|c| c.id.as_str())
        .collect();
    let sources: Vec<Json> = sources(run)
        .map(|(c, report)| {
            let blocked: Vec<Json> = report
                .blocked
                .iter()
                .map(|b| {
                    json!({
                        "path": b.path,
                        "mode": b.mode,
                        "owner": b.owner,
                        "group": b.group,
                        "needs": b.needs,
                        "fix": b.fix,
                    })
                })
                .collect();
            json!({
                "component": c.id,
                "found": report.found,
                "note": report.note,
                "blocked": blocked,
            })
        })
        .collect();
    let writers: Vec<Json> = writers(run)
        .map(|w| {
            let mut by_source: BTreeMap<&str, BTreeSet<&Labels>> = BTreeMap::new();
            for r in w.received {
                by_source.entry(&r.source).or_default().insert(&r.labels);
            }
            let by_source: Map<String, Json> = by_source
                .into_iter()
                .map(|(s, sets)| (s.to_string(), json!(sets.len())))
                .collect();
            json!({
                "component": w.component.id,
                "streams": w.streams(),
                "exact": w.exact(),
                "entries": w.received.len(),
                "label_sets": w.label_sets.iter().map(|l| labels_json(l)).collect::<Vec<_>>(),
                "unknown_labels": w.unknown,
                "streams_by_source": by_source,
            })
        })
        .collect();
    json!({
        "components": components,
        "not_executed": not_executed,
        "sources": sources,
        "writers": writers,
    })
}

/// `{a="x", b=(unknown)}`.
pub fn labels_text(labels: &Labels) -> String {
    let mut parts: Vec<(&str, String)> = labels
        .known
        .iter()
        .map(|(k, v)| (k.as_str(), format!("{k}={v:?}")))
        .collect();
    parts.extend(
        labels
            .unknown
            .keys()
            .map(|k| (k.as_str(), format!("{k}=(unknown)"))),
    );
    parts.sort();
    let parts: Vec<String> = parts.into_iter().map(|(_, p)| p).collect();
    format!("{{{}}}", parts.join(", "))
}

/// The report for people.
pub fn to_human(run: &Run) -> String {
    let mut out = String::new();
    out.push_str("sources:\n");
    for (c, report) in sources(run) {
        let _ = writeln!(out, "  {} ({} found)", c.id, report.found.len());
        for f in &report.found {
            let _ = writeln!(out, "    {f}");
        }
        if let Some(note) = &report.note {
            let _ = writeln!(out, "    {note}");
        }
        for b in &report.blocked {
            let _ = writeln!(
                out,
                "    blocked: {} {} {} {}: needs {}",
                b.mode, b.owner, b.group, b.path, b.needs
            );
            let _ = writeln!(out, "      fix: {}", b.fix);
        }
    }
    out.push_str("writers:\n");
    for w in writers(run) {
        let count = match w.streams() {
            1 => "1 stream".to_string(),
            n => format!("{n} streams"),
        };
        if w.exact() {
            let _ = writeln!(out, "  {}: {count}", w.component.id);
        } else {
            let names: Vec<&str> = w.unknown.keys().copied().collect();
            let _ = writeln!(
                out,
                "  {}: at least {count}, times the distinct values of {}",
                w.component.id,
                names.join(", ")
            );
        }
        for s in &w.label_sets {
            let _ = writeln!(out, "    {}", labels_text(s));
        }
        for (name, why) in &w.unknown {
            let _ = writeln!(out, "    {name}: {why}");
        }
    }
    let not_run: Vec<&ComponentRun> = run
        .components
        .iter()
        .filter(|c| c.status != Status::Executed)
        .collect();
    if !not_run.is_empty() {
        out.push_str("not executed:\n");
        for c in not_run {
            let (status, reason) = status_name(&c.status);
            let _ = match reason {
                Some(r) => writeln!(out, "  {} ({status}: {r})", c.id),
                None => writeln!(out, "  {} ({status})", c.id),
            };
        }
    }
    for c in &run.components {
        if !c.unknown_downstream.is_empty() {
            let _ = writeln!(
                out,
                "label flow from {} into {} is unknown",
                c.id,
                c.unknown_downstream.join(", ")
            );
        }
    }
    out
}
