//! Byte offset to line lookups, with Go's `token.File` line numbering (a line starts after
//! every `\n`).

use crate::printer::Pos;

pub struct LineTable {
    starts: Vec<usize>,
    /// Index in `starts` of the last line found: lookups mostly move forward a little.
    hint: std::cell::Cell<usize>,
}

impl LineTable {
    pub fn new(text: &str) -> LineTable {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr_newlines(text.as_bytes()).map(|i| i + 1));
        LineTable {
            starts,
            hint: std::cell::Cell::new(0),
        }
    }

    /// The 1-based line holding `offset`.
    pub fn line(&self, offset: usize) -> usize {
        let hint = self.hint.get();
        let starts = &self.starts;
        if starts[hint] <= offset {
            // Try the hinted line and the next few before searching.
            for index in hint..(hint + 4).min(starts.len()) {
                if starts.get(index + 1).is_none_or(|&next| offset < next) {
                    self.hint.set(index);
                    return index + 1;
                }
            }
        }
        let line = starts.partition_point(|&start| start <= offset);
        self.hint.set(line.saturating_sub(1));
        line
    }

    pub fn pos(&self, offset: usize) -> Pos {
        Pos {
            offset,
            line: self.line(offset),
        }
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_start_after_newlines() {
        let table = LineTable::new("ab\ncd\n\ne");
        assert_eq!(table.line(0), 1);
        assert_eq!(table.line(2), 1);
        assert_eq!(table.line(3), 2);
        assert_eq!(table.line(6), 3);
        assert_eq!(table.line(7), 4);
        assert_eq!(table.line(0), 1);
        assert_eq!(table.line(4), 2);
        assert_eq!(table.line(100), 4);
    }
}
