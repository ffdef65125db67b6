//! The generator's Markdown reading, type mapping and merge rules, on small inline inputs.

use alloy_schema_gen::docs::{
    allowed_in_description, clean_text, first_sentence, parse_page, slug,
};
use alloy_schema_gen::ir::{required_rule, DocsReq};
use alloy_schema_gen::types::{go_expr_to_ty, merge_ty, parse_docs_ty, Ty};

const PAGE: &str = r#"---
title: demo.component
labels:
  stage: public-preview
---

# `demo.component`

`demo.component` does demo things. It has a second sentence.

## Arguments

| Name        | Type           | Description                               | Default | Required |
|-------------|----------------|-------------------------------------------|---------|----------|
| `forward_to`| `list(MetricsReceiver)` | Where to send. Must be one of `"a"`, `"b"`. |  | yes |
| `level`     | `string`       | Log level \| verbosity.                   | `"info"`| no       |

The `old_name` argument is deprecated in favor of `level`.

## Blocks

| Block                              | Description       | Required |
|------------------------------------|-------------------|----------|
| [`endpoint`][endpoint]             | Where to go.      | no       |
| `endpoint` > [`tls`](#tls-options) | TLS settings.     | no       |

[endpoint]: #endpoint

### `endpoint`

| Name  | Type     | Description | Default | Required |
|-------|----------|-------------|---------|----------|
| `url` | `string` | The URL.    |         | yes      |

If `mode` is set, it must be one of the following:

* `"fast"`: quick.
  Continues here.
* `"slow"`: careful.

### TLS options

| Attribute | Type     | Description | Default | Required |
|-----------|----------|-------------|---------|----------|
| `ca_pem`  | `string` | CA.         |         | no       |

#### Example

```alloy
| not a table |
```

## Exported fields

| Name       | Type              | Description   |
|------------|-------------------|---------------|
| `receiver` | `MetricsReceiver` | The receiver. |
"#;

#[test]
fn parses_front_matter_intro_and_tables() {
    let page = parse_page("demo.md", PAGE);
    assert_eq!(page.title, "demo.component");
    assert_eq!(page.stage.as_deref(), Some("public-preview"));
    assert_eq!(page.description, "`demo.component` does demo things.");
    assert_eq!(page.args.len(), 2);
    assert_eq!(page.args[0].name, "forward_to");
    assert_eq!(page.args[0].ty.as_deref(), Some("list(MetricsReceiver)"));
    assert_eq!(page.args[0].required.as_deref(), Some("yes"));
    assert_eq!(page.args[1].default.as_deref(), Some("\"info\""));
    assert_eq!(page.args[1].description, "Log level | verbosity.");
    assert_eq!(page.exports.len(), 1);
    let page_level: Vec<&str> = page
        .deprecations
        .iter()
        .filter(|d| d.section.is_none())
        .map(|d| d.note.as_str())
        .collect();
    assert_eq!(
        page_level,
        ["The `old_name` argument is deprecated in favor of `level`."]
    );
}

const DEPRECATIONS: &str = r#"---
title: demo.deprecations
---

# `demo.deprecations`

Does things.

## Blocks

| Block              | Description                                     | Required |
|--------------------|-------------------------------------------------|----------|
| [`old`][old]       | Deprecated. Old things. Use `new` instead.      | no       |
| [`new`][new]       | New things.                                     | no       |

[old]: #old
[new]: #new

{{< admonition type="note" >}}
The `legacy` block is deprecated as of Alloy v1.9.0.
You can still include this block in your configuration files, but it has no effect.
{{< /admonition >}}

### `new`

| Name   | Type     | Description | Default | Required |
|--------|----------|-------------|---------|----------|
| `mode` | `string` | Mode.       |         | no       |

The "inverted" values are deprecated. Use `mode` instead.

### `old`

This block is deprecated.

## Example

The `new` block is deprecated in nothing: examples say nothing about deprecations.
"#;

#[test]
fn deprecations_in_tables_and_prose_with_their_scope() {
    let page = parse_page("demo.md", DEPRECATIONS);
    let old = page
        .block_rows
        .iter()
        .find(|r| r.path == ["old"])
        .expect("row");
    assert_eq!(
        old.deprecated.as_deref(),
        Some("Deprecated. Use `new` instead.")
    );
    assert!(page
        .block_rows
        .iter()
        .any(|r| r.path == ["new"] && r.deprecated.is_none()));
    let notes: Vec<(Option<String>, &str)> = page
        .deprecations
        .iter()
        .map(|d| {
            (
                d.section.map(|s| page.sections[s].heading.clone()),
                d.note.as_str(),
            )
        })
        .collect();
    assert_eq!(
        notes,
        [
            (
                None,
                "The `legacy` block is deprecated as of Alloy v1.9.0. You can still include this block in your configuration files, but it has no effect."
            ),
            (
                Some("`new`".to_string()),
                "The \"inverted\" values are deprecated. Use `mode` instead."
            ),
            (Some("`old`".to_string()), "This block is deprecated."),
        ]
    );
}

#[test]
fn block_rows_sections_and_anchors() {
    let page = parse_page("demo.md", PAGE);
    let paths: Vec<Vec<String>> = page.block_rows.iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        vec![
            vec!["endpoint".to_string()],
            vec!["endpoint".into(), "tls".into()]
        ]
    );
    assert_eq!(page.block_rows[0].anchor.as_deref(), Some("endpoint"));
    assert_eq!(page.block_rows[1].anchor.as_deref(), Some("tls-options"));
    // `### TLS options` has no backticks but a row links to it, so it is a section.
    let tls = page
        .sections
        .iter()
        .find(|s| s.anchor == "tls-options")
        .unwrap();
    assert_eq!(tls.rows[0].name, "ca_pem");
    let endpoint = page
        .sections
        .iter()
        .find(|s| s.anchor == "endpoint")
        .unwrap();
    assert_eq!(endpoint.keys, vec![vec!["endpoint".to_string()]]);
    assert_eq!(endpoint.rows.len(), 1);
    assert_eq!(endpoint.allowed["mode"], vec!["\"fast\"", "\"slow\""]);
}

