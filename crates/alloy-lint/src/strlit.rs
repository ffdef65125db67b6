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
    /// source offset `start`, with Alloy's rules (`alloy_syntax::string_pieces`). `None` when
    /// the literal is malformed (the parser reports it).
    pub fn decode(raw: &str, start: u32) -> Option<DecodedString> {
        let mut bytes = Vec::with_capacity(raw.len());
        let mut offsets = Vec::with_capacity(raw.len() + 1);
        if let Some(inner) = raw.strip_prefix('`').and_then(|r| r.strip_suffix('`')) {
            // Go drops carriage returns from backtick strings.
            for (i, c) in inner.char_indices().filter(|&(_, c)| c != '\r') {
                bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                offsets.resize(bytes.len(), start + 1 + i as u32);
            }
        } else {
            for piece in alloy_syntax::string_pieces(raw) {
                let piece = piece.ok()?;
                piece.value.push_to(&mut bytes);
                offsets.resize(bytes.len(), start + piece.start as u32);
            }
        }
        let (value, mut offsets) = lossy_with_offsets(bytes, offsets);
        offsets.push(start + raw.len() as u32 - 1);
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

/// The decoded bytes as text, as `alloy_syntax::unquote` gives it (each invalid sequence
/// becomes U+FFFD), with `offsets` (one per byte) following the replacement.
fn lossy_with_offsets(bytes: Vec<u8>, offsets: Vec<u32>) -> (String, Vec<u32>) {
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return (text, offsets),
        Err(e) => e.into_bytes(),
    };
    let mut text = String::with_capacity(bytes.len() + 2);
    let mut mapped = Vec::with_capacity(offsets.len() + 2);
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        mapped.extend_from_slice(&offsets[at..at + chunk.valid().len()]);
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            text.push(char::REPLACEMENT_CHARACTER);
            mapped.resize(text.len(), offsets[at]);
            at += chunk.invalid().len();
        }
    }
    (text, mapped)
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
    fn invalid_utf8_and_carriage_returns_decode_as_unquote_does() {
        let raw = r#""a\xffb\u00e9""#;
        let d = DecodedString::decode(raw, 0).unwrap();
        assert_eq!(d.value, alloy_syntax::unquote(raw).unwrap());
        assert_eq!(d.value, "a\u{fffd}bé");
        // U+FFFD (decoded bytes 1..4) points at the `\xff` escape, `b` after it.
        assert_eq!(d.source_span(1, 4), Span::new(2, 6));
        assert_eq!(d.source_span(4, 5), Span::new(6, 7));
        let d = DecodedString::decode("`a\r\nb`", 10).unwrap();
        assert_eq!(d.value, "a\nb");
        assert_eq!(d.source_span(1, 2), Span::new(13, 14));
        assert!(
            DecodedString::decode(r#""\'""#, 0).is_none(),
            "Go rejects \\'"
        );
    }

    #[test]
    fn raw_strings_map_one_to_one() {
        let d = DecodedString::decode("`(?=x)`", 0).unwrap();
        assert_eq!(d.value, "(?=x)");
        assert_eq!(d.source_span(0, 5), Span::new(1, 6));
    }
}
