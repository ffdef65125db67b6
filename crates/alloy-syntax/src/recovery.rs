//! The tree of a broken statement. The strict grammar reports the error and skips the
//! statement; its text is then parsed again with the grammar's `"recover"` instance (error
//! productions inside statements), from a token stream repaired on the way:
//!
//! - a closer the text lacks is inserted, with an empty span, where the indentation shows the
//!   construct ended (a line no deeper than the opener's line that starts a statement:
//!   `name =`, `name.`, `name "label"`, `name {`), before a closer of an enclosing bracket, or at
//!   the end of the broken text;
//! - a stray closer is dropped;
//! - after an unfinished expression (`a.`, `a +`, `x =`), Alloy reads on across the newline;
//!   here a line that starts with `name =` starts the next list item or statement, and so
//!   does a line that starts like a statement (`name =`, `name.`, `name "label"`, `name {`)
//!   no deeper than the statement began;
//! - a newline inside a list (array, object, call arguments) reads as the `,` it lacks, and one
//!   inside parentheses or an index is ignored.
//!
//! Nothing here produces a diagnostic: the strict parse already reported the mistake.

use crate::ast::Stmt;
use crate::lexer::{LexError, Tok, TokenStream};
use crate::parser::{grammar, ParseState};
use alloy_diagnostics::Diagnostic;
use std::collections::VecDeque;
use std::sync::Arc;

/// The statements the text `start..end` of `text` still says (`start` begins a statement),
/// and the invalid block labels among them (offset, diagnostic).
/// `cut_short`: the text goes on past `end`, beyond the nesting limit.
pub(crate) fn reparse(
    source: &Arc<String>,
    start: usize,
    end: usize,
    cut_short: bool,
) -> (Vec<Stmt>, Vec<(usize, Diagnostic)>) {
    let text = source.as_str();
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_indent = text[line_start..start]
        .find(|c| c != ' ' && c != '\t')
        .unwrap_or(start - line_start);
    let tokens = Repair {
        text,
        tokens: TokenStream::range(text, start, end),
        peeked: None,
        open: Vec::new(),
        out: VecDeque::new(),
        previous: None,
        last_end: start,
        content_end: start,
        line_indent,
        statement_indent: line_indent,
        cut_short,
        finished: false,
    };
    let mut state = ParseState::new(source);
    let stmts = grammar::RecoveringParser::new()
        .parse(&mut state, tokens)
        .unwrap_or_default();
    (stmts, state.take_label_errors())
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

struct Repair<'a> {
    text: &'a str,
    tokens: TokenStream<'a>,
    peeked: Option<Option<Token<'a>>>,
    open: Vec<Open>,
    /// Tokens ready to hand out.
    out: VecDeque<Token<'a>>,
    /// The last token handed out (inserted ones included).
    previous: Option<Tok>,
    /// End of the last token read from the text, and of the last one that is not a
    /// terminator (where an inserted closer goes).
    last_end: usize,
    content_end: usize,
    /// Indentation of the current line's first token, and of the line where the current
    /// statement (in a block body or at top level) started.
    line_indent: usize,
    statement_indent: usize,
    cut_short: bool,
    finished: bool,
}

impl<'a> Repair<'a> {
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

    fn emit(&mut self, token: Token<'a>) {
        let starts_statement = matches!(self.previous, None | Some(Tok::Terminator | Tok::LCurly))
            && matches!(
                self.open.last().map(|o| o.bracket),
                None | Some(Bracket::Block)
            );
        if starts_statement && token.1 != Tok::Terminator {
            self.statement_indent = self.line_indent;
        }
        self.previous = Some(token.1);
        self.out.push_back(token);
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
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let first_on_line = self.last_end <= line_start && tok != Tok::Terminator;
        if first_on_line {
            self.line_indent = start - line_start;
            self.close_ended_brackets(tok);
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
                // After a name or label, or where a statement starts.
                let names_block = match self.previous {
                    Some(Tok::Ident | Tok::String | Tok::RawString) => true,
                    None | Some(Tok::Terminator) => true,
                    Some(Tok::LCurly) => {
                        self.open.last().map(|o| o.bracket) == Some(Bracket::Block)
                    }
                    _ => false,
                };
                let bracket = match tok {
                    Tok::LCurly if names_block => Bracket::Block,
                    Tok::LCurly => Bracket::Object,
                    Tok::LBrack if follows_operand => Bracket::Index,
                    Tok::LBrack => Bracket::Array,
                    _ if follows_operand => Bracket::Call,
                    _ => Bracket::Paren,
                };
                self.open.push(Open {
                    bracket,
                    line_indent: self.line_indent,
                    line_start,
                    content_indent: None,
                    content_on_opener_line: false,
                });
                self.emit(token);
            }
            Tok::RCurly | Tok::RBrack | Tok::RParen => {
                if let Some(depth) = self.open.iter().rposition(|o| o.bracket.closer() == tok) {
                    while self.open.len() > depth + 1 {
                        self.close_innermost();
                    }
                    self.open.pop();
                    self.emit(token);
                    self.note_content(line_start);
                }
                // A closer nothing opened is dropped.
            }
            _ => {
                self.note_content(line_start);
                self.emit(token);
            }
        }
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

impl<'a> Iterator for Repair<'a> {
    type Item = Result<Token<'a>, LexError>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.out.is_empty() && !self.finished {
            self.fill();
        }
        self.out.pop_front().map(Ok)
    }
}
