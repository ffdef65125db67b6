//! Error recovery keeps the tree, on every conformance input (`../shared/conformance/{parse,
//! fmt,fmt-corpus}`) damaged in every way of two kinds: cut short after each line, and with
//! each single token deleted. Skips (with a message) when `../shared` is absent.
//!
//! Properties, for every damaged variant:
//! 1. every top-level statement of the undamaged text that is complete before the damage
//!    (it ends, and a line break follows it, before the damaged offset) is in the damaged
//!    text's tree, unchanged (same AST, spans included);
//! 2. every attribute name *present* in the damaged text is an attribute in its tree. Present,
//!    lexically: an identifier token that is the first token on its line, is followed by an `=`
//!    token, and is in a block body: the innermost bracket open before it (counting every
//!    `{ [ (` and closing the innermost on any closer) is a `{` right after an identifier or a
//!    string (a block header), or there is none (top level);
//! 3. parsing never panics.
//!
//! Property 3 holds on every variant. Properties 1 and 2 do not yet hold everywhere (a
//! statement the strict pass resynchronises on mid-object, `{\n a = 1\n b = 2,\n}`, puts
//! `b` at the top level; a deleted keyword of a nested block can swallow the statement
//! before it): their failures are counted and may not grow past [`KNOWN_LOST_STATEMENTS`]
//! and [`KNOWN_ATTRIBUTE_LOSSES`], ratchets to lower as recovery improves (the counts are
//! deterministic: the same inputs, the same variants).
//!
//! Inputs are cut into chunks of about [`CHUNK`] bytes at top-level cuts
//! ([`alloy_syntax::top_level_cuts`]: each chunk is a file of its own), duplicate chunks are
//! checked once, and a chunk whose deletions would cost more than [`BUDGET`] bytes of parsing
//! (one big statement) has every n-th token deleted instead, to keep the run short.

use alloy_syntax::ast::{File, Stmt};
use alloy_syntax::lexer::{Tok, TokenStream};
use alloy_toolchain::{conformance_or_skip, files_with_suffix};
use rayon::prelude::*;
use std::collections::HashSet;

const CHUNK: usize = 1024;
const BUDGET: usize = 150_000;
/// Damaged variants that lose a complete statement today (property 1), of 472,594.
const KNOWN_LOST_STATEMENTS: usize = 71;
/// Damaged variants that lose an attribute name today (property 2), of 472,594.
const KNOWN_ATTRIBUTE_LOSSES: usize = 3735;

/// Every conformance input that is UTF-8.
fn read_inputs(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for (sub, suffix) in [("parse", ".alloy"), ("fmt", ".in"), ("fmt-corpus", ".in")] {
        for path in files_with_suffix(&dir.join(sub), suffix) {
            if let Ok(text) = String::from_utf8(std::fs::read(&path).unwrap()) {
                out.push(text);
            }
        }
    }
    out
}

