//! Go's `regexp/syntax` parser with the flags `regexp.Compile` uses (`syntax.Perl`), ported
//! rule for rule: the same operator stack, the same checks in the same order, the same error
//! codes and quoted fragments. What it accepts is exactly what Go accepts; the tree it builds
//! carries Go's meaning (flags applied, classes resolved) for `compile` to hand to the engine.

use crate::classes;
use crate::error::{ErrorCode, GoRegexError};
use regex_syntax::hir::ClassUnicode;

/// Go's limit on `{n,m}` counts, also applied to the product of nested counts.
const MAX_REPEAT: u32 = 1000;
/// Go's `maxHeight`: deepest parse tree.
const MAX_HEIGHT: u32 = 1000;
/// Go's `maxSize`: 128 MB of 40-byte instructions.
const MAX_SIZE: u64 = (128 << 20) / 40;
/// Go's `maxRunes`: 128 MB of class ranges, 4 bytes per rune.
const MAX_RUNES: u64 = (128 << 20) / 4;

#[derive(Clone, Copy, Debug)]
struct Flags {
    fold_case: bool,
    dot_nl: bool,
    /// `(?m)`: `^`/`$` match at line breaks (Go's flag is the inverse, `OneLine`).
    multi_line: bool,
    /// `(?U)`: repetitions are lazy unless followed by `?`.
    non_greedy: bool,
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum RepeatKind {
    Star,
    Plus,
    Quest,
    /// `{min}`, `{min,}` (max `None`) or `{min,max}`.
    Counted {
        min: u32,
        max: Option<u32>,
    },
}

#[derive(Debug)]
pub(crate) enum Kind {
    Empty,
    /// Go runes: a `\x{D800}` surrogate is a valid (never matching) literal.
    Literal {
        runes: Vec<u32>,
        fold_case: bool,
    },
    Class(ClassUnicode),
    AnyChar,
    AnyCharNotNL,
    BeginLine,
    EndLine,
    BeginText,
    EndText,
    WordBoundary,
    NoWordBoundary,
    Capture {
        index: u32,
        sub: Box<Node>,
    },
    Repeat {
        kind: RepeatKind,
        greedy: bool,
        sub: Box<Node>,
    },
    Concat(Vec<Node>),
    Alternate(Vec<Node>),
}

/// A parse tree node with Go's height and compiled-size estimate, kept up to date as the tree
/// grows so the limits are checked where Go checks them.
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) kind: Kind,
    height: u32,
    size: u64,
}

impl Node {
    fn leaf(kind: Kind) -> Node {
        let size = match &kind {
            Kind::Literal { runes, .. } => runes.len() as u64,
            _ => 1,
        };
        Node {
            kind,
            height: 1,
            size: size.max(1),
        }
    }

    fn with_subs(kind: Kind) -> Node {
        let subs: &[Node] = match &kind {
            Kind::Capture { sub, .. } | Kind::Repeat { sub, .. } => std::slice::from_ref(sub),
            Kind::Concat(subs) | Kind::Alternate(subs) => subs,
            _ => &[],
        };
        let height = 1 + subs.iter().map(|s| s.height).max().unwrap_or(0);
        let sum: u64 = subs.iter().map(|s| s.size).fold(0, u64::saturating_add);
        let size = match &kind {
            Kind::Capture { .. } => sum.saturating_add(2),
            Kind::Repeat { kind, .. } => match *kind {
                RepeatKind::Star => sum.saturating_add(2),
                RepeatKind::Plus | RepeatKind::Quest => sum.saturating_add(1),
                RepeatKind::Counted { min: 0, max: None } => sum.saturating_add(2),
                RepeatKind::Counted { min, max: None } => {
                    u64::from(min).saturating_mul(sum).saturating_add(1)
                }
                RepeatKind::Counted {
                    min,
                    max: Some(max),
                } => u64::from(max)
                    .saturating_mul(sum)
                    .saturating_add(u64::from(max - min)),
            },
            Kind::Alternate(subs) => sum.saturating_add(subs.len() as u64 - 1),
            _ => sum,
        };
        Node {
            kind,
            height,
            size: size.max(1),
        }
    }

    /// Go's `repeatIsValid`: nested counted repetitions multiply to at most `n` copies.
    fn repeat_is_valid(&self, mut n: u32) -> bool {
        if let Kind::Repeat {
            kind: RepeatKind::Counted { min, max },
            ..
        } = self.kind
        {
            let m = match max {
                Some(0) => return true,
                Some(max) => max,
                None => min,
            };
            if m > n {
                return false;
            }
            n = n.checked_div(m).unwrap_or(n);
        }
        match &self.kind {
            Kind::Capture { sub, .. } | Kind::Repeat { sub, .. } => sub.repeat_is_valid(n),
            Kind::Concat(subs) | Kind::Alternate(subs) => subs.iter().all(|s| s.repeat_is_valid(n)),
            _ => true,
        }
    }
}

/// The parse: the tree and the names of the capture groups (index 0 is the whole match).
#[derive(Debug)]
pub(crate) struct Parsed {
    pub(crate) tree: Node,
    pub(crate) names: Vec<Option<String>>,
}

