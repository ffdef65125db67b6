//! Tokens. A logos lexer recognises the raw tokens; [`TokenStream`] then applies Alloy's
//! scanner rules on top: it inserts TERMINATOR tokens at newlines that end a statement
//! (after identifiers, literals and closers, as Go's scanner does), moves comments aside into
//! their own list, records lexical errors, and guards against pathological nesting.

use crate::ast::{Comment, Span};
use crate::strings::{go_char_name, is_digit, is_letter};
use logos::Logos;
use std::ops::Range;

/// A token as the grammar sees it: its kind only (one byte); its text is the source between
/// the offsets it comes with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tok {
    Ident,
    Number,
    Float,
    String,
    RawString,
    True,
    False,
    Null,
    Or,
    And,
    Not,
    NotEq,
    Assign,
    Eq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    LCurly,
    RCurly,
    LParen,
    RParen,
    LBrack,
    RBrack,
    Comma,
    Dot,
    /// End of a statement: an inserted newline (or end of file).
    Terminator,
    /// A character or literal Alloy does not accept; its error is already reported.
    Illegal,
}

impl Tok {
    /// How the token is named in "expected X, got Y" messages; `s` is its text.
    pub fn describe(&self, s: &str) -> String {
        match self {
            Tok::Ident => format!("identifier `{s}`"),
            Tok::Number | Tok::Float => format!("number `{s}`"),
            Tok::String | Tok::RawString => {
                let short: String = s.chars().take(30).collect();
                if short.len() < s.len() {
                    format!("string {short}…")
                } else {
                    format!("string {s}")
                }
            }
            Tok::True => "`true`".into(),
            Tok::False => "`false`".into(),
            Tok::Null => "`null`".into(),
            Tok::Terminator => "newline".into(),
            Tok::Illegal => "illegal token".into(),
            other => format!("`{}`", other.punct()),
        }
    }

    fn punct(&self) -> &'static str {
        match self {
            Tok::Or => "||",
            Tok::And => "&&",
            Tok::Not => "!",
            Tok::NotEq => "!=",
            Tok::Assign => "=",
            Tok::Eq => "==",
            Tok::Lt => "<",
            Tok::LtEq => "<=",
            Tok::Gt => ">",
            Tok::GtEq => ">=",
            Tok::Add => "+",
            Tok::Sub => "-",
            Tok::Mul => "*",
            Tok::Div => "/",
            Tok::Mod => "%",
            Tok::Pow => "^",
            Tok::LCurly => "{",
            Tok::RCurly => "}",
            Tok::LParen => "(",
            Tok::RParen => ")",
            Tok::LBrack => "[",
            Tok::RBrack => "]",
            Tok::Comma => ",",
            Tok::Dot => ".",
            _ => "",
        }
    }

    /// Whether a newline after this token ends the statement (Go's `insertTerm`).
    pub(crate) fn ends_statement(&self) -> bool {
        matches!(
            self,
            Tok::Ident
                | Tok::Number
                | Tok::Float
                | Tok::String
                | Tok::RawString
                | Tok::True
                | Tok::False
                | Tok::Null
                | Tok::RCurly
                | Tok::RParen
                | Tok::RBrack
        )
    }
}

/// A lexical error: byte offset and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexError {
    pub offset: usize,
    pub message: String,
    /// When Go's scanner reports the mistake, as the offset of the character it has just read
    /// (Go reads one character ahead): diagnostics come in this order, as Alloy reports them.
    /// An unterminated comment is found where the input ends, after the mistakes inside it; an
    /// illegal character once the character after it has been read.
    pub found_at: usize,
    /// Reported as the character at `found_at` is read (a NUL, a byte order mark): before
    /// anything else found while that character is the current one.
    pub on_read: bool,
}

#[derive(Default)]
pub struct Extras {
    errors: Vec<LexError>,
    /// Whether the text holds a NUL byte or a byte order mark past its start; most files
    /// don't, and then no scan looks for one.
    has_read_errors: bool,
}

impl Extras {
    /// A mistake found once the scanner has read the character at `found_at`.
    fn error_found_at(&mut self, offset: usize, message: impl Into<String>, found_at: usize) {
        self.errors.push(LexError {
            offset,
            message: message.into(),
            found_at,
            on_read: false,
        });
    }

    /// A character Go's scanner rejects as it reads it, wherever it is (strings and comments
    /// too): a NUL or a byte order mark.
    fn error_on_read(&mut self, offset: usize, message: impl Into<String>) {
        self.errors.push(LexError {
            offset,
            message: message.into(),
            found_at: offset,
            on_read: true,
        });
    }
}

