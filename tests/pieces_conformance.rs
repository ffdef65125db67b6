//! `alloy_syntax::top_level_cuts` on every conformance input, cut at every place it allows:
//! an input parses exactly when all its pieces do, the pieces' statements and comments are the
//! whole file's, and the pieces formatted one by one and joined with a blank line are the whole
//! file formatted at once. This is what lets `alloyfmt` work on big files piece by piece.

use alloy_syntax::ast::File;
use alloy_toolchain::{conformance_or_skip, files_with_suffix};

#[derive(Default)]
struct Counts {
    inputs: usize,
    cut: usize,
    pieces: usize,
    failures: Vec<String>,
}

fn check(name: &str, text: &str, counts: &mut Counts) {
    counts.inputs += 1;
    let cuts = alloy_syntax::top_level_cuts(text, 0);
    assert_eq!(cuts.first(), Some(&0), "{name}");
    assert_eq!(cuts.last(), Some(&text.len()), "{name}");
    if cuts.len() <= 2 {
        return;
    }
    counts.cut += 1;
    counts.pieces += cuts.len() - 1;
    let whole = alloy_syntax::parse(text);
    let pieces: Vec<&str> = cuts.windows(2).map(|w| &text[w[0]..w[1]]).collect();
    let parsed: Vec<_> = pieces.iter().map(|p| alloy_syntax::parse(p)).collect();
    let pieces_ok = parsed.iter().all(|p| !p.has_errors());
    if whole.has_errors() {
        if pieces_ok {
            counts
                .failures
                .push(format!("{name}: rejected, yet every piece parses"));
        }
        return;
    }
    if !pieces_ok {
        counts
            .failures
            .push(format!("{name}: accepted, yet a piece does not parse"));
        return;
    }
    let mut joined_ast = File {
        body: Vec::new(),
        comments: Vec::new(),
    };
    let mut outputs = Vec::new();
    for (piece, parse) in pieces.iter().zip(parsed) {
        outputs.push(alloy_format::print_file(&parse.file, piece));
        joined_ast.body.extend(parse.file.body);
        joined_ast.comments.extend(parse.file.comments);
    }
    if joined_ast.body.len() != whole.file.body.len()
        || joined_ast.comments.len() != whole.file.comments.len()
        || alloy_format::compare_files(&whole.file, &joined_ast).is_err()
    {
        counts
            .failures
            .push(format!("{name}: pieces' statements or comments differ"));
        return;
    }
    let expected = alloy_format::print_file(&whole.file, text);
    if outputs.join("\n") != expected {
        counts
            .failures
            .push(format!("{name}: pieces formatted and joined differ"));
        return;
    }
    match alloy_format::format_in_pieces(text, 0) {
        Ok(out) if out == expected => {}
        _ => counts
            .failures
            .push(format!("{name}: format_in_pieces differs")),
    }
}

#[test]
fn pieces_parse_and_format_as_the_whole_file() {
    let Some(dir) = conformance_or_skip("pieces conformance") else {
        return;
    };
    let mut counts = Counts::default();
    for (suite, suffix) in [("fmt", ".in"), ("fmt-corpus", ".in"), ("parse", ".alloy")] {
        for path in files_with_suffix(&dir.join(suite), suffix) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let name = format!("{suite}/{}", path.file_name().unwrap().to_string_lossy());
            check(&name, &text, &mut counts);
        }
    }
    eprintln!(
        "pieces: {} inputs, {} with cuts, {} pieces, {} failures",
        counts.inputs,
        counts.cut,
        counts.pieces,
        counts.failures.len()
    );
    for failure in &counts.failures {
        eprintln!("  {failure}");
    }
    assert!(counts.cut > 500, "too few inputs were cut to test anything");
    assert!(counts.failures.is_empty());
}
