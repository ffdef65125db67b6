//! Our answers in the terms the reference binaries answer in, the reference's output read into
//! the same terms, and the verdict on a pair. Pure: no processes, no `../shared`. Shared by the
//! differential fuzz targets and the root package's `tests/diff_fixtures.rs` (which includes this
//! file by path), so both use one definition of "agree".

use alloy_diagnostics::LineIndex;
use serde_json::Value as Json;

/// What a comparison found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Agree,
    /// A documented deliberate difference (the reference would change the config's meaning,
    /// or crashes), with the reason.
    Deliberate(String),
    /// A divergence, described for the crash report.
    Diverge(String),
}

// ---------------------------------------------------------------------------------------------
// parse

/// Accept/reject and the line of the first error, as `alloy-ref-parse` reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseAnswer {
    pub accepted: bool,
    pub first_error_line: Option<u32>,
}

/// Ours: `alloy_syntax::parse_bytes`, the first error's primary span as a byte-based line.
pub fn our_parse(bytes: &[u8]) -> ParseAnswer {
    let parse = alloy_syntax::parse_bytes(bytes);
    let text = String::from_utf8_lossy(bytes);
    let index = LineIndex::new(&text);
    let first = parse.diagnostics.iter().find(|d| d.is_error());
    ParseAnswer {
        accepted: !parse.has_errors(),
        first_error_line: first
            .and_then(|d| d.primary_span())
            .map(|s| index.byte_line_col(s.start).line),
    }
}

/// `alloy-ref-parse`'s one line of JSON; `None` when it is not the documented shape.
pub fn reference_parse(line: &str) -> Option<ParseAnswer> {
    let json: Json = serde_json::from_str(line).ok()?;
    let accepted = json["ok"].as_bool()?;
    let first_error_line = json["errors"][0]["line"].as_u64().map(|l| l as u32);
    Some(ParseAnswer {
        accepted,
        first_error_line,
    })
}

pub fn parse_verdict(ours: ParseAnswer, reference: ParseAnswer) -> Verdict {
    if ours.accepted != reference.accepted {
        return Verdict::Diverge(format!(
            "accept/reject: reference accepted={}, ours accepted={}",
            reference.accepted, ours.accepted
        ));
    }
    if !ours.accepted && ours.first_error_line != reference.first_error_line {
        return Verdict::Diverge(format!(
            "first error line: reference {:?}, ours {:?}",
            reference.first_error_line, ours.first_error_line
        ));
    }
    Verdict::Agree
}

// ---------------------------------------------------------------------------------------------
// fmt

/// What a formatter made of an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FmtAnswer {
    Formatted(String),
    /// The input does not parse.
    Rejected,
    /// Ours only: the input parses but the formatter refused its own output.
    Failed(String),
}

/// Ours: what `alloyfmt -` prints (`format_source`), after the same parse.
pub fn our_fmt(bytes: &[u8]) -> FmtAnswer {
    if alloy_syntax::parse_bytes(bytes).has_errors() {
        return FmtAnswer::Rejected;
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return FmtAnswer::Failed("accepted input is not UTF-8".to_string());
    };
    match alloy_format::format_source(text) {
        Ok(out) => FmtAnswer::Formatted(out),
        Err(e) => FmtAnswer::Failed(format!("{e:?}")),
    }
}

/// `alloy-ref-fmt`'s answer from its exit status and stdout.
pub fn reference_fmt(success: bool, stdout: &[u8]) -> FmtAnswer {
    match (success, String::from_utf8(stdout.to_vec())) {
        (true, Ok(text)) => FmtAnswer::Formatted(text),
        (true, Err(_)) => FmtAnswer::Failed("reference output is not UTF-8".to_string()),
        (false, _) => FmtAnswer::Rejected,
    }
}

/// Output comparison. Accept/reject is the parse target's question, so an input either side
/// rejects agrees here.
pub fn fmt_verdict(input: &[u8], ours: &FmtAnswer, reference: &FmtAnswer) -> Verdict {
    match (ours, reference) {
        (FmtAnswer::Failed(why), _) => Verdict::Diverge(format!("our formatter failed: {why}")),
        (FmtAnswer::Formatted(a), FmtAnswer::Formatted(b)) if a == b => Verdict::Agree,
        (FmtAnswer::Formatted(a), FmtAnswer::Formatted(b)) => {
            let input = String::from_utf8_lossy(input);
            match alloy_format::meaning_change(&input, b) {
                Some(reason) => Verdict::Deliberate(reason),
                None => Verdict::Diverge(format!(
                    "output differs\n--- reference\n{b:?}\n--- ours\n{a:?}"
                )),
            }
        }
        _ => Verdict::Agree,
    }
}

