//! The evaluation loop: the model's modules run as instances (the root config; a custom
//! component's `declare` body, local or from an `import.file` module; one `foreach` template
//! per collection item), each in the topological order of its module's graph. A component
//! whose exports change has its dependants evaluated again, as Alloy's controller does when a
//! component updates its exports: within a module the order makes that rare, but a `foreach`
//! template may use a component the graph puts after the `foreach` block.

use crate::args::{receiver, ArgError, Args};
use crate::{
    Component as ComponentImpl, ComponentRun, Env, Flow, Labels, Registry, Run, Status, Stream,
    Summary,
};
use alloy_eval::{Evaluator, Scope, Value};
use alloy_schema::AlloyType;
use alloy_semantic::graph::strongly_connected;
use alloy_semantic::{block_name, CustomDef, Model, ModuleId, NodeId, NodeKind, Owner, Resolution};
use alloy_syntax::ast::{Block, Stmt};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::rc::Rc;

/// How deep a chain of `forward_to` may go before the run stops following it.
const MAX_FORWARD_DEPTH: usize = 64;
/// How deep custom components may nest (a declare that instantiates itself stops here).
const MAX_MODULE_DEPTH: usize = 32;
/// Evaluations of one component in one module instance before its exports are taken to
/// never settle.
const MAX_EVALUATIONS: u32 = 16;
/// Items of one `foreach` collection that are run.
const MAX_FOREACH_ITEMS: usize = 10_000;

/// The exports of evaluated components as nested objects: `local.file.a` exporting `content`
/// is `local` → `file` → `a` → `{content}`.
#[derive(Default)]
pub struct ExportScope {
    roots: HashMap<String, Value>,
}

impl ExportScope {
    pub fn insert(&mut self, path: &[&str], exports: Value) {
        let Some((first, rest)) = path.split_first() else {
            return;
        };
        let slot = self.roots.entry(first.to_string()).or_insert(Value::Null);
        insert_at(slot, rest, exports);
    }

    /// The value at `path`, if there is one.
    pub fn get(&self, path: &[&str]) -> Option<&Value> {
        let (first, rest) = path.split_first()?;
        let mut value = self.roots.get(*first)?;
        for part in rest {
            match value {
                Value::Object(fields) => value = fields.get(*part)?,
                _ => return None,
            }
        }
        Some(value)
    }
}

fn insert_at(slot: &mut Value, path: &[&str], value: Value) {
    let Some((first, rest)) = path.split_first() else {
        *slot = value;
        return;
    };
    if !matches!(slot, Value::Object(_)) {
        *slot = Value::object(Default::default());
    }
    if let Value::Object(fields) = slot {
        let child = Rc::make_mut(fields)
            .entry(Rc::from(*first))
            .or_insert(Value::Null);
        insert_at(child, rest, value);
    }
}

impl Scope for ExportScope {
    fn lookup(&self, name: &str) -> Option<Value> {
        self.roots.get(name).cloned()
    }
}

/// Evaluates a block body into [`Args`].
pub fn eval_body(evaluator: &Evaluator, body: &[Stmt], scope: &dyn Scope) -> Result<Args, String> {
    let mut args = Args::default();
    for stmt in body {
        match stmt {
            Stmt::Attribute(a) => {
                let value = evaluator
                    .eval(&a.value, scope)
                    .map_err(|e| format!("{}: {}", a.name.name, e.message))?;
                args.attributes.insert(a.name.name.to_string(), value);
            }
            Stmt::Block(b) => {
                let name = b.full_name();
                args.children
                    .push((name, eval_body(evaluator, &b.body, scope)?));
            }
        }
    }
    Ok(args)
}

/// Whether two exports are the same value (unknown equals unknown; Alloy's `==` otherwise).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Unknown, Value::Unknown) => true,
        (Value::Function(_), Value::Function(_)) => true,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a.alloy_eq(b),
    }
}

