//! String literals with a map from each decoded byte back to its offset in the source, so a
//! diagnostic about the string's *content* (a bad regex) can point inside the literal.

use alloy_diagnostics::Span;

/// A decoded string literal.
pub struct DecodedString {
    pub value: String,
    /// `offsets[i]` is the source offset of the escape or character that produced decoded
    /// byte `i`; one extra entry holds the offset of the closing quote.
    offsets: Vec<u32>,
}

impl DecodedString {
    /// Decodes a `"..."` or `` `...` `` literal (raw text including delimiters) that starts at
    /// source offset `start`. `None` when the literal is malformed (the parser reports it).
    pub fn decode(raw: &str, start: u32) -> Option<DecodedString> {
        if let Some(inner) = raw.strip_prefix('`').and_then(|r| r.strip_suffix('`')) {
            let offsets = (0..=inner.len() as u32).map(|i| start + 1 + i).collect();
            return Some(DecodedString {
                value: inner.to_string(),
                offsets,
            });
        }
        let value = alloy_syntax::unquote(raw).ok()?;
        let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
        let mut offsets = Vec::with_capacity(value.len() + 1);
        let bytes = inner.as_bytes();
        let mut i = 0usize;
        while i < bytes.len() {
            let at = start + 1 + i as u32;
            let (consumed, produced) = if bytes[i] == b'\\' && i + 1 < bytes.len() {
                escape_len(&inner[i..])
            } else {
                let ch_len = inner[i..].chars().next().map_or(1, char::len_utf8);
                (ch_len, ch_len)
            };
            offsets.extend(std::iter::repeat_n(at, produced));
            i += consumed.max(1);
        }
        offsets.push(start + raw.len() as u32 - 1);
        // A mismatch means an escape we measured differently from `unquote`: fall back to
        // pointing at the whole literal rather than at a wrong place.
        if offsets.len() != value.len() + 1 {
            let end = start + raw.len() as u32;
            offsets = vec![start; value.len()];
            offsets.push(end);
        }
        Some(DecodedString { value, offsets })
    }

    /// Source span of decoded byte range `[from, to)`.
    pub fn source_span(&self, from: usize, to: usize) -> Span {
        let last = self.offsets.len() - 1;
        let s = self.offsets[from.min(last)];
        let e = if to > from {
            // End after the last character of the range.
            let last_byte = self.offsets[(to - 1).min(last)];
            let next = self.offsets[to.min(last)];
            next.max(last_byte + 1)
        } else {
            s
        };
        Span::new(s, e.max(s))
    }
}

/// (source bytes consumed, decoded bytes produced) by the escape at the start of `s`.
fn escape_len(s: &str) -> (usize, usize) {
    let b = s.as_bytes();
    match b.get(1) {
        Some(b'x') => (4, 1),
        Some(b'u') => (6, decoded_len(&s[2..6.min(s.len())])),
        Some(b'U') => (10, decoded_len(&s[2..10.min(s.len())])),
        Some(b'0'..=b'7') => (4, 1),
        _ => (2, 1),
    }
}

fn decoded_len(hex: &str) -> usize {
    u32::from_str_radix(hex, 16)
        .ok()
        .and_then(char::from_u32)
        .map_or(1, char::len_utf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_escapes_back_to_source() {
        // source: x = "a\\(b"   -> decoded a\(b
        let raw = r#""a\\(b""#;
        let d = DecodedString::decode(raw, 10).unwrap();
        assert_eq!(d.value, "a\\(b");
        // decoded byte 2 is '(' at raw index 4 -> source 14
        assert_eq!(d.source_span(2, 3), Span::new(14, 15));
        // decoded byte 1 is the two-byte escape at raw index 2: the span covers both bytes
        assert_eq!(d.source_span(1, 2), Span::new(12, 14));
    }

    #[test]
    fn raw_strings_map_one_to_one() {
        let d = DecodedString::decode("`(?=x)`", 0).unwrap();
        assert_eq!(d.value, "(?=x)");
        assert_eq!(d.source_span(0, 5), Span::new(1, 6));
    }
}
