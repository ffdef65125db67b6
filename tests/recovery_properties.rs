//! Error recovery keeps the tree, on every conformance input (`../shared/conformance/{parse,
//! fmt,fmt-corpus}`) damaged in every way of two kinds: cut short after each line, and with
//! each single token deleted. Skips (with a message) when `../shared` is absent. The checks
//! are `alloy_syntax::recovery_properties`, which the fuzz target `recovery` shares.
//!
//! Properties, for every damaged variant:
//! 1. every top-level statement of the undamaged text that is complete before the damage is
//!    in the damaged text's tree, unchanged (same AST, spans included). Complete: it ends, and
//!    a line break follows it, before the damaged offset; its text up to that line break ends
//!    it (every bracket opened there is closed, and the last token is one after which a
//!    newline ends a statement: an identifier, a literal or a closer); and the text places it
//!    at the top level (no `{` of the text is open where it starts);
//! 2. every attribute name present in the damaged text is an attribute in its tree. Present,
//!    lexically: an identifier token that is the first token on its line, is followed by an `=`
//!    token, and is in a block body: the innermost bracket open before it (counting every
//!    `{ [ (` and closing the innermost on any closer) is a `{` right after an identifier or a
//!    string (a block header), or there is none (top level);
//! 3. parsing never panics.
//!
//! All three hold on every variant.
//!
//! Why "complete" asks more than "ends before the damage". A statement whose text does not
//! end it has no end of its own: `x = a +`, `x = a.` and `x = [1],` go on across the newline
//! (Alloy reads the next line as their continuation), and `a {` with its `}` missing goes on
//! to wherever its body ends. Recovery has to guess that end from what follows (issue 9: a missing `}` is
//! closed where the indentation or the next statement shows), and a damage after the
//! statement changes what follows: `x = a +\ny = 2` keeps `x = (a + ERROR)` and `y`, but with
//! the `=` of `y` deleted Alloy reads `x = a +\ny 2` as `x = a + y`. Likewise a statement the
//! text has inside an open `{` is at the top level only by such a guess, and no recovery can
//! keep every such guess under every damage. Take
//!     A = `a {\n  x = 1\ny = 2\nb {\n}\n`   (the `}` of `a` missing; the last `}` is `b`'s).
//! If recovery closes `a` before `y`, as the indentation shows, `y` is a complete top-level
//! statement before `b`'s `{`; deleting that `{` gives
//!     B = `a {\n  x = 1\ny = 2\nb\n}\n`,
//! whose tree must then keep `y` at the top level too; but `y` is complete before `b` in B,
//! and deleting `b` gives `a {\n  x = 1\ny = 2\n\n}\n`, a valid file whose tree has `y`
//! inside `a`. So either recovery never closes a block by the indentation (which issue 9
//! asks for), or property 1 cannot hold for statements inside a `{` the text leaves open.
//! The definition leaves out exactly these; for a statement the text ends and places at the
//! top level, recovery decides everything reading forward, so the damage after it cannot
//! change it, and the test holds that on every variant.
//!
//! Inputs are cut into chunks of about [`CHUNK`] bytes at top-level cuts
//! ([`alloy_syntax::top_level_cuts`]: each chunk is a file of its own), duplicate chunks are
//! checked once, and a chunk whose deletions would cost more than [`BUDGET`] bytes of parsing
//! (one big statement) has every n-th token deleted instead, to keep the run short.

use alloy_syntax::recovery_properties::{check, variants, Undamaged, Variant};
use alloy_toolchain::{conformance_or_skip, files_with_suffix};
use rayon::prelude::*;
use std::collections::HashSet;

const CHUNK: usize = 1024;
const BUDGET: usize = 150_000;

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

/// One chunk's damaged variants: how many, and what broke which property.
struct ChunkResult {
    checked: usize,
    /// The property broken, and how (with the input).
    broken: Vec<(u8, String)>,
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
            let before = Undamaged::new(chunk);
            let variants = variants(chunk, Some(BUDGET));
            let broken = variants
                .iter()
                .filter_map(|v| check(&before, v))
                .map(|b| (b.property, format!("{b}\n--- input:\n{chunk}")))
                .collect();
            ChunkResult {
                checked: variants.len(),
                broken,
            }
        })
        .collect();
    let checked: usize = results.iter().map(|r| r.checked).sum();
    let broken: Vec<&(u8, String)> = results.iter().flat_map(|r| &r.broken).collect();
    let count = |property: u8| broken.iter().filter(|b| b.0 == property).count();
    println!(
        "recovery properties: {} inputs, {} distinct chunks, {checked} damaged variants checked, \
         {} lost statements, {} lost attribute names, {} panics",
        inputs.len(),
        chunks.len(),
        count(1),
        count(2),
        count(3),
    );
    // `RECOVERY_REPORT=FILE` writes every failure, for working on recovery.
    if let Ok(path) = std::env::var("RECOVERY_REPORT") {
        let all: Vec<&str> = broken.iter().map(|b| b.1.as_str()).collect();
        std::fs::write(&path, all.join("\n\n=====\n")).expect("write RECOVERY_REPORT");
    }
    let first: Vec<&str> = broken.iter().take(5).map(|b| b.1.as_str()).collect();
    assert!(
        broken.is_empty(),
        "{} damaged variants break a property, the first ones:\n{}",
        broken.len(),
        first.join("\n\n")
    );
}

/// The texts whose recovery once broke a property (`fixtures/recovery/`, found by the test
/// above and the fuzz target `recovery`): each keeps them, on its own and in every damaged
/// variant (all of them: the fixtures are small). Runs without `../shared`.
#[test]
fn recovery_fixtures_keep_their_tree() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/recovery");
    let fixtures = files_with_suffix(&dir, ".alloy");
    assert!(!fixtures.is_empty(), "no fixtures in {}", dir.display());
    for path in fixtures {
        let text = std::fs::read_to_string(&path).unwrap();
        let before = Undamaged::new(&text);
        let whole = Variant {
            what: "undamaged".into(),
            text: text.clone(),
            damage: text.len(),
        };
        let broken: Vec<String> = std::iter::once(whole)
            .chain(variants(&text, None))
            .filter_map(|v| check(&before, &v))
            .map(|b| b.to_string())
            .collect();
        assert!(
            broken.is_empty(),
            "{}: {} damaged variants break a property:\n{}",
            path.display(),
            broken.len(),
            broken.join("\n")
        );
    }
}
