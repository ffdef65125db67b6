//! Validates a config `RUNS` times (default 1) and prints the number of findings and the best
//! time: `cargo run --release -p alloy-lint --example lint_file -- FILE`. For side-by-side and
//! callgrind figures of the validator.
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: lint_file FILE");
        std::process::exit(2);
    };
    let files = match alloy_lint::load_config_path(std::path::Path::new(&path)) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("lint_file: cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let options = alloy_lint::LintOptions::default();
    let mut best = std::time::Duration::MAX;
    let mut findings = 0;
    for _ in 0..runs.max(1) {
        let start = std::time::Instant::now();
        findings = alloy_lint::lint_config(files.clone(), &options)
            .findings
            .len();
        best = best.min(start.elapsed());
    }
    println!("{path}: {findings} findings, best of {runs}: {best:?}");
}
