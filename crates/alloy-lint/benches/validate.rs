//! Validating a generated config of 2,000 components (parse included, file already read).

use alloy_lint::{lint_config, LintOptions, SourceFile};
use criterion::{black_box, criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    let text = alloy_bench_corpus::pipelines(2000);
    let options = LintOptions::default();
    // The generated config must be valid, or the benchmark measures error reporting.
    let report = lint_config(vec![SourceFile::new("bench.alloy", text.clone())], &options);
    assert!(report.findings.is_empty(), "{:?}", report.findings.first());
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

criterion_group!(benches, bench, bench_parse_only);
criterion_main!(benches);