#[test]
fn text_helpers() {
    assert_eq!(
        slug("`akamai` > `resource_attributes`"),
        "akamai--resource_attributes"
    );
    assert_eq!(
        clean_text("See [`x`][ref] and [docs](https://a.b) {{< param \"PRODUCT_NAME\" >}}"),
        "See `x` and docs Alloy"
    );
    assert_eq!(
        first_sentence("Use e.g. this. Then that."),
        "Use e.g. this."
    );
    assert_eq!(
        first_sentence("Set `a.b` first. Later."),
        "Set `a.b` first."
    );
    assert_eq!(
        allowed_in_description("Must be one of `\"x\"` or `\"y\"`."),
        vec!["\"x\"", "\"y\""]
    );
    assert!(allowed_in_description("Set `\"x\"` here.").is_empty());
}

#[test]
fn type_mapping_and_merging() {
    assert_eq!(
        go_expr_to_ty("[]map[string]string"),
        Ty::List(Box::new(Ty::Map(Box::new(Ty::String))))
    );
    assert_eq!(go_expr_to_ty("*alloytypes.Secret"), Ty::Secret);
    assert_eq!(
        go_expr_to_ty("[]storage.Appendable"),
        Ty::List(Box::new(Ty::Capsule("storage.Appendable".into())))
    );
    assert_eq!(
        go_expr_to_ty("[]discovery.Target"),
        Ty::List(Box::new(Ty::Map(Box::new(Ty::String))))
    );
    assert_eq!(go_expr_to_ty("external:time.Duration"), Ty::Duration);
    assert_eq!(go_expr_to_ty("SomeStruct"), Ty::Any);
    assert_eq!(
        parse_docs_ty("list(map(string))"),
        Some(Ty::List(Box::new(Ty::Map(Box::new(Ty::String)))))
    );
    assert_eq!(parse_docs_ty("string or secret"), Some(Ty::OptionalSecret));
    assert_eq!(
        parse_docs_ty("capsule(otelcol.Handler)"),
        Some(Ty::Capsule("otelcol.Handler".into()))
    );
    assert_eq!(
        parse_docs_ty("list(MetricsReceiver)"),
        Some(Ty::List(Box::new(Ty::Capsule("storage.Appendable".into()))))
    );
    assert_eq!(parse_docs_ty("hostname"), None);
    // The docs refine what the code leaves open...
    let m = merge_ty(&Ty::Any, Some(&Ty::Map(Box::new(Ty::String))));
    assert_eq!((m.ty, m.mismatch), (Ty::Map(Box::new(Ty::String)), false));
    // ...but never override the code's shape.
    let m = merge_ty(&Ty::Duration, Some(&Ty::String));
    assert_eq!((m.ty, m.mismatch), (Ty::Duration, true));
    let m = merge_ty(&Ty::OptionalSecret, Some(&Ty::String));
    assert!(!m.mismatch);
}

#[test]
fn required_rule_needs_code_and_docs_agreement() {
    assert!(required_rule(false, DocsReq::Yes, false));
    assert!(required_rule(false, DocsReq::Undocumented, false));
    assert!(required_rule(false, DocsReq::Conditional, false));
    assert!(!required_rule(false, DocsReq::No, false));
    assert!(!required_rule(false, DocsReq::Yes, true));
    assert!(!required_rule(true, DocsReq::Yes, false));
    assert_eq!(DocsReq::parse(Some("**yes**")), DocsReq::Yes);
    assert_eq!(DocsReq::parse(Some("conditionally")), DocsReq::Conditional);
    assert_eq!(DocsReq::parse(None), DocsReq::Conditional);
}
