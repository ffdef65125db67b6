//! The runtime on configs over a temp tree.

use super::*;
use alloy_semantic::{SourceFile, Sources};

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for run in 1..=4 {
        let d = dir.path().join(format!("var/log/runs/{run}"));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("job.log"), "line\n").unwrap();
        std::fs::write(d.join("job.txt"), "line\n").unwrap();
    }
    std::fs::write(dir.path().join("token"), "s3cret").unwrap();
    dir
}

fn run_text(text: &str, root: &Path) -> Run {
    let sources = Sources::load(vec![SourceFile::new("config.alloy", text)], None);
    let model = Model::build(&sources);
    run(
        &model,
        &Registry::builtin(),
        &Env::new(root),
        &Evaluator::system(),
    )
}

const PIPELINE: &str = r#"
loki.write "default" {
  endpoint { url = "http://loki/api/v1/push" }
  external_labels = { cluster = "c1" }
}
loki.relabel "drop" {
  forward_to = [loki.write.default.receiver]
  rule {
    action = "labeldrop"
    regex  = "filename"
  }
}
loki.source.file "runs" {
  targets    = local.file_match.runs.targets
  forward_to = [FORWARD]
}
local.file_match "runs" {
  path_targets = [{ __path__ = "/var/log/runs/**/*.log", job = "runner" }]
}
"#;

#[test]
fn file_match_feeds_the_source_and_the_writer_counts_streams() {
    let dir = tree();
    let r = run_text(
        &PIPELINE.replace("FORWARD", "loki.write.default.receiver"),
        dir.path(),
    );
    let Summary::Source { found, .. } = &r.get("local.file_match.runs").unwrap().summary else {
        panic!("file_match is a source");
    };
    assert_eq!(found.len(), 4, "{found:?}");
    assert_eq!(found[0], "/var/log/runs/1/job.log");
    let Summary::Writer { received } = &r.get("loki.write.default").unwrap().summary else {
        panic!("loki.write is a writer");
    };
    assert_eq!(explain::distinct(received).len(), 4);
    assert_eq!(received[0]["cluster"], "c1");
    assert_eq!(received[0]["job"], "runner");
    assert_eq!(received[0]["filename"], "/var/log/runs/1/job.log");
    assert!(!received[0].contains_key("__path__"));
}

#[test]
fn labeldrop_of_filename_collapses_the_streams() {
    let dir = tree();
    let r = run_text(
        &PIPELINE.replace("FORWARD", "loki.relabel.drop.receiver"),
        dir.path(),
    );
    let Summary::Writer { received } = &r.get("loki.write.default").unwrap().summary else {
        panic!("loki.write is a writer");
    };
    assert_eq!(received.len(), 4);
    assert_eq!(explain::distinct(received).len(), 1);
}

#[test]
fn evaluation_follows_the_graph_order() {
    let dir = tree();
    let r = run_text(
        &PIPELINE.replace("FORWARD", "loki.write.default.receiver"),
        dir.path(),
    );
    let pos = |id: &str| r.components.iter().position(|c| c.id == id).unwrap();
    assert!(pos("local.file_match.runs") < pos("loki.source.file.runs"));
    assert!(pos("loki.write.default") < pos("loki.relabel.drop"));
    assert!(
        r.components.iter().all(|c| c.status == Status::Executed),
        "{:?}",
        r.components
    );
}

