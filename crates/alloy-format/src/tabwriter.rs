//! Elastic tabstops with the exact semantics of Go's `text/tabwriter` as `alloy fmt` configures
//! it: minwidth 0, tabwidth 8, padding 1, pad character `' '`, `DiscardEmptyColumns | TabIndent`.
//!
//! Text is split into cells by `\t` (a "hard" terminator), `\v` (a "soft" one), `\n` and `\f`
//! (line ends; `\f` also ends the aligned section). Bytes between two [`ESCAPE`] bytes are
//! opaque: they never split cells and count as their rune count. A column is a run of
//! consecutive lines that all have a cell in that position (the last cell of a line never
//! belongs to a column); its width is the widest cell plus the padding.
//!
//! The output also gets the last stage of `alloy fmt` (its trimmer) on the way out: blanks and
//! tabs before a line end are dropped, and the escape bytes removed, with the text between them
//! written untouched (so trailing blanks inside comments survive).

/// Go's `tabwriter.Escape`. It cannot occur in UTF-8 text, so it can bracket literal text.
pub const ESCAPE: u8 = 0xff;

const TAB_WIDTH: usize = 8;
const PADDING: usize = 1;

/// Bytes that end a cell or start an escape.
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    table[b'\t' as usize] = true;
    table[0x0b] = true;
    table[b'\n' as usize] = true;
    table[0x0c] = true;
    table[ESCAPE as usize] = true;
    table
};

/// A cell: a range of the input (escape bytes included, terminator excluded).
#[derive(Clone, Copy, Debug, Default)]
struct Cell {
    start: usize,
    end: usize,
    /// Width in runes, escape bytes excluded. Only cells followed by `\t` or `\v` are measured:
    /// the last cell of a line never belongs to a column.
    width: usize,
    /// Terminated by `\t` rather than `\v`.
    htab: bool,
    /// Holds [`ESCAPE`] bytes.
    escaped: bool,
}

/// Formats `input` (Go: one complete `Write` followed by `Flush`) and trims the result.
pub fn format(input: &[u8]) -> Vec<u8> {
    let mut writer = TabWriter {
        input,
        out: Trimmed {
            out: Vec::with_capacity(input.len() + 1),
            blanks_from: None,
        },
        cells: Vec::new(),
        line_starts: vec![0],
        widths: Vec::new(),
    };
    writer.run();
    writer.out.end_line();
    writer.out.out
}

/// Output with the trimmer's rules applied as it is written.
struct Trimmed {
    out: Vec<u8>,
    /// Where the blanks at the end of `out` start, if it ends with blanks that may be dropped.
    blanks_from: Option<usize>,
}

impl Trimmed {
    fn text(&mut self, bytes: &[u8], escaped: bool) {
        if !escaped {
            self.plain(bytes);
            return;
        }
        // Alternating plain and escaped parts; an escape may stay open to the end.
        for (i, part) in bytes.split(|&b| b == ESCAPE).enumerate() {
            if i % 2 == 0 {
                self.plain(part);
            } else {
                self.out.extend_from_slice(part);
                self.blanks_from = None;
            }
        }
    }

    fn plain(&mut self, bytes: &[u8]) {
        let start = self.out.len();
        self.out.extend_from_slice(bytes);
        match bytes.iter().rposition(|&b| b != b' ' && b != b'\t') {
            Some(last) if last + 1 == bytes.len() => self.blanks_from = None,
            Some(last) => self.blanks_from = Some(start + last + 1),
            None if bytes.is_empty() => {}
            None => {
                self.blanks_from.get_or_insert(start);
            }
        }
    }

    fn repeated(&mut self, byte: u8, count: usize) {
        if count > 0 {
            self.blanks_from.get_or_insert(self.out.len());
            self.out.resize(self.out.len() + count, byte);
        }
    }

    fn end_line(&mut self) {
        if let Some(from) = self.blanks_from.take() {
            self.out.truncate(from);
        }
    }

    fn newline(&mut self) {
        self.end_line();
        self.out.push(b'\n');
    }
}

struct TabWriter<'i> {
    input: &'i [u8],
    out: Trimmed,
    /// Cells of all buffered lines, back to back; `line_starts[i]` is where line `i` begins.
    cells: Vec<Cell>,
    line_starts: Vec<usize>,
    widths: Vec<usize>,
}

