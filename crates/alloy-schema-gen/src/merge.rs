//! Merging the code schema (structure) with the docs (types, defaults, descriptions).

use crate::code::{CodeField, LABEL_FIELD};
use crate::docs::{allowed_in_description, first_sentence, DocPage, DocRow};
use crate::ir::{required_rule, DocsReq, IrAttr, IrBlock, IrBody, IrExport};
use crate::report::{Category, Report};
use crate::types::{go_field_ty, is_final, merge_ty, parse_docs_ty};
use std::collections::{BTreeMap, BTreeSet};

/// Builds bodies for one component or config block, tracking which docs items were used.
pub struct BodyBuilder<'a> {
    pub owner: &'a str,
    pub page: Option<&'a DocPage>,
    /// Every page, for blocks documented on another component's page.
    pub pages: Option<&'a BTreeMap<String, DocPage>>,
    /// Leading path elements that `page` does not know (it documents a nested block).
    docs_root_depth: usize,
    pub bodies: &'a mut Vec<IrBody>,
    pub report: &'a mut Report,
    used_sections: BTreeSet<usize>,
    used_block_rows: BTreeSet<usize>,
    /// Ancestor blocks (type key, body index) to close recursive types.
    stack: Vec<(String, usize)>,
    /// A section named by the parent's table row for the block being built.
    section_hint: Option<String>,
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.'
}

fn type_key(field: &CodeField) -> String {
    field
        .resolved_type
        .clone()
        .unwrap_or_else(|| {
            field
                .go_type
                .trim_start_matches(['*', '[', ']'])
                .to_string()
        })
        .trim_start_matches(['*', '[', ']'])
        .to_string()
}

fn path_text(path: &[String]) -> String {
    if path.is_empty() {
        "(top level)".to_string()
    } else {
        path.join(" > ")
    }
}

impl<'a> BodyBuilder<'a> {
    pub fn new(
        owner: &'a str,
        page: Option<&'a DocPage>,
        bodies: &'a mut Vec<IrBody>,
        report: &'a mut Report,
    ) -> Self {
        BodyBuilder {
            owner,
            page,
            pages: None,
            docs_root_depth: 0,
            bodies,
            report,
            used_sections: BTreeSet::new(),
            used_block_rows: BTreeSet::new(),
            stack: Vec::new(),
            section_hint: None,
        }
    }

    /// Builds the top-level body from `fields`, documented by the page's Arguments table.
    pub fn build_root(&mut self, fields: &BTreeMap<String, CodeField>, labelled: bool) -> usize {
        let page = self.page;
        let (rows, allowed) = match page {
            Some(p) => (p.args.as_slice(), Some(&p.args_allowed)),
            None => (&[][..], None),
        };
        let id = self.reserve();
        let mut body = self.build_fields(fields, &[], rows, allowed);
        body.labelled |= labelled;
        // "The `a` and `b` arguments are deprecated ..." in the intro, Arguments or Blocks
        // prose: the component's own arguments and blocks, else arguments of that name
        // wherever they are in it (`blacklist` of several collector blocks).
        let notes = page.map(|p| p.deprecations.as_slice()).unwrap_or(&[]);
        for d in notes.iter().filter(|d| d.section.is_none()) {
            for name in deprecated_names(&d.note) {
                if !mark_deprecated(&mut body, &name, &d.note) {
                    let mut seen = BTreeSet::new();
                    for b in body.blocks.iter().map(|b| b.body).collect::<Vec<_>>() {
                        self.mark_nested(b, &name, &d.note, &mut seen);
                    }
                }
            }
        }
        self.bodies[id] = body;
        id
    }

    /// Marks the attributes named `name` in body `at` and the bodies below it.
    fn mark_nested(&mut self, at: usize, name: &str, note: &str, seen: &mut BTreeSet<usize>) {
        if !seen.insert(at) {
            return;
        }
        let body = &mut self.bodies[at];
        if let Some(attr) = body.attributes.iter_mut().find(|a| a.name == name) {
            attr.deprecated.get_or_insert_with(|| note.to_string());
        }
        for b in body.blocks.iter().map(|b| b.body).collect::<Vec<_>>() {
            self.mark_nested(b, name, note, seen);
        }
    }

    fn reserve(&mut self) -> usize {
        self.bodies.push(IrBody::default());
        self.bodies.len() - 1
    }

