//! `alloylint explain --graph`: the root config's pipeline as a Mermaid `flowchart` or a
//! Graphviz digraph. Components are nodes; an edge is a reference between them (the model's
//! resolved references), drawn the way data goes: a `forward_to` receiver from the sender to
//! the receiver, any other export from the exporter to its user. Edges are labelled by what
//! flows (logs, metrics, traces, profiles, targets, or the export's name), with the stream
//! count of the run where labels flowed.

use crate::{Run, Status};
use alloy_diagnostics::Span;
use alloy_schema::AlloyType;
use alloy_semantic::{Model, NodeId, NodeKind, Owner, Resolution};
use alloy_syntax::ast::Stmt;
use std::collections::BTreeSet;
use std::fmt::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    Mermaid,
    Dot,
}

/// One edge: from and to as indexes into the graph's nodes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub label: String,
}

/// The root module's components and the edges between them.
pub struct Graph {
    /// Component ids (global ids of the root config's components).
    pub nodes: Vec<String>,
    /// Whether each node ran (drawn plainly) or not (dashed).
    pub executed: Vec<bool>,
    pub edges: Vec<Edge>,
}

/// What a reference carries and which way.
enum Carries {
    /// Data is sent to the referenced component (its receiver).
    Push(String),
    /// The referenced component's export is read.
    Pull(String),
}

/// The name of the attribute whose value holds `span`, searching nested blocks.
fn attribute_at(body: &[Stmt], span: Span) -> Option<&str> {
    body.iter().find_map(|s| match s {
        Stmt::Attribute(a)
            if a.value.span().start <= span.start && span.end <= a.value.span().end =>
        {
            Some(a.name.name.as_str())
        }
        Stmt::Block(b) => attribute_at(&b.body, span),
        _ => None,
    })
}

/// What a component family sends to a receiver (for receivers of custom components, whose
/// export type the schema does not know).
fn family_signal(name: &str, attribute: &str) -> String {
    let family = name.split('.').next().unwrap_or_default();
    match family {
        "loki" => "logs".to_string(),
        "prometheus" => "metrics".to_string(),
        "pyroscope" => "profiles".to_string(),
        _ if matches!(attribute, "logs" | "metrics" | "traces") => attribute.to_string(),
        _ => "telemetry".to_string(),
    }
}

fn carries(
    model: &Model<'_>,
    from: NodeId,
    to: NodeId,
    export: Option<&str>,
    attribute: &str,
) -> Carries {
    let from_name = match &model.nodes[from].kind {
        NodeKind::Builtin(c) => c.name.to_string(),
        _ => alloy_semantic::block_name(model.nodes[from].block).into_owned(),
    };
    let ty = match (&model.nodes[to].kind, export) {
        (NodeKind::Builtin(c), Some(e)) => c.export(e).map(|e| e.ty),
        _ => None,
    };
    match ty {
        Some(AlloyType::Capsule("loki.LogsReceiver")) => Carries::Push("logs".into()),
        Some(AlloyType::Capsule("storage.Appendable")) => Carries::Push("metrics".into()),
        Some(AlloyType::Capsule("pyroscope.Appendable")) => Carries::Push("profiles".into()),
        Some(AlloyType::Capsule("otelcol.Consumer")) => {
            Carries::Push(family_signal(&from_name, attribute))
        }
        Some(AlloyType::List(AlloyType::Map(AlloyType::String))) => Carries::Pull("targets".into()),
        Some(_) => Carries::Pull(export.unwrap_or("value").to_string()),
        None if attribute == "forward_to" => Carries::Push(family_signal(&from_name, attribute)),
        None => Carries::Pull(export.unwrap_or("value").to_string()),
    }
}

/// The root config's node a node belongs to: itself, or the foreach block whose template
/// (at any depth) holds it.
fn root_owner(model: &Model<'_>, mut node: NodeId) -> Option<NodeId> {
    loop {
        let module = model.nodes[node].module;
        if module == 0 {
            return Some(node);
        }
        match model.modules[module].owner {
            Some(Owner::Foreach(foreach)) => node = foreach,
            _ => return None,
        }
    }
}

