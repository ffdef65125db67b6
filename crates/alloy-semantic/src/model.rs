//! The model: modules, their nodes, every reference resolved, and the dependency graph.
//! Built from [`Sources`] without reporting anything: where Alloy would reject a block, the
//! model says why ([`NodeStatus`], [`DeclareStatus`]) and the checks turn that into diagnostics.

use crate::graph::Edge;
use crate::load::{FileId, ImportTarget, Sources};
use alloy_diagnostics::Span;
use alloy_schema::placement::{IMPORT_BLOCKS, MODULE_ONLY_BLOCKS, ROOT_ONLY_BLOCKS};
use alloy_schema::Component;
use alloy_syntax::ast::{Attribute, Block, Ident, Stmt};
use alloy_syntax::visit::{walk_block, walk_body, Visitor};
use std::borrow::Cow;
use std::collections::HashMap;

pub type ModuleId = usize;
pub type NodeId = usize;
pub type DeclareId = usize;

/// How a module's statements came to be evaluated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModuleKind {
    /// The main config (or a file that is itself a module: it has `argument` blocks).
    Root,
    /// The body of a `declare` block.
    Declare,
    /// A file read through `import.file` / `import.string`.
    Imported,
    /// The `template` of a `foreach` block: components of the enclosing module stay visible.
    Template,
}

/// A `declare` block and the file it is in.
#[derive(Clone, Copy, Debug)]
pub struct DeclareRef<'a> {
    pub file: FileId,
    pub block: &'a Block,
}

/// An `import.*` block and the file it is in.
#[derive(Clone, Copy, Debug)]
pub struct ImportRef<'a> {
    pub file: FileId,
    pub block: &'a Block,
}

/// What a custom component (`name "label"` or `namespace.name "label"`) instantiates.
#[derive(Clone, Debug)]
pub enum CustomDef<'a> {
    Declare(DeclareRef<'a>),
    /// From an import that was not read: nothing is known about it.
    Opaque,
    /// The imported module was read and has no declare of that name.
    NotInModule {
        import: ImportRef<'a>,
        /// The name after the namespace (`inner` in `ns.inner`).
        wanted: String,
        /// The declares the module has.
        available: Vec<&'a str>,
    },
}

/// What a top-level block of a module is.
#[derive(Clone, Debug)]
pub enum NodeKind<'a> {
    Builtin(&'static Component),
    Custom(CustomDef<'a>),
    /// `argument "name" {}` of a module.
    Argument,
    /// `export "name" {}` of a module.
    Export,
    /// An `import.*` block.
    Import,
    Foreach,
    /// `logging`, `http`, ...: configures the process (root config only).
    Service,
    /// A block whose name is unknown: references to it resolve, but nothing about its
    /// exports is known.
    Unknown,
}

impl NodeKind<'_> {
    /// Components (built-in, custom or unknown), as opposed to config blocks.
    pub fn is_component(&self) -> bool {
        matches!(
            self,
            NodeKind::Builtin(_) | NodeKind::Custom(_) | NodeKind::Unknown
        )
    }
}

/// Why a block is not part of its module's graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// A service block (`logging`, ...) outside the root config.
    RootOnly,
    /// `argument` / `export` in a foreach template.
    ModuleOnly,
    /// A block that must be named by a label has none.
    MissingLabel,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeStatus {
    /// In the module's graph: its references are resolved and it can be referenced.
    Ok,
    Rejected(Rejection),
    /// Same id as an earlier node of the module, which is the one references reach.
    DuplicateOf(NodeId),
}

/// A top-level block of a module.
#[derive(Clone, Debug)]
pub struct Node<'a> {
    pub module: ModuleId,
    pub file: FileId,
    pub block: &'a Block,
    /// `name.label` (or `name` for unlabelled blocks): how references name it.
    pub id: String,
    pub kind: NodeKind<'a>,
    pub status: NodeStatus,
    /// Its references: a range of [`Model::references`].
    pub references: std::ops::Range<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeclareStatus {
    Ok,
    NoLabel,
    /// Labelled `declare`.
    ReservedLabel,
    DuplicateOf(DeclareId),
}

#[derive(Clone, Debug)]
pub struct Declare<'a> {
    pub module: ModuleId,
    pub file: FileId,
    pub block: &'a Block,
    pub status: DeclareStatus,
    /// The module of its body (for declares that are [`DeclareStatus::Ok`]).
    pub body: Option<ModuleId>,
}

