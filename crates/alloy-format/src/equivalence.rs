//! The formatter's safety net: two files are equivalent when their ASTs are equal with spans
//! ignored and they hold the same comments in the same order.

use crate::printer::strip_cr;
use alloy_syntax::ast::*;

/// Where two files first differ, for the internal-error diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    Syntax { before: Span, after: Span },
    Comments { index: usize },
}

pub fn compare_files(before: &File, after: &File) -> Result<(), Difference> {
    compare_bodies(&before.body, &after.body)?;
    compare_comments(&before.comments, &after.comments)
}

/// Comments compare by their text as Alloy reads it (carriage returns dropped).
pub fn compare_comments(before: &[Comment], after: &[Comment]) -> Result<(), Difference> {
    for (index, pair) in before.iter().zip(after).enumerate() {
        if strip_cr(&pair.0.text) != strip_cr(&pair.1.text) {
            return Err(Difference::Comments { index });
        }
    }
    if before.len() != after.len() {
        return Err(Difference::Comments {
            index: before.len().min(after.len()),
        });
    }
    Ok(())
}

fn compare_bodies(before: &[Stmt], after: &[Stmt]) -> Result<(), Difference> {
    for (a, b) in before.iter().zip(after) {
        compare_stmts(a, b)?;
    }
    match (before.get(after.len()), after.get(before.len())) {
        (Some(extra), _) => Err(Difference::Syntax {
            before: extra.span(),
            after: Span::new(0, 0),
        }),
        (_, Some(extra)) => Err(Difference::Syntax {
            before: Span::new(0, 0),
            after: extra.span(),
        }),
        _ => Ok(()),
    }
}

fn differ(before: Span, after: Span) -> Result<(), Difference> {
    Err(Difference::Syntax { before, after })
}

fn compare_stmts(a: &Stmt, b: &Stmt) -> Result<(), Difference> {
    match (a, b) {
        (Stmt::Attribute(x), Stmt::Attribute(y)) => {
            if x.name.name != y.name.name {
                return differ(x.span(), y.span());
            }
            compare_exprs(&x.value, &y.value)
        }
        (Stmt::Block(x), Stmt::Block(y)) => {
            let names_equal = x
                .name
                .parts()
                .map(|p| p.name)
                .eq(y.name.parts().map(|q| q.name));
            // Alloy treats an empty label as no label.
            let label = |block: &Block| {
                block
                    .label
                    .as_ref()
                    .map(|l| l.value.clone())
                    .filter(|v| !v.is_empty())
            };
            if !names_equal || label(x) != label(y) {
                return differ(x.span(), y.span());
            }
            compare_bodies(&x.body, &y.body)
        }
        _ => differ(a.span(), b.span()),
    }
}

fn compare_expr_lists(
    a: &[Expr],
    b: &[Expr],
    outer_a: Span,
    outer_b: Span,
) -> Result<(), Difference> {
    if a.len() != b.len() {
        return differ(outer_a, outer_b);
    }
    for (x, y) in a.iter().zip(b) {
        compare_exprs(x, y)?;
    }
    Ok(())
}

fn compare_exprs(a: &Expr, b: &Expr) -> Result<(), Difference> {
    let same = match (&a.kind, &b.kind) {
        (ExprKind::Number(x), ExprKind::Number(y))
        | (ExprKind::String(x), ExprKind::String(y))
        | (ExprKind::RawString(x), ExprKind::RawString(y)) => x == y,
        (ExprKind::Bool { value: x, .. }, ExprKind::Bool { value: y, .. }) => x == y,
        (ExprKind::Null { .. }, ExprKind::Null { .. }) => true,
        (ExprKind::Ident(x), ExprKind::Ident(y)) => x.name == y.name,
        (ExprKind::Path(x), ExprKind::Path(y)) => {
            x.parts().map(|p| p.name).eq(y.parts().map(|q| q.name))
        }
        (ExprKind::Array { elems: x, .. }, ExprKind::Array { elems: y, .. }) => {
            return compare_expr_lists(x, y, a.span(), b.span());
        }
        (ExprKind::Object { fields: x, .. }, ExprKind::Object { fields: y, .. }) => {
            if x.len() != y.len() {
                return differ(a.span(), b.span());
            }
            for (f, g) in x.iter().zip(y) {
                if f.key != g.key || f.quoted != g.quoted {
                    return differ(f.key_span(), g.key_span());
                }
                compare_exprs(&f.value, &g.value)?;
            }
            return Ok(());
        }
        (ExprKind::Access(x), ExprKind::Access(y)) => {
            if x.name.name != y.name.name {
                return differ(a.span(), b.span());
            }
            return compare_exprs(&x.value, &y.value);
        }
        (ExprKind::Index(x), ExprKind::Index(y)) => {
            compare_exprs(&x.value, &y.value)?;
            return compare_exprs(&x.index, &y.index);
        }
        (ExprKind::Call(f), ExprKind::Call(g)) => {
            compare_exprs(&f.func, &g.func)?;
            return compare_expr_lists(&f.args, &g.args, a.span(), b.span());
        }
        (
            ExprKind::Unary {
                op: p, operand: x, ..
            },
            ExprKind::Unary {
                op: q, operand: y, ..
            },
        ) => {
            if p != q {
                return differ(a.span(), b.span());
            }
            return compare_exprs(x, y);
        }
        (ExprKind::Binary(x), ExprKind::Binary(y)) => {
            if x.op != y.op {
                return differ(a.span(), b.span());
            }
            compare_exprs(&x.lhs, &y.lhs)?;
            return compare_exprs(&x.rhs, &y.rhs);
        }
        (ExprKind::Paren { inner: x, .. }, ExprKind::Paren { inner: y, .. }) => {
            return compare_exprs(x, y)
        }
        _ => false,
    };
    if same {
        Ok(())
    } else {
        differ(a.span(), b.span())
    }
}

