//! The properties error recovery keeps, checked on damaged variants of a text: by
//! `tests/recovery_properties.rs` over the conformance inputs and by the fuzz target
//! `recovery` (`fuzz/`) over arbitrary ones. One implementation, so both check the same thing.
//!
//! A damaged variant is the text cut short after a line (each prefix that ends at a `\n`) or
//! with one token deleted. For every variant:
//!
//! 1. every top-level statement of the undamaged text that is complete before the damage is in
//!    the damaged text's tree, unchanged (same AST, spans included). Complete: it ends, and a
//!    line break follows it, before the damaged offset; its text ends it ([`ends_itself`]);
//!    and the text places it at the top level (no `{` of the text is open where it starts:
//!    [`outside_curly_brackets`]). `tests/recovery_properties.rs` says why the last two;
//! 2. every attribute name *present* in the damaged text is an attribute in its tree. Present,
//!    lexically: an identifier token that is the first token on its line, is followed by an
//!    `=` token, and is in a block body: the innermost bracket open before it (counting every
//!    `{ [ (` and closing the innermost on any closer) is a `{` right after an identifier or a
//!    string (a block header), or there is none (top level);
//! 3. parsing never panics.

use crate::ast::{File, Stmt};
use crate::lexer::{Tok, TokenStream};
use std::collections::HashSet;

/// A damaged variant of a text.
pub struct Variant {
    /// What was done, for reports: `cut after byte N` or `token L..R ("x") deleted`.
    pub what: String,
    pub text: String,
    /// Where the damage is: nothing before it changed.
    pub damage: usize,
}

/// Every truncation of `text` at a line end, and its single-token deletions: all of them, or,
/// when deleting each token would cost more than `budget` bytes of parsing, every n-th token
/// (n as small as keeps the cost within the budget).
pub fn variants(text: &str, budget: Option<usize>) -> Vec<Variant> {
    let mut out = Vec::new();
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' && i + 1 < text.len() {
            out.push(Variant {
                what: format!("cut after byte {}", i + 1),
                text: text[..=i].to_string(),
                damage: i + 1,
            });
        }
    }
    let tokens: Vec<(usize, usize)> = TokenStream::new(text)
        .flatten()
        .filter(|(l, t, r)| *t != Tok::Terminator && l < r)
        .map(|(l, _, r)| (l, r))
        .collect();
    let stride = budget.map_or(1, |budget| (tokens.len() * text.len() / budget).max(1));
    for &(l, r) in tokens.iter().step_by(stride) {
        out.push(Variant {
            what: format!("token {l}..{r} ({:?}) deleted", &text[l..r]),
            text: format!("{}{}", &text[..l], &text[r..]),
            damage: l,
        });
    }
    out
}

/// Spans of the attribute names present in `text` (property 2).
pub fn present_attribute_names(text: &str) -> Vec<(u32, u32)> {
    let tokens: Vec<(usize, Tok, usize)> = TokenStream::new(text).flatten().collect();
    // Per open bracket: does it open a block body?
    let mut open: Vec<bool> = Vec::new();
    let mut names = Vec::new();
    let mut previous_end: Option<usize> = None;
    for (i, &(l, tok, r)) in tokens.iter().enumerate() {
        if tok == Tok::Terminator {
            continue;
        }
        let first_on_line = previous_end.is_none_or(|end| text[end..l].contains('\n'));
        previous_end = Some(r);
        match tok {
            Tok::LCurly | Tok::LBrack | Tok::LParen => {
                let header =
                    i > 0 && matches!(tokens[i - 1].1, Tok::Ident | Tok::String | Tok::RawString);
                open.push(tok == Tok::LCurly && header);
            }
            Tok::RCurly | Tok::RBrack | Tok::RParen => {
                open.pop();
            }
            Tok::Ident
                if first_on_line
                    && open.last().copied().unwrap_or(true)
                    && tokens.get(i + 1).is_some_and(|t| t.1 == Tok::Assign) =>
            {
                names.push((l as u32, r as u32));
            }
            _ => {}
        }
    }
    names
}

/// For each offset of `starts` (ascending): whether no `{` of the text is open there, the text's
/// brackets read as [`ends_itself`] reads them.
pub fn outside_curly_brackets(text: &str, starts: &[usize]) -> Vec<bool> {
    let mut out = Vec::with_capacity(starts.len());
    let mut starts = starts.iter().peekable();
    let mut open: Vec<Tok> = Vec::new();
    for (l, tok, _) in TokenStream::new(text).flatten() {
        while starts.next_if(|&&s| s <= l).is_some() {
            out.push(!open.contains(&Tok::LCurly));
        }
        read_bracket(&mut open, tok);
    }
    out.resize(out.len() + starts.count(), !open.contains(&Tok::LCurly));
    out
}

