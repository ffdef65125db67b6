//! `alloy-lsp`: a language server for Grafana Alloy configurations (`.alloy`, `.river`),
//! speaking LSP 3.17 over stdio with `lsp-server` and `lsp-types`.
//!
//! Every feature is a query on the toolchain's libraries, never a second implementation:
//! diagnostics are alloylint's validator (`alloy_lint::lint_config_with`, over an `Overlay` of
//! the open documents), formatting is `alloy_format::format_source`, hover and completion read
//! `alloy-schema` and the semantic model's position queries (`alloy_semantic::Model::element_at`,
//! `definition_at`, `references_to`, `scope_at`), constant values come from `alloy-eval`.
//!
//! - [`server`]: the main loop (debounced diagnostics on a worker thread, panics caught per
//!   handler);
//! - [`world`]: open documents, incremental changes, which config a file belongs to;
//! - [`text`]: LSP positions (UTF-16 or UTF-8 columns) to byte offsets and back;
//! - one module per feature.

mod actions;
mod completion;
mod custom;
pub mod diagnostics;
mod handlers;
mod hover;
mod navigation;
pub mod server;
mod signature;
mod symbols;
pub mod text;
mod tokens;
pub mod world;

/// How long diagnostics wait for the typing to pause, unless `initializationOptions`
/// (`diagnosticsDelayMs`) says otherwise.
pub const DEFAULT_DIAGNOSTICS_DELAY_MS: u64 = 2;

/// Serves one client on stdin/stdout until it exits.
pub fn run_stdio() -> Result<(), String> {
    let (connection, io_threads) = lsp_server::Connection::stdio();
    server::serve(connection)?;
    io_threads.join().map_err(|e| format!("stdio: {e}"))?;
    Ok(())
}
