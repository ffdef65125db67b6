//! Completion from the schema and the model: components (snippets with their required
//! attributes and a label placeholder) where a statement starts outside any block, attributes
//! and blocks valid in the block at the cursor, references (`loki.write.` offers the labels of
//! the config's `loki.write` components, `loki.write.default.` their exports), standard-library
//! functions with signatures, and the allowed values of an attribute.

use crate::handlers::Doc;
use crate::hover::{attribute_summary, block_doc, component_doc, export_type, function_doc};
use alloy_diagnostics::Span;
use alloy_schema::{Body, FunctionKind};
use alloy_semantic::{CustomDef, Element, NodeKind};
use alloy_syntax::ast::{ExprKind, Stmt};
use lsp_types as lsp;
use std::collections::BTreeSet;

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'.'
}

/// The dotted word before `offset`.
fn word_before(text: &str, offset: u32) -> (u32, &str) {
    let bytes = text.as_bytes();
    let end = (offset as usize).min(bytes.len());
    let mut start = end;
    while start > 0 && is_word(bytes[start - 1]) {
        start -= 1;
    }
    (start as u32, &text[start..end])
}

fn docs(value: String) -> Option<lsp::Documentation> {
    Some(lsp::Documentation::MarkupContent(lsp::MarkupContent {
        kind: lsp::MarkupKind::Markdown,
        value,
    }))
}

struct Items {
    /// What the items replace; the typed part runs from `start` to the cursor.
    range: lsp::Range,
    start: u32,
    out: Vec<lsp::CompletionItem>,
}

impl Items {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        label: &str,
        kind: lsp::CompletionItemKind,
        detail: Option<String>,
        documentation: Option<String>,
        snippet: Option<String>,
        sort: &str,
        deprecated: bool,
    ) {
        let (new_text, format) = match snippet {
            Some(s) => (s, lsp::InsertTextFormat::SNIPPET),
            None => (label.to_string(), lsp::InsertTextFormat::PLAIN_TEXT),
        };
        self.out.push(lsp::CompletionItem {
            label: label.to_string(),
            kind: Some(kind),
            detail,
            documentation: documentation.and_then(docs),
            sort_text: Some(format!("{sort}{label}")),
            insert_text_format: Some(format),
            text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
                range: self.range,
                new_text,
            })),
            tags: deprecated.then(|| vec![lsp::CompletionItemTag::DEPRECATED]),
            ..Default::default()
        });
    }
}

/// A snippet's placeholder text cannot hold `$`, `}` or `\` unescaped.
fn escape_snippet(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('$', "\\$")
        .replace('}', "\\}")
}

/// `name "${1:label}" {` + a line per required attribute and block + `}`.
fn block_snippet(name: &str, body: &Body, labelled: bool) -> String {
    let mut s = escape_snippet(name);
    let mut n = 1;
    if labelled {
        s.push_str(" \"${1:default}\"");
        n = 2;
    }
    s.push_str(" {\n");
    let required: Vec<_> = body.required_attributes().collect();
    let width = required.iter().map(|a| a.name.len()).max().unwrap_or(0);
    for a in &required {
        s.push_str(&format!("\t{:width$} = ${n}\n", a.name));
        n += 1;
    }
    for b in body.required_blocks() {
        s.push_str(&format!("\t{} {{\n\t\t${n}\n\t}}\n", b.name));
        n += 1;
    }
    if n == 1 || (labelled && n == 2) {
        s.push_str("\t$0\n");
    }
    s.push('}');
    s
}

