//! `docs/rules/` is generated from the rule registry: one page per rule and an index. This
//! test fails when a page is missing, stale or left over; `UPDATE_RULE_DOCS=1` rewrites them.

use alloy_lint::registry;
use std::path::{Path, PathBuf};

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules")
}

#[test]
fn rule_pages_match_the_registry() {
    let dir = rules_dir();
    let mut expected: Vec<(String, String)> = registry::all()
        .iter()
        .map(|rule| (format!("{}.md", rule.name), registry::rule_page(rule)))
        .collect();
    expected.push(("README.md".to_string(), registry::index_page()));
    let update = std::env::var_os("UPDATE_RULE_DOCS").is_some();
    if update {
        std::fs::create_dir_all(&dir).expect("create docs/rules");
    }
    let mut stale = Vec::new();
    for (name, text) in &expected {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        if update {
            std::fs::write(&path, text).expect("write rule page");
        } else {
            stale.push(name.clone());
        }
    }
    let mut orphans = Vec::new();
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !expected.iter().any(|(n, _)| *n == name) {
            if update {
                std::fs::remove_file(entry.path()).expect("remove old rule page");
            } else {
                orphans.push(name);
            }
        }
    }
    assert!(
        stale.is_empty() && orphans.is_empty(),
        "docs/rules is out of date (stale or missing: {stale:?}; no such rule: {orphans:?}): \
         run UPDATE_RULE_DOCS=1 cargo test -p alloylint --test rule_docs"
    );
}
