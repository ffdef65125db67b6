//! Every input that `alloy fmt` rejects (`*.error` in `shared/conformance/fmt` and
//! `fmt-corpus`) must make `alloyfmt --write` exit with 2, report the file and leave it
//! byte-for-byte unchanged. Skips when `shared/` is absent.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("ALLOY_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    };
    dir.join("conformance").is_dir().then_some(dir)
}

#[test]
fn rejected_inputs_exit_two_and_stay_untouched() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipping: shared/conformance not found (set ALLOY_SHARED_DIR)");
        return;
    };
    let work = std::env::temp_dir().join(format!("alloyfmt-errors-{}", std::process::id()));
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).unwrap();
    let mut copied = Vec::new();
    for suite in ["fmt", "fmt-corpus"] {
        let dir = shared.join("conformance").join(suite);
        let mut names: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter_map(|n| n.strip_suffix(".error").map(str::to_string))
            .collect();
        names.sort();
        for name in names {
            let content = fs::read(dir.join(format!("{name}.in"))).unwrap();
            let target = work.join(format!("{suite}__{name}.alloy"));
            fs::write(&target, &content).unwrap();
            copied.push((target, content));
        }
    }
    assert!(!copied.is_empty(), "the suites hold rejected inputs");

    // One file at a time: each must fail on its own.
    let mut not_rejected = Vec::new();
    for (path, content) in &copied {
        let out = Command::new(env!("CARGO_BIN_EXE_alloyfmt"))
            .args(["--write", "--color", "never"])
            .arg(path)
            .output()
            .expect("alloyfmt runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(2) || !stderr.contains(&path.display().to_string()) {
            not_rejected.push(format!(
                "{} (status {:?})",
                path.display(),
                out.status.code()
            ));
        }
        assert_eq!(
            &fs::read(path).unwrap(),
            content,
            "{} was modified",
            path.display()
        );
    }
    eprintln!(
        "{} rejected inputs checked, {} not rejected",
        copied.len(),
        not_rejected.len()
    );
    assert!(
        not_rejected.is_empty(),
        "not rejected with exit 2: {not_rejected:#?}"
    );
    let _ = fs::remove_dir_all(&work);
}
