//! The lint rules' fixtures: `fixtures/lint/rules/RULE/bad_*.alloy` must report RULE and
//! `ok_*.alloy` must not (a first comment saying "No diagnostics" means nothing at all).
//! Each has a snapshot of its diagnostics in `fixtures/lint/rules/snapshots/`; a fixture
//! whose findings carry fixes also has a snapshot of the fixed file (every fix applied, the
//! unsafe ones too, then formatted), which must parse, lint clean of RULE, and stay the same
//! when fixed again.

mod common;

use alloy_lint::{lint_text, registry, rules, LintReport};
use std::path::{Path, PathBuf};

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/lint/rules")
}

/// (rule, fixture path), sorted.
fn fixtures() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(rules_dir()).expect("fixtures/lint/rules exists") {
        let dir = entry.expect("entry").path();
        let Some(rule) = dir.file_name().and_then(|n| n.to_str()).map(str::to_string) else {
            continue;
        };
        if rule == "snapshots" || !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).expect("rule directory") {
            let path = file.expect("entry").path();
            if path.extension().is_some_and(|e| e == "alloy") {
                out.push((rule.clone(), path));
            }
        }
    }
    out.sort();
    out
}

fn lint(path: &Path, text: &str) -> LintReport {
    lint_text(
        &path.display().to_string(),
        text,
        &common::options_for(text),
    )
}

/// Every fix applied (unsafe ones too), then formatted as `alloylint --fix` does.
fn fixed(text: &str, report: &LintReport) -> String {
    let diagnostics: Vec<_> = report
        .findings
        .iter()
        .map(|f| f.diagnostic.clone())
        .collect();
    let applied = alloy_diagnostics::apply_fixes(text, &diagnostics, true);
    alloy_format::format_source(&applied)
        .unwrap_or_else(|e| panic!("fixed text does not format: {e:?}\n{applied}"))
}

#[test]
fn rule_fixtures_match_snapshots() {
    let fixtures = fixtures();
    assert!(
        fixtures.len() >= 25,
        "only {} rule fixtures",
        fixtures.len()
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(rules_dir().join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    let mut problems = Vec::new();
    settings.bind(|| {
        for (rule, path) in &fixtures {
            let text = std::fs::read_to_string(path).expect("fixture readable");
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("name")
                .to_string();
            let report = lint(path, &text);
            let codes: Vec<&str> = report
                .findings
                .iter()
                .map(|f| f.diagnostic.code.as_str())
                .collect();
            let name = format!("{rule}__{stem}");
            if registry::get(rule).is_none() {
                problems.push(format!("{name}: no rule named {rule}"));
            }
            if stem.starts_with("bad_") && !codes.contains(&rule.as_str()) {
                problems.push(format!("{name}: does not report {rule}: {codes:?}"));
            }
            if stem.starts_with("ok_") && codes.contains(&rule.as_str()) {
                problems.push(format!("{name}: reports {rule}"));
            }
            if text.contains("No diagnostics") && !codes.is_empty() {
                problems.push(format!("{name}: says no diagnostics, reports {codes:?}"));
            }
            insta::assert_snapshot!(
                name.clone(),
                common::render_report(&report, &rules_dir(), "fixtures/lint/rules")
            );
            if report.findings.iter().any(|f| f.diagnostic.fix.is_some()) {
                let once = fixed(&text, &report);
                let again_report = lint(path, &once);
                if again_report
                    .findings
                    .iter()
                    .any(|f| f.diagnostic.code == *rule)
                {
                    problems.push(format!("{name}: the fixed file still reports {rule}"));
                }
                if alloy_syntax::parse(&once).has_errors() {
                    problems.push(format!("{name}: the fixed file does not parse"));
                }
                let twice = fixed(&once, &again_report);
                if twice != once {
                    problems.push(format!("{name}: fixing again changes the file"));
                }
                insta::assert_snapshot!(format!("{name}.fixed"), once);
            }
        }
    });
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Every lint rule has a fixture that reports it and one that must not, and so do the
/// suppression comments' rules and `deprecated-function` (a validator rule with a fix).
#[test]
fn every_lint_rule_has_bad_and_ok_fixtures() {
    let fixtures = fixtures();
    let mut missing = Vec::new();
    for rule in rules::RULES.iter().map(|r| r.name).chain([
        "unused-suppression",
        "invalid-suppression",
        "deprecated-function",
    ]) {
        // unsafe-path-permissions needs a real tree: tests/path_permissions.rs builds one.
        if rule == "unsafe-path-permissions" {
            continue;
        }
        let files: Vec<&str> = fixtures
            .iter()
            .filter(|(r, _)| r == rule)
            .filter_map(|(_, p)| p.file_name().and_then(|n| n.to_str()))
            .collect();
        if !files.iter().any(|f| f.starts_with("bad_")) {
            missing.push(format!("{rule}: no bad_ fixture"));
        }
        if !files.iter().any(|f| f.starts_with("ok_")) {
            missing.push(format!("{rule}: no ok_ fixture"));
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

/// A snapshot left behind by a renamed fixture fails.
#[test]
fn every_rule_snapshot_has_a_fixture() {
    let fixtures = fixtures();
    let names: Vec<String> = fixtures
        .iter()
        .map(|(r, p)| {
            format!(
                "{r}__{}",
                p.file_stem().and_then(|s| s.to_str()).unwrap_or_default()
            )
        })
        .collect();
    let mut orphans = Vec::new();
    for entry in std::fs::read_dir(rules_dir().join("snapshots")).expect("snapshots") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let stem = name.trim_end_matches(".snap").trim_end_matches(".fixed");
        if !names.iter().any(|n| n == stem) && !stem.starts_with("unsafe-path-permissions__") {
            orphans.push(name);
        }
    }
    assert!(orphans.is_empty(), "{orphans:?}");
}
