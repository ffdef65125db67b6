//! Glue between the token stream, the generated LALRPOP parser and diagnostics.

use crate::ast::*;
use crate::lexer::{LexError, Tok, TokenStream, Tokens, MAX_NESTING};
use crate::recovery::Recovered;
use crate::rules::{INVALID_BLOCK_LABEL, NESTING_TOO_DEEP, SYNTAX_ERROR};
use crate::strings::is_valid_identifier;
use alloy_diagnostics::{Diagnostic, LineIndex};
use lalrpop_util::{ErrorRecovery, ParseError};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;

lalrpop_util::lalrpop_mod!(
    #[allow(clippy::all, unused_parens, dead_code)]
    pub(crate) grammar,
    "/alloy.rs"
);

/// The result of parsing a file: the statements that were well formed, every comment, and the
/// diagnostics (empty when the file is valid).
#[derive(Clone, Debug)]
pub struct Parse {
    pub file: File,
    pub diagnostics: Vec<Diagnostic>,
}

impl Parse {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.is_error())
    }
}

/// State the grammar's actions write to: errors the grammar recovered from, and errors found
/// in otherwise well-formed constructs (block labels).
pub struct ParseState<'input> {
    /// The text being parsed, shared with the tree's strings.
    source: &'input Arc<String>,
    text: &'input str,
    /// Set once the token stream has stopped at the nesting limit: a statement broken there
    /// is cut short, not ended.
    cut_short: std::rc::Rc<std::cell::Cell<bool>>,
    recovered: Vec<ErrorRecovery<usize, Tok, LexError>>,
    /// Where each error was recovered from, for the tree ([`crate::recovery::tree`]).
    skipped: Vec<Recovered>,
    label_errors: Vec<(usize, Diagnostic)>,
    /// Diagnostics Go's parser adds directly, never held back by its one-per-line rule, with
    /// when it finds them (the offset its scanner has read to): a block read as a value
    /// (`x = a { ... }`, after the errors inside the block and the token after its `}`), an
    /// attribute name with dots or a label.
    direct: Vec<(usize, Diagnostic)>,
    /// Those blocks, waiting for the end of the statement they are in.
    blocks_read_as_values: Vec<Stmt>,
    /// Where the lists being read are built.
    pub(crate) stmts: Lists<Stmt>,
    pub(crate) exprs: Lists<Expr>,
    pub(crate) fields: Lists<ObjectField>,
}

impl<'input> ParseState<'input> {
    pub(crate) fn new(source: &'input Arc<String>) -> Self {
        ParseState {
            source,
            text: source.as_str(),
            cut_short: Default::default(),
            recovered: Vec::new(),
            skipped: Vec::new(),
            label_errors: Vec::new(),
            direct: Vec::new(),
            blocks_read_as_values: Vec::new(),
            stmts: Lists::new(),
            exprs: Lists::new(),
            fields: Lists::new(),
        }
    }

    /// Whether the grammar's actions met a mistake: anything here becomes a diagnostic
    /// ([`collect_diagnostics`]).
    fn found_mistakes(&self) -> bool {
        !self.recovered.is_empty()
            || !self.skipped.is_empty()
            || !self.label_errors.is_empty()
            || !self.direct.is_empty()
    }

    /// A statement in `start..end` did not parse: its error is reported, and recorded for the
    /// tree, which recovery builds once the parse is done ([`crate::recovery::tree`]).
    pub(crate) fn broken_statement(
        &mut self,
        start: usize,
        e: ErrorRecovery<usize, Tok, LexError>,
        end: usize,
    ) {
        let error_at = error_offset(self.text, &e.error);
        // The statement is read again from its text: blocks read inside it so far go too.
        self.blocks_read_as_values
            .retain(|b| (b.span().start as usize) < start);
        // Go reads `a.b = 1` as an attribute and reports its name; the grammar stops at `=`.
        if !self.add_read_up_to(start, error_at, true) {
            self.recovered.push(e);
        }
        self.skipped.push(Recovered { start, end });
    }

    /// What Go's parser reports while it reads `start..error_at`, a statement (or, with
    /// `statement` false, an expression) the strict grammar could not reduce: the invalid
    /// labels and the blocks read as values in it, once each. Whether the mistake at
    /// `error_at` is the `=` of an attribute whose name has dots or a label, reported here
    /// as Go reports it.
    fn add_read_up_to(&mut self, start: usize, error_at: usize, statement: bool) -> bool {
        let read = read_up_to(self.text, start, error_at, statement);
        for (offset, d) in read.labels {
            if !self.label_errors.iter().any(|(o, _)| *o == offset) {
                self.label_errors.push((offset, d));
            }
        }
        for (at, d) in read.direct {
            let span = d.primary_span();
            if !self.direct.iter().any(|(_, e)| e.primary_span() == span) {
                self.direct.push((at, d));
            }
        }
        read.attribute_name
    }

    /// After a statement: the blocks its value held ([`Self::block_as_value`]).
    pub(crate) fn add_blocks_read_as_values(&mut self, stmts: &mut Mark) {
        // After nearly every statement there are none: no drain to set up and drop.
        if self.blocks_read_as_values.is_empty() {
            return;
        }
        for block in self.blocks_read_as_values.drain(..) {
            self.stmts.push(stmts, block);
        }
    }

    /// `x = a { ... }` or `x = a "label" { ... }` in the strict grammar: Alloy reads the block,
    /// reports it, and goes on with the expression. The value keeps `a`; the block's body
    /// goes into the tree after the statement, as a block without a name
    /// ([`Block::name_missing`]), so what it says is not lost.
    pub(crate) fn block_as_value(
        &mut self,
        value: Expr,
        body: ThinSlice<Stmt>,
        lcurly: Opener,
        rcurly: Span,
    ) -> Expr {
        let start = value.span().start;
        let end = rcurly.end as usize;
        let span = Span::new(start, rcurly.end);
        // The statement's tree is recovery's, as for any other syntax error.
        self.skipped.push(Recovered {
            start: lcurly.start as usize,
            end,
        });
        let name = self.missing_name(start as usize);
        self.blocks_read_as_values.push(Stmt::Block(Box::new(Block {
            name,
            label: None,
            body,
            lcurly,
            rcurly,
        })));
        let found_at = crate::lexer::scanned_after(self.text, end, true);
        self.direct.push((found_at, block_value_diagnostic(span)));
        broken(value, end)
    }

    /// `end`, moved back over the blanks before it: an error that covers nothing but the space
    /// before the next token ends where the text before it does.
    pub(crate) fn trimmed_end(&self, end: usize) -> usize {
        let before = self.text.get(..end).unwrap_or(self.text);
        before.trim_end().len()
    }

