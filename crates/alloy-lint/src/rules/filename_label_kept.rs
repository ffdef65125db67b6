//! `filename-label-kept`: log entries tailed from files matched by a glob reach a Loki writer
//! with their `filename` label.

use super::flow::{self, component_name, forward_to, indentation, nodes_of, path_text};
use super::values::{
    attribute, blocks, blocks_named, const_bool, const_string, const_strings, expr_string, is_glob,
    object_fields,
};
use super::Context;
use crate::Finding;
use alloy_diagnostics::{declare_rule, Applicability, Edit, Fix, Span};
use alloy_semantic::NodeId;
use alloy_syntax::ast::{Block, ExprKind};

declare_rule! {
    /// ## What it does
    /// Follows the component graph from every `loki.source.file` whose targets come from a
    /// glob (`local.file_match` path targets with `*`, `**`, `?` or `[`, a `__path__` set by a
    /// relabel rule, or the component's own `file_match` block) through `loki.relabel` and
    /// `loki.process` to each `loki.write`, and reports the paths on which nothing removes or
    /// overwrites the `filename` label: no `labeldrop` / `labelkeep` / `replace` rule and no
    /// `stage.label_drop` / `stage.label_keep` / `stage.static_labels`, nor a
    /// `stage.structured_metadata` that moves it into structured metadata. Each branch of a
    /// fan-out is judged on its own.
    ///
    /// ## Why
    /// `loki.source.file` labels every entry with the file it came from. With a glob, every new
    /// file (a log per job run, per day, per pod restart) is a new Loki stream, forever: the
    /// index grows without bound and queries slow down. A single fixed file is fine.
    ///
    /// ## Example
    /// ```alloy
    /// local.file_match "jobs" {
    ///   path_targets = [{"__path__" = "/opt/jobs/logs/*.log"}]
    /// }
    ///
    /// loki.source.file "jobs" {
    ///   targets    = local.file_match.jobs.targets
    ///   forward_to = [loki.write.default.receiver]
    /// }
    ///
    /// loki.write "default" {
    ///   endpoint {
    ///     url = "https://loki.example.com/loki/api/v1/push"
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// local.file_match "jobs" {
    ///   path_targets = [{"__path__" = "/opt/jobs/logs/*.log"}]
    /// }
    ///
    /// loki.source.file "jobs" {
    ///   targets    = local.file_match.jobs.targets
    ///   forward_to = [loki.relabel.drop_filename.receiver]
    /// }
    ///
    /// loki.relabel "drop_filename" {
    ///   forward_to = [loki.write.default.receiver]
    ///
    ///   rule {
    ///     action = "labeldrop"
    ///     regex  = "filename"
    ///   }
    /// }
    ///
    /// loki.write "default" {
    ///   endpoint {
    ///     url = "https://loki.example.com/loki/api/v1/push"
    ///   }
    /// }
    /// ```
    ///
    /// ## Fix
    /// Inserts the drop on the path: a `stage.label_drop` in a `loki.process` on it, else a
    /// `labeldrop` rule in a `loki.relabel` on it, else a new `loki.relabel` wired in before
    /// the writer. It changes what is sent (the label is gone), so it is unsafe: keep the file
    /// name as structured metadata (`stage.structured_metadata`) if you query by it.
    ///
    /// ## On the host
    /// With `--fs-root` or `--run-as` (the host Alloy runs on), the config is also run by
    /// `alloy-runtime` as `alloylint explain` runs it, and the message says how many files the
    /// source tails there and how many streams with `filename` reach the writer. A path the run
    /// shows arriving without the label (removed by something this rule does not read) is not
    /// reported.
    pub static FILENAME_LABEL_KEPT = Rule {
        name: "filename-label-kept",
        category: Cardinality,
        severity: Warning,
        alloy_rejects: false,
        fix: Some(Unsafe),
        summary: "log lines tailed from globbed files reach loki.write with their filename label",
    };
}

/// How deep the graph is followed (pipelines are a handful of components long).
const MAX_DEPTH: usize = 32;