enum Item {
    Node(Node),
    /// `(`: the capture index (`None` for `(?:`), the flags to restore at `)`, and where it is.
    LeftParen {
        capture: Option<u32>,
        flags: Flags,
        at: usize,
    },
    VerticalBar,
}

struct Parser<'a> {
    whole: &'a str,
    flags: Flags,
    stack: Vec<Item>,
    names: Vec<Option<String>>,
    num_runes: u64,
}

type Result<T> = std::result::Result<T, GoRegexError>;

pub(crate) fn parse(pattern: &str) -> Result<Parsed> {
    let mut p = Parser {
        whole: pattern,
        flags: Flags {
            fold_case: false,
            dot_nl: false,
            multi_line: false,
            non_greedy: false,
        },
        stack: Vec::new(),
        names: vec![None],
        num_runes: 0,
    };
    let s = pattern;
    let bytes = s.as_bytes();
    let mut pos = 0;
    // Where the repetition operator just read began: Go rejects a second one right after.
    let mut last_repeat: Option<usize> = None;
    while pos < s.len() {
        let mut repeat = None;
        match bytes[pos] {
            b'(' if bytes.get(pos + 1) == Some(&b'?') => pos = p.parse_perl_flags(pos)?,
            b'(' => {
                p.names.push(None);
                let capture = Some(p.names.len() as u32 - 1);
                p.push_item(Item::LeftParen {
                    capture,
                    flags: p.flags,
                    at: pos,
                });
                pos += 1;
            }
            b'|' => {
                p.concat()?;
                if !p.swap_vertical_bar() {
                    p.push_item(Item::VerticalBar);
                }
                pos += 1;
            }
            b')' => {
                p.parse_right_paren(pos)?;
                pos += 1;
            }
            c @ (b'^' | b'$' | b'.') => {
                let kind = match (c, p.flags.multi_line, p.flags.dot_nl) {
                    (b'^', true, _) => Kind::BeginLine,
                    (b'^', false, _) => Kind::BeginText,
                    (b'$', true, _) => Kind::EndLine,
                    (b'$', false, _) => Kind::EndText,
                    (_, _, true) => Kind::AnyChar,
                    (_, _, false) => Kind::AnyCharNotNL,
                };
                p.push(Node::leaf(kind))?;
                pos += 1;
            }
            b'[' => pos = p.parse_class(pos)?,
            op @ (b'*' | b'+' | b'?') => {
                let kind = match op {
                    b'*' => RepeatKind::Star,
                    b'+' => RepeatKind::Plus,
                    _ => RepeatKind::Quest,
                };
                let after = p.repeat(kind, pos, pos + 1, last_repeat)?;
                repeat = Some(pos);
                pos = after;
            }
            b'{' => match parse_repeat(&s[pos..]) {
                None => {
                    p.literal('{' as u32)?;
                    pos += 1;
                }
                Some((min, max, len)) => {
                    let after = pos + len;
                    let in_range = |n: i64| (0..=i64::from(MAX_REPEAT)).contains(&n);
                    if !in_range(min) || max > i64::from(MAX_REPEAT) || (max >= 0 && min > max) {
                        return Err(GoRegexError::new(
                            ErrorCode::InvalidRepeatSize,
                            &s[pos..after],
                            pos..after,
                        ));
                    }
                    let kind = RepeatKind::Counted {
                        min: min as u32,
                        max: u32::try_from(max).ok(),
                    };
                    let after = p.repeat(kind, pos, after, last_repeat)?;
                    repeat = Some(pos);
                    pos = after;
                }
            },
            b'\\' => pos = p.parse_backslash(pos)?,
            _ => {
                let c = s[pos..].chars().next().unwrap_or_default();
                p.literal(c as u32)?;
                pos += c.len_utf8();
            }
        }
        last_repeat = repeat;
    }
    p.concat()?;
    if p.swap_vertical_bar() {
        p.stack.pop();
    }
    p.alternate()?;
    match (p.stack.pop(), p.stack.is_empty()) {
        (Some(Item::Node(tree)), true) => Ok(Parsed {
            tree,
            names: p.names,
        }),
        _ => {
            // Point at the innermost unclosed parenthesis.
            let open = p.stack.iter().rev().find_map(|item| match item {
                Item::LeftParen { at, .. } => Some(*at),
                _ => None,
            });
            let at = open.unwrap_or(0);
            Err(GoRegexError::new(
                ErrorCode::MissingParen,
                s,
                at..(at + 1).min(s.len()),
            ))
        }
    }
}

/// Go's `parseRepeat`: `{min}`, `{min,}`, `{min,max}` as `(min, max, length)`, max -1 for
/// none; a number too large for Go's parser is -1 (then rejected as a count). `None` when the
/// text is not a repetition (Go then reads `{` literally).
fn parse_repeat(s: &str) -> Option<(i64, i64, usize)> {
    let b = s.as_bytes();
    let mut i = 1;
    let (mut min, len) = parse_int(&s[i..])?;
    i += len;
    let max;
    match b.get(i)? {
        b',' => {
            i += 1;
            if *b.get(i)? == b'}' {
                max = -1;
            } else {
                let (n, len) = parse_int(&s[i..])?;
                i += len;
                max = n;
                if n < 0 {
                    min = -1;
                }
            }
        }
        _ => max = min,
    }
    (*b.get(i)? == b'}').then_some((min, max, i + 1))
}

