//! The validator's rules. Each rule's name is a stable diagnostic code (tools and CI
//! configurations match on it: never rename); its doc comment is its page in `docs/rules/`.
//! Every rule of every crate is listed by [`crate::registry`].

use alloy_diagnostics::{declare_rule, Rule};

pub use alloy_syntax::{INVALID_BLOCK_LABEL, NESTING_TOO_DEEP, SYNTAX_ERROR};

declare_rule! {
    /// ## What it does
    /// Reports a block whose name is no known component, config block, declared custom
    /// component or imported module component.
    ///
    /// ## Why
    /// Alloy refuses to load a config that uses a component it does not have. Typos
    /// (`prometheus.scrap`), Grafana Agent names (`prometheus.exporter.node`) and declares that
    /// are out of scope are the usual causes.
    ///
    /// ## Example
    /// ```alloy
    /// prometheus.scrap "default" {
    ///   targets    = []
    ///   forward_to = []
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// prometheus.scrape "default" {
    ///   targets    = []
    ///   forward_to = []
    /// }
    /// ```
    ///
    /// ## Fix
    /// When one name is close, the fix replaces the block name with it. That is a guess
    /// (unsafe): check that the component is the one you meant.
    pub static UNKNOWN_COMPONENT = Rule {
        name: "unknown-component",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: Some(Unsafe),
        summary: "a block names no known component, config block or declared component",
    };

    /// ## What it does
    /// Reports an attribute that the block does not accept, with the closest valid name or
    /// the block where the attribute belongs (`max_shards` is valid in
    /// `prometheus.remote_write > endpoint > queue_config`).
    ///
    /// ## Why
    /// Alloy refuses to load a config with an attribute its component does not define.
    ///
    /// ## Example
    /// ```alloy
    /// prometheus.scrape "default" {
    ///   targets          = []
    ///   forward_to       = []
    ///   scrape_intervall = "30s"
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// prometheus.scrape "default" {
    ///   targets         = []
    ///   forward_to      = []
    ///   scrape_interval = "30s"
    /// }
    /// ```
    ///
    /// ## Fix
    /// When one name is close, the fix renames the attribute. That is a guess (unsafe).
    /// When the attribute belongs in a block nested directly in this one that is not there
    /// yet (`max_shards` in `endpoint`), the fix wraps it in that block
    /// (`queue_config { max_shards = 50 }`); review it like any move.
    pub static UNKNOWN_ATTRIBUTE = Rule {
        name: "unknown-attribute",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: Some(Unsafe),
        summary: "an attribute the block does not accept",
    };

    /// ## What it does
    /// Reports a nested block that the enclosing block does not accept, with the closest
    /// valid name or the block where it belongs.
    ///
    /// ## Why
    /// Alloy refuses to load a config with a block its component does not define.
    ///
    /// ## Example
    /// ```alloy
    /// prometheus.remote_write "default" {
    ///   endpoint {
    ///     url = "https://mimir:9009/api/v1/push"
    ///     basic_auht {
    ///       username = "tenant"
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// prometheus.remote_write "default" {
    ///   endpoint {
    ///     url = "https://mimir:9009/api/v1/push"
    ///     basic_auth {
    ///       username = "tenant"
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Fix
    /// When one name is close, the fix renames the block. That is a guess (unsafe).
    pub static UNKNOWN_BLOCK = Rule {
        name: "unknown-block",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: Some(Unsafe),
        summary: "a nested block the block does not accept",
    };

    /// ## What it does
    /// Reports an attribute of a custom component (a `declare` used as a block) that is not
    /// one of its `argument` blocks.
    ///
    /// ## Why
    /// Alloy refuses to load the config: a custom component accepts only its arguments.
    ///
    /// ## Example
    /// ```alloy
    /// declare "greeter" {
    ///   argument "name" {}
    /// }
    ///
    /// greeter "default" {
    ///   nmae = "world"
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// declare "greeter" {
    ///   argument "name" {}
    /// }
    ///
    /// greeter "default" {
    ///   name = "world"
    /// }
    /// ```
    ///
    /// ## Fix
    /// When one argument name is close, the fix renames the attribute. That is a guess
    /// (unsafe).
    pub static UNKNOWN_ARGUMENT = Rule {
        name: "unknown-argument",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: Some(Unsafe),
        summary: "an attribute that is not an argument of the declared component",
    };

    /// ## What it does
    /// Reports a required attribute that the block does not set.
    ///
    /// ## Why
    /// Alloy refuses to load a component whose required attributes are missing.
    ///
    /// ## Example
    /// ```alloy
    /// local.file "config" {
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// local.file "config" {
    ///   filename = "/etc/app/config.yaml"
    /// }
    /// ```
    ///
    /// ## Fix
    /// Add the attribute; the hint gives its type.
    pub static MISSING_REQUIRED_ATTRIBUTE = Rule {
        name: "missing-required-attribute",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: None,
        summary: "a required attribute is not set",
    };

    /// ## What it does
    /// Reports a required nested block that is absent (for alternatives, such as the stages
    /// of `loki.process`, when none of them is present).
    ///
    /// ## Why
    /// Alloy refuses to load a component whose required blocks are missing.
    ///
    /// ## Example
    /// ```alloy
    /// otelcol.receiver.otlp "default" {
    ///   grpc {}
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// otelcol.receiver.otlp "default" {
    ///   grpc {}
    ///   output {}
    /// }
    /// ```
    ///
    /// ## Fix
    /// Add the block inside the reported block.
    pub static MISSING_REQUIRED_BLOCK = Rule {
        name: "missing-required-block",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: None,
        summary: "a required nested block is absent",
    };

    /// ## What it does
    /// Reports a required argument of a custom component that its block does not set (an
    /// argument is required unless it has `optional = true` or a `default`).
    ///
    /// ## Why
    /// Alloy refuses to load the config.
    ///
    /// ## Example
    /// ```alloy
    /// declare "greeter" {
    ///   argument "name" {}
    /// }
    ///
    /// greeter "default" {
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// declare "greeter" {
    ///   argument "name" {}
    /// }
    ///
    /// greeter "default" {
    ///   name = "world"
    /// }
    /// ```
    ///
    /// ## Fix
    /// Set the argument, or mark it `optional = true` (or give it a `default`) in the declare.
    pub static MISSING_REQUIRED_ARGUMENT = Rule {
        name: "missing-required-argument",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: None,
        summary: "a required argument of a declared component is not set",
    };

    /// ## What it does
    /// Reports a component, `declare`, `argument`, `export`, `import.*` or `foreach` block, or
    /// a labelled nested block, that has no label.
    ///
    /// ## Why
    /// The label is part of the component's name (`prometheus.scrape.default`); Alloy refuses
    /// to load a component without one.
    ///
    /// ## Example
    /// ```alloy
    /// local.file {
    ///   filename = "/etc/hostname"
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// local.file "hostname" {
    ///   filename = "/etc/hostname"
    /// }
    /// ```
    ///
    /// ## Fix
    /// Add a label that is unique among the components of that name.
    pub static MISSING_LABEL = Rule {
        name: "missing-label",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: None,
        summary: "a component or config block that needs a label has none",
    };

    /// ## What it does
    /// Reports a label on a block that takes none (config blocks such as `logging`, nested
    /// blocks such as `endpoint`).
    ///
    /// ## Why
    /// Alloy refuses to load the config.
    ///
    /// ## Example
    /// ```alloy
    /// logging "main" {
    ///   level = "info"
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// logging {
    ///   level = "info"
    /// }
    /// ```
    ///
    /// ## Fix
    /// Remove the label.
    pub static UNEXPECTED_LABEL = Rule {
        name: "unexpected-label",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: None,
        summary: "a block that takes no label has one",
    };

    /// ## What it does
    /// Reports an attribute set twice in one block.
    ///
    /// ## Why
    /// Alloy refuses to load the config, since it cannot know which value was meant.
    ///
    /// ## Example
    /// ```alloy
    /// local.file "config" {
    ///   filename = "/etc/app/a.yaml"
    ///   filename = "/etc/app/b.yaml"
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// local.file "config" {
    ///   filename = "/etc/app/b.yaml"
    /// }
    /// ```
    ///
    /// ## Fix
    /// Keep one of them.
    pub static DUPLICATE_ATTRIBUTE = Rule {
        name: "duplicate-attribute",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: None,
        summary: "an attribute set twice in one block",
    };

    /// ## What it does
    /// Reports a block that may appear once but is repeated: a nested block that is not a
    /// list, or a config block such as `logging` written twice.
    ///
    /// ## Why
    /// Alloy refuses to load the config.
    ///
    /// ## Example
    /// ```alloy
    /// logging {
    ///   level = "info"
    /// }
    ///
    /// logging {
    ///   format = "json"
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// logging {
    ///   level  = "info"
    ///   format = "json"
    /// }
    /// ```
    ///
    /// ## Fix
    /// Merge the blocks into one.
    pub static DUPLICATE_BLOCK = Rule {
        name: "duplicate-block",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: None,
        summary: "a block that may appear once is repeated",
    };

    /// ## What it does
    /// Reports two components (or two declares) with the same name and label in one module,
    /// also across the files of a directory config.
    ///
    /// ## Why
    /// References name a component by name and label, so they must be unique; Alloy refuses
    /// to load the config.
    ///
    /// ## Example
    /// ```alloy
    /// local.file "config" {
    ///   filename = "/etc/app/a.yaml"
    /// }
    ///
    /// local.file "config" {
    ///   filename = "/etc/app/b.yaml"
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// local.file "a" {
    ///   filename = "/etc/app/a.yaml"
    /// }
    ///
    /// local.file "b" {
    ///   filename = "/etc/app/b.yaml"
    /// }
    /// ```
    ///
    /// ## Fix
    /// Rename one of them (and the references to it).
    pub static DUPLICATE_COMPONENT = Rule {
        name: "duplicate-component",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: None,
        summary: "two components with the same name and label",
    };

    /// ## What it does
    /// Reports a config block that is only valid at the top level of the config Alloy runs
    /// (`logging`, `tracing`, `http`, `livedebugging`, ...) inside a `declare`, an imported
    /// module or a `foreach` template.
    ///
    /// ## Why
    /// Alloy refuses to load the module: these blocks configure the whole process.
    ///
    /// ## Example
    /// ```alloy
    /// declare "pipeline" {
    ///   logging {
    ///     level = "debug"
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// logging {
    ///   level = "debug"
    /// }
    ///
    /// declare "pipeline" {
    /// }
    /// ```
    ///
    /// ## Fix
    /// Move the block to the top level of the main config.
    pub static TOP_LEVEL_ONLY_BLOCK = Rule {
        name: "top-level-only-block",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: None,
        summary: "a block only valid at the top level of the main config",
    };

    /// ## What it does
    /// Reports an `argument` or `export` block where there is no module to belong to: inside
    /// a `foreach` template.
    ///
    /// ## Why
    /// Arguments and exports are the interface of a module (a `declare` body or an imported
    /// file); Alloy refuses them elsewhere.
    ///
    /// ## Example
    /// ```alloy
    /// // options: stability=experimental
    /// foreach "workers" {
    ///   collection = ["a", "b"]
    ///   var        = "name"
    ///   template {
    ///     argument "name" {}
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// // options: stability=experimental
    /// foreach "workers" {
    ///   collection = ["a", "b"]
    ///   var        = "name"
    ///   template {
    ///   }
    /// }
    /// ```
    ///
    /// ## Fix
    /// Use the `var` of the foreach in the template, or wrap the components in
    /// `declare "name" { ... }` to make a custom component with arguments.
    pub static MODULE_ONLY_BLOCK = Rule {
        name: "module-only-block",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: None,
        summary: "a block only valid in a module or declare",
    };

    /// ## What it does
    /// Reports an attribute at the top level of a config or module, or directly in a
    /// `declare` body, where only blocks may appear.
    ///
    /// ## Why
    /// Alloy refuses to load the config.
    ///
    /// ## Example
    /// ```alloy
    /// scrape_interval = "30s"
    ///
    /// prometheus.scrape "default" {
    ///   targets    = []
    ///   forward_to = []
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// prometheus.scrape "default" {
    ///   targets         = []
    ///   forward_to      = []
    ///   scrape_interval = "30s"
    /// }
    /// ```
    ///
    /// ## Fix
    /// Move the attribute into the block it configures.
    pub static UNEXPECTED_ATTRIBUTE = Rule {
        name: "unexpected-attribute",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: None,
        summary: "an attribute where only blocks are allowed",
    };

    /// ## What it does
    /// Reports a value of a type the attribute cannot take, where the type is known without
    /// running the config: literals, and exports of other components (a logs receiver passed
    /// to a metrics component's `forward_to`).
    ///
    /// ## Why
    /// Alloy refuses to load a component whose attribute does not convert to its type.
    ///
    /// ## Example
    /// ```alloy
    /// prometheus.scrape "default" {
    ///   targets    = []
    ///   forward_to = []
    ///   honor_labels = "yes"
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// prometheus.scrape "default" {
    ///   targets      = []
    ///   forward_to   = []
    ///   honor_labels = true
    /// }
    /// ```
    ///
    /// ## Fix
    /// Write a value of the type the message names.
    pub static TYPE_MISMATCH = Rule {
        name: "type-mismatch",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: None,
        summary: "a value of a type the attribute cannot take",
    };

    /// ## What it does
    /// Reports a value of the right type that can never be valid, such as a duration string
    /// Go cannot parse (`"30sec"`, `"1d"`).
    ///
    /// ## Why
    /// Alloy refuses to load the component when it decodes the value.
    ///
    /// ## Example
    /// ```alloy
    /// prometheus.scrape "default" {
    ///   targets         = []
    ///   forward_to      = []
    ///   scrape_interval = "30sec"
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// prometheus.scrape "default" {
    ///   targets         = []
    ///   forward_to      = []
    ///   scrape_interval = "30s"
    /// }
    /// ```
    ///
    /// ## Fix
    /// Durations use Go's units: `ns`, `us`, `ms`, `s`, `m`, `h` (no days).
    pub static INVALID_VALUE = Rule {
        name: "invalid-value",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: None,
        summary: "a value of the right type that can never be valid (bad duration, ...)",
    };

    /// ## What it does
    /// Reports a reference to a component that does not exist or is out of scope (components
    /// inside a `declare` cannot see those outside it), or a bare identifier that is neither
    /// a standard-library name nor a `foreach` variable.
    ///
    /// ## Why
    /// Alloy refuses to load the config.
    ///
    /// ## Example
    /// ```alloy
    /// local.file "config" {
    ///   filename = "/etc/app/config.yaml"
    /// }
    ///
    /// local.file "copy" {
    ///   filename = local.file.confg.content
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// local.file "config" {
    ///   filename = "/etc/app/config.yaml"
    /// }
    ///
    /// local.file "copy" {
    ///   filename = local.file.config.content
    /// }
    /// ```
    ///
    /// ## Fix
    /// When one name in scope is close, the fix replaces the reference with it. That is a
    /// guess (unsafe).
    pub static UNKNOWN_REFERENCE = Rule {
        name: "unknown-reference",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: Some(Unsafe),
        summary: "a reference to a component that does not exist or is out of scope",
    };

    /// ## What it does
    /// Reports a reference to a field that the component does not export
    /// (`local.file_match.x.target` instead of `.targets`).
    ///
    /// ## Why
    /// Alloy refuses to load the config.
    ///
    /// ## Example
    /// ```alloy
    /// local.file "config" {
    ///   filename = "/etc/app/config.yaml"
    /// }
    ///
    /// local.file "copy" {
    ///   filename = local.file.config.contents
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// local.file "config" {
    ///   filename = "/etc/app/config.yaml"
    /// }
    ///
    /// local.file "copy" {
    ///   filename = local.file.config.content
    /// }
    /// ```
    ///
    /// ## Fix
    /// When one export is close, the fix replaces the field with it. That is a guess
    /// (unsafe).
    pub static UNKNOWN_EXPORT = Rule {
        name: "unknown-export",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: Some(Unsafe),
        summary: "a reference to a field the component does not export",
    };

    /// ## What it does
    /// Reports components whose references form a cycle, and declares that contain
    /// themselves directly or through other declares.
    ///
    /// ## Why
    /// Alloy evaluates components in dependency order, so it refuses to load a cycle.
    ///
    /// ## Example
    /// ```alloy
    /// local.file "a" {
    ///   filename = local.file.b.content
    /// }
    ///
    /// local.file "b" {
    ///   filename = local.file.a.content
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// local.file "a" {
    ///   filename = "/etc/app/b-path.txt"
    /// }
    ///
    /// local.file "b" {
    ///   filename = local.file.a.content
    /// }
    /// ```
    ///
    /// ## Fix
    /// Remove one of the references the message lists.
    pub static REFERENCE_CYCLE = Rule {
        name: "reference-cycle",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: None,
        summary: "components that reference each other in a cycle",
    };

    /// ## What it does
    /// Reports a component or config block below the allowed stability level (Alloy's
    /// `--stability.level`, `generally-available` by default), or a community component
    /// without `--feature.community-components.enabled`.
    ///
    /// ## Why
    /// Alloy refuses to load the config unless it runs with that level or flag.
    ///
    /// ## Example
    /// ```alloy
    /// otelcol.exporter.debug "default" {
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// // options: stability=experimental
    /// otelcol.exporter.debug "default" {
    /// }
    /// ```
    ///
    /// ## Fix
    /// Run Alloy and alloylint with `--stability.level=experimental` (or `public-preview`),
    /// or use a generally available component.
    pub static UNSTABLE_COMPONENT = Rule {
        name: "unstable-component",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: None,
        summary: "a component below the allowed stability level",
    };

    /// ## What it does
    /// Reports a regular expression (in relabel rules, `loki.process` stages, ...) that Go's
    /// RE2 rejects: lookarounds, backreferences, bad escapes, unclosed groups, repeat counts
    /// above 1000.
    ///
    /// ## Why
    /// Alloy compiles these with RE2 and refuses to load the component when one fails.
    ///
    /// ## Example
    /// ```alloy
    /// discovery.relabel "default" {
    ///   targets = []
    ///   rule {
    ///     source_labels = ["__name__"]
    ///     regex         = "(?!go_).*"
    ///     action        = "keep"
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// discovery.relabel "default" {
    ///   targets = []
    ///   rule {
    ///     source_labels = ["__name__"]
    ///     regex         = "go_.*"
    ///     action        = "drop"
    ///   }
    /// }
    /// ```
    ///
    /// ## Fix
    /// Rewrite the expression in RE2 syntax (https://github.com/google/re2/wiki/Syntax);
    /// the hint suggests how.
    pub static INVALID_REGEX = Rule {
        name: "invalid-regex",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: None,
        summary: "a regular expression Go's RE2 would reject",
    };

    /// ## What it does
    /// Reports a component or import whose first name part is a standard-library identifier
    /// (`declare "sys"`, `import.file "string"`) as a warning where it is declared, and as an
    /// error where an expression then uses that identifier for the standard library.
    ///
    /// ## Why
    /// Within the module the name now means the component, so calls such as
    /// `sys.env("X")` stop working.
    ///
    /// ## Example
    /// ```alloy
    /// declare "sys" {
    /// }
    ///
    /// sys "default" {}
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// declare "system" {
    /// }
    ///
    /// system "default" {}
    /// ```
    ///
    /// ## Fix
    /// Rename the declare or import.
    pub static SHADOWS_STDLIB = Rule {
        name: "shadows-stdlib",
        category: Suspicious,
        severity: Warning,
        alloy_rejects: false,
        fix: None,
        summary: "a component whose name hides a standard-library identifier",
    };

    /// ## What it does
    /// Reports a member of a standard-library namespace that does not exist
    /// (`string.fromat`, `sys.getenv`).
    ///
    /// ## Why
    /// Alloy refuses to load the config: the expression cannot be evaluated.
    ///
    /// ## Example
    /// ```alloy
    /// local.file "config" {
    ///   filename = sys.getenv("CONFIG_PATH")
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// local.file "config" {
    ///   filename = sys.env("CONFIG_PATH")
    /// }
    /// ```
    ///
    /// ## Fix
    /// When one member is close, the fix replaces the name with it. That is a guess
    /// (unsafe).
    pub static UNKNOWN_FUNCTION = Rule {
        name: "unknown-function",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: Some(Unsafe),
        summary: "a standard-library namespace has no member of that name",
    };

    /// ## What it does
    /// Reports a call of an experimental standard-library function (`array.group_by`) when
    /// the stability level does not allow experimental features.
    ///
    /// ## Why
    /// Alloy refuses to load the config unless it runs with
    /// `--stability.level=experimental`.
    ///
    /// ## Example
    /// ```alloy
    /// local.file "config" {
    ///   filename = array.group_by([], "namespace")[0]
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// // options: stability=experimental
    /// local.file "config" {
    ///   filename = array.group_by([], "namespace")[0]
    /// }
    /// ```
    ///
    /// ## Fix
    /// Run Alloy and alloylint with `--stability.level=experimental`, or do without the
    /// function.
    pub static UNSTABLE_FUNCTION = Rule {
        name: "unstable-function",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: None,
        summary: "an experimental standard-library function below the allowed stability level",
    };

    /// ## What it does
    /// Reports a deprecated standard-library name that has a replacement (`env` is
    /// `sys.env`, `to_lower` is `string.to_lower`, ...).
    ///
    /// ## Why
    /// The old names still work, but they are kept only for compatibility and may be removed.
    ///
    /// ## Example
    /// ```alloy
    /// local.file "config" {
    ///   filename = env("CONFIG_PATH")
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// local.file "config" {
    ///   filename = sys.env("CONFIG_PATH")
    /// }
    /// ```
    ///
    /// ## Fix
    /// The fix replaces the name with its replacement, which takes the same arguments and
    /// returns the same value (safe).
    pub static DEPRECATED_FUNCTION = Rule {
        name: "deprecated-function",
        category: Deprecated,
        severity: Warning,
        alloy_rejects: false,
        fix: Some(Safe),
        summary: "a deprecated standard-library function that has a replacement",
    };

    /// ## What it does
    /// Reports an `import.file` whose module cannot be read (the path is resolved relative to
    /// the importing file's directory).
    ///
    /// ## Why
    /// Uses of the module's declarations cannot be checked. It is a warning, as the file may
    /// exist where Alloy runs; where it does not, Alloy fails to load the import.
    ///
    /// ## Example
    /// ```alloy
    /// import.file "lib" {
    ///   filename = "modules/does_not_exist.alloy"
    /// }
    /// ```
    ///
    /// ## Fix
    /// Correct the path, or run alloylint where the module is present.
    pub static UNRESOLVED_IMPORT = Rule {
        name: "unresolved-import",
        category: Correctness,
        severity: Warning,
        alloy_rejects: false,
        fix: None,
        summary: "an imported module that could not be read",
    };

    /// ## What it does
    /// Reports a malformed `declare` (one labelled `declare`, which Alloy reserves).
    ///
    /// ## Why
    /// Alloy refuses to load the config.
    ///
    /// ## Example
    /// ```alloy
    /// declare "declare" {
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// declare "pipeline" {
    /// }
    /// ```
    ///
    /// ## Fix
    /// Choose another label.
    pub static INVALID_DECLARE = Rule {
        name: "invalid-declare",
        category: Correctness,
        severity: Error,
        alloy_rejects: true,
        fix: None,
        summary: "a malformed declare, argument or export block",
    };
}

