//! `cargo run -p alloy-bench-corpus --bin make-log-host -- DIR [APPS] [FILES]` writes
//! `DIR/config.alloy` (APPS pipelines of five components, default 100) and the log files it
//! tails under `DIR/root` (FILES per app, default 100): `alloylint explain DIR/config.alloy
//! --fs-root DIR/root` is then the explain benchmark's work.
fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(std::path::PathBuf::from) else {
        eprintln!("usage: make-log-host DIR [APPS] [FILES]");
        std::process::exit(2);
    };
    let apps: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100);
    let files: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100);
    let written = std::fs::create_dir_all(&dir)
        .and_then(|_| {
            std::fs::write(
                dir.join("config.alloy"),
                alloy_bench_corpus::file_pipelines(apps),
            )
        })
        .and_then(|_| alloy_bench_corpus::log_tree(&dir.join("root"), apps, files));
    if let Err(e) = written {
        eprintln!("make-log-host: cannot write {}: {e}", dir.display());
        std::process::exit(2);
    }
}
