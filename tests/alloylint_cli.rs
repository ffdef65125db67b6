//! Runs the built `alloylint` binary: output formats, exit codes, stdin and directories.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const CLEAN: &str = r#"prometheus.scrape "default" {
  targets    = [{"__address__" = "localhost:9090"}]
  forward_to = [prometheus.remote_write.default.receiver]
}

prometheus.remote_write "default" {
  endpoint {
    url = "http://mimir:9009/api/v1/push"
  }
}
"#;

const BROKEN: &str = r#"loki.write "default" {
  endpoint {
    url         = "http://loki:3100/loki/api/v1/push"
    min_backoff = "1s"
  }
}
"#;

fn alloylint(args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_alloylint"));
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("alloylint runs");
    {
        let mut input = child.stdin.take().expect("stdin");
        if let Some(text) = stdin {
            // The process may exit before reading (usage errors): a broken pipe is fine.
            let _ = input.write_all(text.as_bytes());
        }
    }
    child.wait_with_output().expect("alloylint finishes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&path, text).expect("write fixture");
    path
}

#[test]
fn clean_file_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "ok.alloy", CLEAN);
    let out = alloylint(&["check", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("0 errors"), "{}", stderr(&out));
}

#[test]
fn findings_exit_one_with_human_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bad.alloy", BROKEN);
    let out = alloylint(&[path.to_str().unwrap(), "--color", "never"], None);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("unknown-attribute"), "{text}");
    assert!(text.contains("bad.alloy:4:5"), "{text}");
    assert!(
        text.contains("did you mean `min_backoff_period`?"),
        "{text}"
    );
    assert!(
        text.contains("min_backoff = \"1s\""),
        "source line shown: {text}"
    );
}

#[test]
fn check_is_the_default_subcommand_with_flags_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bad.alloy", BROKEN);
    let out = alloylint(&["--format", "json", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json output");
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "unknown-attribute");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["line"], 4);
    assert_eq!(d["column"], 5);
    assert_eq!(d["fix"]["title"], "Replace with `min_backoff_period`");
    assert_eq!(d["fix"]["applicability"], "unsafe");
    assert_eq!(d["fix"]["edits"][0]["replacement"], "min_backoff_period");
    assert_eq!(v["summary"]["errors"], 1);
}

#[test]
fn stdin_is_read_with_dash() {
    let out = alloylint(&["check", "-", "--format", "json"], Some(BROKEN));
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["diagnostics"][0]["file"], "<stdin>");
    let out = alloylint(&["-"], Some(CLEAN));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn directory_is_one_config() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "scrape.alloy",
        &CLEAN[..CLEAN.find("prometheus.remote_write \"default\" {").unwrap()],
    );
    write(
        dir.path(),
        "write.alloy",
        &CLEAN[CLEAN.find("prometheus.remote_write \"default\" {").unwrap()..],
    );
    write(dir.path(), "notes.txt", "not a config {");
    let out = alloylint(&[dir.path().to_str().unwrap()], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stderr(&out).contains("2 files checked"), "{}", stderr(&out));
}

#[test]
fn sarif_is_valid_2_1_0() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bad.alloy", BROKEN);
    let out = alloylint(&["--format", "sarif", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "alloylint");
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "unknown-attribute");
    assert_eq!(result["level"], "error");
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(
        run["tool"]["driver"]["rules"][index]["id"],
        "unknown-attribute"
    );
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 4);
    assert_eq!(region["startColumn"], 5);
    assert_eq!(region["endColumn"], 16);

    // Absolute paths under the working directory become repository-relative URIs.
    let out = Command::new(env!("CARGO_BIN_EXE_alloylint"))
        .args(["--format", "sarif", path.to_str().unwrap()])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let uri =
        &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "bad.alloy");
}

#[test]
fn github_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bad.alloy", BROKEN);
    let out = alloylint(&["--format", "github", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let line = text.lines().next().unwrap();
    assert!(line.starts_with("::error file="), "{line}");
    assert!(line.contains(",line=4,col=5,"), "{line}");
    assert!(
        line.contains("title=unknown-attribute::unknown attribute `min_backoff`"),
        "{line}"
    );
    assert!(
        line.contains("%0Ahelp: did you mean"),
        "newlines escaped: {line}"
    );
}

#[test]
fn warnings_alone_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "main.alloy",
        "import.file \"lib\" {\n  filename = \"missing.alloy\"\n}\n",
    );
    let out = alloylint(&["--format", "json", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["diagnostics"][0]["severity"], "warning");
    assert_eq!(v["diagnostics"][0]["code"], "unresolved-import");
}

