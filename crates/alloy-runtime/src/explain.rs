//! What `alloylint explain` prints: the run of a config, as text for people or as the JSON
//! shape documented in `docs/explain-json.md`.

use crate::{run, ComponentRun, Env, LabelSet, Registry, Run, Status, Summary};
use alloy_eval::Evaluator;
use alloy_semantic::{load_config_path, FileSystem, Model, Sources};
use serde_json::{json, Value as Json};
use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;

/// Loads the config at `config` (a file, or a directory as one config), runs it with the
/// builtin components reading files under `fs_root`, and returns the run.
pub fn explain_path(config: &Path, fs_root: &Path) -> Result<Run, String> {
    let files =
        load_config_path(&FileSystem, config).map_err(|e| format!("{}: {e}", config.display()))?;
    let sources = Sources::load(files, Some(&FileSystem));
    if let Some(d) = sources.parse_diagnostics.iter().flatten().next() {
        return Err(format!("the config has syntax errors: {}", d.message));
    }
    let model = Model::build(&sources);
    Ok(run(
        &model,
        &Registry::builtin(),
        &Env::new(fs_root),
        &Evaluator::system(),
    ))
}

fn status_name(status: &Status) -> (&'static str, Option<&str>) {
    match status {
        Status::Executed => ("executed", None),
        Status::NotExecuted => ("not_executed", None),
        Status::Unknown(why) => ("unknown", Some(why)),
        Status::Failed(why) => ("failed", Some(why)),
        Status::Cycle => ("cycle", None),
    }
}

/// A writer's distinct label sets, sorted.
pub fn distinct(received: &[LabelSet]) -> Vec<&LabelSet> {
    received
        .iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn labels_text(labels: &LabelSet) -> String {
    let parts: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v:?}")).collect();
    format!("{{{}}}", parts.join(", "))
}

fn sources(run: &Run) -> impl Iterator<Item = (&ComponentRun, &Vec<String>, &Option<String>)> {
    run.components.iter().filter_map(|c| match &c.summary {
        Summary::Source { found, note } => Some((c, found, note)),
        _ => None,
    })
}

fn writers(run: &Run) -> impl Iterator<Item = (&ComponentRun, &Vec<LabelSet>)> {
    run.components.iter().filter_map(|c| match &c.summary {
        Summary::Writer { received } => Some((c, received)),
        _ => None,
    })
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
                "status": status,
                "reason": reason,
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
        .map(|(c, found, note)| json!({"component": c.id, "found": found, "note": note}))
        .collect();
    let writers: Vec<Json> = writers(run)
        .map(|(c, received)| {
            let sets = distinct(received);
            json!({
                "component": c.id,
                "streams": sets.len(),
                "entries": received.len(),
                "label_sets": sets,
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

/// The report for people.
pub fn to_human(run: &Run) -> String {
    let mut out = String::new();
    out.push_str("sources:\n");
    for (c, found, note) in sources(run) {
        let _ = writeln!(out, "  {} ({} found)", c.id, found.len());
        for f in found {
            let _ = writeln!(out, "    {f}");
        }
        if let Some(note) = note {
            let _ = writeln!(out, "    {note}");
        }
    }
    out.push_str("writers:\n");
    for (c, received) in writers(run) {
        let sets = distinct(received);
        let _ = writeln!(out, "  {}: {} streams", c.id, sets.len());
        for s in sets {
            let _ = writeln!(out, "    {}", labels_text(s));
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
