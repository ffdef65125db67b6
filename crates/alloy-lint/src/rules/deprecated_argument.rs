//! `deprecated-argument`: an attribute or block the docs mark deprecated.

use super::flow::builtin_nodes;
use super::values::for_each_schema_attribute;
use super::Context;
use crate::Finding;
use alloy_diagnostics::declare_rule;
use alloy_syntax::ast::{Block, Stmt};

declare_rule! {
    /// ## What it does
    /// Reports an attribute the component's documentation marks deprecated (the schema keeps
    /// the docs' note: `enable_protobuf_negotiation` of `prometheus.scrape`, the no-op cache
    /// sizes of `pyroscope.ebpf`, `topic` of the Kafka components, ...), and the deprecated
    /// blocks the docs name (`stage.eventlogmessage` of `loki.process`, `text_file` and
    /// `msmq` of `prometheus.exporter.windows`).
    ///
    /// ## Why
    /// Deprecated settings are kept for compatibility only: many already do nothing, and
    /// they are removed in later releases, when the config stops loading.
    ///
    /// ## Example
    /// ```alloy
    /// prometheus.scrape "default" {
    ///   targets                     = []
    ///   forward_to                  = []
    ///   enable_protobuf_negotiation = true
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// prometheus.scrape "default" {
    ///   targets          = []
    ///   forward_to       = []
    ///   scrape_protocols = ["PrometheusProto", "OpenMetricsText1.0.0", "OpenMetricsText0.0.1", "PrometheusText0.0.4"]
    /// }
    /// ```
    ///
    /// ## Fix
    /// Follow the note in the message: use the replacement it names, or remove a setting
    /// that no longer has an effect.
    pub static DEPRECATED_ARGUMENT = Rule {
        name: "deprecated-argument",
        category: Deprecated,
        severity: Warning,
        alloy_rejects: false,
        fix: None,
        summary: "an attribute or block the documentation marks deprecated",
    };
}

/// Deprecated blocks: (component, block, what to use), from the component pages.
const DEPRECATED_BLOCKS: &[(&str, &str, &str)] = &[
    (
        "loki.process",
        "stage.eventlogmessage",
        "deprecated in favor of stage.windowsevent",
    ),
    (
        "prometheus.exporter.windows",
        "msmq",
        "deprecated as of Alloy v1.9.0",
    ),
    (
        "prometheus.exporter.windows",
        "text_file",
        "deprecated as of Alloy v1.11.0: use the textfile block instead",
    ),
];

pub(crate) fn check(ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    for (node, component) in builtin_nodes(ctx.model) {
        for_each_schema_attribute(node.block, component.body(), &mut |_, _, a, schema| {
            if let Some(note) = schema.deprecated {
                out.push(Finding {
                    file: node.file,
                    diagnostic: DEPRECATED_ARGUMENT
                        .diagnostic(format!(
                            "`{}` of {} is deprecated",
                            a.name.name, component.name
                        ))
                        .with_primary(a.name.span(), "deprecated")
                        .with_help(format!("the documentation says: {note}")),
                });
            }
        });
        for &(name, block, note) in DEPRECATED_BLOCKS {
            if name == component.name {
                deprecated_blocks(node.block, block, &mut |b| {
                    out.push(Finding {
                        file: node.file,
                        diagnostic: DEPRECATED_ARGUMENT
                            .diagnostic(format!("the {block} block of {name} is deprecated"))
                            .with_primary(b.name_span(), "deprecated")
                            .with_help(format!("the documentation says: {note}")),
                    })
                });
            }
        }
    }
}

/// Blocks named `name` anywhere in `block` (stages may be nested in `stage.match`).
fn deprecated_blocks(block: &Block, name: &str, f: &mut dyn FnMut(&Block)) {
    for stmt in block.body.iter() {
        if let Stmt::Block(b) = stmt {
            if b.full_name() == name {
                f(b);
            }
            deprecated_blocks(b, name, f);
        }
    }
}
