//! A real editor: headless Neovim runs its built-in LSP client against the real `alloy-lsp`
//! (`tests/nvim/fix_and_format.lua`): it opens a config with a misplaced attribute, waits for
//! the diagnostic, applies the code action, formats and writes the buffer; the written file is
//! compared byte for byte. Skips with a message when `nvim` is not installed (CI installs it).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CONFIG: &str = r#"prometheus.remote_write "default" {
  endpoint {
    url        = "http://mimir:9009/api/v1/push"
    max_shards = 50
  }
}
"#;

const EXPECTED: &str = "prometheus.remote_write \"default\" {\n\tendpoint {\n\t\turl = \"http://mimir:9009/api/v1/push\"\n\n\t\tqueue_config {\n\t\t\tmax_shards = 50\n\t\t}\n\t}\n}\n";

#[test]
fn neovim_applies_the_fix_formats_and_writes_the_file() {
    let has_nvim = Command::new("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !has_nvim {
        eprintln!("skipping: nvim not found (apt-get install neovim)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.alloy");
    std::fs::write(&config, CONFIG).unwrap();
    let report = dir.path().join("report.txt");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/nvim/fix_and_format.lua");
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-c"])
        .arg(format!("luafile {script}"))
        .env("ALLOY_LSP_BIN", env!("CARGO_BIN_EXE_alloy-lsp"))
        .env("ALLOY_CONFIG", &config)
        .env("ALLOY_REPORT", &report)
        .env("HOME", dir.path())
        .env("XDG_STATE_HOME", dir.path())
        .env("XDG_CACHE_HOME", dir.path())
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting nvim");
    let deadline = Instant::now() + Duration::from_secs(90);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("nvim did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let report = std::fs::read_to_string(&report).unwrap_or_default();
    assert!(status.success(), "nvim failed ({status}):\n{report}");
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(
        lines[1..],
        [
            "diagnostic 3:4 unknown-attribute unknown attribute `max_shards` in prometheus.remote_write > endpoint",
            "action Move `max_shards` into a new `queue_config` block",
            "clean",
        ],
        "{report}"
    );
    assert_eq!(std::fs::read_to_string(&config).unwrap(), EXPECTED);
}
