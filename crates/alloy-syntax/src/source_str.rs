//! [`SourceStr`]: the strings of the syntax tree, slices of the one text the tree was parsed
//! from.

use alloy_diagnostics::Span;
use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Deref, Range};
use std::sync::{Arc, OnceLock};

/// A string that is a slice of a shared text: a parse shares its text with every name, literal,
/// label and comment of its tree, so they cost no allocation of their own (16 bytes each) and
/// keep the text alive while any of them lives. It reads as a `&str` (`Deref`, `as_str`,
/// comparisons with `str` and `String`), and [`SourceStr::span`] is where it is in that text.
///
/// A string made on its own ([`From<&str>`], [`From<String>`]) is the whole of a text of its
/// own: its span is `0..len`.
///
/// Equality, ordering and hashing are the string's, whatever text it comes from.
#[derive(Clone)]
pub struct SourceStr {
    text: Arc<String>,
    start: u32,
    len: u32,
}

/// What [`SourceStr::slice`] promises [`SourceStr::as_str`]: `range` lies within `text`, on
/// character boundaries, and ends by `u32::MAX` (spans are `u32`).
fn assert_slice(text: &str, range: &Range<usize>) {
    assert!(
        range.start <= range.end
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end)
            && u32::try_from(range.end).is_ok(),
        "{range:?} is not a slice of a text of {} bytes",
        text.len()
    );
}

impl SourceStr {
    /// `range` of `text`. Panics if `range` is not within `text` on character boundaries, or
    /// ends past `u32::MAX` (spans are `u32`).
    pub fn slice(text: &Arc<String>, range: Range<usize>) -> SourceStr {
        assert_slice(text, &range);
        SourceStr {
            text: Arc::clone(text),
            start: range.start as u32,
            len: (range.end - range.start) as u32,
        }
    }

    /// The part `range` of this string (offsets relative to it), as a slice of the same text.
    /// Panics as [`SourceStr::slice`] does.
    pub fn substr(&self, range: Range<usize>) -> SourceStr {
        let start = self.start as usize;
        assert!(
            range.end <= self.len as usize,
            "{range:?} is past the string's end"
        );
        SourceStr::slice(&self.text, start + range.start..start + range.end)
    }

    /// This string ending at `end` of its text instead. Panics as [`SourceStr::slice`] does.
    pub(crate) fn ending_at(mut self, end: usize) -> SourceStr {
        let start = self.start as usize;
        assert_slice(&self.text, &(start..end));
        self.len = (end - start) as u32;
        self
    }

    pub fn as_str(&self) -> &str {
        let (start, end) = (self.start as usize, (self.start + self.len) as usize);
        // SAFETY: `slice` checked that `start..end` lies within the text, on character
        // boundaries, and the text behind the `Arc` never changes.
        unsafe { self.text.get_unchecked(start..end) }
    }

    /// Where the string is in the text it is a slice of.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.start + self.len)
    }

    /// The whole text this string is a slice of (for a parse: the text it parsed).
    pub fn source(&self) -> &Arc<String> {
        &self.text
    }
}

impl Deref for SourceStr {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SourceStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for SourceStr {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for SourceStr {
    fn from(text: String) -> SourceStr {
        let len = text.len();
        SourceStr::slice(&Arc::new(text), 0..len)
    }
}

impl From<&str> for SourceStr {
    fn from(text: &str) -> SourceStr {
        SourceStr::from(text.to_owned())
    }
}

impl Default for SourceStr {
    /// The empty string (one shared allocation for all of them).
    fn default() -> SourceStr {
        static EMPTY: OnceLock<Arc<String>> = OnceLock::new();
        SourceStr::slice(EMPTY.get_or_init(Default::default), 0..0)
    }
}

impl fmt::Debug for SourceStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SourceStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl PartialEq for SourceStr {
    fn eq(&self, other: &SourceStr) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SourceStr {}

impl PartialOrd for SourceStr {
    fn partial_cmp(&self, other: &SourceStr) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SourceStr {
    fn cmp(&self, other: &SourceStr) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for SourceStr {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

macro_rules! eq_with {
    ($($other:ty),*) => {$(
        impl PartialEq<$other> for SourceStr {
            fn eq(&self, other: &$other) -> bool {
                self.as_str() == AsRef::<str>::as_ref(other)
            }
        }
        impl PartialEq<SourceStr> for $other {
            fn eq(&self, other: &SourceStr) -> bool {
                AsRef::<str>::as_ref(self) == other.as_str()
            }
        }
    )*};
}

eq_with!(str, &str, String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_read_as_str_and_know_their_place() {
        let text = Arc::new("a = \"héllo\"".to_string());
        let s = SourceStr::slice(&text, 4..12);
        assert_eq!(s, "\"héllo\"");
        assert_eq!(s.span(), Span::new(4, 12));
        assert_eq!(s.substr(1..7), "héllo");
        assert_eq!(s.substr(1..7).span(), Span::new(5, 11));
        assert_eq!(SourceStr::from("x"), "x".to_string());
        assert_eq!(SourceStr::from("x").span(), Span::new(0, 1));
        assert_eq!(SourceStr::default(), "");
        assert_eq!(format!("{s:?} {s}"), "\"\\\"héllo\\\"\" \"héllo\"");
    }

    #[test]
    #[should_panic(expected = "not a slice")]
    fn a_slice_must_fall_on_character_boundaries() {
        let text = Arc::new("é".to_string());
        SourceStr::slice(&text, 0..1);
    }
}
