//! The event-driven core: pulldown-cmark events in, finished lines out, one block at a time.
//!
//! Containers (block quotes, list items) live on a stack and each contributes a prefix to every
//! line produced inside it: `│ ` for a quote on *every* line, and for a list item its marker on
//! the first line and blanks of the same width after it (the hanging indent). Leaf blocks
//! (paragraphs, headings, code, HTML, tables) are collected, laid out at the width left after
//! the prefix, and sent to a [`Sink`] right away, so memory stays proportional to the largest
//! block and `render_each` can stream a huge document.
//!
//! Output is bounded: one rendering makes at most [`MAX_LINES`] lines, then a note says the
//! rest is not shown and the remaining events are skipped. Every layout (wrap, code, table) is
//! handed the lines still left, so no block builds more than that either; a huge lesson at
//! width 1 costs a bounded amount of memory and time, in `print` and on every TUI resize.
//!
//! Spacing follows terminal readers like glow: one blank line between blocks, none between the
//! items of a tight list, and blank lines inside a quote keep their bar.
//!
//! This file holds the renderer's state and the event dispatch; the rest is split by what it
//! does: [`tags`] (where blocks, containers and styles open and close), [`inline_text`] (text
//! into the current block), [`leaves`] (laying out a finished block) and [`output`] (prefixes,
//! blank lines and the line budget).

mod inline_text;
mod leaves;
mod output;
mod tags;

use pulldown_cmark::Event;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::inline::Inline;
use super::table::Table;
use super::wrap::{Placement, WLine};
use super::{Heading, LinkSpot, MdTheme, Options, WideLine, repeat};

/// Where finished output goes.
pub(crate) trait Sink {
    fn line(&mut self, line: Line<'static>, offset: usize);
    fn heading(&mut self, _heading: Heading) {}
    fn link(&mut self, _link: LinkSpot) {}
    fn wide(&mut self, _wide: WideLine) {}
}

/// Lines one rendering may make (a long lesson at width 80 is a few thousand).
pub const MAX_LINES: usize = 200_000;

#[derive(Debug)]
enum Container {
    Quote {
        bar: Style,
    },
    Item {
        /// The marker, until the item's first line is out.
        marker: Option<Span<'static>>,
        indent: usize,
    },
}

#[derive(Debug)]
struct List {
    next: Option<u64>,
    loose: bool,
}

#[derive(Debug)]
enum Leaf {
    None,
    /// Also the text of a tight list item, which has no paragraph events.
    Para {
        offset: usize,
    },
    Heading {
        level: u8,
        offset: usize,
    },
    Html {
        offset: usize,
    },
    Code {
        offset: usize,
        lang: String,
        text: String,
    },
    Table {
        offset: usize,
        table: Table,
    },
}

pub(crate) struct Renderer<'a, S: Sink> {
    opts: &'a Options,
    theme: &'a MdTheme,
    width: usize,
    sink: S,
    /// Lines emitted so far.
    count: usize,
    /// [`MAX_LINES`] reached: the note is out and every further event is skipped.
    full: bool,
    last_offset: usize,
    pending_blank: bool,
    containers: Vec<Container>,
    lists: Vec<List>,
    leaf: Leaf,
    inline: Inline,
    styles: Vec<Style>,
    style: Style,
    link: Option<u32>,
    /// Links of the current block, in document order; flushed with the block.
    links: Vec<LinkSpot>,
    /// Destinations of open links and images, for `link_targets`.
    targets: Vec<String>,
    heading_text: String,
    /// Scratch buffers reused across blocks.
    wrapped: Vec<WLine>,
    placements: Vec<Placement>,
}

impl<'a, S: Sink> Renderer<'a, S> {
    pub(crate) fn new(opts: &'a Options, sink: S) -> Self {
        Self {
            opts,
            theme: &opts.theme,
            width: usize::from(opts.width.max(1)),
            sink,
            count: 0,
            full: false,
            last_offset: 0,
            pending_blank: false,
            containers: Vec::new(),
            lists: Vec::new(),
            leaf: Leaf::None,
            inline: Inline::default(),
            styles: Vec::new(),
            style: Style::new(),
            link: None,
            links: Vec::new(),
            targets: Vec::new(),
            heading_text: String::new(),
            wrapped: Vec::new(),
            placements: Vec::new(),
        }
    }

    /// Flushes whatever is still open and returns the sink.
    pub(crate) fn finish(mut self) -> S {
        self.flush_leaf();
        self.sink
    }

    pub(crate) fn event(&mut self, event: Event<'_>, offset: usize) {
        if self.full {
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, offset),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.text(&t, offset),
            Event::Code(t) => self.code(&t, offset),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.code(&t, offset),
            Event::Html(t) if matches!(self.leaf, Leaf::Html { .. }) => {
                for (i, part) in t.split('\n').enumerate() {
                    if i > 0 {
                        self.inline.hard_break();
                    }
                    self.inline.push(part, self.style, None);
                }
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                self.ensure_inline(offset);
                let style = self.style.patch(self.theme.html);
                self.push_text(&t, style);
            }
            Event::FootnoteReference(label) => {
                self.ensure_inline(offset);
                let s = format!("[^{label}]");
                self.push_text(&s, self.style);
            }
            Event::SoftBreak => {
                self.ensure_inline(offset);
                self.inline.push_static(" ", self.style, self.link);
            }
            Event::HardBreak => {
                self.ensure_inline(offset);
                self.inline.hard_break();
            }
            Event::Rule => {
                self.begin_block();
                let (first, _, pw) = self.prefixes();
                let w = self.width.saturating_sub(pw).max(1);
                let mut spans = first;
                spans.push(Span::styled(repeat('─', w), self.theme.rule));
                self.emit(spans, offset);
                self.pending_blank = true;
            }
            Event::TaskListMarker(done) => {
                self.ensure_inline(offset);
                let mark = if done { "[x] " } else { "[ ] " };
                self.inline
                    .push_static(mark, self.style.patch(self.theme.bullet), None);
            }
        }
    }
}
