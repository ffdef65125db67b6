//! JSON and Markdown renderings of the schema, for `alloylint schema [NAME] --format json|markdown`.

use crate::{
    components, config_blocks, edit_distance, functions, Attribute, Body, Component, ConfigBlock,
    Export, Function, TopLevel,
};
use serde_json::{json, Map, Value};
use std::fmt::{self, Write};

/// What to render: the whole schema or one component / config block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    All,
    One(TopLevel),
}

impl Target {
    /// Resolves an optional name as given on the command line.
    pub fn resolve(name: Option<&str>) -> Result<Target, RenderError> {
        match name {
            None => Ok(Target::All),
            Some(n) => crate::top_level(n)
                .map(Target::One)
                .ok_or_else(|| RenderError::unknown(n)),
        }
    }
}

/// A name that is neither a component nor a config block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError {
    pub name: String,
    /// Known names close to the one given, best first.
    pub suggestions: Vec<&'static str>,
}

impl RenderError {
    fn unknown(name: &str) -> RenderError {
        let mut scored: Vec<(usize, &'static str)> = components()
            .iter()
            .map(|c| c.name)
            .chain(config_blocks().iter().map(|c| c.name))
            .map(|n| (edit_distance(name, n), n))
            .filter(|(d, n)| *d <= 3.max(name.len() / 4) || n.starts_with(name))
            .collect();
        scored.sort();
        RenderError {
            name: name.to_string(),
            suggestions: scored.into_iter().take(3).map(|(_, n)| n).collect(),
        }
    }
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown component or config block `{}`", self.name)?;
        if !self.suggestions.is_empty() {
            write!(f, "; did you mean `{}`?", self.suggestions.join("`, `"))?;
        }
        Ok(())
    }
}

impl std::error::Error for RenderError {}

/// JSON of one component or config block (by name), or of the whole schema (`None`).
pub fn to_json(name: Option<&str>) -> Result<String, RenderError> {
    let value = match Target::resolve(name)? {
        Target::All => schema_value(),
        Target::One(TopLevel::Component(c)) => component_value(c),
        Target::One(TopLevel::ConfigBlock(c)) => config_block_value(c),
    };
    Ok(pretty(&value))
}

/// Markdown of one component or config block (by name), or an index of the whole schema.
pub fn to_markdown(name: Option<&str>) -> Result<String, RenderError> {
    Ok(match Target::resolve(name)? {
        Target::All => schema_to_markdown(),
        Target::One(TopLevel::Component(c)) => component_to_markdown(c),
        Target::One(TopLevel::ConfigBlock(c)) => config_block_to_markdown(c),
    })
}

fn pretty(value: &Value) -> String {
    // Serialising a `Value` cannot fail.
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

pub fn component_to_json(c: &Component) -> String {
    pretty(&component_value(c))
}

pub fn config_block_to_json(c: &ConfigBlock) -> String {
    pretty(&config_block_value(c))
}

/// The whole schema: components, config blocks and the standard library.
pub fn schema_to_json() -> String {
    pretty(&schema_value())
}

fn schema_value() -> Value {
    json!({
        "components": components().iter().map(component_value).collect::<Vec<_>>(),
        "config_blocks": config_blocks().iter().map(config_block_value).collect::<Vec<_>>(),
        "functions": functions().iter().map(|f| serde_json::to_value(f).unwrap_or(Value::Null)).collect::<Vec<_>>(),
    })
}

fn component_value(c: &Component) -> Value {
    let mut v = Map::new();
    v.insert("name".into(), json!(c.name));
    v.insert("kind".into(), json!("component"));
    v.insert("description".into(), json!(c.description));
    v.insert("stability".into(), json!(c.stability.as_str()));
    v.insert("community".into(), json!(c.community));
    v.insert("deprecated".into(), json!(c.deprecated));
    body_into(&mut v, c.body(), &mut Vec::new());
    v.insert("exports".into(), exports_value(c.exports()));
    Value::Object(v)
}

fn config_block_value(c: &ConfigBlock) -> Value {
    let mut v = Map::new();
    v.insert("name".into(), json!(c.name));
    v.insert("kind".into(), json!("config_block"));
    v.insert("description".into(), json!(c.description));
    v.insert("stability".into(), json!(c.stability.as_str()));
    body_into(&mut v, c.body(), &mut Vec::new());
    v.insert("exports".into(), exports_value(c.exports()));
    Value::Object(v)
}

fn exports_value(exports: &[Export]) -> Value {
    Value::Array(
        exports
            .iter()
            .map(|e| serde_json::to_value(e).unwrap_or(Value::Null))
            .collect(),
    )
}

fn attribute_value(a: &Attribute) -> Value {
    let mut v = serde_json::to_value(a).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        m.insert("type_name".into(), json!(a.ty.to_string()));
    }
    v
}

