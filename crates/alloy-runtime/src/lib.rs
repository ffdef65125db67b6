//! The runtime: evaluates a config's components as Alloy's controller does at start-up.
//!
//! The order is the semantic model's dependency graph (`alloy_semantic::graph`), dependencies
//! first; the runtime adds evaluation state to it and never builds a graph of its own. Each
//! component's arguments are evaluated by `alloy-eval` against a [`Scope`] of the exports of
//! the components evaluated before it. Components come from a [`Registry`]; those without an
//! implementation export [`Value::Unknown`] and are reported as not executed, and anything
//! that depends on them is reported as unknown, never guessed.
//!
//! After evaluation, label sets flow: every source emits its streams, which are delivered
//! along `forward_to` receivers to processors and sinks (see [`Component`]).

pub mod args;
pub mod components;
pub mod explain;
pub mod relabel;

use alloy_eval::{Evaluator, Scope, Value};
use alloy_semantic::graph::strongly_connected;
use alloy_semantic::{Model, NodeKind, NodeStatus};
use alloy_syntax::ast::Stmt;
pub use args::{ArgError, Args};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// A label set (a target, a log stream's labels), sorted by name.
pub type LabelSet = BTreeMap<String, String>;

/// Label sets sent to the components named in `forward_to`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stream {
    pub labels: LabelSet,
    pub forward_to: Vec<String>,
}

/// What the components may touch: every file path of the config is read under `fs_root`.
#[derive(Clone, Debug)]
pub struct Env {
    pub fs_root: PathBuf,
}

impl Env {
    pub fn new(fs_root: impl Into<PathBuf>) -> Env {
        Env {
            fs_root: fs_root.into(),
        }
    }

    /// Where the config's `path` is on this machine: under the root.
    pub fn resolve(&self, path: &str) -> PathBuf {
        let relative = Path::new(path.trim_start_matches('/'));
        self.fs_root.join(relative)
    }
}

/// What a component found or received, for reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Summary {
    None,
    /// A source: what it found (files, targets), and why nothing when nothing.
    Source {
        found: Vec<String>,
        note: Option<String>,
    },
    /// A sink: every label set it received, with repetitions.
    Writer {
        received: Vec<LabelSet>,
    },
}

/// A component implementation. `evaluate` runs once per evaluation with the block's
/// arguments and returns its exports (an object); sources then [`emit`](Component::emit)
/// streams, which processors and sinks [`receive`](Component::receive).
pub trait Component {
    /// `id` is the component's `name.label` (what its receivers are named by).
    fn evaluate(&mut self, id: &str, args: &Args, env: &Env) -> Result<Value, ArgError>;
    /// The streams a source sends.
    fn emit(&self) -> Vec<Stream> {
        Vec::new()
    }
    /// A label set delivered to this component's receiver; returns what it forwards.
    fn receive(&mut self, _labels: &LabelSet) -> Vec<Stream> {
        Vec::new()
    }
    fn summary(&self) -> Summary {
        Summary::None
    }
}

pub type Factory = fn() -> Box<dyn Component>;

/// Component implementations by component name (`local.file`, ...).
#[derive(Clone, Default)]
pub struct Registry {
    factories: HashMap<String, Factory>,
}

impl Registry {
    pub fn empty() -> Registry {
        Registry::default()
    }
    /// The implementations of this crate.
    pub fn builtin() -> Registry {
        let mut r = Registry::empty();
        components::register(&mut r);
        r
    }
    pub fn register(&mut self, name: &str, factory: Factory) {
        self.factories.insert(name.to_string(), factory);
    }
    pub fn get(&self, name: &str) -> Option<Factory> {
        self.factories.get(name).copied()
    }
}

/// How a component's evaluation went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Executed,
    /// No implementation in the registry (or a custom component, import or foreach, which
    /// this runtime does not expand).
    NotExecuted,
    /// An argument depends on a component that was not executed.
    Unknown(String),
    /// Evaluation or the component failed.
    Failed(String),
    /// Part of a reference cycle: Alloy refuses to load the config.
    Cycle,
}

#[derive(Clone, Debug)]
pub struct ComponentRun {
    /// `name.label`.
    pub id: String,
    /// The component name (`loki.write`).
    pub name: String,
    pub status: Status,
    pub summary: Summary,
    /// Components this one forwarded to whose behaviour is unknown (not executed).
    pub unknown_downstream: Vec<String>,
}

/// The outcome of a run: the root module's components in evaluation order.
#[derive(Clone, Debug)]
pub struct Run {
    pub components: Vec<ComponentRun>,
}

impl Run {
    pub fn get(&self, id: &str) -> Option<&ComponentRun> {
        self.components.iter().find(|c| c.id == id)
    }
}

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
                let name = b
                    .name
                    .iter()
                    .map(|i| i.name.as_str())
                    .collect::<Vec<_>>()
                    .join(".");
                args.children
                    .push((name, eval_body(evaluator, &b.body, scope)?));
            }
        }
    }
    Ok(args)
}

