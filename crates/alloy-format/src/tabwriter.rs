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
    /// Length in bytes.
    len: u32,
    /// Width in runes, escape bytes excluded. Only cells followed by `\t` or `\v` are measured:
    /// the last cell of a line never belongs to a column.
    width: u32,
    /// The width of the column the cell is in, padding included: set when its lines are
    /// printed, for every cell but the last of its line.
    column_width: u32,
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
            bytes: Vec::with_capacity(input.len() + input.len() / 8 + 16),
            kept: 0,
        },
        cells: Vec::new(),
        line_starts: vec![0],
    };
    writer.run();
    writer.out.end_line();
    writer.out.bytes
}

struct TabWriter<'i> {
    input: &'i [u8],
    out: Trimmed,
    /// Cells of all buffered lines, back to back; `line_starts[i]` is where line `i` begins.
    cells: Vec<Cell>,
    line_starts: Vec<usize>,
}

impl TabWriter<'_> {
    fn run(&mut self) {
        let input = self.input;
        let mut escaped = false;
        let mut i = self.indentation(0);
        let mut cell_start = i;
        while let Some(skip) = next_special(&input[i..]) {
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
            let width = match ends_line {
                true => 0,
                false => text_width(&input[cell_start..at], escaped),
            };
            self.cells.push(Cell {
                start: cell_start,
                len: (at - cell_start) as u32,
                width: width as u32,
                column_width: 0,
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
                i = self.indentation(i);
                cell_start = i;
            }
        }
        if cell_start < input.len() {
            self.cells.push(Cell {
                start: cell_start,
                len: (input.len() - cell_start) as u32,
                width: 0,
                column_width: 0,
                htab: false,
                escaped,
            });
        }
        self.flush();
    }

    /// Takes the tabs at `at`, the start of a line (its indentation), as the empty cells they
    /// are, without the general scan; returns where the line's text starts.
    fn indentation(&mut self, mut at: usize) -> usize {
        while self.input.get(at) == Some(&b'\t') {
            self.cells.push(Cell {
                start: at,
                len: 0,
                width: 0,
                column_width: 0,
                htab: true,
                escaped: false,
            });
            at += 1;
        }
        at
    }

    fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The number of cells of line `index`.
    fn cell_count(&self, index: usize) -> usize {
        let end = self
            .line_starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.cells.len());
        end - self.line_starts[index]
    }

    /// Prints the buffered lines. Go's tabwriter sizes column `c` over each run of consecutive
    /// lines that have it (a cell `c` that is not their last), recursively within the runs of
    /// column `c - 1`. A line that has column `c` has every column left of it, so each run of
    /// column `c` lies within one run of column `c - 1`: the runs of each column are simply the
    /// maximal runs of lines that have it, and no recursion is needed.
    fn flush(&mut self) {
        let line_count = self.line_count();
        if line_count == 2 && self.cell_count(1) == 0 {
            // One line (and nothing after its end), as most sections are: each of its columns
            // is its own cell.
            let cells = self.cell_count(0);
            for cell in &mut self.cells[..cells.saturating_sub(1)] {
                cell.column_width = match cell.width == 0 && !cell.htab {
                    true => 0,
                    false => cell.width + PADDING as u32,
                };
            }
            self.write_line(0, true);
            self.cells.clear();
            self.line_starts.truncate(1);
            return;
        }
        let mut column = 0;
        let mut any_line_has_it = true;
        while any_line_has_it {
            any_line_has_it = false;
            let mut line = 0;
            while line < line_count {
                if self.cell_count(line) <= column + 1 {
                    line += 1;
                    continue;
                }
                any_line_has_it = true;
                let run_start = line;
                let mut width = 0;
                let mut discardable = true;
                while line < line_count && self.cell_count(line) > column + 1 {
                    let cell = self.cells[self.line_starts[line] + column];
                    width = width.max(cell.width as usize + PADDING);
                    if cell.width > 0 || cell.htab {
                        discardable = false;
                    }
                    line += 1;
                }
                if discardable {
                    width = 0;
                }
                for run_line in run_start..line {
                    let index = self.line_starts[run_line] + column;
                    self.cells[index].column_width = width as u32;
                }
            }
            column += 1;
        }
        for line in 0..line_count {
            self.write_line(line, line + 1 < line_count);
        }
        self.cells.clear();
        self.line_starts.clear();
        self.line_starts.push(0);
    }

    /// Writes a line; the last buffered one has no line end yet.
    fn write_line(&mut self, line: usize, ended: bool) {
        let first = self.line_starts[line];
        let cells = &self.cells[first..first + self.cell_count(line)];
        let mut use_tabs = true;
        for (j, cell) in cells.iter().enumerate() {
            if cell.len > 0 {
                use_tabs = false;
                let text = &self.input[cell.start..cell.start + cell.len as usize];
                self.out.text(text, cell.escaped);
            }
            if j + 1 < cells.len() {
                self.out.padding(cell.width, cell.column_width, use_tabs);
            }
        }
        if ended {
            self.out.end_line();
            self.out.bytes.push(b'\n');
        }
    }
}

