//! Every ```alloy example of the Alloy docs that parses must validate without errors (no
//! false positives). Snippets are often fragments, so two kinds of finding are counted apart:
//! references to components the snippet does not define, and snippets that are the inside of
//! a block (top-level attributes, or nested blocks such as `rule { ... }` on their own).
//! A few examples are wrong on purpose or in fact; they are listed in `KNOWN_WRONG` with why.

use alloy_lint::{lint_config, LintOptions, SourceFile, StabilityLevel};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// (docs file, 1-based example index in that file, code, why the example is wrong).
const KNOWN_WRONG: &[(&str, usize, &str, &str)] = &[
    (
        "get-started/components/build-pipelines.md",
        7,
        "missing-required-attribute",
        "shows label naming only: components with empty bodies",
    ),
    (
        "get-started/components/component-controller.md",
        1,
        "reference-cycle",
        "the text shows this self-reference as invalid",
    ),
    (
        "get-started/components/component-controller.md",
        2,
        "reference-cycle",
        "the text shows this cycle as invalid",
    ),
    (
        "get-started/components/configure-components.md",
        4,
        "unknown-block",
        "docs bug: queue_config belongs inside endpoint",
    ),
    (
        "get-started/components/configure-components.md",
        7,
        "reference-cycle",
        "the text shows this self-reference as invalid",
    ),
    (
        "get-started/components/configure-components.md",
        8,
        "reference-cycle",
        "the text shows this cycle as invalid",
    ),
    (
        "get-started/expressions/operators.md",
        1,
        "missing-required-attribute",
        "abbreviated: shows an expression, omits forward_to",
    ),
    (
        "get-started/syntax.md",
        3,
        "missing-required-attribute",
        "abbreviated: shows two instances, omits forward_to",
    ),
    (
        "get-started/syntax.md",
        4,
        "unknown-block",
        "docs bug: queue_config belongs inside endpoint",
    ),
    (
        "get-started/syntax.md",
        7,
        "missing-required-attribute",
        "abbreviated: shows comments, omits forward_to",
    ),
    (
        "reference/components/database_observability/database_observability.mysql.md",
        3,
        "unknown-export",
        "docs bug: discovery.relabel exports output, not targets",
    ),
    (
        "reference/components/database_observability/database_observability.postgres.md",
        2,
        "unknown-attribute",
        "docs bug: the attribute is data_source_names",
    ),
    (
        "reference/components/database_observability/database_observability.postgres.md",
        2,
        "unknown-export",
        "docs bug: discovery.relabel exports output, not targets",
    ),
    (
        "reference/components/discovery/discovery.docker.md",
        3,
        "unknown-export",
        "docs bug: discovery.docker.containers.example.targets has a stray `example`",
    ),
    (
        "reference/components/local/local.file.md",
        2,
        "unknown-component",
        "uses grafana_cloud.stack, a module the snippet does not import",
    ),
    (
        "reference/components/loki/loki.process.md",
        10,
        "missing-required-attribute",
        "abbreviated: shows stages, omits forward_to",
    ),
    (
        "reference/components/loki/loki.process.md",
        12,
        "missing-required-attribute",
        "abbreviated: shows stages, omits forward_to",
    ),
    (
        "reference/components/loki/loki.source.gelf.md",
        2,
        "missing-required-attribute",
        "abbreviated: loki.relabel used only for its rules, omits forward_to",
    ),
    (
        "reference/components/loki/loki.source.syslog.md",
        2,
        "missing-required-attribute",
        "abbreviated: loki.relabel used only for its rules, omits forward_to",
    ),
    (
        "reference/components/otelcol/otelcol.exporter.datadog.md",
        2,
        "unknown-attribute",
        "docs bug: resource_attributes_as_tags is not in metrics (the code has it under exporter)",
    ),
    (
        "reference/components/otelcol/otelcol.extension.jaeger_remote_sampling.md",
        4,
        "missing-required-block",
        "abbreviated: shows auth, omits the required source block",
    ),
    (
        "reference/components/otelcol/otelcol.receiver.awss3.md",
        2,
        "unknown-attribute",
        "docs bug: the attribute is s3_partition_format",
    ),
    (
        "reference/components/otelcol/otelcol.receiver.jaeger.md",
        3,
        "missing-required-block",
        "abbreviated: shows auth, omits the required output block",
    ),
    (
        "reference/components/otelcol/otelcol.receiver.zipkin.md",
        3,
        "missing-required-block",
        "abbreviated: shows auth, omits the required output block",
    ),
    (
        "reference/components/prometheus/prometheus.scrape.md",
        4,
        "missing-required-attribute",
        "abbreviated: shows scrape settings only",
    ),
    (
        "reference/components/pyroscope/pyroscope.scrape.md",
        4,
        "type-mismatch",
        "docs bug: [discovery.http.x.targets] is a list of lists; targets takes the list itself",
    ),
    (
        "reference/components/remote/remote.http.md",
        2,
        "unknown-block",
        "docs bug: prometheus.remote_write has endpoint, not client",
    ),
    (
        "reference/components/remote/remote.vault.md",
        3,
        "unknown-component",
        "uses metrics.remote_write, a Grafana Agent component that Alloy does not have",
    ),
    (
        "shared/reference/components/pyroscope-troubleshooting.md",
        1,
        "missing-required-attribute",
        "abbreviated: shows the HTTP server, omits forward_to",
    ),
];

fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("ALLOY_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    dir.join("alloy-docs").is_dir().then_some(dir)
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

/// The ```alloy fences of a Markdown text, dedented by the fence's indentation.
fn alloy_examples(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        match &mut current {
            None => {
                if trimmed.trim_end() == "```alloy" {
                    current = Some((indent, String::new()));
                }
            }
            Some((fence_indent, body)) => {
                if trimmed.trim_end() == "```" {
                    out.push(std::mem::take(body));
                    current = None;
                } else {
                    let cut = line
                        .char_indices()
                        .take_while(|(i, c)| *i < *fence_indent && c.is_whitespace())
                        .count();
                    body.push_str(&line[cut..]);
                    body.push('\n');
                }
            }
        }
    }
    out
}

/// Names of every nested block in the schema: a snippet starting with one is a fragment.
fn nested_block_names() -> HashSet<&'static str> {
    let mut names = HashSet::new();
    let mut stack: Vec<&'static alloy_schema::Body> = alloy_schema::components()
        .iter()
        .map(|c| c.body())
        .chain(alloy_schema::config_blocks().iter().map(|c| c.body()))
        .collect();
    let mut seen = HashSet::new();
    while let Some(body) = stack.pop() {
        if !seen.insert(body as *const _ as usize) {
            continue;
        }
        for b in body.blocks() {
            names.insert(b.name);
            stack.push(b.body());
        }
    }
    names
}

fn is_fragment(file: &alloy_syntax::ast::File, nested: &HashSet<&str>) -> bool {
    use alloy_syntax::ast::Stmt;
    file.body.iter().any(|s| match s {
        Stmt::Attribute(_) => true,
        Stmt::Block(b) => {
            let name = b.full_name();
            alloy_schema::component(&name).is_none()
                && alloy_schema::config_block(&name).is_none()
                && nested.contains(name.as_str())
        }
    })
}

/// The component a reference page documents (`.../loki.process.md` -> `loki.process`).
fn page_component(path: &Path) -> Option<&'static str> {
    let stem = path.file_stem()?.to_str()?;
    alloy_schema::component(stem).map(|c| c.name)
}

/// The nested blocks a fragment's statements belong in (`sourcemaps` for a `location { }`
/// fragment of `faro.receiver`): the shortest path to a body that has its first statement.
fn fragment_path(component: &str, file: &alloy_syntax::ast::File) -> Vec<&'static str> {
    use alloy_syntax::ast::Stmt;
    let Some(first) = file.body.first() else {
        return Vec::new();
    };
    let (name, is_block) = match first {
        Stmt::Attribute(a) => (a.name.name.to_string(), false),
        Stmt::Block(b) => (b.full_name(), true),
    };
    let Some(root) = alloy_schema::component(component).map(|c| c.body()) else {
        return Vec::new();
    };
    let mut queue = std::collections::VecDeque::from([(root, Vec::new())]);
    let mut visited = 0;
    while let Some((body, path)) = queue.pop_front() {
        visited += 1;
        if visited > 5000 {
            break;
        }
        let found = if is_block {
            body.block(&name).is_some()
        } else {
            body.attribute(&name).is_some()
        };
        if found {
            return path;
        }
        if path.len() < 5 {
            for b in body.blocks() {
                let mut p = path.clone();
                p.push(b.name);
                queue.push_back((b.body(), p));
            }
        }
    }
    Vec::new()
}

