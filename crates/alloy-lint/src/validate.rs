//! The validator proper: checks over the semantic model (`alloy-semantic`). The model says
//! what every block is and what every reference names; this file decides what to report about
//! each module: the root config, every `declare` body, every imported module file and every
//! `foreach` template.

use crate::codes;
use crate::custom::{check_custom_body, collect_declare_uses, declare_exports};
use crate::regex_rules::{check_regexes, RegexCache};
use crate::schema_rules;
use crate::stdlib;
use crate::suggest;
use crate::types;
use crate::{Finding, LintOptions, LintReport};
use alloy_diagnostics::{Diagnostic, Fix, Rule, Severity, Span};
use alloy_semantic::graph::{cycles, Edge};
use alloy_semantic::{
    CustomDef, DeclareStatus, ImportTarget, Model, ModuleId, ModuleKind, Node, NodeKind,
    NodeStatus, Reference, Rejection, Resolution, Sources, Statement,
};
use alloy_syntax::ast::{Block, Ident};
use std::collections::HashMap;

pub(crate) fn run(sources: Sources, options: &LintOptions) -> LintReport {
    let mut findings = Vec::new();
    for (file, diagnostics) in sources.parse_diagnostics.iter().enumerate() {
        findings.extend(diagnostics.iter().map(|d| Finding {
            file,
            diagnostic: d.clone(),
        }));
        report_unreadable_imports(&sources, file, &mut findings);
    }
    {
        let model = Model::build(&sources);
        let mut checker = Checker {
            model: &model,
            options,
            findings: &mut findings,
            regex_cache: HashMap::new(),
        };
        for module in 0..model.modules.len() {
            checker.check_module(module);
        }
        crate::rules::run(&model, options, &mut findings);
    }
    apply_settings(&options.rules, &mut findings);
    crate::suppress::apply(&sources, &options.rules, &mut findings);
    apply_settings(&options.rules, &mut findings);
    findings.sort_by(|a, b| {
        (a.file, a.diagnostic.primary_span().map(|s| s.start))
            .cmp(&(b.file, b.diagnostic.primary_span().map(|s| s.start)))
    });
    LintReport {
        files: sources.files,
        findings,
    }
}

/// Drops the findings of rules turned off and sets the configured severities.
fn apply_settings(settings: &crate::RuleSettings, findings: &mut Vec<Finding>) {
    if *settings == crate::RuleSettings::default() {
        return;
    }
    findings.retain_mut(|f| match crate::registry::get(&f.diagnostic.code) {
        Some(rule) if !settings.enabled(rule) => false,
        Some(rule) => {
            f.diagnostic.severity = settings.severity(rule, f.diagnostic.severity);
            true
        }
        None => true,
    });
}

fn report_unreadable_imports(sources: &Sources, file: usize, findings: &mut Vec<Finding>) {
    let mut unreadable: Vec<(u32, &str, &str, Span)> = sources
        .imports
        .iter()
        .filter_map(|((f, start), target)| match target {
            ImportTarget::Unreadable {
                name,
                error,
                filename,
            } if *f == file => Some((*start, name.as_str(), error.as_str(), *filename)),
            _ => None,
        })
        .collect();
    unreadable.sort_by_key(|u| u.0);
    for (_, name, error, filename) in unreadable {
        findings.push(Finding {
            file,
            diagnostic: codes::UNRESOLVED_IMPORT
                .diagnostic(format!("cannot read module \"{name}\": {error}"))
                .with_primary(filename, "imported here")
                .with_help(
                    "the path is resolved relative to the directory of the importing file; \
                 until it can be read, uses of its declarations are not checked",
                ),
        });
    }
}

struct Checker<'c, 'a> {
    model: &'c Model<'a>,
    options: &'c LintOptions,
    findings: &'c mut Vec<Finding>,
    regex_cache: RegexCache,
}

/// Types references by the exports of the components they name.
struct ModelResolver<'c, 'a> {
    model: &'c Model<'a>,
    module: ModuleId,
}

