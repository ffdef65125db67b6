//! Walks the AST and drives the [`Printer`] the way Alloy's Go walker does: the same tokens,
//! the same whitespace requests and the same explicit source positions. Line structure decisions
//! (newlines kept in arrays, objects and calls; runs cut by statements spanning several lines)
//! are taken on the *input*'s lines.
//!
//! Four things differ on purpose, where the reference would change what the config means or
//! print something that does not parse: quoted object keys whose Go `%q` re-quoting alters the
//! key are printed as written, string literals whose tabs or trailing blanks the tabwriter would
//! rewrite are protected, a call without arguments whose `)` is on another line gets no comma
//! (the reference prints `f(,`), and a list whose closer gets comments moved in front of it on a
//! new line gets a trailing comma ([`Printer::list_closer`]).

use crate::lines::LineTable;
use crate::printer::{Printer, TokKind, Ws};
use alloy_syntax::ast::*;
use alloy_syntax::{go_quote, is_go_printable};

pub struct Walker<'a, 'p> {
    pub printer: &'p mut Printer<'a>,
    lines: &'a LineTable,
    source: &'a str,
    /// Reused buffer for dotted block names.
    name_buffer: String,
}

impl<'a, 'p> Walker<'a, 'p> {
    pub fn new(printer: &'p mut Printer<'a>, lines: &'a LineTable, source: &'a str) -> Self {
        Walker {
            printer,
            lines,
            source,
            name_buffer: String::new(),
        }
    }

    /// Writes a list's closer; see [`Printer::list_closer`] for why lists need care.
    fn closer(&mut self, text: &str, trailing_comma_written: bool, has_items: bool) {
        if trailing_comma_written || !has_items {
            self.printer.token(text, TokKind::Other);
        } else {
            self.printer.list_closer(text);
        }
    }

    fn line(&self, offset: usize) -> usize {
        self.lines.line(offset)
    }

    pub fn walk_stmts(&mut self, stmts: &[Stmt]) {
        for (i, stmt) in stmts.iter().enumerate() {
            let is_block = matches!(stmt, Stmt::Block(_));
            if i > 0 {
                if is_block {
                    self.printer.ws(Ws::Formfeed);
                } else {
                    let previous_end = self.line(stmt_end(&stmts[i - 1]));
                    if self.line(stmt_start(stmt)) > previous_end + 1 {
                        self.printer.ws(Ws::Formfeed);
                    }
                }
            }
            match stmt {
                Stmt::Attribute(attr) => self.walk_attribute(attr),
                Stmt::Block(block) => self.walk_block(block),
            }
            if self.line(stmt_end(stmt)) > self.line(stmt_start(stmt)) {
                self.printer.ws(Ws::Formfeed);
            } else {
                self.printer.ws(Ws::Newline);
            }
        }
    }

    fn walk_attribute(&mut self, attr: &Attribute) {
        self.printer.set_pos(attr.name.span().start as usize);
        self.printer.word(&attr.name.name, TokKind::Other);
        self.printer.ws(Ws::VTab);
        self.printer.token("=", TokKind::Other);
        self.printer.ws(Ws::Blank);
        self.walk_expr(&attr.value);
    }

    fn walk_block(&mut self, block: &Block) {
        self.printer.set_pos(block.name.span().start as usize);
        let mut name = std::mem::take(&mut self.name_buffer);
        name.clear();
        name.push_str(&block.name.dotted());
        self.printer.word(&name, TokKind::Other);
        if let Some(label) = block.label.as_ref().filter(|label| !label.value.is_empty()) {
            self.printer.ws(Ws::Blank);
            self.printer.set_pos(label.span().start as usize);
            if label
                .value
                .chars()
                .all(|c| c != '"' && c != '\\' && is_go_printable(c))
            {
                name.clear();
                name.push('"');
                name.push_str(&label.value);
                name.push('"');
                self.printer.word(&name, TokKind::Other);
            } else {
                self.printer.word(&go_quote(&label.value), TokKind::Other);
            }
        }
        self.name_buffer = name;
        self.printer.ws(Ws::Blank);
        self.printer.set_pos(block.lcurly.start as usize);
        self.printer.token("{", TokKind::Other);
        self.printer.ws(Ws::Indent);
        if block.body.is_empty() {
            self.printer.ws(Ws::Blank);
        } else {
            self.printer.ws(Ws::Formfeed);
            self.walk_stmts(&block.body);
        }
        self.printer.ws(Ws::Unindent);
        self.printer.set_pos(block.rcurly.start as usize);
        self.printer.token("}", TokKind::Other);
    }

