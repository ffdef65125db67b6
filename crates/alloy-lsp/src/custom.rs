//! The arguments of a custom component, read from the model: the `argument` nodes of the
//! body module of the `declare` it instantiates (a local declare or one of an imported module).

use crate::handlers::Doc;
use alloy_semantic::{literal_string_attr, CustomDef, NodeId, NodeKind};
use alloy_syntax::ast::{ExprKind, Stmt};

pub struct Argument<'a> {
    pub name: &'a str,
    pub optional: bool,
    pub comment: Option<String>,
    /// The `default` value as written.
    pub default: Option<&'a str>,
}

impl Argument<'_> {
    pub fn summary(&self) -> String {
        let mut s = format!(
            "argument · {}",
            if self.optional {
                "optional"
            } else {
                "required"
            }
        );
        if let Some(d) = self.default {
            s.push_str(&format!(" · default {d}"));
        }
        s
    }

    pub fn doc(&self, component: &str) -> String {
        let mut s = format!("**`{}`**: {} of `{component}`", self.name, self.summary());
        if let Some(c) = &self.comment {
            s.push_str("\n\n");
            s.push_str(c);
        }
        s
    }
}

/// The arguments of `node`, when it is a custom component whose declare the model knows.
pub fn arguments<'a>(doc: &Doc<'a>, node: NodeId) -> Option<Vec<Argument<'a>>> {
    let NodeKind::Custom(CustomDef::Declare(d)) = &doc.model.nodes[node].kind else {
        return None;
    };
    let declare = doc
        .model
        .declares
        .iter()
        .find(|x| std::ptr::eq(x.block, d.block))?;
    let module = &doc.model.modules[declare.body?];
    let args = module
        .nodes
        .iter()
        .map(|&n| &doc.model.nodes[n])
        .filter(|n| matches!(n.kind, NodeKind::Argument))
        .filter_map(|n| {
            let attr = |name: &str| {
                n.block.body.iter().find_map(|s| match s {
                    Stmt::Attribute(a) if a.name.name == name => Some(a),
                    _ => None,
                })
            };
            let text = &doc.sources.files[n.file].text;
            Some(Argument {
                name: n.block.label_value()?,
                optional: attr("optional")
                    .is_some_and(|a| matches!(a.value.kind, ExprKind::Bool { value: true, .. })),
                comment: literal_string_attr(n.block, "comment").map(|(c, _)| c),
                default: attr("default").map(|a| &text[a.value.span().range()]),
            })
        })
        .collect();
    Some(args)
}
