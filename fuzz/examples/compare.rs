//! Replays saved inputs of a differential target against the reference and prints one line
//! per input: the file, the verdict (`agree`, `deliberate: ...`, `diverge: ...`), for parse
//! inputs the first error on each side, and the text checked. For triage (see
//! `docs/fuzzing.md`): `cargo run --release --example compare -- TARGET FILE...`.
use alloy_fuzz::{config_input, generate, oracle, reference, text_input};
use oracle::Verdict;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(target) = args.next() else {
        eprintln!("usage: compare diff_parse|diff_fmt|diff_eval|diff_regex FILE...");
        std::process::exit(2);
    };
    if reference::bin_dir().is_none() {
        std::process::exit(2);
    }
    for path in args {
        let data = match std::fs::read(&path) {
            Ok(data) => data,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let (verdict, detail, shown) = match target.as_str() {
            "diff_parse" => parse(&data),
            "diff_fmt" => fmt(&data),
            "diff_eval" => eval(&data),
            "diff_regex" => regex(&data),
            other => {
                eprintln!("unknown target {other}");
                std::process::exit(2);
            }
        };
        let verdict = match verdict {
            Verdict::Agree => "agree".to_string(),
            Verdict::Deliberate(why) => format!("deliberate: {why}"),
            Verdict::Diverge(what) => format!("diverge: {what}"),
        };
        println!("{path}\t{verdict:?}\t{detail}\t{shown:?}");
    }
}

fn parse(data: &[u8]) -> (Verdict, String, String) {
    let text = config_input(data);
    let Some((_, stdout)) = reference::run_on_stdin("alloy-ref-parse", &text) else {
        unreachable!("checked in main")
    };
    let line = String::from_utf8_lossy(&stdout);
    let shown = String::from_utf8_lossy(&text).into_owned();
    let Some(theirs) = oracle::reference_parse(&line) else {
        return (
            Verdict::Diverge(format!("unexpected output {line:?}")),
            String::new(),
            shown,
        );
    };
    let theirs_first = serde_json::from_str::<serde_json::Value>(&line)
        .ok()
        .and_then(|json| {
            let e = &json["errors"][0];
            Some(format!("{}:{} {}", e["line"], e["col"], e["msg"].as_str()?))
        })
        .unwrap_or_default();
    let parse = alloy_syntax::parse_bytes(&text);
    let index = alloy_diagnostics::LineIndex::new(&String::from_utf8_lossy(&text));
    let ours_first = parse
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .map(|d| {
            let at = d.primary_span().map(|s| index.byte_line_col(s.start));
            let at = at.map_or(String::new(), |lc| format!("{}:{}", lc.line, lc.col));
            format!("{at} {}", d.message)
        })
        .unwrap_or_default();
    let verdict = oracle::parse_verdict(oracle::our_parse(&text), theirs);
    (
        verdict,
        format!("reference {theirs_first:?} ours {ours_first:?}"),
        shown,
    )
}

fn fmt(data: &[u8]) -> (Verdict, String, String) {
    let text = config_input(data);
    let ours = oracle::our_fmt(&text);
    let Some((success, stdout)) = reference::run_on_stdin("alloy-ref-fmt", &text) else {
        unreachable!("checked in main")
    };
    let theirs = oracle::reference_fmt(success, &stdout);
    let verdict = oracle::fmt_verdict(&text, &ours, &theirs);
    (
        verdict,
        String::new(),
        String::from_utf8_lossy(&text).into_owned(),
    )
}

fn eval(data: &[u8]) -> (Verdict, String, String) {
    let Some(expr) = text_input(data, generate::expression) else {
        return (Verdict::Agree, "not UTF-8: skipped".into(), String::new());
    };
    let Some((verdict, line)) = alloy_fuzz::judge_eval(&expr) else {
        unreachable!("checked in main")
    };
    (verdict, line, expr)
}

fn regex(data: &[u8]) -> (Verdict, String, String) {
    let Some(pattern) = text_input(data, generate::regex) else {
        return (Verdict::Agree, "not UTF-8: skipped".into(), String::new());
    };
    let Some(line) = reference::regex_answer(&pattern) else {
        unreachable!("checked in main")
    };
    let verdict = match oracle::reference_regex(&line) {
        Some(theirs) => oracle::regex_verdict(&oracle::our_regex(&pattern), &theirs),
        None => Verdict::Diverge(format!("unexpected output {line:?}")),
    };
    (verdict, line.trim_end().to_string(), pattern)
}
