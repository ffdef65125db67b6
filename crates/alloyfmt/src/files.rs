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

/// Files at least this large are read in two halves at once.
const READ_IN_HALVES_FROM: u64 = 1 << 20;

/// The content of the file at `path`. A large file is read in two halves on two threads: reading
/// copies every byte into memory that is faulted in page by page, all before the formatting can
/// start, so for a 10 MB file the read was the longest step done on one core.
#[cfg(unix)]
pub fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let file = std::fs::File::open(path)?;
    let metadata = file.metadata()?;
    if metadata.len() < READ_IN_HALVES_FROM || !metadata.is_file() {
        return std::fs::read(path);
    }
    let len = usize::try_from(metadata.len()).map_err(std::io::Error::other)?;
    // Zeroed memory comes from the system untouched: each half is faulted in by its reader.
    let mut bytes = vec![0u8; len];
    let (first, second) = bytes.split_at_mut(len / 2);
    let (a, b) = rayon::join(
        || file.read_exact_at(first, 0),
        || file.read_exact_at(second, (len / 2) as u64),
    );
    // A file that shrank fails above; one that grew since is read again whole.
    if a.is_err() || b.is_err() || file.read_at(&mut [0], len as u64)? != 0 {
        return std::fs::read(path);
    }
    Ok(bytes)
}

#[cfg(not(unix))]
pub fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    std::fs::read(path)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_large_file_read_in_halves_is_read_whole() {
        let path = std::env::temp_dir().join(format!("alloyfmt-read-{}.alloy", std::process::id()));
        // An odd length, and a multi-byte character across the middle.
        let mut text = "a = \"é\"\n".repeat(150_001);
        text.push('x');
        std::fs::write(&path, &text).unwrap();
        let read = super::read(&path);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(read.unwrap(), text.as_bytes());
    }
}
