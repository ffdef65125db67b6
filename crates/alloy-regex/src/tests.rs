use super::*;

fn err(pattern: &str) -> String {
    GoRegex::new(pattern).unwrap_err().to_string()
}

#[test]
fn accepts_go_syntax_other_engines_read_differently() {
    for p in [
        r"^\x{200B}",
        r"\p{Greek}",
        r"\pN",
        r"\p{Lu}",
        r"\p{Braille}",
        r"\p{Any}",
        r"\Qa.b*\E",
        r"\Qunterminated.",
        r"a{,3}",
        r"x{",
        r"{}",
        r"\123",
        r"\0",
        r"(?P<x>a)(?P<x>b)",
        r"(?<name>a)",
        r"\z",
        r"(?U)a+",
        r"^*",
    ] {
        assert!(GoRegex::new(p).is_ok(), "{p}");
    }
}

#[test]
fn rejects_with_go_wording_and_fragment() {
    assert_eq!(
        err("a**"),
        "error parsing regexp: invalid nested repetition operator: `**`"
    );
    assert_eq!(
        err("*a"),
        "error parsing regexp: missing argument to repetition operator: `*`"
    );
    assert_eq!(
        err(r"\u0041"),
        "error parsing regexp: invalid escape sequence: `\\u`"
    );
    assert_eq!(
        err("(a{500}){3}"),
        "error parsing regexp: invalid repeat count: `{3}`"
    );
    assert_eq!(
        err("[[:foo:]]"),
        "error parsing regexp: invalid character class range: `[:foo:]`"
    );
    assert_eq!(
        err("(?x)a"),
        "error parsing regexp: invalid or unsupported Perl syntax: `(?x`"
    );
    assert_eq!(
        err("(?P<é>a)"),
        "error parsing regexp: invalid named capture: `(?P<é>`"
    );
    assert_eq!(err("(a"), "error parsing regexp: missing closing ): `(a`");
    assert_eq!(
        err(r"a\"),
        "error parsing regexp: trailing backslash at end of expression: ``"
    );
    assert_eq!(
        err(r"[\Q]\E]"),
        "error parsing regexp: invalid escape sequence: `\\Q`"
    );
}

#[test]
fn error_spans_point_into_the_pattern_as_written() {
    let e = GoRegex::new("ab(c))").unwrap_err();
    assert_eq!((e.code(), e.span()), (ErrorCode::UnexpectedParen, 5..6));
    let e = GoRegex::relabel("x**").unwrap_err();
    assert_eq!(e.span(), 1..3);
    let e = GoRegex::relabel(r"\p{L").unwrap_err();
    assert_eq!(
        e.to_string(),
        "error parsing regexp: invalid character class range: `\\p{L)$`"
    );
    assert_eq!(e.span(), 0..4, "clamped to the pattern");
    let e = GoRegex::relabel("(x)(y").unwrap_err();
    assert_eq!(e.span(), 3..4, "the innermost unclosed parenthesis");
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}a{}", "(".repeat(100_000), ")".repeat(100_000));
    assert_eq!(
        GoRegex::new(&deep).unwrap_err().code(),
        ErrorCode::NestingDepth
    );
    let wide = format!("({}){{1000}}", "a".repeat(4000));
    assert_eq!(GoRegex::new(&wide).unwrap_err().code(), ErrorCode::Large);
}

fn spans(re: &GoRegex, haystack: &str) -> Option<Vec<Option<(usize, usize)>>> {
    re.find_submatch_index(haystack)
        .map(|m| m.into_iter().map(|g| g.map(|r| (r.start, r.end))).collect())
}

