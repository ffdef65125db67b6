//! Never crash: every request at every position of every byte prefix of a sample of
//! conformance inputs is answered with a result or an error response, and nothing panics.
//!
//! - `every_request_at_every_{utf16,utf8}_position_of_every_prefix` (exhaustive, in process,
//!   half the sample each): the inputs
//!   of [`exhaustive_sample`] (small ones from every suite: one of each kind of syntax error
//!   the parse suite makes, its hand-written edge cases, and the smallest inputs that together
//!   hold every construct of [`CONSTRUCTS`] and a call of every standard-library function the
//!   eval suite calls). Every byte prefix is sent as the document's text (a cut inside a UTF-8
//!   sequence leaves a replacement character); its diagnostics must be published; then every
//!   request kind is asked, the positional ones at every position (every column of every line,
//!   in the negotiated unit, plus columns and lines past the end). It runs the server's own
//!   loop (`alloy_lsp::server::serve`: dispatch, `catch_unwind` and the diagnostics worker,
//!   as the binary) on a thread over an in-memory connection: no pipes, so millions of
//!   requests fit in the test run. A panic hook records a panic on any thread (the main loop
//!   or the worker) and fails the test.
//! - `the_process_answers_every_request_at_sampled_positions_of_sampled_prefixes` (the real
//!   binary over stdio): a sample of prefixes and positions of other inputs.
//!
//! The requests grow with the square of an input's size (prefixes × positions), so the
//! exhaustive sample takes inputs of at most 150 bytes: 126 inputs, 5,406 prefixes, about
//! 214,000 positions, 2.1 million requests, about 3 minutes of CPU in a debug build.
//!
//! Skips with a message when `shared/` is absent. `ALLOY_LSP_ROBUSTNESS_MAX_BYTES` bounds the
//! exhaustive sample's inputs (default 150), `ALLOY_LSP_ROBUSTNESS_ONLY=NAME` runs only the
//! inputs whose name contains `NAME`; `ALLOY_LSP_ROBUSTNESS_FILES` (default 10) and
//! `ALLOY_LSP_ROBUSTNESS_PREFIXES` (default 16) scale the process sample.

mod common;

use alloy_syntax::ast::{Block, Expr, ExprKind, Stmt};
use alloy_syntax::visit::{walk_block, walk_expr, Visitor};
use common::{uri, Client};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("ALLOY_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    dir.join("conformance").is_dir().then_some(dir)
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One input: where it comes from and its bytes.
struct Input {
    name: String,
    bytes: Vec<u8>,
}

fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    all.sort();
    all
}

fn read(path: &Path) -> Input {
    Input {
        name: path.file_name().unwrap().to_string_lossy().into_owned(),
        bytes: std::fs::read(path).unwrap(),
    }
}

/// What an input must show, together, for the sample to cover the language.
const CONSTRUCTS: &[&str] = &[
    "accepted",
    "rejected",
    "block",
    "labelled block",
    "nested block",
    "attribute",
    "line comment",
    "block comment",
    "number (integer)",
    "number (float)",
    "string",
    "string with escapes",
    "raw string",
    "bool",
    "null",
    "identifier",
    "array",
    "object",
    "object with a quoted key",
    "access",
    "index",
    "call",
    "unary Not",
    "unary Neg",
    "binary Or",
    "binary And",
    "binary Eq",
    "binary NotEq",
    "binary Lt",
    "binary LtEq",
    "binary Gt",
    "binary GtEq",
    "binary Add",
    "binary Sub",
    "binary Mul",
    "binary Div",
    "binary Mod",
    "binary Pow",
    "parenthesis",
    "error expression",
    "component reference",
    "standard-library call",
    "declare",
    "argument",
    "export",
    "custom component",
    "import.file",
    "import.string",
    "foreach",
    "non-ASCII text",
    "text outside the BMP",
    "CRLF",
    "BOM",
];

