//! `cargo run -p alloy-schema-gen [SHARED_DIR] [--out CRATE_DIR] [--check]`
//!
//! Reads `SHARED_DIR` (default `$ALLOY_SHARED_DIR`, else the workspace's `../shared`), writes
//! `data/schema_data.rs` and `data/disagreements.txt` into the alloy-schema crate, and prints
//! a summary of the disagreements it resolved. `--check` writes nothing and fails when the
//! committed files are stale.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Prints to stdout; a closed pipe (`| head`) is not an error worth a panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

fn main() -> ExitCode {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut shared = None;
    let mut out = manifest_dir.join("../alloy-schema");
    let mut check = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--out" => match args.next() {
                Some(dir) => out = PathBuf::from(dir),
                None => {
                    eprintln!("error: --out needs a directory");
                    return ExitCode::from(2);
                }
            },
            "-h" | "--help" => {
                say!(
                    "usage: alloy-schema-gen [SHARED_DIR] [--out ALLOY_SCHEMA_CRATE_DIR] [--check]"
                );
                return ExitCode::SUCCESS;
            }
            other if !other.starts_with('-') && shared.is_none() => {
                shared = Some(PathBuf::from(other))
            }
            other => {
                eprintln!("error: unexpected argument `{other}` (see --help)");
                return ExitCode::from(2);
            }
        }
    }
    // The crate lives in crates/alloy-schema-gen, so the shared dir is three levels up.
    let shared = shared.unwrap_or_else(|| alloy_schema_gen::default_shared_dir(&out));
    let generated = match alloy_schema_gen::generate(&shared) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("(reading shared data from {})", shared.display());
            return ExitCode::FAILURE;
        }
    };
    let s = &generated.schema;
    say!(
        "{} components, {} config blocks, {} stdlib functions, {} distinct bodies, {} distinct attribute rows, {} attributes counted per place of use",
        s.components.len(),
        s.config_blocks.len(),
        s.functions.len(),
        s.bodies.len(),
        generated.attribute_count(),
        generated.attribute_occurrences()
    );
    say!("disagreements resolved:");
    say!("{}", generated.report.summary().trim_end());
    say!(
        "docs-only items dropped: {}",
        generated.report.docs_only_dropped()
    );
    let mut stale = false;
    for (rel, contents) in generated.files() {
        let path = out.join(rel);
        if check {
            if std::fs::read_to_string(&path).ok().as_deref() != Some(contents) {
                eprintln!("stale: {}", path.display());
                stale = true;
            }
            continue;
        }
        if let Some(parent) = path.parent() {
            if let Err(e) = std::fs::create_dir_all(parent) {
                eprintln!("error: cannot create {}: {e}", parent.display());
                return ExitCode::FAILURE;
            }
        }
        if let Err(e) = std::fs::write(&path, contents) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        say!("wrote {}", path.display());
    }
    if stale {
        eprintln!("run `cargo run -p alloy-schema-gen` to regenerate");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
