//! Formats arbitrary input that Alloy accepts and checks that the result parses to the same
//! AST (spans aside) with the same comments. Run with `cargo fuzz run format_roundtrip` from
//! `crates/alloy-format` (nightly toolchain).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = alloy_syntax::parse(text);
    if parsed.has_errors() {
        return;
    }
    let formatted = match alloy_format::format_source(text) {
        Ok(formatted) => formatted,
        Err(error) => panic!("valid input could not be formatted safely: {error:?}"),
    };
    let reparsed = alloy_syntax::parse(&formatted);
    assert!(
        !reparsed.has_errors(),
        "formatted output does not parse: {:?}\n{formatted}",
        reparsed.diagnostics
    );
    if let Err(difference) = alloy_format::compare_files(&parsed.file, &reparsed.file) {
        panic!("formatting changed the file ({difference:?}):\n{formatted}");
    }
});
