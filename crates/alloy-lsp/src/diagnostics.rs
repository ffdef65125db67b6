//! Diagnostics: alloylint's validator (`alloy_lint::lint_config_with`) run over the open
//! documents on a worker thread, and its findings turned into LSP diagnostics.
//!
//! Every check of a config is a job with a sequence number. Only the result of the config's
//! latest job is published, and only for documents still at the version the job read, so a
//! slow, stale result never overwrites a newer one.

use crate::text::Encoding;
use crate::world::{file_lines, file_uri, lint, overlay, ConfigKey, Options};
use alloy_diagnostics::{Diagnostic, Severity};
use alloy_lint::{LintReport, SourceFile};
use crossbeam_channel::{Receiver, Sender};
use lsp_types as lsp;
use lsp_types::Url;
use std::collections::HashMap;
use std::path::PathBuf;

/// One check of one config.
pub struct Job {
    pub config: ConfigKey,
    pub seq: u64,
    /// The world's generation when the job read the texts.
    pub generation: u64,
    /// The open documents' texts (all of them: imported modules may be open too).
    pub texts: Vec<(PathBuf, String)>,
    /// URI and version of each open document of the config, as the job read them.
    pub open: Vec<(Url, PathBuf, i32)>,
    pub options: Options,
    pub encoding: Encoding,
}

/// What a job found, per open document of its config.
pub struct JobResult {
    pub config: ConfigKey,
    pub seq: u64,
    pub generation: u64,
    pub publish: Vec<(Url, i32, Vec<lsp::Diagnostic>)>,
    /// The whole report, which code actions reuse while nothing changes.
    pub report: LintReport,
}

/// Starts the worker thread: it takes jobs from `jobs` (only the newest per config when several
/// wait) and sends results to `results`. A panicking check is logged and skipped.
pub fn spawn_worker(jobs: Receiver<Job>, results: Sender<JobResult>) {
    std::thread::Builder::new()
        .name("alloy-lsp diagnostics".into())
        .spawn(move || {
            while let Ok(first) = jobs.recv() {
                let mut latest: HashMap<ConfigKey, Job> = HashMap::new();
                latest.insert(first.config.clone(), first);
                while let Ok(more) = jobs.try_recv() {
                    latest.insert(more.config.clone(), more);
                }
                for (_, job) in latest {
                    let config = job.config.clone();
                    let outcome =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_job(job)));
                    match outcome {
                        Ok(result) => {
                            if results.send(result).is_err() {
                                return;
                            }
                        }
                        Err(_) => eprintln!(
                            "alloy-lsp: checking {} panicked; its diagnostics are not updated",
                            config.0.display()
                        ),
                    }
                }
            }
        })
        .expect("spawning the diagnostics thread");
}

fn run_job(job: Job) -> JobResult {
    let overlay = overlay(job.texts.iter().map(|(p, t)| (p.as_path(), t.as_str())));
    let report = lint(&overlay, &job.config, &job.options.lint);
    let mut publish = Vec::new();
    for (uri, path, version) in job.open {
        let file = report
            .files
            .iter()
            .position(|f| std::path::Path::new(&f.path) == path);
        let diagnostics = match file {
            Some(file) => file_diagnostics(&report, file, &job.options, job.encoding),
            None => Vec::new(),
        };
        publish.push((uri, version, diagnostics));
    }
    JobResult {
        config: job.config,
        seq: job.seq,
        generation: job.generation,
        publish,
        report,
    }
}

/// The LSP diagnostics of one file of a report.
pub fn file_diagnostics(
    report: &LintReport,
    file: usize,
    options: &Options,
    encoding: Encoding,
) -> Vec<lsp::Diagnostic> {
    report
        .findings
        .iter()
        .filter(|f| f.file == file)
        .map(|f| to_lsp(&f.diagnostic, file, &report.files, options, encoding))
        .collect()
}

/// One diagnostic in LSP terms: its primary span, severity, rule code with a link to the
/// rule's page, the hint under the message and its secondary labels as related information
/// (the first definition of a duplicate, the other members of a cycle).
pub fn to_lsp(
    d: &Diagnostic,
    file: usize,
    files: &[SourceFile],
    options: &Options,
    encoding: Encoding,
) -> lsp::Diagnostic {
    let lines = file_lines(&files[file], encoding);
    let range = d.primary_span().map(|s| lines.range(s)).unwrap_or_default();
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter(|l| !l.primary)
        .filter_map(|l| {
            let f = l.file.unwrap_or(file);
            let source = files.get(f)?;
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location {
                    uri: file_uri(&source.path)?,
                    range: file_lines(source, encoding).range(l.span),
                },
                message: l.message.clone(),
            })
        })
        .collect();
    let href = options
        .rules_base_url
        .as_ref()
        .and_then(|base| Url::parse(&format!("{base}{}.md", d.code)).ok());
    lsp::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
            Severity::Hint => lsp::DiagnosticSeverity::HINT,
        }),
        code: Some(lsp::NumberOrString::String(d.code.clone())),
        code_description: href.map(|href| lsp::CodeDescription { href }),
        source: Some("alloylint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: (d.code == "deprecated-function").then(|| vec![lsp::DiagnosticTag::DEPRECATED]),
        data: None,
    }
}
