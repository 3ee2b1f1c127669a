//! A one-line text field for typed answers: a cursor that moves by user-perceived character
//! (the same clusters [`crate::text::width`] measures, so an accent or an emoji is never split),
//! backspace and delete, Home and End, paste, and a window that scrolls sideways to keep the
//! cursor visible when the answer is wider than the field.

use crate::text::width::{Clusters, str_width};

/// Longest answer kept, in characters: far above any accepted answer, small enough to draw.
pub const MAX_CHARS: usize = 200;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextField {
    text: String,
    /// Byte offset of the cursor, always on a cluster boundary.
    cursor: usize,
}

impl TextField {
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Inserts `s` at the cursor: control characters dropped, line breaks and tabs as spaces,
    /// cut at [`MAX_CHARS`].
    pub fn insert(&mut self, s: &str) {
        let room = MAX_CHARS.saturating_sub(self.text.chars().count());
        let clean: String = s
            .chars()
            .map(|c| {
                if matches!(c, '\n' | '\r' | '\t') {
                    ' '
                } else {
                    c
                }
            })
            .filter(|c| !crate::text::is_dangerous(*c))
            .take(room)
            .collect();
        self.text.insert_str(self.cursor, &clean);
        self.cursor += clean.len();
        // A combining mark typed after a character joins its cluster: keep the cursor on a
        // boundary.
        self.cursor = self.boundary_at_or_after(self.cursor);
    }

    fn boundary_at_or_after(&self, at: usize) -> usize {
        let mut pos = 0;
        for (c, _) in Clusters::new(&self.text) {
            if pos >= at {
                return pos;
            }
            pos += c.len();
        }
        pos
    }

    /// Start of the cluster before the cursor.
    fn prev(&self) -> usize {
        Clusters::new(&self.text[..self.cursor])
            .last()
            .map_or(0, |(c, _)| self.cursor - c.len())
    }

    /// End of the cluster after the cursor.
    fn next(&self) -> usize {
        Clusters::new(&self.text[self.cursor..])
            .next()
            .map_or(self.cursor, |(c, _)| self.cursor + c.len())
    }

    pub fn left(&mut self) {
        self.cursor = self.prev();
    }

    pub fn right(&mut self) {
        self.cursor = self.next();
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }

    pub fn backspace(&mut self) {
        let from = self.prev();
        self.text.replace_range(from..self.cursor, "");
        self.cursor = from;
    }

    pub fn delete(&mut self) {
        let to = self.next();
        self.text.replace_range(self.cursor..to, "");
    }

    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// What to show in a field `width` cells wide: the visible slice of the text and the
    /// cursor's column in it. The cursor always gets a cell, at the right edge at most.
    #[must_use]
    pub fn window(&self, width: usize) -> (&str, usize) {
        let width = width.max(1);
        let before = &self.text[..self.cursor];
        let mut start = 0;
        let mut col = str_width(before);
        // Drop clusters from the left until the cursor fits.
        let mut clusters = Clusters::new(before);
        while col >= width {
            let Some((c, w)) = clusters.next() else { break };
            start += c.len();
            col -= w;
        }
        let shown = crate::text::width::clip(&self.text[start..], width).0;
        (shown, col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> TextField {
        let mut f = TextField::default();
        for c in s.chars() {
            f.insert(&c.to_string());
        }
        f
    }

    #[test]
    fn cursor_moves_by_cluster_and_edits_in_place() {
        // "e" + combining acute is one cluster; so is the flag.
        let mut f = typed("ae\u{301}🇫🇷z");
        f.left();
        f.left();
        f.backspace();
        assert_eq!(f.text(), "a🇫🇷z");
        f.home();
        f.delete();
        assert_eq!(f.text(), "🇫🇷z");
        f.right();
        f.insert("ö");
        assert_eq!(f.text(), "🇫🇷öz");
        f.end();
        f.backspace();
        f.backspace();
        assert_eq!(f.text(), "🇫🇷");
        f.home();
        f.backspace();
        assert_eq!(f.text(), "🇫🇷");
    }

    #[test]
    fn paste_is_one_line_without_controls_and_capped() {
        let mut f = TextField::default();
        f.insert("422\nUnprocessable\x1b[31m");
        assert_eq!(f.text(), "422 Unprocessable[31m");
        f.insert(&"x".repeat(500));
        assert_eq!(f.text().chars().count(), MAX_CHARS);
    }

    #[test]
    fn window_keeps_the_cursor_visible() {
        let mut f = typed("abcdefghij");
        assert_eq!(f.window(5), ("ghij", 4));
        f.home();
        assert_eq!(f.window(5), ("abcde", 0));
        let f = typed("日本語");
        // Wide characters: the cursor after three 2-cell characters in a 4-cell field.
        assert_eq!(f.window(4), ("語", 2));
    }
}
