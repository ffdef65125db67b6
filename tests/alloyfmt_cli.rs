//! Runs the built `alloyfmt` binary: standard input, files, directories, --check, --diff,
//! --write, parse errors, unreadable files and exit codes.

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, SystemTime};

const UNFORMATTED: &str = "a=1\nbbb   =  \"x\"  // note\nblock   \"l\"  {\n}\n";
const FORMATTED: &str = "a   = 1\nbbb = \"x\" // note\nblock \"l\" { }\n";
const BROKEN: &str = "a = [1,\n2\n]\n";

fn alloyfmt(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_alloyfmt"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("alloyfmt starts");
    {
        let mut input = child.stdin.take().expect("stdin is piped");
        // A run that fails early (bad flags) may exit before reading: a broken pipe is fine.
        if let Err(e) = input.write_all(stdin.unwrap_or("").as_bytes()) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "stdin: {e}");
        }
    }
    child.wait_with_output().expect("alloyfmt finishes")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("alloyfmt-cli-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("parent directory");
    }
    fs::write(path, text).expect("file written");
}

fn set_old_mtime(path: &Path) -> SystemTime {
    let old = SystemTime::now() - Duration::from_secs(3600);
    let file = fs::File::options()
        .write(true)
        .open(path)
        .expect("file opens");
    file.set_modified(old).expect("mtime set");
    fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn formats_standard_input_to_stdout() {
    let out = alloyfmt(&[], Some(UNFORMATTED));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), FORMATTED);
    let dash = alloyfmt(&["-"], Some(UNFORMATTED));
    assert_eq!(stdout(&dash), FORMATTED);
}

#[test]
fn check_on_standard_input() {
    let changed = alloyfmt(&["--check"], Some(UNFORMATTED));
    assert_eq!(changed.status.code(), Some(1));
    assert_eq!(stdout(&changed), "<stdin>\n");
    let clean = alloyfmt(&["-t"], Some(FORMATTED));
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(stdout(&clean), "");
}

#[test]
fn formats_a_file_to_stdout_without_touching_it() {
    let dir = scratch("file");
    let path = dir.join("x.alloy");
    write(&path, UNFORMATTED);
    let out = alloyfmt(&[path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), FORMATTED);
    assert_eq!(fs::read_to_string(&path).unwrap(), UNFORMATTED);
}

