//! Glue between the token stream, the generated LALRPOP parser and diagnostics.

use crate::ast::*;
use crate::lexer::{LexError, Tok, TokenStream, MAX_NESTING};
use crate::recovery::Recovered;
use crate::rules::{INVALID_BLOCK_LABEL, NESTING_TOO_DEEP, SYNTAX_ERROR};
use crate::strings::is_valid_identifier;
use alloy_diagnostics::{Diagnostic, LineIndex};
use lalrpop_util::{ErrorRecovery, ParseError};
use smol_str::SmolStr;

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
    text: &'input str,
    /// Set once the token stream has stopped at the nesting limit: a statement broken there
    /// is cut short, not ended.
    cut_short: std::rc::Rc<std::cell::Cell<bool>>,
    recovered: Vec<ErrorRecovery<usize, Tok<'input>, LexError>>,
    /// Where each error was recovered from, for the tree ([`crate::recovery::tree`]).
    skipped: Vec<Recovered>,
    label_errors: Vec<(usize, Diagnostic)>,
    /// `x = a { ... }`: where the block's `}` is (Alloy reports it on reading that, after the
    /// errors inside the block), and the diagnostic.
    block_values: Vec<(usize, Diagnostic)>,
    /// Those blocks, waiting for the end of the statement they are in.
    blocks_read_as_values: Vec<Stmt>,
}

impl<'input> ParseState<'input> {
    pub(crate) fn new(text: &'input str) -> Self {
        ParseState {
            text,
            cut_short: Default::default(),
            recovered: Vec::new(),
            skipped: Vec::new(),
            label_errors: Vec::new(),
            block_values: Vec::new(),
            blocks_read_as_values: Vec::new(),
        }
    }

    /// A statement in `start..end` did not parse: its error is reported, and recorded for the
    /// tree, which recovery builds once the parse is done ([`crate::recovery::tree`]).
    pub(crate) fn broken_statement(
        &mut self,
        start: usize,
        e: ErrorRecovery<usize, Tok<'input>, LexError>,
        end: usize,
    ) {
        let error_at = error_offset(self.text, &e.error);
        // The statement is read again from its text: blocks read inside it so far go too.
        self.blocks_read_as_values
            .retain(|b| (b.span().start as usize) < start);
        self.recovered.push(e);
        self.skipped.push(Recovered { start, end });
        let cut_short = self.cut_short.get();
        let labels =
            crate::recovery::labels_read_before(self.text, start, end, error_at, cut_short);
        self.add_labels_read_before(labels, error_at);
    }

    /// Alloy checks a block label as soon as it reads it: the invalid labels of a broken
    /// statement that come before its error are reported too (once).
    fn add_labels_read_before(&mut self, labels: Vec<(usize, Diagnostic)>, error_at: usize) {
        for (offset, d) in labels {
            if offset < error_at && !self.label_errors.iter().any(|(o, _)| *o == offset) {
                self.label_errors.push((offset, d));
            }
        }
    }

    /// After a statement: the blocks its value held ([`Self::block_as_value`]).
    pub(crate) fn add_blocks_read_as_values(&mut self, stmts: &mut Vec<Stmt>) {
        if !self.blocks_read_as_values.is_empty() {
            stmts.append(&mut self.blocks_read_as_values);
        }
    }

    pub(crate) fn take_label_errors(&mut self) -> Vec<(usize, Diagnostic)> {
        std::mem::take(&mut self.label_errors)
    }

    /// `x = a { ... }` or `x = a "label" { ... }` in the strict grammar: Alloy reads the block,
    /// reports it, and goes on with the expression. The value keeps `a`; the block's body
    /// goes into the tree after the statement, as a block without a name
    /// ([`Block::name_missing`]), so what it says is not lost.
    pub(crate) fn block_as_value(
        &mut self,
        value: Expr,
        body: Vec<Stmt>,
        lcurly: Span,
        rcurly: Span,
    ) -> Expr {
        let start = value.span.start;
        let end = rcurly.end as usize;
        let span = Span::new(start, rcurly.end);
        // The statement's tree is recovery's, as for any other syntax error.
        self.skipped.push(Recovered {
            start: lcurly.start as usize,
            end,
        });
        self.blocks_read_as_values.push(Stmt::Block(Block {
            name: Box::new([Ident {
                name: SmolStr::default(),
                span: Span::new(start, start),
            }]),
            label: None,
            body: body.into_boxed_slice(),
            lcurly,
            rcurly,
            span,
        }));
        self.block_values.push((
            rcurly.start as usize,
            SYNTAX_ERROR
                .diagnostic("cannot use a block as an expression")
                .with_primary(span, "a block where a value is expected")
                .with_help("a block is a statement of its own: close the attribute's value first, or refer to a component's exports (`name.label.export`)"),
        ));
        broken(value, end)
    }

