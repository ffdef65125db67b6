//! Our parser against `alloy-ref-parse`: accept/reject and the line of the first error.
//! An accept/reject divergence stops the run; a first-error-line divergence (frequent, and
//! the parser's recovery is being rewritten) is saved to `artifacts/diff_parse/line-*`.
#![no_main]
use alloy_fuzz::{config_input, oracle, reference, report, save_divergence};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = config_input(data);
    let text: &[u8] = &input;
    let Some((_, stdout)) = reference::run_on_stdin("alloy-ref-parse", text) else {
        return;
    };
    let line = String::from_utf8_lossy(&stdout);
    let theirs = oracle::reference_parse(&line)
        .unwrap_or_else(|| panic!("unexpected alloy-ref-parse output {line:?}"));
    let ours = oracle::our_parse(text);
    if ours.accepted == theirs.accepted {
        if oracle::parse_verdict(ours, theirs) != oracle::Verdict::Agree {
            save_divergence("diff_parse", "line", text);
        }
        return;
    }
    report("parse", text, oracle::parse_verdict(ours, theirs));
});