pub fn complete(doc: &Doc<'_>, offset: u32) -> Option<lsp::CompletionResponse> {
    let text = doc.text();
    let (word_start, word) = word_before(text, offset);
    let element = doc.model.element_at(doc.file, offset);
    let mut items = Items {
        range: doc.range(Span::new(word_start, offset)),
        start: word_start,
        out: Vec::new(),
    };
    match &element {
        Some(at) => match &at.element {
            Element::Value(attribute, exprs) => {
                let in_string = exprs.last().filter(|e| {
                    matches!(e.kind, ExprKind::String(_) | ExprKind::RawString(_))
                        && e.span().start < offset
                });
                let body = doc.model.body_schema(at.node, &at.path());
                let schema = body.and_then(|b| b.attribute(&attribute.name.name));
                if let Some(string) = in_string {
                    // Inside a string: the allowed values, replacing the literal.
                    items.range = doc.range(string.span());
                    items.start = string.span().start;
                    if let Some(schema) = schema {
                        allowed_values(&mut items, schema.allowed_values);
                    }
                } else {
                    expression(&mut items, doc, at.node, offset, word_start, word);
                    if !word.contains('.') {
                        if let Some(schema) = schema {
                            allowed_values(&mut items, schema.allowed_values);
                        }
                    }
                }
            }
            Element::Body | Element::AttributeName(_) => {
                let body = doc.model.body_schema(at.node, &at.path());
                let block = at
                    .blocks
                    .last()
                    .copied()
                    .unwrap_or(doc.model.nodes[at.node].block);
                match body {
                    Some(body) => statements(&mut items, body, &block.body, word_start),
                    None if at.blocks.is_empty() => {
                        custom_arguments(&mut items, doc, at.node, &block.body, word_start)
                    }
                    None => {}
                }
            }
            Element::BlockName => {
                if at.blocks.is_empty() {
                    top_level(&mut items, doc, offset);
                }
            }
        },
        None => top_level(&mut items, doc, offset),
    }
    // Only the items the typed text could still become (the client ranks and filters these
    // itself); the list is then incomplete, so the client asks again as the typing goes on
    // or is undone. Keeps the hundreds of component snippets off the wire once a letter is
    // typed.
    let typed = text
        .get(items.start as usize..offset as usize)
        .unwrap_or("");
    let all = items.out.len();
    items.out.retain(|item| is_subsequence(typed, &item.label));
    Some(lsp::CompletionResponse::List(lsp::CompletionList {
        is_incomplete: items.out.len() < all,
        items: items.out,
    }))
}

/// Whether the characters of `typed` appear in `label` in order, ignoring case: what any
/// client's prefix or fuzzy match needs.
fn is_subsequence(typed: &str, label: &str) -> bool {
    if typed.is_ascii() {
        let mut label = label.bytes();
        return typed
            .bytes()
            .all(|t| label.any(|l| l.eq_ignore_ascii_case(&t)));
    }
    let mut label = label.chars().flat_map(char::to_lowercase);
    typed
        .chars()
        .flat_map(char::to_lowercase)
        .all(|t| label.any(|l| l == t))
}

fn allowed_values(items: &mut Items, values: &[&str]) {
    for v in values {
        items.push(
            v,
            lsp::CompletionItemKind::ENUM_MEMBER,
            None,
            None,
            None,
            "0",
            false,
        );
    }
}

/// Attributes not set yet and blocks that may still be added, required ones first.
fn statements(items: &mut Items, body: &'static Body, stmts: &[Stmt], word_start: u32) {
    let mut set = BTreeSet::new();
    for s in stmts {
        match s {
            // The word being typed may have been read as an attribute name.
            Stmt::Attribute(a) if a.name.span().start != word_start => {
                set.insert(a.name.name.to_string());
            }
            Stmt::Block(b) => {
                set.insert(b.full_name());
            }
            _ => {}
        }
    }
    for a in body.attributes() {
        if set.contains(a.name) {
            continue;
        }
        items.push(
            a.name,
            lsp::CompletionItemKind::FIELD,
            Some(attribute_summary(a).replace('`', "")),
            Some(crate::hover::attribute_doc(a)),
            Some(format!("{} = $0", a.name)),
            if a.required { "0" } else { "1" },
            a.deprecated.is_some(),
        );
    }
    for b in body.blocks() {
        if set.contains(b.name) && !b.repeated {
            continue;
        }
        let inner = b.body();
        items.push(
            b.name,
            lsp::CompletionItemKind::STRUCT,
            Some(format!(
                "block · {}",
                if b.required { "required" } else { "optional" }
            )),
            Some(block_doc(b.name, b)),
            Some(block_snippet(b.name, inner, inner.labelled)),
            if b.required { "0" } else { "2" },
            b.deprecated.is_some(),
        );
    }
}

