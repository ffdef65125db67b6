//! End-to-end tests: the real `alloy-lsp` process, spoken to over stdio, one test per feature
//! with the exact expected answer.

mod common;

use common::{pos, uri, Client};
use serde_json::{json, Value};
use std::time::Duration;

const MISPLACED: &str = r#"prometheus.remote_write "default" {
  endpoint {
    url        = "http://mimir:9009/api/v1/push"
    max_shards = 50
  }
}
"#;

const PIPELINE: &str = r#"local.file_match "logs" {
  path_targets = [{"__path__" = "/var/log/*.log"}]
}

loki.source.file "logs" {
  targets    = local.file_match.logs.targets
  forward_to = [loki.write.default.receiver]
}

loki.write "default" {
  endpoint {
    url = "http://loki:3100/loki/api/v1/push"
  }
}
"#;

fn range(sl: u32, sc: u32, el: u32, ec: u32) -> Value {
    json!({"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}})
}

fn rule_url(code: &str) -> String {
    let dir = std::fs::canonicalize(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules"))
        .expect("docs/rules");
    format!("file://{}/{code}.md", dir.display())
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    uri(&path)
}

#[test]
fn diagnostics_on_open_with_code_link_help_and_related_information() {
    let dir = tempfile::tempdir().unwrap();
    let text = "loki.write \"a\" {\n  endpoint {\n    url = \"http://x\"\n  }\n}\nloki.write \"a\" {\n  endpoint {\n    url = \"http://y\"\n  }\n}\n";
    let u = write(dir.path(), "config.alloy", text);
    let mut c = Client::default();
    c.open(&u, text);
    let diagnostics = c.diagnostics(&u, 1);
    assert_eq!(
        Value::Array(diagnostics),
        json!([{
            "range": range(5, 0, 5, 14),
            "severity": 1,
            "code": "duplicate-component",
            "codeDescription": {"href": rule_url("duplicate-component")},
            "source": "alloylint",
            "message": "component loki.write.a is defined more than once\nhelp: every component needs a unique label: rename one of them",
            "relatedInformation": [{
                "location": {"uri": u, "range": range(0, 0, 0, 14)},
                "message": "first defined here"
            }]
        }])
    );
    assert!(c.shutdown());
}

#[test]
fn reference_cycles_carry_related_information() {
    let dir = tempfile::tempdir().unwrap();
    let text = "local.file \"a\" {\n  filename = local.file.b.content\n}\nlocal.file \"b\" {\n  filename = local.file.a.content\n}\n";
    let u = write(dir.path(), "config.alloy", text);
    let mut c = Client::default();
    c.open(&u, text);
    let diagnostics = c.diagnostics(&u, 1);
    let cycle: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["code"] == "reference-cycle")
        .collect();
    assert_eq!(cycle.len(), 1, "{diagnostics:?}");
    let related = cycle[0]["relatedInformation"].as_array().unwrap();
    assert!(!related.is_empty(), "{:?}", cycle[0]);
    for r in related {
        assert_eq!(r["location"]["uri"], u);
    }
}

#[test]
fn unsaved_changes_are_checked_incrementally_and_stale_results_are_never_published() {
    let dir = tempfile::tempdir().unwrap();
    let u = write(dir.path(), "config.alloy", MISPLACED);
    // A long debounce: the three quick changes below are checked once, at version 4.
    let (mut c, _) = Client::start(json!({}), json!({"diagnosticsDelayMs": 300}));
    c.open(&u, MISPLACED);
    assert_eq!(c.diagnostics(&u, 1).len(), 1);
    // Rename `max_shards` to `max_shardz` (incremental), then fix the block in two steps.
    c.change(&u, 2, json!([{"range": range(3, 13, 3, 14), "text": "z"}]));
    c.change(
        &u,
        3,
        json!([{"range": range(3, 4, 3, 14), "text": "queue_config { max_shards"}]),
    );
    c.change(
        &u,
        4,
        json!([{"range": range(3, 32, 3, 34), "text": "50 }"}]),
    );
    let diagnostics = c.diagnostics(&u, 4);
    assert_eq!(diagnostics, Vec::<Value>::new());
    let messages = c.drain(Duration::from_millis(400));
    for m in &messages {
        if m["method"] == "textDocument/publishDiagnostics" {
            panic!("a second publish after version 4: {m}");
        }
    }
    // The server's text is the edited one: formatting shows it.
    let edits = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": u}, "options": {"tabSize": 4, "insertSpaces": false}}),
    );
    assert_eq!(
        edits[0]["newText"],
        "prometheus.remote_write \"default\" {\n\tendpoint {\n\t\turl = \"http://mimir:9009/api/v1/push\"\n\n\t\tqueue_config {\n\t\t\tmax_shards = 50\n\t\t}\n\t}\n}\n"
    );
}

#[test]
fn formatting_is_alloyfmt_and_a_parse_error_is_an_error_response() {
    let dir = tempfile::tempdir().unwrap();
    let u = write(dir.path(), "config.alloy", MISPLACED);
    let mut c = Client::default();
    let messy = "logging {\nlevel=\"info\"\n    format = \"json\"\n}\n";
    c.open(&u, messy);
    let edits = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": u}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(
        edits,
        json!([{"range": range(0, 0, 4, 0), "newText": alloy_format::format_source(messy).unwrap()}])
    );
    assert_eq!(
        edits[0]["newText"],
        "logging {\n\tlevel  = \"info\"\n\tformat = \"json\"\n}\n"
    );
    // Already formatted: no edit.
    c.change(
        &u,
        2,
        json!([{"text": "logging {\n\tlevel = \"info\"\n}\n"}]),
    );
    let edits = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": u}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(edits, json!([]));
    c.change(&u, 3, json!([{"text": "logging {\n  level = \n}\n"}]));
    let response = c.request_raw(
        "textDocument/formatting",
        json!({"textDocument": {"uri": u}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert!(response.get("result").is_none(), "{response}");
    assert_eq!(response["error"]["code"], -32803);
    let message = response["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("cannot format: 3:1: "), "{message}");
}

#[test]
fn range_formatting_formats_the_top_level_statements_the_range_touches() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        "logging {\nlevel=\"info\"\n}\n\n\ntracing {\nsampling_fraction=0.1\n}\n\nhttp {\n}\n";
    let u = write(dir.path(), "config.alloy", text);
    let mut c = Client::default();
    c.open(&u, text);
    let edits = c.request(
        "textDocument/rangeFormatting",
        json!({"textDocument": {"uri": u}, "range": range(6, 3, 6, 5), "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    // The piece runs to the next statement, blank lines included: one blank line stays.
    assert_eq!(
        edits,
        json!([{"range": range(5, 0, 9, 0), "newText": "tracing {\n\tsampling_fraction = 0.1\n}\n\n"}])
    );
    // Applying it gives what whole-file formatting gives those lines.
    let whole = alloy_format::format_source(text).unwrap();
    assert!(
        whole.contains("\n\ntracing {\n\tsampling_fraction = 0.1\n}\n\nhttp"),
        "{whole}"
    );
    let edits = c.request(
        "textDocument/rangeFormatting",
        json!({"textDocument": {"uri": u}, "range": range(10, 0, 11, 1), "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(
        edits,
        json!([{"range": range(9, 0, 11, 0), "newText": "http { }\n"}])
    );
    assert!(whole.ends_with("\n\nhttp { }\n"), "{whole}");
}

#[test]
fn positions_are_utf16_by_default_and_utf8_when_offered() {
    let dir = tempfile::tempdir().unwrap();
    let text = "local.file \"a\" {\n  filename = \"/é😀\" + local.file.b.content\n}\n";
    let u = write(dir.path(), "config.alloy", text);
    let (mut c, init) = Client::start(json!({}), json!({"diagnosticsDelayMs": 0}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    c.open(&u, text);
    let d = c.diagnostics(&u, 1);
    assert_eq!(d[0]["code"], "unknown-reference");
    // `local.file.b` starts after `  filename = "/é😀" + `: 22 UTF-16 units, 25 bytes.
    assert_eq!(d[0]["range"]["start"], json!({"line": 1, "character": 22}));
    c.shutdown();
    let (mut c, init) = Client::start(
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
        json!({"diagnosticsDelayMs": 0}),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    c.open(&u, text);
    let d = c.diagnostics(&u, 1);
    assert_eq!(d[0]["range"]["start"], json!({"line": 1, "character": 25}));
    // Hover in byte columns: on `content`.
    let hover = c.at("hover", &u, 1, 38);
    assert_eq!(hover, Value::Null);
    let hover = c.at("hover", &u, 1, 8);
    assert_eq!(hover["range"], range(1, 2, 1, 10));
}

#[test]
fn hover_on_components_blocks_attributes_references_and_constants() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{PIPELINE}\nprometheus.scrape \"s\" {{\n  targets = []\n  forward_to = []\n  scrape_interval = string.format(\"%ds\", 10 * 3)\n}}\n");
    let u = write(dir.path(), "config.alloy", &text);
    let mut c = Client::default();
    c.open(&u, &text);

    let (l, ch) = pos(&text, "loki.write \"default\"", 2);
    let h = c.at("hover", &u, l, ch);
    let value = h["contents"]["value"].as_str().unwrap();
    let loki_write = alloy_schema::component("loki.write").unwrap();
    assert!(
        value.starts_with(&format!(
            "**loki.write** · generally-available\n\n{}",
            loki_write.description
        )),
        "{value}"
    );
    assert!(
        value.contains("Exports:\n- `receiver`: `LogsReceiver`"),
        "{value}"
    );
    assert_eq!(h["range"], range(9, 0, 9, 10));

    let (l, ch) = pos(&text, "scrape_interval", 3);
    let h = c.at("hover", &u, l, ch);
    let attr = alloy_schema::component("prometheus.scrape")
        .unwrap()
        .body()
        .attribute("scrape_interval")
        .unwrap();
    assert_eq!(
        h["contents"]["value"],
        format!(
            "**`scrape_interval`**: `duration` · optional · default `\"60s\"`\n\n{}",
            attr.description
        )
    );

    let (l, ch) = pos(&text, "endpoint {", 3);
    let h = c.at("hover", &u, l, ch);
    let value = h["contents"]["value"].as_str().unwrap();
    assert!(
        value.starts_with("**`endpoint`** block · optional · repeatable"),
        "{value}"
    );

    let (l, ch) = pos(&text, "loki.write.default.receiver", 20);
    let h = c.at("hover", &u, l, ch);
    let value = h["contents"]["value"].as_str().unwrap();
    assert!(
        value.starts_with("**`loki.write \"default\"`** (config.alloy:10)"),
        "{value}"
    );
    assert!(
        value.contains("\n\n**`receiver`**: `LogsReceiver`\n\n"),
        "{value}"
    );

    let (l, ch) = pos(&text, "10 * 3", 3);
    let h = c.at("hover", &u, l, ch);
    assert_eq!(h["contents"]["value"], "Value:\n```alloy\n\"30s\"\n```");
    let (sl, sc) = pos(&text, "string.format(", 0);
    assert_eq!(h["range"]["start"], json!({"line": sl, "character": sc}));

    let (l, ch) = pos(&text, "format(", 1);
    let h = c.at("hover", &u, l, ch);
    let value = h["contents"]["value"].as_str().unwrap();
    assert!(value.starts_with("```alloy\nstring.format("), "{value}");
}

fn labels(items: &Value) -> Vec<String> {
    items["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

fn item<'v>(items: &'v Value, label: &str) -> &'v Value {
    items["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == label)
        .unwrap_or_else(|| panic!("no item {label}"))
}

#[test]
fn completion_of_components_attributes_references_functions_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let u = write(dir.path(), "config.alloy", PIPELINE);
    let mut c = Client::default();

    // References: after `loki.write.` the labels, after `loki.write.default.` the exports.
    let text = PIPELINE.replace("[loki.write.default.receiver]", "[loki.write.]");
    c.open(&u, &text);
    let (l, ch) = pos(&text, "loki.write.]", 11);
    let items = c.at("completion", &u, l, ch);
    assert_eq!(labels(&items), ["default"]);
    assert_eq!(
        item(&items, "default")["textEdit"]["range"],
        range(l, ch, l, ch)
    );
    let text2 = PIPELINE.replace("[loki.write.default.receiver]", "[loki.write.default.]");
    c.change(&u, 2, json!([{"text": text2}]));
    let (l, ch) = pos(&text2, "default.]", 8);
    let items = c.at("completion", &u, l, ch);
    assert_eq!(labels(&items), ["receiver"]);
    assert_eq!(item(&items, "receiver")["detail"], "LogsReceiver");

    // Attributes and blocks of the block at the cursor, required first, set ones left out.
    let text3 = PIPELINE.replace(
        "    url = \"http://loki:3100/loki/api/v1/push\"\n",
        "    url = \"http://loki:3100/loki/api/v1/push\"\n    batch_w\n",
    );
    c.change(&u, 3, json!([{"text": text3}]));
    let (l, _) = pos(&text3, "batch_w", 0);
    let items = c.at("completion", &u, l, 4);
    assert_eq!(items["isIncomplete"], false);
    let names = labels(&items);
    assert!(names.contains(&"batch_wait".to_string()), "{names:?}");
    assert!(!names.contains(&"url".to_string()), "{names:?}");
    assert!(names.contains(&"basic_auth".to_string()), "{names:?}");
    // Once a word is typed, only what it could become (the client filters further).
    let (l, ch) = pos(&text3, "batch_w", 7);
    let items = c.at("completion", &u, l, ch);
    assert_eq!(labels(&items), ["batch_wait"]);
    assert_eq!(items["isIncomplete"], true);
    let batch_wait = item(&items, "batch_wait");
    assert_eq!(batch_wait["detail"], "duration · optional · default \"1s\"");
    assert_eq!(batch_wait["textEdit"]["newText"], "batch_wait = $0");
    assert_eq!(batch_wait["textEdit"]["range"], range(l, 4, l, 11));
    assert_eq!(batch_wait["insertTextFormat"], 2);

    // Components at the top level: snippets with the required attributes and a label.
    let text4 = format!("{PIPELINE}\nprometheus.scr\n");
    c.change(&u, 4, json!([{"text": text4}]));
    let (l, ch) = pos(&text4, "prometheus.scr\n", 14);
    let items = c.at("completion", &u, l, ch);
    let scrape = item(&items, "prometheus.scrape");
    assert_eq!(
        scrape["textEdit"]["newText"],
        "prometheus.scrape \"${1:default}\" {\n\tforward_to = $2\n\ttargets    = $3\n}"
    );
    assert_eq!(scrape["textEdit"]["range"], range(l, 0, l, 14));
    assert_eq!(scrape["kind"], 7);
    // Its documentation comes with completionItem/resolve.
    assert!(scrape.get("documentation").is_none());
    let resolved = c.request("completionItem/resolve", scrape.clone());
    let value = resolved["documentation"]["value"].as_str().unwrap();
    assert!(
        value.starts_with("**prometheus.scrape** · generally-available"),
        "{value}"
    );

    // Standard-library functions with their signatures.
    let text5 = PIPELINE.replace("local.file_match.logs.targets", "string.");
    c.change(&u, 5, json!([{"text": text5}]));
    let (l, ch) = pos(&text5, "string.\n", 7);
    let items = c.at("completion", &u, l, ch);
    let format = item(&items, "format");
    assert_eq!(format["detail"], "string.format(spec, values...)");
    assert_eq!(
        format["textEdit"]["newText"],
        "format(${1:spec}, ${2:values...})"
    );

    // Allowed values inside a string.
    let text6 = "loki.write \"default\" {\n  endpoint {\n    url = \"http://loki:3100/loki/api/v1/push\"\n    tls_config {\n      min_version = \"\"\n    }\n  }\n}\n";
    c.change(&u, 6, json!([{"text": text6}]));
    let items = c.at("completion", &u, 4, 21);
    assert_eq!(
        labels(&items),
        ["\"TLS10\"", "\"TLS11\"", "\"TLS12\"", "\"TLS13\""]
    );
    assert_eq!(
        item(&items, "\"TLS12\"")["textEdit"]["range"],
        range(4, 20, 4, 22)
    );
}

#[test]
fn definition_and_references_across_the_files_of_a_directory_and_into_modules() {
    let dir = tempfile::tempdir().unwrap();
    let a = "loki.write \"default\" {\n  endpoint {\n    url = \"http://loki:3100/loki/api/v1/push\"\n  }\n}\n";
    let b = "loki.source.file \"logs\" {\n  targets    = []\n  forward_to = [loki.write.default.receiver]\n}\nimport.file \"mods\" {\n  filename = \"mods/m.alloy\"\n}\nmods.tail \"x\" {}\n";
    let m = "declare \"tail\" {\n  loki.echo \"e\" {}\n}\n";
    let ua = write(dir.path(), "a.alloy", a);
    let ub = write(dir.path(), "b.alloy", b);
    std::fs::create_dir(dir.path().join("mods")).unwrap();
    let um = write(&dir.path().join("mods"), "m.alloy", m);
    let mut c = Client::default();
    c.open(&ub, b);
    let (l, ch) = pos(b, "loki.write.default", 12);
    let def = c.at("definition", &ub, l, ch);
    assert_eq!(def, json!({"uri": ua, "range": range(0, 0, 0, 20)}));
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": ub}, "position": {"line": l, "character": ch}, "context": {"includeDeclaration": true}}),
    );
    assert_eq!(
        refs,
        json!([
            {"uri": ua, "range": range(0, 0, 0, 20)},
            {"uri": ub, "range": range(2, 16, 2, 34)},
        ])
    );
    // From the component's own label in the other file.
    c.open(&ua, a);
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": ua}, "position": {"line": 0, "character": 14}, "context": {"includeDeclaration": false}}),
    );
    assert_eq!(refs, json!([{"uri": ub, "range": range(2, 16, 2, 34)}]));
    // A custom component's name leads to its declare in the imported module.
    let def = c.at("definition", &ub, 7, 6);
    assert_eq!(def, json!({"uri": um, "range": range(0, 0, 0, 14)}));
    // Completion at the top level offers the module's custom components.
    let b2 = format!("{b}mo");
    c.change(&ub, 2, json!([{"text": b2}]));
    let items = c.at("completion", &ub, 8, 2);
    let tail = item(&items, "mods.tail");
    assert_eq!(
        tail["textEdit"]["newText"],
        "mods.tail \"${1:default}\" {\n\t$0\n}"
    );
    assert_eq!(tail["textEdit"]["range"], range(8, 0, 8, 2));
    c.change(&ub, 3, json!([{"text": b}]));
    // And its references are the declare and every component that instantiates it.
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": ub}, "position": {"line": 7, "character": 6}, "context": {"includeDeclaration": true}}),
    );
    assert_eq!(
        refs,
        json!([
            {"uri": um, "range": range(0, 0, 0, 14)},
            {"uri": ub, "range": range(7, 0, 7, 9)},
        ])
    );
}

#[test]
fn rename_of_a_component_label_updates_every_reference() {
    let dir = tempfile::tempdir().unwrap();
    let u = write(dir.path(), "config.alloy", PIPELINE);
    let mut c = Client::default();
    c.open(&u, PIPELINE);
    let (l, ch) = pos(PIPELINE, "\"default\" {", 3);
    let prepared = c.at("prepareRename", &u, l, ch);
    assert_eq!(
        prepared,
        json!({"range": range(9, 12, 9, 19), "placeholder": "default"})
    );
    let edit = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": u}, "position": {"line": l, "character": ch}, "newName": "main"}),
    );
    assert_eq!(
        edit,
        json!({"changes": {u.clone(): [
            {"range": range(9, 12, 9, 19), "newText": "main"},
            {"range": range(6, 27, 6, 34), "newText": "main"},
        ]}})
    );
    let bad = c.request_raw(
        "textDocument/rename",
        json!({"textDocument": {"uri": u}, "position": {"line": l, "character": ch}, "newName": "9lives"}),
    );
    assert_eq!(bad["error"]["code"], -32602);
}

#[test]
fn document_symbols_are_the_outline() {
    let dir = tempfile::tempdir().unwrap();
    let u = write(dir.path(), "config.alloy", MISPLACED);
    let mut c = Client::default();
    c.open(&u, MISPLACED);
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": u}}),
    );
    assert_eq!(
        symbols,
        json!([{
            "name": "prometheus.remote_write \"default\"",
            "kind": 5,
            "range": range(0, 0, 5, 1),
            "selectionRange": range(0, 0, 0, 33),
            "children": [{
                "name": "endpoint",
                "kind": 23,
                "range": range(1, 2, 4, 3),
                "selectionRange": range(1, 2, 1, 10),
                "children": [
                    {"name": "url", "kind": 8, "range": range(2, 4, 2, 48), "selectionRange": range(2, 4, 2, 7)},
                    {"name": "max_shards", "kind": 8, "range": range(3, 4, 3, 19), "selectionRange": range(3, 4, 3, 14)},
                ]
            }]
        }])
    );
}

#[test]
fn code_actions_are_the_validator_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{MISPLACED}prometheus.scrape \"s\" {{\n  targets = []\n  forward_to = []\n  scrape_intervall = \"1m\"\n}}\nlocal.file \"f\" {{\n  filename = env(\"HOME\")\n}}\n");
    let u = write(dir.path(), "config.alloy", &text);
    let mut c = Client::default();
    c.open(&u, &text);
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": range(3, 4, 3, 4), "context": {"diagnostics": [], "only": ["quickfix"]}}),
    );
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(
        actions[0]["title"],
        "Move `max_shards` into a new `queue_config` block"
    );
    assert_eq!(actions[0]["isPreferred"], false);
    assert_eq!(
        actions[0]["edit"],
        json!({"changes": {u.clone(): [
            {"range": range(3, 4, 3, 4), "newText": "queue_config { "},
            {"range": range(3, 19, 3, 19), "newText": " }"},
        ]}})
    );
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": range(9, 2, 9, 2), "context": {"diagnostics": []}}),
    );
    assert_eq!(actions[0]["title"], "Replace with `scrape_interval`");
    assert_eq!(
        actions[0]["edit"]["changes"][&u],
        json!([{"range": range(9, 2, 9, 18), "newText": "scrape_interval"}])
    );
    // The deprecated `env` has a safe fix: preferred, and in "fix all".
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": range(12, 13, 12, 13), "context": {"diagnostics": []}}),
    );
    let actions = actions.as_array().unwrap();
    assert_eq!(actions[0]["title"], "Replace `env` with `sys.env`");
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(
        actions[0]["edit"]["changes"][&u],
        json!([{"range": range(12, 13, 12, 16), "newText": "sys.env"}])
    );
    assert_eq!(actions.last().unwrap()["kind"], "source.fixAll");
}