#[derive(Logos, Clone, Copy, Debug, PartialEq, Eq)]
#[logos(extras = Extras)]
#[logos(skip r"[ \t\r]+")]
enum Raw {
    #[token("\n")]
    Newline,
    #[regex(r"[A-Za-z_][A-Za-z0-9_]*", extend_identifier)]
    Ident,
    /// Any non-ASCII character: a Unicode letter starts an identifier, anything else is illegal.
    #[regex(r"[^\x00-\x7F]", non_ascii)]
    NonAscii(bool),
    #[regex(r"[0-9]+")]
    Number,
    #[regex(r"[0-9]+\.[0-9]*([eE][+-]?[0-9]+)?")]
    #[regex(r"\.[0-9]+([eE][+-]?[0-9]+)?")]
    #[regex(r"[0-9]+[eE][+-]?[0-9]+")]
    Float,
    #[regex(r"([0-9]+(\.[0-9]*)?|\.[0-9]+)[eE][+-]?")]
    ExponentWithoutDigits,
    #[token("\"", |lex| scan_quoted(lex, '"'))]
    String,
    #[token("'", |lex| scan_quoted(lex, '\''))]
    SingleQuoted,
    #[token("`", scan_raw_string)]
    Backtick,
    #[token("//", scan_line_comment)]
    LineComment,
    #[token("/*", scan_block_comment)]
    BlockComment,
    #[token("||")]
    Or,
    #[token("|")]
    LoneBar,
    #[token("&&")]
    And,
    #[token("&")]
    LoneAmp,
    #[token("!")]
    Not,
    #[token("!=")]
    NotEq,
    #[token("=")]
    Assign,
    #[token("==")]
    Eq,
    #[token("<")]
    Lt,
    #[token("<=")]
    LtEq,
    #[token(">")]
    Gt,
    #[token(">=")]
    GtEq,
    #[token("+")]
    Add,
    #[token("-")]
    Sub,
    #[token("*")]
    Mul,
    #[token("/")]
    Div,
    #[token("%")]
    Mod,
    #[token("^")]
    Pow,
    #[token("{")]
    LCurly,
    #[token("}")]
    RCurly,
    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[token("[")]
    LBrack,
    #[token("]")]
    RBrack,
    #[token(",")]
    Comma,
    #[token(".")]
    Dot,
}

fn extend_identifier(lex: &mut logos::Lexer<Raw>) {
    // The regex took every ASCII identifier character: only a non-ASCII letter or digit can
    // continue the identifier.
    if !lex
        .remainder()
        .as_bytes()
        .first()
        .is_none_or(|b| b.is_ascii())
    {
        extend_identifier_unicode(lex);
    }
}

fn extend_identifier_unicode(lex: &mut logos::Lexer<Raw>) {
    let rest = lex.remainder();
    let extra: usize = rest
        .char_indices()
        .find(|&(_, c)| !(is_letter(c) || is_digit(c)))
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    lex.bump(extra);
}

fn non_ascii(lex: &mut logos::Lexer<Raw>) -> bool {
    let c = lex.slice().chars().next().unwrap_or('\u{fffd}');
    if is_letter(c) {
        extend_identifier_unicode(lex);
        true
    } else {
        let span = lex.span();
        if c == '\u{feff}' {
            lex.extras
                .error_on_read(span.start, "illegal byte order mark");
        } else {
            // Go reports it once it has read the character after it.
            let msg = format!("illegal character {}", go_char_name(c));
            lex.extras.error_found_at(span.start, msg, span.end);
        }
        false
    }
}

/// Scans a `"` (or illegal `'`) string after its opening quote, validating escapes.
fn scan_quoted(lex: &mut logos::Lexer<Raw>, quote: char) {
    let start = lex.span().start;
    let base = lex.span().end;
    let rest = lex.remainder();
    let bytes = rest.as_bytes();
    let mut i = 0;
    loop {
        // Jump to the next byte that matters; everything in between is string content.
        let Some(skip) = memchr::memchr3(quote as u8, b'\\', b'\n', &bytes[i..]) else {
            report_read_errors(&rest[i..], base + i, &mut lex.extras);
            lex.extras
                .error_found_at(start, "string literal not terminated", base + bytes.len());
            i = bytes.len();
            break;
        };
        report_read_errors(&rest[i..i + skip], base + i, &mut lex.extras);
        i += skip;
        match bytes[i] {
            b'\n' => {
                lex.extras
                    .error_found_at(start, "string literal not terminated", base + i);
                break;
            }
            b'\\' => i = scan_escape(rest, i + 1, base, &mut lex.extras),
            _ => {
                i += 1;
                break;
            }
        }
    }
    lex.bump(i);
}

/// Validates the escape whose first character (after `\`) is at `rest[i]`; returns the index
/// after it. Like Go, stops at an offending character without consuming it, and reports the
/// mistake while that character is the current one.
fn scan_escape(rest: &str, i: usize, base: usize, extras: &mut Extras) -> usize {
    match crate::strings::decode_escape(&rest[i..]) {
        Ok((_, used)) => i + used,
        Err((error, used)) => {
            extras.error_found_at(base + i, error.to_string(), base + i + used);
            i + used
        }
    }
}

