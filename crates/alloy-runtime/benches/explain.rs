//! Explaining a config of 501 components (100 file pipelines of five components each and one
//! writer) over a tree of 10,000 log files: parse, model, evaluation (100 globs) and label
//! flow (10,000 streams through a `discovery.relabel`, `loki.process` and `loki.relabel`
//! each), as `alloylint explain` does; and the run alone over a model built once.

use alloy_eval::Evaluator;
use alloy_runtime::{explain, Env, Registry, Summary};
use alloy_semantic::{Model, SourceFile, Sources};
use criterion::{black_box, criterion_group, criterion_main, Criterion};

const PIPELINES: usize = 100;
const FILES_PER_APP: usize = 100;

fn bench(c: &mut Criterion) {
    let root = tempfile::tempdir().unwrap();
    alloy_bench_corpus::log_tree(root.path(), PIPELINES, FILES_PER_APP).unwrap();
    let text = alloy_bench_corpus::file_pipelines(PIPELINES);
    let registry = Registry::builtin();
    let evaluator = Evaluator::system();
    // A new Env each time, as each `alloylint explain` has: the host's metadata is read
    // afresh (it is remembered only within one run).
    let explain_text = |text: &str| {
        let sources = Sources::load(vec![SourceFile::new("bench.alloy", text)], None);
        let model = Model::build(&sources);
        let run = alloy_runtime::run(&model, &registry, &Env::new(root.path()), &evaluator);
        explain::to_json(&run)
    };
    // What is measured must be what is claimed: 501 components ran, 10,000 files reached the
    // writer as 100 streams (one per app; level unknown).
    let sources = Sources::load(vec![SourceFile::new("bench.alloy", text.clone())], None);
    let model = Model::build(&sources);
    let run = alloy_runtime::run(&model, &registry, &Env::new(root.path()), &evaluator);
    assert_eq!(run.components.len(), 5 * PIPELINES + 1);
    let Summary::Writer { received } = &run.get("loki.write.default").unwrap().summary else {
        panic!("the writer ran");
    };
    assert_eq!(received.len(), PIPELINES * FILES_PER_APP);
    assert_eq!(explain::distinct(received).len(), PIPELINES);

    c.bench_function("explain 501 components, 10000 files", |b| {
        b.iter(|| explain_text(black_box(&text)))
    });
    c.bench_function("run 501 components, 10000 files (model built)", |b| {
        b.iter(|| {
            let env = Env::new(root.path());
            alloy_runtime::run(black_box(&model), &registry, &env, &evaluator)
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
