//! alloylint's validator: checks a Grafana Alloy configuration against the component schemas
//! (`alloy-schema`), resolves references between components, follows modules (`declare`,
//! `import.file`, `foreach`) and reports every problem as an [`alloy_diagnostics::Diagnostic`]
//! built from one of the rules in [`codes`] (every rule of every crate: [`registry`]).
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
pub mod config;
mod custom;
mod regex_rules;
pub mod registry;
pub mod rules;
mod schema_rules;
mod stdlib;
mod strlit;
mod suggest;
mod suppress;
mod types;
mod validate;

/// The host model `unsafe-path-permissions` checks paths on, shared with the runtime.
pub use alloy_runtime::host;
pub use alloy_runtime::host::HostCheck;
pub use alloy_semantic::{FileSystem, Overlay, SourceFile, SourceProvider};
pub use config::{ConfigError, ConfigFile, RuleSettings};
pub use suggest::{closest, edit_distance};

use alloy_diagnostics::{Diagnostic, Severity};

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
    /// Read the files named by `import.file` (relative to the importing file, through the
    /// source provider) and check uses of their declarations. Off, imported modules are trusted.
    pub follow_imports: bool,
    /// Which rules run, at which severity (`.alloylint.toml`, `--select`, `--ignore`).
    pub rules: RuleSettings,
    /// Where and as whom `unsafe-path-permissions` checks the paths the config reads; `None`
    /// leaves the file system alone (the command line sets it: `/` and `alloy` by default).
    pub host: Option<HostCheck>,
    /// Label names `high-cardinality-label` treats as unbounded, besides its own list.
    pub high_cardinality_labels: Vec<String>,
}

pub(crate) use alloy_semantic::block_name;

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
    lint_config_with(files, &FileSystem, options)
}

/// [`lint_config`] with imported modules read through `provider` (an editor's unsaved
/// buffers in an [`Overlay`] over the file system, or files that exist only in memory).
pub fn lint_config_with(
    files: Vec<SourceFile>,
    provider: &dyn SourceProvider,
    options: &LintOptions,
) -> LintReport {
    let provider = options.follow_imports.then_some(provider);
    validate::run(alloy_semantic::Sources::load(files, provider), options)
}

/// The files of the config at `path` on disk: the file, or a directory's `*.alloy` files.
pub fn load_config_path(path: &std::path::Path) -> std::io::Result<Vec<SourceFile>> {
    alloy_semantic::load_config_path(&FileSystem, path)
}

/// Reads one file from disk (invalid UTF-8 kept, lossily, so the parser can point at it).
pub fn read_source(path: &std::path::Path) -> std::io::Result<SourceFile> {
    alloy_semantic::read_source(&FileSystem, path)
}

/// Validates a single text (tests, editors, stdin).
pub fn lint_text(path: &str, text: &str, options: &LintOptions) -> LintReport {
    lint_config(vec![SourceFile::new(path, text)], options)
}
