//! `relabel-rule-overwritten`: a relabel rule whose `target_label` a later unconditional
//! rule rewrites before anything reads it.

use super::flow::builtin_nodes;
use super::values::{blocks_named, const_string, const_strings};
use super::Context;
use crate::Finding;
use alloy_diagnostics::declare_rule;
use alloy_syntax::ast::Block;

declare_rule! {
    /// ## What it does
    /// Reports a relabel rule that sets a `target_label` (`replace`, `lowercase`,
    /// `uppercase`, `hashmod`) when a later `replace` rule of the same component sets the same
    /// label unconditionally (its regex matches everything: the default `(.*)`) and no rule
    /// in between reads the label (`source_labels`, or the `target_label` of `keepequal` and
    /// `dropequal`) or the later rule itself reads it.
    ///
    /// ## Why
    /// The earlier rule is dead: its value is always replaced. Usually the two rules were
    /// meant for different labels, or the later one was meant to be conditional.
    ///
    /// ## Example
    /// ```alloy
    /// discovery.relabel "pods" {
    ///   targets = []
    ///
    ///   rule {
    ///     source_labels = ["__meta_kubernetes_namespace"]
    ///     target_label  = "namespace"
    ///   }
    ///
    ///   rule {
    ///     source_labels = ["__meta_kubernetes_pod_name"]
    ///     target_label  = "namespace"
    ///   }
    /// }
    ///
    /// prometheus.scrape "pods" {
    ///   targets    = discovery.relabel.pods.output
    ///   forward_to = []
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// discovery.relabel "pods" {
    ///   targets = []
    ///
    ///   rule {
    ///     source_labels = ["__meta_kubernetes_namespace"]
    ///     target_label  = "namespace"
    ///   }
    ///
    ///   rule {
    ///     source_labels = ["__meta_kubernetes_pod_name"]
    ///     target_label  = "pod"
    ///   }
    /// }
    ///
    /// prometheus.scrape "pods" {
    ///   targets    = discovery.relabel.pods.output
    ///   forward_to = []
    /// }
    /// ```
    ///
    /// ## Fix
    /// Give one of the rules another `target_label`, make the later one conditional (a
    /// `regex` that does not match everything), or remove the dead rule.
    pub static RELABEL_RULE_OVERWRITTEN = Rule {
        name: "relabel-rule-overwritten",
        category: Suspicious,
        severity: Warning,
        alloy_rejects: false,
        fix: None,
        summary: "a relabel rule whose target label a later unconditional rule always rewrites",
    };
}

/// What a rule does to labels, as far as overwriting goes.
struct Step<'a> {
    block: &'a Block,
    /// The label it sets, if it sets one.
    writes: Option<String>,
    /// Always sets it, whatever the input.
    unconditional: bool,
    /// Labels it reads (`source_labels`), `None` when not known.
    reads: Option<Vec<String>>,
}

fn step(rule: &Block) -> Step<'_> {
    let action = const_string(rule, "action")
        .unwrap_or_else(|| "replace".to_string())
        .to_ascii_lowercase();
    let target = const_string(rule, "target_label");
    let writes = match action.as_str() {
        "replace" | "lowercase" | "uppercase" | "hashmod" => target,
        _ => None,
    };
    let regex = match super::values::attribute(rule, "regex") {
        None => Some("(.*)".to_string()),
        Some(a) => super::values::expr_string(&a.value),
    };
    let unconditional =
        action == "replace" && matches!(regex.as_deref(), Some("(.*)" | ".*" | "(.*)?" | "^(.*)$"));
    let mut reads = match super::values::attribute(rule, "source_labels") {
        None => Some(Vec::new()),
        Some(_) => const_strings(rule, "source_labels"),
    };
    // keepequal / dropequal compare with the target label: they read it.
    if matches!(action.as_str(), "keepequal" | "dropequal") {
        if let (Some(r), Some(t)) = (reads.as_mut(), const_string(rule, "target_label")) {
            r.push(t);
        }
    }
    Step {
        block: rule,
        writes,
        unconditional,
        reads,
    }
}

pub(crate) fn check(ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    for (node, component) in builtin_nodes(ctx.model) {
        if component.body().block("rule").is_none() {
            continue;
        }
        let steps: Vec<Step<'_>> = blocks_named(node.block, "rule").map(step).collect();
        for (i, earlier) in steps.iter().enumerate() {
            let Some(label) = &earlier.writes else {
                continue;
            };
            for later in &steps[i + 1..] {
                let reads_it = |s: &Step<'_>| s.reads.as_ref().is_none_or(|r| r.contains(label));
                if reads_it(later) {
                    break;
                }
                if later.unconditional && later.writes.as_ref() == Some(label) {
                    out.push(Finding {
                        file: node.file,
                        diagnostic: RELABEL_RULE_OVERWRITTEN
                            .diagnostic(format!(
                                "this rule of {} sets `{label}`, but a later rule always sets it again",
                                node.id
                            ))
                            .with_primary(earlier.block.name_span(), "its value never survives")
                            .with_secondary(later.block.name_span(), format!("sets `{label}` whatever the input")),
                    });
                    break;
                }
            }
        }
    }
}
