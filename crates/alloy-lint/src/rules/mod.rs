//! The lint rules: checks over the semantic model of a config that Alloy accepts but that hurt
//! in production (cardinality, unreadable paths, secrets, removed and deprecated components).
//! One rule per file, as ruff does; each file declares its rule (the doc comment is its page
//! in `docs/rules/`) and a `check` that reads the [`alloy_semantic::Model`] and follows its
//! resolved references ([`flow`]) rather than building a graph of its own.

pub(crate) mod deprecated_argument;
pub(crate) mod filename_label_kept;
mod flow;
pub(crate) mod high_cardinality_label;
mod incoming;
pub(crate) mod insecure_transport;
pub(crate) mod plaintext_secret;
pub(crate) mod regex_unescaped_dot;
pub(crate) mod relabel_rule_overwritten;
pub(crate) mod removed_component;
pub(crate) mod stage_labels_literal;
mod stages;
pub(crate) mod structured_metadata_unknown_field;
pub(crate) mod unsafe_path_permissions;
pub(crate) mod unused_component;
pub(crate) mod values;

use crate::{Finding, LintOptions};
use alloy_diagnostics::{Rule, Span};
use alloy_semantic::{FileId, Model};
use alloy_syntax::ast::Block;
use std::cell::OnceCell;

pub use deprecated_argument::DEPRECATED_ARGUMENT;
pub use filename_label_kept::FILENAME_LABEL_KEPT;
pub use high_cardinality_label::HIGH_CARDINALITY_LABEL;
pub use insecure_transport::INSECURE_TRANSPORT;
pub use plaintext_secret::PLAINTEXT_SECRET;
pub use regex_unescaped_dot::REGEX_UNESCAPED_DOT;
pub use relabel_rule_overwritten::RELABEL_RULE_OVERWRITTEN;
pub use removed_component::REMOVED_COMPONENT;
pub use stage_labels_literal::STAGE_LABELS_LITERAL;
pub use structured_metadata_unknown_field::STRUCTURED_METADATA_UNKNOWN_FIELD;
pub use unsafe_path_permissions::UNSAFE_PATH_PERMISSIONS;
pub use unused_component::UNUSED_COMPONENT;

/// What every rule's check is given.
pub(crate) struct Context<'c, 'a> {
    pub model: &'c Model<'a>,
    pub options: &'c LintOptions,
    /// The config run on the host the options name, computed when a rule first asks.
    host_run: OnceCell<Option<alloy_runtime::Run>>,
}

impl<'c, 'a> Context<'c, 'a> {
    pub fn new(model: &'c Model<'a>, options: &'c LintOptions) -> Context<'c, 'a> {
        Context {
            model,
            options,
            host_run: OnceCell::new(),
        }
    }

    /// The text of a file of the config.
    pub fn text(&self, file: FileId) -> Option<&str> {
        self.model.sources.files.get(file).map(|f| f.text.as_str())
    }

    /// The config run by `alloy-runtime` on the host Alloy runs on, when the options say
    /// which (`--fs-root`, `--run-as`): the label sets that really reach each writer. `None`
    /// otherwise: the machine alloylint runs on is not that host.
    pub fn host_run(&self) -> Option<&alloy_runtime::Run> {
        self.host_run
            .get_or_init(|| {
                let host = self.options.host.as_ref().filter(|h| h.explicit)?;
                let env = alloy_runtime::Env::run_as(&host.fs_root, &host.run_as).ok()?;
                Some(alloy_runtime::run(
                    self.model,
                    &alloy_runtime::Registry::builtin(),
                    &env,
                    &alloy_eval::Evaluator::system(),
                ))
            })
            .as_ref()
    }

    /// The global id the runtime gives `node`: its id, for a component of the root config
    /// (components of module instances have one id per instance).
    pub fn run_id<'n>(&self, node: &'n alloy_semantic::Node<'_>) -> Option<&'n str> {
        (node.module == 0).then_some(node.id.as_str())
    }
}

type Check = fn(&Context<'_, '_>, &mut Vec<Finding>);

/// The lint rules and their checks. `removed-component` is reported by the validator (it
/// replaces the unknown-component guess), so it has no check here.
const CHECKS: &[(&Rule, Check)] = &[
    (&FILENAME_LABEL_KEPT, filename_label_kept::check),
    (&HIGH_CARDINALITY_LABEL, high_cardinality_label::check),
    (&PLAINTEXT_SECRET, plaintext_secret::check),
    (&INSECURE_TRANSPORT, insecure_transport::check),
    (&STAGE_LABELS_LITERAL, stage_labels_literal::check),
    (
        &STRUCTURED_METADATA_UNKNOWN_FIELD,
        structured_metadata_unknown_field::check,
    ),
    (&UNSAFE_PATH_PERMISSIONS, unsafe_path_permissions::check),
    (&UNUSED_COMPONENT, unused_component::check),
    (&REGEX_UNESCAPED_DOT, regex_unescaped_dot::check),
    (&RELABEL_RULE_OVERWRITTEN, relabel_rule_overwritten::check),
    (&DEPRECATED_ARGUMENT, deprecated_argument::check),
];

/// Every lint rule (the validator's are in [`crate::codes::RULES`]; suppression comments have
/// their own in [`crate::suppress::RULES`]).
pub static RULES: &[&Rule] = &[
    &FILENAME_LABEL_KEPT,
    &HIGH_CARDINALITY_LABEL,
    &PLAINTEXT_SECRET,
    &INSECURE_TRANSPORT,
    &STAGE_LABELS_LITERAL,
    &STRUCTURED_METADATA_UNKNOWN_FIELD,
    &REMOVED_COMPONENT,
    &UNSAFE_PATH_PERMISSIONS,
    &UNUSED_COMPONENT,
    &REGEX_UNESCAPED_DOT,
    &RELABEL_RULE_OVERWRITTEN,
    &DEPRECATED_ARGUMENT,
];

/// The findings of every enabled lint rule over a model (what [`crate::lint_config`] adds to
/// the validator's; suppressions and severities not applied). For benchmarks and tools that
/// build the model themselves.
pub fn check_model(model: &Model<'_>, options: &LintOptions) -> Vec<Finding> {
    let mut findings = Vec::new();
    run(model, options, &mut findings);
    findings
}

/// Runs every enabled rule over the model.
pub(crate) fn run(model: &Model<'_>, options: &LintOptions, findings: &mut Vec<Finding>) {
    let ctx = Context::new(model, options);
    for (rule, check) in CHECKS {
        if options.rules.enabled(rule) {
            check(&ctx, findings);
        }
    }
}

/// A block's name and label: where findings about a whole component point.
pub(crate) fn header_span(block: &Block) -> Span {
    match &block.label {
        Some(l) => block.name_span().cover(l.span()),
        None => block.name_span(),
    }
}
