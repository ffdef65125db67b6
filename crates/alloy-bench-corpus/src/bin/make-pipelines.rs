//! `cargo run -p alloy-bench-corpus --bin make-pipelines -- OUT [COMPONENTS]` writes the
//! generated valid config the validator benchmark runs on (default 2,000 components).
fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: make-pipelines OUT [COMPONENTS]");
        std::process::exit(2);
    };
    let components: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(2000);
    if let Err(e) = std::fs::write(&out, alloy_bench_corpus::pipelines(components)) {
        eprintln!("make-pipelines: cannot write {out}: {e}");
        std::process::exit(2);
    }
}
