//! The last stage of `alloy fmt`'s output: drops blanks and tabs before each line end, turns
//! form feeds into newlines, and removes the [`ESCAPE`] bytes, writing the text between them
//! untouched (so trailing blanks inside comments survive).

use crate::tabwriter::ESCAPE;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Collecting blanks that are written only if text follows on the same line.
    Space,
    Text,
    Escaped,
}

pub struct Trimmer {
    out: Vec<u8>,
    state: State,
    pending_space: Vec<u8>,
}

impl Trimmer {
    pub fn with_capacity(capacity: usize) -> Self {
        Trimmer {
            out: Vec::with_capacity(capacity),
            state: State::Space,
            pending_space: Vec::new(),
        }
    }

    pub fn write(&mut self, data: &[u8]) {
        let mut i = 0;
        while i < data.len() {
            let byte = data[i];
            i += 1;
            match self.state {
                State::Space => match byte {
                    b' ' | b'\t' | b'\x0b' => {
                        self.pending_space
                            .push(if byte == b'\x0b' { b'\t' } else { byte })
                    }
                    b'\n' | b'\x0c' => {
                        self.pending_space.clear();
                        self.out.push(b'\n');
                    }
                    ESCAPE => {
                        self.out.extend_from_slice(&self.pending_space);
                        self.pending_space.clear();
                        self.state = State::Escaped;
                    }
                    _ => {
                        self.out.extend_from_slice(&self.pending_space);
                        self.pending_space.clear();
                        self.out.push(byte);
                        self.state = State::Text;
                    }
                },
                State::Text => match byte {
                    b' ' | b'\t' | b'\x0b' => {
                        self.pending_space
                            .push(if byte == b'\x0b' { b'\t' } else { byte });
                        self.state = State::Space;
                    }
                    b'\n' | b'\x0c' => {
                        self.out.push(b'\n');
                        self.state = State::Space;
                    }
                    ESCAPE => self.state = State::Escaped,
                    _ => {
                        // Copy the whole run of ordinary text at once.
                        let run = data[i - 1..]
                            .iter()
                            .position(|&b| is_special(b))
                            .unwrap_or(data.len() - i + 1);
                        self.out.extend_from_slice(&data[i - 1..i - 1 + run]);
                        i += run - 1;
                    }
                },
                State::Escaped => {
                    if byte == ESCAPE {
                        self.state = State::Space;
                    } else {
                        let run =
                            memchr::memchr(ESCAPE, &data[i - 1..]).unwrap_or(data.len() - i + 1);
                        self.out.extend_from_slice(&data[i - 1..i - 1 + run]);
                        i += run - 1;
                    }
                }
            }
        }
    }

    pub fn finish(self) -> Vec<u8> {
        self.out
    }
}

fn is_special(byte: u8) -> bool {
    SPECIAL[byte as usize]
}

const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    table[b' ' as usize] = true;
    table[b'\t' as usize] = true;
    table[0x0b] = true;
    table[b'\n' as usize] = true;
    table[0x0c] = true;
    table[ESCAPE as usize] = true;
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    fn trim(input: &[u8]) -> String {
        let mut t = Trimmer::with_capacity(0);
        t.write(input);
        String::from_utf8(t.finish()).unwrap()
    }

    #[test]
    fn drops_trailing_blanks_and_converts_form_feeds() {
        assert_eq!(trim(b"a  \t\nb \x0cc   "), "a\nb\nc");
    }

    #[test]
    fn keeps_inner_blanks() {
        assert_eq!(trim(b"a \t b\n"), "a \t b\n");
    }

    #[test]
    fn state_carries_across_writes() {
        let mut t = Trimmer::with_capacity(0);
        for chunk in [&b"ab"[..], b"  ", b"\xff/", b"/ x ", b"\xff ", b" \n", b"c"] {
            t.write(chunk);
        }
        assert_eq!(String::from_utf8(t.finish()).unwrap(), "ab  // x \nc");
    }

    #[test]
    fn escaped_text_is_verbatim() {
        assert_eq!(trim(b"x \xff// c  \xff  \n"), "x // c  \n");
    }
}
