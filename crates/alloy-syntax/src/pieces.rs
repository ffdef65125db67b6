//! Where a large file can be cut into pieces that are parsed and formatted on their own, found
//! by one cheap byte scan (no tokens, no AST). The formatter uses it to parse, print and verify
//! a big file piece by piece: in parallel, and without holding the whole file's syntax tree.
//!
//! A cut is the start of a line, outside any string, comment or bracket other than block
//! bodies, where a statement has just ended (the last token before the line break ends a
//! statement: Go's scanner inserts a terminator after it). There the token stream of the file
//! is exactly the token streams of the two pieces one after the other. Two kinds:
//!
//! - **Top-level, after a blank line** ([`top_level_cuts`]): the line after a blank line that
//!   follows a top-level statement (comments may come before or after the blank line). The
//!   pieces are files of their own, and `alloy fmt` prints one blank line there and starts
//!   afresh.
//! - **Between two statements of any body**, the file's or a block's, with nothing but blank
//!   lines between them (no comment on the first one's last line or between): the place holds
//!   when the printer's alignment runs and comment state provably end there, that is when the
//!   printer writes a section break (a form feed) between the two statements: after a blank
//!   line, before a block, or after a statement that spans several lines. [`Cut::depth`] tells
//!   how many blocks are open; [`piece_text`] closes and reopens them around a piece
//!   (`x {` lines before, `}` lines after) so that every piece is a file that parses on its
//!   own, and the formatter drops those lines from the piece's output.
//!
//! So the file parses if and only if every piece does, and the pieces' outputs joined (with a
//! blank line where [`Cut::blank_line`] says) are the file's output;
//! `tests/pieces_conformance.rs` checks both on every conformance input cut at every place. The
//! scan only has to be right for files that parse: on anything else a piece fails to parse and
//! the caller falls back to the whole file.
//!
//! The scan reads every byte before a cut. [`likely_cut`] reads a few lines instead: the next
//! line that starts like a top-level statement after a blank line. That may lie inside a
//! comment, a string or a block, but then the piece before it does not parse on its own; once
//! it does (and starts at a statement), it ends at a top-level cut after a blank line. So a
//! caller that parses pieces anyway proves its likely cuts as it goes, and needs the scan only
//! where a piece fails.

use std::borrow::Cow;

/// A place where the text may be cut (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cut {
    /// Byte offset of the cut: a line start (0 and the text's length are cuts too).
    pub at: usize,
    /// Blocks open at the cut: the statements after it are in the body of that many blocks.
    pub depth: usize,
    /// The formatted file has a blank line here: the pieces' outputs are joined with one.
    pub blank_line: bool,
}

/// Which cuts a scan hands out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CutKinds {
    /// Only top-level cuts after a blank line: pieces are plain files, joined by a blank line.
    TopLevelAfterBlankLine,
    /// Every cut the module documentation describes.
    All,
}

/// Offsets that cut `text` into pieces of at least `min_piece` bytes (the last may be shorter)
/// at top-level statements after a blank line, as described in the module documentation. Starts
/// with 0 and ends with `text.len()`; each piece is a file of its own.
pub fn top_level_cuts(text: &str, min_piece: usize) -> Vec<usize> {
    TopLevelCuts::new(text, min_piece).collect()
}

/// The offsets of [`top_level_cuts`], found as they are asked for.
pub struct TopLevelCuts<'a>(Cuts<'a>);

impl<'a> TopLevelCuts<'a> {
    pub fn new(text: &'a str, min_piece: usize) -> Self {
        TopLevelCuts(Cuts::new(text, min_piece, CutKinds::TopLevelAfterBlankLine))
    }
}

impl Iterator for TopLevelCuts<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        self.0.next().map(|cut| cut.at)
    }
}

/// The text of the piece between cuts `from` and `to`, as a file of its own: the blocks open at
/// `from` are opened before it (`x {` lines), those open at `to` closed after it (`}` lines).
pub fn piece_text<'a>(text: &'a str, from: &Cut, to: &Cut) -> Cow<'a, str> {
    let piece = &text[from.at..to.at];
    if from.depth == 0 && to.depth == 0 {
        return Cow::Borrowed(piece);
    }
    let mut wrapped =
        String::with_capacity(piece.len() + PIECE_OPENER.len() * from.depth + 2 * to.depth);
    for _ in 0..from.depth {
        wrapped.push_str(PIECE_OPENER);
    }
    wrapped.push_str(piece);
    for _ in 0..to.depth {
        wrapped.push_str("}\n");
    }
    Cow::Owned(wrapped)
}

