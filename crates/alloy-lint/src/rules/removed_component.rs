//! `removed-component`: a Grafana Agent Flow or older Alloy component that Alloy no longer
//! has, answered with its migration instead of a spelling guess. Reported by the validator
//! where it would report `unknown-component`.

use alloy_diagnostics::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a component that Grafana Agent Flow or an earlier Alloy release had and Alloy
    /// has removed (`module.file`, `module.git`, `module.string`, `module.http`,
    /// `otelcol.exporter.logging`, `otelcol.receiver.opencensus`, ...), with the migration
    /// in the help text instead of a "did you mean" guess.
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

/// A removed component: its replacement, how to migrate, and whether renaming the block is
/// the whole migration.
pub(crate) struct Removed {
    pub name: &'static str,
    pub replacement: &'static str,
    pub migration: &'static str,
    pub rename: bool,
}

const MODULES: &str = "classic modules were removed in Alloy 1.0: load the module with an import block and use the custom components it declares (`NAMESPACE.COMPONENT \"label\" { ... }`); the module's `argument` blocks take what `arguments { ... }` passed, and its `export` blocks are read as NAMESPACE.COMPONENT.label.EXPORT instead of `exports`";

/// Sorted by name. Sources: Alloy's migration guide from Grafana Agent Flow (modules), the
/// component pages in the Alloy docs (`otelcol.receiver.opencensus` "is removed"), and the
/// OpenTelemetry Collector removals Alloy followed (logging -> debug, jaeger -> OTLP).
const REMOVED: &[Removed] = &[
    Removed {
        name: "module.file",
        replacement: "import.file",
        migration: MODULES,
        rename: false,
    },
    Removed {
        name: "module.git",
        replacement: "import.git",
        migration: MODULES,
        rename: false,
    },
    Removed {
        name: "module.http",
        replacement: "import.http",
        migration: MODULES,
        rename: false,
    },
    Removed {
        name: "module.string",
        replacement: "import.string",
        migration: MODULES,
        rename: false,
    },
    Removed {
        name: "otelcol.exporter.jaeger",
        replacement: "otelcol.exporter.otlp",
        migration: "the OpenTelemetry Collector removed its Jaeger exporter: Jaeger accepts OTLP, so send to its OTLP port (4317) with otelcol.exporter.otlp",
        rename: false,
    },
    Removed {
        name: "otelcol.exporter.logging",
        replacement: "otelcol.exporter.debug",
        migration: "the OpenTelemetry Collector replaced the logging exporter with the debug exporter, which takes the same `verbosity`, `sampling_initial` and `sampling_thereafter`",
        rename: true,
    },
    Removed {
        name: "otelcol.receiver.opencensus",
        replacement: "otelcol.receiver.otlp",
        migration: "OpenCensus is retired: send OTLP (the OpenTelemetry SDKs replace the OpenCensus ones) to otelcol.receiver.otlp",
        rename: false,
    },
];

/// The removal entry for a component name.
pub(crate) fn lookup(name: &str) -> Option<&'static Removed> {
    REMOVED
        .binary_search_by(|r| r.name.cmp(name))
        .ok()
        .map(|i| &REMOVED[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_replacements_exist() {
        for pair in REMOVED.windows(2) {
            assert!(pair[0].name < pair[1].name);
        }
        for r in REMOVED {
            assert!(
                alloy_schema::component(r.name).is_none(),
                "{} exists",
                r.name
            );
            assert!(
                alloy_schema::top_level(r.replacement).is_some(),
                "{} is not a component or block",
                r.replacement
            );
        }
        assert!(lookup("module.git").is_some() && lookup("loki.write").is_none());
    }
}
