//! Whole-job entry points for the `alloylint eval` command: parse, evaluate with the standard
//! library, print the value in Alloy syntax or return diagnostics.

use std::fmt;

use alloy_diagnostics::{Diagnostic, Span};
use alloy_semantic::{block_id, Model, SourceFile, Sources};
use alloy_syntax::ast::{Expr, Stmt};

use crate::eval::{Evaluator, Scope};
use crate::print::print_value;
use crate::value::Value;

/// A successful evaluation: the value and its Alloy-syntax text.
#[derive(Clone, Debug)]
pub struct EvalOutput {
    pub value: Value,
    pub text: String,
}

/// Why a command failed: parse errors, an evaluation error, or an attribute that is not in
/// the file. Spans are byte offsets into the evaluated text.
#[derive(Clone, Debug)]
pub struct CommandError {
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", d.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for CommandError {}

/// Evaluates one expression with the real environment and returns its Alloy-syntax text.
pub fn eval_command(expr: &str) -> Result<String, CommandError> {
    eval_command_with(expr, &Evaluator::system(), &crate::eval::EmptyScope).map(|o| o.text)
}

/// Evaluates one expression with the given evaluator and scope.
pub fn eval_command_with(
    expr: &str,
    evaluator: &Evaluator,
    scope: &dyn Scope,
) -> Result<EvalOutput, CommandError> {
    let parsed =
        alloy_syntax::parse_expression(expr).map_err(|diagnostics| CommandError { diagnostics })?;
    evaluate(&parsed, evaluator, scope)
}

fn evaluate(
    expr: &Expr,
    evaluator: &Evaluator,
    scope: &dyn Scope,
) -> Result<EvalOutput, CommandError> {
    match evaluator.eval(expr, scope) {
        Ok(value) => {
            let text = print_value(&value);
            Ok(EvalOutput { value, text })
        }
        Err(err) => Err(CommandError {
            diagnostics: vec![err.to_diagnostic(expr.span())],
        }),
    }
}

/// Evaluates the attribute at `path` (`component.label.attribute`, e.g.
/// `prometheus.scrape.default.targets`, or a top-level attribute name) of a config file, with
/// the real environment. References to components are unknown: only literal parts are known.
pub fn eval_attribute(config: &str, path: &str) -> Result<String, CommandError> {
    eval_attribute_with(config, path, &Evaluator::system()).map(|o| o.text)
}

alloy_diagnostics::declare_rule! {
    /// ## What it does
    /// Reported by `alloylint eval --file CONFIG --at PATH` when the config has no attribute at
    /// `PATH`.
    ///
    /// ## Why
    /// There is nothing to evaluate: the path names a block, label or attribute that is not in
    /// the file.
    ///
    /// ## Example
    /// ```text
    /// $ alloylint eval --file config.alloy --at prometheus.scrape.default.scrape_intervall
    /// error[attribute-not-found]: no attribute prometheus.scrape.default.scrape_intervall in the file
    /// ```
    ///
    /// ## Fix
    /// Name the attribute as component.label.attribute (nested blocks by their names), for
    /// example `prometheus.scrape.default.targets`.
    pub static ATTRIBUTE_NOT_FOUND = Rule {
        name: "attribute-not-found",
        category: Correctness,
        severity: Error,
        alloy_rejects: false,
        fix: None,
        summary: "`alloylint eval --at` names an attribute the file does not have",
    };
}

/// [`eval_attribute`] with a given evaluator.
pub fn eval_attribute_with(
    config: &str,
    path: &str,
    evaluator: &Evaluator,
) -> Result<EvalOutput, CommandError> {
    let sources = Sources::load(vec![SourceFile::new("config.alloy", config)], None);
    if sources.parse_diagnostics[0]
        .iter()
        .any(Diagnostic::is_error)
    {
        return Err(CommandError {
            diagnostics: sources.parse_diagnostics[0].clone(),
        });
    }
    let Some(expr) = find_attribute(&sources.asts[0].body, path) else {
        return Err(CommandError {
            diagnostics: vec![ATTRIBUTE_NOT_FOUND.diagnostic(format!("no attribute {path} in the file"))
                .with_primary(Span::at(0), "searched from here")
                .with_help("name it as component.label.attribute, for example prometheus.scrape.default.targets")],
        });
    };
    let model = Model::build(&sources);
    evaluate(expr, evaluator, &ConfigScope { model: &model })
}

/// Finds the value of the attribute whose dotted path (block ids as references name them,
/// then the attribute name) is `path`.
fn find_attribute<'f>(body: &'f [Stmt], path: &str) -> Option<&'f Expr> {
    for stmt in body {
        match stmt {
            Stmt::Attribute(attr) if attr.name.name == path => return Some(&attr.value),
            Stmt::Attribute(_) => {}
            Stmt::Block(block) => {
                let inner = path
                    .strip_prefix(block_id(block).as_str())
                    .and_then(|rest| rest.strip_prefix('.'));
                if let Some(found) = inner.and_then(|rest| find_attribute(&block.body, rest)) {
                    return Some(found);
                }
            }
        }
    }
    None
}

/// References to components (of any module of the config: the root, declare bodies,
/// templates) evaluate to unknown values: nothing has run.
struct ConfigScope<'m, 'a> {
    model: &'m Model<'a>,
}

impl Scope for ConfigScope<'_, '_> {
    fn lookup(&self, name: &str) -> Option<Value> {
        self.model
            .modules
            .iter()
            .any(|m| m.roots.contains_key(name))
            .then_some(Value::Unknown)
    }
}
