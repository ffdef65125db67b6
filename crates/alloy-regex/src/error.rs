//! Go's `regexp/syntax` error codes and the `error parsing regexp: ...` text they print.

use std::fmt;
use std::ops::Range;

/// Why Go's parser rejected a pattern (`regexp/syntax.ErrorCode`; the ones its Perl-flags
/// parser can return for valid UTF-8 input).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    InvalidCharRange,
    InvalidEscape,
    InvalidNamedCapture,
    InvalidPerlOp,
    InvalidRepeatOp,
    InvalidRepeatSize,
    MissingBracket,
    MissingParen,
    MissingRepeatArgument,
    TrailingBackslash,
    UnexpectedParen,
    NestingDepth,
    Large,
}

impl ErrorCode {
    /// Go's wording, as `ErrorCode.String()` returns it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidCharRange => "invalid character class range",
            ErrorCode::InvalidEscape => "invalid escape sequence",
            ErrorCode::InvalidNamedCapture => "invalid named capture",
            ErrorCode::InvalidPerlOp => "invalid or unsupported Perl syntax",
            ErrorCode::InvalidRepeatOp => "invalid nested repetition operator",
            ErrorCode::InvalidRepeatSize => "invalid repeat count",
            ErrorCode::MissingBracket => "missing closing ]",
            ErrorCode::MissingParen => "missing closing )",
            ErrorCode::MissingRepeatArgument => "missing argument to repetition operator",
            ErrorCode::TrailingBackslash => "trailing backslash at end of expression",
            ErrorCode::UnexpectedParen => "unexpected )",
            ErrorCode::NestingDepth => "expression nests too deeply",
            ErrorCode::Large => "expression too large",
        }
    }
}

/// A pattern Go's `regexp.Compile` rejects. `Display` prints exactly Go's `err.Error()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoRegexError {
    code: ErrorCode,
    fragment: String,
    span: Range<usize>,
}

impl GoRegexError {
    pub(crate) fn new(code: ErrorCode, fragment: &str, span: Range<usize>) -> GoRegexError {
        GoRegexError {
            code,
            fragment: fragment.to_string(),
            span,
        }
    }

    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The text Go quotes after the code: the offending piece, or the whole expression
    /// (missing or unexpected parenthesis, size limits). For the relabel form it is a piece
    /// of `^(?s:PATTERN)$`, as Go reports it.
    pub fn fragment(&self) -> &str {
        &self.fragment
    }

    /// Byte range of the offending piece in the pattern the caller passed (for a relabel
    /// pattern: in the pattern as written, not the anchored form). For whole-expression
    /// errors it points at the parenthesis at fault.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// Moves the span from the compiled text back into the caller's pattern: `offset` bytes
    /// were added before it, and it is `len` bytes long.
    pub(crate) fn shifted_into(mut self, offset: usize, len: usize) -> GoRegexError {
        let map = |at: usize| at.saturating_sub(offset).min(len);
        self.span = map(self.span.start)..map(self.span.end);
        self
    }

    pub(crate) fn with_span(mut self, span: Range<usize>) -> GoRegexError {
        self.span = span;
        self
    }
}

impl fmt::Display for GoRegexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "error parsing regexp: {}: `{}`",
            self.code.as_str(),
            self.fragment
        )
    }
}

impl std::error::Error for GoRegexError {}