/// Writes `labelled`, `free_form`, `arguments` and `blocks`; a block whose body is already
/// being written higher up (a recursive schema) is marked `"recursive": true` instead.
fn body_into(v: &mut Map<String, Value>, body: &'static Body, open: &mut Vec<*const Body>) {
    open.push(body as *const Body);
    v.insert("labelled".into(), json!(body.labelled));
    v.insert("free_form".into(), json!(body.free_form));
    v.insert(
        "arguments".into(),
        Value::Array(body.attributes().iter().map(attribute_value).collect()),
    );
    let mut blocks = Vec::new();
    for b in body.blocks() {
        let mut m = match serde_json::to_value(b) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        };
        let child = b.body();
        if open.contains(&(child as *const Body)) {
            m.insert("recursive".into(), json!(true));
        } else {
            body_into(&mut m, child, open);
        }
        blocks.push(Value::Object(m));
    }
    v.insert("blocks".into(), Value::Array(blocks));
    open.pop();
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn code_cell(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else if text.contains('`') {
        format!("`` {} ``", cell(text))
    } else {
        format!("`{}`", cell(text))
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

fn attributes_table(out: &mut String, attrs: &[Attribute]) {
    if attrs.is_empty() {
        out.push_str("No arguments.\n\n");
        return;
    }
    out.push_str("| Name | Type | Default | Required | Description |\n");
    out.push_str("|------|------|---------|----------|-------------|\n");
    for a in attrs {
        let mut desc = cell(a.description);
        if !a.allowed_values.is_empty() {
            let _ = write!(
                desc,
                " One of: {}.",
                a.allowed_values.join(", ").replace('|', "\\|")
            );
        }
        if let Some(d) = a.deprecated {
            let _ = write!(desc, " **Deprecated.** {}", cell(d));
        }
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            a.name,
            code_cell(&a.ty.to_string()),
            code_cell(a.default.unwrap_or("")),
            yes_no(a.required),
            desc.trim()
        );
    }
    out.push('\n');
}

fn exports_table(out: &mut String, exports: &[Export]) {
    out.push_str("## Exports\n\n");
    if exports.is_empty() {
        out.push_str("No exports.\n");
        return;
    }
    out.push_str("| Name | Type | Description |\n|------|------|-------------|\n");
    for e in exports {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            e.name,
            code_cell(&e.ty.to_string()),
            cell(e.description)
        );
    }
}

fn blocks_markdown(
    out: &mut String,
    body: &'static Body,
    path: &mut Vec<&'static str>,
    open: &mut Vec<*const Body>,
) {
    open.push(body as *const Body);
    for b in body.blocks() {
        path.push(b.name);
        let mut flags = Vec::new();
        flags.push(if b.required { "required" } else { "optional" });
        if b.repeated {
            flags.push("repeatable");
        }
        let _ = writeln!(out, "### `{}` ({})\n", path.join(" > "), flags.join(", "));
        if let Some(group) = b.alternative_of {
            let _ = writeln!(out, "One of the `{group}` alternatives.\n");
        }
        if !b.description.is_empty() {
            let _ = writeln!(out, "{}\n", b.description);
        }
        if let Some(d) = b.deprecated {
            let _ = writeln!(out, "**Deprecated.** {d}\n");
        }
        let child = b.body();
        if open.contains(&(child as *const Body)) {
            out.push_str("Same schema as the enclosing block of this name (recursive).\n\n");
        } else {
            if child.labelled {
                out.push_str("Takes a label.\n\n");
            }
            if child.free_form {
                out.push_str("Its body is arbitrary Alloy configuration.\n\n");
            } else {
                attributes_table(out, child.attributes());
            }
            blocks_markdown(out, child, path, open);
        }
        path.pop();
    }
    open.pop();
}

