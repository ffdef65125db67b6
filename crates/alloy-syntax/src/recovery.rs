//! The tree of a broken statement. The strict grammar reports the error and skips the
//! statement; its text is then parsed again with the grammar's `"recover"` instance (error
//! productions inside statements, each skipping what follows up to the separator or closer
//! that ends its construct, bracketed groups whole), from a token stream repaired on the way:
//!
//! - a closer the text lacks is inserted, with an empty span, where the indentation shows the
//!   construct ended (a line no deeper than the opener's line that starts a statement:
//!   `name =`, `name.`, `name "label"`, `name {`), before a closer of an enclosing bracket, or at
//!   the end of the broken text;
//! - a stray closer is dropped, and so is a `,` between statements or in parentheses or an
//!   index;
//! - after an unfinished expression (`a.`, `a +`, `x =`), Alloy reads on across the newline;
//!   here a line that starts with `name =` starts the next list item or statement, and so
//!   does a line that starts like a statement (`name =`, `name.`, `name "label"`, `name {`)
//!   no deeper than the statement began;
//! - a line that starts with `name =` where the text has a block body open (the innermost
//!   bracket, closers closing the innermost whatever their kind, is a `{` after a name or
//!   label), or none, starts a statement: the lists open since are closed first;
//! - a block's `{` comes at the start of a statement, after its name and label: where what
//!   precedes it in the statement is something else (`x = a {`, `a b {`, `[a {`), the lists
//!   open are closed and the statement ended before it, and the block is one without a name;
//! - a statement ends at its block's `}`: what follows on the line starts another;
//! - a newline inside a list (array, object, call arguments) reads as the `,` it lacks, and one
//!   inside parentheses or an index is ignored.
//!
//! So every attribute name the text shows (first on its line, before `=`, in a block body)
//! starts a statement of the repaired stream, and no error inside a statement can reach past
//! the separator or closer that ends it.
//!
//! Nothing here produces a diagnostic: the strict parse already reported the mistake.

use crate::ast::Stmt;
use crate::lexer::{LexError, Tok, TokenStream};
use crate::parser::{grammar, ParseState};
use std::collections::VecDeque;
use std::sync::Arc;

/// Where the strict parse recovered from an error: the text its error production skipped,
/// from the start of the statement it broke (or the token the grammar stopped on).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Recovered {
    pub start: usize,
    pub end: usize,
}

/// The tree of a file with syntax errors, from the strict parse's top-level statements
/// (`strict`) and the places it recovered from errors (`errors`: the error productions, and
/// the tokens the grammar stopped on).
///
/// A top-level statement the strict parse read without an error is kept as it is. From the
/// start of each other one, the text is read again by recovery, as one run, up to the first
/// place where a top-level statement starts (the repaired brackets all closed) after every
/// statement and error of the strict parse begun before it has ended. So a broken statement
/// takes what its brackets hold, as Alloy's parser skips a statement, whatever the strict
/// grammar's recovery took for its end. Every decision is made reading forward.
pub(crate) fn tree(
    source: &Arc<String>,
    strict: Vec<Stmt>,
    errors: &[Recovered],
    cut_short: bool,
) -> Vec<Stmt> {
    let text = source.as_str();
    let mut errors = errors.to_vec();
    errors.sort_unstable();
    let errors = &errors[..];
    // What the strict parse read, in order: (start, end, statement or error).
    let mut items: Vec<(usize, usize, Option<Stmt>)> = strict
        .into_iter()
        .map(|s| (s.span().start as usize, s.span().end as usize, Some(s)))
        .chain(errors.iter().map(|e| (e.start, e.end, None)))
        .collect();
    items.sort_by_key(|item| item.0);
    let bounds: Vec<(usize, usize)> = items.iter().map(|item| (item.0, item.1)).collect();
    let is_clean = |start: usize, end: usize| {
        // An error inside the statement: it starts before the statement ends and ends after
        // it starts (an error that skipped nothing counts as one byte).
        let first = errors.partition_point(|e| e.start < start);
        errors[..first]
            .iter()
            .all(|e| e.end.max(e.start + 1) <= start)
            && errors[first..].first().is_none_or(|e| e.start >= end)
    };

    let mut body = Vec::new();
    let mut covered = 0;
    for (i, (start, end, stmt)) in items.into_iter().enumerate() {
        if start < covered {
            continue;
        }
        match stmt {
            Some(stmt) if is_clean(start, end) => body.push(stmt),
            _ => {
                let mut tokens = Repair::new(text, start, text.len(), cut_short, &bounds[i..]);
                let mut state = ParseState::new(source);
                if let Ok(stmts) = grammar::RecoveringParser::new().parse(&mut state, &mut tokens) {
                    body.extend(stmts);
                }
                covered = tokens.stopped_at.unwrap_or(text.len());
            }
        }
    }
    body
}

