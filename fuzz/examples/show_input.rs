//! Prints what a target checks for a saved input (the generated config,
//! expression or pattern): `cargo run --example show_input -- TARGET FILE`.
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
    let shown = match target.as_str() {
        "parse" | "recovery" | "diff_parse" | "diff_fmt" => {
            Some(String::from_utf8_lossy(&config_input(&data)).into_owned())
        }
        "diff_eval" => text_input(&data, generate::expression),
        "diff_regex" => text_input(&data, generate::regex),
        other => {
            eprintln!("unknown target {other}");
            std::process::exit(2);
        }
    };
    match shown {
        Some(text) => println!("{text:?}"),
        None => println!("(not UTF-8: the target skips it)"),
    }
}