// ---------------------------------------------------------------------------------------------
// eval

/// Where an evaluation failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Parse,
    Eval,
}

/// An evaluation's outcome as `alloy-ref-eval` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvalAnswer {
    /// The value printed in Alloy syntax and its type name.
    Value { text: String, ty: String },
    /// The failing stage and the error's `line:col` (bytes), when it has one.
    Error {
        stage: Stage,
        position: Option<(u32, u32)>,
    },
    /// The reference's Go code panicked.
    Panic,
}

/// Ours: what `alloylint eval` does (`eval_command_with`, the real environment, no scope).
pub fn our_eval(expr: &str) -> EvalAnswer {
    let evaluator = alloy_eval::Evaluator::system();
    let stage = if alloy_syntax::parse_expression(expr).is_err() {
        Stage::Parse
    } else {
        Stage::Eval
    };
    match alloy_eval::eval_command_with(expr, &evaluator, &alloy_eval::EmptyScope) {
        Ok(out) => EvalAnswer::Value {
            text: out.text,
            ty: out.value.ty().as_str().to_string(),
        },
        Err(err) => {
            let index = LineIndex::new(expr);
            let position = err
                .diagnostics
                .first()
                .and_then(|d| d.primary_span())
                .map(|s| {
                    let lc = index.byte_line_col(s.start);
                    (lc.line, lc.col)
                });
            EvalAnswer::Error { stage, position }
        }
    }
}

/// `alloy-ref-eval`'s one line of JSON; `None` when it is not the documented shape. No output
/// at all means the Go code crashed (a panic it does not recover from).
pub fn reference_eval(line: &str) -> Option<EvalAnswer> {
    if line.trim().is_empty() {
        return Some(EvalAnswer::Panic);
    }
    let json: Json = serde_json::from_str(line).ok()?;
    if json["ok"].as_bool()? {
        // An empty value is left out: Grafana's printer prints nothing for a +Inf.
        return Some(EvalAnswer::Value {
            text: json["value"].as_str().unwrap_or_default().to_string(),
            ty: json["type"].as_str()?.to_string(),
        });
    }
    let stage = match json["stage"].as_str()? {
        "parse" => Stage::Parse,
        "eval" => Stage::Eval,
        _ => return Some(EvalAnswer::Panic),
    };
    let position = match (json["line"].as_u64(), json["col"].as_u64()) {
        (Some(l), Some(c)) if l > 0 => Some((l as u32, c as u32)),
        _ => None,
    };
    Some(EvalAnswer::Error { stage, position })
}

/// The verdict on the reference's answers to the same expression asked several times (once
/// is usual; the fuzz target asks again before it reports a divergence).
pub fn eval_verdict_runs(ours: &EvalAnswer, reference: &[EvalAnswer]) -> Verdict {
    match reference {
        [first, rest @ ..] if rest.iter().any(|r| r != first) => Verdict::Deliberate(
            "the reference answers differently from run to run (Go's map order); ours is key order"
                .to_string(),
        ),
        [first, ..] => eval_verdict(ours, first),
        [] => Verdict::Diverge("no reference answer".to_string()),
    }
}

pub fn eval_verdict(ours: &EvalAnswer, reference: &EvalAnswer) -> Verdict {
    match (ours, reference) {
        (_, EvalAnswer::Panic) => Verdict::Deliberate("the reference panics".to_string()),
        (a, b) if a == b => Verdict::Agree,
        (
            EvalAnswer::Value { text: a, ty: t },
            EvalAnswer::Value {
                text: b,
                ty: reference_ty,
            },
        ) if t == reference_ty && without_go_addresses(b) == *a => Verdict::Deliberate(
            "Go formats a function as its address in the reference binary; ours prints 0x0"
                .to_string(),
        ),
        (
            EvalAnswer::Value { text: a, ty: t },
            EvalAnswer::Value {
                text: b,
                ty: reference_ty,
            },
        ) if t == reference_ty
            && b.contains("\\x")
            && invalid_utf8_as_one_mark(b) == replacement_runs_as_one(a) =>
        {
            Verdict::Deliberate(
                "a string escape that is not UTF-8 (\\377): Go keeps the bytes, our strings are UTF-8 text and hold U+FFFD (fixtures/diff/STATUS.tsv)"
                    .to_string(),
            )
        }
        (
            EvalAnswer::Error {
                stage: ours_stage,
                position: ours_at,
            },
            EvalAnswer::Error {
                stage: ref_stage,
                position: ref_at,
            },
        ) if ours_stage == ref_stage && (ours_at.is_none() || ref_at.is_none()) => {
            // One side has no position to compare (Go reports some eval errors without one).
            Verdict::Agree
        }
        (a, b) => Verdict::Diverge(format!("reference {b:?}, ours {a:?}")),
    }
}

