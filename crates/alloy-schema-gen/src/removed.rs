//! Components Alloy no longer has, with what replaces them: read from the component pages the
//! docs keep for removed components ("`x` is removed. Use `y` instead."), plus the removals
//! that only the release notes and migration guides record, which the docs snapshot lacks.

use crate::docs::{backticked, clean_text, DocPage};
use crate::ir::IrRemoved;
use crate::report::{Category, Report};

/// Removals the docs snapshot has no page for (the docs drop a component's page when the
/// component goes): (name, replacement, how to migrate, whether the replacement takes the
/// same arguments, source).
const OUTSIDE_THE_DOCS: &[(&str, &str, &str, bool, &str)] = &[
    ("module.file", "import.file", CLASSIC_MODULES, false, FROM_FLOW),
    ("module.git", "import.git", CLASSIC_MODULES, false, FROM_FLOW),
    ("module.http", "import.http", CLASSIC_MODULES, false, FROM_FLOW),
    ("module.string", "import.string", CLASSIC_MODULES, false, FROM_FLOW),
    (
        "otelcol.exporter.jaeger",
        "otelcol.exporter.otlp",
        "The OpenTelemetry Collector removed its Jaeger exporter. Jaeger accepts OTLP: send to its OTLP port (4317) with otelcol.exporter.otlp.",
        false,
        "the OpenTelemetry Collector's removal of its Jaeger exporter, which Grafana Agent Flow followed",
    ),
    (
        "otelcol.exporter.logging",
        "otelcol.exporter.debug",
        "The OpenTelemetry Collector replaced the logging exporter with the debug exporter, which takes the same `verbosity`, `sampling_initial` and `sampling_thereafter`.",
        true,
        "the OpenTelemetry Collector's rename of the logging exporter to debug (v0.86), which Alloy followed",
    ),
    (
        "prometheus.exporter.vsphere",
        "otelcol.receiver.vcenter",
        "The `prometheus.exporter.vsphere` component has been replaced by the `otelcol.receiver.vcenter` component, which is experimental (run Alloy with `--stability.level=experimental`).",
        false,
        FROM_FLOW,
    ),
];

const FROM_FLOW: &str = "Alloy docs, Migrate from Grafana Agent Flow (set-up/migrate/from-flow.md)";

const CLASSIC_MODULES: &str = "The classic modules were removed in Alloy 1.0 in favor of import configuration blocks: load the module with an import block and use the custom components it declares (`NAMESPACE.COMPONENT \"label\" { ... }`). The module's `argument` blocks take what `arguments { ... }` passed, and its `export` blocks are read as NAMESPACE.COMPONENT.label.EXPORT instead of `exports`.";

/// A removal stated in a component page's intro, for a component the code does not register.
pub fn from_page(name: &str, page: &DocPage) -> Option<IrRemoved> {
    let intro = clean_text(&page.intro.join(" "));
    let sentences: Vec<&str> = intro.split(". ").map(str::trim).collect();
    let at = sentences.iter().position(|s| {
        let l = s.to_ascii_lowercase();
        [" is removed", " has been removed", " was removed"]
            .iter()
            .any(|p| l.contains(p))
    })?;
    let note: Vec<String> = sentences[at..]
        .iter()
        .take(2)
        .map(|s| s.trim_end_matches('.').to_string() + ".")
        .collect();
    let note = note.join(" ");
    let replacement = backticked(&note).into_iter().find(|n| n != name)?;
    Some(IrRemoved {
        name: name.to_string(),
        replacement,
        note,
        same_arguments: false,
        source: page.file.clone(),
    })
}

/// Every removed component, sorted by name: those the docs record, then the others.
/// `exists` says whether a name is a component or config block Alloy has; a replacement it
/// does not know is reported (a misspelling in the docs is kept as written), and a "removed"
/// component that exists is an error in the table above.
pub fn removed_components(
    documented: Vec<IrRemoved>,
    exists: impl Fn(&str) -> bool,
    report: &mut Report,
) -> Result<Vec<IrRemoved>, String> {
    let mut out = documented;
    for &(name, replacement, note, same_arguments, source) in OUTSIDE_THE_DOCS {
        if !out.iter().any(|r| r.name == name) {
            out.push(IrRemoved {
                name: name.to_string(),
                replacement: replacement.to_string(),
                note: note.to_string(),
                same_arguments,
                source: source.to_string(),
            });
        }
    }
    for r in &out {
        if !exists(&r.replacement) {
            report.add(
                Category::RemovedReplacementUnknown,
                &r.name,
                "(component)",
                format!(
                    "the named replacement `{}` is not a component or config block; kept as written",
                    r.replacement
                ),
            );
        }
    }
    if let Some(r) = out.iter().find(|r| exists(&r.name)) {
        return Err(format!("{} is listed as removed but Alloy has it", r.name));
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}