fn scan_raw_string(lex: &mut logos::Lexer<Raw>) {
    scan_until(lex, "`", "string literal not terminated");
}

fn scan_line_comment(lex: &mut logos::Lexer<Raw>) {
    let rest = lex.remainder();
    let end = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
    report_read_errors(&rest[..end], lex.span().end, &mut lex.extras);
    lex.bump(end);
}

fn scan_block_comment(lex: &mut logos::Lexer<Raw>) {
    scan_until(lex, "*/", "block comment not terminated");
}

/// Consumes up to and including `closer`, or to the end of input with `unterminated` reported
/// at the token's start.
fn scan_until(lex: &mut logos::Lexer<Raw>, closer: &str, unterminated: &str) {
    let start = lex.span().start;
    let rest = lex.remainder();
    let base = lex.span().end;
    match memchr::memmem::find(rest.as_bytes(), closer.as_bytes()) {
        Some(i) => {
            report_read_errors(&rest[..i], base, &mut lex.extras);
            lex.bump(i + closer.len());
        }
        None => {
            report_read_errors(rest, base, &mut lex.extras);
            lex.extras
                .error_found_at(start, unterminated, base + rest.len());
            lex.bump(rest.len());
        }
    }
}

/// Reports the characters of `text` (at `base`) that Go's scanner rejects on reading them.
/// Inlined: it runs for every string and comment, and nearly always returns at once.
#[inline(always)]
fn report_read_errors(text: &str, base: usize, extras: &mut Extras) {
    if !extras.has_read_errors {
        return;
    }
    for (i, b) in text.bytes().enumerate() {
        if b == 0 {
            extras.error_on_read(base + i, "illegal character NUL");
        } else if b == 0xEF && text.as_bytes()[i..].starts_with(BOM) {
            extras.error_on_read(base + i, "illegal byte order mark");
        }
    }
}

pub(crate) const BOM: &[u8] = "\u{feff}".as_bytes();

/// Where Go's scanner is (the offset of the character it has just read) once it has scanned
/// the token after `offset`. `newline_ends`: a newline there ends the statement (after `}`, an
/// identifier...), so it is that token, and a comment stands for it; else both are skipped.
/// When that token is the end of input, one past the end: the scanner has read to the end
/// already while the last token was current, and what is found then comes first (`a{b}`:
/// the mistake at `}` before the block read as a value).
pub(crate) fn scanned_after(text: &str, offset: usize, newline_ends: bool) -> usize {
    let bytes = text.as_bytes();
    let mut at = offset.min(bytes.len());
    while matches!(bytes.get(at), Some(b' ' | b'\t' | b'\r')) {
        at += 1;
    }
    if newline_ends {
        match bytes.get(at..) {
            Some([b'\n', ..]) => return at + 1,
            Some([b'/', b'/' | b'*', ..]) => return at,
            _ => {}
        }
    }
    TokenStream::range(text, at, text.len())
        .next()
        .and_then(Result::ok)
        .map_or(bytes.len() + 1, |(_, _, end)| end)
}

/// Deepest nesting accepted: brackets plus operator chains. Deeper input is rejected so that
/// every recursive walk over the AST (printing, evaluating, dropping) stays within the stack.
pub const MAX_NESTING: usize = 1000;

/// Alloy's token stream over `text`, starting after a leading BOM.
pub struct TokenStream<'a> {
    raw: logos::Lexer<'a, Raw>,
    pub(crate) text: &'a str,
    insert_term: bool,
    finished: bool,
    /// Where each comment is, delimiters included (a `\r` ending a `//` comment's line left
    /// out).
    pub comments: Vec<Span>,
    /// Operator chain length at each open bracket level (index 0: outside any bracket).
    chain: Vec<usize>,
    nesting: usize,
    pub too_deep: Option<usize>,
    /// Every token handed out, when asked for ([`crate::parse_keeping_tokens`]).
    pub(crate) recorded: Option<Vec<(Tok, Span)>>,
}

impl<'a> TokenStream<'a> {
    pub fn new(text: &'a str) -> Self {
        TokenStream::from(text, 0)
    }

    /// The tokens of `text[start..]`, with offsets into `text`; `start` must be where a
    /// statement starts (no terminator is pending there). Only those bytes are looked at: the
    /// pieces of a large file are lexed this way on several threads at once.
    fn from(text: &'a str, start: usize) -> Self {
        // Offsets are handed out as `u32` ([`TokenStream::next_compact`]), as spans hold them.
        assert!(
            u32::try_from(text.len()).is_ok(),
            "texts of 4 GiB and more are not supported"
        );
        let bytes = text.as_bytes();
        // A byte order mark is allowed as the very first character only.
        let skip = match bytes.starts_with(BOM) {
            true => start.max(BOM.len()),
            false => start,
        };
        // One byte search finds both: a NUL, or a BOM (after `skip`) where its first byte is.
        // A `memmem` for the BOM besides a search for NUL cost four times as much.
        let rest = &bytes[start..];
        let has_read_errors = memchr::memchr2_iter(0, BOM[0], rest)
            .any(|i| rest[i] == 0 || (start + i >= skip && rest[i..].starts_with(BOM)));
        let mut raw = Raw::lexer_with_extras(
            text,
            Extras {
                errors: Vec::new(),
                has_read_errors,
            },
        );
        raw.bump(skip);
        TokenStream {
            raw,
            text,
            insert_term: false,
            finished: false,
            comments: Vec::new(),
            chain: vec![0],
            nesting: 0,
            too_deep: None,
            recorded: None,
        }
    }

