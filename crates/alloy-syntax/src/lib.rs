//! Syntax of the Grafana Alloy configuration language: lexer, parser and AST.
pub mod ast;
