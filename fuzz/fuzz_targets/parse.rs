//! Parser robustness: any bytes give a parse or diagnostics, never a panic; every diagnostic
//! span lies inside the input; a valid parse keeps every comment in order.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parse = alloy_syntax::parse_bytes(data);
    for d in &parse.diagnostics {
        for label in &d.labels {
            assert!(label.span.start <= label.span.end && label.span.end as usize <= data.len(), "span out of bounds: {d:?}");
        }
    }
    let comments = &parse.file.comments;
    for pair in comments.windows(2) {
        assert!(pair[0].span.end <= pair[1].span.start, "comments out of order");
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = alloy_syntax::parse_expression(text);
    }
});
