//! Loading a config and the modules it imports: `import.file` read (through the
//! [`SourceProvider`]) relative to the importing file, a directory being one module made of its
//! `*.alloy` files; `import.string` parsed from its literal; other imports stay opaque.

use crate::source::{load_config_path, SourceFile, SourceProvider};
use crate::strings::literal_string_attr;
use alloy_diagnostics::{Diagnostic, Span};
use alloy_schema::placement::IMPORT_BLOCKS;
use alloy_syntax::ast::{Attribute, Block, File, Stmt};
use alloy_syntax::visit::{walk_block, walk_body, Visitor};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Index into [`Sources::files`].
pub type FileId = usize;

/// What an `import.*` block brought in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportTarget {
    /// The module's files.
    Files(Vec<FileId>),
    /// Not read: remote, a computed filename, or imports not followed. Uses of its
    /// declarations cannot be checked.
    Opaque,
    /// The module could not be read: `filename` is where the path was given.
    Unreadable {
        name: String,
        error: String,
        filename: Span,
    },
}

/// Every file of a config and of the modules it imports, parsed.
#[derive(Clone, Debug)]
pub struct Sources {
    /// The config's own files first (`root_count` of them), then imported modules.
    pub files: Vec<SourceFile>,
    pub asts: Vec<File>,
    /// The parser's diagnostics for each file.
    pub parse_diagnostics: Vec<Vec<Diagnostic>>,
    pub root_count: usize,
    /// Keyed by (file, start of the import block).
    pub imports: HashMap<(FileId, u32), ImportTarget>,
    /// Canonical path of each file, so a module reached through different spellings or
    /// importing itself is read once.
    canonical: Vec<Option<PathBuf>>,
}

/// More files than any real config imports: stops runaway import chains.
const MAX_FILES: usize = 10_000;

impl Sources {
    /// Parses `files` (one config). With a provider, `import.file` modules are read through it
    /// (transitively); without one, every import is opaque.
    pub fn load(files: Vec<SourceFile>, provider: Option<&dyn SourceProvider>) -> Sources {
        let canonical = files
            .iter()
            .map(|f| provider.and_then(|p| p.canonicalize(Path::new(&f.path))))
            .collect();
        let mut sources = Sources {
            root_count: files.len(),
            files,
            asts: Vec::new(),
            parse_diagnostics: Vec::new(),
            imports: HashMap::new(),
            canonical,
        };
        for i in 0..sources.root_count {
            sources.parse_file(i);
        }
        match provider {
            Some(provider) => {
                let mut next = 0;
                while next < sources.asts.len() {
                    sources.resolve_imports_of(next, provider);
                    next += 1;
                }
            }
            None => {
                for (f, ast) in sources.asts.iter().enumerate() {
                    visit_import_blocks(&ast.body, &mut |b| {
                        sources
                            .imports
                            .insert((f, b.span().start), ImportTarget::Opaque);
                    });
                }
            }
        }
        sources
    }

    /// What the import block at `block` of `file` brought in.
    pub fn import(&self, file: FileId, block: &Block) -> &ImportTarget {
        self.imports
            .get(&(file, block.span().start))
            .unwrap_or(&ImportTarget::Opaque)
    }

    fn parse_file(&mut self, index: FileId) {
        let parse = self.files[index].parse();
        self.parse_diagnostics.push(parse.diagnostics);
        self.asts.push(parse.file);
    }

    fn push_file(&mut self, file: SourceFile, canonical: Option<PathBuf>) -> FileId {
        self.files.push(file);
        self.canonical.push(canonical);
        let index = self.files.len() - 1;
        self.parse_file(index);
        index
    }

    fn resolve_imports_of(&mut self, file: FileId, provider: &dyn SourceProvider) {
        enum Source {
            File(String, Span),
            Text(String, String),
            Opaque,
        }
        let mut found: Vec<(u32, Source)> = Vec::new();
        visit_import_blocks(&self.asts[file].body, &mut |b| {
            let source = match b.full_name().as_str() {
                "import.file" => literal_string_attr(b, "filename")
                    .map_or(Source::Opaque, |(name, span)| Source::File(name, span)),
                "import.string" => literal_string_attr(b, "content")
                    .map_or(Source::Opaque, |(text, _)| {
                        Source::Text(b.label_value().unwrap_or_default().to_string(), text)
                    }),
                _ => Source::Opaque,
            };
            found.push((b.span().start, source));
        });
        let dir = self.files[file].directory();
        for (start, source) in found {
            let target = match source {
                Source::File(name, span) => self.load_module(&dir, &name, span, provider),
                Source::Text(label, text) if self.files.len() < MAX_FILES => {
                    // The module's text is the string's value: a file of its own for diagnostics.
                    let path = format!("{} (import.string \"{label}\")", self.files[file].path);
                    ImportTarget::Files(vec![self.push_file(SourceFile::new(path, text), None)])
                }
                _ => ImportTarget::Opaque,
            };
            self.imports.insert((file, start), target);
        }
    }

    fn load_module(
        &mut self,
        dir: &Path,
        name: &str,
        filename: Span,
        provider: &dyn SourceProvider,
    ) -> ImportTarget {
        let path = if Path::new(name).is_absolute() {
            PathBuf::from(name)
        } else {
            dir.join(name)
        };
        match load_config_path(provider, &path) {
            Ok(sources) => {
                let mut ids = Vec::new();
                for source in sources {
                    let canonical = provider.canonicalize(Path::new(&source.path));
                    let existing = self.files.iter().zip(&self.canonical).position(|(f, c)| {
                        f.path == source.path || (canonical.is_some() && *c == canonical)
                    });
                    if let Some(existing) = existing {
                        ids.push(existing);
                        continue;
                    }
                    if self.files.len() >= MAX_FILES {
                        return ImportTarget::Opaque;
                    }
                    ids.push(self.push_file(source, canonical));
                }
                ImportTarget::Files(ids)
            }
            Err(e) => ImportTarget::Unreadable {
                name: name.to_string(),
                error: e.to_string(),
                filename,
            },
        }
    }
}

/// Calls `f` on every import block of `body`, those inside `declare` blocks (modules of
/// their own) included.
pub(crate) fn visit_import_blocks<'a>(body: &'a [Stmt], f: &mut impl FnMut(&'a Block)) {
    walk_body(&mut ImportBlocks { f }, body);
}

struct ImportBlocks<'f, F> {
    f: &'f mut F,
}

impl<'a, F: FnMut(&'a Block)> Visitor<'a> for ImportBlocks<'_, F> {
    fn visit_block(&mut self, block: &'a Block) {
        let name = block.full_name();
        if IMPORT_BLOCKS.contains(&name.as_str()) {
            (self.f)(block);
        } else if name == "declare" {
            walk_block(self, block);
        }
    }
    // Attributes hold no blocks.
    fn visit_attribute(&mut self, _: &'a Attribute) {}
}
