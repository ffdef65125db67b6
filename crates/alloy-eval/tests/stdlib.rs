//! Unit tests for every stdlib function, including their error cases, and for the evaluator's
//! operators, indexing, unknown values and printing.

use std::rc::Rc;

use alloy_eval::{EmptyScope, Evaluator, FixedEnvironment, MapScope, Scope, Value};

fn evaluator() -> Evaluator {
    let mut env = FixedEnvironment::new()
        .with_var("GREETING", "hi")
        .with_var("EMPTY", "");
    env.hostname = "box".to_string();
    Evaluator::new(Rc::new(env))
}

fn eval_in(src: &str, scope: &dyn Scope) -> Result<Value, alloy_eval::EvalError> {
    let expr = alloy_syntax::parse_expression(src)
        .unwrap_or_else(|d| panic!("{src} does not parse: {d:?}"));
    evaluator().eval(&expr, scope)
}

/// Evaluates and prints in Alloy syntax.
fn ok(src: &str) -> String {
    match eval_in(src, &EmptyScope) {
        Ok(v) => alloy_eval::print_value(&v),
        Err(e) => panic!("{src} failed: {}", e.message),
    }
}

/// Evaluates, expecting an error; returns its message.
fn err(src: &str) -> String {
    match eval_in(src, &EmptyScope) {
        Ok(v) => panic!("{src} evaluated to {v}"),
        Err(e) => e.message,
    }
}

