//! Formatter for the Grafana Alloy configuration language, byte-identical to `alloy fmt`.
//!
//! The pipeline is the reference's: a walker drives a token printer (comments are put back by
//! source position), whose output goes through Go-compatible elastic tabstops (Go's
//! `text/tabwriter`) and a trimmer. Where the reference would change what a config means or
//! print something that does not parse, the output keeps the meaning instead and otherwise
//! follows the reference's layout: string literals and raw strings keep their tabs and trailing
//! blanks, quoted object keys keep their escapes, `f(\n)` gets no comma, a list gets a trailing
//! comma when comments moved in front of its closer bring a line break, comments that would
//! put a line break inside a statement wait for the next token, and a `//` comment is always
//! followed by a line break.
//!
//! [`format_source`] also checks its own result: the output must parse to the same AST (spans
//! aside) with the same comments, or nothing is returned. Usually the output has exactly the
//! input's tokens ([`alloy_syntax::same_tokens`]), which proves that at a fraction of a parse's
//! cost; when the layout changed tokens (a trailing comma, a line break that ends a statement),
//! the output is parsed and its syntax tree compared.
//!
//! ```
//! let out = alloy_format::format_source("a=1\nbbb   =  \"x\" // c\n").unwrap();
//! assert_eq!(out, "a   = 1\nbbb = \"x\" // c\n");
//! ```

mod equivalence;
mod lines;
mod printer;
mod quote;
mod tabwriter;
mod trimmer;
mod walker;

pub use equivalence::{
    canonical_form, compare_comments, compare_files, has_canonical_form, Difference,
};
pub use quote::go_quote;

use alloy_diagnostics::{Diagnostic, Span};
use alloy_syntax::ast::File;
use rayon::prelude::*;

/// Code of the diagnostic reported when the formatter's own output fails its safety check.
pub const INTERNAL_ERROR: &str = "formatter-internal-error";

#[derive(Debug, Clone)]
pub enum FormatError {
    /// The input does not parse; nothing was formatted.
    Parse(Vec<Diagnostic>),
    /// The formatted text would not mean the same as the input; it is withheld.
    Internal(Box<Diagnostic>),
}

