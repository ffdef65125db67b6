//! Fails when `data/` no longer matches what `alloy-schema-gen` produces from `shared/`.

use std::path::{Path, PathBuf};

fn shared_dir() -> PathBuf {
    alloy_schema_gen::default_shared_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
}

#[test]
fn generated_data_is_up_to_date() {
    let shared = shared_dir();
    if !shared.join("alloy-code-schema/components.json").is_file() {
        eprintln!(
            "SKIPPED generated_data_is_up_to_date: no shared data at {} (set ALLOY_SHARED_DIR)",
            shared.display()
        );
        return;
    }
    let generated = alloy_schema_gen::generate(&shared).expect("generation from shared/ failed");
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stale = Vec::new();
    for (rel, contents) in generated.files() {
        let committed = std::fs::read_to_string(crate_dir.join(rel)).unwrap_or_default();
        if committed != contents {
            stale.push(rel);
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files {stale:?}: run `cargo run -p alloy-schema-gen` and commit the result"
    );
}
