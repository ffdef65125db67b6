//! Character sets with Go's definitions: Perl classes (`\d \s \w`, ASCII only), POSIX
//! classes (`[:alpha:]`), and the Unicode names `\p{...}` accepts, looked up the way Go 1.26's
//! `regexp/syntax.unicodeTable` does. The code point sets of Unicode categories and scripts
//! come from `regex-syntax`'s tables; only Go's choice of *names* is reproduced here.

use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, HirKind};

/// The code points `lo..=hi` (Go runes; surrogates, which no UTF-8 text contains, are left out).
pub(crate) fn range(lo: u32, hi: u32) -> ClassUnicode {
    let mut set = ClassUnicode::empty();
    let mut push = |lo: u32, hi: u32| {
        if let (Some(lo), Some(hi)) = (char::from_u32(lo), char::from_u32(hi)) {
            if lo <= hi {
                set.push(ClassUnicodeRange::new(lo, hi));
            }
        }
    };
    if hi < 0xD800 || lo > 0xDFFF {
        push(lo, hi);
    } else {
        if lo < 0xD800 {
            push(lo, 0xD7FF);
        }
        if hi > 0xDFFF {
            push(0xE000, hi);
        }
    }
    set
}

fn ranges(pairs: &[(u8, u8)]) -> ClassUnicode {
    let mut set = ClassUnicode::empty();
    for &(lo, hi) in pairs {
        set.union(&range(lo.into(), hi.into()));
    }
    set
}

/// Applies Go's case folding to a set: adds every code point in the simple-fold orbit of each
/// member (what Go's `appendFoldedRange` does under `(?i)`).
pub(crate) fn folded(mut set: ClassUnicode) -> ClassUnicode {
    set.case_fold_simple();
    set
}

/// `\d \s \w` and their negations: `Some((negated, set))` for the letter after the backslash.
pub(crate) fn perl_group(letter: u8) -> Option<(bool, ClassUnicode)> {
    let set = match letter.to_ascii_lowercase() {
        b'd' => ranges(&[(b'0', b'9')]),
        // Go's \s is [\t\n\f\r ]: no \v.
        b's' => ranges(&[(b'\t', b'\n'), (0x0C, b'\r'), (b' ', b' ')]),
        b'w' => ranges(&[(b'0', b'9'), (b'A', b'Z'), (b'_', b'_'), (b'a', b'z')]),
        _ => return None,
    };
    Some((letter.is_ascii_uppercase(), set))
}

/// `[:alpha:]` or `[:^alpha:]` (the whole bracketed name): `Some((negated, set))`.
pub(crate) fn posix_group(name: &str) -> Option<(bool, ClassUnicode)> {
    let inner = name.strip_prefix("[:")?.strip_suffix(":]")?;
    let (negated, inner) = match inner.strip_prefix('^') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let pairs: &[(u8, u8)] = match inner {
        "alnum" => &[(b'0', b'9'), (b'A', b'Z'), (b'a', b'z')],
        "alpha" => &[(b'A', b'Z'), (b'a', b'z')],
        "ascii" => &[(0, 0x7F)],
        "blank" => &[(b'\t', b'\t'), (b' ', b' ')],
        "cntrl" => &[(0, 0x1F), (0x7F, 0x7F)],
        "digit" => &[(b'0', b'9')],
        "graph" => &[(b'!', b'~')],
        "lower" => &[(b'a', b'z')],
        "print" => &[(b' ', b'~')],
        "punct" => &[(b'!', b'/'), (b':', b'@'), (b'[', b'`'), (b'{', b'~')],
        "space" => &[(b'\t', b'\r'), (b' ', b' ')],
        "upper" => &[(b'A', b'Z')],
        "word" => &[(b'0', b'9'), (b'A', b'Z'), (b'a', b'z'), (b'_', b'_')],
        "xdigit" => &[(b'0', b'9'), (b'A', b'F'), (b'a', b'f')],
        _ => return None,
    };
    Some((negated, ranges(pairs)))
}