/// `own` with the fields of `outer` it does not have (a template's components shadow the
/// module's around it).
fn merge(own: Value, outer: Value) -> Value {
    match (own, outer) {
        (Value::Object(mut mine), Value::Object(theirs)) => {
            let fields = Rc::make_mut(&mut mine);
            for (k, v) in theirs.iter() {
                match fields.remove(k) {
                    Some(m) => fields.insert(k.clone(), merge(m, v.clone())),
                    None => fields.insert(k.clone(), v.clone()),
                };
            }
            Value::Object(mine)
        }
        (own, _) => own,
    }
}

/// One module instance being evaluated.
struct Frame<'p> {
    module: ModuleId,
    /// Prepended to its components' ids: `""` for the root config, `ID/` inside an instance.
    prefix: String,
    parent: Option<String>,
    exports: ExportScope,
    /// The foreach variable of a template instance.
    vars: Vec<(String, Value)>,
    /// What the custom component's body gave its `argument` blocks (`None` for the root
    /// config and templates: arguments take their defaults).
    arguments: Option<BTreeMap<String, Value>>,
    /// What the module's `export` blocks evaluate to.
    module_exports: BTreeMap<String, Value>,
    module_path: Value,
    /// A template sees the components of the module instance around it.
    outer: Option<&'p dyn Scope>,
}

impl Scope for Frame<'_> {
    fn lookup(&self, name: &str) -> Option<Value> {
        let own = self.exports.lookup(name).or_else(|| {
            self.vars
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        });
        let outer = self.outer.and_then(|o| o.lookup(name));
        match (own, outer) {
            (Some(own), Some(outer)) => Some(merge(own, outer)),
            (Some(own), None) => Some(own),
            (None, Some(outer)) => Some(outer),
            (None, None) => (name == "module_path").then(|| self.module_path.clone()),
        }
    }
}

/// A module's evaluation order (the model's graph, dependencies first).
struct Plan {
    /// Indexes into the module's nodes.
    order: Vec<usize>,
    /// Local index → position in `order`.
    position: Vec<usize>,
    /// Local index → part of a reference cycle.
    cyclic: Vec<bool>,
    /// Node → local index.
    local: HashMap<NodeId, usize>,
}

struct Slot {
    run: ComponentRun,
    instance: Option<Box<dyn ComponentImpl>>,
    /// Dropped by a re-evaluation of the module instance it was in.
    removed: bool,
}

/// One run of a config.
pub struct Engine<'m, 'a> {
    model: &'m Model<'a>,
    registry: &'m Registry,
    env: &'m Env,
    evaluator: &'m Evaluator,
    declare_bodies: HashMap<*const Block, ModuleId>,
    templates: HashMap<NodeId, ModuleId>,
    /// Node → the nodes of its module whose evaluation reads its exports (for a reference
    /// from a foreach template, the foreach node).
    dependants: HashMap<NodeId, Vec<NodeId>>,
    plans: HashMap<ModuleId, Rc<Plan>>,
    slots: Vec<Slot>,
    index: HashMap<String, usize>,
    /// (from, to) slots → the distinct label sets delivered and the number of deliveries.
    flows: HashMap<(usize, usize), (HashSet<Labels>, usize)>,
}

impl<'m, 'a> Engine<'m, 'a> {
    pub fn new(
        model: &'m Model<'a>,
        registry: &'m Registry,
        env: &'m Env,
        evaluator: &'m Evaluator,
    ) -> Engine<'m, 'a> {
        let declare_bodies = model
            .declares
            .iter()
            .filter_map(|d| Some((d.block as *const Block, d.body?)))
            .collect();
        let mut templates = HashMap::new();
        for (m, module) in model.modules.iter().enumerate() {
            if let Some(Owner::Foreach(node)) = module.owner {
                templates.entry(node).or_insert(m);
            }
        }
        let mut dependants: HashMap<NodeId, Vec<NodeId>> = HashMap::new();
        for r in model.references.iter().filter(|r| !r.broken) {
            let Resolution::Node { node: target, .. } = r.resolution else {
                continue;
            };
            let target_module = model.nodes[target].module;
            let mut from = r.from;
            loop {
                let module = model.nodes[from].module;
                if module == target_module {
                    let list = dependants.entry(target).or_default();
                    if !list.contains(&from) {
                        list.push(from);
                    }
                    break;
                }
                match model.modules[module].owner {
                    Some(Owner::Foreach(foreach)) => from = foreach,
                    _ => break,
                }
            }
        }
        Engine {
            model,
            registry,
            env,
            evaluator,
            declare_bodies,
            templates,
            dependants,
            plans: HashMap::new(),
            slots: Vec::new(),
            index: HashMap::new(),
            flows: HashMap::new(),
        }
    }