#[test]
fn sys_env_reads_the_injected_environment() {
    assert_eq!(ok(r#"sys.env("GREETING")"#), r#""hi""#);
    assert_eq!(ok(r#"sys.env("EMPTY")"#), r#""""#);
    assert_eq!(ok(r#"sys.env("UNSET")"#), r#""""#);
    assert_eq!(ok(r#"env("GREETING")"#), r#""hi""#);
    assert_eq!(ok("sys.env(null)"), r#""""#);
    assert_eq!(err("sys.env()"), "sys.env expected 1 args, got 0");
    assert_eq!(
        err(r#"sys.env(["A"])"#),
        r#"["A"] should be string, got array"#
    );
}

#[test]
fn constants_come_from_the_environment() {
    assert_eq!(ok("constants.os"), r#""linux""#);
    assert_eq!(ok("constants.arch"), r#""amd64""#);
    assert_eq!(ok("constants.hostname"), r#""box""#);
    assert_eq!(ok("constants.version"), r#""v0.0.0""#);
    assert_eq!(err("constants.nope"), r#"field "nope" does not exist"#);
}

#[test]
fn coalesce_skips_empty_values() {
    assert_eq!(ok("coalesce()"), "null");
    assert_eq!(ok(r#"coalesce("", "b")"#), r#""b""#);
    assert_eq!(ok("coalesce(0, [], {}, false, 7)"), "7");
    assert_eq!(ok(r#"coalesce("", null)"#), "null");
    assert_eq!(ok("coalesce(-0.0, 1)"), "1");
    assert_eq!(ok("coalesce([null])"), "[null]");
}

#[test]
fn convert_nonsensitive_unwraps_secrets() {
    let scope = MapScope::new().with("token", Value::secret("s3cr3t"));
    let v = eval_in("convert.nonsensitive(token)", &scope).unwrap();
    assert_eq!(v, Value::from("s3cr3t"));
    assert_eq!(
        alloy_eval::print_value(&eval_in("token", &scope).unwrap()),
        "(secret)"
    );
    assert_eq!(ok(r#"nonsensitive("plain")"#), r#""plain""#);
    assert_eq!(
        err("convert.nonsensitive(1)"),
        "1 should be capsule, got number"
    );
    assert_eq!(
        err("convert.nonsensitive()"),
        "convert.nonsensitive expected 1 args, got 0"
    );
}

#[test]
fn secrets_do_not_become_strings() {
    let scope = MapScope::new().with("token", Value::secret("x"));
    assert_eq!(
        eval_in(r#"token + "y""#, &scope).unwrap().ty(),
        alloy_eval::Type::Capsule
    );
    let e = eval_in("string.to_upper(token)", &scope).unwrap_err();
    assert_eq!(e.message, "token secrets may not be converted into strings");
}

#[test]
fn array_concat() {
    assert_eq!(ok("array.concat()"), "[]");
    assert_eq!(
        ok("array.concat([1, 2], [], [true, null])"),
        "[1, 2, true, null]"
    );
    assert_eq!(
        ok(r#"concat([true, "foo"], [false, 1])"#),
        r#"[true, "foo", false, 1]"#
    );
    assert_eq!(
        err(r#"array.concat([1], "a")"#),
        r#""a" should be array, got string"#
    );
    assert_eq!(err("array.concat([1], null)"), " should be array, got null");
}

#[test]
fn array_combine_maps() {
    assert_eq!(
        ok(r#"array.combine_maps([{"a" = "a1", "b" = "b1"}], [{"a" = "a1", "c" = "c1"}], ["a"])"#),
        "[{\n\ta = \"a1\",\n\tb = \"b1\",\n\tc = \"c1\",\n}]"
    );
    assert_eq!(
        ok(r#"array.combine_maps([{"a" = "a1"}], [{"a" = "a2"}], ["a"])"#),
        "[]"
    );
    assert_eq!(
        ok(r#"array.combine_maps([{"a" = "a1", "x" = 1}], [{"a" = "a2"}], ["a"], true)"#),
        "[{\n\ta = \"a1\",\n\tx = 1,\n}]"
    );
    assert_eq!(
        err(r#"array.combine_maps([{"a" = 1}], [{"a" = 1}], [])"#),
        "[] combine_maps: merge conditions must not be empty"
    );
    assert_eq!(
        err(r#"array.combine_maps([{"a" = 1}], [{"a" = 1}])"#),
        "combine_maps: expected 3 or 4 arguments, got 2"
    );
    assert_eq!(
        err(r#"array.combine_maps("x", [{"a" = 1}], ["a"])"#),
        r#""x" should be array, got string"#
    );
    assert_eq!(
        err(r#"array.combine_maps([{"a" = 1}], [{"a" = 1}], ["a"], "yes")"#),
        r#""yes" should be bool, got string"#
    );
    // Alloy panics on array-valued keys; here it is an error.
    assert!(
        err(r#"array.combine_maps([{"a" = [1]}], [{"a" = [1]}], ["a"])"#)
            .contains("not comparable")
    );
}

#[test]
fn array_group_by() {
    assert_eq!(
        ok(r#"array.group_by([{"type" = "fruit", "name" = "apple"}, {"name" = "rock"}], "type", true)"#),
        "[{\n\titems = [{\n\t\tname = \"apple\",\n\t\ttype = \"fruit\",\n\t}],\n\ttype = \"fruit\",\n}]"
    );
    assert_eq!(ok(r#"array.group_by([], "type", false)"#), "[]");
    assert_eq!(
        ok(r#"array.group_by([{"name" = "rock"}], "type", false)"#),
        "[{\n\titems = [{\n\t\tname = \"rock\",\n\t}],\n\ttype = \"\",\n}]"
    );
    assert_eq!(
        err(r#"array.group_by([{"type" = 1}], "type", false)"#),
        "1 should be string, got number"
    );
    assert_eq!(
        err(r#"array.group_by([{"type" = "a"}], "type")"#),
        "group_by: expected 3 arguments, got 2"
    );
    assert_eq!(
        err(r#"array.group_by([{"type" = "a"}], "type", "no")"#),
        r#""no" should be bool, got string"#
    );
}

#[test]
fn encoding_json() {
    assert_eq!(
        ok(r#"encoding.from_json("{\"b\": 1, \"a\": [true, null]}")"#),
        "{\n\ta = [true, null],\n\tb = 1,\n}"
    );
    assert_eq!(ok(r#"json_decode("1.5")"#), "1.5");
    assert_eq!(
        err(r#"encoding.from_json("")"#),
        "encoding.from_json unexpected end of JSON input"
    );
    assert!(err(r#"encoding.from_json("[1] [2]")"#).starts_with("encoding.from_json "));
    assert_eq!(
        ok(r#"encoding.to_json({a = 1, b = 2.5, c = "<x>", d = [true, null], e = 1e21})"#),
        r#""{\"a\":1,\"b\":2.5,\"c\":\"\\u003cx\\u003e\",\"d\":[true,null],\"e\":1e+21}""#
    );
    assert_eq!(
        err("encoding.to_json([1])"),
        "encoding.to_json jsonEncode only supports map"
    );
    assert_eq!(
        err("encoding.to_json({a = 2.0 ^ 1024})"),
        "encoding.to_json json: unsupported value: +Inf"
    );
    assert_eq!(
        err("encoding.to_json({a = sys.env})"),
        "encoding.to_json json: unsupported type: func(string) string"
    );
}

#[test]
fn encoding_yaml() {
    assert_eq!(
        ok("encoding.from_yaml(\"a: 1\\nb: [x, y]\")"),
        "{\n\ta = 1,\n\tb = [\"x\", \"y\"],\n}"
    );
    assert_eq!(
        ok("yaml_decode(\"- 1\\n- 2.5\\n- yes\\n- ~\")"),
        "[1, 2.5, \"yes\", null]"
    );
    assert_eq!(ok(r#"encoding.from_yaml("")"#), "null");
    assert_eq!(
        ok("encoding.from_yaml(\"---\\na: 1\\n---\\nb: 2\")"),
        "{\n\ta = 1,\n}"
    );
    assert_eq!(
        ok("encoding.from_yaml(\"1: one\")"),
        "capsule(\"map[interface {}]interface {}\")"
    );
    assert_eq!(
        ok(r#"encoding.from_yaml("t: 2001-12-14")"#),
        "{\n\tt = \"2001-12-14T00:00:00Z\",\n}"
    );
    assert!(err(r#"encoding.from_yaml("a: [")"#).starts_with("encoding.from_yaml yaml:"));
    assert!(err("encoding.from_yaml(\"a: 1\\na: 2\")").starts_with("encoding.from_yaml yaml:"));
}

/// Plain scalars resolve by Go yaml.v3's rules, quoted, block and tagged ones stay strings.
/// Every expected value is what Grafana's reference build (`alloy-ref-eval`) printed.
#[test]
fn encoding_yaml_scalars_resolve_as_go_yaml_v3() {
    let cases = [
        ("k: 09", "{\n\tk = 9,\n}"),
        ("k: 0922337203", "{\n\tk = 922337203,\n}"),
        ("k: 0777", "{\n\tk = 511,\n}"),
        ("k: -0777", "{\n\tk = -511,\n}"),
        ("k: 00", "{\n\tk = 0,\n}"),
        ("k: 0", "{\n\tk = 0,\n}"),
        ("k: 1_000", "{\n\tk = 1000,\n}"),
        ("k: 0x1F", "{\n\tk = 31,\n}"),
        ("k: 0X1F", "{\n\tk = 31,\n}"),
        ("k: -0x1F", "{\n\tk = -31,\n}"),
        ("k: +0x1F", "{\n\tk = 31,\n}"),
        ("k: 0b101", "{\n\tk = 5,\n}"),
        ("k: -0b101", "{\n\tk = -5,\n}"),
        ("k: 0o17", "{\n\tk = 15,\n}"),
        ("k: 0O17", "{\n\tk = 15,\n}"),
        ("k: 0x", "{\n\tk = \"0x\",\n}"),
        ("k: 1e5", "{\n\tk = 100000,\n}"),
        ("k: 1.", "{\n\tk = 1,\n}"),
        ("k: .5", "{\n\tk = 0.5,\n}"),
        ("k: +.5", "{\n\tk = 0.5,\n}"),
        ("k: .5_5", "{\n\tk = 0.55,\n}"),
        ("k: ._5", "{\n\tk = \"._5\",\n}"),
        ("k: 1_0.5", "{\n\tk = 10.5,\n}"),
        ("k: 1e400", "{\n\tk = \"1e400\",\n}"),
        ("k: 99999999999999999999", "{\n\tk = 100000000000000000000,\n}"),
        ("k: 18446744073709551615", "{\n\tk = 18446744073709551615,\n}"),
        ("k: -9223372036854775808", "{\n\tk = -9223372036854775808,\n}"),
        ("k: -9223372036854775809", "{\n\tk = -9223372036854776000,\n}"),
        ("k: yes", "{\n\tk = \"yes\",\n}"),
        ("k: no", "{\n\tk = \"no\",\n}"),
        ("k: on", "{\n\tk = \"on\",\n}"),
        ("k: off", "{\n\tk = \"off\",\n}"),
        ("k: True", "{\n\tk = true,\n}"),
        ("k: FALSE", "{\n\tk = false,\n}"),
        ("k: Null", "{\n\tk = null,\n}"),
        ("k: ~", "{\n\tk = null,\n}"),
        ("k:", "{\n\tk = null,\n}"),
        ("k: -.Inf", "{\n\tk = -Inf,\n}"),
        ("k: .NaN", "{\n\tk = NaN,\n}"),
        ("k: +.nan", "{\n\tk = \"+.nan\",\n}"),
        ("k: 2001-12-14", "{\n\tk = \"2001-12-14T00:00:00Z\",\n}"),
        ("k: '2001-12-14'", "{\n\tk = \"2001-12-14\",\n}"),
        ("k: \"09\"", "{\n\tk = \"09\",\n}"),
        ("k: '0777'", "{\n\tk = \"0777\",\n}"),
        ("k: !!str 09", "{\n\tk = \"09\",\n}"),
        ("k: !!str &a 1_0", "{\n\tk = \"1_0\",\n}"),
        ("k: !foo 09", "{\n\tk = \"09\",\n}"),
        ("k: &a 09\nb: *a", "{\n\tb = 9,\n\tk = 9,\n}"),
        ("k: |\n  09", "{\n\tk = \"09\",\n}"),
        ("k: [09, \"09\", 1_0, '1_0', {x: 0777}]", "{\n\tk = [9, \"09\", 10, \"1_0\", {\n\t\tx = 511,\n\t}],\n}"),
        ("09: x", "capsule(\"map[interface {}]interface {}\")"),
        ("1_0: x", "capsule(\"map[interface {}]interface {}\")"),
        ("- 0x_1F\n- 1__2\n- _1\n- 1_\n- -0\n- -0.0\n- 0.\n- 1.e5\n- +1\n- 0b2\n- 08.5\n- 1e-400", "[31, 12, \"_1\", 1, 0, -0, 0, 100000, 1, \"0b2\", 8.5, 0]"),
        ("---\nk: 0777\n---\nk: 1", "{\n\tk = 511,\n}"),
        ("k: 0777 # c", "{\n\tk = 511,\n}"),
        ("k: 0777 x", "{\n\tk = \"0777 x\",\n}"),
        ("k: 1:20", "{\n\tk = \"1:20\",\n}"),
    ];
    for (yaml, expected) in cases {
        let src = format!("encoding.from_yaml({yaml:?})");
        assert_eq!(ok(&src), expected, "{src}");
    }
}

#[test]
fn encoding_base64() {
    assert_eq!(ok(r#"encoding.to_base64("hi")"#), r#""aGk=""#);
    assert_eq!(
        ok(r#"encoding.to_URLbase64("string123!?$*&()'-=@~")"#),
        r#""c3RyaW5nMTIzIT8kKiYoKSctPUB-""#
    );
    assert_eq!(ok(r#"encoding.from_base64("aGk=")"#), "[104, 105]");
    assert_eq!(ok(r#"base64_decode("")"#), "[]");
    assert_eq!(
        ok(r#"encoding.from_URLbase64("c3RyaW5nMTIzIT8kKiYoKSctPUB-")[20]"#),
        "126"
    );
    assert_eq!(
        err(r#"encoding.from_base64("aGk")"#),
        "encoding.from_base64 illegal base64 data at input byte 0"
    );
    assert_eq!(
        err(r#"encoding.from_base64("not base64!")"#),
        "encoding.from_base64 illegal base64 data at input byte 3"
    );
    assert_eq!(
        err(r#"encoding.from_URLbase64("c3RyaW5nMTIzIT8kKiYoKSctPUB+")"#),
        "encoding.from_URLbase64 illegal base64 data at input byte 27"
    );
}

#[test]
fn encoding_url() {
    assert_eq!(ok(r#"encoding.url_encode("a b+c/d")"#), r#""a+b%2Bc%2Fd""#);
    assert_eq!(ok(r#"encoding.url_decode("a+b%20c")"#), r#""a b c""#);
    assert_eq!(
        err(r#"encoding.url_decode("%zz")"#),
        r#"encoding.url_decode invalid URL escape "%zz""#
    );
    assert_eq!(
        err(r#"encoding.url_decode("%")"#),
        r#"encoding.url_decode invalid URL escape "%""#
    );
}

#[test]
fn file_path_join() {
    assert_eq!(ok("file.path_join()"), r#""""#);
    assert_eq!(ok(r#"file.path_join("a", "../b")"#), r#""b""#);
    assert_eq!(ok(r#"file.path_join("/a/", "b/")"#), r#""/a/b""#);
    assert_eq!(ok(r#"file.path_join("/", "..")"#), r#""/""#);
    assert_eq!(ok(r#"file.path_join("a//b", "./c")"#), r#""a/b/c""#);
    assert_eq!(
        err(r#"file.path_join(["a"])"#),
        r#"["a"] should be string, got array"#
    );
}

#[test]
fn json_path_queries() {
    assert_eq!(
        ok(r#"json_path("{\"key\": \"value\"}", ".key")"#),
        r#"["value"]"#
    );
    assert_eq!(ok(r#"json_path("[1, 2, 3]", "$[*]")"#), "[1, 2, 3]");
    assert_eq!(ok(r#"json_path("[1, 2, 3]", "$[-1]")"#), "[3]");
    assert_eq!(
        ok(r#"json_path("{\"a\": {\"a\": 1}}", "$..a")"#)
            .matches('1')
            .count(),
        2
    );
    assert_eq!(
        ok(
            r#"json_path("[{\"name\": \"D\",\"value\": \"IT\"},{\"name\":\"T\",\"value\":\"P\"}]", "[?(@.name == \"D\")].value")"#
        ),
        r#"["IT"]"#
    );
    assert!(err(r#"json_path("{}", "[[[")"#).starts_with("json_path parse error"));
    assert!(err(r#"json_path("not json", "$.a")"#).starts_with("json_path "));
    assert_eq!(
        err(r#"json_path("{}")"#),
        "json_path expected 2 args, got 1"
    );
}

/// Differences from Go's ojg found by differential fuzzing (`fixtures/diff/eval/json_path_*`).
#[test]
fn json_path_reads_documents_and_paths_as_ojg_does() {
    // Numbers: integers that do not fit ojg's fast path stay text; `15.` is a number; `-0` is 0.
    for (document, value) in [
        ("[18446744073709551616]", r#"["18446744073709551616"]"#),
        ("[9223372036854775800]", r#"["9223372036854775800"]"#),
        ("[9223372036854775799]", "[9223372036854775799]"),
        ("[-9223372036854775807]", "[-9223372036854775807]"),
        ("[1.123456789012345678]", r#"["1.123456789012345678"]"#),
        ("[1E+1023]", r#"["1e1023"]"#),
        ("[15.]", "[15]"),
        ("[-0]", "[0]"),
        ("[0.9223372036854775]", "[0.9223372036854774]"),
    ] {
        let src = format!("json_path({document:?}, \"$[0]\")");
        assert_eq!(ok(&src), value, "{document}");
    }
    assert_eq!(ok(r#"json_path("", "$")"#), "[null]");
    assert!(err(r#"json_path("[0e0]", "$")"#).starts_with("json_path invalid number"));
    assert!(err(r#"json_path("[1,]", "$")"#).starts_with("json_path unexpected character"));
    // Paths: a name right after `$` is an error, an empty path matches nothing, slices step.
    assert_eq!(
        err(r#"json_path("{\"pa\": 1}", "$pa")"#),
        "json_path parse error at 2 in $pa"
    );
    assert_eq!(ok(r#"json_path("[1]", "")"#), "[]");
    assert_eq!(ok(r#"json_path("[1,2,3,4,5]", "$[4:1:-1]")"#), "[5, 4, 3]");
    // Matches in the order of ojg's stack: a descent yields the deepest first.
    assert_eq!(
        ok(r#"json_path("[1,[2,[3,[4]]]]", "$..[0]")"#),
        "[4, 3, 2, 1]"
    );
    assert_eq!(ok(r#"json_path("[1,2,3]", "$[?(@ > 1)]")"#), "[2, 3]");
}

#[test]
fn an_object_value_ends_the_run_of_aligned_fields() {
    // Grafana's printer writes every object with a line break inside, even `{}`.
    assert_eq!(
        ok(r#"{_x = 1, bbbbbb = 2, c = {}, dd = 3}"#),
        "{\n\t_x     = 1,\n\tbbbbbb = 2,\n\tc      = {},\n\tdd = 3,\n}"
    );
}

#[test]
fn string_format_follows_go() {
    assert_eq!(
        ok(r#"string.format("%s:%d", "localhost", 9090)"#),
        r#""localhost:9090""#
    );
    assert_eq!(
        ok(r#"string.format("%5.2f|%-4s|%05d", 3.14159, "ab", 42)"#),
        r#"" 3.14|ab  |00042""#
    );
    assert_eq!(
        ok(r#"string.format("%v %v %v", [1, 2], {a = 1}, null)"#),
        r#""[1 2] map[a:1] <nil>""#
    );
    assert_eq!(ok(r#"string.format("%d")"#), r#""%!d(MISSING)""#);
    assert_eq!(
        ok(r#"string.format("%s", "a", "b")"#),
        r#""a%!(EXTRA string=b)""#
    );
    assert_eq!(ok(r#"string.format("%d", 1.5)"#), r#""%!d(float64=1.5)""#);
    assert_eq!(
        ok(
            r#"string.format("%e|%g|%x|%X|%o|%b|%c|%U", 123456.789, 1e21, 255, 255, 8, 5, 65, 233)"#
        ),
        r#""1.234568e+05|1e+21|ff|FF|10|101|A|U+00E9""#
    );
    assert_eq!(ok(r#"string.format("%[2]s %[1]s", "a", "b")"#), r#""b a""#);
    assert_eq!(
        ok(r#"string.format("%T %T %T", 1, 1.5, [1])"#),
        r#""int float64 []interface {}""#
    );
    assert_eq!(ok(r#"format("%q", "x")"#), r#""\"x\"""#);
    assert_eq!(
        err("string.format()"),
        "string.format expected at least 1 args, got 0"
    );
}

#[test]
fn string_functions() {
    assert_eq!(ok(r#"string.join(["a", null, 1], ",")"#), r#""a,,1""#);
    assert_eq!(
        err(r#"string.join("ab", ",")"#),
        r#""ab" should be array, got string"#
    );
    assert_eq!(
        err(r#"string.join(["a"])"#),
        "string.join expected 2 args, got 1"
    );
    assert_eq!(ok(r#"string.replace("aaa", "", "-")"#), r#""-a-a-a-""#);
    assert_eq!(
        err(r#"string.replace("a", "a")"#),
        "string.replace expected 3 args, got 2"
    );
    assert_eq!(ok(r#"string.split("abc", "")"#), r#"["a", "b", "c"]"#);
    assert_eq!(ok(r#"string.split("", ",")"#), r#"[""]"#);
    assert_eq!(ok(r#"string.to_upper("straße")"#), "\"STRAßE\"");
    assert_eq!(ok(r#"string.to_lower("İ")"#), r#""i""#);
    assert_eq!(
        err("string.to_upper(true)"),
        "true should be string, got bool"
    );
    assert_eq!(ok(r#"string.trim("abcba", "ab")"#), r#""c""#);
    assert_eq!(
        ok(r#"string.trim_prefix("hellohello", "hello")"#),
        r#""hello""#
    );
    assert_eq!(ok(r#"string.trim_suffix("ab", "b")"#), r#""a""#);
    assert_eq!(ok("string.trim_space(\"\\u00a0x\\u3000\")"), r#""x""#);
    for deprecated in [
        "join",
        "replace",
        "split",
        "to_lower",
        "to_upper",
        "trim",
        "trim_prefix",
        "trim_suffix",
        "trim_space",
    ] {
        assert_eq!(ok(deprecated), "function");
    }
}

#[test]
fn operators_and_errors() {
    assert_eq!(ok("18446744073709551615 + 1"), "0");
    assert_eq!(ok("-18446744073709551615"), "1");
    assert_eq!(ok("7 % -2"), "1");
    assert_eq!(ok("2 ^ -1"), "2");
    assert_eq!(ok("3 ^ 2 ^ 2"), "81");
    assert_eq!(ok("0.1 + 0.2"), "0.30000000000000004");
    assert_eq!(ok("2.0 ^ 1024"), "");
    assert_eq!(ok("-(2.0 ^ 1024)"), "-Inf");
    assert_eq!(err("1 / (1 - 1)"), "(1 - 1) divide by zero error");
    assert_eq!(err(r#""a" + 1"#), "1 should be string, got number");
    assert_eq!(
        err("[1] + [2]"),
        "[1] should be one of [number string capsule] for binop +, got array"
    );
    assert_eq!(
        err("null + null"),
        " should be one of [number string capsule] for binop +, got null"
    );
    assert_eq!(
        err("1 < 2 < 3"),
        "1 < 2 should be one of [number string] for binop <, got bool"
    );
    assert_eq!(err("!1"), "1 should be bool, got number");
}

#[test]
fn errors_carry_alloy_positions() {
    let e = eval_in("true + true", &EmptyScope).unwrap_err();
    // The two `true` values are the same Go value, so Alloy blames the last one.
    assert_eq!(e.span.map(|s| s.start), Some(7));
    let e = eval_in("null + 1", &EmptyScope).unwrap_err();
    assert_eq!(e.span, None);
    let e = eval_in("1e999", &EmptyScope).unwrap_err();
    assert_eq!(
        e.message,
        "strconv.ParseFloat: parsing \"1e999\": value out of range"
    );
    let e = eval_in("{a = 1}.b", &EmptyScope).unwrap_err();
    assert_eq!(e.span.map(|s| s.start), Some(8));
}

#[test]
fn indexing_and_field_access() {
    assert_eq!(ok("[1, 2, 3][1.9]"), "2");
    assert_eq!(
        err("[1, 2, 3][3]"),
        "3 index 3 is out of range of array with length 3"
    );
    assert_eq!(
        err("[1, 2, 3][-1]"),
        "-1 index -1 is out of range of array with length 3"
    );
    assert_eq!(ok(r#"{a = 1}["b"]"#), "null");
    assert_eq!(err("{a = 1}[0]"), "0 should be string, got number");
    assert_eq!(
        err(r#""abc"[0]"#),
        r#""abc" expected object or array, got string"#
    );
    assert_eq!(
        err("null.a"),
        r#" cannot access field "a" on value of type null"#
    );
    assert_eq!(err("foo"), r#"identifier "foo" does not exist"#);
    assert_eq!(ok("sys"), "{\n\tenv = function,\n}");
}

#[test]
fn unknown_values_propagate() {
    let scope = MapScope::new().with("discovery", Value::Unknown);
    for src in [
        "discovery.kubernetes.pods.targets",
        "discovery.x[0] + 1",
        "array.concat(discovery.a, [1])",
        "!discovery.flag",
        "-discovery.n",
        "discovery.f(1)",
    ] {
        assert!(eval_in(src, &scope).unwrap().is_unknown(), "{src}");
    }
    let v = eval_in("[discovery.a, 1]", &scope).unwrap();
    assert!(v.contains_unknown() && !v.is_unknown());
    // Errors that do not depend on the unknown value are still reported.
    assert!(eval_in("discovery.a + (1 / 0)", &scope).is_err());
}

#[test]
fn printing_aligns_object_fields() {
    assert_eq!(
        ok(r#"{"日本" = "語", é = 1}"#),
        "{\n\té  = 1,\n\t日本 = \"語\",\n}"
    );
    assert_eq!(
        ok(r#"{b = 1, "quoted key" = {c = 2}, a = 3}"#),
        "{\n\ta            = 3,\n\tb            = 1,\n\t\"quoted key\" = {\n\t\tc = 2,\n\t},\n}"
    );
    assert_eq!(
        ok("{a = {b = 1}, bb = 2}"),
        "{\n\ta = {\n\t\tb = 1,\n\t},\n\tbb = 2,\n}"
    );
    assert_eq!(ok(r#""\u2028\x7f""#), r#""\u2028\x7f""#);
}

#[test]
fn conversions_on_assignment() {
    use alloy_eval::{convert_for_assignment as conv, AssignTarget as T};
    assert_eq!(conv(&Value::int(5), T::String).unwrap(), Value::from("5"));
    assert_eq!(
        conv(&Value::float(1.5), T::String).unwrap(),
        Value::from("1.5")
    );
    assert_eq!(
        conv(&Value::from("42"), T::Number).unwrap(),
        Value::uint(42)
    );
    assert_eq!(
        conv(&Value::from("-42"), T::Number).unwrap(),
        Value::int(-42)
    );
    assert_eq!(
        conv(&Value::from("1e3"), T::Number).unwrap(),
        Value::float(1000.0)
    );
    assert!(conv(&Value::from("abc"), T::Number).is_err());
    assert!(conv(&Value::from(""), T::Number).is_err());
    assert_eq!(
        alloy_eval::print_value(&conv(&Value::from("pw"), T::Secret).unwrap()),
        "(secret)"
    );
    let e = conv(&Value::secret("pw"), T::String).unwrap_err();
    assert!(
        e.message
            .ends_with("secrets may not be converted into strings"),
        "{}",
        e.message
    );
    assert!(conv(&Value::Bool(true), T::Number)
        .unwrap_err()
        .message
        .ends_with("should be number, got bool"));
    assert!(conv(&Value::Unknown, T::Number).unwrap().is_unknown());
}

#[test]
fn eval_command_and_attribute() {
    assert_eq!(alloy_eval::eval_command("1 + 2").unwrap(), "3");
    assert!(alloy_eval::eval_command("1 +").is_err());
    let e = alloy_eval::eval_command("1 / 0").unwrap_err();
    assert_eq!(e.diagnostics[0].primary_span().map(|s| s.start), Some(4));
    let config = "prometheus.scrape \"default\" {\n  targets = [{__address__ = \"a:1\"}]\n  forward_to = [prometheus.remote_write.x.receiver]\n  job_name = \"j\" + string.to_upper(\"x\")\n}\n";
    assert_eq!(
        alloy_eval::eval_attribute(config, "prometheus.scrape.default.targets").unwrap(),
        "[{\n\t__address__ = \"a:1\",\n}]"
    );
    assert_eq!(
        alloy_eval::eval_attribute(config, "prometheus.scrape.default.job_name").unwrap(),
        "\"jX\""
    );
    assert_eq!(
        alloy_eval::eval_attribute(config, "prometheus.scrape.default.forward_to").unwrap(),
        "[(unknown)]"
    );
    assert!(alloy_eval::eval_attribute(config, "prometheus.scrape.default.nope").is_err());
}

#[test]
fn eval_attribute_sees_the_components_of_every_module_as_unknown() {
    // Inside a declare, `argument.path.value` names the declare's argument (the semantic
    // model's scope); `nothing.here` names no component and stays an error.
    let config = "declare \"reader\" {\n  argument \"path\" {}\n  local.file \"f\" {\n    filename = argument.path.value + \"/x\"\n    is_secret = nothing.here\n  }\n}\n";
    assert_eq!(
        alloy_eval::eval_attribute(config, "declare.reader.local.file.f.filename").unwrap(),
        "(unknown)"
    );
    assert!(alloy_eval::eval_attribute(config, "declare.reader.local.file.f.is_secret").is_err());
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    // The parser accepts up to its nesting limit; evaluation must cope on a test thread.
    for depth in [200usize, 900] {
        let parens = format!("{}1{}", "(".repeat(depth), ")".repeat(depth));
        let arrays = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let negations = format!("{}1", "-".repeat(depth));
        for src in [parens, arrays, negations] {
            if let Ok(expr) = alloy_syntax::parse_expression(&src) {
                let v = evaluator().eval(&expr, &EmptyScope).expect("evaluates");
                assert!(!alloy_eval::print_value(&v).is_empty());
            }
        }
    }
}

#[test]
fn huge_format_widths_are_refused() {
    assert_eq!(
        ok(r#"string.format("%99999999d|", 1)"#),
        r#""%!(BADWIDTH)1|""#
    );
}

/// Strings print with Go's `%q`, which escapes exactly what `strconv.IsPrint` rejects
/// (answers from `alloy-ref-eval`). The value printer used to write unassigned and format
/// characters raw.
#[test]
fn strings_print_as_go_quotes_them() {
    let cases = [
        (r#""\u0378""#, r#""\u0378""#),
        (r#""\u00ad""#, r#""\u00ad""#),
        (r#""\U000e0001""#, r#""\U000e0001""#),
        (r#""\u00a0x""#, r#""\u00a0x""#),
        (r#""e\u0301""#, "\"e\u{301}\""),
        (r#"["\u2028", "\u0301"]"#, "[\"\\u2028\", \"\u{301}\"]"),
        (
            r#"string.format("%q", "\u0378\u00ad")"#,
            r#""\"\\u0378\\u00ad\"""#,
        ),
        (r#"string.format("%q", 888)"#, r#""'\\u0378'""#),
        (r#"string.format("%q", 39)"#, r#""'\\''""#),
        (r#"string.format("%q", 34)"#, r#""'\"'""#),
    ];
    for (expression, printed) in cases {
        assert_eq!(ok(expression), printed, "{expression}");
        assert_eq!(
            alloy_eval::eval_command(expression).map_err(|e| e.to_string()),
            Ok(printed.to_string()),
            "alloylint eval {expression}"
        );
    }
    assert_eq!(
        err(r#"encoding.from_json("\u00ad")"#),
        r"encoding.from_json invalid character '\u00ad' looking for beginning of value"
    );
}
