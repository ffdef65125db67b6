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

/// Files at least this large are mapped into memory rather than read (on Unix).
#[cfg_attr(not(unix), allow(dead_code))]
const MAP_FROM: u64 = 1 << 20;

/// A file's content: read into memory, or, for a large file, mapped.
pub enum Contents {
    Read(Vec<u8>),
    #[cfg(unix)]
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for Contents {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Contents::Read(bytes) => bytes,
            #[cfg(unix)]
            Contents::Mapped(map) => map,
        }
    }
}

/// The content of the file at `path`. A large file is mapped, its pages populated at once:
/// reading copies every byte into memory that is zeroed and faulted in page by page, all before
/// the formatting can start, and for a 10 MB file that was the longest step done on one core.
/// Only on Unix: elsewhere a mapped file cannot be replaced, as `--write` does.
pub fn read(path: &Path) -> std::io::Result<Contents> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let metadata = file.metadata()?;
    #[cfg(unix)]
    if metadata.len() >= MAP_FROM && metadata.is_file() {
        // SAFETY: the map is read-only and lives no longer than this file's formatting. What
        // makes mapping unsafe is another process truncating or rewriting the file in place
        // meanwhile (this one would get SIGBUS, or read a mix of old and new). alloyfmt never
        // does either: `--write` renames a new file over the old one, which leaves the mapped
        // file whole.
        let map = unsafe { memmap2::MmapOptions::new().populate().map(&file)? };
        return Ok(Contents::Mapped(map));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.read_to_end(&mut bytes)?;
    Ok(Contents::Read(bytes))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_large_file_is_read_whole() {
        let path = std::env::temp_dir().join(format!("alloyfmt-read-{}.alloy", std::process::id()));
        // Larger than `MAP_FROM`, an odd length.
        let mut text = "a = \"é\"\n".repeat(150_001);
        text.push('x');
        std::fs::write(&path, &text).unwrap();
        let read = super::read(&path);
        std::fs::remove_file(&path).unwrap();
        let read = read.unwrap();
        assert!(read.len() as u64 >= super::MAP_FROM);
        assert_eq!(&*read, text.as_bytes());
    }
}
