//! `plaintext-secret`: an attribute of Alloy type `secret` set to a string literal.

use super::flow::builtin_nodes;
use super::values::{expr_string, for_each_schema_attribute};
use super::Context;
use crate::Finding;
use alloy_diagnostics::declare_rule;
use alloy_schema::AlloyType;

declare_rule! {
    /// ## What it does
    /// Reports an attribute whose Alloy type is `secret` (passwords, tokens, API keys, client
    /// secrets: the schema says which) set to a string written in the config.
    ///
    /// ## Why
    /// The config is then a secret itself: it ends up in version control, in container
    /// images, in support bundles and on Alloy's UI, and rotating the secret means a config
    /// change. Alloy hides `secret` values only once they are read from a secret source.
    ///
    /// ## Example
    /// ```alloy
    /// loki.write "default" {
    ///   endpoint {
    ///     url = "https://logs.example.com/loki/api/v1/push"
    ///
    ///     basic_auth {
    ///       username = "123456"
    ///       password = "glc_eyJvIjoiMTIzNDU2In0="
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// loki.write "default" {
    ///   endpoint {
    ///     url = "https://logs.example.com/loki/api/v1/push"
    ///
    ///     basic_auth {
    ///       username = "123456"
    ///       password = sys.env("LOKI_PASSWORD")
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Fix
    /// Read the value from the environment (`sys.env("NAME")`), a file
    /// (`local.file "name" { filename = "..." is_secret = true }` and
    /// `local.file.name.content`), or a secret store (`remote.vault`,
    /// `remote.kubernetes.secret`). The `*_file` attribute beside it, where there is one
    /// (`password_file`), also works.
    pub static PLAINTEXT_SECRET = Rule {
        name: "plaintext-secret",
        category: Security,
        severity: Warning,
        alloy_rejects: false,
        fix: None,
        summary: "a secret attribute (password, token, key) written as a string literal",
    };
}

pub(crate) fn check(ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    for (node, component) in builtin_nodes(ctx.model) {
        for_each_schema_attribute(node.block, component.body(), &mut |_, body, a, schema| {
            if schema.ty != AlloyType::Secret {
                return;
            }
            let Some(value) = expr_string(&a.value) else {
                return;
            };
            if is_placeholder(&value) {
                return;
            }
            let file_alternative = format!("{}_file", a.name.name);
            let mut help = format!(
                "read it instead from the environment (sys.env(\"{}\")), from a file (local.file with is_secret = true, then local.file.NAME.content) or from a secret store (remote.vault, remote.kubernetes.secret)",
                a.name.name.to_ascii_uppercase()
            );
            if body.attribute(&file_alternative).is_some() {
                help.push_str(&format!(
                    "; or set `{file_alternative}` to the path of a file holding it"
                ));
            }
            out.push(Finding {
                file: node.file,
                diagnostic: PLAINTEXT_SECRET
                    .diagnostic(format!(
                        "`{}` of {} is a secret written in the config",
                        a.name.name, node.id
                    ))
                    .with_primary(a.value.span, "secret as a string literal")
                    .with_help(help),
            });
        });
    }
}

/// Empty values and the docs' fill-ins (`"<PASSWORD>"`, `"${PASSWORD}"`, `"REPLACE_ME"`)
/// hold no secret.
fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    v.is_empty()
        || (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with("${") && v.ends_with('}'))
        || (v.starts_with("{{") && v.ends_with("}}"))
}
