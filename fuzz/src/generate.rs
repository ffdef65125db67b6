//! Grammar-aware generators driven by libFuzzer's bytes (`arbitrary::Unstructured`): Alloy
//! configs and expressions printed to text with odd whitespace and comments, and occasionally
//! broken; Go regex patterns built from RE2 syntax pieces. When the bytes run out every choice
//! falls back to its first option, so any input gives a finite, small text.

use libfuzzer_sys::arbitrary::Unstructured;

/// How deep nested blocks and expressions go: deep enough for precedence and nesting bugs,
/// shallow enough to keep each input small.
const MAX_DEPTH: u32 = 5;

struct Gen<'a, 'b> {
    u: &'b mut Unstructured<'a>,
    out: String,
    depth: u32,
}

impl Gen<'_, '_> {
    fn choose(&mut self, n: usize) -> usize {
        self.u.choose_index(n).unwrap_or(0)
    }

    /// True with probability about 1/n.
    fn one_in(&mut self, n: usize) -> bool {
        self.choose(n) == 0
    }

    fn pick(&mut self, options: &[&str]) {
        let i = self.choose(options.len());
        self.out.push_str(options[i]);
    }

    /// Whitespace between tokens: mostly a space, sometimes nothing, a tab, CRLF or a comment.
    fn gap(&mut self) {
        match self.choose(16) {
            0 => {}
            1 => self.out.push('\t'),
            2 => self.out.push_str("  "),
            3 => self.out.push_str(" /* c */ "),
            4 => self.out.push_str("/*\n*/"),
            5 => self.out.push('\x0c'),
            _ => self.out.push(' '),
        }
    }

    /// A line break, possibly with a comment, CRLF, blank lines or a form feed.
    fn line_break(&mut self) {
        match self.choose(12) {
            0 => self.out.push_str("\r\n"),
            1 => self.out.push_str("\n\n"),
            2 => self.out.push_str(" // trailing\n"),
            3 => self.out.push_str("\n// own line\n"),
            4 => self.out.push_str("\n\n\n"),
            5 => self.out.push_str(" /* x\x0cy */\n"),
            6 => self.out.push_str("\t\n"),
            _ => self.out.push('\n'),
        }
    }

    fn indent(&mut self) {
        match self.choose(4) {
            0 => {}
            1 => self.out.push('\t'),
            2 => self.out.push_str("  "),
            _ => {
                for _ in 0..self.depth {
                    self.out.push('\t');
                }
            }
        }
    }

    fn identifier(&mut self) {
        self.pick(&[
            "a",
            "b",
            "foo",
            "bar_baz",
            "_x",
            "x1",
            "targets",
            "forward_to",
            "true_",
            "nullish",
            "é",
            "日本",
            "A",
            "abc",
            "url",
        ]);
    }

    fn number(&mut self) {
        self.pick(&[
            "0",
            "1",
            "42",
            "007",
            "010",
            "08",
            "1.5",
            ".5",
            "1.",
            "1e3",
            "1E3",
            "1e-3",
            "1e309",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999999",
            "0x1F",
            "1_000",
            "00",
            "3.14159",
        ]);
    }

    fn string_literal(&mut self) {
        self.out.push('"');
        let pieces = self.choose(6);
        for _ in 0..pieces {
            self.pick(&[
                "abc",
                " ",
                "\\n",
                "\\t",
                "\\\\",
                "\\\"",
                "\\x41",
                "\\101",
                "\\u00e9",
                "\\U0001F600",
                "\\ud800",
                "\\q",
                "\\xZZ",
                "\\400",
                "\\a\\b\\f\\r\\v",
                "é",
                "日本語",
                "\u{200b}",
                "\t",
                "%s",
                "%d",
                "${x}",
                "😀",
                "\u{7f}",
            ]);
        }
        if !self.one_in(40) {
            self.out.push('"');
        }
    }

    fn raw_string(&mut self) {
        self.out.push('`');
        let pieces = self.choose(5);
        for _ in 0..pieces {
            self.pick(&[
                "abc", "\t", "x\ty", "  \n", "\n", "\\n", "\"q\"", "é", "\r\n", " ",
            ]);
        }
        if !self.one_in(40) {
            self.out.push('`');
        }
    }

    fn literal(&mut self) {
        match self.choose(7) {
            0 => self.number(),
            1 | 2 => self.string_literal(),
            3 => self.raw_string(),
            4 => self.pick(&["true", "false"]),
            5 => self.out.push_str("null"),
            _ => self.identifier(),
        }
    }

    /// Functions the evaluator target can actually run.
    fn function_name(&mut self) {
        self.pick(&[
            "string.format",
            "string.join",
            "string.split",
            "string.to_upper",
            "string.to_lower",
            "string.trim",
            "string.trim_prefix",
            "string.trim_suffix",
            "string.trim_space",
            "string.replace",
            "encoding.from_json",
            "encoding.from_yaml",
            "encoding.from_base64",
            "encoding.to_base64",
            "encoding.from_URLbase64",
            "array.concat",
            "array.combine_maps",
            "coalesce",
            "concat",
            "format",
            "join",
            "json_decode",
            "base64_decode",
            "nonsensitive",
            "convert.nonsensitive",
            "env",
            "sys.env",
            "constants.os",
            "f",
            "string.format",
        ]);
    }

