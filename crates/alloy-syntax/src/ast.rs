//! The typed AST. Every node carries its byte [`Span`] in the original text; comments are kept
//! beside the tree in source order ([`File::comments`]) so a printer can put each one back.
//!
//! Literals keep their raw source text (`raw`): Alloy's printer writes literals verbatim
//! (`1E3`, `007`, escapes as written), and evaluators decode them ([`crate::unquote`]).
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

pub use alloy_diagnostics::Span;
use serde::Serialize;
use smol_str::SmolStr;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct File {
    pub body: Vec<Stmt>,
    /// Every `//` and `/* */` comment, in source order.
    pub comments: Vec<Comment>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comment {
    pub span: Span,
    /// The comment's text, delimiters included (`// x`, `/* x */`).
    pub text: SmolStr,
}

impl Comment {
    pub fn is_block(&self) -> bool {
        self.text.starts_with("/*")
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Stmt {
    Attribute(Attribute),
    Block(Block),
}

impl Stmt {
    pub fn span(&self) -> Span {
        match self {
            Stmt::Attribute(a) => a.span,
            Stmt::Block(b) => b.span,
        }
    }
}

/// `name = value`
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Attribute {
    pub name: Ident,
    pub value: Expr,
    pub span: Span,
}

/// `a.b.c "label" { body }`
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Block {
    /// The dotted name's parts: `prometheus.scrape` is `["prometheus", "scrape"]`.
    pub name: Box<[Ident]>,
    pub label: Option<Label>,
    pub body: Box<[Stmt]>,
    pub lcurly: Span,
    pub rcurly: Span,
    pub span: Span,
}

impl Block {
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
        self.name[0].span.cover(self.name[self.name.len() - 1].span)
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    pub value: SmolStr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ident {
    pub name: SmolStr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ExprKind {
    /// A number literal, raw (`10`, `0x1F`, `1.5e3`, `.5`, `007`).
    Number(SmolStr),
    /// A `"..."` string literal, raw with its quotes and escapes.
    String(SmolStr),
    /// A backtick string literal, raw with its backticks.
    RawString(SmolStr),
    Bool(bool),
    Null,
    Ident(Ident),
    Array {
        elems: Box<[Expr]>,
        lbrack: Span,
        rbrack: Span,
    },
    Object {
        fields: Box<[ObjectField]>,
        lcurly: Span,
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
        lbrack: Span,
        rbrack: Span,
    },
    /// `func(args...)`
    Call {
        func: Box<Expr>,
        args: Box<[Expr]>,
        lparen: Span,
        rparen: Span,
    },
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
        lparen: Span,
        rparen: Span,
    },
    /// Text that does not read as an expression (only in files with syntax errors, see the
    /// module documentation). `partial` is the well-formed expression it starts with, if any.
    Error {
        partial: Option<Box<Expr>>,
    },
}

impl Expr {
    /// Whether this expression is, or contains, an [`ExprKind::Error`].
    pub fn contains_error(&self) -> bool {
        match &self.kind {
            ExprKind::Error { .. } => true,
            ExprKind::Number(_)
            | ExprKind::String(_)
            | ExprKind::RawString(_)
            | ExprKind::Bool(_)
            | ExprKind::Null
            | ExprKind::Ident(_) => false,
            ExprKind::Array { elems, .. } => elems.iter().any(Expr::contains_error),
            ExprKind::Object { fields, .. } => fields.iter().any(|f| f.value.contains_error()),
            ExprKind::Access { value, .. } => value.contains_error(),
            ExprKind::Index { value, index, .. } => {
                value.contains_error() || index.contains_error()
            }
            ExprKind::Call { func, args, .. } => {
                func.contains_error() || args.iter().any(Expr::contains_error)
            }
            ExprKind::Unary { operand, .. } => operand.contains_error(),
            ExprKind::Binary { lhs, rhs, .. } => lhs.contains_error() || rhs.contains_error(),
            ExprKind::Paren { inner, .. } => inner.contains_error(),
        }
    }
}

/// `key = value` inside an object literal. `key` is an identifier or a quoted string; a quoted
/// key keeps its raw text between the quotes, unescaped, as Alloy does.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ObjectField {
    pub key: SmolStr,
    pub quoted: bool,
    pub key_span: Span,
    pub value: Expr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum UnaryOp {
    /// `!`
    Not,
    /// `-`
    Neg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
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
