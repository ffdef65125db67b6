//! The `alloylint` command (see the `alloylint` crate).

fn main() -> std::process::ExitCode {
    alloylint::run()
}
