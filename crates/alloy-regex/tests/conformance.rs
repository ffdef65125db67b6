//! Agreement with Go's `regexp` (Go 1.26, as Alloy v1.19 is built) on every case of
//! `../shared/conformance/regex`: `syntax.jsonl` (accept/reject and error text, as written
//! and in the relabel form) and `match.jsonl` (`FindStringSubmatchIndex` in both forms and
//! `ExpandString` on the relabel match). Skips with a message when `../shared` is absent.

use alloy_regex::{GoRegex, SubmatchIndex};
use serde_json::Value;

mod common;

fn cases(file: &str) -> Option<Vec<Value>> {
    let path = common::shared_file(&format!("conformance/regex/{file}"), "regex conformance")?;
    let text = std::fs::read_to_string(path).expect("readable conformance file");
    Some(
        text.lines()
            .map(|line| serde_json::from_str(line).expect("a JSON case per line"))
            .collect(),
    )
}

/// Go's `[]int` form of a match: pairs of byte offsets, -1 for a group that took no part.
fn go_offsets(m: &SubmatchIndex) -> Value {
    m.iter()
        .flat_map(|g| match g {
            Some(r) => [r.start as i64, r.end as i64],
            None => [-1, -1],
        })
        .collect()
}

#[test]
fn syntax_agrees_with_go() {
    let Some(cases) = cases("syntax.jsonl") else {
        return;
    };
    let (mut decided, mut same_text, mut rejected, mut total) = (0, 0, 0, 0);
    let mut wrong = Vec::new();
    for case in &cases {
        let pattern = case["pattern"].as_str().unwrap();
        for (result, ok_key, error_key) in [
            (GoRegex::new(pattern), "ok", "error"),
            (GoRegex::relabel(pattern), "relabel_ok", "relabel_error"),
        ] {
            total += 1;
            let go_ok = case[ok_key].as_bool().unwrap();
            let ours = result.as_ref().err().map(ToString::to_string);
            if result.is_ok() != go_ok {
                wrong.push(format!("{ok_key} {pattern:?}: Go {go_ok}, ours {ours:?}"));
                continue;
            }
            decided += 1;
            if !go_ok {
                rejected += 1;
                if ours.as_deref() == case[error_key].as_str() {
                    same_text += 1;
                } else {
                    wrong.push(format!(
                        "{error_key} {pattern:?}: Go {}, ours {ours:?}",
                        case[error_key]
                    ));
                }
            }
        }
    }
    println!(
        "regex syntax: {decided}/{total} accept/reject agree (both forms of {} patterns), \
         {same_text}/{rejected} rejections with Go's exact error text",
        cases.len()
    );
    assert!(
        wrong.is_empty(),
        "{} differences:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn matching_and_expansion_agree_with_go() {
    let Some(cases) = cases("match.jsonl") else {
        return;
    };
    const TEMPLATE: &str = "$1|${1}x|$0|$name|${2}";
    let (mut matched, mut relabel_matched, mut expanded, mut expansions) = (0, 0, 0, 0);
    let mut wrong = Vec::new();
    for case in &cases {
        let pattern = case["pattern"].as_str().unwrap();
        let input = case["input"].as_str().unwrap();
        let mut agrees = |key: &str, got: &Option<SubmatchIndex>| {
            let same = got.as_ref().map_or(Value::Null, go_offsets) == case[key];
            if !same {
                wrong.push(format!(
                    "{key} {pattern:?} on {input:?}: Go {}, ours {got:?}",
                    case[key]
                ));
            }
            same
        };
        let re = GoRegex::new(pattern).expect("match cases compile in Go");
        matched += usize::from(agrees("match", &re.find_submatch_index(input)));
        // Some patterns only compile as written (`\Qa` swallows the relabel form's `)$`).
        let relabel = GoRegex::relabel(pattern).ok();
        let got = relabel.as_ref().and_then(|r| r.find_submatch_index(input));
        relabel_matched += usize::from(agrees("relabel_match", &got));
        if let (Some(go), Some(relabel), Some(m)) =
            (case["relabel_expand"].as_str(), &relabel, &got)
        {
            expansions += 1;
            let ours = relabel.expand(TEMPLATE, input, m);
            if ours == go {
                expanded += 1;
            } else {
                wrong.push(format!(
                    "relabel_expand {pattern:?} on {input:?}: Go {go:?}, ours {ours:?}"
                ));
            }
        }
    }
    let n = cases.len();
    println!(
        "regex match: {matched}/{n} match, {relabel_matched}/{n} relabel_match, \
         {expanded}/{expansions} relabel_expand agree with Go"
    );
    assert!(
        wrong.is_empty(),
        "{} differences:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
