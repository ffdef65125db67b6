//! The evaluator's standard library and `alloy-schema`'s functions table (the one list the
//! linter, completion and hover use) name the same functions and constants.

use std::collections::BTreeMap;

use alloy_eval::{Evaluator, Value};
use alloy_schema::FunctionKind;

/// Every stdlib name the evaluator resolves (`coalesce`, `string.format`, `constants.os`),
/// with its value.
fn evaluator_names(evaluator: &Evaluator) -> BTreeMap<String, Value> {
    let stdlib = evaluator.stdlib();
    let mut names = BTreeMap::new();
    for name in stdlib.names() {
        match stdlib.lookup(name) {
            Some(Value::Object(members)) => {
                for (member, value) in members.iter() {
                    names.insert(format!("{name}.{member}"), value.clone());
                }
            }
            Some(value) => {
                names.insert(name.to_string(), value);
            }
            None => panic!("{name} is listed but does not resolve"),
        }
    }
    names
}

#[test]
fn every_schema_function_is_implemented_and_vice_versa() {
    let evaluator = Evaluator::system();
    let implemented = evaluator_names(&evaluator);
    let schema = alloy_schema::functions();
    for function in schema {
        let value = implemented
            .get(function.name)
            .unwrap_or_else(|| panic!("schema function {} has no implementation", function.name));
        match function.kind {
            FunctionKind::Function => {
                assert!(
                    matches!(value, Value::Function(_)),
                    "{} is not a function",
                    function.name
                )
            }
            FunctionKind::Constant => assert!(
                !matches!(value, Value::Function(_)),
                "{} is a function, the schema says constant",
                function.name
            ),
        }
        // A deprecated name is the very function it was renamed to.
        if let Some(replacement) = function.replaced_by {
            let builtin = |v: Option<&Value>| match v {
                Some(Value::Function(b)) => Some(*b),
                _ => None,
            };
            assert_eq!(
                builtin(Some(value)),
                builtin(implemented.get(replacement)),
                "{} and its replacement {replacement}",
                function.name
            );
            assert!(builtin(Some(value)).is_some(), "{}", function.name);
        }
    }
    for name in implemented.keys() {
        assert!(
            alloy_schema::function(name).is_some(),
            "{name} is implemented but missing from the schema"
        );
    }
    assert_eq!(implemented.len(), schema.len());
}
