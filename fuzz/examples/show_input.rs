//! Prints what a target checks for a saved input (the generated config,
//! expression or pattern): `cargo run --example show_input -- TARGET FILE`, quoted; with
//! `--raw` after FILE, the text itself (for `record_fixture.py`).
use alloy_fuzz::{config_input, generate, text_input};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(target), Some(path)) = (args.next(), args.next()) else {
        eprintln!("usage: show_input parse|recovery|diff_parse|diff_fmt|diff_eval|diff_regex FILE");
        std::process::exit(2);
    };
    let data = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2);
    });
    // The bytes the target checks (a config may be any bytes; an expression or pattern is text).
    let shown: Option<Vec<u8>> = match target.as_str() {
        "parse" | "recovery" | "diff_parse" | "diff_fmt" => Some(config_input(&data).into_owned()),
        "diff_eval" => text_input(&data, generate::expression).map(String::into_bytes),
        "diff_regex" => text_input(&data, generate::regex).map(String::into_bytes),
        other => {
            eprintln!("unknown target {other}");
            std::process::exit(2);
        }
    };
    let raw = args.next().as_deref() == Some("--raw");
    match shown {
        Some(bytes) if raw => {
            use std::io::Write;
            let _ = std::io::stdout().write_all(&bytes);
        }
        Some(bytes) => println!("{:?}", String::from_utf8_lossy(&bytes)),
        None => println!("(not UTF-8: the target skips it)"),
    }
}
