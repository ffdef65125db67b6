//! Our evaluator (as `alloylint eval` runs it) against `alloy-ref-eval`: the printed value and
//! its type, or failure at the same stage and position.
#![no_main]
use alloy_fuzz::{generate, report, text_input};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(expr) = text_input(data, generate::expression) else {
        return;
    };
    let Some((verdict, _)) = alloy_fuzz::judge_eval(&expr) else {
        return;
    };
    report("eval", expr.as_bytes(), verdict);
});
