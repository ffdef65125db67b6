//! The typed AST. Every node knows its byte [`Span`] in the original text (`span()`, derived
//! from what the node holds: an identifier's span is its name's place, a block's runs from its
//! name to its `}`); comments are kept beside the tree in source order ([`File::comments`]) so a
//! printer can put each one back.
//!
//! Names, literals, labels and comments are [`SourceStr`]s: slices of the parsed text, which
//! the whole tree shares, so they cost no allocation and read as `&str` (`&*ident.name`,
//! `ident.name.as_str()`, `ident.name == "x"`) without the text at hand.
//!
//! Literals keep their raw source text: Alloy's printer writes literals verbatim (`1E3`, `007`,
//! escapes as written), and evaluators decode them ([`crate::unquote`]).
//!
//! # Trees of files with syntax errors
//!
//! A file with errors still gets the tree of everything it says (the diagnostics are the
//! parse's, unchanged). Broken statements are re-parsed with recovery, which adds what a valid
//! file never has:
//!
//! - **Error expressions**, [`ExprKind::Error`], where a value could not be read. An attribute
//!   whose value is broken is still an [`Attribute`]. The error keeps the well-formed
//!   expression the broken text starts with, if any, as `partial`: `targets =
//!   local.file_match.` is `targets` = `Error { partial: local.file_match }`, `x = a b` is `x` =
//!   `Error { partial: a }`; a missing operand (`x = `, `1 + `) is `Error { partial: None }`.
//! - **Missing closers**: a `}`, `]` or `)` the text lacks is inserted where the indentation or
//!   the next statement shows the construct ends (or at the end of the broken text), and its
//!   span is empty ([`Span::is_empty`]; a real closer is one byte). [`Block::rcurly_missing`]
//!   tells a block closed that way; the node spans end where the inserted closer is.
//!
//! - **Blocks without a name**: a block whose header cannot be read (`.scrape "s" { ... }`,
//!   or a block where a value is due, `x = a { ... }`) keeps its body; [`Block::name_missing`]
//!   tells it.
//!
//! Statements recovery cannot read at all (`= 1`, `foo "x"` without `{`) are left out, as are
//! stray closers.

pub use crate::source_str::SourceStr;
pub use crate::thin_slice::ThinSlice;
pub use alloy_diagnostics::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct File {
    pub body: Vec<Stmt>,
    /// Every `//` and `/* */` comment, in source order.
    pub comments: Vec<Comment>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The comment's text, delimiters included (`// x`, `/* x */`); a `\r` ending the line of
    /// a `//` comment is not part of it.
    pub text: SourceStr,
}

impl Comment {
    pub fn span(&self) -> Span {
        self.text.span()
    }
    pub fn is_block(&self) -> bool {
        self.text.starts_with("/*")
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    Attribute(Attribute),
    /// Boxed: a block is larger than an attribute and rarer.
    Block(Box<Block>),
}

impl Stmt {
    pub fn span(&self) -> Span {
        match self {
            Stmt::Attribute(a) => a.span(),
            Stmt::Block(b) => b.span(),
        }
    }
}

/// `name = value`
#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    pub name: Ident,
    pub value: Expr,
}

impl Attribute {
    /// From the name to the end of the value.
    pub fn span(&self) -> Span {
        Span::new(self.name.span().start, self.value.span().end)
    }
}

/// A one-byte opening bracket (`{`, `[`, `(`): where it is. Openers are never missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Opener {
    pub start: u32,
}

impl Opener {
    pub fn span(self) -> Span {
        Span::new(self.start, self.start + 1)
    }
}

/// `a.b.c "label" { body }`
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// The dotted name: `prometheus.scrape` has the parts `prometheus` and `scrape`.
    pub name: DottedName,
    pub label: Option<Label>,
    pub body: ThinSlice<Stmt>,
    pub lcurly: Opener,
    /// The `}`; empty where recovery closed the block ([`Block::rcurly_missing`]).
    pub rcurly: Span,
}

impl Block {
    /// From the name to the `}`.
    pub fn span(&self) -> Span {
        Span::new(self.name.span().start, self.rcurly.end)
    }
    /// The full dotted name, `prometheus.scrape`.
    pub fn full_name(&self) -> String {
        self.name.dotted().into_owned()
    }
    /// Span of the dotted name.
    pub fn name_span(&self) -> Span {
        self.name.span()
    }
    pub fn label_value(&self) -> Option<&str> {
        self.label.as_ref().map(|l| l.value.as_str())
    }
    /// The block's name or label could not be read (only in files with syntax errors): `name`
    /// is empty (one empty part), with an empty span where the header starts.
    pub fn name_missing(&self) -> bool {
        self.name.text.is_empty()
    }
    /// The text has no `}` for this block: recovery closed it (see the module documentation),
    /// so statements may be missing from its body.
    pub fn rcurly_missing(&self) -> bool {
        self.rcurly.is_empty()
    }
}

