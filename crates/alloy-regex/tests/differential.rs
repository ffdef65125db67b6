//! Differential test against Go itself: random patterns built from Go's syntax pieces (and
//! pieces other engines read differently), and random inputs, run through Grafana's reference
//! tools (`../shared/reference/bin/alloy-ref-regex` and `alloy-ref-match`, Go 1.26's
//! `regexp`) and through `alloy-regex`. Seeded, so a failure reproduces. Skips with a message
//! when the reference tools are absent.

use alloy_regex::GoRegex;
use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

mod common;

const PATTERNS: usize = 3000;
const INPUTS_PER_PATTERN: usize = 4;

const PIECES: &[&str] = &[
    "a",
    "b",
    "k",
    "K",
    "é",
    "Ω",
    ".",
    "x",
    "\\d",
    "\\D",
    "\\w",
    "\\W",
    "\\s",
    "\\S",
    "\\b",
    "\\B",
    "^",
    "$",
    "\\A",
    "\\z",
    "(",
    ")",
    "(?:",
    "(?i)",
    "(?m)",
    "(?s)",
    "(?U)",
    "(?-i)",
    "(?i:",
    "|",
    "*",
    "+",
    "?",
    "*?",
    "+?",
    "??",
    "{2}",
    "{1,3}",
    "{0}",
    "{0,}",
    "{,2}",
    "{2,1}",
    "{1001}",
    "[a-c]",
    "[^ab]",
    "[k]",
    "[[:alpha:]]",
    "[[:^space:]]",
    "[\\d\\s]",
    "[a-]",
    "[]a]",
    "\\pL",
    "\\PL",
    "\\p{Greek}",
    "\\p{^Lu}",
    "\\p{lu}",
    "\\x{41}",
    "\\x41",
    "\\101",
    "\\Q.*\\E",
    "(?P<n>",
    "(?<x>",
    "(?P<n",
    "\\n",
    "\\\\",
    "\\.",
    "]",
    "[",
    "\\1",
    "\\u",
    "{",
    "}",
    "-",
    "\\C",
    "(?=",
    "\\Z",
];

const INPUT_CHARS: &[char] = &[
    'a', 'b', 'k', 'K', '\u{212A}', 'é', 'Ω', 'x', '\n', ' ', '.', '_', '9',
];

/// xorshift64*: a fixed sequence, no dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    }
}

fn reference_tool(name: &str) -> Option<PathBuf> {
    common::shared_file(&format!("reference/bin/{name}"), "regex differential test")
}

/// Feeds one JSON value per line to the tool; one JSON answer per line back.
fn run(tool: &PathBuf, lines: &[Value]) -> Vec<Value> {
    let mut child = Command::new(tool)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("reference tool runs");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("reference tool finishes");
    writer
        .join()
        .expect("writer thread")
        .expect("write to reference tool");
    String::from_utf8(output.stdout)
        .expect("UTF-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON per line"))
        .collect()
}

fn go_offsets(m: Option<alloy_regex::SubmatchIndex>) -> Value {
    match m {
        None => Value::Null,
        Some(m) => m
            .iter()
            .flat_map(|g| {
                g.as_ref()
                    .map_or([-1, -1], |r| [r.start as i64, r.end as i64])
            })
            .collect(),
    }
}

#[test]
fn random_patterns_agree_with_go() {
    let (Some(regex_tool), Some(match_tool)) = (
        reference_tool("alloy-ref-regex"),
        reference_tool("alloy-ref-match"),
    ) else {
        return;
    };
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let patterns: Vec<String> = (0..PATTERNS)
        .map(|_| {
            (0..1 + rng.below(8))
                .map(|_| PIECES[rng.below(PIECES.len())])
                .collect()
        })
        .collect();
    let answers = run(
        &regex_tool,
        &patterns.iter().map(|p| json!(p)).collect::<Vec<_>>(),
    );
    assert_eq!(answers.len(), patterns.len());

    let mut wrong = Vec::new();
    let mut pairs = Vec::new();
    for (pattern, go) in patterns.iter().zip(&answers) {
        for (ours, ok_key, error_key) in [
            (GoRegex::new(pattern), "ok", "error"),
            (GoRegex::relabel(pattern), "relabel_ok", "relabel_error"),
        ] {
            let ours = ours.err().map(|e| e.to_string());
            let go_error = go.get(error_key).and_then(Value::as_str);
            if ours.as_deref() != go_error || (ours.is_none() != go[ok_key].as_bool().unwrap()) {
                wrong.push(format!(
                    "{ok_key} {pattern:?}: Go {go_error:?}, ours {ours:?}"
                ));
            }
        }
        if go["ok"].as_bool() == Some(true) {
            for _ in 0..INPUTS_PER_PATTERN {
                let input: String = (0..rng.below(7))
                    .map(|_| INPUT_CHARS[rng.below(INPUT_CHARS.len())])
                    .collect();
                pairs.push(json!([pattern, input]));
            }
        }
    }
    let matches = run(&match_tool, &pairs);
    assert_eq!(matches.len(), pairs.len());
    for go in &matches {
        let (pattern, input) = (
            go["pattern"].as_str().unwrap(),
            go["input"].as_str().unwrap(),
        );
        let re = GoRegex::new(pattern).expect("Go compiled it");
        let ours = go_offsets(re.find_submatch_index(input));
        if ours != go["match"] {
            wrong.push(format!(
                "match {pattern:?} on {input:?}: Go {}, ours {ours}",
                go["match"]
            ));
        }
        let relabel = GoRegex::relabel(pattern).ok();
        let found = relabel.as_ref().and_then(|r| r.find_submatch_index(input));
        let expanded = match (&relabel, &found) {
            (Some(r), Some(m)) => json!(r.expand("$1|${1}x|$0|$name|${2}", input, m)),
            _ => Value::Null,
        };
        let ours = go_offsets(found);
        if ours != go["relabel_match"] {
            wrong.push(format!(
                "relabel_match {pattern:?} on {input:?}: Go {}, ours {ours}",
                go["relabel_match"]
            ));
        }
        let go_expanded = go.get("relabel_expand_1").cloned().unwrap_or(Value::Null);
        if expanded != go_expanded {
            wrong.push(format!(
                "expand {pattern:?} on {input:?}: Go {go_expanded}, ours {expanded}"
            ));
        }
    }
    let compiled = answers
        .iter()
        .filter(|a| a["ok"].as_bool() == Some(true))
        .count();
    println!(
        "regex differential: {} patterns ({compiled} compile in Go), {} matches, {} differences",
        patterns.len(),
        matches.len(),
        wrong.len()
    );
    assert!(
        wrong.is_empty(),
        "{} differences:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
