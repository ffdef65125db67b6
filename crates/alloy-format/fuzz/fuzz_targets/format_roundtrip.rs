//! Formats arbitrary input that Alloy accepts and checks that the result parses to the same
//! AST (spans aside) with the same comments, and that formatting the pieces between the
//! top-level cuts one by one gives the same text, and so do the pieces between every cut
//! (`alloy_syntax::Cuts`, inside blocks too), each inside its stand-in blocks. Run with `cargo fuzz run format_roundtrip` from
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
    let cuts = alloy_syntax::top_level_cuts(text, 0);
    if cuts.len() > 2 {
        let outputs: Vec<String> = cuts
            .windows(2)
            .map(|w| {
                let piece = &text[w[0]..w[1]];
                let parsed = alloy_syntax::parse(piece);
                assert!(!parsed.has_errors(), "a piece of a valid file does not parse: {piece:?}");
                alloy_format::print_file(&parsed.file, piece)
            })
            .collect();
        assert_eq!(outputs.join("\n"), formatted, "pieces format differently");
    }
    let cuts: Vec<alloy_syntax::Cut> =
        alloy_syntax::Cuts::new(text, 0, alloy_syntax::CutKinds::All).collect();
    if cuts.len() > 2 {
        let mut joined = String::new();
        for (i, w) in cuts.windows(2).enumerate() {
            let piece = alloy_syntax::piece_text(text, &w[0], &w[1]);
            let parsed = alloy_syntax::parse(&piece);
            assert!(!parsed.has_errors(), "a piece of a valid file does not parse: {piece:?}");
            let printed = alloy_format::print_file(&parsed.file, &piece);
            let output = alloy_format::piece_output(&printed, w[0].depth, w[1].depth)
                .unwrap_or_else(|| panic!("stand-in lines not found in {printed:?}"));
            if i > 0 && w[0].blank_line {
                joined.push('\n');
            }
            joined.push_str(output);
        }
        assert_eq!(joined, formatted, "pieces between every cut format differently: {cuts:?}");
    }
});
