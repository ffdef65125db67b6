//! Where a large file can be cut into pieces that parse on their own, found by one cheap byte
//! scan (no tokens, no AST). The formatter uses it to parse, print and verify a big file piece
//! by piece: in parallel, and without holding the whole file's syntax tree.
//!
//! A cut is the start of a line that carries something (a token or a comment) and follows a
//! blank line, outside any string, comment or bracket, where the last token before it ends a
//! statement (Go's scanner inserts a terminator after it). At such a place the token stream of
//! the whole file is exactly the token streams of the two pieces one after the other, and a
//! top-level statement has just ended; so the file parses if and only if every piece does, and
//! its statements and comments are the pieces' ones, in order. The scan only has to be right
//! for files that parse: on anything else a piece fails to parse and the caller falls back to
//! the whole file.

/// Offsets that cut `text` into pieces of at least `min_piece` bytes (the last may be shorter),
/// as described in the module documentation. Starts with 0 and ends with `text.len()`.
pub fn top_level_cuts(text: &str, min_piece: usize) -> Vec<usize> {
    TopLevelCuts::new(text, min_piece).collect()
}

/// The offsets of [`top_level_cuts`], found as they are asked for, so that work on the first
/// pieces can start before the scan reaches the end of a large file.
pub struct TopLevelCuts<'a> {
    bytes: &'a [u8],
    min_piece: usize,
    /// The last offset handed out, `None` before the first (0).
    last: Option<usize>,
    i: usize,
    depth: usize,
    /// The last token ends a statement.
    ends_statement: bool,
    /// The current line has a token or a comment.
    line_has_content: bool,
    /// A blank line followed a statement end at depth 0: the next line with content is a cut.
    blank_after_statement: bool,
    line_start: usize,
}

impl<'a> TopLevelCuts<'a> {
    pub fn new(text: &'a str, min_piece: usize) -> Self {
        TopLevelCuts {
            bytes: text.as_bytes(),
            min_piece: min_piece.max(1),
            last: None,
            // A leading byte order mark is not a token (the lexer skips it too).
            i: if text.starts_with('\u{feff}') { 3 } else { 0 },
            depth: 0,
            ends_statement: false,
            line_has_content: false,
            blank_after_statement: false,
            line_start: 0,
        }
    }

    /// Scans on to the next cut, or to the end of the text.
    fn scan(&mut self, last: usize) -> Option<usize> {
        let bytes = self.bytes;
        while self.i < bytes.len() {
            let i = self.i;
            let b = bytes[i];
            match CLASS[b as usize] {
                SPACE => {
                    self.i += 1;
                    continue;
                }
                NEWLINE => {
                    if !self.line_has_content && self.depth == 0 && self.ends_statement {
                        self.blank_after_statement = true;
                    }
                    self.line_has_content = false;
                    self.i += 1;
                    self.line_start = self.i;
                    continue;
                }
                _ => {}
            }
            if !self.line_has_content {
                self.line_has_content = true;
                if self.blank_after_statement {
                    self.blank_after_statement = false;
                    if self.line_start - last >= self.min_piece {
                        return Some(self.line_start);
                    }
                }
            }
            self.i = match CLASS[b as usize] {
                WORD => {
                    // Identifiers, numbers, keywords (and any non-ASCII byte: a Unicode letter,
                    // or an illegal character the parser will reject anyway).
                    self.ends_statement = true;
                    i + 1
                        + bytes[i + 1..]
                            .iter()
                            .take_while(|&&b| CLASS[b as usize] == WORD)
                            .count()
                }
                QUOTE => {
                    self.ends_statement = true;
                    skip_quoted(bytes, i + 1, b)
                }
                BACKTICK => {
                    self.ends_statement = true;
                    memchr::memchr(b'`', &bytes[i + 1..]).map_or(bytes.len(), |j| i + 1 + j + 1)
                }
                OPEN => {
                    self.depth += 1;
                    self.ends_statement = false;
                    i + 1
                }
                CLOSE => {
                    // An unbalanced closer makes the file invalid; its piece will not parse.
                    self.depth = self.depth.saturating_sub(1);
                    self.ends_statement = true;
                    i + 1
                }
                SLASH if bytes.get(i + 1) == Some(&b'/') => {
                    // A line comment runs to the newline, which the loop then sees.
                    memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |j| i + j)
                }
                SLASH if bytes.get(i + 1) == Some(&b'*') => {
                    memchr::memmem::find(&bytes[i + 2..], b"*/")
                        .map_or(bytes.len(), |j| i + 2 + j + 2)
                }
                _ => {
                    self.ends_statement = false;
                    i + 1
                }
            };
        }
        None
    }
}