impl<'a, 'b> Repair<'a, 'b> {
    /// The repaired tokens of `text[start..end]` (`start` begins a statement). `bounds`: the
    /// strict parse's statements and errors from the one at `start` on; when given, the run
    /// stops where a top-level statement starts after each of them begun has ended.
    fn new(
        text: &'a str,
        start: usize,
        end: usize,
        cut_short: bool,
        bounds: &'b [(usize, usize)],
    ) -> Self {
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_indent = text[line_start..start]
            .find(|c| c != ' ' && c != '\t')
            .unwrap_or(start - line_start);
        Repair {
            text,
            tokens: TokenStream::range(text, start, end),
            peeked: None,
            open: Vec::new(),
            lexical: Vec::new(),
            text_brackets: Vec::new(),
            previous_read: None,
            header: Header::Empty,
            after_block: false,
            out: VecDeque::new(),
            previous: None,
            last_end: start,
            last_start: start,
            line_start,
            content_end: start,
            line_indent,
            statement_indent: line_indent,
            cut_short,
            finished: false,
            required_end: bounds.first().map_or(usize::MAX, |b| b.1),
            bounds: bounds.get(1..).unwrap_or_default(),
            stopped_at: None,
        }
    }

    /// Whether a run with bounds may stop before a top-level statement starting at `start`:
    /// every statement or error of the strict parse begun before it has ended.
    fn may_stop_at(&mut self, start: usize) -> bool {
        while let Some((&(b_start, b_end), rest)) = self.bounds.split_first() {
            if b_start >= start {
                break;
            }
            self.required_end = self.required_end.max(b_end);
            self.bounds = rest;
        }
        start >= self.required_end
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bracket {
    Block,
    Object,
    Array,
    Call,
    Paren,
    Index,
}

impl Bracket {
    fn closer(self) -> Tok {
        match self {
            Bracket::Block | Bracket::Object => Tok::RCurly,
            Bracket::Array | Bracket::Index => Tok::RBrack,
            Bracket::Call | Bracket::Paren => Tok::RParen,
        }
    }

    /// What separates two items inside: a newline ends a statement in a block body (or at top
    /// level), a list needs `,`, parentheses and an index hold one expression.
    fn separator(bracket: Option<Bracket>) -> Option<Tok> {
        match bracket {
            None | Some(Bracket::Block) => Some(Tok::Terminator),
            Some(Bracket::Object | Bracket::Array | Bracket::Call) => Some(Tok::Comma),
            Some(Bracket::Paren | Bracket::Index) => None,
        }
    }
}

struct Open {
    bracket: Bracket,
    /// Its place among the text's brackets ([`Repair::text_brackets`]).
    text_index: usize,
    /// Indentation of the line the opener is on.
    line_indent: usize,
    /// Where that line starts.
    line_start: usize,
    /// Indentation of the first line after the opener's that has a token, once seen.
    content_indent: Option<usize>,
    /// A token follows the opener on its own line.
    content_on_opener_line: bool,
}

impl Open {
    /// Whether a line indented `indent` that starts a statement shows this bracket was left
    /// open. Only when the file indents this bracket's content deeper than the opener's line
    /// (or the content began on that line): an unindented file says nothing.
    fn ended_by(&self, indent: usize) -> bool {
        indent <= self.line_indent
            && match self.content_indent {
                Some(content) => content > self.line_indent,
                None => self.content_on_opener_line,
            }
    }
}

type Token<'a> = (usize, Tok, usize);

/// What the statement being read at body level (in a block body or at top level) has been so
/// far: whether a block's `{` may follow (`name`, `name.name`, `name "label"`, or nothing: a
/// block without a name).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Header {
    Empty,
    Name,
    Dot,
    Label,
    Other,
}

impl Header {
    fn then(self, tok: Tok) -> Header {
        match (self, tok) {
            (Header::Empty | Header::Dot, Tok::Ident) => Header::Name,
            (Header::Name, Tok::Dot) => Header::Dot,
            (Header::Name, Tok::String | Tok::RawString) => Header::Label,
            _ => Header::Other,
        }
    }