/// The output, with the trimmer's rules applied as it is written: blanks and tabs before a line
/// end are dropped ([`Trimmed::end_line`]), except up to `kept`.
struct Trimmed {
    bytes: Vec<u8>,
    /// `bytes` up to here ends with escaped text (or a line end): its blanks are never trimmed.
    kept: usize,
}

impl Trimmed {
    fn text(&mut self, bytes: &[u8], escaped: bool) {
        if !escaped {
            self.bytes.extend_from_slice(bytes);
            return;
        }
        // Alternating plain and escaped parts; an escape may stay open to the end. Escaped
        // parts are mostly comments, long: their ends are found with memchr.
        let mut rest = bytes;
        let mut inside = false;
        loop {
            let end = memchr::memchr(ESCAPE, rest).unwrap_or(rest.len());
            self.bytes.extend_from_slice(&rest[..end]);
            if inside {
                self.kept = self.bytes.len();
            }
            if end == rest.len() {
                break;
            }
            rest = &rest[end + 1..];
            inside = !inside;
        }
    }

    fn padding(&mut self, text_width: u32, cell_width: u32, use_tabs: bool) {
        let (text_width, cell_width) = (text_width as usize, cell_width as usize);
        let (byte, count) = match use_tabs {
            true => {
                let cell_width = cell_width.div_ceil(TAB_WIDTH) * TAB_WIDTH;
                (
                    b'\t',
                    cell_width.saturating_sub(text_width).div_ceil(TAB_WIDTH),
                )
            }
            false => (b' ', cell_width.saturating_sub(text_width)),
        };
        // Mostly one tab (an indentation level) or a few blanks: no call to `memset`.
        for _ in 0..count {
            self.bytes.push(byte);
        }
    }

    /// The trimmer at a line end: blanks and tabs written since the last escaped text go.
    fn end_line(&mut self) {
        let mut end = self.bytes.len();
        while end > self.kept && matches!(self.bytes[end - 1], b' ' | b'\t') {
            end -= 1;
        }
        self.bytes.truncate(end);
        self.kept = end;
    }
}

/// Where the first byte that ends a cell or starts an escape is. Eight bytes at a time: a word
/// with no byte below 13 (the terminators are 9 to 12) and none that is [`ESCAPE`] is skipped
/// whole.
fn next_special(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut at = 0;
    while at + 8 <= bytes.len() {
        let word = u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
        let below_13 = word.wrapping_sub(ONES * 13) & !word & HIGHS;
        let inverted = !word;
        let escape = inverted.wrapping_sub(ONES) & !inverted & HIGHS;
        if below_13 | escape != 0 {
            break;
        }
        at += 8;
    }
    bytes[at..]
        .iter()
        .position(|&b| SPECIAL[b as usize])
        .map(|i| at + i)
}

/// Go's width of a cell: its rune count (`utf8.RuneCount`, where each stray [`ESCAPE`] byte
/// counts one) minus two for each escaped section, that is, the runes that are not escapes.
fn text_width(bytes: &[u8], escaped: bool) -> usize {
    if !escaped && bytes.is_ascii() {
        return bytes.len();
    }
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
