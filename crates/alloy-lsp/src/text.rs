//! Positions: LSP `Position`s (0-based line, column in UTF-16 code units or in bytes, as
//! negotiated) to and from the byte offsets every other crate uses. The line arithmetic is
//! `alloy_diagnostics::LineIndex`'s; this module only picks the column unit.

use alloy_diagnostics::{LineIndex, Span};
use lsp_types::{Position, Range};

/// The column unit negotiated at initialization.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// LSP's default.
    Utf16,
    /// When the client offers `general.positionEncodings` with `utf-8`.
    Utf8,
}

/// A text with its line index, for position conversions.
#[derive(Clone, Copy)]
pub struct Lines<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub encoding: Encoding,
}

/// Bytes at the start of line 0 that editors hide (a UTF-8 BOM).
fn hidden_prefix(text: &str, line: usize) -> usize {
    if line == 0 && text.starts_with('\u{feff}') {
        3
    } else {
        0
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl Lines<'_> {
    pub fn position(&self, offset: u32) -> Position {
        match self.encoding {
            Encoding::Utf16 => {
                let (line, character) = self.index.utf16_position(self.text, offset);
                Position { line, character }
            }
            Encoding::Utf8 => {
                let line = self.index.line_of(offset);
                let start =
                    self.index.line_range(self.text, line).start + hidden_prefix(self.text, line);
                let offset = floor_char_boundary(self.text, offset as usize).max(start);
                Position {
                    line: line as u32,
                    character: (offset - start) as u32,
                }
            }
        }
    }

    pub fn range(&self, span: Span) -> Range {
        Range {
            start: self.position(span.start),
            end: self.position(span.end),
        }
    }

    /// The byte offset of `position`; positions past the end of a line clamp to its end, lines
    /// past the end of the text to the end of the text.
    pub fn offset(&self, position: Position) -> u32 {
        match self.encoding {
            Encoding::Utf16 => {
                self.index
                    .offset_of_utf16(self.text, position.line, position.character)
            }
            Encoding::Utf8 => {
                let line = position.line as usize;
                if line >= self.index.line_count() {
                    return self.text.len() as u32;
                }
                let range = self.index.line_range(self.text, line);
                let start = range.start + hidden_prefix(self.text, line);
                let offset = (start + position.character as usize).min(range.end);
                floor_char_boundary(self.text, offset) as u32
            }
        }
    }

    /// The byte span of `range` (ends swapped if the client sent them reversed).
    pub fn span(&self, range: Range) -> Span {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        Span::new(a.min(b), a.max(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_utf8_columns() {
        let text = "\u{feff}a = \"é😀x\"\r\nb = 1\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap() as u32;
        let utf16 = Lines {
            text,
            index: &index,
            encoding: Encoding::Utf16,
        };
        assert_eq!(utf16.position(x), Position::new(0, 8));
        assert_eq!(utf16.offset(Position::new(0, 8)), x);
        let utf8 = Lines {
            encoding: Encoding::Utf8,
            ..utf16
        };
        assert_eq!(utf8.position(x), Position::new(0, 11));
        assert_eq!(utf8.offset(Position::new(0, 11)), x);
        // Inside a multi-byte character: the character's start.
        assert_eq!(utf8.offset(Position::new(0, 9)), x - 4);
        assert_eq!(utf8.offset(Position::new(7, 0)), text.len() as u32);
        assert_eq!(utf8.offset(Position::new(1, 99)), text.len() as u32 - 1);
    }
}
