//! The `alloyfmt` command (see the `alloyfmt` crate).

fn main() -> std::process::ExitCode {
    alloyfmt::run()
}