impl types::Resolver for ModelResolver<'_, '_> {
    fn reference_type(&self, idents: &[Ident]) -> types::StaticType {
        let Some((node, consumed, _)) = self.model.resolve_node(self.module, idents) else {
            return types::StaticType::Unknown;
        };
        match (&self.model.nodes[node].kind, &idents[consumed..]) {
            (NodeKind::Builtin(c), [field]) => schema_rules::export_type(c, &field.name)
                .map_or(types::StaticType::Unknown, types::from_schema),
            (NodeKind::Custom(CustomDef::Declare(def)), [field]) => {
                crate::custom::declare_export_type(def.block, &field.name)
                    .map_or(types::StaticType::Unknown, types::from_schema)
            }
            _ => types::StaticType::Unknown,
        }
    }
}

use crate::rules::header_span as name_and_label;

impl<'c, 'a> Checker<'c, 'a> {
    fn report(&mut self, file: usize, diagnostic: Diagnostic) {
        self.findings.push(Finding { file, diagnostic });
    }

    fn check_module(&mut self, module: ModuleId) {
        let model = self.model;
        let m = &model.modules[module];
        for statement in &m.statements {
            if let Statement::Declare(d) = *statement {
                self.check_declare(d);
            }
        }
        self.report_declare_cycles(module);
        for statement in &m.statements {
            match *statement {
                Statement::Declare(_) => {}
                Statement::Attribute(file, a) => self.report(
                    file,
                    codes::UNEXPECTED_ATTRIBUTE.diagnostic(format!(
                            "attribute `{}` is not allowed here: only blocks (components and config blocks) may appear at this level",
                            a.name.name
                        ),
                    )
                    .with_primary(a.name.span(), "attribute outside of any block")
                    .with_help("move it into the block it configures"),
                ),
                Statement::Node(n) => self.check_node_placement(module, &model.nodes[n]),
            }
        }
        for &n in &m.nodes {
            let node = &model.nodes[n];
            self.check_node_body(module, node);
            for reference in model.references_from(n).iter().filter(|r| !r.broken) {
                self.check_reference(reference);
            }
        }
        self.report_cycles(module);
    }

    fn check_declare(&mut self, d: usize) {
        let declare = &self.model.declares[d];
        let (file, block) = (declare.file, declare.block);
        match declare.status {
            DeclareStatus::Ok => {}
            DeclareStatus::NoLabel => self.report(
                file,
                codes::MISSING_LABEL
                    .diagnostic("declare block has no label")
                    .with_primary(block.name_span(), "needs a label")
                    .with_help("name the custom component: declare \"my_component\" { ... }"),
            ),
            DeclareStatus::ReservedLabel => {
                let label_span = block.label.as_ref().map_or(block.name_span(), |l| l.span());
                self.report(
                    file,
                    codes::INVALID_DECLARE
                        .diagnostic("'declare' is not a valid label for a declare block")
                        .with_primary(label_span, "reserved name"),
                );
            }
            DeclareStatus::DuplicateOf(first) => {
                let first = &self.model.declares[first];
                let d = duplicate_diag(
                    &codes::DUPLICATE_COMPONENT,
                    &format!(
                        "declare \"{}\" is defined twice",
                        block.label_value().unwrap_or_default()
                    ),
                    name_and_label(block),
                    (file != first.file).then_some(first.file),
                    first.block,
                );
                self.report(file, d);
            }
        }
    }

