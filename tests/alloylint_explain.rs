//! `alloylint explain` on a job-runner host built by the test: per-run log files under a
//! 0700 directory of the runner's user, a log shipper running as `alloy`. Explained before
//! and after the `chmod` that lets `alloy` in, and before and after the `labeldrop` of
//! `filename`: no file (and the blocking directory with its fix), 4 streams, 1 stream.
//!
//! The tests run as root, so what `alloy` may read is computed from the metadata for that
//! user (as `unsafe-path-permissions` does), never found out by trying.

use std::fs;
use std::os::unix::fs::{chown, PermissionsExt};
use std::path::{Path, PathBuf};
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

const KEPT: &str = "loki.write.default.receiver";
const DROPPED: &str = "loki.relabel.drop_filename.receiver";

/// A host's file system under a temporary root.
struct Host {
    _dir: tempfile::TempDir,
    root: PathBuf,
    config: PathBuf,
}

fn set(path: &Path, mode: u32, owner: (u32, u32)) {
    chown(path, Some(owner.0), Some(owner.1)).expect("chown");
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}

const ROOT: (u32, u32) = (0, 0);
const RUNNER: (u32, u32) = (1001, 1001);

/// The job runner's host; `None` when not running as root (chown to another user fails).
fn host() -> Option<Host> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    fs::create_dir_all(root.join("etc")).unwrap();
    if chown(&root, Some(RUNNER.0), Some(RUNNER.1)).is_err() {
        eprintln!("skipped: building another user's files needs root");
        return None;
    }
    set(&root, 0o755, ROOT);
    fs::write(
        root.join("etc/passwd"),
        "root:x:0:0:root:/root:/bin/sh\nalloy:x:473:473::/var/lib/alloy:/sbin/nologin\nrunner:x:1001:1001::/home/runner:/bin/sh\n",
    )
    .unwrap();
    fs::write(
        root.join("etc/group"),
        "root:x:0:\nalloy:x:473:\nrunner:x:1001:\n",
    )
    .unwrap();
    for dir in ["var", "var/lib", "var/lib/runner"] {
        fs::create_dir_all(root.join(dir)).unwrap();
        set(&root.join(dir), 0o755, ROOT);
    }
    let runs = root.join("var/lib/runner/runs");
    for run in ["101", "102", "103", "104"] {
        let dir = runs.join(run);
        fs::create_dir_all(&dir).unwrap();
        set(&dir, 0o755, RUNNER);
        fs::write(dir.join("job.log"), "started\n").unwrap();
        set(&dir.join("job.log"), 0o644, RUNNER);
    }
    // Not matched by *.log.
    fs::write(runs.join("101/job.json"), "{}").unwrap();
    // The runner keeps its runs to itself.
    set(&runs, 0o700, RUNNER);
    let config = dir.path().join("config.alloy");
    Some(Host {
        _dir: dir,
        root,
        config,
    })
}

impl Host {
    fn chmod_runs(&self, mode: u32) {
        set(&self.root.join("var/lib/runner/runs"), mode, RUNNER);
    }

    fn explain(&self, forward: &str, extra: &[&str]) -> String {
        fs::write(&self.config, CONFIG.replace("FORWARD", forward)).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_alloylint"))
            .arg("explain")
            .arg(&self.config)
            .arg("--fs-root")
            .arg(&self.root)
            .args(["--run-as", "alloy"])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

fn streams(json: &str) -> u64 {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let writer = &v["writers"][0];
    assert_eq!(writer["component"], "loki.write.default");
    assert_eq!(writer["exact"], true);
    writer["streams"].as_u64().unwrap()
}

#[test]
fn the_0700_runs_directory_hides_every_file_until_chmod() {
    let Some(host) = host() else { return };
    let json = host.explain(KEPT, &["--format", "json"]);
    assert_eq!(streams(&json), 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let blocked = &v["sources"][0]["blocked"][0];
    assert_eq!(blocked["path"], "/var/lib/runner/runs");
    assert_eq!(blocked["mode"], "drwx------");
    assert_eq!(blocked["owner"], "runner");
    insta::assert_snapshot!("blocked_json", json);
    insta::assert_snapshot!("blocked_human", host.explain(KEPT, &[]));

    host.chmod_runs(0o755);
    let json = host.explain(KEPT, &["--format", "json"]);
    assert_eq!(streams(&json), 4);
    insta::assert_snapshot!("filename_kept_json", json);
    insta::assert_snapshot!("filename_kept_human", host.explain(KEPT, &[]));

    let json = host.explain(DROPPED, &["--format", "json"]);
    assert_eq!(streams(&json), 1);
    insta::assert_snapshot!("filename_dropped_json", json);
    insta::assert_snapshot!("filename_dropped_human", host.explain(DROPPED, &[]));
}

#[test]
fn graphs_label_edges_with_what_flows() {
    let Some(host) = host() else { return };
    host.chmod_runs(0o750);
    // 0750 runner:runner: alloy is not in the group, so still nothing.
    assert_eq!(streams(&host.explain(KEPT, &["--format", "json"])), 0);
    host.chmod_runs(0o755);
    insta::assert_snapshot!(
        "graph_mermaid",
        host.explain(DROPPED, &["--graph", "mermaid"])
    );
    insta::assert_snapshot!("graph_dot", host.explain(DROPPED, &["--graph", "dot"]));
}

#[test]
fn bad_invocations_are_errors() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_alloylint"))
            .arg("explain")
            .args(args)
            .output()
            .unwrap()
    };
    assert_eq!(run(&["/nonexistent/config.alloy"]).status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("c.alloy");
    fs::write(
        &config,
        "local.file \"a\" {\n  filename = \"/etc/hosts\"\n}\n",
    )
    .unwrap();
    let out = run(&[
        config.to_str().unwrap(),
        "--fs-root",
        dir.path().to_str().unwrap(),
        "--run-as",
        "nobody-here",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no user nobody-here"));
    fs::write(&config, "local.file \"a\" {\n").unwrap();
    let out = run(&[config.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("syntax errors"));
}