/// The line [`piece_text`] opens each block with.
pub const PIECE_OPENER: &str = "x {\n";

/// An open bracket and, for a block body, the state of the statement it belongs to.
#[derive(Clone, Copy)]
struct Open {
    block_body: bool,
    /// Line start of the first token of the statement the bracket is in (block bodies only).
    statement_line: usize,
}

/// After a statement that ended in a body: what lies between it and the next line's content.
#[derive(Clone, Copy)]
struct Gap {
    /// The statement spans several lines.
    multi_line: bool,
    /// Only blank lines so far: no comment on the statement's last line nor since.
    clean: bool,
    /// A blank line followed.
    blank: bool,
}

/// The cuts of `text`, found as they are asked for, so that work on the first pieces can start
/// before the scan reaches the end of a large file. The first is at 0, the last at
/// `text.len()` (both with depth 0).
pub struct Cuts<'a> {
    bytes: &'a [u8],
    kinds: CutKinds,
    min_piece: usize,
    /// The last offset handed out, `None` before the first (0).
    last: Option<usize>,
    i: usize,
    /// Open brackets, innermost last.
    open: Vec<Open>,
    /// Open brackets that are not block bodies: no statement boundary inside them.
    open_values: usize,
    /// The last token ends a statement.
    ends_statement: bool,
    /// The current line has a token or a comment.
    line_has_content: bool,
    line_has_token: bool,
    line_has_comment: bool,
    /// A statement of the innermost body has started and not ended; its first token's line.
    statement: Option<usize>,
    /// The statement has an `=` outside brackets: an attribute, not a block.
    statement_assigns: bool,
    /// Since the last statement of the innermost body ended.
    gap: Option<Gap>,
    /// A blank line followed a top-level statement (comments may come between): the next line
    /// with content is a top-level cut.
    blank_after_top_level: bool,
    line_start: usize,
}

impl<'a> Cuts<'a> {
    pub fn new(text: &'a str, min_piece: usize, kinds: CutKinds) -> Self {
        Cuts {
            bytes: text.as_bytes(),
            kinds,
            min_piece: min_piece.max(1),
            last: None,
            // A leading byte order mark is not a token (the lexer skips it too).
            i: if text.starts_with('\u{feff}') { 3 } else { 0 },
            open: Vec::new(),
            open_values: 0,
            ends_statement: false,
            line_has_content: false,
            line_has_token: false,
            line_has_comment: false,
            statement: None,
            statement_assigns: false,
            gap: None,
            blank_after_top_level: false,
            line_start: 0,
        }
    }

    /// Brackets (block bodies included) open where the scan has got to. Once it has handed out
    /// the text's end, a text of whole statements has none: one that has some does not parse.
    pub fn open_brackets(&self) -> usize {
        self.open.len()
    }

