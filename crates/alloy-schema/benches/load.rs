//! Cost of getting at the schema. The data is static, so "loading" is a lookup; the full
//! walk shows the cost of touching every body once.

use criterion::{black_box, criterion_group, criterion_main, Criterion};

fn first_use(c: &mut Criterion) {
    c.bench_function("lookup component prometheus.remote_write", |b| {
        b.iter(|| alloy_schema::component(black_box("prometheus.remote_write")).map(|c| c.name))
    });
    c.bench_function(
        "lookup nested attribute endpoint>queue_config>max_shards",
        |b| {
            b.iter(|| {
                alloy_schema::component(black_box("prometheus.remote_write"))
                    .and_then(|c| c.body().block_at(&["endpoint", "queue_config"]))
                    .and_then(|q| q.body().attribute(black_box("max_shards")))
                    .map(|a| a.required)
            })
        },
    );
    c.bench_function("load: count every table entry", |b| {
        b.iter(alloy_schema::counts)
    });
    c.bench_function("paths_with_attribute max_shards", |b| {
        let rw = alloy_schema::component("prometheus.remote_write").unwrap();
        b.iter(|| rw.body().paths_with_attribute(black_box("max_shards")))
    });
}

criterion_group!(benches, first_use);
criterion_main!(benches);
