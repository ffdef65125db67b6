//! The token printer. It reproduces the state machine of Alloy's Go printer: tokens are written
//! with pending whitespace in front of them, comments are injected before the first token whose
//! (approximate) source position comes after them, and the result is text for the
//! [`crate::tabwriter`] (`\t` indentation, `\v` alignment points, `\f` section breaks, comments
//! bracketed by [`ESCAPE`]).
//!
//! Where the reference's output would not parse, the printer departs from it in the smallest
//! way it can: see [`Printer::list_closer`], the deferral in `flush` and `after_line_comment`.
//!
//! Source positions matter, because they decide where comments go and how many newlines are
//! kept. Like Go's printer, a token written without an explicit position is placed right after
//! the previous token in source space (previous position plus printed length), which is why
//! comments can move relative to tokens.

use crate::lines::LineTable;
use crate::tabwriter::ESCAPE;
use alloy_syntax::ast::Comment;
use std::borrow::Cow;

/// Pending whitespace. Indent and unindent change the indentation level when flushed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ws {
    Ignore,
    Blank,
    VTab,
    Newline,
    Formfeed,
    Indent,
    Unindent,
}

impl Ws {
    fn byte(self) -> Option<u8> {
        match self {
            Ws::Blank => Some(b' '),
            Ws::VTab => Some(b'\x0b'),
            Ws::Newline => Some(b'\n'),
            Ws::Formfeed => Some(b'\x0c'),
            Ws::Ignore | Ws::Indent | Ws::Unindent => None,
        }
    }
}

/// The kind of the last thing written, as far as token gluing is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    /// An integer literal: a following `.` would be read as a fraction.
    Int,
    /// `/`: a following `*` would open a comment.
    Div,
    Other,
}

/// A source position: byte offset and 1-based line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pos {
    pub offset: usize,
    pub line: usize,
}

/// Go's printer keeps at most this many pending whitespace entries.
const WHITESPACE_CAPACITY: usize = 16;
const MAX_NEWLINES: usize = 2;

/// A comment as Go's scanner delivers it: carriage returns stripped.
pub struct GoComment<'a> {
    pub start: usize,
    /// End of the comment in the source (before carriage returns are stripped).
    pub end: usize,
    pub text: Cow<'a, str>,
}

impl<'a> GoComment<'a> {
    pub fn from_ast(comment: &'a Comment) -> GoComment<'a> {
        GoComment {
            start: comment.span().start as usize,
            end: comment.span().end as usize,
            text: strip_cr(&comment.text),
        }
    }

    fn is_block(&self) -> bool {
        self.text.as_bytes().get(1) == Some(&b'*')
    }
}

/// Go's scanner removes `\r` from comment text, except in a block comment's closing `*\r/`.
pub fn strip_cr(text: &str) -> Cow<'_, str> {
    // memchr's vectorised search: comments are often long lines.
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    let block = text.starts_with("/*");
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    for (j, &ch) in bytes.iter().enumerate() {
        let keep_in_closer =
            block && out.len() > 2 && out.last() == Some(&b'*') && bytes.get(j + 1) == Some(&b'/');
        if ch != b'\r' || keep_in_closer {
            out.push(ch);
        }
    }
    Cow::Owned(String::from_utf8(out).expect("removing ASCII bytes keeps UTF-8 valid"))
}

pub struct Printer<'a> {
    lines: &'a LineTable,
    pub out: Vec<u8>,
    indent: usize,
    last_tok: TokKind,
    whitespace: Vec<Ws>,
    /// Comment groups: ranges into `comments`.
    groups: Vec<(usize, usize)>,
    comments: Vec<GoComment<'a>>,
    next_group: usize,
    /// Approximate source position of the next token.
    pos: Pos,
    /// Source position right after the last text written, if any.
    last: Option<Pos>,
    /// Nothing has been written on the current output line yet.
    at_line_start: bool,
    /// The last token was an identifier, literal or closer: a line break after it would make
    /// the scanner insert a statement terminator.
    last_inserts_terminator: bool,
    /// The last text written is a `//` comment: only a line break may follow it.
    after_line_comment: bool,
}

/// Printer state saved before injecting comments that may have to be taken back.
struct Snapshot {
    out_len: usize,
    indent: usize,
    whitespace: Vec<Ws>,
    next_group: usize,
    pos: Pos,
    last: Option<Pos>,
    at_line_start: bool,
    after_line_comment: bool,
}