pub(crate) fn check(ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    for source in nodes_of(model, "loki.source.file") {
        let Some(glob) = glob_of(ctx, source) else {
            continue;
        };
        let mut reported: Vec<NodeId> = Vec::new();
        let mut stack: Vec<Vec<NodeId>> = vec![vec![source]];
        while let Some(path) = stack.pop() {
            let Some(&at) = path.last() else { continue };
            if path.len() > MAX_DEPTH {
                continue;
            }
            let mut next: Vec<NodeId> = forward_to(model, at).into_iter().map(|(n, _)| n).collect();
            next.dedup();
            // Depth first, in source order.
            for &to in next.iter().rev() {
                if path.contains(&to) {
                    continue;
                }
                match component_name(model, to) {
                    Some("loki.write") if !reported.contains(&to) => {
                        reported.push(to);
                        let mut full = path.clone();
                        full.push(to);
                        let on_host = on_host(ctx, source, to);
                        // The run shows streams arriving and none with the label: something
                        // on the way (that this reading of the config misses) removes it.
                        if on_host.is_some_and(|h| h.streams > 0 && h.with_filename == 0) {
                            continue;
                        }
                        out.push(finding(ctx, &full, &glob, on_host));
                    }
                    Some("loki.relabel") if !relabel_clears(model.nodes[to].block) => {
                        let mut p = path.clone();
                        p.push(to);
                        stack.push(p);
                    }
                    Some("loki.process") if !process_clears(model.nodes[to].block) => {
                        let mut p = path.clone();
                        p.push(to);
                        stack.push(p);
                    }
                    // Cleared on this branch, or a component whose effect on labels is unknown.
                    _ => {}
                }
            }
        }
    }
}

/// The glob `source`'s targets come from, if they come from one.
fn glob_of(ctx: &Context<'_, '_>, source: NodeId) -> Option<String> {
    let model = ctx.model;
    let block = model.nodes[source].block;
    let file_match = blocks_named(block, "file_match")
        .next()
        .is_some_and(|b| const_bool(b, "enabled") == Some(true));
    let targets = attribute(block, "targets")?;
    let mut found = literal_globs(&targets.value);
    for (node, _) in flow::referenced_in(model, source, targets.value.span()) {
        found = found.or_else(|| node_glob(ctx, node, 0));
    }
    match found {
        Some(g) => Some(g),
        None if file_match => Some("the targets its file_match block expands".to_string()),
        None => None,
    }
}

/// `__path__` globs written in a list of target objects.
fn literal_globs(expr: &alloy_syntax::ast::Expr) -> Option<String> {
    let ExprKind::Array { elems, .. } = &expr.kind else {
        return None;
    };
    elems.iter().find_map(|e| {
        object_fields(e)?
            .iter()
            .filter(|f| f.key == "__path__")
            .find_map(|f| expr_string(&f.value).filter(|p| is_glob(p)))
    })
}

/// Whether the targets `node` exports carry a glob `__path__`: a `local.file_match` with glob
/// path targets, or a relabeling that writes a glob into `__path__`, followed upstream.
fn node_glob(ctx: &Context<'_, '_>, node: NodeId, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    let model = ctx.model;
    let block = model.nodes[node].block;
    let input = match component_name(model, node)? {
        "local.file_match" => "path_targets",
        "discovery.relabel" => {
            for rule in blocks_named(block, "rule") {
                let target = const_string(rule, "target_label");
                let replacement = const_string(rule, "replacement");
                if target.as_deref() == Some("__path__") {
                    if let Some(r) = replacement.filter(|r| is_glob(r)) {
                        return Some(r);
                    }
                }
            }
            "targets"
        }
        _ => return None,
    };
    let value = attribute(block, input)?;
    literal_globs(&value.value).or_else(|| {
        flow::referenced_in(model, node, value.value.span())
            .find_map(|(upstream, _)| node_glob(ctx, upstream, depth + 1))
    })
}

/// A `loki.relabel` whose rules remove or overwrite `filename` for every entry.
fn relabel_clears(block: &Block) -> bool {
    blocks_named(block, "rule").any(|rule| {
        let action = const_string(rule, "action").unwrap_or_else(|| "replace".to_string());
        let regex = || match attribute(rule, "regex") {
            None => Some("(.*)".to_string()),
            Some(a) => expr_string(&a.value),
        };
        match action.to_ascii_lowercase().as_str() {
            // A regex that is not a constant: assume it is meant for this label.
            "labeldrop" => regex().is_none_or(|r| relabel_matches(&r, "filename")),
            "labelkeep" => regex().is_some_and(|r| !relabel_matches(&r, "filename")),
            "replace" => {
                const_string(rule, "target_label").as_deref() == Some("filename")
                    && !derived_from_filename(rule)
            }
            _ => false,
        }
    })
}

