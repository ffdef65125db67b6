//! Validating a generated config of 2,000 components (parse included, file already read), and
//! the lint rules alone over its semantic model.

use alloy_lint::{lint_config, HostCheck, LintOptions, RuleSettings, SourceFile};
use criterion::{black_box, criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    let text = alloy_bench_corpus::pipelines(2000);
    let options = LintOptions::default();
    // The generated config must be valid, or the benchmark measures error reporting.
    let report = lint_config(vec![SourceFile::new("bench.alloy", text.clone())], &options);
    assert!(!report.has_errors(), "{:?}", report.findings.first());
    c.bench_function("lint 2000 components", |b| {
        b.iter(|| {
            let file = SourceFile::new("bench.alloy", black_box(text.clone()));
            lint_config(vec![file], &options)
        })
    });
}

/// The parser's share of the time above.
fn bench_parse_only(c: &mut Criterion) {
    let text = alloy_bench_corpus::pipelines(2000);
    c.bench_function("parse 2000 components", |b| {
        b.iter(|| alloy_syntax::parse(black_box(&text)))
    });
}

/// Every lint rule (opt-in ones and the host check included) over the model of the same
/// config, built once outside the measurement.
fn bench_rules(c: &mut Criterion) {
    let text = alloy_bench_corpus::pipelines(2000);
    let sources = alloy_semantic::Sources::load(vec![SourceFile::new("bench.alloy", text)], None);
    let model = alloy_semantic::Model::build(&sources);
    let options = LintOptions {
        rules: RuleSettings {
            select: vec!["all".to_string()],
            ..RuleSettings::default()
        },
        host: Some(HostCheck::default()),
        ..LintOptions::default()
    };
    let findings = alloy_lint::rules::check_model(&model, &options);
    eprintln!(
        "lint rules over 2000 components: {} findings",
        findings.len()
    );
    c.bench_function("lint rules over 2000 components", |b| {
        b.iter(|| alloy_lint::rules::check_model(black_box(&model), &options))
    });
}

criterion_group!(benches, bench, bench_parse_only, bench_rules);
criterion_main!(benches);
