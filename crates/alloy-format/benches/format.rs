//! Formatting throughput on the 10 MB benchmark config (see alloy-bench-corpus). `print` formats
//! an already parsed file on one thread; `format_source` is the whole job (cut into pieces,
//! parse, print and check each, on all cores).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn bench_format(c: &mut Criterion) {
    let text = alloy_bench_corpus::corpus(10_000_000);
    let parsed = alloy_syntax::parse(&text);
    assert!(!parsed.has_errors(), "the benchmark input parses");
    let mut group = c.benchmark_group("format_10mb");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("print", |b| {
        b.iter(|| alloy_format::print_file(&parsed.file, &text))
    });
    group.bench_function("format_source", |b| {
        b.iter(|| alloy_format::format_source(&text).expect("formats"))
    });
    group.finish();
}

criterion_group!(benches, bench_format);
criterion_main!(benches);
