//! Files come through a [`SourceProvider`] (path -> text), so an editor's unsaved buffers can
//! stand in for the files on disk. This module and the provider are the only places the
//! semantic layer does I/O.

use alloy_diagnostics::LineIndex;
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the text of a path comes from.
pub trait SourceProvider {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    fn is_dir(&self, path: &Path) -> bool;
    /// The entries of a directory (files and directories), in any order.
    fn read_dir(&self, path: &Path) -> io::Result<Vec<PathBuf>>;
    /// A spelling-independent name for `path`, so a module reached as `./lib.alloy` and
    /// `a/../lib.alloy` is read once. `None` when it does not exist.
    fn canonicalize(&self, path: &Path) -> Option<PathBuf>;
}

/// The real file system.
#[derive(Clone, Copy, Debug, Default)]
pub struct FileSystem;

impl SourceProvider for FileSystem {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }
    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }
    fn read_dir(&self, path: &Path) -> io::Result<Vec<PathBuf>> {
        std::fs::read_dir(path)?
            .map(|entry| entry.map(|e| e.path()))
            .collect()
    }
    fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
        std::fs::canonicalize(path).ok()
    }
}

/// Texts held in memory (an editor's open buffers) in front of another provider: a path in
/// the overlay is read from it, everything else from `base`.
pub struct Overlay<'p> {
    texts: HashMap<PathBuf, String>,
    base: &'p dyn SourceProvider,
}

impl<'p> Overlay<'p> {
    pub fn new(base: &'p dyn SourceProvider) -> Overlay<'p> {
        Overlay {
            texts: HashMap::new(),
            base,
        }
    }
    /// Makes `path` read as `text` (an absolute path, as an editor's document URI gives).
    pub fn insert(&mut self, path: impl Into<PathBuf>, text: impl Into<String>) {
        self.texts.insert(normalize(&path.into()), text.into());
    }
    fn get(&self, path: &Path) -> Option<&String> {
        self.texts.get(&normalize(path))
    }
}

impl SourceProvider for Overlay<'_> {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        match self.get(path) {
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => self.base.read(path),
        }
    }
    fn is_dir(&self, path: &Path) -> bool {
        let dir = normalize(path);
        self.base.is_dir(path) || self.texts.keys().any(|p| p.parent() == Some(&dir))
    }
    fn read_dir(&self, path: &Path) -> io::Result<Vec<PathBuf>> {
        let dir = normalize(path);
        let mut entries = match self.base.read_dir(path) {
            Ok(entries) => entries,
            Err(e) if !self.texts.keys().any(|p| p.parent() == Some(&dir)) => return Err(e),
            Err(_) => Vec::new(),
        };
        for p in self.texts.keys() {
            if p.parent() == Some(&dir) && !entries.iter().any(|e| normalize(e) == *p) {
                entries.push(p.clone());
            }
        }
        Ok(entries)
    }
    fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
        match self.get(path) {
            Some(_) => Some(normalize(path)),
            None => self.base.canonicalize(path),
        }
    }
}

/// `a/./b/../c` -> `a/c`, lexically (the overlay's paths need not exist on disk).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// One file of a config.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// As shown in diagnostics.
    pub path: String,
    /// The text. Bytes that are not UTF-8 are replaced by `?` (one byte each, so offsets
    /// still match the original); the parser reports them from the original bytes. Shared
    /// with the syntax tree's strings ([`SourceFile::parse`]).
    pub text: Arc<String>,
    raw: Option<Vec<u8>>,
    line_index: LineIndex,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let text = Arc::new(text.into());
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
                let (text, _) = alloy_syntax::replace_invalid_utf8(&bytes);
                let mut file = SourceFile::new(path, text);
                file.raw = Some(bytes);
                file
            }
        }
    }

    pub fn line_index(&self) -> &LineIndex {
        &self.line_index
    }

    /// The file as renderers take it ([`alloy_diagnostics::render_human_in`]).
    pub fn view(&self) -> alloy_diagnostics::SourceView<'_> {
        alloy_diagnostics::SourceView {
            path: &self.path,
            text: &self.text,
            index: &self.line_index,
        }
    }

    /// The directory imports are resolved against.
    pub fn directory(&self) -> PathBuf {
        let p = Path::new(&self.path);
        match p.parent() {
            Some(d) if !d.as_os_str().is_empty() && self.path != "<stdin>" => d.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    /// Parses the file (from its original bytes, so invalid UTF-8 is reported where it is).
    pub fn parse(&self) -> alloy_syntax::Parse {
        match &self.raw {
            Some(bytes) => alloy_syntax::parse_bytes(bytes),
            None => alloy_syntax::parse_shared(&self.text),
        }
    }
}

/// The files of the config at `path`: the file itself, or the directory's `*.alloy` files
/// (not recursive) in name order, as `alloy run DIR` loads them.
pub fn load_config_path(provider: &dyn SourceProvider, path: &Path) -> io::Result<Vec<SourceFile>> {
    if provider.is_dir(path) {
        let mut files: Vec<PathBuf> = provider
            .read_dir(path)?
            .into_iter()
            .filter(|p| !provider.is_dir(p) && p.extension().is_some_and(|e| e == "alloy"))
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|p| read_source(provider, &p))
            .collect()
    } else {
        Ok(vec![read_source(provider, path)?])
    }
}

/// Reads one file. Invalid UTF-8 is kept (lossily) so the parser can point at it.
pub fn read_source(provider: &dyn SourceProvider, path: &Path) -> io::Result<SourceFile> {
    let bytes = provider.read(path)?;
    Ok(SourceFile::from_bytes(path.display().to_string(), bytes))
}