#[derive(Default)]
struct Constructs {
    found: BTreeSet<String>,
    declares: BTreeSet<String>,
    blocks: Vec<String>,
}

impl Constructs {
    fn add(&mut self, what: impl Into<String>) {
        self.found.insert(what.into());
    }
}

impl<'a> Visitor<'a> for Constructs {
    fn visit_block(&mut self, block: &'a Block) {
        let name = block.full_name();
        self.add(if block.label.is_some() {
            "labelled block"
        } else {
            "block"
        });
        if block.body.iter().any(|s| matches!(s, Stmt::Block(_))) {
            self.add("nested block");
        }
        if let "declare" | "argument" | "export" | "import.file" | "import.string" | "foreach" =
            name.as_str()
        {
            self.add(name.clone());
        }
        if name == "declare" {
            self.declares
                .extend(block.label_value().map(str::to_string));
        }
        self.blocks.push(name);
        walk_block(self, block);
    }

    fn visit_attribute(&mut self, attribute: &'a alloy_syntax::ast::Attribute) {
        self.add("attribute");
        alloy_syntax::visit::walk_attribute(self, attribute);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match &expr.kind {
            ExprKind::Number(n) => self.add(if n.contains(['.', 'e', 'E']) {
                "number (float)"
            } else {
                "number (integer)"
            }),
            ExprKind::String(s) => {
                self.add("string");
                if s.contains('\\') {
                    self.add("string with escapes");
                }
            }
            ExprKind::RawString(_) => self.add("raw string"),
            ExprKind::Bool { .. } => self.add("bool"),
            ExprKind::Null { .. } => self.add("null"),
            ExprKind::Ident(_) => self.add("identifier"),
            ExprKind::Array { .. } => self.add("array"),
            ExprKind::Object { fields, .. } => {
                self.add("object");
                if fields.iter().any(|f| f.quoted) {
                    self.add("object with a quoted key");
                }
            }
            // A path is field accesses on an identifier.
            ExprKind::Access(_) | ExprKind::Path(_) => {
                self.add("access");
                if dotted(expr).is_some_and(|d| d.split('.').count() >= 3) {
                    self.add("component reference");
                }
            }
            ExprKind::Index(_) => self.add("index"),
            ExprKind::Call(call) => {
                self.add("call");
                if let Some(f) = dotted(&call.func).and_then(|name| alloy_schema::function(&name)) {
                    self.add("standard-library call");
                    self.add(format!("function {}", f.name));
                }
            }
            ExprKind::Unary { op, .. } => self.add(format!("unary {op:?}")),
            ExprKind::Binary(binary) => self.add(format!("binary {:?}", binary.op)),
            ExprKind::Paren { .. } => self.add("parenthesis"),
            ExprKind::Error { .. } => self.add("error expression"),
        }
        walk_expr(self, expr);
    }
}

/// `a.b.c` for an identifier with field accesses.
fn dotted(expr: &Expr) -> Option<String> {
    match &expr.kind {
        ExprKind::Ident(i) => Some(i.name.to_string()),
        ExprKind::Path(path) => Some(path.dotted().into_owned()),
        ExprKind::Access(access) => {
            Some(format!("{}.{}", dotted(&access.value)?, access.name.name))
        }
        _ => None,
    }
}

/// The constructs `bytes` shows.
fn constructs(bytes: &[u8]) -> BTreeSet<String> {
    let text = String::from_utf8_lossy(bytes);
    let parse = alloy_syntax::parse(&text);
    let mut c = Constructs::default();
    c.add(if parse.has_errors() {
        "rejected"
    } else {
        "accepted"
    });
    alloy_syntax::visit::walk_file(&mut c, &parse.file);
    for comment in &parse.file.comments {
        c.add(if comment.is_block() {
            "block comment"
        } else {
            "line comment"
        });
    }
    if c.blocks.iter().any(|b| c.declares.contains(b)) {
        c.add("custom component");
    }
    if !text.is_ascii() {
        c.add("non-ASCII text");
    }
    if text.chars().any(|ch| ch.len_utf16() == 2) {
        c.add("text outside the BMP");
    }
    if text.contains("\r\n") {
        c.add("CRLF");
    }
    if text.starts_with('\u{feff}') {
        c.add("BOM");
    }
    c.found
}