#[test]
fn code_action_inserts_a_labeldrop_before_the_writer() {
    let dir = tempfile::tempdir().unwrap();
    // `/var/log/*.log` gives each file its stream: filename-label-kept, with a fix.
    let u = write(dir.path(), "config.alloy", PIPELINE);
    let mut c = Client::default();
    c.open(&u, PIPELINE);
    let diagnostics = c.diagnostics(&u, 1);
    let codes: Vec<Value> = diagnostics.iter().map(|d| d["code"].clone()).collect();
    assert_eq!(codes, [json!("filename-label-kept")]);
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": range(4, 5, 4, 5), "context": {"diagnostics": []}}),
    );
    // Unsafe (it changes the streams): offered, not preferred, not in "fix all".
    assert_eq!(
        actions,
        json!([{
            "title": "Drop `filename` in a new loki.relabel.drop_filename before loki.write.default",
            "kind": "quickfix",
            "isPreferred": false,
            "diagnostics": diagnostics,
            "edit": {"changes": {u.clone(): [
                {"range": range(6, 16, 6, 43), "newText": "loki.relabel.drop_filename.receiver"},
                {"range": range(7, 1, 7, 1), "newText": "\n\nloki.relabel \"drop_filename\" {\n  forward_to = [loki.write.default.receiver]\n\n  rule {\n    action = \"labeldrop\"\n    regex  = \"filename\"\n  }\n}"},
            ]}},
        }])
    );
}

