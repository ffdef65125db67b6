//! Our formatter against `alloy-ref-fmt`: byte-identical output on every input both accept,
//! except where the reference's output changes the config (deliberate, see docs/fuzzing.md).
#![no_main]
use alloy_fuzz::{config_input, oracle, reference, report};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = config_input(data);
    let text: &[u8] = &input;
    let ours = oracle::our_fmt(text);
    // Inputs we reject are diff_parse's business; skip the reference process for them.
    if ours == oracle::FmtAnswer::Rejected {
        return;
    }
    let Some((success, stdout)) = reference::run_on_stdin("alloy-ref-fmt", text) else {
        return;
    };
    let theirs = oracle::reference_fmt(success, &stdout);
    report("fmt", text, oracle::fmt_verdict(text, &ours, &theirs));
});