/// `text` in pieces of about `CHUNK` bytes, cut where a top-level statement starts.
fn chunks(text: &str) -> Vec<&str> {
    let cuts = alloy_syntax::top_level_cuts(text, 1);
    let mut out = Vec::new();
    let mut start = 0;
    for w in cuts.windows(2) {
        if w[1] - start > CHUNK && w[0] > start {
            out.push(&text[start..w[0]]);
            start = w[0];
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

struct Variant {
    what: String,
    text: String,
    /// Where the damage is: nothing before it changed.
    damage: usize,
}

fn variants(text: &str) -> Vec<Variant> {
    let mut out = Vec::new();
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' && i + 1 < text.len() {
            out.push(Variant {
                what: format!("cut after byte {}", i + 1),
                text: text[..=i].to_string(),
                damage: i + 1,
            });
        }
    }
    let tokens: Vec<(usize, usize)> = TokenStream::new(text)
        .flatten()
        .filter(|(l, t, r)| *t != Tok::Terminator && l < r)
        .map(|(l, _, r)| (l, r))
        .collect();
    let stride = (tokens.len() * text.len() / BUDGET).max(1);
    for &(l, r) in tokens.iter().step_by(stride) {
        out.push(Variant {
            what: format!("token {l}..{r} ({:?}) deleted", &text[l..r]),
            text: format!("{}{}", &text[..l], &text[r..]),
            damage: l,
        });
    }
    out
}

/// Spans of the attribute names present in `text` (property 2).
fn present_attribute_names(text: &str) -> Vec<(u32, u32)> {
    let tokens: Vec<(usize, Tok, usize)> = TokenStream::new(text).flatten().collect();
    // Per open bracket: does it open a block body?
    let mut open: Vec<bool> = Vec::new();
    let mut names = Vec::new();
    let mut previous_end: Option<usize> = None;
    for (i, &(l, tok, r)) in tokens.iter().enumerate() {
        if tok == Tok::Terminator {
            continue;
        }
        let first_on_line = previous_end.is_none_or(|end| text[end..l].contains('\n'));
        previous_end = Some(r);
        match tok {
            Tok::LCurly | Tok::LBrack | Tok::LParen => {
                let header =
                    i > 0 && matches!(tokens[i - 1].1, Tok::Ident | Tok::String | Tok::RawString);
                open.push(tok == Tok::LCurly && header);
            }
            Tok::RCurly | Tok::RBrack | Tok::RParen => {
                open.pop();
            }
            Tok::Ident
                if first_on_line
                    && open.last().copied().unwrap_or(true)
                    && tokens.get(i + 1).is_some_and(|t| t.1 == Tok::Assign) =>
            {
                names.push((l as u32, r as u32));
            }
            _ => {}
        }
    }
    names
}

fn attribute_names(body: &[Stmt], out: &mut HashSet<(u32, u32)>) {
    for stmt in body {
        match stmt {
            Stmt::Attribute(a) => {
                out.insert((a.name.span().start, a.name.span().end));
            }
            Stmt::Block(b) => attribute_names(&b.body, out),
        }
    }
}

/// Which property a damaged variant breaks.
enum Broken {
    /// Property 3.
    Panic(String),
    /// Property 1: a complete statement lost or changed.
    Tree(String),
    /// Property 2: an attribute name present in the text is not in the tree.
    AttributeName(String),
}

/// One chunk's damaged variants: how many, and the failures of each property.
struct ChunkResult {
    checked: usize,
    panics: Vec<String>,
    tree: Vec<String>,
    names: Vec<String>,
}

/// The problem with one damaged variant of `original` (parsed as `before`).
fn check(original: &str, before: &File, variant: &Variant) -> Option<Broken> {
    let parsed = std::panic::catch_unwind(|| alloy_syntax::parse(&variant.text));
    let Ok(after) = parsed else {
        return Some(Broken::Panic(format!("{}: parse panicked", variant.what)));
    };
    for stmt in &before.body {
        let end = stmt.span().end as usize;
        let complete = end <= variant.damage && original[end..variant.damage].contains('\n');
        if complete && !after.file.body.contains(stmt) {
            return Some(Broken::Tree(format!(
                "{}: statement at {:?} lost or changed",
                variant.what,
                stmt.span()
            )));
        }
    }
    let mut in_tree = HashSet::new();
    attribute_names(&after.file.body, &mut in_tree);
    for name in present_attribute_names(&variant.text) {
        if !in_tree.contains(&name) {
            let (l, r) = (name.0 as usize, name.1 as usize);
            return Some(Broken::AttributeName(format!(
                "{}: attribute `{}` at {l} not in the tree",
                variant.what,
                &variant.text[l..r]
            )));
        }
    }
    None
}

#[test]
fn damaged_inputs_keep_their_tree() {
    let Some(dir) = conformance_or_skip("recovery properties") else {
        return;
    };
    let inputs = read_inputs(&dir);
    assert!(!inputs.is_empty(), "no inputs in {}", dir.display());
    let mut seen = HashSet::new();
    let chunks: Vec<&str> = inputs
        .iter()
        .flat_map(|text| chunks(text))
        .filter(|chunk| seen.insert(*chunk))
        .collect();
    let results: Vec<ChunkResult> = chunks
        .par_iter()
        .map(|chunk| {
            let before = alloy_syntax::parse(chunk).file;
            let variants = variants(chunk);
            let (mut panics, mut tree, mut names) = (Vec::new(), Vec::new(), Vec::new());
            for v in &variants {
                match check(chunk, &before, v) {
                    Some(Broken::Panic(f)) => panics.push(format!("{f}\n--- input:\n{chunk}")),
                    Some(Broken::Tree(f)) => tree.push(format!("{f}\n--- input:\n{chunk}")),
                    Some(Broken::AttributeName(f)) => {
                        names.push(format!("{f}\n--- input:\n{chunk}"))
                    }
                    None => {}
                }
            }
            ChunkResult {
                checked: variants.len(),
                panics,
                tree,
                names,
            }
        })
        .collect();
    let checked: usize = results.iter().map(|r| r.checked).sum();
    let panics: Vec<&String> = results.iter().flat_map(|r| &r.panics).collect();
    let tree: Vec<&String> = results.iter().flat_map(|r| &r.tree).collect();
    let names: Vec<&String> = results.iter().flat_map(|r| &r.names).collect();
    println!(
        "recovery properties: {} inputs, {} distinct chunks, {checked} damaged variants checked, \
         {} panics, {} lost statements (at most {KNOWN_LOST_STATEMENTS}), {} lost attribute names \
         (at most {KNOWN_ATTRIBUTE_LOSSES})",
        inputs.len(),
        chunks.len(),
        panics.len(),
        tree.len(),
        names.len()
    );
    // `RECOVERY_REPORT=FILE` writes every failure, for working on recovery.
    if let Ok(path) = std::env::var("RECOVERY_REPORT") {
        let all: Vec<&str> = tree.iter().chain(&names).map(|f| f.as_str()).collect();
        std::fs::write(&path, all.join("\n\n=====\n")).expect("write RECOVERY_REPORT");
    }
    let first = |list: &[&String]| {
        list.iter()
            .take(5)
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    assert!(
        panics.is_empty(),
        "{} panics, the first ones:\n{}",
        panics.len(),
        first(&panics)
    );
    assert!(
        tree.len() <= KNOWN_LOST_STATEMENTS,
        "{} complete statements lost (ratchet: {KNOWN_LOST_STATEMENTS}), the first ones:\n{}",
        tree.len(),
        first(&tree)
    );
    assert!(
        names.len() <= KNOWN_ATTRIBUTE_LOSSES,
        "{} attribute names lost (ratchet: {KNOWN_ATTRIBUTE_LOSSES}), the first ones:\n{}",
        names.len(),
        first(&names)
    );
}
