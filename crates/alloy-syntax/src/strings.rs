//! Strings the way Alloy (Go) reads and writes them: identifiers, escape sequences and string
//! literals (`strconv.Unquote`, with the scanner's error wording), Go quoting (`strconv.Quote`,
//! `%q`), and the substitution of invalid UTF-8 that keeps byte offsets.
//!
//! These are the only implementations in the workspace: the lexer validates escapes with
//! [`decode_escape`], evaluators decode literals with [`unquote`], the linter maps decoded bytes
//! back to the source with [`string_pieces`], and the formatter and the value printer quote with
//! [`go_quote`].

use std::fmt;

/// True if `s` is a valid Alloy identifier: a Unicode letter or `_`, then letters, digits or `_`,
/// and not a keyword (`true`, `false`, `null`).
pub fn is_valid_identifier(s: &str) -> bool {
    // Nearly every name is ASCII: checked in one pass over its bytes, one table lookup each,
    // without decoding characters. A non-ASCII byte sends it to the check by characters.
    let bytes = s.as_bytes();
    match bytes.first() {
        Some(b'a'..=b'z' | b'A'..=b'Z' | b'_') => {}
        Some(b) if b.is_ascii() => return false,
        Some(_) => return is_valid_unicode_identifier(s),
        None => return false,
    }
    match bytes.iter().position(|&b| !ASCII_NAME_BYTE[usize::from(b)]) {
        None => !matches!(s, "true" | "false" | "null"),
        Some(i) if bytes[i].is_ascii() => false,
        Some(_) => is_valid_unicode_identifier(s),
    }
}

/// The bytes that continue an ASCII identifier: letters, digits and `_`.
static ASCII_NAME_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b as u8 == b'_';
        b += 1;
    }
    table
};

/// [`is_valid_identifier`] character by character.
fn is_valid_unicode_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if is_letter(c) => {}
        _ => return false,
    }
    chars.all(|c| is_letter(c) || is_digit(c)) && !matches!(s, "true" | "false" | "null")
}

pub(crate) fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || c == '_'
        || (!c.is_ascii() && c.is_alphabetic() && is_unicode_letter(c))
}

pub(crate) fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric() && is_decimal_digit(c))
}

/// Go's `unicode.IsLetter` is the general category L; Rust's `is_alphabetic` also admits
/// `Other_Alphabetic` marks and letter numbers (Nl), which Go rejects.
fn is_unicode_letter(c: char) -> bool {
    use crate::unicode_tables::LETTER;
    in_table(LETTER, c)
}

/// Go's `unicode.IsDigit` is the general category Nd.
fn is_decimal_digit(c: char) -> bool {
    use crate::unicode_tables::DECIMAL_DIGIT;
    in_table(DECIMAL_DIGIT, c)
}

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Go's `strconv.IsPrint` (the same set as `unicode.IsPrint`): letters, marks, numbers,
/// punctuation, symbols and the ASCII space, in the Unicode version of the Go that built Alloy.
/// Unassigned code points (`U+0378`), controls, format characters (`U+00AD`), other spaces
/// (`U+00A0`), private use and noncharacters are not printable.
pub fn is_go_printable(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    in_table(crate::unicode_tables::GO_PRINTABLE, c)
}

/// Go's `strconv.Quote` (`%q` of a string): `"` and `\` are backslashed, printable runes
/// ([`is_go_printable`]) are kept, the others become `\a`-style, `\x`, `\u` or `\U` escapes.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    go_quote_into(&mut out, s);
    out
}

/// [`go_quote`], appending to `out`.
pub fn go_quote_into(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        push_escaped_rune(out, c, '"');
    }
    out.push('"');
}

/// Go's `strconv.QuoteRune` (`%q` of a rune): `'x'`, with `'` and `\` backslashed and `"` kept.
pub fn go_quote_rune(c: char) -> String {
    let mut out = String::with_capacity(8);
    out.push('\'');
    push_escaped_rune(&mut out, c, '\'');
    out.push('\'');
    out
}