/// A replace rule whose new value still comes from the file name.
fn derived_from_filename(rule: &Block) -> bool {
    let sources = const_strings(rule, "source_labels").unwrap_or_default();
    let replacement = const_string(rule, "replacement").unwrap_or_else(|| "$1".to_string());
    sources.iter().any(|s| s == "filename") && replacement.contains('$')
}

fn relabel_matches(pattern: &str, name: &str) -> bool {
    alloy_regex::GoRegex::relabel(pattern).is_ok_and(|r| r.is_match(name))
}

/// A `loki.process` with a top-level stage that drops, moves or overwrites `filename`
/// (stages inside `stage.match` apply only to some entries): `stage.structured_metadata`
/// moves a label named as a source of its `values` out of the label set.
fn process_clears(block: &Block) -> bool {
    blocks(block).any(|(name, stage)| match name.as_str() {
        "stage.label_drop" => {
            const_strings(stage, "values").is_none_or(|v| v.iter().any(|l| l == "filename"))
        }
        "stage.label_keep" => {
            const_strings(stage, "values").is_some_and(|v| !v.iter().any(|l| l == "filename"))
        }
        "stage.static_labels" => attribute(stage, "values")
            .and_then(|a| object_fields(&a.value))
            .is_some_and(|fields| fields.iter().any(|f| f.key == "filename")),
        "stage.structured_metadata" => super::stages::moves_label_to_metadata(stage, "filename"),
        _ => false,
    })
}

/// What the run on the host (`--fs-root`/`--run-as`) says reaches the writer from the source.
#[derive(Clone, Copy)]
struct OnHost {
    /// Files the source tails.
    files: usize,
    /// Distinct label sets (streams) from the source at the writer.
    streams: usize,
    /// Those that still carry `filename`.
    with_filename: usize,
}

