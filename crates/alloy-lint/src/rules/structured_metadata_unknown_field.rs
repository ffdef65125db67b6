//! `structured-metadata-unknown-field`: `stage.structured_metadata` naming a field that is
//! neither extracted by an earlier stage nor a label that can reach the stage.

use super::flow::nodes_of;
use super::incoming::{LabelFlow, Labels};
use super::stages::{source_field, walk_stages, EntryFields};
use super::values::{attribute, expr_string, object_fields};
use super::Context;
use crate::Finding;
use alloy_diagnostics::{declare_rule, Diagnostic, Span};
use alloy_syntax::ast::{Block, ExprKind};
use alloy_syntax::go_quote;

declare_rule! {
    /// ## What it does
    /// Reports `stage.structured_metadata` values that name a field no earlier stage of the
    /// `loki.process` extracts (`stage.regex` named groups, `stage.json` expressions,
    /// `stage.logfmt` mapping, `stage.template`, `stage.docker`, `stage.cri`...) and no label
    /// can bring: not a label of any entry that reaches the component (a source's labels, its
    /// targets' labels, those relabel rules or earlier `loki.process` stages set) nor one an
    /// earlier stage sets. Typically `values = { env = "prod" }` written to attach the fixed
    /// value `prod`, or a misspelt extracted field.
    ///
    /// ## Why
    /// The stage copies, for each key, the extracted field or label its value names (the key
    /// itself when the value is empty) into structured metadata, and removes a label it
    /// copied. A name that is neither adds nothing, silently.
    ///
    /// Naming a label is not a mistake: the stage reads the entry's labels as well as the
    /// extracted map (and the pipeline copies the labels into the extracted map first), and
    /// moving a high-cardinality label into structured metadata is what the docs recommend.
    /// That is why this rule is not the `structured-metadata-from-label` its issue proposed.
    ///
    /// It only reports where every label that can reach the component is known: nothing is
    /// reported after a sender it does not model (`loki.source.api`, `loki.source.kubernetes`,
    /// a custom component, a receiver exported from a module or that nothing in the config
    /// forwards to), discovery targets other than `discovery.kubernetes`'s (whose labels are
    /// all `__meta_kubernetes_*` until relabeled), a `labelmap` over labels not all known, a
    /// value that is not a constant, or a stage whose extracted fields are not named in the
    /// config (`stage.json` with a non-literal `expressions`, `stage.windowsevent`).
    ///
    /// ## Example
    /// ```alloy
    /// local.file_match "app" {
    ///   path_targets = [{"__path__" = "/var/log/app.log", job = "app"}]
    /// }
    ///
    /// loki.source.file "app" {
    ///   targets    = local.file_match.app.targets
    ///   forward_to = [loki.process.app.receiver]
    /// }
    ///
    /// loki.process "app" {
    ///   forward_to = []
    ///
    ///   stage.json {
    ///     expressions = {
    ///       trace_id = "traceId",
    ///     }
    ///   }
    ///
    ///   stage.structured_metadata {
    ///     values = {
    ///       env     = "production",
    ///       traceid = "",
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// local.file_match "app" {
    ///   path_targets = [{"__path__" = "/var/log/app.log", job = "app"}]
    /// }
    ///
    /// loki.source.file "app" {
    ///   targets    = local.file_match.app.targets
    ///   forward_to = [loki.process.app.receiver]
    /// }
    ///
    /// loki.process "app" {
    ///   forward_to = []
    ///
    ///   stage.json {
    ///     expressions = {
    ///       trace_id = "traceId",
    ///     }
    ///   }
    ///
    ///   stage.template {
    ///     source   = "env"
    ///     template = "production"
    ///   }
    ///
    ///   stage.structured_metadata {
    ///     values = {
    ///       env      = "",
    ///       trace_id = "",
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Fix
    /// None: whether a fixed value (create the field with `stage.template` first) or another
    /// field was meant is for the author to say.
    pub static STRUCTURED_METADATA_UNKNOWN_FIELD = Rule {
        name: "structured-metadata-unknown-field",
        category: Correctness,
        severity: Warning,
        alloy_rejects: false,
        fix: None,
        summary: "stage.structured_metadata names a field that is neither extracted nor a label that reaches it",
    };
}