/// A top-level statement of a module, in source order.
#[derive(Clone, Copy, Debug)]
pub enum Statement<'a> {
    Declare(DeclareId),
    Node(NodeId),
    /// An attribute where only blocks may be.
    Attribute(FileId, &'a Attribute),
}

/// What a reference names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// A node: the first `consumed` identifiers are its id, the next (if any) its export.
    /// `local` is false for a node of an enclosing module (seen from a foreach template).
    Node {
        node: NodeId,
        consumed: usize,
        local: bool,
    },
    /// The current item of an enclosing foreach.
    ForeachVar,
    /// `module_path`: the directory of the module being run.
    ModulePath,
    /// A standard-library function, namespace or constant.
    Stdlib,
    /// A standard-library name that a component of the module hides.
    ShadowedStdlib {
        node: NodeId,
    },
    Unresolved,
}

/// A reference `a.b.c` in an expression (the way Alloy's controller finds them: an
/// identifier starts one, field accesses extend it, indexing or calling ends it).
#[derive(Clone, Debug)]
pub struct Reference {
    pub module: ModuleId,
    pub file: FileId,
    /// The node whose body holds it.
    pub from: NodeId,
    pub idents: Vec<Ident>,
    pub resolution: Resolution,
    /// Inside a value that failed to parse: resolved for editors, left to the syntax error
    /// by checks.
    pub broken: bool,
}

impl Reference {
    pub fn span(&self) -> Span {
        self.idents[0]
            .span()
            .cover(self.idents[self.idents.len() - 1].span())
    }
    /// The first `n` identifiers joined by dots.
    pub fn text(&self, n: usize) -> String {
        let mut s = String::new();
        for (i, ident) in self.idents[..n].iter().enumerate() {
            if i > 0 {
                s.push('.');
            }
            s.push_str(&ident.name);
        }
        s
    }
    /// The export named after the node's id, when the reference names one.
    pub fn export(&self) -> Option<&Ident> {
        match self.resolution {
            Resolution::Node { consumed, .. } => self.idents.get(consumed),
            _ => None,
        }
    }
}

/// One scope of components: the root config, a declare body, an imported file, a template.
#[derive(Clone, Debug)]
pub struct Module<'a> {
    pub kind: ModuleKind,
    /// The declare or foreach node whose body this is.
    pub owner: Option<Owner>,
    /// Templates see the components of the module around them.
    pub outer: Option<ModuleId>,
    /// The text the module is made of.
    pub region: Region,
    /// Foreach variables visible here (this template's and enclosing ones').
    pub vars: Vec<&'a str>,
    pub statements: Vec<Statement<'a>>,
    /// Custom components visible here: the module's own declares and its ancestors'.
    pub declares: HashMap<&'a str, DeclareRef<'a>>,
    pub imports: HashMap<&'a str, ImportRef<'a>>,
    /// The nodes in the graph ([`NodeStatus::Ok`]), in source order.
    pub nodes: Vec<NodeId>,
    /// Node ids to nodes.
    pub ids: HashMap<String, NodeId>,
    /// First name parts (`prometheus` of `prometheus.scrape.x`) to the first node with it.
    pub roots: HashMap<&'a str, NodeId>,
    /// References between the module's nodes; `from`/`to` index [`Module::nodes`].
    pub edges: Vec<Edge>,
}

/// Where a module's statements are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Region {
    /// Whole files (the root config, an imported module).
    Files(Vec<FileId>),
    /// The body of a block (a declare, a foreach's template): file and the block's span.
    Block(FileId, Span),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    Declare(DeclareId),
    Foreach(NodeId),
}

/// The semantic model of one config and the modules it imports.
pub struct Model<'a> {
    pub sources: &'a Sources,
    pub modules: Vec<Module<'a>>,
    pub nodes: Vec<Node<'a>>,
    pub declares: Vec<Declare<'a>>,
    pub references: Vec<Reference>,
}

