//! Formatter for the Grafana Alloy configuration language, byte-identical to `alloy fmt`.
//!
//! The pipeline is the reference's: a walker drives a token printer (comments are put back by
//! source position), whose output goes through Go-compatible elastic tabstops (Go's
//! `text/tabwriter`) with its trimmer. Where the reference would change what a config means or
//! print something that does not parse, the output keeps the meaning instead and otherwise
//! follows the reference's layout: string literals and raw strings keep their tabs and trailing
//! blanks, quoted object keys keep their escapes, `f(\n)` gets no comma, a list gets a trailing
//! comma when comments moved in front of its closer bring a line break, comments that would
//! put a line break inside a statement wait for the next token, and a `//` comment (or a block
//! comment holding a form feed, after a token a line break would end a statement at) is always
//! followed by the line break the source has there.
//!
//! [`format_source`] also checks its own result: the output must parse to the same AST (spans
//! aside) with the same comments, or nothing is returned. Usually the output has the input's
//! tokens, but for the trailing commas and block-closing terminators that `alloy fmt` drops or
//! adds and the grammar reads alike ([`alloy_syntax::same_tokens`]), which proves that at a
//! fraction of a parse's cost; when the layout changed tokens otherwise (a re-quoted key, a line
//! break that ends a statement), the output is parsed and its syntax tree compared.
//!
//! ```
//! let out = alloy_format::format_source("a=1\nbbb   =  \"x\" // c\n").unwrap();
//! assert_eq!(out, "a   = 1\nbbb = \"x\" // c\n");
//! ```

mod equivalence;
mod lines;
mod printer;
mod tabwriter;
mod walker;

pub use equivalence::{
    canonical_form, compare_comments, compare_files, has_canonical_form, meaning_change, Difference,
};

use alloy_diagnostics::{Diagnostic, Span};
use alloy_syntax::ast::File;
use alloy_syntax::{Cut, CutKinds, Cuts};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;

alloy_diagnostics::declare_rule! {
    /// ## What it does
    /// Reported by `alloyfmt` when its own output fails the safety check: the formatted text
    /// would parse to a different tree, or lose or alter a comment.
    ///
    /// ## Why
    /// A formatter must never change what a config means. The input is left unchanged and
    /// nothing is written, so the config itself is fine; the formatter has a bug.
    ///
    /// ## Example
    /// ```text
    /// $ alloyfmt -w config.alloy
    /// error[formatter-internal-error]: internal formatter error: the formatted text would
    /// lose or alter a comment
    /// ```
    ///
    /// ## Fix
    /// Nothing to change in the config: report the input as a formatter bug.
    pub static INTERNAL_ERROR = Rule {
        name: "formatter-internal-error",
        category: Correctness,
        severity: Error,
        alloy_rejects: false,
        fix: None,
        summary: "the formatter's output would change the config's meaning, so it was withheld",
    };
}

/// Every rule of this crate.
pub static RULES: &[&alloy_diagnostics::Rule] = &[&INTERNAL_ERROR];

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
    let mut out = tabwriter::format(&printer.out);
    out.push(b'\n');
    // Only whole UTF-8 sequences are ever split out or moved, so this cannot fail; stay safe.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Pieces are cut at least this large (see [`format_in_pieces`]): small enough that a piece
/// whose tokens the layout changed is cheap to parse again, large enough that the per-piece
/// setup does not show.
pub const PIECE_BYTES: usize = 16 * 1024;

/// Pieces are handed to threads in runs of about this many pieces, so that each run's output
/// is one large allocation: one part of the result.
const RUN_PIECES: usize = 16;

/// A run between likely cuts longer than this has too few blank lines to be shared out by them:
/// the file is cut by the exact scan instead.
const LONGEST_LIKELY_RUN: usize = 1 << 20;

/// Parses, formats and verifies `source`.
pub fn format_source(source: &str) -> Result<String, FormatError> {
    let mut parts = format_in_pieces(source, PIECE_BYTES)?;
    match parts.len() {
        1 => Ok(parts.pop().unwrap_or_default()),
        _ => Ok(parts.concat()),
    }
}

