//! Top-level identifiers of Alloy's standard library (namespaces, functions and deprecated
//! aliases), which references resolve to when no component matches.

pub const IDENTIFIERS: &[&str] = &[
    "array",
    "base64_decode",
    "coalesce",
    "concat",
    "constants",
    "convert",
    "encoding",
    "env",
    "file",
    "format",
    "join",
    "json_decode",
    "json_path",
    "nonsensitive",
    "replace",
    "split",
    "string",
    "sys",
    "to_lower",
    "to_upper",
    "trim",
    "trim_prefix",
    "trim_space",
    "trim_suffix",
    "yaml_decode",
];

/// Identifiers that are objects of functions or constants (`string.format`), not functions.
const NAMESPACES: &[&str] = &[
    "array",
    "constants",
    "convert",
    "encoding",
    "file",
    "string",
    "sys",
];

pub fn is_namespace(name: &str) -> bool {
    NAMESPACES.contains(&name)
}

pub fn is_stdlib(name: &str) -> bool {
    IDENTIFIERS.binary_search(&name).is_ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn list_is_sorted_for_binary_search() {
        let mut sorted = super::IDENTIFIERS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, super::IDENTIFIERS);
        assert!(super::is_stdlib("sys"));
        assert!(!super::is_stdlib("prometheus"));
    }
}