    fn build_fields(
        &mut self,
        fields: &BTreeMap<String, CodeField>,
        path: &[String],
        rows: &[DocRow],
        allowed: Option<&BTreeMap<String, Vec<String>>>,
    ) -> IrBody {
        let mut body = IrBody::default();
        let mut code_names = BTreeSet::new();
        for (name, field) in fields {
            code_names.insert(name.clone());
            match field.kind.as_str() {
                "label" => body.labelled = true,
                "attr" => {
                    let row = rows.iter().find(|r| &r.name == name);
                    let attr = self.build_attr(name, field, row, allowed, path);
                    body.attributes.push(attr);
                }
                "block" => {
                    // Some tables list blocks as rows whose type links to the section that
                    // documents them all (`vcenter.host.cpu.usage` of type [`metric`][]).
                    let hint = rows
                        .iter()
                        .find(|r| &r.name == name)
                        .and_then(|r| r.ty.as_deref())
                        .filter(|t| t.contains('['))
                        .map(|t| t.trim_matches(|c: char| !is_name_char(c)).to_string());
                    self.section_hint = hint;
                    let block = self.build_block(name, field, path, None);
                    body.blocks.push(block);
                }
                "enum" => {
                    for (alt, child) in field.children.iter().flatten() {
                        code_names.insert(alt.clone());
                        let mut as_block = child.clone();
                        // Alternatives of a slice enum may each appear any number of times.
                        as_block.repeated = field.repeated || child.repeated;
                        as_block.optional = field.optional;
                        let block = self.build_block(alt, &as_block, path, Some(name));
                        body.blocks.push(block);
                    }
                }
                other => self.report.add(
                    Category::UnknownCodeKind,
                    self.owner,
                    &path_text(path),
                    format!("field `{name}` has kind `{other}`; skipped"),
                ),
            }
        }
        if fields.contains_key(LABEL_FIELD) {
            body.labelled = true;
        }
        for row in rows {
            if !code_names.contains(&row.name) {
                self.report.add(
                    Category::AttrMissingInCode,
                    self.owner,
                    &path_text(path),
                    format!("docs-only attribute `{}` dropped", row.name),
                );
            }
        }
        body.attributes.sort_by(|a, b| a.name.cmp(&b.name));
        body.blocks.sort_by(|a, b| a.name.cmp(&b.name));
        body
    }

    fn build_attr(
        &mut self,
        name: &str,
        field: &CodeField,
        row: Option<&DocRow>,
        allowed: Option<&BTreeMap<String, Vec<String>>>,
        path: &[String],
    ) -> IrAttr {
        let at = || {
            let mut p = path.to_vec();
            p.push(name.to_string());
            path_text(&p)
        };
        let go = go_field_ty(field);
        let docs_ty = row
            .and_then(|r| r.ty.as_deref())
            .and_then(parse_docs_ty)
            .filter(|_| !is_final(field));
        let merged = merge_ty(&go, docs_ty.as_ref());
        if merged.mismatch {
            self.report.add(
                Category::TypeMismatch,
                self.owner,
                &at(),
                format!(
                    "code `{}` ({}) vs docs `{}`; kept the code's type",
                    field.go_type,
                    go.display(),
                    row.and_then(|r| r.ty.as_deref()).unwrap_or("")
                ),
            );
        }
        let docs_required = match row {
            Some(r) => DocsReq::parse(r.required.as_deref()),
            None => DocsReq::Undocumented,
        };
        let default = row.and_then(|r| r.default.clone());
        let required = required_rule(field.optional, docs_required, default.is_some());
        if row.is_none() && self.page.is_some() {
            self.report.add(
                Category::AttrMissingInDocs,
                self.owner,
                &at(),
                format!(
                    "undocumented; type `{}` from Go `{}`",
                    go.display(),
                    field.go_type
                ),
            );
        }
        self.note_required(
            &at(),
            field.optional,
            docs_required,
            default.is_some(),
            required,
        );
        let description = row
            .map(|r| first_sentence(&r.description))
            .unwrap_or_default();
        let mut allowed_values = allowed
            .and_then(|a| a.get(name))
            .cloned()
            .unwrap_or_default();
        if allowed_values.is_empty() {
            allowed_values = row
                .map(|r| allowed_in_description(&r.description))
                .unwrap_or_default();
        }
        allowed_values.dedup();
        // A quoted default outside the list means the docs listed only some of the values;
        // an incomplete list would make a validator reject valid configs.
        if let Some(d) = default.as_deref().filter(|d| d.starts_with('"')) {
            if !allowed_values.is_empty() && !allowed_values.iter().any(|v| v == d) {
                allowed_values.clear();
            }
        }
        let deprecated = row.and_then(|r| deprecation_note(&r.description));
        IrAttr {
            name: name.to_string(),
            ty: merged.ty,
            docs_type: row.and_then(|r| r.ty.clone()),
            go_type: field.go_type.clone(),
            default,
            allowed: allowed_values,
            description,
            code_optional: field.optional,
            docs_required,
            required,
            deprecated,
        }
    }

