//! Agreement with Grafana's evaluator on every case of `shared/conformance/eval`: same value,
//! type, number kind and printed form for accepted cases; an error at the same position for
//! rejected ones. Skips (with a message) when the shared data is absent.

use std::path::PathBuf;
use std::rc::Rc;

use alloy_diagnostics::{LineIndex, Span};
use alloy_eval::{EmptyScope, Evaluator, FixedEnvironment, Number, Value};

/// Minimum share of cases that must agree.
const THRESHOLD: f64 = 0.99;

fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("ALLOY_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    dir.join("conformance/eval/cases.txt")
        .is_file()
        .then_some(dir)
}

/// The environment the reference outputs were generated with (see the conformance README).
fn reference_environment() -> FixedEnvironment {
    let mut env = FixedEnvironment::new()
        .with_var("HOME", "/home/alloy")
        .with_var("ALLOY_CONFORMANCE_VAR", "Hello!")
        .with_var("ALLOY_CONFORMANCE_EMPTY", "")
        .with_var("ALLOY_CONFORMANCE_JSON", "{\"a\": 1}");
    env.hostname = "conformance-host".to_string();
    env.os = "linux".to_string();
    env.arch = "amd64".to_string();
    env.version = "v0.0.0".to_string();
    env
}

fn position(text: &str, span: Span) -> String {
    let index = LineIndex::new(text);
    let lc = index.byte_line_col(span.start);
    format!("{}:{}", lc.line, lc.col)
}

/// Compares a value with the reference's JSON rendering of it.
fn same_value(expected: &serde_json::Value, ours: &Value) -> bool {
    use serde_json::Value as J;
    match (expected, ours) {
        (J::Null, Value::Null) => true,
        (J::Bool(a), Value::Bool(b)) => a == b,
        (J::Number(e), Value::Number(n)) => match (*n, e.as_i64(), e.as_u64()) {
            (Number::Int(i), Some(x), _) => i == x,
            (Number::Uint(u), _, Some(x)) => u == x,
            (Number::Float(f), _, _) => e.as_f64() == Some(f),
            (other, _, _) => e.as_f64() == Some(other.as_f64()) && !e.is_f64(),
        },
        (J::String(s), Value::Number(Number::Float(f))) => match s.as_str() {
            "NaN" => f.is_nan(),
            "+Inf" => *f == f64::INFINITY,
            "-Inf" => *f == f64::NEG_INFINITY,
            _ => false,
        },
        (J::String(a), Value::String(b)) => a == &**b,
        (J::Array(a), Value::Array(b) | Value::Bytes(b)) => {
            a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| same_value(x, y))
        }
        (J::Object(a), Value::Function(_)) => a.contains_key("$function"),
        (J::Object(a), Value::Capsule(_)) => a.contains_key("$capsule"),
        (J::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, v)| b.get(k.as_str()).is_some_and(|w| same_value(v, w)))
        }
        _ => false,
    }
}

