//! Inline suppressions: `// alloylint: ignore[rule-a, rule-b] why` on the line of a finding or
//! alone on the line above it. A suppression needs a reason, must name rules that exist and
//! may be suppressed (not those Alloy rejects), and must suppress something; otherwise it is
//! reported itself.

use crate::{registry, Finding};
use alloy_diagnostics::{declare_rule, Rule, Span};
use alloy_semantic::Sources;

declare_rule! {
    /// ## What it does
    /// Reports an `// alloylint: ignore[...]` comment that suppresses nothing: no finding of
    /// the rules it names is on its line or, for a comment alone on its line, on the next.
    ///
    /// ## Why
    /// Stale suppressions hide the next real finding that lands on that line, and they
    /// mislead readers about what is wrong with the config.
    ///
    /// ## Example
    /// ```alloy
    /// // alloylint: ignore[plaintext-secret] the password is rotated daily by the deploy job
    /// local.file "token" {
    ///   filename = "/etc/alloy/token"
    /// }
    ///
    /// prometheus.remote_write "default" {
    ///   endpoint {
    ///     url          = "https://mimir.example.com/api/v1/push"
    ///     bearer_token = local.file.token.content
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```alloy
    /// local.file "token" {
    ///   filename = "/etc/alloy/token"
    /// }
    ///
    /// prometheus.remote_write "default" {
    ///   endpoint {
    ///     url          = "https://mimir.example.com/api/v1/push"
    ///     bearer_token = local.file.token.content
    ///   }
    /// }
    /// ```
    ///
    /// ## Fix
    /// Remove the comment, or move it to the line of the finding.
    pub static UNUSED_SUPPRESSION = Rule {
        name: "unused-suppression",
        category: Style,
        severity: Warning,
        alloy_rejects: false,
        fix: None,
        summary: "an alloylint: ignore comment that suppresses nothing",
    };

    /// ## What it does
    /// Reports an `// alloylint: ignore[...]` comment without a reason after the brackets, one
    /// that names no rule or an unknown one, or one naming a rule that cannot be suppressed
    /// because Alloy itself refuses the config.
    ///
    /// ## Why
    /// The reason is what lets the next reader decide whether the suppression still holds.
    /// Suppressing an error Alloy rejects would only hide why Alloy fails to start.
    ///
    /// ## Example
    /// ```alloy
    /// prometheus.remote_write "default" {
    ///   endpoint {
    ///     url = "https://mimir.example.com/api/v1/push"
    ///
    ///     basic_auth {
    ///       username = "tenant"
    ///       password = "hunter2" // alloylint: ignore[plaintext-secret]
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
    ///       password = "hunter2" // alloylint: ignore[plaintext-secret] test fixture, not a real account
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Fix
    /// Write why after the brackets: `// alloylint: ignore[rule-name] why this is fine`.
    pub static INVALID_SUPPRESSION = Rule {
        name: "invalid-suppression",
        category: Style,
        severity: Warning,
        alloy_rejects: false,
        fix: None,
        summary: "an alloylint: ignore comment without a reason, or naming a rule it cannot suppress",
    };
}

/// The rules of this module.
pub static RULES: &[&Rule] = &[&UNUSED_SUPPRESSION, &INVALID_SUPPRESSION];

const MARKER: &str = "alloylint:";

struct Suppression {
    file: usize,
    span: Span,
    /// The lines (0-based) it covers.
    lines: [usize; 2],
    rules: Vec<(String, Span)>,
    used: Vec<bool>,
}

