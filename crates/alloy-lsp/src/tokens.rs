//! Semantic tokens: block and attribute names and literals from the tree, identifiers from the
//! model's resolved references (component, export, standard library, foreach variable),
//! comments from the file's comment list.

use crate::handlers::Doc;
use alloy_diagnostics::Span;
use alloy_semantic::Resolution;
use alloy_syntax::ast::{Expr, ExprKind, Stmt};
use alloy_syntax::visit::{walk_expr, Visitor};
use lsp_types as lsp;

const TYPES: [lsp::SemanticTokenType; 11] = [
    lsp::SemanticTokenType::NAMESPACE,
    lsp::SemanticTokenType::TYPE,
    lsp::SemanticTokenType::CLASS,
    lsp::SemanticTokenType::PROPERTY,
    lsp::SemanticTokenType::VARIABLE,
    lsp::SemanticTokenType::FUNCTION,
    lsp::SemanticTokenType::STRING,
    lsp::SemanticTokenType::NUMBER,
    lsp::SemanticTokenType::KEYWORD,
    lsp::SemanticTokenType::COMMENT,
    lsp::SemanticTokenType::PARAMETER,
];
const NAMESPACE: u32 = 0;
const TYPE: u32 = 1;
const CLASS: u32 = 2;
const PROPERTY: u32 = 3;
const VARIABLE: u32 = 4;
const FUNCTION: u32 = 5;
const STRING: u32 = 6;
const NUMBER: u32 = 7;
const KEYWORD: u32 = 8;
const COMMENT: u32 = 9;
const PARAMETER: u32 = 10;

const MODIFIERS: [lsp::SemanticTokenModifier; 3] = [
    lsp::SemanticTokenModifier::DECLARATION,
    lsp::SemanticTokenModifier::DEFAULT_LIBRARY,
    lsp::SemanticTokenModifier::READONLY,
];
const DECLARATION: u32 = 1;
const DEFAULT_LIBRARY: u32 = 2;
const READONLY: u32 = 4;

pub fn legend() -> lsp::SemanticTokensLegend {
    lsp::SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: MODIFIERS.to_vec(),
    }
}

#[derive(Default)]
struct Collect {
    /// (span, type, modifiers)
    out: Vec<(Span, u32, u32)>,
}

impl Visitor<'_> for Collect {
    fn visit_expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::String(_) | ExprKind::RawString(_) => self.out.push((expr.span(), STRING, 0)),
            ExprKind::Number(_) => self.out.push((expr.span(), NUMBER, 0)),
            ExprKind::Bool { .. } | ExprKind::Null { .. } => {
                self.out.push((expr.span(), KEYWORD, 0))
            }
            ExprKind::Object { fields, .. } => {
                for f in fields.iter() {
                    let kind = if f.quoted { STRING } else { PROPERTY };
                    self.out.push((f.key_span(), kind, 0));
                }
            }
            _ => {}
        }
        walk_expr(self, expr);
    }
}

fn stmts(body: &[Stmt], top: bool, c: &mut Collect) {
    for s in body {
        match s {
            Stmt::Block(b) => {
                if !b.name_missing() {
                    c.out
                        .push((b.name_span(), if top { CLASS } else { TYPE }, 0));
                }
                if let Some(l) = &b.label {
                    c.out.push((l.span(), STRING, DECLARATION));
                }
                stmts(&b.body, false, c);
            }
            Stmt::Attribute(a) => {
                c.out.push((a.name.span(), PROPERTY, 0));
                c.visit_expr(&a.value);
            }
        }
    }
}

pub fn tokens(doc: &Doc<'_>) -> lsp::SemanticTokens {
    let file = &doc.sources.asts[doc.file];
    let mut c = Collect::default();
    stmts(&file.body, true, &mut c);
    for comment in &file.comments {
        c.out.push((comment.span(), COMMENT, 0));
    }
    for r in doc.model.references.iter().filter(|r| r.file == doc.file) {
        let kinds: Vec<(u32, u32)> = match r.resolution {
            Resolution::Node { consumed, .. } => (0..r.idents.len())
                .map(|i| (if i < consumed { VARIABLE } else { PROPERTY }, 0))
                .collect(),
            Resolution::Stdlib => {
                let function = (1..=r.idents.len())
                    .rev()
                    .find(|&n| alloy_schema::function(&r.text(n)).is_some())
                    .unwrap_or(0);
                (0..r.idents.len())
                    .map(|i| match (i + 1).cmp(&function) {
                        std::cmp::Ordering::Less => (NAMESPACE, DEFAULT_LIBRARY),
                        std::cmp::Ordering::Equal => (FUNCTION, DEFAULT_LIBRARY),
                        std::cmp::Ordering::Greater => (PROPERTY, 0),
                    })
                    .collect()
            }
            Resolution::ForeachVar => vec![(PARAMETER, 0); r.idents.len()],
            Resolution::ModulePath => vec![(VARIABLE, READONLY); r.idents.len()],
            Resolution::ShadowedStdlib { .. } | Resolution::Unresolved => {
                vec![(VARIABLE, 0); r.idents.len()]
            }
        };
        for (ident, (kind, modifiers)) in r.idents.iter().zip(kinds) {
            c.out.push((ident.span(), kind, modifiers));
        }
    }
    c.out.retain(|(s, _, _)| !s.is_empty());
    c.out
        .sort_by_key(|(s, _, _)| (s.start, std::cmp::Reverse(s.end)));
    encode(doc, &c.out)
}

/// LSP's relative encoding; tokens over several lines are cut at line ends and overlapping
/// ones dropped.
fn encode(doc: &Doc<'_>, tokens: &[(Span, u32, u32)]) -> lsp::SemanticTokens {
    let lines = doc.lines();
    let text = doc.text();
    let index = doc.sources.files[doc.file].line_index();
    let mut data = Vec::new();
    let (mut prev_line, mut prev_char) = (0u32, 0u32);
    let mut covered = 0u32;
    for &(span, kind, modifiers) in tokens {
        if span.start < covered {
            continue;
        }
        covered = span.end;
        let first = index.line_of(span.start);
        let last = index.line_of(span.end);
        for line in first..=last {
            let range = index.line_range(text, line);
            let start = span.start.max(range.start as u32);
            let end = span.end.min(range.end as u32);
            if end <= start {
                continue;
            }
            let a = lines.position(start);
            let b = lines.position(end);
            if b.character <= a.character {
                continue;
            }
            let delta_line = a.line - prev_line;
            let delta_start = if delta_line == 0 {
                a.character - prev_char
            } else {
                a.character
            };
            data.push(lsp::SemanticToken {
                delta_line,
                delta_start,
                length: b.character - a.character,
                token_type: kind,
                token_modifiers_bitset: modifiers,
            });
            prev_line = a.line;
            prev_char = a.character;
        }
    }
    lsp::SemanticTokens {
        result_id: None,
        data,
    }
}
