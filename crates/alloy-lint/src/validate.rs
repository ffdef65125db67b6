//! The validator proper: loads the config (and the modules it imports), then checks each
//! module scope: the root config, every `declare` body, every imported module file and every
//! `foreach` template.

use crate::codes;
use crate::custom::{check_custom_body, collect_declare_uses, declare_exports, DeclareRef};
use crate::graph::{cycle_path, strongly_connected, Edge};
use crate::imports::{ImportTarget, Loaded, IMPORT_BLOCKS};
use crate::regex_rules::{check_regexes, RegexCache};
use crate::schema_rules::{self, BuiltinComponent};
use crate::stdlib;
use crate::suggest;
use crate::traversal::{collect_traversals, Traversal};
use crate::types;
use crate::{Finding, LintOptions, LintReport, SourceFile};
use alloy_diagnostics::{Diagnostic, Fix, Rule, Severity, Span};
use alloy_syntax::ast::{Block, ExprKind, File, Ident, Stmt};
use std::collections::HashMap;

/// Config blocks that configure the process (services and global settings): valid only at
/// the top level of the main config, never in a module.
const ROOT_ONLY_BLOCKS: &[&str] = &[
    "logging",
    "tracing",
    "http",
    "remotecfg",
    "livedebugging",
    "labelstore",
];

/// How a module's statements came to be checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ModuleKind {
    /// The main config (or a file that is itself a module: it has `argument` blocks).
    Root,
    /// The body of a `declare` block.
    Declare,
    /// A file read through `import.file`.
    Imported,
    /// The `template` of a `foreach` block: components of the enclosing scope stay visible.
    Template,
}

pub(crate) fn run(files: Vec<SourceFile>, options: &LintOptions) -> LintReport {
    let root_count = files.len();
    let mut loaded = Loaded::new(files);
    for i in 0..root_count {
        loaded.parse_file(i);
    }
    if options.follow_imports {
        let mut next = 0;
        while next < loaded.asts.len() {
            loaded.resolve_imports_of(next);
            next += 1;
        }
    } else {
        loaded.mark_imports_unresolved();
    }

    let Loaded {
        files,
        asts,
        imports,
        mut findings,
        ..
    } = loaded;
    {
        let mut checker = Checker {
            files: &files,
            asts: &asts,
            imports: &imports,
            options,
            findings: &mut findings,
            regex_cache: HashMap::new(),
        };
        let root_items: Vec<(usize, &Stmt)> = (0..root_count)
            .flat_map(|f| asts[f].body.iter().map(move |s| (f, s)))
            .collect();
        checker.check_module(
            &root_items,
            &Registry::default(),
            None,
            &[],
            ModuleKind::Root,
        );
        for (f, ast) in asts.iter().enumerate().skip(root_count) {
            let items: Vec<(usize, &Stmt)> = ast.body.iter().map(|s| (f, s)).collect();
            checker.check_module(
                &items,
                &Registry::default(),
                None,
                &[],
                ModuleKind::Imported,
            );
        }
    }
    findings.sort_by(|a, b| {
        (a.file, a.diagnostic.primary_span().map(|s| s.start))
            .cmp(&(b.file, b.diagnostic.primary_span().map(|s| s.start)))
    });
    LintReport { files, findings }
}

#[derive(Clone, Copy)]
struct ImportRef<'a> {
    file: usize,
    block: &'a Block,
}

/// Custom components visible in a module: its own and its ancestors' declares and imports.
#[derive(Clone, Default)]
struct Registry<'a> {
    declares: HashMap<&'a str, DeclareRef<'a>>,
    imports: HashMap<&'a str, ImportRef<'a>>,
}

#[derive(Clone, Copy)]
enum CustomDef<'a> {
    Declare(DeclareRef<'a>),
    /// From an import that was not read.
    Opaque,
}

#[derive(Clone, Copy)]
enum NodeKind<'a> {
    Builtin(BuiltinComponent),
    Custom(CustomDef<'a>),
    Argument,
    Config,
    Foreach,
    /// A block whose name is unknown (already reported): references to it resolve, but
    /// nothing about its exports is known.
    Unknown,
}

