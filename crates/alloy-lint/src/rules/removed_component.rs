//! `removed-component`: a Grafana Agent Flow or older Alloy component that Alloy no longer
//! has, answered with its migration instead of a spelling guess. Reported by the validator
//! where it would report `unknown-component`.

use alloy_diagnostics::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a component that Grafana Agent Flow or an earlier Alloy release had and Alloy
    /// has removed (`module.file`, `module.git`, `module.string`, `module.http`,
    /// `prometheus.exporter.vsphere`, `otelcol.exporter.logging`,
    /// `otelcol.receiver.opencensus`, ...), with the migration in the help text instead of a
    /// "did you mean" guess. The list is the schema's: the docs' pages for removed
    /// components, and the removals only the migration guides record.
    ///
    /// ## Why
    /// Alloy refuses to load the config. The classic modules became `import.*` blocks plus
    /// `declare`d custom components in Alloy 1.0; other components were removed when their
    /// upstream OpenTelemetry Collector counterparts were.
    ///
    /// ## Example
    /// ```alloy
    /// otelcol.exporter.logging "default" {
    ///   verbosity = "detailed"
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// // options: stability=experimental
    /// otelcol.exporter.debug "default" {
    ///   verbosity = "detailed"
    /// }
    /// ```
    ///
    /// ## Fix
    /// Where the replacement takes the same arguments (`otelcol.exporter.logging` ->
    /// `otelcol.exporter.debug`), the fix renames the block and every reference to it; it is
    /// unsafe because the replacement may need a different `--stability.level`. For modules,
    /// rewrite `module.file "x" { filename = ... arguments { ... } }` as
    /// `import.file "x" { filename = ... }` and instantiate the module's declares
    /// (`x.component "label" { ... }`), whose `argument` blocks replace `arguments`.
    pub static REMOVED_COMPONENT = Rule {
        name: "removed-component",
        category: Deprecated,
        severity: Error,
        alloy_rejects: true,
        fix: Some(Unsafe),
        summary: "a component Alloy no longer has (Grafana Agent Flow modules, removed otelcol components)",
    };
}

/// The removal entry for a component name, from the schema (`alloy_schema::removed_components`:
/// the docs' pages for removed components and the migration guides).
pub(crate) fn lookup(name: &str) -> Option<&'static alloy_schema::RemovedComponent> {
    alloy_schema::removed_component(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_removal_names_a_replacement_alloy_has() {
        assert!(!alloy_schema::removed_components().is_empty());
        for r in alloy_schema::removed_components() {
            assert!(
                alloy_schema::component(r.name).is_none(),
                "{} exists",
                r.name
            );
            let to = r.replacement_name();
            assert!(to.is_some(), "{}: no replacement {}", r.name, r.replacement);
        }
        // The docs misspell the OpenCensus receiver's replacement.
        let opencensus = lookup("otelcol.receiver.opencensus").expect("documented removal");
        assert_eq!(opencensus.replacement_name(), Some("otelcol.receiver.otlp"));
        assert!(lookup("module.git").is_some() && lookup("loki.write").is_none());
    }
}
