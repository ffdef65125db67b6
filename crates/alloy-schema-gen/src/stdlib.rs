//! Standard-library functions from `reference/stdlib/*.md`.

use crate::docs::{backticked, first_sentence, parse_page, strip_front_matter};
use crate::ir::IrFunction;

fn is_identifier_path(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && !s.starts_with('.')
}

/// A parameter name: an identifier, optionally variadic (`values...`). Example calls with
/// literals or references (`local.file.x.content`) are not signatures.
fn is_parameter_name(p: &str) -> bool {
    let name = p.trim_end_matches("...");
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Parameters of the functions whose docs show only examples, after the Go functions in
/// Alloy's `syntax/internal/stdlib` (the docs' prose describes the same arguments).
const PARAMS_WITHOUT_DOCS_SIGNATURE: &[(&str, &[&str])] = &[
    ("array.combine_maps", &["left", "right", "merge_on"]),
    ("array.concat", &["lists..."]),
    ("array.group_by", &["list", "key", "drop_unmatched"]),
    ("coalesce", &["values..."]),
    ("convert.nonsensitive", &["secret"]),
    ("encoding.from_URLbase64", &["string"]),
    ("encoding.from_base64", &["string"]),
    ("encoding.from_json", &["string"]),
    ("encoding.from_yaml", &["string"]),
    ("encoding.to_URLbase64", &["string"]),
    ("encoding.to_base64", &["string"]),
    ("encoding.to_json", &["value"]),
    ("encoding.url_decode", &["string"]),
    ("encoding.url_encode", &["string"]),
    ("file.path_join", &["elements..."]),
    ("json_path", &["json", "path"]),
    ("string.to_lower", &["string"]),
    ("string.to_upper", &["string"]),
    ("string.trim_prefix", &["string", "prefix"]),
    ("string.trim_space", &["string"]),
    ("string.trim_suffix", &["string", "suffix"]),
    ("sys.env", &["name"]),
];

/// The docs' signature, else one built from [`PARAMS_WITHOUT_DOCS_SIGNATURE`].
fn signature_or_known(name: &str, lines: &[String]) -> (Option<String>, Vec<String>) {
    if let Some((s, p)) = signature_of(name, lines) {
        return (Some(s), p);
    }
    match PARAMS_WITHOUT_DOCS_SIGNATURE
        .iter()
        .find(|(n, _)| *n == name)
    {
        Some((_, params)) => (
            Some(format!("{name}({})", params.join(", "))),
            params.iter().map(|p| p.to_string()).collect(),
        ),
        None => (None, Vec::new()),
    }
}

/// Old top-level names that the page's `aliases:` front matter redirects to this page.
fn alias_names(front: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_aliases = false;
    for line in front.lines() {
        if line.starts_with("aliases:") {
            in_aliases = true;
            continue;
        }
        if in_aliases {
            let t = line.trim();
            let Some(item) = t.strip_prefix("- ") else {
                if !line.starts_with(' ') {
                    in_aliases = false;
                }
                continue;
            };
            let path = item.split('#').next().unwrap_or("").trim();
            let name = path.trim_start_matches("./").trim_end_matches('/');
            if is_identifier_path(name) && !name.contains('.') {
                out.push(name.to_string());
            }
        }
    }
    out
}

fn description_of(lines: &[String]) -> String {
    let mut in_fence = false;
    for l in lines {
        let t = l.trim();
        if t.starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence
            || t.is_empty()
            || t.starts_with('#')
            || t.starts_with("{{")
            || t.starts_with('|')
        {
            continue;
        }
        return first_sentence(t);
    }
    String::new()
}

/// The signature line (`string.format(spec, values...)`) in the section's first code blocks.
fn signature_of(name: &str, lines: &[String]) -> Option<(String, Vec<String>)> {
    let mut in_fence = false;
    for l in lines {
        let t = l.trim();
        if t.starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if !in_fence {
            continue;
        }
        if let Some(rest) = t.strip_prefix(name).and_then(|r| r.strip_prefix('(')) {
            let close = rest.rfind(')')?;
            let inside = rest[..close].trim();
            // Example calls use literals; a signature names parameters.
            let params: Vec<String> = if inside.is_empty() {
                Vec::new()
            } else {
                inside.split(',').map(|p| p.trim().to_string()).collect()
            };
            if params.iter().all(|p| is_parameter_name(p)) {
                return Some((format!("{name}({inside})"), params));
            }
        }
    }
    None
}

fn experimental(lines: &[String]) -> bool {
    lines
        .iter()
        .any(|l| l.to_ascii_lowercase().contains("experimental"))
}

/// Parses one stdlib page (already expanded) into functions.
pub fn parse_stdlib_page(file: &str, text: &str) -> Vec<IrFunction> {
    let (front, _) = strip_front_matter(text);
    let page = parse_page(file, text);
    let title = page.title.clone();
    let mut out: Vec<IrFunction> = Vec::new();
    for (heading, lines) in &page.h2 {
        let name = heading.replace('`', "");
        if !is_identifier_path(&name) || name.starts_with("Example") {
            continue;
        }
        let full = if name.contains('.') || name == title {
            name.clone()
        } else {
            format!("{title}.{name}")
        };
        let (signature, params) = signature_or_known(&full, lines);
        out.push(IrFunction {
            name: full,
            constant: false,
            signature,
            params,
            description: description_of(lines),
            replaced_by: None,
            experimental: experimental(lines),
        });
    }
    if out.is_empty() && is_identifier_path(&title) {
        // A page without function sections documents one identifier, or a set of constants.
        let prefix = format!("{title}.");
        let constants: Vec<(String, String)> = page
            .intro
            .iter()
            .filter_map(|l| {
                let item = l.trim().strip_prefix("* ")?;
                let name = backticked(item).into_iter().next()?;
                let desc = item.split_once(':').map(|x| x.1).unwrap_or("");
                name.starts_with(&prefix)
                    .then(|| (name, first_sentence(desc.trim())))
            })
            .collect();
        if constants.is_empty() {
            let mut intro = page.intro.clone();
            for (_, lines) in &page.h2 {
                intro.extend(lines.iter().cloned());
            }
            let (signature, params) = signature_or_known(&title, &intro);
            out.push(IrFunction {
                name: title.clone(),
                constant: false,
                signature,
                params,
                description: description_of(&page.intro),
                replaced_by: None,
                experimental: experimental(&page.intro),
            });
        } else {
            for (name, description) in constants {
                out.push(IrFunction {
                    name,
                    constant: true,
                    signature: None,
                    params: Vec::new(),
                    description,
                    replaced_by: None,
                    experimental: false,
                });
            }
        }
    }
    // Deprecated top-level names: the page's aliases, each pointing at its namespaced successor.
    let mut deprecated = Vec::new();
    for alias in alias_names(front) {
        let direct = format!("{title}.{alias}");
        let decoded = alias
            .strip_suffix("_decode")
            .map(|fmt| format!("{title}.from_{fmt}"));
        let target = out
            .iter()
            .find(|f| f.name == direct || Some(&f.name) == decoded.as_ref());
        if let Some(t) = target {
            deprecated.push(IrFunction {
                name: alias.clone(),
                constant: false,
                signature: t.signature.as_ref().map(|s| s.replacen(&t.name, &alias, 1)),
                params: t.params.clone(),
                description: format!("Deprecated: use `{}` instead.", t.name),
                replaced_by: Some(t.name.clone()),
                experimental: false,
            });
        }
    }
    out.extend(deprecated);
    out
}
