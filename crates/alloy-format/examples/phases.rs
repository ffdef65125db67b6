fn main() {
    let path = std::env::args().nth(1).unwrap();
    let size: usize = std::env::args().nth(2).unwrap().parse().unwrap();
    let runs: usize = std::env::args().nth(3).map_or(1, |s| s.parse().unwrap());
    let bytes = std::fs::read(&path).unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    let mut best = std::time::Duration::MAX;
    for _ in 0..runs {
        let t = std::time::Instant::now();
        let out = alloy_format::format_in_pieces(text, size).unwrap();
        best = best.min(t.elapsed());
        drop(out);
    }
    eprintln!("{size}: best {best:?}");
}
