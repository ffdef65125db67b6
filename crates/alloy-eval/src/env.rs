//! What the standard library reads from the host: environment variables (`sys.env`) and the
//! `constants` namespace. Behind a trait so tools and tests can make evaluation deterministic.

use std::collections::HashMap;

pub trait Environment {
    /// The value of an environment variable, `None` when unset.
    fn var(&self, name: &str) -> Option<String>;
    /// `constants.hostname`.
    fn hostname(&self) -> String;
    /// `constants.os` (Go's GOOS: `linux`, `darwin`, `windows`, ...).
    fn os(&self) -> String;
    /// `constants.arch` (Go's GOARCH: `amd64`, `arm64`, ...).
    fn arch(&self) -> String;
    /// `constants.version`, normalized with a `v` prefix (`v0.0.0` when unknown).
    fn version(&self) -> String;
}

/// The real process environment and host.
pub struct SystemEnvironment;

impl Environment for SystemEnvironment {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
    fn hostname(&self) -> String {
        std::fs::read_to_string("/proc/sys/kernel/hostname")
            .or_else(|_| std::fs::read_to_string("/etc/hostname"))
            .map(|s| s.trim().to_string())
            .ok()
            .filter(|s| !s.is_empty())
            .or_else(|| std::env::var("HOSTNAME").ok())
            .unwrap_or_default()
    }
    fn os(&self) -> String {
        match std::env::consts::OS {
            "macos" => "darwin".to_string(),
            other => other.to_string(),
        }
    }
    fn arch(&self) -> String {
        go_arch(std::env::consts::ARCH).to_string()
    }
    fn version(&self) -> String {
        "v0.0.0".to_string()
    }
}

/// Rust's architecture names in Go's spelling.
pub fn go_arch(rust_arch: &str) -> &str {
    match rust_arch {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        "powerpc64" => "ppc64",
        "s390x" => "s390x",
        "riscv64" => "riscv64",
        other => other,
    }
}

/// A fixed environment, for tests and reproducible tooling.
#[derive(Clone, Debug, Default)]
pub struct FixedEnvironment {
    pub vars: HashMap<String, String>,
    pub hostname: String,
    pub os: String,
    pub arch: String,
    pub version: String,
}

impl FixedEnvironment {
    /// No variables, host `localhost`, `linux`/`amd64`, version `v0.0.0`.
    pub fn new() -> FixedEnvironment {
        FixedEnvironment {
            vars: HashMap::new(),
            hostname: "localhost".to_string(),
            os: "linux".to_string(),
            arch: "amd64".to_string(),
            version: "v0.0.0".to_string(),
        }
    }
    pub fn with_var(mut self, name: &str, value: &str) -> FixedEnvironment {
        self.vars.insert(name.to_string(), value.to_string());
        self
    }
}

impl Environment for FixedEnvironment {
    fn var(&self, name: &str) -> Option<String> {
        self.vars.get(name).cloned()
    }
    fn hostname(&self) -> String {
        self.hostname.clone()
    }
    fn os(&self) -> String {
        self.os.clone()
    }
    fn arch(&self) -> String {
        self.arch.clone()
    }
    fn version(&self) -> String {
        self.version.clone()
    }
}
