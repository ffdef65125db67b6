//! Table tests per action, with Prometheus's own expectations.

use super::*;

fn labels(pairs: &[(&str, &str)]) -> LabelSet {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

struct R(Rule);

impl R {
    fn new(action: Action) -> R {
        R(Rule::new(action))
    }
    fn src(mut self, names: &[&str]) -> R {
        self.0.source_labels = names.iter().map(|s| s.to_string()).collect();
        self
    }
    fn regex(mut self, pattern: &str) -> R {
        self.0.regex = GoRegex::relabel(pattern).unwrap();
        self
    }
    fn target(mut self, t: &str) -> R {
        self.0.target_label = t.into();
        self
    }
    fn repl(mut self, r: &str) -> R {
        self.0.replacement = r.into();
        self
    }
    fn sep(mut self, s: &str) -> R {
        self.0.separator = s.into();
        self
    }
    fn modulus(mut self, m: u64) -> R {
        self.0.modulus = m;
        self
    }
}

fn run(input: &[(&str, &str)], rules: Vec<R>) -> Option<LabelSet> {
    let rules: Vec<Rule> = rules.into_iter().map(|r| r.0).collect();
    process(&labels(input), &rules)
}

#[test]
fn replace_with_defaults_copies_the_joined_sources() {
    let out = run(
        &[("a", "foo"), ("b", "bar")],
        vec![R::new(Action::Replace).src(&["a", "b"]).target("c")],
    );
    assert_eq!(
        out,
        Some(labels(&[("a", "foo"), ("b", "bar"), ("c", "foo;bar")]))
    );
}

#[test]
fn replace_is_anchored() {
    // `o` alone does not match "foo": the regex is ^(?s:o)$.
    let out = run(
        &[("a", "foo")],
        vec![R::new(Action::Replace)
            .src(&["a"])
            .regex("o")
            .target("b")
            .repl("x")],
    );
    assert_eq!(out, Some(labels(&[("a", "foo")])));
    let out = run(
        &[("a", "foo")],
        vec![R::new(Action::Replace)
            .src(&["a"])
            .regex("f(o+)")
            .target("b")
            .repl("x$1")],
    );
    assert_eq!(out, Some(labels(&[("a", "foo"), ("b", "xoo")])));
}

#[test]
fn dollar_ten_names_group_ten_but_braces_end_the_name() {
    let input = [("a", "abcdefghij")];
    let pattern = "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)";
    let ten = run(
        &input,
        vec![R::new(Action::Replace)
            .src(&["a"])
            .regex(pattern)
            .target("t")
            .repl("$10")],
    );
    assert_eq!(ten.unwrap()["t"], "j");
    let one_zero = run(
        &input,
        vec![R::new(Action::Replace)
            .src(&["a"])
            .regex(pattern)
            .target("t")
            .repl("${1}0")],
    );
    assert_eq!(one_zero.unwrap()["t"], "a0");
    // `$1x` names group `1x`, which does not exist: empty, so the label is not set.
    let named = run(
        &[("a", "v")],
        vec![R::new(Action::Replace).src(&["a"]).target("t").repl("$1x")],
    );
    assert_eq!(named, Some(labels(&[("a", "v")])));
}

#[test]
fn empty_and_missing_source_values_are_joined_by_the_separator() {
    let out = run(
        &[("a", "x"), ("c", "z")],
        vec![R::new(Action::Replace)
            .src(&["a", "missing", "c"])
            .sep("|")
            .target("t")],
    );
    assert_eq!(out.unwrap()["t"], "x||z");
    // A missing label is the empty string: `^$` matches it.
    let out = run(
        &[("a", "x")],
        vec![R::new(Action::Drop).src(&["missing"]).regex("")],
    );
    assert_eq!(out, None);
}

#[test]
fn replace_with_an_empty_result_deletes_and_an_invalid_target_is_ignored() {
    let out = run(
        &[("a", "foo"), ("b", "old")],
        vec![R::new(Action::Replace).src(&["missing"]).target("b")],
    );
    assert_eq!(out, Some(labels(&[("a", "foo")])));
    let out = run(
        &[("a", "foo")],
        vec![R::new(Action::Replace)
            .src(&["a"])
            .target("${1}-bad")
            .repl("v")],
    );
    assert_eq!(out, Some(labels(&[("a", "foo")])));
    // The target label can be a template too.
    let out = run(
        &[("a", "foo")],
        vec![R::new(Action::Replace)
            .src(&["a"])
            .regex("(f)oo")
            .target("x_${1}")
            .repl("v")],
    );
    assert_eq!(out, Some(labels(&[("a", "foo"), ("x_f", "v")])));
}

#[test]
fn keep_and_drop() {
    let input = [("a", "foo")];
    assert_eq!(
        run(&input, vec![R::new(Action::Keep).src(&["a"]).regex("f.*")]),
        Some(labels(&input))
    );
    assert_eq!(
        run(&input, vec![R::new(Action::Keep).src(&["a"]).regex("f")]),
        None
    );
    assert_eq!(
        run(&input, vec![R::new(Action::Drop).src(&["a"]).regex("f.*")]),
        None
    );
    assert_eq!(
        run(&input, vec![R::new(Action::Drop).src(&["a"]).regex("f")]),
        Some(labels(&input))
    );
}

#[test]
fn keepequal_and_dropequal_compare_with_the_target_label() {
    let same = [("a", "x"), ("b", "x")];
    let differ = [("a", "x"), ("b", "y")];
    let keep = || vec![R::new(Action::KeepEqual).src(&["a"]).target("b")];
    let drop = || vec![R::new(Action::DropEqual).src(&["a"]).target("b")];
    assert_eq!(run(&same, keep()), Some(labels(&same)));
    assert_eq!(run(&differ, keep()), None);
    assert_eq!(run(&same, drop()), None);
    assert_eq!(run(&differ, drop()), Some(labels(&differ)));
}

#[test]
fn hashmod_matches_prometheus() {
    // Prometheus's relabel_test.go: c="baz", modulus 1000 gives d="976".
    let out = run(
        &[("c", "baz")],
        vec![R::new(Action::HashMod)
            .src(&["c"])
            .target("d")
            .modulus(1000)],
    );
    assert_eq!(out.unwrap()["d"], "976");
    assert!(hashmod("anything", 7) < 7);
}

#[test]
fn labelmap_copies_matching_names_through_the_replacement() {
    let out = run(
        &[
            ("__meta_kubernetes_pod_label_app", "web"),
            ("__meta_other", "x"),
        ],
        vec![R::new(Action::LabelMap).regex("__meta_kubernetes_pod_label_(.+)")],
    );
    assert_eq!(
        out,
        Some(labels(&[
            ("__meta_kubernetes_pod_label_app", "web"),
            ("__meta_other", "x"),
            ("app", "web")
        ]))
    );
}

#[test]
fn labeldrop_and_labelkeep_match_whole_names() {
    let input = [("filename", "/a"), ("file", "b"), ("job", "j")];
    let out = run(&input, vec![R::new(Action::LabelDrop).regex("file")]);
    assert_eq!(out, Some(labels(&[("filename", "/a"), ("job", "j")])));
    let out = run(&input, vec![R::new(Action::LabelKeep).regex("file.*")]);
    assert_eq!(out, Some(labels(&[("filename", "/a"), ("file", "b")])));
}

#[test]
fn lowercase_and_uppercase_set_the_target() {
    let input = [("a", "MiXeD")];
    let out = run(
        &input,
        vec![
            R::new(Action::Lowercase).src(&["a"]).target("l"),
            R::new(Action::Uppercase).src(&["a"]).target("u"),
        ],
    );
    assert_eq!(
        out,
        Some(labels(&[("a", "MiXeD"), ("l", "mixed"), ("u", "MIXED")]))
    );
}

#[test]
fn rules_apply_in_order() {
    let out = run(
        &[("a", "foo")],
        vec![
            R::new(Action::Replace).src(&["a"]).target("b"),
            R::new(Action::Drop).src(&["b"]).regex("foo"),
        ],
    );
    assert_eq!(out, None);
}

#[test]
fn from_args_applies_defaults_and_validates() {
    use crate::args::Args;
    use alloy_eval::Value;
    let mut args = Args::default();
    args.attributes
        .insert("action".into(), Value::string("HashMod"));
    args.attributes
        .insert("target_label".into(), Value::string("t"));
    assert!(Rule::from_args(&args)
        .unwrap_err()
        .to_string()
        .contains("non-zero modulus"));
    args.attributes.insert("modulus".into(), Value::int(3));
    let rule = Rule::from_args(&args).unwrap();
    assert_eq!(
        (rule.separator.as_str(), rule.replacement.as_str()),
        (";", "$1")
    );
    let mut bad = Args::default();
    bad.attributes
        .insert("action".into(), Value::string("nope"));
    assert!(Rule::from_args(&bad).is_err());
    let mut unknown = Args::default();
    unknown.attributes.insert("regex".into(), Value::Unknown);
    assert_eq!(
        Rule::from_args(&unknown).unwrap_err(),
        crate::args::ArgError::Unknown("regex".into())
    );
}
