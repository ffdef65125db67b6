//! String literal decoding and identifier checks, following Alloy's (Go's) rules.

/// True if `s` is a valid Alloy identifier: a Unicode letter or `_`, then letters, digits or `_`,
/// and not a keyword (`true`, `false`, `null`).
pub fn is_valid_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if is_letter(c) => {}
        _ => return false,
    }
    chars.all(|c| is_letter(c) || is_digit(c)) && !matches!(s, "true" | "false" | "null")
}

pub(crate) fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || c == '_'
        || (!c.is_ascii() && c.is_alphabetic() && is_unicode_letter(c))
}

pub(crate) fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric() && is_decimal_digit(c))
}

/// Go's `unicode.IsLetter` is the general category L; Rust's `is_alphabetic` also admits
/// `Other_Alphabetic` marks and letter numbers (Nl), which Go rejects.
fn is_unicode_letter(c: char) -> bool {
    use crate::unicode_tables::LETTER;
    in_table(LETTER, c)
}

/// Go's `unicode.IsDigit` is the general category Nd.
fn is_decimal_digit(c: char) -> bool {
    use crate::unicode_tables::DECIMAL_DIGIT;
    in_table(DECIMAL_DIGIT, c)
}

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Decodes a double-quoted string literal (quotes included) with Go's escapes: `\a \b \f \n \r
/// \t \v \\ \" \'`, octal `\NNN`, `\xHH`, `\uHHHH`, `\UHHHHHHHH`. A backtick literal is returned
/// without its backticks (and without carriage returns, as Go does).
pub fn unquote(raw: &str) -> Result<String, String> {
    if let Some(inner) = raw.strip_prefix('`').and_then(|r| r.strip_suffix('`')) {
        return Ok(inner.replace('\r', ""));
    }
    let inner = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .ok_or_else(|| format!("invalid string literal {raw}"))?;
    if !inner.contains('\\') {
        return Ok(inner.to_string());
    }
    // Octal and \x escapes produce raw bytes, which may form (or break) UTF-8 sequences.
    let mut out: Vec<u8> = Vec::with_capacity(inner.len());
    let mut chars = inner.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c != '\\' {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        let (_, e) = chars.next().ok_or("escape sequence not terminated")?;
        let simple = match e {
            'a' => Some(0x07u8),
            'b' => Some(0x08),
            'f' => Some(0x0c),
            'n' => Some(b'\n'),
            'r' => Some(b'\r'),
            't' => Some(b'\t'),
            'v' => Some(0x0b),
            '\\' => Some(b'\\'),
            '"' => Some(b'"'),
            '\'' => Some(b'\''),
            _ => None,
        };
        if let Some(b) = simple {
            out.push(b);
            continue;
        }
        let (digits, base, is_byte) = match e {
            '0'..='7' => (3, 8, true),
            'x' => (2, 16, true),
            'u' => (4, 16, false),
            'U' => (8, 16, false),
            _ => return Err(format!("unknown escape sequence \\{e}")),
        };
        let mut value: u32 = 0;
        let mut first = if base == 8 { Some(e) } else { None };
        for _ in 0..digits {
            let d = match first.take() {
                Some(c) => c,
                None => chars
                    .next()
                    .map(|(_, c)| c)
                    .ok_or("escape sequence not terminated")?,
            };
            let v = d
                .to_digit(base)
                .ok_or_else(|| format!("illegal character {d:?} in escape sequence"))?;
            value = value * base + v;
        }
        if is_byte {
            if value > 255 {
                return Err("octal escape value > 255".into());
            }
            out.push(value as u8);
        } else {
            let c = char::from_u32(value).ok_or("escape sequence is invalid Unicode code point")?;
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }
    // Go strings may hold invalid UTF-8; we replace it so values stay valid Rust strings.
    Ok(match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert!(is_valid_identifier("foo_bar9"));
        assert!(is_valid_identifier("日本語"));
        assert!(is_valid_identifier("_"));
        assert!(!is_valid_identifier("9a"));
        assert!(!is_valid_identifier(""));
        assert!(!is_valid_identifier("a-b"));
        assert!(!is_valid_identifier("null"));
        assert!(is_valid_identifier("x١"), "Arabic-Indic digit is Nd");
        assert!(
            !is_valid_identifier("Ⅷ"),
            "letter numbers are not letters in Go"
        );
    }

    #[test]
    fn unquoting() {
        assert_eq!(
            unquote(r#""a\tb\n\"q\" \u00e9 \x41 \101 \U0001F600 \'""#).unwrap(),
            "a\tb\n\"q\" é A A 😀 '"
        );
        assert_eq!(unquote("`a\\n\r\nb`").unwrap(), "a\\n\nb");
        assert!(unquote(r#""\q""#).is_err());
        assert!(unquote(r#""\uD800""#).is_err());
    }
}
