//! What editors and rules ask of the model: what is at a position, where a reference leads,
//! what is visible there, and which schema applies.

use crate::load::FileId;
use crate::model::{Model, ModuleId, NodeId, NodeKind, NodeStatus, Reference, Region, Resolution};
use alloy_diagnostics::Span;
use alloy_syntax::ast::{Attribute, Block, Expr, Stmt};
use alloy_syntax::visit::{walk_expr, Visitor};

/// Where a reference or name leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Definition {
    pub node: NodeId,
    pub file: FileId,
    /// The node's name and label (what a "go to definition" selects).
    pub span: Span,
}

/// Names visible at a position (for completion).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeView<'m> {
    pub module: ModuleId,
    /// Ids of the components and blocks that references can name, the module's own first.
    pub node_ids: Vec<&'m str>,
    /// Custom components (declares) that can be instantiated, sorted.
    pub declares: Vec<&'m str>,
    /// Import namespaces, sorted.
    pub imports: Vec<&'m str>,
    /// Foreach variables.
    pub vars: Vec<&'m str>,
}

/// The schema of the block at a position.
#[derive(Clone, Debug)]
pub struct BlockSchema {
    pub node: NodeId,
    /// Nested block names from the node down to the block (empty for the node itself).
    pub path: Vec<String>,
    /// What the block accepts; `None` when the schema does not know the block (an unknown
    /// component, a custom component, a misspelt nested block).
    pub body: Option<&'static alloy_schema::Body>,
}

/// What the syntax tree has at a position, inside a node (for hover, completion and
/// signature help).
#[derive(Clone, Debug)]
pub struct ElementAt<'a> {
    pub node: NodeId,
    /// The nested blocks from the node's block (excluded) down to the innermost one whose body
    /// holds the position (or whose name is under it).
    pub blocks: Vec<&'a Block>,
    pub element: Element<'a>,
}

#[derive(Clone, Debug)]
pub enum Element<'a> {
    /// The name or label of the node's block (when `blocks` is empty) or of the last of
    /// `blocks`.
    BlockName,
    /// The name of an attribute.
    AttributeName(&'a Attribute),
    /// Inside an attribute's value: the expressions that contain the position, outermost
    /// first (the value itself is the first).
    Value(&'a Attribute, Vec<&'a Expr>),
    /// Between the statements of a body.
    Body,
}

impl ElementAt<'_> {
    /// Names of `blocks` (the path [`BlockSchema::path`] uses).
    pub fn path(&self) -> Vec<String> {
        self.blocks.iter().map(|b| b.full_name()).collect()
    }
}

/// Collects the chain of expressions containing `offset`, outermost first: at each level only
/// the first child that contains it is followed.
struct ExprPath<'e> {
    offset: u32,
    level: usize,
    out: Vec<&'e Expr>,
}

impl<'e> Visitor<'e> for ExprPath<'e> {
    fn visit_expr(&mut self, expr: &'e Expr) {
        if self.out.len() > self.level || !touches(expr.span(), self.offset) {
            return;
        }
        self.out.push(expr);
        self.level += 1;
        walk_expr(self, expr);
        self.level -= 1;
    }
}

/// The expressions containing `offset`, outermost first, starting at `expr`.
fn exprs_at<'e>(expr: &'e Expr, offset: u32, out: &mut Vec<&'e Expr>) {
    let mut path = ExprPath {
        offset,
        level: 0,
        out: Vec::new(),
    };
    path.visit_expr(expr);
    out.extend(path.out);
}

fn name_and_label(block: &Block) -> Span {
    match &block.label {
        Some(l) => block.name_span().cover(l.span()),
        None => block.name_span(),
    }
}

/// Spans are half-open, but a cursor right after a name is still on it.
fn touches(span: Span, offset: u32) -> bool {
    span.start <= offset && offset <= span.end
}