/// Go's `appendEscapedRune`: how `c` is written between `quote`s.
fn push_escaped_rune(out: &mut String, c: char, quote: char) {
    use fmt::Write;
    if c == quote || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    if is_go_printable(c) {
        out.push(c);
        return;
    }
    let simple = match c {
        '\x07' => "\\a",
        '\x08' => "\\b",
        '\x0c' => "\\f",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\x0b' => "\\v",
        _ => "",
    };
    // Writing to a String cannot fail.
    let _ = if !simple.is_empty() {
        out.write_str(simple)
    } else if c < ' ' || c == '\x7f' {
        write!(out, "\\x{:02x}", c as u32)
    } else if (c as u32) < 0x10000 {
        write!(out, "\\u{:04x}", c as u32)
    } else {
        write!(out, "\\U{:08x}", c as u32)
    };
}

/// What one character or escape sequence of a double-quoted literal stands for. Octal and `\x`
/// escapes stand for single bytes, which need not form UTF-8 (`"\xff"`), as in Go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decoded {
    Byte(u8),
    Char(char),
}

impl Decoded {
    /// Appends the bytes this stands for.
    pub fn push_to(self, out: &mut Vec<u8>) {
        match self {
            Decoded::Byte(b) => out.push(b),
            Decoded::Char(c) => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
}

/// Why an escape sequence is rejected. `Display` gives Go's scanner's message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EscapeError {
    /// A backslash followed by a character that starts no escape (`\q`, `\'`, `\8`).
    Unknown,
    /// The input ended inside the escape.
    NotTerminated,
    /// A character that is not a digit of the escape's base (`\x4"`).
    IllegalCharacter(char),
    /// A value beyond 255 (`\400`), a surrogate (`\ud800`) or beyond `U+10FFFF`.
    InvalidCodePoint,
}

impl fmt::Display for EscapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EscapeError::Unknown => f.write_str("unknown escape sequence"),
            EscapeError::NotTerminated => f.write_str("escape sequence not terminated"),
            EscapeError::IllegalCharacter(c) => {
                write!(
                    f,
                    "illegal character {} in escape sequence",
                    go_char_name(*c)
                )
            }
            EscapeError::InvalidCodePoint => {
                f.write_str("escape sequence is invalid Unicode code point")
            }
        }
    }
}

/// Go's `%#U` of a rune: `U+0041 'A'`, or just `U+000A` when it is not printable.
pub(crate) fn go_char_name(c: char) -> String {
    if is_go_printable(c) {
        format!("U+{:04X} '{}'", c as u32, c)
    } else {
        format!("U+{:04X}", c as u32)
    }
}

/// Help for a bad escape: it lists exactly the escapes [`decode_escape`] accepts (a unit test
/// checks both ways).
pub const ESCAPES_HELP: &str = r#"valid escapes are \a \b \f \n \r \t \v \\ \" \NNN (octal, up to 377) \xHH \uHHHH \UHHHHHHHH; use a backtick string to avoid escaping"#;

/// Decodes the escape sequence whose first character (the one after the backslash) starts
/// `after_backslash`, with the rules of Alloy's scanner and Go's `strconv.Unquote` for
/// double-quoted strings: `\a \b \f \n \r \t \v \\ \"`, three octal digits up to `\377`,
/// `\xHH`, `\uHHHH` and `\UHHHHHHHH` (not surrogates, at most `U+10FFFF`). `\'` is rejected.
///
/// Returns what the escape stands for and how many bytes of `after_backslash` it used. On error,
/// the length is where Go's scanner resumes: it stops at the offending character without
/// consuming it.
pub fn decode_escape(after_backslash: &str) -> Result<(Decoded, usize), (EscapeError, usize)> {
    let simple = |b: u8| Ok((Decoded::Byte(b), 1));
    let (digits, radix, max, skip) = match after_backslash.as_bytes().first() {
        Some(b'a') => return simple(0x07),
        Some(b'b') => return simple(0x08),
        Some(b'f') => return simple(0x0c),
        Some(b'n') => return simple(b'\n'),
        Some(b'r') => return simple(b'\r'),
        Some(b't') => return simple(b'\t'),
        Some(b'v') => return simple(0x0b),
        Some(b'\\') => return simple(b'\\'),
        Some(b'"') => return simple(b'"'),
        // The first octal digit is part of the value; the other escapes start after a letter.
        Some(b'0'..=b'7') => (3, 8, 0xFF, 0),
        Some(b'x') => (2, 16, 0xFF, 1),
        Some(b'u') => (4, 16, 0x10FFFF, 1),
        Some(b'U') => (8, 16, 0x10FFFF, 1),
        Some(_) => return Err((EscapeError::Unknown, 0)),
        None => return Err((EscapeError::NotTerminated, 0)),
    };
    let mut value: u32 = 0;
    let mut used = skip;
    let mut rest = after_backslash[skip..].chars();
    for _ in 0..digits {
        let c = rest.next();
        match c.and_then(|c| c.to_digit(radix)) {
            Some(d) => {
                value = value * radix + d;
                used += 1;
            }
            None => {
                let error = c.map_or(EscapeError::NotTerminated, EscapeError::IllegalCharacter);
                return Err((error, used));
            }
        }
    }
    if value > max {
        return Err((EscapeError::InvalidCodePoint, used));
    }
    if max == 0xFF {
        return Ok((Decoded::Byte(value as u8), used));
    }
    match char::from_u32(value) {
        Some(c) => Ok((Decoded::Char(c), used)),
        None => Err((EscapeError::InvalidCodePoint, used)),
    }
}

