use crate::*;

#[test]
fn looks_up_components_and_config_blocks() {
    let rw = component("prometheus.remote_write").expect("remote_write");
    assert_eq!(rw.name, "prometheus.remote_write");
    assert_eq!(rw.stability, Stability::GenerallyAvailable);
    assert!(!rw.description.is_empty());
    assert!(component("prometheus.remote_writ").is_none());
    assert!(config_block("logging").is_some());
    assert!(config_block("prometheus.remote_write").is_none());
    assert!(matches!(
        top_level("import.git"),
        Some(TopLevel::ConfigBlock(_))
    ));
    assert!(matches!(
        top_level("loki.process"),
        Some(TopLevel::Component(_))
    ));
}

#[test]
fn tables_are_sorted_for_binary_search() {
    assert!(components().windows(2).all(|w| w[0].name < w[1].name));
    assert!(config_blocks().windows(2).all(|w| w[0].name < w[1].name));
    assert!(functions().windows(2).all(|w| w[0].name < w[1].name));
    for c in components() {
        let body = c.body();
        assert!(
            body.attributes().windows(2).all(|w| w[0].name < w[1].name),
            "{}",
            c.name
        );
        assert!(
            body.blocks().windows(2).all(|w| w[0].name < w[1].name),
            "{}",
            c.name
        );
    }
}

#[test]
fn nested_blocks_attributes_and_types() {
    let rw = component("prometheus.remote_write").unwrap();
    let endpoint = rw.body().block("endpoint").unwrap();
    assert!(endpoint.repeated);
    assert!(!endpoint.required);
    let url = endpoint.body().attribute("url").unwrap();
    assert_eq!(url.ty, AlloyType::String);
    assert!(url.required);
    let timeout = endpoint.body().attribute("remote_timeout").unwrap();
    assert_eq!(timeout.ty, AlloyType::Duration);
    assert_eq!(timeout.default, Some("\"30s\""));
    assert!(!timeout.required);
    let headers = endpoint.body().attribute("http_headers").unwrap();
    assert_eq!(
        headers.ty,
        AlloyType::Map(&AlloyType::List(&AlloyType::Secret))
    );
    assert_eq!(headers.ty.to_string(), "map(list(secret))");
    let max_shards = rw
        .body()
        .block_at(&["endpoint", "queue_config"])
        .and_then(|q| q.body().attribute("max_shards"))
        .unwrap();
    assert_eq!(max_shards.ty, AlloyType::Number);
    assert_eq!(max_shards.default, Some("50"));
    let receiver = rw.export("receiver").unwrap();
    assert_eq!(receiver.ty, AlloyType::Capsule("storage.Appendable"));
}

#[test]
fn capsule_types_connect_exports_to_arguments() {
    let forward_to = component("prometheus.scrape")
        .unwrap()
        .body()
        .attribute("forward_to")
        .unwrap();
    let receiver = component("prometheus.remote_write")
        .unwrap()
        .export("receiver")
        .unwrap();
    assert_eq!(forward_to.ty, AlloyType::List(&receiver.ty));
    let targets = component("discovery.kubernetes")
        .unwrap()
        .export("targets")
        .unwrap();
    assert_eq!(
        targets.ty,
        AlloyType::List(&AlloyType::Map(&AlloyType::String))
    );
    let input = component("otelcol.exporter.otlp")
        .unwrap()
        .export("input")
        .unwrap();
    assert_eq!(input.ty, AlloyType::Capsule("otelcol.Consumer"));
}

#[test]
fn paths_with_attribute_finds_other_locations() {
    let rw = component("prometheus.remote_write").unwrap();
    assert_eq!(
        rw.body().paths_with_attribute("max_shards"),
        vec![vec!["endpoint", "queue_config"]]
    );
    assert!(rw
        .body()
        .paths_with_attribute("no_such_attribute")
        .is_empty());
    // tls_config appears under endpoint and endpoint > oauth2.
    let paths = rw.body().paths_with_attribute("insecure_skip_verify");
    assert!(paths.contains(&vec!["endpoint", "tls_config"]), "{paths:?}");
    assert!(
        paths.contains(&vec!["endpoint", "oauth2", "tls_config"]),
        "{paths:?}"
    );
    assert!(paths.windows(2).all(|w| w[0].len() <= w[1].len()));
}

