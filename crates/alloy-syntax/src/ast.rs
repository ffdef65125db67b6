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
//! parse's, unchanged). Broken statements are re-parsed with recovery, which adds two things a
//! valid file never has:
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
//! - **Blocks without a name**: a block whose header cannot be read (`.scrape "s" { ... }`)
//!   keeps its body; [`Block::name_missing`] tells it.
//!
//! Statements recovery cannot read at all (`= 1`, `foo "x"` without `{`) are left out, as are
//! stray closers.

pub use crate::source_str::SourceStr;
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
    /// The dotted name's parts: `prometheus.scrape` is `["prometheus", "scrape"]`.
    pub name: Box<[Ident]>,
    pub label: Option<Label>,
    pub body: Box<[Stmt]>,
    pub lcurly: Opener,
    /// The `}`; empty where recovery closed the block ([`Block::rcurly_missing`]).
    pub rcurly: Span,
}

impl Block {
    /// From the name to the `}`.
    pub fn span(&self) -> Span {
        Span::new(self.name[0].span().start, self.rcurly.end)
    }
    /// The full dotted name, `prometheus.scrape`.
    pub fn full_name(&self) -> String {
        let mut s = String::new();
        for (i, part) in self.name.iter().enumerate() {
            if i > 0 {
                s.push('.');
            }
            s.push_str(&part.name);
        }
        s
    }
    /// Span of the dotted name.
    pub fn name_span(&self) -> Span {
        self.name[0]
            .span()
            .cover(self.name[self.name.len() - 1].span())
    }
    pub fn label_value(&self) -> Option<&str> {
        self.label.as_ref().map(|l| l.value.as_str())
    }
    /// The block's name or label could not be read (only in files with syntax errors): `name`
    /// is one empty identifier, with an empty span where the header starts.
    pub fn name_missing(&self) -> bool {
        self.name.iter().all(|part| part.name.is_empty())
    }
    /// The text has no `}` for this block: recovery closed it (see the module documentation),
    /// so statements may be missing from its body.
    pub fn rcurly_missing(&self) -> bool {
        self.rcurly.is_empty()
    }
}

/// A block label: `"name"`. Alloy does not unescape labels, so `value` is the text between the
/// quotes and must be a valid identifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub value: SourceStr,
    /// The label with its quotes.
    pub span: Span,
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
    Array {
        elems: Box<[Expr]>,
        lbrack: Opener,
        rbrack: Span,
    },
    Object {
        fields: Box<[ObjectField]>,
        lcurly: Opener,
        rcurly: Span,
    },
    /// `value.name`
    Access {
        value: Box<Expr>,
        name: Ident,
    },
    /// `value[index]`
    Index {
        value: Box<Expr>,
        index: Box<Expr>,
        lbrack: Opener,
        rbrack: Span,
    },
    /// `func(args...)`, boxed as a whole: the largest expression, and a rare one.
    Call(Box<Call>),
    Unary {
        op: UnaryOp,
        op_span: Span,
        operand: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        op_span: Span,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
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

/// `func(args...)`
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    pub func: Expr,
    pub args: Box<[Expr]>,
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
                ExprKind::Bool { start, .. } | ExprKind::Null { start } => return *start,
                ExprKind::Array { lbrack: open, .. }
                | ExprKind::Object { lcurly: open, .. }
                | ExprKind::Paren { lparen: open, .. } => return open.start,
                ExprKind::Unary { op_span, .. } => return op_span.start,
                ExprKind::Error { span, .. } => return span.start,
                ExprKind::Access { value, .. } | ExprKind::Index { value, .. } => expr = value,
                ExprKind::Call(call) => expr = &call.func,
                ExprKind::Binary { lhs, .. } => expr = lhs,
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
                ExprKind::Ident(i) | ExprKind::Access { name: i, .. } => return i.span().end,
                ExprKind::Bool { value, start } => return start + if *value { 4 } else { 5 },
                ExprKind::Null { start } => return start + 4,
                ExprKind::Array { rbrack: close, .. }
                | ExprKind::Object { rcurly: close, .. }
                | ExprKind::Index { rbrack: close, .. }
                | ExprKind::Paren { rparen: close, .. } => return close.end,
                ExprKind::Call(call) => return call.rparen.end,
                ExprKind::Error { span, .. } => return span.end,
                ExprKind::Unary { operand, .. } => expr = operand,
                ExprKind::Binary { rhs, .. } => expr = rhs,
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
            | ExprKind::Ident(_) => false,
            ExprKind::Array { elems, .. } => elems.iter().any(Expr::contains_error),
            ExprKind::Object { fields, .. } => fields.iter().any(|f| f.value.contains_error()),
            ExprKind::Access { value, .. } => value.contains_error(),
            ExprKind::Index { value, index, .. } => {
                value.contains_error() || index.contains_error()
            }
            ExprKind::Call(call) => {
                call.func.contains_error() || call.args.iter().any(Expr::contains_error)
            }
            ExprKind::Unary { operand, .. } => operand.contains_error(),
            ExprKind::Binary { lhs, rhs, .. } => lhs.contains_error() || rhs.contains_error(),
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
