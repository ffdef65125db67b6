//! `stage-labels-literal`: `stage.labels` naming a field no earlier stage extracts, where
//! `stage.static_labels` was meant.

use super::flow::{self, nodes_of};
use super::values::{self, attribute, blocks, const_string, expr_string, object_fields};
use super::Context;
use crate::Finding;
use alloy_diagnostics::{declare_rule, Applicability, Edit, Fix};
use alloy_semantic::NodeId;
use alloy_syntax::ast::{Block, ExprKind};
use std::collections::HashSet;

declare_rule! {
    /// ## What it does
    /// Reports `stage.labels` values that name a field no earlier stage of the `loki.process`
    /// extracts (`stage.regex` named groups, `stage.json` expressions, `stage.logfmt`
    /// mapping, `stage.template`, `stage.docker`, `stage.cri`): `values = { level = "info" }`
    /// written to set the label `level` to `info`.
    ///
    /// ## Why
    /// In `stage.labels` the value is the name of an extracted field to copy, not the label's
    /// value. A field named `info` does not exist, so the label is never set, silently.
    /// `stage.static_labels` sets fixed values.
    ///
    /// ## Example
    /// ```alloy
    /// loki.process "default" {
    ///   forward_to = []
    ///
    ///   stage.labels {
    ///     values = {
    ///       env = "production",
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// loki.process "default" {
    ///   forward_to = []
    ///
    ///   stage.static_labels {
    ///     values = {
    ///       env = "production",
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// Stream labels are fields too: values naming a label set upstream (by relabel rules,
    /// `stage.static_labels` or `stage.labels` of the components that forward to it, by the
    /// source itself, or a common one such as `job`) are not reported.
    ///
    /// ## Fix
    /// When every value of the stage is such a literal, the fix rewrites the stage as
    /// `stage.static_labels` (unsafe: check that a fixed value was meant). A field that
    /// comes from a label set upstream is not extracted by the stages: write its name as the
    /// value only when it is the key (`level = ""`), or keep it and suppress the finding.
    pub static STAGE_LABELS_LITERAL = Rule {
        name: "stage-labels-literal",
        category: Correctness,
        severity: Warning,
        alloy_rejects: false,
        fix: Some(Unsafe),
        summary: "stage.labels copies a field no earlier stage extracts (stage.static_labels was meant)",
    };
}

/// What the stages so far extract.
#[derive(Clone, Default)]
struct Extracted {
    names: HashSet<String>,
    /// A stage extracted fields whose names are not known from the config.
    unknown: bool,
}

pub(crate) fn check(ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    for id in nodes_of(ctx.model, "loki.process") {
        let node = &ctx.model.nodes[id];
        // Stream labels are in the extracted map too: those set upstream count as fields.
        let mut extracted = Extracted::default();
        extracted
            .names
            .extend(COMMON_LABELS.iter().map(|l| l.to_string()));
        upstream_labels(ctx, id, 0, &mut extracted.names);
        walk_stages(node.block, &mut extracted, &mut |stage, literals, all| {
            let names: Vec<String> = literals
                .iter()
                .map(|(k, v, _)| format!("{k} = \"{v}\""))
                .collect();
            let mut d = STAGE_LABELS_LITERAL
                .diagnostic(format!(
                    "stage.labels in {} copies fields that no earlier stage extracts: {}",
                    node.id,
                    names.join(", ")
                ))
                .with_primary(stage.name_span(), "values here name extracted fields");
            for (_, value, span) in literals {
                d = d.with_secondary(*span, format!("no stage extracts a field `{value}`"));
            }
            d = d.with_help("stage.labels sets each label from the extracted field its value names; to set fixed values use stage.static_labels");
            if all {
                d = d.with_fix(Fix {
                    title: "Rewrite as stage.static_labels".to_string(),
                    applicability: Applicability::Unsafe,
                    edits: vec![Edit {
                        span: stage.name_span(),
                        replacement: "stage.static_labels".to_string(),
                    }],
                });
            }
            out.push(Finding {
                file: node.file,
                diagnostic: d,
            });
        });
    }
}

/// Labels that sources commonly set or that pipelines set everywhere: a value naming one
/// copies that label.
const COMMON_LABELS: &[&str] = &[
    "app",
    "cluster",
    "container",
    "detected_level",
    "env",
    "filename",
    "host",
    "hostname",
    "instance",
    "job",
    "level",
    "namespace",
    "node",
    "pod",
    "service_name",
    "stream",
];

/// Labels components set on their entries (from their reference pages).
const SOURCE_LABELS: &[(&str, &[&str])] = &[
    (
        "loki.source.kubernetes_events",
        &["job", "instance", "namespace"],
    ),
    ("loki.source.windowsevent", &["channel", "computer"]),
];