#[derive(Clone, Copy)]
struct Node<'a> {
    file: usize,
    block: &'a Block,
    kind: NodeKind<'a>,
}

fn block_id(block: &Block) -> String {
    match block.label_value() {
        Some(label) => format!("{}.{}", block.full_name(), label),
        None => block.full_name(),
    }
}

struct Checker<'c, 'a> {
    files: &'c [SourceFile],
    asts: &'a [File],
    imports: &'c HashMap<(usize, u32), ImportTarget>,
    options: &'c LintOptions,
    findings: &'c mut Vec<Finding>,
    regex_cache: RegexCache,
}

/// The components of one module scope, for reference resolution.
struct Scope<'s, 'a> {
    kind: ModuleKind,
    /// First name parts of the nodes (`prometheus` for `prometheus.scrape.x`).
    roots: &'s std::collections::HashSet<&'s str>,
    nodes: &'s HashMap<String, usize>,
    list: &'s [Node<'a>],
    vars: &'s [&'a str],
    outer: Option<&'s Scope<'s, 'a>>,
}

impl<'s, 'a> Scope<'s, 'a> {
    fn get(&self, id: &str) -> Option<(Node<'a>, Option<usize>)> {
        if let Some(&i) = self.nodes.get(id) {
            return Some((self.list[i], Some(i)));
        }
        self.outer.and_then(|o| o.get(id)).map(|(n, _)| (n, None))
    }
    /// The node whose first name part is `root`, when there is one.
    fn shadowing_node(&self, root: &str) -> Option<Node<'a>> {
        if self.roots.contains(root) {
            let prefix = format!("{root}.");
            return self
                .nodes
                .iter()
                .find(|(id, _)| id.starts_with(&prefix))
                .map(|(_, &i)| self.list[i]);
        }
        self.outer.and_then(|o| o.shadowing_node(root))
    }

    fn has_var(&self, name: &str) -> bool {
        self.vars.contains(&name) || self.outer.is_some_and(|o| o.has_var(name))
    }
    fn var_names(&self) -> Vec<&'a str> {
        let mut names = self.vars.to_vec();
        if let Some(o) = self.outer {
            names.extend(o.var_names());
        }
        names
    }
    fn all_ids(&self) -> Vec<&'s str> {
        let mut ids: Vec<&str> = self.nodes.keys().map(String::as_str).collect();
        if let Some(o) = self.outer {
            ids.extend(o.all_ids());
        }
        ids
    }
}

/// Types references by the exports of the components they name.
struct ScopeResolver<'r, 's, 'a> {
    scope: &'r Scope<'s, 'a>,
}

impl types::Resolver for ScopeResolver<'_, '_, '_> {
    fn reference_type(&self, idents: &[&Ident]) -> types::StaticType {
        let mut id = String::new();
        for (n, ident) in idents.iter().enumerate() {
            if n > 0 {
                id.push('.');
            }
            id.push_str(&ident.name);
            if let Some((node, _)) = self.scope.get(&id) {
                let rest = &idents[n + 1..];
                return match (node.kind, rest) {
                    (NodeKind::Builtin(c), [field]) => schema_rules::export_type(c, &field.name)
                        .map_or(types::StaticType::Unknown, types::from_schema),
                    (NodeKind::Custom(CustomDef::Declare(def)), [field]) => {
                        crate::custom::declare_export_type(def.block, &field.name)
                            .map_or(types::StaticType::Unknown, types::from_schema)
                    }
                    _ => types::StaticType::Unknown,
                };
            }
        }
        types::StaticType::Unknown
    }
}

impl<'c, 'a> Checker<'c, 'a> {
    /// `path:line:col` of `block` when it is in another file than `file`.
    fn location_elsewhere(&self, file: usize, other: usize, block: &Block) -> Option<String> {
        (file != other).then(|| {
            let f = &self.files[other];
            let lc = f.line_index().line_col(&f.text, block.span.start);
            format!("{}:{}:{}", f.path, lc.line, lc.col)
        })
    }

