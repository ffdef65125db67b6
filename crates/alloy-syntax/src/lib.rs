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
#[doc(hidden)]
pub mod recovery_properties;
mod rules;
mod source_str;
mod strings;
mod thin_slice;
mod unicode_tables;
pub mod visit;

pub use lexer::{has_tokens, same_tokens, Tokens, MAX_NESTING};
pub use parser::{
    parse, parse_expression, parse_in_pieces, parse_keeping_tokens, parse_shared, parse_string,
    Parse,
};
pub use pieces::{
    likely_cut, piece_text, top_level_cuts, Cut, CutKinds, Cuts, TopLevelCuts, PIECE_OPENER,
};
pub use rules::{INVALID_BLOCK_LABEL, NESTING_TOO_DEEP, RULES, SYNTAX_ERROR};
pub use strings::{
    decode_escape, go_quote, go_quote_into, go_quote_rune, is_go_printable, is_valid_identifier,
    replace_invalid_utf8, string_pieces, unquote, unquote_bytes, Decoded, EscapeError, StringPiece,
    StringPieces, UnquoteError, ESCAPES_HELP, INVALID_UTF8_STAND_IN,
};

/// Parses raw bytes. Invalid UTF-8 is reported at each offending byte (as Alloy does) and the
/// rest of the file is still parsed, with those bytes treated as illegal characters. The bytes
/// are copied once, for the tree's strings; [`parse_byte_vec`] takes them without a copy.
pub fn parse_bytes(bytes: &[u8]) -> Parse {
    parse_byte_vec(bytes.to_vec())
}

/// [`parse_bytes`] of bytes the tree takes (valid UTF-8 becomes its text as it is).
pub fn parse_byte_vec(bytes: Vec<u8>) -> Parse {
    match String::from_utf8(bytes) {
        Ok(text) => parse_string(text),
        Err(e) => {
            let (text, bad) = replace_invalid_utf8(e.as_bytes());
            parser::parse_with_invalid_utf8(text, &bad)
        }
    }
}
