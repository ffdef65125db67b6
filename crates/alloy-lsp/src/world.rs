//! The server's view of the files: open documents (the editor's unsaved text, updated by
//! incremental changes), which config each belongs to, and the config's `Sources` read through
//! an `Overlay` of the open documents over the file system.

use crate::text::{Encoding, Lines};
use alloy_diagnostics::LineIndex;
use alloy_lint::{LintOptions, LintReport};
use alloy_semantic::{FileId, FileSystem, Overlay, SourceFile, SourceProvider, Sources};
use lsp_types::{TextDocumentContentChangeEvent, Url};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// What a config is made of, as `alloy run` takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ConfigMode {
    /// A `.alloy` file is one file of its directory's config (every `*.alloy` file there), as
    /// `alloy run DIR` loads it; `.river` and other files are configs of their own.
    #[default]
    Directory,
    /// Every file is a config of its own.
    File,
}

/// Settings from `initializationOptions`.
#[derive(Clone, Debug)]
pub struct Options {
    pub config_mode: ConfigMode,
    /// How long diagnostics wait for more changes before the config is checked again.
    pub diagnostics_delay: std::time::Duration,
    /// Where a rule's page is: the diagnostic code and `.md` are appended.
    pub rules_base_url: Option<String>,
    pub lint: alloy_lint::LintOptions,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            config_mode: ConfigMode::Directory,
            diagnostics_delay: std::time::Duration::from_millis(
                crate::DEFAULT_DIAGNOSTICS_DELAY_MS,
            ),
            rules_base_url: default_rules_url(),
            lint: alloy_lint::LintOptions {
                follow_imports: true,
                ..Default::default()
            },
        }
    }
}

/// The rule pages of the source tree the server was built from (`docs/rules/`), when they are
/// still there.
fn default_rules_url() -> Option<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules");
    let dir = std::fs::canonicalize(dir).ok()?;
    let url = Url::from_directory_path(dir).ok()?;
    Some(url.to_string())
}

impl Options {
    pub fn from_json(value: Option<&serde_json::Value>) -> Options {
        let mut options = Options::default();
        let Some(value) = value else {
            return options;
        };
        if let Some(mode) = value.get("configMode").and_then(|v| v.as_str()) {
            options.config_mode = match mode {
                "file" => ConfigMode::File,
                _ => ConfigMode::Directory,
            };
        }
        if let Some(ms) = value.get("diagnosticsDelayMs").and_then(|v| v.as_u64()) {
            options.diagnostics_delay = std::time::Duration::from_millis(ms.min(10_000));
        }
        if let Some(url) = value.get("rulesBaseUrl").and_then(|v| v.as_str()) {
            let mut url = url.to_string();
            if !url.ends_with('/') {
                url.push('/');
            }
            options.rules_base_url = Some(url);
        }
        if let Some(level) = value
            .get("stabilityLevel")
            .and_then(|v| v.as_str())
            .and_then(alloy_lint::StabilityLevel::parse)
        {
            options.lint.stability = level;
        }
        if let Some(b) = value.get("communityComponents").and_then(|v| v.as_bool()) {
            options.lint.community_components = b;
        }
        options
    }
}

/// An open document.
pub struct Document {
    pub uri: Url,
    pub path: PathBuf,
    pub version: i32,
    pub text: String,
    pub index: LineIndex,
}

impl Document {
    pub fn new(uri: Url, version: i32, text: String) -> Document {
        let path = uri_path(&uri);
        let index = LineIndex::new(&text);
        Document {
            uri,
            path,
            version,
            text,
            index,
        }
    }

    pub fn lines(&self, encoding: Encoding) -> Lines<'_> {
        Lines {
            text: &self.text,
            index: &self.index,
            encoding,
        }
    }

    /// Applies the changes of one `didChange`, in order (each range is in the text as the
    /// changes before it left it).
    pub fn apply(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        enc: Encoding,
    ) {
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let span = self.lines(enc).span(range);
                    self.text.replace_range(span.range(), &change.text);
                }
            }
            self.index = LineIndex::new(&self.text);
        }
        self.version = version;
    }
}

/// The path a document URI names; URIs that are not files (`untitled:`) get a path of their
/// own that no file on disk has.
pub fn uri_path(uri: &Url) -> PathBuf {
    match uri.to_file_path() {
        Ok(p) => p,
        Err(()) => PathBuf::from(format!("/{}:{}", uri.scheme(), uri.path())),
    }
}