    /// The tokens of `text[start..end]`, with offsets into `text`; `start` must be where a
    /// statement starts (no terminator is pending there).
    pub(crate) fn range(text: &'a str, start: usize, end: usize) -> Self {
        TokenStream::from(&text[..end], start)
    }

    /// Scans the next token and nothing after it, as Go's scanner does when its parser moves
    /// past a token: the mistakes in it count, and a character rejected on reading right
    /// after it (Go reads one ahead), but nothing further.
    pub(crate) fn scan_next_token_only(&mut self) {
        let Some(Ok((_, _, end))) = self.next() else {
            return;
        };
        let _ = self.next();
        self.raw.extras.errors.retain(|e| e.found_at <= end);
    }

    /// No lexical mistake and no excessive nesting so far.
    pub(crate) fn is_clean(&self) -> bool {
        self.too_deep.is_none() && self.raw.extras.errors.is_empty()
    }

    pub fn take_errors(&mut self) -> Vec<LexError> {
        std::mem::take(&mut self.raw.extras.errors)
    }

    /// Go's `findLineEnd`: does the comment starting at `start` (possibly followed by more
    /// comments) run to the end of the line?
    fn comment_reaches_line_end(&self, mut start: usize) -> bool {
        let bytes = self.text.as_bytes();
        loop {
            if bytes.get(start + 1) == Some(&b'/') {
                return true;
            }
            // Block comment: a newline inside it ends the line.
            let body = &self.text[start + 2..];
            let end = match memchr::memmem::find(body.as_bytes(), b"*/") {
                Some(i) => {
                    if body[..i].contains('\n') {
                        return true;
                    }
                    start + 2 + i + 2
                }
                None => return true,
            };
            let mut k = end;
            while matches!(bytes.get(k), Some(b' ' | b'\t' | b'\r')) {
                k += 1;
            }
            match bytes.get(k) {
                None | Some(b'\n') => return true,
                Some(b'/') if matches!(bytes.get(k + 1), Some(b'/' | b'*')) => start = k,
                _ => return false,
            }
        }
    }

    fn track_nesting(&mut self, tok: &Tok, start: usize) {
        let level = self.chain.len() - 1;
        match tok {
            // Names and literals (most tokens) change nothing.
            Tok::Ident | Tok::Number | Tok::Float | Tok::String | Tok::RawString => return,
            Tok::True | Tok::False | Tok::Null | Tok::Illegal => return,
            // These only end chains: the depth cannot grow.
            Tok::Comma | Tok::Assign | Tok::Terminator => {
                self.nesting -= self.chain[level];
                self.chain[level] = 0;
                return;
            }
            Tok::LParen | Tok::LBrack | Tok::LCurly => {
                self.chain.push(0);
            }
            Tok::RParen | Tok::RBrack | Tok::RCurly => {
                if level > 0 {
                    let inner = self.chain.pop().unwrap_or(0);
                    self.nesting -= inner;
                }
                // A closer extends the chain it closes into (`f()()`, `a[0][1]`).
                let last = self.chain.len() - 1;
                self.chain[last] += 1;
                self.nesting += 1;
            }
            _ => {
                self.chain[level] += 1;
                self.nesting += 1;
            }
        }
        if self.too_deep.is_none() && self.chain.len() - 1 + self.nesting > MAX_NESTING {
            self.too_deep = Some(start);
        }
    }