#[test]
fn eval_conformance() {
    let Some(shared) = shared_dir() else {
        eprintln!("SKIPPED: shared conformance data not found (set ALLOY_SHARED_DIR or put shared/ beside the repo)");
        return;
    };
    let cases =
        std::fs::read_to_string(shared.join("conformance/eval/cases.txt")).expect("cases.txt");
    let expected = std::fs::read_to_string(shared.join("conformance/eval/expected.jsonl"))
        .expect("expected.jsonl");
    let cases: Vec<&str> = cases
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    let expected: Vec<serde_json::Value> = expected
        .lines()
        .map(|l| serde_json::from_str(l).expect("valid JSON line"))
        .collect();
    assert_eq!(
        cases.len(),
        expected.len(),
        "cases.txt and expected.jsonl disagree on the number of cases"
    );

    let evaluator = Evaluator::new(Rc::new(reference_environment()));
    let mut ok = 0usize;
    let mut same_message = 0usize;
    let mut errors_expected = 0usize;
    let mut error_mismatches = Vec::new();
    let mut mismatches = Vec::new();
    let mut message_differences = Vec::new();

    for (i, (case, exp)) in cases.iter().zip(&expected).enumerate() {
        assert_eq!(
            exp["expr"].as_str(),
            Some(*case),
            "case {i} is out of order"
        );
        let result = match alloy_syntax::parse_expression(case) {
            Err(diags) => Err((
                "parse",
                diags.first().and_then(|d| d.primary_span()),
                diags.first().map(|d| d.message.clone()).unwrap_or_default(),
            )),
            Ok(expr) => match evaluator.eval(&expr, &EmptyScope) {
                Ok(v) => Ok(v),
                Err(e) => Err(("eval", e.span, e.message)),
            },
        };
        let name = format!("#{} `{}`", i + 1, case);
        if exp["ok"].as_bool() == Some(true) {
            match result {
                Ok(v) => {
                    let text = alloy_eval::print_value(&v);
                    let kind_ok = match (&v, exp.get("number_kind").and_then(|k| k.as_str())) {
                        (Value::Number(n), Some(k)) => n.kind().as_str() == k,
                        (Value::Number(_), None) => false,
                        (_, k) => k.is_none(),
                    };
                    let type_ok = exp["type"].as_str() == Some(v.ty().as_str());
                    let value_ok = same_value(&exp["value"], &v);
                    let text_ok = exp["alloy"].as_str() == Some(text.as_str());
                    if kind_ok && type_ok && value_ok && text_ok {
                        ok += 1;
                    } else {
                        mismatches.push(format!(
                            "{name}: expected {} {:?}, got {} {:?} (type {type_ok}, kind {kind_ok}, value {value_ok}, text {text_ok})",
                            exp["type"], exp["alloy"].as_str().unwrap_or(""), v.ty(), text
                        ));
                    }
                }
                Err((stage, _, msg)) => mismatches.push(format!(
                    "{name}: expected {}, got {stage} error: {msg}",
                    exp["alloy"]
                )),
            }
        } else {
            errors_expected += 1;
            let exp_stage = exp["stage"].as_str().unwrap_or("");
            let exp_pos = exp
                .get("error_pos")
                .and_then(|p| p.as_str())
                .filter(|p| *p != "-");
            let exp_msg = exp
                .get("error_msg")
                .and_then(|m| m.as_str())
                .or(exp["error"].as_str())
                .unwrap_or("");
            match result {
                Ok(v) => {
                    let m = format!(
                        "{name}: expected {exp_stage} error {exp_msg:?}, got {}",
                        alloy_eval::print_value(&v)
                    );
                    error_mismatches.push(m.clone());
                    mismatches.push(m);
                }
                Err((stage, span, msg)) => {
                    let ours = span.map(|s| position(case, s));
                    let stage_ok = (stage == "parse") == (exp_stage == "parse");
                    if stage_ok && ours.as_deref() == exp_pos {
                        ok += 1;
                        if msg == exp_msg {
                            same_message += 1;
                        } else {
                            message_differences
                                .push(format!("{name}: expected {exp_msg:?}, got {msg:?}"));
                        }
                    } else {
                        let m = format!(
                            "{name}: expected {exp_stage} error at {exp_pos:?} {exp_msg:?}, got {stage} error at {ours:?} {msg:?}"
                        );
                        error_mismatches.push(m.clone());
                        mismatches.push(m);
                    }
                }
            }
        }
    }

    let total = cases.len();
    eprintln!(
        "eval conformance: {ok}/{total} agree ({} mismatches); {errors_expected} expected errors, {} misplaced or missing; {same_message} error messages identical",
        total - ok,
        error_mismatches.len()
    );
    for m in &mismatches {
        eprintln!("  MISMATCH {m}");
    }
    // Informational: errors placed right whose wording differs from Go's.
    for m in &message_differences {
        eprintln!("  MESSAGE {m}");
    }
    let share = ok as f64 / total as f64;
    assert!(
        share >= THRESHOLD,
        "agreement {:.2}% is below {:.0}%",
        share * 100.0,
        THRESHOLD * 100.0
    );
    assert!(
        error_mismatches.is_empty(),
        "every reference error must be matched at the same position"
    );
}
