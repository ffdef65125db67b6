//! Signature help for standard-library calls: the innermost call around the cursor whose
//! function the schema knows.

use crate::handlers::Doc;
use alloy_semantic::Element;
use alloy_syntax::ast::{Expr, ExprKind};
use lsp_types as lsp;

/// `string.format` for the callee `string.format`; `None` for anything but a dotted name.
fn dotted_name(expr: &Expr) -> Option<String> {
    match &expr.kind {
        ExprKind::Ident(i) => Some(i.name.to_string()),
        ExprKind::Path(path) => Some(path.dotted().into_owned()),
        ExprKind::Access(access) => {
            let alloy_syntax::ast::Access { value, name, .. } = &**access;
            Some(format!("{}.{}", dotted_name(value)?, name.name))
        }
        _ => None,
    }
}

pub fn signature_help(doc: &Doc<'_>, offset: u32) -> Option<lsp::SignatureHelp> {
    let at = doc.model.element_at(doc.file, offset)?;
    let Element::Value(_, exprs) = &at.element else {
        return None;
    };
    let (function, args) = exprs.iter().rev().find_map(|e| match &e.kind {
        ExprKind::Call(call)
            if call.lparen.start < offset
                && (call.rparen.is_empty() || offset <= call.rparen.start) =>
        {
            alloy_schema::function(&dotted_name(&call.func)?).map(|f| (f, &call.args))
        }
        _ => None,
    })?;
    let signature = function.signature.unwrap_or(function.name);
    let before = args
        .iter()
        .filter(|a| a.span().end < offset && !a.span().is_empty())
        .count();
    let active = match (function.params.len(), function.is_variadic()) {
        (0, _) => 0,
        (n, true) => before.min(n - 1),
        (n, false) => before.min(n - 1),
    } as u32;
    let parameters = function
        .params
        .iter()
        .map(|p| lsp::ParameterInformation {
            label: lsp::ParameterLabel::Simple(p.to_string()),
            documentation: None,
        })
        .collect();
    Some(lsp::SignatureHelp {
        signatures: vec![lsp::SignatureInformation {
            label: signature.to_string(),
            documentation: (!function.description.is_empty()).then(|| {
                lsp::Documentation::MarkupContent(lsp::MarkupContent {
                    kind: lsp::MarkupKind::Markdown,
                    value: function.description.to_string(),
                })
            }),
            parameters: Some(parameters),
            active_parameter: Some(active),
        }],
        active_signature: Some(0),
        active_parameter: Some(active),
    })
}