#[test]
fn workspace_symbols_list_the_components_of_open_configs() {
    let dir = tempfile::tempdir().unwrap();
    let u = write(dir.path(), "config.alloy", PIPELINE);
    let mut c = Client::default();
    c.open(&u, PIPELINE);
    let symbols = c.request("workspace/symbol", json!({"query": "LOKI"}));
    assert_eq!(
        symbols,
        json!([
            {"name": "loki.source.file.logs", "kind": 5, "location": {"uri": u, "range": range(4, 0, 7, 1)}},
            {"name": "loki.write.default", "kind": 5, "location": {"uri": u, "range": range(9, 0, 13, 1)}},
        ])
    );
}

#[test]
fn semantic_tokens_classify_names_literals_references_and_comments() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        "// c\nlocal.file \"a\" {\n  filename = string.join([\"x\"], local.file.b.content)\n}\n";
    let u = write(dir.path(), "config.alloy", text);
    let mut c = Client::default();
    c.open(&u, text);
    let tokens = c.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": u}}),
    );
    // (delta line, delta start, length, type, modifiers)
    let expected: Vec<u32> = vec![
        0, 0, 4, 9, 0, // comment
        1, 0, 10, 2, 0, // local.file: class
        0, 11, 3, 6, 1, // "a": string, declaration
        1, 2, 8, 3, 0, // filename: property
        0, 11, 6, 0, 2, // string: namespace, defaultLibrary
        0, 7, 4, 5, 2, // join: function, defaultLibrary
        0, 6, 3, 6, 0, // "x"
        0, 6, 5, 4, 0, // local
        0, 6, 4, 4, 0, // file
        0, 5, 1, 4, 0, // b (unresolved: a variable)
        0, 2, 7, 4, 0, // content
    ];
    assert_eq!(tokens["data"], json!(expected));
}

