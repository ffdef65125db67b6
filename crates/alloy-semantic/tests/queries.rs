//! The model's queries on small configs with a cursor marker, as rust-analyzer's tests do:
//! `$0` marks the cursor and is removed before the text is parsed.

use alloy_semantic::{
    FileSystem, Model, ModuleKind, NodeKind, NodeStatus, Overlay, Resolution, SourceFile, Sources,
};

/// The text without its `$0` marker, and the marker's offset.
fn cursor(text: &str) -> (String, u32) {
    let at = text.find("$0").expect("fixture has a $0 cursor");
    (text.replacen("$0", "", 1), at as u32)
}

fn with_model<T>(text: &str, f: impl FnOnce(&Model<'_>, u32) -> T) -> T {
    let (text, offset) = cursor(text);
    let sources = Sources::load(vec![SourceFile::new("config.alloy", text)], None);
    let model = Model::build(&sources);
    f(&model, offset)
}

/// The text a span covers in file 0.
fn text_of(model: &Model<'_>, span: alloy_diagnostics::Span) -> String {
    model.sources.files[0].text[span.range()].to_string()
}

const PIPELINE: &str = r#"local.file_match "logs" {
  path_targets = [{"__path__" = "/var/log/*.log"}]
}

loki.source.file "logs" {
  targets    = local.file_match.logs.targets
  forward_to = [loki.write.$0default.receiver]
}

loki.write "default" {
  endpoint {
    url = "http://loki:3100/loki/api/v1/push"
  }
}
"#;

#[test]
fn definition_of_a_reference_is_the_component_it_names() {
    with_model(PIPELINE, |model, offset| {
        let def = model.definition_at(0, offset).expect("a definition");
        assert_eq!(text_of(model, def.span), "loki.write \"default\"");
        assert_eq!(model.nodes[def.node].id, "loki.write.default");
        let reference = model.reference_at(0, offset).expect("a reference");
        assert_eq!(
            reference.export().map(|i| i.name.as_str()),
            Some("receiver")
        );
    });
}

#[test]
fn definition_on_a_component_name_is_itself() {
    let text = PIPELINE
        .replace("$0", "")
        .replace("loki.write \"default\"", "loki.wr$0ite \"default\"");
    with_model(&text, |model, offset| {
        let def = model.definition_at(0, offset).expect("a definition");
        assert_eq!(model.nodes[def.node].id, "loki.write.default");
    });
}

#[test]
fn references_to_a_component_are_every_use() {
    let text = r#"local.file "a$0" {
  filename = "/etc/hosts"
}
local.file "b" {
  filename = local.file.a.content
}
local.file "c" {
  filename = string.format("%s%s", local.file.a.content, local.file.b.content)
}
"#;
    with_model(text, |model, offset| {
        let node = model.node_at(0, offset).expect("the node under the cursor");
        let uses: Vec<String> = model
            .references_to(node)
            .map(|r| {
                let line = model.sources.files[0]
                    .line_index()
                    .line_col(&model.sources.files[0].text, r.span().start)
                    .line;
                format!("{}@{line}", r.text(r.idents.len()))
            })
            .collect();
        assert_eq!(uses, ["local.file.a.content@5", "local.file.a.content@8"]);
        // string.format is the standard library, not a component.
        assert!(model
            .references
            .iter()
            .any(|r| r.text(2) == "string.format" && r.resolution == Resolution::Stdlib));
    });
}

#[test]
fn scope_in_a_declare_is_its_own_components_and_arguments() {
    let text = r#"local.file "outer" {
  filename = "/x"
}
declare "reader" {
  argument "path" {}
  local.file "inner" {
    filename = $0argument.path.value
  }
}
"#;
    with_model(text, |model, offset| {
        let scope = model.scope_at(0, offset).expect("a scope");
        assert_eq!(model.modules[scope.module].kind, ModuleKind::Declare);
        assert_eq!(scope.node_ids, ["argument.path", "local.file.inner"]);
        assert_eq!(scope.declares, ["reader"]);
        let root = model.scope_at(0, 0).expect("the root scope");
        assert_eq!(root.node_ids, ["local.file.outer"]);
    });
}

#[test]
fn scope_in_a_foreach_template_sees_the_enclosing_module_and_the_variable() {
    let text = r#"local.file "shared" {
  filename = "/x"
}
foreach "each" {
  collection = [1, 2]
  var        = "item"
  template {
    local.file "per_item" {
      filename = $0local.file.shared.content
    }
  }
}
"#;
    with_model(text, |model, offset| {
        let scope = model.scope_at(0, offset).expect("a scope");
        assert_eq!(model.modules[scope.module].kind, ModuleKind::Template);
        assert_eq!(scope.vars, ["item"]);
        assert_eq!(
            scope.node_ids,
            ["local.file.per_item", "local.file.shared", "foreach.each"]
        );
        let reference = model.reference_at(0, offset).expect("a reference");
        assert!(matches!(
            reference.resolution,
            Resolution::Node { local: false, .. }
        ));
    });
}