/// Go's `parseInt`: decimal digits without a leading zero, -1 past 10^8.
fn parse_int(s: &str) -> Option<(i64, usize)> {
    let b = s.as_bytes();
    if !b.first()?.is_ascii_digit() {
        return None;
    }
    if b.len() >= 2 && b[0] == b'0' && b[1].is_ascii_digit() {
        return None;
    }
    let len = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let mut n: i64 = 0;
    for &d in &b[..len] {
        if n >= 100_000_000 {
            n = -1;
            break;
        }
        n = n * 10 + i64::from(d - b'0');
    }
    Some((n, len))
}

fn is_word_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|c| c == b'_' || c.is_ascii_alphanumeric())
}

fn unhex(c: Option<char>) -> Option<u32> {
    c?.to_digit(16)
}

impl Parser<'_> {
    fn err(&self, code: ErrorCode, from: usize, to: usize) -> GoRegexError {
        GoRegexError::new(code, &self.whole[from..to], from..to)
    }

    fn whole_err(&self, code: ErrorCode, at: usize) -> GoRegexError {
        GoRegexError::new(code, self.whole, at..(at + 1).min(self.whole.len()))
    }

    fn push_item(&mut self, item: Item) {
        self.stack.push(item);
    }

    /// Go's `push` + `checkLimits`.
    fn push(&mut self, node: Node) -> Result<()> {
        self.check_limits(&node)?;
        self.stack.push(Item::Node(node));
        Ok(())
    }

    fn check_limits(&self, node: &Node) -> Result<()> {
        if self.num_runes > MAX_RUNES || node.size > MAX_SIZE {
            return Err(self.whole_err(ErrorCode::Large, 0));
        }
        if node.height > MAX_HEIGHT {
            return Err(self.whole_err(ErrorCode::NestingDepth, 0));
        }
        Ok(())
    }

    fn literal(&mut self, rune: u32) -> Result<()> {
        let fold_case = self.flags.fold_case;
        self.push(Node::leaf(Kind::Literal {
            runes: vec![rune],
            fold_case,
        }))
    }

    fn push_class(&mut self, set: ClassUnicode) -> Result<()> {
        self.num_runes += 2 * set.ranges().len() as u64;
        self.push(Node::leaf(Kind::Class(set)))
    }

    /// Go's `repeat`: applies the operator at `before..after` to the top of the stack.
    fn repeat(
        &mut self,
        kind: RepeatKind,
        before: usize,
        mut after: usize,
        last_repeat: Option<usize>,
    ) -> Result<usize> {
        let mut non_greedy = self.flags.non_greedy;
        if self.whole.as_bytes().get(after) == Some(&b'?') {
            after += 1;
            non_greedy = !non_greedy;
        }
        if let Some(last) = last_repeat {
            return Err(self.err(ErrorCode::InvalidRepeatOp, last, after));
        }
        let Some(Item::Node(sub)) = self.stack.pop() else {
            return Err(self.err(ErrorCode::MissingRepeatArgument, before, after));
        };
        let node = Node::with_subs(Kind::Repeat {
            kind,
            greedy: !non_greedy,
            sub: Box::new(sub),
        });
        self.check_limits(&node)?;
        if let RepeatKind::Counted { min, max } = kind {
            if (min >= 2 || max.is_none_or(|m| m >= 2)) && !node.repeat_is_valid(MAX_REPEAT) {
                return Err(self.err(ErrorCode::InvalidRepeatSize, before, after));
            }
        }
        self.stack.push(Item::Node(node));
        Ok(after)
    }

    /// Nodes above the topmost `(` or `|`, removed from the stack.
    fn take_run(&mut self) -> Vec<Node> {
        let start = self
            .stack
            .iter()
            .rposition(|item| !matches!(item, Item::Node(_)))
            .map_or(0, |i| i + 1);
        self.stack
            .drain(start..)
            .filter_map(|item| match item {
                Item::Node(node) => Some(node),
                _ => None,
            })
            .collect()
    }

    /// Go's `concat`: the run above the topmost `(` or `|` becomes one concatenation, with
    /// adjacent literals joined into one string node as Go's `maybeConcat` does.
    fn concat(&mut self) -> Result<()> {
        let run = self.take_run();
        let mut subs: Vec<Node> = Vec::with_capacity(run.len());
        for node in run {
            let node = match node.kind {
                Kind::Concat(inner) => {
                    subs.extend(inner);
                    continue;
                }
                _ => node,
            };
            if let (
                Some(Node {
                    kind:
                        Kind::Literal {
                            runes: prev,
                            fold_case: prev_fold,
                        },
                    size,
                    ..
                }),
                Kind::Literal { runes, fold_case },
            ) = (subs.last_mut(), &node.kind)
            {
                if prev_fold == fold_case {
                    prev.extend_from_slice(runes);
                    *size = prev.len() as u64;
                    continue;
                }
            }
            subs.push(node);
        }
        let node = match subs.len() {
            0 => Node::leaf(Kind::Empty),
            1 => subs.pop().unwrap_or_else(|| Node::leaf(Kind::Empty)),
            _ => Node::with_subs(Kind::Concat(subs)),
        };
        self.push(node)
    }

    /// Go's `alternate`: the run above the topmost `(` becomes one alternation.
    fn alternate(&mut self) -> Result<()> {
        let mut subs = Vec::new();
        for node in self.take_run() {
            match node.kind {
                Kind::Alternate(inner) => subs.extend(inner),
                _ => subs.push(node),
            }
        }
        let node = match subs.len() {
            0 => Node::leaf(Kind::Class(ClassUnicode::empty())),
            1 => subs.pop().unwrap_or_else(|| Node::leaf(Kind::Empty)),
            _ => {
                let measure = alternation_measure(&subs);
                let mut node = Node::with_subs(Kind::Alternate(subs));
                node.size = measure.size;
                node.height = measure.height;
                node
            }
        };
        self.push(node)
    }

    /// Go's `swapVerticalBar`: if a `|` is just below the top, moves the finished branch
    /// below it, so branches collect under the bar.
    fn swap_vertical_bar(&mut self) -> bool {
        let n = self.stack.len();
        if n >= 2 && matches!(self.stack[n - 2], Item::VerticalBar) {
            self.stack.swap(n - 2, n - 1);
            return true;
        }
        false
    }

    fn parse_right_paren(&mut self, at: usize) -> Result<()> {
        self.concat()?;
        if self.swap_vertical_bar() {
            self.stack.pop();
        }
        self.alternate()?;
        let (Some(Item::Node(body)), Some(Item::LeftParen { capture, flags, .. })) =
            (self.stack.pop(), self.stack.pop())
        else {
            return Err(self.whole_err(ErrorCode::UnexpectedParen, at));
        };
        self.flags = flags;
        match capture {
            None => self.push(body),
            Some(index) => self.push(Node::with_subs(Kind::Capture {
                index,
                sub: Box::new(body),
            })),
        }
    }

    /// Go's `parsePerlFlags`: `(?P<name>`, `(?<name>`, `(?flags)`, `(?flags:` at `start`.
    fn parse_perl_flags(&mut self, start: usize) -> Result<usize> {
        let t = &self.whole[start..];
        let b = t.as_bytes();
        let with_p = b.len() > 4 && b[2] == b'P' && b[3] == b'<';
        let bare = b.len() > 3 && b[2] == b'<';
        if with_p || bare {
            let name_start = if with_p { 4 } else { 3 };
            let Some(end) = t.find('>') else {
                return Err(self.err(ErrorCode::InvalidNamedCapture, start, self.whole.len()));
            };
            let name = &t[name_start..end];
            if !is_word_name(name) {
                return Err(self.err(ErrorCode::InvalidNamedCapture, start, start + end + 1));
            }
            self.names.push(Some(name.to_string()));
            let capture = Some(self.names.len() as u32 - 1);
            self.push_item(Item::LeftParen {
                capture,
                flags: self.flags,
                at: start,
            });
            return Ok(start + end + 1);
        }

        let mut flags = self.flags;
        let mut negated = false;
        let mut saw_flag = false;
        let mut pos = start + 2;
        while let Some(c) = self.whole[pos..].chars().next() {
            pos += c.len_utf8();
            match c {
                'i' => flags.fold_case = !negated,
                'm' => flags.multi_line = !negated,
                's' => flags.dot_nl = !negated,
                'U' => flags.non_greedy = !negated,
                '-' if !negated => {
                    negated = true;
                    saw_flag = false;
                    continue;
                }
                ':' | ')' if !negated || saw_flag => {
                    if c == ':' {
                        self.push_item(Item::LeftParen {
                            capture: None,
                            flags: self.flags,
                            at: start,
                        });
                    }
                    self.flags = flags;
                    return Ok(pos);
                }
                _ => break,
            }
            saw_flag = true;
        }
        Err(self.err(ErrorCode::InvalidPerlOp, start, pos))
    }

    /// A backslash outside a class at `start`.
    fn parse_backslash(&mut self, start: usize) -> Result<usize> {
        let next = self.whole.as_bytes().get(start + 1).copied();
        let assertion = match next {
            Some(b'A') => Some(Kind::BeginText),
            Some(b'b') => Some(Kind::WordBoundary),
            Some(b'B') => Some(Kind::NoWordBoundary),
            Some(b'z') => Some(Kind::EndText),
            _ => None,
        };
        if let Some(kind) = assertion {
            self.push(Node::leaf(kind))?;
            return Ok(start + 2);
        }
        match next {
            // Any byte: Go does not support it.
            Some(b'C') => return Err(self.err(ErrorCode::InvalidEscape, start, start + 2)),
            Some(b'Q') => {
                let body = &self.whole[start + 2..];
                let (lit, end) = match body.find("\\E") {
                    Some(i) => (&body[..i], start + 2 + i + 2),
                    None => (body, self.whole.len()),
                };
                for c in lit.chars() {
                    self.literal(c as u32)?;
                }
                return Ok(end);
            }
            _ => {}
        }
        if let Some((set, end)) = self.parse_unicode_class(start)? {
            self.push_class(set)?;
            return Ok(end);
        }
        if let Some((set, end)) = self.parse_perl_class_escape(start) {
            self.push_class(set)?;
            return Ok(end);
        }
        let (rune, end) = self.parse_escape(start)?;
        self.literal(rune)?;
        Ok(end)
    }

    /// Go's `parseEscape`: a single-character escape at `start` (the backslash).
    fn parse_escape(&self, start: usize) -> Result<(u32, usize)> {
        let s = self.whole;
        let mut chars = s[start + 1..].chars();
        let Some(c) = chars.next() else {
            return Err(GoRegexError::new(
                ErrorCode::TrailingBackslash,
                "",
                start..s.len(),
            ));
        };
        let mut pos = start + 1 + c.len_utf8();
        let is_octal = |at: usize| {
            s.as_bytes()
                .get(at)
                .is_some_and(|b| (b'0'..=b'7').contains(b))
        };
        let invalid = |end: usize| self.err(ErrorCode::InvalidEscape, start, end);
        match c {
            // A single non-zero digit would be a backreference: not supported.
            '1'..='7' if !is_octal(pos) => Err(invalid(pos)),
            '0'..='7' => {
                let mut rune = c as u32 - '0' as u32;
                for _ in 1..3 {
                    if !is_octal(pos) {
                        break;
                    }
                    rune = rune * 8 + u32::from(s.as_bytes()[pos] - b'0');
                    pos += 1;
                }
                Ok((rune, pos))
            }
            'x' => {
                let mut rest = s[pos..].chars();
                let Some(first) = rest.next() else {
                    return Err(invalid(pos));
                };
                pos += first.len_utf8();
                if first == '{' {
                    let mut rune: u32 = 0;
                    let mut digits = 0;
                    loop {
                        let Some(c) = rest.next() else {
                            return Err(invalid(pos));
                        };
                        pos += c.len_utf8();
                        if c == '}' {
                            break;
                        }
                        let Some(v) = unhex(Some(c)) else {
                            return Err(invalid(pos));
                        };
                        rune = rune * 16 + v;
                        if rune > 0x10FFFF {
                            return Err(invalid(pos));
                        }
                        digits += 1;
                    }
                    if digits == 0 {
                        return Err(invalid(pos));
                    }
                    return Ok((rune, pos));
                }
                let second = rest.next();
                pos += second.map_or(0, char::len_utf8);
                match (unhex(Some(first)), unhex(second)) {
                    (Some(x), Some(y)) => Ok((x * 16 + y, pos)),
                    _ => Err(invalid(pos)),
                }
            }
            'a' => Ok((0x07, pos)),
            'f' => Ok((0x0C, pos)),
            'n' => Ok((u32::from(b'\n'), pos)),
            'r' => Ok((u32::from(b'\r'), pos)),
            't' => Ok((u32::from(b'\t'), pos)),
            'v' => Ok((0x0B, pos)),
            // Escaped punctuation is itself; letters, digits and non-ASCII are errors.
            c if c.is_ascii() && !c.is_ascii_alphanumeric() => Ok((c as u32, pos)),
            _ => Err(invalid(pos)),
        }
    }

    /// Go's `parsePerlClassEscape`: `\d`, `\S`, ... at `start`.
    fn parse_perl_class_escape(&self, start: usize) -> Option<(ClassUnicode, usize)> {
        let (b'\\', letter) = (
            *self.whole.as_bytes().get(start)?,
            *self.whole.as_bytes().get(start + 1)?,
        ) else {
            return None;
        };
        let (negated, set) = classes::perl_group(letter)?;
        Some((self.group(negated, set), start + 2))
    }

    /// Go's `appendGroup`: the group folded under `(?i)`, then negated if asked.
    fn group(&self, negated: bool, set: ClassUnicode) -> ClassUnicode {
        let mut set = if self.flags.fold_case {
            classes::folded(set)
        } else {
            set
        };
        if negated {
            set.negate();
        }
        set
    }

    /// Go's `parseUnicodeClass`: `\pL`, `\p{Greek}`, `\P{^Lu}` at `start`; `None` when the
    /// text there is not `\p` or `\P` (then Go tries other escapes).
    fn parse_unicode_class(&self, start: usize) -> Result<Option<(ClassUnicode, usize)>> {
        let s = self.whole;
        let b = s.as_bytes();
        let negated = match b.get(start..start + 2) {
            Some(b"\\p") => false,
            Some(b"\\P") => true,
            _ => return Ok(None),
        };
        let after = start + 2;
        let (name, end) = match s[after..].chars().next() {
            Some('{') => {
                let Some(close) = s[start..].find('}') else {
                    return Err(self.err(ErrorCode::InvalidCharRange, start, s.len()));
                };
                (&s[start + 3..start + close], start + close + 1)
            }
            // A single-letter name (or none at the very end, which Go then rejects).
            c => {
                let end = after + c.map_or(0, char::len_utf8);
                (&s[after..end], end)
            }
        };
        let (negated, name) = match name.strip_prefix('^') {
            Some(rest) => (!negated, rest),
            None => (negated, name),
        };
        let Some((set, inverted)) = classes::unicode_table(name) else {
            return Err(self.err(ErrorCode::InvalidCharRange, start, end));
        };
        Ok(Some((self.group(negated != inverted, set), end)))
    }

    /// Go's `parseClass`: `[...]` at `start`.
    fn parse_class(&mut self, start: usize) -> Result<usize> {
        let s = self.whole;
        let b = s.as_bytes();
        let mut pos = start + 1;
        let negated = b.get(pos) == Some(&b'^');
        if negated {
            pos += 1;
        }
        let mut class = ClassUnicode::empty();
        let mut first = true; // `]` is a literal as the first character
        while first || b.get(pos) != Some(&b']') {
            first = false;
            if b.len() > pos + 2 && b[pos] == b'[' && b[pos + 1] == b':' {
                if let Some(i) = s[pos + 2..].find(":]") {
                    let end = pos + 2 + i + 2;
                    let Some((neg, set)) = classes::posix_group(&s[pos..end]) else {
                        return Err(self.err(ErrorCode::InvalidCharRange, pos, end));
                    };
                    class.union(&self.group(neg, set));
                    pos = end;
                    continue;
                }
            }
            if let Some((set, end)) = self.parse_unicode_class(pos)? {
                class.union(&set);
                pos = end;
                continue;
            }
            if let Some((set, end)) = self.parse_perl_class_escape(pos) {
                class.union(&set);
                pos = end;
                continue;
            }
            let range_start = pos;
            let (lo, after) = self.parse_class_char(pos, start)?;
            pos = after;
            let mut hi = lo;
            // `[a-]` is `a` or `-`.
            if b.len() >= pos + 2 && b[pos] == b'-' && b[pos + 1] != b']' {
                let (h, after) = self.parse_class_char(pos + 1, start)?;
                pos = after;
                if h < lo {
                    return Err(self.err(ErrorCode::InvalidCharRange, range_start, pos));
                }
                hi = h;
            }
            let set = classes::range(lo, hi);
            class.union(&if self.flags.fold_case {
                classes::folded(set)
            } else {
                set
            });
        }
        if negated {
            class.negate();
        }
        self.push_class(class)?;
        Ok(pos + 1)
    }

    /// Go's `parseClassChar`: one (possibly escaped) character of a class at `pos`.
    fn parse_class_char(&self, pos: usize, class_start: usize) -> Result<(u32, usize)> {
        let s = self.whole;
        match s[pos..].chars().next() {
            None => Err(self.err(ErrorCode::MissingBracket, class_start, s.len())),
            Some('\\') => self.parse_escape(pos),
            Some(c) => Ok((c as u32, pos + c.len_utf8())),
        }
    }
}

