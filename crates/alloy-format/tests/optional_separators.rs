//! The formatter's token check (`alloy_syntax::same_tokens` / `has_tokens`) lets a trailing
//! comma before a closer, or a terminator before a block's `}`, be there on one side only:
//! `alloy fmt` drops and adds them, and the grammar reads both forms alike. This test holds the
//! check to that claim. Each config gets variants with one separator toggled, or one line break
//! put in or taken out, before a closer; whenever the check says a variant has the config's
//! tokens, the variant must parse to the same syntax tree with the same comments.
//!
//! It runs on the configs below, and on every accepted input of the `alloy fmt` conformance
//! suites when `../shared` is present.

mod common;

use alloy_syntax::lexer::{Tok, TokenStream};
use common::shared_dir;
use std::path::PathBuf;

const CONFIGS: &[&str] = &[
    "a = [1, 2,]\nb = {x = 1, y = [f(1,), 2],}\n",
    "c = f(1, [2, 3],)\nd = {\n\tx = 1,\n}\n",
    "blk \"l\" { x = 1 }\nouter { inner { y = {z = 2} } }\n",
    "a.b {\n\tc = [1,\n\t\t2,\n\t]\n}\ne { f = 1 // note\n}\n",
];

#[derive(Default)]
struct Counts {
    variants: usize,
    accepted: usize,
    wrongly_accepted: Vec<String>,
}

/// Variants of `text` with one change just before one closer: the separator there toggled
/// (a comma taken out or put in, or a line break put in), or the line break there taken out.
fn variants(text: &str) -> Vec<String> {
    let tokens: Vec<(usize, Tok, usize)> = TokenStream::new(text).filter_map(Result::ok).collect();
    let mut out = Vec::new();
    for (i, &(start, tok, _)) in tokens.iter().enumerate() {
        if !matches!(tok, Tok::RBrack | Tok::RParen | Tok::RCurly) || i == 0 {
            continue;
        }
        let (previous_start, previous, previous_end) = tokens[i - 1];
        let edit =
            |at: usize, end: usize, with: &str| format!("{}{with}{}", &text[..at], &text[end..]);
        match previous {
            Tok::Comma => out.push(edit(previous_start, previous_end, "")),
            // A terminator's span: where the line break (or comment) was.
            Tok::Terminator => out.push(edit(previous_start, start, " ")),
            _ => {
                out.push(edit(previous_end, previous_end, ","));
                out.push(edit(start, start, "\n"));
                out.push(edit(start, start, ",\n"));
            }
        }
    }
    out
}

fn check(name: &str, text: &str, counts: &mut Counts) {
    let original = alloy_syntax::parse(text);
    if original.has_errors() {
        return;
    }
    for (i, variant) in variants(text).into_iter().enumerate() {
        counts.variants += 1;
        if !alloy_syntax::same_tokens(text, &variant) {
            continue;
        }
        counts.accepted += 1;
        if alloy_format::verify(&original.file, &variant).is_err() {
            counts
                .wrongly_accepted
                .push(format!("{name} variant {i}:\n{variant}"));
        }
    }
}

#[test]
fn accepted_separator_changes_keep_the_syntax_tree() {
    let mut counts = Counts::default();
    for (i, config) in CONFIGS.iter().enumerate() {
        check(&format!("config {i}"), config, &mut counts);
    }
    // Each bundled config has both kinds of accepted change, and rejected ones.
    assert!(counts.accepted >= 12, "{} accepted", counts.accepted);
    assert!(counts.accepted < counts.variants);
    match shared_dir() {
        Some(shared) => {
            for suite in ["fmt", "fmt-corpus"] {
                let dir = shared.join("conformance").join(suite);
                let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
                    .expect("suite directory is readable")
                    .filter_map(|e| Some(e.ok()?.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "in"))
                    .collect();
                names.sort();
                for path in names {
                    if let Ok(text) = std::fs::read_to_string(&path) {
                        check(&path.display().to_string(), &text, &mut counts);
                    }
                }
            }
        }
        None => eprintln!(
            "note: ../shared not found: only the bundled configs were checked (set ALLOY_SHARED_DIR)"
        ),
    }
    eprintln!(
        "optional separators: {} variants, {} accepted by the token check, {} of those with another syntax tree",
        counts.variants,
        counts.accepted,
        counts.wrongly_accepted.len()
    );
    assert!(
        counts.wrongly_accepted.is_empty(),
        "accepted, but not the same tree:\n{}",
        counts.wrongly_accepted.join("\n---\n")
    );
}
