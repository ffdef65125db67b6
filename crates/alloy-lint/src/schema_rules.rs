//! Checks driven by the component schemas (`alloy-schema`): attributes and nested blocks of
//! components and config blocks, required-ness, repetition, labels, value types and stability.

use crate::codes;
use crate::suggest;
use crate::types::{self, Resolver};
use crate::{LintOptions, StabilityLevel};
use alloy_diagnostics::{Diagnostic, Span};
use alloy_schema::{AlloyType, Attribute, Body, Component, Stability};
use alloy_syntax::ast::{Block, Stmt};
use std::collections::HashMap;

/// A built-in component (by reference into the static schema).
pub type BuiltinComponent = &'static Component;

pub fn builtin_component(name: &str) -> Option<BuiltinComponent> {
    alloy_schema::component(name)
}

pub fn component_names() -> impl Iterator<Item = &'static str> {
    alloy_schema::components().iter().map(|c| c.name)
}

pub fn export_names(component: BuiltinComponent) -> Vec<String> {
    component
        .exports()
        .iter()
        .map(|e| e.name.to_string())
        .collect()
}

pub fn export_type(
    component: BuiltinComponent,
    name: &str,
) -> Option<&'static alloy_schema::AlloyType> {
    component.export(name).map(|e| &e.ty)
}

pub struct StabilityProblem {
    pub what: String,
    pub label: String,
    pub help: String,
}

pub fn stability_problem(
    component: BuiltinComponent,
    options: &LintOptions,
) -> Option<StabilityProblem> {
    level_problem(
        component.stability,
        component.community,
        "component",
        options,
    )
}

/// Stability of a config block (`foreach` is experimental).
pub fn config_block_stability_problem(
    name: &str,
    options: &LintOptions,
) -> Option<StabilityProblem> {
    let block = alloy_schema::config_block(name)?;
    level_problem(block.stability, false, "block", options)
}

fn level_problem(
    stability: Stability,
    community: bool,
    what: &str,
    options: &LintOptions,
) -> Option<StabilityProblem> {
    let (level, name) = match stability {
        Stability::Experimental => (StabilityLevel::Experimental, "experimental"),
        Stability::PublicPreview => (StabilityLevel::PublicPreview, "public-preview"),
        Stability::GenerallyAvailable => return None,
        Stability::Unset => {
            if community && !options.community_components {
                return Some(StabilityProblem {
                    what: "a community component".into(),
                    label: "community components are disabled by default".into(),
                    help: "run Alloy (and alloylint) with --feature.community-components.enabled"
                        .into(),
                });
            }
            return None;
        }
    };
    if level >= options.stability {
        return None;
    }
    Some(StabilityProblem {
        what: format!(
            "at stability level \"{name}\", which is below the allowed \"{}\"",
            options.stability.as_str()
        ),
        label: format!("{name} {what}"),
        help: format!("run Alloy (and alloylint) with --stability.level={name} to use it"),
    })
}

/// Where a body is being checked, for messages (`prometheus.remote_write > endpoint`).
struct Place<'p> {
    /// The component or config block name.
    root: &'p str,
    root_body: &'static Body,
    /// Block names from the root to the current block.
    path: Vec<&'static str>,
}

impl Place<'_> {
    fn describe(&self) -> String {
        if self.path.is_empty() {
            self.root.to_string()
        } else {
            format!("{} > {}", self.root, self.path.join(" > "))
        }
    }
    fn inner(&self) -> String {
        match self.path.last() {
            Some(p) => format!("block {p}"),
            None => self.root.to_string(),
        }
    }
}

pub fn check_component_body(
    component: BuiltinComponent,
    block: &Block,
    resolver: &dyn Resolver,
    sink: &mut Vec<Diagnostic>,
) {
    let body = component.body();
    let mut place = Place {
        root: component.name,
        root_body: body,
        path: Vec::new(),
    };
    check_body(body, block, &mut place, resolver, sink);
}