    /// Evaluates every module instance from the root config down, then lets labels flow.
    pub fn run(mut self) -> Run {
        if self.model.modules.is_empty() {
            return Run::default();
        }
        let module_path = self
            .model
            .sources
            .files
            .first()
            .map_or(Value::string("."), |f| {
                Value::string(&f.directory().to_string_lossy())
            });
        let mut root = Frame {
            module: 0,
            prefix: String::new(),
            parent: None,
            exports: ExportScope::default(),
            vars: Vec::new(),
            arguments: None,
            module_exports: BTreeMap::new(),
            module_path,
            outer: None,
        };
        self.run_module(&mut root, 0);
        self.flow();
        let flows = std::mem::take(&mut self.flows)
            .into_iter()
            .map(|((from, to), (label_sets, deliveries))| {
                let ids = (
                    self.slots[from].run.id.clone(),
                    self.slots[to].run.id.clone(),
                );
                let flow = Flow {
                    label_sets: label_sets.into_iter().collect(),
                    deliveries,
                };
                (ids, flow)
            })
            .collect();
        let components = self
            .slots
            .into_iter()
            .filter(|s| !s.removed)
            .map(|mut s| {
                if let Some(instance) = &s.instance {
                    s.run.summary = instance.summary();
                }
                s.run
            })
            .collect();
        Run { components, flows }
    }