    pub fn walk_expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Number(raw) => {
                self.printer.set_pos(expr.span().start as usize);
                let kind = if raw.contains(['.', 'e', 'E']) {
                    TokKind::Other
                } else {
                    TokKind::Int
                };
                self.printer.word(raw, kind);
            }
            ExprKind::String(raw) | ExprKind::RawString(raw) => {
                self.printer.set_pos(expr.span().start as usize);
                self.literal(raw);
            }
            ExprKind::Bool { value, .. } => {
                self.printer.set_pos(expr.span().start as usize);
                self.printer
                    .word(if *value { "true" } else { "false" }, TokKind::Other);
            }
            ExprKind::Null { .. } => {
                self.printer.set_pos(expr.span().start as usize);
                self.printer.word("null", TokKind::Other);
            }
            ExprKind::Ident(ident) => {
                self.printer.set_pos(ident.span().start as usize);
                self.printer.word(&ident.name, TokKind::Other);
            }
            // Printed as the chain of field accesses it stands for.
            ExprKind::Path(path) => {
                for (i, part) in path.parts().enumerate() {
                    if i == 0 {
                        self.printer.set_pos(part.span.start as usize);
                    } else {
                        self.printer.token(".", TokKind::Other);
                    }
                    self.printer.word(part.name, TokKind::Other);
                }
            }
            ExprKind::Array {
                elems,
                lbrack,
                rbrack,
            } => self.walk_array(elems, *lbrack, *rbrack),
            ExprKind::Object {
                fields,
                lcurly,
                rcurly,
            } => self.walk_object(fields, *lcurly, *rcurly),
            ExprKind::Access(access) => {
                let alloy_syntax::ast::Access { value, name, .. } = &**access;
                self.walk_expr(value);
                self.printer.token(".", TokKind::Other);
                self.printer.word(&name.name, TokKind::Other);
            }
            ExprKind::Index(index) => {
                let alloy_syntax::ast::Index {
                    value,
                    index,
                    lbrack,
                    rbrack,
                    ..
                } = &**index;
                self.walk_expr(value);
                self.printer.set_pos(lbrack.start as usize);
                self.printer.token("[", TokKind::Other);
                self.walk_expr(index);
                self.printer.set_pos(rbrack.start as usize);
                self.printer.token("]", TokKind::Other);
            }
            ExprKind::Call(call) => self.walk_call(call),
            ExprKind::Unary {
                op,
                op_span,
                operand,
            } => {
                self.printer.set_pos(op_span.start as usize);
                self.printer.token(op.as_str(), TokKind::Other);
                self.walk_expr(operand);
            }
            ExprKind::Binary(binary) => {
                let alloy_syntax::ast::Binary {
                    op,
                    op_span,
                    lhs,
                    rhs,
                    ..
                } = &**binary;
                self.walk_expr(lhs);
                self.printer.ws(Ws::Blank);
                self.printer.set_pos(op_span.start as usize);
                let kind = if *op == BinaryOp::Div {
                    TokKind::Div
                } else {
                    TokKind::Other
                };
                self.printer.token(op.as_str(), kind);
                self.printer.ws(Ws::Blank);
                self.walk_expr(rhs);
            }
            ExprKind::Paren { inner, .. } => {
                self.printer.token("(", TokKind::Other);
                self.walk_expr(inner);
                self.printer.token(")", TokKind::Other);
            }
            // Only files with syntax errors have error nodes, and those are never printed.
            ExprKind::Error { .. } => {}
        }
    }

    fn walk_array(&mut self, elems: &[Expr], lbrack: Opener, rbrack: Span) {
        self.printer.set_pos(lbrack.start as usize);
        self.printer.token("[", TokKind::Other);
        let mut previous_end = lbrack.start as usize;
        for (i, elem) in elems.iter().enumerate() {
            let mut indented = false;
            if self.line(previous_end) != self.line(expr_start(elem)) {
                self.printer.ws(Ws::Indent);
                self.printer.ws(Ws::Formfeed);
                indented = true;
            } else if i > 0 {
                self.printer.ws(Ws::Blank);
            }
            previous_end = expr_end(elem);
            self.walk_expr(elem);
            if i + 1 < elems.len() {
                self.printer.token(",", TokKind::Other);
            }
            if indented {
                self.printer.ws(Ws::Unindent);
            }
        }
        let trailing_comma =
            !elems.is_empty() && self.line(previous_end) != self.line(rbrack.start as usize);
        if trailing_comma {
            self.printer.token(",", TokKind::Other);
            self.printer.ws(Ws::Indent);
            self.printer.ws(Ws::Formfeed);
            self.printer.ws(Ws::Unindent);
        }
        self.printer.set_pos(rbrack.start as usize);
        self.closer("]", trailing_comma, !elems.is_empty());
    }

    fn walk_object(&mut self, fields: &[ObjectField], lcurly: Opener, rcurly: Span) {
        self.printer.set_pos(lcurly.start as usize);
        self.printer.token("{", TokKind::Other);
        self.printer.ws(Ws::Indent);
        let mut previous_end = lcurly.start as usize;
        for (i, field) in fields.iter().enumerate() {
            let key_start = field.key_span().start as usize;
            if self.line(previous_end) != self.line(key_start) {
                if i > 0 && self.expr_lines(&fields[i - 1].value) == 1 {
                    self.printer.ws(Ws::Newline);
                } else {
                    self.printer.ws(Ws::Formfeed);
                }
            } else if i > 0 {
                self.printer.ws(Ws::Blank);
            }
            // Go measures the key by its unquoted name.
            previous_end = (key_start + field.key.len()).saturating_sub(1);
            self.printer.set_pos(key_start);
            if field.quoted {
                let quoted = go_quote(&field.key);
                if quoted[1..quoted.len() - 1] == *field.key {
                    self.printer.word(&quoted, TokKind::Other);
                } else {
                    // `%q` would re-escape the raw key and change it: print it as written.
                    let written = &self.source
                        [field.key_span().start as usize..field.key_span().end as usize];
                    self.literal(written);
                }
            } else {
                self.printer.word(&field.key, TokKind::Other);
            }
            self.printer.ws(Ws::VTab);
            self.printer.token("=", TokKind::Other);
            self.printer.ws(Ws::Blank);
            self.walk_expr(&field.value);
            if i + 1 < fields.len() {
                self.printer.token(",", TokKind::Other);
            }
        }
        let trailing_comma =
            !fields.is_empty() && self.line(previous_end) != self.line(rcurly.start as usize);
        if trailing_comma {
            self.printer.token(",", TokKind::Other);
            self.printer.ws(Ws::Formfeed);
        }
        self.printer.ws(Ws::Unindent);
        self.printer.set_pos(rcurly.start as usize);
        self.closer("}", trailing_comma, !fields.is_empty());
    }

    fn walk_call(&mut self, call: &Call) {
        let (args, rparen) = (&call.args, call.rparen);
        self.walk_expr(&call.func);
        self.printer.token("(", TokKind::Other);
        let mut previous_end = call.lparen.start as usize;
        for (i, arg) in args.iter().enumerate() {
            let mut indented = false;
            if self.line(previous_end) != self.line(expr_start(arg)) {
                self.printer.ws(Ws::Formfeed);
                self.printer.ws(Ws::Indent);
                indented = true;
            }
            self.walk_expr(arg);
            previous_end = expr_end(arg);
            if i + 1 < args.len() {
                self.printer.token(",", TokKind::Other);
                self.printer.ws(Ws::Blank);
            }
            if indented {
                self.printer.ws(Ws::Unindent);
            }
        }
        let trailing_comma =
            !args.is_empty() && self.line(previous_end) != self.line(rparen.start as usize);
        if self.line(previous_end) != self.line(rparen.start as usize) {
            // The reference writes a comma even without arguments (`f(,`), which does not parse.
            if !args.is_empty() {
                self.printer.token(",", TokKind::Other);
            }
            self.printer.ws(Ws::Formfeed);
        }
        self.closer(")", trailing_comma, !args.is_empty());
    }

    /// Writes a string literal, protected from the tabwriter and trimmer if they would alter it.
    fn literal(&mut self, raw: &str) {
        if literal_at_risk(raw) {
            self.printer.protected_word(raw);
        } else {
            self.printer.word(raw, TokKind::Other);
        }
    }

    fn expr_lines(&self, expr: &Expr) -> usize {
        self.line(expr_end(expr)) - self.line(expr_start(expr)) + 1
    }
}

