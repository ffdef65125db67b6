//! Every divergence the differential fuzz targets found (`docs/fuzzing.md`), kept as a small
//! reproducer in `fixtures/diff/<target>/` with the reference binary's answer stored beside it,
//! and checked with the targets' own comparison (`fuzz/src/oracle.rs`). Needs no `../shared`.
//!
//! `fixtures/diff/STATUS.tsv` says what became of each case: `fixed` must now agree,
//! `deliberate` must stay a documented deliberate difference, and `known divergence` (parser
//! cases left to the parser's owner) must still diverge, so a fix shows up here and the row is
//! updated.

#[path = "../fuzz/src/oracle.rs"]
#[allow(dead_code)]
mod oracle;

use oracle::Verdict;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/diff")
}

/// `target/name` to (status, reason), from STATUS.tsv.
fn statuses() -> BTreeMap<String, (String, String)> {
    let text = fs::read_to_string(fixtures_dir().join("STATUS.tsv")).expect("STATUS.tsv");
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|line| {
            let mut cols = line.splitn(3, '\t');
            let case = cols.next().unwrap_or_default().to_string();
            let status = cols.next().unwrap_or_default().to_string();
            let reason = cols.next().unwrap_or_default().to_string();
            (case, (status, reason))
        })
        .collect()
}

/// The input file of each case, named `target/name`; the input's extension tells the target.
fn cases() -> BTreeMap<String, PathBuf> {
    let mut cases = BTreeMap::new();
    for target in ["parse", "fmt", "eval", "regex"] {
        let Ok(entries) = fs::read_dir(fixtures_dir().join(target)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if let Some(stem) = name.strip_suffix(".input") {
                cases.insert(format!("{target}/{stem}"), path);
            }
        }
    }
    cases
}

fn read_reference(input: &Path) -> Vec<u8> {
    let path = input.with_extension("reference");
    fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The verdict the fuzz target would reach on this case, from the stored reference answer.
fn verdict(case: &str, input_path: &Path) -> Verdict {
    let input = fs::read(input_path).expect("readable fixture");
    let reference = read_reference(input_path);
    let reference_line = String::from_utf8_lossy(&reference);
    let target = case.split('/').next().unwrap_or_default();
    match target {
        "parse" => {
            let theirs = oracle::reference_parse(&reference_line).expect("stored parse answer");
            oracle::parse_verdict(oracle::our_parse(&input), theirs)
        }
        "fmt" => {
            // A stored answer of exactly "<rejected>" records that alloy-ref-fmt exited 1.
            let theirs = if reference == b"<rejected>" {
                oracle::FmtAnswer::Rejected
            } else {
                oracle::reference_fmt(true, &reference)
            };
            oracle::fmt_verdict(&input, &oracle::our_fmt(&input), &theirs)
        }
        "eval" => {
            // One line per distinct answer of several runs; none when the reference crashed.
            let expr = String::from_utf8(input).expect("UTF-8 expression");
            let mut theirs: Vec<_> = reference_line
                .lines()
                .map(|line| oracle::reference_eval(line).expect("stored eval answer"))
                .collect();
            if theirs.is_empty() {
                theirs.push(oracle::EvalAnswer::Panic);
            }
            oracle::eval_verdict_runs(&oracle::our_eval(&expr), &theirs)
        }
        "regex" => {
            let pattern = String::from_utf8(input).expect("UTF-8 pattern");
            let theirs = oracle::reference_regex(&reference_line).expect("stored regex answer");
            oracle::regex_verdict(&oracle::our_regex(&pattern), &theirs)
        }
        other => panic!("unknown target {other}"),
    }
}

#[test]
fn every_fixture_has_a_status_and_every_status_a_fixture() {
    let cases = cases();
    let statuses = statuses();
    let missing: Vec<_> = cases
        .keys()
        .filter(|c| !statuses.contains_key(*c))
        .collect();
    let orphans: Vec<_> = statuses
        .keys()
        .filter(|c| !cases.contains_key(*c))
        .collect();
    assert!(
        missing.is_empty(),
        "fixtures without a STATUS.tsv row: {missing:?}"
    );
    assert!(
        orphans.is_empty(),
        "STATUS.tsv rows without a fixture: {orphans:?}"
    );
    for (case, (status, reason)) in &statuses {
        assert!(
            matches!(status.as_str(), "fixed" | "deliberate" | "known divergence"),
            "{case}: unknown status {status:?}"
        );
        assert!(!reason.trim().is_empty(), "{case}: no reason given");
    }
}

#[test]
fn fixtures_match_their_recorded_status() {
    let statuses = statuses();
    let mut wrong = Vec::new();
    for (case, path) in cases() {
        let Some((status, reason)) = statuses.get(&case) else {
            continue;
        };
        let verdict = verdict(&case, &path);
        let as_recorded = match status.as_str() {
            "fixed" => verdict == Verdict::Agree,
            "deliberate" => matches!(verdict, Verdict::Deliberate(_)),
            _ => matches!(verdict, Verdict::Diverge(_)),
        };
        if status == "known divergence" {
            eprintln!("known divergence {case}: {reason}");
        }
        if !as_recorded {
            wrong.push(format!(
                "{case} is recorded as {status:?} but now: {verdict:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