/// Prints a parsed file as `alloy fmt` does (`source` is the text it was parsed from, used for
/// line numbers and comments). The result always ends with one newline. No safety check.
pub fn print_file(file: &File, source: &str) -> String {
    let lines = lines::LineTable::new(source);
    let mut printer = printer::Printer::new(
        &lines,
        source,
        &file.comments,
        source.len() + source.len() / 4 + 16,
    );
    {
        let mut walker = walker::Walker::new(&mut printer, &lines, source);
        walker.walk_stmts(&file.body);
    }
    printer.finish();
    let mut trimmer = trimmer::Trimmer::with_capacity(printer.out.len() + 1);
    tabwriter::format(&printer.out, &mut |bytes: &[u8]| trimmer.write(bytes));
    let mut out = trimmer.finish();
    out.push(b'\n');
    // Only whole UTF-8 sequences are ever split out or moved, so this cannot fail; stay safe.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Files at least this large are formatted in pieces (see [`format_in_pieces`]).
pub const PIECE_BYTES: usize = 128 * 1024;

/// Parses, formats and verifies `source`.
pub fn format_source(source: &str) -> Result<String, FormatError> {
    format_in_pieces(source, PIECE_BYTES)
}

/// [`format_source`], cutting the file where [`alloy_syntax::top_level_cuts`] allows (pieces of
/// at least `min_piece` bytes) and parsing, printing and verifying the pieces in parallel: faster
/// on several cores, and only a few pieces' syntax trees are ever held at once. Where blank lines
/// separate two top-level statements `alloy fmt` prints exactly one blank line and starts afresh
/// (alignment runs and comment placement never reach across them), so the pieces' outputs joined
/// with a blank line are the whole file's output; the conformance tests check that on every
/// input with a cut at every possible place. If any piece fails, the whole file is formatted
/// at once, which also gives diagnostics their real positions.
pub fn format_in_pieces(source: &str, min_piece: usize) -> Result<String, FormatError> {
    let cuts = alloy_syntax::top_level_cuts(source, min_piece);
    if cuts.len() <= 2 {
        return format_whole(source);
    }
    let pieces: Vec<&str> = cuts.windows(2).map(|w| &source[w[0]..w[1]]).collect();
    let outputs: Option<Vec<String>> = pieces.into_par_iter().map(format_piece).collect();
    let Some(outputs) = outputs else {
        return format_whole(source);
    };
    let mut joined = String::with_capacity(outputs.iter().map(|o| o.len() + 1).sum());
    for (i, output) in outputs.into_iter().enumerate() {
        if i > 0 {
            joined.push('\n');
        }
        joined.push_str(&output);
    }
    Ok(joined)
}

/// One piece, parsed, printed and verified; `None` if any of that fails.
fn format_piece(piece: &str) -> Option<String> {
    let parsed = alloy_syntax::parse(piece);
    if parsed.has_errors() {
        return None;
    }
    let formatted = print_file(&parsed.file, piece);
    if alloy_syntax::same_tokens(piece, &formatted) {
        return Some(formatted);
    }
    let reparsed = alloy_syntax::parse(&formatted);
    if reparsed.has_errors() || compare_files(&parsed.file, &reparsed.file).is_err() {
        return None;
    }
    Some(formatted)
}

/// Formats and verifies `source` as one piece.
fn format_whole(source: &str) -> Result<String, FormatError> {
    let parsed = alloy_syntax::parse(source);
    if parsed.has_errors() {
        return Err(FormatError::Parse(parsed.diagnostics));
    }
    let formatted = print_file(&parsed.file, source);
    if alloy_syntax::same_tokens(source, &formatted) {
        return Ok(formatted);
    }
    // Compare canonical forms, so the input's AST can go before the output is parsed (peak
    // memory).
    let expected = canonical_form(&parsed.file);
    drop(parsed);
    let reparsed = alloy_syntax::parse(&formatted);
    if !reparsed.has_errors() && has_canonical_form(&reparsed.file, &expected) {
        return Ok(formatted);
    }
    drop(reparsed);
    // Rare: parse the input again to say precisely what went wrong.
    let original = alloy_syntax::parse(source).file;
    // Canonical forms and the AST comparison agree, so this reports the difference.
    verify(&original, &formatted).map(|()| formatted)
}

/// Checks that `formatted` parses to the same AST as `original`, with the same comments.
pub fn verify(original: &File, formatted: &str) -> Result<(), FormatError> {
    let reparsed = alloy_syntax::parse(formatted);
    if reparsed.has_errors() {
        let first = reparsed
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .map(|d| d.message.clone())
            .unwrap_or_default();
        return Err(internal(
            format!("the formatted text does not parse ({first})"),
            None,
        ));
    }
    match compare_files(original, &reparsed.file) {
        Ok(()) => Ok(()),
        Err(Difference::Syntax { before, .. }) => Err(internal(
            "the formatted text would change the configuration's meaning".to_string(),
            Some(before),
        )),
        Err(Difference::Comments { index }) => {
            let span = original.comments.get(index).map(|c| c.span);
            Err(internal(
                "the formatted text would lose or alter a comment".to_string(),
                span,
            ))
        }
    }
}

fn internal(message: String, span: Option<Span>) -> FormatError {
    let mut diagnostic = Diagnostic::error(
        INTERNAL_ERROR,
        format!("internal formatter error: {message}"),
    )
    .with_help("the file was left unchanged; please report this input as a formatter bug");
    if let Some(span) = span {
        diagnostic = diagnostic.with_primary(span, "formatting changes this");
    }
    FormatError::Internal(Box::new(diagnostic))
}
