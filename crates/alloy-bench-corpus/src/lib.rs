//! The benchmark input: real configs concatenated until a target size. It takes the inputs
//! Grafana's formatter accepted from `../shared/conformance/{fmt-corpus,fmt}` (real configs from
//! public repositories) and falls back to the bundled `examples/` when `../shared` is absent, so
//! benchmarks run on a fresh clone too.

use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Accepted real-world configs, in a fixed order.
pub fn source_configs() -> Vec<String> {
    let shared = std::env::var_os("ALLOY_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared"));
    let mut files: Vec<PathBuf> = Vec::new();
    for suite in ["fmt-corpus", "fmt"] {
        let dir = shared.join("conformance").join(suite);
        if let Ok(rd) = std::fs::read_dir(&dir) {
            let mut inputs: Vec<PathBuf> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension().is_some_and(|e| e == "in") && p.with_extension("expect").exists()
                })
                .filter(|p| !p.to_string_lossy().contains("__pass2"))
                .collect();
            inputs.sort();
            files.extend(inputs);
        }
    }
    if files.is_empty() {
        if let Ok(rd) = std::fs::read_dir(workspace_root().join("examples")) {
            files = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "alloy"))
                .collect();
            files.sort();
        }
    }
    files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

/// Real configs concatenated (each ending in a newline) until the text is at least
/// `target_bytes` long.
pub fn corpus(target_bytes: usize) -> String {
    let configs = source_configs();
    assert!(
        !configs.is_empty(),
        "no benchmark input: neither ../shared/conformance nor examples/ has configs"
    );
    let mut out = String::with_capacity(target_bytes + 64 * 1024);
    'fill: loop {
        for c in &configs {
            out.push_str(c.strip_prefix('\u{feff}').unwrap_or(c));
            if !c.ends_with('\n') {
                out.push('\n');
            }
            out.push('\n');
            if out.len() >= target_bytes {
                break 'fill;
            }
        }
    }
    out
}

/// Writes `corpus(target_bytes)` to `path` (for end-to-end timings of the binaries).
pub fn write_corpus(path: &Path, target_bytes: usize) -> std::io::Result<()> {
    std::fs::write(path, corpus(target_bytes))
}

/// 2,000 components in 400 pipelines of five: discovery -> relabel -> scrape -> relabel ->
/// remote_write, plus references between pipelines.
pub fn pipelines(components: usize) -> String {
    use std::fmt::Write;
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

/// What `alloylint explain`'s benchmark runs on: `apps` pipelines of five components
/// (`local.file_match` -> `discovery.relabel` -> `loki.source.file` -> `loki.process` ->
/// `loki.relabel`) into one `loki.write`, app `N` tailing `/var/log/apps/appN/*.log`.
pub fn file_pipelines(apps: usize) -> String {
    use std::fmt::Write;
    let mut text = String::from(
        "loki.write \"default\" {\n  endpoint {\n    url = \"http://loki:3100/loki/api/v1/push\"\n  }\n  external_labels = { cluster = \"bench\" }\n}\n",
    );
    for app in 0..apps {
        let _ = write!(
            text,
            r#"
local.file_match "app{app}" {{
  path_targets = [{{ __path__ = "/var/log/apps/app{app}/*.log", app = "app{app}" }}]
}}

discovery.relabel "app{app}" {{
  targets = local.file_match.app{app}.targets
  rule {{
    source_labels = ["__path__"]
    regex         = ".*/(run[0-9]+)\\.log"
    target_label  = "run"
  }}
}}

loki.source.file "app{app}" {{
  targets    = discovery.relabel.app{app}.output
  forward_to = [loki.process.app{app}.receiver]
}}

loki.process "app{app}" {{
  forward_to = [loki.relabel.app{app}.receiver]
  stage.json {{
    expressions = {{ level = "" }}
  }}
  stage.labels {{
    values = {{ level = "" }}
  }}
  stage.static_labels {{
    values = {{ team = "t{team}" }}
  }}
}}

loki.relabel "app{app}" {{
  forward_to = [loki.write.default.receiver]
  rule {{
    action = "labeldrop"
    regex  = "filename|run"
  }}
}}
"#,
            team = app % 7
        );
    }
    text
}

/// The files [`file_pipelines`] tails: `files` empty logs `runN.log` in each app's directory
/// under `root`.
pub fn log_tree(root: &Path, apps: usize, files: usize) -> std::io::Result<()> {
    for app in 0..apps {
        let dir = root.join(format!("var/log/apps/app{app}"));
        std::fs::create_dir_all(&dir)?;
        for run in 0..files {
            std::fs::write(dir.join(format!("run{run}.log")), "")?;
        }
    }
    Ok(())
}
