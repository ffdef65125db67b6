//! `alloylint`: validates Grafana Alloy configurations.
//!
//! Exit status: 0 when nothing at error level was found, 1 when something was, 2 for usage
//! and I/O errors.

mod fix;
mod output;

use alloy_diagnostics::{render_human, render_human_in, RenderOptions, Severity, SourceView};
use alloy_lint::{ConfigFile, HostCheck, LintOptions, LintReport, SourceFile, StabilityLevel};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "alloylint",
    version,
    about = "Validate Grafana Alloy configurations",
    long_about = "Validate Grafana Alloy configurations: unknown components, attributes and blocks, \
                  missing required settings, duplicates, value types, references and cycles, modules, \
                  stability levels and regular expressions.\n\n`check` is the default command: \
                  `alloylint config.alloy` is `alloylint check config.alloy`."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check configs: files, directories (one config made of their *.alloy files) or - for stdin.
    Check(CheckArgs),
    /// Print the schema of a component or config block (or of everything).
    Schema(SchemaArgs),
    /// Evaluate an Alloy expression, or an attribute of a config, and print the value.
    Eval(EvalArgs),
    /// List every rule: name, category, default severity, whether Alloy rejects it, fix.
    Rules,
    /// Print a rule's documentation (Markdown, as in docs/rules/NAME.md).
    Rule(RuleArgs),
    /// Run a config's components locally: the files each source finds and the label sets
    /// (streams) each writer receives.
    Explain(ExplainArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum ExplainFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum GraphFormat {
    Mermaid,
    Dot,
}

#[derive(clap::Args)]
struct ExplainArgs {
    /// A config file, or a directory of *.alloy files as one config.
    config: PathBuf,
    #[arg(long, value_enum, default_value_t = ExplainFormat::Human)]
    format: ExplainFormat,
    /// The directory the config's absolute paths are read under (default /).
    #[arg(long, default_value = "/")]
    fs_root: PathBuf,
    /// Find files as this user would (permissions computed from the mode bits; the user and
    /// its groups from FS_ROOT/etc/passwd and FS_ROOT/etc/group). Default: what this process
    /// can read.
    #[arg(long, value_name = "USER")]
    run_as: Option<String>,
    /// Print the pipeline as a Mermaid flowchart or a Graphviz digraph instead of the report.
    #[arg(long, value_enum, value_name = "FORMAT")]
    graph: Option<GraphFormat>,
}

#[derive(clap::Args)]
struct RuleArgs {
    /// The rule's name, which is the diagnostic code (unknown-attribute, ...).
    name: String,
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaFormat {
    Json,
    Markdown,
}

#[derive(clap::Args)]
struct SchemaArgs {
    /// A component or config block name (prometheus.scrape, logging, ...). All when absent.
    component: Option<String>,
    #[arg(long, value_enum, default_value_t = SchemaFormat::Markdown)]
    format: SchemaFormat,
}

#[derive(clap::Args)]
struct EvalArgs {
    /// The expression, e.g. 'string.format("%d", 1 + 2)'.
    // An expression may start with `-` (`-1`, `-x.y`): take it as the value, not as a flag.
    #[arg(
        required_unless_present = "file",
        conflicts_with = "file",
        allow_hyphen_values = true
    )]
    expression: Option<String>,
    /// A config file to evaluate an attribute of (with --at).
    #[arg(long, requires = "at")]
    file: Option<PathBuf>,
    /// The attribute to evaluate: component.label.attribute (prometheus.scrape.default.scrape_interval).
    #[arg(long, requires = "file")]
    at: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Config files, directories, or - for standard input.
    #[arg(value_name = "PATHS", required = true)]
    paths: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Lowest stability level allowed, as Alloy's --stability.level.
    #[arg(long = "stability.level", value_name = "LEVEL", default_value = "generally-available",
          value_parser = clap::builder::PossibleValuesParser::new(StabilityLevel::VALUES))]
    stability_level: String,
    /// Allow community components, as Alloy's --feature.community-components.enabled.
    #[arg(long = "feature.community-components.enabled")]
    community_components: bool,
    /// Do not read modules named by import.file (their declarations are then not checked).
    #[arg(long)]
    no_follow_imports: bool,
    /// Colored human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Only these rules (names or categories, comma-separated; rules Alloy rejects always run).
    /// Replaces `select` of .alloylint.toml.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Vec<String>,
    /// Skip these rules (names or categories, comma-separated), besides the config file's.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,
    /// The user Alloy runs as, for unsafe-path-permissions (default: alloy).
    #[arg(long, value_name = "USER")]
    run_as: Option<String>,
    /// Check the paths the config reads below DIR instead of / (a mounted image, a test tree);
    /// users and groups then come from DIR/etc/passwd and DIR/etc/group.
    #[arg(long, value_name = "DIR")]
    fs_root: Option<PathBuf>,
    /// The .alloylint.toml to use, instead of the nearest one above the first path.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Apply safe fixes, then format; files with syntax errors are left alone. With - the
    /// fixed text is printed.
    #[arg(long)]
    fix: bool,
    /// With --fix, also apply unsafe fixes (guesses that need review).
    #[arg(long, requires = "fix")]
    unsafe_fixes: bool,
    /// With --fix, print a diff of what would change instead of writing (exit 1 when something would).
    #[arg(long, requires = "fix")]
    diff: bool,
}