    fn note_required(
        &mut self,
        at: &str,
        code_optional: bool,
        docs: DocsReq,
        has_default: bool,
        required: bool,
    ) {
        let detail = match (code_optional, docs) {
            (false, DocsReq::No) => "code: no `optional` tag; docs: not required",
            (false, _) if has_default => "code: no `optional` tag; docs: has a default",
            (true, DocsReq::Yes) => "code: `optional` tag; docs: required",
            _ => return,
        };
        self.report.add(
            Category::RequiredMismatch,
            self.owner,
            at,
            format!("{detail}; required = {required}"),
        );
    }

    fn build_block(
        &mut self,
        name: &str,
        field: &CodeField,
        parent: &[String],
        alternative_of: Option<&str>,
    ) -> IrBlock {
        let mut path = parent.to_vec();
        path.push(name.to_string());
        let hint = self.section_hint.take();
        let docs_path = path[self.docs_root_depth.min(path.len())..].to_vec();
        let row = self.find_block_row(&docs_path);
        let docs_required = match &row {
            Some(r) => DocsReq::parse(r.required.as_deref()),
            None => DocsReq::Undocumented,
        };
        let required = required_rule(field.optional, docs_required, false);
        self.note_required(
            &path_text(&path),
            field.optional,
            docs_required,
            false,
            required,
        );
        let key = type_key(field);
        let mut own_deprecation = None;
        let body = if field.recursive {
            match self.stack.iter().rev().find(|(k, _)| *k == key) {
                Some((_, id)) => *id,
                None => {
                    self.report.add(
                        Category::UnknownCodeKind,
                        self.owner,
                        &path_text(&path),
                        "recursive block without a matching ancestor; left empty".to_string(),
                    );
                    self.reserve()
                }
            }
        } else {
            let id = self.reserve();
            self.stack.push((key, id));
            let children = field.children.clone().unwrap_or_default();
            let anchor = row.as_ref().and_then(|r| r.anchor.clone());
            let section =
                self.find_section(&docs_path, &children, anchor.as_deref(), hint.as_deref());
            let (rows, allowed): (Vec<DocRow>, Option<BTreeMap<String, Vec<String>>>) =
                match (self.page, section) {
                    (Some(p), Some(s)) => (
                        p.sections[s].rows.clone(),
                        Some(p.sections[s].allowed.clone()),
                    ),
                    _ => (Vec::new(), None),
                };
            if self.page.is_some() && row.is_none() && section.is_none() && hint.is_none() {
                self.report.add(
                    Category::BlockMissingInDocs,
                    self.owner,
                    &path_text(&path),
                    "undocumented block; kept from code".to_string(),
                );
            }
            let referred = match (self.page, section, self.pages) {
                (Some(p), Some(s), Some(all)) if rows.is_empty() => p.sections[s]
                    .refers_page
                    .as_ref()
                    .and_then(|name| all.get(name)),
                _ => None,
            };
            let mut body = match referred {
                // The block takes another component's arguments; that page documents them.
                Some(other) => {
                    let mut nested = BodyBuilder {
                        owner: self.owner,
                        page: Some(other),
                        pages: self.pages,
                        docs_root_depth: path.len(),
                        bodies: &mut *self.bodies,
                        report: &mut *self.report,
                        used_sections: BTreeSet::new(),
                        used_block_rows: BTreeSet::new(),
                        stack: self.stack.clone(),
                        section_hint: None,
                    };
                    nested.build_fields(&children, &path, &other.args, Some(&other.args_allowed))
                }
                None => self.build_fields(&children, &path, &rows, allowed.as_ref()),
            };
            // The `template` block of `foreach` (and the like) holds arbitrary config.
            if field.go_type.starts_with("(synthetic") {
                body.free_form = true;
            }
            // The section's prose: "This block is deprecated", "The `a` argument is
            // deprecated", "The `plaintext` block has been deprecated" (its own name).
            let notes = self.page.map(|p| p.deprecations.as_slice()).unwrap_or(&[]);
            for d in notes
                .iter()
                .filter(|d| d.section.is_some() && d.section == section)
            {
                let names = deprecated_names(&d.note);
                let about_this_block = if names.is_empty() {
                    // "This block is deprecated", "Deprecated in favor of ...": not "The
                    // "inverted" decisions are deprecated", which is about values.
                    let l = d.note.to_ascii_lowercase();
                    ["deprecated", "(deprecated", "this block", "the block"]
                        .iter()
                        .any(|p| l.starts_with(p))
                } else {
                    names.iter().any(|n| n == name)
                };
                if about_this_block {
                    own_deprecation.get_or_insert_with(|| d.note.clone());
                }
                for n in &names {
                    mark_deprecated(&mut body, n, &d.note);
                }
            }
            self.bodies[id] = body;
            self.stack.pop();
            id
        };
        IrBlock {
            name: name.to_string(),
            deprecated: row
                .as_ref()
                .and_then(|r| r.deprecated.clone())
                .or(own_deprecation),
            description: row.map(|r| r.description.clone()).unwrap_or_default(),
            code_optional: field.optional,
            docs_required,
            required,
            repeated: field.repeated,
            alternative_of: alternative_of.map(str::to_string),
            body,
        }
    }

