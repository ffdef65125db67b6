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
            if is_fill_in(&value) || (is_connection_string(&a.name.name) && !has_password(&value)) {
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
                    .with_primary(a.value.span(), "secret as a string literal")
                    .with_help(help),
            });
        });
    }
}

/// Empty values and fill-ins (`"<PASSWORD>"`, `"${PASSWORD}"`, `"[your_password]"`,
/// `"%PASSWORD%"`, `"YOUR_API_KEY"`, `"SPLUNK_TOKEN"`, `"xxx"`, `"..."`) hold no secret.
fn is_fill_in(value: &str) -> bool {
    let v = value.trim();
    let wrapped = |open: &str, close: &str| v.starts_with(open) && v.ends_with(close);
    v.is_empty()
        || wrapped("<", ">")
        || wrapped("${", "}")
        || wrapped("{{", "}}")
        || wrapped("[", "]")
        || (wrapped("%", "%") && v.len() > 2)
        || ((v.starts_with('<') || v.starts_with('>')) && v.ends_with('>'))
        || v.to_ascii_lowercase().starts_with("your")
        // An environment variable's name written where its value belongs (`SPLUNK_TOKEN`).
        || (v.contains('_') && v.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'))
        || v.trim_end_matches('=')
            .chars()
            .all(|c| c == 'x' || c == 'X' || c == '.' || c == '*')
}

/// Secret attributes that hold a connection string (`data_source_name`, `connection_string`,
/// `mongodb_uri`, ...): secret only when they carry a password.
fn is_connection_string(name: &str) -> bool {
    [
        "uri",
        "url",
        "dsn",
        "data_source",
        "connection_string",
        "names",
    ]
    .iter()
    .any(|w| name.contains(w))
}

/// A password in a connection string: `scheme://user:pass@host`, `user:pass@tcp(host)` or
/// `password=...`.
fn has_password(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    if lower.contains("password=") || lower.contains("pwd=") {
        return true;
    }
    value.split(['/', ' ', ',']).any(|part| {
        part.split_once('@').is_some_and(|(userinfo, _)| {
            userinfo
                .split_once(':')
                .is_some_and(|(_, pass)| !pass.is_empty())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_ins_and_connection_strings() {
        for v in [
            "",
            "<PASSWORD>",
            "${PASS}",
            "[your_password]",
            "%PASS%",
            "YOUR_API_KEY",
            "xxx==",
            "...",
        ] {
            assert!(is_fill_in(v), "{v}");
        }
        assert!(!is_fill_in("hunter2") && !is_fill_in("example-password"));
        assert!(
            has_password("postgresql://u:p@db:5432/x")
                && has_password("root:pw@tcp(mysql:3306)/db")
        );
        assert!(has_password("Server=x;Password=y"));
        assert!(!has_password("mongodb://mongo:27017/") && !has_password("postgresql://u@db/x"));
    }
}