/// A string literal whose text the tabwriter or the trimmer would change: tabs and vertical
/// tabs split cells, form feeds end lines, blanks before a line end (raw strings) are trimmed.
pub fn literal_at_risk(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    // Most literals hold none of `\t \n \v \f`: a branch-free pass (vectorised) rules them out.
    if !bytes
        .iter()
        .fold(false, |any, &b| any | (b.wrapping_sub(b'\t') < 4))
    {
        return false;
    }
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\t' | b'\x0b' | b'\x0c' => true,
        b' ' => matches!(bytes.get(i + 1), Some(b'\n' | b'\x0c')),
        _ => false,
    })
}

/// Go's `ast.StartPos`.
pub fn expr_start(expr: &Expr) -> usize {
    expr.start() as usize
}

/// Go's `ast.EndPos`: the offset of the last byte (of a tree without syntax errors, whose
/// closers are all one byte).
pub fn expr_end(expr: &Expr) -> usize {
    (expr.end() as usize).saturating_sub(1)
}

pub fn stmt_start(stmt: &Stmt) -> usize {
    match stmt {
        Stmt::Attribute(attr) => attr.name.span().start as usize,
        Stmt::Block(block) => block.name.span().start as usize,
    }
}

pub fn stmt_end(stmt: &Stmt) -> usize {
    match stmt {
        Stmt::Attribute(attr) => expr_end(&attr.value),
        Stmt::Block(block) => block.rcurly.start as usize,
    }
}