#[test]
fn folding_ranges_of_blocks_lists_and_comments() {
    let dir = tempfile::tempdir().unwrap();
    let text = "// a\n// b\nloki.write \"x\" {\n  endpoint {\n    url = \"u\"\n  }\n  external_labels = {\n    a = \"b\",\n  }\n}\n";
    let u = write(dir.path(), "config.alloy", text);
    let mut c = Client::default();
    c.open(&u, text);
    let ranges = c.request(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": u}}),
    );
    assert_eq!(
        ranges,
        json!([
            {"startLine": 0, "endLine": 1, "kind": "comment"},
            {"startLine": 2, "endLine": 8},
            {"startLine": 3, "endLine": 4},
            {"startLine": 6, "endLine": 7},
        ])
    );
}

#[test]
fn signature_help_for_stdlib_calls() {
    let dir = tempfile::tempdir().unwrap();
    let text = "local.file \"a\" {\n  filename = string.format(\"%s/%s\", \"a\", )\n}\n";
    let u = write(dir.path(), "config.alloy", text);
    let mut c = Client::default();
    c.open(&u, text);
    let (l, ch) = pos(text, "\"a\", )", 5);
    let help = c.at("signatureHelp", &u, l, ch);
    let f = alloy_schema::function("string.format").unwrap();
    assert_eq!(
        help,
        json!({
            "signatures": [{
                "label": "string.format(spec, values...)",
                "documentation": {"kind": "markdown", "value": f.description},
                "parameters": [{"label": "spec"}, {"label": "values..."}],
                "activeParameter": 1
            }],
            "activeSignature": 0,
            "activeParameter": 1
        })
    );
    let (l, ch) = pos(text, "\"%s/%s\"", 1);
    let help = c.at("signatureHelp", &u, l, ch);
    assert_eq!(help["activeParameter"], 0);
    let help = c.at("signatureHelp", &u, 0, 3);
    assert_eq!(help, Value::Null);
}