impl<'a> Printer<'a> {
    pub fn new(
        lines: &'a LineTable,
        source: &str,
        comments: &'a [Comment],
        capacity: usize,
    ) -> Self {
        let comments: Vec<GoComment> = comments.iter().map(GoComment::from_ast).collect();
        let groups = group_comments(lines, source, &comments);
        Printer {
            lines,
            out: Vec::with_capacity(capacity),
            indent: 0,
            last_tok: TokKind::Other,
            whitespace: Vec::with_capacity(WHITESPACE_CAPACITY),
            groups,
            comments,
            next_group: 0,
            pos: Pos { offset: 0, line: 1 },
            last: None,
            at_line_start: true,
            last_inserts_terminator: false,
            after_line_comment: false,
        }
    }

    /// Sets the source position of the next token.
    pub fn set_pos(&mut self, offset: usize) {
        self.pos = self.lines.pos(offset);
    }

    pub fn ws(&mut self, ws: Ws) {
        if ws == Ws::Ignore {
            return;
        }
        if self.whitespace.len() == WHITESPACE_CAPACITY {
            self.write_whitespace(WHITESPACE_CAPACITY);
        }
        self.whitespace.push(ws);
        self.last_tok = TokKind::Other;
    }

    /// Writes a punctuation or operator token, separating it from the previous token when the
    /// two would otherwise scan as one.
    pub fn token(&mut self, text: &str, kind: TokKind) {
        let first = text.as_bytes()[0];
        let glues = match self.last_tok {
            TokKind::Int => first == b'.',
            TokKind::Div => first == b'*',
            TokKind::Other => false,
        };
        if glues && self.whitespace.is_empty() {
            self.whitespace.push(Ws::Blank);
        }
        self.last_tok = kind;
        self.emit(text);
        self.last_inserts_terminator = matches!(text, ")" | "]" | "}");
    }

    /// Writes an identifier or literal.
    pub fn word(&mut self, text: &str, kind: TokKind) {
        self.last_tok = kind;
        self.emit(text);
        self.last_inserts_terminator = true;
    }

    /// Writes a literal whose text must reach the output unchanged: each line of it is escaped
    /// from the tabwriter and the trimmer, the line breaks stay visible to the tabwriter.
    pub fn protected_word(&mut self, text: &str) {
        self.last_tok = TokKind::Other;
        let next = self.pos;
        self.flush(next, false);
        self.write_text(next, text, Escaping::PerLine);
        self.last_inserts_terminator = true;
    }

    fn emit(&mut self, text: &str) {
        let next = self.pos;
        self.flush(next, false);
        self.write_text(next, text, Escaping::None);
    }

    /// Writes the closer of a list (array, object, call) whose last element has no trailing
    /// comma. If the comments written in front of the closer bring a line break, a comma is
    /// put right after the last element: without it the line break would end the list, and
    /// the reference's output would not parse.
    pub fn list_closer(&mut self, text: &str) {
        self.last_tok = TokKind::Other;
        let mark = self.out.len();
        let next = self.pos;
        self.flush_comments_here(next, false);
        if self.out[mark..].iter().any(|&b| b == b'\n' || b == b'\x0c') {
            self.out.insert(mark, b',');
        }
        self.write_text(next, text, Escaping::None);
        self.last_inserts_terminator = true;
    }

    /// Writes the comments that remain (Go's final flush with an EOF token).
    pub fn finish(&mut self) {
        let end = Pos {
            offset: usize::MAX,
            line: usize::MAX,
        };
        self.flush(end, true);
    }

    #[inline(always)]
    fn comment_before(&self, next: Pos) -> bool {
        self.groups
            .get(self.next_group)
            .is_some_and(|&(first, _)| self.comments[first].start <= next.offset)
    }

    #[inline(always)]
    fn flush(&mut self, next: Pos, eof: bool) {
        if !eof && !self.comment_before(next) {
            // Nearly always: no comment to place, only the pending whitespace to write.
            self.write_whitespace(self.whitespace.len());
            return;
        }
        self.flush_with_comments(next, eof);
    }

