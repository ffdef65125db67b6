//! Relabeling against what others state: every example in `../shared/alloy-docs` for
//! `discovery.relabel`, `loki.relabel` and `prometheus.relabel` that says what goes in and
//! what comes out, run through the components themselves; every row of
//! `../shared/conformance/regex/match.jsonl` through a relabel rule (`keep` for
//! `relabel_match`, `replace` for `relabel_expand`); and rows of Prometheus's own
//! `relabel_test.go`. Skips with a message when `../shared` is absent.

#[path = "../../alloy-regex/tests/common/mod.rs"]
mod common;

use alloy_eval::{Evaluator, Value};
use alloy_runtime::args::{receiver, Args};
use alloy_runtime::engine::{eval_body, ExportScope};
use alloy_runtime::relabel::{self, Action, Rule};
use alloy_runtime::{Env, LabelSet, Labels, Registry};
use alloy_semantic::{Model, SourceFile, Sources};

fn labels(pairs: &[(&str, &str)]) -> LabelSet {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The first ```alloy block of the `## Example` section of a component's docs page.
fn example(page: &str) -> Option<(String, String)> {
    let path = common::shared_file(
        &format!("alloy-docs/reference/components/{page}"),
        "docs relabel examples",
    )?;
    let text = std::fs::read_to_string(path).unwrap();
    let section = &text[text.find("## Example").expect("an Example section")..];
    let start = section.find("```alloy\n").expect("an alloy block") + "```alloy\n".len();
    let end = start + section[start..].find("```").unwrap();
    Some((section[start..end].to_string(), section[end..].to_string()))
}

/// Evaluates the one component of `config` with every receiver it names stubbed, and
/// returns the running component and its exports.
fn component(config: &str, receivers: &[&str]) -> (Value, Box<dyn alloy_runtime::Component>) {
    let sources = Sources::load(vec![SourceFile::new("example.alloy", config)], None);
    assert!(sources.parse_diagnostics[0].is_empty());
    let model = Model::build(&sources);
    let node = &model.nodes[model.modules[0].nodes[0]];
    let mut scope = ExportScope::default();
    for id in receivers {
        let path: Vec<&str> = id.split('.').collect();
        scope.insert(&path, Value::object_from([("receiver", receiver(id))]));
    }
    let args = eval_body(&Evaluator::system(), &node.block.body, &scope).expect("arguments");
    let name = match &node.kind {
        alloy_semantic::NodeKind::Builtin(c) => c.name,
        _ => panic!("a builtin component"),
    };
    let mut c = Registry::builtin().get(name).expect("implemented")();
    let exports = c.evaluate(&node.id, &args, &Env::new("/")).expect("valid");
    (exports, c)
}

#[test]
fn discovery_relabel_docs_example() {
    let Some((config, _)) = example("discovery/discovery.relabel.md") else {
        return;
    };
    // The page writes its comments with `#`, which Alloy's syntax does not have.
    let config: String = config
        .lines()
        .map(|l| match l.trim_start().strip_prefix('#') {
            Some(comment) => format!("//{comment}\n"),
            None => format!("{l}\n"),
        })
        .collect();
    let (exports, _) = component(&config, &[]);
    let Value::Object(exports) = exports else {
        panic!("exports");
    };
    let mut out = Args::default();
    out.attributes
        .insert("output".into(), exports["output"].clone());
    // The comments state it: "destination" joins __address__ and instance with "/", only the
    // backend target is kept, and a static label is added to what remains.
    assert_eq!(
        out.targets("output").unwrap().unwrap(),
        [labels(&[
            ("__address__", "localhost"),
            ("__meta_foo", "foo"),
            ("app", "backend"),
            ("custom_static_label", "static_value"),
            ("destination", "localhost/one"),
            ("instance", "one"),
        ])]
    );
}

/// `metric_a{k = "v", ...} 10` lines of a ```text block.
fn metrics(block: &str) -> Vec<LabelSet> {
    block
        .lines()
        .filter_map(|line| {
            let (name, rest) = line.split_once('{')?;
            let (body, _) = rest.split_once('}')?;
            let mut set = labels(&[("__name__", name.trim())]);
            for pair in body.split(',') {
                let (k, v) = pair.split_once('=')?;
                set.insert(k.trim().into(), v.trim().trim_matches('"').into());
            }
            Some(set)
        })
        .collect()
}

/// The ```text blocks after an example.
fn text_blocks(after: &str) -> Vec<&str> {
    after
        .split("```text\n")
        .skip(1)
        .map(|b| &b[..b.find("```").unwrap()])
        .collect()
}

#[test]
fn prometheus_relabel_docs_example() {
    let Some((config, after)) = example("prometheus/prometheus.relabel.md") else {
        return;
    };
    let blocks = text_blocks(&after);
    let (input, output) = (metrics(blocks[0]), metrics(blocks[blocks.len() - 1]));
    assert_eq!((input.len(), output.len()), (5, 2));
    let (_, mut c) = component(&config, &["prometheus.remote_write.onprem"]);
    let mut got = Vec::new();
    for set in &input {
        for stream in c.receive(&Labels::from_known(set.clone()), "source") {
            assert_eq!(&*stream.forward_to, ["prometheus.remote_write.onprem"]);
            got.push(stream.labels.known);
        }
    }
    assert_eq!(got, output);
}

#[test]
fn loki_relabel_docs_examples() {
    let Some((config, _)) = example("loki/loki.relabel.md") else {
        return;
    };
    // "only forwards entries whose 'level' value is set to 'error'".
    let (_, mut c) = component(&config, &["loki.write.onprem"]);
    let forwarded = |c: &mut Box<dyn alloy_runtime::Component>, set: LabelSet| {
        c.receive(&Labels::from_known(set), "s").len()
    };
    assert_eq!(
        forwarded(&mut c, labels(&[("level", "error"), ("job", "a")])),
        1
    );
    assert_eq!(
        forwarded(&mut c, labels(&[("level", "info"), ("job", "a")])),
        0
    );
    assert_eq!(forwarded(&mut c, labels(&[("job", "a")])), 0);

    // loki.source.syslog's page: a labelmap that "keeps all __syslog_ labels".
    let Some(path) = common::shared_file(
        "alloy-docs/reference/components/loki/loki.source.syslog.md",
        "the syslog relabel example",
    ) else {
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    let start = text.find("loki.relabel \"syslog\"").unwrap();
    let end = start + text[start..].find("```").unwrap();
    let config = text[start..end].replace("rule {", "forward_to = []\n  rule {");
    let (_, mut c) = component(&config, &[]);
    let out = c.receive(
        &Labels::from_known(labels(&[
            ("__syslog_message_hostname", "web-1"),
            ("__syslog_message_app_name", "sshd"),
        ])),
        "s",
    );
    assert_eq!(
        out[0].labels.known,
        labels(&[
            ("__syslog_message_app_name", "sshd"),
            ("__syslog_message_hostname", "web-1"),
            ("message_app_name", "sshd"),
            ("message_hostname", "web-1"),
        ])
    );
}

#[test]
fn match_jsonl_through_relabel_rules() {
    let Some(path) = common::shared_file("conformance/regex/match.jsonl", "relabel match rows")
    else {
        return;
    };
    const TEMPLATE: &str = "$1|${1}x|$0|$name|${2}";
    let text = std::fs::read_to_string(path).unwrap();
    let (mut rows, mut expansions, mut wrong) = (0, 0, Vec::new());
    for line in text.lines() {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        let pattern = case["pattern"].as_str().unwrap();
        let input = case["input"].as_str().unwrap();
        // Patterns that only compile as written (`\Q...`) have no relabel form.
        let Ok(regex) = alloy_regex::GoRegex::relabel(pattern) else {
            continue;
        };
        rows += 1;
        let source = labels(&[("src", input)]);
        let mut keep = Rule::new(Action::Keep);
        keep.source_labels = vec!["src".into()];
        keep.regex = regex.clone();
        let kept = relabel::process(&source, &[keep]).is_some();
        let go_matches = !case["relabel_match"].is_null();
        if kept != go_matches {
            wrong.push(format!(
                "keep {pattern:?} on {input:?}: Go {}",
                case["relabel_match"]
            ));
        }
        if let Some(go) = case["relabel_expand"].as_str() {
            expansions += 1;
            let mut replace = Rule::new(Action::Replace);
            replace.source_labels = vec!["src".into()];
            replace.regex = regex;
            replace.target_label = "out".into();
            replace.replacement = TEMPLATE.into();
            let out = relabel::process(&source, &[replace]).unwrap();
            // An empty expansion deletes the target, as Prometheus's builder does.
            let ours = out.get("out").map_or("", String::as_str);
            if ours != go {
                wrong.push(format!(
                    "replace {pattern:?} on {input:?}: Go {go:?}, ours {ours:?}"
                ));
            }
        }
    }
    println!("match.jsonl: {rows} rows through keep, {expansions} through replace");
    assert!(rows > 10_000, "{rows} rows");
    assert!(
        wrong.is_empty(),
        "{} differences:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Rows of Prometheus's `model/relabel/relabel_test.go` (legacy label names, as Alloy
/// validates them).
#[test]
fn prometheus_relabel_test_rows() {
    struct Row {
        input: &'static [(&'static str, &'static str)],
        rules: Vec<Rule>,
        output: Option<&'static [(&'static str, &'static str)]>,
    }
    let rule = |action: Action, src: &[&str], regex: &str, target: &str, replacement: &str| {
        let mut r = Rule::new(action);
        r.source_labels = src.iter().map(|s| s.to_string()).collect();
        if !regex.is_empty() {
            r.regex = alloy_regex::GoRegex::relabel(regex).unwrap();
        }
        r.target_label = target.into();
        if !replacement.is_empty() {
            r.replacement = replacement.into();
        }
        r
    };
    let hashmod = |src: &str, target: &str| {
        let mut r = rule(Action::HashMod, &[src], "", target, "");
        r.modulus = 1000;
        r
    };
    let rows = vec![
        Row {
            input: &[("a", "foo"), ("b", "bar"), ("c", "baz")],
            rules: vec![hashmod("c", "d")],
            output: Some(&[("a", "foo"), ("b", "bar"), ("c", "baz"), ("d", "976")]),
        },
        Row {
            input: &[("a", "foo\nbar")],
            rules: vec![hashmod("a", "b")],
            output: Some(&[("a", "foo\nbar"), ("b", "734")]),
        },
        Row {
            input: &[("a", "foo"), ("b1", "bar"), ("b2", "baz")],
            rules: vec![rule(Action::LabelMap, &[], "(b.*)", "", "bar_${1}")],
            output: Some(&[
                ("a", "foo"),
                ("b1", "bar"),
                ("b2", "baz"),
                ("bar_b1", "bar"),
                ("bar_b2", "baz"),
            ]),
        },
        Row {
            input: &[("a", "some-name-value")],
            rules: vec![rule(
                Action::Replace,
                &["a"],
                "some-([^-]+)-([^,]+)",
                "${1}",
                "${2}",
            )],
            output: Some(&[("a", "some-name-value"), ("name", "value")]),
        },
        Row {
            // An empty replacement: nothing is set.
            input: &[("a", "some-name-value")],
            rules: vec![rule(
                Action::Replace,
                &["a"],
                "some-([^-]+)-([^,]+)",
                "${1}",
                "${3}",
            )],
            output: Some(&[("a", "some-name-value")]),
        },
        Row {
            // A target that expands to an invalid name: nothing is set.
            input: &[("a", "some-name-0")],
            rules: vec![rule(
                Action::Replace,
                &["a"],
                "some-([^-]+)-([^,]+)",
                "${3}",
                "${1}",
            )],
            output: Some(&[("a", "some-name-0")]),
        },
        Row {
            input: &[("__meta_sd_tags", "path:/secret,job:some-job,label:foo=bar")],
            rules: vec![
                rule(
                    Action::Replace,
                    &["__meta_sd_tags"],
                    "(?:.+,|^)path:(/[^,]+).*",
                    "__metrics_path__",
                    "${1}",
                ),
                rule(
                    Action::Replace,
                    &["__meta_sd_tags"],
                    "(?:.+,|^)job:([^,]+).*",
                    "job",
                    "${1}",
                ),
                rule(
                    Action::Replace,
                    &["__meta_sd_tags"],
                    "(?:.+,|^)label:([^=]+)=([^,]+).*",
                    "${1}",
                    "${2}",
                ),
            ],
            output: Some(&[
                ("__meta_sd_tags", "path:/secret,job:some-job,label:foo=bar"),
                ("__metrics_path__", "/secret"),
                ("foo", "bar"),
                ("job", "some-job"),
            ]),
        },
        Row {
            // prometheus/prometheus#12283: a label dropped, then set again, then kept.
            input: &[
                ("__meta_kubernetes_pod_container_port_name", "foo"),
                ("__meta_kubernetes_pod_annotation_XXX_metrics_port", "9091"),
            ],
            rules: vec![
                rule(
                    Action::LabelDrop,
                    &[],
                    "^__meta_kubernetes_pod_container_port_name$",
                    "",
                    "",
                ),
                rule(
                    Action::Replace,
                    &["__meta_kubernetes_pod_annotation_XXX_metrics_port"],
                    "(.+)",
                    "__meta_kubernetes_pod_container_port_name",
                    "metrics",
                ),
                rule(
                    Action::Keep,
                    &["__meta_kubernetes_pod_container_port_name"],
                    "^metrics$",
                    "",
                    "",
                ),
            ],
            output: Some(&[
                ("__meta_kubernetes_pod_annotation_XXX_metrics_port", "9091"),
                ("__meta_kubernetes_pod_container_port_name", "metrics"),
            ]),
        },
        Row {
            input: &[("foo", "bAr123Foo")],
            rules: vec![
                rule(Action::Uppercase, &["foo"], "", "foo_uppercase", ""),
                rule(Action::Lowercase, &["foo"], "", "foo_lowercase", ""),
            ],
            output: Some(&[
                ("foo", "bAr123Foo"),
                ("foo_lowercase", "bar123foo"),
                ("foo_uppercase", "BAR123FOO"),
            ]),
        },
        Row {
            input: &[
                ("__tmp_port", "1234"),
                ("__port1", "1234"),
                ("__port2", "5678"),
            ],
            rules: vec![rule(Action::DropEqual, &["__tmp_port"], "", "__port1", "")],
            output: None,
        },
        Row {
            input: &[
                ("__tmp_port", "1234"),
                ("__port1", "1234"),
                ("__port2", "5678"),
            ],
            rules: vec![rule(Action::KeepEqual, &["__tmp_port"], "", "__port2", "")],
            output: None,
        },
        Row {
            // `.` matches a newline: the relabel form is (?s:...).
            input: &[("a", "line1\nline2"), ("b", "bar"), ("c", "baz")],
            rules: vec![rule(
                Action::Replace,
                &["a"],
                "line1.*line2",
                "d",
                "match${1}",
            )],
            output: Some(&[
                ("a", "line1\nline2"),
                ("b", "bar"),
                ("c", "baz"),
                ("d", "match"),
            ]),
        },
        Row {
            input: &[("a", "line1\nline2"), ("b", "bar"), ("c", "baz")],
            rules: vec![
                rule(
                    Action::Replace,
                    &["a"],
                    "(line1).*(?<second>line2)",
                    "label1_${1}",
                    "val_${second}",
                ),
                rule(
                    Action::Replace,
                    &["a"],
                    "(line1).*(?<second>line2)",
                    "label2_$1",
                    "val_$second",
                ),
            ],
            output: Some(&[
                ("a", "line1\nline2"),
                ("b", "bar"),
                ("c", "baz"),
                ("label1_line1", "val_line2"),
                ("label2_line1", "val_line2"),
            ]),
        },
    ];
    for (i, row) in rows.iter().enumerate() {
        let got = relabel::process(&labels(row.input), &row.rules);
        assert_eq!(got, row.output.map(labels), "row {i}");
    }
}