    /// What Alloy says about where a block is and how it is named: misplaced, unlabelled,
    /// unknown, unstable, duplicated, shadowing the standard library.
    fn check_node_placement(&mut self, module: ModuleId, node: &Node<'a>) {
        let (file, block) = (node.file, node.block);
        let name = crate::block_name(block);
        let kind = self.model.modules[module].kind;
        match (&node.kind, node.status) {
            (_, NodeStatus::Rejected(Rejection::RootOnly)) => {
                let place = match kind {
                    ModuleKind::Declare => "inside a declare block",
                    ModuleKind::Imported => "in an imported module",
                    _ => "inside a foreach template",
                };
                self.report(
                    file,
                    codes::TOP_LEVEL_ONLY_BLOCK.diagnostic(format!("the {name} block is only valid at the top level of the main config, not {place}"),
                    )
                    .with_primary(block.name_span(), "not allowed here")
                    .with_help(format!("move the {name} block to the top level of the config that Alloy runs")),
                );
                return;
            }
            (_, NodeStatus::Rejected(Rejection::ModuleOnly)) => {
                self.report(
                    file,
                    codes::MODULE_ONLY_BLOCK.diagnostic(format!("{name} blocks are only valid in a module (a declare body or an imported file)"),
                    )
                    .with_primary(block.name_span(), "not in a module")
                    .with_help("wrap the components in declare \"name\" { ... } to make a custom component"),
                );
                return;
            }
            (_, NodeStatus::Rejected(Rejection::MissingLabel)) => {
                self.report_missing_label(file, block, &name);
                return;
            }
            (NodeKind::Service, _) => {
                if let Some(label) = &block.label {
                    self.report(
                        file,
                        codes::UNEXPECTED_LABEL
                            .diagnostic(format!("the {name} block takes no label"))
                            .with_primary(label.span(), "remove this label"),
                    );
                }
            }
            (NodeKind::Import | NodeKind::Foreach, _) => {
                if let Some(problem) =
                    schema_rules::config_block_stability_problem(&name, self.options)
                {
                    self.report(
                        file,
                        codes::UNSTABLE_COMPONENT
                            .diagnostic(format!("the {name} block is {}", problem.what))
                            .with_primary(block.name_span(), problem.label)
                            .with_help(problem.help),
                    );
                }
            }
            (NodeKind::Custom(def), _) => {
                if block.label.is_none() {
                    self.report_missing_label(file, block, &name);
                }
                if let CustomDef::NotInModule {
                    import,
                    wanted,
                    available,
                } = def
                {
                    self.report_not_in_module(file, block, *import, wanted, available);
                }
            }
            (NodeKind::Builtin(component), _) => {
                if block.label.is_none() {
                    self.report_missing_label(file, block, &name);
                }
                if let Some(problem) = schema_rules::stability_problem(component, self.options) {
                    self.report(
                        file,
                        codes::UNSTABLE_COMPONENT
                            .diagnostic(format!("{name} is {}", problem.what))
                            .with_primary(block.name_span(), problem.label)
                            .with_help(problem.help),
                    );
                }
            }
            (NodeKind::Unknown, _) => {
                if let Some(removed) = crate::rules::removed_component::lookup(&name) {
                    self.report_removed_component(node, removed);
                } else {
                    self.report_unknown_component(module, file, block, &name);
                }
            }
            (NodeKind::Argument | NodeKind::Export, _) => {}
        }
        if let NodeStatus::DuplicateOf(first) = node.status {
            let first = &self.model.nodes[first];
            let is_component = node.kind.is_component();
            let (code, what) = if is_component {
                (&codes::DUPLICATE_COMPONENT, "component")
            } else {
                (&codes::DUPLICATE_BLOCK, "block")
            };
            let d = duplicate_diag(
                code,
                &format!("{what} {} is defined more than once", node.id),
                name_and_label(block),
                (file != first.file).then_some(first.file),
                first.block,
            )
            .with_help(if is_component {
                "every component needs a unique label: rename one of them"
            } else {
                "this block may appear only once: merge the two"
            });
            self.report(file, d);
            return;
        }
        if matches!(node.kind, NodeKind::Builtin(_) | NodeKind::Custom(_))
            && stdlib::is_stdlib(block.name.first().name)
        {
            self.report(
                file,
                // A warning, as Alloy's own validator gives: it only breaks expressions
                // that use the identifier, which are reported as errors where they are.
                codes::SHADOWS_STDLIB.diagnostic(format!(
                        "component {} shadows the standard-library identifier `{}`",
                        node.id, block.name.first().name
                    ),
                )
                .with_primary(block.name.first().span, "same name as a standard-library identifier")
                .with_help(format!(
                    "in this module `{}` now names this component, so standard-library calls such as `{}` stop working: rename the declare or import",
                    block.name.first().name,
                    stdlib_example(block.name.first().name)
                )),
            );
        }
    }

    fn report_missing_label(&mut self, file: usize, block: &Block, name: &str) {
        self.report(
            file,
            codes::MISSING_LABEL
                .diagnostic(format!("{name} must have a label"))
                .with_primary(block.name_span(), "no label")
                .with_help(format!(
                    "give it a unique label: {name} \"default\" {{ ... }}"
                )),
        );
    }

