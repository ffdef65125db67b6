//! Stable diagnostic codes. Tools and CI configurations match on these strings: never rename.

pub const SYNTAX_ERROR: &str = alloy_syntax::SYNTAX_ERROR;
pub const INVALID_BLOCK_LABEL: &str = alloy_syntax::INVALID_BLOCK_LABEL;
pub const NESTING_TOO_DEEP: &str = alloy_syntax::NESTING_TOO_DEEP;
pub const UNKNOWN_COMPONENT: &str = "unknown-component";
pub const UNKNOWN_ATTRIBUTE: &str = "unknown-attribute";
pub const UNKNOWN_BLOCK: &str = "unknown-block";
pub const UNKNOWN_ARGUMENT: &str = "unknown-argument";
pub const MISSING_REQUIRED_ATTRIBUTE: &str = "missing-required-attribute";
pub const MISSING_REQUIRED_BLOCK: &str = "missing-required-block";
pub const MISSING_REQUIRED_ARGUMENT: &str = "missing-required-argument";
pub const MISSING_LABEL: &str = "missing-label";
pub const UNEXPECTED_LABEL: &str = "unexpected-label";
pub const DUPLICATE_ATTRIBUTE: &str = "duplicate-attribute";
pub const DUPLICATE_BLOCK: &str = "duplicate-block";
pub const DUPLICATE_COMPONENT: &str = "duplicate-component";
pub const TOP_LEVEL_ONLY_BLOCK: &str = "top-level-only-block";
pub const MODULE_ONLY_BLOCK: &str = "module-only-block";
pub const UNEXPECTED_ATTRIBUTE: &str = "unexpected-attribute";
pub const TYPE_MISMATCH: &str = "type-mismatch";
pub const INVALID_VALUE: &str = "invalid-value";
pub const UNKNOWN_REFERENCE: &str = "unknown-reference";
pub const UNKNOWN_EXPORT: &str = "unknown-export";
pub const REFERENCE_CYCLE: &str = "reference-cycle";
pub const UNSTABLE_COMPONENT: &str = "unstable-component";
pub const INVALID_REGEX: &str = "invalid-regex";
pub const SHADOWS_STDLIB: &str = "shadows-stdlib";
pub const UNKNOWN_FUNCTION: &str = "unknown-function";
pub const UNSTABLE_FUNCTION: &str = "unstable-function";
pub const DEPRECATED_FUNCTION: &str = "deprecated-function";
pub const UNRESOLVED_IMPORT: &str = "unresolved-import";
pub const INVALID_DECLARE: &str = "invalid-declare";

/// Every code this crate can emit, with a one-line description (for `--help` and docs).
pub const ALL: &[(&str, &str)] = &[
    (SYNTAX_ERROR, "the file does not parse"),
    (
        INVALID_BLOCK_LABEL,
        "a block label that is not a valid identifier",
    ),
    (
        NESTING_TOO_DEEP,
        "brackets or blocks nested more than 1000 levels deep",
    ),
    (
        UNKNOWN_COMPONENT,
        "a block names no known component, config block or declared component",
    ),
    (UNKNOWN_ATTRIBUTE, "an attribute the block does not accept"),
    (UNKNOWN_BLOCK, "a nested block the block does not accept"),
    (
        UNKNOWN_ARGUMENT,
        "an attribute that is not an argument of the declared component",
    ),
    (
        MISSING_REQUIRED_ATTRIBUTE,
        "a required attribute is not set",
    ),
    (MISSING_REQUIRED_BLOCK, "a required nested block is absent"),
    (
        MISSING_REQUIRED_ARGUMENT,
        "a required argument of a declared component is not set",
    ),
    (
        MISSING_LABEL,
        "a component or config block that needs a label has none",
    ),
    (UNEXPECTED_LABEL, "a block that takes no label has one"),
    (DUPLICATE_ATTRIBUTE, "an attribute set twice in one block"),
    (DUPLICATE_BLOCK, "a block that may appear once is repeated"),
    (
        DUPLICATE_COMPONENT,
        "two components with the same name and label",
    ),
    (
        TOP_LEVEL_ONLY_BLOCK,
        "a block only valid at the top level of the main config",
    ),
    (
        MODULE_ONLY_BLOCK,
        "a block only valid in a module or declare",
    ),
    (
        UNEXPECTED_ATTRIBUTE,
        "an attribute where only blocks are allowed",
    ),
    (TYPE_MISMATCH, "a value of a type the attribute cannot take"),
    (
        INVALID_VALUE,
        "a value of the right type that can never be valid (bad duration, ...)",
    ),
    (
        UNKNOWN_REFERENCE,
        "a reference to a component that does not exist or is out of scope",
    ),
    (
        UNKNOWN_EXPORT,
        "a reference to a field the component does not export",
    ),
    (
        REFERENCE_CYCLE,
        "components that reference each other in a cycle",
    ),
    (
        UNSTABLE_COMPONENT,
        "a component below the allowed stability level",
    ),
    (INVALID_REGEX, "a regular expression Go's RE2 would reject"),
    (
        SHADOWS_STDLIB,
        "a component whose name hides a standard-library identifier",
    ),
    (
        UNRESOLVED_IMPORT,
        "an imported module that could not be read",
    ),
    (
        INVALID_DECLARE,
        "a malformed declare, argument or export block",
    ),
];
