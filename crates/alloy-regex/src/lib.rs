//! Regular expressions exactly as Grafana Alloy compiles them: Go's `regexp` package (RE2
//! syntax). `loki.process` stages compile a pattern as written; relabel rules compile it
//! anchored, `^(?s:PATTERN)$`, as Prometheus does.
//!
//! - **Syntax**: `parse` is a port of Go's `regexp/syntax` parser, so a pattern is accepted
//!   exactly when `regexp.Compile` accepts it, and a rejection carries Go's own error text
//!   (`error parsing regexp: missing argument to repetition operator: `*``). Go's rules
//!   differ from other engines' in many small places, all reproduced: `\pN` and loosely
//!   matched Unicode names (`\p{Greek}`, `\p{upper case letter}`; but no `\p{Old_Italic}`),
//!   `\C` and `\Z` rejected, `\z` accepted, flags only `imsU`, no nested repetition (`a**`),
//!   counts up to 1000 including nesting (`(a{500}){3}` is rejected), `(?P<n>` and `(?<n>`
//!   with ASCII names (duplicates allowed), `\Q...\E` outside classes only, octal `\12` but
//!   no backreference `\1`, a `{` that is not a count is a literal.
//! - **Matching**: the parse tree, with Go's meanings (`.` excludes only `\n`, `\s` is
//!   `[\t\n\f\r ]`, `\b` is ASCII, simple case folding), becomes a `regex-syntax` HIR that
//!   `regex-automata`'s meta engine runs: the same leftmost-first semantics as Go, in linear
//!   time. We build on `regex-automata` rather than `fancy-regex` because Go's language is
//!   RE2's: no backtracking features to add, and `fancy-regex` would bring a backtracker
//!   (exponential cases Go does not have) for nothing; and on `regex-automata` rather than
//!   `regex` because only it compiles a HIR we build, so `regex-syntax`'s own (different)
//!   reading of the pattern text never enters.
//! - **Expansion**: [`GoRegex::expand`] is Go's `Regexp.ExpandString`.
//!
//! Cost (`benches/compile.rs`, 7 typical relabel patterns, debug profile on a loaded 2-core
//! machine, so an upper bound): [`check`], the parse alone, ~30 µs per pattern; a full
//! [`GoRegex::compile`] to a matcher ~0.5 ms. `alloylint` only checks, once per distinct
//! pattern and form.
//!
//! Unicode data: the sets for `\p{...}` and case folding come from `regex-syntax` (Unicode
//! 16); Go 1.26 has Unicode 15. Which *names* are accepted follows Go 1.26 exactly; code
//! points assigned in Unicode 16 can match differently.

mod classes;
mod compile;
mod error;
mod parse;

pub use error::{ErrorCode, GoRegexError};

use regex_automata::meta::Regex;
use std::ops::Range;

/// How Alloy hands the pattern to Go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    /// `regexp.Compile(pattern)`: `loki.process` stages.
    AsWritten,
    /// `regexp.Compile("^(?s:" + pattern + ")$")`: relabel rules.
    Relabel,
}

const RELABEL_PREFIX: &str = "^(?s:";
const RELABEL_SUFFIX: &str = ")$";

/// Checks `pattern` as Go would compile it in `form`, without building a matcher: what a
/// validator needs. Same answer as [`GoRegex::compile`].
pub fn check(pattern: &str, form: Form) -> Result<(), GoRegexError> {
    parse_in(pattern, form).map(|_| ())
}

fn parse_in(pattern: &str, form: Form) -> Result<parse::Parsed, GoRegexError> {
    match form {
        Form::AsWritten => parse::parse(pattern),
        Form::Relabel => parse::parse(&format!("{RELABEL_PREFIX}{pattern}{RELABEL_SUFFIX}"))
            .map_err(|e| {
                // An unclosed `(` of the pattern is closed by the wrapper's `)`, so Go blames
                // the wrapper; the pattern as written knows which parenthesis is at fault.
                let own_span = match e.code() {
                    ErrorCode::MissingParen | ErrorCode::UnexpectedParen => parse::parse(pattern)
                        .err()
                        .filter(|own| own.code() == e.code())
                        .map(|own| own.span()),
                    _ => None,
                };
                let e = e.shifted_into(RELABEL_PREFIX.len(), pattern.len());
                match own_span {
                    Some(span) => e.with_span(span),
                    None => e,
                }
            }),
    }
}

/// Byte ranges of a match and of each capture group (`None`: the group took no part), as Go's
/// `FindStringSubmatchIndex` returns them (Go's -1 pairs are `None` here).
pub type SubmatchIndex = Vec<Option<Range<usize>>>;