    /// Scans on to the next cut, or to the end of the text.
    fn scan(&mut self, last: usize) -> Option<Cut> {
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
                    self.end_line();
                    self.i += 1;
                    self.line_start = self.i;
                    continue;
                }
                _ => {}
            }
            let is_comment = b == b'/' && matches!(bytes.get(i + 1), Some(&b'/') | Some(&b'*'));
            if !self.line_has_content {
                self.line_has_content = true;
                // Not before a byte order mark: one that starts a text is skipped, so the piece
                // would parse where the file, which has it in the middle, does not.
                let bom = bytes[i..].starts_with(crate::lexer::BOM);
                if let Some(cut) = self.cut_here(is_comment).filter(|_| !bom) {
                    if cut.at - last >= self.min_piece {
                        return Some(cut);
                    }
                }
            }
            if is_comment {
                self.line_has_comment = true;
            } else {
                self.token_starts();
            }
            self.i = match CLASS[b as usize] {
                WORD => {
                    // Identifiers, numbers, keywords (and any non-ASCII byte: a Unicode letter,
                    // or an illegal character the parser will reject anyway).
                    self.ends_statement = true;
                    word_end(bytes, i)
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
                    let block_body = b == b'{' && !self.statement_assigns && self.at_body_level();
                    self.open.push(Open {
                        block_body,
                        statement_line: self.statement.unwrap_or(self.line_start),
                    });
                    if block_body {
                        self.statement = None;
                        self.gap = None;
                    } else {
                        self.open_values += 1;
                    }
                    self.ends_statement = false;
                    i + 1
                }
                CLOSE => {
                    // An unbalanced closer makes the file invalid; its piece will not parse.
                    if let Some(open) = self.open.pop() {
                        if open.block_body {
                            // Back in the enclosing body, inside the block's statement.
                            self.statement = Some(open.statement_line);
                            self.statement_assigns = false;
                            self.gap = None;
                        } else {
                            self.open_values -= 1;
                        }
                    }
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
                ASSIGN => {
                    if self.at_body_level() {
                        self.statement_assigns = true;
                    }
                    self.ends_statement = false;
                    i + 1
                }
                _ => {
                    self.ends_statement = false;
                    i + 1
                }
            };
        }
        None
    }

    /// Outside every bracket but block bodies: where statements start and end.
    fn at_body_level(&self) -> bool {
        self.open_values == 0
    }

    fn token_starts(&mut self) {
        self.line_has_token = true;
        if self.at_body_level() && self.statement.is_none() {
            self.statement = Some(self.line_start);
            self.statement_assigns = false;
            self.gap = None;
        }
    }

    /// At a line break: a statement ends here, or a blank or comment line passes.
    fn end_line(&mut self) {
        let top_level = self.open.is_empty();
        if !self.line_has_content {
            if top_level && self.ends_statement {
                self.blank_after_top_level = true;
            }
            if let Some(gap) = &mut self.gap {
                gap.blank = true;
            }
        } else if self.at_body_level() && self.line_has_token && self.ends_statement {
            if let Some(first_line) = self.statement.take() {
                self.gap = Some(Gap {
                    multi_line: first_line != self.line_start,
                    clean: !self.line_has_comment,
                    blank: false,
                });
            }
        } else if !self.line_has_token {
            // A line of comments only.
            if let Some(gap) = &mut self.gap {
                gap.clean = false;
            }
        }
        self.line_has_content = false;
        self.line_has_token = false;
        self.line_has_comment = false;
    }

    /// Whether the line starting at `self.line_start`, whose content starts at `self.i`, is a
    /// cut, and which.
    fn cut_here(&mut self, starts_with_comment: bool) -> Option<Cut> {
        let at = self.line_start;
        if std::mem::take(&mut self.blank_after_top_level) && self.open.is_empty() {
            return Some(Cut {
                at,
                depth: 0,
                blank_line: true,
            });
        }
        if self.kinds == CutKinds::TopLevelAfterBlankLine || starts_with_comment {
            return None;
        }
        let gap = self.gap.filter(|gap| gap.clean && self.at_body_level())?;
        // The printer writes a section break before a block, after a blank line and after a
        // statement that spans several lines; only then is nothing carried across.
        let blank_line = match next_statement(self.bytes, self.i) {
            NextStatement::Block => true,
            NextStatement::Attribute => gap.blank,
            NextStatement::Unknown => return None,
        };
        if !blank_line && !gap.multi_line {
            return None;
        }
        Some(Cut {
            at,
            depth: self.open.len(),
            blank_line,
        })
    }
}

impl Iterator for Cuts<'_> {
    type Item = Cut;

    fn next(&mut self) -> Option<Cut> {
        let end = Cut {
            at: self.bytes.len(),
            depth: 0,
            blank_line: false,
        };
        let cut = match self.last {
            None => Cut {
                at: 0,
                depth: 0,
                blank_line: false,
            },
            Some(last) if last == self.bytes.len() => return None,
            Some(last) => self.scan(last).unwrap_or(end),
        };
        self.last = Some(cut.at);
        Some(cut)
    }
}

/// The start of the first line after the one `from` is in that follows a blank line and starts
/// as a top-level statement of a formatted file does: with no indentation, an attribute or a
/// block header as [`next_statement`] reads them. `None` if there is none.
/// Only the lines from `from` on are read (`bytes` may be a text's first part: it is read as
/// bytes, so it may end inside a character).
pub fn likely_cut(bytes: &[u8], from: usize) -> Option<usize> {
    // The line `from` is in may have content before `from`: it is not known to be blank.
    let mut line = from + memchr::memchr(b'\n', bytes.get(from..)?)? + 1;
    let mut after_blank = false;
    while line < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[line..]).map_or(bytes.len(), |i| line + i);
        let content = &bytes[line..end];
        if after_blank
            && !content.is_empty()
            && !matches!(next_statement(bytes, line), NextStatement::Unknown)
        {
            return Some(line);
        }
        after_blank = content.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r'));
        line = end + 1;
    }
    None
}

enum NextStatement {
    Block,
    Attribute,
    /// Not one the scan can tell on its line: no cut there.
    Unknown,
}