/// The subcommand names, so that a first argument which is none of them means `check`.
const SUBCOMMANDS: &[&str] = &[
    "check",
    "schema",
    "eval",
    "explain",
    "rules",
    "rule",
    "help",
    "-h",
    "--help",
    "-V",
    "--version",
];

/// The command-line program: parses `std::env::args_os()`, does the work and returns the exit
/// status. The `alloylint` binary (in the workspace root package, so that `cargo install --path .`
/// and pre-commit install it) is just this.
pub fn run() -> ExitCode {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let first_is_command = args
        .get(1)
        .and_then(|a| a.to_str())
        .is_some_and(|a| SUBCOMMANDS.contains(&a));
    if args.len() > 1 && !first_is_command {
        args.insert(1, "check".into());
    }
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Check(args) => run_check(args),
        Command::Schema(args) => run_schema(args),
        Command::Eval(args) => run_eval(args),
        Command::Rules => {
            print!("{}", rules_table());
            ExitCode::SUCCESS
        }
        Command::Rule(args) => run_rule(&args.name),
        Command::Explain(args) => run_explain(args),
    }
}

fn run_explain(args: ExplainArgs) -> ExitCode {
    use alloy_runtime::{explain, graph, Env, Registry};
    let env = match &args.run_as {
        Some(user) => Env::run_as(&args.fs_root, user).map_err(|e| format!("--run-as {user}: {e}")),
        None if args.fs_root.is_dir() => Ok(Env::new(&args.fs_root)),
        None => Err(format!(
            "--fs-root {}: not a directory",
            args.fs_root.display()
        )),
    };
    let sources = env.and_then(|env| Ok((env, explain::load(&args.config)?)));
    let (env, sources) = match sources {
        Ok(loaded) => loaded,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let model = alloy_semantic::Model::build(&sources);
    let run = alloy_runtime::run(
        &model,
        &Registry::builtin(),
        &env,
        &alloy_eval::Evaluator::system(),
    );
    match (args.graph, args.format) {
        (Some(format), _) => {
            let format = match format {
                GraphFormat::Mermaid => graph::GraphFormat::Mermaid,
                GraphFormat::Dot => graph::GraphFormat::Dot,
            };
            print!("{}", graph::Graph::build(&model, &run).render(format));
        }
        (None, ExplainFormat::Human) => print!("{}", explain::to_human(&run)),
        (None, ExplainFormat::Json) => println!("{:#}", explain::to_json(&run)),
    }
    ExitCode::SUCCESS
}

/// One aligned line per rule.
fn rules_table() -> String {
    let rules = alloy_lint::registry::all();
    let width = rules.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = format!(
        "{:width$}  {:11}  {:8}  {:13}  {:6}  summary\n",
        "rule", "category", "severity", "alloy rejects", "fix"
    );
    for rule in rules {
        out.push_str(&format!(
            "{:width$}  {:11}  {:8}  {:13}  {:6}  {}\n",
            rule.name,
            rule.category.as_str(),
            rule.default_severity.to_string(),
            if rule.alloy_rejects { "yes" } else { "no" },
            rule.fix.map_or("-", |a| a.as_str()),
            rule.summary,
        ));
    }
    out
}

fn run_rule(name: &str) -> ExitCode {
    match alloy_lint::registry::get(name) {
        Some(rule) => {
            print!("{}", alloy_lint::registry::rule_page(rule));
            ExitCode::SUCCESS
        }
        None => {
            let names = alloy_lint::registry::all().iter().map(|r| r.name);
            match alloy_lint::closest(name, names) {
                Some(close) => eprintln!("alloylint: no rule named {name}; did you mean {close}?"),
                None => eprintln!("alloylint: no rule named {name}; `alloylint rules` lists them"),
            }
            ExitCode::from(2)
        }
    }
}

fn run_schema(args: SchemaArgs) -> ExitCode {
    let rendered = match args.format {
        SchemaFormat::Json => alloy_schema::to_json(args.component.as_deref()),
        SchemaFormat::Markdown => alloy_schema::to_markdown(args.component.as_deref()),
    };
    match rendered {
        Ok(text) => {
            print!("{text}");
            if !text.ends_with('\n') {
                println!();
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("alloylint: {e}");
            ExitCode::from(2)
        }
    }
}

fn run_eval(args: EvalArgs) -> ExitCode {
    let (source_name, source, result) = match (&args.expression, &args.file, &args.at) {
        (Some(expr), _, _) => (
            "<expression>".to_string(),
            expr.clone(),
            alloy_eval::eval_command(expr),
        ),
        (None, Some(file), Some(at)) => {
            let text = match std::fs::read_to_string(file) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("alloylint: {}: {e}", file.display());
                    return ExitCode::from(2);
                }
            };
            let result = alloy_eval::eval_attribute(&text, at);
            (file.display().to_string(), text, result)
        }
        _ => {
            eprintln!("alloylint: eval needs an expression, or --file CONFIG --at component.label.attribute");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            let index = alloy_diagnostics::LineIndex::new(&source);
            let color = std::io::stderr().is_terminal();
            for d in &e.diagnostics {
                eprint!(
                    "{}",
                    render_human(&source_name, &source, &index, d, RenderOptions { color })
                );
            }
            ExitCode::from(1)
        }
    }
}