    fn flush_with_comments(&mut self, next: Pos, eof: bool) {
        let line_break_pending = || {
            self.whitespace
                .iter()
                .any(|ws| matches!(ws, Ws::Newline | Ws::Formfeed))
        };
        if eof
            || !self.comment_before(next)
            || !self.last_inserts_terminator
            || line_break_pending()
        {
            self.flush_comments_here(next, eof);
            return;
        }
        // Comments that would put a line break right after an identifier, literal or closer in
        // the middle of a statement make the scanner end the statement there: the reference's
        // output does not parse. Such comments wait for the next token instead.
        let snapshot = Snapshot {
            out_len: self.out.len(),
            indent: self.indent,
            whitespace: self.whitespace.clone(),
            next_group: self.next_group,
            pos: self.pos,
            last: self.last,
            at_line_start: self.at_line_start,
            after_line_comment: self.after_line_comment,
        };
        self.inject_comments(next, false);
        if self.out[snapshot.out_len..]
            .iter()
            .any(|&b| b == b'\n' || b == b'\x0c')
        {
            self.out.truncate(snapshot.out_len);
            self.indent = snapshot.indent;
            self.whitespace = snapshot.whitespace;
            self.next_group = snapshot.next_group;
            self.pos = snapshot.pos;
            self.last = snapshot.last;
            self.at_line_start = snapshot.at_line_start;
            self.after_line_comment = snapshot.after_line_comment;
            self.write_whitespace(self.whitespace.len());
        }
    }

    /// Go's flush: pending comments before `next`, else pending whitespace.
    fn flush_comments_here(&mut self, next: Pos, eof: bool) {
        if self.comment_before(next) {
            self.inject_comments(next, eof);
        } else if !eof {
            self.write_whitespace(self.whitespace.len());
        }
    }

    fn inject_comments(&mut self, next: Pos, eof: bool) {
        let mut last_comment = 0;
        while self.comment_before(next) {
            let (first, end) = self.groups[self.next_group];
            for index in first..end {
                self.write_comment_prefix(next, index);
                let start = self.lines.pos(self.comments[index].start);
                let text = std::mem::take(&mut self.comments[index].text);
                self.write_text(start, &text, Escaping::Whole);
                self.comments[index].text = text;
                last_comment = index;
            }
            self.next_group += 1;
        }
        if !eof {
            self.write_comment_suffix(next, last_comment);
        }
    }

    fn write_comment_prefix(&mut self, next: Pos, index: usize) {
        if self.out.is_empty() {
            return;
        }
        let comment_pos = self.lines.pos(self.comments[index].start);
        let last_line = self.last.map_or(0, |last| last.line);
        if comment_pos.line == last_line {
            // A comment on the same line as the next token is a block comment between tokens.
            let separator = if self.after_line_comment {
                // Only a form feed inside the previous `//` comment makes the reference see a
                // new line here; a line break keeps this comment out of that one.
                b'\n'
            } else if comment_pos.line == next.line {
                b' '
            } else {
                b'\t'
            };
            self.write_byte(separator, 1);
            return;
        }
        // Keep pending indentation changes up to the first real whitespace, which is dropped
        // (the comment brings its own line breaks).
        let mut count = 0;
        for (i, ws) in self.whitespace.iter_mut().enumerate() {
            if matches!(ws, Ws::Indent | Ws::Unindent) {
                continue;
            }
            *ws = Ws::Ignore;
            count = i;
            break;
        }
        self.write_whitespace(count);
        if last_line > 0 && comment_pos.line > last_line {
            self.write_byte(b'\x0c', (comment_pos.line - last_line).min(MAX_NEWLINES));
        } else if self.after_line_comment {
            self.write_byte(b'\n', 1);
        }
    }

    fn write_comment_suffix(&mut self, next: Pos, last_comment: usize) {
        let comment = &self.comments[last_comment];
        // The reference counts a form feed in a comment as a line break, but Alloy's scanner
        // does not: after a block comment holding one (and no real line break), the next token
        // is glued to it. That only matters where a line break would end a statement (after an
        // identifier, literal or closer); elsewhere (`{`, `(`, `,`, an operator) the line break
        // means nothing, and the reference's layout is kept.
        let counted_formfeed = self.last_inserts_terminator
            && comment.is_block()
            && comment.text.contains('\x0c')
            && !comment.text.contains('\n');
        if comment.is_block() {
            let end = self.lines.pos(comment.start + comment.text.len() - 1);
            if next.line == end.line {
                self.write_byte(b' ', 1);
            }
        }
        let last_line = self.last.map_or(0, |last| last.line);
        let mut dropped_newline = false;
        let mut dropped_formfeed = false;
        for ws in self.whitespace.iter_mut() {
            match ws {
                Ws::Blank | Ws::VTab => *ws = Ws::Ignore,
                Ws::Newline => {
                    dropped_newline = true;
                    *ws = Ws::Ignore;
                }
                Ws::Formfeed => {
                    dropped_formfeed = true;
                    *ws = Ws::Ignore;
                }
                Ws::Indent | Ws::Unindent | Ws::Ignore => {}
            }
        }
        self.write_whitespace(self.whitespace.len());
        let byte = if dropped_formfeed { b'\x0c' } else { b'\n' };
        if next.line > last_line {
            self.write_byte(byte, (next.line - last_line).min(MAX_NEWLINES));
        } else if self.after_line_comment
            || (counted_formfeed && (dropped_newline || dropped_formfeed))
        {
            // A `//` comment runs to the end of the line: the reference would glue the next
            // token to it (and so comment it out). End the line instead.
            self.write_byte(byte, 1);
        }
    }