    fn expr(&mut self) {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.literal();
            self.depth -= 1;
            return;
        }
        match self.choose(12) {
            0..=2 => self.literal(),
            3 | 4 => {
                self.expr();
                self.gap();
                self.pick(&[
                    "||", "&&", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "^",
                ]);
                if self.one_in(8) {
                    self.out.push('\n');
                }
                self.gap();
                self.expr();
            }
            5 => {
                self.pick(&["!", "-", "- ", "!!", "--"]);
                self.expr();
            }
            6 => {
                self.out.push('(');
                self.gap();
                self.expr();
                self.gap();
                self.out.push(')');
            }
            7 => self.array(),
            8 => self.object(),
            9 => {
                self.function_name();
                self.out.push('(');
                self.list_items(Self::expr);
                self.out.push(')');
            }
            10 => {
                self.primary_with_access();
            }
            _ => {
                self.identifier();
                let n = self.choose(3);
                for _ in 0..n {
                    self.out.push('.');
                    self.identifier();
                }
            }
        }
        self.depth -= 1;
    }

    /// `x.y`, `x[i]`, `[..][i]`, `{..}.k`: access on any primary.
    fn primary_with_access(&mut self) {
        match self.choose(3) {
            0 => self.array(),
            1 => self.object(),
            _ => self.identifier(),
        }
        let n = 1 + self.choose(2);
        for _ in 0..n {
            if self.one_in(2) {
                self.out.push('[');
                self.expr();
                self.out.push(']');
            } else {
                self.out.push('.');
                self.identifier();
            }
        }
    }

    /// Comma-separated items, possibly one per line, with or without a trailing comma.
    fn list_items(&mut self, item: fn(&mut Self)) {
        let n = self.choose(4);
        let multiline = self.one_in(3);
        for i in 0..n {
            if multiline {
                self.line_break();
                self.indent();
            } else if i > 0 {
                self.gap();
            }
            item(self);
            if (i + 1 < n || self.one_in(2)) && !self.one_in(30) {
                self.out.push(',');
            }
        }
        if multiline {
            self.line_break();
        }
    }

    fn array(&mut self) {
        self.out.push('[');
        self.list_items(Self::expr);
        self.out.push(']');
    }

    fn object(&mut self) {
        self.out.push('{');
        self.list_items(|g| {
            match g.choose(4) {
                0 => g.string_literal(),
                1 => g.raw_string(),
                _ => g.identifier(),
            }
            g.gap();
            g.out.push('=');
            g.gap();
            g.expr();
        });
        self.out.push('}');
    }

    fn block_name(&mut self) {
        self.identifier();
        let n = self.choose(3);
        for _ in 0..n {
            self.out.push('.');
            self.identifier();
        }
    }

    fn statement(&mut self) {
        self.indent();
        if self.depth < MAX_DEPTH && self.one_in(3) {
            self.block_name();
            if self.one_in(2) {
                self.out.push(' ');
                match self.choose(6) {
                    0 => self.out.push_str("\"\\u0061\""),
                    1 => self.out.push_str("\"with space\""),
                    2 => self.out.push_str("`raw`"),
                    _ => {
                        self.out.push('"');
                        self.identifier();
                        self.out.push('"');
                    }
                }
            }
            self.gap();
            self.out.push('{');
            self.depth += 1;
            let n = self.choose(4);
            for _ in 0..n {
                self.line_break();
                self.statement();
            }
            self.depth -= 1;
            if n > 0 || self.one_in(2) {
                self.line_break();
                self.indent();
            }
            self.out.push('}');
        } else {
            self.identifier();
            self.gap();
            self.out.push('=');
            self.gap();
            let depth = self.depth;
            self.depth = 0;
            self.expr();
            self.depth = depth;
        }
    }

    fn config(&mut self) {
        if self.one_in(20) {
            self.out.push('\u{feff}');
        }
        let n = 1 + self.choose(6);
        for _ in 0..n {
            self.statement();
            self.line_break();
        }
    }

    /// Breaks the text in one of the ways people do: a stray, missing or doubled token.
    fn maybe_break(&mut self) {
        if self.out.is_empty() || !self.one_in(4) {
            return;
        }
        let mut at = self.choose(self.out.len() + 1);
        while !self.out.is_char_boundary(at) {
            at -= 1;
        }
        match self.choose(8) {
            0 => {
                let end = self.out[at..]
                    .char_indices()
                    .nth(1)
                    .map_or(self.out.len(), |(i, _)| at + i);
                self.out.replace_range(at..end, "");
            }
            _ => {
                let stray = [
                    ";", "'", "{", "}", "]", ")", "=", ",", "\"", "`", "/*", "#", "\u{0}", "$",
                ];
                let i = self.choose(stray.len());
                self.out.insert_str(at, stray[i]);
            }
        }
    }
}

