//! `unused-component`: a component whose exports nobody references and that sends nowhere.

use super::flow::{forward_to, is_referenced};
use super::values::attribute;
use super::Context;
use crate::Finding;
use alloy_diagnostics::declare_rule;
use alloy_semantic::{NodeKind, NodeStatus};
use alloy_syntax::ast::{Block, ExprKind, Stmt};

declare_rule! {
    /// ## What it does
    /// Reports a built-in component that exports something (targets, a receiver, a file's
    /// content, rules) that no expression references, and that sends nowhere itself (no
    /// non-empty `forward_to`, no `output` block).
    ///
    /// ## Why
    /// Such a component does nothing useful: a writer nobody forwards to sends nothing, an
    /// exporter nobody scrapes is never read, a `local.file` nobody reads is only polled. It
    /// is usually a leftover, or a reference that was meant to name it has a typo elsewhere.
    ///
    /// ## Example
    /// ```alloy
    /// // options: select=unused-component
    /// prometheus.exporter.unix "node" {
    /// }
    ///
    /// prometheus.exporter.self "alloy" {
    /// }
    ///
    /// prometheus.scrape "node" {
    ///   targets    = prometheus.exporter.unix.node.targets
    ///   forward_to = []
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// // options: select=unused-component
    /// prometheus.exporter.unix "node" {
    /// }
    ///
    /// prometheus.scrape "node" {
    ///   targets    = prometheus.exporter.unix.node.targets
    ///   forward_to = []
    /// }
    /// ```
    ///
    /// The rule is opt-in (snippets and configs split across directories trip it): enable it
    /// with `select = ["unused-component"]` (or `"suspicious"`, `"all"`) in `.alloylint.toml`
    /// or `--select unused-component`.
    ///
    /// ## Fix
    /// Remove the component, or reference its exports where they were meant to be used.
    /// Components that serve something on their own (`otelcol.extension.*`) are not
    /// reported.
    pub static UNUSED_COMPONENT = Rule {
        name: "unused-component",
        category: Suspicious,
        severity: Warning,
        alloy_rejects: false,
        fix: None,
        summary: "a component whose exports nobody references and that sends nowhere",
    };
}

pub(crate) fn check(ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    for (id, node) in model.nodes.iter().enumerate() {
        let NodeKind::Builtin(component) = node.kind else {
            continue;
        };
        if node.status != NodeStatus::Ok
            || component.exports().is_empty()
            || component.name.starts_with("otelcol.extension.")
            || is_referenced(model, id)
            || sends(node.block)
            || !forward_to(model, id).is_empty()
        {
            continue;
        }
        let exports: Vec<&str> = component.exports().iter().map(|e| e.name).collect();
        out.push(Finding {
            file: node.file,
            diagnostic: UNUSED_COMPONENT
                .diagnostic(format!(
                    "{} is never used: nothing references its {} and it sends nowhere",
                    node.id,
                    exports.join(", ")
                ))
                .with_primary(super::header_span(node.block), "unused component")
                .with_help(format!(
                    "reference {}.{} where it is meant to be used, or remove the component",
                    node.id, exports[0]
                )),
        });
    }
}

/// A non-empty `forward_to`, or an `output` block (otelcol components): the component sends.
fn sends(block: &Block) -> bool {
    let non_empty = |e: &alloy_syntax::ast::Expr| !matches!(&e.kind, ExprKind::Array { elems, .. } if elems.is_empty());
    attribute(block, "forward_to").is_some_and(|a| non_empty(&a.value))
        || block
            .body
            .iter()
            .any(|s| matches!(s, Stmt::Block(b) if b.full_name() == "output"))
}
