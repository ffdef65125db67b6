//! Locating Grafana's reference data beside the project (`../shared`, or `ALLOY_SHARED_DIR`).

use std::path::PathBuf;

/// `relative` under the shared directory, or `None` (with a message saying what is skipped)
/// when it is absent: users clone without it.
pub fn shared_file(relative: &str, skipping: &str) -> Option<PathBuf> {
    let shared = match std::env::var_os("ALLOY_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    let path = shared.join(relative);
    if !path.is_file() {
        eprintln!(
            "skipping {skipping}: {} not found (set ALLOY_SHARED_DIR to run it)",
            path.display()
        );
        return None;
    }
    Some(path)
}
