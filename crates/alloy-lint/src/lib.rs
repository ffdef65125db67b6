//! alloylint's validator: checks a Grafana Alloy configuration against the component schemas
//! (`alloy-schema`), resolves references between components, follows modules (`declare`,
//! `import.file`, `foreach`) and reports every problem as an [`alloy_diagnostics::Diagnostic`]
//! with a stable code (see [`codes`]).
//!
//! ```
//! use alloy_lint::{lint_config, LintOptions, SourceFile};
//! let report = lint_config(
//!     vec![SourceFile::new("config.alloy", "local.file_match \"x\" {\n  path_targets = []\n}\nprometheus.scrape \"s\" {\n  targets = local.file_match.x.target\n  forward_to = []\n}\n")],
//!     &LintOptions::default(),
//! );
//! assert!(report.findings.iter().any(|f| f.diagnostic.code == "unknown-export"));
//! ```

pub mod codes;
mod custom;
mod graph;
mod imports;
mod load;
mod re2;
mod regex_rules;
mod schema_rules;
mod stdlib;
mod strlit;
mod suggest;
mod traversal;
mod types;
mod validate;

pub use load::{load_config_path, read_source};
pub use suggest::{closest, edit_distance};

use alloy_diagnostics::{Diagnostic, LineIndex, Severity};
use std::path::PathBuf;

/// Minimum stability of the components a config may use (Alloy's `--stability.level`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StabilityLevel {
    Experimental,
    PublicPreview,
    #[default]
    GenerallyAvailable,
}

impl StabilityLevel {
    pub const VALUES: [&'static str; 3] = ["generally-available", "public-preview", "experimental"];

    pub fn parse(text: &str) -> Option<StabilityLevel> {
        match text {
            "generally-available" => Some(StabilityLevel::GenerallyAvailable),
            "public-preview" => Some(StabilityLevel::PublicPreview),
            "experimental" => Some(StabilityLevel::Experimental),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StabilityLevel::GenerallyAvailable => "generally-available",
            StabilityLevel::PublicPreview => "public-preview",
            StabilityLevel::Experimental => "experimental",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct LintOptions {
    /// Components less stable than this are reported.
    pub stability: StabilityLevel,
    /// Also allow the community components (Alloy's `--feature.community-components.enabled`).
    pub community_components: bool,
    /// Read the files named by `import.file` (relative to the importing file) and check uses
    /// of their declarations. Off, imported modules are trusted.
    pub follow_imports: bool,
}

/// One file of a config.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// As shown in diagnostics.
    pub path: String,
    /// The text. Bytes that are not UTF-8 are replaced by `?` (one byte each, so offsets
    /// still match the original); the parser reports them from [`SourceFile::raw`].
    pub text: String,
    raw: Option<Vec<u8>>,
    line_index: LineIndex,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let text = text.into();
        let line_index = LineIndex::new(&text);
        SourceFile {
            path: path.into(),
            text,
            raw: None,
            line_index,
        }
    }

    pub fn from_bytes(path: impl Into<String>, bytes: Vec<u8>) -> SourceFile {
        match String::from_utf8(bytes) {
            Ok(text) => SourceFile::new(path, text),
            Err(e) => {
                let bytes = e.into_bytes();
                let text = lossy_same_length(&bytes);
                let mut file = SourceFile::new(path, text);
                file.raw = Some(bytes);
                file
            }
        }
    }

    pub fn line_index(&self) -> &LineIndex {
        &self.line_index
    }

    /// The directory imports are resolved against.
    pub fn directory(&self) -> PathBuf {
        let p = std::path::Path::new(&self.path);
        match p.parent() {
            Some(d) if !d.as_os_str().is_empty() && self.path != "<stdin>" => d.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    fn parse(&self) -> alloy_syntax::Parse {
        let mut parse = match &self.raw {
            Some(bytes) => alloy_syntax::parse_bytes(bytes),
            None => alloy_syntax::parse(&self.text),
        };
        // A top-level block whose header is a syntax error names no component: the error
        // explains it. (validate.rs has no arm for it yet.)
        parse
            .file
            .body
            .retain(|s| !matches!(s, alloy_syntax::ast::Stmt::Block(b) if b.name_missing()));
        parse
    }
}

/// A block's dotted name without allocating for the common one-part case.
pub(crate) fn block_name(block: &alloy_syntax::ast::Block) -> std::borrow::Cow<'_, str> {
    match &*block.name {
        [one] => std::borrow::Cow::Borrowed(one.name.as_str()),
        _ => std::borrow::Cow::Owned(block.full_name()),
    }
}

fn lossy_same_length(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                return out;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                out.push_str(std::str::from_utf8(&rest[..valid]).unwrap_or_default());
                let bad = e.error_len().unwrap_or(rest.len() - valid);
                out.extend(std::iter::repeat_n('?', bad));
                rest = &rest[valid + bad..];
            }
        }
    }
}

/// A diagnostic and the file (index into [`LintReport::files`]) it is about.
#[derive(Clone, Debug)]
pub struct Finding {
    pub file: usize,
    pub diagnostic: Diagnostic,
}

/// Everything one run found. `files` starts with the config's own files, followed by the
/// modules that `import.file` pulled in.
#[derive(Clone, Debug)]
pub struct LintReport {
    pub files: Vec<SourceFile>,
    pub findings: Vec<Finding>,
}

impl LintReport {
    pub fn error_count(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.diagnostic.severity == Severity::Error)
            .count()
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }
}

/// Validates one config made of `files` (a single file, or every `*.alloy` file of a
/// directory). Findings are sorted by file and position.
pub fn lint_config(files: Vec<SourceFile>, options: &LintOptions) -> LintReport {
    validate::run(files, options)
}

/// Validates a single text (tests, editors, stdin).
pub fn lint_text(path: &str, text: &str, options: &LintOptions) -> LintReport {
    lint_config(vec![SourceFile::new(path, text)], options)
}