#[test]
fn watched_file_changes_recheck_the_directory_config() {
    let dir = tempfile::tempdir().unwrap();
    let a = "loki.source.file \"logs\" {\n  targets    = []\n  forward_to = [loki.write.default.receiver]\n}\n";
    let ua = write(dir.path(), "a.alloy", a);
    let (mut c, _) = Client::start(
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
        json!({"diagnosticsDelayMs": 0}),
    );
    c.open(&ua, a);
    let d = c.diagnostics(&ua, 1);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["code"], "unknown-reference");
    // The server asked to watch the config files.
    let registration = c
        .backlog
        .iter()
        .find(|m| m["method"] == "client/registerCapability")
        .cloned()
        .expect("a registerCapability request");
    assert_eq!(
        registration["params"]["registrations"][0]["registerOptions"]["watchers"],
        json!([{"globPattern": "**/*.alloy"}, {"globPattern": "**/*.river"}])
    );
    // Another file of the directory appears on disk.
    let ub = write(
        dir.path(),
        "b.alloy",
        "loki.write \"default\" {\n  endpoint {\n    url = \"http://loki:3100/loki/api/v1/push\"\n  }\n}\n",
    );
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": ub, "type": 1}]}),
    );
    let p = c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == ua && p["diagnostics"].as_array().is_some_and(|d| d.is_empty())
    });
    assert_eq!(p["version"], 1);
}

