//! Top-level identifiers of Alloy's standard library (namespaces, functions and deprecated
//! aliases), which references resolve to when no component matches. They come from
//! `alloy-schema`'s functions table, the one list of the standard library.

/// Every top-level stdlib identifier, sorted.
pub fn identifiers() -> &'static [&'static str] {
    alloy_schema::stdlib_identifiers()
}

/// Identifiers that are objects of functions or constants (`string.format`), not functions.
pub fn is_namespace(name: &str) -> bool {
    alloy_schema::is_stdlib_namespace(name)
}

pub fn is_stdlib(name: &str) -> bool {
    alloy_schema::is_stdlib_identifier(name)
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
        for name in identifiers() {
            assert!(
                alloy_schema::function(name).is_some() || is_namespace(name),
                "{name}"
            );
        }
    }
}