    /// A slice of the text, as the tree keeps it.
    pub(crate) fn str(&self, start: usize, end: usize) -> SourceStr {
        SourceStr::slice(self.source, start..end)
    }

    pub(crate) fn ident(&self, start: usize, end: usize) -> Ident {
        Ident {
            name: self.str(start, end),
        }
    }

    /// The name of a block whose header could not be read: empty, at `at`.
    pub(crate) fn missing_name(&self, at: usize) -> DottedName {
        DottedName::new(self.str(at, at))
    }

    /// `value.name`, the name at `start..end`: a [`ExprKind::Path`] when `value` is an
    /// identifier or a path (its text extended to the name's end: no new reference to the
    /// source, and nothing to drop), else an [`ExprKind::Access`].
    pub(crate) fn access(&self, value: Expr, start: usize, end: usize) -> Expr {
        match value.kind {
            ExprKind::Ident(Ident { name: text }) => {
                Expr::new(ExprKind::Path(DottedName::new(text.ending_at(end))))
            }
            ExprKind::Path(path) => Expr::new(ExprKind::Path(DottedName::new(
                path.into_text().ending_at(end),
            ))),
            _ => Expr::new(ExprKind::Access(Box::new(Access {
                value,
                name: self.ident(start, end),
            }))),
        }
    }

    /// The text between the quotes of the string token `start..end` (its first character, and
    /// its last if that closes it, left out: an unterminated string has no closing quote).
    fn between_quotes(&self, start: usize, end: usize) -> SourceStr {
        let raw = &self.text[start..end];
        let quote = &raw[..1];
        let inner_end = match raw.len() > 1 && raw.ends_with(quote) {
            true => end - 1,
            false => end,
        };
        self.str(start + 1, inner_end)
    }

    /// A block's label, the string token `start..end` (`"name"` or, reported, a backtick
    /// string), checked as Alloy checks it.
    pub(crate) fn block_label(&mut self, start: usize, end: usize) -> Label {
        let span = span(start, end);
        let raw = &self.text[start..end];
        if let Some(d) = invalid_label(raw, span) {
            self.label_errors.push((start, d));
        }
        let value_start = start + 1.min(raw.len());
        Label {
            value: self.str(value_start, value_start + label_text(raw).len()),
        }
    }
}

/// A label's text between its quotes. An unterminated string (already reported) loses its
/// last character, as Go's `lit[1:len(lit)-1]` does.
fn label_text(raw: &str) -> &str {
    let inner = raw.get(1..).unwrap_or_default();
    match inner.char_indices().next_back() {
        Some((last, _)) => &inner[..last],
        None => inner,
    }
}

/// The diagnostic for a block label Alloy rejects: a backtick string, or a quoted label that is
/// not an identifier (escapes are not decoded).
fn invalid_label(raw: &str, span: Span) -> Option<Diagnostic> {
    if raw.starts_with('`') {
        return Some(
            INVALID_BLOCK_LABEL
                .diagnostic(format!(
                    "expected block label to be a double quoted string, but got {raw:?}"
                ))
                .with_primary(span, "backtick string used as a label")
                .with_help("write the label in double quotes"),
        );
    }
    let value = label_text(raw);
    (!value.is_empty() && !is_valid_identifier(value)).then(|| {
        INVALID_BLOCK_LABEL.diagnostic(format!("expected block label to be a valid identifier, but got {value:?}"))
            .with_primary(span, "not a valid identifier")
            .with_help("labels may contain only letters, digits and `_`, and may not start with a digit (escapes are not decoded)")
    })
}

fn block_value_diagnostic(span: Span) -> Diagnostic {
    SYNTAX_ERROR
        .diagnostic("cannot use a block as an expression")
        .with_primary(span, "a block where a value is expected")
        .with_help("a block is a statement of its own: close the attribute's value first, or refer to a component's exports (`name.label.export`)")
}

/// What Go's parser reports while reading a text the strict grammar did not reduce.
#[derive(Default)]
struct ReadUpTo {
    /// Invalid block labels: (offset, diagnostic).
    labels: Vec<(usize, Diagnostic)>,
    /// Blocks read as values, and the attribute name below: (when found, diagnostic).
    direct: Vec<(usize, Diagnostic)>,
    /// The mistake is the `=` after an attribute name with dots or a label.
    attribute_name: bool,
}

