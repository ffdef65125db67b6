//! Every component, config block, attribute, block and export of the code schema is in the
//! generated schema. Also prints the docs-only items the generator dropped, and why.

use alloy_schema::Body;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn shared_dir() -> Option<PathBuf> {
    let dir = alloy_schema_gen::default_shared_dir(Path::new(env!("CARGO_MANIFEST_DIR")));
    if dir.join("alloy-code-schema/components.json").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: no shared data at {} (set ALLOY_SHARED_DIR)",
            dir.display()
        );
        None
    }
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("read code schema");
    serde_json::from_str(&text).expect("parse code schema")
}

/// Checks `fields` (a code-schema args map) against `body`; returns how many items it checked.
fn check_fields(
    owner: &str,
    path: &str,
    fields: &Value,
    body: &Body,
    missing: &mut Vec<String>,
) -> usize {
    let Some(fields) = fields.as_object() else {
        return 0;
    };
    let mut checked = 0;
    for (name, field) in fields {
        checked += 1;
        let at = format!("{owner}: {path}{name}");
        match field["kind"].as_str().unwrap_or("") {
            "label" => {
                if !body.labelled {
                    missing.push(format!("{at} (label)"));
                }
            }
            "attr" => {
                if body.attribute(name).is_none() {
                    missing.push(format!("{at} (attribute)"));
                }
            }
            "block" => match body.block(name) {
                None => missing.push(format!("{at} (block)")),
                Some(b) => {
                    if field["repeated"].as_bool() != Some(b.repeated) {
                        missing.push(format!("{at} (repeated flag differs)"));
                    }
                    if field["optional"].as_bool() != Some(b.code_optional) {
                        missing.push(format!("{at} (optional flag differs)"));
                    }
                    checked += check_fields(
                        owner,
                        &format!("{path}{name} > "),
                        &field["children"],
                        b.body(),
                        missing,
                    );
                }
            },
            "enum" => {
                for (alt, child) in field["children"].as_object().into_iter().flatten() {
                    match body.block(alt) {
                        Some(b) if b.alternative_of == Some(name.as_str()) => {
                            checked += 1 + check_fields(
                                owner,
                                &format!("{path}{alt} > "),
                                &child["children"],
                                b.body(),
                                missing,
                            );
                        }
                        _ => missing.push(format!("{at} > {alt} (enum alternative)")),
                    }
                }
            }
            other => missing.push(format!("{at} (unknown kind {other})")),
        }
    }
    checked
}

#[test]
fn every_code_schema_item_is_present() {
    let Some(shared) = shared_dir() else { return };
    let components = read_json(&shared.join("alloy-code-schema/components.json"));
    let components = components.as_object().expect("components object");
    assert_eq!(
        components.len(),
        184,
        "the code schema registers 184 components"
    );
    assert_eq!(alloy_schema::components().len(), components.len());
    let mut missing = Vec::new();
    let mut checked = 0;
    for (name, comp) in components {
        let Some(schema) = alloy_schema::component(name) else {
            missing.push(format!("component {name}"));
            continue;
        };
        assert!(schema.body().labelled, "{name}: components take a label");
        checked += check_fields(name, "", &comp["args"], schema.body(), &mut missing);
        for export in comp["exports"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
        {
            checked += 1;
            if schema.export(export).is_none() {
                missing.push(format!("{name}: export {export}"));
            }
        }
    }
    let blocks = read_json(&shared.join("alloy-code-schema/config_blocks.json"));
    let blocks = blocks["config_blocks"]
        .as_object()
        .expect("config_blocks object");
    for expected in [
        "logging",
        "tracing",
        "http",
        "livedebugging",
        "remotecfg",
        "argument",
        "export",
        "declare",
        "foreach",
        "import.file",
        "import.git",
        "import.http",
        "import.string",
        "labelstore",
    ] {
        assert!(
            blocks.contains_key(expected),
            "code schema lacks {expected}"
        );
    }
    assert_eq!(alloy_schema::config_blocks().len(), blocks.len());
    for (name, block) in blocks {
        let Some(schema) = alloy_schema::config_block(name) else {
            missing.push(format!("config block {name}"));
            continue;
        };
        checked += check_fields(name, "", &block["args"], schema.body(), &mut missing);
    }
    assert!(
        missing.is_empty(),
        "missing from the schema:\n{}",
        missing.join("\n")
    );
    eprintln!("coverage: {checked} code-schema items present");
}

#[test]
fn docs_only_items_are_reported() {
    let Some(shared) = shared_dir() else { return };
    let generated = alloy_schema_gen::generate(&shared).expect("generate");
    let dropped: Vec<_> = generated
        .report
        .entries
        .iter()
        .filter(|e| e.category.is_docs_only_drop())
        .collect();
    eprintln!("docs-only items dropped: {}", dropped.len());
    for e in &dropped {
        eprintln!(
            "  {} {} [{}]: {} ({})",
            e.owner,
            e.path,
            e.category.name(),
            e.detail,
            e.category.why()
        );
    }
    assert_eq!(dropped.len(), generated.report.docs_only_dropped());
    // The docs still describe otelcol.receiver.opencensus, which the code no longer registers.
    assert!(dropped
        .iter()
        .any(|e| e.owner == "otelcol.receiver.opencensus"));
    assert!(alloy_schema::component("otelcol.receiver.opencensus").is_none());
}
