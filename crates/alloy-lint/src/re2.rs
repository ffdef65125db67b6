//! Checks a regular expression against Go's RE2 syntax (what Alloy compiles relabel rules and
//! `loki.process` stages with). `regex-syntax` reads nearly the same language; the
//! differences are handled here: `\Q...\E` quoting, a `{` that is not a repetition (literal in
//! Go), octal escapes versus backreferences, and RE2's repetition limit of 1000. Perl features
//! RE2 lacks (lookarounds, backreferences) are rejected with an explanation.

use regex_syntax::ast::{self, ErrorKind};

/// A syntax error at byte range `[start, end)` of the pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegexError {
    pub start: usize,
    pub end: usize,
    pub message: String,
    pub help: Option<String>,
}

/// RE2's maximum for `{n}` / `{n,m}`.
const MAX_REPEAT: u32 = 1000;

pub fn check(pattern: &str) -> Result<(), RegexError> {
    let (translated, origin) = translate_go_syntax(pattern)?;
    // Offsets in the translated pattern back to the original.
    let map = |offset: usize| origin.get(offset).copied().unwrap_or(pattern.len());
    let remap = |mut e: RegexError| {
        e.start = map(e.start);
        e.end = map(e.end).max(e.start);
        e
    };
    let parsed = ast::parse::ParserBuilder::new()
        .nest_limit(1000)
        .octal(true)
        .build()
        .parse(&translated)
        .map_err(|e| remap(from_ast_error(&e)))?;
    check_repeats(&parsed).map_err(remap)?;
    regex_syntax::hir::translate::TranslatorBuilder::new()
        .utf8(false)
        .build()
        .translate(&translated, &parsed)
        .map_err(|e| {
            remap(RegexError {
                start: e.span().start.offset,
                end: e.span().end.offset,
                message: e.kind().to_string(),
                help: None,
            })
        })?;
    Ok(())
}

/// Rewrites the Go syntax that `regex-syntax` reads differently: `\Q...\E` quoting, a `{`
/// that does not start a repetition (a literal in Go), and octal escapes versus
/// backreferences (`\12` is octal in Go, `\1` a rejected backreference). Returns the
/// pattern and, for each of its bytes, the offset of the original byte it came from.
fn translate_go_syntax(pattern: &str) -> Result<(String, Vec<usize>), RegexError> {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut origin = Vec::with_capacity(pattern.len() + 9);
    let push = |out: &mut String, origin: &mut Vec<usize>, text: &str, from: usize| {
        out.push_str(text);
        origin.extend(std::iter::repeat_n(from, text.len()));
    };
    let bytes = pattern.as_bytes();
    let mut i = 0;
    while i < pattern.len() {
        let c = pattern[i..].chars().next().unwrap_or('\0');
        if c == '\\' {
            let next = bytes.get(i + 1).copied();
            match next {
                Some(b'Q') => {
                    let body_start = i + 2;
                    let end = pattern[body_start..]
                        .find("\\E")
                        .map_or(pattern.len(), |e| body_start + e);
                    for (k, ch) in pattern[body_start..end].char_indices() {
                        let mut buf = [0u8; 4];
                        let text = ch.encode_utf8(&mut buf);
                        if regex_syntax::is_meta_character(ch) {
                            push(&mut out, &mut origin, "\\", body_start + k);
                        }
                        push(&mut out, &mut origin, text, body_start + k);
                    }
                    i = if end < pattern.len() { end + 2 } else { end };
                    continue;
                }
                Some(d @ b'1'..=b'9') => {
                    let octal =
                        d <= b'7' && bytes.get(i + 2).is_some_and(|n| (b'0'..=b'7').contains(n));
                    if !octal {
                        return Err(RegexError {
                            start: i,
                            end: i + 2,
                            message: "backreferences (\\1, \\k<name>) are not supported by Go's RE2 syntax".to_string(),
                            help: Some("RE2 has no backreferences: capture the group and compare it in a later step".to_string()),
                        });
                    }
                }
                _ => {}
            }
            // Copy the escape and the character it escapes.
            let escaped_len = pattern[i + 1..].chars().next().map_or(0, char::len_utf8);
            push(&mut out, &mut origin, &pattern[i..i + 1 + escaped_len], i);
            i += 1 + escaped_len;
            continue;
        }
        if c == '{' && !starts_repetition(&pattern[i..]) {
            push(&mut out, &mut origin, "\\{", i);
            i += 1;
            continue;
        }
        push(&mut out, &mut origin, &pattern[i..i + c.len_utf8()], i);
        i += c.len_utf8();
    }
    origin.push(pattern.len());
    Ok((out, origin))
}