/// Go's `canonicalName`: separators (`_`, `-`, space) dropped, the first letter upper case,
/// the rest lower case. Names are then looked up exactly, so a script whose Go name has an
/// underscore or an inner capital (`Old_Italic`, `SignWriting`) can never be named: Go 1.26
/// rejects `\p{Old_Italic}`, and so do we.
fn canonical_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(c, '_' | '-' | ' ') {
            continue;
        }
        if out.is_empty() {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// Keys of Go's `unicode.Categories` that are already canonical (`LC` is handled apart).
const CATEGORIES: &[&str] = &[
    "C", "Cc", "Cf", "Cn", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn",
    "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm",
    "So", "Z", "Zl", "Zp", "Zs",
];

/// Go's `unicode.CategoryAliases` (Unicode's long names plus `cntrl`, `digit`, `punct`),
/// canonicalised, with the category each names.
const CATEGORY_ALIASES: &[(&str, &str)] = &[
    ("Casedletter", "LC"),
    ("Closepunctuation", "Pe"),
    ("Cntrl", "Cc"),
    ("Combiningmark", "M"),
    ("Connectorpunctuation", "Pc"),
    ("Control", "Cc"),
    ("Currencysymbol", "Sc"),
    ("Dashpunctuation", "Pd"),
    ("Decimalnumber", "Nd"),
    ("Digit", "Nd"),
    ("Enclosingmark", "Me"),
    ("Finalpunctuation", "Pf"),
    ("Format", "Cf"),
    ("Initialpunctuation", "Pi"),
    ("Letter", "L"),
    ("Letternumber", "Nl"),
    ("Lineseparator", "Zl"),
    ("Lowercaseletter", "Ll"),
    ("Mark", "M"),
    ("Mathsymbol", "Sm"),
    ("Modifierletter", "Lm"),
    ("Modifiersymbol", "Sk"),
    ("Nonspacingmark", "Mn"),
    ("Number", "N"),
    ("Openpunctuation", "Ps"),
    ("Other", "C"),
    ("Otherletter", "Lo"),
    ("Othernumber", "No"),
    ("Otherpunctuation", "Po"),
    ("Othersymbol", "So"),
    ("Paragraphseparator", "Zp"),
    ("Privateuse", "Co"),
    ("Punct", "P"),
    ("Punctuation", "P"),
    ("Separator", "Z"),
    ("Spaceseparator", "Zs"),
    ("Spacingmark", "Mc"),
    ("Surrogate", "Cs"),
    ("Symbol", "S"),
    ("Titlecaseletter", "Lt"),
    ("Unassigned", "Cn"),
    ("Uppercaseletter", "Lu"),
];

/// The scripts of Go 1.26's `unicode.Scripts` (Unicode 15.0) whose name is a single
/// capitalised word, the only ones `canonicalName` can reach.
const SCRIPTS: &[&str] = &[
    "Adlam",
    "Ahom",
    "Arabic",
    "Armenian",
    "Avestan",
    "Balinese",
    "Bamum",
    "Batak",
    "Bengali",
    "Bhaiksuki",
    "Bopomofo",
    "Brahmi",
    "Braille",
    "Buginese",
    "Buhid",
    "Carian",
    "Chakma",
    "Cham",
    "Cherokee",
    "Chorasmian",
    "Common",
    "Coptic",
    "Cuneiform",
    "Cypriot",
    "Cyrillic",
    "Deseret",
    "Devanagari",
    "Dogra",
    "Duployan",
    "Elbasan",
    "Elymaic",
    "Ethiopic",
    "Georgian",
    "Glagolitic",
    "Gothic",
    "Grantha",
    "Greek",
    "Gujarati",
    "Gurmukhi",
    "Han",
    "Hangul",
    "Hanunoo",
    "Hatran",
    "Hebrew",
    "Hiragana",
    "Inherited",
    "Javanese",
    "Kaithi",
    "Kannada",
    "Katakana",
    "Kawi",
    "Kharoshthi",
    "Khmer",
    "Khojki",
    "Khudawadi",
    "Lao",
    "Latin",
    "Lepcha",
    "Limbu",
    "Lisu",
    "Lycian",
    "Lydian",
    "Mahajani",
    "Makasar",
    "Malayalam",
    "Mandaic",
    "Manichaean",
    "Marchen",
    "Medefaidrin",
    "Miao",
    "Modi",
    "Mongolian",
    "Mro",
    "Multani",
    "Myanmar",
    "Nabataean",
    "Nandinagari",
    "Newa",
    "Nko",
    "Nushu",
    "Ogham",
    "Oriya",
    "Osage",
    "Osmanya",
    "Palmyrene",
    "Phoenician",
    "Rejang",
    "Runic",
    "Samaritan",
    "Saurashtra",
    "Sharada",
    "Shavian",
    "Siddham",
    "Sinhala",
    "Sogdian",
    "Soyombo",
    "Sundanese",
    "Syriac",
    "Tagalog",
    "Tagbanwa",
    "Takri",
    "Tamil",
    "Tangsa",
    "Tangut",
    "Telugu",
    "Thaana",
    "Thai",
    "Tibetan",
    "Tifinagh",
    "Tirhuta",
    "Toto",
    "Ugaritic",
    "Vai",
    "Vithkuqi",
    "Wancho",
    "Yezidi",
    "Yi",
];

/// A Unicode class Go knows by `name` (after `\p{` and an optional `^`): the set and whether
/// Go inverts it (`Assigned` is "not `Cn`"). `None` when Go rejects the name.
pub(crate) fn unicode_table(name: &str) -> Option<(ClassUnicode, bool)> {
    let name = canonical_name(name);
    let query = match name.as_str() {
        "Any" => return Some((range(0, 0x10FFFF), false)),
        "Ascii" => return Some((range(0, 0x7F), false)),
        "Assigned" => "gc=Cn".to_string(),
        "Lc" => "gc=LC".to_string(),
        n if CATEGORIES.contains(&n) => format!("gc={n}"),
        n if SCRIPTS.binary_search(&n).is_ok() => format!("sc={n}"),
        n => {
            let (_, category) = CATEGORY_ALIASES.iter().find(|(alias, _)| *alias == n)?;
            format!("gc={category}")
        }
    };
    // Surrogates are Go runes but never occur in UTF-8 text; `regex-syntax` has no set for them.
    let set = if query == "gc=Cs" {
        ClassUnicode::empty()
    } else {
        unicode_set(&query)?
    };
    Some((set, name == "Assigned"))
}

/// The set `regex-syntax` has for `\p{QUERY}`.
fn unicode_set(query: &str) -> Option<ClassUnicode> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&format!("\\p{{{query}}}"))
        .ok()?;
    match hir.into_kind() {
        HirKind::Class(Class::Unicode(set)) => Some(set),
        // A one-character set (`Zl`, `Zp`) comes back as a literal.
        HirKind::Literal(lit) => {
            let c = std::str::from_utf8(&lit.0).ok()?.chars().next()?;
            Some(range(c.into(), c.into()))
        }
        _ => None,
    }
}

