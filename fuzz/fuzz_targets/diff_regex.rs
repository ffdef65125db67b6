//! `alloy-regex` against Go's `regexp` (`alloy-ref-regex`): acceptance
//! and error text, as written and in the relabel form `^(?s:PATTERN)$`.
#![no_main]
use alloy_fuzz::{generate, oracle, reference, report, text_input};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(pattern) = text_input(data, generate::regex) else {
        return;
    };
    let Some(line) = reference::regex_answer(&pattern) else {
        return;
    };
    let theirs = oracle::reference_regex(&line)
        .unwrap_or_else(|| panic!("unexpected alloy-ref-regex output {line:?}"));
    report(
        "regex",
        pattern.as_bytes(),
        oracle::regex_verdict(&oracle::our_regex(&pattern), &theirs),
    );
});