#[test]
fn stability_level_flag() {
    let config = "otelcol.exporter.debug \"default\" {}\n";
    let out = alloylint(&["-", "--format", "json"], Some(config));
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("unstable-component"));
    let out = alloylint(&["-", "--stability.level", "experimental"], Some(config));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = alloylint(&["-", "--stability.level", "beta"], Some(config));
    assert_eq!(out.status.code(), Some(2), "invalid level is a usage error");
}

#[test]
fn usage_and_io_errors_exit_two() {
    let out = alloylint(&["check"], None);
    assert_eq!(out.status.code(), Some(2), "no paths");
    let out = alloylint(&["--format", "yaml", "x.alloy"], None);
    assert_eq!(out.status.code(), Some(2), "bad format");
    let out = alloylint(&["/definitely/not/here.alloy"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/definitely/not/here.alloy"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn syntax_errors_are_reported() {
    let out = alloylint(
        &["-", "--format", "json"],
        Some("logging {\n  level: \"info\"\n}\n"),
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["diagnostics"][0]["code"], "syntax-error");
    assert_eq!(v["diagnostics"][0]["line"], 2);
}

#[test]
fn imports_resolve_relative_to_the_config() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "lib/mod.alloy",
        "declare \"pipeline\" {\n  argument \"write_to\" {}\n}\n",
    );
    let main = write(
        dir.path(),
        "main.alloy",
        "import.file \"lib\" {\n  filename = \"lib/mod.alloy\"\n}\n\nlib.pipeline \"x\" {\n  write_too = []\n}\n",
    );
    // Run from elsewhere: resolution must not depend on the working directory.
    let out = Command::new(env!("CARGO_BIN_EXE_alloylint"))
        .args(["--format", "json", main.to_str().unwrap()])
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["missing-required-argument", "unknown-argument"]);
}