/// How deep a chain of `forward_to` may go before the run stops following it.
const MAX_FORWARD_DEPTH: usize = 64;

struct State {
    ids: HashMap<String, usize>,
    instances: Vec<Option<Box<dyn Component>>>,
    runs: Vec<ComponentRun>,
}

impl State {
    fn deliver(&mut self, from: usize, stream: &Stream, depth: usize) {
        for target in &stream.forward_to {
            let to = match self.ids.get(target) {
                Some(&to) if self.runs[to].status == Status::Executed => to,
                _ => {
                    if !self.runs[from].unknown_downstream.contains(target) {
                        self.runs[from].unknown_downstream.push(target.clone());
                    }
                    continue;
                }
            };
            let Some(instance) = self.instances[to].as_mut() else {
                continue;
            };
            let out = instance.receive(&stream.labels);
            if depth < MAX_FORWARD_DEPTH {
                for next in &out {
                    self.deliver(to, next, depth + 1);
                }
            }
        }
    }
}

/// Runs the root module of `model`: evaluation in graph order, then label flow.
pub fn run(model: &Model, registry: &Registry, env: &Env, evaluator: &Evaluator) -> Run {
    let Some(module) = model.modules.first() else {
        return Run {
            components: Vec::new(),
        };
    };
    let n = module.nodes.len();
    let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in module.edges.iter().enumerate() {
        adjacency[e.from].push(i);
    }
    // Tarjan emits a component after everything it reaches: dependencies first.
    let order = strongly_connected(n, &module.edges, &adjacency);

    let mut state = State {
        ids: HashMap::new(),
        instances: (0..n).map(|_| None).collect(),
        runs: Vec::with_capacity(n),
    };
    for &node_id in &module.nodes {
        let node = &model.nodes[node_id];
        let name = match &node.kind {
            NodeKind::Builtin(c) => c.name.to_string(),
            _ => alloy_semantic::block_name(node.block).into_owned(),
        };
        state.ids.insert(node.id.clone(), state.runs.len());
        state.runs.push(ComponentRun {
            id: node.id.clone(),
            name,
            status: Status::NotExecuted,
            summary: Summary::None,
            unknown_downstream: Vec::new(),
        });
    }

    let mut scope = ExportScope::default();
    let mut evaluated = Vec::new();
    for scc in &order {
        let cyclic = scc.len() > 1
            || adjacency[scc[0]]
                .iter()
                .any(|&e| module.edges[e].to == scc[0]);
        for &local in scc {
            let node = &model.nodes[module.nodes[local]];
            debug_assert_eq!(node.status, NodeStatus::Ok);
            let path: Vec<&str> = node.id.split('.').collect();
            if cyclic {
                state.runs[local].status = Status::Cycle;
                scope.insert(&path, Value::Unknown);
                continue;
            }
            let factory = match &node.kind {
                NodeKind::Builtin(c) => registry.get(c.name),
                _ => None,
            };
            let Some(factory) = factory else {
                // Config blocks (argument, export, services) and unimplemented components.
                scope.insert(&path, Value::Unknown);
                continue;
            };
            let exports = match eval_body(evaluator, &node.block.body, &scope) {
                Err(message) => {
                    state.runs[local].status = Status::Failed(message);
                    Value::Unknown
                }
                Ok(args) => {
                    let mut instance = factory();
                    match instance.evaluate(&node.id, &args, env) {
                        Ok(exports) => {
                            state.runs[local].status = Status::Executed;
                            state.instances[local] = Some(instance);
                            evaluated.push(local);
                            exports
                        }
                        Err(ArgError::Unknown(what)) => {
                            state.runs[local].status = Status::Unknown(what);
                            Value::Unknown
                        }
                        Err(ArgError::Invalid(message)) => {
                            state.runs[local].status = Status::Failed(message);
                            Value::Unknown
                        }
                    }
                }
            };
            scope.insert(&path, exports);
        }
    }

    for &local in &evaluated {
        let streams = state.instances[local]
            .as_ref()
            .map(|c| c.emit())
            .unwrap_or_default();
        for stream in &streams {
            state.deliver(local, stream, 0);
        }
    }
    for local in 0..n {
        if let Some(instance) = &state.instances[local] {
            state.runs[local].summary = instance.summary();
        }
    }
    let mut components = Vec::with_capacity(n);
    let mut runs: Vec<Option<ComponentRun>> = state.runs.into_iter().map(Some).collect();
    for scc in &order {
        for &local in scc {
            if !model.nodes[module.nodes[local]].kind.is_component() {
                continue;
            }
            if let Some(r) = runs[local].take() {
                components.push(r);
            }
        }
    }
    Run { components }
}

#[cfg(test)]
mod tests;