    #[inline(always)]
    fn next_token(&mut self) -> Option<(usize, Tok, usize)> {
        loop {
            let Some(result) = self.raw.next() else {
                if self.insert_term {
                    self.insert_term = false;
                    let end = self.text.len();
                    return Some((end, Tok::Terminator, end));
                }
                return None;
            };
            let span = self.raw.span();
            let slice = self.raw.slice();
            let tok = match result {
                Err(()) => {
                    let c = slice.chars().next().unwrap_or('\0');
                    if c == '\0' {
                        // Go rejects a NUL as it reads it (and then again as a token: once
                        // is enough).
                        self.raw
                            .extras
                            .error_on_read(span.start, "illegal character NUL");
                    } else {
                        // Reported once the character after it has been read, as Go does.
                        let msg = format!("illegal character {}", go_char_name(c));
                        self.raw.extras.error_found_at(span.start, msg, span.end);
                    }
                    // An illegal character keeps the previous terminator state, as in Go.
                    return Some((span.start, Tok::Illegal, span.end));
                }
                Ok(Raw::Newline) => {
                    if self.insert_term {
                        self.insert_term = false;
                        return Some((span.start, Tok::Terminator, span.end));
                    }
                    continue;
                }
                Ok(Raw::LineComment | Raw::BlockComment) => {
                    let len = slice.strip_suffix('\r').unwrap_or(slice).len();
                    let comment = Span::new(span.start as u32, (span.start + len) as u32);
                    if self.insert_term && self.comment_reaches_line_end(span.start) {
                        self.insert_term = false;
                        self.comments.push(comment);
                        return Some((span.start, Tok::Terminator, span.start));
                    }
                    self.insert_term = false;
                    self.comments.push(comment);
                    continue;
                }
                Ok(Raw::NonAscii(true)) | Ok(Raw::Ident) => keyword_or_ident(slice),
                Ok(Raw::NonAscii(false)) => return Some((span.start, Tok::Illegal, span.end)),
                Ok(Raw::Number) => Tok::Number,
                Ok(Raw::Float) => Tok::Float,
                Ok(Raw::ExponentWithoutDigits) => {
                    self.raw
                        .extras
                        .error_found_at(span.start, "exponent has no digits", span.end);
                    Tok::Float
                }
                Ok(Raw::String) => Tok::String,
                Ok(Raw::SingleQuoted) => {
                    self.raw.extras.error_found_at(
                        span.start,
                        "illegal single-quoted string; use double quotes",
                        span.start + 1,
                    );
                    self.insert_term = true;
                    return Some((span.start, Tok::Illegal, span.end));
                }
                Ok(Raw::Backtick) => Tok::RawString,
                Ok(Raw::Or) => Tok::Or,
                Ok(Raw::LoneBar) => {
                    let at = span.end;
                    self.raw
                        .extras
                        .error_found_at(at, "missing second | in ||", at);
                    Tok::Or
                }
                Ok(Raw::And) => Tok::And,
                Ok(Raw::LoneAmp) => {
                    let at = span.end;
                    self.raw
                        .extras
                        .error_found_at(at, "missing second & in &&", at);
                    Tok::And
                }
                Ok(Raw::Not) => Tok::Not,
                Ok(Raw::NotEq) => Tok::NotEq,
                Ok(Raw::Assign) => Tok::Assign,
                Ok(Raw::Eq) => Tok::Eq,
                Ok(Raw::Lt) => Tok::Lt,
                Ok(Raw::LtEq) => Tok::LtEq,
                Ok(Raw::Gt) => Tok::Gt,
                Ok(Raw::GtEq) => Tok::GtEq,
                Ok(Raw::Add) => Tok::Add,
                Ok(Raw::Sub) => Tok::Sub,
                Ok(Raw::Mul) => Tok::Mul,
                Ok(Raw::Div) => Tok::Div,
                Ok(Raw::Mod) => Tok::Mod,
                Ok(Raw::Pow) => Tok::Pow,
                Ok(Raw::LCurly) => Tok::LCurly,
                Ok(Raw::RCurly) => Tok::RCurly,
                Ok(Raw::LParen) => Tok::LParen,
                Ok(Raw::RParen) => Tok::RParen,
                Ok(Raw::LBrack) => Tok::LBrack,
                Ok(Raw::RBrack) => Tok::RBrack,
                Ok(Raw::Comma) => Tok::Comma,
                Ok(Raw::Dot) => Tok::Dot,
            };
            self.insert_term = tok.ends_statement();
            return Some((span.start, tok, span.end));
        }
    }
}

fn keyword_or_ident(s: &str) -> Tok {
    match s {
        "true" => Tok::True,
        "false" => Tok::False,
        "null" => Tok::Null,
        _ => Tok::Ident,
    }
}

impl TokenStream<'_> {
    /// The next token, with `u32` offsets (as spans have): small enough to come back in
    /// registers. Returned through memory as `(usize, Tok, usize)`, the caller read the
    /// one-byte kind back 8 bytes at a time, which waited for the store of that byte to reach
    /// the cache (a failed store-to-load forwarding per token: a tenth of a parse's time).
    #[inline(never)]
    fn next_compact(&mut self) -> Option<(u32, Tok, u32)> {
        if self.finished {
            return None;
        }
        let tok = self.next_token()?;
        self.track_nesting(&tok.1, tok.0);
        if self.too_deep.is_some() {
            // Stop here: the parser reports end of input, and the caller reports the nesting.
            self.finished = true;
            return None;
        }
        let (start, tok, end) = (tok.0 as u32, tok.1, tok.2 as u32);
        if let Some(recorded) = &mut self.recorded {
            recorded.push((tok, Span::new(start, end)));
        }
        Some((start, tok, end))
    }
}

