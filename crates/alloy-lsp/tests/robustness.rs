//! Never crash: for a sample of conformance inputs (`../shared/conformance/fmt` and `parse`),
//! byte prefixes (a sample of the cut points, the whole file included) are sent as the
//! document's text, and at a sample of each one's positions every kind of request is asked. Each must be answered (a result or an error) and
//! the process must stay alive. Half the inputs go to a server speaking UTF-16 positions, half
//! to one speaking UTF-8. Skips with a message when `shared/` is absent.
//!
//! `ALLOY_LSP_ROBUSTNESS_FILES` (default 10) and `ALLOY_LSP_ROBUSTNESS_PREFIXES` (default 16)
//! scale the sample; set them high for a long run.

mod common;

use common::{uri, Client};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("ALLOY_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    dir.join("conformance").is_dir().then_some(dir)
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `n` inputs of each suite spread over its sorted list, the small ones (a prefix is sent
/// for each sampled length, so size is what costs).
fn sample(dir: &Path, suffix: &str, n: usize) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .filter(|p| p.metadata().is_ok_and(|m| m.len() > 0 && m.len() < 3000))
        .collect();
    all.sort();
    if all.is_empty() || n == 0 {
        return Vec::new();
    }
    let step = (all.len() / n).max(1);
    all.into_iter().step_by(step).take(n).collect()
}

/// `(line, UTF-16 column)` of every `k`-th character boundary, and some past the end.
fn positions(text: &str, k: usize) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let (mut line, mut col) = (0u32, 0u32);
    for (i, c) in text.chars().enumerate() {
        if i % k == 0 {
            out.push((line, col));
        }
        if c == '\n' {
            line += 1;
            col = 0;
        } else {
            col += c.len_utf16() as u32;
        }
    }
    out.push((line, col));
    out.push((line, col + 7));
    out.push((line + 3, 0));
    out.push((0, 10_000));
    out
}

fn answered(response: &Value) -> bool {
    response.get("result").is_some() || response.get("error").is_some()
}

#[test]
fn every_request_at_every_sampled_position_of_every_sampled_prefix_is_answered() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipping: shared/conformance not found (set ALLOY_SHARED_DIR)");
        return;
    };
    let files_per_suite = env_usize("ALLOY_LSP_ROBUSTNESS_FILES", 10) / 2;
    let prefixes = env_usize("ALLOY_LSP_ROBUSTNESS_PREFIXES", 16).max(1);
    let mut inputs = sample(&shared.join("conformance/fmt"), ".in", files_per_suite);
    inputs.extend(sample(
        &shared.join("conformance/parse"),
        ".alloy",
        files_per_suite,
    ));
    assert!(!inputs.is_empty(), "no conformance inputs found");

    let dir = tempfile::tempdir().unwrap();
    let doc = uri(&dir.path().join("config.alloy"));
    // Half the inputs with UTF-16 positions, half with UTF-8 ones.
    let utf16 = Client::start(json!({}), json!({"diagnosticsDelayMs": 0})).0;
    let utf8 = Client::start(
        json!({"general": {"positionEncodings": ["utf-8"]}}),
        json!({"diagnosticsDelayMs": 0}),
    )
    .0;
    let mut clients = [utf16, utf8];
    let started = Instant::now();
    let mut requests = 0usize;
    let mut errors: std::collections::BTreeMap<String, usize> = Default::default();
    let mut version = 1;
    for c in clients.iter_mut() {
        c.open(&doc, "");
    }
    for (n, input) in inputs.iter().enumerate() {
        let c = &mut clients[n % 2];
        let bytes = std::fs::read(input).unwrap();
        let mut cuts: Vec<usize> = (0..prefixes).map(|i| i * bytes.len() / prefixes).collect();
        cuts.push(bytes.len());
        cuts.dedup();
        for cut in cuts {
            // Cutting inside a UTF-8 sequence leaves a replacement character: also fine.
            let text = String::from_utf8_lossy(&bytes[..cut]).into_owned();
            version += 1;
            c.change(&doc, version, json!([{"text": text}]));
            let td = json!({"uri": doc});
            let whole = [
                ("textDocument/documentSymbol", json!({"textDocument": td})),
                ("textDocument/foldingRange", json!({"textDocument": td})),
                (
                    "textDocument/semanticTokens/full",
                    json!({"textDocument": td}),
                ),
                (
                    "textDocument/formatting",
                    json!({"textDocument": td, "options": {"tabSize": 2, "insertSpaces": true}}),
                ),
                ("workspace/symbol", json!({"query": ""})),
            ];
            let step = (text.chars().count() / 10).max(1);
            let mut asks: Vec<(&str, Value)> = whole.to_vec();
            for (line, character) in positions(&text, step) {
                let p = json!({"line": line, "character": character});
                let at = json!({"textDocument": td, "position": p});
                for method in [
                    "textDocument/hover",
                    "textDocument/completion",
                    "textDocument/signatureHelp",
                    "textDocument/definition",
                    "textDocument/prepareRename",
                ] {
                    asks.push((method, at.clone()));
                }
                asks.push((
                    "textDocument/references",
                    json!({"textDocument": td, "position": p, "context": {"includeDeclaration": true}}),
                ));
                asks.push((
                    "textDocument/rename",
                    json!({"textDocument": td, "position": p, "newName": "renamed"}),
                ));
                asks.push((
                    "textDocument/codeAction",
                    json!({"textDocument": td, "range": {"start": p, "end": p}, "context": {"diagnostics": []}}),
                ));
            }
            for (method, params) in asks {
                let response = c.request_raw(method, params);
                requests += 1;
                assert!(
                    answered(&response),
                    "{method} on {} cut at {cut}: {response}",
                    input.display()
                );
                if let Some(error) = response.get("error") {
                    // A panic is caught and answered, but it is still a bug.
                    assert_ne!(
                        error["code"],
                        -32603,
                        "{method} panicked on {} cut at {cut}: {error}",
                        input.display()
                    );
                    // What kind of refusal (the message up to its first detail).
                    let message = error["message"].as_str().unwrap_or_default();
                    let kind: String = message.split([':', '"', '`']).next().unwrap_or("").into();
                    *errors.entry(format!("{method}: {kind}")).or_default() += 1;
                }
            }
        }
        assert!(c.is_alive(), "alloy-lsp died on {}", input.display());
    }
    eprintln!(
        "{requests} requests on {} inputs in {:.1?}; error responses: {errors:#?}",
        inputs.len(),
        started.elapsed()
    );
    for c in clients {
        assert!(c.shutdown().success());
    }
}