#[test]
fn enum_alternatives_and_recursion() {
    let process = component("loki.process").unwrap();
    let groups = process.body().alternatives();
    let (group, stages) = groups.iter().find(|(g, _)| *g == "stage").unwrap();
    assert_eq!(*group, "stage");
    assert!(stages.len() >= 30);
    let json = process.body().block("stage.json").unwrap();
    assert_eq!(json.alternative_of, Some("stage"));
    assert!(json.repeated);
    assert!(json.body().attribute("expressions").is_some());
    // stage.match nests stages, and its nested stage.match is the same schema.
    let matcher = process.body().block("stage.match").unwrap();
    let inner = matcher.body().block("stage.match").unwrap();
    assert_eq!(
        inner.body().block("stage.json").map(|b| b.name),
        Some("stage.json")
    );
    assert!(std::ptr::eq(
        inner.body(),
        inner.body().block("stage.match").unwrap().body()
    ));
    // Recursive schemas end: each body is visited once per path.
    assert!(!process.body().paths_with_attribute("selector").is_empty());
}

#[test]
fn labels_and_free_form_bodies() {
    assert!(
        component("prometheus.exporter.snmp")
            .unwrap()
            .body()
            .block("target")
            .unwrap()
            .body()
            .labelled
    );
    assert!(config_block("declare").unwrap().body().labelled);
    assert!(config_block("declare").unwrap().body().free_form);
    assert!(config_block("argument").unwrap().body().labelled);
    assert!(!config_block("logging").unwrap().body().labelled);
    let foreach = config_block("foreach").unwrap().body();
    let template = foreach.block("template").unwrap();
    assert!(template.required);
    assert!(template.body().free_form);
}

#[test]
fn required_follows_the_documented_rule() {
    for c in components() {
        check_required(c.body(), &mut Vec::new());
    }
    fn check_required(body: &'static Body, seen: &mut Vec<*const Body>) {
        if seen.contains(&(body as *const Body)) {
            return;
        }
        seen.push(body);
        for a in body.attributes() {
            let expect =
                !a.code_optional && a.docs_required != DocsRequired::No && a.default.is_none();
            assert_eq!(a.required, expect, "{}", a.name);
        }
        for b in body.blocks() {
            assert_eq!(
                b.required,
                !b.code_optional && b.docs_required != DocsRequired::No
            );
            check_required(b.body(), seen);
        }
    }
    // `enabled` of resourcedetection attributes has no `optional` tag, but the docs give a default.
    let rd = component("otelcol.processor.resourcedetection").unwrap();
    let enabled = rd
        .body()
        .block_at(&["ec2", "resource_attributes", "host.id"])
        .and_then(|b| b.body().attribute("enabled"))
        .unwrap();
    assert!(!enabled.code_optional);
    assert!(!enabled.required);
}

#[test]
fn stability_and_community() {
    assert!(components().iter().any(|c| c.community));
    assert!(components()
        .iter()
        .any(|c| c.stability == Stability::Experimental));
    assert!(components()
        .iter()
        .any(|c| c.stability == Stability::PublicPreview));
    assert!(components()
        .iter()
        .filter(|c| c.community)
        .all(|c| c.stability == Stability::Unset));
}