/// The arguments of a custom component not set yet, required ones first.
fn custom_arguments(
    items: &mut Items,
    doc: &Doc<'_>,
    node: usize,
    stmts: &[Stmt],
    word_start: u32,
) {
    let Some(args) = crate::custom::arguments(doc, node) else {
        return;
    };
    let component = doc.model.nodes[node].block.full_name();
    for a in args {
        let set = stmts.iter().any(|s| {
            matches!(s, Stmt::Attribute(x) if x.name.name == a.name && x.name.span().start != word_start)
        });
        if set {
            continue;
        }
        items.push(
            a.name,
            lsp::CompletionItemKind::FIELD,
            Some(a.summary()),
            Some(a.doc(&component)),
            Some(format!("{} = $0", a.name)),
            if a.optional { "1" } else { "0" },
            false,
        );
    }
}

/// The schema's components and config blocks as completion items (their text edits' range
/// still to be set): built once, as they are hundreds of snippets.
fn schema_items() -> &'static [lsp::CompletionItem] {
    static ITEMS: std::sync::OnceLock<Vec<lsp::CompletionItem>> = std::sync::OnceLock::new();
    ITEMS.get_or_init(|| {
        let mut items = Items {
            range: lsp::Range::default(),
            start: 0,
            out: Vec::new(),
        };
        for c in alloy_schema::components() {
            // Their docs come with `completionItem/resolve`.
            items.push(
                c.name,
                lsp::CompletionItemKind::CLASS,
                Some(format!("component · {}", c.stability.as_str())),
                None,
                Some(block_snippet(c.name, c.body(), true)),
                "1",
                c.deprecated.is_some(),
            );
            if let Some(item) = items.out.last_mut() {
                item.data = Some(serde_json::json!({ "component": c.name }));
            }
        }
        for c in alloy_schema::config_blocks() {
            let body = c.body();
            items.push(
                c.name,
                lsp::CompletionItemKind::MODULE,
                Some("config block".into()),
                (!c.description.is_empty()).then(|| c.description.to_string()),
                Some(block_snippet(c.name, body, body.labelled)),
                "0",
                false,
            );
        }
        items.out
    })
}

/// Components, config blocks and custom components, where a top-level statement starts.
fn top_level(items: &mut Items, doc: &Doc<'_>, offset: u32) {
    let range = items.range;
    let typed = doc.text().get(items.start as usize..offset as usize);
    let wanted = schema_items()
        .iter()
        .filter(|item| typed.map_or(true, |t| is_subsequence(t, &item.label)));
    items.out.extend(wanted.map(|item| {
        let mut item = item.clone();
        if let Some(lsp::CompletionTextEdit::Edit(edit)) = &mut item.text_edit {
            edit.range = range;
        }
        item
    }));
    if let Some(scope) = doc.model.scope_at(doc.file, offset) {
        // Custom components of imported modules: `namespace.name`.
        let module = &doc.model.modules[scope.module];
        for namespace in &scope.imports {
            let Some(import) = module.imports.get(namespace) else {
                continue;
            };
            for d in doc
                .model
                .import_declares(*import, false)
                .unwrap_or_default()
            {
                let name = format!("{namespace}.{}", d.block.label_value().unwrap_or_default());
                items.push(
                    &name,
                    lsp::CompletionItemKind::CLASS,
                    Some(format!("custom component from import \"{namespace}\"")),
                    None,
                    Some(format!(
                        "{} \"${{1:default}}\" {{\n\t$0\n}}",
                        escape_snippet(&name)
                    )),
                    "0",
                    false,
                );
            }
        }
        for d in scope.declares {
            items.push(
                d,
                lsp::CompletionItemKind::CLASS,
                Some("custom component".into()),
                None,
                Some(format!(
                    "{} \"${{1:default}}\" {{\n\t$0\n}}",
                    escape_snippet(d)
                )),
                "0",
                false,
            );
        }
    }
}