    /// A component Alloy removed: the migration instead of a spelling guess.
    fn report_removed_component(
        &mut self,
        node: &Node<'a>,
        removed: &alloy_schema::RemovedComponent,
    ) {
        let block = node.block;
        let name = removed.name;
        let replacement = removed.replacement_name().unwrap_or(removed.replacement);
        let mut d = crate::rules::REMOVED_COMPONENT
            .diagnostic(format!("{name} was removed; use {replacement} instead"))
            .with_primary(block.name_span(), "Alloy no longer has this component")
            // The note names the replacement as its source spells it.
            .with_help(removed.note.replace(removed.replacement, replacement));
        if removed.same_arguments {
            let title = format!("Rename {name} to {replacement}");
            let mut fix = Fix {
                title,
                applicability: alloy_diagnostics::Applicability::Unsafe,
                edits: vec![alloy_diagnostics::Edit {
                    span: block.name_span(),
                    replacement: replacement.to_string(),
                }],
            };
            let parts = block.name.part_count();
            let this = self.model.lookup(node.module, &node.id).map(|(n, _)| n);
            for r in this.into_iter().flat_map(|n| self.model.references_to(n)) {
                if r.file == node.file && r.idents.len() > parts && !r.broken {
                    let span = r.idents[0].span().cover(r.idents[parts - 1].span());
                    fix = fix.with_edit(span, replacement);
                }
            }
            d = d.with_fix(fix);
        }
        self.report(node.file, d);
    }

    fn report_unknown_component(
        &mut self,
        module: ModuleId,
        file: usize,
        block: &Block,
        name: &str,
    ) {
        let mut candidates: Vec<&str> = self.model.modules[module]
            .declares
            .keys()
            .copied()
            .collect();
        candidates.sort_unstable();
        // Pushed one by one: a `&'static str` coerces, an iterator of them would not.
        for n in schema_rules::component_names() {
            candidates.push(n);
        }
        for c in alloy_schema::config_blocks() {
            candidates.push(c.name);
        }
        let suggestion = suggest::closest(name, candidates.iter().copied()).map(str::to_string);
        let d = codes::UNKNOWN_COMPONENT
            .diagnostic(format!("unknown component {name}"))
            .with_primary(
                block.name_span(),
                "no component or config block has this name",
            );
        let d = match suggestion {
            Some(s) => d
                .with_help(format!("did you mean {s}?"))
                .with_fix(Fix::did_you_mean(block.name_span(), s.as_str())),
            None => d.with_help(
                "check the component's name in the Alloy reference, or declare it with declare \"name\" { ... }",
            ),
        };
        self.report(file, d);
    }

    fn report_not_in_module(
        &mut self,
        file: usize,
        block: &Block,
        import: alloy_semantic::ImportRef<'a>,
        wanted: &str,
        available: &[&str],
    ) {
        let ns = &block.name.first().name;
        let mut d = codes::UNKNOWN_COMPONENT
            .diagnostic(format!("module {ns} has no declare named {wanted}"))
            .with_primary(block.name_span(), "not declared in the imported module");
        if import.file == file {
            d = d.with_secondary(import.block.name_span(), "module imported here");
        }
        d = match suggest::closest(wanted, available.iter().copied()) {
            Some(s) => d.with_help(format!("did you mean {ns}.{s}?")),
            None if available.is_empty() => d.with_help("the module declares no components"),
            None => d.with_help(format!("the module declares: {}", available.join(", "))),
        };
        self.report(file, d);
    }

    fn check_node_body(&mut self, module: ModuleId, node: &Node<'a>) {
        let mut sink = Vec::new();
        let resolver = ModelResolver {
            model: self.model,
            module,
        };
        match &node.kind {
            NodeKind::Builtin(component) => {
                schema_rules::check_component_body(component, node.block, &resolver, &mut sink);
            }
            NodeKind::Service
            | NodeKind::Argument
            | NodeKind::Export
            | NodeKind::Import
            | NodeKind::Foreach => {
                let name = crate::block_name(node.block);
                schema_rules::check_config_block(&name, node.block, &resolver, &mut sink);
            }
            NodeKind::Custom(CustomDef::Declare(def)) => {
                check_custom_body(node.block, *def, &mut sink);
            }
            NodeKind::Custom(_) | NodeKind::Unknown => {}
        }
        check_regexes(
            node.block,
            &mut Vec::new(),
            &mut self.regex_cache,
            &mut sink,
        );
        for d in sink {
            self.report(node.file, d);
        }
    }