/// One character or escape sequence of a double-quoted literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StringPiece {
    /// Byte offset in the literal (the opening quote is at 0).
    pub start: usize,
    /// Source bytes it takes (the backslash included for an escape).
    pub len: usize,
    pub value: Decoded,
}

/// Why a string literal cannot be decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnquoteError {
    /// Not a whole literal: no opening or closing `"` (or backtick).
    NotTerminated,
    /// A line break or an unescaped `"` inside a double-quoted literal, at `offset`.
    UnexpectedCharacter { offset: usize },
    /// A bad escape sequence; `offset` is the byte after its backslash, where Go's scanner
    /// reports it.
    Escape { offset: usize, error: EscapeError },
}

impl fmt::Display for UnquoteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnquoteError::NotTerminated => f.write_str("string literal not terminated"),
            UnquoteError::UnexpectedCharacter { .. } => {
                f.write_str("line break or unescaped quote in string literal")
            }
            UnquoteError::Escape { error, .. } => error.fmt(f),
        }
    }
}

impl std::error::Error for UnquoteError {}

/// The characters and escape sequences of a double-quoted `literal` (quotes included), in
/// order. An escape is decoded as the scanner sees it, closing quote included, so `"\x4"`
/// fails on the illegal character `"` just as Alloy reports it.
pub fn string_pieces(literal: &str) -> StringPieces<'_> {
    let closed = literal.len() >= 2 && literal.starts_with('"') && literal.ends_with('"');
    StringPieces {
        literal,
        at: 1,
        end: if closed { literal.len() - 1 } else { 0 },
    }
}

/// Iterator returned by [`string_pieces`]; it ends after the first error.
pub struct StringPieces<'a> {
    literal: &'a str,
    at: usize,
    /// Offset of the closing quote; 0 when the literal has none.
    end: usize,
}

impl Iterator for StringPieces<'_> {
    type Item = Result<StringPiece, UnquoteError>;

    fn next(&mut self) -> Option<Self::Item> {
        let start = self.at;
        if start >= self.end {
            // A literal without its quotes fails once, on the first call.
            let unterminated = self.end == 0 && start == 1;
            self.at = usize::MAX;
            return unterminated.then_some(Err(UnquoteError::NotTerminated));
        }
        let c = self.literal[start..].chars().next()?;
        let piece = match c {
            '\\' => match decode_escape(&self.literal[start + 1..]) {
                Ok((_, used)) if start + 1 + used > self.end => Err(UnquoteError::NotTerminated),
                Ok((value, used)) => Ok(StringPiece {
                    start,
                    len: 1 + used,
                    value,
                }),
                Err((error, _)) => Err(UnquoteError::Escape {
                    offset: start + 1,
                    error,
                }),
            },
            '\n' | '"' => Err(UnquoteError::UnexpectedCharacter { offset: start }),
            c => Ok(StringPiece {
                start,
                len: c.len_utf8(),
                value: Decoded::Char(c),
            }),
        };
        self.at = match &piece {
            Ok(p) => start + p.len,
            Err(_) => usize::MAX,
        };
        Some(piece)
    }
}

/// Decodes a string literal (`"..."` with its quotes, or `` `...` `` with its backticks) to
/// the exact bytes Go's `strconv.Unquote` gives, invalid UTF-8 included (`"\xff"`). A backtick
/// literal's carriage returns are dropped, as Go does.
pub fn unquote_bytes(raw: &str) -> Result<Vec<u8>, UnquoteError> {
    if let Some(content) = raw_string_content(raw) {
        return Ok(content.replace('\r', "").into_bytes());
    }
    let mut out = Vec::with_capacity(raw.len());
    for piece in string_pieces(raw) {
        piece?.value.push_to(&mut out);
    }
    Ok(out)
}