/// Go's compiled-size estimate of the alternation of `subs` as Go's parser builds it: its
/// `collapse` factors common leading strings and simple leading pieces out of neighboring
/// branches and merges runs of single characters into one class (`factor`), which can make the
/// estimate much smaller than that of the branches as written (`aa|a|a` is `a(?:a|)`: 4, not
/// 6). The tree handed to the engine keeps the branches as written (the same language); only
/// the size checked against Go's limit follows Go's shape, so "expression too large" comes
/// where Go says it, and otherwise Go's later checks (nested repeat counts) speak first.
///
/// Returns the size and the height of Go's tree: factoring nests (`a|aa|aaa|...` is
/// `a(?:|a(?:|a...))`), so Go can find the alternation nested too deeply.
fn alternation_measure(subs: &[Node]) -> Measure {
    collapse(subs.iter().map(Shape::of).collect(), 0)
}

/// Go's compiled-size estimate and height of a (factored) node.
#[derive(Clone, Copy)]
struct Measure {
    size: u64,
    height: u32,
}

/// A branch as Go's `factor` sees it, borrowing the parse tree: what is left of a node once
/// leading pieces were factored out of it.
#[derive(Clone)]
enum Shape<'a> {
    /// A node as parsed (never a literal, concatenation or empty match: see [`Shape::of`]).
    Node(&'a Node),
    Literal {
        runes: &'a [u32],
        fold_case: bool,
    },
    /// A concatenation of `first` and the nodes `rest` (at least one).
    Concat {
        first: Box<Shape<'a>>,
        rest: &'a [Node],
    },
    Empty,
    /// A branch `factor` built (a factored prefix, a merged class): only its measure matters,
    /// as no later round of `factor` can merge it with a neighbor.
    Built(Measure),
}

