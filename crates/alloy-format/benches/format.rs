//! Formatting throughput on a 10 MB input: every accepted conformance input (leading BOMs
//! removed) concatenated until 10 MB. Without `shared/` a synthetic config of the same size is
//! used. `print` formats an already parsed file; `format_source` is the whole job (parse,
//! print, re-parse and compare).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::{Path, PathBuf};

const TARGET_SIZE: usize = 10 * 1024 * 1024;

fn shared_dir() -> PathBuf {
    match std::env::var_os("ALLOY_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
}

fn accepted_inputs() -> Vec<String> {
    let mut inputs = Vec::new();
    for suite in ["fmt", "fmt-corpus"] {
        let dir = shared_dir().join("conformance").join(suite);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut names: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        names.sort();
        for expect in names
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "expect"))
        {
            if let Ok(text) = std::fs::read_to_string(expect.with_extension("in")) {
                let mut text = text.trim_start_matches('\u{feff}').to_string();
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                inputs.push(text);
            }
        }
    }
    inputs
}

fn synthetic_input() -> Vec<String> {
    let block = "prometheus.scrape \"default\" {\n  targets = [{\"__address__\" = \"localhost:9090\", job = \"x\"}]\n  forward_to = [prometheus.remote_write.default.receiver] // where\n  scrape_interval = \"15s\"\n}\n";
    vec![block.to_string()]
}

fn ten_megabytes() -> String {
    let mut parts = accepted_inputs();
    if parts.is_empty() {
        eprintln!("shared/conformance not found: benchmarking a synthetic config");
        parts = synthetic_input();
    }
    let mut text = String::with_capacity(TARGET_SIZE + 64 * 1024);
    'fill: loop {
        for part in &parts {
            text.push_str(part);
            if text.len() >= TARGET_SIZE {
                break 'fill;
            }
        }
    }
    text
}

fn bench_format(c: &mut Criterion) {
    let text = ten_megabytes();
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