impl<'a> Model<'a> {
    /// The innermost node (top-level block of some module) whose block contains `offset`.
    pub fn node_at(&self, file: FileId, offset: u32) -> Option<NodeId> {
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.file == file && touches(n.block.span(), offset))
            .min_by_key(|(_, n)| n.block.span().len())
            .map(|(i, _)| i)
    }

    /// The reference under `offset`.
    pub fn reference_at(&self, file: FileId, offset: u32) -> Option<&Reference> {
        self.references
            .iter()
            .find(|r| r.file == file && touches(r.span(), offset))
    }

    /// Where the name under `offset` is defined: the node a reference names, or the node
    /// whose own name is under the cursor.
    pub fn definition_at(&self, file: FileId, offset: u32) -> Option<Definition> {
        let node = match self.reference_at(file, offset) {
            Some(r) => match r.resolution {
                Resolution::Node { node, .. } => node,
                _ => return None,
            },
            None => {
                let node = self.node_at(file, offset)?;
                if !touches(name_and_label(self.nodes[node].block), offset) {
                    return None;
                }
                match self.nodes[node].status {
                    NodeStatus::DuplicateOf(first) => first,
                    _ => node,
                }
            }
        };
        let n = &self.nodes[node];
        Some(Definition {
            node,
            file: n.file,
            span: name_and_label(n.block),
        })
    }

    /// The innermost module whose text contains `offset` of `file`.
    pub fn module_at(&self, file: FileId, offset: u32) -> Option<ModuleId> {
        let mut best: Option<(ModuleId, u32)> = None;
        for (id, m) in self.modules.iter().enumerate() {
            let size = match &m.region {
                Region::Files(files) if files.contains(&file) => u32::MAX,
                Region::Block(f, span) if *f == file && span.contains(offset) => span.len(),
                _ => continue,
            };
            if best.is_none_or(|(_, s)| size < s) {
                best = Some((id, size));
            }
        }
        best.map(|(id, _)| id)
    }

    /// What a reference or a block name may name at `offset`.
    pub fn scope_at(&self, file: FileId, offset: u32) -> Option<ScopeView<'_>> {
        let module = self.module_at(file, offset)?;
        let m = &self.modules[module];
        let mut declares: Vec<&str> = m.declares.keys().copied().collect();
        declares.sort_unstable();
        let mut imports: Vec<&str> = m.imports.keys().copied().collect();
        imports.sort_unstable();
        Some(ScopeView {
            module,
            node_ids: self.visible_ids(module),
            declares,
            imports,
            vars: m.vars.clone(),
        })
    }

    /// The schema of the innermost block containing `offset` (a component, a config block,
    /// or a block nested in one).
    pub fn block_schema_at(&self, file: FileId, offset: u32) -> Option<BlockSchema> {
        let node = self.node_at(file, offset)?;
        let n = &self.nodes[node];
        let mut path = Vec::new();
        let mut body: &[Stmt] = &n.block.body;
        'descend: loop {
            for stmt in body {
                if let Stmt::Block(b) = stmt {
                    if b.span().contains(offset) && offset > b.lcurly.start {
                        path.push(b.full_name());
                        body = &b.body;
                        continue 'descend;
                    }
                }
            }
            break;
        }
        let body = self.body_schema(node, &path);
        Some(BlockSchema { node, path, body })
    }

    /// What the tree has at `offset` inside a node: a block's name, an attribute's name, a
    /// place in an attribute's value, or a place between statements. `None` outside every node.
    pub fn element_at(&self, file: FileId, offset: u32) -> Option<ElementAt<'a>> {
        let node = self.node_at(file, offset)?;
        let n = &self.nodes[node];
        let mut blocks: Vec<&'a Block> = Vec::new();
        let mut block: &'a Block = n.block;
        if offset <= block.lcurly.start {
            return Some(ElementAt {
                node,
                blocks,
                element: Element::BlockName,
            });
        }
        'descend: loop {
            for stmt in block.body.iter() {
                match stmt {
                    Stmt::Block(b) if touches(b.span(), offset) => {
                        blocks.push(b);
                        if offset <= b.lcurly.start {
                            return Some(ElementAt {
                                node,
                                blocks,
                                element: Element::BlockName,
                            });
                        }
                        if b.rcurly_missing() || offset < b.span().end {
                            block = b;
                            continue 'descend;
                        }
                        blocks.pop();
                    }
                    Stmt::Attribute(a) if touches(a.name.span(), offset) => {
                        return Some(ElementAt {
                            node,
                            blocks,
                            element: Element::AttributeName(a),
                        });
                    }
                    Stmt::Attribute(a)
                        if offset > a.name.span().end && touches(a.value.span(), offset) =>
                    {
                        let mut exprs = Vec::new();
                        exprs_at(&a.value, offset, &mut exprs);
                        return Some(ElementAt {
                            node,
                            blocks,
                            element: Element::Value(a, exprs),
                        });
                    }
                    _ => {}
                }
            }
            return Some(ElementAt {
                node,
                blocks,
                element: Element::Body,
            });
        }
    }

    /// The schema of the block at `path` (nested block names) under `node`.
    pub fn body_schema<S: AsRef<str>>(
        &self,
        node: NodeId,
        path: &[S],
    ) -> Option<&'static alloy_schema::Body> {
        let n = &self.nodes[node];
        let root = match &n.kind {
            NodeKind::Builtin(c) => Some(c.body()),
            NodeKind::Argument
            | NodeKind::Export
            | NodeKind::Import
            | NodeKind::Foreach
            | NodeKind::Service => {
                alloy_schema::config_block(&n.block.full_name()).map(|c| c.body())
            }
            NodeKind::Custom(_) | NodeKind::Unknown => None,
        };
        match root {
            Some(root) if path.is_empty() => Some(root),
            Some(root) => root.block_at(path).map(|b| b.body()),
            None => None,
        }
    }
}
