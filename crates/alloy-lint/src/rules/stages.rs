//! What `loki.process` stages do to an entry's labels, as Alloy's stages package does it.

use super::values::{attribute, const_string, expr_string, object_fields};
use alloy_syntax::ast::{Block, ExprKind};

/// Whether `stage` (a `stage.structured_metadata`) moves the label `label` into structured
/// metadata. The stage reads each value's source (the value, or the key when it is empty)
/// from the extracted map and from the labels, and removes the labels it found; its `regex`
/// moves every label whose name it matches (Go's unanchored `MatchString`). Values not known
/// without running Alloy move nothing here.
pub(crate) fn moves_label_to_metadata(stage: &Block, label: &str) -> bool {
    let by_values = attribute(stage, "values")
        .and_then(|a| object_fields(&a.value))
        .is_some_and(|fields| {
            fields.iter().any(|f| {
                let source = match &f.value.kind {
                    ExprKind::Null => None,
                    _ => expr_string(&f.value).filter(|v| !v.is_empty()),
                };
                source.as_deref().unwrap_or(f.key.as_str()) == label
            })
        });
    let by_regex = const_string(stage, "regex")
        .filter(|r| !r.is_empty())
        .and_then(|r| alloy_regex::GoRegex::new(&r).ok())
        .is_some_and(|re| re.is_match(label));
    by_values || by_regex
}