/// Reads `text[start..end]` as Go's parser meets it, up to its mistake at `end`: block labels
/// (a string right after the dotted name that starts a statement of a body), blocks read as
/// values (a `{` right after an operand that is not a statement's name), and, when the
/// mistake is an `=` after a statement's name with dots or a label, that attribute name.
/// `statement`: `start` begins a statement of a body (else an expression).
fn read_up_to(text: &str, start: usize, end: usize, statement: bool) -> ReadUpTo {
    /// Where a statement's name is being read.
    #[derive(Clone, Copy, PartialEq)]
    enum Name {
        /// At the start of a statement.
        Start,
        /// After an identifier of the name that starts at the offset; `dotted` once a `.`
        /// was read.
        Ident { start: usize, dotted: bool },
        /// After a `.` of the name.
        Dot { start: usize },
        /// After the name's label.
        Label {
            start: usize,
            dotted: bool,
            label: Span,
        },
        /// Anywhere else.
        None,
    }
    #[derive(Clone, Copy)]
    enum Open {
        /// A block's body, or one read as a value (from the value's start).
        Body(Option<usize>),
        Other,
    }
    let mut read = ReadUpTo::default();
    let tokens: Vec<_> = TokenStream::range(text, start, end)
        .flatten()
        .filter(|(l, _, _)| *l < end)
        .collect();
    let mut open = vec![if statement {
        Open::Body(None)
    } else {
        Open::Other
    }];
    let mut name = if statement { Name::Start } else { Name::None };
    for (i, &(l, tok, r)) in tokens.iter().enumerate() {
        let before = name;
        name = match (name, tok) {
            (Name::Start, Tok::Ident) => Name::Ident {
                start: l,
                dotted: false,
            },
            (Name::Dot { start }, Tok::Ident) => Name::Ident {
                start,
                dotted: true,
            },
            (Name::Ident { start, .. }, Tok::Dot) => Name::Dot { start },
            (Name::Ident { start, dotted }, Tok::String | Tok::RawString) => {
                read.labels
                    .extend(invalid_label(&text[l..r], span(l, r)).map(|d| (l, d)));
                Name::Label {
                    start,
                    dotted,
                    label: span(l, r),
                }
            }
            (Name::Start, Tok::Terminator) => Name::Start,
            _ => Name::None,
        };
        match tok {
            Tok::LCurly => {
                let block = if matches!(before, Name::Ident { .. } | Name::Label { .. }) {
                    Some(Open::Body(None))
                } else if i > 0 && tokens[i - 1].1.ends_statement() {
                    Some(Open::Body(Some(value_start(&tokens, i - 1))))
                } else {
                    None
                };
                open.push(block.unwrap_or(Open::Other));
                if block.is_some() {
                    name = Name::Start;
                }
            }
            Tok::LBrack | Tok::LParen => open.push(Open::Other),
            Tok::RCurly | Tok::RBrack | Tok::RParen => {
                // Only a `}` ends a block read as a value: Go reads a `]` or `)` in its body
                // as a mistake, and the block is never reported.
                if let Some(Open::Body(Some(value_start))) = open.pop() {
                    if tok == Tok::RCurly {
                        let found_at = crate::lexer::scanned_after(text, r, true);
                        let d = block_value_diagnostic(span(value_start, r));
                        read.direct.push((found_at, d));
                    }
                }
            }
            Tok::Terminator if matches!(open.last(), Some(Open::Body(_))) => name = Name::Start,
            _ => {}
        }
    }
    let at_assign = text[end..].starts_with('=') && !text[end..].starts_with("==");
    let message = match name {
        _ if !at_assign => None,
        Name::Ident {
            start,
            dotted: true,
        }
        | Name::Label {
            start,
            dotted: true,
            ..
        } => {
            let name_end = tokens
                .iter()
                .skip_while(|(l, _, _)| *l < start)
                .take_while(|(_, tok, _)| matches!(tok, Tok::Ident | Tok::Dot))
                .last()
                .map_or(end, |(_, _, r)| *r);
            Some((
                span(start, name_end),
                "attribute names may only consist of a single identifier with no \".\"",
                "an attribute name is a single identifier; dotted names are only for blocks",
            ))
        }
        Name::Label { label, .. } => Some((
            label,
            "attribute names may not have labels",
            "only blocks have labels: remove the label, or write a block `name \"label\" { ... }`",
        )),
        _ => None,
    };
    if let Some((at, message, help)) = message {
        // Reported once Go has read `=` and the token after it.
        let found_at = crate::lexer::scanned_after(text, end + 1, false);
        let d = SYNTAX_ERROR
            .diagnostic(message)
            .with_primary(at, "")
            .with_help(help);
        read.direct.push((found_at, d));
        read.attribute_name = true;
    }
    read
}

impl ParseState<'_> {
    /// An object field whose key is the string token `start..end`: its text between the
    /// quotes, undecoded; `""` stays `""` and counts as unquoted, exactly as Alloy's parser
    /// does.
    pub(crate) fn quoted_field(&self, start: usize, end: usize, value: Expr) -> ObjectField {
        let (key, quoted) = match end - start > 2 {
            true => (self.between_quotes(start, end), true),
            false => (self.str(start, end), false),
        };
        ObjectField { key, quoted, value }
    }
}

/// Where the value ends by `tokens[last]` begins, as Go's parser reads it before a `{`: the
/// postfix expression (`a.b`, `f(x)`, `a[0]`, `[1, 2]`), a string label after it skipped.
fn value_start(tokens: &[(usize, Tok, usize)], mut last: usize) -> usize {
    if matches!(tokens[last].1, Tok::String | Tok::RawString)
        && last > 0
        && tokens[last - 1].1.ends_statement()
    {
        last -= 1;
    }
    let mut i = last;
    loop {
        if matches!(tokens[i].1, Tok::RCurly | Tok::RBrack | Tok::RParen) {
            // Back to the matching opener.
            let mut depth = 0usize;
            loop {
                match tokens[i].1 {
                    Tok::RCurly | Tok::RBrack | Tok::RParen => depth += 1,
                    Tok::LCurly | Tok::LBrack | Tok::LParen => depth -= 1,
                    _ => {}
                }
                if depth == 0 || i == 0 {
                    break;
                }
                i -= 1;
            }
            // A call, an index or a block after an operand continues that operand.
            if i > 0 && tokens[i - 1].1.ends_statement() {
                i -= 1;
                continue;
            }
            return tokens[i].0;
        }
        if i >= 2 && tokens[i - 1].1 == Tok::Dot && tokens[i - 2].1.ends_statement() {
            i -= 2;
            continue;
        }
        return tokens[i].0;
    }
}

pub(crate) fn span(l: usize, r: usize) -> Span {
    Span::new(l as u32, r as u32)
}

/// Where a list being parsed is on its stack ([`Lists`]): its first element and how many.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mark {
    start: usize,
    len: usize,
}

/// A stack the grammar builds lists of `T` on (statements of bodies, elements of arrays and
/// argument lists, object fields): a list's elements go on top as they are read, above those
/// of the lists it is inside, and are taken off into one allocation of the right size when it
/// ends. No vector per list, grown and then trimmed.
///
/// Error recovery may drop a list being read (LALRPOP pops its symbol): its elements are left
/// above those of the list around it, and dropped when that list next grows or ends.
pub(crate) struct Lists<T> {
    items: Vec<T>,
}

impl<T> Lists<T> {
    fn new() -> Self {
        Lists { items: Vec::new() }
    }

    /// A list starting now, empty.
    pub(crate) fn start(&self) -> Mark {
        Mark {
            start: self.items.len(),
            len: 0,
        }
    }

    /// A list starting now with `first`.
    pub(crate) fn first(&mut self, first: T) -> Mark {
        let mut list = self.start();
        self.push(&mut list, first);
        list
    }

    /// Inlined into the grammar's actions (a call, with its saved registers, cost as much as
    /// the push); what error recovery left above the list is dropped out of line.
    #[inline(always)]
    pub(crate) fn push(&mut self, list: &mut Mark, item: T) {
        let top = list.start + list.len;
        if self.items.len() != top {
            self.drop_above(top);
        }
        self.items.push(item);
        list.len += 1;
    }

    #[cold]
    #[inline(never)]
    fn drop_above(&mut self, top: usize) {
        self.items.truncate(top);
        debug_assert_eq!(self.items.len(), top, "lists are nested");
    }

    fn drain(&mut self, list: Mark) -> std::vec::Drain<'_, T> {
        self.items.truncate(list.start + list.len);
        self.items.drain(list.start..)
    }

    /// The list's elements, off the stack.
    pub(crate) fn take(&mut self, list: Mark) -> ThinSlice<T> {
        self.items.truncate(list.start + list.len);
        ThinSlice::from_vec_tail(&mut self.items, list.start)
    }

    /// The list's elements, off the stack, as a vector. The outermost list (a file's
    /// statements) takes the stack's own buffer: no second copy of the file's statements is
    /// made while the first is alive (this is the end of the parse, when memory peaks).
    pub(crate) fn take_vec(&mut self, list: Mark) -> Vec<T> {
        if list.start > 0 {
            return self.drain(list).collect();
        }
        self.items.truncate(list.len);
        let mut items = std::mem::take(&mut self.items);
        items.shrink_to_fit();
        items
    }
}

