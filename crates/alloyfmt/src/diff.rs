//! Unified diffs between a file and its formatted text.

use similar::{ChangeTag, TextDiff};
use std::fmt::Write;

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// A unified diff (3 lines of context) from `original` to `formatted`, headed `--- a/NAME` and
/// `+++ b/NAME`; colored with ANSI escapes when `color` is set.
pub fn unified(name: &str, original: &str, formatted: &str, color: bool) -> String {
    let diff = TextDiff::from_lines(original, formatted);
    let mut out = String::new();
    let paint = |out: &mut String, code: &str, text: &str| {
        if color {
            let _ = write!(out, "{code}{text}{RESET}");
        } else {
            out.push_str(text);
        }
    };
    paint(&mut out, BOLD, &format!("--- a/{name}\n+++ b/{name}\n"));
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        paint(&mut out, CYAN, &format!("{}\n", hunk.header()));
        for change in hunk.iter_changes() {
            let (sign, code) = match change.tag() {
                ChangeTag::Delete => ("-", Some(RED)),
                ChangeTag::Insert => ("+", Some(GREEN)),
                ChangeTag::Equal => (" ", None),
            };
            let mut line = format!("{sign}{}", change.value());
            let missing_newline = !line.ends_with('\n');
            if missing_newline {
                line.push('\n');
            }
            match code {
                Some(code) => paint(&mut out, code, &line),
                None => out.push_str(&line),
            }
            if missing_newline {
                out.push_str("\\ No newline at end of file\n");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_unified_diff() {
        let diff = unified("x.alloy", "a=1\nb = 2\n", "a = 1\nb = 2\n", false);
        assert_eq!(
            diff,
            "--- a/x.alloy\n+++ b/x.alloy\n@@ -1,2 +1,2 @@\n-a=1\n+a = 1\n b = 2\n"
        );
    }

    #[test]
    fn colored_diff_marks_lines() {
        let diff = unified("x.alloy", "a=1\n", "a = 1\n", true);
        assert!(diff.contains("\x1b[31m-a=1\n\x1b[0m"));
        assert!(diff.contains("\x1b[32m+a = 1\n\x1b[0m"));
    }

    #[test]
    fn missing_final_newline_is_marked() {
        let diff = unified("x.alloy", "a = 1", "a = 1\n", false);
        assert!(diff.contains("-a = 1\n\\ No newline at end of file\n+a = 1\n"));
    }
}