/// A dotted name, a block's (`prometheus.scrape`) or a chain of field accesses on an identifier
/// ([`ExprKind::Path`]: `local.file.x.content`), kept as its text from the first part to the
/// last (one slice of the source: no allocation), read part by part with
/// [`DottedName::parts`]. A name written with blanks or comments between its parts (`a . b`)
/// reads the same as `a.b`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DottedName {
    text: SourceStr,
}

/// One part of a dotted name: `scrape` of `prometheus.scrape`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NamePart<'a> {
    pub name: &'a str,
    pub span: Span,
}

/// The parts of a [`DottedName`], in order ([`DottedName::parts`]).
pub struct NameParts<'a> {
    text: &'a str,
    /// Where `text` is in the source.
    start: u32,
    /// Where the next part starts in `text`; past its end when there is none.
    at: usize,
    /// The lexer over `text`, for a name with blanks or comments between its parts.
    lexed: Option<crate::lexer::TokenStream<'a>>,
}

impl<'a> Iterator for NameParts<'a> {
    type Item = NamePart<'a>;

    fn next(&mut self) -> Option<NamePart<'a>> {
        let (l, r) = match &mut self.lexed {
            Some(tokens) => tokens
                .flatten()
                .find(|(_, tok, _)| *tok == crate::lexer::Tok::Ident)
                .map(|(l, _, r)| (l, r))?,
            None => {
                let rest = self.text.as_bytes().get(self.at..)?;
                let len = rest.iter().position(|&b| b == b'.').unwrap_or(rest.len());
                let l = self.at;
                self.at += len + 1;
                (l, l + len)
            }
        };
        Some(NamePart {
            name: &self.text[l..r],
            span: Span::new(self.start + l as u32, self.start + r as u32),
        })
    }
}

impl DottedName {
    /// The name whose text (first part to last) is `text`.
    pub fn new(text: SourceStr) -> DottedName {
        DottedName { text }
    }

    /// The name's text, taken out of it.
    pub(crate) fn into_text(self) -> SourceStr {
        self.text
    }

    /// The name as written, from its first part to its last.
    pub fn text(&self) -> &SourceStr {
        &self.text
    }

    pub fn span(&self) -> Span {
        self.text.span()
    }

    /// The parts, in order. A missing name ([`Block::name_missing`]) has one, empty.
    pub fn parts(&self) -> NameParts<'_> {
        let text = self.text.as_str();
        // Usually nothing but identifiers and dots: split at the dots. Otherwise blanks or
        // comments come between the parts: the identifiers are what the lexer reads.
        let lexed = (!self.is_plain()).then(|| crate::lexer::TokenStream::new(text));
        NameParts {
            text,
            start: self.text.span().start,
            at: 0,
            lexed,
        }
    }

    /// The parts joined by dots (`prometheus.scrape`): the text itself unless blanks or
    /// comments come between the parts.
    pub fn dotted(&self) -> std::borrow::Cow<'_, str> {
        let text = self.text.as_str();
        if text.bytes().all(|b| b != b'.') || self.is_plain() {
            return std::borrow::Cow::Borrowed(text);
        }
        let parts: Vec<&str> = self.parts().map(|p| p.name).collect();
        std::borrow::Cow::Owned(parts.join("."))
    }

    /// Nothing but identifiers and dots.
    fn is_plain(&self) -> bool {
        !self
            .text
            .bytes()
            .any(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/'))
    }

    /// The first part (for a missing name, the empty one).
    pub fn first(&self) -> NamePart<'_> {
        self.parts().next().unwrap_or(NamePart {
            name: "",
            span: Span::at(self.span().start),
        })
    }

    /// The parts as identifiers (slices of the same text).
    pub fn idents(&self) -> impl Iterator<Item = Ident> + '_ {
        let start = self.text.span().start;
        self.parts().map(move |part| Ident {
            name: self
                .text
                .substr((part.span.start - start) as usize..(part.span.end - start) as usize),
        })
    }

    /// The part at `index`, if there is one.
    pub fn get(&self, index: usize) -> Option<NamePart<'_>> {
        self.parts().nth(index)
    }

    /// How many parts: 1 for `local`, 2 for `local.file`.
    pub fn part_count(&self) -> usize {
        self.parts().count()
    }

    /// Whether the name is `name` (`"prometheus.scrape"`), part by part.
    pub fn is(&self, name: &str) -> bool {
        let mut expected = name.split('.');
        self.parts().all(|part| expected.next() == Some(part.name)) && expected.next().is_none()
    }
}

