//! The inline content of one block (paragraph, heading, table cell, …) before wrapping.
//!
//! Text is kept in one `String` with a list of style runs over it, instead of one `Span` per
//! pulldown-cmark event: consecutive events with the same style merge into one run (so a word
//! split by the parser at `&` or `[` stays one piece), and the wrapper can measure whole words
//! across runs without allocating. Everything that enters goes through [`crate::text::sanitize`]
//! first: the renderer must never pass a control character through, even if the loader missed it.

use ratatui::style::Style;

use crate::text::sanitize;

/// One stretch of `Inline::text` with a single style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Run {
    /// End byte offset in `Inline::text` (the start is the previous run's end).
    pub end: usize,
    pub style: Style,
    /// Index into the block's links, for text that belongs to a link.
    pub link: Option<u32>,
    /// A hard line break (zero-length run).
    pub hard_break: bool,
}

/// Inline text with style runs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Inline {
    pub text: String,
    pub runs: Vec<Run>,
}

impl Inline {
    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.runs.clear();
    }

    /// Appends untrusted text: sanitized, newlines flattened to spaces.
    pub fn push(&mut self, s: &str, style: Style, link: Option<u32>) {
        if s.is_empty() {
            return;
        }
        if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            // Printable ASCII: nothing to sanitize (the common case, checked cheaply).
            self.text.push_str(s);
            self.extend_run(style, link);
            return;
        }
        let clean = sanitize(s);
        let start = self.text.len();
        self.text.push_str(&clean);
        if clean.contains(['\n', '\r']) {
            // `sanitize` keeps '\n'; inline content must stay on its line. Safe: ASCII for ASCII.
            let flat = self.text[start..].replace(['\n', '\r'], " ");
            self.text.truncate(start);
            self.text.push_str(&flat);
        }
        self.extend_run(style, link);
    }

    /// Appends text the renderer itself made (markers, labels): no sanitizing needed.
    pub fn push_static(&mut self, s: &str, style: Style, link: Option<u32>) {
        if s.is_empty() {
            return;
        }
        self.text.push_str(s);
        self.extend_run(style, link);
    }

    pub fn hard_break(&mut self) {
        self.runs.push(Run {
            end: self.text.len(),
            style: Style::new(),
            link: None,
            hard_break: true,
        });
    }

    fn extend_run(&mut self, style: Style, link: Option<u32>) {
        let end = self.text.len();
        match self.runs.last_mut() {
            Some(last) if !last.hard_break && last.style == style && last.link == link => {
                last.end = end;
            }
            _ => self.runs.push(Run {
                end,
                style,
                link,
                hard_break: false,
            }),
        }
    }

    /// Iterates `(run, text of the run)`.
    pub fn iter(&self) -> impl Iterator<Item = (&Run, &str)> {
        let mut start = 0;
        self.runs.iter().map(move |run| {
            let s = self.text.get(start..run.end).unwrap_or("");
            start = run.end;
            (run, s)
        })
    }

    /// Appends all of `other`, with `style` patched over its runs and links optionally dropped.
    pub fn append(&mut self, other: &Inline, style: Style, keep_links: bool) {
        for (run, s) in other.iter() {
            if run.hard_break {
                self.hard_break();
            } else {
                let link = if keep_links { run.link } else { None };
                self.push_static(s, run.style.patch(style), link);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Modifier;

    #[test]
    fn same_style_merges_and_controls_are_defused() {
        let mut i = Inline::default();
        i.push("a\x1b[2J", Style::new(), None);
        i.push("b\nc", Style::new(), None);
        i.push("d", Style::new().add_modifier(Modifier::BOLD), None);
        assert_eq!(i.runs.len(), 2);
        assert_eq!(i.text, "a\u{241b}[2Jb cd");
        let parts: Vec<&str> = i.iter().map(|(_, s)| s).collect();
        assert_eq!(parts, ["a\u{241b}[2Jb c", "d"]);
    }
}
