//! Reading the Alloy docs' Markdown: shared-partial expansion, sections, tables and prose.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// One row of an argument or export table.
#[derive(Debug, Clone, Default)]
pub struct DocRow {
    pub name: String,
    /// Raw type cell, backticks removed (`list(string)`, `string or secret`).
    pub ty: Option<String>,
    pub description: String,
    /// Default cell with its outer backticks removed: an Alloy literal.
    pub default: Option<String>,
    /// Raw `Required` cell (lower-cased), `None` when the table has no such column.
    pub required: Option<String>,
}

/// A row of a `| Block | Description | Required |` table.
#[derive(Debug, Clone)]
pub struct DocBlockRow {
    pub path: Vec<String>,
    /// The `#anchor` the row links to, naming the section that documents the block.
    pub anchor: Option<String>,
    pub description: String,
    pub required: Option<String>,
    /// The deprecation note of the row's description ("(Deprecated) ...").
    pub deprecated: Option<String>,
}

/// A prose paragraph that says something is deprecated, and where it stands.
#[derive(Debug, Clone)]
pub struct Deprecation {
    /// The block section it is in; `None` for the intro, Arguments and Blocks sections,
    /// which speak of the component's own arguments and blocks.
    pub section: Option<usize>,
    /// The deprecation sentence (and the next one when it says what to do instead).
    pub note: String,
}

/// A `### \`name\`` section documenting one block (or several, `a` and `b`).
#[derive(Debug, Clone, Default)]
pub struct DocSection {
    /// Each key is a block path as the heading names it (`endpoint > queue_config`).
    pub keys: Vec<Vec<String>>,
    pub heading: String,
    /// The heading's Hugo anchor (`akamai--resource_attributes`).
    pub anchor: String,
    pub level: usize,
    pub rows: Vec<DocRow>,
    /// Allowed values that the prose lists for an attribute of this section.
    pub allowed: BTreeMap<String, Vec<String>>,
    /// "This block shares the same configuration structure as \[`spans`\]\[spans\]": the anchor
    /// of the section that documents this block's attributes.
    pub same_as: Option<String>,
    /// "Refer to [`prometheus.exporter.mysql`](../x/) docs for the full list of supported
    /// arguments": the page that documents this block's attributes.
    pub refers_page: Option<String>,
}

/// One parsed page.
#[derive(Debug, Clone, Default)]
pub struct DocPage {
    pub file: String,
    pub title: String,
    pub stage: Option<String>,
    pub description: String,
    pub args: Vec<DocRow>,
    pub args_allowed: BTreeMap<String, Vec<String>>,
    pub exports: Vec<DocRow>,
    pub block_rows: Vec<DocBlockRow>,
    pub sections: Vec<DocSection>,
    /// Level-2 sections with their text, for the stdlib pages.
    pub h2: Vec<(String, Vec<String>)>,
    /// Lines of the intro (after `# title`, before the first `##`).
    pub intro: Vec<String>,
    /// Prose paragraphs that say something is deprecated.
    pub deprecations: Vec<Deprecation>,
}

/// Reads a Markdown file and inlines `{{< docs/shared lookup="..." >}}` partials.
pub fn read_expanded(docs_root: &Path, file: &Path) -> Result<String, String> {
    let text = fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    expand(docs_root, &text, 0)
}

fn expand(docs_root: &Path, text: &str, depth: usize) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        match shared_lookup(line) {
            Some(lookup) if depth < 8 => {
                let path = docs_root.join("shared").join(lookup);
                // A partial missing from the docs snapshot leaves nothing to learn from.
                if let Ok(partial) = fs::read_to_string(&path) {
                    let body = strip_front_matter(&partial).1;
                    out.push_str(&expand(docs_root, body, depth + 1)?);
                }
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    Ok(out)
}

fn shared_lookup(line: &str) -> Option<&str> {
    let t = line.trim();
    if !t.starts_with("{{<") || !t.contains("docs/shared") {
        return None;
    }
    let start = t.find("lookup=\"")? + "lookup=\"".len();
    let end = t[start..].find('"')? + start;
    Some(t[start..end].trim_start_matches('/'))
}

/// Splits `---\nfront: matter\n---\nbody` into (front matter, body).
pub fn strip_front_matter(text: &str) -> (&str, &str) {
    if let Some(rest) = text.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---\n") {
            return (&rest[..end], &rest[end + 5..]);
        }
        if let Some(end) = rest.find("\n---") {
            if rest[end + 4..].trim().is_empty() {
                return (&rest[..end], "");
            }
        }
    }
    ("", text)
}