    fn check_reference(&mut self, r: &Reference) {
        match r.resolution {
            Resolution::Node { node, consumed, .. } => self.check_export(r, consumed, node),
            Resolution::ForeachVar | Resolution::ModulePath => {}
            Resolution::ShadowedStdlib { node } => {
                let node = &self.model.nodes[node];
                let first = r.idents[0].name.as_str();
                // An error here, unlike the warning at the definition: this expression fails.
                let mut d = codes::SHADOWS_STDLIB
                    .diagnostic(format!(
                        "`{first}` names the component {} here, not the standard library",
                        node.id
                    ))
                    .with_severity(Severity::Error)
                    .with_primary(
                        r.span(),
                        format!(
                            "{} is not a field of that component",
                            r.text(r.idents.len())
                        ),
                    );
                if node.file == r.file {
                    d = d.with_secondary(
                        node.block.name.first().span,
                        "shadows the standard library",
                    );
                }
                d = d.with_help(format!("rename the declare or import `{first}` so the standard library is reachable again"));
                self.report(r.file, d);
            }
            Resolution::Stdlib => self.check_stdlib_use(r),
            Resolution::Unresolved => self.report_unknown_reference(r),
        }
    }

    /// `string.fromat(...)`, experimental functions, deprecated aliases.
    fn check_stdlib_use(&mut self, t: &Reference) {
        let file = t.file;
        let first = &t.idents[0];
        if t.idents.len() == 1 {
            if let Some(replacement) =
                alloy_schema::function(&first.name).and_then(|f| f.replaced_by)
            {
                self.report(
                    file,
                    codes::DEPRECATED_FUNCTION
                        .diagnostic(format!(
                            "`{}` is deprecated; use `{replacement}`",
                            first.name
                        ))
                        .with_primary(first.span(), "deprecated standard-library function")
                        .with_help(format!("`{replacement}` takes the same arguments"))
                        .with_fix(Fix::safe(
                            format!("Replace `{}` with `{replacement}`", first.name),
                            first.span(),
                            replacement,
                        )),
                );
            }
            return;
        }
        if !stdlib::is_namespace(&first.name) {
            return;
        }
        let member = &t.idents[1];
        let name = format!("{}.{}", first.name, member.name);
        match alloy_schema::function(&name) {
            Some(f) => {
                if f.experimental && self.options.stability > crate::StabilityLevel::Experimental {
                    self.report(
                        file,
                        codes::UNSTABLE_FUNCTION.diagnostic(format!("{name} is at stability level \"experimental\", which is below the allowed \"{}\"", self.options.stability.as_str()),
                        )
                        .with_primary(first.span().cover(member.span()), "experimental function")
                        .with_help("run Alloy (and alloylint) with --stability.level=experimental to use it"),
                    );
                }
            }
            None => {
                let prefix = format!("{}.", first.name);
                let members: Vec<&str> = alloy_schema::functions()
                    .iter()
                    .filter_map(|f| f.name.strip_prefix(prefix.as_str()))
                    .collect();
                let mut d = codes::UNKNOWN_FUNCTION
                    .diagnostic(format!(
                        "`{}` has no member named `{}`",
                        first.name, member.name
                    ))
                    .with_primary(
                        member.span(),
                        format!("not in the standard library's {} namespace", first.name),
                    );
                d = match suggest::closest(&member.name, members.iter().copied()) {
                    Some(s) => d
                        .with_help(format!("did you mean {}.{s}?", first.name))
                        .with_fix(Fix::did_you_mean(member.span(), s)),
                    None => d.with_help(format!("{} has: {}", first.name, members.join(", "))),
                };
                self.report(file, d);
            }
        }
    }

