//! Snapshot tests: every config under `fixtures/lint/` (a `.alloy` file, or a directory that is
//! one config made of its `*.alloy` files) with the exact diagnostics alloylint gives for it,
//! in the one-line form and as rendered for people. Snapshots live in
//! `fixtures/lint/snapshots/`.
//!
//! A fixture may start with `// options: stability=LEVEL community` to set lint options.

use alloy_diagnostics::{render_human, render_short, RenderOptions};
use alloy_lint::{lint_config, load_config_path, LintOptions, StabilityLevel};
use std::path::{Path, PathBuf};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/lint")
}

fn options_for(first_file_text: &str) -> LintOptions {
    let mut options = LintOptions {
        follow_imports: true,
        ..LintOptions::default()
    };
    if let Some(line) = first_file_text.lines().next() {
        if let Some(opts) = line.strip_prefix("// options:") {
            for opt in opts.split_whitespace() {
                if let Some(level) = opt.strip_prefix("stability=") {
                    options.stability = StabilityLevel::parse(level).expect("stability level");
                } else if opt == "community" {
                    options.community_components = true;
                }
            }
        }
    }
    options
}

fn render(path: &Path) -> String {
    let files = load_config_path(path).expect("fixture readable");
    let options = options_for(files.first().map_or("", |f| f.text.as_str()));
    let report = lint_config(files, &options);
    let root = fixtures_dir();
    let root = root.to_string_lossy();
    let mut short = String::new();
    let mut human = String::new();
    for f in &report.findings {
        let file = &report.files[f.file];
        let shown = file.path.replace(root.as_ref(), "fixtures/lint");
        short.push_str(&render_short(
            &shown,
            &file.text,
            file.line_index(),
            &f.diagnostic,
        ));
        short.push('\n');
        human.push_str(&render_human(
            &shown,
            &file.text,
            file.line_index(),
            &f.diagnostic,
            RenderOptions { color: false },
        ));
        human.push('\n');
    }
    if report.findings.is_empty() {
        short.push_str("(no diagnostics)\n");
    }
    // Paths in messages (unreadable imports) are shown relative to the repository.
    format!("{short}\n{human}").replace(root.as_ref(), "fixtures/lint")
}

#[test]
fn fixtures_match_snapshots() {
    let dir = fixtures_dir();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/lint exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "alloy")
                || (p.is_dir() && p.file_name().is_some_and(|n| n != "snapshots"))
        })
        .collect();
    entries.sort();
    assert!(entries.len() >= 120, "only {} fixtures", entries.len());
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(dir.join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for path in &entries {
            let name = path
                .file_stem()
                .and_then(|n| n.to_str())
                .expect("fixture name")
                .to_string();
            insta::assert_snapshot!(name, render(path));
        }
    });
}

/// Every code alloylint can emit is exercised by at least one fixture.
#[test]
fn fixtures_cover_every_code() {
    let snapshots = fixtures_dir().join("snapshots");
    let mut all = String::new();
    for entry in std::fs::read_dir(&snapshots).expect("snapshots exist") {
        let path = entry.expect("entry").path();
        all.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
    }
    let missing: Vec<&str> = alloy_lint::codes::ALL
        .iter()
        .map(|(code, _)| *code)
        .filter(|code| !all.contains(&format!("[{code}]")))
        .collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
}

/// A renamed or deleted fixture must not leave its snapshot behind.
#[test]
fn every_snapshot_has_a_fixture() {
    let dir = fixtures_dir();
    let mut orphans = Vec::new();
    for entry in std::fs::read_dir(dir.join("snapshots")).expect("snapshots exist") {
        let path = entry.expect("entry").path();
        let Some(stem) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".snap"))
        else {
            orphans.push(path.display().to_string());
            continue;
        };
        if !dir.join(format!("{stem}.alloy")).is_file() && !dir.join(stem).is_dir() {
            orphans.push(stem.to_string());
        }
    }
    assert!(
        orphans.is_empty(),
        "snapshots without a fixture: {orphans:?}"
    );
}