#[test]
fn block_schema_at_a_nested_block() {
    let text = r#"prometheus.remote_write "default" {
  endpoint {
    url = "http://mimir/api/v1/push"
    queue_config {
      $0
    }
  }
}
"#;
    with_model(text, |model, offset| {
        let schema = model.block_schema_at(0, offset).expect("a block");
        assert_eq!(schema.path, ["endpoint", "queue_config"]);
        let body = schema.body.expect("the schema knows queue_config");
        assert!(body.attribute("max_shards").is_some());
        assert!(body.attribute("url").is_none());
    });
}

#[test]
fn block_schema_of_a_component_and_of_an_unknown_one() {
    with_model(
        "loki.write \"w\" {\n  $0\n}\nfoo.bar \"x\" {}\n",
        |model, offset| {
            let schema = model.block_schema_at(0, offset).expect("a block");
            assert!(schema.path.is_empty());
            assert!(schema.body.expect("known").block("endpoint").is_some());
        },
    );
    with_model("foo.bar \"x\" {\n  $0\n}\n", |model, offset| {
        let schema = model.block_schema_at(0, offset).expect("a block");
        assert!(matches!(model.nodes[schema.node].kind, NodeKind::Unknown));
        assert!(schema.body.is_none());
    });
}

#[test]
fn duplicates_are_not_in_the_graph_and_lead_to_the_first() {
    let text = "local.file \"a\" {\n  filename = \"/x\"\n}\nlocal.file \"$0a\" {\n  filename = \"/y\"\n}\n";
    with_model(text, |model, offset| {
        let node = model.node_at(0, offset).expect("node");
        assert_eq!(model.nodes[node].status, NodeStatus::DuplicateOf(0));
        let def = model.definition_at(0, offset).expect("definition");
        assert_eq!(def.node, 0);
        assert_eq!(model.modules[0].nodes, [0]);
    });
}

#[test]
fn the_dependency_graph_has_an_edge_per_local_reference() {
    with_model(PIPELINE, |model, _| {
        let m = &model.modules[0];
        let edges: Vec<(String, String)> = m
            .edges
            .iter()
            .map(|e| {
                (
                    model.nodes[m.nodes[e.from]].id.clone(),
                    model.nodes[m.nodes[e.to]].id.clone(),
                )
            })
            .collect();
        assert_eq!(
            edges,
            [
                (
                    "loki.source.file.logs".to_string(),
                    "local.file_match.logs".to_string()
                ),
                (
                    "loki.source.file.logs".to_string(),
                    "loki.write.default".to_string()
                ),
            ]
        );
    });
}

#[test]
fn unsaved_buffers_stand_in_for_files_on_disk() {
    let dir = std::env::temp_dir().join(format!("alloy-semantic-overlay-{}", std::process::id()));
    let main = dir.join("main.alloy");
    let module = dir.join("lib.alloy");
    let mut overlay = Overlay::new(&FileSystem);
    overlay.insert(
        &module,
        "declare \"tail\" {\n  argument \"path\" {}\n  export \"out\" {\n    value = 1\n  }\n}\n",
    );
    let text = format!(
        "import.file \"lib\" {{\n  filename = {:?}\n}}\nlib.tail \"x\" {{\n  path = \"/x\"\n}}\n",
        module.display().to_string()
    );
    let sources = Sources::load(
        vec![SourceFile::new(main.display().to_string(), text)],
        Some(&overlay),
    );
    assert_eq!(
        sources.files.len(),
        2,
        "the module came from the overlay, not the disk"
    );
    let model = Model::build(&sources);
    let node = model
        .nodes
        .iter()
        .find(|n| n.id == "lib.tail.x")
        .expect("node");
    assert!(matches!(
        node.kind,
        NodeKind::Custom(alloy_semantic::CustomDef::Declare(_))
    ));
    assert!(!dir.exists(), "nothing was written to disk");
}

#[test]
fn a_value_being_typed_keeps_its_block_and_its_reference() {
    let text = r#"local.file_match "logs" {
  path_targets = [{"__path__" = "/var/log/*.log"}]
}

prometheus.scrape "s" {
  targets = local.file_match.$0
  forward_to = []
}
"#;
    with_model(text, |model, offset| {
        let node = model
            .node_at(0, offset)
            .expect("the block survives the syntax error");
        assert_eq!(model.nodes[node].id, "prometheus.scrape.s");
        assert_eq!(
            model.nodes[node].block.body.len(),
            2,
            "both attributes are in the tree"
        );
        let reference = model
            .references_from(node)
            .first()
            .expect("the part that parsed is a reference");
        assert!(reference.broken);
        assert_eq!(reference.text(reference.idents.len()), "local.file_match");
        // Completion after the dot: the scope offers the components to pick from.
        let scope = model.scope_at(0, offset).expect("a scope");
        assert!(scope.node_ids.contains(&"local.file_match.logs"));
        // A broken value is no dependency.
        assert!(model.modules[0].edges.is_empty());
    });
}