/// `value` followed by tokens up to `end` that cannot continue it: an error node keeping it.
pub(crate) fn broken(value: Expr, end: usize) -> Expr {
    let value_span = value.span();
    Expr::new(ExprKind::Error {
        partial: Some(Box::new(value)),
        span: Span::new(value_span.start, (end as u32).max(value_span.end)),
    })
}

/// An expression that is missing or unreadable from its start, `start..end`.
pub(crate) fn missing(start: usize, end: usize) -> Expr {
    Expr::new(ExprKind::Error {
        partial: None,
        span: span(start, end.max(start)),
    })
}

/// Builds the tree for `first (op operand)*` by operator precedence (shunting-yard, no
/// recursion): left-associative except `^`.
pub(crate) fn binary_chain(first: Expr, rest: Vec<((BinaryOp, Span), Expr)>) -> Expr {
    if rest.is_empty() {
        return first;
    }
    fn reduce(operands: &mut Vec<Expr>, (op, op_span): (BinaryOp, Span)) {
        let rhs = operands.pop().expect("operand");
        let lhs = operands.pop().expect("operand");
        operands.push(Expr::new(ExprKind::Binary(Box::new(Binary {
            op,
            op_span,
            lhs,
            rhs,
        }))));
    }
    let mut operands = Vec::with_capacity(rest.len() + 1);
    let mut operators: Vec<(BinaryOp, Span)> = Vec::with_capacity(rest.len());
    operands.push(first);
    for ((op, op_span), operand) in rest {
        while let Some(&(top, top_span)) = operators.last() {
            let binds_tighter = top.precedence() > op.precedence()
                || (top.precedence() == op.precedence() && op != BinaryOp::Pow);
            if !binds_tighter {
                break;
            }
            operators.pop();
            reduce(&mut operands, (top, top_span));
        }
        operators.push((op, op_span));
        operands.push(operand);
    }
    while let Some(top) = operators.pop() {
        reduce(&mut operands, top);
    }
    operands.pop().expect("operand")
}

/// Applies prefix operators `ops` (start, operator, end), outermost first, to `operand`.
pub(crate) fn unary_chain(ops: Vec<(usize, UnaryOp, usize)>, operand: Expr) -> Expr {
    ops.into_iter().rev().fold(operand, |operand, (l, op, or)| {
        Expr::new(ExprKind::Unary {
            op,
            op_span: span(l, or),
            operand: Box::new(operand),
        })
    })
}

/// Parses a whole file. The tree's strings are slices of one copy of the text ([`SourceStr`]);
/// [`parse_string`] and [`parse_shared`] take a text without copying it.
pub fn parse(text: &str) -> Parse {
    parse_string(text.to_owned())
}

/// [`parse`] of a text the tree takes: its strings are slices of `text`.
pub fn parse_string(text: String) -> Parse {
    parse_shared(&Arc::new(text))
}

/// [`parse`] of a text already shared: the tree's strings are slices of `text`.
pub fn parse_shared(text: &Arc<String>) -> Parse {
    if text.len() >= PARSE_IN_PIECES_FROM {
        if let Some(parse) = parse_in_pieces(text, PIECE_BYTES) {
            return parse;
        }
    }
    parse_tokens(TokenStream::new(text), text, &[]).0
}

/// Texts at least this large are parsed in pieces on several threads ([`parse_in_pieces`]):
/// below it the scan for cuts and the threads' setup cost more than they save.
const PARSE_IN_PIECES_FROM: usize = 1 << 20;

/// The pieces [`parse_shared`] cuts a large text into are at least this large.
const PIECE_BYTES: usize = 128 << 10;

/// Parses `text` in pieces of at least `min_piece` bytes, in parallel on rayon's pool. A piece
/// ends where a line that starts like a top-level statement follows a blank line
/// ([`crate::likely_cut`]). Such a place is found without reading the text before it, so it may lie
/// inside a block comment, a raw string, a block or a statement continued past the blank line;
/// but then the piece before it does not parse on its own (it ends inside a token, a bracket or
/// a statement). Once a piece parses, its end is where the whole file's lexer is between
/// statements and outside any bracket, so the file's tokens from there on are the next piece's:
/// by induction from the first piece, the file's statements and comments are the pieces'
/// joined (`tests/pieces_conformance.rs` checks this on every conformance input cut at every
/// such line). A piece that does not parse is parsed again up to the first place after it that
/// both starts a piece and is a cut [`crate::TopLevelCuts`] finds, reading from the piece's
/// start; the pieces before that place are then not parsed, if not begun. `None` if that fails
/// too (the file has a mistake): the caller parses the whole text at once, which reports
/// mistakes as Alloy does.
#[doc(hidden)]
pub fn parse_in_pieces(text: &Arc<String>, min_piece: usize) -> Option<Parse> {
    let mut starts = vec![0];
    while let Some(cut) =
        crate::likely_cut(text.as_bytes(), starts[starts.len() - 1] + min_piece.max(1))
    {
        starts.push(cut);
    }
    // Pieces that start before this offset are no longer needed.
    let skip_before = AtomicUsize::new(0);
    let (sender, receiver) = std::sync::mpsc::channel();
    let (starts, skip_before) = (&starts[..], &skip_before);
    let file = match rayon::current_thread_index() {
        // On a pool thread already (files parsed in parallel): wait inside the pool, which
        // keeps this thread working; blocking it on the channel could starve the pool.
        Some(_) => {
            rayon::scope(|scope| spawn_pieces(scope, text, starts, skip_before, sender));
            join_pieces(text, starts, receiver, skip_before)
        }
        None => rayon::in_place_scope(|scope| {
            spawn_pieces(scope, text, starts, skip_before, sender);
            join_pieces(text, starts, receiver, skip_before)
        }),
    };
    Some(Parse {
        file: file?,
        diagnostics: Vec::new(),
    })
}