    /// `end`, moved back over the blanks before it: an error that covers nothing but the space
    /// before the next token ends where the text before it does.
    pub(crate) fn trimmed_end(&self, end: usize) -> usize {
        let before = self.text.get(..end).unwrap_or(self.text);
        before.trim_end().len()
    }

    pub(crate) fn block_label(&mut self, raw: &str, span: Span) -> Label {
        let value = label_value(raw);
        if is_invalid_label(value) {
            self.label_errors.push((
                span.start as usize,
                INVALID_BLOCK_LABEL.diagnostic(format!("expected block label to be a valid identifier, but got {value:?}"))
                    .with_primary(span, "not a valid identifier")
                    .with_help("labels may contain only letters, digits and `_`, and may not start with a digit (escapes are not decoded)"),
            ));
        }
        Label {
            value: SmolStr::new(value),
            span,
        }
    }

    pub(crate) fn raw_block_label(&mut self, raw: &str, span: Span) -> Label {
        self.label_errors.push((
            span.start as usize,
            INVALID_BLOCK_LABEL
                .diagnostic(format!(
                    "expected block label to be a double quoted string, but got {raw:?}"
                ))
                .with_primary(span, "backtick string used as a label")
                .with_help("write the label in double quotes"),
        ));
        Label {
            value: SmolStr::new(label_value(raw)),
            span,
        }
    }
}

/// A label's text between its quotes (Alloy does not unescape labels). An unterminated label
/// has no closing quote; cutting a byte off it could split a character.
pub(crate) fn label_value(raw: &str) -> &str {
    let inner = raw.strip_prefix('"').unwrap_or(raw);
    inner.strip_suffix('"').unwrap_or(inner)
}

/// Whether Alloy rejects a `"..."` label with this text (an empty one it lets through).
pub(crate) fn is_invalid_label(value: &str) -> bool {
    !value.is_empty() && !is_valid_identifier(value)
}

pub(crate) fn span(l: usize, r: usize) -> Span {
    Span::new(l as u32, r as u32)
}

/// A body's statements, their vector trimmed to size (bodies are kept for the tree's lifetime).
pub(crate) fn finish_body(mut stmts: Vec<Stmt>) -> Vec<Stmt> {
    stmts.shrink_to_fit();
    stmts
}

/// `value` followed by tokens up to `end` that cannot continue it: an error node keeping it.
pub(crate) fn broken(value: Expr, end: usize) -> Expr {
    let span = Span::new(value.span.start, (end as u32).max(value.span.end));
    Expr {
        kind: ExprKind::Error {
            partial: Some(Box::new(value)),
        },
        span,
    }
}

