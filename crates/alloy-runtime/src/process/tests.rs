//! Each label-affecting stage on one stream's labels, with Alloy's semantics.

use super::*;
use crate::engine::eval_body;
use crate::explain::labels_text;
use alloy_eval::{EmptyScope, Evaluator};
use alloy_semantic::{Model, SourceFile, Sources};

fn build(stages: &str) -> Result<Process, ArgError> {
    let text = format!("loki.process \"p\" {{\n  forward_to = []\n{stages}\n}}\n");
    let sources = Sources::load(vec![SourceFile::new("c.alloy", text)], None);
    assert!(
        sources.parse_diagnostics[0].is_empty(),
        "{:?}",
        sources.parse_diagnostics
    );
    let model = Model::build(&sources);
    let node = model
        .nodes
        .iter()
        .find(|n| n.id == "loki.process.p")
        .expect("the component");
    let args = eval_body(&Evaluator::system(), &node.block.body, &EmptyScope).expect("args");
    let mut p = Process::default();
    p.evaluate("loki.process.p", &args, &Env::new("/"))?;
    Ok(p)
}

/// The label sets `stages` forward for one stream labelled `labels`.
fn process(stages: &str, labels: &[(&str, &str)]) -> Vec<String> {
    let mut p = build(stages).expect("valid stages");
    let labels = Labels::from_known(
        labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    );
    p.receive(&labels, "loki.source.file.s")
        .iter()
        .map(|s| labels_text(&s.labels))
        .collect()
}

const FILE: &[(&str, &str)] = &[("filename", "/var/log/a.log"), ("job", "app")];

