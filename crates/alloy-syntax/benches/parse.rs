//! Lex + parse throughput on a 10 MB config of real-world shape (see alloy-bench-corpus).
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn bench_parse(c: &mut Criterion) {
    let text = alloy_bench_corpus::corpus(10_000_000);
    let mut group = c.benchmark_group("syntax");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("parse_10mb", |b| {
        // The AST is dropped outside the timed region: the figure is lex + parse.
        b.iter_with_large_drop(|| {
            let parse = alloy_syntax::parse(&text);
            assert!(!parse.has_errors());
            parse
        })
    });
    group.finish();
}

criterion_group!(benches, bench_parse);
criterion_main!(benches);