/// `COMPONENT_NAME "LABEL" { ... }`: a template for readers to fill in, not a config.
fn is_template(file: &alloy_syntax::ast::File) -> bool {
    use alloy_syntax::ast::Stmt;
    file.body.iter().any(|s| match s {
        Stmt::Block(b) => b.name.parts().any(|p| {
            p.name.len() > 1 && p.name.chars().all(|c| c.is_ascii_uppercase() || c == '_')
        }),
        Stmt::Attribute(_) => false,
    })
}

/// A finding about a value the docs leave for readers to fill in (`"<SUBSCRIPTIONS>"`).
fn is_fill_in_value(text: &str, d: &alloy_diagnostics::Diagnostic) -> bool {
    d.primary_span()
        .and_then(|s| text.get(s.range()))
        .is_some_and(|t| t.contains('<') && t.contains('>'))
}

/// Whether finding `code` in example `n` of page `rel` is listed in [`KNOWN_WRONG`].
fn is_known_wrong(rel: &str, n: usize, code: &str) -> bool {
    KNOWN_WRONG
        .iter()
        .any(|(file, number, known, _)| *file == rel && *number == n && *known == code)
}

/// The docs' Markdown files, the schema's nested block names and the options examples are
/// linted with; `None` (with a message) when `../shared` is absent.
struct DocsSetup {
    docs: PathBuf,
    files: Vec<PathBuf>,
    nested: HashSet<&'static str>,
    options: LintOptions,
}

fn docs_setup() -> Option<DocsSetup> {
    let Some(shared) = shared_dir() else {
        eprintln!("docs_examples: shared/alloy-docs not found (set ALLOY_SHARED_DIR); skipping");
        return None;
    };
    let docs = shared.join("alloy-docs");
    let mut files = Vec::new();
    markdown_files(&docs, &mut files);
    Some(DocsSetup {
        docs,
        files,
        nested: nested_block_names(),
        options: LintOptions {
            // The docs document every component, whatever its stability.
            stability: StabilityLevel::Experimental,
            community_components: true,
            follow_imports: false,
            ..LintOptions::default()
        },
    })
}

