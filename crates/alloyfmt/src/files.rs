//! Turns command-line paths into the list of files to format.

use std::path::{Path, PathBuf};

/// File extensions formatted when a directory is given.
const EXTENSIONS: [&str; 2] = ["alloy", "river"];

/// A path given on the command line that could not be used.
pub struct PathError {
    pub path: PathBuf,
    pub message: String,
}

/// Expands `paths`: files are taken as given, directories are searched recursively for `*.alloy`
/// and `*.river`, skipping hidden directories and what `.gitignore`/`.ignore` files exclude.
/// The result is sorted and free of duplicates, so reports come in a stable order.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk_directory(path, &mut files, &mut errors),
            Ok(_) => files.push(path.clone()),
            Err(e) => errors.push(PathError {
                path: path.clone(),
                message: e.to_string(),
            }),
        }
    }
    files.sort();
    files.dedup();
    (files, errors)
}

fn walk_directory(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<PathError>) {
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(true)
        .require_git(false)
        .follow_links(false)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && has_config_extension(entry.path()) {
                    files.push(entry.into_path());
                }
            }
            Err(e) => errors.push(PathError {
                path: dir.to_path_buf(),
                message: e.to_string(),
            }),
        }
    }
}

fn has_config_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e))
}
