//! `alloyfmt`: formats Grafana Alloy configuration files exactly as `alloy fmt` does.
//!
//! Exit status: 0 when everything is formatted (or was rewritten with `--write`), 1 when
//! `--check`/`--diff` found a file that would change, 2 on any error (a file that does not parse,
//! an unreadable file, bad arguments). Errors in one file do not stop the others.

pub mod diff;
mod files;
pub mod write;

use alloy_diagnostics::{render_human, Diagnostic, LineIndex, RenderOptions};
use alloy_format::FormatError;
use clap::{Parser, ValueEnum};
use rayon::prelude::*;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const STDIN_NAME: &str = "<stdin>";

#[derive(Parser, Debug)]
#[command(
    name = "alloyfmt",
    version,
    about = "Format Grafana Alloy configuration files, byte-identical to `alloy fmt`",
    long_about = "Format Grafana Alloy configuration files (*.alloy, *.river), byte-identical to `alloy fmt`.\n\n\
        With one file or standard input, the formatted text goes to stdout. Directories are searched \
        recursively for *.alloy and *.river files, skipping hidden and git-ignored directories.\n\n\
        Every result is checked before it is used: it must parse to the same syntax tree and keep every comment.",
    after_help = "Exit status: 0 formatted, 1 a file would be reformatted (--check/--diff), 2 error.\n\n\
        Examples:\n  alloyfmt config.alloy            print the formatted file\n  \
        alloyfmt -w .                    rewrite every changed file under the current directory\n  \
        alloyfmt --check --diff configs  fail (exit 1) and show what would change"
)]
struct Cli {
    /// Files or directories to format; `-` or nothing reads standard input.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Rewrite files whose formatting changes (unchanged files are not touched).
    #[arg(short = 'w', long = "write", conflicts_with_all = ["check", "diff"])]
    write: bool,

    /// Write nothing; list the files that would change and exit with 1 if there are any.
    #[arg(long = "check", visible_alias = "test", short = 't')]
    check: bool,

    /// Print a unified diff of the changes instead of the formatted text; exit 1 if any.
    #[arg(short = 'd', long = "diff")]
    diff: bool,

    /// Print nothing except errors.
    #[arg(short = 'q', long = "quiet")]
    quiet: bool,

    /// When to use colors in diffs and diagnostics.
    #[arg(long = "color", value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// What happened to one input.
enum Outcome {
    Formatted {
        changed: bool,
        /// Kept only when a diff is shown.
        original: Option<String>,
        /// Kept only when it is printed or diffed; in the parts it was made in, which joined
        /// are the formatted text (a big file's output is never copied into one string).
        formatted: Option<Vec<String>>,
        written: bool,
    },
    /// Diagnostics to show; the input was left alone.
    Failed(String),
}

struct Options {
    write: bool,
    keep_original: bool,
    keep_formatted: bool,
    color_out: bool,
    color_err: bool,
}

/// The command-line program: parses `std::env::args_os()`, does the work and returns the exit
/// status. The `alloyfmt` binary (in the workspace root package, so that `cargo install --path .`
/// and pre-commit install it) is just this.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    run_with(cli)
}

fn color_enabled(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none(),
    }
}