    fn find_block_row(&mut self, path: &[String]) -> Option<crate::docs::DocBlockRow> {
        let page = self.page?;
        let mut best: Option<(usize, usize)> = None;
        for (i, row) in page.block_rows.iter().enumerate() {
            if path.ends_with(&row.path) && best.is_none_or(|(_, len)| row.path.len() > len) {
                best = Some((i, row.path.len()));
            }
        }
        let (i, _) = best?;
        self.used_block_rows.insert(i);
        Some(page.block_rows[i].clone())
    }

    /// The docs section for a block: the section whose table names most of the code's
    /// attributes, among those the block row links to or whose heading path is a suffix of
    /// the block's path; ties go to the link, then to the longest heading path.
    fn find_section(
        &mut self,
        path: &[String],
        children: &BTreeMap<String, CodeField>,
        anchor: Option<&str>,
        hint: Option<&str>,
    ) -> Option<usize> {
        let page = self.page?;
        let mut best: Option<(usize, (usize, usize))> = None;
        for (i, s) in page.sections.iter().enumerate() {
            let hinted = hint.is_some_and(|h| s.keys.iter().any(|k| k.len() == 1 && k[0] == h));
            if anchor == Some(s.anchor.as_str()) || hinted {
                let hits = s
                    .rows
                    .iter()
                    .filter(|r| children.contains_key(&r.name))
                    .count();
                // The row's link is the docs' own statement of where the block is described.
                let score = (hits, usize::MAX);
                if best.is_none_or(|(_, b)| score > b) {
                    best = Some((i, score));
                }
            }
            for key in &s.keys {
                if !path.ends_with(key) {
                    continue;
                }
                let hits = s
                    .rows
                    .iter()
                    .filter(|r| children.contains_key(&r.name))
                    .count();
                let score = (hits, key.len());
                if best.is_none_or(|(_, b)| score > b) {
                    best = Some((i, score));
                }
            }
        }
        let (mut i, _) = best?;
        self.used_sections.insert(i);
        // A section without a table that points at another section's structure.
        if page.sections[i].rows.is_empty() {
            if let Some(target) = page.sections[i].same_as.as_deref() {
                if let Some(j) = page.sections.iter().position(|s| s.anchor == target) {
                    self.used_sections.insert(j);
                    i = j;
                }
            }
        }
        Some(i)
    }

    /// Reports docs blocks and sections that matched no code block.
    pub fn finish(self) {
        let Some(page) = self.page else { return };
        for (i, row) in page.block_rows.iter().enumerate() {
            if !self.used_block_rows.contains(&i) {
                self.report.add(
                    Category::BlockMissingInCode,
                    self.owner,
                    &path_text(&row.path),
                    "docs-only block dropped".to_string(),
                );
            }
        }
        for (i, s) in page.sections.iter().enumerate() {
            if !self.used_sections.contains(&i) && !s.rows.is_empty() {
                self.report.add(
                    Category::DocsSectionUnmatched,
                    self.owner,
                    &s.heading,
                    format!(
                        "docs section with {} attribute rows matches no code block; dropped",
                        s.rows.len()
                    ),
                );
            }
        }
    }
}

