//! Go to definition, find references and rename of a component label: the model's
//! `definition_at` and `references_to`.

use crate::handlers::Doc;
use crate::server::Failure;
use alloy_diagnostics::Span;
use alloy_semantic::{CustomDef, DeclareRef, NodeId, NodeKind, Reference, Resolution};
use lsp_types as lsp;
use std::collections::HashMap;

fn name_and_label(block: &alloy_syntax::ast::Block) -> Span {
    match &block.label {
        Some(l) => block.name_span().cover(l.span()),
        None => block.name_span(),
    }
}

fn touches(span: Span, offset: u32) -> bool {
    span.start <= offset && offset <= span.end
}

/// The declare under `offset`: the name (not the label) of a custom component that
/// instantiates it, or the declare block's own header.
fn declare_at<'a>(doc: &Doc<'a>, offset: u32) -> Option<DeclareRef<'a>> {
    if let Some(node) = doc.model.node_at(doc.file, offset) {
        let n = &doc.model.nodes[node];
        if touches(n.block.name_span(), offset) {
            if let NodeKind::Custom(CustomDef::Declare(d)) = &n.kind {
                return Some(*d);
            }
        }
    }
    doc.model
        .declares
        .iter()
        .find(|d| d.file == doc.file && touches(name_and_label(d.block), offset))
        .map(|d| DeclareRef {
            file: d.file,
            block: d.block,
        })
}

/// The custom components that instantiate `declare`.
fn instances<'a>(doc: &'a Doc<'_>, declare: DeclareRef<'_>) -> impl Iterator<Item = NodeId> + 'a {
    let block = declare.block as *const alloy_syntax::ast::Block;
    doc.model
        .nodes
        .iter()
        .enumerate()
        .filter_map(move |(i, n)| match &n.kind {
            NodeKind::Custom(CustomDef::Declare(d)) if std::ptr::eq(d.block, block) => Some(i),
            _ => None,
        })
}

pub fn definition(doc: &Doc<'_>, offset: u32) -> Option<lsp::GotoDefinitionResponse> {
    if doc.model.reference_at(doc.file, offset).is_none() {
        if let Some(d) = declare_at(doc, offset) {
            let location = doc.location(d.file, name_and_label(d.block))?;
            return Some(lsp::GotoDefinitionResponse::Scalar(location));
        }
    }
    let def = doc.model.definition_at(doc.file, offset)?;
    let location = doc.location(def.file, def.span)?;
    Some(lsp::GotoDefinitionResponse::Scalar(location))
}

/// The identifiers of a reference that name its node (`loki.write.default` of
/// `loki.write.default.receiver`).
fn id_span(r: &Reference) -> Span {
    let consumed = match r.resolution {
        Resolution::Node { consumed, .. } => consumed,
        _ => r.idents.len(),
    };
    r.idents[0]
        .span()
        .cover(r.idents[consumed.max(1) - 1].span())
}

fn target(doc: &Doc<'_>, offset: u32) -> Option<NodeId> {
    doc.model.definition_at(doc.file, offset).map(|d| d.node)
}

pub fn references(
    doc: &Doc<'_>,
    offset: u32,
    include_declaration: bool,
) -> Option<Vec<lsp::Location>> {
    if doc.model.reference_at(doc.file, offset).is_none() {
        if let Some(d) = declare_at(doc, offset) {
            // A custom component: its declare and every component that instantiates it.
            let mut out = Vec::new();
            if include_declaration {
                out.extend(doc.location(d.file, name_and_label(d.block)));
            }
            for node in instances(doc, d) {
                let n = &doc.model.nodes[node];
                out.extend(doc.location(n.file, n.block.name_span()));
            }
            return Some(out);
        }
    }
    let node = target(doc, offset)?;
    let mut out = Vec::new();
    if include_declaration {
        let n = &doc.model.nodes[node];
        out.extend(doc.location(n.file, name_and_label(n.block)));
    }
    for r in doc.model.references_to(node) {
        out.extend(doc.location(r.file, id_span(r)));
    }
    Some(out)
}

/// The label's text without its quotes.
fn label_inner(label: &alloy_syntax::ast::Label) -> Span {
    Span::new(
        label.span().start + 1,
        label
            .span()
            .end
            .saturating_sub(1)
            .max(label.span().start + 1),
    )
}

pub fn prepare_rename(doc: &Doc<'_>, offset: u32) -> Option<lsp::PrepareRenameResponse> {
    let node = target(doc, offset)?;
    let n = &doc.model.nodes[node];
    let label = n.block.label.as_ref()?;
    let range = match doc.model.reference_at(doc.file, offset) {
        Some(r) => match r.resolution {
            Resolution::Node { consumed, .. } => doc.range(r.idents[consumed - 1].span()),
            _ => return None,
        },
        None if n.file == doc.file => doc.range(label_inner(label)),
        None => return None,
    };
    Some(lsp::PrepareRenameResponse::RangeWithPlaceholder {
        range,
        placeholder: label.value.to_string(),
    })
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Renames the label of the component under `offset` and every reference to it.
pub fn rename(
    doc: &Doc<'_>,
    offset: u32,
    new_name: &str,
) -> Result<Option<lsp::WorkspaceEdit>, Failure> {
    let Some(node) = target(doc, offset) else {
        return Err(Failure::failed("no component label here to rename"));
    };
    let n = &doc.model.nodes[node];
    let Some(label) = n.block.label.as_ref() else {
        return Err(Failure::failed(format!(
            "{} has no label to rename",
            n.block.full_name()
        )));
    };
    if !is_identifier(new_name) {
        return Err(Failure::invalid(format!(
            "{new_name:?} is not a valid label: use letters, digits and `_`, not starting with a digit"
        )));
    }
    let new_id = format!("{}.{new_name}", n.block.full_name());
    if let Some((other, _)) = doc.model.lookup(n.module, &new_id) {
        if other != node {
            return Err(Failure::failed(format!("{new_id} is already defined")));
        }
    }
    let mut changes: HashMap<lsp::Url, Vec<lsp::TextEdit>> = HashMap::new();
    let mut add = |file, span| {
        if let Some(location) = doc.location(file, span) {
            changes
                .entry(location.uri)
                .or_default()
                .push(lsp::TextEdit {
                    range: location.range,
                    new_text: new_name.to_string(),
                });
        }
    };
    add(n.file, label_inner(label));
    for r in doc.model.references_to(node) {
        if let Resolution::Node { consumed, .. } = r.resolution {
            add(r.file, r.idents[consumed - 1].span());
        }
    }
    Ok(Some(lsp::WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    }))
}