/// The issue's other example: one unclosed `{` no longer empties the file. The block is closed
/// where the indentation shows, and everything after it keeps its nodes and resolved
/// references, so navigation works while the block is being written.
#[test]
fn an_unclosed_block_leaves_the_rest_of_the_file_navigable() {
    let text = r#"logging {
  level = "info"

local.file_match "logs" {
  path_targets = [{"__path__" = "/var/log/*.log"}]
}

loki.source.file "s" {
  targets    = local.file_match.$0logs.targets
  forward_to = []
}
"#;
    with_model(text, |model, offset| {
        let ids: Vec<&str> = model.nodes.iter().map(|n| n.id.as_str()).collect();
        for id in ["logging", "local.file_match.logs", "loki.source.file.s"] {
            assert!(ids.contains(&id), "{id} missing from {ids:?}");
        }
        let def = model
            .definition_at(0, offset)
            .expect("the reference resolves");
        assert_eq!(model.nodes[def.node].id, "local.file_match.logs");
        let target = model
            .nodes
            .iter()
            .position(|n| n.id == "local.file_match.logs");
        let uses: Vec<String> = model
            .references_to(target.expect("node"))
            .map(|r| r.text(r.idents.len()))
            .collect();
        assert_eq!(uses, ["local.file_match.logs.targets"]);
    });
}

#[test]
fn element_at_names_attributes_blocks_and_values() {
    use alloy_semantic::Element;
    let config = r#"prometheus.remote_write "default" {
  endpoint {
    url = "http://mimir:9009/api/v1/push"
    queue_config {
      max_sh$0ards = 50
    }
  }
}
"#;
    with_model(config, |model, offset| {
        let at = model.element_at(0, offset).expect("an element");
        assert_eq!(at.path(), ["endpoint", "queue_config"]);
        let Element::AttributeName(a) = at.element else {
            panic!("expected an attribute name, got {:?}", at.element);
        };
        assert_eq!(a.name.name, "max_shards");
        let body = model.body_schema(at.node, &at.path()).expect("a schema");
        assert!(body.attribute("max_shards").is_some());
    });
    let value = config.replace("$0", "").replace("= 50", "= 5$0 + 1");
    with_model(&value, |model, offset| {
        let at = model.element_at(0, offset).expect("an element");
        let Element::Value(a, exprs) = at.element else {
            panic!("expected a value, got {:?}", at.element);
        };
        assert_eq!(a.name.name, "max_shards");
        let texts: Vec<&str> = exprs
            .iter()
            .map(|e| &model.sources.files[0].text[e.span().range()])
            .collect();
        assert_eq!(texts, ["5 + 1", "5"]);
    });
    let name = config
        .replace("$0", "")
        .replace("queue_config {", "queue_co$0nfig {");
    with_model(&name, |model, offset| {
        let at = model.element_at(0, offset).expect("an element");
        assert!(matches!(at.element, Element::BlockName));
        assert_eq!(at.path(), ["endpoint", "queue_config"]);
    });
    let body = config
        .replace("$0", "")
        .replace("    queue_config {", "    $0\n    queue_config {");
    with_model(&body, |model, offset| {
        let at = model.element_at(0, offset).expect("an element");
        assert!(matches!(at.element, Element::Body));
        assert_eq!(at.path(), ["endpoint"]);
    });
}

#[test]
fn import_declares_lists_the_declares_of_an_imported_module() {
    let dir = std::env::temp_dir().join(format!("alloy-semantic-imports-{}", std::process::id()));
    let config = dir.join("config.alloy");
    let text = "import.file \"mods\" {\n  filename = \"mods.alloy\"\n}\nmods.tail \"x\" {}\n$0";
    let (text, offset) = cursor(text);
    let base = FileSystem;
    let mut overlay = Overlay::new(&base);
    overlay.insert(
        dir.join("mods.alloy"),
        "declare \"tail\" {}\ndeclare \"head\" {}\ndeclare {}\n",
    );
    overlay.insert(&config, text.clone());
    let sources = Sources::load(
        vec![SourceFile::new(config.display().to_string(), text)],
        Some(&overlay),
    );
    let model = Model::build(&sources);
    let scope = model.scope_at(0, offset).expect("a scope");
    assert_eq!(scope.imports, ["mods"]);
    let import = model.modules[scope.module].imports["mods"];
    let labels: Vec<&str> = model
        .import_declares(import, false)
        .expect("the module was read")
        .iter()
        .filter_map(|d| d.block.label_value())
        .collect();
    assert_eq!(labels, ["tail", "head"]);
    assert!(matches!(
        model
            .nodes
            .iter()
            .find(|n| n.id == "mods.tail.x")
            .map(|n| &n.kind),
        Some(NodeKind::Custom(alloy_semantic::CustomDef::Declare(_)))
    ));
}