impl<'a> Iterator for TokenStream<'a> {
    type Item = Result<(usize, Tok, usize), LexError>;

    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        let (start, tok, end) = self.next_compact()?;
        Some(Ok((start as usize, tok, end as usize)))
    }
}

/// Whether a token's text is part of what it is (names and literals); for the others the
/// kind says it all.
fn has_text(tok: Tok) -> bool {
    matches!(
        tok,
        Tok::Ident | Tok::Number | Tok::Float | Tok::String | Tok::RawString
    )
}

/// The tokens a parse read ([`crate::parse_keeping_tokens`]): kinds and places in `text`.
pub struct Tokens<'a> {
    text: &'a str,
    tokens: Vec<(Tok, Span)>,
}

impl<'a> Tokens<'a> {
    pub(crate) fn new(text: &'a str, tokens: Vec<(Tok, Span)>) -> Self {
        Tokens { text, tokens }
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

fn token_text(text: &str, tok: Tok, range: Range<usize>) -> &[u8] {
    match has_text(tok) {
        true => &text.as_bytes()[range],
        false => b"",
    }
}

/// Whether `a` and `b` lex to the same tokens (kinds and texts, inserted terminators included)
/// and the same comments (carriage returns aside), with no lexical error and no excessive
/// nesting in either, but for the separators the grammar makes optional before a closer: a
/// trailing comma in a list, object or call, and the terminator after a block's last statement.
/// The parser is a function of that token sequence, and reads both forms of each optional
/// separator alike, so two such texts parse to the same syntax tree, spans aside: a cheap proof
/// that reformatting kept a file's meaning. Meaningful when `a` parses without errors (that
/// tells blocks from objects).
pub fn same_tokens(a: &str, b: &str) -> bool {
    let mut left = TokenStream::new(a);
    let tokens = left
        .by_ref()
        .filter_map(Result::ok)
        .map(|(l, tok, r)| (tok, Span::new(l as u32, r as u32)))
        .collect();
    let Some(right) = lexes_cleanly_to(b, &Tokens::new(a, tokens)) else {
        return false;
    };
    left.is_clean()
        && same_comments(
            left.comments.iter().map(|s| &a[s.range()]),
            right.comments.iter().map(|s| &b[s.range()]),
        )
}

/// [`same_tokens`] against a text already lexed: `tokens` and `comments` as
/// [`crate::parse_keeping_tokens`] returned them for a text that parsed without errors.
///
/// The nesting of `text` is not measured (the raw tokens are read, not the checked stream): its
/// tokens must be those of the parsed text, whose nesting is within [`MAX_NESTING`] (deeper
/// nesting is a parse error), and nesting depends on the tokens alone (separators do not nest).
pub fn has_tokens(text: &str, tokens: &Tokens, comments: &[Comment]) -> bool {
    lexes_cleanly_to(text, tokens).is_some_and(|stream| {
        same_comments(
            comments.iter().map(|c| c.text.as_str()),
            stream.comments.iter().map(|s| &text[s.range()]),
        )
    })
}

/// Lexes `text` in step with `expected` (the tokens of a text that parsed without errors); the
/// finished stream if both agree to the end (kinds, and texts of names and literals), but for
/// optional separators (see [`same_tokens`]), and `text` had no lexical error.
fn lexes_cleanly_to<'a>(text: &'a str, expected: &Tokens) -> Option<TokenStream<'a>> {
    let want = |i: usize| {
        expected
            .tokens
            .get(i)
            .map(|&(tok, span)| (tok, token_text(expected.text, tok, span.range())))
    };
    let mut stream = TokenStream::new(text);
    let mut next = 0;
    while let Some((l, tok, r)) = stream.next_token() {
        match want(next) {
            Some((kind, s)) if kind == tok && same_bytes(s, token_text(text, tok, l..r)) => {
                next += 1
            }
            // A separator on one side only, before the same closer on both: checked where
            // it happens, which is rare, so that the common path tracks no brackets.
            Some((closer, _)) if is_optional(tok, closer, &expected.tokens[..next]) => {
                match stream.next_token() {
                    Some((_, after, _)) if after == closer => next += 1,
                    _ => return None,
                }
            }
            Some((kind, _)) if is_optional(kind, tok, &expected.tokens[..next]) => {
                match want(next + 1) {
                    Some((after, _)) if after == tok => next += 2,
                    _ => return None,
                }
            }
            _ => return None,
        }
    }
    (next == expected.tokens.len() && stream.is_clean()).then_some(stream)
}