    fn plan(&mut self, module: ModuleId) -> Rc<Plan> {
        if let Some(plan) = self.plans.get(&module) {
            return plan.clone();
        }
        let m = &self.model.modules[module];
        let n = m.nodes.len();
        let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, e) in m.edges.iter().enumerate() {
            adjacency[e.from].push(i);
        }
        // Tarjan emits a component after everything it reaches: dependencies first.
        let mut order = Vec::with_capacity(n);
        let mut cyclic = vec![false; n];
        for scc in strongly_connected(n, &m.edges, &adjacency) {
            let loops = scc.len() > 1 || adjacency[scc[0]].iter().any(|&e| m.edges[e].to == scc[0]);
            for &local in &scc {
                cyclic[local] = loops;
                order.push(local);
            }
        }
        let mut position = vec![0; n];
        for (p, &local) in order.iter().enumerate() {
            position[local] = p;
        }
        let local = m.nodes.iter().enumerate().map(|(i, &n)| (n, i)).collect();
        let plan = Rc::new(Plan {
            order,
            position,
            cyclic,
            local,
        });
        self.plans.insert(module, plan.clone());
        plan
    }

    fn run_module(&mut self, frame: &mut Frame<'_>, depth: usize) {
        let plan = self.plan(frame.module);
        let model = self.model;
        let module = &model.modules[frame.module];
        // Until a component is evaluated its exports are unknown: a reference to it (from a
        // template, which the graph does not order) reads unknown, not an error.
        for &node in &module.nodes {
            let path: Vec<&str> = model.nodes[node].id.split('.').collect();
            frame.exports.insert(&path, Value::Unknown);
        }
        let mut dirty: BTreeSet<usize> = (0..plan.order.len()).collect();
        let mut evaluations = vec![0u32; plan.order.len()];
        while let Some(position) = dirty.pop_first() {
            let local = plan.order[position];
            let node_id = module.nodes[local];
            let node = &model.nodes[node_id];
            let path: Vec<&str> = node.id.split('.').collect();
            evaluations[local] += 1;
            let exports = if evaluations[local] > MAX_EVALUATIONS {
                let id = format!("{}{}", frame.prefix, node.id);
                self.set_status(
                    &id,
                    Status::Failed(format!(
                        "its arguments were evaluated {MAX_EVALUATIONS} times and the exports they depend on kept changing"
                    )),
                );
                continue;
            } else if plan.cyclic[local] {
                if node.kind.is_component() {
                    let id = format!("{}{}", frame.prefix, node.id);
                    let name = component_name(node);
                    self.record(&id, &name, frame.parent.clone(), Status::Cycle, None);
                }
                Value::Unknown
            } else {
                self.eval_node(frame, node_id, depth)
            };
            let changed = frame
                .exports
                .get(&path)
                .is_none_or(|before| !same(before, &exports));
            frame.exports.insert(&path, exports);
            if changed {
                for d in self.dependants.get(&node_id).into_iter().flatten() {
                    if let Some(&l) = plan.local.get(d) {
                        dirty.insert(plan.position[l]);
                    }
                }
            }
        }
    }

    fn eval_node(&mut self, frame: &mut Frame<'_>, node_id: NodeId, depth: usize) -> Value {
        let model = self.model;
        let node = &model.nodes[node_id];
        let id = format!("{}{}", frame.prefix, node.id);
        match &node.kind {
            NodeKind::Builtin(component) => self.eval_builtin(frame, node.block, component, id),
            NodeKind::Custom(def) => self.eval_custom(frame, node.block, def, id, depth),
            NodeKind::Unknown => {
                let name = component_name(node);
                self.record(&id, &name, frame.parent.clone(), Status::NotExecuted, None);
                Value::Unknown
            }
            NodeKind::Argument => self.eval_argument(frame, node.block),
            NodeKind::Export => {
                let value = attribute(node.block, "value")
                    .map(|a| self.evaluator.eval(&a.value, &*frame))
                    .transpose()
                    .unwrap_or(Some(Value::Unknown))
                    .unwrap_or(Value::Null);
                let name = node.block.label_value().unwrap_or_default().to_string();
                frame.module_exports.insert(name, value);
                Value::Null
            }
            NodeKind::Foreach => {
                self.eval_foreach(frame, node_id, id, depth);
                Value::Null
            }
            NodeKind::Import | NodeKind::Service => Value::Unknown,
        }
    }

    fn eval_builtin(
        &mut self,
        frame: &Frame<'_>,
        block: &Block,
        component: &'static alloy_schema::Component,
        id: String,
    ) -> Value {
        let parent = frame.parent.clone();
        let Some(factory) = self.registry.get(component.name) else {
            self.record(&id, component.name, parent, Status::NotExecuted, None);
            return unexecuted_exports(component, &id);
        };
        let args = match eval_body(self.evaluator, &block.body, frame) {
            Ok(args) => args,
            Err(message) => {
                self.record(&id, component.name, parent, Status::Failed(message), None);
                return unexecuted_exports(component, &id);
            }
        };
        let mut instance = factory();
        match instance.evaluate(&id, &args, self.env) {
            Ok(exports) => {
                self.record(
                    &id,
                    component.name,
                    parent,
                    Status::Executed,
                    Some(instance),
                );
                exports
            }
            Err(ArgError::Unknown(what)) => {
                self.record(&id, component.name, parent, Status::Unknown(what), None);
                unexecuted_exports(component, &id)
            }
            Err(ArgError::Invalid(message)) => {
                self.record(&id, component.name, parent, Status::Failed(message), None);
                unexecuted_exports(component, &id)
            }
        }
    }

    fn eval_custom(
        &mut self,
        frame: &Frame<'_>,
        block: &Block,
        def: &CustomDef<'_>,
        id: String,
        depth: usize,
    ) -> Value {
        let name = block_name(block).into_owned();
        let parent = frame.parent.clone();
        let prefix = format!("{id}/");
        if self.index.contains_key(&id) {
            // Evaluated again: its instance runs anew.
            self.forget(&prefix);
        }
        let declare = match def {
            CustomDef::Declare(d) => self
                .declare_bodies
                .get(&(d.block as *const Block))
                .map(|&body| (body, d.file)),
            _ => None,
        };
        let Some((body, file)) = declare else {
            self.record(&id, &name, parent, Status::NotExecuted, None);
            return Value::Unknown;
        };
        if depth >= MAX_MODULE_DEPTH {
            let why = format!("custom components nest deeper than {MAX_MODULE_DEPTH} levels");
            self.record(&id, &name, parent, Status::Failed(why), None);
            return Value::Unknown;
        }
        let args = match eval_body(self.evaluator, &block.body, frame) {
            Ok(args) => args,
            Err(message) => {
                self.record(&id, &name, parent, Status::Failed(message), None);
                return Value::Unknown;
            }
        };
        self.record(&id, &name, parent, Status::Executed, None);
        let module_path = self
            .model
            .sources
            .files
            .get(file)
            .map_or(frame.module_path.clone(), |f| {
                Value::string(&f.directory().to_string_lossy())
            });
        let mut instance = Frame {
            module: body,
            prefix,
            parent: Some(id),
            exports: ExportScope::default(),
            vars: Vec::new(),
            arguments: Some(args.attributes),
            module_exports: BTreeMap::new(),
            module_path,
            outer: None,
        };
        self.run_module(&mut instance, depth + 1);
        Value::object_from(instance.module_exports)
    }

    /// An `argument` block's export: the value the custom component's body gave it, else
    /// its `default`.
    fn eval_argument(&mut self, frame: &Frame<'_>, block: &Block) -> Value {
        let name = block.label_value().unwrap_or_default();
        let given = frame.arguments.as_ref().and_then(|a| a.get(name)).cloned();
        let value = given.unwrap_or_else(|| match attribute(block, "default") {
            Some(a) => self
                .evaluator
                .eval(&a.value, frame)
                .unwrap_or(Value::Unknown),
            // Optional and not given: null; the root config has no caller to give it.
            None if frame.arguments.is_some() => Value::Null,
            None => Value::Unknown,
        });
        Value::object_from([("value", value)])
    }

    fn eval_foreach(&mut self, frame: &Frame<'_>, node_id: NodeId, id: String, depth: usize) {
        let block = self.model.nodes[node_id].block;
        let parent = frame.parent.clone();
        let prefix = format!("{id}/");
        if self.index.contains_key(&id) {
            self.forget(&prefix);
        }
        let Some(&template) = self.templates.get(&node_id) else {
            let why = "it has no template block".to_string();
            self.record(&id, "foreach", parent, Status::Failed(why), None);
            return;
        };
        let evaluator = self.evaluator;
        let eval = |name: &str| attribute(block, name).map(|a| evaluator.eval(&a.value, frame));
        let var = match eval("var") {
            Some(Ok(Value::String(s))) => s.to_string(),
            Some(Ok(Value::Unknown)) => {
                let why = "var".to_string();
                self.record(&id, "foreach", parent, Status::Unknown(why), None);
                return;
            }
            _ => {
                let why = "var must be a string".to_string();
                self.record(&id, "foreach", parent, Status::Failed(why), None);
                return;
            }
        };
        let items = match eval("collection") {
            Some(Ok(Value::Array(items))) => items,
            Some(Ok(v)) if v.contains_unknown() => {
                let why = "collection".to_string();
                self.record(&id, "foreach", parent, Status::Unknown(why), None);
                return;
            }
            Some(Err(e)) => {
                let why = format!("collection: {}", e.message);
                self.record(&id, "foreach", parent, Status::Failed(why), None);
                return;
            }
            _ => {
                let why = "collection must be a list".to_string();
                self.record(&id, "foreach", parent, Status::Failed(why), None);
                return;
            }
        };
        self.record(&id, "foreach", parent, Status::Executed, None);
        if depth >= MAX_MODULE_DEPTH {
            return;
        }
        for (i, item) in items.iter().enumerate().take(MAX_FOREACH_ITEMS) {
            let mut instance = Frame {
                module: template,
                prefix: format!("{prefix}{i}/"),
                parent: Some(format!("{prefix}{i}")),
                exports: ExportScope::default(),
                vars: vec![(var.clone(), item.clone())],
                arguments: None,
                module_exports: BTreeMap::new(),
                module_path: frame.module_path.clone(),
                outer: Some(frame),
            };
            self.run_module(&mut instance, depth + 1);
        }
    }

    /// Records an evaluation of the component `id` (again, if it was evaluated before).
    fn record(
        &mut self,
        id: &str,
        name: &str,
        parent: Option<String>,
        status: Status,
        instance: Option<Box<dyn ComponentImpl>>,
    ) {
        if let Some(&i) = self.index.get(id) {
            let slot = &mut self.slots[i];
            slot.run.status = status;
            slot.run.evaluations += 1;
            slot.instance = instance;
            slot.removed = false;
            return;
        }
        self.index.insert(id.to_string(), self.slots.len());
        self.slots.push(Slot {
            run: ComponentRun {
                id: id.to_string(),
                name: name.to_string(),
                parent,
                status,
                evaluations: 1,
                summary: Summary::None,
                unknown_downstream: Vec::new(),
            },
            instance,
            removed: false,
        });
    }

    fn set_status(&mut self, id: &str, status: Status) {
        if let Some(&i) = self.index.get(id) {
            self.slots[i].run.status = status;
            self.slots[i].instance = None;
        }
    }

    /// Drops the components of module instances under `prefix` before they run again.
    fn forget(&mut self, prefix: &str) {
        for slot in &mut self.slots {
            if slot.run.id.starts_with(prefix) {
                slot.removed = true;
                slot.instance = None;
            }
        }
    }

    fn live(&self, id: &str) -> Option<usize> {
        let &i = self.index.get(id)?;
        let slot = &self.slots[i];
        (!slot.removed && slot.run.status == Status::Executed && slot.instance.is_some())
            .then_some(i)
    }

    fn flow(&mut self) {
        let sources: Vec<usize> = (0..self.slots.len())
            .filter(|&i| !self.slots[i].removed && self.slots[i].instance.is_some())
            .collect();
        for i in sources {
            let streams = match &self.slots[i].instance {
                Some(instance) => instance.emit(),
                None => continue,
            };
            let origin = self.slots[i].run.id.clone();
            for stream in &streams {
                self.deliver(i, &origin, stream, 0);
            }
        }
    }

    fn deliver(&mut self, from: usize, origin: &str, stream: &Stream, depth: usize) {
        for target in stream.forward_to.iter() {
            let Some(to) = self.live(target) else {
                let unknown = &mut self.slots[from].run.unknown_downstream;
                if !unknown.contains(target) {
                    unknown.push(target.clone());
                }
                continue;
            };
            let (label_sets, deliveries) = self.flows.entry((from, to)).or_default();
            *deliveries += 1;
            if !label_sets.contains(&stream.labels) {
                label_sets.insert(stream.labels.clone());
            }
            let out = match self.slots[to].instance.as_mut() {
                Some(instance) => instance.receive(&stream.labels, origin),
                None => continue,
            };
            if depth < MAX_FORWARD_DEPTH {
                for next in &out {
                    self.deliver(to, origin, next, depth + 1);
                }
            }
        }
    }
}

