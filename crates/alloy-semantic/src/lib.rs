//! The semantic model of a Grafana Alloy configuration, shared by the validator, the lint
//! rules, the runtime and the language server: one place that knows what each block is,
//! what each reference names and how components depend on each other.
//!
//! - [`Sources`]: the config's files and the modules they import, read through a
//!   [`SourceProvider`] (the file system, or an editor's buffers in an [`Overlay`]) and parsed.
//! - [`Model`]: modules (root config, declare bodies, imported files, foreach templates), their
//!   nodes with schema entries, every reference resolved, and the dependency graph. It reports
//!   nothing: checks read it and decide what to say.
//! - Queries ([`Model::node_at`], [`Model::definition_at`], [`Model::scope_at`],
//!   [`Model::block_schema_at`], [`Model::references_to`]) answer what editors ask.
//!
//! ```
//! use alloy_semantic::{Model, Resolution, SourceFile, Sources};
//! let text = "local.file \"a\" {\n  filename = \"/etc/hosts\"\n}\nlocal.file \"b\" {\n  filename = local.file.a.content\n}\n";
//! let sources = Sources::load(vec![SourceFile::new("config.alloy", text)], None);
//! let model = Model::build(&sources);
//! let reference = &model.references[0];
//! assert_eq!(reference.text(reference.idents.len()), "local.file.a.content");
//! assert!(matches!(reference.resolution, Resolution::Node { consumed: 3, .. }));
//! ```

pub mod graph;
mod load;
mod model;
mod query;
pub mod references;
mod source;
mod strings;

pub use load::{FileId, ImportTarget, Sources};
pub use model::{
    block_id, block_name, is_stdlib_root, CustomDef, Declare, DeclareId, DeclareRef, DeclareStatus,
    ImportRef, Model, Module, ModuleId, ModuleKind, Node, NodeId, NodeKind, NodeStatus, Owner,
    Reference, Region, Rejection, Resolution, Statement,
};
pub use query::{BlockSchema, Definition, Element, ElementAt, ScopeView};
pub use source::{load_config_path, read_source, FileSystem, Overlay, SourceFile, SourceProvider};
pub use strings::{literal_string, literal_string_attr};