#[test]
fn a_panicking_handler_is_answered_with_an_error_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    // One fixed file: a glob would keep the `filename` label (filename-label-kept), and the
    // config must be clean to show the server answering after the panic.
    let clean = PIPELINE.replace("/var/log/*.log", "/var/log/app.log");
    let u = write(dir.path(), "config.alloy", &clean);
    let (mut c, _) = Client::start_with_env(
        json!({}),
        json!({"diagnosticsDelayMs": 0}),
        &[("ALLOY_LSP_TEST_REQUESTS", "1")],
    );
    let response = c.request_raw("alloy/panic", json!({}));
    assert_eq!(response["error"]["code"], -32603);
    assert_eq!(
        response["error"]["message"],
        "internal error in alloy/panic: alloy/panic was requested"
    );
    assert!(c.is_alive());
    c.open(&u, &clean);
    assert_eq!(c.diagnostics(&u, 1), Vec::<Value>::new());
    let unknown = c.request_raw("textDocument/unknownThing", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    assert!(c.shutdown());
}

#[test]
fn rapid_changes_without_delay_publish_in_version_order_ending_at_the_last() {
    let dir = tempfile::tempdir().unwrap();
    let u = write(dir.path(), "config.alloy", MISPLACED);
    let mut c = Client::default();
    c.open(&u, MISPLACED);
    c.diagnostics(&u, 1);
    // Alternate between an error and no error, as fast as the pipe takes it.
    for version in 2..=40 {
        let text = if version % 2 == 0 {
            "logging {\n  level = \"info\"\n}\n"
        } else {
            MISPLACED
        };
        c.change(&u, version, json!([{"text": text}]));
    }
    let last = c.diagnostics(&u, 40);
    assert_eq!(last, Vec::<Value>::new());
    // What was published before version 40's diagnostics came in version order, each with the
    // diagnostics of its own text; nothing comes after them.
    let before: Vec<(i64, usize)> = c
        .backlog
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .map(|m| {
            let p = &m["params"];
            (
                p["version"].as_i64().unwrap(),
                p["diagnostics"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert!(before.windows(2).all(|w| w[0].0 < w[1].0), "{before:?}");
    for (version, count) in &before {
        assert_eq!(*count, if version % 2 == 0 { 0 } else { 1 }, "{before:?}");
    }
    c.backlog.clear();
    let after: Vec<Value> = c
        .drain(Duration::from_millis(300))
        .into_iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .collect();
    assert_eq!(after, Vec::<Value>::new());
}

#[test]
fn custom_component_arguments_are_completed_and_documented() {
    let dir = tempfile::tempdir().unwrap();
    let text = "declare \"tail\" {\n  argument \"path\" {\n    comment = \"The file to follow.\"\n  }\n  argument \"lines\" {\n    optional = true\n    default  = 10\n  }\n}\ntail \"x\" {\n  path = \"/var/log/a\"\n  l\n}\n";
    let u = write(dir.path(), "config.alloy", text);
    let mut c = Client::default();
    c.open(&u, text);
    let (l, ch) = pos(text, "  l\n}", 3);
    let items = c.at("completion", &u, l, ch);
    assert_eq!(labels(&items), ["lines"]);
    let lines = item(&items, "lines");
    assert_eq!(lines["detail"], "argument · optional · default 10");
    assert_eq!(lines["textEdit"]["newText"], "lines = $0");
    let (l, ch) = pos(text, "path = \"/var", 1);
    let h = c.at("hover", &u, l, ch);
    assert_eq!(
        h["contents"]["value"],
        "**`path`**: argument · required of `tail`\n\nThe file to follow."
    );
}
