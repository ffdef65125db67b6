//! The bundled `examples/` and every accepted input of `../shared/conformance/fmt-corpus`
//! explained under an empty file system root: no panic, and no component fails for a reason
//! other than what that root lacks (a file `local.file` reads) or what Alloy itself rejects
//! in the config. Prints how many components ran and the most used ones without an
//! implementation: `cargo test -p alloy-runtime --test corpus -- --nocapture`.

#[path = "../../alloy-regex/tests/common/mod.rs"]
mod common;

use alloy_eval::Evaluator;
use alloy_runtime::{explain, Env, Registry, Run, Status};
use alloy_semantic::{Model, Resolution, SourceFile, Sources};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn inputs() -> Vec<PathBuf> {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&examples)
        .expect("examples/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "alloy"))
        .collect();
    if let Some(manifest) =
        common::shared_file("conformance/fmt-corpus/MANIFEST.tsv", "the fmt corpus")
    {
        let dir = manifest.parent().unwrap().to_path_buf();
        out.extend(
            std::fs::read_dir(&dir)
                .unwrap()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "in"))
                .filter(|p| !p.with_extension("error").exists()),
        );
    }
    out.sort();
    out
}

/// Why a component may fail on a machine that is not the config's host, or in a config
/// Alloy would not run either: the empty root has none of the files the config reads;
/// Alloy's own checks of the arguments (the validator reports these too); a type Alloy
/// rejects; a reference to something the config does not define (a fragment of a larger
/// config, a docs snippet).
fn expected_failure(model: &Model, id: &str, reason: &str) -> bool {
    let unresolved = || {
        model
            .nodes
            .iter()
            .filter(|n| n.id == id && n.module == 0)
            .any(|n| {
                model
                    .references_from(model.nodes.iter().position(|m| std::ptr::eq(m, n)).unwrap())
                    .iter()
                    .any(|r| r.resolution == Resolution::Unresolved)
            })
    };
    reason.starts_with("reading ")
        || reason.contains("missing required attribute")
        || reason.contains("requires 'target_label'")
        || reason.contains("requires non-zero modulus")
        || (reason.contains("expected ") && reason.contains(", got "))
        || (reason.contains("does not exist") && unresolved())
}

#[test]
fn examples_and_corpus_explain_without_errors() {
    let root = tempfile::tempdir().unwrap();
    let env = Env::new(root.path());
    let registry = Registry::builtin();
    let evaluator = Evaluator::system();
    let (mut files, mut components, mut executed) = (0, 0, 0);
    // Components written at the top of a config (not inside a module instance).
    let (mut top, mut top_executed) = (0, 0);
    let mut not_executed: BTreeMap<String, usize> = BTreeMap::new();
    let mut statuses: BTreeMap<&str, usize> = BTreeMap::new();
    let mut unexpected = Vec::new();
    for path in inputs() {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let sources = Sources::load(vec![SourceFile::new(name.clone(), text)], None);
        if !sources.parse_diagnostics[0].is_empty() {
            continue;
        }
        files += 1;
        let model = Model::build(&sources);
        let run: Run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            alloy_runtime::run(&model, &registry, &env, &evaluator)
        }))
        .unwrap_or_else(|_| panic!("{name}: the run panicked"));
        // Both report forms are built for every file (they must not panic either).
        let _ = explain::to_human(&run);
        let _ = explain::to_json(&run);
        let _ = alloy_runtime::graph::Graph::build(&model, &run).mermaid();
        for c in &run.components {
            components += 1;
            if c.parent.is_none() {
                top += 1;
                top_executed += usize::from(c.status == Status::Executed);
            }
            let (status, reason) = explain::status_name(&c.status);
            *statuses.entry(status).or_default() += 1;
            match &c.status {
                Status::Executed => executed += 1,
                Status::NotExecuted => *not_executed.entry(c.name.clone()).or_default() += 1,
                Status::Failed(_) if !expected_failure(&model, &c.id, reason.unwrap_or("")) => {
                    unexpected.push(format!("{name}: {} failed: {}", c.id, reason.unwrap_or("")))
                }
                _ => {}
            }
        }
    }
    let mut most: Vec<(usize, String)> = not_executed.into_iter().map(|(n, c)| (c, n)).collect();
    most.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    println!(
        "{files} configs, {components} components: {executed} executed; by status {statuses:?}"
    );
    println!("top-level components (outside module instances): {top_executed} of {top} executed");
    println!(
        "implemented: {}",
        registry.names().collect::<Vec<_>>().join(", ")
    );
    println!("most used without an implementation:");
    for (count, name) in most.iter().take(15) {
        println!("  {count:5} {name}");
    }
    assert!(files >= 4, "{files} configs");
    assert!(
        unexpected.is_empty(),
        "{} unexpected failures:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
}
