//! Explains CONFIG with files under ROOT `times` times and prints the JSON streams count: the
//! explain benchmark's work in a process of its own, for `perf` and `valgrind --tool=callgrind`
//! (`make-log-host` writes the inputs): `explain_host CONFIG ROOT [TIMES]`.
use alloy_runtime::{explain, Env, Registry};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(config), Some(root)) = (args.next(), args.next()) else {
        eprintln!("usage: explain_host CONFIG ROOT [TIMES]");
        std::process::exit(2);
    };
    let times: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let registry = Registry::builtin();
    let evaluator = alloy_eval::Evaluator::system();
    for _ in 0..times {
        let sources = explain::load(std::path::Path::new(&config)).unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(2)
        });
        let model = alloy_semantic::Model::build(&sources);
        let run = alloy_runtime::run(&model, &registry, &Env::new(&root), &evaluator);
        let json = explain::to_json(&run);
        println!("{}", json["writers"][0]["streams"]);
    }
}