fn run_with(cli: Cli) -> ExitCode {
    let print_formatted = !cli.check && !cli.diff && !cli.write;
    let options = Options {
        write: cli.write,
        keep_original: cli.diff,
        keep_formatted: cli.diff || print_formatted,
        color_out: color_enabled(cli.color, io::stdout().is_terminal()),
        color_err: color_enabled(cli.color, io::stderr().is_terminal()),
    };
    let uses_stdin = cli.paths.is_empty() || cli.paths.iter().any(|p| p.as_os_str() == "-");
    if uses_stdin && cli.paths.len() > 1 {
        eprintln!("error: `-` (standard input) cannot be combined with other paths");
        return ExitCode::from(2);
    }
    if uses_stdin && cli.write {
        eprintln!("error: --write needs file paths; standard input cannot be rewritten");
        return ExitCode::from(2);
    }

    let mut stdout = io::stdout().lock();
    let mut stderr = io::stderr().lock();
    let mut failed = false;
    let mut results: Vec<(String, Outcome)> = Vec::new();

    if uses_stdin {
        let mut bytes = Vec::new();
        let outcome = match io::stdin().read_to_end(&mut bytes) {
            Ok(_) => format_text(STDIN_NAME, &bytes, &options, None),
            Err(e) => Outcome::Failed(format!("error: {STDIN_NAME}: {e}\n")),
        };
        results.push((STDIN_NAME.to_string(), outcome));
    } else {
        let (files, path_errors) = files::collect(&cli.paths);
        for error in &path_errors {
            let _ = writeln!(stderr, "error: {}: {}", error.path.display(), error.message);
            failed = true;
        }
        results = files
            .par_iter()
            .map(|path| {
                let name = path.display().to_string();
                let outcome = match files::read(path) {
                    Ok(bytes) => format_text(&name, &bytes, &options, Some(path)),
                    Err(e) => Outcome::Failed(format!("error: {name}: {e}\n")),
                };
                (name, outcome)
            })
            .collect();
    }

    let single_input = results.len() == 1;
    let mut changed = 0usize;
    let mut unchanged = 0usize;
    for (name, outcome) in &results {
        match outcome {
            Outcome::Failed(report) => {
                failed = true;
                let _ = stderr.write_all(report.as_bytes());
            }
            Outcome::Formatted {
                changed: false,
                formatted,
                ..
            } => {
                unchanged += 1;
                if print_formatted {
                    write_parts(&mut stdout, formatted.as_deref().unwrap_or_default());
                }
            }
            Outcome::Formatted {
                changed: true,
                original,
                formatted,
                written,
            } => {
                changed += 1;
                let formatted = formatted.as_deref().unwrap_or_default();
                if cli.diff {
                    let original = original.as_deref().unwrap_or_default();
                    let text =
                        diff::unified(name, original, &formatted.concat(), options.color_out);
                    let _ = stdout.write_all(text.as_bytes());
                } else if cli.check {
                    if !cli.quiet {
                        let _ = writeln!(stdout, "{name}");
                    }
                } else if *written {
                    if !cli.quiet && !single_input {
                        let _ = writeln!(stderr, "formatted {name}");
                    }
                } else if print_formatted {
                    write_parts(&mut stdout, formatted);
                }
            }
        }
    }
    if cli.write && !cli.quiet && !single_input {
        let _ = writeln!(
            stderr,
            "{changed} file(s) reformatted, {unchanged} already formatted"
        );
    }
    let _ = stdout.flush();

    if failed {
        ExitCode::from(2)
    } else if changed > 0 && (cli.check || cli.diff) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn format_text(name: &str, bytes: &[u8], options: &Options, path: Option<&Path>) -> Outcome {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => {
            let parse = alloy_syntax::parse_bytes(bytes);
            let (shown, _) = alloy_syntax::replace_invalid_utf8(bytes);
            return Outcome::Failed(render_all(
                name,
                &shown,
                &parse.diagnostics,
                options.color_err,
            ));
        }
    };
    match alloy_format::format_in_pieces(text, alloy_format::PIECE_BYTES) {
        Ok(formatted) => {
            let changed = !is_joined(text, &formatted);
            let mut written = false;
            if changed && options.write {
                if let Some(path) = path {
                    if let Err(e) = write::replace_file(path, &formatted) {
                        return Outcome::Failed(format!("error: {name}: cannot write: {e}\n"));
                    }
                    written = true;
                }
            }
            Outcome::Formatted {
                changed,
                original: options.keep_original.then(|| text.to_string()),
                formatted: options.keep_formatted.then_some(formatted),
                written,
            }
        }
        Err(FormatError::Parse(diagnostics)) => {
            Outcome::Failed(render_all(name, text, &diagnostics, options.color_err))
        }
        Err(FormatError::Internal(diagnostic)) => Outcome::Failed(render_all(
            name,
            text,
            std::slice::from_ref(&*diagnostic),
            options.color_err,
        )),
    }
}

/// Whether `text` is `parts` joined.
fn is_joined(text: &str, parts: &[String]) -> bool {
    let mut rest = text;
    parts
        .iter()
        .all(|part| match rest.strip_prefix(part.as_str()) {
            Some(after) => {
                rest = after;
                true
            }
            None => false,
        })
        && rest.is_empty()
}

fn write_parts(out: &mut impl Write, parts: &[String]) {
    for part in parts {
        if out.write_all(part.as_bytes()).is_err() {
            return;
        }
    }
}

fn render_all(name: &str, text: &str, diagnostics: &[Diagnostic], color: bool) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for diagnostic in diagnostics.iter().filter(|d| d.is_error()) {
        out.push_str(&render_human(
            name,
            text,
            &index,
            diagnostic,
            RenderOptions { color },
        ));
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}