/// Removes the findings suppressed by comments and adds the findings about the comments.
pub(crate) fn apply(
    sources: &Sources,
    settings: &crate::RuleSettings,
    findings: &mut Vec<Finding>,
) {
    let mut suppressions = Vec::new();
    let mut problems = Vec::new();
    for (file, ast) in sources.asts.iter().enumerate() {
        let source = &sources.files[file];
        let index = source.line_index();
        for comment in ast.comments.iter().filter(|c| !c.is_block()) {
            let body = comment.text.trim_start_matches('/').trim_start();
            let Some(rest) = body.strip_prefix(MARKER) else {
                continue;
            };
            let rest_offset = comment.span().start as usize + (comment.text.len() - rest.len());
            let trimmed = rest.trim_start();
            let at = rest_offset + (rest.len() - trimmed.len());
            let Some(list) = trimmed.strip_prefix("ignore[") else {
                problems.push(invalid(
                    file,
                    comment.span(),
                    "expected `// alloylint: ignore[rule-name] reason`".to_string(),
                ));
                continue;
            };
            let Some(close) = list.find(']') else {
                problems.push(invalid(
                    file,
                    comment.span(),
                    "the rule list has no closing `]`".to_string(),
                ));
                continue;
            };
            let list_start = at + "ignore[".len();
            let mut rules = Vec::new();
            let mut offset = list_start;
            for part in list[..close].split(',') {
                let name = part.trim();
                let start = offset + (part.len() - part.trim_start().len());
                offset += part.len() + 1;
                if name.is_empty() {
                    continue;
                }
                let span = Span::new(start as u32, (start + name.len()) as u32);
                match registry::get(name) {
                    None => {
                        let guess = crate::closest(name, registry::all().iter().map(|r| r.name));
                        let mut message = format!("no rule is named `{name}`");
                        if let Some(g) = guess {
                            message.push_str(&format!("; did you mean `{g}`?"));
                        }
                        problems.push(invalid(file, span, message));
                    }
                    Some(rule) if !rule.can_be_suppressed() => problems.push(invalid(
                        file,
                        span,
                        format!("`{name}` cannot be suppressed: Alloy itself refuses to load such a config"),
                    )),
                    Some(_) => rules.push((name.to_string(), span)),
                }
            }
            if list[..close].trim().is_empty() {
                problems.push(invalid(
                    file,
                    comment.span(),
                    "the comment names no rule".to_string(),
                ));
            }
            if list[close + 1..].trim().is_empty() {
                problems.push(invalid(
                    file,
                    comment.span(),
                    "the suppression gives no reason: write why after the brackets".to_string(),
                ));
            }
            let line = index.line_of(comment.span().start);
            let line_start = index.line_range(&source.text, line).start;
            let alone = source.text[line_start..comment.span().start as usize]
                .trim()
                .is_empty();
            let lines = if alone {
                [line, line + 1]
            } else {
                [line, line]
            };
            let used = vec![false; rules.len()];
            suppressions.push(Suppression {
                file,
                span: comment.span(),
                lines,
                rules,
                used,
            });
        }
    }
    if suppressions.is_empty() && problems.is_empty() {
        return;
    }
    findings.retain(|f| {
        let Some(span) = f.diagnostic.primary_span() else {
            return true;
        };
        let line = sources.files[f.file].line_index().line_of(span.start);
        let mut keep = true;
        for s in suppressions
            .iter_mut()
            .filter(|s| s.file == f.file && s.lines.contains(&line))
        {
            for (i, (name, _)) in s.rules.iter().enumerate() {
                if *name == f.diagnostic.code {
                    s.used[i] = true;
                    keep = false;
                }
            }
        }
        keep
    });
    for s in &suppressions {
        for (i, (name, span)) in s.rules.iter().enumerate() {
            let enabled = registry::get(name).is_some_and(|r| settings.enabled(r));
            if !s.used[i] && enabled {
                let d = UNUSED_SUPPRESSION
                    .diagnostic(format!(
                        "nothing here is reported as `{name}`: this suppression is unused"
                    ))
                    .with_primary(*span, "suppresses nothing")
                    .with_secondary(s.span, "remove it, or move it to the line of the finding");
                problems.push(Finding {
                    file: s.file,
                    diagnostic: d,
                });
            }
        }
    }
    findings.extend(problems);
}

fn invalid(file: usize, span: Span, message: String) -> Finding {
    Finding {
        file,
        diagnostic: INVALID_SUPPRESSION
            .diagnostic(message)
            .with_primary(span, "invalid suppression")
            .with_help("write `// alloylint: ignore[rule-name] reason` on the line of the finding or alone on the line above it"),
    }
}