/// The rules the validator declares (the parser's rules are in [`alloy_syntax::RULES`]).
pub static RULES: &[&Rule] = &[
    &UNKNOWN_COMPONENT,
    &UNKNOWN_ATTRIBUTE,
    &UNKNOWN_BLOCK,
    &UNKNOWN_ARGUMENT,
    &MISSING_REQUIRED_ATTRIBUTE,
    &MISSING_REQUIRED_BLOCK,
    &MISSING_REQUIRED_ARGUMENT,
    &MISSING_LABEL,
    &UNEXPECTED_LABEL,
    &DUPLICATE_ATTRIBUTE,
    &DUPLICATE_BLOCK,
    &DUPLICATE_COMPONENT,
    &TOP_LEVEL_ONLY_BLOCK,
    &MODULE_ONLY_BLOCK,
    &UNEXPECTED_ATTRIBUTE,
    &TYPE_MISMATCH,
    &INVALID_VALUE,
    &UNKNOWN_REFERENCE,
    &UNKNOWN_EXPORT,
    &REFERENCE_CYCLE,
    &UNSTABLE_COMPONENT,
    &INVALID_REGEX,
    &SHADOWS_STDLIB,
    &UNKNOWN_FUNCTION,
    &UNSTABLE_FUNCTION,
    &DEPRECATED_FUNCTION,
    &UNRESOLVED_IMPORT,
    &INVALID_DECLARE,
];
