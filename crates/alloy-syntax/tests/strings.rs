//! The one implementation of Go's string rules (escapes, `strconv.Unquote`, `strconv.Quote`,
//! `strconv.IsPrint`) against Go's answers.
//!
//! `GO_ANSWERS` lists the literals on which the former copies (`alloy-syntax`'s `unquote`,
//! `alloy-eval`'s `go_unquote` and value printer, `alloy-lint`'s escape lengths, the lexer's
//! escape check, `alloy-format`'s `%q`) disagreed with each other or with Go. The answers were
//! taken from Grafana's reference build (`alloy-ref-eval LITERAL` for the error or the printed
//! value, `alloy-ref-eval 'encoding.to_base64(LITERAL)'` for the exact bytes);
//! `answers_match_the_reference_binary` asks it again whenever `../shared` is present.

use alloy_syntax::{go_quote, parse_expression, unquote, unquote_bytes};
use std::path::PathBuf;
use std::process::Command;

/// What Go does with a literal: the scanner's error, or the decoded bytes and how `%q` (the
/// value printer) writes them.
enum Go {
    Rejects(&'static str),
    Decodes(&'static [u8], &'static str),
}
use Go::{Decodes, Rejects};

const INVALID_CODE_POINT: &str = "escape sequence is invalid Unicode code point";
const UNKNOWN: &str = "unknown escape sequence";

const GO_ANSWERS: &[(&str, Go)] = &[
    // `unquote` accepted it; the lexer and `go_unquote` rejected it; the help text listed it.
    (r#""\'""#, Rejects(UNKNOWN)),
    // Unassigned: the value printer wrote the raw character.
    (r#""\u0378""#, Decodes(b"\xcd\xb8", r#""\u0378""#)),
    // Single bytes that are not UTF-8 on their own.
    (r#""\x80""#, Decodes(b"\x80", r#""\x80""#)),
    (r#""\377""#, Decodes(b"\xff", r#""\xff""#)),
    (r#""\xff\xfe""#, Decodes(b"\xff\xfe", r#""\xff\xfe""#)),
    (r#""\xe2\x82""#, Decodes(b"\xe2\x82", r#""\xe2\x82""#)),
    (r#""\xc3\xa9""#, Decodes(b"\xc3\xa9", r#""é""#)),
    (r#""\400""#, Rejects(INVALID_CODE_POINT)),
    // Surrogates and code points beyond U+10FFFF.
    (r#""\ud800""#, Rejects(INVALID_CODE_POINT)),
    (r#""\uDFFF""#, Rejects(INVALID_CODE_POINT)),
    (r#""\U00110000""#, Rejects(INVALID_CODE_POINT)),
    (
        r#""\U0010ffff""#,
        Decodes(b"\xf4\x8f\xbf\xbf", r#""\U0010ffff""#),
    ),
    // Not printable for Go: format characters, other spaces, controls, private use.
    (r#""\u00ad""#, Decodes(b"\xc2\xad", r#""\u00ad""#)),
    (r#""\u200b""#, Decodes(b"\xe2\x80\x8b", r#""\u200b""#)),
    (r#""\u2028""#, Decodes(b"\xe2\x80\xa8", r#""\u2028""#)),
    (r#""\u0600""#, Decodes(b"\xd8\x80", r#""\u0600""#)),
    (r#""\u00a0""#, Decodes(b"\xc2\xa0", r#""\u00a0""#)),
    (r#""\uFEFF""#, Decodes(b"\xef\xbb\xbf", r#""\ufeff""#)),
    (r#""\uE000""#, Decodes(b"\xee\x80\x80", r#""\ue000""#)),
    (
        r#""\U000e0001""#,
        Decodes(b"\xf3\xa0\x80\x81", r#""\U000e0001""#),
    ),
    (r#""\x7f""#, Decodes(b"\x7f", r#""\x7f""#)),
    (r#""\x00""#, Decodes(b"\x00", r#""\x00""#)),
    (r#""\000""#, Decodes(b"\x00", r#""\x00""#)),
    // Combining marks are printable.
    (r#""\u0301""#, Decodes(b"\xcc\x81", "\"\u{301}\"")),
    (r#""e\u0301""#, Decodes(b"e\xcc\x81", "\"e\u{301}\"")),
    (r#""\uFFFD""#, Decodes(b"\xef\xbf\xbd", "\"\u{fffd}\"")),
    (r#""\u00e9""#, Decodes(b"\xc3\xa9", r#""é""#)),
    (r#""\U0001F600""#, Decodes(b"\xf0\x9f\x98\x80", r#""😀""#)),
    (
        r#""\a\b\f\n\r\t\v\\\"""#,
        Decodes(b"\x07\x08\x0c\n\r\t\x0b\\\"", r#""\a\b\f\n\r\t\v\\\"""#),
    ),
    (r#""\q""#, Rejects(UNKNOWN)),
    (r#""\8""#, Rejects(UNKNOWN)),
    (
        r#""\x4""#,
        Rejects("illegal character U+0022 '\"' in escape sequence"),
    ),
    (
        r#""\u12""#,
        Rejects("illegal character U+0022 '\"' in escape sequence"),
    ),
    (
        r#""\xZZ""#,
        Rejects("illegal character U+005A 'Z' in escape sequence"),
    ),
];

#[test]
fn one_implementation_gives_go_answers() {
    for (literal, go) in GO_ANSWERS {
        let parsed = parse_expression(literal);
        match go {
            Rejects(message) => {
                let diagnostics = parsed.expect_err(literal);
                assert_eq!(diagnostics[0].message, *message, "{literal}");
                // Go reports the character after the backslash (column 3).
                let start = diagnostics[0].primary_span().map(|s| s.start);
                assert_eq!(start, Some(2), "{literal}");
                let error = unquote_bytes(literal).expect_err(literal);
                assert_eq!(error.to_string(), *message, "{literal}");
            }
            Decodes(bytes, printed) => {
                assert!(parsed.is_ok(), "{literal}: {parsed:?}");
                assert_eq!(unquote_bytes(literal).as_deref(), Ok(*bytes), "{literal}");
                let text = unquote(literal).unwrap();
                assert_eq!(text, String::from_utf8_lossy(bytes), "{literal}");
                // Go quotes the bytes; a Rust string can only hold them when they are UTF-8.
                if std::str::from_utf8(bytes).is_ok() {
                    assert_eq!(go_quote(&text), *printed, "{literal}");
                }
            }
        }
    }
}

fn reference_eval() -> Option<PathBuf> {
    let shared = match std::env::var_os("ALLOY_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    let binary = shared.join("reference/bin/alloy-ref-eval");
    if binary.is_file() {
        Some(binary)
    } else {
        eprintln!("skipped: {} not found", binary.display());
        None
    }
}

/// Evaluates `expression` with the reference build (read from stdin, so any length works).
fn ask_reference(binary: &PathBuf, expression: &str) -> serde_json::Value {
    use std::io::Write;
    let mut child = Command::new(binary)
        .arg("-")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run alloy-ref-eval");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(expression.as_bytes()).expect("write");
    drop(stdin);
    let output = child.wait_with_output().expect("alloy-ref-eval output");
    serde_json::from_slice(&output.stdout).expect("alloy-ref-eval prints JSON")
}

fn base64(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(DIGITS[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn answers_match_the_reference_binary() {
    let Some(binary) = reference_eval() else {
        return;
    };
    for (literal, go) in GO_ANSWERS {
        let shown = ask_reference(&binary, literal);
        let bytes = ask_reference(&binary, &format!("encoding.to_base64({literal})"));
        match go {
            Rejects(message) => {
                assert_eq!(shown["ok"], false, "{literal}");
                assert_eq!(shown["error"], *message, "{literal}");
                assert_eq!(shown["col"], 3, "{literal}");
            }
            Decodes(expected, printed) => {
                assert_eq!(shown["value"], *printed, "{literal}");
                assert_eq!(bytes["value"], go_quote(&base64(expected)), "{literal}");
            }
        }
    }
}

/// `is_go_printable` agrees with Go's `strconv.IsPrint` on every Unicode scalar value: the
/// reference prints an array of all of them, each escaped or raw as `%q` decides.
#[test]
fn printable_table_matches_the_reference_binary() {
    let Some(binary) = reference_eval() else {
        return;
    };
    let scalars: Vec<char> = (0..=0x10FFFFu32).filter_map(char::from_u32).collect();
    let mut expression = String::from("[");
    for c in &scalars {
        expression.push_str(&format!("\"\\U{:08x}\", ", *c as u32));
    }
    expression.push(']');
    let printed = ask_reference(&binary, &expression);
    let text = printed["value"].as_str().expect("an array value");
    let mut ours = String::from("[");
    for (i, c) in scalars.iter().enumerate() {
        if i > 0 {
            ours.push_str(", ");
        }
        ours.push_str(&go_quote(&c.to_string()));
    }
    ours.push(']');
    if let Some(at) = ours.bytes().zip(text.bytes()).position(|(a, b)| a != b) {
        let from = ours.floor_char_boundary(at.saturating_sub(20));
        let to = ours.ceil_char_boundary((at + 20).min(ours.len()));
        let theirs = text.floor_char_boundary((at + 20).min(text.len()));
        panic!(
            "Go quotes differently near byte {at}: ours {:?}, Go {:?}",
            &ours[from..to],
            &text[from..theirs]
        );
    }
    assert_eq!(ours.len(), text.len());
}