/// A value Go printed with each run of `\\xHH` escapes of bytes that are not UTF-8 (HH of 80 or
/// more) replaced by one U+FFFD, to compare with [`replacement_runs_as_one`] of ours.
fn invalid_utf8_as_one_mark(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut in_run = false;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("\\\\") {
            out.push_str("\\\\");
            rest = &rest[2..];
            in_run = false;
            continue;
        }
        let high_byte = rest.starts_with("\\x")
            && rest
                .get(2..4)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .is_some_and(|b| b >= 0x80);
        if high_byte {
            if !in_run {
                out.push('\u{fffd}');
            }
            in_run = true;
            rest = &rest[4..];
            continue;
        }
        in_run = false;
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `text` with each run of U+FFFD replaced by one.
fn replacement_runs_as_one(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !(c == '\u{fffd}' && out.ends_with('\u{fffd}')) {
            out.push(c);
        }
    }
    out
}

/// `text` with each code address Go printed for a function value (`0x` and at least five hex
/// digits) replaced by `0x0`, what `string.format` prints for one here.
fn without_go_addresses(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"0x") {
            let digits = bytes[i + 2..]
                .iter()
                .take_while(|b| b.is_ascii_hexdigit())
                .count();
            if digits >= 5 {
                out.push_str("0x0");
                i += 2 + digits;
                continue;
            }
        }
        let c = text[i..].chars().next().unwrap_or_default();
        out.push(c);
        i += c.len_utf8();
    }
    out
}

// ---------------------------------------------------------------------------------------------
// regex

/// Go's `regexp.Compile` of a pattern as written and in the relabel form, as `alloy-ref-regex`
/// reports it: acceptance and error text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegexAnswer {
    pub error: Option<String>,
    pub relabel_error: Option<String>,
}

/// Acceptance as the validator decides it (`alloy_regex::check`, the same answer as compiling;
/// building the matcher for `\pL{0,1000}` takes seconds, see docs/fuzzing.md).
pub fn our_regex(pattern: &str) -> RegexAnswer {
    use alloy_regex::Form;
    RegexAnswer {
        error: alloy_regex::check(pattern, Form::AsWritten)
            .err()
            .map(|e| e.to_string()),
        relabel_error: alloy_regex::check(pattern, Form::Relabel)
            .err()
            .map(|e| e.to_string()),
    }
}

/// One line of `alloy-ref-regex`; `None` when it is not the documented shape.
pub fn reference_regex(line: &str) -> Option<RegexAnswer> {
    let json: Json = serde_json::from_str(line).ok()?;
    let error_of = |ok: &str, error: &str| -> Option<Option<String>> {
        match json[ok].as_bool()? {
            true => Some(None),
            false => Some(Some(json[error].as_str()?.to_string())),
        }
    };
    Some(RegexAnswer {
        error: error_of("ok", "error")?,
        relabel_error: error_of("relabel_ok", "relabel_error")?,
    })
}

pub fn regex_verdict(ours: &RegexAnswer, reference: &RegexAnswer) -> Verdict {
    let accepted = |a: &RegexAnswer| (a.error.is_none(), a.relabel_error.is_none());
    if accepted(ours) != accepted(reference) {
        return Verdict::Diverge(format!(
            "acceptance differs: reference {reference:?}, ours {ours:?}"
        ));
    }
    if ours != reference {
        return Verdict::Diverge(format!(
            "error text differs: reference {reference:?}, ours {ours:?}"
        ));
    }
    Verdict::Agree
}
