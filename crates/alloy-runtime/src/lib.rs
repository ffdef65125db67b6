//! The runtime: evaluates a config's components as Alloy's controller does at start-up.
//!
//! The order is the semantic model's dependency graph (`alloy_semantic::graph`), dependencies
//! first; the runtime adds evaluation state to it and never builds a graph of its own. Each
//! component's arguments are evaluated by `alloy-eval` against a scope of the exports of the
//! components evaluated before it, and a component whose exports change has its dependants
//! evaluated again ([`engine`]). Custom components (`declare`, `import.file` modules) and
//! `foreach` templates are run as module instances of the model's modules. Components come
//! from a [`Registry`]; those without an implementation export [`Value::Unknown`] (their
//! receivers excepted: where data goes is known) and are reported as not executed, and
//! anything that depends on them is reported as unknown, never guessed.
//!
//! After evaluation, label sets flow: every source emits its streams, which are delivered
//! along `forward_to` receivers to processors and sinks (see [`Component`]). A label whose
//! value only the log lines or an unexecuted component could give is carried as unknown
//! ([`Labels::unknown`]).

pub mod args;
pub mod components;
pub mod engine;
pub mod explain;
pub mod graph;
pub mod host;
pub mod process;
pub mod relabel;

use alloy_eval::{Evaluator, Value};
use alloy_semantic::Model;
pub use args::{ArgError, Args};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A label set (a target, a log stream's labels), sorted by name.
pub type LabelSet = BTreeMap<String, String>;

/// A stream's labels: those whose values are known, and those whose values depend on what
/// the dry run cannot see (log lines, components not executed), each with where it comes
/// from. A name is in at most one of the two.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Labels {
    pub known: LabelSet,
    /// Label name → what sets it ("the field `level` extracted by stage.json").
    pub unknown: BTreeMap<String, String>,
}

impl Labels {
    pub fn from_known(known: LabelSet) -> Labels {
        Labels {
            known,
            unknown: BTreeMap::new(),
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.known.contains_key(name) || self.unknown.contains_key(name)
    }

    /// Sets a known value; the empty string removes the label, as Prometheus's builder does.
    pub fn set(&mut self, name: String, value: String) {
        self.unknown.remove(&name);
        if value.is_empty() {
            self.known.remove(&name);
        } else {
            self.known.insert(name, value);
        }
    }

    pub fn set_unknown(&mut self, name: String, why: String) {
        self.known.remove(&name);
        self.unknown.insert(name, why);
    }

    pub fn remove(&mut self, name: &str) {
        self.known.remove(name);
        self.unknown.remove(name);
    }

    /// Keeps the labels whose names `keep` accepts.
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        self.known.retain(|k, _| keep(k));
        self.unknown.retain(|k, _| keep(k));
    }

    pub fn is_exact(&self) -> bool {
        self.unknown.is_empty()
    }

    pub fn is_empty(&self) -> bool {
        self.known.is_empty() && self.unknown.is_empty()
    }
}

/// The global ids of the components a `forward_to` names: shared by every stream a
/// component sends.
pub type Receivers = std::rc::Rc<[String]>;

/// Labels sent to the components named in `forward_to`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stream {
    pub labels: Labels,
    pub forward_to: Receivers,
}

/// What the components may touch: every file path of the config is read under the host's
/// root, as the host's user when one is given.
pub struct Env {
    pub fs_root: PathBuf,
    pub host: host::Host,
}

impl Env {
    /// The file system under `fs_root`, seen with the process's own permissions.
    pub fn new(fs_root: impl Into<PathBuf>) -> Env {
        let fs_root = fs_root.into();
        Env {
            host: host::Host::unchecked(&fs_root),
            fs_root,
        }
    }

    /// The file system under `fs_root` as `user` (from `fs_root/etc/passwd`) would see it.
    pub fn run_as(fs_root: impl Into<PathBuf>, user: &str) -> Result<Env, String> {
        let fs_root = fs_root.into();
        Ok(Env {
            host: host::Host::new(&fs_root, Some(user))?,
            fs_root,
        })
    }

    /// Where the config's `path` is on this machine: under the root.
    pub fn resolve(&self, path: &str) -> PathBuf {
        let relative = Path::new(path.trim_start_matches('/'));
        self.fs_root.join(relative)
    }
}