/// Spawns a task for each piece of `text` (between consecutive `starts`); each sends its index
/// and, if it parsed, its statements and comments.
fn spawn_pieces<'s>(
    scope: &rayon::Scope<'s>,
    text: &'s Arc<String>,
    starts: &'s [usize],
    skip_before: &'s AtomicUsize,
    sender: Sender<(usize, Option<File>)>,
) {
    for (index, &start) in starts.iter().enumerate() {
        let end = starts.get(index + 1).copied().unwrap_or(text.len());
        let sender = sender.clone();
        scope.spawn(move |_| {
            let file = match start < skip_before.load(Ordering::Relaxed) {
                true => None,
                false => parse_piece(text, start, end),
            };
            let _ = sender.send((index, file));
        });
    }
}

/// The pieces' statements and comments joined in order as they arrive, with a piece that did not
/// parse parsed again as [`parse_in_pieces`] says; `None` if that fails.
fn join_pieces(
    text: &Arc<String>,
    starts: &[usize],
    receiver: Receiver<(usize, Option<File>)>,
    skip_before: &AtomicUsize,
) -> Option<File> {
    let mut file = File {
        body: Vec::new(),
        comments: Vec::new(),
    };
    let mut arrived: Vec<Option<Option<File>>> = (0..starts.len()).map(|_| None).collect();
    // The piece that starts where the statements joined so far end.
    let mut next = 0;
    for (index, piece) in receiver {
        if index < next {
            continue; // covered by a piece parsed again up to an exact cut: not needed
        }
        arrived[index] = Some(piece);
        while let Some(piece) = arrived.get_mut(next).and_then(Option::take) {
            let (after, piece) = match piece {
                Some(piece) => (next + 1, piece),
                None => match parse_to_exact_cut(text, starts, next, skip_before) {
                    Some(parsed) => parsed,
                    None => {
                        skip_before.store(usize::MAX, Ordering::Relaxed);
                        return None;
                    }
                },
            };
            file.body.extend(piece.body);
            file.comments.extend(piece.comments);
            arrived[next..after].fill(None);
            next = after;
        }
    }
    (next == starts.len()).then_some(file)
}

/// For piece `index` of [`parse_in_pieces`], which did not parse though it starts where a
/// statement does: the text from its start to the first cut [`crate::TopLevelCuts`] finds from
/// there that also starts a piece, parsed, with the index of the piece there. The cut is looked
/// for in the next [`MAX_RUN`] pieces only; without one there (a block comment or one unindented
/// block longer than that), the rest of the text is parsed at once.
fn parse_to_exact_cut(
    text: &Arc<String>,
    starts: &[usize],
    index: usize,
    skip_before: &AtomicUsize,
) -> Option<(usize, File)> {
    let start = starts[index];
    let limit = starts.get(index + MAX_RUN).copied().unwrap_or(text.len());
    // The first cut is `start` itself, the last `limit`, a cut only if it is the text's end.
    let after = crate::TopLevelCuts::new(&text[start..limit], 1)
        .skip(1)
        .map(|cut| start + cut)
        .find_map(|cut| match cut == text.len() {
            true => Some(starts.len()),
            false if cut < limit => starts.binary_search(&cut).ok(),
            false => None,
        })
        .unwrap_or(starts.len());
    if after == index + 1 {
        return None; // the piece itself, which did not parse
    }
    let end = starts.get(after).copied().unwrap_or(text.len());
    skip_before.store(end, Ordering::Relaxed);
    Some((after, parse_piece(text, start, end)?))
}

/// The most pieces [`parse_to_exact_cut`] reads for a cut.
const MAX_RUN: usize = 8;

/// The statements and comments of `text[start..end]` (offsets into `text`), if it parses as a
/// file without a diagnostic. Gives up at the first mistake the lexer finds, so that a piece
/// that starts or ends in the wrong place costs little.
fn parse_piece(text: &Arc<String>, start: usize, end: usize) -> Option<File> {
    let mut tokens = TokenStream::range(text, start, end);
    let mut state = ParseState::new(text);
    // Whatever the grammar's actions read about a mistake stays within the piece.
    state.text = &text[..end];
    let until_mistake = std::iter::from_fn(|| match tokens.is_clean() {
        true => tokens.next(),
        false => None,
    });
    let body = grammar::FileParser::new()
        .parse(&mut state, until_mistake)
        .ok()?;
    // Whether [`collect_diagnostics`] would report anything, without its work on the text.
    if !tokens.is_clean() || state.found_mistakes() {
        return None;
    }
    Some(File {
        body,
        comments: comments(&tokens, text),
    })
}

/// [`parse`] of a text whose bytes at `invalid_utf8` stand in for invalid UTF-8 (see
/// [`crate::parse_bytes`]): each is reported as illegal UTF-8, in scanning order, instead of as
/// what the stand-in is.
pub(crate) fn parse_with_invalid_utf8(text: String, invalid_utf8: &[u32]) -> Parse {
    let text = Arc::new(text);
    parse_tokens(TokenStream::new(&text), &text, invalid_utf8).0
}

/// [`parse`], also returning every token the parser read, in order (for
/// [`crate::has_tokens`]). Meaningful only when the parse has no errors.
pub fn parse_keeping_tokens(text: &str) -> (Parse, Tokens<'_>) {
    let source = Arc::new(text.to_owned());
    let mut tokens = TokenStream::new(&source);
    // About one token per four bytes in real configs.
    tokens.recorded = Some(Vec::with_capacity(text.len() / 4));
    let (parse, recorded) = parse_tokens(tokens, &source, &[]);
    (parse, Tokens::new(text, recorded))
}

fn parse_tokens<'a>(
    mut tokens: TokenStream<'a>,
    source: &'a Arc<String>,
    invalid_utf8: &[u32],
) -> (Parse, Vec<(Tok, Span)>) {
    let text = tokens.text;
    let mut state = ParseState::new(source);
    let cut_short = state.cut_short.clone();
    let until_cut = std::iter::from_fn(|| {
        let token = tokens.next();
        if token.is_none() && tokens.too_deep.is_some() {
            cut_short.set(true);
        }
        token
    });
    let result = grammar::FileParser::new().parse(&mut state, until_cut);
    let (body, fatal) = match result {
        Ok(body) if state.skipped.is_empty() => (body, Vec::new()),
        Ok(body) => {
            let body = crate::recovery::tree(source, body, &state.skipped, state.cut_short.get());
            (body, Vec::new())
        }
        Err(e) if tokens.too_deep.is_none() => {
            // The grammar could not recover (a stray closer reached the top level, where the
            // tables' merged lookaheads had let it in). The diagnostics come from parsing
            // statement by statement, as Alloy reports them; the tree from resynchronising
            // after each such closer, which keeps every statement read before it as it is.
            let (body, skipped) = resynchronised_body(source, e);
            state = ParseState::new(source);
            let fatal = statement_by_statement_errors(&mut state);
            (crate::recovery::tree(source, body, &skipped, false), fatal)
        }
        Err(e) => (Vec::new(), vec![e]),
    };
    let diagnostics = collect_diagnostics(text, &mut tokens, state, fatal, invalid_utf8);
    let parse = Parse {
        file: File {
            body,
            comments: comments(&tokens, source),
        },
        diagnostics,
    };
    (parse, tokens.recorded.take().unwrap_or_default())
}