impl<'a> Shape<'a> {
    fn of(node: &'a Node) -> Shape<'a> {
        match &node.kind {
            Kind::Literal { runes, fold_case } if !runes.is_empty() => Shape::Literal {
                runes,
                fold_case: *fold_case,
            },
            Kind::Literal { .. } | Kind::Empty => Shape::Empty,
            Kind::Concat(subs) => match subs.split_first() {
                None => Shape::Empty,
                Some((first, [])) => Shape::of(first),
                Some((first, rest)) => Shape::Concat {
                    first: Box::new(Shape::of(first)),
                    rest,
                },
            },
            _ => Shape::Node(node),
        }
    }

    /// The concatenation of `rest` alone (Go drops a concatenation's emptied first piece).
    fn of_rest(rest: &'a [Node]) -> Shape<'a> {
        match rest.split_first() {
            None => Shape::Empty,
            Some((only, [])) => Shape::of(only),
            Some((first, rest)) => Shape::Concat {
                first: Box::new(Shape::of(first)),
                rest,
            },
        }
    }

    /// Go's `calcSize` of the shape.
    fn size(&self) -> u64 {
        let size = match self {
            Shape::Node(node) => node.size,
            Shape::Literal { runes, .. } => runes.len() as u64,
            Shape::Concat { first, rest } => rest
                .iter()
                .map(|n| n.size)
                .fold(first.size(), u64::saturating_add),
            Shape::Empty => 1,
            Shape::Built(measure) => measure.size,
        };
        size.max(1)
    }

    fn height(&self) -> u32 {
        match self {
            Shape::Node(node) => node.height,
            Shape::Literal { .. } | Shape::Empty => 1,
            Shape::Concat { first, rest } => {
                1 + rest.iter().map(|n| n.height).fold(first.height(), u32::max)
            }
            Shape::Built(measure) => measure.height,
        }
    }

    fn measure(&self) -> Measure {
        Measure {
            size: self.size(),
            height: self.height(),
        }
    }

    /// Go's `leadingString`: the literal the branch starts with, and its case folding.
    fn leading_string(&self) -> (&'a [u32], bool) {
        match self {
            Shape::Literal { runes, fold_case } => (runes, *fold_case),
            Shape::Concat { first, .. } => match **first {
                Shape::Literal { runes, fold_case } => (runes, fold_case),
                _ => (&[], false),
            },
            _ => (&[], false),
        }
    }

    /// Go's `removeLeadingString`: the branch without its first `n` runes.
    fn without_leading_string(&self, n: usize) -> Shape<'a> {
        match self {
            Shape::Literal { runes, fold_case } if runes.len() > n => Shape::Literal {
                runes: &runes[n..],
                fold_case: *fold_case,
            },
            Shape::Literal { .. } => Shape::Empty,
            Shape::Concat { first, rest } => match first.without_leading_string(n) {
                Shape::Empty => Shape::of_rest(rest),
                first => Shape::Concat {
                    first: Box::new(first),
                    rest,
                },
            },
            other => other.clone(),
        }
    }

    /// Go's `leadingRegexp`: the branch's first piece.
    fn leading_piece(&self) -> Option<&Shape<'a>> {
        match self {
            Shape::Empty => None,
            Shape::Concat { first, .. } => match **first {
                Shape::Empty => None,
                _ => Some(first),
            },
            other => Some(other),
        }
    }