#[test]
fn unimplemented_components_export_unknown_and_block_their_dependants() {
    let dir = tree();
    let text = r#"
discovery.kubernetes "pods" { role = "pod" }
discovery.relabel "pods" {
  targets = discovery.kubernetes.pods.targets
}
loki.write "w" { endpoint { url = "http://x" } }
otelcol.receiver.loki "x" {
  output {}
}
loki.relabel "r" { forward_to = [loki.write.w.receiver] }
loki.source.file "f" {
  targets = [{ __path__ = "/var/log/runs/1/job.log" }]
  forward_to = [otelcol.receiver.loki.x.receiver, loki.relabel.r.receiver]
}
"#;
    let r = run_text(text, dir.path());
    assert_eq!(
        r.get("discovery.kubernetes.pods").unwrap().status,
        Status::NotExecuted
    );
    assert!(matches!(
        r.get("discovery.relabel.pods").unwrap().status,
        Status::Unknown(_)
    ));
    // One receiver is unknown: the stream still reaches the known one, and the flow into
    // the other is reported as unknown.
    let source = r.get("loki.source.file.f").unwrap();
    assert_eq!(source.status, Status::Executed);
    assert_eq!(
        source.unknown_downstream,
        vec![args::UNKNOWN_RECEIVER.to_string()]
    );
    let Summary::Writer { received } = &r.get("loki.write.w").unwrap().summary else {
        panic!("writer");
    };
    assert_eq!(received.len(), 1);
    assert!(r.get("otelcol.receiver.loki.x").unwrap().status == Status::NotExecuted);
}

#[test]
fn local_file_reads_under_the_root_and_makes_secrets() {
    let dir = tree();
    let text = r#"
local.file "token" {
  filename  = "/token"
  is_secret = true
}
discovery.relabel "t" {
  targets = [{ a = "x" }]
  rule {
    target_label = "len"
    replacement  = string.format("%d", 1)
  }
}
local.file "missing" { filename = "/nope" }
"#;
    let r = run_text(text, dir.path());
    assert_eq!(r.get("local.file.token").unwrap().status, Status::Executed);
    assert!(
        matches!(r.get("local.file.missing").unwrap().status, Status::Failed(ref m) if m.contains("/nope"))
    );
    assert_eq!(
        r.get("discovery.relabel.t").unwrap().status,
        Status::Executed
    );

    let sources = Sources::load(vec![SourceFile::new("c.alloy", text)], None);
    let model = Model::build(&sources);
    let mut scope = ExportScope::default();
    let mut local = components_for_test(&model, dir.path(), &mut scope);
    local.sort();
    assert_eq!(local, vec!["(secret)".to_string()]);
}

/// Evaluates `local.file.token` alone and prints its content export.
fn components_for_test(model: &Model, root: &Path, _scope: &mut ExportScope) -> Vec<String> {
    let node = model
        .nodes
        .iter()
        .find(|n| n.id == "local.file.token")
        .unwrap();
    let args = eval_body(
        &Evaluator::system(),
        &node.block.body,
        &alloy_eval::EmptyScope,
    )
    .unwrap();
    let mut c = (Registry::builtin().get("local.file").unwrap())();
    let exports = c.evaluate(&node.id, &args, &Env::new(root)).unwrap();
    let Value::Object(fields) = exports else {
        panic!("exports are an object")
    };
    vec![alloy_eval::print_value(&fields["content"])]
}

#[test]
fn exclude_and_alternation_in_globs() {
    let dir = tree();
    let text = r#"
local.file_match "m" {
  path_targets = [{ __path__ = "/var/log/runs/*/job.{log,txt}", __path_exclude__ = "/var/log/runs/2/**" }]
}
local.file_match "none" {
  path_targets = [{ __path__ = "/srv/*.log" }]
}
"#;
    let r = run_text(text, dir.path());
    let Summary::Source { found, .. } = &r.get("local.file_match.m").unwrap().summary else {
        panic!("source");
    };
    assert_eq!(found.len(), 6, "{found:?}");
    assert!(found.iter().all(|f| !f.starts_with("/var/log/runs/2/")));
    let Summary::Source { found, note } = &r.get("local.file_match.none").unwrap().summary else {
        panic!("source");
    };
    assert!(found.is_empty());
    assert_eq!(note.as_deref(), Some("no file matched /srv/*.log"));
}

#[test]
fn cycles_are_not_evaluated() {
    let dir = tree();
    let text = r#"
local.file "a" { filename = local.file.b.content }
local.file "b" { filename = local.file.a.content }
"#;
    let r = run_text(text, dir.path());
    assert_eq!(r.get("local.file.a").unwrap().status, Status::Cycle);
    assert_eq!(r.get("local.file.b").unwrap().status, Status::Cycle);
}
