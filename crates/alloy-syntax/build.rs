fn main() {
    // The grammar lives at the workspace top level (`grammar/alloy.lalrpop`).
    println!("cargo:rerun-if-changed=../../grammar/alloy.lalrpop");
}
