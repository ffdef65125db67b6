//! What the integration tests of this crate share.

use std::path::{Path, PathBuf};

/// `../shared` beside the project (or `ALLOY_SHARED_DIR`), if it holds the conformance suites.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("ALLOY_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    dir.join("conformance").is_dir().then_some(dir)
}
