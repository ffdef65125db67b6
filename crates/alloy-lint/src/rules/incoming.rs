//! Which labels log entries can carry when they reach a Loki component: the labels each
//! component that forwards to it sends, followed backwards over the model's references
//! (sources' own labels and their targets' labels, relabel rules, the labels `loki.process`
//! stages set), with whether that set is complete. A set is open wherever the config does not
//! say: a sender this table does not model (`loki.source.api`, a custom component...),
//! discovery targets, a value that is not a constant, a `labelmap` over labels not all known.

use super::flow::{self, component_name};
use super::stages::{walk_stages, EntryFields};
use super::values::{attribute, blocks_named, const_string, object_fields};
use alloy_regex::GoRegex;
use alloy_semantic::{Model, NodeId};
use alloy_syntax::ast::{Block, Expr, ExprKind};
use std::collections::{BTreeSet, HashMap};

/// A set of label names that may be on an entry.
#[derive(Clone, Debug, Default)]
pub(crate) struct Labels {
    pub names: BTreeSet<String>,
    /// Labels whose names the config does not say may be there too.
    pub open: bool,
    /// Labels starting with `__` whose names the config does not say may be there too (a
    /// source's internal labels, which it drops before sending).
    pub open_internal: bool,
}

impl Labels {
    fn open() -> Labels {
        Labels {
            open: true,
            ..Labels::default()
        }
    }

    /// Whether an entry may carry the label `name`.
    pub fn may_have(&self, name: &str) -> bool {
        self.open || (self.open_internal && name.starts_with("__")) || self.names.contains(name)
    }

    fn union(&mut self, other: Labels) {
        self.names.extend(other.names);
        self.open |= other.open;
        self.open_internal |= other.open_internal;
    }

    /// What a source sends: labels starting with `__` are removed first.
    fn drop_internal(&mut self) {
        self.names.retain(|n| !n.starts_with("__"));
        self.open_internal = false;
    }

    /// The keys of `block`'s map attribute `attr` (none when it is absent, open when it is
    /// not an object literal).
    fn add_keys(&mut self, block: &Block, attr: &str) {
        match attribute(block, attr).map(|a| object_fields(&a.value)) {
            None => {}
            Some(Some(fields)) => self.names.extend(fields.iter().map(|f| f.key.to_string())),
            Some(None) => self.open = true,
        }
    }
}

/// Pipelines are a handful of components long; deeper chains are not followed.
const MAX_DEPTH: usize = 32;

/// The label flow of one model, remembered per component.
pub(crate) struct LabelFlow<'c, 'a> {
    model: &'c Model<'a>,
    arriving: HashMap<NodeId, Labels>,
    depth: usize,
}

impl<'c, 'a> LabelFlow<'c, 'a> {
    pub fn new(model: &'c Model<'a>) -> Self {
        LabelFlow {
            model,
            arriving: HashMap::new(),
            depth: 0,
        }
    }

    /// The labels entries can carry when they reach `node`: what every component whose
    /// `forward_to` names it sends. Open when anything else references it (an export, a
    /// custom component's argument), or nothing does (its senders are in files or modules
    /// this model does not see).
    pub fn arriving(&mut self, node: NodeId) -> Labels {
        if let Some(labels) = self.arriving.get(&node) {
            return labels.clone();
        }
        if self.depth > MAX_DEPTH {
            return Labels::open();
        }
        self.depth += 1;
        let model = self.model;
        let mut out = Labels::default();
        let mut senders = Vec::new();
        for r in model.references_to(node) {
            let in_forward_to =
                attribute(model.nodes[r.from].block, "forward_to").is_some_and(|a| {
                    a.value.span().start <= r.span().start && r.span().end <= a.value.span().end
                });
            if in_forward_to && !r.broken {
                senders.push(r.from);
            } else {
                out.open = true;
            }
        }
        if senders.is_empty() {
            out.open = true;
        }
        senders.sort_unstable();
        senders.dedup();
        for sender in senders {
            let sent = self.sent_by(sender);
            out.union(sent);
        }
        self.depth -= 1;
        self.arriving.insert(node, out.clone());
        out
    }

