//! Hover: the schema's documentation of the component, block or attribute under the cursor,
//! the component and export a reference names, a standard-library function's signature, and
//! the value of a constant expression (evaluated by `alloy-eval`).

use crate::handlers::Doc;
use alloy_diagnostics::Span;
use alloy_eval::{Evaluator, Scope, Value};
use alloy_schema::{AlloyType, Attribute, Body, Export};
use alloy_semantic::{CustomDef, Element, Model, ModuleId, NodeKind, Resolution};
use alloy_syntax::ast::{Expr, ExprKind};
use lsp_types as lsp;

fn markdown(value: String, range: lsp::Range) -> lsp::Hover {
    lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value,
        }),
        range: Some(range),
    }
}

/// `type · required` / `type · optional · default \`x\``.
pub fn attribute_summary(a: &Attribute) -> String {
    let mut s = format!("`{}`", type_name(a));
    if a.required {
        s.push_str(" · required");
    } else {
        s.push_str(" · optional");
        if let Some(d) = a.default {
            s.push_str(&format!(" · default `{d}`"));
        }
    }
    s
}

pub fn type_name(a: &Attribute) -> String {
    match (a.ty, a.docs_type) {
        (AlloyType::Capsule(_), Some(docs)) => docs.to_string(),
        (ty, _) => ty.to_string(),
    }
}

pub fn attribute_doc(a: &Attribute) -> String {
    let mut s = format!("**`{}`**: {}", a.name, attribute_summary(a));
    if !a.description.is_empty() {
        s.push_str("\n\n");
        s.push_str(a.description);
    }
    if !a.allowed_values.is_empty() {
        s.push_str(&format!("\n\nValues: {}", code_list(a.allowed_values)));
    }
    if let Some(note) = a.deprecated {
        s.push_str(&format!("\n\n**Deprecated**: {note}"));
    }
    s
}

fn code_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn block_doc(name: &str, b: &alloy_schema::Block) -> String {
    let mut s = format!(
        "**`{name}`** block · {}{}",
        if b.required { "required" } else { "optional" },
        if b.repeated { " · repeatable" } else { "" }
    );
    if !b.description.is_empty() {
        s.push_str("\n\n");
        s.push_str(b.description);
    }
    s.push_str(&body_summary(b.body()));
    if let Some(note) = b.deprecated {
        s.push_str(&format!("\n\n**Deprecated**: {note}"));
    }
    s
}

fn body_summary(body: &Body) -> String {
    let required: Vec<&str> = body.required_attributes().map(|a| a.name).collect();
    if required.is_empty() {
        String::new()
    } else {
        format!("\n\nRequired: {}", code_list(&required))
    }
}

fn exports_doc(exports: &[Export]) -> String {
    if exports.is_empty() {
        return String::new();
    }
    let list: Vec<String> = exports
        .iter()
        .map(|e| format!("- `{}`: `{}`", e.name, export_type(e)))
        .collect();
    format!("\n\nExports:\n{}", list.join("\n"))
}

pub fn export_type(e: &Export) -> String {
    match (e.ty, e.docs_type) {
        (AlloyType::Capsule(_), Some(docs)) => docs.to_string(),
        (ty, _) => ty.to_string(),
    }
}

pub fn component_doc(c: &alloy_schema::Component) -> String {
    let mut s = format!("**{}** · {}", c.name, c.stability.as_str());
    if c.community {
        s.push_str(" · community");
    }
    if !c.description.is_empty() {
        s.push_str("\n\n");
        s.push_str(c.description);
    }
    if let Some(note) = c.deprecated {
        s.push_str(&format!("\n\n**Deprecated**: {note}"));
    }
    s.push_str(&body_summary(c.body()));
    s.push_str(&exports_doc(c.exports()));
    s
}

fn config_block_doc(c: &alloy_schema::ConfigBlock) -> String {
    let mut s = format!("**{}** · {}", c.name, c.stability.as_str());
    if !c.description.is_empty() {
        s.push_str("\n\n");
        s.push_str(c.description);
    }
    s.push_str(&body_summary(c.body()));
    s.push_str(&exports_doc(c.exports()));
    s
}

pub fn function_doc(f: &alloy_schema::Function) -> String {
    let mut s = format!("```alloy\n{}\n```", f.signature.unwrap_or(f.name));
    if !f.description.is_empty() {
        s.push_str("\n\n");
        s.push_str(f.description);
    }
    if let Some(new) = f.replaced_by {
        s.push_str(&format!("\n\n**Deprecated**: use `{new}`"));
    }
    if f.experimental {
        s.push_str("\n\nExperimental.");
    }
    s
}

/// Component references evaluate to unknown values: nothing has run.
struct ModelScope<'m, 'a> {
    model: &'m Model<'a>,
    module: ModuleId,
}

impl Scope for ModelScope<'_, '_> {
    fn lookup(&self, name: &str) -> Option<Value> {
        self.model
            .node_with_root(self.module, name)
            .map(|_| Value::Unknown)
    }
}

