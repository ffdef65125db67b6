//! Following the component graph of the semantic model: which components an attribute's
//! references name (`forward_to` receivers, `targets`, `relabel_rules`), read from the model's
//! resolved references, never from a graph of the rules' own.

use super::values::attribute;
use alloy_diagnostics::Span;
use alloy_semantic::{Model, NodeId, NodeKind, NodeStatus, Reference, Resolution};
use alloy_syntax::ast::Block;

/// The built-in component a node is, by name (`loki.write`).
pub(crate) fn component_name(model: &Model<'_>, node: NodeId) -> Option<&'static str> {
    match model.nodes[node].kind {
        NodeKind::Builtin(c) => Some(c.name),
        _ => None,
    }
}

/// Every node of the graphs (all modules) that is a built-in component, with its schema.
pub(crate) fn builtin_nodes<'m, 'a>(
    model: &'m Model<'a>,
) -> impl Iterator<
    Item = (
        &'m alloy_semantic::Node<'a>,
        &'static alloy_schema::Component,
    ),
> + 'm {
    model.nodes.iter().filter_map(|n| match n.kind {
        NodeKind::Builtin(c) if n.status == NodeStatus::Ok => Some((n, c)),
        _ => None,
    })
}

/// Every node of the graphs (all modules) that is the built-in component `name`.
pub(crate) fn nodes_of<'m>(
    model: &'m Model<'_>,
    name: &'m str,
) -> impl Iterator<Item = NodeId> + 'm {
    (0..model.nodes.len()).filter(move |&n| {
        model.nodes[n].status == NodeStatus::Ok && component_name(model, n) == Some(name)
    })
}

/// The nodes that references inside `span` of `node`'s body name, with each reference.
pub(crate) fn referenced_in<'m, 'a>(
    model: &'m Model<'a>,
    node: NodeId,
    span: Span,
) -> impl Iterator<Item = (NodeId, &'m Reference)> + 'm {
    model
        .references_from(node)
        .iter()
        .filter(move |r| !r.broken && span.start <= r.span().start && r.span().end <= span.end)
        .filter_map(|r| match r.resolution {
            Resolution::Node { node, .. } => Some((node, r)),
            _ => None,
        })
}

/// The nodes the value of `block`'s attribute `name` references (the block is `node`'s own or
/// one nested in it).
pub(crate) fn attribute_targets<'m, 'a>(
    model: &'m Model<'a>,
    node: NodeId,
    block: &Block,
    name: &str,
) -> Vec<(NodeId, &'m Reference)> {
    match attribute(block, name) {
        Some(a) => referenced_in(model, node, a.value.span()).collect(),
        None => Vec::new(),
    }
}

/// Where `node` sends its data: the components its `forward_to` names.
pub(crate) fn forward_to<'m, 'a>(
    model: &'m Model<'a>,
    node: NodeId,
) -> Vec<(NodeId, &'m Reference)> {
    attribute_targets(model, node, model.nodes[node].block, "forward_to")
}

/// Whether any reference anywhere names `node` (its exports are used).
pub(crate) fn is_referenced(model: &Model<'_>, node: NodeId) -> bool {
    model.references_to(node).next().is_some()
}

/// `node`'s id and, for messages, a short form of the path through `nodes`.
pub(crate) fn path_text(model: &Model<'_>, nodes: &[NodeId]) -> String {
    let ids: Vec<&str> = nodes.iter().map(|&n| model.nodes[n].id.as_str()).collect();
    ids.join(" -> ")
}

/// The indentation of the line `offset` is on (spaces and tabs before its first character).
pub(crate) fn indentation(text: &str, offset: u32) -> String {
    let start = text[..(offset as usize).min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    text[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}
