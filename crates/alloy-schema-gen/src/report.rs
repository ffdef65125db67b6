//! Every disagreement between the code and the docs that the generator resolved.

use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    // Resolved in favour of the code; the item is kept.
    AttrMissingInDocs,
    BlockMissingInDocs,
    ExportMissingInDocs,
    RequiredMismatch,
    TypeMismatch,
    StabilityMismatch,
    // Docs-only items, dropped because the code does not accept them.
    AttrMissingInCode,
    BlockMissingInCode,
    ExportMissingInCode,
    ComponentMissingInCode,
    DocsSectionUnmatched,
    RemovedReplacementUnknown,
    // Code-schema entries the generator could not place.
    UnknownCodeKind,
}

impl Category {
    pub fn name(&self) -> &'static str {
        match self {
            Category::AttrMissingInDocs => "attr_missing_in_docs",
            Category::BlockMissingInDocs => "block_missing_in_docs",
            Category::ExportMissingInDocs => "export_missing_in_docs",
            Category::RequiredMismatch => "required_mismatch",
            Category::TypeMismatch => "type_mismatch",
            Category::StabilityMismatch => "stability_mismatch",
            Category::AttrMissingInCode => "attr_missing_in_code",
            Category::BlockMissingInCode => "block_missing_in_code",
            Category::ExportMissingInCode => "export_missing_in_code",
            Category::ComponentMissingInCode => "component_missing_in_code",
            Category::DocsSectionUnmatched => "docs_section_unmatched",
            Category::RemovedReplacementUnknown => "removed_replacement_unknown",
            Category::UnknownCodeKind => "unknown_code_kind",
        }
    }

    /// Docs-only items that the schema leaves out.
    pub fn is_docs_only_drop(&self) -> bool {
        matches!(
            self,
            Category::AttrMissingInCode
                | Category::BlockMissingInCode
                | Category::ExportMissingInCode
                | Category::ComponentMissingInCode
                | Category::DocsSectionUnmatched
        )
    }

    pub fn why(&self) -> &'static str {
        match self {
            Category::AttrMissingInDocs => "kept: the code accepts it; type from the Go type",
            Category::BlockMissingInDocs => "kept: the code accepts it",
            Category::ExportMissingInDocs => "kept: the code exports it",
            Category::RequiredMismatch => {
                "`required` = no optional tag AND no docs default AND docs not `no`"
            }
            Category::TypeMismatch => "kept the code's type",
            Category::StabilityMismatch => "kept the code's stability",
            Category::AttrMissingInCode => "dropped: no struct field accepts it, Alloy rejects it",
            Category::BlockMissingInCode => "dropped: no struct field accepts it, Alloy rejects it",
            Category::ExportMissingInCode => "dropped: the code does not export it",
            Category::ComponentMissingInCode => "dropped: the code does not register it",
            Category::DocsSectionUnmatched => {
                "dropped: the section documents no block the code has"
            }
            Category::RemovedReplacementUnknown => {
                "kept as written: the linter suggests the closest component"
            }
            Category::UnknownCodeKind => "skipped",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub owner: String,
    pub path: String,
    pub category: Category,
    pub detail: String,
}

#[derive(Debug, Default, Clone)]
pub struct Report {
    pub entries: Vec<Entry>,
}

impl Report {
    pub fn add(&mut self, category: Category, owner: &str, path: &str, detail: String) {
        let entry = Entry {
            owner: owner.to_string(),
            path: path.to_string(),
            category,
            detail,
        };
        // Shared partials can document the same item twice; report it once.
        if !self.entries.contains(&entry) {
            self.entries.push(entry);
        }
    }

    pub fn counts(&self) -> BTreeMap<Category, usize> {
        let mut counts = BTreeMap::new();
        for e in &self.entries {
            *counts.entry(e.category).or_insert(0) += 1;
        }
        counts
    }

    /// Number of docs-only items dropped.
    pub fn docs_only_dropped(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| e.category.is_docs_only_drop())
            .count()
    }

    /// A short summary, one line per category.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        for (cat, n) in self.counts() {
            let _ = writeln!(out, "{:<28} {:>5}  ({})", cat.name(), n, cat.why());
        }
        let _ = writeln!(out, "{:<28} {:>5}", "total", self.entries.len());
        out
    }

    /// The full report file: the summary, then one line per entry, sorted.
    pub fn render(&self) -> String {
        let mut entries = self.entries.clone();
        entries.sort();
        entries.dedup();
        let mut out = String::from(
            "# Disagreements between alloy-code-schema and alloy-docs, as alloy-schema-gen resolved them.\n\
             # Generated; do not edit. Regenerate with `cargo run -p alloy-schema-gen`.\n\
             # Code wins for structure; docs supply types (when compatible), defaults, descriptions.\n#\n",
        );
        for line in self.summary().lines() {
            let _ = writeln!(out, "# {line}");
        }
        out.push_str("#\n# owner\tcategory\tpath\tdetail\n");
        for e in entries {
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}",
                e.owner,
                e.category.name(),
                e.path,
                e.detail
            );
        }
        out
    }
}
