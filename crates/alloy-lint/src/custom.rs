//! Custom components (`declare`): their arguments and exports, and checking a use of one.

use crate::codes;
use crate::suggest;
use alloy_diagnostics::{Diagnostic, Fix, Span};
use alloy_semantic::DeclareRef;
use alloy_syntax::ast::{Block, ExprKind, Stmt};
use std::collections::HashMap;

/// The value of `name = true|false` in `block`, when it is a literal.
pub(crate) fn literal_bool_attr(block: &Block, name: &str) -> Option<bool> {
    block.body.iter().find_map(|s| match s {
        Stmt::Attribute(a) if a.name.name == name => match a.value.kind {
            ExprKind::Bool { value: b, .. } => Some(b),
            _ => None,
        },
        _ => None,
    })
}

/// Custom component instantiations (`name "label" {}`) in a declare body, nested declares
/// included (they are instantiated as part of it).
pub(crate) fn collect_declare_uses<'a>(body: &'a [Stmt], out: &mut Vec<(&'a str, Span)>) {
    for stmt in body {
        if let Stmt::Block(b) = stmt {
            if b.name.is("declare") {
                collect_declare_uses(&b.body, out);
            } else if b.name.part_count() == 1 {
                out.push((b.name.first().name, b.name_span()));
            }
        }
    }
}

/// `(label, block)` of each `export` block of a declare.
pub(crate) fn declare_exports(declare: &Block) -> Vec<(&str, &Block)> {
    labelled_children(declare, "export")
}

pub(crate) fn labelled_children<'b>(declare: &'b Block, name: &str) -> Vec<(&'b str, &'b Block)> {
    declare
        .body
        .iter()
        .filter_map(|s| match s {
            Stmt::Block(b) if b.name.is(name) => b.label.as_ref().map(|l| (l.value.as_str(), &**b)),
            _ => None,
        })
        .collect()
}

/// A use of a declared component: its attributes must be the declare's arguments.
pub(crate) fn check_custom_body(block: &Block, def: DeclareRef<'_>, sink: &mut Vec<Diagnostic>) {
    let arguments = labelled_children(def.block, "argument");
    let names: Vec<&str> = arguments.iter().map(|(n, _)| *n).collect();
    let decl_label = def.block.label_value().unwrap_or_default();
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for stmt in &block.body {
        match stmt {
            Stmt::Attribute(a) => {
                let name = a.name.name.as_str();
                if let Some(first) = seen.insert(name, a.name.span()) {
                    sink.push(
                        codes::DUPLICATE_ATTRIBUTE.diagnostic(format!("attribute `{name}` is set more than once"))
                        .with_primary(a.name.span(), "set again here")
                        .with_secondary(first, "first set here")
                        .with_help("remove one of them"),
                    );
                    continue;
                }
                if !names.contains(&name) {
                    let mut d = codes::UNKNOWN_ARGUMENT.diagnostic(format!("custom component {decl_label} has no argument named `{name}`"))
                    .with_primary(a.name.span(), "not an argument of this component");
                    d = match suggest::closest(name, names.iter().copied()) {
                        Some(s) => d
                            .with_help(format!("did you mean `{s}`?"))
                            .with_fix(Fix::did_you_mean(a.name.span(), s)),
                        None if names.is_empty() => d.with_help(format!(
                            "declare \"{decl_label}\" has no argument blocks; add argument \"{name}\" {{ }} to it"
                        )),
                        None => d.with_help(format!("its arguments are: {}", names.join(", "))),
                    };
                    sink.push(d);
                }
            }
            Stmt::Block(b) => sink.push(
                codes::UNKNOWN_BLOCK.diagnostic(format!(
                        "custom component {decl_label} takes no blocks, only its arguments as attributes"
                    ))
                .with_primary(b.name_span(), "unexpected block")
                .with_help("pass values as attributes named after the declare's argument blocks"),
            ),
        }
    }
    for (name, arg) in &arguments {
        let optional = literal_bool_attr(arg, "optional").unwrap_or(false);
        let has_default = arg
            .body
            .iter()
            .any(|s| matches!(s, Stmt::Attribute(a) if a.name.name == "default"));
        if !optional && !has_default && !seen.contains_key(name) {
            sink.push(
                codes::MISSING_REQUIRED_ARGUMENT.diagnostic(format!("missing required argument `{name}` of custom component {decl_label}"))
                .with_primary(block.name_span(), format!("`{name}` is not set"))
                .with_help(format!(
                    "set {name} = ... in this block, or mark the argument optional = true in the declare"
                )),
            );
        }
    }
}

/// The type of a declare's export when its value is plainly another component's export
/// (`value = loki.process.main.receiver` with `loki.process "main"` in the declare).
pub(crate) fn declare_export_type(
    declare: &Block,
    name: &str,
) -> Option<&'static alloy_schema::AlloyType> {
    let (_, export) = declare_exports(declare)
        .into_iter()
        .find(|(l, _)| *l == name)?;
    let value = export.body.iter().find_map(|s| match s {
        Stmt::Attribute(a) if a.name.name == "value" => Some(&a.value),
        _ => None,
    })?;
    let idents = alloy_semantic::references::chain(value)?;
    // component name parts, label, export field
    let (field, head) = idents.split_last()?;
    let (label, parts) = head.split_last()?;
    let component: Vec<&str> = parts.iter().map(|i| i.name.as_str()).collect();
    let component = component.join(".");
    let defined = declare.body.iter().any(|s| {
        matches!(s, Stmt::Block(b) if b.full_name() == component && b.label_value() == Some(label.name.as_str()))
    });
    if !defined {
        return None;
    }
    alloy_schema::component(&component)?
        .export(&field.name)
        .map(|e| &e.ty)
}