fn body_markdown(out: &mut String, body: &'static Body) {
    out.push_str("## Arguments\n\n");
    if body.free_form {
        out.push_str("Its body is arbitrary Alloy configuration.\n\n");
    } else {
        attributes_table(out, body.attributes());
    }
    if !body.blocks().is_empty() {
        out.push_str("## Blocks\n\n");
        blocks_markdown(out, body, &mut Vec::new(), &mut Vec::new());
    }
}

pub fn component_to_markdown(c: &Component) -> String {
    let mut out = format!("# `{}`\n\n", c.name);
    if !c.description.is_empty() {
        let _ = writeln!(out, "{}\n", c.description);
    }
    let _ = writeln!(out, "- Stability: {}", c.stability.as_str());
    if c.community {
        out.push_str("- Community component\n");
    }
    if let Some(d) = c.deprecated {
        let _ = writeln!(out, "- Deprecated: {d}");
    }
    let _ = writeln!(out, "- Usage: `{} \"LABEL\" {{ ... }}`\n", c.name);
    body_markdown(&mut out, c.body());
    exports_table(&mut out, c.exports());
    out
}

pub fn config_block_to_markdown(c: &ConfigBlock) -> String {
    let mut out = format!("# `{}` (config block)\n\n", c.name);
    if !c.description.is_empty() {
        let _ = writeln!(out, "{}\n", c.description);
    }
    let _ = writeln!(out, "- Stability: {}", c.stability.as_str());
    if c.body().labelled {
        let _ = writeln!(out, "- Usage: `{} \"LABEL\" {{ ... }}`\n", c.name);
    } else {
        let _ = writeln!(out, "- Usage: `{} {{ ... }}`\n", c.name);
    }
    body_markdown(&mut out, c.body());
    exports_table(&mut out, c.exports());
    out
}

fn function_row(out: &mut String, f: &Function) {
    let mut desc = cell(f.description);
    if f.experimental {
        desc.push_str(" (experimental)");
    }
    let _ = writeln!(
        out,
        "| `{}` | {} | {} |",
        f.name,
        code_cell(f.signature.unwrap_or("")),
        desc
    );
}

/// An index of the whole schema: every component, config block and stdlib function.
pub fn schema_to_markdown() -> String {
    let mut out = String::from("# Alloy schema\n\n## Components\n\n");
    out.push_str("| Name | Stability | Description |\n|------|-----------|-------------|\n");
    for c in components() {
        let stability = if c.community {
            "community".to_string()
        } else {
            c.stability.as_str().to_string()
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            c.name,
            stability,
            cell(c.description)
        );
    }
    out.push_str("\n## Config blocks\n\n| Name | Description |\n|------|-------------|\n");
    for c in config_blocks() {
        let _ = writeln!(out, "| `{}` | {} |", c.name, cell(c.description));
    }
    out.push_str("\n## Standard library\n\n| Name | Signature | Description |\n|------|-----------|-------------|\n");
    for f in functions().iter().filter(|f| f.replaced_by.is_none()) {
        function_row(&mut out, f);
    }
    out.push_str("\n### Deprecated names\n\n| Name | Use instead |\n|------|-------------|\n");
    for f in functions() {
        if let Some(new) = f.replaced_by {
            let _ = writeln!(out, "| `{}` | `{}` |", f.name, new);
        }
    }
    out
}
