//! Snapshot tests: every config under `fixtures/lint/` (a `.alloy` file, or a directory that is
//! one config made of its `*.alloy` files) with the exact diagnostics alloylint gives for it,
//! in the one-line form and as rendered for people. Snapshots live in
//! `fixtures/lint/snapshots/`.
//!
//! A fixture may start with `// options: stability=LEVEL community` to set lint options (so
//! may the examples in the rules' docs, which are checked here too).

mod common;

use alloy_lint::{lint_config, lint_text, load_config_path, registry, LintOptions, LintReport};
use std::path::{Path, PathBuf};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/lint")
}

fn options_for(first_file_text: &str) -> LintOptions {
    common::options_for(first_file_text)
}

fn render(path: &Path) -> String {
    common::render_report(&lint_fixture(path), &fixtures_dir(), "fixtures/lint")
}

/// Every fixture: a `.alloy` file, or a directory that is one config.
fn fixture_paths() -> Vec<PathBuf> {
    let dir = fixtures_dir();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/lint exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "alloy")
                || (p.is_dir()
                    && p.file_name()
                        .is_some_and(|n| n != "snapshots" && n != "rules"))
        })
        .collect();
    entries.sort();
    entries
}

fn lint_fixture(path: &Path) -> LintReport {
    let files = load_config_path(path).expect("fixture readable");
    let options = options_for(files.first().map_or("", |f| f.text.as_str()));
    lint_config(files, &options)
}

#[test]
fn fixtures_match_snapshots() {
    let dir = fixtures_dir();
    let entries = fixture_paths();
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

/// Every rule the validator can report is exercised by at least one fixture.
#[test]
fn fixtures_cover_every_code() {
    let mut all = String::new();
    // The lint rules' fixtures (`tests/rules.rs`) have their snapshots beside them.
    for dir in ["snapshots", "rules/snapshots"] {
        for entry in std::fs::read_dir(fixtures_dir().join(dir)).expect("snapshots exist") {
            let path = entry.expect("entry").path();
            all.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
        }
    }
    let missing: Vec<&str> = registry::validator_rules()
        .map(|rule| rule.name)
        .filter(|code| !all.contains(&format!("[{code}]")))
        .collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
}

/// Every diagnostic of every fixture comes from a registered rule of the validator, and its
/// fix (if any) has the applicability its rule declares.
#[test]
fn fixtures_emit_only_registered_codes_with_declared_fixes() {
    let mut problems = Vec::new();
    for path in fixture_paths() {
        for f in lint_fixture(&path).findings {
            let d = &f.diagnostic;
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            match registry::validator_rules().find(|r| r.name == d.code) {
                None => problems.push(format!("{name}: unregistered code {}", d.code)),
                Some(rule) => {
                    let fix = d.fix.as_ref().map(|f| f.applicability);
                    if fix.is_some() && fix != rule.fix {
                        problems.push(format!(
                            "{name}: {} fix is {fix:?}, the rule declares {:?}",
                            d.code, rule.fix
                        ));
                    }
                    if d.fix.as_ref().is_some_and(|f| f.title.is_empty()) {
                        problems.push(format!("{name}: {} fix has no title", d.code));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The `alloy` blocks of a section of a rule's doc: the example, then the "Use instead".
fn alloy_blocks(doc: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        match &mut current {
            None if line == "```alloy" => current = Some(String::new()),
            Some(_) if line == "```" => blocks.extend(current.take()),
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}

/// Each validator rule's doc example reports that rule, and the corrected version after
/// "Use instead:" reports nothing at all. The rules without an Alloy example are
/// `nesting-too-deep` (it needs 1000 brackets) and `unsafe-path-permissions` (it needs a
/// directory tree: `tests/path_permissions.rs`).
#[test]
fn rule_doc_examples_report_their_rule() {
    let mut problems = Vec::new();
    for rule in registry::validator_rules() {
        let blocks = alloy_blocks(&rule.doc());
        if blocks.is_empty()
            && !["nesting-too-deep", "unsafe-path-permissions"].contains(&rule.name)
        {
            problems.push(format!("{}: no alloy example", rule.name));
        }
        for (i, example) in blocks.iter().enumerate() {
            let report = lint_text("example.alloy", example, &options_for(example));
            let codes: Vec<&str> = report
                .findings
                .iter()
                .map(|f| f.diagnostic.code.as_str())
                .collect();
            if i == 0 && !codes.contains(&rule.name) {
                problems.push(format!("{}: its example reports {codes:?}", rule.name));
            }
            if i > 0 && !codes.is_empty() {
                problems.push(format!(
                    "{}: its corrected example reports {codes:?}",
                    rule.name
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
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

/// The fixes of a fixture, applied: safe ones leave a config without those findings, and the
/// did-you-mean guesses are applied only when unsafe fixes are allowed.
#[test]
fn applied_fixes_remove_their_findings() {
    let options = LintOptions::default();
    let codes = |text: &str| -> Vec<String> {
        let report = lint_text("fixed.alloy", text, &options);
        report
            .findings
            .into_iter()
            .map(|f| f.diagnostic.code)
            .collect()
    };
    let path = fixtures_dir().join("deprecated_function_env.alloy");
    let text = std::fs::read_to_string(&path).expect("fixture readable");
    let report = lint_fixture(&path);
    let diagnostics: Vec<_> = report.findings.into_iter().map(|f| f.diagnostic).collect();
    assert_eq!(diagnostics.len(), 4, "{diagnostics:#?}");
    let fixed = alloy_diagnostics::apply_fixes(&text, &diagnostics, false);
    assert!(
        fixed.contains("string.to_lower(sys.env(\"TENANT\"))"),
        "{fixed}"
    );
    assert_eq!(codes(&fixed), Vec::<String>::new());

    let path = fixtures_dir().join("unknown_attribute_scrape_intervall.alloy");
    let text = std::fs::read_to_string(&path).expect("fixture readable");
    let diagnostics: Vec<_> = lint_fixture(&path)
        .findings
        .into_iter()
        .map(|f| f.diagnostic)
        .collect();
    assert_eq!(
        alloy_diagnostics::apply_fixes(&text, &diagnostics, false),
        text
    );
    let guessed = alloy_diagnostics::apply_fixes(&text, &diagnostics, true);
    assert_eq!(codes(&guessed), Vec::<String>::new(), "{guessed}");
}