/// The lint options: the stability flags, then `.alloylint.toml` (the one given, or the
/// nearest above the first path), then the command line's rule and host overrides.
fn check_options(args: &CheckArgs) -> Result<LintOptions, String> {
    let mut options = LintOptions {
        stability: StabilityLevel::parse(&args.stability_level).unwrap_or_default(),
        community_components: args.community_components,
        follow_imports: !args.no_follow_imports,
        ..LintOptions::default()
    };
    let config_path = match &args.config {
        Some(path) => Some(path.clone()),
        None => {
            let start = match args.paths.first().map(String::as_str) {
                Some("-") | None => PathBuf::from("."),
                Some(p) => PathBuf::from(p),
            };
            alloy_lint::config::find_config(&start)
        }
    };
    let config = match &config_path {
        Some(path) => alloy_lint::config::load_config(path).map_err(|e| e.to_string())?,
        None => ConfigFile::default(),
    };
    options.rules = config.rules;
    if !args.select.is_empty() {
        options.rules.select = args.select.clone();
    }
    options.rules.ignore.extend(args.ignore.iter().cloned());
    options
        .rules
        .validate()
        .map_err(|e| format!("--select/--ignore: {e}"))?;
    options.high_cardinality_labels = config.high_cardinality_labels;
    let explicit = args.run_as.is_some()
        || args.fs_root.is_some()
        || config.run_as.is_some()
        || config.fs_root.is_some();
    let host = HostCheck {
        fs_root: args
            .fs_root
            .clone()
            .or(config.fs_root)
            .unwrap_or_else(|| PathBuf::from("/")),
        run_as: args
            .run_as
            .clone()
            .or(config.run_as)
            .unwrap_or_else(|| "alloy".to_string()),
        explicit,
    };
    if explicit {
        if !host.fs_root.is_dir() {
            return Err(format!(
                "--fs-root {}: not a directory",
                host.fs_root.display()
            ));
        }
        let accounts = alloy_runtime::host::Accounts::load(&host.fs_root);
        if accounts.user(&host.run_as).is_none() {
            return Err(format!(
                "--run-as {}: no such user in {}",
                host.run_as,
                host.fs_root.join("etc/passwd").display()
            ));
        }
    }
    options.host = Some(host);
    Ok(options)
}

