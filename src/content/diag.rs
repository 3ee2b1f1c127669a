//! One error an author can fix, always as `PATH:LINE:COL: message`. Messages name what is wrong
//! and what was expected; they are sanitized because they may quote untrusted content.

use std::fmt;

use crate::text::sanitize_line;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file as the author knows it: relative to the working directory for `--content DIR`,
    /// relative to the tree for embedded content.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    pub message: String,
}

impl Diagnostic {
    pub fn new(
        file: impl Into<String>,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            line: line.max(1),
            col: col.max(1),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            sanitize_line(&self.file),
            self.line,
            self.col,
            sanitize_line(&self.message)
        )
    }
}

/// Line starts of a text, so that many offsets can be turned into positions without rescanning
/// the text each time (a lesson can have hundreds of links).
#[derive(Debug)]
pub struct LineIndex<'a> {
    src: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    #[must_use]
    pub fn new(src: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(src.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { src, starts }
    }

    /// 1-based (line, column in characters) of byte offset `byte`.
    #[must_use]
    pub fn line_col(&self, byte: usize) -> (usize, usize) {
        let mut byte = byte.min(self.src.len());
        while !self.src.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= byte);
        let start = self.starts[line - 1];
        (line, self.src[start..byte].chars().count() + 1)
    }
}

/// 1-based (line, column in characters) of a byte offset in `src`.
#[must_use]
pub fn line_col(src: &str, byte: usize) -> (usize, usize) {
    let byte = byte.min(src.len());
    let mut start = byte;
    while !src.is_char_boundary(start) {
        start -= 1;
    }
    let before = &src[..start];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_path_line_col_message() {
        let d = Diagnostic::new("quizzes/a.yaml", 3, 7, "unknown field `x`");
        assert_eq!(d.to_string(), "quizzes/a.yaml:3:7: unknown field `x`");
    }

    #[test]
    fn display_never_leaks_escapes() {
        let d = Diagnostic::new("a\x1b.md", 1, 1, "id `\x1b[2J` is bad\nsecond");
        let s = d.to_string();
        assert!(!s.contains('\x1b') && !s.contains('\n'), "{s:?}");
    }

    #[test]
    fn line_col_counts_characters() {
        let src = "ab\nçd\nx";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 3), (2, 1));
        assert_eq!(line_col(src, 5), (2, 2)); // after the two-byte ç
        assert_eq!(line_col(src, 99), (3, 2));
        let index = LineIndex::new(src);
        for b in 0..=src.len() + 2 {
            assert_eq!(index.line_col(b), line_col(src, b), "offset {b}");
        }
    }
}