fn front_value(front: &str, key: &str) -> Option<String> {
    front.lines().find_map(|l| {
        let t = l.trim();
        let v = t.strip_prefix(key)?.strip_prefix(':')?;
        Some(v.trim().trim_matches('"').to_string())
    })
}

/// The backticked names in `text`, in order.
pub fn backticked(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(s) = rest.find('`') {
        let after = &rest[s + 1..];
        match after.find('`') {
            Some(e) => {
                out.push(after[..e].to_string());
                rest = &after[e + 1..];
            }
            None => break,
        }
    }
    out
}

/// Whether a heading names only blocks (`` `a` > `b` ``, `` `a` and `b` ``, `` `a` block ``).
fn block_heading_keys(text: &str) -> Option<Vec<Vec<String>>> {
    if !text.contains('`') {
        return None;
    }
    let names = backticked(text);
    let mut residue = text.to_string();
    for n in &names {
        residue = residue.replacen(&format!("`{n}`"), " ", 1);
    }
    let words: Vec<&str> = residue
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let only_joiners = words
        .iter()
        .all(|w| matches!(*w, ">" | "and" | "block" | "blocks"));
    if !only_joiners
        || names
            .iter()
            .any(|n| n.is_empty() || !n.chars().all(is_block_name_char))
    {
        return None;
    }
    if text.contains('>') {
        Some(vec![names])
    } else {
        Some(names.into_iter().map(|n| vec![n]).collect())
    }
}

/// Hugo's anchor for a heading: lower case, punctuation dropped, spaces to `-`.
pub fn slug(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c),
            _ => None,
        })
        .collect()
}

/// `[ref]: #anchor` link definitions of a page.
fn link_definitions(lines: &[&str]) -> BTreeMap<String, String> {
    let mut defs = BTreeMap::new();
    for l in lines {
        let t = l.trim();
        if let Some(rest) = t.strip_prefix('[') {
            if let Some((label, target)) = rest.split_once("]:") {
                let target = target.trim();
                if let Some(anchor) = target.strip_prefix('#') {
                    defs.insert(label.to_lowercase(), anchor.to_string());
                }
            }
        }
    }
    defs
}

/// The anchor a table cell links to: `[`x`](#a)` or `[`x`][ref]`.
fn cell_anchor(cell: &str, defs: &BTreeMap<String, String>) -> Option<String> {
    if let Some(i) = cell.find("](#") {
        let rest = &cell[i + 3..];
        return rest.find(')').map(|e| rest[..e].to_string());
    }
    let i = cell.find("][")?;
    let rest = &cell[i + 2..];
    let e = rest.find(']')?;
    let label = if e == 0 {
        // `[text][]` uses the text as the label.
        let start = cell[..i].rfind('[')? + 1;
        cell[start..i].to_string()
    } else {
        rest[..e].to_string()
    };
    defs.get(&label.to_lowercase()).cloned()
}

fn is_block_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.'
}

fn split_cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut in_code = false;
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cur.push('|');
                chars.next();
            }
            '`' => {
                in_code = !in_code;
                cur.push(c);
            }
            '|' if !in_code => {
                cells.push(cur.trim().to_string());
                cur.clear();
            }
            _ => cur.push(c),
        }
    }
    cells.push(cur.trim().to_string());
    cells
}