#[test]
fn stdlib_functions_and_deprecated_names() {
    let format = function("string.format").unwrap();
    assert_eq!(format.params, &["spec", "values..."]);
    assert!(format.is_variadic());
    assert_eq!(format.arity(), Some((1, None)));
    let env = function("env").unwrap();
    assert_eq!(env.replaced_by, Some("sys.env"));
    assert_eq!(function("sys.env").unwrap().arity(), Some((1, Some(1))));
    assert_eq!(
        function("json_decode").unwrap().replaced_by,
        Some("encoding.from_json")
    );
    assert_eq!(
        function("concat").unwrap().replaced_by,
        Some("array.concat")
    );
    for name in [
        "trim",
        "trim_prefix",
        "trim_suffix",
        "trim_space",
        "join",
        "format",
        "nonsensitive",
    ] {
        let f = function(name).unwrap_or_else(|| panic!("{name}"));
        assert!(f.replaced_by.is_some(), "{name}");
        assert!(function(f.replaced_by.unwrap()).is_some());
    }
    assert_eq!(
        function("constants.os").unwrap().kind,
        FunctionKind::Constant
    );
    assert!(function("array.combine_maps").unwrap().experimental);
    assert!(!function("string.join").unwrap().experimental);
    assert!(function("coalesce").is_some());
    assert!(function("no_such_function").is_none());
    for f in functions() {
        assert!(!f.description.is_empty(), "{}", f.name);
    }
}