#[test]
fn static_labels_add_and_overwrite() {
    assert_eq!(
        process(
            r#"stage.static_labels { values = { env = "prod", job = "web" } }"#,
            FILE
        ),
        [r#"{env="prod", filename="/var/log/a.log", job="web"}"#]
    );
}

#[test]
fn labels_from_parsed_fields_are_unknown_and_from_labels_are_copied() {
    let stages = r#"
  stage.json { expressions = { level = "lvl" } }
  stage.labels { values = { level = "", service = "job", missing = "" } }"#;
    assert_eq!(
        process(stages, FILE),
        [r#"{filename="/var/log/a.log", job="app", level=(unknown), service="app"}"#]
    );
    // What the unknown value is said to come from.
    let mut p = build(stages).unwrap();
    let out = p.receive(
        &Labels::from_known(crate::LabelSet::from([("job".into(), "app".into())])),
        "s",
    );
    assert_eq!(
        out[0].labels.unknown["level"],
        "the field `level` stage.json extracts from each line"
    );
}

#[test]
fn label_drop_and_label_keep() {
    assert_eq!(
        process(r#"stage.label_drop { values = ["filename"] }"#, FILE),
        [r#"{job="app"}"#]
    );
    assert_eq!(
        process(r#"stage.label_keep { values = ["filename"] }"#, FILE),
        [r#"{filename="/var/log/a.log"}"#]
    );
}

#[test]
fn structured_metadata_moves_labels_out_of_the_label_set() {
    assert_eq!(
        process(
            r#"stage.structured_metadata { values = { filename = "" } }"#,
            FILE
        ),
        [r#"{job="app"}"#]
    );
    assert_eq!(
        process(r#"stage.structured_metadata { regex = "^file" }"#, FILE),
        [r#"{job="app"}"#]
    );
    // A field of that name that is not a label leaves the labels alone.
    assert_eq!(
        process(
            r#"stage.structured_metadata { values = { trace = "" } }"#,
            FILE
        ),
        [r#"{filename="/var/log/a.log", job="app"}"#]
    );
}

#[test]
fn match_runs_its_stages_when_the_selector_matches() {
    let stages = |selector: &str| {
        format!(
            r#"stage.match {{
    selector = {selector:?}
    stage.static_labels {{ values = {{ matched = "yes" }} }}
  }}"#
        )
    };
    assert_eq!(
        process(&stages(r#"{job="app"}"#), FILE),
        [r#"{filename="/var/log/a.log", job="app", matched="yes"}"#]
    );
    assert_eq!(
        process(&stages(r#"{job=~"ap.", filename!~".*\\.gz"}"#), FILE),
        [r#"{filename="/var/log/a.log", job="app", matched="yes"}"#]
    );
    // Anchored: `ap` alone does not match "app".
    assert_eq!(
        process(&stages(r#"{job=~"ap"}"#), FILE),
        [r#"{filename="/var/log/a.log", job="app"}"#]
    );
    // A missing label is the empty string.
    assert_eq!(
        process(&stages(r#"{team=""}"#), FILE),
        [r#"{filename="/var/log/a.log", job="app", matched="yes"}"#]
    );
    // A line filter: some entries match, some do not.
    assert_eq!(
        process(&stages(r#"{job="app"} |= "error" != "debug""#), FILE),
        [
            r#"{filename="/var/log/a.log", job="app"}"#,
            r#"{filename="/var/log/a.log", job="app", matched="yes"}"#,
        ]
    );
}

#[test]
fn match_on_a_label_from_the_line_has_both_outcomes() {
    let stages = r#"
  stage.regex { expression = "(?P<level>\\w+):" }
  stage.labels { values = { level = "" } }
  stage.match {
    selector = "{level=\"debug\"}"
    action   = "drop"
  }
  stage.match {
    selector = "{level=\"error\"}"
    stage.static_labels { values = { page = "true" } }
  }"#;
    assert_eq!(
        process(stages, FILE),
        [
            r#"{filename="/var/log/a.log", job="app", level=(unknown)}"#,
            r#"{filename="/var/log/a.log", job="app", level=(unknown), page="true"}"#,
        ]
    );
}

#[test]
fn match_drop_and_drop_stages_drop_only_when_certain() {
    assert!(process(
        r#"stage.match {
    selector = "{job=\"app\"}"
    action   = "drop"
  }"#,
        FILE
    )
    .is_empty());
    let drop = |attributes: &str| process(&format!("stage.drop {{\n{attributes}\n}}"), FILE);
    assert!(drop("source = \"job\"\nvalue = \"app\"").is_empty());
    assert!(drop("source = \"job,filename\"\nexpression = \"app;/var/.*\"").is_empty());
    assert_eq!(drop("source = \"job\"\nvalue = \"web\"").len(), 1);
    // The line decides: some entries go, the others keep these labels.
    assert_eq!(drop("expression = \".*debug.*\"").len(), 1);
    assert_eq!(drop("source = \"job\"\nlonger_than = \"8KB\"").len(), 1);
    // A source that is not there: nothing is dropped.
    assert_eq!(process(r#"stage.drop { source = "nope" }"#, FILE).len(), 1);
}

#[test]
fn docker_cri_and_capture_groups_set_labels_from_the_line() {
    assert_eq!(
        process("stage.docker { }", FILE),
        [r#"{filename="/var/log/a.log", job="app", stream=(unknown)}"#]
    );
    assert_eq!(
        process("stage.cri { }", FILE),
        [r#"{filename="/var/log/a.log", job="app", stream=(unknown)}"#]
    );
    assert_eq!(
        process(
            r#"stage.pattern {
    pattern            = "<_> <method> <path>"
    labels_from_groups = true
  }"#,
            FILE
        ),
        [r#"{filename="/var/log/a.log", job="app", method=(unknown), path=(unknown)}"#]
    );
}

#[test]
fn pack_tenant_and_truncate() {
    assert_eq!(
        process(r#"stage.pack { labels = ["filename"] }"#, FILE),
        [r#"{job="app"}"#]
    );
    assert_eq!(
        process(r#"stage.tenant { value = "team-a" }"#, FILE),
        [r#"{__tenant_id__="team-a", filename="/var/log/a.log", job="app"}"#]
    );
    // The documented example: "hello world" at 12B with "..." stays; 8B cuts it.
    let truncate = |limit: &str| {
        format!(
            r#"stage.truncate {{
    rule {{
      limit       = "{limit}"
      suffix      = "..."
      source_type = "label"
    }}
  }}"#
        )
    };
    assert_eq!(
        process(&truncate("12B"), &[("label2", "hello world")]),
        [r#"{label2="hello world"}"#]
    );
    assert_eq!(
        process(&truncate("8B"), &[("label2", "hello world")]),
        [r#"{label2="hello..."}"#]
    );
}

#[test]
fn line_only_stages_leave_labels_alone() {
    let stages = r#"
  stage.output { source = "msg" }
  stage.timestamp {
    source = "ts"
    format = "RFC3339"
  }
  stage.multiline { firstline = "^\\d" }
  stage.decolorize { }"#;
    assert_eq!(
        process(stages, FILE),
        [r#"{filename="/var/log/a.log", job="app"}"#]
    );
}

#[test]
fn invalid_stages_are_reported() {
    let error = |stages: &str| match build(stages) {
        Err(ArgError::Invalid(m)) => m,
        other => panic!("expected an error, got {:?}", other.err()),
    };
    assert!(error(
        r#"stage.match {
    selector = "job=\"x\""
    stage.output { source = "m" }
  }"#
    )
    .contains("invalid selector"));
    assert!(error(r#"stage.match { selector = "{job=\"x\"}" }"#)
        .contains("at least one additional stage"));
    assert!(error(r#"stage.drop { drop_counter_reason = "x" }"#).contains("at least one of"));
    assert!(error(r#"stage.truncate { rule { limit = "lots" } }"#).contains("invalid limit"));
}
