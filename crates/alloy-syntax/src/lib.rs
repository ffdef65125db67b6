//! Syntax of the Grafana Alloy configuration language (River): a logos lexer, a LALRPOP
//! grammar (`grammar/alloy.lalrpop`) and a typed AST in which every node carries its byte span
//! and every comment is kept.
//!
//! ```
//! let parse = alloy_syntax::parse("prometheus.scrape \"default\" {\n  targets = []\n}\n");
//! assert!(!parse.has_errors());
//! assert_eq!(parse.file.body.len(), 1);
//! ```

pub mod ast;
#[doc(hidden)]
pub mod lexer;
mod parser;
mod pieces;
mod recovery;
mod strings;
mod unicode_tables;

pub use lexer::{has_tokens, same_tokens, MAX_NESTING};
pub use parser::{
    parse, parse_expression, parse_keeping_tokens, Parse, INVALID_BLOCK_LABEL, NESTING_TOO_DEEP,
    SYNTAX_ERROR,
};
pub use pieces::{top_level_cuts, TopLevelCuts};
pub use strings::{is_valid_identifier, unquote};

use alloy_diagnostics::{Diagnostic, Span};

/// Parses raw bytes. Invalid UTF-8 is reported at each offending byte (as Alloy does) and the
/// rest of the file is still parsed, with those bytes treated as illegal characters.
pub fn parse_bytes(bytes: &[u8]) -> Parse {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text),
        Err(_) => {
            let (text, bad) = replace_invalid_utf8(bytes);
            let mut result = parse(&text);
            // The stand-in NULs produce their own "illegal character" errors: replace them.
            result
                .diagnostics
                .retain(|d| !d.primary_span().is_some_and(|s| bad.contains(&s.start)));
            for &offset in &bad {
                result.diagnostics.push(
                    Diagnostic::error(SYNTAX_ERROR, "illegal UTF-8 encoding")
                        .with_primary(Span::new(offset, offset + 1), "not valid UTF-8")
                        .with_help("save the file as UTF-8"),
                );
            }
            result
                .diagnostics
                .sort_by_key(|d| d.primary_span().map(|s| s.start));
            result
        }
    }
}

/// Replaces every byte of an invalid UTF-8 sequence with NUL, keeping all offsets.
fn replace_invalid_utf8(bytes: &[u8]) -> (String, Vec<u32>) {
    let mut out = Vec::with_capacity(bytes.len());
    let mut bad = Vec::new();
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.extend_from_slice(s.as_bytes());
                break;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                out.extend_from_slice(&rest[..valid]);
                let invalid = e.error_len().unwrap_or(rest.len() - valid);
                for _ in 0..invalid {
                    bad.push(out.len() as u32);
                    out.push(0);
                }
                rest = &rest[valid + invalid..];
            }
        }
    }
    (String::from_utf8(out).unwrap_or_default(), bad)
}
