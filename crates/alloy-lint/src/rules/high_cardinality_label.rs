//! `high-cardinality-label`: a label whose value is unbounded (ids, timestamps, messages,
//! paths), made by a relabel rule or a `loki.process` stage.

use super::flow::builtin_nodes;
use super::values::{attribute, blocks, const_string, const_strings, expr_string, object_fields};
use super::Context;
use crate::Finding;
use alloy_diagnostics::{declare_rule, Span};
use alloy_semantic::Node;
use alloy_syntax::ast::{Block, ExprKind};
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it does
    /// Reports a label whose value is unbounded: set by a relabel rule (`target_label`,
    /// `labelmap`) from a discovered or journal field that is unique per process, boot,
    /// container or pod (`__journal__boot_id`, `__journal__pid`, `__journal__cursor`,
    /// `__meta_docker_container_id`, `__meta_kubernetes_pod_uid`, `__meta_kubernetes_pod_ip`
    /// ...), or promoted by `stage.labels` from a field named like a trace, span or request
    /// id, a timestamp, a whole message, a URL or a path. Extra names come from
    /// `high-cardinality-labels` in `.alloylint.toml`. A label that a later
    /// `stage.structured_metadata` of the same `loki.process` names (or matches with its
    /// `regex`) is moved out of the labels there, and is not reported.
    ///
    /// ## Why
    /// Every distinct label value is a new stream in Loki and a new series in Prometheus or
    /// Mimir. Unbounded values multiply the index until ingestion is throttled and queries
    /// time out. Such values belong in the log line or in structured metadata.
    ///
    /// ## Example
    /// ```alloy
    /// loki.relabel "journal" {
    ///   forward_to = []
    ///
    ///   rule {
    ///     source_labels = ["__journal__boot_id"]
    ///     target_label  = "boot_id"
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// loki.relabel "journal" {
    ///   forward_to = []
    ///
    ///   rule {
    ///     source_labels = ["__journal__systemd_unit"]
    ///     target_label  = "unit"
    ///   }
    /// }
    /// ```
    ///
    /// ## Fix
    /// Keep the value out of the labels: `stage.structured_metadata` in `loki.process`
    /// attaches it to each entry without creating streams, and queries can still filter on
    /// it.
    ///
    /// ## On the host
    /// With `--fs-root` or `--run-as` (the host Alloy runs on), the config is also run by
    /// `alloy-runtime` as `alloylint explain` runs it, and the message says how many streams
    /// leave the component there and how many distinct values the label has among them (or
    /// that they come from the log lines, splitting every stream further).
    pub static HIGH_CARDINALITY_LABEL = Rule {
        name: "high-cardinality-label",
        category: Cardinality,
        severity: Warning,
        alloy_rejects: false,
        fix: None,
        summary: "a label whose value is unbounded (ids, timestamps, messages, URLs, paths)",
    };
}

/// Discovered and journal labels whose values are unique per boot, process, container or pod.
const UNBOUNDED_SOURCES: &[&str] = &[
    "__journal___cursor",
    "__journal___monotonic_timestamp",
    "__journal___realtime_timestamp",
    "__journal__audit_session",
    "__journal__boot_id",
    "__journal__cmdline",
    "__journal__cursor",
    "__journal__pid",
    "__journal__source_monotonic_timestamp",
    "__journal__source_realtime_timestamp",
    "__journal__stream_id",
    "__journal__systemd_invocation_id",
    "__journal__tid",
    "__journal_invocation_id",
    "__journal_message",
    "__journal_syslog_pid",
    "__journal_syslog_timestamp",
    "__meta_docker_container_id",
    "__meta_docker_network_ip",
    "__meta_dockerswarm_task_id",
    "__meta_kubernetes_pod_container_id",
    "__meta_kubernetes_pod_ip",
    "__meta_kubernetes_pod_uid",
];

