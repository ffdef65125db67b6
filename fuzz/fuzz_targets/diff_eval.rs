//! Our evaluator (as `alloylint eval` runs it) against `alloy-ref-eval`: the printed value and
//! its type, or failure at the same stage and position.
#![no_main]
use alloy_fuzz::{generate, oracle, reference, report, text_input};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(expr) = text_input(data, generate::expression) else {
        return;
    };
    let Some((_, stdout)) = reference::run_on_stdin("alloy-ref-eval", expr.as_bytes()) else {
        return;
    };
    let line = String::from_utf8_lossy(&stdout);
    let theirs = oracle::reference_eval(&line)
        .unwrap_or_else(|| panic!("unexpected alloy-ref-eval output {line:?}"));
    report(
        "eval",
        expr.as_bytes(),
        oracle::eval_verdict(&oracle::our_eval(&expr), &theirs),
    );
});