#[test]
fn schema_subcommand_renders_json_and_markdown() {
    let out = alloylint(&["schema", "loki.write", "--format", "json"], None);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("schema json");
    assert!(v.to_string().contains("min_backoff_period"));
    let out = alloylint(&["schema", "loki.write", "--format", "markdown"], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("loki.write"));
    let out = alloylint(&["schema", "loki.writer"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("loki.write"),
        "suggestion: {}",
        stderr(&out)
    );
}

#[test]
fn eval_takes_an_expression_that_starts_with_a_minus() {
    for (expression, value) in [
        ("-1", "-1"),
        ("-1 + 2", "1"),
        ("--1", "1"),
        ("-(3 * 2)", "-6"),
    ] {
        let out = alloylint(&["eval", expression], None);
        assert_eq!(out.status.code(), Some(0), "{expression}: {}", stderr(&out));
        assert_eq!(stdout(&out).trim(), value, "{expression}");
    }
    // `--` still ends the options, and flags after `eval` are still flags.
    let out = alloylint(&["eval", "--", "-1"], None);
    assert_eq!(stdout(&out).trim(), "-1", "{}", stderr(&out));
    let out = alloylint(&["eval", "--help"], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("Usage: alloylint eval"),
        "{}",
        stdout(&out)
    );
    // A negated unknown name is an evaluation error, not a usage error.
    let out = alloylint(&["eval", "-x"], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("<expression>:1:2: identifier \"x\" does not exist"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn eval_subcommand_prints_values_and_fails_with_a_diagnostic() {
    let out = alloylint(&["eval", "1 + 2 * 3"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "7");
    let out = alloylint(&["eval", "string.to_upper(\"abc\")"], None);
    assert_eq!(stdout(&out).trim(), "\"ABC\"");
    let out = alloylint(&["eval", "1 / \"x\""], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(!stderr(&out).is_empty());

    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "c.alloy",
        "prometheus.scrape \"default\" {\n  scrape_interval = \"1\" + \"5s\"\n}\n",
    );
    let out = alloylint(
        &[
            "eval",
            "--file",
            path.to_str().unwrap(),
            "--at",
            "prometheus.scrape.default.scrape_interval",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "\"15s\"");
}

#[test]
fn rules_lists_every_rule_and_rule_prints_its_page() {
    let out = alloylint(&["rules"], None);
    assert_eq!(out.status.code(), Some(0));
    let list = stdout(&out);
    let line = list
        .lines()
        .find(|l| l.starts_with("deprecated-function "))
        .expect("deprecated-function listed");
    let columns: Vec<&str> = line.split_whitespace().take(5).collect();
    assert_eq!(
        columns,
        ["deprecated-function", "deprecated", "warning", "no", "safe"]
    );
    assert!(list.lines().any(|l| l.starts_with("eval-error ")), "{list}");

    let out = alloylint(&["rule", "unknown-attribute"], None);
    assert_eq!(out.status.code(), Some(0));
    let page = stdout(&out);
    assert!(page.starts_with("# unknown-attribute\n"), "{page}");
    assert!(page.contains("## Example\n```alloy\n"), "{page}");

    let out = alloylint(&["rule", "unknown-atribute"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean unknown-attribute?"), "{err}");
}

#[test]
fn sarif_rules_carry_every_rule_with_level_and_docs() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bad.alloy", BROKEN);
    let out = alloylint(&["--format", "sarif", path.to_str().unwrap()], None);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    for id in [
        "unknown-function",
        "unstable-function",
        "deprecated-function",
        "eval-error",
    ] {
        assert!(
            rules.iter().any(|r| r["id"] == id),
            "{id} not in the rules table"
        );
    }
    let rule = rules
        .iter()
        .find(|r| r["id"] == "deprecated-function")
        .unwrap();
    assert_eq!(rule["defaultConfiguration"]["level"], "warning");
    assert_eq!(rule["properties"]["tags"][0], "deprecated");
    assert!(rule["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## Why"));
}

// --- lint rules: --fix, configuration, suppressions, host checks -------------------------

/// A deprecated function (safe fix) and a stage.labels literal (unsafe fix), badly formatted.
const FIXABLE: &str = r#"loki.source.api "api" {
  http {
    listen_port = 3500
  }
  forward_to = [loki.process.default.receiver]
}

loki.process "default" {
  forward_to = [loki.write.default.receiver]
  stage.labels {
    values = { env = "production" }
  }
}

loki.write "default" {
  endpoint {
    url = env("LOKI_URL")
  }
}
"#;

#[test]
fn fix_applies_safe_fixes_formats_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "config.alloy", FIXABLE);
    let p = path.to_str().unwrap();
    let out = alloylint(&["--fix", p], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert!(fixed.contains("url = sys.env(\"LOKI_URL\")"), "{fixed}");
    // The guess is left for --unsafe-fixes; the output is alloy fmt's.
    assert!(fixed.contains("stage.labels {"), "{fixed}");
    assert_eq!(alloy_format::format_source(&fixed).unwrap(), fixed);
    assert!(
        stdout(&out).contains("stage-labels-literal"),
        "{}",
        stdout(&out)
    );
    let again = alloylint(&["--fix", p], None);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed);

    let out = alloylint(&["--fix", "--unsafe-fixes", p], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert!(fixed.contains("stage.static_labels {"), "{fixed}");
    assert!(
        !stdout(&out).contains("stage-labels-literal"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn fix_diff_previews_and_stdin_prints_the_fixed_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "config.alloy", FIXABLE);
    let out = alloylint(&["--fix", "--diff", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("-    url = env(\"LOKI_URL\")"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("+\t\turl = sys.env(\"LOKI_URL\")"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        FIXABLE,
        "--diff writes nothing"
    );

    let out = alloylint(&["--fix", "--unsafe-fixes", "-"], Some(FIXABLE));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("sys.env(\"LOKI_URL\")") && text.contains("stage.static_labels"),
        "{text}"
    );
    assert!(!alloy_syntax::parse(&text).has_errors());
}

#[test]
fn fix_leaves_files_with_syntax_errors_alone() {
    let dir = tempfile::tempdir().unwrap();
    let broken = "local.file \"a\" {\n  filename = env(\"X\"\n}\n";
    let path = write(dir.path(), "broken.alloy", broken);
    let out = alloylint(&["--fix", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("not fixed: it has syntax errors"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
}

const SECRET: &str = r#"loki.source.api "api" {
  http {
    listen_port = 3500
  }
  forward_to = [loki.write.default.receiver]
}

loki.write "default" {
  endpoint {
    url = "https://loki.example.com/loki/api/v1/push"

    basic_auth {
      username = "tenant"
      password = "hunter2"
    }
  }
}
"#;

#[test]
fn config_file_is_found_upward_and_flags_override_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "conf/sub/config.alloy", SECRET);
    let p = path.to_str().unwrap();
    assert!(stdout(&alloylint(&[p], None)).contains("plaintext-secret"));
    write(
        dir.path(),
        "conf/.alloylint.toml",
        "ignore = [\"plaintext-secret\"]\n",
    );
    assert!(!stdout(&alloylint(&[p], None)).contains("plaintext-secret"));
    // --select replaces the file's selection; the file's ignore still applies.
    let out = alloylint(&["--select", "security", p], None);
    assert!(
        !stdout(&out).contains("plaintext-secret"),
        "{}",
        stdout(&out)
    );
    // Severities from the file.
    write(
        dir.path(),
        "conf/.alloylint.toml",
        "[severity]\nplaintext-secret = \"error\"\n",
    );
    let out = alloylint(&[p], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("plaintext-secret"),
        "{}",
        stdout(&out)
    );
    // --ignore on the command line.
    let out = alloylint(&["--ignore", "plaintext-secret", p], None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // --config names another file.
    let other = write(dir.path(), "other.toml", "select = [\"correctness\"]\n");
    let out = alloylint(&["--config", other.to_str().unwrap(), p], None);
    assert!(
        !stdout(&out).contains("plaintext-secret"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn bad_config_files_and_rules_alloy_rejects_are_errors_with_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "config.alloy", SECRET);
    let config = write(
        dir.path(),
        ".alloylint.toml",
        "select = [\"all\"]\n\n[severity]\nunknown-attribute = \"off\"\n",
    );
    let out = alloylint(&[path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let expected = format!(
        "{}:4: rule `unknown-attribute` cannot be ignored or downgraded",
        config.display()
    );
    assert!(stderr(&out).contains(&expected), "{}", stderr(&out));
    write(
        dir.path(),
        ".alloylint.toml",
        "ignore = [\"plaintext-secrets\"]\n",
    );
    let out = alloylint(&[path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            ":1: unknown rule or category `plaintext-secrets`; did you mean `plaintext-secret`?"
        ),
        "{}",
        stderr(&out)
    );
    std::fs::remove_file(dir.path().join(".alloylint.toml")).unwrap();
    let out = alloylint(&["--ignore", "syntax-error", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot be ignored"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn suppressions_need_a_reason() {
    let with_reason = SECRET.replace(
        "\"hunter2\"",
        "\"hunter2\" // alloylint: ignore[plaintext-secret] throwaway test stack",
    );
    let out = alloylint(&["-"], Some(&with_reason));
    assert_eq!(out.status.code(), Some(0));
    assert!(
        !stdout(&out).contains("plaintext-secret"),
        "{}",
        stdout(&out)
    );
    let without = SECRET.replace(
        "\"hunter2\"",
        "\"hunter2\" // alloylint: ignore[plaintext-secret]",
    );
    let out = alloylint(&["-"], Some(&without));
    assert!(
        stdout(&out).contains("invalid-suppression"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn fs_root_and_run_as_check_paths_for_that_user() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    write(
        &root,
        "etc/passwd",
        "root:x:0:0::/root:/bin/sh\nalloy:x:473:473::/var/lib/alloy:/sbin/nologin\n",
    );
    write(&root, "etc/group", "root:x:0:\nalloy:x:473:\n");
    write(&root, "opt/jobs/logs/run_1.log", "x\n");
    std::fs::set_permissions(
        root.join("opt/jobs"),
        std::fs::Permissions::from_mode(0o700),
    )
    .unwrap();
    let config = "local.file_match \"jobs\" {\n  path_targets = [{\"__path__\" = \"/opt/jobs/logs/*.log\"}]\n}\n";
    let path = write(dir.path(), "config.alloy", config);
    let (p, r) = (path.to_str().unwrap(), root.to_str().unwrap());
    // The tree's files belong to whoever runs the test: as alloy (uid 473) the 0700 directory blocks.
    let out = alloylint(&["--fs-root", r, p], None);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("`alloy` cannot read /opt/jobs/logs/*.log"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("drwx------"), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("setfacl -m u:alloy:x /opt/jobs"),
        "{}",
        stdout(&out)
    );
    let out = alloylint(&["--fs-root", r, "--run-as", "root", p], None);
    assert!(
        !stdout(&out).contains("unsafe-path-permissions"),
        "{}",
        stdout(&out)
    );
    let out = alloylint(&["--fs-root", r, "--run-as", "nobody", p], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--run-as nobody: no such user"),
        "{}",
        stderr(&out)
    );
}
