//! `alloylint explain` on a job-runner host's log tree built by the test: per-run log files
//! found by a glob, streams counted at loki.write, before and after a labeldrop of filename.

use std::path::Path;
use std::process::Command;

const CONFIG: &str = r#"
local.file_match "runs" {
  path_targets = [{ __path__ = "/var/lib/runner/runs/**/*.log", job = "runner" }]
}

loki.source.file "runs" {
  targets    = local.file_match.runs.targets
  forward_to = [FORWARD]
}

loki.relabel "drop_filename" {
  forward_to = [loki.write.default.receiver]
  rule {
    action = "labeldrop"
    regex  = "filename"
  }
}

loki.write "default" {
  endpoint {
    url = "http://loki:3100/loki/api/v1/push"
  }
  external_labels = { host = "runner-1" }
}
"#;

fn tree(root: &Path) {
    for run in ["101", "102", "103", "104"] {
        let dir = root.join("var/lib/runner/runs").join(run);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("job.log"), "started\n").unwrap();
    }
    // Not matched by *.log.
    std::fs::write(root.join("var/lib/runner/runs/101/job.json"), "{}").unwrap();
}

fn explain(forward: &str, format: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    tree(&root);
    let config = dir.path().join("config.alloy");
    std::fs::write(&config, CONFIG.replace("FORWARD", forward)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_alloylint"))
        .args([
            "explain",
            config.to_str().unwrap(),
            "--format",
            format,
            "--fs-root",
        ])
        .arg(&root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn streams(json: &str) -> u64 {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let writer = &v["writers"][0];
    assert_eq!(writer["component"], "loki.write.default");
    writer["streams"].as_u64().unwrap()
}

#[test]
fn filename_kept_gives_one_stream_per_file() {
    let (json, _) = explain("loki.write.default.receiver", "json");
    assert_eq!(streams(&json), 4);
    insta::assert_snapshot!("filename_kept_json", json);
    let (human, _) = explain("loki.write.default.receiver", "human");
    insta::assert_snapshot!("filename_kept_human", human);
}

#[test]
fn labeldrop_of_filename_gives_one_stream() {
    let (json, _) = explain("loki.relabel.drop_filename.receiver", "json");
    assert_eq!(streams(&json), 1);
    insta::assert_snapshot!("filename_dropped_json", json);
    let (human, _) = explain("loki.relabel.drop_filename.receiver", "human");
    insta::assert_snapshot!("filename_dropped_human", human);
}

#[test]
fn a_missing_config_is_an_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_alloylint"))
        .args(["explain", "/nonexistent/config.alloy"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