    fn may_open_block(self) -> bool {
        matches!(self, Header::Empty | Header::Name | Header::Label)
    }
}

struct Repair<'a, 'b> {
    text: &'a str,
    tokens: TokenStream<'a>,
    peeked: Option<Option<Token<'a>>>,
    open: Vec<Open>,
    /// The brackets as the text has them, closers closing the innermost whatever their kind:
    /// per bracket, whether it opens a block body (a `{` after a name or label).
    lexical: Vec<bool>,
    /// The text's open brackets (their openers), a closer closing the innermost of its kind and
    /// those opened inside it: which bracket a closer ends, whether or not the repair has
    /// closed it already.
    text_brackets: Vec<Tok>,
    /// The last token read from the text (terminators included).
    previous_read: Option<Tok>,
    /// The statement being read at body level, so far.
    header: Header,
    /// The last token handed out is a block's `}`.
    after_block: bool,
    /// Tokens ready to hand out.
    out: VecDeque<Token<'a>>,
    /// The last token handed out (inserted ones included).
    previous: Option<Tok>,
    /// End of the last token read from the text, and of the last one that is not a
    /// terminator (where an inserted closer goes).
    last_end: usize,
    content_end: usize,
    /// Start of the last token read from the text, and of its line.
    last_start: usize,
    line_start: usize,
    /// Indentation of the current line's first token, and of the line where the current
    /// statement (in a block body or at top level) started.
    line_indent: usize,
    statement_indent: usize,
    cut_short: bool,
    finished: bool,
    /// Of a run with bounds: the strict parse's statements and errors not yet begun, the end
    /// of those begun, and where the run stopped.
    bounds: &'b [(usize, usize)],
    required_end: usize,
    stopped_at: Option<usize>,
}

impl<'a> Repair<'a, '_> {
    fn read(&mut self) -> Option<Token<'a>> {
        match self.peeked.take() {
            Some(token) => token,
            // Lexical errors are the strict parse's to report; here they are just tokens.
            None => self
                .tokens
                .next()
                .map(|t| t.unwrap_or((0, Tok::Illegal, 0))),
        }
    }

    fn peek(&mut self) -> Option<Tok> {
        if self.peeked.is_none() {
            self.peeked = Some(
                self.tokens
                    .next()
                    .map(|t| t.unwrap_or((0, Tok::Illegal, 0))),
            );
        }
        self.peeked.flatten().map(|t| t.1)
    }

    /// Whether the innermost open bracket is a block's (or none is open).
    fn at_body_level(&self) -> bool {
        matches!(
            self.open.last().map(|o| o.bracket),
            None | Some(Bracket::Block)
        )
    }

    /// Whether the last token handed out ends a statement or starts a body: a statement may
    /// start here.
    fn at_statement_start(&self) -> bool {
        matches!(self.previous, None | Some(Tok::Terminator | Tok::LCurly)) && self.at_body_level()
    }

    /// Hands out `token`. Openers are pushed and closers popped before: at body level means
    /// outside the bracket for a closer, inside it for an opener.
    fn emit(&mut self, token: Token<'a>) {
        if self.at_statement_start() && token.1 != Tok::Terminator {
            self.statement_indent = self.line_indent;
        }
        let body_level = self.at_body_level();
        self.after_block = false;
        self.header = match token.1 {
            Tok::Terminator => Header::Empty,
            Tok::LCurly if body_level => Header::Empty,
            Tok::RCurly if body_level => {
                self.after_block = true;
                Header::Other
            }
            tok if body_level => self.header.then(tok),
            _ => Header::Other,
        };
        self.previous = Some(token.1);
        self.out.push_back(token);
    }

    /// Whether a `{` here opens a block: after a name or label, or where a statement starts.
    fn names_block(&self) -> bool {
        match self.previous {
            Some(Tok::Ident | Tok::String | Tok::RawString) => true,
            None | Some(Tok::Terminator) => true,
            Some(Tok::LCurly) => self.open.last().map(|o| o.bracket) == Some(Bracket::Block),
            _ => false,
        }
    }

    /// Ends the statement being read at body level, if it has begun: the lists open in it are
    /// closed and a separator follows.
    fn end_statement(&mut self) {
        while !self.at_body_level() {
            self.close_innermost();
        }
        if !self.at_statement_start() {
            let at = self.content_end;
            self.emit((at, Tok::Terminator, at));
        }
    }

    /// Closes the innermost open bracket with an inserted, empty closer.
    fn close_innermost(&mut self) {
        if let Some(open) = self.open.pop() {
            let at = self.content_end;
            self.emit((at, open.bracket.closer(), at));
        }
    }

    /// Reads one token of the text and queues it, repaired, with whatever it implies.
    fn fill(&mut self) {
        let Some(token) = self.read() else {
            if self.cut_short || self.tokens.too_deep.is_some() {
                // What the nesting limit cut off is an error, not the end of the value.
                let at = self.content_end;
                self.emit((at, Tok::Illegal, at));
            }
            while !self.open.is_empty() {
                self.close_innermost();
            }
            self.finished = true;
            return;
        };
        let (start, tok, end) = token;
        // The line starts after the last newline since the previous token began (a raw
        // string or a comment may hold several).
        if let Some(i) = self.text[self.last_start..start].rfind('\n') {
            self.line_start = self.last_start + i + 1;
        }
        self.last_start = start;
        let line_start = self.line_start;
        let first_on_line = self.last_end <= line_start && tok != Tok::Terminator;
        let in_lexical_body = self.lexical.last().copied().unwrap_or(true);
        self.read_lexically(tok);
        if first_on_line {
            self.line_indent = start - line_start;
            self.close_ended_brackets(tok);
            if in_lexical_body && matches!(tok, Tok::Ident) && self.peek() == Some(Tok::Assign) {
                // An attribute the text shows: it starts a statement.
                self.end_statement();
            }
        }
        let closer = matches!(tok, Tok::RCurly | Tok::RBrack | Tok::RParen);
        if self.after_block && !closer && tok != Tok::Terminator {
            self.end_statement();
        }
        if tok == Tok::LCurly && self.names_block() && !self.header.may_open_block() {
            // `x = a {`, `a b {`, `[a {`: the block starts a statement of its own, and what
            // came before it is broken (as Alloy reads a block where a value is due).
            while !self.at_body_level() {
                self.close_innermost();
            }
            let at = self.content_end;
            self.emit((at, Tok::Illegal, at));
            self.end_statement();
        }
        let starts_top_level_statement = !closer
            && !matches!(tok, Tok::Terminator | Tok::Comma)
            && self.open.is_empty()
            && self.at_statement_start();
        if starts_top_level_statement && self.may_stop_at(start) {
            self.stopped_at = Some(start);
            self.finished = true;
            return;
        }
        self.last_end = end;
        if tok != Tok::Terminator {
            self.content_end = end;
        }
        match tok {
            Tok::Terminator => {
                if let Some(sep) = Bracket::separator(self.open.last().map(|o| o.bracket)) {
                    self.emit((start, sep, end));
                }
            }
            Tok::LCurly | Tok::LBrack | Tok::LParen => {
                // `f(`, `a[`: a newline after the operand would have ended a statement.
                let follows_operand = self.previous.is_some_and(|t| t.ends_statement());
                let bracket = match tok {
                    Tok::LCurly if self.names_block() => Bracket::Block,
                    Tok::LCurly => Bracket::Object,
                    Tok::LBrack if follows_operand => Bracket::Index,
                    Tok::LBrack => Bracket::Array,
                    _ if follows_operand => Bracket::Call,
                    _ => Bracket::Paren,
                };
                self.text_brackets.push(tok);
                self.open.push(Open {
                    bracket,
                    text_index: self.text_brackets.len() - 1,
                    line_indent: self.line_indent,
                    line_start,
                    content_indent: None,
                    content_on_opener_line: false,
                });
                self.emit(token);
            }
            Tok::RCurly | Tok::RBrack | Tok::RParen => {
                let opener = match tok {
                    Tok::RCurly => Tok::LCurly,
                    Tok::RBrack => Tok::LBrack,
                    _ => Tok::LParen,
                };
                // It closes the text's innermost open bracket of its kind, and those opened
                // inside it; a closer nothing opened is dropped.
                if let Some(k) = self.text_brackets.iter().rposition(|&o| o == opener) {
                    self.text_brackets.truncate(k);
                    while self.open.last().is_some_and(|o| o.text_index > k) {
                        self.close_innermost();
                    }
                    if self.open.last().is_some_and(|o| o.text_index == k) {
                        self.open.pop();
                        self.emit(token);
                        self.note_content(line_start);
                    }
                    // Else the repair closed that bracket already (where the indentation
                    // showed, or before a block): its closer is dropped.
                }
            }
            Tok::Comma
                if Bracket::separator(self.open.last().map(|o| o.bracket)) != Some(Tok::Comma) =>
            {
                // Nothing separates statements but a newline, and parentheses or an index hold
                // one expression.
                self.note_content(line_start);
            }
            _ => {
                self.note_content(line_start);
                self.emit(token);
            }
        }
    }

    /// Follows the text's brackets as the lexical rule above reads them.
    fn read_lexically(&mut self, tok: Tok) {
        match tok {
            Tok::LCurly | Tok::LBrack | Tok::LParen => {
                let after_header = matches!(
                    self.previous_read,
                    Some(Tok::Ident | Tok::String | Tok::RawString)
                );
                self.lexical.push(tok == Tok::LCurly && after_header);
            }
            Tok::RCurly | Tok::RBrack | Tok::RParen => {
                self.lexical.pop();
            }
            _ => {}
        }
        self.previous_read = Some(tok);
    }

    /// Records that the innermost open bracket has content on the line starting at
    /// `line_start`.
    fn note_content(&mut self, line_start: usize) {
        let indent = self.line_indent;
        if let Some(open) = self.open.last_mut() {
            if line_start == open.line_start {
                open.content_on_opener_line = true;
            } else if open.content_indent.is_none() {
                open.content_indent = Some(indent);
            }
        }
    }

    /// At the first token of a line: closes the brackets this line shows were left open, and
    /// separates what they were in from what the line starts.
    fn close_ended_brackets(&mut self, first: Tok) {
        let in_body = matches!(
            self.open.last().map(|o| o.bracket),
            None | Some(Bracket::Block)
        );
        // A `{` that starts a line in a body opens a block whose name is missing.
        let starts_statement = (matches!(first, Tok::Ident)
            && matches!(
                self.peek(),
                Some(Tok::Assign | Tok::Dot | Tok::String | Tok::RawString | Tok::LCurly)
            ))
            || (first == Tok::LCurly && in_body);
        if !starts_statement {
            return;
        }
        let mut closed = false;
        while self
            .open
            .last()
            .is_some_and(|o| o.ended_by(self.line_indent))
        {
            self.close_innermost();
            closed = true;
        }
        // `=` cannot continue an expression, so `name =` after one left unfinished starts
        // the next item.
        let after_unfinished = if in_body {
            // Nothing but a newline or a block's `{` comes between two statements.
            !matches!(self.previous, None | Some(Tok::Terminator | Tok::LCurly))
                && (self.peek() == Some(Tok::Assign) || self.line_indent <= self.statement_indent)
        } else {
            !matches!(
                self.previous,
                None | Some(Tok::Terminator | Tok::Comma | Tok::LCurly | Tok::LBrack | Tok::LParen)
            ) && !self.previous.is_some_and(|t| t.ends_statement())
                && self.peek() == Some(Tok::Assign)
        };
        if closed || after_unfinished {
            if let Some(sep) = Bracket::separator(self.open.last().map(|o| o.bracket)) {
                let at = self.content_end;
                self.emit((at, sep, at));
            }
        }
    }
}

impl<'a> Iterator for Repair<'a, '_> {
    type Item = Result<Token<'a>, LexError>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.out.is_empty() && !self.finished {
            self.fill();
        }
        self.out.pop_front().map(Ok)
    }
}