/// Go's `unicode.IsLetter(c) || unicode.IsDigit(c) || c == '_'`: the characters of a `$name`
/// in an expansion template.
pub(crate) fn is_template_name_char(c: char) -> bool {
    use std::sync::OnceLock;
    static LETTERS_AND_DIGITS: OnceLock<ClassUnicode> = OnceLock::new();
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    let set = LETTERS_AND_DIGITS.get_or_init(|| {
        let mut set = unicode_set("gc=L").unwrap_or_else(ClassUnicode::empty);
        set.union(&unicode_set("gc=Nd").unwrap_or_else(ClassUnicode::empty));
        set
    });
    set.ranges()
        .binary_search_by(|r| {
            if r.end() < c {
                std::cmp::Ordering::Less
            } else if r.start() > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_sorted_for_binary_search() {
        assert!(SCRIPTS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn every_name_resolves_in_regex_syntax() {
        for name in CATEGORIES.iter().chain(SCRIPTS) {
            assert!(unicode_table(name).is_some(), "{name}");
        }
        for (alias, _) in CATEGORY_ALIASES {
            assert!(unicode_table(alias).is_some(), "{alias}");
        }
        assert!(unicode_table("Lc").is_some());
    }

    #[test]
    fn names_are_matched_loosely_but_underscored_scripts_are_unreachable() {
        assert!(unicode_table("upper case-let ter").is_some());
        assert!(unicode_table("greek").is_some());
        assert!(unicode_table("Old_Italic").is_none());
        assert!(unicode_table("IsGreek").is_none());
        assert!(
            unicode_table("Garay").is_none(),
            "Unicode 16 script, not in Go 1.26"
        );
        let (assigned, inverted) = unicode_table("Assigned").unwrap();
        assert!(inverted && assigned.ranges().iter().any(|r| r.start() <= '\u{378}'));
    }

    #[test]
    fn template_names_use_letters_and_decimal_digits() {
        assert!(is_template_name_char('é'));
        assert!(is_template_name_char('٣'));
        assert!(!is_template_name_char('Ⅳ'), "Nl is not IsDigit");
        assert!(!is_template_name_char('-'));
    }
}