/// The URI of a file of a config, unless it is not a file (a module read from an
/// `import.string` literal).
pub fn file_uri(path: &str) -> Option<Url> {
    if path.ends_with("\")") && path.contains(" (import.string \"") {
        return None;
    }
    Url::from_file_path(path).ok()
}

/// Which config a file belongs to: its directory or the file itself.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConfigKey(pub PathBuf);

pub fn config_of(path: &Path, mode: ConfigMode) -> ConfigKey {
    let is_alloy = path.extension().is_some_and(|e| e == "alloy");
    match (mode, path.parent()) {
        (ConfigMode::Directory, Some(dir)) if is_alloy && !dir.as_os_str().is_empty() => {
            ConfigKey(dir.to_path_buf())
        }
        _ => ConfigKey(path.to_path_buf()),
    }
}

/// The open documents as an overlay over the file system.
pub fn overlay<'d>(docs: impl Iterator<Item = (&'d Path, &'d str)>) -> Overlay<'static> {
    let mut overlay = Overlay::new(&FileSystem);
    for (path, text) in docs {
        overlay.insert(path, text);
    }
    overlay
}

/// The root files of a config (the directory's `*.alloy` files, or the one file).
pub fn config_files(provider: &dyn SourceProvider, key: &ConfigKey) -> Vec<SourceFile> {
    alloy_semantic::load_config_path(provider, &key.0).unwrap_or_default()
}

/// The config's files and imported modules, parsed.
pub fn load_sources(provider: &dyn SourceProvider, key: &ConfigKey, follow: bool) -> Sources {
    let files = config_files(provider, key);
    Sources::load(files, follow.then_some(provider))
}

/// alloylint's check of the config `key` read through `provider`: what diagnostics publish
/// and code actions offer.
pub fn lint(provider: &dyn SourceProvider, key: &ConfigKey, options: &LintOptions) -> LintReport {
    alloy_lint::lint_config_with(config_files(provider, key), provider, options)
}

/// The file of `sources` at `path`.
pub fn file_id(sources: &Sources, path: &Path) -> Option<FileId> {
    sources
        .files
        .iter()
        .position(|f| Path::new(&f.path) == path)
}

/// Conversions for one file of a config.
pub fn file_lines(file: &SourceFile, encoding: Encoding) -> Lines<'_> {
    Lines {
        text: &file.text,
        index: file.line_index(),
        encoding,
    }
}

/// All open documents by URI, with the sources of their configs and their lint reports cached
/// until the next change.
#[derive(Default)]
pub struct World {
    pub docs: HashMap<Url, Document>,
    pub options: Options,
    pub encoding_utf8: bool,
    /// Folders the client opened (for workspace symbols).
    pub roots: Vec<PathBuf>,
    /// Counts changes (of a document, or of files on disk): what was computed from an older
    /// generation is stale.
    generation: u64,
    cache: HashMap<ConfigKey, Rc<Sources>>,
    reports: HashMap<ConfigKey, Rc<LintReport>>,
}

impl World {
    pub fn encoding(&self) -> Encoding {
        if self.encoding_utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    /// Forgets every cached config (a document or a file on disk changed).
    pub fn invalidate(&mut self) {
        self.generation += 1;
        self.cache.clear();
        self.reports.clear();
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn overlay(&self) -> Overlay<'static> {
        overlay(
            self.docs
                .values()
                .map(|d| (d.path.as_path(), d.text.as_str())),
        )
    }

    pub fn config_of(&self, path: &Path) -> ConfigKey {
        config_of(path, self.options.config_mode)
    }

    /// The parsed config `key`, from the cache or read now.
    pub fn sources(&mut self, key: &ConfigKey) -> Rc<Sources> {
        if let Some(s) = self.cache.get(key) {
            return s.clone();
        }
        let overlay = self.overlay();
        let sources = Rc::new(load_sources(
            &overlay,
            key,
            self.options.lint.follow_imports,
        ));
        self.cache.insert(key.clone(), sources.clone());
        sources
    }

    /// alloylint's report on the config `key`: the diagnostics worker's, when it checked the
    /// current generation, or checked now (code actions need the fixes).
    pub fn report(&mut self, key: &ConfigKey) -> Rc<LintReport> {
        if let Some(r) = self.reports.get(key) {
            return r.clone();
        }
        let report = Rc::new(lint(&self.overlay(), key, &self.options.lint));
        self.reports.insert(key.clone(), report.clone());
        report
    }

    /// Keeps the worker's `report` on `key` if nothing changed since the job read the texts.
    pub fn offer_report(&mut self, key: ConfigKey, generation: u64, report: LintReport) {
        if generation == self.generation {
            self.reports.insert(key, Rc::new(report));
        }
    }
}