    fn report_unknown_reference(&mut self, t: &Reference) {
        let module = t.module;
        let module_kind = self.model.modules[module].kind;
        let ids = self.model.visible_ids(module);
        // Compare against ids with the same number of parts as each candidate.
        let mut best: Option<(usize, &str, usize)> = None;
        for cand in &ids {
            let parts = cand.split('.').count();
            if parts > t.idents.len() {
                continue;
            }
            let prefix = t.text(parts);
            let limit = (prefix.len() / 4).clamp(1, 4);
            let dist = suggest::edit_distance(&prefix, cand);
            if dist <= limit && best.is_none_or(|(d, _, _)| dist < d) {
                best = Some((dist, cand, parts));
            }
        }
        let whole = t.text(t.idents.len());
        let mut d = match best {
            Some((_, cand, parts)) => {
                let span = t.idents[0].span().cover(t.idents[parts - 1].span());
                codes::UNKNOWN_REFERENCE
                    .diagnostic(format!(
                        "component {} does not exist or is out of scope",
                        t.text(parts)
                    ))
                    .with_primary(t.span(), "unknown component")
                    .with_help(format!("did you mean {cand}?"))
                    .with_fix(Fix::did_you_mean(span, cand))
            }
            None if t.idents.len() == 1 => {
                let mut names: Vec<&str> = stdlib::identifiers().to_vec();
                names.extend(self.model.modules[module].vars.iter().copied());
                let d = codes::UNKNOWN_REFERENCE
                    .diagnostic(format!(
                        "identifier `{whole}` does not exist or is out of scope"
                    ))
                    .with_primary(
                        t.span(),
                        "not a component, argument or standard-library name",
                    );
                match suggest::closest(&whole, names.iter().copied()) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")).with_fix(Fix::did_you_mean(t.span(), s)),
                    None => d.with_help(
                        "a bare name must be a standard-library function, a foreach variable or a component reference (name.label.export); strings need quotes",
                    ),
                }
            }
            None => {
                // `loki.write.grafana_cloud.receiver`: name the component type and label.
                let typed = (1..t.idents.len()).rev().find(|&n| {
                    let name = t.text(n);
                    schema_rules::builtin_component(&name).is_some()
                });
                match typed {
                    Some(n) => {
                        let kind = t.text(n);
                        let label = &t.idents[n].name;
                        let same_kind: Vec<&str> = ids
                            .iter()
                            .filter_map(|id| id.strip_prefix(kind.as_str()).and_then(|r| r.strip_prefix('.')))
                            .filter(|l| !l.contains('.'))
                            .collect();
                        let d = codes::UNKNOWN_REFERENCE.diagnostic(format!("component {kind}.{label} does not exist or is out of scope"),
                        )
                        .with_primary(
                            t.idents[0].span().cover(t.idents[n].span()),
                            format!("no {kind} block is labelled \"{label}\" here"),
                        );
                        let help = if module_kind == ModuleKind::Declare {
                            format!("components inside a declare cannot see components outside it: pass the value in through an argument block, or define {kind} \"{label}\" inside the declare")
                        } else if same_kind.is_empty() {
                            format!("add a {kind} \"{label}\" {{ ... }} block, or fix the reference")
                        } else {
                            format!("the {kind} components here are labelled: {}", same_kind.join(", "))
                        };
                        d.with_help(help)
                    }
                    None => codes::UNKNOWN_REFERENCE.diagnostic(format!("component {whole} does not exist or is out of scope"),
                    )
                    .with_primary(t.span(), "no component has this name")
                    .with_help(
                        "references name a component by its name and label (prometheus.remote_write.default.receiver)",
                    ),
                }
            }
        };
        if module_kind == ModuleKind::Declare
            && d.help.as_deref().is_some_and(|h| !h.contains("declare"))
            && best.is_none()
            && t.idents.len() > 1
        {
            d = d.with_help("components inside a declare cannot see components outside it: pass values in through argument blocks");
        }
        self.report(t.file, d);
    }

    fn check_export(&mut self, t: &Reference, used: usize, node: usize) {
        let Some(field) = t.idents.get(used) else {
            return;
        };
        let node = &self.model.nodes[node];
        let exports: Vec<String> = match &node.kind {
            NodeKind::Builtin(c) => schema_rules::export_names(c),
            NodeKind::Argument => vec!["value".to_string()],
            NodeKind::Custom(CustomDef::Declare(def)) => declare_exports(def.block)
                .into_iter()
                .map(|(n, _)| n.to_string())
                .collect(),
            _ => return,
        };
        if exports.iter().any(|e| e == field.name.as_str()) {
            return;
        }
        let id = &node.id;
        let suggestion = suggest::closest(&field.name, exports.iter().map(String::as_str));
        let mut d = codes::UNKNOWN_EXPORT
            .diagnostic(format!("{id} has no export named `{}`", field.name))
            .with_primary(field.span(), "not exported by this component");
        if node.file == t.file && !matches!(node.kind, NodeKind::Builtin(_)) {
            d = d.with_secondary(node.block.name_span(), "defined here");
        }
        d = match (suggestion, exports.is_empty()) {
            (Some(s), _) => d
                .with_help(format!(
                    "did you mean `{s}`? {id} exports: {}",
                    exports.join(", ")
                ))
                .with_fix(Fix::did_you_mean(field.span(), s)),
            (None, true) => d.with_help(format!("{id} exports nothing")),
            (None, false) => d.with_help(format!("{id} exports: {}", exports.join(", "))),
        };
        self.report(t.file, d);
    }

    /// `declare "a" { b "x" {} }` with `declare "b" { a "y" {} }`: Alloy rejects declares
    /// that instantiate each other (or themselves).
    fn report_declare_cycles(&mut self, module: ModuleId) {
        let model = self.model;
        let mut declares: Vec<&alloy_semantic::Declare<'a>> = model.modules[module]
            .statements
            .iter()
            .filter_map(|s| match *s {
                Statement::Declare(d) if model.declares[d].status == DeclareStatus::Ok => {
                    Some(&model.declares[d])
                }
                _ => None,
            })
            .collect();
        declares.sort_unstable_by_key(|d| d.block.label_value());
        let names: Vec<&str> = declares
            .iter()
            .map(|d| d.block.label_value().unwrap_or_default())
            .collect();
        let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let mut edges = Vec::new();
        for (from, declare) in declares.iter().enumerate() {
            let mut uses = Vec::new();
            collect_declare_uses(&declare.block.body, &mut uses);
            for (used, span) in uses {
                if let Some(&to) = index.get(used) {
                    edges.push(Edge { from, to, span });
                }
            }
        }
        for path in cycles(names.len(), &edges) {
            let chain: Vec<&str> = path
                .iter()
                .map(|&e| names[edges[e].from])
                .chain(std::iter::once(names[edges[path[0]].from]))
                .collect();
            let first = &edges[path[0]];
            let file = declares[first.from].file;
            let mut d = codes::REFERENCE_CYCLE
                .diagnostic(format!("declare cycle: {}", chain.join(" -> ")))
                .with_primary(first.span, format!("{} uses {}", chain[0], chain[1]));
            for (k, &e) in path.iter().enumerate().skip(1) {
                if declares[edges[e].from].file == file {
                    d = d.with_secondary(
                        edges[e].span,
                        format!("{} uses {}", chain[k], chain[k + 1]),
                    );
                }
            }
            d = d.with_help(
                "a custom component cannot contain itself, directly or through other declares",
            );
            self.report(file, d);
        }
    }

    fn report_cycles(&mut self, module: ModuleId) {
        let model = self.model;
        let m = &model.modules[module];
        let node = |local: usize| &model.nodes[m.nodes[local]];
        for path in cycles(m.nodes.len(), &m.edges) {
            let start = m.edges[path[0]].from;
            let names: Vec<&str> = path
                .iter()
                .map(|&e| node(m.edges[e].from).id.as_str())
                .chain(std::iter::once(node(start).id.as_str()))
                .collect();
            let first = &m.edges[path[0]];
            let file = node(first.from).file;
            let mut d = codes::REFERENCE_CYCLE
                .diagnostic(format!("reference cycle: {}", names.join(" -> ")))
                .with_primary(first.span, format!("{} references {}", names[0], names[1]));
            for (k, &e) in path.iter().enumerate().skip(1) {
                let edge = &m.edges[e];
                if node(edge.from).file == file {
                    d = d.with_secondary(
                        edge.span,
                        format!("{} references {}", names[k], names[k + 1]),
                    );
                }
            }
            d = d.with_help(
                "components are evaluated in dependency order, so references must not loop: break the cycle by removing one of these references",
            );
            self.report(file, d);
        }
    }
}