impl Iterator for TopLevelCuts<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let cut = match self.last {
            None => 0,
            Some(last) if last == self.bytes.len() => return None,
            Some(last) => self.scan(last).unwrap_or(self.bytes.len()),
        };
        self.last = Some(cut);
        Some(cut)
    }
}

/// Index after the string whose contents start at `i` (a newline ends an unterminated one).
fn skip_quoted(bytes: &[u8], mut i: usize, quote: u8) -> usize {
    while let Some(j) = memchr::memchr3(quote, b'\\', b'\n', &bytes[i..]) {
        i += j;
        match bytes[i] {
            // An escape never swallows a line end (the lexer ends the string there too).
            b'\\' if bytes.get(i + 1) == Some(&b'\n') => return i + 1,
            b'\\' => i = (i + 2).min(bytes.len()),
            b'\n' => return i,
            _ => return i + 1,
        }
    }
    bytes.len()
}

const OTHER: u8 = 0;
const SPACE: u8 = 1;
const NEWLINE: u8 = 2;
const WORD: u8 = 3;
const QUOTE: u8 = 4;
const BACKTICK: u8 = 5;
const OPEN: u8 = 6;
const CLOSE: u8 = 7;
const SLASH: u8 = 8;

static CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = match c {
            b' ' | b'\t' | b'\r' => SPACE,
            b'\n' => NEWLINE,
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | 0x80..=0xFF => WORD,
            b'"' | b'\'' => QUOTE,
            b'`' => BACKTICK,
            b'(' | b'[' | b'{' => OPEN,
            b')' | b']' | b'}' => CLOSE,
            b'/' => SLASH,
            _ => OTHER,
        };
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::top_level_cuts;

    fn pieces(text: &str) -> Vec<&str> {
        top_level_cuts(text, 0)
            .windows(2)
            .map(|w| &text[w[0]..w[1]])
            .collect()
    }

    #[test]
    fn cuts_after_blank_lines_between_statements() {
        let text = "a = 1\n\nb {\n\n  c = 2\n}\n\n\n// note\nd = \"x\\\" { (\"\n\ne = 1\n";
        assert_eq!(
            pieces(text),
            [
                "a = 1\n\n",
                "b {\n\n  c = 2\n}\n\n\n",
                "// note\nd = \"x\\\" { (\"\n\n",
                "e = 1\n"
            ]
        );
    }

    #[test]
    fn never_cuts_inside_a_statement_a_comment_or_a_raw_string() {
        for text in [
            "a =\n\n1\n",
            "a = [\n\n1]\n",
            "a = `x\n\ny`\n",
            "a = 1 /* x\n\ny */\nb = 2\n",
            "a = 1 +\n\n2\n",
            "a = f(1)\n\n\n",
        ] {
            assert_eq!(pieces(text), [text], "{text:?}");
        }
    }

    #[test]
    fn survives_unterminated_strings_and_comments() {
        for text in [
            "a = \"x\\",
            "a = `x",
            "a = 1 /* x",
            "a = \"\\\n\nb = 1\n",
            "a = 1 //",
        ] {
            let cuts = top_level_cuts(text, 0);
            assert_eq!(cuts.last(), Some(&text.len()), "{text:?}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_not_a_statement() {
        assert_eq!(pieces("\u{feff}\n\n// c\n"), ["\u{feff}\n\n// c\n"]);
        assert_eq!(pieces("\u{feff}a\n\nb\n"), ["\u{feff}a\n\n", "b\n"]);
    }

    #[test]
    fn keeps_a_minimum_size() {
        let text = "a = 1\n\nb = 2\n\nc = 3\n";
        assert_eq!(top_level_cuts(text, 8), [0, 14, text.len()]);
        assert_eq!(top_level_cuts("", 8), [0]);
    }
}
