//! Generates `alloy-schema`'s static data by merging Alloy's code schema (what Alloy accepts:
//! names, blocks, struct-tag required-ness) with its docs (types, defaults, allowed values,
//! descriptions), and reports every disagreement it resolved.
//!
//! [`generate`] is pure: it reads a `shared/` directory and returns the files' contents, so
//! `alloy-schema`'s staleness test can run it in-process and compare.

pub mod code;
pub mod docs;
pub mod emit;
pub mod ir;
pub mod merge;
pub mod removed;
pub mod report;
pub mod stdlib;
pub mod types;

use code::{CodeField, LABEL_FIELD};
use docs::{parse_page, read_expanded, DocPage};
use ir::{IrComponent, IrExport, IrSchema};
use merge::{build_exports, BodyBuilder};
use report::{Category, Report};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Generated file paths, relative to the `alloy-schema` crate.
pub const DATA_FILE: &str = "data/schema_data.rs";
pub const REPORT_FILE: &str = "data/disagreements.txt";

/// Config blocks that take a label (`argument "name" { ... }`). The controller requires the
/// label; the code schema only records it for `declare`, which has no argument struct.
const LABELLED_CONFIG_BLOCKS: &[&str] = &[
    "argument",
    "declare",
    "export",
    "foreach",
    "import.file",
    "import.git",
    "import.http",
    "import.string",
];

/// Descriptions for config blocks that have no docs page.
const UNDOCUMENTED_CONFIG_BLOCKS: &[(&str, &str)] = &[(
    "labelstore",
    "Configures the label store service, which maps series labels to reference IDs shared by Prometheus components; it takes no arguments.",
)];

/// The generator's output.
pub struct Generated {
    pub schema: IrSchema,
    pub report: Report,
    pub data_source: String,
    pub report_text: String,
}

impl Generated {
    /// (path relative to the alloy-schema crate, contents) of every generated file.
    pub fn files(&self) -> Vec<(&'static str, &str)> {
        vec![
            (DATA_FILE, self.data_source.as_str()),
            (REPORT_FILE, self.report_text.as_str()),
        ]
    }

    /// Distinct attribute rows in the (deduplicated) body table.
    pub fn attribute_count(&self) -> usize {
        self.schema.bodies.iter().map(|b| b.attributes.len()).sum()
    }

    /// Attributes counted once per place they can be written (shared bodies counted at each
    /// use, recursive ones once).
    pub fn attribute_occurrences(&self) -> usize {
        fn walk(bodies: &[ir::IrBody], i: usize, open: &mut Vec<usize>) -> usize {
            if open.contains(&i) {
                return 0;
            }
            open.push(i);
            let b = &bodies[i];
            let n = b.attributes.len()
                + b.blocks
                    .iter()
                    .map(|bl| walk(bodies, bl.body, open))
                    .sum::<usize>();
            open.pop();
            n
        }
        let s = &self.schema;
        s.components
            .iter()
            .chain(&s.config_blocks)
            .map(|c| walk(&s.bodies, c.body, &mut Vec::new()))
            .sum()
    }
}

/// The `shared/` directory: `$ALLOY_SHARED_DIR`, else `../../../shared` from `manifest_dir`.
pub fn default_shared_dir(manifest_dir: &Path) -> PathBuf {
    match std::env::var_os("ALLOY_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => manifest_dir.join("../../../shared"),
    }
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            markdown_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "md")
            && path.file_name().is_some_and(|n| n != "_index.md")
        {
            out.push(path);
        }
    }
    Ok(())
}

fn load_pages(docs_root: &Path, dir: &Path) -> Result<BTreeMap<String, DocPage>, String> {
    let mut files = Vec::new();
    markdown_files(dir, &mut files)?;
    files.sort();
    let mut pages = BTreeMap::new();
    for file in files {
        let text = read_expanded(docs_root, &file)?;
        let rel = file
            .strip_prefix(docs_root)
            .unwrap_or(&file)
            .display()
            .to_string();
        let mut page = parse_page(&rel, &text);
        if page.title.is_empty() {
            page.title = file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
        }
        pages.insert(page.title.clone(), page);
    }
    Ok(pages)
}

