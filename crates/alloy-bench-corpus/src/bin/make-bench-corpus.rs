//! `cargo run -p alloy-bench-corpus --bin make-bench-corpus -- OUT [MEGABYTES]` writes the
//! benchmark config used for the end-to-end figures in docs/PERFORMANCE.md.
fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: make-bench-corpus OUT [MEGABYTES]");
        std::process::exit(2);
    };
    let mb: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    if let Err(e) = alloy_bench_corpus::write_corpus(std::path::Path::new(&out), mb * 1_000_000) {
        eprintln!("make-bench-corpus: cannot write {out}: {e}");
        std::process::exit(2);
    }
}