/// An expression that is missing or unreadable from its start, `start..end`.
pub(crate) fn missing(start: usize, end: usize) -> Expr {
    Expr {
        kind: ExprKind::Error { partial: None },
        span: span(start, end.max(start)),
    }
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
        let span = lhs.span.cover(rhs.span);
        operands.push(Expr {
            kind: ExprKind::Binary {
                op,
                op_span,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
            },
            span,
        });
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

/// Applies prefix operators `ops` (start, operator, end), outermost first, to `operand`; `r`
/// is where the whole expression ends.
pub(crate) fn unary_chain(ops: Vec<(usize, UnaryOp, usize)>, operand: Expr, r: usize) -> Expr {
    ops.into_iter()
        .rev()
        .fold(operand, |operand, (l, op, or)| Expr {
            kind: ExprKind::Unary {
                op,
                op_span: span(l, or),
                operand: Box::new(operand),
            },
            span: span(l, r),
        })
}

/// A string key keeps its text between the quotes, undecoded; `""` stays `""` and counts as
/// unquoted, exactly as Alloy's parser does.
pub(crate) fn quoted_field(raw: &str, key_span: Span, value: Expr) -> ObjectField {
    if raw.len() > 2 {
        ObjectField {
            key: SmolStr::new(&raw[1..raw.len() - 1]),
            quoted: true,
            key_span,
            value,
        }
    } else {
        ObjectField {
            key: SmolStr::new(raw),
            quoted: false,
            key_span,
            value,
        }
    }
}

/// Parses a whole file.
pub fn parse(text: &str) -> Parse {
    parse_tokens(TokenStream::new(text), &[]).0
}

/// [`parse`] of a text whose bytes at `invalid_utf8` stand in for invalid UTF-8 (see
/// [`crate::parse_bytes`]): each is reported as illegal UTF-8, in scanning order, instead of as
/// what the stand-in is.
pub(crate) fn parse_with_invalid_utf8(text: &str, invalid_utf8: &[u32]) -> Parse {
    parse_tokens(TokenStream::new(text), invalid_utf8).0
}

/// [`parse`], also returning every token the parser read, in order (for
/// [`crate::has_tokens`]). Meaningful only when the parse has no errors.
pub fn parse_keeping_tokens(text: &str) -> (Parse, Vec<Tok<'_>>) {
    let mut tokens = TokenStream::new(text);
    // About one token per four bytes in real configs.
    tokens.recorded = Some(Vec::with_capacity(text.len() / 4));
    parse_tokens(tokens, &[])
}

fn parse_tokens<'a>(mut tokens: TokenStream<'a>, invalid_utf8: &[u32]) -> (Parse, Vec<Tok<'a>>) {
    let text = tokens.text;
    let mut state = ParseState::new(text);
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
            let body = crate::recovery::tree(text, body, &state.skipped, state.cut_short.get());
            (body, Vec::new())
        }
        Err(e) if tokens.too_deep.is_none() => {
            // The grammar could not recover (a stray closer reached the top level, where the
            // tables' merged lookaheads had let it in). The diagnostics come from parsing
            // statement by statement, as Alloy reports them; the tree from resynchronising
            // after each such closer, which keeps every statement read before it as it is.
            let (body, skipped) = resynchronised_body(text, e);
            state = ParseState::new(text);
            let fatal = statement_by_statement_errors(text, &mut state);
            (crate::recovery::tree(text, body, &skipped, false), fatal)
        }
        Err(e) => (Vec::new(), vec![e]),
    };
    let diagnostics = collect_diagnostics(text, &mut tokens, state, fatal, invalid_utf8);
    let parse = Parse {
        file: File {
            body,
            comments: std::mem::take(&mut tokens.comments),
        },
        diagnostics,
    };
    (parse, tokens.recorded.take().unwrap_or_default())
}

type Fatal<'a> = ParseError<usize, Tok<'a>, LexError>;

/// The strict parse of a file it stopped on (`fatal`, the first such error), as if it had
/// skipped the token it stopped at: the text before that token is parsed again on its own (the
/// same tokens, so the same statements, and the statement cut short there recovered), the
/// token is dropped, and parsing starts afresh after it, as often as it takes. Each part is
/// read once to fail and once more to its end: linear in the text. Returns the statements and
/// where errors were recovered from (the dropped tokens too), for [`crate::recovery::tree`].
fn resynchronised_body<'a>(text: &'a str, mut fatal: Fatal<'a>) -> (Vec<Stmt>, Vec<Recovered>) {
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
        let mut state = ParseState::new(text);
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
        let mut state = ParseState::new(text);
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
fn statement_by_statement_errors<'a>(text: &'a str, state: &mut ParseState<'a>) -> Vec<Fatal<'a>> {
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
                    let (first, last) = (all[start].0 .0, all[i].0 .2);
                    let labels =
                        crate::recovery::labels_read_before(text, first, last, error_at, false);
                    state.add_labels_read_before(labels, error_at);
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
    let mut tokens = TokenStream::new(text);
    let mut state = ParseState::new(text);
    let mut seen_terminator = false;
    let mut upto_terminator = std::iter::from_fn(|| {
        if seen_terminator {
            return None;
        }
        let t = tokens.next()?;
        if matches!(t, Ok((_, Tok::Terminator, _))) {
            seen_terminator = true;
        }
        Some(t)
    });
    let result = grammar::ExprEntryParser::new().parse(&mut state, &mut upto_terminator);
    let (expr, fatal) = match result {
        Ok(e) => (Some(e), Vec::new()),
        Err(e) => (None, vec![e]),
    };
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
    fatal: Vec<Fatal<'a>>,
    invalid_utf8: &[u32],
) -> Vec<Diagnostic> {
    // Sorted by where the scanner or parser found each mistake.
    let mut found: Vec<(usize, u8, Diagnostic)> = Vec::new();
    let mut lexical_offsets: Vec<usize> = Vec::new();
    for e in tokens.take_errors() {
        lexical_offsets.push(e.offset);
        // A stand-in's own error (an illegal `?`) is replaced by the UTF-8 one below.
        if invalid_utf8.binary_search(&(e.offset as u32)).is_ok() {
            continue;
        }
        let end = next_char_end(text, e.offset);
        found.push((e.found_at, 0, lexical_diagnostic(&e, end)));
    }
    for &offset in invalid_utf8 {
        lexical_offsets.push(offset as usize);
        let d = SYNTAX_ERROR
            .diagnostic("illegal UTF-8 encoding")
            .with_primary(Span::new(offset, offset + 1), "not valid UTF-8")
            .with_help("save the file as UTF-8");
        found.push((offset as usize, 0, d));
    }
    let too_deep = tokens.too_deep;
    // Parser errors: like Alloy, report at most one per line. Syntax errors (`true` below) end
    // the statement they are in; label errors do not.
    let mut parse_errors: Vec<(usize, bool, Diagnostic)> = Vec::new();
    for r in state.recovered {
        let (offset, d) = parse_error_diagnostic(text, r.error);
        parse_errors.push((offset, true, d));
    }
    for e in fatal {
        let (offset, d) = parse_error_diagnostic(text, e);
        parse_errors.push((offset, true, d));
    }
    parse_errors.extend(
        state
            .label_errors
            .into_iter()
            .map(|(offset, d)| (offset, false, d)),
    );
    parse_errors.sort_by_key(|(offset, _, _)| *offset);
    let statement_ends = (parse_errors.len() > 1).then(|| StatementEnds::new(text));
    let mut broken_statement_end = 0;
    let index = if parse_errors.is_empty() {
        None
    } else {
        Some(LineIndex::new(text))
    };
    let mut last_line = None;
    for (offset, ends_statement, d) in parse_errors {
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
        if lexical_offsets.contains(&offset) {
            continue;
        }
        let line = index.as_ref().map(|i| i.line_of(offset as u32));
        if last_line.is_some() && last_line == line {
            continue;
        }
        last_line = line;
        found.push((offset, 1, d));
    }
    // Added as Alloy adds them: after the errors inside the block, never held back by the
    // one-per-line rule.
    for (rcurly, d) in state.block_values {
        if too_deep.is_none_or(|deep| rcurly < deep) {
            found.push((rcurly, 1, d));
        }
    }
    if let Some(offset) = too_deep {
        let d = NESTING_TOO_DEEP
            .diagnostic(format!(
                "expression or block nested more than {MAX_NESTING} levels deep"
            ))
            .with_primary(Span::at(offset as u32), "nesting limit reached here")
            .with_help("split the expression into smaller parts");
        found.push((offset, 2, d));
    }
    found.sort_by_key(|(offset, order, _)| (*offset, *order));
    found.into_iter().map(|(_, _, d)| d).collect()
}

