//! Parser robustness: any bytes give a parse or diagnostics, never a panic; every diagnostic
//! span lies inside the input; a valid parse keeps every comment in order. Also the claim the
//! formatter relies on: the text parses exactly when every piece between its top-level cuts
//! does, with the same number of statements and comments, and exactly when every piece between
//! any cuts does inside its stand-in blocks, with the same comments. And the claim large files
//! are parsed by: `parse_in_pieces`, cut at every line it may cut at, gives the whole file's
//! tree exactly, and only for a file without diagnostics. And the formatter's own cutting
//! (likely cuts first, exact ones where a piece fails): the whole file's output, or its error.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parse = alloy_syntax::parse_bytes(data);
    for d in &parse.diagnostics {
        for label in &d.labels {
            assert!(
                label.span.start <= label.span.end && label.span.end as usize <= data.len(),
                "span out of bounds: {d:?}"
            );
        }
    }
    let comments = &parse.file.comments;
    for pair in comments.windows(2) {
        assert!(pair[0].span().end <= pair[1].span().start, "comments out of order");
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = alloy_syntax::parse_expression(text);
        let shared = std::sync::Arc::new(text.to_string());
        if let Some(in_pieces) = alloy_syntax::parse_in_pieces(&shared, 0) {
            assert!(parse.diagnostics.is_empty(), "parse_in_pieces accepts a file with mistakes");
            assert!(in_pieces.file == parse.file, "parse_in_pieces gives another tree");
        }
        let whole = alloy_format::format_source(text).ok();
        for min_piece in [0, 1, 64] {
            let in_pieces = alloy_format::format_in_pieces(text, min_piece).ok().map(|p| p.concat());
            assert!(in_pieces == whole, "format_in_pieces({min_piece}) differs from the whole file's");
        }
        let cuts = alloy_syntax::top_level_cuts(text, 0);
        if cuts.len() > 2 {
            let pieces: Vec<_> = cuts
                .windows(2)
                .map(|w| alloy_syntax::parse(&text[w[0]..w[1]]))
                .collect();
            let all_parse = pieces.iter().all(|p| !p.has_errors());
            assert_eq!(
                all_parse,
                !parse.has_errors(),
                "pieces disagree with the whole file: {cuts:?}"
            );
            if all_parse {
                let statements: usize = pieces.iter().map(|p| p.file.body.len()).sum();
                let comments: usize = pieces.iter().map(|p| p.file.comments.len()).sum();
                assert_eq!(
                    (statements, comments),
                    (parse.file.body.len(), parse.file.comments.len())
                );
            }
        }
        // Every cut, inside blocks too: each piece inside its stand-in blocks.
        let cuts: Vec<_> = alloy_syntax::Cuts::new(text, 0, alloy_syntax::CutKinds::All).collect();
        if cuts.len() > 2 {
            let pieces: Vec<_> = cuts
                .windows(2)
                .map(|w| alloy_syntax::parse(&alloy_syntax::piece_text(text, &w[0], &w[1])))
                .collect();
            let all_parse = pieces.iter().all(|p| !p.has_errors());
            assert_eq!(
                all_parse,
                !parse.has_errors(),
                "pieces (every cut) disagree with the whole file: {cuts:?}"
            );
            if all_parse {
                let comments: usize = pieces.iter().map(|p| p.file.comments.len()).sum();
                assert_eq!(comments, parse.file.comments.len());
            }
        }
    }
});