/// Whether `separator` right before `closer` may be there or not, after the tokens `before`
/// (of a text that parsed): a trailing comma after the last item of a list, object or call, or
/// the terminator after a block's last statement.
fn is_optional(separator: Tok, closer: Tok, before: &[(Tok, Span)]) -> bool {
    if !matches!(
        (separator, closer),
        (Tok::Comma, Tok::RBrack | Tok::RParen | Tok::RCurly) | (Tok::Terminator, Tok::RCurly)
    ) {
        return false;
    }
    // The innermost bracket still open, and what it opens.
    let kind = |i: usize| before.get(i.wrapping_sub(1)).map(|&(tok, _)| tok);
    let mut depth = 0usize;
    for (i, &(tok, _)) in before.iter().enumerate().rev() {
        match tok {
            Tok::RCurly | Tok::RBrack | Tok::RParen => depth += 1,
            Tok::LCurly | Tok::LBrack | Tok::LParen if depth > 0 => depth -= 1,
            Tok::LCurly | Tok::LBrack | Tok::LParen => {
                if i + 1 == before.len() {
                    // Nothing inside: no last item for a comma to follow (`[,]`).
                    return false;
                }
                // After an operand, `(` opens a call's arguments and `[` an index; elsewhere
                // they open parentheses around an expression and a list.
                let after_operand = kind(i).is_some_and(ends_operand);
                let opens = match tok {
                    // After a block's name or label.
                    Tok::LCurly if matches!(kind(i), Some(Tok::Ident | Tok::String)) => {
                        Opened::Block
                    }
                    Tok::LCurly => Opened::List,
                    Tok::LParen if after_operand => Opened::List,
                    Tok::LBrack if !after_operand => Opened::List,
                    _ => Opened::Single,
                };
                return match separator {
                    Tok::Comma => opens == Opened::List,
                    _ => opens == Opened::Block,
                };
            }
            _ => {}
        }
    }
    false
}

/// What an open bracket opens, as far as separators before its closer go.
#[derive(PartialEq, Eq)]
enum Opened {
    Block,
    /// A list, object or call's arguments: items separated by commas.
    List,
    /// Parentheses around an expression, or an index: one expression, no separator.
    Single,
}

/// Whether a `(` or `[` right after `tok` follows an operand (a call or an index).
fn ends_operand(tok: Tok) -> bool {
    matches!(
        tok,
        Tok::Ident
            | Tok::Number
            | Tok::Float
            | Tok::String
            | Tok::RawString
            | Tok::True
            | Tok::False
            | Tok::Null
            | Tok::RParen
            | Tok::RBrack
            | Tok::RCurly
    )
}

/// `a == b`, without a call to `memcmp` for the short texts most tokens have (a call per token
/// was a fifth of the formatter's time).
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && match a.len() {
            0..=16 => a.iter().zip(b).all(|(x, y)| x == y),
            _ => a == b,
        }
}