    /// Go's `removeLeadingRegexp`.
    fn without_leading_piece(&self) -> Shape<'a> {
        match self {
            Shape::Concat { rest, .. } => Shape::of_rest(rest),
            _ => Shape::Empty,
        }
    }

    /// Go's `isCharClass`: one character, a class, or any character.
    fn is_char_class(&self) -> bool {
        match self {
            Shape::Literal { runes, .. } => runes.len() == 1,
            Shape::Node(node) => matches!(
                node.kind,
                Kind::Class(_) | Kind::AnyChar | Kind::AnyCharNotNL
            ),
            _ => false,
        }
    }

    /// A first piece Go factors out of neighboring branches: a character class, or a fixed
    /// repeat (`x{n}`) of one.
    fn is_factorable_piece(&self) -> bool {
        if self.is_char_class() {
            return true;
        }
        match self {
            Shape::Node(Node {
                kind:
                    Kind::Repeat {
                        kind:
                            RepeatKind::Counted {
                                min,
                                max: Some(max),
                            },
                        sub,
                        ..
                    },
                ..
            }) => min == max && Shape::of(sub).is_char_class(),
            _ => false,
        }
    }

    /// Go's `Equal`, for the pieces [`Shape::is_factorable_piece`] allows.
    fn same_piece(&self, other: &Shape<'_>) -> bool {
        match (self, other) {
            (
                Shape::Literal { runes, fold_case },
                Shape::Literal {
                    runes: other_runes,
                    fold_case: other_fold_case,
                },
            ) => runes == other_runes && fold_case == other_fold_case,
            (Shape::Node(a), Shape::Node(b)) => match (&a.kind, &b.kind) {
                (Kind::Class(a), Kind::Class(b)) => a == b,
                (Kind::AnyChar, Kind::AnyChar) | (Kind::AnyCharNotNL, Kind::AnyCharNotNL) => true,
                (
                    Kind::Repeat {
                        kind: RepeatKind::Counted { min, max },
                        greedy,
                        sub,
                    },
                    Kind::Repeat {
                        kind:
                            RepeatKind::Counted {
                                min: other_min,
                                max: other_max,
                            },
                        greedy: other_greedy,
                        sub: other_sub,
                    },
                ) => {
                    min == other_min
                        && max == other_max
                        && greedy == other_greedy
                        && Shape::of(sub).same_piece(&Shape::of(other_sub))
                }
                _ => false,
            },
            _ => false,
        }
    }
}