/// An expression of the eval suite as a config: the value of an attribute of a component, so
/// hover evaluates it and signature help sees its calls.
fn eval_case_config(case: &str) -> Vec<u8> {
    format!("local.file \"x\" {{\n\tfilename = {case}\n}}\n").into_bytes()
}

/// The exhaustive sample, inputs of at most `max` bytes: the smallest input of each kind of
/// mutation of the parse suite (`mut__NNNN__KIND`), its hand-written edge cases, then the
/// smallest inputs of every suite (fmt, parse, the eval suite's expressions) that add a
/// construct (of [`CONSTRUCTS`], or a standard-library function) not shown yet.
fn exhaustive_sample(shared: &Path, max: usize) -> Vec<Input> {
    let conformance = shared.join("conformance");
    let small = |i: &Input| i.bytes.len() <= max;
    let mut chosen: Vec<Input> = Vec::new();

    let mut by_kind: BTreeMap<String, Input> = BTreeMap::new();
    for path in files(&conformance.join("parse"), ".alloy") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(kind) = name
            .strip_prefix("mut__")
            .and_then(|n| n.split_once("__"))
            .map(|(_, k)| k.trim_end_matches(".alloy").to_string())
        else {
            continue;
        };
        let input = read(&path);
        let smaller = by_kind
            .get(&kind)
            .map_or(true, |i| input.bytes.len() < i.bytes.len());
        if small(&input) && smaller {
            by_kind.insert(kind, input);
        }
    }
    assert!(
        by_kind.len() >= 20,
        "the parse suite's mutations: {:?}",
        by_kind.keys()
    );
    chosen.extend(by_kind.into_values());
    chosen.extend(
        files(&conformance.join("parse"), ".alloy")
            .iter()
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("edge__")
            })
            .map(|p| read(p))
            .filter(small),
    );

    let mut candidates: Vec<Input> = files(&conformance.join("fmt"), ".in")
        .iter()
        .chain(&files(&conformance.join("parse"), ".alloy"))
        .map(|p| read(p))
        .filter(small)
        .collect();
    let cases = std::fs::read_to_string(conformance.join("eval/cases.txt")).unwrap();
    candidates.extend(
        cases
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .enumerate()
            .map(|(n, case)| Input {
                name: format!("eval case {}: {case}", n + 1),
                bytes: eval_case_config(case),
            })
            .filter(small),
    );
    candidates.sort_by_key(|i| i.bytes.len());
    let mut covered: BTreeSet<String> = chosen.iter().flat_map(|i| constructs(&i.bytes)).collect();
    for input in candidates {
        let shows = constructs(&input.bytes);
        if !shows.is_subset(&covered) {
            covered.extend(shows);
            chosen.push(input);
        }
    }
    let missing: Vec<&&str> = CONSTRUCTS
        .iter()
        .filter(|c| !covered.contains(**c))
        .collect();
    assert!(
        missing.is_empty(),
        "no input of at most {max} bytes shows {missing:?}"
    );
    chosen
}

/// Every position of `text` a client could send: each column of each line (UTF-16 code units
/// or bytes, so also the middle of a character) and the line's end, then columns past each
/// line's end and lines past the text's end. Lines end at `\n`, `\r\n` or `\r`, as LSP says.
fn every_position(text: &str, utf8: bool) -> Vec<(u32, u32)> {
    let mut lines: Vec<&str> = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['\r', '\n']) {
        lines.push(&rest[..i]);
        let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
        rest = &rest[i + skip..];
    }
    lines.push(rest);
    let mut out = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let width = if utf8 {
            line.len()
        } else {
            line.encode_utf16().count()
        } as u32;
        out.extend((0..=width).map(|c| (n as u32, c)));
        out.push((n as u32, width + 1));
        out.push((n as u32, u32::MAX));
    }
    let past = lines.len() as u32;
    out.extend([(past, 0), (past, 3), (past + 5, 0), (u32::MAX, u32::MAX)]);
    out
}

