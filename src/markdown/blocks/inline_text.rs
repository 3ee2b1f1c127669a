//! Inline content: text, inline code and emphasis going into the current block, with the
//! style stack, the open link's text and the heading's text kept alongside.

use ratatui::style::Style;

use super::{Container, Leaf, Renderer, Sink};
use crate::text::sanitize_line;

impl<S: Sink> Renderer<'_, S> {
    pub(super) fn text(&mut self, t: &str, offset: usize) {
        if let Leaf::Code { text, .. } = &mut self.leaf {
            text.push_str(t);
            return;
        }
        self.ensure_inline(offset);
        self.push_text(t, self.style);
    }

    pub(super) fn code(&mut self, t: &str, offset: usize) {
        self.ensure_inline(offset);
        let ticks = if self.theme.code == Style::new() && self.theme.markers {
            "`"
        } else {
            ""
        };
        let style = self.style.patch(self.theme.code);
        self.inline.push_static(ticks, style, self.link);
        self.push_text(t, style);
        self.inline.push_static(ticks, style, self.link);
    }

    /// Untrusted text into the current block, the current link's text and the heading's text.
    pub(super) fn push_text(&mut self, t: &str, style: Style) {
        self.inline.push(t, style, self.link);
        let link = self.link.and_then(|l| usize::try_from(l).ok());
        if let Some(spot) = link.and_then(|l| self.links.get_mut(l)) {
            spot.text.push_str(&sanitize_line(t));
        }
        if matches!(self.leaf, Leaf::Heading { .. }) {
            self.heading_text.push_str(&sanitize_line(t));
        }
    }

    pub(super) fn open_style(&mut self, style: Style, marker: &'static str, offset: usize) {
        self.ensure_inline(offset);
        if style == Style::new() && self.theme.markers {
            self.inline.push_static(marker, self.style, self.link);
        }
        self.push_style(style);
    }

    pub(super) fn close_style(&mut self, style: Style, marker: &'static str) {
        self.pop_style();
        if style == Style::new() && self.theme.markers {
            self.inline.push_static(marker, self.style, self.link);
        }
    }

    pub(super) fn push_style(&mut self, style: Style) {
        self.styles.push(self.style);
        self.style = self.style.patch(style);
    }

    pub(super) fn pop_style(&mut self) {
        if let Some(s) = self.styles.pop() {
            self.style = s;
        }
    }

    /// Text outside any leaf (a tight list item's text) opens an implicit paragraph.
    pub(super) fn ensure_inline(&mut self, offset: usize) {
        if matches!(self.leaf, Leaf::None) {
            self.begin_block();
            self.begin_leaf(Leaf::Para { offset }, self.base());
        }
    }

    pub(super) fn base(&self) -> Style {
        if self
            .containers
            .iter()
            .any(|c| matches!(c, Container::Quote { .. }))
        {
            self.theme.quote
        } else {
            Style::new()
        }
    }

    pub(super) fn begin_leaf(&mut self, leaf: Leaf, style: Style) {
        self.leaf = leaf;
        self.inline.clear();
        self.styles.clear();
        self.style = style;
    }
}