#[test]
fn docs_examples_validate_without_false_positives() {
    let Some(DocsSetup {
        docs,
        files,
        nested,
        options,
    }) = docs_setup()
    else {
        return;
    };

    let (mut total, mut unparsable, mut fragments, mut clean, mut only_refs) = (0, 0, 0, 0, 0);
    let mut dangling_refs = 0;
    let mut known_wrong_hit = 0;
    let mut templates = 0;
    let mut fill_in_values = 0;
    let mut fragments_checked = 0;
    let mut failures: Vec<String> = Vec::new();
    let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let rel = path
            .strip_prefix(&docs)
            .unwrap_or(path)
            .display()
            .to_string();
        for (i, example) in alloy_examples(&text).into_iter().enumerate() {
            total += 1;
            let parse = alloy_syntax::parse(&example);
            if parse.has_errors() {
                unparsable += 1;
                continue;
            }
            if is_template(&parse.file) {
                templates += 1;
                continue;
            }
            if is_fragment(&parse.file, &nested) {
                fragments += 1;
                // On a component's page, check the fragment inside that component.
                let Some(component) = page_component(path) else {
                    continue;
                };
                let path = fragment_path(component, &parse.file);
                let mut prefix = format!("{component} \"fragment\" {{\n");
                for block in &path {
                    prefix.push_str(block);
                    prefix.push_str(" {\n");
                }
                let suffix = "}\n".repeat(path.len() + 1);
                let wrapped = format!("{prefix}{example}{suffix}");
                let report = lint_config(
                    vec![SourceFile::new(rel.clone(), wrapped.clone())],
                    &options,
                );
                fragments_checked += 1;
                for f in report.findings.iter().filter(|f| f.diagnostic.is_error()) {
                    let d = &f.diagnostic;
                    let on_wrapper = d
                        .primary_span()
                        .is_some_and(|s| (s.start as usize) < prefix.len());
                    if d.code == "unknown-reference"
                        || (on_wrapper && d.code.starts_with("missing-required"))
                    {
                        continue;
                    }
                    if is_known_wrong(&rel, i + 1, &d.code) {
                        known_wrong_hit += 1;
                        continue;
                    }
                    *by_code.entry(d.code.clone()).or_default() += 1;
                    failures.push(alloy_diagnostics::render_short(
                        &format!("{rel}#{} (inside {component})", i + 1),
                        &wrapped,
                        report.files[0].line_index(),
                        d,
                    ));
                }
                continue;
            }
            let report = lint_config(
                vec![SourceFile::new(rel.clone(), example.clone())],
                &options,
            );
            let errors: Vec<_> = report
                .findings
                .iter()
                .filter(|f| f.diagnostic.is_error())
                .collect();
            let refs = errors
                .iter()
                .filter(|f| f.diagnostic.code == "unknown-reference")
                .count();
            dangling_refs += refs;
            if std::env::var_os("DOCS_EXAMPLES_VERBOSE").is_some() {
                for f in errors
                    .iter()
                    .filter(|f| f.diagnostic.code == "unknown-reference")
                {
                    eprintln!("  reference: {rel}#{}: {}", i + 1, f.diagnostic.message);
                }
            }
            let others: Vec<_> = errors
                .iter()
                .filter(|f| f.diagnostic.code != "unknown-reference")
                .collect();
            if errors.is_empty() {
                clean += 1;
            } else if others.is_empty() {
                only_refs += 1;
            }
            for f in others {
                let d = &f.diagnostic;
                if is_fill_in_value(&example, d) {
                    fill_in_values += 1;
                    continue;
                }
                if is_known_wrong(&rel, i + 1, &d.code) {
                    known_wrong_hit += 1;
                    continue;
                }
                *by_code.entry(d.code.clone()).or_default() += 1;
                let file = &report.files[f.file];
                failures.push(alloy_diagnostics::render_short(
                    &format!("{rel}#{}", i + 1),
                    &file.text,
                    file.line_index(),
                    d,
                ));
            }
        }
    }
    eprintln!(
        "docs examples: {total} in all, {unparsable} do not parse (snippets the docs abbreviate), {templates} are templates (`COMPONENT_NAME \"LABEL\"`), {fragments} are block-body fragments ({fragments_checked} of them checked inside their page's component), \
         {} validated: {clean} clean, {only_refs} with only references to components the snippet does not define \
         ({dangling_refs} such references), {known_wrong_hit} findings in examples known to be wrong, {fill_in_values} about values left for readers to fill in (\"<URL>\")",
        total - unparsable - templates - fragments
    );
    for f in &failures {
        eprintln!("  {f}");
    }
    eprintln!("unexpected findings by code: {by_code:?}");
    assert!(
        failures.is_empty(),
        "{} unexpected findings in docs examples (listed above)",
        failures.len()
    );
}