impl<'a> Model<'a> {
    /// Builds the model: module 0 is the root config (all its files), then each imported file.
    pub fn build(sources: &'a Sources) -> Model<'a> {
        let mut model = Model {
            sources,
            modules: Vec::new(),
            nodes: Vec::new(),
            declares: Vec::new(),
            references: Vec::new(),
        };
        let root_items: Vec<(FileId, &'a Stmt)> = (0..sources.root_count)
            .flat_map(|f| sources.asts[f].body.iter().map(move |s| (f, s)))
            .collect();
        model.build_module(ModuleSpec {
            items: root_items,
            declares: HashMap::new(),
            imports: HashMap::new(),
            outer: None,
            vars: Vec::new(),
            kind: ModuleKind::Root,
            owner: None,
            region: Region::Files((0..sources.root_count).collect()),
        });
        for (f, ast) in sources.asts.iter().enumerate().skip(sources.root_count) {
            model.build_module(ModuleSpec {
                items: ast.body.iter().map(|s| (f, s)).collect(),
                declares: HashMap::new(),
                imports: HashMap::new(),
                outer: None,
                vars: Vec::new(),
                kind: ModuleKind::Imported,
                owner: None,
                region: Region::Files(vec![f]),
            });
        }
        model
    }

    /// The node `id` names from `module` (its own, or an enclosing module's for templates),
    /// and whether it is the module's own.
    pub fn lookup(&self, module: ModuleId, id: &str) -> Option<(NodeId, bool)> {
        let m = &self.modules[module];
        if let Some(&n) = m.ids.get(id) {
            return Some((n, true));
        }
        m.outer
            .and_then(|o| self.lookup(o, id))
            .map(|(n, _)| (n, false))
    }

    /// The node that a reference of idents `idents` names from `module`, and how many
    /// identifiers its id takes.
    pub fn resolve_node(
        &self,
        module: ModuleId,
        idents: &[Ident],
    ) -> Option<(NodeId, usize, bool)> {
        let mut id = String::new();
        for (n, ident) in idents.iter().enumerate() {
            if n > 0 {
                id.push('.');
            }
            id.push_str(&ident.name);
            if let Some((node, local)) = self.lookup(module, &id) {
                return Some((node, n + 1, local));
            }
        }
        None
    }

    /// Ids of every node visible from `module`, its own first.
    pub fn visible_ids(&self, module: ModuleId) -> Vec<&str> {
        let mut out = Vec::new();
        let mut current = Some(module);
        while let Some(m) = current {
            let m = &self.modules[m];
            out.extend(m.nodes.iter().map(|&n| self.nodes[n].id.as_str()));
            current = m.outer;
        }
        out
    }

    /// The component whose first name part is `root` (`string` for a component `string.x`),
    /// seen from `module`.
    pub fn node_with_root(&self, module: ModuleId, root: &str) -> Option<NodeId> {
        let mut current = Some(module);
        while let Some(m) = current {
            let m = &self.modules[m];
            if let Some(&n) = m.roots.get(root) {
                return Some(n);
            }
            current = m.outer;
        }
        None
    }

    /// The references made from `node`'s body.
    pub fn references_from(&self, node: NodeId) -> &[Reference] {
        &self.references[self.nodes[node].references.clone()]
    }

    /// The references that name `node`.
    pub fn references_to(&self, node: NodeId) -> impl Iterator<Item = &Reference> {
        self.references
            .iter()
            .filter(move |r| matches!(r.resolution, Resolution::Node { node: n, .. } if n == node))
    }

    fn build_module(&mut self, spec: ModuleSpec<'a>) -> ModuleId {
        let ModuleSpec {
            items,
            mut declares,
            mut imports,
            outer,
            vars,
            kind,
            owner,
            region,
        } = spec;
        let module = self.modules.len();
        self.modules.push(Module {
            kind,
            owner,
            outer,
            region,
            vars: vars.clone(),
            statements: Vec::new(),
            declares: HashMap::new(),
            imports: HashMap::new(),
            nodes: Vec::new(),
            ids: HashMap::new(),
            roots: HashMap::new(),
            edges: Vec::new(),
        });

        // Declarations first: a component may use a declare written further down.
        let mut statements = Vec::with_capacity(items.len());
        let mut own_declares: Vec<DeclareId> = Vec::new();
        let mut own_by_label: HashMap<&'a str, DeclareId> = HashMap::new();
        let mut every_declare: Vec<DeclareId> = Vec::new();
        let names: Vec<Cow<'a, str>> = items
            .iter()
            .map(|(_, stmt)| match stmt {
                Stmt::Block(b) => block_name(b),
                Stmt::Attribute(_) => Cow::Borrowed(""),
            })
            .collect();
        for (&(file, stmt), name) in items.iter().zip(&names) {
            let Stmt::Block(block) = stmt else { continue };
            if block.name_missing() {
                continue;
            }
            if name == "declare" {
                let status = match &block.label {
                    None => DeclareStatus::NoLabel,
                    Some(label) if label.value == "declare" => DeclareStatus::ReservedLabel,
                    Some(label) => match own_by_label.get(label.value.as_str()) {
                        Some(&first) => DeclareStatus::DuplicateOf(first),
                        None => DeclareStatus::Ok,
                    },
                };
                let id = self.declares.len();
                self.declares.push(Declare {
                    module,
                    file,
                    block,
                    status,
                    body: None,
                });
                every_declare.push(id);
                if status == DeclareStatus::Ok {
                    let label = block.label_value().unwrap_or_default();
                    own_by_label.insert(label, id);
                    declares.insert(label, DeclareRef { file, block });
                    own_declares.push(id);
                }
            } else if IMPORT_BLOCKS.contains(&name.as_ref()) {
                if let Some(label) = &block.label {
                    imports.insert(label.value.as_str(), ImportRef { file, block });
                }
            }
        }

        // Every other block is a node of the module's graph.
        let mut ids: HashMap<String, NodeId> = HashMap::new();
        let mut module_nodes: Vec<NodeId> = Vec::new();
        let mut declares_in_order = every_declare.into_iter();
        for (&(file, stmt), name) in items.iter().zip(&names) {
            let block = match stmt {
                // A block whose header is a syntax error names nothing: the error explains it.
                Stmt::Block(b) if b.name_missing() => continue,
                Stmt::Block(b) => b,
                Stmt::Attribute(a) => {
                    statements.push(Statement::Attribute(file, a));
                    continue;
                }
            };
            if name == "declare" {
                // Declares were numbered in this same order above.
                if let Some(id) = declares_in_order.next() {
                    statements.push(Statement::Declare(id));
                }
                continue;
            }
            let (node_kind, rejection) = self.classify(block, name, &declares, &imports, kind);
            let id = block_id(block);
            let status = match rejection {
                Some(r) => NodeStatus::Rejected(r),
                None => match ids.get(&id) {
                    Some(&first) => NodeStatus::DuplicateOf(first),
                    None => NodeStatus::Ok,
                },
            };
            let node = self.nodes.len();
            if status == NodeStatus::Ok {
                ids.insert(id.clone(), node);
                module_nodes.push(node);
            }
            self.nodes.push(Node {
                module,
                file,
                block,
                id,
                kind: node_kind,
                status,
                references: 0..0,
            });
            statements.push(Statement::Node(node));
        }
        {
            let m = &mut self.modules[module];
            m.statements = statements;
            m.declares = declares.clone();
            m.imports = imports.clone();
            m.nodes = module_nodes.clone();
            m.ids = ids;
            for &n in &module_nodes {
                let root = self.nodes[n].block.name.first().name;
                m.roots.entry(root).or_insert(n);
            }
        }

        // References and the graph.
        let local_index: HashMap<NodeId, usize> = module_nodes
            .iter()
            .enumerate()
            .map(|(i, &n)| (n, i))
            .collect();
        let mut edges = Vec::new();
        for (from_local, &node) in module_nodes.iter().enumerate() {
            let first_reference = self.references.len();
            let mut chains = Vec::new();
            let skip_template = matches!(self.nodes[node].kind, NodeKind::Foreach);
            collect_body_references(&self.nodes[node].block.body, skip_template, &mut chains);
            for crate::references::Found { idents, broken } in chains {
                let resolution = self.resolve(module, &idents);
                // A broken value is no dependency yet: Alloy would not load the file.
                if let (
                    Resolution::Node {
                        node: to,
                        local: true,
                        ..
                    },
                    false,
                ) = (resolution, broken)
                {
                    let span = idents[0].span().cover(idents[idents.len() - 1].span());
                    edges.push(Edge {
                        from: from_local,
                        to: local_index[&to],
                        span,
                    });
                }
                self.references.push(Reference {
                    module,
                    file: self.nodes[node].file,
                    from: node,
                    idents,
                    resolution,
                    broken,
                });
            }
            self.nodes[node].references = first_reference..self.references.len();
        }
        self.modules[module].edges = edges;

        // Nested modules.
        for id in own_declares {
            let d = &self.declares[id];
            let items = d.block.body.iter().map(|s| (d.file, s)).collect();
            let body = self.build_module(ModuleSpec {
                items,
                declares: declares.clone(),
                imports: imports.clone(),
                outer: None,
                vars: Vec::new(),
                kind: ModuleKind::Declare,
                owner: Some(Owner::Declare(id)),
                region: Region::Block(d.file, d.block.span()),
            });
            self.declares[id].body = Some(body);
        }
        for node in module_nodes {
            if !matches!(self.nodes[node].kind, NodeKind::Foreach) {
                continue;
            }
            let foreach = self.nodes[node].block;
            let file = self.nodes[node].file;
            let mut template_vars = vars.clone();
            template_vars.extend(foreach_var(foreach));
            for stmt in foreach.body.iter() {
                if let Stmt::Block(t) = stmt {
                    if is_named(t, "template") {
                        self.build_module(ModuleSpec {
                            items: t.body.iter().map(|s| (file, s)).collect(),
                            declares: declares.clone(),
                            imports: imports.clone(),
                            outer: Some(module),
                            vars: template_vars.clone(),
                            kind: ModuleKind::Template,
                            owner: Some(Owner::Foreach(node)),
                            region: Region::Block(file, t.span()),
                        });
                    }
                }
            }
        }
        module
    }

    /// What a top-level block is, and why it is left out of the graph, if it is.
    fn classify(
        &self,
        block: &'a Block,
        name: &str,
        declares: &HashMap<&'a str, DeclareRef<'a>>,
        imports: &HashMap<&'a str, ImportRef<'a>>,
        kind: ModuleKind,
    ) -> (NodeKind<'a>, Option<Rejection>) {
        let unlabelled = block.label.is_none().then_some(Rejection::MissingLabel);
        if ROOT_ONLY_BLOCKS.contains(&name) {
            let rejection = (kind != ModuleKind::Root).then_some(Rejection::RootOnly);
            return (NodeKind::Service, rejection);
        }
        if MODULE_ONLY_BLOCKS.contains(&name) {
            // At the top level of a file they make it a module meant to be imported (not an
            // error on its own); in a foreach template they are misplaced.
            let rejection = if kind == ModuleKind::Template {
                Some(Rejection::ModuleOnly)
            } else {
                unlabelled
            };
            let node_kind = if name == "argument" {
                NodeKind::Argument
            } else {
                NodeKind::Export
            };
            return (node_kind, rejection);
        }
        if IMPORT_BLOCKS.contains(&name) {
            return (NodeKind::Import, unlabelled);
        }
        if name == "foreach" {
            return (NodeKind::Foreach, unlabelled);
        }
        // Custom components: a local declare (`name`) or an imported one (`namespace.name`).
        if block.name.part_count() == 1 {
            if let Some(def) = declares.get(block.name.first().name) {
                return (NodeKind::Custom(CustomDef::Declare(*def)), None);
            }
        }
        if block.name.part_count() >= 2 {
            if let Some(import) = imports.get(block.name.first().name) {
                return (
                    NodeKind::Custom(self.imported_declare(block, *import)),
                    None,
                );
            }
        }
        match alloy_schema::component(name) {
            Some(component) => (NodeKind::Builtin(component), None),
            None => (NodeKind::Unknown, None),
        }
    }

    /// The labelled `declare` blocks of the module an import read, in source order; `None` when
    /// the import was not read, or when the module imports further (nested namespaces are not
    /// followed) and `nested` asks for them.
    pub fn import_declares(
        &self,
        import: ImportRef<'a>,
        nested: bool,
    ) -> Option<Vec<DeclareRef<'a>>> {
        let ImportTarget::Files(module_files) = self.sources.import(import.file, import.block)
        else {
            return None;
        };
        let mut out = Vec::new();
        for &mf in module_files {
            for stmt in self.sources.asts[mf].body.iter() {
                if let Stmt::Block(b) = stmt {
                    if is_named(b, "declare") {
                        if b.label.is_some() {
                            out.push(DeclareRef { file: mf, block: b });
                        }
                    } else if nested && IMPORT_BLOCKS.contains(&b.full_name().as_str()) {
                        return None;
                    }
                }
            }
        }
        Some(out)
    }

    fn imported_declare(&self, block: &'a Block, import: ImportRef<'a>) -> CustomDef<'a> {
        let wanted: Vec<&str> = block.name.parts().skip(1).map(|p| p.name).collect();
        let wanted = wanted.join(".");
        // Declares before a nested import are still found, as the module is read in order.
        let Some(all) = self.import_declares(import, false) else {
            return CustomDef::Opaque;
        };
        let mut available: Vec<&'a str> = Vec::new();
        for d in &all {
            let label = d.block.label_value().unwrap_or_default();
            if label == wanted {
                return CustomDef::Declare(*d);
            }
        }
        if block.name.part_count() > 2 && self.import_declares(import, true).is_none() {
            return CustomDef::Opaque;
        }
        available.extend(all.iter().filter_map(|d| d.block.label_value()));
        CustomDef::NotInModule {
            import,
            wanted,
            available,
        }
    }

