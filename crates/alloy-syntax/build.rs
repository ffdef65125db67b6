use std::path::PathBuf;

fn main() {
    // The grammar lives at the workspace top level so it is easy to find and review.
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let grammar_dir = manifest.join("../../grammar");
    println!(
        "cargo:rerun-if-changed={}",
        grammar_dir.join("alloy.lalrpop").display()
    );
    lalrpop::Configuration::new()
        .set_in_dir(&grammar_dir)
        .set_out_dir(std::env::var("OUT_DIR").unwrap())
        .emit_rerun_directives(false)
        .process()
        .expect("grammar/alloy.lalrpop failed to compile");
}