fn generate(data: &[u8], body: fn(&mut Gen)) -> String {
    let mut u = Unstructured::new(data);
    let mut gen = Gen {
        u: &mut u,
        out: String::new(),
        depth: 0,
    };
    body(&mut gen);
    gen.maybe_break();
    gen.out
}

/// An Alloy config (blocks, attributes, every literal form, comments in odd places, CRLF),
/// sometimes broken.
pub fn config(data: &[u8]) -> String {
    generate(data, |g| g.config())
}

/// An Alloy expression, sometimes broken.
pub fn expression(data: &[u8]) -> String {
    generate(data, |g| {
        g.depth = 0;
        g.expr()
    })
}

/// A Go regex pattern from RE2 syntax pieces: classes, `\p{..}`, repetitions (nested, large
/// counts), flags, groups, escapes, and some that Go rejects.
pub fn regex(data: &[u8]) -> String {
    let mut u = Unstructured::new(data);
    let mut gen = Gen {
        u: &mut u,
        out: String::new(),
        depth: 0,
    };
    regex_alternation(&mut gen);
    gen.out
}

fn regex_alternation(g: &mut Gen) {
    let n = 1 + g.choose(3);
    for i in 0..n {
        if i > 0 {
            g.out.push('|');
        }
        let m = g.choose(5);
        for _ in 0..m {
            regex_piece(g);
        }
    }
}

fn regex_piece(g: &mut Gen) {
    g.depth += 1;
    if g.depth > MAX_DEPTH {
        g.out.push('a');
    } else {
        match g.choose(10) {
            0..=2 => g.pick(&[
                "a", "b", "é", "日", ".", "^", "$", "\\.", "\\*", "\\\\", "-", "]", "}", "{", "x{",
                " ", "\n", "\t", "\u{0}", "\u{fffd}",
            ]),
            3 => g.pick(&[
                "\\d",
                "\\D",
                "\\s",
                "\\S",
                "\\w",
                "\\W",
                "\\b",
                "\\B",
                "\\A",
                "\\z",
                "\\Z",
                "\\pL",
                "\\PL",
                "\\p{Greek}",
                "\\p{Lu}",
                "\\P{Han}",
                "\\p{^Greek}",
                "\\p{Foo}",
                "\\pN",
                "\\p{Any}",
                "\\x41",
                "\\x{10FFFF}",
                "\\x{110000}",
                "\\x{}",
                "\\xZ",
                "\\101",
                "\\0",
                "\\8",
                "\\1",
                "\\Q*+\\E",
                "\\Qab",
                "\\C",
                "\\e",
                "\\f\\v\\a",
                "\\k<n>",
                "\\",
                "\\G",
                "\\X",
                "\\R",
                "\\h",
            ]),
            4 => regex_class(g),
            5 => {
                g.pick(&[
                    "(",
                    "(?:",
                    "(?i)(",
                    "(?P<name>",
                    "(?<n1>",
                    "(?P<1a>",
                    "(?P=x",
                    "(?=",
                    "(?!",
                    "(?<=",
                    "(?i:",
                    "(?s-m:",
                    "(?U:",
                    "(?x:",
                    "(?-:",
                    "(?:(?:",
                ]);
                regex_alternation(g);
                if !g.one_in(15) {
                    g.out.push(')');
                }
            }
            6 => g.pick(&[
                "(?i)", "(?s)", "(?m)", "(?U)", "(?-i)", "(?ims-U)", "(?)", "(?i-)",
            ]),
            _ => {
                regex_atom(g);
                regex_repeat(g);
                if g.one_in(6) {
                    regex_repeat(g);
                }
            }
        }
    }
    g.depth -= 1;
}

fn regex_atom(g: &mut Gen) {
    match g.choose(3) {
        0 => {
            g.out.push_str("(?:");
            regex_alternation(g);
            g.out.push(')');
        }
        1 => regex_class(g),
        _ => g.pick(&["a", ".", "\\d", "é", "\\pL"]),
    }
}

fn regex_repeat(g: &mut Gen) {
    g.pick(&[
        "*",
        "+",
        "?",
        "*?",
        "+?",
        "??",
        "{2}",
        "{2,}",
        "{2,5}",
        "{0}",
        "{0,0}",
        "{5,2}",
        "{1000}",
        "{1001}",
        "{0,1000}",
        "{500}",
        "{100}{10}",
        "{,5}",
        "{2",
        "{99999999999}",
        "{3}?",
        "**",
    ]);
}

fn regex_class(g: &mut Gen) {
    g.out.push('[');
    if g.one_in(3) {
        g.out.push('^');
    }
    let n = g.choose(4);
    for _ in 0..n {
        g.pick(&[
            "a",
            "a-z",
            "z-a",
            "0-9",
            "-",
            "]",
            "[:alpha:]",
            "[:^digit:]",
            "[:foo:]",
            "\\d",
            "\\pL",
            "\\p{Greek}",
            "\\x{41}-\\x{5A}",
            "\\]",
            "\\-",
            "é-ü",
            "[",
            "\\",
            "\\b",
            ".",
            "\\Q]\\E",
            "^",
        ]);
    }
    if !g.one_in(12) {
        g.out.push(']');
    }
}