/// How many of the labels that reach the component the help names.
const LABELS_SHOWN: usize = 12;

pub(crate) fn check(ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let mut flow = LabelFlow::new(ctx.model);
    for id in nodes_of(ctx.model, "loki.process") {
        let node = &ctx.model.nodes[id];
        let incoming = flow.arriving(id);
        if incoming.open {
            continue;
        }
        let mut at = EntryFields::arriving_with(incoming.names.iter().map(String::as_str));
        walk_stages(node.block, &mut at, &mut |name, stage, at| {
            if name != "stage.structured_metadata" || at.fields_unknown || at.labels_unknown {
                return;
            }
            let missing = missing_fields(stage, at, &incoming);
            if !missing.is_empty() {
                out.push(Finding {
                    file: node.file,
                    diagnostic: diagnostic(&node.id, stage, &missing, &incoming),
                });
            }
        });
    }
}

/// A value naming a field nobody provides.
struct Missing {
    key: String,
    source: String,
    written: String,
    span: Span,
}

fn missing_fields(stage: &Block, at: &EntryFields, incoming: &Labels) -> Vec<Missing> {
    let Some(fields) = attribute(stage, "values").and_then(|a| object_fields(&a.value)) else {
        return Vec::new();
    };
    fields
        .iter()
        .filter_map(|field| {
            // A value that is not a constant may name anything.
            let source = source_field(field)?;
            let provided = at.may_have_field(&source)
                || at.labels.contains(&source)
                || incoming.may_have(&source);
            let written = match &field.value.kind {
                ExprKind::Null { .. } => "null".to_string(),
                _ => go_quote(&expr_string(&field.value).unwrap_or_default()),
            };
            (!provided).then(|| Missing {
                key: field.key.to_string(),
                source,
                written,
                span: field.value.span(),
            })
        })
        .collect()
}

fn diagnostic(
    component: &str,
    stage: &Block,
    missing: &[Missing],
    incoming: &Labels,
) -> Diagnostic {
    let listed: Vec<String> = missing
        .iter()
        .map(|m| format!("{} = {}", m.key, m.written))
        .collect();
    let mut d = STRUCTURED_METADATA_UNKNOWN_FIELD
        .diagnostic(format!(
            "stage.structured_metadata in {component} reads fields that no earlier stage extracts and no label provides: {}",
            listed.join(", ")
        ))
        .with_primary(stage.name_span(), "adds nothing for these values");
    for m in missing {
        d = d.with_secondary(
            m.span,
            format!("no field or label `{}` reaches this stage", m.source),
        );
    }
    let labels: Vec<&str> = incoming
        .names
        .iter()
        .take(LABELS_SHOWN)
        .map(String::as_str)
        .collect();
    let more = if incoming.names.len() > LABELS_SHOWN {
        ", ..."
    } else {
        ""
    };
    let arriving = if labels.is_empty() {
        format!("no labels reach {component}")
    } else {
        format!(
            "the labels that reach {component}: {}{more}",
            labels.join(", ")
        )
    };
    let advice = match missing.iter().find(|m| m.source != m.key) {
        Some(m) => format!(
            "to attach a fixed value, create the field first (stage.template {{ source = {} template = {} }}) and name it (`{} = \"\"`)",
            go_quote(&m.key),
            go_quote(&m.source),
            m.key
        ),
        None => "check the name against the fields the earlier stages extract".to_string(),
    };
    d.with_help(format!(
        "each value names the extracted field or label to copy (the key when empty); {arriving}; {advice}"
    ))
}