/// Follows the brackets: an opener is pushed; a closer closes the innermost open bracket of its
/// kind and those opened inside it, or is stray (it matches none).
fn read_bracket(open: &mut Vec<Tok>, tok: Tok) {
    let opener = match tok {
        Tok::LCurly | Tok::LBrack | Tok::LParen => {
            open.push(tok);
            return;
        }
        Tok::RCurly => Tok::LCurly,
        Tok::RBrack => Tok::LBrack,
        Tok::RParen => Tok::LParen,
        _ => return,
    };
    if let Some(at) = open.iter().rposition(|&o| o == opener) {
        open.truncate(at);
    }
}

/// Whether the text of `stmt` ends it. Its text: from its start to the line break after its
/// end (what follows it on its line, recovery skipped as part of it). Ends it: every bracket
/// opened there is closed (a closer closes the innermost open bracket of its kind, and those
/// opened inside that one; a closer matching none is stray), and the last token is one after
/// which a newline ends a statement (an identifier, a literal or a closer: Alloy's rule for
/// inserting a terminator).
pub fn ends_itself(text: &str, stmt: &Stmt) -> bool {
    let (start, end) = (stmt.span().start as usize, stmt.span().end as usize);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let mut open: Vec<Tok> = Vec::new();
    let mut last = None;
    let tokens = TokenStream::range(text, start, line_end);
    for (_, tok, _) in tokens.flatten() {
        if tok == Tok::Terminator {
            continue;
        }
        read_bracket(&mut open, tok);
        last = Some(tok);
    }
    open.is_empty() && last.is_some_and(|t| t.ends_statement())
}

fn attribute_names(body: &[Stmt], out: &mut HashSet<(u32, u32)>) {
    for stmt in body {
        match stmt {
            Stmt::Attribute(a) => {
                out.insert((a.name.span().start, a.name.span().end));
            }
            Stmt::Block(b) => attribute_names(&b.body, out),
        }
    }
}

/// Which property (1, 2 or 3, as numbered above) a damaged variant breaks, and how.
#[derive(Debug)]
pub struct Broken {
    pub property: u8,
    pub what: String,
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "property {}: {}", self.property, self.what)
    }
}

/// A text before damage: its tree, and which of its top-level statements property 1 is about.
pub struct Undamaged<'a> {
    pub text: &'a str,
    pub file: File,
    /// Per top-level statement: the text places it at the top level and ends it.
    settled: Vec<bool>,
}

impl<'a> Undamaged<'a> {
    pub fn new(text: &'a str) -> Self {
        let file = crate::parse(text).file;
        let starts: Vec<usize> = file.body.iter().map(|s| s.span().start as usize).collect();
        let at_top_level = outside_curly_brackets(text, &starts);
        let settled = file
            .body
            .iter()
            .zip(at_top_level)
            .map(|(stmt, top)| top && ends_itself(text, stmt))
            .collect();
        Undamaged {
            text,
            file,
            settled,
        }
    }
}

/// The property `variant` of `undamaged` breaks, if any.
pub fn check(undamaged: &Undamaged, variant: &Variant) -> Option<Broken> {
    let parsed = std::panic::catch_unwind(|| crate::parse(&variant.text));
    let Ok(after) = parsed else {
        return Some(Broken {
            property: 3,
            what: format!("{}: parse panicked", variant.what),
        });
    };
    let original = undamaged.text;
    for (stmt, &settled) in undamaged.file.body.iter().zip(&undamaged.settled) {
        let end = stmt.span().end as usize;
        let complete =
            settled && end <= variant.damage && original[end..variant.damage].contains('\n');
        // Strings compare by their text: the statement's span is compared too.
        let kept = after
            .file
            .body
            .iter()
            .any(|s| s == stmt && s.span() == stmt.span());
        if complete && !kept {
            return Some(Broken {
                property: 1,
                what: format!(
                    "{}: statement at {:?} lost or changed",
                    variant.what,
                    stmt.span()
                ),
            });
        }
    }
    let mut in_tree = HashSet::new();
    attribute_names(&after.file.body, &mut in_tree);
    for name in present_attribute_names(&variant.text) {
        if !in_tree.contains(&name) {
            let (l, r) = (name.0 as usize, name.1 as usize);
            return Some(Broken {
                property: 2,
                what: format!(
                    "{}: attribute `{}` at {l} not in the tree",
                    variant.what,
                    &variant.text[l..r]
                ),
            });
        }
    }
    None
}
