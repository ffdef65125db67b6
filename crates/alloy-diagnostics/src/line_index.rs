//! Byte offset <-> line/column mapping, in one place for every tool.
//!
//! Lines end at `\n`; a `\r` before it belongs to the line ending. A UTF-8 BOM at the start of
//! the file is not counted in character or UTF-16 columns (editors hide it), but is in byte
//! columns (Go's scanner, and so `alloy fmt`'s error positions, count bytes).

/// A 1-based line and 1-based column counted in Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of the first byte of every line.
    line_starts: Vec<u32>,
    len: u32,
    bom: bool,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        LineIndex {
            line_starts,
            len: text.len() as u32,
            bom: text.starts_with('\u{feff}'),
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line holding `offset` (offsets past the end map to the last line).
    pub fn line_of(&self, offset: u32) -> usize {
        let offset = offset.min(self.len);
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte range of 0-based `line` without its line ending (`\n` or `\r\n`).
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_starts[line] as usize;
        let mut end = self
            .line_starts
            .get(line + 1)
            .map(|&e| e as usize - 1)
            .unwrap_or(text.len());
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        start..end
    }

    fn skipped_prefix(&self, line: usize) -> usize {
        if line == 0 && self.bom {
            3
        } else {
            0
        }
    }

    /// 1-based line and 1-based column in characters.
    pub fn line_col(&self, text: &str, offset: u32) -> LineCol {
        let line = self.line_of(offset);
        let start = self.line_starts[line] as usize + self.skipped_prefix(line);
        let end = clamp_to_char_boundary(text, (offset as usize).max(start));
        let col = text[start.min(end)..end].chars().count() as u32 + 1;
        LineCol {
            line: line as u32 + 1,
            col,
        }
    }

    /// 1-based line and 1-based column in bytes, as Go reports positions.
    pub fn byte_line_col(&self, offset: u32) -> LineCol {
        let line = self.line_of(offset);
        LineCol {
            line: line as u32 + 1,
            col: offset.min(self.len) - self.line_starts[line] + 1,
        }
    }

    /// 0-based line and 0-based UTF-16 column: an LSP `Position`.
    pub fn utf16_position(&self, text: &str, offset: u32) -> (u32, u32) {
        let line = self.line_of(offset);
        let start = self.line_starts[line] as usize + self.skipped_prefix(line);
        let end = clamp_to_char_boundary(text, (offset as usize).max(start));
        let col: usize = text[start.min(end)..end].chars().map(char::len_utf16).sum();
        (line as u32, col as u32)
    }

    /// Byte offset of an LSP position (0-based line, UTF-16 column). Columns past the end of the
    /// line clamp to its end, lines past the end clamp to the end of the text.
    pub fn offset_of_utf16(&self, text: &str, line: u32, col: u32) -> u32 {
        let line = line as usize;
        if line >= self.line_starts.len() {
            return self.len;
        }
        let range = self.line_range(text, line);
        let start = range.start + self.skipped_prefix(line);
        let mut units = 0u32;
        for (i, c) in text[start..range.end].char_indices() {
            if units >= col {
                return (start + i) as u32;
            }
            units += c.len_utf16() as u32;
        }
        range.end as u32
    }
}

fn clamp_to_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_bom_and_multibyte() {
        let text = "\u{feff}a = 1\r\nb = \"é😀x\"\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 3), LineCol { line: 1, col: 1 });
        assert_eq!(idx.byte_line_col(3), LineCol { line: 1, col: 4 });
        let x = text.find('x').unwrap() as u32;
        assert_eq!(idx.line_col(text, x), LineCol { line: 2, col: 8 });
        assert_eq!(idx.utf16_position(text, x), (1, 8));
        assert_eq!(idx.offset_of_utf16(text, 1, 8), x);
        assert_eq!(idx.line_range(text, 0), 0..8);
        assert_eq!(idx.offset_of_utf16(text, 0, 99), 8);
    }
}
