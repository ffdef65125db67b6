//! Loading the modules a config imports: `import.file` read relative to the importing file
//! (a directory is one module made of its `*.alloy` files); other imports stay opaque.

use crate::codes;
use crate::strlit::DecodedString;
use crate::{Finding, SourceFile};
use alloy_diagnostics::Span;
use alloy_syntax::ast::{Block, Expr, ExprKind, File, Stmt};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub(crate) const IMPORT_BLOCKS: &[&str] =
    &["import.file", "import.string", "import.http", "import.git"];

/// What an `import.*` block brought in.
#[derive(Clone, Debug)]
pub(crate) enum ImportTarget {
    /// The module files (indexes into the file list).
    Files(Vec<usize>),
    /// Not read (remote, computed filename, unreadable, or imports not followed): uses of
    /// its declarations are not checked.
    Unknown,
}

pub(crate) struct Loaded {
    pub(crate) files: Vec<SourceFile>,
    pub(crate) asts: Vec<File>,
    /// Keyed by (file, start of the import block).
    pub(crate) imports: HashMap<(usize, u32), ImportTarget>,
    pub(crate) findings: Vec<Finding>,
    /// Canonical path of each file, so a module reached through different spellings
    /// (`./lib.alloy`, `a/../lib.alloy`) or importing itself is read once.
    canonical: Vec<Option<PathBuf>>,
}

/// More files than any real config imports: stops runaway import chains.
const MAX_FILES: usize = 10_000;

impl Loaded {
    pub(crate) fn new(files: Vec<SourceFile>) -> Loaded {
        let canonical = files
            .iter()
            .map(|f| std::fs::canonicalize(&f.path).ok())
            .collect();
        Loaded {
            files,
            asts: Vec::new(),
            imports: HashMap::new(),
            findings: Vec::new(),
            canonical,
        }
    }

    pub(crate) fn parse_file(&mut self, index: usize) {
        let parse = self.files[index].parse();
        for d in parse.diagnostics {
            self.findings.push(Finding {
                file: index,
                diagnostic: d,
            });
        }
        self.asts.push(parse.file);
    }

    pub(crate) fn mark_imports_unresolved(&mut self) {
        for (f, ast) in self.asts.iter().enumerate() {
            visit_import_blocks(&ast.body, &mut |b| {
                self.imports
                    .insert((f, b.span.start), ImportTarget::Unknown);
            });
        }
    }

    pub(crate) fn resolve_imports_of(&mut self, file: usize) {
        enum Source {
            File(String, Span),
            Text(String, String),
            Opaque,
        }
        let mut found: Vec<(u32, Source)> = Vec::new();
        visit_import_blocks(&self.asts[file].body, &mut |b| {
            let source = match crate::block_name(b).as_ref() {
                "import.file" => literal_string_attr(b, "filename")
                    .map_or(Source::Opaque, |(name, span)| Source::File(name, span)),
                "import.string" => literal_string_attr(b, "content")
                    .map_or(Source::Opaque, |(text, _)| {
                        Source::Text(b.label_value().unwrap_or_default().to_string(), text)
                    }),
                _ => Source::Opaque,
            };
            found.push((b.span.start, source));
        });
        let dir = self.files[file].directory();
        for (start, source) in found {
            let target = match source {
                Source::File(name, span) => self.load_module(file, &dir, &name, span),
                Source::Text(label, text) if self.files.len() < MAX_FILES => {
                    // The module's text is the string's value: a file of its own for diagnostics.
                    let path = format!("{} (import.string \"{label}\")", self.files[file].path);
                    self.files.push(SourceFile::new(path, text));
                    self.canonical.push(None);
                    let index = self.files.len() - 1;
                    self.parse_file(index);
                    ImportTarget::Files(vec![index])
                }
                _ => ImportTarget::Unknown,
            };
            self.imports.insert((file, start), target);
        }
    }

    pub(crate) fn load_module(
        &mut self,
        from: usize,
        dir: &Path,
        name: &str,
        span: Span,
    ) -> ImportTarget {
        let path = if Path::new(name).is_absolute() {
            PathBuf::from(name)
        } else {
            dir.join(name)
        };
        match crate::load::load_config_path(&path) {
            Ok(sources) => {
                let mut ids = Vec::new();
                for source in sources {
                    let canonical = std::fs::canonicalize(&source.path).ok();
                    let existing = self.files.iter().zip(&self.canonical).position(|(f, c)| {
                        f.path == source.path || (canonical.is_some() && *c == canonical)
                    });
                    if let Some(existing) = existing {
                        ids.push(existing);
                        continue;
                    }
                    if self.files.len() >= MAX_FILES {
                        return ImportTarget::Unknown;
                    }
                    self.canonical.push(canonical);
                    self.files.push(source);
                    let index = self.files.len() - 1;
                    self.parse_file(index);
                    ids.push(index);
                }
                ImportTarget::Files(ids)
            }
            Err(e) => {
                self.findings.push(Finding {
                    file: from,
                    diagnostic: codes::UNRESOLVED_IMPORT.diagnostic(format!("cannot read module \"{name}\": {e}"))
                    .with_primary(span, "imported here")
                    .with_help(
                        "the path is resolved relative to the directory of the importing file; \
                         until it can be read, uses of its declarations are not checked",
                    ),
                });
                ImportTarget::Unknown
            }
        }
    }
}

pub(crate) fn visit_import_blocks<'a>(body: &'a [Stmt], f: &mut impl FnMut(&'a Block)) {
    for stmt in body {
        if let Stmt::Block(b) = stmt {
            let name = crate::block_name(b);
            if IMPORT_BLOCKS.contains(&name.as_ref()) {
                f(b);
            } else if name == "declare" {
                visit_import_blocks(&b.body, f);
            }
        }
    }
}

pub(crate) fn literal_string_attr(block: &Block, name: &str) -> Option<(String, Span)> {
    block.body.iter().find_map(|s| match s {
        Stmt::Attribute(a) if a.name.name == name => {
            literal_string(&a.value).map(|v| (v, a.value.span))
        }
        _ => None,
    })
}

pub(crate) fn literal_string(expr: &Expr) -> Option<String> {
    match &expr.kind {
        ExprKind::String(raw) | ExprKind::RawString(raw) => {
            DecodedString::decode(raw, expr.span.start).map(|d| d.value)
        }
        _ => None,
    }
}
