//! Helpers for the workspace-level tests in `tests/`: locating the reference data in
//! `../shared` (beside the project root) and reading its cases.

use std::path::{Path, PathBuf};

/// `../shared/conformance` relative to the workspace root, or `ALLOY_SHARED_DIR/conformance`.
/// `None` when absent: users clone without it, and the suites then skip with a message.
pub fn conformance_dir() -> Option<PathBuf> {
    let shared = match std::env::var_os("ALLOY_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("shared"),
    };
    let dir = shared.join("conformance");
    dir.is_dir().then_some(dir)
}

/// Prints why a conformance suite is skipped; returns the directory when present.
pub fn conformance_or_skip(suite: &str) -> Option<PathBuf> {
    let dir = conformance_dir();
    if dir.is_none() {
        eprintln!(
            "skipping {suite}: ../shared/conformance not found (set ALLOY_SHARED_DIR to run it)"
        );
    }
    dir
}

/// Files in `dir` whose name ends with `suffix`, sorted by name.
pub fn files_with_suffix(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(suffix))
    });
    out.sort();
    out
}
