//! Validating a generated config of 2,000 components (parse included, file already read).

use alloy_lint::{lint_config, LintOptions, SourceFile};
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::fmt::Write;

/// 2,000 components in 400 pipelines of five: discovery -> relabel -> scrape -> relabel ->
/// remote_write, plus references between pipelines.
fn generate(components: usize) -> String {
    let mut out = String::new();
    for i in 0..components / 5 {
        let _ = write!(
            out,
            r#"discovery.kubernetes "pods_{i}" {{
  role = "pod"
  namespaces {{
    names = ["team-{i}"]
  }}
}}

discovery.relabel "pods_{i}" {{
  targets = discovery.kubernetes.pods_{i}.targets

  rule {{
    source_labels = ["__meta_kubernetes_pod_label_app"]
    regex         = "(web|api)-[0-9]+"
    action        = "keep"
  }}
  rule {{
    source_labels = ["__meta_kubernetes_namespace"]
    target_label  = "namespace"
  }}
}}

prometheus.scrape "pods_{i}" {{
  targets         = discovery.relabel.pods_{i}.output
  forward_to      = [prometheus.relabel.pods_{i}.receiver]
  scrape_interval = "30s"
  job_name        = string.format("pods-%d", {i})
}}

prometheus.relabel "pods_{i}" {{
  forward_to = [prometheus.remote_write.out_{i}.receiver]

  rule {{
    source_labels = ["__name__"]
    regex         = "go_.*"
    action        = "drop"
  }}
}}

prometheus.remote_write "out_{i}" {{
  endpoint {{
    url = sys.env("REMOTE_WRITE_URL")

    queue_config {{
      max_shards = 50
      capacity   = 10000
    }}
    basic_auth {{
      username = "tenant-{i}"
      password = sys.env("PASSWORD")
    }}
  }}
  external_labels = {{cluster = "c{i}"}}
}}

"#
        );
    }
    out
}

fn bench(c: &mut Criterion) {
    let text = generate(2000);
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
    let text = generate(2000);
    c.bench_function("parse 2000 components", |b| {
        b.iter(|| alloy_syntax::parse(black_box(&text)))
    });
}

criterion_group!(benches, bench, bench_parse_only);
criterion_main!(benches);
