//! Runs the repository's `.pre-commit-hooks.yaml` with the real `pre-commit` tool
//! (`pre-commit try-repo`) against a temporary git repository holding a badly formatted file.
//! The hooks are `language: rust`: pre-commit builds them from a copy of this repository with
//! `cargo install`, in a clean `HOME` and with no alloyfmt or alloylint on `PATH`.
//! Skips, saying why, when `pre-commit` or `git` is not installed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const UNFORMATTED: &str = "a=1\nbbb   =  \"x\"\n";
const FORMATTED: &str = "a   = 1\nbbb = \"x\"\n";
const VALID: &str = "logging {\n  level = \"info\"\n}\n";

fn tool_available(name: &str) -> bool {
    Command::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `PATH` without the directories that hold an alloyfmt or alloylint, so that only the
/// hook's own build can run.
fn path_without_our_tools() -> String {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let kept: Vec<PathBuf> = std::env::split_paths(&path)
        .filter(|dir| !dir.join("alloyfmt").exists() && !dir.join("alloylint").exists())
        .collect();
    std::env::join_paths(kept)
        .expect("PATH entries join")
        .into_string()
        .expect("PATH is UTF-8")
}

/// Where the real home keeps the toolchains (`~/.cargo`, `~/.rustup`, `~/.pyenv`), so that they
/// stay usable when `HOME` is a fresh directory: as explicit variables unless already set.
fn toolchain_homes() -> Vec<(&'static str, PathBuf)> {
    let real_home = std::env::var_os("HOME").map(PathBuf::from);
    [
        ("CARGO_HOME", ".cargo"),
        ("RUSTUP_HOME", ".rustup"),
        ("PYENV_ROOT", ".pyenv"),
    ]
    .into_iter()
    .filter_map(|(var, dir)| {
        let path = std::env::var_os(var)
            .map(PathBuf::from)
            .or_else(|| real_home.as_ref().map(|h| h.join(dir)))?;
        path.is_dir().then_some((var, path))
    })
    .collect()
}

fn run(dir: &Path, program: &str, args: &[&str], path_env: &str, home: &Path) -> Output {
    // The hook build is a release `cargo install`: without LTO and optimisation it takes a
    // fraction of the time, and a target directory kept under ours is reused between runs.
    let hook_target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pre-commit-hooks");
    let started = std::time::Instant::now();
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .envs(toolchain_homes())
        .env("HOME", home)
        .env("PATH", path_env)
        .env("PRE_COMMIT_HOME", home.join("pre-commit"))
        .env("CARGO_TARGET_DIR", hook_target)
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "0")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("GIT_AUTHOR_NAME", "alloyfmt test")
        .env("GIT_AUTHOR_EMAIL", "alloyfmt@example.invalid")
        .env("GIT_COMMITTER_NAME", "alloyfmt test")
        .env("GIT_COMMITTER_EMAIL", "alloyfmt@example.invalid")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"));
    if program == "pre-commit" {
        eprintln!("pre-commit {args:?}: {:.1?}", started.elapsed());
    }
    output
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

/// Copies a file or a directory tree, leaving out build output (`target/`).
fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            if entry.file_name() != "target" {
                copy_tree(&entry.path(), &to.join(entry.file_name()));
            }
        }
    } else if from.exists() {
        fs::copy(from, to).unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
    }
}

#[test]
fn pre_commit_try_repo_builds_formats_and_checks() {
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
    let path_env = path_without_our_tools();

    // A hook repository: this repository's sources (what pre-commit builds) and hook definitions.
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in [
        "Cargo.toml",
        "Cargo.lock",
        ".pre-commit-hooks.yaml",
        "src",
        "crates",
        "grammar",
    ] {
        copy_tree(&source.join(entry), &hook_repo.join(entry));
    }
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
    let try_repo = |hook: &str| {
        run(
            &work,
            "pre-commit",
            &["try-repo", hook_repo_arg, hook, "--all-files"],
            &path_env,
            &home,
        )
    };

    // The check-only hook fails and changes nothing.
    let check = try_repo("alloyfmt-check");
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
    let first = try_repo("alloyfmt");
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
    let second = try_repo("alloyfmt");
    assert_eq!(second.status.code(), Some(0), "{}", describe(&second));

    // The validator hook passes valid configs and fails an unknown attribute, naming it.
    fs::write(work.join("bad.alloy"), VALID).unwrap();
    fs::write(work.join("good.river"), VALID).unwrap();
    git(&work, &["add", "."], &path_env, &home);
    let lint = try_repo("alloylint");
    assert_eq!(lint.status.code(), Some(0), "{}", describe(&lint));
    fs::write(work.join("bad.alloy"), "logging {\n  levle = \"info\"\n}\n").unwrap();
    git(&work, &["add", "."], &path_env, &home);
    let lint = try_repo("alloylint");
    assert_eq!(lint.status.code(), Some(1), "{}", describe(&lint));
    assert!(
        String::from_utf8_lossy(&lint.stdout).contains("levle"),
        "{}",
        describe(&lint)
    );
    let _ = fs::remove_dir_all(&root);
}