/// Go's `collapse` of branches into an alternation, measured: one branch is itself, nested
/// alternations are spliced in, and the branches are factored. `depth` counts the factorings
/// this one is nested in, each at least a level of Go's tree: past Go's height limit the
/// measure stops (Go rejects the pattern as nested too deeply) instead of recursing further.
fn collapse(branches: Vec<Shape<'_>>, depth: u32) -> Measure {
    if branches.len() == 1 {
        return branches[0].measure();
    }
    if depth > MAX_HEIGHT {
        // Factoring keeps shrinking what is below (a common prefix is counted once), so the
        // branches' own sizes would overstate Go's: count it as small, and the height decides.
        return Measure {
            size: 1,
            height: MAX_HEIGHT + 1,
        };
    }
    let mut flat = Vec::with_capacity(branches.len());
    for branch in branches {
        match branch {
            Shape::Node(Node {
                kind: Kind::Alternate(subs),
                ..
            }) => flat.extend(subs.iter().map(Shape::of)),
            other => flat.push(other),
        }
    }
    // Factoring recurses once per level of Go's tree (up to Go's height limit): grow the stack
    // rather than overflow a small thread's.
    let factored = stacker::maybe_grow(64 * 1024, 1024 * 1024, || factor(flat, depth));
    match factored.as_slice() {
        [only] => only.measure(),
        all => Measure {
            size: all
                .iter()
                .map(Shape::size)
                .fold(all.len() as u64 - 1, u64::saturating_add)
                .max(1),
            height: 1 + all.iter().map(Shape::height).max().unwrap_or(0),
        },
    }
}

