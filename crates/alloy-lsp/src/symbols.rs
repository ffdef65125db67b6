//! Outline (document symbols), workspace symbols (the model's nodes) and folding ranges.

use crate::handlers::Doc;
use crate::text::Lines;
use crate::world::{file_lines, file_uri, ConfigKey, World};
use alloy_diagnostics::Span;
use alloy_semantic::{Model, NodeKind, NodeStatus};
use alloy_syntax::ast::{Block, Expr, ExprKind, Stmt};
use lsp_types as lsp;
use std::collections::BTreeSet;

fn block_title(block: &Block) -> String {
    let name = if block.name_missing() {
        "<block>".to_string()
    } else {
        block.full_name()
    };
    match &block.label {
        Some(l) => format!("{name} \"{}\"", l.value),
        None => name,
    }
}

fn block_kind(block: &Block, top: bool) -> lsp::SymbolKind {
    let name = block.full_name();
    match name.as_str() {
        "declare" => lsp::SymbolKind::MODULE,
        "argument" => lsp::SymbolKind::VARIABLE,
        "export" => lsp::SymbolKind::PROPERTY,
        _ if name.starts_with("import.") => lsp::SymbolKind::NAMESPACE,
        _ if top => lsp::SymbolKind::CLASS,
        _ => lsp::SymbolKind::STRUCT,
    }
}

fn stmt_symbols(stmts: &[Stmt], lines: &Lines<'_>, top: bool) -> Vec<lsp::DocumentSymbol> {
    stmts
        .iter()
        .map(|stmt| match stmt {
            Stmt::Block(b) => {
                let selection = match &b.label {
                    Some(l) => b.name_span().cover(l.span()),
                    None => b.name_span(),
                };
                #[allow(deprecated)]
                lsp::DocumentSymbol {
                    name: block_title(b),
                    detail: None,
                    kind: block_kind(b, top),
                    tags: None,
                    deprecated: None,
                    range: lines.range(b.span()),
                    selection_range: lines.range(selection),
                    children: Some(stmt_symbols(&b.body, lines, false)),
                }
            }
            Stmt::Attribute(a) =>
            {
                #[allow(deprecated)]
                lsp::DocumentSymbol {
                    name: if a.name.name.is_empty() {
                        "<attribute>".into()
                    } else {
                        a.name.name.to_string()
                    },
                    detail: None,
                    kind: lsp::SymbolKind::FIELD,
                    tags: None,
                    deprecated: None,
                    range: lines.range(a.span()),
                    selection_range: lines.range(a.name.span()),
                    children: None,
                }
            }
        })
        .collect()
}

pub fn document_symbols(doc: &Doc<'_>) -> Vec<lsp::DocumentSymbol> {
    stmt_symbols(&doc.sources.asts[doc.file].body, &doc.lines(), true)
}

/// Every component and config block of the open documents' configs and of the workspace
/// folders' directory configs whose id contains `query` (case-insensitive).
pub fn workspace_symbols(world: &mut World, query: &str) -> Vec<lsp::SymbolInformation> {
    let mut configs: BTreeSet<ConfigKey> = world
        .docs
        .values()
        .map(|d| world.config_of(&d.path))
        .collect();
    configs.extend(world.roots.iter().map(|r| ConfigKey(r.clone())));
    let query = query.to_lowercase();
    let encoding = world.encoding();
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for config in configs {
        let sources = world.sources(&config);
        let model = Model::build(&sources);
        for node in &model.nodes {
            if node.status != NodeStatus::Ok || !node.id.to_lowercase().contains(&query) {
                continue;
            }
            let file = &sources.files[node.file];
            let Some(uri) = file_uri(&file.path) else {
                continue;
            };
            let range = file_lines(file, encoding).range(node.block.span());
            if !seen.insert((uri.to_string(), range.start.line, range.start.character)) {
                continue;
            }
            let kind = match node.kind {
                NodeKind::Import => lsp::SymbolKind::NAMESPACE,
                NodeKind::Argument => lsp::SymbolKind::VARIABLE,
                NodeKind::Export => lsp::SymbolKind::PROPERTY,
                _ => lsp::SymbolKind::CLASS,
            };
            #[allow(deprecated)]
            out.push(lsp::SymbolInformation {
                name: node.id.clone(),
                kind,
                tags: None,
                deprecated: None,
                location: lsp::Location { uri, range },
                container_name: None,
            });
        }
    }
    out
}

/// Blocks, multi-line arrays and objects, block comments and runs of line comments.
pub fn folding_ranges(doc: &Doc<'_>) -> Vec<lsp::FoldingRange> {
    let lines = doc.lines();
    let mut out = Vec::new();
    let mut fold = |open: Span, close: Span, kind: Option<lsp::FoldingRangeKind>| {
        let start = lines.position(open.start).line;
        let end = lines.position(close.start).line;
        if end > start + 1 || (kind.is_some() && end > start) {
            out.push(lsp::FoldingRange {
                start_line: start,
                start_character: None,
                end_line: if kind.is_some() { end } else { end - 1 },
                end_character: None,
                kind,
                collapsed_text: None,
            });
        }
    };
    fn exprs(expr: &Expr, fold: &mut dyn FnMut(Span, Span, Option<lsp::FoldingRangeKind>)) {
        match &expr.kind {
            ExprKind::Array {
                elems,
                lbrack,
                rbrack,
            } => {
                fold(lbrack.span(), *rbrack, None);
                elems.iter().for_each(|e| exprs(e, fold));
            }
            ExprKind::Object {
                fields,
                lcurly,
                rcurly,
            } => {
                fold(lcurly.span(), *rcurly, None);
                fields.iter().for_each(|f| exprs(&f.value, fold));
            }
            ExprKind::Call(call) => call.args.iter().for_each(|e| exprs(e, fold)),
            ExprKind::Binary(binary) => {
                let alloy_syntax::ast::Binary { lhs, rhs, .. } = &**binary;
                exprs(lhs, fold);
                exprs(rhs, fold);
            }
            ExprKind::Paren { inner, .. } => exprs(inner, fold),
            _ => {}
        }
    }
    fn stmts(body: &[Stmt], fold: &mut dyn FnMut(Span, Span, Option<lsp::FoldingRangeKind>)) {
        for stmt in body {
            match stmt {
                Stmt::Block(b) => {
                    fold(b.lcurly.span(), b.rcurly, None);
                    stmts(&b.body, fold);
                }
                Stmt::Attribute(a) => exprs(&a.value, fold),
            }
        }
    }
    let file = &doc.sources.asts[doc.file];
    stmts(&file.body, &mut fold);
    // Comments: a block comment over several lines, or line comments on consecutive lines.
    let mut run: Option<(Span, Span, u32)> = None;
    for c in &file.comments {
        let line = lines.position(c.span().start).line;
        if c.is_block() {
            fold(
                c.span(),
                Span::at(c.span().end),
                Some(lsp::FoldingRangeKind::Comment),
            );
            continue;
        }
        run = match run {
            Some((first, _, last)) if last + 1 == line => Some((first, c.span(), line)),
            Some((first, last_span, _)) => {
                fold(first, last_span, Some(lsp::FoldingRangeKind::Comment));
                Some((c.span(), c.span(), line))
            }
            None => Some((c.span(), c.span(), line)),
        };
    }
    if let Some((first, last, _)) = run {
        fold(first, last, Some(lsp::FoldingRangeKind::Comment));
    }
    out.sort_by_key(|r| (r.start_line, r.end_line));
    out
}