/// Whether a sentence says that something is deprecated (not merely mentions the word).
pub fn is_deprecation(sentence: &str) -> bool {
    let l = sentence.trim().to_ascii_lowercase();
    l.starts_with("deprecated")
        || l.starts_with("(deprecated")
        || [
            " is deprecated",
            " are deprecated",
            "has been deprecated",
            "deprecated in favor",
        ]
        .iter()
        .any(|p| l.contains(p))
}

/// A deprecation sentence from a description, if it has one, with the first sentence after
/// it that says what to do instead or that the setting does nothing.
pub fn deprecation_note(description: &str) -> Option<String> {
    let clean = crate::docs::clean_text(description);
    let sentences: Vec<&str> = clean.split(". ").collect();
    let at = sentences.iter().position(|s| is_deprecation(s))?;
    let sentence = |s: &str| s.trim_end_matches('.').to_string() + ".";
    let mut note = sentence(sentences[at]);
    let advice = sentences[at + 1..].iter().find(|s| {
        let l = s.to_ascii_lowercase();
        l.starts_with("use ") || l.contains(" instead") || l.contains("no effect")
    });
    if let Some(advice) = advice {
        note.push(' ');
        note.push_str(&sentence(advice));
    }
    Some(note)
}

/// The names a deprecation note says are deprecated: those written before "deprecated"
/// (the ones after it are the replacements, "in favor of `x`").
fn deprecated_names(note: &str) -> Vec<String> {
    let cut = note
        .to_ascii_lowercase()
        .find("deprecated")
        .unwrap_or(note.len());
    crate::docs::backticked(&note[..cut])
}

/// Marks the attribute or block `name` of `body` deprecated; whether there was one.
fn mark_deprecated(body: &mut IrBody, name: &str, note: &str) -> bool {
    if let Some(attr) = body.attributes.iter_mut().find(|a| a.name == name) {
        attr.deprecated.get_or_insert_with(|| note.to_string());
        return true;
    }
    let mut found = false;
    for block in body.blocks.iter_mut().filter(|b| b.name == name) {
        block.deprecated.get_or_insert_with(|| note.to_string());
        found = true;
    }
    found
}

/// Builds a component's exports from the code's export fields and the docs' table.
pub fn build_exports(
    owner: &str,
    code: Option<&BTreeMap<String, CodeField>>,
    page: Option<&DocPage>,
    report: &mut Report,
) -> Vec<IrExport> {
    let rows: &[DocRow] = page.map(|p| p.exports.as_slice()).unwrap_or(&[]);
    let mut out = Vec::new();
    let empty = BTreeMap::new();
    let code = code.unwrap_or(&empty);
    for (name, field) in code {
        let row = rows.iter().find(|r| &r.name == name);
        let go = go_field_ty(field);
        let docs_ty = row.and_then(|r| r.ty.as_deref()).and_then(parse_docs_ty);
        let merged = merge_ty(&go, docs_ty.as_ref());
        if merged.mismatch {
            report.add(
                Category::TypeMismatch,
                owner,
                &format!("export {name}"),
                format!(
                    "code `{}` vs docs `{}`; kept the code's type",
                    field.go_type,
                    row.and_then(|r| r.ty.as_deref()).unwrap_or("")
                ),
            );
        }
        if row.is_none() && page.is_some() {
            report.add(
                Category::ExportMissingInDocs,
                owner,
                &format!("export {name}"),
                format!("undocumented export; type `{}` from Go", go.display()),
            );
        }
        out.push(IrExport {
            name: name.clone(),
            ty: merged.ty,
            docs_type: row.and_then(|r| r.ty.clone()),
            go_type: field.go_type.clone(),
            description: row
                .map(|r| first_sentence(&r.description))
                .unwrap_or_default(),
        });
    }
    for row in rows {
        if !code.contains_key(&row.name) {
            report.add(
                Category::ExportMissingInCode,
                owner,
                &format!("export {}", row.name),
                "docs-only export dropped".to_string(),
            );
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}
