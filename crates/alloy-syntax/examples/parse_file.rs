//! Parses a file and prints a summary: `cargo run --release -p alloy-syntax --example
//! parse_file -- FILE`. Used for the end-to-end timing and peak-memory figures.
fn main() {
    let path = std::env::args().nth(1).expect("usage: parse_file FILE");
    let bytes = std::fs::read(&path).expect("cannot read file");
    let len = bytes.len();
    // Best of several runs: the figure is throughput, not the first run's page faults.
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let mut best = std::time::Duration::MAX;
    for _ in 1..runs {
        // Each parse takes its text (the tree's strings are slices of it): a copy, untimed.
        let copy = bytes.clone();
        let start = std::time::Instant::now();
        let parse = alloy_syntax::parse_byte_vec(copy);
        best = best.min(start.elapsed());
        drop(parse);
    }
    let start = std::time::Instant::now();
    let parse = alloy_syntax::parse_byte_vec(bytes);
    best = best.min(start.elapsed());
    println!(
        "{path}: {} statements, {} comments, {} diagnostics, {:.1} MB/s",
        parse.file.body.len(),
        parse.file.comments.len(),
        parse.diagnostics.len(),
        len as f64 / 1e6 / best.as_secs_f64()
    );
    if parse.diagnostics.is_empty() {
        // The process ends here: freeing the tree node by node would only cost time (about a
        // tenth of the process), the operating system takes the memory back at once.
        std::mem::forget(parse);
        return;
    }
    let bytes = std::fs::read(&path).expect("cannot read file");
    let text = String::from_utf8_lossy(&bytes);
    let index = alloy_diagnostics::LineIndex::new(&text);
    for d in parse.diagnostics.iter().take(20) {
        eprintln!(
            "{}",
            alloy_diagnostics::render_short(&path, &text, &index, d)
        );
    }
}