#[test]
fn check_lists_changed_files_of_directories_in_order() {
    let dir = scratch("check");
    write(&dir.join("b.alloy"), UNFORMATTED);
    write(&dir.join("a.river"), UNFORMATTED);
    write(&dir.join("sub/c.alloy"), UNFORMATTED);
    write(&dir.join("clean.alloy"), FORMATTED);
    write(&dir.join("notes.txt"), UNFORMATTED);
    write(&dir.join(".git/d.alloy"), UNFORMATTED);
    write(&dir.join(".hidden/e.alloy"), UNFORMATTED);
    write(&dir.join(".gitignore"), "ignored/\n");
    write(&dir.join("ignored/f.alloy"), UNFORMATTED);
    let out = alloyfmt(&["--check", dir.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let d = dir.display();
    assert_eq!(
        stdout(&out),
        format!("{d}/a.river\n{d}/b.alloy\n{d}/sub/c.alloy\n")
    );
    let quiet = alloyfmt(&["--check", "--quiet", dir.to_str().unwrap()], None);
    assert_eq!(quiet.status.code(), Some(1));
    assert_eq!(stdout(&quiet), "");
    let clean = alloyfmt(
        &["--check", dir.join("clean.alloy").to_str().unwrap()],
        None,
    );
    assert_eq!(clean.status.code(), Some(0));
}

#[test]
fn diff_shows_unified_diff_and_exits_one() {
    let dir = scratch("diff");
    let path = dir.join("x.alloy");
    write(&path, "a=1\n");
    let out = alloyfmt(
        &["--diff", "--color", "never", path.to_str().unwrap()],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let name = path.display();
    assert_eq!(
        stdout(&out),
        format!("--- a/{name}\n+++ b/{name}\n@@ -1 +1 @@\n-a=1\n+a = 1\n")
    );
    let colored = alloyfmt(
        &["--diff", "--color", "always", path.to_str().unwrap()],
        None,
    );
    assert!(stdout(&colored).contains("\x1b[31m-a=1"));
    assert_eq!(fs::read_to_string(&path).unwrap(), "a=1\n");
}

#[test]
fn write_rewrites_only_changed_files_keeping_permissions() {
    let dir = scratch("write");
    let changed = dir.join("changed.alloy");
    let clean = dir.join("clean.alloy");
    write(&changed, UNFORMATTED);
    write(&clean, FORMATTED);
    fs::set_permissions(&changed, fs::Permissions::from_mode(0o640)).unwrap();
    let clean_mtime = set_old_mtime(&clean);
    let out = alloyfmt(&["-w", dir.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&changed).unwrap(), FORMATTED);
    assert_eq!(
        fs::metadata(&changed).unwrap().permissions().mode() & 0o777,
        0o640
    );
    assert_eq!(fs::read_to_string(&clean).unwrap(), FORMATTED);
    assert_eq!(
        fs::metadata(&clean).unwrap().modified().unwrap(),
        clean_mtime
    );
    let leftovers: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
    // A second run finds nothing to do.
    let again = alloyfmt(&["--check", dir.to_str().unwrap()], None);
    assert_eq!(again.status.code(), Some(0));
}

#[test]
fn parse_error_reports_and_leaves_the_file_but_formats_the_others() {
    let dir = scratch("parse-error");
    let broken = dir.join("broken.alloy");
    let other = dir.join("other.alloy");
    write(&broken, BROKEN);
    write(&other, UNFORMATTED);
    let out = alloyfmt(&["-w", "--color", "never", dir.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains(&format!("{}:2:", broken.display())), "{err}");
    assert_eq!(fs::read_to_string(&broken).unwrap(), BROKEN);
    assert_eq!(fs::read_to_string(&other).unwrap(), FORMATTED);
    let stdin = alloyfmt(&[], Some(BROKEN));
    assert_eq!(stdin.status.code(), Some(2));
    assert!(stderr(&stdin).contains("<stdin>:2:"));
    assert_eq!(stdout(&stdin), "");
}

#[test]
fn unreadable_and_missing_files_are_errors() {
    let dir = scratch("unreadable");
    let missing = dir.join("missing.alloy");
    let out = alloyfmt(&["--check", missing.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.alloy"));

    let locked = dir.join("locked.alloy");
    write(&locked, UNFORMATTED);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&locked).is_ok() {
        eprintln!("skipping the permission part: running as a user that reads any file");
        return;
    }
    let out = alloyfmt(&["--check", locked.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("locked.alloy"));
}

#[test]
fn invalid_utf8_is_a_parse_error() {
    let dir = scratch("utf8");
    let path = dir.join("bad.alloy");
    fs::write(&path, b"a = \"\xff\"\n").unwrap();
    let out = alloyfmt(&["-w", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("UTF-8"), "{}", stderr(&out));
    assert_eq!(fs::read(&path).unwrap(), b"a = \"\xff\"\n");
}

#[test]
fn bad_flags_exit_two_and_help_and_version_work() {
    assert_eq!(alloyfmt(&["--no-such-flag"], None).status.code(), Some(2));
    assert_eq!(
        alloyfmt(&["--color", "sometimes"], None).status.code(),
        Some(2)
    );
    assert_eq!(alloyfmt(&["-w"], Some(UNFORMATTED)).status.code(), Some(2));
    assert_eq!(
        alloyfmt(&["-w", "--check", "x.alloy"], None).status.code(),
        Some(2)
    );
    let help = alloyfmt(&["--help"], None);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("--check"));
    let version = alloyfmt(&["--version"], None);
    assert_eq!(version.status.code(), Some(0));
    assert!(stdout(&version).starts_with("alloyfmt "));
}

/// An unformatted config of `blocks` top-level blocks and attribute runs, with blank lines
/// between them (where big files are cut into pieces).
fn big_config(blocks: usize) -> String {
    let mut text = String::new();
    for i in 0..blocks {
        text.push_str(&format!(
            "prometheus.scrape \"s{i}\" {{\ntargets    = [{{\"__address__\" = \"host{i}:9090\"}}]\n  forward_to = [prometheus.remote_write.default.receiver]  // send\n}}\n\n"
        ));
        if i % 7 == 0 {
            text.push_str(&format!(
                "// run {i}\nx{i}=1\nlonger_name_{i}   =  \"v\"\n\n\n"
            ));
        }
    }
    text
}

#[test]
fn big_files_format_like_the_whole_file_and_report_errors_in_place() {
    let dir = scratch("big");
    let path = dir.join("big.alloy");
    let text = big_config(8000);
    assert!(text.len() > 4 * 256 * 1024, "several runs of pieces");
    write(&path, &text);
    let whole = alloy_syntax::parse(&text);
    assert!(!whole.has_errors());
    let expected = alloy_format::print_file(&whole.file, &text);

    let out = alloyfmt(&[path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out) == expected,
        "piecewise output differs from the whole file's"
    );

    // A big file is mapped while it is read: `--write` replaces it whole all the same.
    let out = alloyfmt(&["--write", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(fs::read_to_string(&path).unwrap() == expected);
    assert_eq!(
        alloyfmt(&["--check", path.to_str().unwrap()], None)
            .status
            .code(),
        Some(0)
    );

    // A mistake deep inside: the diagnostic names its real line, nothing is printed.
    let mut lines: Vec<&str> = text.lines().collect();
    let bad_line = lines.len() / 2;
    lines.insert(bad_line, "oops = = 1");
    write(&path, &(lines.join("\n") + "\n"));
    let out = alloyfmt(&["--color", "never", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("big.alloy:{}:8", bad_line + 1)),
        "{err}"
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn several_big_files_at_once_finish() {
    // Files are formatted on the thread pool and each big file's pieces too: waiting for its
    // pieces must never block a pool thread (this once deadlocked).
    let dir = scratch("big-many");
    let text = big_config(3000);
    for i in 0..6 {
        write(&dir.join(format!("f{i}.alloy")), &text);
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_alloyfmt"))
        .args(["--check", dir.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("alloyfmt starts");
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    while child.try_wait().expect("child status").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("alloyfmt --check on six big files did not finish");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("output");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out).lines().count(), 6);
}
