//! Latency and memory of the real `alloy-lsp` process, as an editor sees them (the numbers in
//! docs/PERFORMANCE.md):
//!
//! ```sh
//! cargo build --release -p alloy-lsp && cargo run --release -p alloy-lsp --example latency
//! ```
//!
//! - `didChange` (one character, incremental) on a 5,000-line config until its
//!   `publishDiagnostics` arrives, with the default diagnostics delay;
//! - hover on a reference and completion after `prometheus.remote_write.` in that config;
//! - resident memory after opening 200 files (each its own config).
//!
//! The server is `alloy-lsp` beside this example's directory (`target/release/alloy-lsp`) or
//! `$ALLOY_LSP_BIN`.

#[path = "../tests/common/mod.rs"]
mod common;

use common::{uri, Client};
use serde_json::json;
use std::time::{Duration, Instant};

fn stats(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    println!(
        "{name:<48} median {:>7.2} ms   p90 {:>7.2} ms   max {:>7.2} ms   (n = {})",
        at(0.5).as_secs_f64() * 1e3,
        at(0.9).as_secs_f64() * 1e3,
        samples[samples.len() - 1].as_secs_f64() * 1e3,
        samples.len()
    );
}

/// Resident memory now, in KiB.
fn rss_kib(pid: u32) -> u64 {
    proc_status_kib(pid, "VmRSS:")
}

/// `field` of /proc/PID/status (`VmRSS:` now, `VmHWM:` the peak), in KiB.
fn proc_status_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() {
    println!("server: {}", common::binary().display());
    let dir = tempfile::tempdir().unwrap();

    // A 5,000-line config: pipelines of five components referring to each other.
    let mut text = alloy_bench_corpus::pipelines(465);
    let lines = text.lines().count();
    text.push_str("prometheus.scrape \"probe\" {\n  targets    = []\n  forward_to = [prometheus.remote_write.]\n}\n");
    let path = dir.path().join("big.alloy");
    std::fs::write(&path, &text).unwrap();
    let u = uri(&path);
    println!("config: {} lines, {} bytes", lines + 4, text.len());

    // The diagnostics delay: the server's default unless $ALLOY_LSP_DELAY_MS says otherwise.
    let options = match std::env::var("ALLOY_LSP_DELAY_MS") {
        Ok(ms) => json!({"diagnosticsDelayMs": ms.parse::<u64>().expect("a number of ms")}),
        Err(_) => json!({}),
    };
    println!("initializationOptions: {options}");
    let (mut c, _) = Client::start(json!({}), options);
    let t = Instant::now();
    c.open(&u, &text);
    let first = c.diagnostics(&u, 1);
    println!(
        "didOpen -> publishDiagnostics: {:.2} ms ({} diagnostics)",
        t.elapsed().as_secs_f64() * 1e3,
        first.len()
    );

    // Edit the value of a string in the middle: `"team-50"` -> `"team-231"` and back.
    let (line, col) = common::pos(&text, "\"team-50\"", 8);
    let mut samples = Vec::new();
    for version in 2..=61 {
        let digit = if version % 2 == 0 { "1" } else { "0" };
        let t = Instant::now();
        c.change(
            &u,
            version,
            json!([{"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 1}}, "text": digit}]),
        );
        c.diagnostics(&u, version);
        samples.push(t.elapsed());
    }
    stats("didChange -> publishDiagnostics (5,000 lines)", samples);

    let (hl, hc) = common::pos(&text, "discovery.relabel.pods_50.output", 20);
    let (cl, cc) = common::pos(&text, "prometheus.remote_write.]", 24);
    let (tl, _) = common::pos(&text, "prometheus.scrape \"probe\"", 0);
    let asks = [
        ("hover on a reference", "hover", hl, hc, 100),
        (
            "completion after `prometheus.remote_write.`",
            "completion",
            cl,
            cc,
            100,
        ),
        (
            "completion of every component (top level)",
            "completion",
            tl,
            0,
            20,
        ),
    ];
    for (name, method, line, character, n) in asks {
        let mut samples = Vec::new();
        for _ in 0..n {
            let t = Instant::now();
            let answer = c.at(method, &u, line, character);
            samples.push(t.elapsed());
            assert!(!answer.is_null(), "{name}: no answer");
        }
        stats(name, samples);
    }
    let items = c.at("completion", &u, cl, cc);
    assert_eq!(items["items"].as_array().unwrap().len(), 93);
    println!(
        "rss with the 5,000-line config open: {} MiB",
        rss_kib(c.pid()) / 1024
    );
    c.shutdown();

    // 200 files, each a config of its own directory.
    let configs = alloy_bench_corpus::source_configs();
    let (mut c, _) = Client::start(json!({}), json!({}));
    let before = rss_kib(c.pid());
    let mut bytes = 0;
    let mut last = String::new();
    for i in 0..200 {
        let sub = dir.path().join(format!("c{i}"));
        std::fs::create_dir(&sub).unwrap();
        let text = &configs[i % configs.len()];
        bytes += text.len();
        let p = sub.join("config.alloy");
        std::fs::write(&p, text).unwrap();
        last = uri(&p);
        c.open(&last, text);
    }
    c.diagnostics(&last, 1);
    c.request("workspace/symbol", json!({"query": "x"}));
    println!(
        "rss after opening 200 files ({} KiB of text): {} MiB, peak {} MiB (idle server: {} MiB)",
        bytes / 1024,
        rss_kib(c.pid()) / 1024,
        proc_status_kib(c.pid(), "VmHWM:") / 1024,
        before / 1024
    );
    c.shutdown();
}