/// `first_file` is the file of the first definition when it is another file of the config:
/// the secondary label then points there (renderers show it as a note with its position).
fn duplicate_diag(
    rule: &'static Rule,
    message: &str,
    span: Span,
    first_file: Option<usize>,
    first: &Block,
) -> Diagnostic {
    let d = rule
        .diagnostic(message)
        .with_primary(span, "defined again here");
    match first_file {
        None => d.with_secondary(name_and_label(first), "first defined here"),
        Some(file) => d.with_secondary_in(file, name_and_label(first), "first defined here"),
    }
}

/// A call that stops working when `name` is shadowed.
fn stdlib_example(name: &str) -> String {
    alloy_schema::functions()
        .iter()
        .find(|f| f.name.starts_with(&format!("{name}.")) || f.name == name)
        .map_or_else(|| name.to_string(), |f| f.name.to_string())
}
#[cfg(test)]
mod tests {
    use crate::{lint_config, lint_text, LintOptions, SourceFile};

    fn codes(text: &str) -> Vec<String> {
        lint_text("t.alloy", text, &LintOptions::default())
            .findings
            .into_iter()
            .map(|f| f.diagnostic.code)
            .collect()
    }

    #[test]
    fn traversals_stop_at_calls_and_indexes() {
        // `x[0].y` and `f().z` are not references to components named y or z.
        let text = "local.file \"a\" {\n  filename = encoding.from_json(\"{}\").k[0].missing\n}\n";
        assert_eq!(codes(text), Vec::<String>::new());
        let text = "local.file \"a\" {\n  filename = [local.file.b.content][0]\n}\n";
        assert_eq!(codes(text), ["unknown-reference"]);
    }