    /// The labels `sender`'s entries carry when it forwards them.
    fn sent_by(&mut self, sender: NodeId) -> Labels {
        let block = self.model.nodes[sender].block;
        let mut out;
        match component_name(self.model, sender) {
            Some("loki.source.file") => {
                // Each target's labels, `__path__` as `filename`.
                out = self.targets(sender, block, "targets");
                out.drop_internal();
                out.names.insert("filename".to_string());
            }
            Some("loki.source.journal") => {
                // The journal's fields as `__journal_*` labels, the component's `labels` and
                // `job`, then the relabel rules.
                out = Labels {
                    open_internal: true,
                    ..Labels::default()
                };
                out.names.insert("job".to_string());
                out.add_keys(block, "labels");
                self.relabel_rules(sender, block, &mut out);
                out.drop_internal();
            }
            Some("loki.source.syslog") => {
                out = Labels {
                    open_internal: true,
                    ..Labels::default()
                };
                for listener in blocks_named(block, "listener") {
                    out.add_keys(listener, "labels");
                }
                self.relabel_rules(sender, block, &mut out);
                out.drop_internal();
            }
            Some("loki.source.kubernetes_events") => {
                out = Labels::default();
                out.names
                    .extend(["instance", "job", "namespace"].map(String::from));
            }
            Some("loki.relabel") => {
                out = self.arriving(sender);
                apply_rules(blocks_named(block, "rule"), &mut out);
            }
            Some("loki.process") => {
                out = self.arriving(sender);
                let mut at = EntryFields::default();
                walk_stages(block, &mut at, &mut |_, _, _| {});
                out.names.extend(at.labels);
                out.open |= at.labels_unknown;
            }
            Some("loki.source.windowsevent") => {
                // Its `labels`, the channel and computer, and what else the event sets.
                out = Labels::open();
                out.names.extend(["channel", "computer"].map(String::from));
                out.add_keys(block, "labels");
            }
            _ => {
                // What its relabel rules set is known, not the rest.
                out = Labels::open();
                self.relabel_rules(sender, block, &mut out);
            }
        }
        out
    }

    /// Applies the rules `block`'s `relabel_rules` names (a `loki.relabel`'s or
    /// `discovery.relabel`'s `rules` export) to `labels`.
    fn relabel_rules(&mut self, node: NodeId, block: &Block, labels: &mut Labels) {
        let Some(a) = attribute(block, "relabel_rules") else {
            return;
        };
        match self.sole_reference(node, &a.value) {
            Some((rules, "rules"))
                if matches!(
                    component_name(self.model, rules),
                    Some("loki.relabel" | "discovery.relabel")
                ) =>
            {
                apply_rules(blocks_named(self.model.nodes[rules].block, "rule"), labels);
            }
            _ => labels.open = true,
        }
    }

    /// The labels of the targets `block`'s attribute `attr` lists.
    fn targets(&mut self, node: NodeId, block: &Block, attr: &str) -> Labels {
        match attribute(block, attr) {
            Some(a) => self.targets_of(node, &a.value),
            None => Labels::open(),
        }
    }

    fn targets_of(&mut self, node: NodeId, expr: &Expr) -> Labels {
        match &expr.kind {
            ExprKind::Array { elems, .. } => {
                let mut out = Labels::default();
                for elem in elems.iter() {
                    match object_fields(elem) {
                        Some(fields) => out.names.extend(fields.iter().map(|f| f.key.to_string())),
                        None => out.open = true,
                    }
                }
                out
            }
            ExprKind::Call(call) if is_array_concat(&call.func) => {
                let mut out = Labels::default();
                for arg in call.args.iter() {
                    let labels = self.targets_of(node, arg);
                    out.union(labels);
                }
                out
            }
            ExprKind::Paren { inner, .. } => self.targets_of(node, inner),
            _ => match self.sole_reference(node, expr) {
                Some((upstream, export)) => self.exported_targets(upstream, export),
                None => Labels::open(),
            },
        }
    }