/// [`format_source`], cutting the file into pieces of at least `min_piece` bytes and parsing,
/// printing and verifying them in parallel: faster on several cores, and only a few pieces'
/// syntax trees are ever held at once. At a cut `alloy fmt` writes a section break and starts
/// afresh (alignment runs and comment placement never reach across it), so the pieces' outputs
/// joined (with a blank line where the cut says) are the whole file's output.
///
/// The file is first cut where [`alloy_syntax::likely_cut`] says, which costs a few lines' read
/// per piece: a piece that formats proves that its end is a top-level cut after a blank line,
/// and a run of pieces that fails is cut from its failed piece on as the exact scan
/// ([`alloy_syntax::Cuts`]) says. If a run fails even so (its start was no statement, or the
/// file has a mistake), or the file has too few blank lines to share out, the whole file is
/// cut by the exact scan, which also cuts inside blocks: a piece inside blocks is formatted
/// inside stand-in blocks ([`alloy_syntax::piece_text`]) whose lines are then dropped
/// ([`piece_output`]). The conformance tests check all of it on every input with a cut at every
/// possible place. If any piece fails then, the whole file is formatted at once, which also
/// gives diagnostics their real positions.
///
/// The output comes in parts (one per run of pieces), which joined are the formatted text: a
/// caller that writes it out need not copy it into one string.
pub fn format_in_pieces(source: &str, min_piece: usize) -> Result<Vec<String>, FormatError> {
    if source.len() <= min_piece {
        // No cut leaves a first piece that large and something after it: skip the scan.
        return format_checked(source).map(|formatted| vec![formatted]);
    }
    let parts = match likely_runs(source, min_piece.saturating_mul(RUN_PIECES)) {
        Some(starts) => format_at_likely_cuts(source, &starts, min_piece),
        None => None,
    };
    match parts.or_else(|| format_at_exact_cuts(source, min_piece)) {
        Some(parts) => Ok(parts),
        None => format_checked(source).map(|formatted| vec![formatted]),
    }
}

/// Where runs of about `run_bytes` start at likely cuts; `None` if there is one run only or a
/// run would be longer than [`LONGEST_LIKELY_RUN`].
fn likely_runs(source: &str, run_bytes: usize) -> Option<Vec<usize>> {
    let mut starts = vec![0];
    loop {
        let last = starts[starts.len() - 1];
        // Never reads more than a longest run ahead: a text without blank lines is given up on
        // after the first megabyte, not read to its end before anything starts.
        let ahead = &source.as_bytes()[..source.len().min(last + LONGEST_LIKELY_RUN)];
        match alloy_syntax::likely_cut(ahead, last + run_bytes) {
            Some(cut) => starts.push(cut),
            None if ahead.len() == source.len() => break,
            None => return None,
        }
    }
    (starts.len() > 1).then_some(starts)
}

/// The runs between `starts` (likely cuts) formatted in parallel, each cut at likely cuts (see
/// [`format_likely_run`]); `None` if one fails.
fn format_at_likely_cuts(source: &str, starts: &[usize], min_piece: usize) -> Option<Vec<String>> {
    in_parallel(&AtomicBool::new(false), |runs| {
        for (index, &start) in starts.iter().enumerate() {
            let end = starts.get(index + 1).copied().unwrap_or(source.len());
            runs.spawn(index, move |failed| {
                format_likely_run(&source[start..end], start == 0, min_piece, failed)
            });
        }
    })
}

/// A run that starts at a statement, formatted in pieces of at least `min_piece` bytes ending
/// at likely cuts, joined by blank lines. A piece that fails starts at a statement all the
/// same (the run's start, or the end of a piece that formatted), so the rest of the run is cut
/// there by the exact scan. `None` if that fails too, or once another run has failed.
fn format_likely_run(
    text: &str,
    at_file_start: bool,
    min_piece: usize,
    failed: &AtomicBool,
) -> Option<String> {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut at = 0;
    while at < text.len() {
        if failed.load(Ordering::Relaxed) {
            return None;
        }
        // Every piece but the file's first starts after a blank line.
        if at > 0 || !at_file_start {
            out.push('\n');
        }
        let end = alloy_syntax::likely_cut(text.as_bytes(), at + min_piece).unwrap_or(text.len());
        match format_piece(&text[at..end]) {
            // Before the file's first statement a blank line is no cut (`alloy fmt` drops blank
            // lines there), so neither this piece's end nor the run's is known to be one.
            Ok((_, false)) if at == 0 && at_file_start => return None,
            Ok((formatted, _)) => out.push_str(&formatted),
            Err(_) => {
                let rest = &text[at..];
                let mut scan = Cuts::new(rest, min_piece, CutKinds::All);
                let cuts: Vec<Cut> = scan.by_ref().collect();
                if scan.open_brackets() > 0 {
                    // The run ends inside a block (its end was no cut): fail before formatting.
                    return None;
                }
                out.push_str(&format_run(rest, &cuts, false)?);
                return Some(out);
            }
        }
        at = end;
    }
    Some(out)
}

