//! Lines out: the container prefixes every line gets, blank lines between blocks, trailing
//! blanks trimmed, offsets kept non-decreasing, and the [`MAX_LINES`] budget with its one note.

use ratatui::text::{Line, Span};

use super::{Container, MAX_LINES, Renderer, Sink};
use crate::markdown::inline::Inline;
use crate::markdown::spaces;
use crate::markdown::wrap::{clip, str_width, wrap};

const QUOTE_BAR: &str = "│ ";

impl<S: Sink> Renderer<'_, S> {
    /// Lines still allowed before [`MAX_LINES`].
    pub(super) fn left(&self) -> usize {
        MAX_LINES.saturating_sub(self.count)
    }

    /// The line budget is spent: one note line, and nothing after it.
    pub(super) fn stop(&mut self, offset: usize) {
        if self.full {
            return;
        }
        let note = format!(
            "… the rest of this lesson is not shown: it is longer than {MAX_LINES} lines at this width"
        );
        let mut inline = Inline::default();
        inline.push_static(&note, self.theme.link_target, None);
        let mut lines = Vec::new();
        wrap(&inline, self.width, 4, &mut lines, &mut Vec::new());
        for line in lines {
            self.push_line(line.spans, offset);
        }
        self.full = true;
    }

    /// The container prefixes for the first line of a block and for the others, and their
    /// width (equal by construction), clipped so that some room is always left for text.
    pub(super) fn prefixes(&self) -> (Vec<Span<'static>>, Vec<Span<'static>>, usize) {
        let mut first = Vec::with_capacity(self.containers.len());
        let mut rest = Vec::with_capacity(self.containers.len());
        let mut width = 0;
        for c in &self.containers {
            match c {
                Container::Quote { bar } => {
                    first.push(Span::styled(QUOTE_BAR, *bar));
                    rest.push(Span::styled(QUOTE_BAR, *bar));
                    width += 2;
                }
                Container::Item { marker, indent } => {
                    first.push(marker.clone().unwrap_or_else(|| spaces(*indent)));
                    rest.push(spaces(*indent));
                    width += indent;
                }
            }
        }
        let min_text = (self.width / 2).clamp(1, 10);
        let max = self.width - min_text;
        if width > max {
            clip_spans(&mut first, max);
            clip_spans(&mut rest, max);
            width = max;
        }
        (first, rest, width)
    }

    /// A blank line: the container prefixes without trailing blanks (so quotes keep their bar).
    /// It carries the previous block's offset, so that the first line at a block's offset is
    /// the block's own first line.
    pub(super) fn blank(&mut self) {
        let (_, rest, _) = self.prefixes();
        self.emit_raw(rest, self.last_offset);
    }

    /// Sends one content line out; it uses up pending list markers.
    pub(super) fn emit(&mut self, spans: Vec<Span<'static>>, offset: usize) {
        for c in &mut self.containers {
            if let Container::Item { marker, .. } = c {
                *marker = None;
            }
        }
        self.emit_raw(spans, offset);
    }

    /// Sends one line out, trailing blanks trimmed, offsets kept non-decreasing. Past the line
    /// budget the note goes out instead, once.
    pub(super) fn emit_raw(&mut self, spans: Vec<Span<'static>>, offset: usize) {
        if self.full {
            return;
        }
        if self.count >= MAX_LINES {
            self.stop(offset);
            return;
        }
        self.push_line(spans, offset);
    }

    pub(super) fn push_line(&mut self, mut spans: Vec<Span<'static>>, offset: usize) {
        while let Some(last) = spans.last_mut() {
            let trimmed = last.content.trim_end();
            if trimmed.is_empty() {
                spans.pop();
            } else {
                if trimmed.len() < last.content.len() {
                    let t = trimmed.to_owned();
                    last.content = t.into();
                }
                break;
            }
        }
        let offset = offset.max(self.last_offset);
        self.last_offset = offset;
        self.count += 1;
        self.sink.line(Line::from(spans), offset);
    }
}

/// Cuts a prefix down to `max` cells.
fn clip_spans(spans: &mut Vec<Span<'static>>, max: usize) {
    let mut left = max;
    let mut keep = 0;
    for span in spans.iter_mut() {
        if left == 0 {
            break;
        }
        keep += 1;
        let w = str_width(&span.content);
        if w <= left {
            left -= w;
        } else {
            let (s, _) = clip(&span.content, left);
            span.content = s.to_owned().into();
            left = 0;
        }
    }
    spans.truncate(keep);
}