/// What the statement starting at `i` is, read from its first line: `name =` is an attribute,
/// `a.b "label" {` a block.
fn next_statement(bytes: &[u8], i: usize) -> NextStatement {
    let skip_blanks = |mut j: usize| {
        while matches!(bytes.get(j), Some(b' ' | b'\t' | b'\r')) {
            j += 1;
        }
        j
    };
    if CLASS[bytes[i] as usize] != WORD {
        return NextStatement::Unknown;
    }
    let mut j = skip_blanks(word_end(bytes, i));
    if bytes.get(j) == Some(&b'=') && bytes.get(j + 1) != Some(&b'=') {
        return NextStatement::Attribute;
    }
    while bytes.get(j) == Some(&b'.') {
        j = skip_blanks(j + 1);
        if bytes.get(j).is_none_or(|&b| CLASS[b as usize] != WORD) {
            return NextStatement::Unknown;
        }
        j = skip_blanks(word_end(bytes, j));
    }
    if bytes.get(j) == Some(&b'"') {
        let end = skip_quoted(bytes, j + 1, b'"');
        if bytes.get(end.wrapping_sub(1)) != Some(&b'"') || end == j + 1 {
            return NextStatement::Unknown;
        }
        j = skip_blanks(end);
    }
    match bytes.get(j) {
        Some(b'{') => NextStatement::Block,
        _ => NextStatement::Unknown,
    }
}

/// Index after the word (identifier, keyword or number) starting at `i`. A number takes its
/// fraction: `5.` ends a statement, as any number does.
fn word_end(bytes: &[u8], i: usize) -> usize {
    let end = i
        + 1
        + bytes[i + 1..]
            .iter()
            .take_while(|&&b| CLASS[b as usize] == WORD)
            .count();
    if bytes[i].is_ascii_digit() && bytes.get(end) == Some(&b'.') {
        return word_end_after_dot(bytes, end + 1);
    }
    end
}

fn word_end_after_dot(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(&b) if CLASS[b as usize] == WORD => word_end(bytes, i),
        _ => i,
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
const ASSIGN: u8 = 9;

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
            b'=' => ASSIGN,
            _ => OTHER,
        };
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::{piece_text, top_level_cuts, Cut, CutKinds, Cuts};

    fn all_cuts(text: &str) -> Vec<(usize, usize, bool)> {
        Cuts::new(text, 0, CutKinds::All)
            .map(|c| (c.at, c.depth, c.blank_line))
            .collect()
    }

    #[test]
    fn cuts_in_any_body_where_the_printer_breaks_the_section() {
        let text = "a = [\n1,\n]\nb = 1\nc = 2\nd {\n  e = [\n  ]\n  f = 1\n  g {\n  }\n}\n";
        assert_eq!(
            all_cuts(text),
            [
                (0, 0, false),
                (11, 0, false),
                (23, 0, true),
                (39, 1, false),
                (47, 1, true),
                (59, 0, false)
            ]
        );
        let cuts: Vec<Cut> = Cuts::new(text, 0, CutKinds::All).collect();
        assert_eq!(
            piece_text(text, &cuts[2], &cuts[3]),
            "d {\n  e = [\n  ]\n}\n"
        );
        assert_eq!(piece_text(text, &cuts[3], &cuts[4]), "x {\n  f = 1\n}\n");
        assert_eq!(piece_text(text, &cuts[4], &cuts[5]), "x {\n  g {\n  }\n}\n");
    }

    #[test]
    fn no_cut_where_comments_or_alignment_could_reach_across() {
        for text in [
            // Single-line attributes align with each other (`5.` ends a statement too).
            "a = 1\nb = 2\n",
            "a = 5.\nb = 2\n",
            "x {\n  a = 1\n  b = 2\n}\n",
            // A comment after the statement or on a line between.
            "a = 1 // c\nd {\n}\n",
            "a = [\n]\n// c\nb = 1\n",
            "x {\n  a = [\n  ]\n\n  // c\n  b = 1\n}\n",
            "x {\n  a = [\n  ] /* c */\n  b {\n  }\n}\n",
            // Inside values.
            "a = {\n  b = [\n  ],\n  c = 1,\n}\n",
        ] {
            assert_eq!(all_cuts(text).len(), 2, "{text:?}");
        }
    }

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
        // One in the middle is a mistake of the file, which a piece starting with it would
        // skip (a fuzz finding).
        let text = "a {\n}\n\n\u{feff}b {\n}\n";
        assert_eq!(pieces(text), [text]);
        assert_eq!(all_cuts(text), [(0, 0, false), (text.len(), 0, false)]);
    }

    #[test]
    fn keeps_a_minimum_size() {
        let text = "a = 1\n\nb = 2\n\nc = 3\n";
        assert_eq!(top_level_cuts(text, 8), [0, 14, text.len()]);
        assert_eq!(top_level_cuts("", 8), [0]);
    }
}
