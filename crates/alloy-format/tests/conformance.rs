//! Runs the `alloy fmt` conformance suites (`shared/conformance/fmt` and `fmt-corpus`): every
//! `.expect` must be reproduced byte for byte, except where the reference output itself breaks
//! the config (it does not parse, or it parses to a different AST or different comments); there
//! our output must keep the input's meaning, and the case is listed as a deliberate difference
//! with the reason found. Every `.error` input must be rejected.

mod common;

use common::shared_dir;
use std::fs;
use std::path::Path;

#[derive(Default)]
struct Counts {
    identical: usize,
    /// Outputs whose tokens are the input's (verified without a parse).
    same_tokens: usize,
    deliberate: Vec<(String, String)>,
    mismatches: Vec<String>,
    rejected: usize,
    wrongly_accepted: Vec<String>,
    unsafe_outputs: Vec<String>,
}

fn run_suite(dir: &Path) -> Counts {
    let mut counts = Counts::default();
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("suite directory is readable")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".in").map(str::to_string))
        .collect();
    names.sort();
    for name in names {
        let input = fs::read(dir.join(format!("{name}.in"))).expect("input is readable");
        let expect_path = dir.join(format!("{name}.expect"));
        if !expect_path.exists() {
            let parse = alloy_syntax::parse_bytes(&input);
            if parse.has_errors() {
                counts.rejected += 1;
            } else {
                counts.wrongly_accepted.push(name);
            }
            continue;
        }
        let expected = fs::read_to_string(&expect_path).expect("expected output is UTF-8");
        let input = String::from_utf8(input).expect("accepted input is UTF-8");
        let parse = alloy_syntax::parse(&input);
        if parse.has_errors() {
            counts.mismatches.push(format!(
                "{name}: rejected by our parser: {:?}",
                parse.diagnostics[0].message
            ));
            continue;
        }
        let ours = match alloy_format::format_source(&input) {
            Ok(out) => out,
            Err(error) => {
                counts.unsafe_outputs.push(format!("{name}: {error:?}"));
                continue;
            }
        };
        // Independently of format_source's own check (which usually compares tokens only):
        // the output parses to the input's syntax tree and comments.
        if let Err(error) = alloy_format::verify(&parse.file, &ours) {
            counts.unsafe_outputs.push(format!("{name}: {error:?}"));
            continue;
        }
        if alloy_syntax::same_tokens(&input, &ours) {
            counts.same_tokens += 1;
        }
        if ours == expected {
            counts.identical += 1;
        } else if let Some(reason) = alloy_format::meaning_change(&input, &expected) {
            counts.deliberate.push((name, reason));
        } else {
            counts.mismatches.push(name);
        }
    }
    counts
}

#[test]
fn fmt_conformance_suites() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipping fmt conformance: shared/conformance not found (set ALLOY_SHARED_DIR)");
        return;
    };
    let mut failures = Vec::new();
    for suite in ["fmt", "fmt-corpus"] {
        let counts = run_suite(&shared.join("conformance").join(suite));
        eprintln!(
            "{suite}: {} identical, {} deliberate differences, {} mismatches, {} unsafe outputs; {} rejected inputs, {} wrongly accepted; {} outputs with the input's tokens",
            counts.identical,
            counts.deliberate.len(),
            counts.mismatches.len(),
            counts.unsafe_outputs.len(),
            counts.rejected,
            counts.wrongly_accepted.len(),
            counts.same_tokens
        );
        for (name, reason) in &counts.deliberate {
            eprintln!("  deliberate difference {suite}/{name}: {reason}");
        }
        for name in &counts.mismatches {
            eprintln!("  MISMATCH {suite}/{name}");
        }
        for name in &counts.unsafe_outputs {
            eprintln!("  UNSAFE {suite}/{name}");
        }
        for name in &counts.wrongly_accepted {
            eprintln!("  WRONGLY ACCEPTED {suite}/{name}");
        }
        if !counts.mismatches.is_empty()
            || !counts.unsafe_outputs.is_empty()
            || !counts.wrongly_accepted.is_empty()
        {
            failures.push(suite);
        }
    }
    assert!(
        failures.is_empty(),
        "conformance failures in {failures:?} (see the list above)"
    );
}
