//! Checks driven by the component schemas (`alloy-schema`): attributes and nested blocks of
//! components and config blocks, required-ness, repetition, labels, value types and stability.

use crate::codes;
use crate::suggest;
use crate::types::{self, Resolver};
use crate::{LintOptions, StabilityLevel};
use alloy_diagnostics::{Diagnostic, Fix, Span};
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
    let misplaced = misplaced_names(body, block);
    for stmt in &block.body {
        match stmt {
            Stmt::Attribute(a) => {
                let name = a.name.name.as_str();
                if let Some(first) = seen_attrs.insert(name, a.name.span()) {
                    sink.push(
                        codes::DUPLICATE_ATTRIBUTE
                            .diagnostic(format!(
                                "attribute `{name}` is set more than once in {}",
                                place.inner()
                            ))
                            .with_primary(a.name.span(), "set again here")
                            .with_secondary(first, "first set here")
                            .with_help(
                                "an attribute may be set once per block: remove one of them",
                            ),
                    );
                    continue;
                }
                match body.attribute(name) {
                    Some(attr) => {
                        if let Some(m) = types::check(&checked_type(attr), &a.value, resolver) {
                            let rule = if m.invalid_value {
                                &codes::INVALID_VALUE
                            } else {
                                &codes::TYPE_MISMATCH
                            };
                            let msg = if m.invalid_value {
                                format!("{} for `{name}`", m.message)
                            } else {
                                format!("wrong type for `{name}`: {}", m.message)
                            };
                            let mut d = rule.diagnostic(msg).with_primary(
                                m.span,
                                format!("`{name}` is a {}", types::describe_type(&attr.ty)),
                            );
                            if let Some(h) = m.help {
                                d = d.with_help(h);
                            }
                            sink.push(d);
                        }
                    }
                    None => sink.push(unknown_attribute(body, a, block, place, &misplaced)),
                }
            }
            // Its header is a syntax error: what it is cannot be known.
            Stmt::Block(b) if b.name_missing() => {}
            Stmt::Block(b) => {
                let full = crate::block_name(b);
                let Some(schema_block) = body.block(&full) else {
                    sink.push(unknown_block(body, &full, b, place, &misplaced));
                    continue;
                };
                let name = schema_block.name;
                let span = b.name_span();
                if !schema_block.repeated {
                    if let Some(first) = seen_blocks.get(name) {
                        sink.push(
                            codes::DUPLICATE_BLOCK
                                .diagnostic(format!(
                                    "block {name} may appear only once in {}",
                                    place.inner()
                                ))
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
                        codes::UNEXPECTED_LABEL
                            .diagnostic(format!("block {name} takes no label"))
                            .with_primary(label.span(), "remove this label"),
                    ),
                    (None, true) => sink.push(
                        codes::MISSING_LABEL
                            .diagnostic(format!("block {name} needs a label"))
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
            codes::MISSING_REQUIRED_ATTRIBUTE
                .diagnostic(format!(
                    "missing required attribute `{name}` in {}",
                    place.describe()
                ))
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
            codes::MISSING_REQUIRED_BLOCK
                .diagnostic(format!(
                    "missing required block {} in {}",
                    b.name,
                    place.describe()
                ))
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

/// The attributes and blocks of `block` that `body` does not accept: when one of them is valid
/// in several places, the place where most of the others go is the likeliest.
fn misplaced_names(body: &'static Body, block: &Block) -> Vec<(String, Kind)> {
    block
        .body
        .iter()
        .filter_map(|stmt| match stmt {
            Stmt::Attribute(a) => {
                let name = a.name.name.as_str();
                body.attribute(name)
                    .is_none()
                    .then(|| (name.to_string(), Kind::Attribute))
            }
            Stmt::Block(b) => {
                let name = crate::block_name(b);
                body.block(&name)
                    .is_none()
                    .then(|| (name.into_owned(), Kind::Block))
            }
        })
        .collect()
}

fn unknown_attribute(
    body: &'static Body,
    attribute: &alloy_syntax::ast::Attribute,
    block: &Block,
    place: &Place<'_>,
    misplaced: &[(String, Kind)],
) -> Diagnostic {
    let name = attribute.name.name.as_str();
    let span = attribute.name.span();
    let mut d = codes::UNKNOWN_ATTRIBUTE.diagnostic(format!(
        "unknown attribute `{name}` in {}",
        place.describe()
    ));
    if body.blocks().iter().any(|b| b.name == name) {
        return d
            .with_primary(span, "this is a block, not an attribute")
            .with_help(format!(
                "{name} is a block: write {name} {{ ... }} instead of {name} = ..."
            ));
    }
    d = d.with_primary(span, "not an attribute of this block");
    let elsewhere = ranked_places(place, name, Kind::Attribute, misplaced);
    let suggestion = suggest::closest(name, body.attributes().iter().map(|a| a.name));
    d = match (suggestion, elsewhere.as_slice()) {
        (Some(s), _) => d
            .with_help(format!("did you mean `{s}`?"))
            .with_fix(Fix::did_you_mean(span, s)),
        (None, [only]) if only.path.is_empty() => d.with_help(format!(
            "`{name}` belongs at the top level of {}: move it out of this block",
            place.root
        )),
        (None, [only]) => {
            let d = d.with_help(format!(
                "`{name}` is valid in {} > {}: move it into that block",
                place.root, only.path
            ));
            match move_into_new_block(body, attribute, block, place, only) {
                Some(fix) => d.with_fix(fix),
                None => d,
            }
        }
        (None, []) => d.with_help(valid_list(
            "attributes",
            body.attributes().iter().map(|a| a.name),
        )),
        (None, several) => d.with_help(several_places_help(&format!("`{name}`"), place, several)),
    };
    d
}

/// The fix for an attribute that belongs in a block nested directly in this one, which the
/// block does not have yet: the attribute is wrapped in that block (`max_shards = 50` in
/// `endpoint` becomes `queue_config { max_shards = 50 }`). Offered only when the new block is
/// complete with just this attribute and no other misplaced name goes there too (two fixes
/// would each add the block).
fn move_into_new_block(
    body: &'static Body,
    attribute: &alloy_syntax::ast::Attribute,
    block: &Block,
    place: &Place<'_>,
    target: &ValidPlace,
) -> Option<Fix> {
    let name = attribute.name.name.as_str();
    let prefix = place.path.join(" > ");
    let child = if prefix.is_empty() {
        target.path.as_str()
    } else {
        target
            .path
            .strip_prefix(prefix.as_str())?
            .strip_prefix(" > ")?
    };
    let schema_block = body.block(child)?;
    let inner = schema_block.body();
    let already_there = block
        .body
        .iter()
        .any(|s| matches!(s, Stmt::Block(b) if crate::block_name(b) == child));
    if child.contains(' ')
        || !target.siblings.is_empty()
        || already_there
        || inner.labelled
        || inner.required_attributes().any(|a| a.name != name)
        || inner.required_blocks().next().is_some()
    {
        return None;
    }
    Some(
        Fix {
            title: format!("Move `{name}` into a new `{child}` block"),
            applicability: alloy_diagnostics::Applicability::Unsafe,
            edits: Vec::new(),
        }
        .with_edit(Span::at(attribute.span().start), format!("{child} {{ "))
        .with_edit(Span::at(attribute.span().end), " }"),
    )
}

fn unknown_block(
    body: &'static Body,
    name: &str,
    b: &Block,
    place: &Place<'_>,
    misplaced: &[(String, Kind)],
) -> Diagnostic {
    let span = b.name_span();
    let mut d =
        codes::UNKNOWN_BLOCK.diagnostic(format!("unknown block {name} in {}", place.describe()));
    if body.attributes().iter().any(|a| a.name == name) {
        return d
            .with_primary(span, "this is an attribute, not a block")
            .with_help(format!(
                "{name} is an attribute: write {name} = ... instead of {name} {{ ... }}"
            ));
    }
    d = d.with_primary(span, "not a block of this block");
    let elsewhere = ranked_places(place, name, Kind::Block, misplaced);
    let suggestion = suggest::closest(name, body.blocks().iter().map(|b| b.name));
    d = match (suggestion, elsewhere.as_slice()) {
        (Some(s), _) => d
            .with_help(format!("did you mean {s}?"))
            .with_fix(Fix::did_you_mean(span, s)),
        (None, [only]) if only.path.is_empty() => d.with_help(format!(
            "{name} belongs at the top level of {}: move it out of this block",
            place.root
        )),
        (None, [only]) => d.with_help(format!(
            "{name} is valid in {} > {}: move it into that block",
            place.root, only.path
        )),
        (None, []) if body.blocks().is_empty() => {
            d.with_help(format!("{} takes no blocks", place.inner()))
        }
        (None, []) => d.with_help(valid_list("blocks", body.blocks().iter().map(|b| b.name))),
        (None, several) => d.with_help(several_places_help(name, place, several)),
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

/// Where a misplaced name is valid: a block path under the component (empty for its top
/// level) and the misplaced siblings that are valid there too.
struct ValidPlace {
    path: String,
    siblings: Vec<String>,
}

/// Every place under `place.root` where `name` is valid, best first: the place that accepts the
/// most of the block's other misplaced names (`max_samples_per_send` beside `max_shards` goes in
/// `queue_config`, not `metadata_config`), then the top level, then the schema's order.
fn ranked_places(
    place: &Place<'_>,
    name: &str,
    kind: Kind,
    misplaced: &[(String, Kind)],
) -> Vec<ValidPlace> {
    let mut candidates = paths_with(place.root_body, name, kind);
    if !place.path.is_empty() && accepts(place.root_body, name, kind) {
        candidates.insert(0, (String::new(), place.root_body));
    }
    let mut places: Vec<ValidPlace> = candidates
        .into_iter()
        .map(|(path, body)| ValidPlace {
            path,
            siblings: misplaced
                .iter()
                .filter(|(other, other_kind)| other != name && accepts(body, other, *other_kind))
                .map(|(other, _)| other.clone())
                .collect(),
        })
        .collect();
    // Stable: equally good places keep the schema's order.
    places.sort_by_key(|p| std::cmp::Reverse(p.siblings.len()));
    places
}

fn accepts(body: &Body, name: &str, kind: Kind) -> bool {
    match kind {
        Kind::Attribute => body.attribute(name).is_some(),
        Kind::Block => body.block(name).is_some(),
    }
}

/// The hint for a name valid in several places (`places` is ranked, at least two).
fn several_places_help(shown_name: &str, place: &Place<'_>, places: &[ValidPlace]) -> String {
    const SHOWN: usize = 4;
    let describe = |p: &ValidPlace| {
        if p.path.is_empty() {
            format!("the top level of {}", place.root)
        } else {
            format!("{} > {}", place.root, p.path)
        }
    };
    let mut listed: Vec<String> = places.iter().take(SHOWN).map(describe).collect();
    let best = &places[0];
    let ranked = !best.siblings.is_empty() && best.siblings.len() > places[1].siblings.len();
    if ranked {
        let mut siblings: Vec<String> = best
            .siblings
            .iter()
            .take(3)
            .map(|s| format!("`{s}`"))
            .collect();
        if best.siblings.len() > 3 {
            siblings.push("...".to_string());
        }
        listed[0] = format!("{} (where {} also go)", listed[0], siblings.join(", "));
    }
    if places.len() > SHOWN {
        listed.push(format!("{} more", places.len() - SHOWN));
    }
    format!(
        "{shown_name} is valid in {} places{}: {}; move it into the one you meant",
        places.len(),
        if ranked { ", likeliest first" } else { "" },
        listed.join(", ")
    )
}

/// Paths (`endpoint > queue_config`) of the blocks under `root` where `name` is valid, with
/// their bodies.
fn paths_with(root: &'static Body, name: &str, kind: Kind) -> Vec<(String, &'static Body)> {
    let mut out = Vec::new();
    let mut stack: Vec<(&'static Body, Vec<&'static str>)> = vec![(root, Vec::new())];
    let mut visited = 0usize;
    while let Some((body, path)) = stack.pop() {
        visited += 1;
        if visited > 2000 {
            break;
        }
        if !path.is_empty() && accepts(body, name, kind) {
            out.push((path.join(" > "), body));
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
