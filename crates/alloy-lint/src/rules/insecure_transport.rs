//! `insecure-transport`: credentials sent over plain HTTP, and TLS verification turned off.

use super::flow::builtin_nodes;
use super::values::{attribute, blocks, const_bool, const_string, object_fields};
use super::Context;
use crate::Finding;
use alloy_diagnostics::declare_rule;
use alloy_syntax::ast::Block;

declare_rule! {
    /// ## What it does
    /// Reports credentials (`basic_auth`, `authorization`, `oauth2`, `bearer_token`, an
    /// otelcol `auth` extension, a user and password in the URL, or a header named like
    /// `Authorization` / `X-Api-Key` / `...-Token`) sent to a plain `http://` URL that is not
    /// loopback, credentials sent over gRPC with `tls { insecure = true }`, and
    /// credentials sent with `insecure_skip_verify = true` (without credentials, skipping
    /// verification exposes no secret and is not reported: scraping kubelets with
    /// self-signed certificates is common).
    ///
    /// ## Why
    /// Over plain HTTP the password or token crosses the network readable by anyone on the
    /// path; without certificate verification, anyone who can intercept the connection can
    /// pose as the server and collect them.
    ///
    /// ## Example
    /// ```alloy
    /// prometheus.remote_write "default" {
    ///   endpoint {
    ///     url = "http://mimir.example.com/api/v1/push"
    ///
    ///     basic_auth {
    ///       username = "tenant"
    ///       password = sys.env("MIMIR_PASSWORD")
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// prometheus.remote_write "default" {
    ///   endpoint {
    ///     url = "https://mimir.example.com/api/v1/push"
    ///
    ///     basic_auth {
    ///       username = "tenant"
    ///       password = sys.env("MIMIR_PASSWORD")
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Fix
    /// Use `https://` (and the server's CA in `tls_config { ca_file = ... }` for a private
    /// CA) instead of skipping verification. Loopback addresses (`localhost`, `127.0.0.1`,
    /// `[::1]`) are not reported.
    pub static INSECURE_TRANSPORT = Rule {
        name: "insecure-transport",
        category: Security,
        severity: Warning,
        alloy_rejects: false,
        fix: None,
        summary: "credentials sent over plain http, or TLS certificate verification turned off",
    };
}

pub(crate) fn check(ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    for (node, _) in builtin_nodes(ctx.model) {
        visit(node.block, &node.id, &mut |d| {
            out.push(Finding {
                file: node.file,
                diagnostic: d,
            })
        });
    }
}

fn visit(block: &Block, id: &str, report: &mut dyn FnMut(alloy_diagnostics::Diagnostic)) {
    // Verification turned off where credentials are sent: whoever intercepts the
    // connection gets them.
    if let Some(credential) = credential(block) {
        for (name, tls) in blocks(block) {
            if !matches!(name.as_str(), "tls_config" | "tls") {
                continue;
            }
            if let (Some(true), Some(a)) = (
                const_bool(tls, "insecure_skip_verify"),
                attribute(tls, "insecure_skip_verify"),
            ) {
                report(
                    INSECURE_TRANSPORT
                        .diagnostic(format!(
                            "{id} sends {credential} without verifying the server's TLS certificate"
                        ))
                        .with_primary(a.span(), "certificate verification turned off")
                        .with_help("anyone who can intercept the connection can pose as the server and take the credentials: give the server's CA in ca_file / ca_pem instead"),
                );
            }
        }
    }
    if let Some(credential) = credential(block) {
        for name in ["url", "endpoint"] {
            let (Some(a), Some(url)) = (attribute(block, name), const_string(block, name)) else {
                continue;
            };
            if let Some(host) = plain_http_host(&url).filter(|h| !is_loopback(h)) {
                report(
                    INSECURE_TRANSPORT
                        .diagnostic(format!("{id} sends {credential} to {host} over plain http"))
                        .with_primary(a.value.span(), "not encrypted")
                        .with_help(
                            "anyone on the network path can read the credentials: use https://",
                        ),
                );
            }
        }
        let grpc_insecure =
            blocks(block).any(|(n, tls)| n == "tls" && const_bool(tls, "insecure") == Some(true));
        if grpc_insecure && attribute(block, "auth").is_some() {
            if let Some(a) = attribute(block, "endpoint") {
                report(
                    INSECURE_TRANSPORT
                        .diagnostic(format!("{id} sends {credential} without TLS (tls {{ insecure = true }})"))
                        .with_primary(a.value.span(), "not encrypted")
                        .with_help("anyone on the network path can read the credentials: remove insecure = true and use TLS"),
                );
            }
        }
    }
    for (_, nested) in blocks(block) {
        visit(nested, id, report);
    }
}

/// The credentials `block` sends, in words, if it sends any.
fn credential(block: &Block) -> Option<&'static str> {
    for (name, _) in blocks(block) {
        match name.as_str() {
            "basic_auth" => return Some("basic-auth credentials"),
            "authorization" => return Some("an authorization header"),
            "oauth2" => return Some("OAuth2 client credentials"),
            _ => {}
        }
    }
    for name in ["bearer_token", "bearer_token_file"] {
        if attribute(block, name).is_some() {
            return Some("a bearer token");
        }
    }
    if attribute(block, "auth").is_some() {
        return Some("the credentials of its auth extension");
    }
    if let Some(url) = const_string(block, "url").or_else(|| const_string(block, "endpoint")) {
        if url
            .strip_prefix("http://")
            .and_then(|rest| rest.split('/').next())
            .is_some_and(|authority| authority.contains('@'))
        {
            return Some("the user and password in its URL");
        }
    }
    let headers = attribute(block, "headers").and_then(|a| object_fields(&a.value))?;
    headers
        .iter()
        .any(|f| is_auth_header(&f.key))
        .then_some("an authentication header")
}

fn is_auth_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        "auth", "token", "api-key", "apikey", "api_key", "secret", "password",
    ]
    .iter()
    .any(|w| n.contains(w))
}

/// The host of a `http://` URL.
fn plain_http_host(url: &str) -> Option<String> {
    let rest = url.trim().strip_prefix("http://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next()?.to_string()
    } else {
        host_port.split(':').next()?.to_string()
    };
    (!host.is_empty()).then_some(host)
}

fn is_loopback(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    h == "localhost"
        || h.ends_with(".localhost")
        || h == "::1"
        || h.parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_plain_http_urls() {
        assert_eq!(
            plain_http_host("http://u:p@mimir:9009/api").as_deref(),
            Some("mimir")
        );
        assert_eq!(plain_http_host("http://[::1]:80/").as_deref(), Some("::1"));
        assert_eq!(plain_http_host("https://mimir/"), None);
        assert!(is_loopback("127.0.0.2") && is_loopback("localhost") && is_loopback("::1"));
        assert!(!is_loopback("10.0.0.1"));
        assert!(!is_auth_header("X-Scope-OrgID") && is_auth_header("Authorization"));
    }
}
