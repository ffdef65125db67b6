//! The runtime on configs over a temp tree.

use super::*;
use crate::engine::eval_body;
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
    let Summary::Source(report) = &r.get("local.file_match.runs").unwrap().summary else {
        panic!("file_match is a source");
    };
    let found = &report.found;
    assert_eq!(found.len(), 4, "{found:?}");
    assert_eq!(found[0], "/var/log/runs/1/job.log");
    let Summary::Writer { received } = &r.get("loki.write.default").unwrap().summary else {
        panic!("loki.write is a writer");
    };
    assert_eq!(explain::distinct(received).len(), 4);
    let first = &received[0].labels.known;
    assert_eq!(first["cluster"], "c1");
    assert_eq!(first["job"], "runner");
    assert_eq!(first["filename"], "/var/log/runs/1/job.log");
    assert!(!first.contains_key("__path__"));
    assert_eq!(received[0].source, "loki.source.file.runs");
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
    // Its receiver names it, though it did not run.
    assert_eq!(
        source.unknown_downstream,
        vec!["otelcol.receiver.loki.x".to_string()]
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
    assert_eq!(token_content(&model, dir.path()), "(secret)");
}

/// Evaluates `local.file.token` alone and prints its content export.
fn token_content(model: &Model, root: &Path) -> String {
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
    alloy_eval::print_value(&fields["content"])
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
    let Summary::Source(report) = &r.get("local.file_match.m").unwrap().summary else {
        panic!("source");
    };
    let found = &report.found;
    assert_eq!(found.len(), 6, "{found:?}");
    assert!(found.iter().all(|f| !f.starts_with("/var/log/runs/2/")));
    let Summary::Source(report) = &r.get("local.file_match.none").unwrap().summary else {
        panic!("source");
    };
    assert!(report.found.is_empty());
    assert_eq!(report.note.as_deref(), Some("no file matched /srv/*.log"));
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

fn writer_sets(r: &Run, id: &str) -> Vec<String> {
    let Summary::Writer { received } = &r.get(id).expect("the writer ran").summary else {
        panic!("{id} is a writer");
    };
    explain::distinct(received)
        .into_iter()
        .map(explain::labels_text)
        .collect()
}

#[test]
fn declare_instances_run_their_module_with_the_arguments_given() {
    let dir = tree();
    let text = r#"
declare "tail" {
  argument "path" { }
  argument "job" {
    optional = true
    default  = "default-job"
  }
  argument "forward_to" { }

  local.file_match "m" {
    path_targets = [{ __path__ = argument.path.value, job = argument.job.value }]
  }
  loki.source.file "s" {
    targets    = local.file_match.m.targets
    forward_to = argument.forward_to.value
  }
  export "files" {
    value = local.file_match.m.targets
  }
}

tail "a" {
  path       = "/var/log/runs/1/*.log"
  forward_to = [loki.write.w.receiver]
}
tail "b" {
  path       = "/var/log/runs/2/*.log"
  job        = "b"
  forward_to = [loki.write.w.receiver]
}
local.file_match "again" {
  path_targets = tail.a.files
}
loki.write "w" {
  endpoint { url = "http://loki" }
}
"#;
    let r = run_text(text, dir.path());
    assert_eq!(r.get("tail.a").unwrap().status, Status::Executed);
    let inner = r
        .get("tail.a/local.file_match.m")
        .expect("instance component");
    assert_eq!(inner.parent.as_deref(), Some("tail.a"));
    assert_eq!(inner.status, Status::Executed);
    assert_eq!(
        writer_sets(&r, "loki.write.w"),
        [
            r#"{filename="/var/log/runs/1/job.log", job="default-job"}"#,
            r#"{filename="/var/log/runs/2/job.log", job="b"}"#,
        ]
    );
    let Summary::Source(again) = &r.get("local.file_match.again").unwrap().summary else {
        panic!("source");
    };
    assert_eq!(again.found, ["/var/log/runs/1/job.log"]);
}

#[test]
fn foreach_runs_the_template_per_item_and_again_when_what_it_reads_changes() {
    let dir = tree();
    // The template forwards to a component the graph orders after the foreach block (no
    // edge reaches into a template): its receiver is unknown at first, and the foreach is
    // evaluated again once the writer's exports are set.
    let text = r#"
foreach "runs" {
  collection = ["1", "3"]
  var        = "run"
  template {
    local.file_match "m" {
      path_targets = [{ __path__ = "/var/log/runs/" + run + "/*.log" }]
    }
    loki.source.file "s" {
      targets    = local.file_match.m.targets
      forward_to = [loki.write.w.receiver]
    }
  }
}
loki.write "w" {
  endpoint { url = "http://loki" }
}
"#;
    let r = run_text(text, dir.path());
    let foreach = r.get("foreach.runs").expect("the foreach ran");
    assert_eq!(foreach.status, Status::Executed);
    assert_eq!(foreach.evaluations, 2, "{:?}", r.components);
    assert_eq!(
        r.get("foreach.runs/1/loki.source.file.s")
            .unwrap()
            .parent
            .as_deref(),
        Some("foreach.runs/1")
    );
    assert_eq!(
        writer_sets(&r, "loki.write.w"),
        [
            r#"{filename="/var/log/runs/1/job.log"}"#,
            r#"{filename="/var/log/runs/3/job.log"}"#,
        ]
    );
    assert!(r.components.iter().all(|c| c.unknown_downstream.is_empty()));
}

/// A stand-in for `discovery.kubernetes`: other tools plug their own implementations in.
#[derive(Default)]
struct FakePods {
    calls: u32,
}

impl Component for FakePods {
    fn evaluate(&mut self, _id: &str, _args: &Args, _env: &Env) -> Result<Value, ArgError> {
        self.calls += 1;
        let pods: Vec<LabelSet> = ["a", "b"]
            .iter()
            .map(|p| {
                [
                    ("__address__".to_string(), format!("{p}:9090")),
                    ("__meta_kubernetes_pod_name".to_string(), p.to_string()),
                ]
                .into_iter()
                .collect()
            })
            .collect();
        Ok(Value::object_from([(
            "targets",
            args::targets_value(&pods),
        )]))
    }
}

#[test]
fn a_plugged_in_component_feeds_scrape_relabel_and_remote_write() {
    let dir = tree();
    let text = r#"
discovery.kubernetes "pods" { role = "pod" }
discovery.relabel "pods" {
  targets = discovery.kubernetes.pods.targets
  rule {
    source_labels = ["__meta_kubernetes_pod_name"]
    target_label  = "pod"
  }
}
prometheus.scrape "pods" {
  targets    = discovery.relabel.pods.output
  forward_to = [prometheus.relabel.drop_pod.receiver]
}
prometheus.relabel "drop_pod" {
  forward_to = [prometheus.remote_write.out.receiver]
  rule {
    action = "labeldrop"
    regex  = "instance"
  }
}
prometheus.remote_write "out" {
  endpoint { url = "http://mimir" }
  external_labels = { cluster = "c1" }
}
"#;
    let sources = Sources::load(vec![SourceFile::new("config.alloy", text)], None);
    let model = Model::build(&sources);
    let mut registry = Registry::builtin();
    registry.register("discovery.kubernetes", || Box::<FakePods>::default());
    let r = run(
        &model,
        &registry,
        &Env::new(dir.path()),
        &Evaluator::system(),
    );
    assert!(
        r.components.iter().all(|c| c.status == Status::Executed),
        "{:?}",
        r.components
    );
    assert_eq!(
        writer_sets(&r, "prometheus.remote_write.out"),
        [
            r#"{__name__=(unknown), cluster="c1", job="prometheus.scrape.pods", pod="a"}"#,
            r#"{__name__=(unknown), cluster="c1", job="prometheus.scrape.pods", pod="b"}"#,
        ]
    );
}

#[test]
fn a_directory_is_one_config_and_import_file_modules_are_run() {
    let dir = tree();
    let config = tempfile::tempdir().unwrap();
    std::fs::write(
        config.path().join("sources.alloy"),
        r#"
import.file "lib" {
  filename = "lib/tail.alloy"
}
lib.tail "runs" {
  pattern    = "/var/log/runs/4/*.log"
  forward_to = [loki.write.w.receiver]
}
"#,
    )
    .unwrap();
    std::fs::write(
        config.path().join("writer.alloy"),
        r#"
loki.write "w" {
  endpoint { url = "http://loki" }
}
"#,
    )
    .unwrap();
    std::fs::create_dir(config.path().join("lib")).unwrap();
    std::fs::write(
        config.path().join("lib/tail.alloy"),
        r#"
declare "tail" {
  argument "pattern" { }
  argument "forward_to" { }
  local.file_match "m" {
    path_targets = [{ __path__ = argument.pattern.value, dir = module_path }]
  }
  loki.source.file "s" {
    targets    = local.file_match.m.targets
    forward_to = argument.forward_to.value
  }
}
"#,
    )
    .unwrap();
    let sources = explain::load(config.path()).unwrap();
    let model = Model::build(&sources);
    let r = run(
        &model,
        &Registry::builtin(),
        &Env::new(dir.path()),
        &Evaluator::system(),
    );
    let sets = writer_sets(&r, "loki.write.w");
    assert_eq!(sets.len(), 1, "{:?}", r.components);
    let lib_dir = config.path().join("lib");
    assert_eq!(
        sets[0],
        format!(
            "{{dir={:?}, filename=\"/var/log/runs/4/job.log\"}}",
            lib_dir.to_string_lossy()
        )
    );
}

#[test]
fn custom_components_of_unread_modules_are_not_executed() {
    let dir = tree();
    let text = r#"
import.git "remote" {
  repository = "https://example.com/lib.git"
  path       = "lib.alloy"
}
remote.pipeline "x" { }
"#;
    let r = run_text(text, dir.path());
    assert_eq!(
        r.get("remote.pipeline.x").unwrap().status,
        Status::NotExecuted
    );
}

#[test]
fn a_self_instantiating_declare_stops_at_the_depth_limit() {
    let dir = tree();
    let text = r#"
declare "loop" {
  loop "again" { }
}
loop "start" { }
"#;
    let r = run_text(text, dir.path());
    let deepest = r
        .components
        .iter()
        .find(|c| matches!(c.status, Status::Failed(_)))
        .expect("the nesting limit is reported");
    assert!(deepest.id.starts_with("loop.start/loop.again/"));
}

#[test]
fn graphs_draw_template_and_module_edges_on_their_root_nodes() {
    let dir = tree();
    let text = r#"
foreach "runs" {
  collection = ["1", "2"]
  var        = "run"
  template {
    loki.source.file "s" {
      targets    = [{ __path__ = "/var/log/runs/" + run + "/job.log", job = "runner" }]
      forward_to = [loki.relabel.drop.receiver]
    }
  }
}
loki.relabel "drop" {
  forward_to = [loki.write.w.receiver]
  rule {
    action = "labeldrop"
    regex  = "filename"
  }
}
loki.write "w" {
  endpoint { url = "http://loki" }
}
otelcol.receiver.loki "otel" {
  output {}
}
"#;
    let sources = Sources::load(vec![SourceFile::new("config.alloy", text)], None);
    let model = Model::build(&sources);
    let r = run(
        &model,
        &Registry::builtin(),
        &Env::new(dir.path()),
        &Evaluator::system(),
    );
    let graph = graph::Graph::build(&model, &r);
    assert_eq!(
        graph.mermaid(),
        r#"flowchart LR
  n0["foreach.runs"]
  n1["loki.relabel.drop"]
  n2["loki.write.w"]
  n3["otelcol.receiver.loki.otel"]
  n0 -->|"logs: 2 streams"| n1
  n1 -->|"logs: 1 stream"| n2
  classDef notExecuted stroke-dasharray: 5 5
  class n3 notExecuted
"#
    );
    assert!(graph
        .dot()
        .contains(r#""foreach.runs" -> "loki.relabel.drop" [label="logs: 2 streams"];"#));
}
