//! Leaf blocks laid out: a paragraph or HTML block wrapped under the container prefixes, a
//! heading with its underline or `###` mark, a code block clipped (its cut lines kept whole for
//! sideways scrolling), a table; the links each one holds placed at their line and column.

use ratatui::text::Span;

use super::{Container, Leaf, Renderer, Sink};
use crate::markdown::inline::Inline;
use crate::markdown::table::{self, Table};
use crate::markdown::wrap::{Placement, clip, str_width, wrap};
use crate::markdown::{Heading, SpanRef, WideLine, code, repeat, spaces};

impl<S: Sink> Renderer<'_, S> {
    /// Before any block: close an implicit paragraph and put out the blank line that separates
    /// this block from the previous one (none inside a tight list item).
    pub(super) fn begin_block(&mut self) {
        self.flush_leaf();
        if std::mem::take(&mut self.pending_blank) {
            let tight_item = matches!(self.containers.last(), Some(Container::Item { .. }))
                && self.lists.last().is_some_and(|l| !l.loose);
            if !tight_item {
                self.blank();
            }
        }
    }

    pub(super) fn flush_leaf(&mut self) {
        let leaf = std::mem::replace(&mut self.leaf, Leaf::None);
        match leaf {
            Leaf::None => return,
            Leaf::Para { offset } | Leaf::Html { offset } => {
                let inline = std::mem::take(&mut self.inline);
                self.flow(&inline, offset, None);
                self.inline = inline;
            }
            Leaf::Heading { level, offset } => self.flush_heading(level, offset),
            Leaf::Code { offset, lang, text } => self.flush_code(offset, &lang, &text),
            Leaf::Table { offset, table } => self.flush_table(offset, &table),
        }
        self.inline.clear();
        self.styles.clear();
        self.link = None;
        self.targets.clear();
        for link in self.links.drain(..) {
            self.sink.link(link);
        }
        self.pending_blank = true;
    }

    /// Wraps inline content under the container prefixes, with an optional extra prefix (same
    /// width on every line) such as a heading's `### `.
    /// Returns the width of the widest wrapped line (without prefixes).
    pub(super) fn flow(
        &mut self,
        inline: &Inline,
        offset: usize,
        local: Option<(Span<'static>, usize)>,
    ) -> usize {
        let (first, rest, pw) = self.prefixes();
        let mut avail = self.width.saturating_sub(pw).max(1);
        let local = local.filter(|(_, w)| avail > w + 8);
        let lw = local.as_ref().map_or(0, |(_, w)| *w);
        avail -= lw;
        let mut lines = std::mem::take(&mut self.wrapped);
        let mut placements = std::mem::take(&mut self.placements);
        lines.clear();
        placements.clear();
        let cut = wrap(inline, avail, self.left(), &mut lines, &mut placements);
        let widest = lines.iter().map(|l| l.width).max().unwrap_or(0);
        let mut p = placements.iter().peekable();
        for (i, line) in lines.drain(..).enumerate() {
            let mut spans = if i == 0 { first.clone() } else { rest.clone() };
            spans.reserve(line.spans.len() + 1);
            if let Some((span, w)) = &local {
                spans.push(if i == 0 { span.clone() } else { spaces(*w) });
            }
            while let Some(pl) = p.next_if(|pl| pl.line == i) {
                self.place_link(pl, pw + lw);
            }
            spans.extend(line.spans);
            self.emit(spans, offset);
        }
        self.wrapped = lines;
        self.placements = placements;
        if cut {
            self.stop(offset);
        }
        widest
    }

    pub(super) fn place_link(&mut self, p: &Placement, col: usize) {
        let spot = usize::try_from(p.link)
            .ok()
            .and_then(|l| self.links.get_mut(l));
        if let Some(spot) = spot {
            spot.spans.push(SpanRef {
                line: self.count,
                col: u16::try_from(col + p.col).unwrap_or(u16::MAX),
                width: u16::try_from(p.width).unwrap_or(u16::MAX),
            });
        }
    }

    pub(super) fn flush_heading(&mut self, level: u8, offset: usize) {
        let text = self.heading_text.trim().to_owned();
        self.sink.heading(Heading {
            level,
            text,
            line: self.count,
        });
        let inline = std::mem::take(&mut self.inline);
        let before = self.count;
        if level <= 2 {
            let widest = self.flow(&inline, offset, None);
            let (_, rest, _) = self.prefixes();
            if self.count > before && widest > 0 {
                let mut spans = rest;
                let c = if level == 1 { '═' } else { '─' };
                spans.push(Span::styled(repeat(c, widest), self.theme.heading_mark));
                self.emit(spans, offset);
            }
        } else {
            let hashes = "######".get(..usize::from(level)).unwrap_or("###");
            let mark = Span::styled(format!("{hashes} "), self.theme.heading_mark);
            self.flow(&inline, offset, Some((mark, usize::from(level) + 1)));
        }
        self.inline = inline;
    }

    pub(super) fn flush_code(&mut self, offset: usize, lang: &str, text: &str) {
        let (first, rest, pw) = self.prefixes();
        let avail = self.width.saturating_sub(pw).max(1);
        let mut first = Some(first);
        let mut cuts = Vec::new();
        let start = self.count;
        let (lines, cut) = code::layout(lang, text, avail, self.left(), self.theme, &mut cuts);
        for line in lines {
            let mut spans = first.take().unwrap_or_else(|| rest.clone());
            spans.extend(line.spans);
            self.emit(spans, offset);
        }
        if cut {
            self.stop(offset);
            return;
        }
        let need = cuts.iter().map(|c| pw + c.indent + c.width).max();
        for c in cuts {
            self.sink.wide(WideLine {
                line: start + c.index,
                col: u16::try_from(pw + c.indent).unwrap_or(u16::MAX),
                text: c.text,
                style: self.theme.code_block,
            });
        }
        if let Some(need) = need.filter(|_| self.opts.link_targets) {
            // `print`: a reader cannot scroll a page, so say what width shows the block whole.
            let mut note = format!("→ cut: this block needs {need} columns (--width {need})");
            if str_width(&note) > avail {
                note = format!("→ needs {need} columns");
            }
            let (_, rest, _) = self.prefixes();
            let mut spans = rest;
            spans.push(Span::styled(
                clip(&note, avail).0.to_owned(),
                self.theme.link_target,
            ));
            self.emit(spans, offset);
        }
    }

    pub(super) fn flush_table(&mut self, offset: usize, t: &Table) {
        let (first, rest, pw) = self.prefixes();
        let avail = self.width.saturating_sub(pw).max(1);
        let laid = table::layout(t, avail, self.left(), self.theme);
        let cut = laid.cut;
        let mut p = laid.links.iter().peekable();
        let mut first = Some(first);
        for (i, (line, line_offset)) in laid.lines.into_iter().zip(laid.offsets).enumerate() {
            let mut spans = first.take().unwrap_or_else(|| rest.clone());
            while let Some(pl) = p.next_if(|pl| pl.line == i) {
                self.place_link(pl, pw);
            }
            spans.extend(line.spans);
            self.emit(spans, line_offset.max(offset));
        }
        if cut {
            self.stop(self.last_offset);
        }
    }
}
