//! The merged schema before it is written out as Rust.

use crate::types::Ty;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocsReq {
    Yes,
    No,
    Conditional,
    Undocumented,
}

impl DocsReq {
    pub fn parse(cell: Option<&str>) -> DocsReq {
        let Some(cell) = cell else {
            return DocsReq::Conditional;
        };
        let c = cell.replace('*', "");
        let c = c.trim();
        if c == "yes" || c.starts_with("yes ") || c.starts_with("yes,") {
            DocsReq::Yes
        } else if c == "no" || c.starts_with("no ") || c.starts_with("no,") {
            DocsReq::No
        } else {
            DocsReq::Conditional
        }
    }

    pub fn rust(&self) -> &'static str {
        match self {
            DocsReq::Yes => "DocsRequired::Yes",
            DocsReq::No => "DocsRequired::No",
            DocsReq::Conditional => "DocsRequired::Conditional",
            DocsReq::Undocumented => "DocsRequired::Undocumented",
        }
    }
}

/// The rule behind every `required` flag: the struct tag is not `optional`, and the docs
/// neither give a default nor say `Required: no`.
pub fn required_rule(code_optional: bool, docs: DocsReq, has_default: bool) -> bool {
    !code_optional && docs != DocsReq::No && !has_default
}

#[derive(Debug, Clone)]
pub struct IrAttr {
    pub name: String,
    pub ty: Ty,
    pub docs_type: Option<String>,
    pub go_type: String,
    pub default: Option<String>,
    pub allowed: Vec<String>,
    pub description: String,
    pub code_optional: bool,
    pub docs_required: DocsReq,
    pub required: bool,
    pub deprecated: Option<String>,
}

#[derive(Debug, Clone)]
pub struct IrBlock {
    pub name: String,
    pub description: String,
    pub code_optional: bool,
    pub docs_required: DocsReq,
    pub required: bool,
    pub repeated: bool,
    pub alternative_of: Option<String>,
    pub deprecated: Option<String>,
    pub body: usize,
}

#[derive(Debug, Clone, Default)]
pub struct IrBody {
    pub labelled: bool,
    pub free_form: bool,
    pub attributes: Vec<IrAttr>,
    pub blocks: Vec<IrBlock>,
}

#[derive(Debug, Clone)]
pub struct IrExport {
    pub name: String,
    pub ty: Ty,
    pub docs_type: Option<String>,
    pub go_type: String,
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct IrComponent {
    pub name: String,
    pub description: String,
    pub stability: String,
    pub community: bool,
    pub deprecated: Option<String>,
    pub body: usize,
    pub exports: Vec<IrExport>,
}

#[derive(Debug, Clone)]
pub struct IrFunction {
    pub name: String,
    pub constant: bool,
    pub signature: Option<String>,
    pub params: Vec<String>,
    pub description: String,
    pub replaced_by: Option<String>,
    pub experimental: bool,
}

/// A component Alloy no longer has.
#[derive(Debug, Clone)]
pub struct IrRemoved {
    pub name: String,
    /// What to use instead, as the source names it.
    pub replacement: String,
    /// How to migrate, in the source's words.
    pub note: String,
    /// The replacement takes the same arguments: renaming the block is the whole migration.
    pub same_arguments: bool,
    /// Where the removal is recorded (a docs page, or the guide the docs snapshot lacks).
    pub source: String,
}

#[derive(Debug, Default)]
pub struct IrSchema {
    pub bodies: Vec<IrBody>,
    pub components: Vec<IrComponent>,
    pub config_blocks: Vec<IrComponent>,
    pub functions: Vec<IrFunction>,
    pub removed: Vec<IrRemoved>,
}