/// The file cut where [`alloy_syntax::Cuts`] says, the pieces formatted in parallel; `None` if
/// there is no cut or a piece fails.
fn format_at_exact_cuts(source: &str, min_piece: usize) -> Option<Vec<String>> {
    let mut cuts = Cuts::new(source, min_piece, CutKinds::All);
    let (first, second) = (cuts.next()?, cuts.next()?);
    if second.at == source.len() {
        return None;
    }
    let mut cuts = [first, second].into_iter().chain(cuts);
    in_parallel(&AtomicBool::new(false), |runs| {
        // Pieces grouped into runs of about `RUN_PIECES`, each run spawned once the scan has
        // found its end.
        let run_bytes = min_piece.saturating_mul(RUN_PIECES);
        let Some(first) = cuts.next() else { return };
        let mut run = vec![first];
        let mut index = 0;
        for cut in cuts {
            run.push(cut);
            if cut.at - run[0].at >= run_bytes || cut.at == source.len() {
                let run = std::mem::replace(&mut run, vec![cut]);
                let blank_line_before = index > 0 && run[0].blank_line;
                runs.spawn(index, move |_| format_run(source, &run, blank_line_before));
                index += 1;
            }
        }
    })
}

/// Runs `spawn_all`, which spawns the runs of a file ([`Runs::spawn`]), and returns their
/// outputs in order; `None` if one failed (`failed`, a flag that starts false, says so).
/// Joining them is left to the caller: copying a big file's output into one string cost as
/// much as a twentieth of the formatting.
fn in_parallel<'s>(
    failed: &'s AtomicBool,
    spawn_all: impl FnOnce(&mut Runs<'_, 's>) + Send,
) -> Option<Vec<String>> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let spawn_all = |scope: &rayon::Scope<'s>| {
        spawn_all(&mut Runs {
            scope,
            failed,
            sender,
        })
    };
    // On a pool thread already (files formatted in parallel), this thread works inside the
    // scope; otherwise it spawns the runs and waits.
    match rayon::current_thread_index() {
        Some(_) => rayon::scope(spawn_all),
        None => rayon::in_place_scope(spawn_all),
    }
    if failed.load(Ordering::Relaxed) {
        return None;
    }
    let mut outputs: Vec<(usize, Option<String>)> = receiver.into_iter().collect();
    outputs.sort_unstable_by_key(|&(index, _)| index);
    outputs.into_iter().map(|(_, output)| output).collect()
}

/// Where [`in_parallel`]'s runs are spawned, with what they share: whether one has failed (the
/// others then stop), and where their outputs go.
struct Runs<'a, 's> {
    scope: &'a rayon::Scope<'s>,
    failed: &'s AtomicBool,
    sender: Sender<(usize, Option<String>)>,
}

impl<'s> Runs<'_, 's> {
    /// Formats run `index` with `format` (given the flag it may watch to stop early), unless
    /// another has failed; its text starts with the blank line before the run, if any.
    fn spawn(&self, index: usize, format: impl FnOnce(&AtomicBool) -> Option<String> + Send + 's) {
        let (failed, sender) = (self.failed, self.sender.clone());
        self.scope.spawn(move |_| {
            let output = match failed.load(Ordering::Relaxed) {
                true => None,
                false => format(failed),
            };
            if output.is_none() {
                failed.store(true, Ordering::Relaxed);
            }
            let _ = sender.send((index, output));
        });
    }
}