    /// The labels of the targets `node` exports as `export`.
    fn exported_targets(&mut self, node: NodeId, export: &str) -> Labels {
        if self.depth > MAX_DEPTH {
            return Labels::open();
        }
        let block = self.model.nodes[node].block;
        self.depth += 1;
        let out = match (component_name(self.model, node), export) {
            // The path targets, each `__path__` replaced by a file it matches.
            (Some("local.file_match"), "targets") => self.targets(node, block, "path_targets"),
            (Some("discovery.relabel"), "output") => {
                let mut labels = self.targets(node, block, "targets");
                apply_rules(blocks_named(block, "rule"), &mut labels);
                labels
            }
            // Its reference page: `__address__` and `__meta_kubernetes_*` labels, and
            // `instance` for nodes.
            (Some("discovery.kubernetes"), "targets") => {
                let mut labels = Labels {
                    open_internal: true,
                    ..Labels::default()
                };
                labels.names.insert("instance".to_string());
                labels
            }
            // Other discovery components (`discovery.file` and `discovery.http` read labels
            // from elsewhere) and anything else: not followed.
            _ => Labels::open(),
        };
        self.depth -= 1;
        out
    }

    /// The node and export that `expr` is, when it is exactly one reference (`a.b.c.export`).
    fn sole_reference(&self, node: NodeId, expr: &Expr) -> Option<(NodeId, &'c str)> {
        let mut refs = flow::referenced_in(self.model, node, expr.span());
        let (target, r) = refs.next()?;
        if refs.next().is_some() || r.span() != expr.span() {
            return None;
        }
        Some((target, r.export()?.name.as_str()))
    }
}

fn is_array_concat(func: &Expr) -> bool {
    alloy_semantic::references::chain(func)
        .is_some_and(|ids| ids.len() == 2 && ids[0].name == "array" && ids[1].name == "concat")
}

/// Adds the labels relabel `rules` can set (as Prometheus's `relabel.Process` does, in
/// order): `target_label` of `replace`, `hashmod`, `lowercase` and `uppercase`, and the names
/// a `labelmap` makes from the labels so far. Removals are not followed: the result may hold
/// more than the rules leave.
fn apply_rules<'b>(rules: impl Iterator<Item = &'b Block>, labels: &mut Labels) {
    for rule in rules {
        let action = match attribute(rule, "action") {
            None => "replace".to_string(),
            Some(_) => match const_string(rule, "action") {
                Some(a) => a.to_ascii_lowercase(),
                None => {
                    labels.open = true;
                    continue;
                }
            },
        };
        match action.as_str() {
            "replace" | "hashmod" | "lowercase" | "uppercase" => {
                match (
                    attribute(rule, "target_label"),
                    const_string(rule, "target_label"),
                ) {
                    (None, _) => {}
                    // `replace` expands `$1` in the target's name.
                    (Some(_), Some(t)) if !(action == "replace" && t.contains('$')) => {
                        labels.names.insert(t);
                    }
                    (Some(_), _) => labels.open = true,
                }
            }
            "labelmap" => labelmap(rule, labels),
            "keep" | "drop" | "keepequal" | "dropequal" | "labeldrop" | "labelkeep" => {}
            _ => labels.open = true,
        }
    }
}

fn labelmap(rule: &Block, labels: &mut Labels) {
    let constant = |name: &str, default: &str| match attribute(rule, name) {
        None => Some(default.to_string()),
        Some(_) => const_string(rule, name),
    };
    let (Some(regex), Some(replacement)) =
        (constant("regex", "(.*)"), constant("replacement", "$1"))
    else {
        labels.open = true;
        return;
    };
    let Ok(re) = GoRegex::relabel(&regex) else {
        labels.open = true;
        return;
    };
    if labels.open || labels.open_internal {
        // It may map a label whose name is not known.
        labels.open = true;
        return;
    }
    let mapped: Vec<String> = labels
        .names
        .iter()
        .filter_map(|name| {
            let groups = re.find_submatch_index(name)?;
            Some(re.expand(&replacement, name, &groups))
        })
        .collect();
    labels.names.extend(mapped);
}