/// A compiled pattern with Go's syntax and semantics.
#[derive(Clone, Debug)]
pub struct GoRegex {
    regex: Regex,
    /// Capture group names by index (index 0, the whole match, has none).
    names: Vec<Option<String>>,
}

impl GoRegex {
    /// `regexp.Compile(pattern)`.
    pub fn new(pattern: &str) -> Result<GoRegex, GoRegexError> {
        GoRegex::compile(pattern, Form::AsWritten)
    }

    /// The anchored form relabel rules compile, `^(?s:PATTERN)$`. Error spans refer to
    /// `pattern`; the message quotes Go's fragment of the anchored form, as Alloy prints it.
    pub fn relabel(pattern: &str) -> Result<GoRegex, GoRegexError> {
        GoRegex::compile(pattern, Form::Relabel)
    }

    pub fn compile(pattern: &str, form: Form) -> Result<GoRegex, GoRegexError> {
        let parsed = parse_in(pattern, form)?;
        let hir = compile::to_hir(&parsed.tree);
        // Go's own size limits (checked by the parser) are the only ones: a pattern Go
        // accepts must compile here too.
        let config = Regex::config().nfa_size_limit(None).utf8_empty(true);
        let regex = Regex::builder()
            .configure(config)
            .build_from_hir(&hir)
            .map_err(|_| GoRegexError::new(ErrorCode::Large, pattern, 0..pattern.len().min(1)))?;
        Ok(GoRegex {
            regex,
            names: parsed.names,
        })
    }

    /// Number of capture groups, not counting the whole match (Go's `NumSubexp`).
    pub fn captures_len(&self) -> usize {
        self.names.len() - 1
    }

    /// Group names by index, `None` for unnamed groups (Go's `SubexpNames`, index 0 first).
    pub fn names(&self) -> &[Option<String>] {
        &self.names
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        self.regex.is_match(haystack)
    }

    /// Go's `FindStringSubmatchIndex`: the leftmost-first match and its groups.
    pub fn find_submatch_index(&self, haystack: &str) -> Option<SubmatchIndex> {
        let mut caps = self.regex.create_captures();
        self.regex.captures(haystack, &mut caps);
        if !caps.is_match() {
            return None;
        }
        Some(
            (0..self.names.len())
                .map(|group| caps.get_group(group).map(|span| span.range()))
                .collect(),
        )
    }

    /// Go's `Regexp.ExpandString`: `template` with `$1`, `${1}`, `$name`, `${name}` replaced
    /// by the groups of `submatches` (a match of `self` in `haystack`) and `$$` by `$`. A name
    /// runs as long as letters, digits and `_` do (`$1x` names group `1x`); a group that does
    /// not exist or took no part expands to nothing; a malformed `$` stays as it is.
    pub fn expand(
        &self,
        template: &str,
        haystack: &str,
        submatches: &[Option<Range<usize>>],
    ) -> String {
        let group = |index: usize| {
            submatches
                .get(index)
                .and_then(Option::as_ref)
                .and_then(|r| haystack.get(r.clone()))
        };
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(dollar) = rest.find('$') {
            out.push_str(&rest[..dollar]);
            rest = &rest[dollar + 1..];
            if let Some(after) = rest.strip_prefix('$') {
                out.push('$');
                rest = after;
                continue;
            }
            let Some((name, after)) = template_name(rest) else {
                out.push('$');
                continue;
            };
            rest = after;
            let value = match group_number(name) {
                Some(index) => group(index),
                None => self
                    .names
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| n.as_deref() == Some(name))
                    .find_map(|(index, _)| group(index)),
            };
            out.push_str(value.unwrap_or(""));
        }
        out.push_str(rest);
        out
    }
}

/// Go's `extract`: the name after a `$` (braced or not) and the text after it.
fn template_name(s: &str) -> Option<(&str, &str)> {
    let (braced, body) = match s.strip_prefix('{') {
        Some(body) => (true, body),
        None => (false, s),
    };
    let len = body
        .char_indices()
        .find(|&(_, c)| !classes::is_template_name_char(c))
        .map_or(body.len(), |(i, _)| i);
    if len == 0 {
        return None;
    }
    let name = &body[..len];
    if braced {
        let after = body[len..].strip_prefix('}')?;
        return Some((name, after));
    }
    Some((name, &body[len..]))
}

/// A template name that is a group number: decimal, no leading zero, at most 9 digits (Go
/// stops counting at 10^8).
fn group_number(name: &str) -> Option<usize> {
    let digits = name.bytes().all(|b| b.is_ascii_digit());
    if !digits || name.len() > 9 || (name.len() > 1 && name.starts_with('0')) {
        return None;
    }
    name.parse().ok()
}

#[cfg(test)]
mod tests;
