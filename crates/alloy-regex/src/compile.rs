//! Go's parse tree in `regex-syntax`'s HIR, which `regex-automata`'s meta engine compiles.
//! Go's meanings are spelled out here rather than left to `regex-syntax`'s defaults: `\b` is
//! ASCII, `$` without `(?m)` is the end of the text, and a case-folded literal is the class
//! of its simple-fold orbit.

use crate::classes;
use crate::parse::{Kind, Node, RepeatKind};
use regex_syntax::hir::{self, Class, ClassUnicode, Hir, Look};

pub(crate) fn to_hir(node: &Node) -> Hir {
    match &node.kind {
        Kind::Empty => Hir::empty(),
        Kind::Literal { runes, fold_case } => {
            Hir::concat(runes.iter().map(|&r| rune(r, *fold_case)).collect())
        }
        Kind::Class(set) => class(set.clone()),
        Kind::AnyChar => class(classes::range(0, 0x10FFFF)),
        Kind::AnyCharNotNL => {
            let mut set = classes::range(0, 0x10FFFF);
            set.difference(&classes::range(u32::from(b'\n'), u32::from(b'\n')));
            class(set)
        }
        Kind::BeginLine => Hir::look(Look::StartLF),
        Kind::EndLine => Hir::look(Look::EndLF),
        Kind::BeginText => Hir::look(Look::Start),
        Kind::EndText => Hir::look(Look::End),
        Kind::WordBoundary => Hir::look(Look::WordAscii),
        Kind::NoWordBoundary => Hir::look(Look::WordAsciiNegate),
        Kind::Capture { index, sub } => Hir::capture(hir::Capture {
            index: *index,
            // Go allows duplicate names; `GoRegex` keeps the names itself.
            name: None,
            sub: Box::new(to_hir(sub)),
        }),
        Kind::Repeat { kind, greedy, sub } => {
            let (min, max) = match *kind {
                RepeatKind::Star => (0, None),
                RepeatKind::Plus => (1, None),
                RepeatKind::Quest => (0, Some(1)),
                RepeatKind::Counted { min, max } => (min, max),
            };
            let sub = to_hir(sub);
            if max == Some(0) {
                // `x{0}` matches the empty string, but its groups must still exist (never
                // taking part): `regex-syntax` would drop them along with `x`.
                return Hir::alternation(vec![Hir::empty(), Hir::concat(vec![Hir::fail(), sub])]);
            }
            Hir::repetition(hir::Repetition {
                min,
                max,
                greedy: *greedy,
                sub: Box::new(sub),
            })
        }
        Kind::Concat(subs) => Hir::concat(subs.iter().map(to_hir).collect()),
        Kind::Alternate(subs) => Hir::alternation(subs.iter().map(to_hir).collect()),
    }
}

fn class(set: ClassUnicode) -> Hir {
    Hir::class(Class::Unicode(set))
}

fn rune(r: u32, fold_case: bool) -> Hir {
    let set = classes::range(r, r);
    match char::from_u32(r) {
        Some(c) if !fold_case => Hir::literal(c.encode_utf8(&mut [0; 4]).as_bytes()),
        // A surrogate (`\x{D800}`) is an empty set: it never matches, as in Go.
        _ if !fold_case => class(set),
        _ => class(classes::folded(set)),
    }
}