/// Removes Markdown links and Hugo shortcodes, keeping the text readable.
pub fn clean_text(text: &str) -> String {
    let mut s = text.replace("{{< param \"FULL_PRODUCT_NAME\" >}}", "Grafana Alloy");
    s = s.replace("{{< param \"PRODUCT_NAME\" >}}", "Alloy");
    // Other shortcodes carry no meaning in a one-line description.
    while let Some(start) = s.find("{{<") {
        match s[start..].find(">}}") {
            Some(end) => s.replace_range(start..start + end + 3, ""),
            None => break,
        }
    }
    let mut out = String::with_capacity(s.len());
    let b: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < b.len() {
        if b[i] == '[' {
            if let Some(close) = b[i + 1..].iter().position(|&c| c == ']') {
                let close = i + 1 + close;
                let text: String = b[i + 1..close].iter().collect();
                let next = b.get(close + 1).copied();
                let closer = match next {
                    Some('(') => Some(')'),
                    Some('[') => Some(']'),
                    _ => None,
                };
                if let Some(closer) = closer {
                    if let Some(end) = b[close + 2..].iter().position(|&c| c == closer) {
                        out.push_str(&text);
                        i = close + 2 + end + 1;
                        continue;
                    }
                }
                if text.starts_with('`') {
                    // `[`secret`][]` style references.
                    out.push_str(&text);
                    i = close + 1;
                    if b.get(i) == Some(&'[') && b.get(i + 1) == Some(&']') {
                        i += 2;
                    }
                    continue;
                }
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first sentence of a paragraph.
pub fn first_sentence(text: &str) -> String {
    let t = clean_text(text);
    let mut in_code = false;
    let chars: Vec<char> = t.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '`' {
            in_code = !in_code;
        }
        if !in_code && c == '.' && (i + 1 == chars.len() || chars[i + 1] == ' ') {
            // "e.g." and "i.e." are not sentence ends.
            let before: String = chars[i.saturating_sub(4)..i].iter().collect();
            if before.ends_with("e.g") || before.ends_with("i.e") || before.ends_with("etc") {
                continue;
            }
            return chars[..=i].iter().collect();
        }
    }
    t
}

fn strip_ticks(cell: &str) -> String {
    let t = cell.trim();
    if t.len() >= 2 && t.starts_with('`') && t.ends_with('`') && t.matches('`').count() == 2 {
        t[1..t.len() - 1].to_string()
    } else {
        t.to_string()
    }
}

/// The quoted literals (`"TLS12"`) in backticks in `text`.
pub fn quoted_literals(text: &str) -> Vec<String> {
    backticked(text)
        .into_iter()
        .filter(|t| t.len() >= 2 && t.starts_with('"') && t.ends_with('"'))
        .collect()
}

const ALLOWED_PHRASES: &[&str] = &[
    "one of the following",
    "must be one of",
    "can be one of",
    "must be either",
    "can be either",
    "following values",
    "supported values",
    "valid values",
    "possible values",
    "allowed values",
    "following strings",
];

fn mentions_allowed(text: &str) -> bool {
    let l = text.to_ascii_lowercase();
    ALLOWED_PHRASES.iter().any(|p| l.contains(p))
}

/// Allowed values named inline in a description cell ("Must be one of `"a"`, `"b"`").
pub fn allowed_in_description(description: &str) -> Vec<String> {
    if !mentions_allowed(description) {
        return Vec::new();
    }
    let l = description.to_ascii_lowercase();
    let at = ALLOWED_PHRASES
        .iter()
        .filter_map(|p| l.find(p))
        .min()
        .unwrap_or(0);
    quoted_literals(&description[at..])
}

/// The page a "Refer to ... for the full list of supported arguments" line links to.
fn referred_page(line: &str) -> Option<String> {
    let l = line.to_ascii_lowercase();
    if !l.contains("refer to") || !(l.contains("full list") || l.contains("supported arguments")) {
        return None;
    }
    let start = line.find("](")? + 2;
    let end = line[start..].find(')')? + start;
    let url = line[start..end].split('#').next().unwrap_or("");
    let last = url.split('/').rfind(|s| !s.is_empty())?;
    (last.contains('.') && !last.ends_with(".md")).then(|| last.to_string())
}

fn mentions_same_as(line: &str) -> bool {
    let l = line.to_ascii_lowercase();
    l.contains("same configuration structure as")
        || l.contains("same arguments as")
        || l.contains("same attributes as")
        || l.contains("same as the")
}

#[derive(Clone, Copy)]
enum Target {
    None,
    Args,
    Exports,
    Section(usize),
}

/// Parses an expanded page.
pub fn parse_page(file: &str, text: &str) -> DocPage {
    let (front, body) = strip_front_matter(text);
    let mut page = DocPage {
        file: file.to_string(),
        title: front_value(front, "title").unwrap_or_default(),
        stage: front_value(front, "stage"),
        ..DocPage::default()
    };
    let lines: Vec<&str> = body.lines().collect();
    let defs = link_definitions(&lines);
    // Headings that some block row links to document that block, backticks or not.
    let linked: std::collections::BTreeSet<String> = lines
        .iter()
        .filter(|l| l.trim_start().starts_with('|'))
        .filter_map(|l| split_cells(l).first().and_then(|c| cell_anchor(c, &defs)))
        .collect();
    let mut in_fence = false;
    let mut h2 = String::new();
    let mut in_intro = false;
    let mut target = Target::None;
    let mut section_level = 0usize;
    let mut paragraph = Paragraph::default();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        match deprecation_scope(in_intro, target, &h2) {
            Some(scope) if !in_fence && is_prose(line) => paragraph.push(scope, trimmed, &mut page),
            _ => paragraph.flush(&mut page),
        }
        if trimmed.starts_with("```") {
            in_fence = !in_fence;
            if let Some((_, body)) = page.h2.last_mut() {
                body.push(line.to_string());
            }
            i += 1;
            continue;
        }
        if in_fence {
            if let Some((_, body)) = page.h2.last_mut() {
                body.push(line.to_string());
            }
            i += 1;
            continue;
        }
        if let Some((level, heading)) = heading(line) {
            match level {
                1 => {
                    in_intro = true;
                    target = Target::None;
                }
                2 => {
                    in_intro = false;
                    h2 = heading.to_string();
                    page.h2.push((heading.to_string(), Vec::new()));
                    target = if is_arguments(&h2) {
                        Target::Args
                    } else if is_exports(&h2) {
                        Target::Exports
                    } else {
                        Target::None
                    };
                    section_level = 2;
                }
                _ => {
                    if let Some((_, body)) = page.h2.last_mut() {
                        body.push(line.to_string());
                    }
                    let keys = block_heading_keys(heading);
                    if keys.is_some() || linked.contains(&slug(heading)) {
                        page.sections.push(DocSection {
                            keys: keys.unwrap_or_default(),
                            heading: heading.to_string(),
                            anchor: slug(heading),
                            level,
                            ..DocSection::default()
                        });
                        target = Target::Section(page.sections.len() - 1);
                        section_level = level;
                    } else if level <= section_level {
                        target = Target::None;
                        section_level = level;
                    }
                }
            }
            i += 1;
            continue;
        }
        if in_intro {
            page.intro.push(line.to_string());
        }
        if let Some((_, body)) = page.h2.last_mut() {
            body.push(line.to_string());
        }
        if trimmed.starts_with('|') {
            let start = i;
            while i < lines.len() && lines[i].trim_start().starts_with('|') {
                i += 1;
            }
            for l in &lines[start + 1..i] {
                if let Some((_, body)) = page.h2.last_mut() {
                    body.push(l.to_string());
                }
            }
            read_table(&mut page, &lines[start..i], &target, &h2, &defs);
            continue;
        }
        if let Target::Section(s) = target {
            if page.sections[s].same_as.is_none() && mentions_same_as(line) {
                page.sections[s].same_as = cell_anchor(line, &defs);
            }
            if page.sections[s].refers_page.is_none() {
                page.sections[s].refers_page = referred_page(line);
            }
        }
        if mentions_allowed(line) {
            i = read_allowed_prose(&mut page, &lines, i, &target);
            continue;
        }
        i += 1;
    }
    paragraph.flush(&mut page);
    page.description = intro_description(&page.intro);
    page
}

/// Where a deprecation note in prose applies, for the part of the page being read: a block
/// section (`Some(Some(s))`), the component itself (`Some(None)`: intro, Arguments, Blocks),
/// or nowhere (examples, technical details).
fn deprecation_scope(in_intro: bool, target: Target, h2: &str) -> Option<Option<usize>> {
    match target {
        Target::Section(s) => Some(Some(s)),
        Target::Args => Some(None),
        _ if in_intro || h2 == "Blocks" => Some(None),
        _ => None,
    }
}

/// A line of running text: not a heading, table row, shortcode, link definition or blank.
fn is_prose(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && heading(line).is_none()
        && !t.starts_with(['|', '{', '`'])
        && (!t.starts_with('[') || !t.contains("]: "))
}

/// Consecutive prose lines, read as one paragraph for its deprecation note.
#[derive(Default)]
struct Paragraph {
    scope: Option<usize>,
    text: String,
}

impl Paragraph {
    fn push(&mut self, scope: Option<usize>, line: &str, page: &mut DocPage) {
        if !self.text.is_empty() && self.scope != scope {
            self.flush(page);
        }
        self.scope = scope;
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(line);
    }

    fn flush(&mut self, page: &mut DocPage) {
        let text = std::mem::take(&mut self.text);
        if let Some(note) = crate::merge::deprecation_note(&text) {
            page.deprecations.push(Deprecation {
                section: self.scope,
                note,
            });
        }
    }
}

fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|&c| c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &line[level..];
    rest.starts_with(' ').then(|| (level, rest.trim()))
}

fn is_arguments(h2: &str) -> bool {
    h2 == "Arguments"
}

fn is_exports(h2: &str) -> bool {
    h2 == "Exported fields" || h2 == "Exports"
}

fn intro_description(intro: &[String]) -> String {
    let mut para = Vec::new();
    for l in intro {
        let t = l.trim();
        if t.is_empty() {
            if !para.is_empty() {
                break;
            }
            continue;
        }
        if t.starts_with("{{") || t.starts_with('|') || t.starts_with('>') || t.starts_with('[') {
            if !para.is_empty() {
                break;
            }
            continue;
        }
        para.push(t.to_string());
    }
    para.first().map(|p| first_sentence(p)).unwrap_or_default()
}

fn read_table(
    page: &mut DocPage,
    lines: &[&str],
    target: &Target,
    h2: &str,
    defs: &BTreeMap<String, String>,
) {
    if lines.len() < 2 {
        return;
    }
    let header: Vec<String> = split_cells(lines[0])
        .iter()
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name);
    let rows = lines[2..].iter().map(|l| split_cells(l));
    let first = header.first().map(String::as_str);
    let is_block_table = first == Some("block")
        // `| Name | Description | Required |` tables in the Blocks section list blocks too.
        || (h2 == "Blocks" && first == Some("name") && col("type").is_none() && col("required").is_some());
    if is_block_table {
        // A block table inside a block's section lists that block's children.
        let prefix: Vec<String> = match target {
            Target::Section(s) if page.sections[*s].keys.len() == 1 => {
                page.sections[*s].keys[0].clone()
            }
            _ => Vec::new(),
        };
        let (desc, req) = (col("description"), col("required"));
        for cells in rows {
            let mut path = backticked(&cells[0]);
            path.retain(|p| !p.is_empty());
            if path.is_empty() {
                continue;
            }
            if !prefix.is_empty() && !path.starts_with(&prefix[..1]) {
                path = prefix.iter().cloned().chain(path).collect();
            }
            page.block_rows.push(DocBlockRow {
                path,
                anchor: cell_anchor(&cells[0], defs),
                description: desc
                    .and_then(|d| cells.get(d))
                    .map(|d| first_sentence(d))
                    .unwrap_or_default(),
                required: req
                    .and_then(|r| cells.get(r))
                    .map(|r| r.trim().to_ascii_lowercase()),
                deprecated: desc
                    .and_then(|d| cells.get(d))
                    .and_then(|d| crate::merge::deprecation_note(d)),
            });
        }
        return;
    }
    if !matches!(first, Some("name" | "attribute")) || col("type").is_none() {
        return;
    }
    let (ty, desc, def, req) = (
        col("type"),
        col("description"),
        col("default"),
        col("required"),
    );
    let mut parsed = Vec::new();
    for cells in rows {
        let names = backticked(cells.first().map(String::as_str).unwrap_or(""));
        let Some(name) = names.first() else { continue };
        let cell = |c: Option<usize>| c.and_then(|c| cells.get(c)).map(|s| s.trim().to_string());
        parsed.push(DocRow {
            name: name.clone(),
            ty: cell(ty)
                .map(|t| t.replace('`', "").trim().to_string())
                .filter(|t| !t.is_empty()),
            description: cell(desc).unwrap_or_default(),
            default: cell(def).map(|d| strip_ticks(&d)).filter(|d| !d.is_empty()),
            required: cell(req).map(|r| r.to_ascii_lowercase()),
        });
    }
    match target {
        Target::Args => page.args.extend(parsed),
        Target::Exports => page.exports.extend(parsed),
        Target::Section(s) => page.sections[*s].rows.extend(parsed),
        Target::None => {}
    }
}

