//! `unsafe-path-permissions` on a real directory tree built here: modes 0700, 0711, 0750 and
//! 0755, files 0640/0664/0666, another owner, a symbolic link, and passwd/group files under
//! the tree. The tests run as root, so this checks that permissions are computed for the
//! configured user from the metadata, never found out by trying.

use alloy_lint::{lint_text, HostCheck, LintOptions};
use std::fs;
use std::os::unix::fs::{chown, symlink, PermissionsExt};
use std::path::{Path, PathBuf};

struct Tree(PathBuf);

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn dir(root: &Path, path: &str, mode: u32, owner: (u32, u32)) {
    let p = root.join(path);
    fs::create_dir_all(&p).expect("mkdir");
    chown(&p, Some(owner.0), Some(owner.1)).expect("chown");
    fs::set_permissions(&p, fs::Permissions::from_mode(mode)).expect("chmod");
}

fn file(root: &Path, path: &str, mode: u32, owner: (u32, u32)) {
    let p = root.join(path);
    fs::write(&p, "line\n").expect("write");
    chown(&p, Some(owner.0), Some(owner.1)).expect("chown");
    fs::set_permissions(&p, fs::Permissions::from_mode(mode)).expect("chmod");
}

const ROOT: (u32, u32) = (0, 0);
const RUNNER: (u32, u32) = (1001, 1001);
const ROOT_ADM: (u32, u32) = (0, 4);

/// None when not running as root (chown to another user is refused).
fn build() -> Option<Tree> {
    let root = std::env::temp_dir().join(format!("alloylint-perm-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(&root).expect("tree root");
    if chown(&root, Some(1001), Some(1001)).is_err() {
        let _ = fs::remove_dir_all(&root);
        return None;
    }
    let tree = Tree(root.clone());
    let r = root.as_path();
    dir(r, "", 0o755, ROOT);
    dir(r, "etc", 0o755, ROOT);
    fs::write(r.join("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nsyslog:x:104:110::/home/syslog:/usr/sbin/nologin\nalloy:x:473:473::/var/lib/alloy:/sbin/nologin\nrunner:x:1001:1001::/home/runner:/bin/sh\n").expect("passwd");
    fs::write(
        r.join("etc/group"),
        "root:x:0:\nadm:x:4:syslog,alloy\nalloy:x:473:\nrunner:x:1001:\n",
    )
    .expect("group");
    // The job runner's logs: its home for logs is 0700, so alloy cannot even search it.
    dir(r, "opt", 0o755, ROOT);
    dir(r, "opt/jobs", 0o700, RUNNER);
    dir(r, "opt/jobs/logs", 0o755, RUNNER);
    file(
        r,
        "opt/jobs/logs/scraper_20260520_165802.log",
        0o664,
        RUNNER,
    );
    // 0711: searchable, not listable. 0750 root:adm: alloy is in adm.
    dir(r, "srv", 0o711, ROOT);
    dir(r, "srv/app", 0o750, ROOT_ADM);
    file(r, "srv/app/readable.log", 0o640, ROOT_ADM);
    file(r, "srv/app/private.log", 0o600, ROOT);
    dir(r, "srv/hidden", 0o711, ROOT);
    file(r, "srv/hidden/known.log", 0o644, ROOT);
    dir(r, "srv/shared", 0o755, ROOT);
    file(r, "srv/shared/ok.log", 0o644, ROOT);
    // A link to the app logs, absolute inside the tree.
    dir(r, "data", 0o755, ROOT);
    symlink("/srv/app", r.join("data/current")).expect("symlink");
    dir(r, "var/log", 0o755, ROOT);
    file(r, "var/log/world.log", 0o666, ROOT);
    dir(r, "etc/alloy", 0o755, ROOT);
    file(r, "etc/alloy/leaky-secret", 0o644, ROOT);
    file(r, "etc/alloy/token", 0o640, (0, 473));
    Some(tree)
}

const CONFIG: &str = r#"local.file_match "jobs" {
  path_targets = [{"__path__" = "/opt/jobs/logs/*.log"}]
}

local.file_match "app" {
  path_targets = [
    {"__path__" = "/srv/app/*.log"},
    {"__path__" = "/data/current/readable.log"},
    {"__path__" = "/srv/hidden/*.log"},
    {"__path__" = "/srv/shared/*.log"},
    {"__path__" = "/srv/nothing_here/*.log"},
  ]
}

loki.source.file "world" {
  targets    = [{"__path__" = "/var/log/world.log"}]
  forward_to = []
}

local.file "known" {
  filename = "/srv/hidden/known.log"
}

local.file "leaky" {
  filename  = "/etc/alloy/leaky-secret"
  is_secret = true
}

local.file "token" {
  filename  = "/etc/alloy/token"
  is_secret = true
}

loki.source.journal "journal" {
  path       = "/opt/jobs"
  forward_to = []
}
"#;

fn findings(root: &Path, user: &str, explicit: bool) -> Vec<String> {
    let options = LintOptions {
        host: Some(HostCheck {
            fs_root: root.to_path_buf(),
            run_as: user.to_string(),
            explicit,
        }),
        ..LintOptions::default()
    };
    let report = lint_text("config.alloy", CONFIG, &options);
    report
        .findings
        .iter()
        .filter(|f| f.diagnostic.code == "unsafe-path-permissions")
        .map(|f| {
            let d = &f.diagnostic;
            let label = d
                .labels
                .iter()
                .find(|l| l.primary)
                .map(|l| l.message.as_str())
                .unwrap_or("");
            format!(
                "{}[unsafe-path-permissions]: {}\n  | {label}\n  = {}",
                d.severity,
                d.message,
                d.help.as_deref().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn permissions_for_the_configured_user() {
    let Some(tree) = build() else {
        eprintln!("path_permissions: not running as root (cannot chown); skipping");
        return;
    };
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/lint/rules/snapshots"),
    );
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        // As alloy on the host it runs on: blocked directories, unreadable files, a glob
        // matching nothing, a world-writable file and a secret anyone can read.
        insta::assert_snapshot!(
            "unsafe-path-permissions__as_alloy",
            findings(&tree.0, "alloy", true).join("\n")
        );
        // The job's own user reaches its logs; others' files are still its problem.
        insta::assert_snapshot!(
            "unsafe-path-permissions__as_runner",
            findings(&tree.0, "runner", true).join("\n")
        );
    });
    // Root reads everything: only the files' own modes remain.
    let as_root = findings(&tree.0, "root", true);
    assert!(
        as_root.iter().all(|f| f.contains("world-writable")
            || f.contains("readable by every user")
            || f.contains("matches no file")),
        "{as_root:#?}"
    );
    // Not the real host: a glob that matches nothing is no finding.
    let workstation = findings(&tree.0, "alloy", false);
    assert!(
        !workstation.iter().any(|f| f.contains("matches no file")),
        "{workstation:#?}"
    );
    assert_eq!(
        workstation.len() + 1,
        findings(&tree.0, "alloy", true).len()
    );
    // A user the tree does not have: nothing can be computed, nothing is reported.
    assert!(findings(&tree.0, "nosuchuser", true).is_empty());
}
