//! The fix for an attribute that belongs in a nested block the block does not have yet.

use alloy_diagnostics::apply_fixes;
use alloy_lint::{lint_text, LintOptions};

fn fixed(text: &str) -> (String, Vec<String>) {
    let report = lint_text("config.alloy", text, &LintOptions::default());
    let diagnostics: Vec<_> = report.findings.into_iter().map(|f| f.diagnostic).collect();
    let titles = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref().map(|f| f.title.clone()))
        .collect();
    (apply_fixes(text, &diagnostics, true), titles)
}

#[test]
fn a_misplaced_attribute_is_wrapped_in_the_block_it_belongs_in() {
    let text = "prometheus.remote_write \"default\" {\n  endpoint {\n    url        = \"http://mimir:9009/api/v1/push\"\n    max_shards = 50\n  }\n}\n";
    let (out, titles) = fixed(text);
    assert_eq!(
        titles,
        ["Move `max_shards` into a new `queue_config` block"]
    );
    assert_eq!(
        out,
        "prometheus.remote_write \"default\" {\n  endpoint {\n    url        = \"http://mimir:9009/api/v1/push\"\n    queue_config { max_shards = 50 }\n  }\n}\n"
    );
    let after = lint_text("config.alloy", &out, &LintOptions::default());
    assert_eq!(after.findings.len(), 0, "{:?}", after.findings);
}

#[test]
fn no_move_when_the_block_exists_or_another_name_goes_there_too() {
    let existing = "prometheus.remote_write \"default\" {\n  endpoint {\n    url = \"http://mimir:9009/api/v1/push\"\n    max_shards = 50\n    queue_config {\n      capacity = 10\n    }\n  }\n}\n";
    assert_eq!(fixed(existing).1, Vec::<String>::new());
    let siblings = "prometheus.remote_write \"default\" {\n  endpoint {\n    url = \"http://mimir:9009/api/v1/push\"\n    max_shards = 50\n    capacity   = 10\n  }\n}\n";
    assert_eq!(fixed(siblings).1, Vec::<String>::new());
}