/// A path that stops the user, as `namei -l` shows it, and what lets the user through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockedPath {
    pub path: String,
    /// `drwx------`
    pub mode: String,
    pub owner: String,
    pub group: String,
    /// The permission bits the user lacks there (`x`, `rx`, `r`).
    pub needs: &'static str,
    pub fix: String,
}

impl BlockedPath {
    pub fn new(host: &host::Host, b: &host::Blocked) -> BlockedPath {
        BlockedPath {
            path: b.path.clone(),
            mode: b.meta.mode_string(),
            owner: host.accounts.user_name(b.meta.uid),
            group: host.accounts.group_name(b.meta.gid),
            needs: b.needs.bits(),
            fix: host.fix(b),
        }
    }
}

/// What a source found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceReport {
    pub found: Vec<String>,
    /// Why nothing (or not everything) was found.
    pub note: Option<String>,
    /// Paths that stop the user on the way to what the config names.
    pub blocked: Vec<BlockedPath>,
}

/// A label set a sink received, with the source whose stream it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Received {
    pub labels: Labels,
    pub source: String,
}

/// What a component found or received, for reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Summary {
    None,
    /// A source: what it found (files, targets), and why nothing when nothing.
    Source(SourceReport),
    /// A sink: every label set it received, with repetitions.
    Writer {
        received: Vec<Received>,
    },
}

/// A component implementation. `evaluate` runs with the block's arguments each time they are
/// evaluated and returns its exports (an object); sources then [`emit`](Component::emit)
/// streams, which processors and sinks [`receive`](Component::receive).
pub trait Component {
    /// `id` is the component's global id (`name.label`, prefixed by the module instances it
    /// is in): what its receivers are named by.
    fn evaluate(&mut self, id: &str, args: &Args, env: &Env) -> Result<Value, ArgError>;
    /// The streams a source sends.
    fn emit(&self) -> Vec<Stream> {
        Vec::new()
    }
    /// Labels delivered to this component's receiver from the stream `source` emitted;
    /// returns what it forwards.
    fn receive(&mut self, _labels: &Labels, _source: &str) -> Vec<Stream> {
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
    factories: BTreeMap<String, Factory>,
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
    /// The component names with an implementation, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.factories.keys().map(String::as_str)
    }
}

/// How a component's evaluation went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Executed,
    /// No implementation in the registry (or a custom component from a module that was not
    /// read).
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
    /// The global id: `name.label`, after `INSTANCE/` for each module instance it is in
    /// (`my_pipeline.default/loki.write.out`, `foreach.each/0/prometheus.scrape.x`).
    pub id: String,
    /// The component name (`loki.write`, or a custom component's `ns.name`).
    pub name: String,
    /// The module instance it belongs to (a custom component or a foreach item), if any.
    pub parent: Option<String>,
    pub status: Status,
    /// How many times its arguments were evaluated (more than once when an export it
    /// depends on changed).
    pub evaluations: u32,
    pub summary: Summary,
    /// Components this one forwarded to whose behaviour is unknown (not executed).
    pub unknown_downstream: Vec<String>,
}

/// The distinct label sets that went from one component to another.
#[derive(Clone, Debug, Default)]
pub struct Flow {
    pub label_sets: BTreeSet<Labels>,
    /// Every delivery, repetitions included.
    pub deliveries: usize,
}

/// The outcome of a run: every component instance in evaluation order, and what flowed.
#[derive(Clone, Debug, Default)]
pub struct Run {
    pub components: Vec<ComponentRun>,
    /// (from, to) global ids → what went along that `forward_to` edge.
    pub flows: BTreeMap<(String, String), Flow>,
}

impl Run {
    pub fn get(&self, id: &str) -> Option<&ComponentRun> {
        self.components.iter().find(|c| c.id == id)
    }

    /// The distinct label sets `id` forwarded, over all its receivers.
    pub fn forwarded_by(&self, id: &str) -> BTreeSet<&Labels> {
        self.flows
            .iter()
            .filter(|((from, _), _)| from == id)
            .flat_map(|(_, f)| f.label_sets.iter())
            .collect()
    }
}

/// Runs the config of `model`: evaluation in graph order (module instances expanded), then
/// label flow.
pub fn run(model: &Model, registry: &Registry, env: &Env, evaluator: &Evaluator) -> Run {
    engine::Engine::new(model, registry, env, evaluator).run()
}

#[cfg(test)]
mod tests;