/// Field names (lower case, without `_`, `-` and `.`) whose values are unbounded.
const UNBOUNDED_FIELDS: &[&str] = &[
    "bootid",
    "clientip",
    "containerid",
    "correlationid",
    "cursor",
    "datetime",
    "duration",
    "elapsed",
    "latency",
    "message",
    "msg",
    "path",
    "pid",
    "podip",
    "poduid",
    "query",
    "remoteaddr",
    "remoteip",
    "reqid",
    "requestid",
    "requestpath",
    "requesturi",
    "responsetime",
    "sessionid",
    "spanid",
    "srcip",
    "tid",
    "timestamp",
    "traceid",
    "ts",
    "uri",
    "url",
    "useragent",
    "userid",
    "uuid",
];

impl Context<'_, '_> {
    fn unbounded_field(&self, name: &str) -> bool {
        let normal: String = name
            .chars()
            .filter(|c| !matches!(c, '_' | '-' | '.'))
            .flat_map(char::to_lowercase)
            .collect();
        UNBOUNDED_FIELDS.binary_search(&normal.as_str()).is_ok()
            || self
                .options
                .high_cardinality_labels
                .iter()
                .any(|l| l == name)
    }

    fn unbounded_source(&self, name: &str) -> bool {
        UNBOUNDED_SOURCES.binary_search(&name).is_ok()
            || self
                .options
                .high_cardinality_labels
                .iter()
                .any(|l| l == name)
    }
}

/// What the run on the host (`--fs-root`/`--run-as`) says `node` forwards: the streams and
/// the values of `label` among them.
fn on_host(ctx: &Context<'_, '_>, node: &Node<'_>, label: &str) -> Option<String> {
    let id = ctx.run_id(node)?;
    let sets = ctx.host_run()?.forwarded_by(id);
    if sets.is_empty() {
        return None;
    }
    let (streams, leave) = match sets.len() {
        1 => ("1 stream".to_string(), "leaves"),
        n => (format!("{n} streams"), "leave"),
    };
    if sets.iter().any(|l| l.unknown.contains_key(label)) {
        return Some(format!(
            " (on this host: {streams} {leave} {id}, each split again by every value of `{label}` in the log lines)"
        ));
    }
    let values: BTreeSet<&str> = sets
        .iter()
        .filter_map(|l| l.known.get(label))
        .map(String::as_str)
        .collect();
    Some(format!(
        " (on this host: {} distinct values of `{label}` in the {streams} leaving {id})",
        values.len()
    ))
}

pub(crate) fn check(ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    for (node, component) in builtin_nodes(ctx.model) {
        let mut report = |label: &str, from: String, span: Span| {
            let host = on_host(ctx, node, label).unwrap_or_default();
            out.push(Finding {
                file: node.file,
                diagnostic: HIGH_CARDINALITY_LABEL
                    .diagnostic(format!(
                        "label `{label}` of {} takes its value from {from}, which is unbounded{host}",
                        node.id
                    ))
                    .with_primary(span, "one stream or series per distinct value")
                    .with_help("keep it out of the labels: attach it as structured metadata (loki.process stage.structured_metadata) or leave it in the log line"),
            });
        };
        if component.name == "loki.process" {
            process_stages(ctx, node.block, &[], &mut report);
        } else if component.body().block("rule").is_some() {
            for rule in blocks(node.block)
                .filter(|(n, _)| n == "rule")
                .map(|(_, b)| b)
            {
                relabel_rule(ctx, rule, &mut report);
            }
        }
    }
}