#[test]
fn json_rendering() {
    let text = to_json(Some("prometheus.remote_write")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["name"], "prometheus.remote_write");
    assert_eq!(v["stability"], "generally-available");
    let endpoint = v["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == "endpoint")
        .unwrap();
    assert_eq!(endpoint["repeated"], true);
    let url = endpoint["arguments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "url")
        .unwrap();
    assert_eq!(url["type"]["kind"], "string");
    assert_eq!(url["type_name"], "string");
    assert_eq!(url["required"], true);
    assert_eq!(v["exports"][0]["name"], "receiver");
    // Recursive schemas are cut with a marker instead of looping.
    let process: serde_json::Value =
        serde_json::from_str(&to_json(Some("loki.process")).unwrap()).unwrap();
    let matcher = process["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == "stage.match")
        .unwrap();
    let inner = matcher["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == "stage.match")
        .unwrap();
    assert_eq!(inner["recursive"], true);
    let all: serde_json::Value = serde_json::from_str(&to_json(None).unwrap()).unwrap();
    assert_eq!(
        all["components"].as_array().unwrap().len(),
        components().len()
    );
    assert_eq!(
        all["config_blocks"].as_array().unwrap().len(),
        config_blocks().len()
    );
    assert_eq!(
        all["functions"].as_array().unwrap().len(),
        functions().len()
    );
    let logging: serde_json::Value =
        serde_json::from_str(&to_json(Some("logging")).unwrap()).unwrap();
    assert_eq!(logging["kind"], "config_block");
}

#[test]
fn markdown_rendering() {
    let md = to_markdown(Some("prometheus.remote_write")).unwrap();
    assert!(md.starts_with("# `prometheus.remote_write`\n"));
    assert!(md.contains("## Arguments"));
    assert!(md.contains("### `endpoint > queue_config` (optional)"));
    assert!(md.contains("| `max_shards` | `number` | `50` | no |"));
    assert!(md.contains("## Exports"));
    let index = to_markdown(None).unwrap();
    assert!(index.contains("| `loki.process` |"));
    assert!(index.contains("| `env` | `sys.env` |"));
    let declare = to_markdown(Some("declare")).unwrap();
    assert!(declare.contains("arbitrary Alloy configuration"));
    // Table cells never break on a `|` in a description.
    for c in components().iter().take(40) {
        for line in component_to_markdown(c)
            .lines()
            .filter(|l| l.starts_with("| `"))
        {
            let unescaped = line.replace("\\|", "");
            assert!(unescaped.matches('|').count() >= 4, "{line}");
        }
    }
}

#[test]
fn unknown_names_get_suggestions() {
    let err = to_json(Some("prometheus.remote_wrte")).unwrap_err();
    assert_eq!(err.suggestions.first(), Some(&"prometheus.remote_write"));
    assert!(err
        .to_string()
        .contains("did you mean `prometheus.remote_write`"));
    assert!(to_markdown(Some("")).is_err());
}

#[test]
fn counts_match_tables() {
    let n = counts();
    assert_eq!(n.components, 184);
    assert_eq!(n.config_blocks, 14);
    assert!(n.attributes > 3000);
    assert!(n.bodies < n.blocks + n.components + n.config_blocks);
    assert!(n.functions > 40);
}

#[test]
fn descriptions_for_hover() {
    for c in components() {
        assert!(!c.description.is_empty(), "{}", c.name);
    }
    for c in config_blocks() {
        assert!(!c.description.is_empty(), "{}", c.name);
    }
    // A block documented on another component's page ("refer to prometheus.exporter.mysql").
    let exporter = component("database_observability.mysql")
        .unwrap()
        .body()
        .block("prometheus_exporter")
        .unwrap();
    assert!(
        exporter
            .body()
            .attributes()
            .iter()
            .filter(|a| !a.description.is_empty())
            .count()
            > 5
    );
    // A block whose section says it "shares the same configuration structure as" another.
    let logs = component("otelcol.connector.count")
        .unwrap()
        .body()
        .block("logs")
        .unwrap();
    assert!(!logs
        .body()
        .attribute("name")
        .unwrap()
        .description
        .is_empty());
}

/// Deprecations come from the docs' tables and from their prose, for attributes and blocks.
#[test]
fn deprecated_blocks_and_attributes_from_tables_and_prose() {
    let block = |c: &str, path: &[&str]| {
        component(c)
            .unwrap()
            .body()
            .block_at(path)
            .unwrap_or_else(|| panic!("{c} {path:?}"))
    };
    let attr = |c: &str, path: &[&str], name: &str| {
        let body = match path {
            [] => component(c).unwrap().body(),
            _ => block(c, path).body(),
        };
        body.attribute(name).unwrap_or_else(|| panic!("{c} {name}"))
    };
    // A block's own section: "Deprecated in favor of the `stage.windowsevent` block."
    let stage = block("loki.process", &["stage.eventlogmessage"]);
    assert!(stage.deprecated.unwrap().contains("stage.windowsevent"));
    // The Blocks section's prose: "The `msmq` block is deprecated ...".
    assert!(block("prometheus.exporter.windows", &["msmq"])
        .deprecated
        .is_some());
    // A block table row, with the advice that follows it.
    let logs = block("otelcol.processor.filter", &["logs"])
        .deprecated
        .unwrap();
    assert!(logs.contains("log_conditions"), "{logs}");
    // A section naming attributes: `service` collector's `use_api`.
    assert!(attr("prometheus.exporter.windows", &["service"], "use_api")
        .deprecated
        .is_some());
    // The intro naming arguments that only nested blocks have.
    assert!(attr(
        "prometheus.exporter.windows",
        &["logical_disk"],
        "blacklist"
    )
    .deprecated
    .is_some());
    // And what is not deprecated stays so: "The "inverted" decisions are deprecated" in the
    // `policy` section is about values, not the block.
    assert!(block("otelcol.processor.tail_sampling", &["policy"])
        .deprecated
        .is_none());
    assert!(block("loki.process", &["stage.windowsevent"])
        .deprecated
        .is_none());
    assert!(attr("prometheus.exporter.windows", &["service"], "include")
        .deprecated
        .is_none());
    assert!(
        attr("prometheus.scrape", &[], "enable_protobuf_negotiation")
            .deprecated
            .is_some()
    );
}

#[test]
fn removed_components_and_their_replacements() {
    assert!(removed_components()
        .windows(2)
        .all(|w| w[0].name < w[1].name));
    // From the docs page kept for it; the docs misspell the replacement.
    let opencensus = removed_component("otelcol.receiver.opencensus").unwrap();
    assert!(opencensus
        .source
        .ends_with("otelcol.receiver.opencensus.md"));
    assert_eq!(opencensus.replacement, "otelcol.reciever.otlp");
    assert_eq!(opencensus.replacement_name(), Some("otelcol.receiver.otlp"));
    let module = removed_component("module.git").unwrap();
    assert_eq!(module.replacement_name(), Some("import.git"));
    assert!(
        removed_component("otelcol.exporter.logging")
            .unwrap()
            .same_arguments
    );
    for r in removed_components() {
        assert!(top_level(r.name).is_none(), "{} exists", r.name);
        assert!(r.replacement_name().is_some(), "{}", r.name);
    }
    assert!(removed_component("loki.write").is_none());
}