fn run_check(args: CheckArgs) -> ExitCode {
    let options = match check_options(&args) {
        Ok(options) => options,
        Err(e) => {
            eprintln!("alloylint: {e}");
            return ExitCode::from(2);
        }
    };
    if args.fix && args.paths.iter().any(|p| p == "-") && args.paths.len() > 1 {
        eprintln!("alloylint: --fix with - (standard input) takes no other paths");
        return ExitCode::from(2);
    }
    let mut reports = Vec::new();
    let mut io_error = false;
    let mut would_change = false;
    for path in &args.paths {
        let files = if path == "-" {
            let mut bytes = Vec::new();
            match std::io::stdin().read_to_end(&mut bytes) {
                Ok(_) => Ok(vec![SourceFile::from_bytes("<stdin>", bytes)]),
                Err(e) => Err(e),
            }
        } else {
            alloy_lint::load_config_path(&PathBuf::from(path))
        };
        match files {
            Ok(files) if files.is_empty() => {
                eprintln!("alloylint: {path}: no *.alloy files in this directory");
                io_error = true;
            }
            Ok(files) if args.fix => {
                let stdin = path == "-";
                let fixed = fix::fix_config(files, &options, args.unsafe_fixes);
                for file in &fixed.files {
                    if let Some(reason) = &file.skipped {
                        eprintln!("alloylint: {}: not fixed: {reason}", file.path);
                        continue;
                    }
                    if stdin {
                        print!("{}", file.fixed);
                        continue;
                    }
                    if file.fixed == file.original {
                        continue;
                    }
                    would_change = true;
                    if args.diff {
                        let color =
                            std::io::stdout().is_terminal() && !matches!(args.color, Color::Never);
                        print!(
                            "{}",
                            alloyfmt::diff::unified(&file.path, &file.original, &file.fixed, color)
                        );
                    } else if let Err(e) = alloyfmt::write::replace_file(
                        std::path::Path::new(&file.path),
                        &[&file.fixed],
                    ) {
                        eprintln!("alloylint: {}: cannot write: {e}", file.path);
                        io_error = true;
                    } else {
                        eprintln!("alloylint: fixed {}", file.path);
                    }
                }
                if !stdin && !args.diff {
                    reports.push(fixed.report);
                }
            }
            Ok(files) => reports.push(alloy_lint::lint_config(files, &options)),
            Err(e) => {
                eprintln!("alloylint: {path}: {e}");
                io_error = true;
            }
        }
    }
    if args.fix && (args.diff || args.paths.iter().any(|p| p == "-")) {
        return if io_error {
            ExitCode::from(2)
        } else if would_change && args.diff {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        };
    }

    let text = match args.format {
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => std::io::stdout().is_terminal(),
            };
            human_report(&reports, color)
        }
        Format::Json => output::json_report(&reports) + "\n",
        Format::Sarif => output::sarif_report(&reports) + "\n",
        Format::Github => output::github_report(&reports),
    };
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(text.as_bytes()).is_err() {
        return ExitCode::from(2);
    }
    if matches!(args.format, Format::Human) {
        eprintln!("{}", summary(&reports));
    }
    if io_error {
        ExitCode::from(2)
    } else if reports.iter().any(LintReport::has_errors) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn human_report(reports: &[LintReport], color: bool) -> String {
    let mut out = String::new();
    for report in reports {
        let views: Vec<SourceView<'_>> = report.files.iter().map(SourceFile::view).collect();
        for f in &report.findings {
            out.push_str(&render_human_in(
                &views,
                f.file,
                &f.diagnostic,
                RenderOptions { color },
            ));
            out.push('\n');
        }
    }
    out
}

fn summary(reports: &[LintReport]) -> String {
    let count = |s: Severity| {
        reports
            .iter()
            .flat_map(|r| &r.findings)
            .filter(|f| f.diagnostic.severity == s)
            .count()
    };
    let files: usize = reports.iter().map(|r| r.files.len()).sum();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    format!(
        "alloylint: {} checked: {}, {}",
        plural(files, "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}