/// A block label: `"name"`. Alloy does not unescape labels, so `value` is the text between the
/// quotes and must be a valid identifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub value: SourceStr,
}

impl Label {
    /// The label's token, quotes included. The value leaves out the token's last character,
    /// as Alloy's parser does: the closing quote, or the last character of an unterminated
    /// string (which ends before a line break or the end of the text).
    pub fn span(&self) -> Span {
        let value = self.value.span();
        let source = self.value.source();
        let last = source[value.end as usize..]
            .chars()
            .next()
            .filter(|&c| c != '\n')
            .map_or(0, char::len_utf8);
        Span::new(value.start.saturating_sub(1), value.end + last as u32)
    }
}

/// An identifier: its name is a slice of the source, and its span that slice's place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub name: SourceStr,
}

impl Ident {
    pub fn span(&self) -> Span {
        self.name.span()
    }
}

/// An expression. Its span is derived from what it holds ([`Expr::span`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A number literal, raw (`10`, `0x1F`, `1.5e3`, `.5`, `007`).
    Number(SourceStr),
    /// A `"..."` string literal, raw with its quotes and escapes.
    String(SourceStr),
    /// A backtick string literal, raw with its backticks.
    RawString(SourceStr),
    /// `true` or `false`, starting at `start`.
    Bool {
        value: bool,
        start: u32,
    },
    /// `null`, starting at `start`.
    Null {
        start: u32,
    },
    Ident(Ident),
    /// `a.b.c`: field accesses on an identifier, the commonest expression of a config (a
    /// component's exports), kept as one slice of the source; it means what the chain of
    /// [`ExprKind::Access`] on [`ExprKind::Ident`] it stands for means. The parser makes one
    /// for every such chain (never an `Access` on an `Ident` or a `Path`): no allocation per
    /// `.name`.
    Path(DottedName),
    Array {
        elems: ThinSlice<Expr>,
        lbrack: Opener,
        rbrack: Span,
    },
    Object {
        fields: ThinSlice<ObjectField>,
        lcurly: Opener,
        rcurly: Span,
    },
    /// `value.name`
    Access(Box<Access>),
    /// `value[index]`
    Index(Box<Index>),
    /// `func(args...)`
    Call(Box<Call>),
    Unary {
        op: UnaryOp,
        op_span: Span,
        operand: Box<Expr>,
    },
    /// `lhs op rhs`
    Binary(Box<Binary>),
    /// `( inner )`
    Paren {
        inner: Box<Expr>,
        lparen: Opener,
        rparen: Span,
    },
    /// Text that does not read as an expression (only in files with syntax errors, see the
    /// module documentation). `partial` is the well-formed expression it starts with, if any.
    Error {
        partial: Option<Box<Expr>>,
        span: Span,
    },
}

// The larger expressions are boxed whole (the box holds their operands too), which keeps
// `Expr` at 24 bytes.

/// `value.name`
#[derive(Clone, Debug, PartialEq)]
pub struct Access {
    pub value: Expr,
    pub name: Ident,
}

/// `value[index]`
#[derive(Clone, Debug, PartialEq)]
pub struct Index {
    pub value: Expr,
    pub index: Expr,
    pub lbrack: Opener,
    /// The `]`; empty where recovery inserted it.
    pub rbrack: Span,
}

/// `lhs op rhs`
#[derive(Clone, Debug, PartialEq)]
pub struct Binary {
    pub op: BinaryOp,
    pub op_span: Span,
    pub lhs: Expr,
    pub rhs: Expr,
}

/// `func(args...)`
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    pub func: Expr,
    pub args: ThinSlice<Expr>,
    pub lparen: Opener,
    /// The `)`; empty where recovery inserted it.
    pub rparen: Span,
}

impl Expr {
    pub fn new(kind: ExprKind) -> Expr {
        Expr { kind }
    }

    /// Where the expression is in the text: from its first token to its last (an
    /// [`ExprKind::Error`] covers the text it stands for).
    pub fn span(&self) -> Span {
        Span::new(self.start(), self.end())
    }

