//! What the fixture tests share: lint options from a fixture's first line, and the rendering
//! of a report that snapshots hold.

use alloy_diagnostics::{render_human_in, render_short, RenderOptions, SourceView};
use alloy_lint::{LintOptions, LintReport, StabilityLevel};
use std::path::Path;

/// Options from a first line `// options: stability=LEVEL community select=RULE,...`.
pub fn options_for(first_file_text: &str) -> LintOptions {
    let mut options = LintOptions {
        follow_imports: true,
        ..LintOptions::default()
    };
    if let Some(line) = first_file_text.lines().next() {
        if let Some(opts) = line.strip_prefix("// options:") {
            for opt in opts.split_whitespace() {
                if let Some(level) = opt.strip_prefix("stability=") {
                    options.stability = StabilityLevel::parse(level).expect("stability level");
                } else if let Some(rules) = opt.strip_prefix("select=") {
                    options.rules.select = rules.split(',').map(str::to_string).collect();
                } else if opt == "community" {
                    options.community_components = true;
                }
            }
        }
    }
    options
}

/// The findings in one-line form, then as rendered for people, with paths below `root`
/// shown as `shown` (paths take part in wrapping, so they are replaced before rendering).
pub fn render_report(report: &LintReport, root: &Path, shown_root: &str) -> String {
    let root = root.to_string_lossy();
    let shown: Vec<String> = report
        .files
        .iter()
        .map(|f| f.path.replace(root.as_ref(), shown_root))
        .collect();
    let views: Vec<SourceView<'_>> = report
        .files
        .iter()
        .zip(&shown)
        .map(|(f, path)| SourceView { path, ..f.view() })
        .collect();
    let mut short = String::new();
    let mut human = String::new();
    for f in &report.findings {
        let file = &report.files[f.file];
        short.push_str(&render_short(
            &shown[f.file],
            &file.text,
            file.line_index(),
            &f.diagnostic,
        ));
        short.push('\n');
        human.push_str(&render_human_in(
            &views,
            f.file,
            &f.diagnostic,
            RenderOptions { color: false },
        ));
        human.push('\n');
    }
    if report.findings.is_empty() {
        short.push_str("(no diagnostics)\n");
    }
    // Paths in messages (unreadable imports) are shown relative to the repository.
    format!("{short}\n{human}").replace(root.as_ref(), shown_root)
}
