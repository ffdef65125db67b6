//! The cut rules of `alloy_syntax::pieces` on every conformance input, cut at every place they
//! allow. `top_level_cuts`: an input parses exactly when all its pieces do, the pieces'
//! statements and comments are the whole file's, and the pieces formatted one by one and joined
//! with a blank line are the whole file formatted at once. `Cuts` (every kind, inside blocks
//! too): an input parses exactly when every piece does as `piece_text` gives it (inside
//! stand-in blocks), the pieces hold the file's comments, and their outputs without the
//! stand-in lines, joined with a blank line where a cut says so, are the whole file's output;
//! also for each input without its blank lines and inside one block, the shapes only these
//! cuts can cut. This is what lets `alloyfmt` work on big files piece by piece.

use alloy_syntax::ast::File;
use alloy_syntax::{Cut, CutKinds, Cuts};
use alloy_toolchain::{conformance_or_skip, files_with_suffix};

#[derive(Default)]
struct Counts {
    inputs: usize,
    cut: usize,
    pieces: usize,
    /// Inputs and pieces with cuts of every kind, and those cut inside a block.
    cut_anywhere: usize,
    pieces_anywhere: usize,
    cut_in_blocks: usize,
    /// Inputs with a top-level cut that `parse_in_pieces` parsed, and valid ones it gave up on.
    parsed_in_pieces: usize,
    parse_in_pieces_gave_up: usize,
    failures: Vec<String>,
}

fn check_all_cuts(name: &str, text: &str, counts: &mut Counts) {
    let cuts: Vec<Cut> = Cuts::new(text, 0, CutKinds::All).collect();
    assert_eq!(cuts.first().map(|c| c.at), Some(0), "{name}");
    assert_eq!(cuts.last().map(|c| c.at), Some(text.len()), "{name}");
    if cuts.len() <= 2 {
        return;
    }
    counts.cut_anywhere += 1;
    counts.pieces_anywhere += cuts.len() - 1;
    if cuts.iter().any(|c| c.depth > 0) {
        counts.cut_in_blocks += 1;
    }
    let whole = alloy_syntax::parse(text);
    let pieces: Vec<String> = cuts
        .windows(2)
        .map(|w| alloy_syntax::piece_text(text, &w[0], &w[1]).into_owned())
        .collect();
    let parsed: Vec<_> = pieces.iter().map(|p| alloy_syntax::parse(p)).collect();
    let pieces_ok = parsed.iter().all(|p| !p.has_errors());
    if whole.has_errors() == pieces_ok {
        counts.failures.push(format!(
            "{name}: the file {} but {} (all cuts)",
            if whole.has_errors() {
                "is rejected"
            } else {
                "parses"
            },
            if pieces_ok {
                "every piece parses"
            } else {
                "a piece does not"
            }
        ));
        return;
    }
    if whole.has_errors() {
        return;
    }
    let comments: usize = parsed.iter().map(|p| p.file.comments.len()).sum();
    if comments != whole.file.comments.len() {
        counts
            .failures
            .push(format!("{name}: pieces' comments differ (all cuts)"));
        return;
    }
    let mut joined = String::new();
    for (i, (piece, parse)) in pieces.iter().zip(&parsed).enumerate() {
        let printed = alloy_format::print_file(&parse.file, piece);
        let Some(output) = alloy_format::piece_output(&printed, cuts[i].depth, cuts[i + 1].depth)
        else {
            counts.failures.push(format!(
                "{name}: piece {i} printed without its stand-in lines: {printed:?}"
            ));
            return;
        };
        if i > 0 && cuts[i].blank_line {
            joined.push('\n');
        }
        joined.push_str(output);
    }
    let expected = alloy_format::print_file(&whole.file, text);
    if joined != expected {
        counts.failures.push(format!(
            "{name}: pieces formatted and joined differ (all cuts):\n{}",
            first_difference(&expected, &joined)
        ));
        return;
    }
    // Pieces of any size (0: a run and a piece at every cut), runs of 16 pieces: first at
    // likely cuts, each run cut exactly from a piece that fails, the whole file cut exactly if
    // a run fails.
    for min_piece in [0, 1, 64] {
        match alloy_format::format_in_pieces(text, min_piece) {
            Ok(parts) if parts.concat() == expected => {}
            _ => counts.failures.push(format!(
                "{name}: format_in_pieces with pieces of {min_piece} bytes differs"
            )),
        }
    }
}

/// The first line where `b` differs from `a`, with its neighbours, for the failure message.
fn first_difference(a: &str, b: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let at = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let from = at.saturating_sub(2);
    format!(
        "  expected {:?}\n  got      {:?}",
        &a[from..(at + 2).min(a.len())],
        &b[from..(at + 2).min(b.len())]
    )
}

/// `parse_in_pieces` with a cut at every line it may cut at: the whole file's parse exactly
/// (spans included) when it gives one, and never one for a file with a diagnostic.
fn check_parse_in_pieces(name: &str, text: &str, has_cuts: bool, counts: &mut Counts) {
    let whole = alloy_syntax::parse(text);
    let in_pieces = alloy_syntax::parse_in_pieces(&std::sync::Arc::new(text.to_string()), 0);
    match in_pieces {
        Some(_) if !whole.diagnostics.is_empty() => counts.failures.push(format!(
            "{name}: parse_in_pieces gives a tree, yet the file has diagnostics"
        )),
        Some(parse) if parse.file != whole.file => counts.failures.push(format!(
            "{name}: parse_in_pieces gives another tree than the whole file's"
        )),
        Some(_) => counts.parsed_in_pieces += usize::from(has_cuts),
        None if whole.diagnostics.is_empty() => counts.parse_in_pieces_gave_up += 1,
        None => {}
    }
}

fn check(name: &str, text: &str, counts: &mut Counts) {
    counts.inputs += 1;
    let cuts = alloy_syntax::top_level_cuts(text, 0);
    check_parse_in_pieces(name, text, cuts.len() > 2, counts);
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
            check_all_cuts(&name, &text, &mut counts);
            // The shapes the blank-line cuts miss: no blank line anywhere, and everything
            // inside one block.
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let without_blank_lines: String = text
                .split_inclusive('\n')
                .filter(|line| !line.trim().is_empty())
                .collect();
            check_all_cuts(
                &format!("{name} without blank lines"),
                &without_blank_lines,
                &mut counts,
            );
            let newline = if text.ends_with('\n') { "" } else { "\n" };
            let in_a_block = format!("giant {{\n{text}{newline}}}\n");
            check_all_cuts(&format!("{name} in a block"), &in_a_block, &mut counts);
        }
    }
    eprintln!(
        "pieces: {} inputs; top-level cuts after blank lines: {} inputs cut, {} pieces; every cut: {} inputs cut ({} inside blocks), {} pieces; {} failures",
        counts.inputs,
        counts.cut,
        counts.pieces,
        counts.cut_anywhere,
        counts.cut_in_blocks,
        counts.pieces_anywhere,
        counts.failures.len()
    );
    eprintln!(
        "parse_in_pieces: {} inputs with top-level cuts parsed in pieces, gave up on {} valid inputs",
        counts.parsed_in_pieces, counts.parse_in_pieces_gave_up
    );
    for failure in &counts.failures {
        eprintln!("  {failure}");
    }
    assert!(counts.cut > 500, "too few inputs were cut to test anything");
    assert!(
        counts.cut_in_blocks > 300,
        "too few inputs were cut inside blocks to test anything"
    );
    assert!(
        counts.parsed_in_pieces > 500,
        "too few inputs were parsed in pieces to test anything"
    );
    assert!(counts.failures.is_empty());
}