/// Findings of the lint rules (not the validator's) on docs examples that are true: the
/// example does what the rule warns about. (docs file, example index, rule, why).
const KNOWN_TRUE: &[(&str, usize, &str, &str)] = &[
    (
        "get-started/components/build-pipelines.md",
        4,
        "filename-label-kept",
        "the example tails a glob straight to loki.write with the filename label",
    ),
    (
        "reference/components/database_observability/database_observability.sql_server.md",
        2,
        "plaintext-secret",
        "the example writes a password, token or secret as a string literal",
    ),
    (
        "reference/components/discovery/discovery.digitalocean.md",
        2,
        "plaintext-secret",
        "the example writes a password, token or secret as a string literal",
    ),
    (
        "reference/components/local/local.file_match.md",
        3,
        "filename-label-kept",
        "the example tails a glob straight to loki.write with the filename label",
    ),
    (
        "reference/components/local/local.file_match.md",
        4,
        "filename-label-kept",
        "the example tails a glob straight to loki.write with the filename label",
    ),
    (
        "reference/components/local/local.file_match.md",
        5,
        "filename-label-kept",
        "the example tails a glob straight to loki.write with the filename label",
    ),
    (
        "reference/components/loki/loki.source.api.md",
        2,
        "insecure-transport",
        "the example sends basic-auth credentials to a plain http:// URL",
    ),
    (
        "reference/components/loki/loki.source.awsfirehose.md",
        2,
        "insecure-transport",
        "the example sends basic-auth credentials to a plain http:// URL",
    ),
    (
        "reference/components/loki/loki.source.awsfirehose.md",
        3,
        "insecure-transport",
        "the example sends basic-auth credentials to a plain http:// URL",
    ),
    (
        "reference/components/loki/loki.source.file.md",
        3,
        "filename-label-kept",
        "the example tails a glob straight to loki.write with the filename label",
    ),
    (
        "reference/components/loki/loki.source.file.md",
        4,
        "filename-label-kept",
        "the example tails a glob straight to loki.write with the filename label",
    ),
    (
        "reference/components/loki/loki.source.file.md",
        5,
        "filename-label-kept",
        "the example tails a glob straight to loki.write with the filename label",
    ),
    (
        "reference/components/loki/loki.source.file.md",
        6,
        "filename-label-kept",
        "the example tails a glob straight to loki.write with the filename label",
    ),
    (
        "reference/components/otelcol/otelcol.auth.basic.md",
        2,
        "deprecated-argument",
        "the example uses an argument the same docs mark deprecated",
    ),
    (
        "reference/components/otelcol/otelcol.auth.basic.md",
        6,
        "deprecated-argument",
        "the example uses an argument the same docs mark deprecated",
    ),
    (
        "reference/components/otelcol/otelcol.auth.oauth2.md",
        2,
        "plaintext-secret",
        "the example writes a password, token or secret as a string literal",
    ),
    (
        "reference/components/otelcol/otelcol.auth.oauth2.md",
        3,
        "plaintext-secret",
        "the example writes a password, token or secret as a string literal",
    ),
    (
        "reference/components/otelcol/otelcol.connector.servicegraph.md",
        2,
        "deprecated-argument",
        "the example uses an argument the same docs mark deprecated",
    ),
    (
        "reference/components/otelcol/otelcol.connector.spanmetrics.md",
        2,
        "deprecated-argument",
        "the example uses an argument the same docs mark deprecated",
    ),
    (
        "reference/components/otelcol/otelcol.exporter.otlp.md",
        3,
        "deprecated-argument",
        "the example uses an argument the same docs mark deprecated",
    ),
    (
        "reference/components/otelcol/otelcol.receiver.awscloudwatch.md",
        2,
        "deprecated-function",
        "the example calls env(), which the standard library deprecates for sys.env()",
    ),
    (
        "reference/components/otelcol/otelcol.receiver.awsecscontainermetrics.md",
        2,
        "deprecated-argument",
        "the example filters with otelcol.processor.filter's metrics block, which that component's docs mark deprecated (use metric_conditions)",
    ),
    (
        "reference/components/otelcol/otelcol.receiver.awsecscontainermetrics.md",
        2,
        "deprecated-function",
        "the example calls env(), which the standard library deprecates for sys.env()",
    ),
    (
        "reference/components/otelcol/otelcol.receiver.cloudflare.md",
        2,
        "deprecated-function",
        "the example calls env(), which the standard library deprecates for sys.env()",
    ),
    (
        "reference/components/otelcol/otelcol.receiver.googlecloudpubsub.md",
        2,
        "deprecated-function",
        "the example calls env(), which the standard library deprecates for sys.env()",
    ),
    (
        "reference/components/otelcol/otelcol.receiver.nginx.md",
        2,
        "deprecated-function",
        "the example calls env(), which the standard library deprecates for sys.env()",
    ),
    (
        "reference/components/otelcol/otelcol.receiver.solace.md",
        2,
        "plaintext-secret",
        "the example writes a password, token or secret as a string literal",
    ),
    (
        "reference/components/otelcol/otelcol.receiver.vcenter.md",
        2,
        "plaintext-secret",
        "the example writes a password, token or secret as a string literal",
    ),
    (
        "reference/components/prometheus/prometheus.exporter.databricks.md",
        2,
        "plaintext-secret",
        "the example writes a password, token or secret as a string literal",
    ),
    (
        "reference/components/prometheus/prometheus.exporter.mssql.md",
        2,
        "plaintext-secret",
        "the example writes a password, token or secret as a string literal",
    ),
    (
        "reference/components/prometheus/prometheus.exporter.snowflake.md",
        3,
        "plaintext-secret",
        "the example writes a password, token or secret as a string literal",
    ),
    (
        "reference/components/prometheus/prometheus.operator.podmonitors.md",
        2,
        "insecure-transport",
        "the example sends basic-auth credentials to a plain http:// URL",
    ),
    (
        "reference/components/prometheus/prometheus.operator.podmonitors.md",
        2,
        "plaintext-secret",
        "the example writes a password, token or secret as a string literal",
    ),
    (
        "reference/components/prometheus/prometheus.operator.probes.md",
        2,
        "insecure-transport",
        "the example sends basic-auth credentials to a plain http:// URL",
    ),
    (
        "reference/components/prometheus/prometheus.operator.probes.md",
        2,
        "plaintext-secret",
        "the example writes a password, token or secret as a string literal",
    ),
    (
        "reference/components/prometheus/prometheus.operator.scrapeconfigs.md",
        2,
        "insecure-transport",
        "the example sends basic-auth credentials to a plain http:// URL",
    ),
    (
        "reference/components/prometheus/prometheus.operator.scrapeconfigs.md",
        2,
        "plaintext-secret",
        "the example writes a password, token or secret as a string literal",
    ),
    (
        "reference/components/prometheus/prometheus.operator.servicemonitors.md",
        2,
        "insecure-transport",
        "the example sends basic-auth credentials to a plain http:// URL",
    ),
    (
        "reference/components/prometheus/prometheus.operator.servicemonitors.md",
        2,
        "plaintext-secret",
        "the example writes a password, token or secret as a string literal",
    ),
    (
        "reference/components/prometheus/prometheus.receive_http.md",
        2,
        "insecure-transport",
        "the example sends basic-auth credentials to a plain http:// URL",
    ),
    (
        "reference/components/prometheus/prometheus.receive_http.md",
        2,
        "plaintext-secret",
        "the example writes a password, token or secret as a string literal",
    ),
    (
        "reference/components/prometheus/prometheus.remote_write.md",
        2,
        "insecure-transport",
        "the example sends basic-auth credentials to a plain http:// URL",
    ),
    (
        "reference/components/prometheus/prometheus.remote_write.md",
        2,
        "plaintext-secret",
        "the example writes a password, token or secret as a string literal",
    ),
    (
        "reference/components/pyroscope/pyroscope.enrich.md",
        2,
        "high-cardinality-label",
        "the example promotes the pod IP to a label",
    ),
];

