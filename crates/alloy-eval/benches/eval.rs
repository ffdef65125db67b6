//! Evaluates 100,000 mixed expressions (arithmetic, comparisons, strings, collections,
//! indexing, stdlib calls and printing). ns/expression = reported time / 100,000.

use std::rc::Rc;

use alloy_eval::{EmptyScope, Evaluator, FixedEnvironment};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

const COUNT: usize = 100_000;

const TEMPLATES: &[&str] = &[
    "{n} + {n} * 3 - ({n} % 7)",
    "{n}.5 / 2 + 1e3",
    "2 ^ ({n} % 10) == 1024",
    "{n} < {n} + 1 && !false || {n} >= 3",
    "\"host-\" + \"{n}\" + \":\" + \"9090\"",
    "[1, 2, 3, {n}][{n} % 4]",
    "{{a = {n}, b = \"x\", c = [true, null]}}.a",
    "{{a = {{b = [{n}, 2]}}}}[\"a\"].b[0]",
    "string.format(\"%s:%d\", \"localhost\", {n})",
    "string.join([\"a\", \"b\", \"{n}\"], \",\")",
    "string.split(\"a,b,c,{n}\", \",\")[3]",
    "string.to_upper(\"value-{n}\")",
    "string.trim_space(\"  {n}  \")",
    "coalesce(\"\", null, \"{n}\")",
    "array.concat([{n}], [1, 2], [\"x\"])",
    "encoding.from_json(\"{{\\\"a\\\": {n}, \\\"b\\\": [1, 2]}}\").b[1]",
    "encoding.to_base64(\"payload-{n}\")",
    "sys.env(\"HOME\") + \"/{n}\"",
    "constants.os == \"linux\"",
    "[{n}, \"a\", true] == [{n}, \"a\", true]",
    "-{n} * -1",
    "{n} / 0",
    "\"a\" + {n}",
    "file.path_join(\"/etc\", \"{n}\", \"../conf\")",
];

fn expressions() -> Vec<alloy_syntax::ast::Expr> {
    (0..COUNT)
        .map(|i| {
            let src = TEMPLATES[i % TEMPLATES.len()].replace("{n}", &(i % 1000 + 1).to_string());
            let src = src.replace("{{", "{").replace("}}", "}");
            alloy_syntax::parse_expression(&src).unwrap_or_else(|d| panic!("{src}: {d:?}"))
        })
        .collect()
}

fn bench_eval(c: &mut Criterion) {
    let exprs = expressions();
    let evaluator = Evaluator::new(Rc::new(
        FixedEnvironment::new().with_var("HOME", "/home/alloy"),
    ));
    let mut group = c.benchmark_group("eval");
    group.sample_size(10);
    group.throughput(Throughput::Elements(COUNT as u64));
    group.bench_function("100k_mixed_expressions", |b| {
        b.iter(|| {
            let mut ok = 0usize;
            for e in &exprs {
                if evaluator.eval(black_box(e), &EmptyScope).is_ok() {
                    ok += 1;
                }
            }
            ok
        })
    });
    group.bench_function("100k_mixed_expressions_and_print", |b| {
        b.iter(|| {
            let mut bytes = 0usize;
            for e in &exprs {
                if let Ok(v) = evaluator.eval(black_box(e), &EmptyScope) {
                    bytes += alloy_eval::print_value(&v).len();
                }
            }
            bytes
        })
    });
    group.finish();
}

criterion_group!(benches, bench_eval);
criterion_main!(benches);