    #[test]
    fn every_cycle_is_reported_once() {
        let text = "local.file \"a\" { filename = local.file.b.content }\n\
                    local.file \"b\" { filename = local.file.a.content }\n\
                    local.file \"c\" { filename = local.file.c.content }\n\
                    local.file \"d\" { filename = local.file.a.content }\n";
        assert_eq!(codes(text), ["reference-cycle", "reference-cycle"]);
    }

    #[test]
    fn declares_see_only_their_own_components_and_arguments() {
        let text = "local.file \"outer\" { filename = \"/x\" }\n\
                    declare \"d\" {\n  argument \"path\" {}\n\
                    local.file \"inner\" { filename = argument.path.value }\n\
                    local.file \"bad\" { filename = local.file.outer.content }\n}\n";
        assert_eq!(codes(text), ["unknown-reference"]);
    }

    #[test]
    fn unfollowed_imports_are_trusted() {
        let text = "import.file \"lib\" { filename = \"lib.alloy\" }\nlib.anything \"x\" { whatever = 1 }\n";
        assert_eq!(codes(text), Vec::<String>::new());
    }

    #[test]
    fn findings_are_sorted_by_file_then_position() {
        let report = lint_config(
            vec![
                SourceFile::new(
                    "a.alloy",
                    "loki.write \"x\" {\n  bogus = 1\n}\nfoo.bar \"y\" {}\n",
                ),
                SourceFile::new("b.alloy", "loki.write \"x\" {}\n"),
            ],
            &LintOptions::default(),
        );
        let got: Vec<(usize, &str)> = report
            .findings
            .iter()
            .map(|f| (f.file, f.diagnostic.code.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (0, "unknown-attribute"),
                (0, "unknown-component"),
                (1, "duplicate-component")
            ]
        );
    }

    #[test]
    fn invalid_utf8_is_a_syntax_error_not_a_panic() {
        let bytes = b"local.file \"a\" {\n  filename = \"\xff\"\n}\n".to_vec();
        let len = bytes.len();
        let report = lint_config(
            vec![SourceFile::from_bytes("bad.alloy", bytes)],
            &LintOptions::default(),
        );
        assert!(report
            .findings
            .iter()
            .any(|f| f.diagnostic.code == "syntax-error"));
        // Offsets must still match the original bytes.
        assert_eq!(report.files[0].text.len(), len);
    }
}