fn relabel_rule(ctx: &Context<'_, '_>, rule: &Block, report: &mut dyn FnMut(&str, String, Span)) {
    let action = const_string(rule, "action").unwrap_or_else(|| "replace".to_string());
    match action.to_ascii_lowercase().as_str() {
        "replace" => {
            let (Some(target), Some(sources)) = (
                const_string(rule, "target_label"),
                const_strings(rule, "source_labels"),
            ) else {
                return;
            };
            if target.starts_with("__") {
                return;
            }
            let replacement = const_string(rule, "replacement").unwrap_or_else(|| "$1".to_string());
            // The label gets the whole source value only with the default regex (or another
            // that captures everything); a regex that picks out part of it (`^(\S+)://`:
            // the container runtime) may well be bounded.
            let regex = const_string(rule, "regex").unwrap_or_else(|| "(.*)".to_string());
            let whole = matches!(regex.as_str(), "(.*)" | "(.+)" | "^(.*)$" | "^(.+)$");
            if !whole || !matches!(replacement.as_str(), "$1" | "${1}") {
                return;
            }
            if let Some(source) = sources.iter().find(|s| ctx.unbounded_source(s)) {
                let span =
                    attribute(rule, "target_label").map_or(rule.name_span(), |a| a.value.span());
                report(&target, format!("`{source}`"), span);
            }
        }
        "labelmap" => {
            let regex = const_string(rule, "regex").unwrap_or_else(|| "(.*)".to_string());
            let replacement = const_string(rule, "replacement").unwrap_or_else(|| "$1".to_string());
            let Ok(re) = alloy_regex::GoRegex::relabel(&regex) else {
                return;
            };
            let mut mapped = Vec::new();
            for source in UNBOUNDED_SOURCES.iter().copied() {
                let Some(groups) = re.find_submatch_index(source) else {
                    continue;
                };
                let label = re.expand(&replacement, source, &groups);
                if !label.is_empty() && !label.starts_with("__") {
                    mapped.push((label, source));
                }
            }
            if let Some((label, source)) = mapped.first() {
                let span = attribute(rule, "regex").map_or(rule.name_span(), |a| a.value.span());
                let more = match mapped.len() {
                    1 => String::new(),
                    n => format!(
                        " (and {} more unbounded fields this labelmap copies: {})",
                        n - 1,
                        mapped[1..]
                            .iter()
                            .map(|(l, _)| format!("`{l}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                report(label, format!("`{source}`{more}"), span);
            }
        }
        _ => {}
    }
}

/// The labels `stage.labels` promotes in a `loki.process` (`block`, or a `stage.match` in it
/// with `after`, the stages that follow that match), unless a later
/// `stage.structured_metadata` moves them out of the labels again.
fn process_stages(
    ctx: &Context<'_, '_>,
    block: &Block,
    after: &[&Block],
    report: &mut dyn FnMut(&str, String, Span),
) {
    let stages: Vec<(String, &Block)> = blocks(block).collect();
    for (i, (name, stage)) in stages.iter().enumerate() {
        let later: Vec<&Block> = stages[i + 1..]
            .iter()
            .map(|(_, b)| *b)
            .chain(after.iter().copied())
            .collect();
        let moved = |label: &str| {
            later.iter().any(|b| {
                b.full_name() == "stage.structured_metadata"
                    && super::stages::moves_label_to_metadata(b, label)
            })
        };
        match name.as_str() {
            "stage.match" => process_stages(ctx, stage, &later, report),
            "stage.labels" => {
                let Some(fields) = attribute(stage, "values").and_then(|a| object_fields(&a.value))
                else {
                    continue;
                };
                for f in fields {
                    let field = match &f.value.kind {
                        ExprKind::Null { .. } => f.key.to_string(),
                        _ => expr_string(&f.value)
                            .filter(|v| !v.is_empty())
                            .unwrap_or_else(|| f.key.to_string()),
                    };
                    if (ctx.unbounded_field(&field) || ctx.unbounded_field(&f.key))
                        && !moved(&f.key)
                    {
                        report(
                            &f.key,
                            format!("the extracted field `{field}`"),
                            f.key_span(),
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_for_binary_search() {
        for table in [UNBOUNDED_SOURCES, UNBOUNDED_FIELDS] {
            for pair in table.windows(2) {
                assert!(pair[0] < pair[1], "{} then {}", pair[0], pair[1]);
            }
        }
    }
}