/// The requests about the whole document.
fn document_requests(doc: &str) -> Vec<(&'static str, Value)> {
    let td = json!({"uri": doc});
    let options = json!({"tabSize": 2, "insertSpaces": true});
    let everything =
        json!({"start": {"line": 0, "character": 0}, "end": {"line": u32::MAX, "character": 0}});
    vec![
        ("textDocument/documentSymbol", json!({"textDocument": td})),
        ("textDocument/foldingRange", json!({"textDocument": td})),
        (
            "textDocument/semanticTokens/full",
            json!({"textDocument": td}),
        ),
        (
            "textDocument/formatting",
            json!({"textDocument": td, "options": options}),
        ),
        (
            "textDocument/rangeFormatting",
            json!({"textDocument": td, "range": everything, "options": options}),
        ),
        (
            "textDocument/codeAction",
            json!({"textDocument": td, "range": everything, "context": {"diagnostics": []}}),
        ),
        ("workspace/symbol", json!({"query": ""})),
    ]
}

/// The requests at one position.
fn position_requests(doc: &str, line: u32, character: u32) -> Vec<(&'static str, Value)> {
    let td = json!({"uri": doc});
    let p = json!({"line": line, "character": character});
    let at = json!({"textDocument": td, "position": p});
    let here = json!({"start": p, "end": p});
    vec![
        ("textDocument/hover", at.clone()),
        ("textDocument/completion", at.clone()),
        ("textDocument/signatureHelp", at.clone()),
        ("textDocument/definition", at.clone()),
        ("textDocument/prepareRename", at.clone()),
        (
            "textDocument/references",
            json!({"textDocument": td, "position": p, "context": {"includeDeclaration": true}}),
        ),
        (
            "textDocument/rename",
            json!({"textDocument": td, "position": p, "newName": "renamed"}),
        ),
        (
            "textDocument/codeAction",
            json!({"textDocument": td, "range": here, "context": {"diagnostics": []}}),
        ),
        (
            "textDocument/rangeFormatting",
            json!({"textDocument": td, "range": here, "options": {"tabSize": 2, "insertSpaces": true}}),
        ),
    ]
}

/// Requests sent and error responses by kind of refusal.
#[derive(Default)]
struct Tally {
    requests: usize,
    errors: BTreeMap<String, usize>,
}

impl Tally {
    /// Asks `method` and checks the answer: a result or an error, never an internal error (a
    /// caught panic). A completion's first item is resolved too.
    fn ask(&mut self, c: &mut Client, method: &str, params: Value, what: &dyn Fn() -> String) {
        let response = c.request_raw(method, params);
        self.requests += 1;
        let error = response.get("error");
        assert!(
            response.get("result").is_some() || error.is_some(),
            "{method} on {}: {response}",
            what()
        );
        if let Some(error) = error {
            assert_ne!(
                error["code"],
                -32603,
                "{method} panicked on {}: {error}",
                what()
            );
            // What kind of refusal (the message up to its first detail).
            let message = error["message"].as_str().unwrap_or_default();
            let kind: String = message.split([':', '"', '`']).next().unwrap_or("").into();
            *self.errors.entry(format!("{method}: {kind}")).or_default() += 1;
        }
        if method == "textDocument/completion" {
            if let Some(first) = response["result"]["items"].get(0) {
                self.ask(c, "completionItem/resolve", first.clone(), what);
            }
        }
    }
}

/// Panics on any thread of this test process, with where they happened.
static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn record_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let thread = std::thread::current().name().unwrap_or("?").to_string();
            PANICS
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(format!("{thread}: {info}"));
            default(info);
        }));
    });
}