    fn resolve(&self, module: ModuleId, idents: &[Ident]) -> Resolution {
        if let Some((node, consumed, local)) = self.resolve_node(module, idents) {
            return Resolution::Node {
                node,
                consumed,
                local,
            };
        }
        let first = idents[0].name.as_str();
        if self.modules[module].vars.contains(&first) {
            return Resolution::ForeachVar;
        }
        if first == "module_path" {
            return Resolution::ModulePath;
        }
        if is_stdlib_root(first) {
            return match self.node_with_root(module, first) {
                Some(node) => Resolution::ShadowedStdlib { node },
                None => Resolution::Stdlib,
            };
        }
        Resolution::Unresolved
    }
}

struct ModuleSpec<'a> {
    items: Vec<(FileId, &'a Stmt)>,
    declares: HashMap<&'a str, DeclareRef<'a>>,
    imports: HashMap<&'a str, ImportRef<'a>>,
    outer: Option<ModuleId>,
    vars: Vec<&'a str>,
    kind: ModuleKind,
    owner: Option<Owner>,
    region: Region,
}

/// `name.label`, or `name` for a block without a label.
pub fn block_id(block: &Block) -> String {
    let mut id = String::with_capacity(block.span().len().min(64) as usize);
    id.push_str(&block.name.dotted());
    if let Some(label) = block.label_value() {
        id.push('.');
        id.push_str(label);
    }
    id
}