/// [`unquote_bytes`] as text: bytes that are not UTF-8 become U+FFFD (as
/// `String::from_utf8_lossy` replaces them), since Rust strings hold only UTF-8.
pub fn unquote(raw: &str) -> Result<String, UnquoteError> {
    let content = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"'));
    if let Some(plain) = content.filter(|c| !c.contains(['\\', '\n', '"'])) {
        return Ok(plain.to_string());
    }
    let bytes = unquote_bytes(raw)?;
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// The text of a backtick literal between its backticks.
fn raw_string_content(raw: &str) -> Option<&str> {
    raw.strip_prefix('`').and_then(|r| r.strip_suffix('`'))
}

/// The stand-in for each byte of invalid UTF-8 in [`replace_invalid_utf8`]: one byte wide, so
/// offsets stay the same, printable in a diagnostic's source line, and not an Alloy token.
pub const INVALID_UTF8_STAND_IN: char = '?';

/// Replaces every byte of each invalid UTF-8 sequence with [`INVALID_UTF8_STAND_IN`], keeping
/// all byte offsets, and returns the text and the offsets of the replaced bytes.
pub fn replace_invalid_utf8(bytes: &[u8]) -> (String, Vec<u32>) {
    let mut text = String::with_capacity(bytes.len());
    let mut replaced = Vec::new();
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        for _ in chunk.invalid() {
            replaced.push(text.len() as u32);
            text.push(INVALID_UTF8_STAND_IN);
        }
    }
    (text, replaced)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert!(is_valid_identifier("foo_bar9"));
        assert!(is_valid_identifier("日本語"));
        assert!(is_valid_identifier("_"));
        assert!(!is_valid_identifier("9a"));
        assert!(!is_valid_identifier(""));
        assert!(!is_valid_identifier("a-b"));
        assert!(!is_valid_identifier("null"));
        assert!(is_valid_identifier("x١"), "Arabic-Indic digit is Nd");
        assert!(
            !is_valid_identifier("Ⅷ"),
            "letter numbers are not letters in Go"
        );
    }

    #[test]
    fn unquoting() {
        assert_eq!(
            unquote(r#""a\tb\n\"q\" \u00e9 \x41 \101 \U0001F600""#).unwrap(),
            "a\tb\n\"q\" é A A 😀"
        );
        assert_eq!(unquote("`a\\n\r\nb`").unwrap(), "a\\n\nb");
        assert_eq!(unquote(r#""plain""#).unwrap(), "plain");
        assert!(unquote(r#""\q""#).is_err());
        assert!(unquote(r#""\uD800""#).is_err());
        assert!(unquote(r#""\'""#).is_err(), "Go accepts \\' only in runes");
        assert!(unquote("\"a\nb\"").is_err());
        assert!(unquote(r#""a"b""#).is_err());
        assert_eq!(unquote("'a'"), Err(UnquoteError::NotTerminated));
        assert_eq!(unquote("\""), Err(UnquoteError::NotTerminated));
        assert_eq!(unquote(r#""\""#), Err(UnquoteError::NotTerminated));
        assert_eq!(unquote("``"), Ok(String::new()));
        assert_eq!(unquote_bytes(r#""\xff\101""#).unwrap(), b"\xffA");
        assert_eq!(unquote(r#""\xff""#).unwrap(), "\u{fffd}");
    }

    #[test]
    fn pieces_map_back_to_the_source() {
        let pieces: Vec<_> = string_pieces(r#""a\\é\x41\u00e9""#)
            .map(Result::unwrap)
            .map(|p| (p.start, p.len, p.value))
            .collect();
        assert_eq!(
            pieces,
            vec![
                (1, 1, Decoded::Char('a')),
                (2, 2, Decoded::Byte(b'\\')),
                (4, 2, Decoded::Char('é')),
                (6, 4, Decoded::Byte(b'A')),
                (10, 6, Decoded::Char('é')),
            ]
        );
        let error = string_pieces(r#""ab\q""#).find_map(Result::err);
        assert_eq!(
            error,
            Some(UnquoteError::Escape {
                offset: 4,
                error: EscapeError::Unknown
            })
        );
        let error = string_pieces(r#""\x4""#).find_map(Result::err);
        assert_eq!(
            error.map(|e| e.to_string()).as_deref(),
            Some("illegal character U+0022 '\"' in escape sequence")
        );
        assert_eq!(string_pieces(r#""""#).count(), 0);
    }

    #[test]
    fn escape_errors_stop_where_go_does() {
        assert_eq!(decode_escape("n"), Ok((Decoded::Byte(b'\n'), 1)));
        assert_eq!(decode_escape("377"), Ok((Decoded::Byte(0xff), 3)));
        assert_eq!(decode_escape("U0001F600"), Ok((Decoded::Char('😀'), 9)));
        assert_eq!(decode_escape("q"), Err((EscapeError::Unknown, 0)));
        assert_eq!(decode_escape(""), Err((EscapeError::NotTerminated, 0)));
        assert_eq!(decode_escape("x4"), Err((EscapeError::NotTerminated, 2)));
        assert_eq!(
            decode_escape("x4\""),
            Err((EscapeError::IllegalCharacter('"'), 2))
        );
        assert_eq!(
            decode_escape("400"),
            Err((EscapeError::InvalidCodePoint, 3))
        );
        assert_eq!(
            decode_escape("ud800"),
            Err((EscapeError::InvalidCodePoint, 5))
        );
        assert_eq!(
            EscapeError::IllegalCharacter('\u{ad}').to_string(),
            "illegal character U+00AD in escape sequence"
        );
        assert_eq!(
            EscapeError::IllegalCharacter('Z').to_string(),
            "illegal character U+005A 'Z' in escape sequence"
        );
    }

    /// The help text and the decoder agree: every listed escape decodes, and every character
    /// that starts an accepted escape is listed.
    #[test]
    fn help_lists_exactly_the_accepted_escapes() {
        let listed: Vec<&str> = ESCAPES_HELP
            .split_whitespace()
            .filter_map(|word| word.trim_end_matches(';').strip_prefix('\\'))
            .collect();
        for escape in &listed {
            let sample = escape.replace('N', "3").replace('H', "0");
            assert_eq!(
                decode_escape(&sample).map(|(_, used)| used),
                Ok(sample.len()),
                "listed escape \\{escape}"
            );
        }
        // `\NNN` stands for the octal digits.
        let first_chars: Vec<char> = listed
            .iter()
            .flat_map(|e| match e.strip_prefix('N') {
                Some(_) => ('0'..='7').collect(),
                None => e.chars().take(1).collect::<Vec<_>>(),
            })
            .collect();
        for c in (0..0x80u8).map(char::from) {
            let starts_escape = !matches!(
                decode_escape(&format!("{c}0000000")),
                Err((EscapeError::Unknown, _))
            );
            let is_listed = first_chars.contains(&c);
            assert_eq!(starts_escape, is_listed, "escape \\{c}");
        }
    }

    #[test]
    fn quotes_like_go() {
        assert_eq!(go_quote("abc"), r#""abc""#);
        assert_eq!(go_quote(r#"a\"b"#), r#""a\\\"b""#);
        assert_eq!(go_quote("a\u{200b}b"), r#""a\u200bb""#);
        assert_eq!(go_quote("\t\x01\u{7f}"), r#""\t\x01\x7f""#);
        assert_eq!(go_quote("日本 é"), "\"日本 é\"");
        assert_eq!(go_quote("\u{a0}"), r#""\u00a0""#);
        assert_eq!(go_quote("\u{e0001}"), r#""\U000e0001""#);
        assert_eq!(go_quote("\u{378}"), r#""\u0378""#);
        assert_eq!(go_quote_rune('\''), r"'\''");
        assert_eq!(go_quote_rune('"'), "'\"'");
        assert_eq!(go_quote_rune('\n'), r"'\n'");
        assert_eq!(go_quote_rune('é'), "'é'");
    }

    #[test]
    fn invalid_utf8_keeps_offsets() {
        let (text, replaced) = replace_invalid_utf8(b"a\xffb\xe2\x82c\xc3\xa9");
        assert_eq!(text, "a?b??cé");
        assert_eq!(replaced, vec![1, 3, 4]);
        assert_eq!(replace_invalid_utf8("ok".as_bytes()), ("ok".into(), vec![]));
    }
}