    fn report(&mut self, file: usize, diagnostic: Diagnostic) {
        self.findings.push(Finding { file, diagnostic });
    }

    fn check_module(
        &mut self,
        items: &[(usize, &'a Stmt)],
        parent_registry: &Registry<'a>,
        outer: Option<&Scope<'_, 'a>>,
        vars: &[&'a str],
        kind: ModuleKind,
    ) {
        // Declarations first: a component may use a declare written further down.
        let mut registry = parent_registry.clone();
        let mut own_declares: HashMap<&'a str, DeclareRef<'a>> = HashMap::new();
        for &(file, stmt) in items {
            let Stmt::Block(block) = stmt else { continue };
            let name = block.full_name();
            if name == "declare" {
                let Some(label) = &block.label else {
                    self.report(
                        file,
                        codes::MISSING_LABEL
                            .diagnostic("declare block has no label")
                            .with_primary(block.name_span(), "needs a label")
                            .with_help(
                                "name the custom component: declare \"my_component\" { ... }",
                            ),
                    );
                    continue;
                };
                if label.value == "declare" {
                    self.report(
                        file,
                        codes::INVALID_DECLARE
                            .diagnostic("'declare' is not a valid label for a declare block")
                            .with_primary(label.span, "reserved name"),
                    );
                    continue;
                }
                if let Some(first) = own_declares.get(label.value.as_str()) {
                    let d = duplicate_diag(
                        &codes::DUPLICATE_COMPONENT,
                        &format!("declare \"{}\" is defined twice", label.value),
                        block.name_span().cover(label.span),
                        self.location_elsewhere(file, first.file, first.block),
                        first.block,
                    );
                    self.report(file, d);
                    continue;
                }
                let def = DeclareRef { file, block };
                own_declares.insert(label.value.as_str(), def);
                registry.declares.insert(label.value.as_str(), def);
            } else if IMPORT_BLOCKS.contains(&name.as_str()) {
                if let Some(label) = &block.label {
                    registry
                        .imports
                        .insert(label.value.as_str(), ImportRef { file, block });
                }
            }
        }

        self.report_declare_cycles(&own_declares);

        // Every other block is a node of the module's graph.
        let mut list: Vec<Node<'a>> = Vec::new();
        let mut ids: HashMap<String, usize> = HashMap::new();
        for &(file, stmt) in items {
            let block = match stmt {
                Stmt::Block(b) => b,
                Stmt::Attribute(a) => {
                    self.report(
                        file,
                        codes::UNEXPECTED_ATTRIBUTE.diagnostic(format!(
                                "attribute `{}` is not allowed here: only blocks (components and config blocks) may appear at this level",
                                a.name.name
                            ))
                        .with_primary(a.name.span, "attribute outside of any block")
                        .with_help("move it into the block it configures"),
                    );
                    continue;
                }
            };
            let name = block.full_name();
            if name == "declare" {
                continue;
            }
            let Some(node_kind) = self.classify(file, block, &name, &registry, kind) else {
                continue;
            };
            let id = block_id(block);
            if let Some(&first) = ids.get(&id) {
                let first = list[first];
                let is_component = matches!(
                    node_kind,
                    NodeKind::Builtin(_) | NodeKind::Custom(_) | NodeKind::Unknown
                );
                let (rule, what) = if is_component {
                    (&codes::DUPLICATE_COMPONENT, "component")
                } else {
                    (&codes::DUPLICATE_BLOCK, "block")
                };
                let span = match &block.label {
                    Some(l) => block.name_span().cover(l.span),
                    None => block.name_span(),
                };
                let d = duplicate_diag(
                    rule,
                    &format!("{what} {id} is defined more than once"),
                    span,
                    self.location_elsewhere(file, first.file, first.block),
                    first.block,
                )
                .with_help(if is_component {
                    "every component needs a unique label: rename one of them"
                } else {
                    "this block may appear only once: merge the two"
                });
                self.report(file, d);
                continue;
            }
            if matches!(node_kind, NodeKind::Builtin(_) | NodeKind::Custom(_))
                && stdlib::is_stdlib(&block.name[0].name)
            {
                self.report(
                    file,
                    // A warning, as Alloy's own validator gives: it only breaks expressions
                    // that use the identifier, which are reported as errors where they are.
                    codes::SHADOWS_STDLIB.diagnostic(format!(
                            "component {id} shadows the standard-library identifier `{}`",
                            block.name[0].name
                        ))
                    .with_primary(block.name[0].span, "same name as a standard-library identifier")
                    .with_help(format!(
                        "in this module `{}` now names this component, so standard-library calls such as `{}` stop working: rename the declare or import",
                        block.name[0].name,
                        stdlib_example(&block.name[0].name)
                    )),
                );
            }
            ids.insert(id, list.len());
            list.push(Node {
                file,
                block,
                kind: node_kind,
            });
        }

        let roots: std::collections::HashSet<&str> =
            ids.keys().filter_map(|id| id.split('.').next()).collect();
        let scope = Scope {
            kind,
            roots: &roots,
            nodes: &ids,
            list: &list,
            vars,
            outer,
        };

        // Bodies and references.
        let mut edges: Vec<Edge> = Vec::new();
        for (index, node) in list.iter().enumerate() {
            self.check_node_body(node, &scope);
            let mut traversals = Vec::new();
            collect_node_traversals(node, &mut traversals);
            for t in &traversals {
                if let Some(to) = self.resolve(node.file, t, &scope) {
                    edges.push(Edge {
                        from: index,
                        to,
                        span: t.span(),
                    });
                }
            }
        }
        self.report_cycles(&list, &edges);

        // Nested scopes.
        for def in own_declares.values() {
            let body: Vec<(usize, &'a Stmt)> =
                def.block.body.iter().map(|s| (def.file, s)).collect();
            self.check_module(&body, &registry, None, &[], ModuleKind::Declare);
        }
        for node in &list {
            if let NodeKind::Foreach = node.kind {
                let var = node_var(node.block);
                let vars: Vec<&'a str> = var.into_iter().collect();
                for stmt in &node.block.body {
                    if let Stmt::Block(t) = stmt {
                        if crate::block_name(t) == "template" {
                            let body: Vec<(usize, &'a Stmt)> =
                                t.body.iter().map(|s| (node.file, s)).collect();
                            self.check_module(
                                &body,
                                &registry,
                                Some(&scope),
                                &vars,
                                ModuleKind::Template,
                            );
                        }
                    }
                }
            }
        }
    }

    /// Decides what a top-level block is, reporting blocks that are misplaced or unknown.
    /// `None` means the block is not a node (it was rejected).
    fn classify(
        &mut self,
        file: usize,
        block: &'a Block,
        name: &str,
        registry: &Registry<'a>,
        kind: ModuleKind,
    ) -> Option<NodeKind<'a>> {
        if ROOT_ONLY_BLOCKS.contains(&name) {
            if kind != ModuleKind::Root {
                let place = match kind {
                    ModuleKind::Declare => "inside a declare block",
                    ModuleKind::Imported => "in an imported module",
                    _ => "inside a foreach template",
                };
                self.report(
                    file,
                    codes::TOP_LEVEL_ONLY_BLOCK.diagnostic(format!("the {name} block is only valid at the top level of the main config, not {place}"))
                    .with_primary(block.name_span(), "not allowed here")
                    .with_help(format!("move the {name} block to the top level of the config that Alloy runs")),
                );
                return None;
            }
            if let Some(label) = &block.label {
                self.report(
                    file,
                    codes::UNEXPECTED_LABEL
                        .diagnostic(format!("the {name} block takes no label"))
                        .with_primary(label.span, "remove this label"),
                );
            }
            return Some(NodeKind::Config);
        }
        if name == "argument" || name == "export" {
            // At the top level of a file they make it a module meant to be imported (not an
            // error on its own); in a foreach template they are misplaced.
            if kind == ModuleKind::Template {
                self.report(
                    file,
                    codes::MODULE_ONLY_BLOCK.diagnostic(format!("{name} blocks are only valid in a module (a declare body or an imported file)"))
                    .with_primary(block.name_span(), "not in a module")
                    .with_help("wrap the components in declare \"name\" { ... } to make a custom component"),
                );
                return None;
            }
            if !self.require_label(file, block, name) {
                return None;
            }
            return Some(if name == "argument" {
                NodeKind::Argument
            } else {
                NodeKind::Config
            });
        }
        if IMPORT_BLOCKS.contains(&name) || name == "foreach" {
            if !self.require_label(file, block, name) {
                return None;
            }
            if let Some(problem) = schema_rules::config_block_stability_problem(name, self.options)
            {
                self.report(
                    file,
                    codes::UNSTABLE_COMPONENT
                        .diagnostic(format!("the {name} block is {}", problem.what))
                        .with_primary(block.name_span(), problem.label)
                        .with_help(problem.help),
                );
            }
            return Some(if name == "foreach" {
                NodeKind::Foreach
            } else {
                NodeKind::Config
            });
        }
        // Custom components: a local declare (`name`) or an imported one (`namespace.name`).
        if block.name.len() == 1 {
            if let Some(def) = registry.declares.get(block.name[0].name.as_str()) {
                self.require_label(file, block, name);
                return Some(NodeKind::Custom(CustomDef::Declare(*def)));
            }
        }
        if block.name.len() >= 2 {
            if let Some(import) = registry.imports.get(block.name[0].name.as_str()) {
                self.require_label(file, block, name);
                return Some(NodeKind::Custom(
                    self.imported_declare(file, block, *import),
                ));
            }
        }
        match schema_rules::builtin_component(name) {
            Some(component) => {
                self.require_label(file, block, name);
                self.check_stability(file, block, name, component);
                Some(NodeKind::Builtin(component))
            }
            None => {
                let mut candidates: Vec<&str> = registry.declares.keys().copied().collect();
                for n in schema_rules::component_names() {
                    candidates.push(n);
                }
                for c in alloy_schema::config_blocks() {
                    candidates.push(c.name);
                }
                let suggestion =
                    suggest::closest(name, candidates.iter().copied()).map(str::to_string);
                let mut d = codes::UNKNOWN_COMPONENT
                    .diagnostic(format!("unknown component {name}"))
                    .with_primary(
                        block.name_span(),
                        "no component or config block has this name",
                    );
                d = match suggestion {
                    Some(s) => d
                        .with_help(format!("did you mean {s}?"))
                        .with_fix(Fix::did_you_mean(block.name_span(), s.as_str())),
                    None => d.with_help(
                        "check the component's name in the Alloy reference, or declare it with declare \"name\" { ... }",
                    ),
                };
                self.report(file, d);
                Some(NodeKind::Unknown)
            }
        }
    }

    fn require_label(&mut self, file: usize, block: &Block, name: &str) -> bool {
        if block.label.is_some() {
            return true;
        }
        self.report(
            file,
            codes::MISSING_LABEL
                .diagnostic(format!("{name} must have a label"))
                .with_primary(block.name_span(), "no label")
                .with_help(format!(
                    "give it a unique label: {name} \"default\" {{ ... }}"
                )),
        );
        false
    }

    fn check_stability(
        &mut self,
        file: usize,
        block: &Block,
        name: &str,
        component: BuiltinComponent,
    ) {
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

    fn imported_declare(
        &mut self,
        file: usize,
        block: &'a Block,
        import: ImportRef<'a>,
    ) -> CustomDef<'a> {
        let target = self.imports.get(&(import.file, import.block.span.start));
        let Some(ImportTarget::Files(module_files)) = target else {
            return CustomDef::Opaque;
        };
        let wanted: Vec<&str> = block.name[1..].iter().map(|i| i.name.as_str()).collect();
        let wanted = wanted.join(".");
        let mut available: Vec<&'a str> = Vec::new();
        for &mf in module_files {
            for stmt in &self.asts[mf].body {
                if let Stmt::Block(b) = stmt {
                    if crate::block_name(b) == "declare" {
                        if let Some(l) = &b.label {
                            if l.value == wanted {
                                return CustomDef::Declare(DeclareRef { file: mf, block: b });
                            }
                            available.push(l.value.as_str());
                        }
                    } else if IMPORT_BLOCKS.contains(&crate::block_name(b).as_ref()) {
                        // Nested namespaces (`ns.inner.comp`) are not followed.
                        if block.name.len() > 2 {
                            return CustomDef::Opaque;
                        }
                    }
                }
            }
        }
        let ns = &block.name[0].name;
        let mut d = codes::UNKNOWN_COMPONENT
            .diagnostic(format!("module {ns} has no declare named {wanted}"))
            .with_primary(block.name_span(), "not declared in the imported module")
            .with_secondary(import.block.name_span(), "module imported here");
        if import.file != file {
            d.labels.pop();
        }
        d = match suggest::closest(&wanted, available.iter().copied()) {
            Some(s) => d.with_help(format!("did you mean {ns}.{s}?")),
            None if available.is_empty() => d.with_help("the module declares no components"),
            None => d.with_help(format!("the module declares: {}", available.join(", "))),
        };
        self.report(file, d);
        CustomDef::Opaque
    }

    fn check_node_body(&mut self, node: &Node<'a>, scope: &Scope<'_, 'a>) {
        let mut sink = Vec::new();
        let resolver = ScopeResolver { scope };
        match node.kind {
            NodeKind::Builtin(component) => {
                schema_rules::check_component_body(component, node.block, &resolver, &mut sink);
            }
            NodeKind::Config | NodeKind::Argument | NodeKind::Foreach => {
                let name = node.block.full_name();
                schema_rules::check_config_block(&name, node.block, &resolver, &mut sink);
            }
            NodeKind::Custom(CustomDef::Declare(def)) => {
                check_custom_body(node.block, def, &mut sink);
            }
            _ => {}
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

    /// Resolves a traversal; returns the local node it points at, for cycle detection.
    fn resolve(&mut self, file: usize, t: &Traversal<'a>, scope: &Scope<'_, 'a>) -> Option<usize> {
        let mut id = String::new();
        for n in 0..t.idents.len() {
            if n > 0 {
                id.push('.');
            }
            id.push_str(&t.idents[n].name);
            if let Some((node, local)) = scope.get(&id) {
                self.check_export(file, t, n + 1, &id, &node);
                return local;
            }
        }
        let first = t.idents[0].name.as_str();
        // `module_path` is the directory of the module being run (root config or import).
        if scope.has_var(first) || first == "module_path" {
            return None;
        }
        if stdlib::is_stdlib(first) {
            if let Some(node) = scope.shadowing_node(first) {
                let mut d = codes::SHADOWS_STDLIB
                    .diagnostic(format!(
                        "`{first}` names the component {} here, not the standard library",
                        block_id(node.block)
                    ))
                    .with_severity(Severity::Error)
                    .with_primary(
                        t.span(),
                        format!(
                            "{} is not a field of that component",
                            t.text(t.idents.len())
                        ),
                    );
                if node.file == file {
                    d = d.with_secondary(node.block.name[0].span, "shadows the standard library");
                }
                d = d.with_help(format!("rename the declare or import `{first}` so the standard library is reachable again"));
                self.report(file, d);
                return None;
            }
            self.check_stdlib_use(file, t);
            return None;
        }
        self.report_unknown_reference(file, t, scope);
        None
    }

    /// `string.fromat(...)`, experimental functions, deprecated aliases.
    fn check_stdlib_use(&mut self, file: usize, t: &Traversal<'a>) {
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
                        .with_primary(first.span, "deprecated standard-library function")
                        .with_help(format!("`{replacement}` takes the same arguments"))
                        .with_fix(Fix::safe(
                            format!("Replace `{}` with `{replacement}`", first.name),
                            first.span,
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
                        codes::UNSTABLE_FUNCTION.diagnostic(format!("{name} is at stability level \"experimental\", which is below the allowed \"{}\"", self.options.stability.as_str()))
                        .with_primary(first.span.cover(member.span), "experimental function")
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
                        member.span,
                        format!("not in the standard library's {} namespace", first.name),
                    );
                d = match suggest::closest(&member.name, members.iter().copied()) {
                    Some(s) => d
                        .with_help(format!("did you mean {}.{s}?", first.name))
                        .with_fix(Fix::did_you_mean(member.span, s)),
                    None => d.with_help(format!("{} has: {}", first.name, members.join(", "))),
                };
                self.report(file, d);
            }
        }
    }

    fn report_unknown_reference(&mut self, file: usize, t: &Traversal<'a>, scope: &Scope<'_, 'a>) {
        let ids = scope.all_ids();
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
                let span = t.idents[0].span.cover(t.idents[parts - 1].span);
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
                let mut names: Vec<&str> = stdlib::IDENTIFIERS.to_vec();
                names.extend(scope.var_names());
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
                        let d = codes::UNKNOWN_REFERENCE.diagnostic(format!("component {kind}.{label} does not exist or is out of scope"))
                        .with_primary(
                            t.idents[0].span.cover(t.idents[n].span),
                            format!("no {kind} block is labelled \"{label}\" here"),
                        );
                        let help = if scope.kind == ModuleKind::Declare {
                            format!("components inside a declare cannot see components outside it: pass the value in through an argument block, or define {kind} \"{label}\" inside the declare")
                        } else if same_kind.is_empty() {
                            format!("add a {kind} \"{label}\" {{ ... }} block, or fix the reference")
                        } else {
                            format!("the {kind} components here are labelled: {}", same_kind.join(", "))
                        };
                        d.with_help(help)
                    }
                    None => codes::UNKNOWN_REFERENCE.diagnostic(format!("component {whole} does not exist or is out of scope"))
                    .with_primary(t.span(), "no component has this name")
                    .with_help(
                        "references name a component by its name and label (prometheus.remote_write.default.receiver)",
                    ),
                }
            }
        };
        if scope.kind == ModuleKind::Declare
            && d.help.as_deref().is_some_and(|h| !h.contains("declare"))
            && best.is_none()
            && t.idents.len() > 1
        {
            d = d.with_help("components inside a declare cannot see components outside it: pass values in through argument blocks");
        }
        self.report(file, d);
    }

    fn check_export(
        &mut self,
        file: usize,
        t: &Traversal<'a>,
        used: usize,
        id: &str,
        node: &Node<'a>,
    ) {
        let Some(field) = t.idents.get(used) else {
            return;
        };
        let exports: Vec<String> = match node.kind {
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
        let suggestion = suggest::closest(&field.name, exports.iter().map(String::as_str));
        let mut d = codes::UNKNOWN_EXPORT
            .diagnostic(format!("{id} has no export named `{}`", field.name))
            .with_primary(field.span, "not exported by this component");
        if node.file == file && !matches!(node.kind, NodeKind::Builtin(_)) {
            d = d.with_secondary(node.block.name_span(), "defined here");
        }
        d = match (suggestion, exports.is_empty()) {
            (Some(s), _) => d
                .with_help(format!(
                    "did you mean `{s}`? {id} exports: {}",
                    exports.join(", ")
                ))
                .with_fix(Fix::did_you_mean(field.span, s)),
            (None, true) => d.with_help(format!("{id} exports nothing")),
            (None, false) => d.with_help(format!("{id} exports: {}", exports.join(", "))),
        };
        self.report(file, d);
    }

    /// `declare "a" { b "x" {} }` with `declare "b" { a "y" {} }`: Alloy rejects declares
    /// that instantiate each other (or themselves).
    fn report_declare_cycles(&mut self, declares: &HashMap<&'a str, DeclareRef<'a>>) {
        let mut names: Vec<&'a str> = declares.keys().copied().collect();
        names.sort_unstable();
        let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let mut edges = Vec::new();
        for (from, name) in names.iter().enumerate() {
            let def = declares[name];
            let mut uses = Vec::new();
            collect_declare_uses(&def.block.body, &mut uses);
            for (used, span) in uses {
                if let Some(&to) = index.get(used) {
                    edges.push(Edge { from, to, span });
                }
            }
        }
        if edges.is_empty() {
            return;
        }
        let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
        for (i, e) in edges.iter().enumerate() {
            adjacency[e.from].push(i);
        }
        for component in strongly_connected(names.len(), &edges, &adjacency) {
            let start = *component.iter().min().unwrap_or(&0);
            let self_loop = adjacency[start].iter().any(|&e| edges[e].to == start);
            if component.len() == 1 && !self_loop {
                continue;
            }
            let Some(path) = cycle_path(start, &component, &edges, &adjacency) else {
                continue;
            };
            let chain: Vec<&str> = path
                .iter()
                .map(|&e| names[edges[e].from])
                .chain(std::iter::once(names[start]))
                .collect();
            let first = &edges[path[0]];
            let file = declares[names[first.from]].file;
            let mut d = codes::REFERENCE_CYCLE
                .diagnostic(format!("declare cycle: {}", chain.join(" -> ")))
                .with_primary(first.span, format!("{} uses {}", chain[0], chain[1]));
            for (k, &e) in path.iter().enumerate().skip(1) {
                if declares[names[edges[e].from]].file == file {
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

    fn report_cycles(&mut self, list: &[Node<'a>], edges: &[Edge]) {
        let n = list.len();
        let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, e) in edges.iter().enumerate() {
            adjacency[e.from].push(i);
        }
        for component in strongly_connected(n, edges, &adjacency) {
            let start = *component.iter().min().unwrap_or(&0);
            let self_loop = adjacency[start].iter().any(|&e| edges[e].to == start);
            if component.len() == 1 && !self_loop {
                continue;
            }
            let Some(path) = cycle_path(start, &component, edges, &adjacency) else {
                continue;
            };
            let names: Vec<String> = path
                .iter()
                .map(|&e| block_id(list[edges[e].from].block))
                .chain(std::iter::once(block_id(list[start].block)))
                .collect();
            let first = &edges[path[0]];
            let file = list[first.from].file;
            let mut d = codes::REFERENCE_CYCLE
                .diagnostic(format!("reference cycle: {}", names.join(" -> ")))
                .with_primary(first.span, format!("{} references {}", names[0], names[1]));
            for (k, &e) in path.iter().enumerate().skip(1) {
                let edge = &edges[e];
                if list[edge.from].file == file {
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

/// `elsewhere` is where the first definition is when it is in another file of the config.
fn duplicate_diag(
    rule: &'static Rule,
    message: &str,
    span: Span,
    elsewhere: Option<String>,
    first: &Block,
) -> Diagnostic {
    let first_span = match &first.label {
        Some(l) => first.name_span().cover(l.span),
        None => first.name_span(),
    };
    let d = rule.diagnostic(message);
    match elsewhere {
        None => d
            .with_primary(span, "defined again here")
            .with_secondary(first_span, "first defined here"),
        Some(location) => d.with_primary(span, format!("first defined at {location}")),
    }
}

/// The `var` of a foreach block: the name its template uses for the current item.
fn node_var(block: &Block) -> Option<&str> {
    block.body.iter().find_map(|s| match s {
        Stmt::Attribute(a) if a.name.name == "var" => match &a.value.kind {
            ExprKind::String(raw) => raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')),
            ExprKind::RawString(raw) => raw.strip_prefix('`').and_then(|r| r.strip_suffix('`')),
            _ => None,
        },
        _ => None,
    })
}

/// Every traversal in a node's body, skipping bodies that are scopes of their own (a
/// foreach's template is checked with the template's scope).
fn collect_node_traversals<'a>(node: &Node<'a>, out: &mut Vec<Traversal<'a>>) {
    fn walk<'a>(body: &'a [Stmt], skip_template: bool, out: &mut Vec<Traversal<'a>>) {
        for stmt in body {
            match stmt {
                Stmt::Attribute(a) => collect_traversals(&a.value, out),
                Stmt::Block(b) => {
                    if skip_template && b.name.len() == 1 && b.name[0].name == "template" {
                        continue;
                    }
                    walk(&b.body, false, out);
                }
            }
        }
    }
    walk(
        &node.block.body,
        matches!(node.kind, NodeKind::Foreach),
        out,
    );
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