/// A compact byte encoding of everything [`compare_files`] looks at (the AST without spans,
/// empty labels as none, comment texts as Alloy reads them): two files are equivalent exactly
/// when their canonical forms are equal. It is much smaller than the AST, so a caller can drop
/// the first AST before parsing the second.
pub fn canonical_form(file: &File) -> Vec<u8> {
    let mut form = Canonical { out: Vec::new() };
    form.file(file);
    form.out
}

/// Whether `file`'s canonical form is `expected`, without building it.
pub fn has_canonical_form(file: &File, expected: &[u8]) -> bool {
    let mut form = Canonical {
        out: Matcher {
            expected,
            matched: 0,
            equal: true,
        },
    };
    form.file(file);
    form.out.equal && form.out.matched == expected.len()
}

/// Where a canonical form goes: a buffer, or a comparison against one.
trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

struct Matcher<'e> {
    expected: &'e [u8],
    matched: usize,
    equal: bool,
}

impl Sink for Matcher<'_> {
    fn put(&mut self, bytes: &[u8]) {
        if !self.equal {
            return;
        }
        let end = self.matched + bytes.len();
        if self.expected.get(self.matched..end) == Some(bytes) {
            self.matched = end;
        } else {
            self.equal = false;
        }
    }
}

struct Canonical<S: Sink> {
    out: S,
}

impl<S: Sink> Canonical<S> {
    fn file(&mut self, file: &File) {
        self.body(&file.body);
        self.tag(0xC0);
        self.len(file.comments.len());
        for comment in &file.comments {
            self.text(&strip_cr(&comment.text));
        }
    }

    fn tag(&mut self, tag: u8) {
        self.out.put(&[tag]);
    }