/// No lint rule fires on the docs examples the validator accepts, except the findings listed
/// in [`KNOWN_TRUE`]. `unused-component` is opt-in, and snippets show components alone, so it
/// is not run here; `unsafe-path-permissions` needs the host.
#[test]
fn docs_examples_trigger_lint_rules_only_where_true() {
    let Some(DocsSetup {
        docs,
        files,
        nested,
        options,
    }) = docs_setup()
    else {
        return;
    };
    // deprecated-function is a validator rule (a warning, so the example still validates)
    // that the issue counts with the lint rules.
    let lint_rules: Vec<&str> = alloy_lint::rules::RULES
        .iter()
        .map(|r| r.name)
        .filter(|n| *n != "removed-component")
        .chain(["deprecated-function"])
        .collect();
    let mut unexpected = Vec::new();
    let mut expected = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let rel = path
            .strip_prefix(&docs)
            .unwrap_or(path)
            .display()
            .to_string();
        for (i, example) in alloy_examples(&text).into_iter().enumerate() {
            let parse = alloy_syntax::parse(&example);
            if parse.has_errors() || is_template(&parse.file) || is_fragment(&parse.file, &nested) {
                continue;
            }
            let report = lint_config(
                vec![SourceFile::new(rel.clone(), example.clone())],
                &options,
            );
            if report.has_errors() {
                // The validator rejects it: the other test lists why.
                continue;
            }
            for f in &report.findings {
                let d = &f.diagnostic;
                if !lint_rules.contains(&d.code.as_str()) {
                    continue;
                }
                if KNOWN_TRUE
                    .iter()
                    .any(|(file, n, code, _)| *file == rel && *n == i + 1 && *code == d.code)
                {
                    expected += 1;
                    continue;
                }
                unexpected.push(alloy_diagnostics::render_short(
                    &format!("{rel}#{}", i + 1),
                    &report.files[f.file].text,
                    report.files[f.file].line_index(),
                    d,
                ));
            }
        }
    }
    eprintln!("lint rules on docs examples: {expected} known true findings");
    for u in &unexpected {
        eprintln!("  {u}");
    }
    assert!(
        unexpected.is_empty(),
        "{} unexpected lint findings in docs examples",
        unexpected.len()
    );
    let listed = KNOWN_TRUE.len();
    assert!(
        expected >= listed,
        "{listed} known true findings listed, {expected} seen: remove the stale ones"
    );
}
