//! One error an author can fix, always as `PATH:LINE:COL: message`, one error per output line.
//! Messages name what is wrong and what was expected. They may quote untrusted content, so they
//! are printed through [`sanitize_message`]: controls shown as pictures, and characters that would
//! split the line for a tool (U+0085 NEL, U+2028, U+2029) or hide or reorder text (zero-width and
//! bidi formatting characters) written as `\u{…}` escapes.
//!
//! Positions follow one rule everywhere, for YAML and Markdown alike: a line ends at `\n` (files
//! are read with `\r\n` turned into `\n`); a lone `\r`, NEL, U+2028 and U+2029 are characters
//! of the line they are on. Columns count characters. YAML parsers that count other line
//! breaks report an offset, which [`LineIndex`] turns into a position by this rule.

use std::cell::Cell;
use std::fmt;

use crate::text::sanitize_message;

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
            sanitize_message(&self.file),
            self.line,
            self.col,
            sanitize_message(&self.message)
        )
    }
}

/// Line starts of a text, so that many offsets can be turned into positions without rescanning
/// the text each time (a lesson can have hundreds of links, a YAML file thousands of nodes).
/// Lines end at `\n` only (see the module docs). Offsets are bytes (Markdown, yaml_serde) or
/// characters (saphyr-parser).
#[derive(Debug)]
pub struct LineIndex<'a> {
    src: &'a str,
    /// Byte offset of each line start.
    starts: Vec<usize>,
    /// Character offset of each line start.
    char_starts: Vec<usize>,
    /// Characters in the text.
    chars: usize,
    /// The last byte offset asked for and its column, so that offsets asked for in increasing
    /// order along one long line cost the characters between them, not the whole line each time.
    last: Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    #[must_use]
    pub fn new(src: &'a str) -> Self {
        let mut starts = vec![0];
        let mut char_starts = vec![0];
        let mut chars = 0;
        let mut from = 0;
        for (i, _) in src.match_indices('\n') {
            chars += char_count(&src.as_bytes()[from..=i]);
            from = i + 1;
            starts.push(from);
            char_starts.push(chars);
        }
        chars += char_count(&src.as_bytes()[from..]);
        Self {
            src,
            starts,
            char_starts,
            chars,
            last: Cell::new((0, 1)),
        }
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
        let (last_byte, last_col) = self.last.get();
        let col = if (start..=byte).contains(&last_byte) {
            last_col + char_count(&self.src.as_bytes()[last_byte..byte])
        } else {
            char_count(&self.src.as_bytes()[start..byte]) + 1
        };
        self.last.set((byte, col));
        (line, col)
    }

    /// 1-based (line, column) of the character at index `index` (0-based, in characters), as
    /// saphyr-parser counts them. An index past the end is the end of the text.
    #[must_use]
    pub fn line_col_of_char(&self, index: usize) -> (usize, usize) {
        let line = self.char_starts.partition_point(|&s| s <= index);
        let start = self.char_starts[line - 1];
        // The characters of the line, its `\n` excluded.
        let len = self
            .char_starts
            .get(line)
            .map_or(self.chars - start, |&next| next - 1 - start);
        (line, (index - start).min(len) + 1)
    }

    /// Byte offset of the character at index `index` (the text's length past the end).
    #[must_use]
    pub fn byte_of_char(&self, index: usize) -> usize {
        let line = self.char_starts.partition_point(|&s| s <= index);
        let skip = index - self.char_starts[line - 1];
        let start = self.starts[line - 1];
        self.src[start..]
            .char_indices()
            .nth(skip)
            .map_or(self.src.len(), |(i, _)| start + i)
    }
}

/// Characters in UTF-8 `bytes` (a slice of a `str` that may cut no character).
fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
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

    #[test]
    fn separators_and_invisible_characters_are_escaped() {
        let d = Diagnostic::new(
            "a\u{2029}.md",
            2,
            3,
            "bank `x\u{2028}y\u{200b}z\u{200f}w\u{85}v\u{feff}\u{202e}u`",
        );
        assert_eq!(
            d.to_string(),
            "a\\u{2029}.md:2:3: bank `x\\u{2028}y\\u{200b}z\\u{200f}w\\u{85}v\\u{feff}\\u{202e}u`"
        );
        // Visible text, combining marks and emoji are left alone.
        let plain = Diagnostic::new("l.md", 1, 1, "é 漢 e\u{301} 👍🏽");
        assert_eq!(plain.to_string(), "l.md:1:1: é 漢 e\u{301} 👍🏽");
        assert_eq!(d.to_string().lines().count(), 1);
    }

    /// The one line rule: only `\n` ends a line; NEL, U+2028, U+2029 and a lone `\r` do not.
    #[test]
    fn only_newline_ends_a_line() {
        let src = "a\u{85}b\u{2028}c\u{2029}d\re\nf";
        let index = LineIndex::new(src);
        let f = src.find('f').unwrap();
        assert_eq!(index.line_col(f), (2, 1));
        assert_eq!(line_col(src, f), (2, 1));
        let e = src.find('e').unwrap();
        assert_eq!(index.line_col(e), (1, 9));
        assert_eq!(index.line_col_of_char(8), (1, 9));
        assert_eq!(index.line_col_of_char(10), (2, 1));
    }

    #[test]
    fn char_offsets_and_byte_offsets_agree() {
        let src = "ab\nçd\u{2028}é\n\n漢x\n";
        let index = LineIndex::new(src);
        for (ci, (bi, _)) in src.char_indices().enumerate() {
            assert_eq!(index.line_col_of_char(ci), line_col(src, bi), "char {ci}");
            assert_eq!(index.byte_of_char(ci), bi, "char {ci}");
        }
        let end = src.chars().count();
        assert_eq!(index.line_col_of_char(end), line_col(src, src.len()));
        assert_eq!(index.line_col_of_char(end + 5), line_col(src, src.len()));
        assert_eq!(index.byte_of_char(end + 5), src.len());
    }

    #[test]
    fn offsets_in_any_order_give_the_same_positions() {
        let src = "x: [漢, b, ç, d]\nlong: ééééé\n";
        let index = LineIndex::new(src);
        let offsets: Vec<usize> = (0..=src.len()).rev().chain(0..=src.len()).collect();
        for b in offsets {
            assert_eq!(index.line_col(b), line_col(src, b), "offset {b}");
        }
    }
}