/// References and standard-library names continuing the dotted `word`.
fn expression(
    items: &mut Items,
    doc: &Doc<'_>,
    node: usize,
    offset: u32,
    word_start: u32,
    word: &str,
) {
    let (head, segment_start) = match word.rfind('.') {
        Some(dot) => (&word[..dot], word_start + dot as u32 + 1),
        None => ("", word_start),
    };
    items.range = doc.range(Span::new(segment_start, offset));
    items.start = segment_start;
    let module = doc.model.nodes[node].module;
    let Some(scope) = doc.model.scope_at(doc.file, offset) else {
        return;
    };
    let mut seen = BTreeSet::new();
    // Components: the next part of their ids (labels after `loki.write.`).
    for id in &scope.node_ids {
        let rest = if head.is_empty() {
            Some(*id)
        } else {
            id.strip_prefix(head).and_then(|r| r.strip_prefix('.'))
        };
        let Some(rest) = rest else { continue };
        let part = rest.split('.').next().unwrap_or(rest);
        if part.is_empty() || !seen.insert(part.to_string()) {
            continue;
        }
        let full = if head.is_empty() {
            part.to_string()
        } else {
            format!("{head}.{part}")
        };
        let is_node = doc.model.lookup(module, &full).is_some();
        items.push(
            part,
            if is_node {
                lsp::CompletionItemKind::VARIABLE
            } else {
                lsp::CompletionItemKind::MODULE
            },
            Some(if is_node {
                full.clone()
            } else {
                format!("{full}.")
            }),
            None,
            None,
            "0",
            false,
        );
    }
    // A component's exports after its id.
    if let Some((target, _)) = doc.model.lookup(module, head) {
        let n = &doc.model.nodes[target];
        let exports: &[alloy_schema::Export] = match &n.kind {
            NodeKind::Builtin(c) => c.exports(),
            NodeKind::Argument | NodeKind::Export | NodeKind::Import | NodeKind::Foreach => {
                alloy_schema::config_block(&n.block.full_name())
                    .map(|c| c.exports())
                    .unwrap_or(&[])
            }
            NodeKind::Custom(CustomDef::Declare(_))
            | NodeKind::Custom(_)
            | NodeKind::Service
            | NodeKind::Unknown => &[],
        };
        for e in exports {
            items.push(
                e.name,
                lsp::CompletionItemKind::PROPERTY,
                Some(export_type(e)),
                (!e.description.is_empty()).then(|| e.description.to_string()),
                None,
                "1",
                false,
            );
        }
    }
    if head.is_empty() {
        for v in &scope.vars {
            items.push(
                v,
                lsp::CompletionItemKind::VARIABLE,
                Some("foreach variable".into()),
                None,
                None,
                "0",
                false,
            );
        }
    }
    // The standard library: functions and constants under `head`, namespaces as a part.
    for f in alloy_schema::functions() {
        let rest = if head.is_empty() {
            Some(f.name)
        } else {
            f.name.strip_prefix(head).and_then(|r| r.strip_prefix('.'))
        };
        let Some(rest) = rest else { continue };
        match rest.split_once('.') {
            Some((namespace, _)) => {
                if seen.insert(namespace.to_string()) {
                    items.push(
                        namespace,
                        lsp::CompletionItemKind::MODULE,
                        Some("standard library".into()),
                        None,
                        None,
                        "2",
                        false,
                    );
                }
            }
            None => {
                if !seen.insert(rest.to_string()) {
                    continue;
                }
                let (kind, snippet) = match f.kind {
                    FunctionKind::Function => (
                        lsp::CompletionItemKind::FUNCTION,
                        Some(call_snippet(rest, f.params)),
                    ),
                    FunctionKind::Constant => (lsp::CompletionItemKind::CONSTANT, None),
                };
                items.push(
                    rest,
                    kind,
                    f.signature.map(str::to_string),
                    Some(function_doc(f)),
                    snippet,
                    "2",
                    f.replaced_by.is_some(),
                );
            }
        }
    }
}

/// `completionItem/resolve`: the documentation left out of the list (components').
pub fn resolve(mut item: lsp::CompletionItem) -> lsp::CompletionItem {
    let component = item
        .data
        .as_ref()
        .and_then(|d| d.get("component"))
        .and_then(|c| c.as_str())
        .and_then(alloy_schema::component);
    if let (Some(c), None) = (component, &item.documentation) {
        item.documentation = docs(component_doc(c));
    }
    item
}

/// `format(${1:spec}, ${2:values...})`.
fn call_snippet(name: &str, params: &[&str]) -> String {
    let args: Vec<String> = params
        .iter()
        .enumerate()
        .map(|(i, p)| format!("${{{}:{}}}", i + 1, escape_snippet(p)))
        .collect();
    format!("{}({})", escape_snippet(name), args.join(", "))
}