pub fn check_config_block(
    name: &str,
    block: &Block,
    resolver: &dyn Resolver,
    sink: &mut Vec<Diagnostic>,
) {
    let Some(config) = alloy_schema::config_block(name) else {
        return;
    };
    let body = config.body();
    if body.free_form {
        return;
    }
    let mut place = Place {
        root: config.name,
        root_body: body,
        path: Vec::new(),
    };
    check_body(body, block, &mut place, resolver, sink);
}

fn check_body(
    body: &'static Body,
    block: &Block,
    place: &mut Place<'_>,
    resolver: &dyn Resolver,
    sink: &mut Vec<Diagnostic>,
) {
    if body.free_form {
        return;
    }
    let mut seen_attrs: HashMap<&str, Span> = HashMap::new();
    let mut seen_blocks: HashMap<&'static str, Span> = HashMap::new();
    for stmt in &block.body {
        match stmt {
            Stmt::Attribute(a) => {
                let name = a.name.name.as_str();
                if let Some(first) = seen_attrs.insert(name, a.name.span) {
                    sink.push(
                        Diagnostic::error(
                            codes::DUPLICATE_ATTRIBUTE,
                            format!(
                                "attribute `{name}` is set more than once in {}",
                                place.inner()
                            ),
                        )
                        .with_primary(a.name.span, "set again here")
                        .with_secondary(first, "first set here")
                        .with_help("an attribute may be set once per block: remove one of them"),
                    );
                    continue;
                }
                match body.attribute(name) {
                    Some(attr) => {
                        if let Some(m) = types::check(&checked_type(attr), &a.value, resolver) {
                            let code = if m.invalid_value {
                                codes::INVALID_VALUE
                            } else {
                                codes::TYPE_MISMATCH
                            };
                            let msg = if m.invalid_value {
                                format!("{} for `{name}`", m.message)
                            } else {
                                format!("wrong type for `{name}`: {}", m.message)
                            };
                            let mut d = Diagnostic::error(code, msg).with_primary(
                                m.span,
                                format!("`{name}` is a {}", types::describe_type(&attr.ty)),
                            );
                            if let Some(h) = m.help {
                                d = d.with_help(h);
                            }
                            sink.push(d);
                        }
                    }
                    None => sink.push(unknown_attribute(body, name, a.name.span, place)),
                }
            }
            // Its header is a syntax error: what it is cannot be known.
            Stmt::Block(b) if b.name_missing() => {}
            Stmt::Block(b) => {
                let full = crate::block_name(b);
                let Some(schema_block) = body.block(&full) else {
                    sink.push(unknown_block(body, &full, b, place));
                    continue;
                };
                let name = schema_block.name;
                let span = b.name_span();
                if !schema_block.repeated {
                    if let Some(first) = seen_blocks.get(name) {
                        sink.push(
                            Diagnostic::error(
                                codes::DUPLICATE_BLOCK,
                                format!("block {name} may appear only once in {}", place.inner()),
                            )
                            .with_primary(span, "repeated here")
                            .with_secondary(*first, "first defined here")
                            .with_help("merge the two blocks into one"),
                        );
                        continue;
                    }
                }
                seen_blocks.entry(name).or_insert(span);
                let inner = schema_block.body();
                match (&b.label, inner.labelled) {
                    (Some(label), false) => sink.push(
                        Diagnostic::error(
                            codes::UNEXPECTED_LABEL,
                            format!("block {name} takes no label"),
                        )
                        .with_primary(label.span, "remove this label"),
                    ),
                    (None, true) => sink.push(
                        Diagnostic::error(
                            codes::MISSING_LABEL,
                            format!("block {name} needs a label"),
                        )
                        .with_primary(span, "no label")
                        .with_help(format!("write {name} \"label\" {{ ... }}")),
                    ),
                    _ => {}
                }
                place.path.push(name);
                check_body(inner, b, place, resolver, sink);
                place.path.pop();
            }
        }
    }

    // A block whose `}` is missing was closed by recovery: what seems absent may be what the
    // syntax error cut off.
    if block.rcurly_missing() {
        return;
    }
    let missing_attrs: Vec<&str> = body
        .attributes()
        .iter()
        .filter(|a| a.required && !seen_attrs.contains_key(a.name))
        .map(|a| a.name)
        .collect();
    for name in missing_attrs {
        let ty = body
            .attribute(name)
            .map(|a| types::describe_type(&a.ty))
            .unwrap_or_default();
        sink.push(
            Diagnostic::error(
                codes::MISSING_REQUIRED_ATTRIBUTE,
                format!(
                    "missing required attribute `{name}` in {}",
                    place.describe()
                ),
            )
            .with_primary(block.name_span(), format!("`{name}` is not set"))
            .with_help(format!("add `{name} = ...` ({ty}) to this block")),
        );
    }
    // Alternatives (one of several blocks) are only required as a group.
    let mut groups_satisfied: HashMap<&str, bool> = HashMap::new();
    for b in body.blocks() {
        if let Some(group) = b.alternative_of {
            *groups_satisfied.entry(group).or_default() |= seen_blocks.contains_key(b.name);
        }
    }
    for b in body.blocks() {
        if !b.required || seen_blocks.contains_key(b.name) {
            continue;
        }
        if let Some(group) = b.alternative_of {
            if groups_satisfied.get(group).copied().unwrap_or(false) {
                continue;
            }
        }
        sink.push(
            Diagnostic::error(
                codes::MISSING_REQUIRED_BLOCK,
                format!("missing required block {} in {}", b.name, place.describe()),
            )
            .with_primary(block.name_span(), format!("needs a {} block", b.name))
            .with_help(format!(
                "add a {} {{ ... }} block inside this block",
                b.name
            )),
        );
    }
}