/// The pieces between consecutive `cuts`, formatted and joined (after a blank line if
/// `blank_line_before`); `None` if any fails.
fn format_run(source: &str, cuts: &[Cut], blank_line_before: bool) -> Option<String> {
    let text = &source[cuts[0].at..cuts[cuts.len() - 1].at];
    let mut out = String::with_capacity(text.len() + text.len() / 4 + 1);
    if blank_line_before {
        out.push('\n');
    }
    for piece in cuts.windows(2) {
        if out.len() > usize::from(blank_line_before) && piece[0].blank_line {
            out.push('\n');
        }
        let text = alloy_syntax::piece_text(source, &piece[0], &piece[1]);
        let formatted = format_checked(&text).ok()?;
        out.push_str(piece_output(&formatted, piece[0].depth, piece[1].depth)?);
    }
    Some(out)
}

/// The output of a piece formatted as [`alloy_syntax::piece_text`] gives it, without the lines
/// of the stand-in blocks: `opened` lines `x {` first, `closed` lines `}` last, each indented
/// by its level. `None` if they are not exactly those.
pub fn piece_output(formatted: &str, opened: usize, closed: usize) -> Option<&str> {
    let mut rest = formatted;
    for level in 0..opened {
        let (line, after) = rest.split_once('\n')?;
        let opener = alloy_syntax::PIECE_OPENER.trim_end();
        if line.len() != level + opener.len()
            || !line[..level].bytes().all(|b| b == b'\t')
            || &line[level..] != opener
        {
            return None;
        }
        rest = after;
    }
    for level in 0..closed {
        let body = rest.strip_suffix('\n')?;
        let start = body.rfind('\n').map_or(0, |i| i + 1);
        let line = &body[start..];
        if line.len() != level + 1
            || !line[..level].bytes().all(|b| b == b'\t')
            || !line.ends_with('}')
        {
            return None;
        }
        rest = &rest[..start];
    }
    Some(rest)
}

/// Texts up to this size keep their tokens from the parse for the check (about 6 bytes of
/// tokens per byte of text); larger ones are lexed again instead.
const KEEP_TOKENS_UP_TO: usize = 1 << 20;

/// Parses, prints and checks `source` as one piece: the output must have the input's tokens
/// and comments, or else parse to the same AST with the same comments.
fn format_checked(source: &str) -> Result<String, FormatError> {
    format_piece(source).map(|(formatted, _)| formatted)
}

/// [`format_checked`], and whether `source` has a statement.
fn format_piece(source: &str) -> Result<(String, bool), FormatError> {
    let keep_tokens = source.len() <= KEEP_TOKENS_UP_TO;
    let (parsed, tokens) = if keep_tokens {
        let (parsed, tokens) = alloy_syntax::parse_keeping_tokens(source);
        (parsed, Some(tokens))
    } else {
        (alloy_syntax::parse(source), None)
    };
    if parsed.has_errors() {
        return Err(FormatError::Parse(parsed.diagnostics));
    }
    let has_statements = !parsed.file.body.is_empty();
    let formatted = print_file(&parsed.file, source);
    let same_tokens = match &tokens {
        Some(tokens) => alloy_syntax::has_tokens(&formatted, tokens, &parsed.file.comments),
        None => alloy_syntax::same_tokens(source, &formatted),
    };
    if same_tokens {
        return Ok((formatted, has_statements));
    }
    drop(tokens);
    // Compare canonical forms, so the input's AST can go before the output is parsed (peak
    // memory).
    let expected = canonical_form(&parsed.file);
    drop(parsed);
    let reparsed = alloy_syntax::parse(&formatted);
    if !reparsed.has_errors() && has_canonical_form(&reparsed.file, &expected) {
        return Ok((formatted, has_statements));
    }
    drop(reparsed);
    // Rare: parse the input again to say precisely what went wrong.
    let original = alloy_syntax::parse(source).file;
    // Canonical forms and the AST comparison agree, so this reports the difference.
    verify(&original, &formatted).map(|()| (formatted, has_statements))
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
            let span = original.comments.get(index).map(|c| c.span());
            Err(internal(
                "the formatted text would lose or alter a comment".to_string(),
                span,
            ))
        }
    }
}

fn internal(message: String, span: Option<Span>) -> FormatError {
    let mut diagnostic = INTERNAL_ERROR
        .diagnostic(format!("internal formatter error: {message}"))
        .with_help("the file was left unchanged; please report this input as a formatter bug");
    if let Some(span) = span {
        diagnostic = diagnostic.with_primary(span, "formatting changes this");
    }
    FormatError::Internal(Box::new(diagnostic))
}
