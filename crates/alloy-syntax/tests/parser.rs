use alloy_syntax::ast::*;
use alloy_syntax::{parse, parse_bytes, parse_expression, NESTING_TOO_DEEP};

fn expr(src: &str) -> Expr {
    parse_expression(src).unwrap_or_else(|d| panic!("{src}: {d:?}"))
}

/// Renders an expression with full parentheses to check structure.
fn shape(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Number(s) | ExprKind::String(s) | ExprKind::RawString(s) => s.to_string(),
        ExprKind::Bool { value, .. } => value.to_string(),
        ExprKind::Null { .. } => "null".into(),
        ExprKind::Ident(i) => i.name.to_string(),
        ExprKind::Path(path) => path.dotted().into_owned(),
        ExprKind::Array { elems, .. } => format!(
            "[{}]",
            elems.iter().map(shape).collect::<Vec<_>>().join(", ")
        ),
        ExprKind::Object { fields, .. } => {
            format!(
                "{{{}}}",
                fields
                    .iter()
                    .map(|f| format!("{}={}", f.key, shape(&f.value)))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        ExprKind::Access(access) => {
            let alloy_syntax::ast::Access { value, name, .. } = &**access;
            format!("{}.{}", shape(value), name.name)
        }
        ExprKind::Index(index) => {
            let alloy_syntax::ast::Index { value, index, .. } = &**index;
            format!("{}[{}]", shape(value), shape(index))
        }
        ExprKind::Call(call) => format!(
            "{}({})",
            shape(&call.func),
            call.args.iter().map(shape).collect::<Vec<_>>().join(", ")
        ),
        ExprKind::Unary { op, operand, .. } => format!("({}{})", op.as_str(), shape(operand)),
        ExprKind::Binary(binary) => {
            let alloy_syntax::ast::Binary { op, lhs, rhs, .. } = &**binary;
            format!("({} {} {})", shape(lhs), op.as_str(), shape(rhs))
        }
        ExprKind::Paren { inner, .. } => format!("<{}>", shape(inner)),
        ExprKind::Error { partial, .. } => match partial {
            Some(p) => format!("ERROR({})", shape(p)),
            None => "ERROR".into(),
        },
    }
}

/// Top-level statements: attribute names, and blocks as `name:statement count`.
fn statement_names(file: &File) -> Vec<String> {
    file.body
        .iter()
        .map(|s| match s {
            Stmt::Attribute(a) => a.name.name.to_string(),
            Stmt::Block(b) if b.rcurly_missing() => {
                format!("{}:{} (no closing brace)", b.full_name(), b.body.len())
            }
            Stmt::Block(b) => format!("{}:{}", b.full_name(), b.body.len()),
        })
        .collect()
}

/// 1-based line of each diagnostic's primary span.
fn error_lines(src: &str, p: &alloy_syntax::Parse) -> Vec<usize> {
    p.diagnostics
        .iter()
        .map(|d| {
            src[..d.primary_span().unwrap().start as usize]
                .lines()
                .count()
        })
        .collect()
}

#[test]
fn operator_precedence_and_associativity() {
    assert_eq!(
        shape(&expr("1 + 2 * 3 ^ 2 ^ 2")),
        "(1 + (2 * (3 ^ (2 ^ 2))))"
    );
    assert_eq!(shape(&expr("-2 ^ 2")), "((-2) ^ 2)");
    assert_eq!(
        shape(&expr("a || b && c == d + e")),
        "(a || (b && (c == (d + e))))"
    );
    assert_eq!(shape(&expr("1 - 2 - 3")), "((1 - 2) - 3)");
    assert_eq!(shape(&expr("!a.b[0](1, 2,).c")), "(!a.b[0](1, 2).c)");
    assert_eq!(shape(&expr("1 < 2 == true")), "((1 < 2) == true)");
    assert_eq!(shape(&expr("(1 + 2) * 3")), "(<(1 + 2)> * 3)");
    assert_eq!(
        shape(&expr("{a = 1, \"b c\" = [1, 2,],}")),
        "{a=1, b c=[1, 2]}"
    );
}

#[test]
fn expression_entry_stops_at_newline_like_alloy() {
    assert_eq!(shape(&expr("1\n+ 2")), "1");
    assert!(parse_expression("1 +").is_err());
    assert!(parse_expression("[1, 2], 3").is_err());
}

#[test]
fn expression_entry_reads_newlines_inside_its_brackets() {
    // A block written as a value holds statements on lines of their own; the mistake Go
    // reports is in its second line, not at a cut after the first.
    let text = "f(0 {a = 1\n`s`})";
    let diagnostics = parse_expression(text).unwrap_err();
    let first = diagnostics[0].primary_span().expect("a located mistake");
    assert_eq!(&text[first.start as usize..first.end as usize], "`s`");
}

#[test]
fn statements_spans_and_comments() {
    let src = "// head\nlogging {\n\tlevel = \"info\" // trailing\n}\n\nprometheus.scrape \"default\" {\n\ttargets = [{\"__address__\" = \"x:1\"}]\n\tforward_to = [prometheus.remote_write.default.receiver]\n}\n";
    let p = parse(src);
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    assert_eq!(p.file.body.len(), 2);
    let Stmt::Block(b) = &p.file.body[1] else {
        panic!()
    };
    assert_eq!(b.full_name(), "prometheus.scrape");
    assert_eq!(b.label_value(), Some("default"));
    assert_eq!(
        &src[b.span().range()],
        &src[src.find("prometheus").unwrap()..src.len() - 1]
    );
    let Stmt::Attribute(a) = &b.body[0] else {
        panic!()
    };
    assert_eq!(
        &src[a.span().range()],
        "targets = [{\"__address__\" = \"x:1\"}]"
    );
    let comments: Vec<&str> = p.file.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(comments, vec!["// head", "// trailing"]);
    assert_eq!(&src[p.file.comments[1].span().range()], "// trailing");
}

#[test]
fn rejects_what_alloy_rejects() {
    for bad in [
        "a = 1;\n",
        "a = 'x'\n",
        "a.b = 1\n",
        "a \"l\" = 1\n",
        "a \"not valid\" { }\n",
        "a `l` { }\n",
        "a = [1,\n2\n]\n",
        "a = f(1\n)\n",
        "a = 1 b = 2\n",
        "a = b { }\n",
        "a = 1 /* multi\nline */ + 2\n",
        "null = 1\n",
        "a = {true = 1}\n",
        "a = 1e\n",
        "a = \"\\q\"\n",
    ] {
        let p = parse(bad);
        assert!(p.has_errors(), "accepted {bad:?}");
    }
    for good in [
        "a = [\n1,\n2,\n]\n",
        "a \"\" { }\n",
        "a = {`k` = 1, \"\" = 2}\n",
        "x = 08 + 1. + .5\n",
        "\u{feff}a = 1\r\nb = 2\r\n",
    ] {
        let p = parse(good);
        assert!(!p.has_errors(), "rejected {good:?}: {:?}", p.diagnostics);
    }
}

#[test]
fn recovery_reports_independent_mistakes_and_keeps_good_statements() {
    let src = "a = 1\nb = = 2\nc = 3\nblock {\n  x = [1 2]\n  y = 4\n}\nd = )\ne = 5\n";
    let p = parse(src);
    let lines = error_lines(src, &p);
    assert_eq!(lines, vec![2, 5, 8], "{:#?}", p.diagnostics);
    // Broken statements are in the tree too, with error values.
    let names = statement_names(&p.file);
    assert_eq!(names, vec!["a", "b", "c", "block:2", "d", "e"]);
    let values: Vec<String> = attributes(&p.file.body)
        .iter()
        .map(|a| format!("{}={}", a.name.name, shape(&a.value)))
        .collect();
    assert_eq!(
        values,
        [
            "a=1",
            "b=ERROR",
            "c=3",
            "x=[ERROR(1)]",
            "y=4",
            "d=ERROR",
            "e=5"
        ]
    );
}

/// Every attribute, blocks' included, in source order.
fn attributes(body: &[Stmt]) -> Vec<&Attribute> {
    let mut out = Vec::new();
    for stmt in body {
        match stmt {
            Stmt::Attribute(a) => out.push(a),
            Stmt::Block(b) => out.extend(attributes(&b.body)),
        }
    }
    out
}

#[test]
fn diagnostics_say_what_was_expected_with_a_hint() {
    let p = parse("a = [\n  1,\n  2\n]\n");
    let d = &p.diagnostics[0];
    assert_eq!(d.message, "expected `]` or `,`, got newline");
    assert!(d.help.as_deref().unwrap().contains("trailing comma"));
    let p = parse("a = \n");
    assert!(
        p.diagnostics[0].message.starts_with("expected expression"),
        "{}",
        p.diagnostics[0].message
    );
}

#[test]
fn invalid_utf8_is_a_diagnostic() {
    let p = parse_bytes(b"a = \"\xff\"\nb = 2\n");
    assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
    assert_eq!(p.diagnostics[0].message, "illegal UTF-8 encoding");
    assert_eq!(p.diagnostics[0].primary_span().unwrap().start, 5);
}

/// 100,000-deep nesting gives a diagnostic, never a stack overflow or a panic. Runs on a
/// thread with a small (1 MiB) stack to prove nothing recurses per level.
#[test]
fn deep_nesting_is_a_diagnostic() {
    let n = 100_000;
    let cases = vec![
        format!("a = {}1{}\n", "[".repeat(n), "]".repeat(n)),
        format!("a = {}1{}\n", "(".repeat(n), ")".repeat(n)),
        format!("a = {}1{}\n", "{b = ".repeat(n), "}".repeat(n)),
        format!("a = {}1\n", "-".repeat(n)),
        format!("a = 1{}\n", " + 1".repeat(n)),
        format!("a = f{}\n", "()".repeat(n)),
        format!("{}{}", "b {\n".repeat(n), "}\n".repeat(n)),
    ];
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            for src in cases {
                let p = parse(&src);
                assert!(
                    p.diagnostics
                        .iter()
                        .any(|d| d.code == NESTING_TOO_DEEP.name),
                    "{:?}",
                    p.diagnostics.first()
                );
                assert!(parse_expression(&src[4..]).is_err());
            }
            // Reasonable nesting is fine.
            let ok = format!("a = {}1{}\n", "[".repeat(200), "]".repeat(200));
            assert!(!parse(&ok).has_errors());
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn no_cascade_from_the_rest_of_a_broken_statement() {
    let src = "a = [1,\n 2\n]\nb = 1;\nc = {\n  x = (1 + ,\n}\nd = 2\n";
    let p = parse(src);
    let lines = error_lines(src, &p);
    assert_eq!(lines, vec![2, 4, 6], "{:#?}", p.diagnostics);
    let names = statement_names(&p.file);
    assert_eq!(names, vec!["a", "b", "c", "d"]);
}

/// A broken statement whose recovery would swallow a closer still leaves every well-formed
/// top-level statement in the result, and reports one mistake. The broken statement takes
/// what its brackets hold (the object's `}` is not the block's), so `z` stays in the block.
#[test]
fn unrecoverable_statement_keeps_the_rest_of_the_file() {
    let src = "a = 1\nblock {\n  x y = {\n    k = 1,\n  }\n  z = 2\n}\nb = 2\n";
    let p = parse(src);
    assert_eq!(p.diagnostics.len(), 1, "{:#?}", p.diagnostics);
    let names = statement_names(&p.file);
    assert_eq!(names, vec!["a", "block:1", "b"]);
    assert_eq!(attributes(&p.file.body)[1].name.name, "z");
}

/// The example from the recovery issue: a reference being typed. Only the syntax error is
/// reported, and the block keeps both attributes; the broken value keeps what parsed.
#[test]
fn value_being_typed_keeps_the_block_and_the_reference() {
    let src = "prometheus.scrape \"s\" {\n  targets = local.file_match.\n  forward_to = []\n}\n";
    let p = parse(src);
    assert_eq!(p.diagnostics.len(), 1, "{:#?}", p.diagnostics);
    assert_eq!(p.diagnostics[0].message, "expected `}` or newline, got `=`");
    assert_eq!(statement_names(&p.file), ["prometheus.scrape:2"]);
    let attrs = attributes(&p.file.body);
    assert_eq!(attrs[0].name.name, "targets");
    assert_eq!(shape(&attrs[0].value), "ERROR(local.file_match)");
    assert_eq!(&src[attrs[0].span().range()], "targets = local.file_match.");
    assert_eq!(&src[attrs[1].span().range()], "forward_to = []");
}

/// An unclosed `{`: the block is closed where the indentation shows, and every later statement
/// is still in the tree.
#[test]
fn unclosed_block_is_closed_where_the_indentation_shows() {
    let src = "logging {\n  level = \"info\"\n\nprometheus.scrape \"s\" {\n  targets = []\n  forward_to = []\n}\n\nx = 1\n";
    let p = parse(src);
    assert_eq!(p.diagnostics.len(), 1, "{:#?}", p.diagnostics);
    assert_eq!(p.diagnostics[0].message, "expected `}`, got end of file");
    assert_eq!(
        statement_names(&p.file),
        ["logging:1 (no closing brace)", "prometheus.scrape:2", "x"]
    );
    let Stmt::Block(logging) = &p.file.body[0] else {
        panic!()
    };
    assert_eq!(
        &src[logging.span().range()],
        "logging {\n  level = \"info\""
    );
    // Without indentation to go by, the block ends where the file does.
    let p = parse("a {\nb = 1\nc {\nd = 2\n}\n");
    assert_eq!(statement_names(&p.file), ["a:2 (no closing brace)"]);
}

#[test]
fn recovery_shapes() {
    let cases = [
        ("x = [1, 2\ny = 3\n", vec!["x=[1, 2]", "y=3"]),
        (
            "b {\n  x = f(1,\n  y = 2 +\n  z = {a = 1 b = 2}\n}\n",
            vec!["x=f(1)", "y=(2 + ERROR)", "z={a=ERROR(1)}"],
        ),
        (
            "x = a.b.\ny = [1, , 2]\n",
            vec!["x=ERROR(a.b)", "y=[1, ERROR, 2]"],
        ),
        (".scrape \"s\" {\n  x = 1\n}\n", vec!["x=1"]),
    ];
    for (src, want) in cases {
        let p = parse(src);
        assert!(p.has_errors(), "{src:?}");
        let got: Vec<String> = attributes(&p.file.body)
            .iter()
            .map(|a| format!("{}={}", a.name.name, shape(&a.value)))
            .collect();
        assert_eq!(got, want, "{src:?}");
    }
    // The header-less block of the last case.
    let p = parse(".scrape \"s\" {\n  x = 1\n}\n");
    let Stmt::Block(b) = &p.file.body[0] else {
        panic!()
    };
    assert!(b.name_missing() && !b.rcurly_missing());
}

/// Nodes stay small: every node is allocated per statement or expression, so their size is
/// parse speed and memory (docs/PERFORMANCE.md). Strings are slices of the shared source,
/// spans are derived, lists are thin, blocks and the larger expressions are boxed.
#[test]
fn node_sizes() {
    assert_eq!(std::mem::size_of::<Stmt>(), 40);
    assert_eq!(std::mem::size_of::<Expr>(), 24);
    assert_eq!(std::mem::size_of::<Ident>(), 16);
    assert_eq!(std::mem::size_of::<ObjectField>(), 48);
    assert_eq!(std::mem::size_of::<Comment>(), 16);
    // Boxed: 56 bytes is glibc's 64-byte chunk.
    assert_eq!(std::mem::size_of::<Block>(), 56);
}

/// A block written where a value is due: Alloy reads the block (its mistakes are reported
/// first, as Alloy finds them), then reports the block itself; its body stays in the tree.
#[test]
fn block_as_a_value_is_read_as_alloy_reads_it() {
    let src = "a {\n  x = b \"l\" {\n    y = 1\n  } + 1\n}\n";
    let p = parse(src);
    assert_eq!(p.diagnostics.len(), 1, "{:#?}", p.diagnostics);
    assert_eq!(
        p.diagnostics[0].message,
        "cannot use a block as an expression"
    );
    assert_eq!(error_lines(src, &p), vec![2]);
    let names: Vec<&str> = attributes(&p.file.body)
        .iter()
        .map(|a| a.name.name.as_str())
        .collect();
    assert_eq!(names, ["x", "y"]);

    // Inside the block: its error comes first (Alloy's first error is on line 2), the
    // block's own (line 1) when its `}` is read.
    let src = "x = a {\n  = 1\n  y = 2\n}\n";
    let p = parse(src);
    let lines = error_lines(src, &p);
    assert_eq!(lines.first(), Some(&2), "{:#?}", p.diagnostics);
    assert_eq!(lines.last(), Some(&1), "{:#?}", p.diagnostics);
}

/// A dotted name is one slice of the source, read part by part; blanks and comments between
/// the parts are not part of them. A label's span has its quotes.
#[test]
fn block_names_and_labels_read_from_the_source() {
    let src = "a.b /* c */ . d \"l\" {\n}\n";
    let p = parse(src);
    let Stmt::Block(b) = &p.file.body[0] else {
        panic!()
    };
    let parts: Vec<_> = b
        .name
        .parts()
        .map(|p| (p.name, &src[p.span.range()]))
        .collect();
    assert_eq!(parts, [("a", "a"), ("b", "b"), ("d", "d")]);
    assert_eq!(b.full_name(), "a.b.d");
    assert!(b.name.is("a.b.d") && !b.name.is("a.b") && b.name.part_count() == 3);
    assert_eq!(&src[b.label.as_ref().unwrap().span().range()], "\"l\"");
    assert_eq!(&src[b.span().range()], &src[..src.len() - 1]);
}

/// Field accesses on an identifier are one path, read part by part (blanks and comments
/// between the parts are not part of them); field accesses on anything else stay accesses.
#[test]
fn field_accesses_on_an_identifier_are_one_path() {
    let src = "a.b /* c */ . d";
    let e = expr(src);
    let ExprKind::Path(path) = &e.kind else {
        panic!("{e:?}")
    };
    let parts: Vec<_> = path
        .parts()
        .map(|p| (p.name, &src[p.span.range()]))
        .collect();
    assert_eq!(parts, [("a", "a"), ("b", "b"), ("d", "d")]);
    let idents: Vec<_> = path
        .idents()
        .map(|i| (i.name.to_string(), i.span()))
        .collect();
    assert_eq!(idents[2], ("d".to_string(), Span::new(14, 15)));
    assert_eq!(e.span(), Span::new(0, 15));

    let e = expr("f(x).a.b");
    let ExprKind::Access(outer) = &e.kind else {
        panic!("{e:?}")
    };
    assert!(
        matches!(&outer.value.kind, ExprKind::Access(inner) if matches!(inner.value.kind, ExprKind::Call(_)))
    );
    assert_eq!(shape(&expr("a.b[0].c(d.e).f")), "a.b[0].c(d.e).f");
    assert!(matches!(expr("a").kind, ExprKind::Ident(_)));
}

/// Line, byte column and message of the first diagnostic.
fn first_mistake(src: &str, diagnostics: &[alloy_diagnostics::Diagnostic]) -> (u32, u32, String) {
    let d = diagnostics.first().expect("a diagnostic");
    let index = alloy_diagnostics::LineIndex::new(src);
    let at = index.byte_line_col(d.primary_span().expect("a span").start);
    (at.line, at.col, d.message.clone())
}

/// The first mistake is the one Alloy's parser reports first (differential fuzzing against
/// `alloy-ref-parse` and `alloy-ref-eval`, `fixtures/diff/`): Go's scanner reads one character
/// ahead and rejects a NUL or a byte order mark as it reads it, its parser reports a mistake
/// once it has scanned the token after the one it is about, and some mistakes (a block read as
/// a value, a dotted or labelled attribute name) are reported as it reads on.
#[test]
fn mistakes_come_in_the_order_go_finds_them() {
    for (src, line, col, message) in [
        ("a = (1\n\0", 2, 1, "illegal character NUL"),
        ("a = \"x\u{feff}y\"\n", 1, 7, "illegal byte order mark"),
        ("a = 1@\0\n", 1, 7, "illegal character NUL"),
        (
            "a `x\ny` = 1\n",
            1,
            3,
            "expected block label to be a double quoted string, but got \"`x\\ny`\"",
        ),
        (
            "a.\nb = 1\n",
            1,
            1,
            "attribute names may only consist of a single identifier with no \".\"",
        ),
        ("a \"l\" = 1\n", 1, 3, "attribute names may not have labels"),
        (
            "x = a {\n}  b\n",
            1,
            5,
            "cannot use a block as an expression",
        ),
        (
            "x = f(1) \"l\" {\n}\n",
            1,
            5,
            "cannot use a block as an expression",
        ),
        ("x = [0 `\n` , 1]\n", 2, 3, "expected `{`, got `,`"),
        (
            "declare \"a\" {\n  export\" output\" {\n    value := 1\n  }\n}\n",
            2,
            9,
            "expected block label to be a valid identifier, but got \" output\"",
        ),
    ] {
        let parse = parse(src);
        let (l, c, m) = first_mistake(src, &parse.diagnostics);
        assert_eq!((l, c, m.as_str()), (line, col, message), "{src:?}");
    }
    // An unterminated label ending in a multi-byte character (a panic found by diff_parse).
    let (line, col, message) =
        first_mistake("ut\" \u{feff}\n", &parse("ut\" \u{feff}\n").diagnostics);
    assert_eq!(
        (line, col, message.as_str()),
        (1, 5, "illegal byte order mark")
    );
    for (src, line, col) in [
        ("1\n'a'", 2, 1),
        ("1 // c\n@", 2, 1),
        ("\u{13}\0", 1, 2),
        ("joi{a = 1}  b", 1, 1),
        ("x {a.b = 1}", 1, 4),
    ] {
        let diagnostics = parse_expression(src).expect_err(src);
        let (l, c, _) = first_mistake(src, &diagnostics);
        assert_eq!((l, c), (line, col), "{src:?}");
    }
}

/// A chunk of configuration whose blank lines are followed by lines that start like top-level
/// statements, some of them where no statement starts: inside a block comment, a raw string
/// and an unindented block body.
const PIECES_CHUNK: &str = r#"prometheus.scrape "a" {
  targets = [{"__address__" = "localhost:9090"}]
}

/*
Commented out:

prometheus.scrape "b" {
}
*/

local.file "rules" {
  content = `
groups = 1

name = "x"
`
}

logging {

level = "info"
}

x = true &&

y == 2
"#;

/// Files of a megabyte and more are parsed in pieces on several threads; the tree and the
/// diagnostics are those of one sequential parse (`parse_keeping_tokens` is one).
#[test]
fn large_files_parse_in_pieces_as_in_one() {
    let mut text = String::new();
    while text.len() <= 1 << 20 {
        text.push_str(PIECES_CHUNK);
        text.push('\n');
    }
    let (sequential, _) = alloy_syntax::parse_keeping_tokens(&text);
    assert!(sequential.diagnostics.is_empty());
    assert_eq!(parse(&text).file, sequential.file);
    // Pieces of every size: cuts inside the comment, raw string, block and statement are
    // parsed again with the next piece.
    let shared = std::sync::Arc::new(text.clone());
    for min_piece in [0, 1, 100, 1000, 10_000] {
        let in_pieces = alloy_syntax::parse_in_pieces(&shared, min_piece).expect("parses");
        assert_eq!(
            in_pieces.file, sequential.file,
            "pieces of {min_piece} bytes"
        );
    }

    // A block comment across many pieces, with cuts inside it at every size of piece.
    let comment_lines = "\nprometheus.scrape \"c\" {\n}\n".repeat(20_000);
    let with_comment = format!("{text}/*{comment_lines}*/\n{text}");
    let (sequential, _) = alloy_syntax::parse_keeping_tokens(&with_comment);
    assert!(
        sequential.diagnostics.is_empty(),
        "{:?}",
        &sequential.diagnostics[..1]
    );
    assert_eq!(parse(&with_comment).file, sequential.file);

    // A mistake: the same diagnostics as a sequential parse.
    let broken = format!("{text}\nbroken = [\n\n{text}");
    let (sequential, _) = alloy_syntax::parse_keeping_tokens(&broken);
    let parsed = parse(&broken);
    assert!(!parsed.diagnostics.is_empty());
    assert_eq!(parsed.diagnostics, sequential.diagnostics);
    assert_eq!(parsed.file, sequential.file);
}