    fn len(&mut self, len: usize) {
        // LEB128: lengths are mostly small.
        let mut value = len as u64;
        loop {
            let byte = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                self.out.put(&[byte]);
                return;
            }
            self.out.put(&[byte | 0x80]);
        }
    }

    fn text(&mut self, text: &str) {
        self.len(text.len());
        self.out.put(text.as_bytes());
    }

    fn body(&mut self, body: &[Stmt]) {
        self.len(body.len());
        for stmt in body {
            match stmt {
                Stmt::Attribute(attr) => {
                    self.tag(1);
                    self.text(&attr.name.name);
                    self.expr(&attr.value);
                }
                Stmt::Block(block) => {
                    self.tag(2);
                    self.len(block.name.part_count());
                    for part in block.name.parts() {
                        self.text(part.name);
                    }
                    match block.label.as_ref().filter(|l| !l.value.is_empty()) {
                        Some(label) => {
                            self.tag(1);
                            self.text(&label.value);
                        }
                        None => self.tag(0),
                    }
                    self.body(&block.body);
                }
            }
        }
    }

    fn exprs(&mut self, exprs: &[Expr]) {
        self.len(exprs.len());
        for expr in exprs {
            self.expr(expr);
        }
    }

    fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Number(raw) => {
                self.tag(10);
                self.text(raw);
            }
            ExprKind::String(raw) => {
                self.tag(11);
                self.text(raw);
            }
            ExprKind::RawString(raw) => {
                self.tag(12);
                self.text(raw);
            }
            ExprKind::Bool { value, .. } => self.tag(if *value { 13 } else { 14 }),
            ExprKind::Null { .. } => self.tag(15),
            ExprKind::Ident(ident) => {
                self.tag(16);
                self.text(&ident.name);
            }
            // As the chain of field accesses it stands for.
            ExprKind::Path(path) => {
                for _ in 1..path.part_count() {
                    self.tag(19);
                }
                let mut parts = path.parts();
                self.tag(16);
                self.text(parts.next().map_or("", |p| p.name));
                parts.for_each(|part| self.text(part.name));
            }
            ExprKind::Array { elems, .. } => {
                self.tag(17);
                self.exprs(elems);
            }
            ExprKind::Object { fields, .. } => {
                self.tag(18);
                self.len(fields.len());
                for field in fields {
                    self.tag(u8::from(field.quoted));
                    self.text(&field.key);
                    self.expr(&field.value);
                }
            }
            ExprKind::Access(access) => {
                let alloy_syntax::ast::Access { value, name, .. } = &**access;
                self.tag(19);
                self.expr(value);
                self.text(&name.name);
            }
            ExprKind::Index(index) => {
                let alloy_syntax::ast::Index { value, index, .. } = &**index;
                self.tag(20);
                self.expr(value);
                self.expr(index);
            }
            ExprKind::Call(call) => {
                self.tag(21);
                self.expr(&call.func);
                self.exprs(&call.args);
            }
            ExprKind::Unary { op, operand, .. } => {
                self.tag(22);
                self.text(op.as_str());
                self.expr(operand);
            }
            ExprKind::Binary(binary) => {
                let alloy_syntax::ast::Binary { op, lhs, rhs, .. } = &**binary;
                self.tag(23);
                self.text(op.as_str());
                self.expr(lhs);
                self.expr(rhs);
            }
            ExprKind::Paren { inner, .. } => {
                self.tag(24);
                self.expr(inner);
            }
            // Never in a tree that is printed (files with syntax errors are not).
            ExprKind::Error { .. } => self.tag(25),
        }
    }
}

/// Why `output`, another formatter's rendering of `input` (`alloy fmt`'s, in the conformance
/// suites and the differential fuzz target), changes the config, if it does: it does not parse,
/// or it parses to a different AST or different comments. Those are the places where this
/// formatter deliberately departs from the reference.
pub fn meaning_change(input: &str, output: &str) -> Option<String> {
    let output_parse = alloy_syntax::parse(output);
    if output_parse.has_errors() {
        let message = output_parse
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .map(|d| d.message.clone());
        return Some(format!(
            "reference output does not parse ({})",
            message.unwrap_or_default()
        ));
    }
    let input_parse = alloy_syntax::parse(input);
    match compare_files(&input_parse.file, &output_parse.file) {
        Ok(()) => None,
        Err(Difference::Comments { index }) => {
            Some(format!("reference output alters comment #{index}"))
        }
        Err(Difference::Syntax { before, .. }) => {
            let text = input.get(before.range()).unwrap_or("");
            let what = if text.contains('`') {
                "a raw string"
            } else if text.contains('"') {
                "a quoted key, label or string"
            } else {
                "the syntax tree"
            };
            Some(format!(
                "reference output changes {what} at bytes {}..{}",
                before.start, before.end
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> File {
        let parse = alloy_syntax::parse(text);
        assert!(!parse.has_errors(), "{text}");
        parse.file
    }

    #[test]
    fn layout_does_not_matter() {
        let a = file("a = [1,2] // c\nb \"x\" { c = {k = f(1)} }\n");
        let b = file("a = [\n  1,\n  2,\n] // c\nb \"x\" {\n  c = { k = f(1) }\n}\n");
        assert_eq!(compare_files(&a, &b), Ok(()));
        assert_eq!(canonical_form(&a), canonical_form(&b));
        assert!(has_canonical_form(&b, &canonical_form(&a)));
    }

    #[test]
    fn meaning_and_comments_matter() {
        let base = file("a = 1 + 2 // c\n");
        for other in [
            "a = 1 - 2 // c\n",
            "a = (1 + 2) // c\n",
            "a = 1 + 2 // d\n",
            "a = 1 + 2\n",
            "b = 1 + 2 // c\n",
        ] {
            let other = file(other);
            assert!(compare_files(&base, &other).is_err());
            assert_ne!(canonical_form(&base), canonical_form(&other));
            assert!(!has_canonical_form(&other, &canonical_form(&base)));
        }
    }

    #[test]
    fn empty_label_is_no_label() {
        let a = file("b \"\" { }\n");
        let b = file("b { }\n");
        assert_eq!(compare_files(&a, &b), Ok(()));
        assert_eq!(canonical_form(&a), canonical_form(&b));
        assert!(has_canonical_form(&b, &canonical_form(&a)));
    }
}
