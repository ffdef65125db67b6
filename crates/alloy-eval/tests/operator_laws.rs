//! Property tests for the operator laws Alloy guarantees.

use alloy_eval::{apply_binary, apply_unary, Number, Value};
use alloy_syntax::ast::{BinaryOp, UnaryOp};
use proptest::prelude::*;

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::int),
        any::<u64>().prop_map(Value::uint),
        // -0.0 prints as `-0`, which reads back as the int 0 (as in Alloy).
        any::<f64>()
            .prop_filter("finite, not -0", |f| f.is_finite()
                && !(*f == 0.0 && f.is_sign_negative()))
            .prop_map(Value::float),
    ]
}

fn int() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::int),
        any::<u64>().prop_map(Value::uint)
    ]
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        number(),
        any::<bool>().prop_map(Value::Bool),
        "[a-z]{0,6}".prop_map(Value::from),
        Just(Value::Null),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::array),
            proptest::collection::btree_map("[a-c]", inner, 0..3)
                .prop_map(|m| Value::object_from(m.into_iter())),
        ]
    })
}

fn bin(l: &Value, op: BinaryOp, r: &Value) -> Value {
    apply_binary(l, op, r).unwrap_or_else(|e| panic!("{l} {} {r}: {}", op.as_str(), e.message))
}

fn truthy(v: Value) -> bool {
    matches!(v, Value::Bool(true))
}

proptest! {
    #[test]
    fn addition_and_multiplication_commute_on_numbers(a in number(), b in number()) {
        for op in [BinaryOp::Add, BinaryOp::Mul] {
            let x = bin(&a, op, &b);
            let y = bin(&b, op, &a);
            let same = match (&x, &y) {
                (Value::Number(Number::Float(p)), Value::Number(Number::Float(q))) => p == q || (p.is_nan() && q.is_nan()),
                _ => x == y,
            };
            prop_assert!(same, "{a} {} {b}: {x} vs {y}", op.as_str());
        }
    }

    #[test]
    fn integer_arithmetic_wraps_like_twos_complement(a in int(), b in int()) {
        let (x, y) = match (&a, &b) {
            (Value::Number(p), Value::Number(q)) => (p.as_i64(), q.as_i64()),
            _ => unreachable!(),
        };
        let sum = bin(&a, BinaryOp::Add, &b);
        let expected = x.wrapping_add(y);
        match sum {
            Value::Number(Number::Int(i)) => prop_assert_eq!(i, expected),
            Value::Number(Number::Uint(u)) => prop_assert_eq!(u as i64, expected),
            other => prop_assert!(false, "not a number: {}", other),
        }
    }

    #[test]
    fn subtraction_undoes_addition_on_ints(a in any::<i64>(), b in any::<i64>()) {
        let s = bin(&Value::int(a), BinaryOp::Add, &Value::int(b));
        prop_assert_eq!(bin(&s, BinaryOp::Sub, &Value::int(b)), Value::int(a));
    }

    #[test]
    fn equality_is_reflexive_and_symmetric(a in value(), b in value()) {
        let nan_free = !format!("{a}").contains("NaN");
        if nan_free {
            prop_assert!(truthy(bin(&a, BinaryOp::Eq, &a)));
        }
        prop_assert_eq!(bin(&a, BinaryOp::Eq, &b), bin(&b, BinaryOp::Eq, &a));
        prop_assert_eq!(truthy(bin(&a, BinaryOp::NotEq, &b)), !truthy(bin(&a, BinaryOp::Eq, &b)));
    }

    #[test]
    fn comparisons_are_consistent(a in number(), b in number()) {
        let lt = truthy(bin(&a, BinaryOp::Lt, &b));
        let ge = truthy(bin(&a, BinaryOp::GtEq, &b));
        let gt = truthy(bin(&b, BinaryOp::Gt, &a));
        prop_assert_eq!(lt, gt);
        prop_assert!(!(lt && ge));
    }

    #[test]
    fn string_concatenation_is_associative(a in ".{0,5}", b in ".{0,5}", c in ".{0,5}") {
        let (a, b, c) = (Value::from(a.as_str()), Value::from(b.as_str()), Value::from(c.as_str()));
        let left = bin(&bin(&a, BinaryOp::Add, &b), BinaryOp::Add, &c);
        let right = bin(&a, BinaryOp::Add, &bin(&b, BinaryOp::Add, &c));
        prop_assert_eq!(left, right);
    }

    #[test]
    fn double_negation(a in any::<bool>(), n in any::<i64>()) {
        let not = |v: &Value| apply_unary(UnaryOp::Not, v).unwrap();
        prop_assert_eq!(not(&not(&Value::Bool(a))), Value::Bool(a));
        let neg = |v: &Value| apply_unary(UnaryOp::Neg, v).unwrap();
        prop_assert_eq!(neg(&neg(&Value::int(n))), Value::int(n));
    }

    #[test]
    fn boolean_operators_follow_truth_tables(a in any::<bool>(), b in any::<bool>()) {
        prop_assert_eq!(bin(&Value::Bool(a), BinaryOp::And, &Value::Bool(b)), Value::Bool(a && b));
        prop_assert_eq!(bin(&Value::Bool(a), BinaryOp::Or, &Value::Bool(b)), Value::Bool(a || b));
    }

    #[test]
    fn division_by_zero_always_errors(a in number()) {
        for zero in [Value::int(0), Value::uint(0), Value::float(0.0), Value::float(-0.0)] {
            for op in [BinaryOp::Div, BinaryOp::Mod] {
                let e = apply_binary(&a, op, &zero).unwrap_err();
                prop_assert!(e.message.ends_with("divide by zero error"));
            }
        }
    }

    #[test]
    fn mixed_type_arithmetic_errors(a in number(), s in "[a-z]{1,4}") {
        let s = Value::from(s.as_str());
        prop_assert!(apply_binary(&a, BinaryOp::Add, &s).is_err());
        prop_assert!(apply_binary(&s, BinaryOp::Sub, &a).is_err());
        prop_assert!(apply_binary(&Value::Bool(true), BinaryOp::Mul, &a).is_err());
    }

    #[test]
    fn unknown_absorbs_every_operator(a in value()) {
        for op in [BinaryOp::Add, BinaryOp::Sub, BinaryOp::Eq, BinaryOp::And, BinaryOp::Lt, BinaryOp::Pow] {
            prop_assert!(apply_binary(&a, op, &Value::Unknown).unwrap().is_unknown());
            prop_assert!(apply_binary(&Value::Unknown, op, &a).unwrap().is_unknown());
        }
    }

    #[test]
    fn printed_values_parse_and_evaluate_back(a in value()) {
        let text = alloy_eval::print_value(&a);
        let expr = alloy_syntax::parse_expression(&text).expect("printed value parses");
        let back = alloy_eval::Evaluator::system().eval(&expr, &alloy_eval::EmptyScope).expect("evaluates");
        // Printing keeps values, except the float/int distinction of integral floats.
        prop_assert_eq!(alloy_eval::print_value(&back), text);
    }
}
