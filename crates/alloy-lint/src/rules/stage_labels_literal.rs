//! `stage-labels-literal`: `stage.labels` naming a field no earlier stage extracts, where
//! `stage.static_labels` was meant.

use super::flow::nodes_of;
use super::incoming::LabelFlow;
use super::stages::{source_field, walk_stages, EntryFields};
use super::values::{attribute, const_string, object_fields};
use super::Context;
use crate::Finding;
use alloy_diagnostics::{declare_rule, Applicability, Edit, Fix, Span};
use alloy_syntax::ast::Block;

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
    /// Stream labels are fields too: values naming a label that can reach the component
    /// (set by relabel rules, by `stage.static_labels` or `stage.labels` of the components
    /// that forward to it, by the source itself or its targets; where those are not all
    /// known, a common one such as `job`) are not reported, nor stages that read structured
    /// metadata (`source_type = "structured_metadata"`).
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

pub(crate) fn check(ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let mut flow = LabelFlow::new(ctx.model);
    for id in nodes_of(ctx.model, "loki.process") {
        let node = &ctx.model.nodes[id];
        // Stream labels are in the extracted map too: those that reach the component count
        // as fields, and where that set is not known, the common ones.
        let incoming = flow.arriving(id);
        let mut at = EntryFields::arriving_with(incoming.names.iter().map(String::as_str));
        if incoming.open {
            at.fields
                .extend(COMMON_LABELS.iter().map(|l| l.to_string()));
        }
        walk_stages(node.block, &mut at, &mut |name, stage, at| {
            if name != "stage.labels" || at.fields_unknown {
                return;
            }
            let Some((literals, all)) = literal_values(stage, at) else {
                return;
            };
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
            for (_, value, span) in &literals {
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

/// Labels that sources commonly set or that pipelines set everywhere: where the labels that
/// reach a `loki.process` are not known, a value naming one copies that label.
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

/// A value of `stage.labels` naming no field: the key, the field, the value's span.
type Literal = (String, String, Span);

/// The values of a `stage.labels` that name no field the entries may carry, and whether that
/// is every value. `None` when there are none, when the stage reads structured metadata
/// (`source_type`), or when a value is not a constant.
fn literal_values(stage: &Block, at: &EntryFields) -> Option<(Vec<Literal>, bool)> {
    if attribute(stage, "source_type").is_some()
        && const_string(stage, "source_type").as_deref() != Some("extracted")
    {
        return None;
    }
    let fields = attribute(stage, "values").and_then(|a| object_fields(&a.value))?;
    let mut literals = Vec::new();
    for field in fields {
        let key = field.key.as_str();
        let source = source_field(field)?;
        // The key itself copies the field of the label's own name, which may be a label set
        // upstream.
        if source == key {
            continue;
        }
        if !at.may_have_field(&source) {
            literals.push((key.to_string(), source, field.value.span()));
        }
    }
    let all = literals.len() == fields.len();
    (!literals.is_empty()).then_some((literals, all))
}
