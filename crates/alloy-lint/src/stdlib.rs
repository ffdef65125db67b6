//! Top-level identifiers of Alloy's standard library (namespaces, functions and deprecated
//! aliases), which references resolve to when no component matches. They come from
//! `alloy-schema`'s functions table, the one list of the standard library.

use std::sync::LazyLock;

/// Every top-level stdlib identifier (`coalesce`, `string`, `env`...), sorted: the first part
/// of each schema function's name.
pub static IDENTIFIERS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut names: Vec<&'static str> = alloy_schema::functions()
        .iter()
        .map(|f| top_level(f.name))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
});

fn top_level(name: &str) -> &str {
    name.split_once('.').map_or(name, |(first, _)| first)
}

/// Identifiers that are objects of functions or constants (`string.format`), not functions.
pub fn is_namespace(name: &str) -> bool {
    alloy_schema::functions().iter().any(|f| {
        f.name
            .split_once('.')
            .is_some_and(|(first, _)| first == name)
    })
}

pub fn is_stdlib(name: &str) -> bool {
    IDENTIFIERS.binary_search(&name).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_come_from_the_schema() {
        assert!(is_stdlib("sys"));
        assert!(is_stdlib("coalesce"));
        assert!(is_stdlib("env"), "deprecated names still resolve");
        assert!(is_stdlib("constants"));
        assert!(!is_stdlib("prometheus"));
        assert!(!is_stdlib("format_"));
        assert!(is_namespace("encoding"));
        assert!(is_namespace("constants"));
        assert!(!is_namespace("coalesce"));
        assert!(!is_namespace("string.format"));
        for name in IDENTIFIERS.iter() {
            assert!(
                alloy_schema::function(name).is_some() || is_namespace(name),
                "{name}"
            );
        }
    }
}