impl TabWriter<'_> {
    fn run(&mut self) {
        let input = self.input;
        let mut cell_start = 0;
        let mut escaped = false;
        let mut i = 0;
        while i < input.len() {
            let Some(skip) = input[i..].iter().position(|&b| SPECIAL[b as usize]) else {
                break;
            };
            let at = i + skip;
            i = at + 1;
            let ch = input[at];
            if ch == ESCAPE {
                // Escaped text is opaque up to the closing escape (or the end of the input).
                escaped = true;
                i = match memchr::memchr(ESCAPE, &input[i..]) {
                    Some(close) => i + close + 1,
                    None => input.len(),
                };
                continue;
            }
            let ends_line = ch == b'\n' || ch == b'\x0c';
            let width = if ends_line {
                0
            } else {
                text_width(&input[cell_start..at])
            };
            self.cells.push(Cell {
                start: cell_start,
                end: at,
                width,
                htab: ch == b'\t',
                escaped,
            });
            cell_start = at + 1;
            escaped = false;
            if ends_line {
                let cells_in_line = self.cells.len() - self.line_starts[self.line_starts.len() - 1];
                self.line_starts.push(self.cells.len());
                // A one-cell line ends every column, so the lines before it can be printed
                // now; a form feed always ends the section.
                if ch == b'\x0c' || cells_in_line == 1 {
                    self.flush();
                }
            }
        }
        if cell_start < input.len() {
            self.cells.push(Cell {
                start: cell_start,
                end: input.len(),
                width: 0,
                htab: false,
                escaped,
            });
        }
        self.flush();
    }

    fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    fn line(&self, index: usize) -> &[Cell] {
        let end = self
            .line_starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.cells.len());
        &self.cells[self.line_starts[index]..end]
    }

    fn flush(&mut self) {
        let line_count = self.line_count();
        self.format_columns(0, line_count);
        self.cells.clear();
        self.line_starts.clear();
        self.line_starts.push(0);
    }

    /// Prints lines `line0..line1`, sizing the column `self.widths.len()` for each run of
    /// lines that has it, recursively for the columns to its right.
    fn format_columns(&mut self, mut line0: usize, line1: usize) {
        let column = self.widths.len();
        let mut this = line0;
        while this < line1 {
            if column + 1 >= self.line(this).len() {
                this += 1;
                continue;
            }
            self.write_lines(line0, this);
            line0 = this;
            let mut width = 0;
            let mut discardable = true;
            while this < line1 {
                let line = self.line(this);
                if column + 1 >= line.len() {
                    break;
                }
                let cell = line[column];
                width = width.max(cell.width + PADDING);
                if cell.width > 0 || cell.htab {
                    discardable = false;
                }
                this += 1;
            }
            if discardable {
                width = 0;
            }
            self.widths.push(width);
            self.format_columns(line0, this);
            self.widths.pop();
            line0 = this;
        }
        self.write_lines(line0, line1);
    }

    fn write_lines(&mut self, line0: usize, line1: usize) {
        for i in line0..line1 {
            let mut use_tabs = true;
            let first = self.line_starts[i];
            let count = self.line(i).len();
            for j in 0..count {
                let cell = self.cells[first + j];
                if cell.end > cell.start {
                    use_tabs = false;
                    self.out
                        .text(&self.input[cell.start..cell.end], cell.escaped);
                }
                if j < self.widths.len() {
                    self.write_padding(cell.width, self.widths[j], use_tabs);
                }
            }
            // The last buffered line has no line end yet.
            if i + 1 < self.line_count() {
                self.out.newline();
            }
        }
    }

    fn write_padding(&mut self, text_width: usize, cell_width: usize, use_tabs: bool) {
        if use_tabs {
            let cell_width = cell_width.div_ceil(TAB_WIDTH) * TAB_WIDTH;
            let padding = cell_width.saturating_sub(text_width);
            self.out.repeated(b'\t', padding.div_ceil(TAB_WIDTH));
        } else {
            self.out
                .repeated(b' ', cell_width.saturating_sub(text_width));
        }
    }
}

/// Go's width of a cell: its rune count (`utf8.RuneCount`, where each stray [`ESCAPE`] byte
/// counts one) minus two for each escaped section, that is, the runes that are not escapes.
fn text_width(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .filter(|&&b| (b & 0xc0) != 0x80 && b != ESCAPE)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &[u8]) -> String {
        String::from_utf8(format(input)).unwrap()
    }

    #[test]
    fn aligns_soft_cells_of_consecutive_lines() {
        assert_eq!(run(b"a\x0b= 1\nbbb\x0b= 2\n"), "a   = 1\nbbb = 2\n");
    }

    #[test]
    fn leading_hard_tabs_become_tabs() {
        assert_eq!(run(b"\ta\x0b= 1\n\tbbb\x0b= 2\n"), "\ta   = 1\n\tbbb = 2\n");
    }

    #[test]
    fn one_cell_line_cuts_the_column() {
        assert_eq!(run(b"a\x0b= 1\nx\nbbb\x0b= 2\n"), "a = 1\nx\nbbb = 2\n");
    }

    #[test]
    fn form_feed_cuts_the_column_and_prints_a_newline() {
        assert_eq!(run(b"a\x0b= 1\x0cbbb\x0b= 2"), "a = 1\nbbb = 2");
    }

    #[test]
    fn width_counts_runes_not_bytes() {
        assert_eq!(
            run("日本語\x0b= 1\nab\x0b= 2\n".as_bytes()),
            "日本語 = 1\nab  = 2\n"
        );
    }

    #[test]
    fn escaped_text_is_opaque_and_counts_its_runes() {
        let out = run(b"a\x0b= 1\t\xff// c\td\xff\nbbb\x0b= 22\t\xff// e\xff\n");
        assert_eq!(out, "a   = 1  // c\td\nbbb = 22 // e\n");
    }

    #[test]
    fn drops_blanks_before_line_ends_but_not_inside_escapes() {
        assert_eq!(run(b"a  \t\nb \x0cc   "), "a\nb\nc");
        // Blanks before an escape are text, even before an empty one.
        assert_eq!(run(b"a \xff\xff \n"), "a \n");
        assert_eq!(run(b"x \xff// c  \xff  \n\xffy\xff"), "x // c  \ny");
        assert_eq!(run(b"\ta\x0b\xff\xff\n\tbb\x0bc\n"), "\ta  \n\tbb c\n");
    }

    #[test]
    fn empty_soft_columns_are_discarded() {
        assert_eq!(run(b"\x0bx\n\x0by\n"), "x\ny\n");
    }

    #[test]
    fn trailing_text_without_newline_is_printed() {
        assert_eq!(run(b"abc"), "abc");
    }
}
