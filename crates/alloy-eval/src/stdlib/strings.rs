//! Go `strings` behaviour that differs from Rust's standard library.

/// Go's `strings.Split`: an empty separator splits after each character.
pub fn split(s: &str, sep: &str) -> Vec<String> {
    if sep.is_empty() {
        return s.chars().map(|c| c.to_string()).collect();
    }
    s.split(sep).map(str::to_string).collect()
}

/// Go's `strings.ToUpper`: per-character simple case mapping (`ß` stays `ß`).
pub fn to_upper(s: &str) -> String {
    s.chars().map(|c| simple_map(c, c.to_uppercase())).collect()
}

/// Go's `strings.ToLower`: per-character simple case mapping (`İ` becomes `i`).
pub fn to_lower(s: &str) -> String {
    s.chars().map(|c| simple_map(c, c.to_lowercase())).collect()
}

fn simple_map(c: char, mut mapped: impl ExactSizeIterator<Item = char>) -> char {
    if mapped.len() == 1 {
        return mapped.next().unwrap_or(c);
    }
    // Multi-character mappings are not simple mappings; U+0130 is the one character whose
    // simple lowercase differs from itself.
    if c == '\u{130}' {
        'i'
    } else {
        c
    }
}
