//! Agreement with Grafana's parser on every case of `../shared/conformance/parse`, and
//! accept/reject agreement on every `.in` of `fmt/` and `fmt-corpus/`. Skips (with a message)
//! when `../shared` is absent.

use alloy_diagnostics::LineIndex;
use alloy_toolchain::{conformance_or_skip, files_with_suffix};
use std::path::Path;

struct Outcome {
    accepted: bool,
    first_error_line: Option<u32>,
}

fn ours(bytes: &[u8]) -> Outcome {
    let parse = alloy_syntax::parse_bytes(bytes);
    let text = String::from_utf8_lossy(bytes);
    let index = LineIndex::new(&text);
    let first = parse.diagnostics.iter().find(|d| d.is_error());
    Outcome {
        accepted: !parse.has_errors(),
        first_error_line: first
            .and_then(|d| d.primary_span())
            .map(|s| index.byte_line_col(s.start).line),
    }
}

fn name_of(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn parse_suite_agrees_with_reference() {
    let Some(dir) = conformance_or_skip("parse conformance") else {
        return;
    };
    let cases = files_with_suffix(&dir.join("parse"), ".alloy");
    assert!(!cases.is_empty(), "no cases found in {}", dir.display());
    let (mut decision_ok, mut rejected, mut line_ok) = (0, 0, 0);
    let mut decision_mismatch = Vec::new();
    let mut line_mismatch = Vec::new();
    for case in &cases {
        let bytes = std::fs::read(case).unwrap();
        let expected: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(case.with_extension("json")).unwrap())
                .unwrap();
        let ref_ok = expected["ok"].as_bool().unwrap();
        let got = ours(&bytes);
        if got.accepted == ref_ok {
            decision_ok += 1;
        } else {
            decision_mismatch.push(format!(
                "{} (reference {}, ours {})",
                name_of(case),
                accept_word(ref_ok),
                accept_word(got.accepted)
            ));
        }
        if !ref_ok {
            rejected += 1;
            let ref_line = expected["errors"][0]["line"].as_u64().map(|l| l as u32);
            if got.first_error_line.is_some() && got.first_error_line == ref_line {
                line_ok += 1;
            } else {
                line_mismatch.push(format!(
                    "{} (reference line {:?}, ours {:?})",
                    name_of(case),
                    ref_line,
                    got.first_error_line
                ));
            }
        }
    }
    println!(
        "parse/: {} cases, accept/reject agreement {}/{}",
        cases.len(),
        decision_ok,
        cases.len()
    );
    println!(
        "parse/: first error on the reference's line: {line_ok}/{rejected} ({:.1}%)",
        100.0 * line_ok as f64 / rejected.max(1) as f64
    );
    for m in &decision_mismatch {
        println!("  decision mismatch: {m}");
    }
    for m in &line_mismatch {
        println!("  line mismatch: {m}");
    }
    assert!(
        decision_mismatch.is_empty(),
        "{} accept/reject mismatches",
        decision_mismatch.len()
    );
    assert!(
        line_ok * 100 >= rejected * 95,
        "first error line agreement below 95%: {line_ok}/{rejected}"
    );
}

fn accept_word(ok: bool) -> &'static str {
    if ok {
        "accepts"
    } else {
        "rejects"
    }
}

#[test]
fn fmt_inputs_accepted_exactly_where_reference_formatter_accepts() {
    let Some(dir) = conformance_or_skip("fmt accept/reject conformance") else {
        return;
    };
    for suite in ["fmt", "fmt-corpus"] {
        let inputs = files_with_suffix(&dir.join(suite), ".in");
        assert!(!inputs.is_empty(), "no inputs in {suite}");
        let mut agree = 0;
        let mut mismatches = Vec::new();
        for input in &inputs {
            let ref_ok = input.with_extension("expect").exists();
            let got = ours(&std::fs::read(input).unwrap());
            if got.accepted == ref_ok {
                agree += 1;
            } else {
                mismatches.push(format!(
                    "{} (reference {}, ours {})",
                    name_of(input),
                    accept_word(ref_ok),
                    accept_word(got.accepted)
                ));
            }
        }
        println!("{suite}/: accept/reject agreement {agree}/{}", inputs.len());
        for m in &mismatches {
            println!("  mismatch: {m}");
        }
        assert!(
            mismatches.is_empty(),
            "{suite}: {} mismatches",
            mismatches.len()
        );
    }
}