/// Go's `factor`, round for round, on shapes.
fn factor(branches: Vec<Shape<'_>>, depth: u32) -> Vec<Shape<'_>> {
    if branches.len() < 2 {
        return branches;
    }
    // Round 1: common leading literal strings: `ab|ac` is `a(?:b|c)`.
    let mut out = Vec::with_capacity(branches.len());
    let mut start = 0;
    let (mut prefix, mut prefix_fold): (&[u32], bool) = (&[], false);
    for i in 0..=branches.len() {
        let (next, next_fold) = match branches.get(i) {
            Some(branch) => branch.leading_string(),
            None => (&[][..], false),
        };
        if i < branches.len() && next_fold == prefix_fold {
            let same = prefix.iter().zip(next).take_while(|(a, b)| a == b).count();
            if same > 0 {
                prefix = &prefix[..same];
                continue;
            }
        }
        match i - start {
            0 => {}
            1 => out.push(branches[start].clone()),
            _ => {
                let suffixes = branches[start..i]
                    .iter()
                    .map(|b| b.without_leading_string(prefix.len()))
                    .collect();
                let suffix = collapse(suffixes, depth + 1);
                out.push(Shape::Built(Measure {
                    size: (prefix.len() as u64).max(1).saturating_add(suffix.size),
                    height: 1 + suffix.height.max(1),
                }));
            }
        }
        start = i;
        (prefix, prefix_fold) = (next, next_fold);
    }
    let branches = out;

    // Round 2: a common first piece that is a character class or a fixed repeat of one.
    let mut out = Vec::with_capacity(branches.len());
    let mut start = 0;
    let mut first: Option<&Shape> = None;
    for i in 0..=branches.len() {
        let next = branches.get(i).and_then(Shape::leading_piece);
        if let (Some(first), Some(next)) = (first, next) {
            if first.same_piece(next) && first.is_factorable_piece() {
                continue;
            }
        }
        match i - start {
            0 => {}
            1 => out.push(branches[start].clone()),
            _ => {
                let piece = first.map_or(Measure { size: 1, height: 1 }, Shape::measure);
                let suffixes = branches[start..i]
                    .iter()
                    .map(Shape::without_leading_piece)
                    .collect();
                let suffix = collapse(suffixes, depth + 1);
                out.push(Shape::Built(Measure {
                    size: piece.size.saturating_add(suffix.size),
                    height: 1 + suffix.height.max(piece.height),
                }));
            }
        }
        start = i;
        first = next;
    }
    let branches = out;

    // Round 3: runs of single characters and classes become one class.
    let mut out = Vec::with_capacity(branches.len());
    let mut start = 0;
    for i in 0..=branches.len() {
        if branches.get(i).is_some_and(Shape::is_char_class) {
            continue;
        }
        match i - start {
            0 => {}
            1 => out.push(branches[start].clone()),
            _ => out.push(Shape::Built(Measure { size: 1, height: 1 })),
        }
        if let Some(branch) = branches.get(i) {
            out.push(branch.clone());
        }
        start = i + 1;
    }

    // Round 4: runs of empty matches become one.
    let mut branches = out;
    branches.dedup_by(|next, previous| {
        matches!(previous, Shape::Empty) && matches!(next, Shape::Empty)
    });
    branches
}