/// The comments `tokens` set aside, as the tree holds them.
fn comments(tokens: &TokenStream, source: &Arc<String>) -> Vec<Comment> {
    let comment = |c: &Span| Comment {
        text: SourceStr::slice(source, c.range()),
    };
    tokens.comments.iter().map(comment).collect()
}

type Fatal = ParseError<usize, Tok, LexError>;

/// The strict parse of a file it stopped on (`fatal`, the first such error), as if it had
/// skipped the token it stopped at: the text before that token is parsed again on its own (the
/// same tokens, so the same statements, and the statement cut short there recovered), the
/// token is dropped, and parsing starts afresh after it, as often as it takes. Each part is
/// read once to fail and once more to its end: linear in the text. Returns the statements and
/// where errors were recovered from (the dropped tokens too), for [`crate::recovery::tree`].
fn resynchronised_body(source: &Arc<String>, mut fatal: Fatal) -> (Vec<Stmt>, Vec<Recovered>) {
    let text = source.as_str();
    let mut body = Vec::new();
    let mut skipped = Vec::new();
    let mut start = 0;
    loop {
        let (stop, resume) = match fatal {
            ParseError::UnrecognizedToken {
                token: (l, _, r), ..
            }
            | ParseError::ExtraToken { token: (l, _, r) } => (l, r),
            // Never seen (the top level takes anything at the end of the input), but then the
            // text up to the end is all there is.
            _ => (text.len(), text.len()),
        };
        let mut state = ParseState::new(source);
        if let Ok(stmts) =
            grammar::FileParser::new().parse(&mut state, TokenStream::range(text, start, stop))
        {
            body.extend(stmts);
        }
        skipped.append(&mut state.skipped);
        skipped.push(Recovered {
            start: stop,
            end: resume,
        });
        if resume <= start || resume >= text.len() {
            return (body, skipped);
        }
        start = resume;
        let mut state = ParseState::new(source);
        let rest = TokenStream::range(text, start, text.len());
        match grammar::FileParser::new().parse(&mut state, rest) {
            Ok(stmts) => {
                body.extend(stmts);
                skipped.append(&mut state.skipped);
                return (body, skipped);
            }
            Err(e) => fatal = e,
        }
    }
}

/// The diagnostics of a file the strict grammar stopped on: the token stream is split into
/// top-level statements (ending at a newline terminator outside every bracket), each parsed on
/// its own; the errors go to `state`, and those a statement stopped on are returned.
fn statement_by_statement_errors(state: &mut ParseState) -> Vec<Fatal> {
    let text = state.text;
    let all = tokens_with_depth(text);
    let mut fatal = Vec::new();
    let mut start = 0;
    for (i, ((_, tok, _), depth)) in all.iter().enumerate() {
        if (*tok == Tok::Terminator && *depth == 0) || i + 1 == all.len() {
            let statement = all[start..=i].iter().map(|(t, _)| Ok::<_, LexError>(*t));
            let errors_before = state.recovered.len();
            if let Err(e) = grammar::FileParser::new().parse(state, statement) {
                {
                    let error_at = match state.recovered.get(errors_before) {
                        Some(first) => error_offset(text, &first.error),
                        None => error_offset(text, &e),
                    };
                    // After a recovered error, failing later in the same statement is a
                    // consequence of the first mistake, not a new one.
                    if state.recovered.len() == errors_before {
                        fatal.push(e);
                    }
                    state.add_read_up_to(all[start].0 .0, error_at, true);
                }
            }
            start = i + 1;
        }
    }
    fatal
}

/// Parses one expression, as Alloy's `parser.ParseExpression` does: the expression must be
/// followed by the end of input or a newline.
pub fn parse_expression(text: &str) -> Result<Expr, Vec<Diagnostic>> {
    let source = Arc::new(text.to_owned());
    let mut tokens = TokenStream::new(&source);
    let mut state = ParseState::new(&source);
    // The expression ends at a newline outside its brackets: one inside (a block written as a
    // value, `f(0 {a = 1\n...})`) is read on, as Go's parser reads it.
    let mut seen_terminator = false;
    let mut depth = 0usize;
    let mut upto_terminator = std::iter::from_fn(|| {
        if seen_terminator {
            return None;
        }
        let t = tokens.next()?;
        match t {
            Ok((_, Tok::LParen | Tok::LBrack | Tok::LCurly, _)) => depth += 1,
            Ok((_, Tok::RParen | Tok::RBrack | Tok::RCurly, _)) => depth = depth.saturating_sub(1),
            Ok((_, Tok::Terminator, _)) if depth == 0 => seen_terminator = true,
            _ => {}
        }
        Some(t)
    });
    let result = grammar::ExprEntryParser::new().parse(&mut state, &mut upto_terminator);
    let (expr, fatal) = match result {
        Ok(e) => (Some(e), Vec::new()),
        Err(e) => {
            state.add_read_up_to(0, error_offset(text, &e), false);
            (None, vec![e])
        }
    };
    if seen_terminator {
        // Go's parser moves past the newline, so it scans one more token: the scanner's
        // mistakes in it count (`1\n'a'` is rejected).
        tokens.scan_next_token_only();
    }
    let diagnostics = collect_diagnostics(text, &mut tokens, state, fatal, &[]);
    match expr {
        Some(e) if diagnostics.is_empty() => Ok(e),
        _ => Err(diagnostics),
    }
}