/// Comment texts equal but for carriage returns.
fn same_comments<'a, 'b>(
    a: impl ExactSizeIterator<Item = &'a str>,
    b: impl ExactSizeIterator<Item = &'b str>,
) -> bool {
    fn without_cr(c: &str) -> impl Iterator<Item = u8> + '_ {
        c.bytes().filter(|&b| b != b'\r')
    }
    // Equal texts are the usual case, and compare far faster than byte by byte.
    a.len() == b.len()
        && a.zip(b)
            .all(|(x, y)| x == y || without_cr(x).eq(without_cr(y)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each token as `Kind`, or `Kind(text)` for names and literals.
    fn toks(src: &str) -> Vec<String> {
        TokenStream::new(src)
            .map(|t| {
                let (l, tok, r) = t.unwrap();
                match has_text(tok) {
                    true => format!("{tok:?}({})", &src[l..r]),
                    false => format!("{tok:?}"),
                }
            })
            .collect()
    }

    #[test]
    fn same_tokens_ignores_layout_but_not_tokens_terminators_or_comments() {
        assert!(same_tokens(
            "a=1\nb {\n c = [1,\n 2,\n]\n}\n",
            "a = 1\n\nb {\n\tc = [1,\n\t\t2,\n\t]\n}"
        ));
        assert!(same_tokens("a = 1 /* x\r\n */\n", "a = 1 /* x\n */\n"));
        assert!(!same_tokens("a = 1\n", "a = 2\n"));
        assert!(!same_tokens("a = [1, 2]\n", "a = [1, 2, 3]\n"));
        assert!(same_tokens("a = f(1)\n", "a = f(\n1)\n"));
        assert!(!same_tokens("a = f(1)\n", "a = f(1\n)\n"));
        assert!(!same_tokens("a = 1 // x\n", "a = 1 // y\n"));
        assert!(!same_tokens("a = 1 // x\n", "a = 1\n"));
        assert!(!same_tokens("a = \"\\q\"\n", "a = \"\\q\"\n"));
    }

    #[test]
    fn same_tokens_allows_optional_separators_before_closers_only() {
        // Trailing commas in lists, objects and calls, either way.
        assert!(same_tokens("a = [1, 2,]\n", "a = [1, 2]\n"));
        assert!(same_tokens("a = [1, 2]\n", "a = [1, 2,]\n"));
        assert!(same_tokens("a = {x = 1,}\n", "a = {x = 1}\n"));
        assert!(same_tokens("a = f(1,)\n", "a = f(1)\n"));
        assert!(same_tokens(
            "a = [[1,], {x = f(2,),},]\n",
            "a = [[1], {x = f(2)}]\n"
        ));
        // The terminator after a block's last statement, either way, at any depth.
        assert!(same_tokens("b { x = 1 }\n", "b {\n\tx = 1\n}\n"));
        assert!(same_tokens(
            "b \"l\" {\n\tx = 1\n}\n",
            "b \"l\" { x = 1 }\n"
        ));
        assert!(same_tokens("a.b { c { } }\n", "a.b {\n\tc { }\n}\n"));
        // Not elsewhere: a comma in a block, a terminator in an object or list, a comma that
        // is no trailing one, a separator before a different closer.
        assert!(!same_tokens("b { x = 1 }\n", "b { x = 1, }\n"));
        assert!(!same_tokens("a = {x = 1}\n", "a = {x = 1\n}\n"));
        assert!(!same_tokens("a = [1]\n", "a = [1\n]\n"));
        assert!(!same_tokens("a = [1, 2]\n", "a = [1 2]\n"));
        assert!(!same_tokens("a = [1,]\n", "a = [1,)\n"));
        assert!(!same_tokens("b { x = 1 }\n", "b { x = 1\n\n"));
        // Nor in an empty list, in parentheses around an expression, or in an index.
        assert!(!same_tokens("a = []\n", "a = [,]\n"));
        assert!(!same_tokens("a = 2 * (1 + 1)\n", "a = 2 * (1 + 1,)\n"));
        assert!(!same_tokens("a = b[\"k\"]\n", "a = b[\"k\",]\n"));
        assert!(same_tokens("a = b[\"k\"](1)\n", "a = b[\"k\"](1,)\n"));
    }

    #[test]
    fn has_tokens_compares_with_a_parse_s_tokens_and_comments() {
        let (parse, tokens) = crate::parse_keeping_tokens("a=1 // c\nb {\n}\n");
        assert_eq!(tokens.len(), 8);
        let comments = &parse.file.comments;
        assert!(has_tokens("a = 1 // c\n\nb { }\n", &tokens, comments));
        assert!(!has_tokens("a = 1 // d\nb { }\n", &tokens, comments));
        assert!(!has_tokens("a = 1 // c\nb { }\nc = 2\n", &tokens, comments));
        assert!(!has_tokens("a = 1 // c\nb {\n", &tokens, comments));
    }

    #[test]
    fn inserts_terminators_like_go() {
        assert_eq!(
            toks("a = 1\n\nb {\n}\n"),
            vec![
                "Ident(a)",
                "Assign",
                "Number(1)",
                "Terminator",
                "Ident(b)",
                "LCurly",
                "RCurly",
                "Terminator"
            ]
        );
        assert_eq!(
            toks("x = [\n1,\n]"),
            vec![
                "Ident(x)",
                "Assign",
                "LBrack",
                "Number(1)",
                "Comma",
                "RBrack",
                "Terminator"
            ]
        );
        // A comment running to the end of the line ends the statement before the comment.
        let text = "a = 1 // c\nb = 2 /* x */ + 3";
        let mut ts = TokenStream::new(text);
        ts.by_ref().for_each(drop);
        let t = toks(text);
        assert_eq!(
            t,
            vec![
                "Ident(a)",
                "Assign",
                "Number(1)",
                "Terminator",
                "Ident(b)",
                "Assign",
                "Number(2)",
                "Add",
                "Number(3)",
                "Terminator"
            ]
        );
        assert_eq!(ts.comments.len(), 2);
        assert_eq!(ts.comments[0], Span::new(6, 10));
    }

    #[test]
    fn numbers_and_errors() {
        assert_eq!(
            toks("1.5 .5 1e3 1. 007"),
            vec![
                "Float(1.5)",
                "Float(.5)",
                "Float(1e3)",
                "Float(1.)",
                "Number(007)",
                "Terminator"
            ]
        );
        let mut ts = TokenStream::new("x = 1e + 'a' @ \"\\q\"");
        let _: Vec<_> = ts.by_ref().collect();
        let msgs: Vec<_> = ts.take_errors().into_iter().map(|e| e.message).collect();
        assert_eq!(
            msgs,
            vec![
                "exponent has no digits",
                "illegal single-quoted string; use double quotes",
                "illegal character U+0040 '@'",
                "unknown escape sequence"
            ]
        );
    }

    #[test]
    fn unicode_identifiers() {
        assert_eq!(
            toks("日本語 = 1"),
            vec!["Ident(日本語)", "Assign", "Number(1)", "Terminator"]
        );
        assert_eq!(
            toks("Ωmega a日本 é1"),
            vec!["Ident(Ωmega)", "Ident(a日本)", "Ident(é1)", "Terminator"]
        );
    }
}