fn on_host(ctx: &Context<'_, '_>, source: NodeId, writer: NodeId) -> Option<OnHost> {
    let nodes = &ctx.model.nodes;
    let (source_id, writer_id) = (ctx.run_id(&nodes[source])?, ctx.run_id(&nodes[writer])?);
    let run = ctx.host_run()?;
    let files = match &run.get(source_id)?.summary {
        alloy_runtime::Summary::Source(report) => report.found.len(),
        _ => 0,
    };
    let alloy_runtime::Summary::Writer { received } = &run.get(writer_id)?.summary else {
        return None;
    };
    let sets: std::collections::BTreeSet<&alloy_runtime::Labels> = received
        .iter()
        .filter(|r| r.source == source_id)
        .map(|r| &r.labels)
        .collect();
    Some(OnHost {
        files,
        streams: sets.len(),
        with_filename: sets.iter().filter(|l| l.contains("filename")).count(),
    })
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn finding(ctx: &Context<'_, '_>, path: &[NodeId], glob: &str, on_host: Option<OnHost>) -> Finding {
    let model = ctx.model;
    let source = &model.nodes[path[0]];
    let writer_id = path
        .last()
        .map(|&w| model.nodes[w].id.as_str())
        .unwrap_or_default();
    let host = on_host.map_or(String::new(), |h| {
        format!(
            " (on this host: {} tailed, {} with `filename` at {writer_id})",
            count(h.files, "file", "files"),
            count(h.with_filename, "stream", "streams")
        )
    });
    let mut d = FILENAME_LABEL_KEPT
        .diagnostic(format!(
            "log entries from {} reach {writer_id} with the `filename` label: {}{host}",
            source.id,
            path_text(model, path)
        ))
        .with_primary(
            super::header_span(source.block),
            format!("tails `{glob}`: every matched file becomes its own Loki stream"),
        );
    if let Some(&w) = path.last() {
        let writer = &model.nodes[w];
        if writer.file == source.file {
            d = d.with_secondary(super::header_span(writer.block), "receives the label");
        }
    }
    d = d.with_help(
        "nothing on this path drops or overwrites `filename`: add a loki.relabel rule { action = \"labeldrop\" regex = \"filename\" } or a loki.process stage.label_drop { values = [\"filename\"] } before the writer (keep it as structured metadata if you query by file)",
    );
    if let Some(fix) = fix(ctx, path) {
        d = d.with_fix(fix);
    }
    Finding {
        file: source.file,
        diagnostic: d,
    }
}

fn fix(ctx: &Context<'_, '_>, path: &[NodeId]) -> Option<Fix> {
    let model = ctx.model;
    let inner = &path[1..path.len() - 1];
    let in_file = |n: NodeId| ctx.text(model.nodes[n].file);
    for &n in inner {
        if component_name(model, n) == Some("loki.process") {
            let block = model.nodes[n].block;
            let text = in_file(n)?;
            return Some(insert_before_close(
                "Drop `filename` in ".to_string() + &model.nodes[n].id,
                text,
                block,
                &["stage.label_drop {", "  values = [\"filename\"]", "}"],
            ));
        }
    }
    for &n in inner {
        if component_name(model, n) == Some("loki.relabel") {
            let block = model.nodes[n].block;
            let text = in_file(n)?;
            return Some(insert_before_close(
                "Add a labeldrop rule to ".to_string() + &model.nodes[n].id,
                text,
                block,
                &[
                    "rule {",
                    "  action = \"labeldrop\"",
                    "  regex  = \"filename\"",
                    "}",
                ],
            ));
        }
    }
    // A new loki.relabel between the last component and the writer.
    let (last, writer) = (path[path.len() - 2], path[path.len() - 1]);
    let (_, reference) = forward_to(model, last)
        .into_iter()
        .find(|(n, _)| *n == writer)?;
    let from = &model.nodes[last];
    let text = in_file(last)?;
    let module = from.module;
    let label = (0..)
        .map(|i| {
            if i == 0 {
                "drop_filename".to_string()
            } else {
                format!("drop_filename_{i}")
            }
        })
        .find(|l| model.lookup(module, &format!("loki.relabel.{l}")).is_none())?;
    let indent = indentation(text, from.block.span().start);
    let target = reference.text(reference.idents.len());
    let block = [
        format!("loki.relabel \"{label}\" {{"),
        format!("  forward_to = [{target}]"),
        String::new(),
        "  rule {".to_string(),
        "    action = \"labeldrop\"".to_string(),
        "    regex  = \"filename\"".to_string(),
        "  }".to_string(),
        "}".to_string(),
    ];
    let mut new_block = String::from("\n");
    for line in block {
        new_block.push('\n');
        if !line.is_empty() {
            new_block.push_str(&indent);
            new_block.push_str(&line);
        }
    }
    Some(Fix {
        title: format!(
            "Drop `filename` in a new loki.relabel.{label} before {}",
            model.nodes[writer].id
        ),
        applicability: Applicability::Unsafe,
        edits: vec![
            Edit {
                span: reference.span(),
                replacement: format!("loki.relabel.{label}.receiver"),
            },
            Edit {
                span: Span::at(from.block.span().end),
                replacement: new_block,
            },
        ],
    })
}

/// A fix that adds `lines` (a nested block) as the last statement of `block`.
fn insert_before_close(title: String, text: &str, block: &Block, lines: &[&str]) -> Fix {
    let outer = indentation(text, block.span().start);
    let inner = format!("{outer}  ");
    let close = block.rcurly.start;
    // Start on a fresh line after the last statement.
    let line_start = text[..close as usize].rfind('\n').map_or(0, |i| i + 1) as u32;
    let only_indent = text[line_start as usize..close as usize].trim().is_empty();
    let mut insert = String::new();
    let at = if only_indent {
        line_start
    } else {
        insert.push('\n');
        close
    };
    if block.body.iter().next().is_some() {
        insert.push('\n');
    }
    for line in lines {
        insert.push_str(&inner);
        insert.push_str(line);
        insert.push('\n');
    }
    if !only_indent {
        insert.push_str(&outer);
    }
    Fix {
        title,
        applicability: Applicability::Unsafe,
        edits: vec![Edit {
            span: Span::at(at),
            replacement: insert,
        }],
    }
}