/// `{n}`, `{n,}` or `{n,m}`: Go reads any other `{` literally.
fn starts_repetition(text: &str) -> bool {
    let Some(close) = text.find('}') else {
        return false;
    };
    let inner = &text[1..close];
    let (min, max) = match inner.split_once(',') {
        Some((a, b)) => (a, Some(b)),
        None => (inner, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(min) && max.is_none_or(|m| m.is_empty() || digits(m))
}

fn from_ast_error(e: &ast::Error) -> RegexError {
    let span = e.span();
    let (message, help) = match e.kind() {
        ErrorKind::UnsupportedLookAround => (
            "lookaround assertions ((?=...), (?!...), (?<=...), (?<!...)) are not supported by Go's RE2 syntax".to_string(),
            Some("RE2 matches in linear time and has no lookarounds: match the surrounding text with a capture group instead".to_string()),
        ),
        ErrorKind::UnsupportedBackreference => (
            "backreferences (\\1, \\k<name>) are not supported by Go's RE2 syntax".to_string(),
            Some("RE2 has no backreferences: capture the group and compare it in a later step".to_string()),
        ),
        ErrorKind::EscapeUnrecognized
        | ErrorKind::EscapeHexEmpty
        | ErrorKind::EscapeHexInvalid
        | ErrorKind::EscapeHexInvalidDigit
        | ErrorKind::EscapeUnexpectedEof => (
            "invalid escape sequence".to_string(),
            Some("to match a backslash write \\\\ in the regex (\\\\\\\\ inside a \"...\" string, or use a `raw string`)".to_string()),
        ),
        ErrorKind::GroupUnclosed => ("missing closing )".to_string(), None),
        ErrorKind::GroupUnopened => ("unexpected ): no group is open".to_string(), None),
        ErrorKind::ClassUnclosed => ("missing closing ]".to_string(), None),
        ErrorKind::RepetitionMissing => (
            "missing argument to repetition operator".to_string(),
            Some("escape the operator (\\*, \\+, \\?) to match it literally".to_string()),
        ),
        kind => (kind.to_string(), None),
    };
    RegexError {
        start: span.start.offset,
        end: span.end.offset.max(span.start.offset),
        message,
        help,
    }
}

fn check_repeats(node: &ast::Ast) -> Result<(), RegexError> {
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        match node {
            ast::Ast::Repetition(rep) => {
                if let ast::RepetitionKind::Range(range) = &rep.op.kind {
                    let max = match range {
                        ast::RepetitionRange::Exactly(n) | ast::RepetitionRange::AtLeast(n) => *n,
                        ast::RepetitionRange::Bounded(a, b) => (*a).max(*b),
                    };
                    if max > MAX_REPEAT {
                        return Err(RegexError {
                            start: rep.op.span.start.offset,
                            end: rep.op.span.end.offset,
                            message: format!(
                                "invalid repeat count: {max} is more than RE2's limit of {MAX_REPEAT}"
                            ),
                            help: None,
                        });
                    }
                }
                stack.push(&rep.ast);
            }
            ast::Ast::Group(g) => stack.push(&g.ast),
            ast::Ast::Alternation(a) => stack.extend(a.asts.iter()),
            ast::Ast::Concat(c) => stack.extend(c.asts.iter()),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_common_relabel_patterns() {
        for p in [
            "(.*)",
            "__meta_kubernetes_pod_label_(.+)",
            "(?P<level>\\w+)",
            "(?i)error|warn",
            "[[:alpha:]]+",
            "^/api/v[0-9]+/.*$",
            "(?s).*",
            "\\d{1,3}\\.\\d{1,3}",
        ] {
            assert_eq!(check(p), Ok(()), "{p}");
        }
    }

    #[test]
    fn rejects_perl_only_features_with_positions() {
        let e = check("foo(?=bar)").unwrap_err();
        assert!(e.message.contains("lookaround"), "{}", e.message);
        assert_eq!(e.start, 3);
        let e = check("(a)\\1").unwrap_err();
        assert!(e.message.contains("backreference"), "{}", e.message);
        assert_eq!(e.start, 3);
        assert!(check("a{1001}").unwrap_err().message.contains("1000"));
        assert!(check("(abc").is_err());
        assert!(check("*a").is_err());
        let e = check(r"\Qa.b\E(?=x)").unwrap_err();
        assert_eq!(e.start, 7, "offsets map back through the \\Q...\\E rewrite");
    }

    #[test]
    fn go_only_syntax_is_accepted() {
        for p in [
            r"\Qa.b*\E",
            r"\Qunterminated.",
            r"a{,3}",
            r"x{",
            r"{}",
            r"\123",
            r"\0",
            r"[\d\s]{2}",
        ] {
            assert_eq!(check(p), Ok(()), "{p}");
        }
        assert!(check(r"\8").is_err());
        assert!(check(r"(a)\1").is_err());
    }
}
