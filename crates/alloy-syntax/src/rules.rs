//! The rules the parser reports.

use alloy_diagnostics::{declare_rule, Rule};

declare_rule! {
    /// ## What it does
    /// Reports text that is not valid Alloy syntax: a missing brace or quote, a `:` instead of
    /// `=`, single-quoted strings, characters that are not part of the language.
    ///
    /// ## Why
    /// Alloy refuses to load a config that does not parse, so nothing in it runs.
    ///
    /// ## Example
    /// ```alloy
    /// logging {
    ///   level: "info"
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// logging {
    ///   level = "info"
    /// }
    /// ```
    ///
    /// ## Fix
    /// Follow the message ("expected X, got Y") and its hint; each broken line is reported once.
    pub static SYNTAX_ERROR = Rule {
        name: "syntax-error",
        category: Syntax,
        severity: Error,
        alloy_rejects: true,
        fix: None,
        summary: "the file does not parse",
    };

    /// ## What it does
    /// Reports a block label that is not a valid identifier (`"my-app"`, `"1st"`) or that is
    /// written as a backtick string.
    ///
    /// ## Why
    /// Labels become part of component references (`prometheus.scrape.my_app.targets`), so
    /// Alloy accepts only letters, digits and `_`, not starting with a digit, and rejects the
    /// config otherwise.
    ///
    /// ## Example
    /// ```alloy
    /// local.file "my-file" {
    ///   filename = "/etc/hostname"
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// local.file "my_file" {
    ///   filename = "/etc/hostname"
    /// }
    /// ```
    ///
    /// ## Fix
    /// Replace `-` and other characters with `_`, and write the label in double quotes.
    pub static INVALID_BLOCK_LABEL = Rule {
        name: "invalid-block-label",
        category: Syntax,
        severity: Error,
        alloy_rejects: true,
        fix: None,
        summary: "a block label that is not a valid identifier",
    };

    /// ## What it does
    /// Reports brackets, blocks and operator chains nested more than 1000 levels deep.
    ///
    /// ## Why
    /// Alloy's parser gives up on such input, and every tool that walks the tree would need
    /// that much stack; no hand-written config comes close, so it is generated or corrupt.
    ///
    /// ## Example
    /// ```text
    /// x = [[[[ ... 1001 opening brackets ... 1 ... ]]]]
    /// ```
    ///
    /// ## Fix
    /// Split the expression into smaller parts (several attributes or components), or fix
    /// the generator that wrote it.
    pub static NESTING_TOO_DEEP = Rule {
        name: "nesting-too-deep",
        category: Syntax,
        severity: Error,
        alloy_rejects: true,
        fix: None,
        summary: "brackets or blocks nested more than 1000 levels deep",
    };
}

/// Every rule of this crate.
pub static RULES: &[&Rule] = &[&SYNTAX_ERROR, &INVALID_BLOCK_LABEL, &NESTING_TOO_DEEP];