fn collect_diagnostics<'a>(
    text: &'a str,
    tokens: &mut TokenStream<'a>,
    state: ParseState<'a>,
    fatal: Vec<Fatal>,
    invalid_utf8: &[u32],
) -> Vec<Diagnostic> {
    // Sorted by when Go's scanner or parser finds each mistake ([`Found`]).
    let mut found: Vec<(Found, Diagnostic)> = Vec::new();
    let mut lexical_offsets: Vec<usize> = Vec::new();
    for e in tokens.take_errors() {
        lexical_offsets.push(e.offset);
        // A stand-in's own error (an illegal `?`) is replaced by the UTF-8 one below.
        if invalid_utf8.binary_search(&(e.offset as u32)).is_ok() {
            continue;
        }
        let end = next_char_end(text, e.offset);
        let stage = if e.on_read { Stage::Read } else { Stage::Scan };
        found.push(((e.found_at, stage), lexical_diagnostic(&e, end)));
    }
    for &offset in invalid_utf8 {
        lexical_offsets.push(offset as usize);
        let d = SYNTAX_ERROR
            .diagnostic("illegal UTF-8 encoding")
            .with_primary(Span::new(offset, offset + 1), "not valid UTF-8")
            .with_help("save the file as UTF-8");
        found.push(((offset as usize, Stage::Read), d));
    }
    let too_deep = tokens.too_deep;
    // Parser errors: like Alloy, report at most one per line. Syntax errors (`true` below) end
    // the statement they are in; label errors do not.
    // (offset, ends its statement, about a token the lexer already reported, diagnostic)
    let mut parse_errors: Vec<(usize, bool, bool, Diagnostic)> = Vec::new();
    for e in state.recovered.into_iter().map(|r| r.error).chain(fatal) {
        let at_illegal = matches!(
            e,
            ParseError::UnrecognizedToken {
                token: (_, Tok::Illegal, _),
                ..
            }
        );
        let (offset, d) = parse_error_diagnostic(text, e);
        parse_errors.push((offset, true, at_illegal, d));
    }
    parse_errors.extend(
        state
            .label_errors
            .into_iter()
            .map(|(offset, d)| (offset, false, false, d)),
    );
    parse_errors.sort_by_key(|(offset, _, _, _)| *offset);
    let statement_ends = (parse_errors.len() > 1).then(|| StatementEnds::new(text));
    let mut broken_statement_end = 0;
    let index = if parse_errors.is_empty() {
        None
    } else {
        Some(LineIndex::new(text))
    };
    let mut last_line = None;
    for (offset, ends_statement, at_illegal, d) in parse_errors {
        if let Some(deep) = too_deep {
            if offset >= deep {
                continue; // an artefact of cutting the input short
            }
        }
        // The rest of a broken statement (a stray `]` after a missing comma...) and a token
        // the lexer already reported are not new mistakes.
        if offset < broken_statement_end {
            continue;
        }
        if ends_statement {
            if let Some(ends) = &statement_ends {
                broken_statement_end = ends.end_of_statement_at(offset);
            }
        }
        // (Not a newline inserted before a comment the lexer reported: Go reports both.)
        if at_illegal && lexical_offsets.contains(&offset) {
            continue;
        }
        let line = index.as_ref().map(|i| i.line_of(offset as u32));
        if last_line.is_some() && last_line == line {
            continue;
        }
        last_line = line;
        // Go's parser reports a mistake while the token it is about is the current one: the
        // scanner has read the character after that token.
        let at = d.primary_span().map_or(offset, |s| s.end as usize);
        // A mistake about the end of input is found once that is the current token, after
        // everything found while the last token was ([`crate::lexer::scanned_after`]).
        let about_end = at == text.len() && d.primary_span().is_none_or(|s| s.is_empty());
        let at = if about_end { at + 1 } else { at };
        found.push(((at, Stage::Parse), d));
    }
    for (at, d) in state.direct {
        if too_deep.is_none_or(|deep| at < deep) {
            found.push(((at, Stage::Direct), d));
        }
    }
    if let Some(offset) = too_deep {
        let d = NESTING_TOO_DEEP
            .diagnostic(format!(
                "expression or block nested more than {MAX_NESTING} levels deep"
            ))
            .with_primary(Span::at(offset as u32), "nesting limit reached here")
            .with_help("split the expression into smaller parts");
        found.push(((offset, Stage::Nesting), d));
    }
    found.sort_by_key(|(when, _)| *when);
    found.into_iter().map(|(_, d)| d).collect()
}

/// When Go finds a mistake: the offset of the character its scanner has just read (it reads
/// one ahead), then the stage, for mistakes found while the same character is current.
type Found = (usize, Stage);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    /// On reading the character: a NUL, a byte order mark, invalid UTF-8.
    Read,
    /// While scanning a token.
    Scan,
    /// Added directly by Go's parser ([`ParseState::direct`]).
    Direct,
    /// The parser, about its current token.
    Parse,
    Nesting,
}

/// Every token of `text` with the bracket depth before it: the statement structure that both
/// recovery helpers (statement-by-statement parsing, cascade suppression) walk. Built only for
/// files with errors.
fn tokens_with_depth(text: &str) -> Vec<((usize, Tok, usize), usize)> {
    let mut depth = 0usize;
    TokenStream::new(text)
        .flatten()
        .map(|token| {
            let before = depth;
            match token.1 {
                Tok::LCurly | Tok::LBrack | Tok::LParen => depth += 1,
                Tok::RCurly | Tok::RBrack | Tok::RParen => depth = depth.saturating_sub(1),
                _ => {}
            }
            (token, before)
        })
        .collect()
}

/// Where the statement around an error ends (the same rule as Alloy's `consumeStatement`: the
/// next newline terminator outside the brackets the statement opened). Built only when a file
/// has several syntax errors.
struct StatementEnds {
    tokens: Vec<((usize, Tok, usize), usize)>,
}

impl StatementEnds {
    fn new(text: &str) -> Self {
        StatementEnds {
            tokens: tokens_with_depth(text),
        }
    }

    /// Offset where the statement containing `offset` ends.
    fn end_of_statement_at(&self, offset: usize) -> usize {
        let at = self
            .tokens
            .partition_point(|((start, _, _), _)| *start < offset);
        // Walk back to the statement's start: a terminator or `{` outside every bracket
        // between it and the error.
        let mut min_depth = self.tokens.get(at).map(|t| t.1).unwrap_or(0);
        let mut start_depth = 0;
        for &((_, kind, _), depth) in self.tokens[..at].iter().rev() {
            if kind == Tok::Terminator && depth <= min_depth {
                start_depth = depth;
                break;
            }
            if kind == Tok::LCurly && depth < min_depth {
                start_depth = depth + 1;
                break;
            }
            min_depth = min_depth.min(depth);
        }
        // Forward to the first terminator back at (or closer leaving) that depth.
        for &((start, kind, _), depth) in &self.tokens[at..] {
            if (kind == Tok::Terminator && depth <= start_depth) || depth < start_depth {
                return start;
            }
        }
        usize::MAX
    }
}

fn next_char_end(text: &str, offset: usize) -> usize {
    text.get(offset..)
        .and_then(|s| s.chars().next())
        .map(|c| offset + c.len_utf8())
        .unwrap_or(offset)
}