#[test]
fn matches_with_go_semantics() {
    let re = GoRegex::new(r"(a)|b").unwrap();
    assert_eq!(spans(&re, "xb"), Some(vec![Some((1, 2)), None]));
    // `$` is the end of the text without (?m); `.` stops only at \n.
    assert!(!GoRegex::new("a$").unwrap().is_match("a\n"));
    assert!(GoRegex::new("(?m)a$").unwrap().is_match("a\nb"));
    assert!(GoRegex::new("^.$").unwrap().is_match("\r"));
    // \b is ASCII-only; \s has no \v.
    assert!(!GoRegex::new(r"\bé").unwrap().is_match("é"));
    assert!(!GoRegex::new(r"\s").unwrap().is_match("\x0B"));
    // Groups under {0} exist and never take part.
    let re = GoRegex::new("(a){0}(b)").unwrap();
    assert_eq!(
        spans(&re, "b"),
        Some(vec![Some((0, 1)), None, Some((0, 1))])
    );
    assert_eq!(re.captures_len(), 2);
    // (?i) folds simply: k matches the Kelvin sign.
    assert!(GoRegex::new("(?i)k").unwrap().is_match("\u{212A}"));
    // Letters in a class are letters (not the Perl class a following `d` would name).
    assert_eq!(
        spans(&GoRegex::new("[cd]+").unwrap(), "5cd"),
        Some(vec![Some((1, 3))])
    );
    // Go has Unicode 15.0: what Unicode 16 added is unassigned there.
    assert!(!GoRegex::new(r"\p{Lu}").unwrap().is_match("\u{1C89}"));
    assert!(GoRegex::new(r"\p{Cn}").unwrap().is_match("\u{1C89}"));
    assert!(!GoRegex::new("(?i)\u{1C8A}").unwrap().is_match("\u{1C89}"));
    assert!(
        !GoRegex::new(r"(?i)\x{A7CB}").unwrap().is_match("\u{264}"),
        "new partner of ɤ"
    );
    assert!(
        !GoRegex::new(r"\p{So}").unwrap().is_match("\u{2FFC}"),
        "15.1 is too new too"
    );
    // A surrogate escape is valid and matches nothing.
    assert!(!GoRegex::new(r"\x{D800}").unwrap().is_match("\u{FFFD}"));
}

#[test]
fn relabel_form_is_anchored_and_dot_matches_newline() {
    let re = GoRegex::relabel("a.c").unwrap();
    assert!(re.is_match("a\nc"));
    assert!(!re.is_match("xa\ncx"));
}

#[test]
fn expands_templates_as_go_does() {
    let re = GoRegex::new(r"(?P<first>\w+) (\w+)").unwrap();
    let m = re.find_submatch_index("hello world").unwrap();
    let x = |t: &str| re.expand(t, "hello world", &m);
    assert_eq!(x("$2 $1"), "world hello");
    assert_eq!(x("${1}x|$1x"), "hellox|");
    assert_eq!(x("$first-$$-${2}"), "hello-$-world");
    assert_eq!(x("$10|${10}|$9|$"), "|||$");
    assert_eq!(x("${1|$ |$-"), "${1|$ |$-");
    assert_eq!(
        x("$01"),
        "",
        "a leading zero makes it a name, which does not exist"
    );
}

#[test]
fn deepest_and_largest_patterns_go_accepts_compile() {
    let depth = 999;
    let deep = format!("{}a{}", "(".repeat(depth), ")".repeat(depth));
    let re = GoRegex::new(&deep).unwrap();
    assert_eq!(re.find_submatch_index("a").unwrap().len(), depth + 1);
    for p in [r"\pL{1000}", r"(?i)[\s\S]{1000}", "((a{10}){10}){10}"] {
        assert!(GoRegex::new(p).is_ok(), "{p}");
    }
}

#[test]
fn measures_alternations_as_go_factors_them() {
    // Go's parser factors `aa|a|a` into `a(?:a|)`: size 4, not 6, so the size stays within
    // Go's limit and the nested repeat count is what Go rejects (found by diff_regex).
    assert_eq!(
        err("(a{1000}(?:(?:aa|a|a){0,1000})){500}"),
        "error parsing regexp: invalid repeat count: `{500}`"
    );
    // A long common prefix is counted once (Go accepts these), a long common suffix is not.
    let a = "a".repeat(1200);
    let b = "b".repeat(1200);
    assert!(GoRegex::new(&format!("(?:{a}x|{a}y|{a}z){{1000}}")).is_ok());
    assert!(GoRegex::new(&format!("(?:{a}|{a}){{1000}}")).is_ok());
    assert_eq!(
        GoRegex::new(&format!("(?:x{b}|y{b}|z{b}){{1000}}"))
            .unwrap_err()
            .code(),
        ErrorCode::Large
    );
}

#[test]
fn factored_alternations_can_nest_too_deeply_as_in_go() {
    // `a|aa|aaa|...` is `a(?:|a(?:|a...))` to Go: two levels per branch.
    let branches = |n: usize| (1..n).map(|i| "a".repeat(i)).collect::<Vec<_>>().join("|");
    assert!(GoRegex::new(&branches(300)).is_ok());
    for n in [600, 1500] {
        assert_eq!(
            GoRegex::new(&branches(n)).unwrap_err().code(),
            ErrorCode::NestingDepth,
            "{n} branches"
        );
    }
}
