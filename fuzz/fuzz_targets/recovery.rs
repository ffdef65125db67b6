//! The recovery properties (`alloy_syntax::recovery_properties`, the same checks as
//! `tests/recovery_properties.rs`): the input (raw bytes, or a generated config), every
//! truncation of it at a line end and its single-token deletions keep every complete
//! top-level statement before the damage, every attribute name present in the text, and
//! never panic. A broken property stops the run; the input is saved under
//! `artifacts/recovery/`.
#![no_main]
use alloy_fuzz::config_input;
use alloy_syntax::recovery_properties::{check, variants, Undamaged, Variant};
use libfuzzer_sys::fuzz_target;

/// Bytes of parsing one input may cost: beyond it, every n-th token is deleted instead of
/// each (as the test does with big inputs), so one input stays in the milliseconds.
const BUDGET: usize = 400_000;

fuzz_target!(|data: &[u8]| {
    let input = config_input(data);
    let Ok(text) = std::str::from_utf8(&input) else {
        return;
    };
    let undamaged = Undamaged::new(text);
    let whole = Variant {
        what: "undamaged".into(),
        text: text.to_string(),
        damage: text.len(),
    };
    for variant in std::iter::once(whole).chain(variants(text, Some(BUDGET))) {
        if let Some(broken) = check(&undamaged, &variant) {
            panic!("recovery {broken}\ninput: {text:?}");
        }
    }
});