/// The outermost expression at the cursor that has a known value (no component reference,
/// no error), unless it is a plain literal.
fn constant(doc: &Doc<'_>, module: ModuleId, exprs: &[&Expr]) -> Option<(Span, String)> {
    let evaluator = Evaluator::system();
    let scope = ModelScope {
        model: &doc.model,
        module,
    };
    for expr in exprs {
        if expr.contains_error() {
            continue;
        }
        let literal = matches!(
            expr.kind,
            ExprKind::Number(_)
                | ExprKind::String(_)
                | ExprKind::RawString(_)
                | ExprKind::Bool { .. }
                | ExprKind::Null { .. }
        );
        if literal {
            return None;
        }
        if let Ok(value) = evaluator.eval(expr, &scope) {
            if !value.contains_unknown() {
                return Some((expr.span(), alloy_eval::print_value(&value)));
            }
        }
    }
    None
}

fn reference_hover(doc: &Doc<'_>, offset: u32) -> Option<lsp::Hover> {
    let r = doc.model.reference_at(doc.file, offset)?;
    let range = doc.range(r.span());
    match r.resolution {
        Resolution::Node { node, consumed, .. } => {
            let n = &doc.model.nodes[node];
            let title = match n.block.label_value() {
                Some(l) => format!("{} \"{l}\"", n.block.full_name()),
                None => n.block.full_name(),
            };
            let file = &doc.sources.files[n.file];
            let at = doc.lines_of(n.file).position(n.block.span().start);
            let name = std::path::Path::new(&file.path)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut s = format!("**`{title}`** ({name}:{})", at.line + 1);
            let exports: &[Export] = match &n.kind {
                NodeKind::Builtin(c) => c.exports(),
                NodeKind::Argument | NodeKind::Export | NodeKind::Import | NodeKind::Foreach => {
                    alloy_schema::config_block(&n.block.full_name())
                        .map(|c| c.exports())
                        .unwrap_or(&[])
                }
                NodeKind::Custom(CustomDef::Declare(_)) => {
                    s.push_str("\n\ncustom component");
                    &[]
                }
                _ => &[],
            };
            if let NodeKind::Builtin(c) = &n.kind {
                if !c.description.is_empty() {
                    s.push_str("\n\n");
                    s.push_str(c.description);
                }
            }
            match r.idents.get(consumed) {
                Some(field) => match exports.iter().find(|e| e.name == field.name) {
                    Some(e) => {
                        s.push_str(&format!("\n\n**`{}`**: `{}`", e.name, export_type(e)));
                        if !e.description.is_empty() {
                            s.push_str(&format!("\n\n{}", e.description));
                        }
                    }
                    None if !exports.is_empty() => {
                        s.push_str(&format!("\n\n`{}` is not one of its exports", field.name))
                    }
                    None => {}
                },
                None => s.push_str(&exports_doc(exports)),
            }
            Some(markdown(s, range))
        }
        Resolution::Stdlib => {
            // The longest prefix that names a function or constant.
            (1..=r.idents.len()).rev().find_map(|n| {
                let f = alloy_schema::function(&r.text(n))?;
                let span = r.idents[0].span().cover(r.idents[n - 1].span());
                Some(markdown(function_doc(f), doc.range(span)))
            })
        }
        Resolution::ForeachVar => Some(markdown(
            format!(
                "**`{}`**: the current item of the foreach",
                r.idents[0].name
            ),
            range,
        )),
        _ => None,
    }
}

pub fn hover(doc: &Doc<'_>, offset: u32) -> Option<lsp::Hover> {
    let at = doc.model.element_at(doc.file, offset)?;
    let node = &doc.model.nodes[at.node];
    match &at.element {
        Element::BlockName => {
            let Some(last) = at.blocks.last() else {
                let span = node.block.name_span();
                let value = match &node.kind {
                    NodeKind::Builtin(c) => component_doc(c),
                    NodeKind::Custom(CustomDef::Declare(d)) => format!(
                        "**`{}`** · custom component (declare at line {})",
                        node.block.full_name(),
                        doc.lines_of(d.file).position(d.block.span().start).line + 1
                    ),
                    _ => config_block_doc(alloy_schema::config_block(&node.block.full_name())?),
                };
                return Some(markdown(value, doc.range(span)));
            };
            let path = at.path();
            let parent = doc.model.body_schema(at.node, &path[..path.len() - 1])?;
            let name = &path[path.len() - 1];
            let b = parent.block(name)?;
            Some(markdown(block_doc(name, b), doc.range(last.name_span())))
        }
        Element::AttributeName(a)
            if at.blocks.is_empty() && matches!(node.kind, NodeKind::Custom(_)) =>
        {
            let args = crate::custom::arguments(doc, at.node)?;
            let arg = args.iter().find(|x| x.name == a.name.name)?;
            Some(markdown(
                arg.doc(&node.block.full_name()),
                doc.range(a.name.span()),
            ))
        }
        Element::AttributeName(a) => {
            let body = doc.model.body_schema(at.node, &at.path())?;
            let schema = body.attribute(&a.name.name)?;
            Some(markdown(attribute_doc(schema), doc.range(a.name.span())))
        }
        Element::Value(_, exprs) => {
            if let Some(h) = reference_hover(doc, offset) {
                return Some(h);
            }
            let (span, value) = constant(doc, node.module, exprs)?;
            Some(markdown(
                format!("Value:\n```alloy\n{value}\n```"),
                doc.range(span),
            ))
        }
        Element::Body => None,
    }
}