/// A custom component's or unknown block's name as written (`ns.pipeline`).
fn component_name(node: &alloy_semantic::Node<'_>) -> String {
    match &node.kind {
        NodeKind::Builtin(c) => c.name.to_string(),
        _ => block_name(node.block).into_owned(),
    }
}

fn attribute<'b>(block: &'b Block, name: &str) -> Option<&'b alloy_syntax::ast::Attribute> {
    block.body.iter().find_map(|s| match s {
        Stmt::Attribute(a) if a.name.name == name => Some(a),
        _ => None,
    })
}

/// The receiver capsule types: where data is sent is known even when what the component
/// does with it is not.
fn is_receiver_type(ty: &AlloyType) -> bool {
    matches!(
        ty,
        AlloyType::Capsule(
            "loki.LogsReceiver"
                | "storage.Appendable"
                | "pyroscope.Appendable"
                | "otelcol.Consumer"
        )
    )
}

/// The exports of a component that was not executed: unknown, except its receivers, which
/// name it.
fn unexecuted_exports(component: &alloy_schema::Component, id: &str) -> Value {
    let exports = component.exports();
    if !exports.iter().any(|e| is_receiver_type(&e.ty)) {
        return Value::Unknown;
    }
    Value::object_from(exports.iter().map(|e| {
        let value = if is_receiver_type(&e.ty) {
            receiver(id)
        } else {
            Value::Unknown
        };
        (e.name, value)
    }))
}
