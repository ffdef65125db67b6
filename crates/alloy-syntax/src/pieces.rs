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
    let bytes = text.as_bytes();
    let mut cuts = vec![0];
    let mut depth: usize = 0;
    // The last token ends a statement; the current line has something; a blank line followed
    // a statement end at depth 0 (the next line with content is a cut).
    let mut ends_statement = false;
    let mut line_has_content = false;
    let mut blank_after_statement = false;
    let mut line_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match CLASS[b as usize] {
            SPACE => {
                i += 1;
                continue;
            }
            NEWLINE => {
                if !line_has_content && depth == 0 && ends_statement {
                    blank_after_statement = true;
                }
                line_has_content = false;
                i += 1;
                line_start = i;
                continue;
            }
            _ => {}
        }
        if !line_has_content {
            line_has_content = true;
            if blank_after_statement {
                blank_after_statement = false;
                if line_start - cuts[cuts.len() - 1] >= min_piece.max(1) {
                    cuts.push(line_start);
                }
            }
        }
        match CLASS[b as usize] {
            WORD => {
                // Identifiers, numbers, keywords (and any non-ASCII byte: a Unicode letter, or
                // an illegal character the parser will reject anyway).
                i += 1;
                while i < bytes.len() && CLASS[bytes[i] as usize] == WORD {
                    i += 1;
                }
                ends_statement = true;
                continue;
            }
            QUOTE => {
                i = skip_quoted(bytes, i + 1, b);
                ends_statement = true;
                continue;
            }
            BACKTICK => {
                i = memchr::memchr(b'`', &bytes[i + 1..]).map_or(bytes.len(), |j| i + 1 + j + 1);
                ends_statement = true;
                continue;
            }
            OPEN => {
                depth += 1;
                ends_statement = false;
            }
            CLOSE => {
                // An unbalanced closer makes the file invalid: stop cutting.
                let Some(d) = depth.checked_sub(1) else {
                    return vec![0, text.len()];
                };
                depth = d;
                ends_statement = true;
            }
            SLASH => match bytes.get(i + 1) {
                Some(b'/') => {
                    // A line comment runs to the newline, which the loop then sees.
                    i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |j| i + j);
                    continue;
                }
                Some(b'*') => {
                    i = memchr::memmem::find(&bytes[i + 2..], b"*/")
                        .map_or(bytes.len(), |j| i + 2 + j + 2);
                    continue;
                }
                _ => ends_statement = false,
            },
            _ => ends_statement = false,
        }
        i += 1;
    }
    if cuts[cuts.len() - 1] != text.len() {
        cuts.push(text.len());
    }
    cuts
}

/// Index after the string whose contents start at `i` (a newline ends an unterminated one).
fn skip_quoted(bytes: &[u8], mut i: usize, quote: u8) -> usize {
    while let Some(j) = memchr::memchr3(quote, b'\\', b'\n', &bytes[i..]) {
        i += j;
        match bytes[i] {
            b'\\' => i += 2,
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
    fn keeps_a_minimum_size_and_gives_up_on_unbalanced_closers() {
        let text = "a = 1\n\nb = 2\n\nc = 3\n";
        assert_eq!(top_level_cuts(text, 8), [0, 14, text.len()]);
        let unbalanced = "a = 1\n\n}\n\nb = 2\n";
        assert_eq!(top_level_cuts(unbalanced, 0), [0, unbalanced.len()]);
    }
}
