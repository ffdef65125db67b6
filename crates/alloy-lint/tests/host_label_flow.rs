//! `filename-label-kept` and `high-cardinality-label` with the host named (`--fs-root`): the
//! config is run by `alloy-runtime` and their findings carry what reaches the writers there.

use alloy_lint::{lint_text, HostCheck, LintOptions};
use std::fs;
use std::path::Path;

fn host() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("etc")).unwrap();
    fs::write(
        root.join("etc/passwd"),
        "root:x:0:0::/root:/bin/sh\nalloy:x:473:473::/var/lib/alloy:/sbin/nologin\n",
    )
    .unwrap();
    fs::write(root.join("etc/group"), "root:x:0:\nalloy:x:473:\n").unwrap();
    fs::create_dir_all(root.join("var/log/jobs")).unwrap();
    for run in 1..=4 {
        fs::write(root.join(format!("var/log/jobs/{run}.log")), "line\n").unwrap();
    }
    dir
}

fn messages(root: &Path, explicit: bool, text: &str, code: &str) -> Vec<String> {
    let options = LintOptions {
        host: Some(HostCheck {
            fs_root: root.to_path_buf(),
            run_as: "alloy".into(),
            explicit,
        }),
        ..LintOptions::default()
    };
    lint_text("config.alloy", text, &options)
        .findings
        .into_iter()
        .filter(|f| f.diagnostic.code == code)
        .map(|f| f.diagnostic.message)
        .collect()
}

const GLOB: &str = r#"
local.file_match "jobs" {
  path_targets = [{ __path__ = "/var/log/jobs/*.log", job = "runner" }]
}

loki.source.file "jobs" {
  targets    = local.file_match.jobs.targets
  forward_to = [NEXT]
}

loki.process "p" {
  forward_to = [loki.write.default.receiver]
  STAGES
}

loki.write "default" {
  endpoint {
    url = "http://loki/api/v1/push"
  }
}
"#;

fn config(next: &str, stages: &str) -> String {
    GLOB.replace("NEXT", next).replace("STAGES", stages)
}

#[test]
fn filename_findings_count_files_and_streams_on_the_host() {
    let host = host();
    let text = config("loki.write.default.receiver", "");
    assert_eq!(
        messages(host.path(), true, &text, "filename-label-kept"),
        ["log entries from loki.source.file.jobs reach loki.write.default with the `filename` label: loki.source.file.jobs -> loki.write.default (on this host: 4 files tailed, 4 streams with `filename` at loki.write.default)"]
    );
    // Without the host named, the machine alloylint runs on is not looked at.
    assert_eq!(
        messages(host.path(), false, &text, "filename-label-kept"),
        ["log entries from loki.source.file.jobs reach loki.write.default with the `filename` label: loki.source.file.jobs -> loki.write.default"]
    );
}

#[test]
fn the_run_clears_a_path_the_config_reading_cannot() {
    let host = host();
    // The drop is inside a stage.match, which the rule alone takes to apply to some entries
    // only; the run shows every stream matches it.
    let stages = r#"stage.match {
    selector = "{job=\"runner\"}"
    stage.label_drop {
      values = ["filename"]
    }
  }"#;
    let text = config("loki.process.p.receiver", stages);
    assert_eq!(
        messages(host.path(), false, &text, "filename-label-kept").len(),
        1
    );
    assert!(messages(host.path(), true, &text, "filename-label-kept").is_empty());
    // And a selector that only some streams match leaves it reported.
    let text = text.replace(r#"job=\"runner\""#, r#"job=\"other\""#);
    assert_eq!(
        messages(host.path(), true, &text, "filename-label-kept").len(),
        1
    );
}

#[test]
fn structured_metadata_moves_filename_out_of_the_labels() {
    let host = host();
    let stages = r#"stage.structured_metadata {
    values = { filename = "" }
  }"#;
    let text = config("loki.process.p.receiver", stages);
    assert!(messages(host.path(), false, &text, "filename-label-kept").is_empty());
    assert!(messages(host.path(), true, &text, "filename-label-kept").is_empty());
}

#[test]
fn high_cardinality_findings_say_what_leaves_the_component() {
    let host = host();
    let stages = r#"stage.label_drop {
    values = ["filename"]
  }
  stage.json {
    expressions = { trace_id = "" }
  }
  stage.labels {
    values = { trace_id = "" }
  }"#;
    let text = config("loki.process.p.receiver", stages);
    assert_eq!(
        messages(host.path(), true, &text, "high-cardinality-label"),
        ["label `trace_id` of loki.process.p takes its value from the extracted field `trace_id`, which is unbounded (on this host: 1 stream leaves loki.process.p, each split again by every value of `trace_id` in the log lines)"]
    );
}