    /// Where the first token starts (`span().start`): down the left edge of the tree, without
    /// recursion.
    pub fn start(&self) -> u32 {
        let mut expr = self;
        loop {
            match &expr.kind {
                ExprKind::Number(s) | ExprKind::String(s) | ExprKind::RawString(s) => {
                    return s.span().start
                }
                ExprKind::Ident(i) => return i.span().start,
                ExprKind::Path(path) => return path.span().start,
                ExprKind::Bool { start, .. } | ExprKind::Null { start } => return *start,
                ExprKind::Array { lbrack: open, .. }
                | ExprKind::Object { lcurly: open, .. }
                | ExprKind::Paren { lparen: open, .. } => return open.start,
                ExprKind::Unary { op_span, .. } => return op_span.start,
                ExprKind::Error { span, .. } => return span.start,
                ExprKind::Access(access) => expr = &access.value,
                ExprKind::Index(index) => expr = &index.value,
                ExprKind::Call(call) => expr = &call.func,
                ExprKind::Binary(binary) => expr = &binary.lhs,
            }
        }
    }

    /// Where the last token ends (`span().end`): down the right edge of the tree.
    pub fn end(&self) -> u32 {
        let mut expr = self;
        loop {
            match &expr.kind {
                ExprKind::Number(s) | ExprKind::String(s) | ExprKind::RawString(s) => {
                    return s.span().end
                }
                ExprKind::Ident(i) => return i.span().end,
                ExprKind::Path(path) => return path.span().end,
                ExprKind::Access(access) => return access.name.span().end,
                ExprKind::Bool { value, start } => return start + if *value { 4 } else { 5 },
                ExprKind::Null { start } => return start + 4,
                ExprKind::Array { rbrack: close, .. }
                | ExprKind::Object { rcurly: close, .. }
                | ExprKind::Paren { rparen: close, .. } => return close.end,
                ExprKind::Index(index) => return index.rbrack.end,
                ExprKind::Call(call) => return call.rparen.end,
                ExprKind::Error { span, .. } => return span.end,
                ExprKind::Unary { operand, .. } => expr = operand,
                ExprKind::Binary(binary) => expr = &binary.rhs,
            }
        }
    }

    /// Whether this expression is, or contains, an [`ExprKind::Error`].
    pub fn contains_error(&self) -> bool {
        match &self.kind {
            ExprKind::Error { .. } => true,
            ExprKind::Number(_)
            | ExprKind::String(_)
            | ExprKind::RawString(_)
            | ExprKind::Bool { .. }
            | ExprKind::Null { .. }
            | ExprKind::Ident(_)
            | ExprKind::Path(_) => false,
            ExprKind::Array { elems, .. } => elems.iter().any(Expr::contains_error),
            ExprKind::Object { fields, .. } => fields.iter().any(|f| f.value.contains_error()),
            ExprKind::Access(access) => access.value.contains_error(),
            ExprKind::Index(index) => index.value.contains_error() || index.index.contains_error(),
            ExprKind::Call(call) => {
                call.func.contains_error() || call.args.iter().any(Expr::contains_error)
            }
            ExprKind::Unary { operand, .. } => operand.contains_error(),
            ExprKind::Binary(binary) => binary.lhs.contains_error() || binary.rhs.contains_error(),
            ExprKind::Paren { inner, .. } => inner.contains_error(),
        }
    }
}

/// `key = value` inside an object literal. `key` is an identifier or a quoted string; a quoted
/// key keeps its raw text between the quotes, unescaped, as Alloy does.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectField {
    pub key: SourceStr,
    pub quoted: bool,
    pub value: Expr,
}

impl ObjectField {
    /// The key as written, quotes included.
    pub fn key_span(&self) -> Span {
        let span = self.key.span();
        match self.quoted {
            true => Span::new(span.start - 1, span.end + 1),
            false => span,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `!`
    Not,
    /// `-`
    Neg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    NotEq,
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
}

impl UnaryOp {
    pub fn as_str(self) -> &'static str {
        match self {
            UnaryOp::Not => "!",
            UnaryOp::Neg => "-",
        }
    }
}

impl BinaryOp {
    pub fn as_str(self) -> &'static str {
        match self {
            BinaryOp::Or => "||",
            BinaryOp::And => "&&",
            BinaryOp::Eq => "==",
            BinaryOp::NotEq => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::LtEq => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::GtEq => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Mod => "%",
            BinaryOp::Pow => "^",
        }
    }
    /// Binding strength, higher binds tighter (Alloy: `||` < `&&` < comparisons < `+ -` <
    /// `* / %` < `^`, which is right-associative).
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => 1,
            BinaryOp::And => 2,
            BinaryOp::Eq
            | BinaryOp::NotEq
            | BinaryOp::Lt
            | BinaryOp::LtEq
            | BinaryOp::Gt
            | BinaryOp::GtEq => 3,
            BinaryOp::Add | BinaryOp::Sub => 4,
            BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => 5,
            BinaryOp::Pow => 6,
        }
    }
}