fn assert_no_panics(what: &dyn Fn() -> String) {
    // A copy: the assertion's own panic goes through the hook, which takes the lock.
    let panics = PANICS.lock().unwrap_or_else(|e| e.into_inner()).clone();
    assert!(panics.is_empty(), "panics on {}: {panics:#?}", what());
}

#[test]
fn every_request_at_every_utf16_position_of_every_prefix() {
    every_request_at_every_position_of_every_prefix(false);
}

#[test]
fn every_request_at_every_utf8_position_of_every_prefix() {
    every_request_at_every_position_of_every_prefix(true);
}

/// The exhaustive test over half the sample (the even inputs in UTF-16, the odd ones in UTF-8).
fn every_request_at_every_position_of_every_prefix(utf8: bool) {
    let Some(shared) = shared_dir() else {
        eprintln!("skipping: shared/conformance not found (set ALLOY_SHARED_DIR)");
        return;
    };
    record_panics();
    let sample = exhaustive_sample(&shared, env_usize("ALLOY_LSP_ROBUSTNESS_MAX_BYTES", 150));
    // To reproduce a failure: only the inputs whose name contains this.
    let only = std::env::var("ALLOY_LSP_ROBUSTNESS_ONLY").unwrap_or_default();
    let inputs: Vec<&Input> = sample
        .iter()
        .skip(usize::from(utf8))
        .step_by(2)
        .filter(|i| i.name.contains(&only))
        .collect();
    let capabilities = match utf8 {
        true => json!({"general": {"positionEncodings": ["utf-8"]}}),
        false => json!({}),
    };
    let (mut c, init) = Client::in_process(capabilities, json!({"diagnosticsDelayMs": 0}));
    let encoding = if utf8 { "utf-8" } else { "utf-16" };
    assert_eq!(init["capabilities"]["positionEncoding"], encoding);
    let positions: usize = inputs
        .iter()
        .flat_map(|i| (0..=i.bytes.len()).map(|cut| &i.bytes[..cut]))
        .map(|prefix| every_position(&String::from_utf8_lossy(prefix), utf8).len())
        .sum();
    eprintln!(
        "{encoding}: {} inputs, {} prefixes, {positions} positions",
        inputs.len(),
        inputs.iter().map(|i| i.bytes.len() + 1).sum::<usize>()
    );
    let dir = tempfile::tempdir().unwrap();
    let doc = uri(&dir.path().join("config.alloy"));
    c.open(&doc, "");
    let started = Instant::now();
    let mut tally = Tally::default();
    let (mut prefixes, mut version) = (0usize, 1i64);
    for input in &inputs {
        for cut in 0..=input.bytes.len() {
            let what = || format!("{} cut at {cut}", input.name);
            let text = String::from_utf8_lossy(&input.bytes[..cut]).into_owned();
            version += 1;
            prefixes += 1;
            c.change(&doc, version, json!([{"text": text}]));
            c.diagnostics(&doc, version);
            for (method, params) in document_requests(&doc) {
                tally.ask(&mut c, method, params, &what);
            }
            for (line, character) in every_position(&text, utf8) {
                for (method, params) in position_requests(&doc, line, character) {
                    tally.ask(&mut c, method, params, &what);
                }
            }
            assert_no_panics(&what);
        }
        assert!(c.is_alive(), "the server loop ended on {}", input.name);
        eprintln!(
            "{encoding}: {} ({} bytes) done: {} requests so far, {:.1?}",
            input.name,
            input.bytes.len(),
            tally.requests,
            started.elapsed()
        );
    }
    let bytes: usize = inputs.iter().map(|i| i.bytes.len()).sum();
    eprintln!(
        "{encoding}: {} requests on {prefixes} prefixes of {} inputs ({bytes} bytes: {}) in {:.1?}; error responses: {:#?}",
        tally.requests,
        inputs.len(),
        inputs.iter().map(|i| i.name.as_str()).collect::<Vec<_>>().join(", "),
        started.elapsed(),
        tally.errors
    );
    assert!(c.shutdown());
}