    #[inline(always)]
    fn write_text(&mut self, pos: Pos, text: &str, escaping: Escaping) {
        if self.at_line_start {
            self.write_indent();
        }
        let bytes = text.as_bytes();
        match escaping {
            Escaping::None => self.out.extend_from_slice(bytes),
            Escaping::Whole => {
                self.out.push(ESCAPE);
                self.out.extend_from_slice(bytes);
                self.out.push(ESCAPE);
            }
            Escaping::PerLine => {
                for (i, line) in text.split('\n').enumerate() {
                    if i > 0 {
                        self.out.push(b'\n');
                    }
                    self.out.push(ESCAPE);
                    self.out.extend_from_slice(line.as_bytes());
                    self.out.push(ESCAPE);
                }
            }
        }
        // Only raw strings and comments can hold line breaks; other tokens skip the scan.
        let (newlines, last_newline) = match bytes.first() {
            Some(b'`' | b'/') => match memchr::memrchr2(b'\n', b'\x0c', bytes) {
                Some(last) => (memchr::memchr2_iter(b'\n', b'\x0c', bytes).count(), last),
                None => (0, 0),
            },
            _ => (0, 0),
        };
        let mut pos = pos;
        pos.offset = pos.offset.saturating_add(bytes.len());
        if newlines > 0 {
            pos.line = pos.line.saturating_add(newlines);
            self.at_line_start = last_newline + 1 == bytes.len();
        } else if !bytes.is_empty() {
            self.at_line_start = false;
        }
        self.pos = pos;
        self.last = Some(pos);
        self.after_line_comment = matches!(escaping, Escaping::Whole) && bytes.starts_with(b"//");
    }

    #[inline(always)]
    fn write_indent(&mut self) {
        for _ in 0..self.indent {
            self.out.push(b'\t');
        }
        self.pos.offset = self.pos.offset.saturating_add(self.indent);
        if self.indent > 0 {
            self.at_line_start = false;
        }
    }

    #[inline(always)]
    fn write_byte(&mut self, byte: u8, count: usize) {
        if self.at_line_start {
            self.write_indent();
        }
        for _ in 0..count {
            self.out.push(byte);
        }
        self.pos.offset = self.pos.offset.saturating_add(count);
        if byte == b'\n' || byte == b'\x0c' {
            self.pos.line = self.pos.line.saturating_add(count);
            self.at_line_start = true;
        } else if count > 0 {
            self.at_line_start = false;
        }
    }

    fn write_whitespace(&mut self, count: usize) {
        for i in 0..count {
            match self.whitespace[i] {
                Ws::Ignore => {}
                Ws::Indent => self.indent += 1,
                Ws::Unindent => self.indent = self.indent.saturating_sub(1),
                ws => {
                    let byte = ws.byte().expect("whitespace with a character");
                    self.write_byte(byte, 1);
                }
            }
        }
        if count == self.whitespace.len() {
            self.whitespace.clear();
        } else {
            self.whitespace.drain(..count);
        }
    }
}

#[derive(Clone, Copy)]
enum Escaping {
    None,
    Whole,
    PerLine,
}

/// Groups comments as Go's parser does: consecutive comments with no token between them, each
/// starting at most one line after the previous one ended.
fn group_comments(
    lines: &LineTable,
    source: &str,
    comments: &[GoComment<'_>],
) -> Vec<(usize, usize)> {
    let mut groups = Vec::new();
    let mut i = 0;
    while i < comments.len() {
        let first = i;
        let mut end_line = lines.pos(comments[i].start).line + newline_count(&comments[i]);
        let mut end_offset = comments[i].end;
        i += 1;
        while i < comments.len() {
            let start = comments[i].start;
            let only_space_between =
                source
                    .as_bytes()
                    .get(end_offset..start)
                    .is_some_and(|between| {
                        between
                            .iter()
                            .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
                    });
            if !only_space_between || lines.pos(start).line > end_line + 1 {
                break;
            }
            end_line = lines.pos(start).line + newline_count(&comments[i]);
            end_offset = comments[i].end;
            i += 1;
        }
        groups.push((first, i));
    }
    groups
}

fn newline_count(comment: &GoComment<'_>) -> usize {
    if comment.is_block() {
        comment.text.bytes().filter(|&b| b == b'\n').count()
    } else {
        0
    }
}
