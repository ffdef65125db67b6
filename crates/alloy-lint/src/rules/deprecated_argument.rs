//! `deprecated-argument`: an attribute or block the docs mark deprecated.

use super::flow::builtin_nodes;
use super::values::{for_each_schema_item, SchemaItem};
use super::Context;
use crate::Finding;
use alloy_diagnostics::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports an attribute or block the component's documentation marks deprecated: the
    /// schema keeps the docs' note, from the argument and block tables and from the prose
    /// ("The `msmq` block is deprecated", "This block is deprecated"). For example
    /// `enable_protobuf_negotiation` of `prometheus.scrape`, the no-op cache sizes of
    /// `pyroscope.ebpf`, `topic` of the Kafka components, `stage.eventlogmessage` of
    /// `loki.process`, the `logs`/`metrics`/`traces` blocks of `otelcol.processor.filter`,
    /// `text_file` and `msmq` of `prometheus.exporter.windows`.
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

pub(crate) fn check(ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    for (node, component) in builtin_nodes(ctx.model) {
        for_each_schema_item(node.block, component.body(), &mut |item| {
            let (name_span, what, note) = match item {
                SchemaItem::Attribute(_, _, a, schema) => match schema.deprecated {
                    Some(note) => (a.name.span(), format!("`{}`", a.name.name), note),
                    None => return,
                },
                SchemaItem::Block(b, schema) => match schema.deprecated {
                    Some(note) => (b.name_span(), format!("the {} block", schema.name), note),
                    None => return,
                },
            };
            out.push(Finding {
                file: node.file,
                diagnostic: DEPRECATED_ARGUMENT
                    .diagnostic(format!("{what} of {} is deprecated", component.name))
                    .with_primary(name_span, "deprecated")
                    .with_help(format!("the documentation says: {note}")),
            });
        });
    }
}