/// Distinct label sets that went from the component `from` (or a component of its module
/// instance: `from/...`) to `to` (or into its instance).
fn streams_between(run: &Run, from: &str, to: &str) -> usize {
    let inside = |id: &str, of: &str| {
        id == of
            || id
                .strip_prefix(of)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    run.flows
        .iter()
        .filter(|((f, t), _)| inside(f, from) && inside(t, to))
        .flat_map(|(_, flow)| flow.label_sets.iter())
        .collect::<BTreeSet<_>>()
        .len()
}

impl Graph {
    /// The root module's graph, with stream counts from `run`.
    pub fn build(model: &Model<'_>, run: &Run) -> Graph {
        let Some(root) = model.modules.first() else {
            return Graph {
                nodes: Vec::new(),
                executed: Vec::new(),
                edges: Vec::new(),
            };
        };
        let members: Vec<NodeId> = root
            .nodes
            .iter()
            .copied()
            .filter(|&n| {
                model.nodes[n].kind.is_component()
                    || matches!(model.nodes[n].kind, NodeKind::Foreach)
            })
            .collect();
        let position = |n: NodeId| members.iter().position(|&m| m == n);
        let nodes: Vec<String> = members.iter().map(|&n| model.nodes[n].id.clone()).collect();
        let executed = nodes
            .iter()
            .map(|id| run.get(id).is_some_and(|c| c.status == Status::Executed))
            .collect();
        let mut edges = BTreeSet::new();
        for r in model.references.iter().filter(|r| !r.broken) {
            let Resolution::Node { node: target, .. } = r.resolution else {
                continue;
            };
            let Some(j) = position(target) else { continue };
            // A reference from a foreach template is the foreach block's edge.
            let Some(i) = root_owner(model, r.from).and_then(position) else {
                continue;
            };
            if i == j {
                continue;
            }
            let attribute = attribute_at(&model.nodes[r.from].block.body, r.span()).unwrap_or("");
            let export = r.export().map(|e| e.name.as_str());
            let (from, to, mut label) = match carries(model, r.from, target, export, attribute) {
                Carries::Push(what) => (i, j, what),
                Carries::Pull(what) => (j, i, what),
            };
            let streams = streams_between(run, &nodes[from], &nodes[to]);
            if streams > 0 {
                let _ = write!(
                    label,
                    ": {streams} {}",
                    if streams == 1 { "stream" } else { "streams" }
                );
            }
            edges.insert(Edge { from, to, label });
        }
        Graph {
            nodes,
            executed,
            edges: edges.into_iter().collect(),
        }
    }

    pub fn render(&self, format: GraphFormat) -> String {
        match format {
            GraphFormat::Mermaid => self.mermaid(),
            GraphFormat::Dot => self.dot(),
        }
    }

    /// A Mermaid `flowchart LR`; components that did not run are dashed.
    pub fn mermaid(&self) -> String {
        let quote = |s: &str| s.replace('"', "#quot;");
        let mut out = String::from("flowchart LR\n");
        for (i, id) in self.nodes.iter().enumerate() {
            let _ = writeln!(out, "  n{i}[\"{}\"]", quote(id));
        }
        for e in &self.edges {
            let _ = writeln!(out, "  n{} -->|\"{}\"| n{}", e.from, quote(&e.label), e.to);
        }
        let not_run: Vec<String> = (0..self.nodes.len())
            .filter(|&i| !self.executed[i])
            .map(|i| format!("n{i}"))
            .collect();
        if !not_run.is_empty() {
            out.push_str("  classDef notExecuted stroke-dasharray: 5 5\n");
            let _ = writeln!(out, "  class {} notExecuted", not_run.join(","));
        }
        out
    }

    /// A Graphviz `digraph`; components that did not run are dashed.
    pub fn dot(&self) -> String {
        let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
        let mut out = String::from("digraph alloy {\n  rankdir=LR;\n  node [shape=box];\n");
        for (i, id) in self.nodes.iter().enumerate() {
            let style = if self.executed[i] {
                ""
            } else {
                " [style=dashed]"
            };
            let _ = writeln!(out, "  {}{style};", quote(id));
        }
        for e in &self.edges {
            let _ = writeln!(
                out,
                "  {} -> {} [label={}];",
                quote(&self.nodes[e.from]),
                quote(&self.nodes[e.to]),
                quote(&e.label)
            );
        }
        out.push_str("}\n");
        out
    }
}
