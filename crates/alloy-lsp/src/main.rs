//! The `alloy-lsp` binary: a language server for Grafana Alloy on stdin/stdout.

use std::process::ExitCode;

fn main() -> ExitCode {
    if let Some(arg) = std::env::args().nth(1) {
        match arg.as_str() {
            "--version" | "-V" => {
                println!("alloy-lsp {}", env!("CARGO_PKG_VERSION"));
                return ExitCode::SUCCESS;
            }
            "--stdio" => {}
            _ => {
                eprintln!("usage: alloy-lsp [--stdio | --version]\n\nSpeaks the Language Server Protocol on stdin/stdout; start it from an editor.");
                return ExitCode::from(2);
            }
        }
    }
    match alloy_lsp::run_stdio() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("alloy-lsp: {e}");
            ExitCode::FAILURE
        }
    }
}
