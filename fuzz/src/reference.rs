//! Running Grafana's reference binaries (`../shared/reference/bin`, or `ALLOY_REFERENCE_BIN`).
//! Every entry point returns `None` when the binaries are absent, so the targets skip cleanly.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The directory holding the `alloy-ref-*` binaries, when it exists.
pub fn bin_dir() -> Option<&'static PathBuf> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = match std::env::var_os("ALLOY_REFERENCE_BIN") {
            Some(dir) => PathBuf::from(dir),
            None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/bin"),
        };
        let present = dir.join("alloy-ref-parse").is_file();
        if !present {
            eprintln!(
                "differential fuzzing skipped: no reference binaries in {} (set ALLOY_REFERENCE_BIN)",
                dir.display()
            );
        }
        present.then_some(dir)
    })
    .as_ref()
}

/// Exit status and stdout of `BIN -` with `input` on stdin.
pub fn run_on_stdin(binary: &str, input: &[u8]) -> Option<(bool, Vec<u8>)> {
    run_with_stdin(binary, &["-"], input)
}

fn run_with_stdin(binary: &str, args: &[&str], input: &[u8]) -> Option<(bool, Vec<u8>)> {
    let mut child = Command::new(bin_dir()?.join(binary))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("reference binary starts");
    let mut stdin = child.stdin.take().expect("piped stdin");
    // A writer thread: the child may fill its stdout pipe before it has read all its input.
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().expect("reference binary runs");
    let _ = writer.join();
    Some((output.status.success(), output.stdout))
}

/// `alloy-ref-regex`'s answer line for one pattern. The binary buffers its output until its
/// input ends, so it cannot be kept running and asked line by line: one process per pattern.
pub fn regex_answer(pattern: &str) -> Option<String> {
    let mut request = serde_json::to_string(pattern).expect("a string serializes");
    request.push('\n');
    let (_, stdout) = run_with_stdin("alloy-ref-regex", &[], request.as_bytes())?;
    Some(String::from_utf8_lossy(&stdout).into_owned())
}