/// Every token of `text` with the bracket depth before it: the statement structure that both
/// recovery helpers (statement-by-statement parsing, cascade suppression) walk. Built only for
/// files with errors.
fn tokens_with_depth(text: &str) -> Vec<((usize, Tok<'_>, usize), usize)> {
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
struct StatementEnds<'a> {
    tokens: Vec<((usize, Tok<'a>, usize), usize)>,
}

impl<'a> StatementEnds<'a> {
    fn new(text: &'a str) -> Self {
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
fn error_offset(text: &str, e: &ParseError<usize, Tok<'_>, LexError>) -> usize {
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
fn parse_error_diagnostic(
    text: &str,
    e: ParseError<usize, Tok<'_>, LexError>,
) -> (usize, Diagnostic) {
    let offset = error_offset(text, &e);
    let d = match e {
        ParseError::UnrecognizedToken {
            token: (l, tok, r),
            expected,
        } => {
            let expected = describe_expected(&expected);
            let r = if r == l { next_char_end(text, l) } else { r };
            let (msg, label) = if expected.is_empty() {
                (
                    format!("unexpected {}", tok.describe()),
                    "not expected here".to_string(),
                )
            } else {
                (
                    format!("expected {expected}, got {}", tok.describe()),
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
            .diagnostic(format!("unexpected {}", tok.describe()))
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
            .filter(|e| *e != "STRING" && *e != "\"{\"")
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

fn hint(expected: &str, got: &Tok<'_>) -> Option<&'static str> {
    match got {
        Tok::Terminator if expected.contains("`,`") => {
            Some("add a `,` after the last element: when the closing bracket is on its own line, Alloy needs a trailing comma")
        }
        Tok::Terminator if expected.contains("`=`") || expected.contains("`{`") => {
            Some("an attribute is written `name = value`, a block `name \"label\" { ... }`")
        }
        Tok::Ident(_) | Tok::String(_) | Tok::Number(_) if expected.contains("newline") => {
            Some("put each statement on its own line (or separate list elements with `,`)")
        }
        Tok::Dot if expected.contains("`=`") => Some("attribute names are a single identifier; dotted names are only for blocks"),
        Tok::LCurly if !expected.contains("`{`") => {
            Some("a block cannot be used as a value: define it as its own statement and reference its exports")
        }
        _ => None,
    }
}