fn docs_stability(stage: Option<&str>) -> Option<&'static str> {
    match stage? {
        "general-availability" | "generally-available" => Some("generally-available"),
        "public-preview" => Some("public-preview"),
        "experimental" => Some("experimental"),
        _ => None,
    }
}

/// Exports of a config block: the code has no export struct for them, so the docs' table is
/// the only source.
fn docs_exports(page: Option<&DocPage>) -> Vec<IrExport> {
    let mut out: Vec<IrExport> = page
        .map(|p| p.exports.as_slice())
        .unwrap_or(&[])
        .iter()
        .map(|r| IrExport {
            name: r.name.clone(),
            ty: r
                .ty
                .as_deref()
                .and_then(types::parse_docs_ty)
                .unwrap_or(types::Ty::Any),
            docs_type: r.ty.clone(),
            go_type: String::new(),
            description: docs::first_sentence(&r.description),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Runs the whole generation from a `shared/` directory.
pub fn generate(shared: &Path) -> Result<Generated, String> {
    let code_dir = shared.join("alloy-code-schema");
    let docs_root = shared.join("alloy-docs");
    let components = code::parse_components(&read(&code_dir.join("components.json"))?)?;
    let config_blocks = code::parse_config_blocks(&read(&code_dir.join("config_blocks.json"))?)?;
    let component_pages = load_pages(&docs_root, &docs_root.join("reference/components"))?;
    let config_pages = load_pages(&docs_root, &docs_root.join("reference/config-blocks"))?;

    let mut schema = IrSchema::default();
    let mut report = Report::default();
    let empty: BTreeMap<String, CodeField> = BTreeMap::new();

    for (name, comp) in &components {
        let page = component_pages.get(name);
        let mut builder = BodyBuilder::new(name, page, &mut schema.bodies, &mut report);
        builder.pages = Some(&component_pages);
        let body = builder.build_root(comp.args.as_ref().unwrap_or(&empty), true);
        builder.finish();
        let exports = build_exports(name, comp.exports.as_ref(), page, &mut report);
        if let Some(docs) = page.and_then(|p| docs_stability(p.stage.as_deref())) {
            if comp.stability != "unset" && docs != comp.stability {
                report.add(
                    Category::StabilityMismatch,
                    name,
                    "(component)",
                    format!("code: {}, docs: {docs}", comp.stability),
                );
            }
        }
        schema.components.push(IrComponent {
            name: name.clone(),
            description: page.map(|p| p.description.clone()).unwrap_or_default(),
            stability: comp.stability.clone(),
            community: comp.community,
            deprecated: page.and_then(|p| component_deprecation(&p.intro)),
            body,
            exports,
        });
    }
    let mut documented_removals = Vec::new();
    for (name, page) in &component_pages {
        if !components.contains_key(name) {
            let removal = removed::from_page(name, page);
            let detail = match &removal {
                Some(r) => format!(
                    "documented component that the code does not register; recorded as removed (use `{}`)",
                    r.replacement
                ),
                None => "documented component that the code does not register; dropped".to_string(),
            };
            report.add(
                Category::ComponentMissingInCode,
                name,
                "(component)",
                detail,
            );
            documented_removals.extend(removal);
        }
    }

    for (name, block) in &config_blocks {
        let page = config_pages.get(name);
        let labelled = LABELLED_CONFIG_BLOCKS.contains(&name.as_str());
        let args = block.args.as_ref().unwrap_or(&empty);
        let mut builder = BodyBuilder::new(name, page, &mut schema.bodies, &mut report);
        let body = builder.build_root(args, labelled);
        builder.finish();
        // `declare` has only a label and an arbitrary body of config.
        if name == "declare" {
            schema.bodies[body].free_form = true;
        }
        let fallback = UNDOCUMENTED_CONFIG_BLOCKS
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| d.to_string());
        schema.config_blocks.push(IrComponent {
            name: name.clone(),
            description: page
                .map(|p| p.description.clone())
                .or(fallback)
                .unwrap_or_default(),
            stability: page
                .and_then(|p| docs_stability(p.stage.as_deref()))
                .unwrap_or("generally-available")
                .to_string(),
            community: false,
            deprecated: None,
            body,
            exports: docs_exports(page),
        });
        debug_assert!(!args.contains_key(LABEL_FIELD) || labelled);
    }

    let mut stdlib_files = Vec::new();
    markdown_files(&docs_root.join("reference/stdlib"), &mut stdlib_files)?;
    stdlib_files.sort();
    for file in stdlib_files {
        let text = read_expanded(&docs_root, &file)?;
        let rel = file.display().to_string();
        schema
            .functions
            .extend(stdlib::parse_stdlib_page(&rel, &text));
    }
    schema.functions.sort_by(|a, b| a.name.cmp(&b.name));
    schema.functions.dedup_by(|a, b| a.name == b.name);

    schema.removed = removed::removed_components(
        documented_removals,
        |name| components.contains_key(name) || config_blocks.contains_key(name),
        &mut report,
    )?;

    dedup_bodies(&mut schema);
    let data_source = emit::render(&schema);
    let report_text = report.render();
    Ok(Generated {
        schema,
        report,
        data_source,
        report_text,
    })
}

/// Merges identical bodies (the same TLS or HTTP client block appears in dozens of
/// components) and drops unreachable ones, keeping the remaining bodies in their order.
fn dedup_bodies(schema: &mut IrSchema) {
    loop {
        let mut first: std::collections::HashMap<String, usize> = Default::default();
        let remap: Vec<usize> = schema
            .bodies
            .iter()
            .enumerate()
            .map(|(i, b)| *first.entry(format!("{b:?}")).or_insert(i))
            .collect();
        // Duplicates stay in the table until compaction, so stop when no reference moves.
        if !renumber(schema, &remap) {
            break;
        }
    }
    let mut reachable = vec![false; schema.bodies.len()];
    let mut stack: Vec<usize> = schema
        .components
        .iter()
        .chain(&schema.config_blocks)
        .map(|c| c.body)
        .collect();
    while let Some(i) = stack.pop() {
        if !std::mem::replace(&mut reachable[i], true) {
            stack.extend(schema.bodies[i].blocks.iter().map(|b| b.body));
        }
    }
    let mut next = 0;
    let remap: Vec<usize> = reachable
        .iter()
        .map(|&r| {
            next += usize::from(r);
            next.saturating_sub(1)
        })
        .collect();
    renumber(schema, &remap);
    let mut index = 0;
    schema.bodies.retain(|_| {
        index += 1;
        reachable[index - 1]
    });
}

/// Points every reference through `remap`; returns whether any changed.
fn renumber(schema: &mut IrSchema, remap: &[usize]) -> bool {
    let mut changed = false;
    let refs = schema
        .bodies
        .iter_mut()
        .flat_map(|b| b.blocks.iter_mut().map(|bl| &mut bl.body))
        .chain(
            schema
                .components
                .iter_mut()
                .chain(&mut schema.config_blocks)
                .map(|c| &mut c.body),
        );
    for r in refs {
        changed |= *r != remap[*r];
        *r = remap[*r];
    }
    changed
}

/// A deprecation note from a component page's intro ("`x` is deprecated ...").
fn component_deprecation(intro: &[String]) -> Option<String> {
    intro
        .iter()
        .map(|l| docs::clean_text(l))
        .find(|l| {
            let lower = l.to_ascii_lowercase();
            lower.contains("is deprecated") || lower.contains("has been deprecated")
        })
        .map(|l| docs::first_sentence(&l))
}
