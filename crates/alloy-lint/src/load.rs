//! Reading configs from disk: a file, or a directory whose `*.alloy` files together make one
//! config (as `alloy run DIR` loads it).

use crate::SourceFile;
use std::io;
use std::path::Path;

/// The files of the config at `path`: the file itself, or the directory's `*.alloy` files
/// (not recursive) in name order.
pub fn load_config_path(path: &Path) -> io::Result<Vec<SourceFile>> {
    if path.is_dir() {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(path)? {
            let p = entry?.path();
            if p.is_file() && p.extension().is_some_and(|e| e == "alloy") {
                files.push(p);
            }
        }
        files.sort();
        files
            .into_iter()
            .map(|p| read_source(&p))
            .collect::<io::Result<Vec<_>>>()
    } else {
        Ok(vec![read_source(path)?])
    }
}

/// Reads one file. Invalid UTF-8 is kept (lossily) so the parser can point at it.
pub fn read_source(path: &Path) -> io::Result<SourceFile> {
    let bytes = std::fs::read(path)?;
    Ok(SourceFile::from_bytes(path.display().to_string(), bytes))
}