/// A block's dotted name (`prometheus.scrape`), borrowed from the source as written.
pub fn block_name(block: &Block) -> Cow<'_, str> {
    block.name.dotted()
}

fn is_named(block: &Block, name: &str) -> bool {
    block.name.is(name)
}

/// A top-level identifier of the standard library (a function, namespace or alias).
pub fn is_stdlib_root(name: &str) -> bool {
    alloy_schema::is_stdlib_identifier(name)
}

/// The `var` of a foreach block: the name its template uses for the current item.
fn foreach_var(block: &Block) -> Option<&str> {
    block.body.iter().find_map(|s| match s {
        Stmt::Attribute(a) if a.name.name == "var" => match &a.value.kind {
            alloy_syntax::ast::ExprKind::String(raw) => {
                raw.strip_prefix('"').and_then(|r| r.strip_suffix('"'))
            }
            alloy_syntax::ast::ExprKind::RawString(raw) => {
                raw.strip_prefix('`').and_then(|r| r.strip_suffix('`'))
            }
            _ => None,
        },
        _ => None,
    })
}

/// Reference chains in a body, skipping a foreach's `template` (a module of its own).
fn collect_body_references(
    body: &[Stmt],
    skip_template: bool,
    out: &mut Vec<crate::references::Found>,
) {
    walk_body(&mut BodyReferences { out, skip_template }, body);
}

struct BodyReferences<'o> {
    out: &'o mut Vec<crate::references::Found>,
    /// True while visiting the direct children of a foreach block.
    skip_template: bool,
}

impl Visitor<'_> for BodyReferences<'_> {
    fn visit_attribute(&mut self, attribute: &Attribute) {
        crate::references::collect(&attribute.value, self.out);
    }
    fn visit_block(&mut self, block: &Block) {
        if self.skip_template && is_named(block, "template") {
            return;
        }
        let skip = std::mem::replace(&mut self.skip_template, false);
        walk_block(self, block);
        self.skip_template = skip;
    }
}