/// Reads "`x` must be one of the following:" followed by a bullet list. Returns the next line.
fn read_allowed_prose(page: &mut DocPage, lines: &[&str], at: usize, target: &Target) -> usize {
    let names: Vec<String> = backticked(lines[at])
        .into_iter()
        .filter(|n| !n.starts_with('"'))
        .collect();
    let mut values = quoted_literals(lines[at]);
    let mut i = at + 1;
    if values.is_empty() {
        let mut interleaved = 0;
        while i < lines.len() {
            let line = lines[i];
            let t = line.trim();
            if t.is_empty() || (line.starts_with([' ', '\t']) && !values.is_empty()) {
                // Blank lines and indented continuations of a bullet.
                i += 1;
                continue;
            }
            if let Some(item) = t.strip_prefix("* ").or_else(|| t.strip_prefix("- ")) {
                if let Some(v) = backticked(item).into_iter().next() {
                    if v.starts_with('"') && v.ends_with('"') && v.len() >= 2 {
                        values.push(v);
                    }
                }
                i += 1;
                continue;
            }
            // One explanatory paragraph between bullets of the same list is common.
            let next_bullet = lines[i..]
                .iter()
                .position(|l| l.trim().is_empty())
                .map(|blank| i + blank)
                .and_then(|b| {
                    lines[b..]
                        .iter()
                        .position(|l| !l.trim().is_empty())
                        .map(|n| b + n)
                })
                .is_some_and(|n| lines[n].trim_start().starts_with("* "));
            if values.is_empty()
                || interleaved > 0
                || !next_bullet
                || t.starts_with(['#', '|', '`', '{'])
            {
                break;
            }
            interleaved += 1;
            while i < lines.len() && !lines[i].trim().is_empty() {
                i += 1;
            }
        }
    }
    // Only a sentence about exactly one attribute says whose values these are.
    if names.len() != 1 || values.is_empty() {
        return i.max(at + 1);
    }
    let map = match target {
        Target::Args => &mut page.args_allowed,
        Target::Section(s) => &mut page.sections[*s].allowed,
        _ => return i.max(at + 1),
    };
    map.entry(names[0].clone()).or_insert(values);
    i.max(at + 1)
}