static ANY: AlloyType = AlloyType::Any;

/// The part of an attribute's type that is certain. The docs sometimes describe the elements
/// of a list or map more narrowly than the Go type allows (`operators` is documented as
/// `list(map(string))` but its elements are free-form objects), so element types are only
/// trusted when the Go element type is a primitive or a well-known Alloy type.
fn checked_type(attr: &Attribute) -> AlloyType {
    fn element(go: &str) -> &str {
        let mut g = go.trim_start_matches('*');
        loop {
            if let Some(rest) = g.strip_prefix("[]") {
                g = rest.trim_start_matches('*');
            } else if let Some(rest) = g.strip_prefix("map[") {
                g = rest
                    .split_once(']')
                    .map_or("", |(_, v)| v)
                    .trim_start_matches('*');
            } else {
                return g;
            }
        }
    }
    let trusted = matches!(
        element(attr.go_type),
        "string"
            | "bool"
            | "int"
            | "int8"
            | "int16"
            | "int32"
            | "int64"
            | "uint"
            | "uint8"
            | "uint16"
            | "uint32"
            | "uint64"
            | "float32"
            | "float64"
            | "alloytypes.Secret"
            | "alloytypes.OptionalSecret"
            | "time.Duration"
            | "discovery.Target"
            | "storage.Appendable"
            | "loki.LogsReceiver"
            | "otelcol.Consumer"
            | "pyroscope.Appendable"
            | "Consumer"
            | "LogsReceiver"
    );
    match attr.ty {
        AlloyType::List(_) if !trusted => AlloyType::List(&ANY),
        AlloyType::Map(_) if !trusted => AlloyType::Map(&ANY),
        t => t,
    }
}