/// The labels set upstream of `node`: relabel rules (`target_label`), static labels and
/// promoted labels of the components that forward to it, and the labels its sources set,
/// followed backwards through the model's references.
fn upstream_labels(ctx: &Context<'_, '_>, node: NodeId, depth: usize, out: &mut HashSet<String>) {
    if depth > 16 {
        return;
    }
    let model = ctx.model;
    let senders: Vec<NodeId> = model
        .references_to(node)
        .filter(|r| {
            values::attribute(model.nodes[r.from].block, "forward_to").is_some_and(|a| {
                a.value.span().start <= r.span().start && r.span().end <= a.value.span().end
            })
        })
        .map(|r| r.from)
        .collect();
    for sender in senders {
        let block = model.nodes[sender].block;
        let name = flow::component_name(model, sender);
        if let Some((_, labels)) = SOURCE_LABELS.iter().find(|(n, _)| Some(*n) == name) {
            out.extend(labels.iter().map(|l| l.to_string()));
        }
        out.extend(set_labels(block));
        // Sources take relabel rules from a loki.relabel or discovery.relabel.
        for (rules, _) in flow::attribute_targets(model, sender, block, "relabel_rules") {
            out.extend(set_labels(model.nodes[rules].block));
        }
        if matches!(name, Some("loki.relabel" | "loki.process")) {
            upstream_labels(ctx, sender, depth + 1, out);
        }
    }
}

/// Labels a component's relabel rules and stages set.
fn set_labels(block: &Block) -> Vec<String> {
    let mut out = Vec::new();
    for (name, b) in blocks(block) {
        match name.as_str() {
            "rule" => out.extend(const_string(b, "target_label")),
            "stage.static_labels" | "stage.labels" => out.extend(
                attribute(b, "values")
                    .and_then(|a| object_fields(&a.value))
                    .into_iter()
                    .flatten()
                    .map(|f| f.key.to_string()),
            ),
            _ => {}
        }
    }
    out
}

type Report<'r> = dyn FnMut(&Block, &[(String, String, alloy_diagnostics::Span)], bool) + 'r;

fn walk_stages(block: &Block, extracted: &mut Extracted, report: &mut Report<'_>) {
    for (name, stage) in blocks(block) {
        match name.as_str() {
            "stage.labels" if !extracted.unknown => check_labels(stage, extracted, report),
            "stage.match" => {
                let mut inner = extracted.clone();
                walk_stages(stage, &mut inner, report);
                // Fields extracted for some entries may be there for later stages.
                extracted.names.extend(inner.names);
                extracted.unknown |= inner.unknown;
            }
            _ => extract(&name, stage, extracted),
        }
    }
}

fn check_labels(stage: &Block, extracted: &Extracted, report: &mut Report<'_>) {
    let Some(fields) = attribute(stage, "values").and_then(|a| object_fields(&a.value)) else {
        return;
    };
    let mut literals = Vec::new();
    for field in fields {
        let key = field.key.as_str();
        let value = match &field.value.kind {
            ExprKind::Null { .. } => continue,
            _ => match expr_string(&field.value) {
                Some(v) => v,
                None => return,
            },
        };
        // An empty value (or the key itself) copies the field of the label's own name,
        // which may be a label set upstream.
        if value.is_empty() || value == key {
            continue;
        }
        if !extracted.names.contains(&value) && !value.starts_with("geoip_") {
            literals.push((key.to_string(), value, field.value.span()));
        }
    }
    if !literals.is_empty() {
        let all = literals.len() == fields.len();
        report(stage, &literals, all);
    }
}

/// Adds the fields `stage` extracts.
fn extract(name: &str, stage: &Block, extracted: &mut Extracted) {
    let keys_of = |attr: &str, extracted: &mut Extracted| match attribute(stage, attr)
        .and_then(|a| object_fields(&a.value))
    {
        Some(fields) => extracted
            .names
            .extend(fields.iter().map(|f| f.key.to_string())),
        None => extracted.unknown |= attribute(stage, attr).is_some(),
    };
    match name {
        "stage.regex" => match const_string(stage, "expression")
            .and_then(|e| alloy_regex::GoRegex::new(&e).ok())
        {
            Some(re) => extracted.names.extend(re.names().iter().flatten().cloned()),
            None => extracted.unknown = true,
        },
        "stage.json" => keys_of("expressions", extracted),
        "stage.logfmt" => keys_of("mapping", extracted),
        "stage.template" => match const_string(stage, "source") {
            Some(s) => {
                extracted.names.insert(s);
            }
            None => extracted.unknown = true,
        },
        "stage.docker" => extracted
            .names
            .extend(["output", "stream", "timestamp"].map(String::from)),
        "stage.cri" => extracted
            .names
            .extend(["content", "stream", "flags", "timestamp"].map(String::from)),
        // Stages that extract nothing.
        "stage.static_labels"
        | "stage.structured_metadata"
        | "stage.label_drop"
        | "stage.label_keep"
        | "stage.output"
        | "stage.timestamp"
        | "stage.tenant"
        | "stage.drop"
        | "stage.limit"
        | "stage.sampling"
        | "stage.multiline"
        | "stage.metrics"
        | "stage.pack"
        | "stage.decolorize"
        | "stage.luhn"
        | "stage.replace"
        | "stage.geoip"
        | "stage.truncate"
        | "stage.structured_metadata_drop" => {}
        // stage.eventlogmessage, stage.windowsevent, ...: fields not named in the config.
        _ => extracted.unknown = true,
    }
}