/// `n` inputs of a suite spread over its sorted list, below 3,000 bytes.
fn spread(dir: &Path, suffix: &str, n: usize) -> Vec<PathBuf> {
    let all: Vec<PathBuf> = files(dir, suffix)
        .into_iter()
        .filter(|p| p.metadata().is_ok_and(|m| m.len() > 0 && m.len() < 3000))
        .collect();
    if all.is_empty() || n == 0 {
        return Vec::new();
    }
    let step = (all.len() / n).max(1);
    all.into_iter().step_by(step).take(n).collect()
}

/// `(line, UTF-16 column)` of every `k`-th character boundary, and some past the end.
fn sampled_positions(text: &str, k: usize) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let (mut line, mut col) = (0u32, 0u32);
    for (i, c) in text.chars().enumerate() {
        if i % k == 0 {
            out.push((line, col));
        }
        if c == '\n' {
            line += 1;
            col = 0;
        } else {
            col += c.len_utf16() as u32;
        }
    }
    out.push((line, col));
    out.push((line, col + 7));
    out.push((line + 3, 0));
    out.push((0, 10_000));
    out
}

#[test]
fn the_process_answers_every_request_at_sampled_positions_of_sampled_prefixes() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipping: shared/conformance not found (set ALLOY_SHARED_DIR)");
        return;
    };
    let files_per_suite = env_usize("ALLOY_LSP_ROBUSTNESS_FILES", 10) / 2;
    let prefixes = env_usize("ALLOY_LSP_ROBUSTNESS_PREFIXES", 16).max(1);
    let mut inputs = spread(&shared.join("conformance/fmt"), ".in", files_per_suite);
    inputs.extend(spread(
        &shared.join("conformance/parse"),
        ".alloy",
        files_per_suite,
    ));
    assert!(!inputs.is_empty(), "no conformance inputs found");

    let dir = tempfile::tempdir().unwrap();
    let doc = uri(&dir.path().join("config.alloy"));
    let options = json!({"diagnosticsDelayMs": 0});
    let utf16 = Client::start(json!({}), options.clone()).0;
    let utf8 = Client::start(
        json!({"general": {"positionEncodings": ["utf-8"]}}),
        options,
    )
    .0;
    let mut clients = [utf16, utf8];
    let started = Instant::now();
    let mut tally = Tally::default();
    let mut version = 1;
    for c in clients.iter_mut() {
        c.open(&doc, "");
    }
    for (n, input) in inputs.iter().enumerate() {
        let c = &mut clients[n % 2];
        let bytes = std::fs::read(input).unwrap();
        let mut cuts: Vec<usize> = (0..prefixes).map(|i| i * bytes.len() / prefixes).collect();
        cuts.push(bytes.len());
        cuts.dedup();
        for cut in cuts {
            let what = || format!("{} cut at {cut}", input.display());
            let text = String::from_utf8_lossy(&bytes[..cut]).into_owned();
            version += 1;
            c.change(&doc, version, json!([{"text": text}]));
            c.diagnostics(&doc, version);
            for (method, params) in document_requests(&doc) {
                tally.ask(c, method, params, &what);
            }
            let step = (text.chars().count() / 10).max(1);
            for (line, character) in sampled_positions(&text, step) {
                for (method, params) in position_requests(&doc, line, character) {
                    tally.ask(c, method, params, &what);
                }
            }
        }
        assert!(c.is_alive(), "alloy-lsp died on {}", input.display());
    }
    eprintln!(
        "{} requests on {} inputs in {:.1?}; error responses: {:#?}",
        tally.requests,
        inputs.len(),
        started.elapsed(),
        tally.errors
    );
    for c in clients {
        assert!(c.shutdown());
    }
}