fn unknown_attribute(body: &'static Body, name: &str, span: Span, place: &Place<'_>) -> Diagnostic {
    let mut d = Diagnostic::error(
        codes::UNKNOWN_ATTRIBUTE,
        format!("unknown attribute `{name}` in {}", place.describe()),
    );
    if body.blocks().iter().any(|b| b.name == name) {
        return d
            .with_primary(span, "this is a block, not an attribute")
            .with_help(format!(
                "{name} is a block: write {name} {{ ... }} instead of {name} = ..."
            ));
    }
    d = d.with_primary(span, "not an attribute of this block");
    let mut elsewhere = paths_with(place.root_body, name, Kind::Attribute);
    if !place.path.is_empty() && place.root_body.attribute(name).is_some() {
        elsewhere.insert(0, String::new());
    }
    let suggestion = suggest::closest(name, body.attributes().iter().map(|a| a.name));
    d = match (suggestion, elsewhere.first()) {
        (Some(s), _) => d
            .with_help(format!("did you mean `{s}`?"))
            .with_fix(span, s),
        (None, Some(path)) if path.is_empty() => d.with_help(format!(
            "`{name}` belongs at the top level of {}: move it out of this block",
            place.root
        )),
        (None, Some(path)) => d.with_help(format!(
            "`{name}` is valid in {} > {path}: move it into that block",
            place.root
        )),
        (None, None) => d.with_help(valid_list(
            "attributes",
            body.attributes().iter().map(|a| a.name),
        )),
    };
    d
}

fn unknown_block(body: &'static Body, name: &str, b: &Block, place: &Place<'_>) -> Diagnostic {
    let span = b.name_span();
    let mut d = Diagnostic::error(
        codes::UNKNOWN_BLOCK,
        format!("unknown block {name} in {}", place.describe()),
    );
    if body.attributes().iter().any(|a| a.name == name) {
        return d
            .with_primary(span, "this is an attribute, not a block")
            .with_help(format!(
                "{name} is an attribute: write {name} = ... instead of {name} {{ ... }}"
            ));
    }
    d = d.with_primary(span, "not a block of this block");
    let mut elsewhere = paths_with(place.root_body, name, Kind::Block);
    if !place.path.is_empty() && place.root_body.block(name).is_some() {
        elsewhere.insert(0, String::new());
    }
    let suggestion = suggest::closest(name, body.blocks().iter().map(|b| b.name));
    d = match (suggestion, elsewhere.first()) {
        (Some(s), _) => d.with_help(format!("did you mean {s}?")).with_fix(span, s),
        (None, Some(path)) if path.is_empty() => d.with_help(format!(
            "{name} belongs at the top level of {}: move it out of this block",
            place.root
        )),
        (None, Some(path)) => d.with_help(format!(
            "{name} is valid in {} > {path}: move it into that block",
            place.root
        )),
        (None, None) if body.blocks().is_empty() => {
            d.with_help(format!("{} takes no blocks", place.inner()))
        }
        (None, None) => d.with_help(valid_list("blocks", body.blocks().iter().map(|b| b.name))),
    };
    d
}

fn valid_list<'n>(what: &str, names: impl Iterator<Item = &'n str>) -> String {
    let names: Vec<&str> = names.collect();
    if names.is_empty() {
        format!("this block takes no {what}")
    } else if names.len() <= 12 {
        format!("valid {what}: {}", names.join(", "))
    } else {
        format!(
            "valid {what}: {}, ... ({} in all)",
            names[..12].join(", "),
            names.len()
        )
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Attribute,
    Block,
}

/// Paths (`endpoint > queue_config`) of the blocks under `root` where `name` is valid.
fn paths_with(root: &'static Body, name: &str, kind: Kind) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack: Vec<(&'static Body, Vec<&'static str>)> = vec![(root, Vec::new())];
    let mut visited = 0usize;
    while let Some((body, path)) = stack.pop() {
        visited += 1;
        if visited > 2000 {
            break;
        }
        if !path.is_empty() {
            let here = match kind {
                Kind::Attribute => body.attributes().iter().any(|a| a.name == name),
                Kind::Block => body.blocks().iter().any(|b| b.name == name),
            };
            if here {
                out.push(path.join(" > "));
            }
        }
        if path.len() >= 6 {
            continue;
        }
        for b in body.blocks().iter().rev() {
            let mut p = path.clone();
            p.push(b.name);
            stack.push((b.body(), p));
        }
    }
    out
}
