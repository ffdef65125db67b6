//! The places where the formatter departs from `alloy fmt` because the reference would change
//! the config's meaning or print something that does not parse. Each case checks the exact
//! output, which must also keep the input's AST and comments (format_source verifies that).

fn format(input: &str) -> String {
    match alloy_format::format_source(input) {
        Ok(out) => out,
        Err(e) => panic!("{input:?} did not format: {e:?}"),
    }
}

#[test]
fn call_without_arguments_split_over_lines_gets_no_comma() {
    // The reference prints `f(,` here.
    assert_eq!(format("x = f(\n)\n"), "x = f(\n)\n");
}

#[test]
fn quoted_keys_keep_their_escapes() {
    // The reference re-quotes the raw key with Go's %q: `{"a\\\"b" = 1}`.
    assert_eq!(format("a = {\"a\\\"b\" = 1}\n"), "a = {\"a\\\"b\" = 1}\n");
    assert_eq!(
        format("a = {\"\u{200b}\" = 1}\n"),
        "a = {\"\u{200b}\" = 1}\n"
    );
    // Keys that %q leaves alone are still re-quoted as the reference does.
    assert_eq!(format("a = {`plain` = 1}\n"), "a = {\"plain\" = 1}\n");
}

#[test]
fn raw_strings_keep_tabs_and_trailing_blanks() {
    assert_eq!(format("a = `x\ty`\nbb = 1\n"), "a  = `x\ty`\nbb = 1\n");
    assert_eq!(format("a = `x  \ny`\n"), "a = `x  \ny`\n");
}

#[test]
fn comment_moved_onto_a_new_line_before_a_closer_gets_a_comma_in_front() {
    // The reference prints `[b.c` then a line break: a terminator inside the array.
    assert_eq!(format("a = [b.\nc /* x */]\n"), "a = [b.c,\n/* x */ ]\n");
}

#[test]
fn layouts_the_reference_gets_right_are_kept() {
    assert_eq!(format("x = 1 .a\n"), "x = 1 .a\n");
    assert_eq!(format("a = {}\nb = {\n}\n"), "a = {}\nb = {}\n");
    assert_eq!(format("x = [1,\n2]\n"), "x = [1,\n\t2]\n");
    assert_eq!(format("x = [1,\n2,\n]\n"), "x = [1,\n\t2,\n]\n");
}

#[test]
fn strings_and_keys_keep_literal_tabs() {
    assert_eq!(format("a = \"x\ty\"\n"), "a = \"x\ty\"\n");
    assert_eq!(format("a = {\"\t\" = 1}\n"), "a = {\"\t\" = 1}\n");
}

#[test]
fn a_line_comment_never_swallows_the_next_token() {
    // The reference prints `(t. //u)`, commenting out `u)`.
    assert_eq!(format("o=(t.//\nu)/**/"), "o = (t. //\nu)\n/**/\n");
}

#[test]
fn comments_that_would_end_a_statement_early_wait_for_the_next_token() {
    // The reference puts a line break right after `t.t` and after `r.t`, where the scanner
    // inserts a statement terminator.
    assert_eq!(format("t./*\n*/t{}"), "t.t {/*\n*/ }\n");
    assert_eq!(
        format("u {\n  s = [r.\nt/**//t]\n}\n"),
        "u {\n\ts = [r.t / /**/ t]\n}\n"
    );
    assert_eq!(
        format("e {\n  a = \"\". /*\n*/n()\n}\n"),
        "e {\n\ta = \"\".n( /*\n*/)\n}\n"
    );
}

#[test]
fn a_form_feed_inside_a_line_comment_does_not_merge_the_next_comment_into_it() {
    // The reference counts the form feed as a line break and prints `// z` on the same line,
    // inside the first comment (found by the fuzz target).
    assert_eq!(
        format("a = 1 // x\x0cy\n// z\nb = 2\n"),
        "a = 1 // x\x0cy\n// z\nb = 2\n"
    );
}

#[test]
fn a_block_comment_holding_a_form_feed_keeps_the_line_break_after_it() {
    // The reference counts the form feed as a line break and prints `*/bbb = 1` (found by
    // the round-trip fuzz target).
    assert_eq!(
        format("a = 0 /* x\x0cy */\nbbb = 1\n"),
        "a   = 0 /* x\x0cy */\nbbb = 1\n"
    );
}

#[test]
fn a_block_comment_holding_a_form_feed_after_an_opener_joins_the_next_line_as_the_reference_does() {
    // After `{`, `(`, `[` or `,` a line break means nothing to the scanner, so the reference's
    // layout (the form feed counted as the line break) keeps the meaning and is followed.
    assert_eq!(
        format("x {  /* a\x0cb */\n  a = 1\n}\n"),
        "x { /* a\x0cb */a = 1\n}\n"
    );
    assert_eq!(
        format("x = f( /* a\x0cb */\n 1)\n"),
        "x = f( /* a\x0cb */1)\n"
    );
}