fn lexical_diagnostic(e: &LexError, end: usize) -> Diagnostic {
    let span = Span::new(e.offset as u32, end as u32);
    let help = if e.message.contains("';'") {
        Some("Alloy statements end at a newline; remove the `;`")
    } else if e.message.contains("':'") {
        Some("Alloy assigns with `=`: write `name = value` (object fields too: `{ key = value }`)")
    } else if e.message.contains("'#'") {
        Some("comments in Alloy start with `//` or are written `/* ... */`")
    } else if e.message.contains("not terminated") && e.message.starts_with("string") {
        Some("close the string with a matching quote on the same line, or use a backtick string for multi-line text")
    } else if e.message.contains("escape sequence") {
        Some(crate::strings::ESCAPES_HELP)
    } else {
        None
    };
    let d = SYNTAX_ERROR
        .diagnostic(e.message.as_str())
        .with_primary(span, "");
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

/// Where a parser error is reported.
fn error_offset(text: &str, e: &ParseError<usize, Tok, LexError>) -> usize {
    match e {
        ParseError::UnrecognizedToken {
            token: (l, _, _), ..
        }
        | ParseError::ExtraToken { token: (l, _, _) } => *l,
        ParseError::InvalidToken { location } => *location,
        ParseError::UnrecognizedEof { .. } => text.len(),
        ParseError::User { error } => error.offset,
    }
}

/// Turns a parser error into a diagnostic with Alloy's wording ("expected X, got Y").
fn parse_error_diagnostic(text: &str, e: ParseError<usize, Tok, LexError>) -> (usize, Diagnostic) {
    let offset = error_offset(text, &e);
    let d = match e {
        ParseError::UnrecognizedToken {
            token: (l, tok, r),
            expected,
        } => {
            let expected = describe_expected(&expected);
            let got = tok.describe(&text[l..r]);
            let r = if r == l { next_char_end(text, l) } else { r };
            let (msg, label) = if expected.is_empty() {
                (format!("unexpected {got}"), "not expected here".to_string())
            } else {
                (
                    format!("expected {expected}, got {got}"),
                    format!("expected {expected}"),
                )
            };
            let mut d = SYNTAX_ERROR.diagnostic(msg).with_primary(span(l, r), label);
            if let Some(h) = hint(&expected, &tok) {
                d = d.with_help(h);
            }
            d
        }
        ParseError::UnrecognizedEof { expected, .. } => {
            // Alloy reports the end of the input, not the end of the last token.
            let location = text.len();
            let expected = match describe_expected(&expected) {
                e if e.is_empty() => "more input".to_string(),
                e => e,
            };
            SYNTAX_ERROR.diagnostic(format!("expected {expected}, got end of file"))
                .with_primary(span(location, location), format!("expected {expected}"))
                .with_help("the file ends in the middle of a statement: check for an unclosed `{`, `[`, `(` or string")
        }
        ParseError::ExtraToken { token: (l, tok, r) } => SYNTAX_ERROR
            .diagnostic(format!("unexpected {}", tok.describe(&text[l..r])))
            .with_primary(span(l, r), ""),
        ParseError::InvalidToken { location } => SYNTAX_ERROR
            .diagnostic("invalid token")
            .with_primary(span(location, next_char_end(text, location)), ""),
        ParseError::User { error } => {
            let end = next_char_end(text, error.offset);
            lexical_diagnostic(&error, end)
        }
    };
    (offset, d)
}

fn describe_expected(expected: &[String]) -> String {
    // After a value, a string or `{` is accepted only to report a block used as a value
    // (`x = a { ... }`): not something to suggest.
    let after_value = expected.iter().any(|e| e == "\"+\"");
    let without_block: Vec<String>;
    let expected = if after_value {
        without_block = expected
            .iter()
            .filter(|e| !matches!(e.as_str(), "STRING" | "RAW_STRING" | "\"{\""))
            .cloned()
            .collect();
        &without_block[..]
    } else {
        expected
    };
    const EXPR_START: [&str; 7] = [
        "NUMBER", "STRING", "\"(\"", "\"[\"", "\"true\"", "\"null\"", "\"!\"",
    ];
    let is_expr = EXPR_START.iter().all(|t| expected.iter().any(|e| e == t));
    let mut names: Vec<String> = Vec::new();
    if is_expr {
        names.push("expression".into());
    }
    for e in expected {
        let name = match e.as_str() {
            "IDENT" => "identifier".to_string(),
            "TERMINATOR" => "newline".to_string(),
            "NUMBER" | "FLOAT" | "STRING" | "RAW_STRING" | "\"true\"" | "\"false\""
            | "\"null\"" | "\"(\"" | "\"[\"" | "\"!\"" | "\"-\"" | "\"{\""
                if is_expr =>
            {
                continue
            }
            "NUMBER" | "FLOAT" => "number".into(),
            "STRING" | "RAW_STRING" => "string".into(),
            "ILLEGAL" => continue,
            other => format!("`{}`", other.trim_matches('"')),
        };
        if is_expr && name == "identifier" {
            continue;
        }
        if !names.contains(&name) {
            names.push(name);
        }
    }
    // Binary operators that could continue an expression are noise in "expected" lists.
    const OPERATORS: [&str; 16] = [
        "`||`", "`&&`", "`==`", "`!=`", "`<`", "`<=`", "`>`", "`>=`", "`+`", "`-`", "`*`", "`/`",
        "`%`", "`^`", "`.`", "`(`",
    ];
    if names.len() > 4 {
        let reduced: Vec<String> = names
            .iter()
            .filter(|n| !OPERATORS.contains(&n.as_str()))
            .cloned()
            .collect();
        if !reduced.is_empty() {
            names = reduced;
        }
        if names.iter().any(|n| n == "`[`") && !is_expr {
            names.retain(|n| n != "`[`");
        }
    }
    match names.len() {
        0 => String::new(),
        1 => names.remove(0),
        _ => {
            let last = names.pop().unwrap_or_default();
            format!("{} or {last}", names.join(", "))
        }
    }
}

fn hint(expected: &str, got: &Tok) -> Option<&'static str> {
    match got {
        Tok::Terminator if expected.contains("`,`") => {
            Some("add a `,` after the last element: when the closing bracket is on its own line, Alloy needs a trailing comma")
        }
        Tok::Terminator if expected.contains("`=`") || expected.contains("`{`") => {
            Some("an attribute is written `name = value`, a block `name \"label\" { ... }`")
        }
        Tok::Ident | Tok::String | Tok::Number if expected.contains("newline") => {
            Some("put each statement on its own line (or separate list elements with `,`)")
        }
        Tok::Dot if expected.contains("`=`") => Some("attribute names are a single identifier; dotted names are only for blocks"),
        Tok::LCurly if !expected.contains("`{`") => {
            Some("a block cannot be used as a value: define it as its own statement and reference its exports")
        }
        _ => None,
    }
}
