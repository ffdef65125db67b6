//! Runs the repository's `.pre-commit-hooks.yaml` with the real `pre-commit` tool
//! (`pre-commit try-repo`) against a temporary git repository holding a badly formatted file.
//! Skips, saying why, when `pre-commit` or `git` is not installed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const UNFORMATTED: &str = "a=1\nbbb   =  \"x\"\n";
const FORMATTED: &str = "a   = 1\nbbb = \"x\"\n";

fn tool_available(name: &str) -> bool {
    Command::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn run(dir: &Path, program: &str, args: &[&str], path_env: &str, home: &Path) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("PATH", path_env)
        .env("PRE_COMMIT_HOME", home)
        .env("GIT_AUTHOR_NAME", "alloyfmt test")
        .env("GIT_AUTHOR_EMAIL", "alloyfmt@example.invalid")
        .env("GIT_COMMITTER_NAME", "alloyfmt test")
        .env("GIT_COMMITTER_EMAIL", "alloyfmt@example.invalid")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"))
}

fn git(dir: &Path, args: &[&str], path_env: &str, home: &Path) {
    let out = run(dir, "git", args, path_env, home);
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn describe(out: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn pre_commit_try_repo_formats_and_checks() {
    if !tool_available("pre-commit") {
        eprintln!("skipping: `pre-commit` is not installed (pip install pre-commit)");
        return;
    }
    if !tool_available("git") {
        eprintln!("skipping: `git` is not installed");
        return;
    }
    let root = std::env::temp_dir().join(format!("alloyfmt-pre-commit-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    let hook_repo = root.join("hooks");
    let work = root.join("work");
    let home = root.join("pre-commit-home");
    for dir in [&hook_repo, &work, &home] {
        fs::create_dir_all(dir).unwrap();
    }
    // alloyfmt is a `language: system` hook: it must be on PATH.
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_alloyfmt"));
    let path_env = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );

    // A hook repository holding this repository's hook definitions.
    let hooks_file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.pre-commit-hooks.yaml");
    fs::copy(&hooks_file, hook_repo.join(".pre-commit-hooks.yaml"))
        .expect(".pre-commit-hooks.yaml exists at the repository root");
    git(&hook_repo, &["init", "-q"], &path_env, &home);
    git(&hook_repo, &["add", "."], &path_env, &home);
    git(
        &hook_repo,
        &["commit", "-q", "-m", "hooks"],
        &path_env,
        &home,
    );

    // A project with one badly formatted and one formatted config.
    git(&work, &["init", "-q"], &path_env, &home);
    fs::write(work.join("bad.alloy"), UNFORMATTED).unwrap();
    fs::write(work.join("good.river"), FORMATTED).unwrap();
    fs::write(work.join("notes.txt"), UNFORMATTED).unwrap();
    git(&work, &["add", "."], &path_env, &home);
    let hook_repo_arg = hook_repo.to_str().unwrap();

    // The check-only hook fails and changes nothing.
    let check = run(
        &work,
        "pre-commit",
        &["try-repo", hook_repo_arg, "alloyfmt-check", "--all-files"],
        &path_env,
        &home,
    );
    assert_eq!(check.status.code(), Some(1), "{}", describe(&check));
    assert!(
        String::from_utf8_lossy(&check.stdout).contains("bad.alloy"),
        "{}",
        describe(&check)
    );
    assert_eq!(
        fs::read_to_string(work.join("bad.alloy")).unwrap(),
        UNFORMATTED
    );

    // The formatting hook rewrites the bad file, which makes pre-commit fail once...
    let first = run(
        &work,
        "pre-commit",
        &["try-repo", hook_repo_arg, "alloyfmt", "--all-files"],
        &path_env,
        &home,
    );
    assert_eq!(first.status.code(), Some(1), "{}", describe(&first));
    assert!(
        String::from_utf8_lossy(&first.stdout).contains("files were modified by this hook"),
        "{}",
        describe(&first)
    );
    assert_eq!(
        fs::read_to_string(work.join("bad.alloy")).unwrap(),
        FORMATTED
    );
    assert_eq!(
        fs::read_to_string(work.join("good.river")).unwrap(),
        FORMATTED
    );
    assert_eq!(
        fs::read_to_string(work.join("notes.txt")).unwrap(),
        UNFORMATTED
    );

    // ...and pass afterwards.
    git(&work, &["add", "."], &path_env, &home);
    let second = run(
        &work,
        "pre-commit",
        &["try-repo", hook_repo_arg, "alloyfmt", "--all-files"],
        &path_env,
        &home,
    );
    assert_eq!(second.status.code(), Some(0), "{}", describe(&second));
    let _ = fs::remove_dir_all(&root);
}
