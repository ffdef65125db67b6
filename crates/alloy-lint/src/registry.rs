//! The one list of every rule of every crate (parser, validator, formatter, evaluator): what
//! SARIF's rules table, `alloylint rules` and the pages in `docs/rules/` are made from.

use alloy_diagnostics::Rule;
use std::sync::OnceLock;

/// Every rule, sorted by name (names are unique).
pub fn all() -> &'static [&'static Rule] {
    static ALL: OnceLock<Vec<&'static Rule>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut rules: Vec<&'static Rule> = alloy_syntax::RULES
            .iter()
            .chain(crate::codes::RULES)
            .chain(crate::rules::RULES)
            .chain(crate::suppress::RULES)
            .chain(alloy_format::RULES)
            .chain(alloy_eval::RULES)
            .copied()
            .collect();
        rules.sort_by_key(|r| r.name);
        rules
    })
}

/// The rule a diagnostic code belongs to.
pub fn get(name: &str) -> Option<&'static Rule> {
    let rules = all();
    rules
        .binary_search_by(|r| r.name.cmp(name))
        .ok()
        .map(|i| rules[i])
}

/// The rules [`crate::lint_config`] can report: the parser's, the validator's, the lint
/// rules and the suppression comments'.
pub fn validator_rules() -> impl Iterator<Item = &'static Rule> {
    alloy_syntax::RULES
        .iter()
        .chain(crate::codes::RULES)
        .chain(crate::rules::RULES)
        .chain(crate::suppress::RULES)
        .copied()
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}

fn fix_name(rule: &Rule) -> &'static str {
    rule.fix.map_or("-", |a| a.as_str())
}

/// The rule's page (`docs/rules/NAME.md`, `alloylint rule NAME`).
pub fn rule_page(rule: &Rule) -> String {
    let rejects = if rule.alloy_rejects {
        "yes: Alloy refuses to load the config, so this cannot be suppressed or downgraded"
    } else {
        "no"
    };
    format!(
        "# {name}\n\n{summary}.\n\n\
         - category: {category}\n\
         - default severity: {severity}\n\
         - Alloy rejects: {rejects}\n\
         - fix: {fix}\n\n\
         {doc}",
        name = rule.name,
        summary = capitalized(rule.summary),
        category = rule.category,
        severity = rule.default_severity,
        fix = fix_name(rule),
        doc = rule.doc(),
    )
}

/// `docs/rules/README.md`: a table of every rule.
pub fn index_page() -> String {
    let mut out = String::from(
        "# Rules\n\n\
         Every diagnostic of alloylint, alloyfmt and `alloylint eval` comes from one of these \
         rules; its name is the diagnostic's stable `code`. \"Alloy rejects\": Alloy itself \
         refuses to load such a config, so the diagnostic can never be suppressed or \
         downgraded. \"fix\": `safe` fixes keep the meaning, `unsafe` ones are guesses to \
         review.\n\n\
         These pages are generated from the rules' doc comments: after changing one, run \
         `UPDATE_RULE_DOCS=1 cargo test -p alloylint --test rule_docs`.\n\n\
         | rule | category | severity | Alloy rejects | fix | summary |\n\
         |---|---|---|---|---|---|\n",
    );
    for rule in all() {
        out.push_str(&format!(
            "| [{name}]({name}.md) | {} | {} | {} | {} | {} |\n",
            rule.category,
            rule.default_severity,
            yes_no(rule.alloy_rejects),
            fix_name(rule),
            rule.summary,
            name = rule.name,
        ));
    }
    out
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_sorted_kebab_case_and_found() {
        let rules = all();
        for pair in rules.windows(2) {
            assert!(
                pair[0].name < pair[1].name,
                "{} then {}",
                pair[0].name,
                pair[1].name
            );
        }
        for rule in rules {
            assert!(
                !rule.name.is_empty()
                    && rule.name.split('-').all(
                        |part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase())
                    ),
                "not kebab-case: {}",
                rule.name
            );
            assert_eq!(get(rule.name).map(|r| r.name), Some(rule.name));
        }
        assert!(get("no-such-rule").is_none());
    }

    #[test]
    fn every_doc_has_what_why_example_and_fix() {
        for rule in all() {
            let doc = rule.doc();
            for section in ["## What it does\n", "## Why\n", "## Example\n", "## Fix\n"] {
                assert!(
                    doc.contains(section),
                    "{}: no {section:?} in its doc",
                    rule.name
                );
            }
            assert!(
                !rule.summary.ends_with('.') && !rule.summary.starts_with(char::is_uppercase),
                "{}: summary is one lower-case line without a final period",
                rule.name
            );
        }
    }

    #[test]
    fn the_page_shows_the_rules_facts_and_doc() {
        let page = rule_page(&crate::codes::DEPRECATED_FUNCTION);
        assert!(
            page.starts_with("# deprecated-function\n\nA deprecated"),
            "{page}"
        );
        assert!(page.contains("- category: deprecated\n- default severity: warning\n- Alloy rejects: no\n- fix: safe\n"), "{page}");
        assert!(page.ends_with(&crate::codes::DEPRECATED_FUNCTION.doc()));
        assert!(index_page().contains("| [syntax-error](syntax-error.md) | syntax | error | yes | - | the file does not parse |\n"));
    }
}
