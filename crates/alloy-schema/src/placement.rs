//! Where a top-level block may appear: rules Alloy's loader enforces that are not part of any
//! one block's schema. Validation and completion both read them here.

/// Config blocks that configure the process (services and global settings): valid only at the
/// top level of the main config, never in a module. They take no label.
pub const ROOT_ONLY_BLOCKS: &[&str] = &[
    "logging",
    "tracing",
    "http",
    "remotecfg",
    "livedebugging",
    "labelstore",
];

/// Blocks that bring in a module; their label is the namespace of its declarations.
pub const IMPORT_BLOCKS: &[&str] = &["import.file", "import.string", "import.http", "import.git"];

/// Blocks valid only in a module (a declare body or an imported file); at the top level of a
/// file they make it a module meant to be imported.
pub const MODULE_ONLY_BLOCKS: &[&str] = &["argument", "export"];
