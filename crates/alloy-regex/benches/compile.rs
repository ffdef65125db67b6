//! What one regex costs the validator (parse-only `check`, as `alloylint` runs it once per
//! distinct pattern) against a full compile to a matcher (`GoRegex::relabel`, what a runtime
//! would do), on patterns typical of Alloy configs.

use alloy_regex::{check, Form, GoRegex};
use criterion::{black_box, criterion_group, criterion_main, Criterion};

const PATTERNS: &[&str] = &[
    "(.*)",
    "__meta_kubernetes_pod_label_(.+)",
    "([^:]+)(?::\\d+)?;(\\d+)",
    "^(?P<level>\\w+)\\s+(?P<ts>\\d{4}-\\d{2}-\\d{2}T[^ ]+)\\s+(?P<msg>.*)$",
    "(?i)error|warn|fatal",
    "^\\x{200B}\\p{Greek}+",
    "kube_(pod|node|deployment)_(status|info|labels)_.*",
];

fn bench(c: &mut Criterion) {
    c.bench_function("check relabel (validator)", |b| {
        b.iter(|| {
            for p in PATTERNS {
                black_box(check(black_box(p), Form::Relabel)).ok();
            }
        })
    });
    c.bench_function("compile relabel (matcher)", |b| {
        b.iter(|| {
            for p in PATTERNS {
                black_box(GoRegex::relabel(black_box(p))).ok();
            }
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
