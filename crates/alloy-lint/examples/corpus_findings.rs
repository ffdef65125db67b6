//! Runs every lint rule (all selected, no host check) over the accepted inputs of
//! `../shared/conformance/fmt-corpus` (`*.in` without a `.error`) and prints each lint-rule
//! finding (and `deprecated-function`'s), then the counts per rule. Used to read the findings on real configs
//! (docs/rules-corpus-findings.md):
//! `cargo run -p alloy-lint --example corpus_findings -- [RULE]`.

use alloy_lint::{lint_text, rules, LintOptions, RuleSettings, StabilityLevel};
use std::collections::BTreeMap;
use std::path::Path;

fn main() {
    let only = std::env::args().nth(1);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/fmt-corpus");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .expect("fmt-corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "in"))
        .filter(|p| !p.with_extension("error").exists())
        .collect();
    inputs.sort();
    let options = LintOptions {
        stability: StabilityLevel::Experimental,
        community_components: true,
        rules: RuleSettings {
            select: vec!["all".to_string()],
            ..RuleSettings::default()
        },
        ..LintOptions::default()
    };
    // The lint rules, and deprecated-function: a validator rule the issue counts with them.
    let lint_rules: Vec<&str> = rules::RULES
        .iter()
        .map(|r| r.name)
        .chain(["deprecated-function"])
        .collect();
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for path in &inputs {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let report = lint_text(&name, &text, &options);
        let mut seen = Vec::new();
        for f in &report.findings {
            let Some(&code) = lint_rules.iter().find(|r| **r == f.diagnostic.code) else {
                continue;
            };
            let entry = counts.entry(code).or_default();
            entry.0 += 1;
            if !seen.contains(&code) {
                seen.push(code);
                entry.1 += 1;
            }
            if only.as_deref().is_none_or(|o| o == code) {
                let file = &report.files[f.file];
                println!(
                    "{}",
                    alloy_diagnostics::render_short(
                        &name,
                        &file.text,
                        file.line_index(),
                        &f.diagnostic
                    )
                );
            }
        }
    }
    println!("\n{} accepted configs", inputs.len());
    for (code, (n, files)) in counts {
        println!("{code}: {n} findings in {files} configs");
    }
}
