//! Lesson Markdown rendered for a terminal of a given width.
//!
//! Our own renderer over pulldown-cmark events rather than `tui-markdown`, because learners
//! read lessons all day and what matters most is exactly what a width-unaware renderer gets
//! wrong (style anchors §4): wrapped list items keep their hanging indent, every wrapped line of
//! a quote keeps its `│` bar, code is clipped and never wrapped, and tables fit or turn into a
//! list. Wrapping happens here, at render time, so the output is a finished list of lines with
//! an exact count for scrolling, and link positions are known for focus and highlight.
//!
//! - [`blocks`]: the event-driven core (containers, spacing, leaf blocks), shared by [`render`]
//!   and the streaming [`render_each`].
//! - [`inline`]: a block's styled text before wrapping. [`wrap`]: widths and the wrapper.
//! - [`code`]: code blocks, clipped rather than wrapped. [`table`]: GFM tables. [`ansi`]: SGR output for `print`. [`plain`]: the same as text
//!   (no styles, no markers), for pipes and the plain quiz. [`theme`]: the styles.
//!
//! Content is untrusted: every piece of text, code and HTML is sanitized again here, so no
//! control character reaches the terminal even if a caller forgot. Its size is untrusted too:
//! one rendering makes at most [`MAX_LINES`] lines, a table keeps at most [`MAX_COLS`] columns
//! and [`MAX_ROWS`] rows, and a word is broken over at most [`WORD_LINES`] lines, each with a
//! visible note, so memory and time stay bounded at any width.

mod ansi;
mod blocks;
mod code;
mod inline;
pub mod plain;
mod table;
mod theme;
mod wrap;

use std::borrow::Cow;

use pulldown_cmark::{Options as ParseOptions, Parser};
use ratatui::text::{Line, Span};

pub use ansi::write_ansi;
pub use blocks::MAX_LINES;
pub use table::{MAX_COLS, MAX_ROWS};
pub use theme::MdTheme;
pub use wrap::{WORD_LINES, wrap_lines};

use blocks::{Renderer, Sink};

#[derive(Debug, Clone)]
pub struct Options {
    /// Width in terminal cells; 0 is treated as 1.
    pub width: u16,
    pub theme: MdTheme,
    /// Show a link's target after its text (for `print`, where links cannot be followed).
    pub link_targets: bool,
}

/// A heading, for a table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    /// Plain text of the heading (sanitized, without styles).
    pub text: String,
    /// Index in [`Rendered::lines`] of the heading's first line.
    pub line: usize,
}

/// A stretch of one screen line: `col` and `width` in cells from the start of the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanRef {
    pub line: usize,
    pub col: u16,
    pub width: u16,
}

/// A link and where its text landed after wrapping (one entry per line it occupies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSpot {
    /// The destination, with any hidden or control character shown as `\u{…}`
    /// ([`crate::text::reveal`]).
    pub url: String,
    /// The link's plain text.
    pub text: String,
    pub spans: Vec<SpanRef>,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub lines: Vec<Line<'static>>,
    /// Per line: byte offset in the source of the block that produced it (non-decreasing), to
    /// keep the reading position when the width changes.
    pub offsets: Vec<usize>,
    pub headings: Vec<Heading>,
    /// Every link in document order.
    pub links: Vec<LinkSpot>,
}

impl Rendered {
    /// Index of the first line produced at or after source byte `offset` (for restoring a
    /// reading position after a re-render at another width).
    #[must_use]
    pub fn line_at_offset(&self, offset: usize) -> usize {
        self.offsets
            .partition_point(|&o| o < offset)
            .min(self.lines.len().saturating_sub(1))
    }
}

/// The Markdown extensions lessons may use.
fn parse_options() -> ParseOptions {
    ParseOptions::ENABLE_TABLES
        | ParseOptions::ENABLE_STRIKETHROUGH
        | ParseOptions::ENABLE_TASKLISTS
        | ParseOptions::ENABLE_GFM
}

fn run<S: Sink>(src: &str, opts: &Options, sink: S) -> S {
    let mut r = Renderer::new(opts, sink);
    for (event, range) in Parser::new_ext(src, parse_options()).into_offset_iter() {
        r.event(event, range.start);
    }
    r.finish()
}

impl Sink for Rendered {
    fn line(&mut self, line: Line<'static>, offset: usize) {
        self.lines.push(line);
        self.offsets.push(offset);
    }
    fn heading(&mut self, heading: Heading) {
        self.headings.push(heading);
    }
    fn link(&mut self, link: LinkSpot) {
        self.links.push(link);
    }
}

/// Renders `src` at `opts.width`: lines, their source offsets, headings and link positions.
#[must_use]
pub fn render(src: &str, opts: &Options) -> Rendered {
    run(src, opts, Rendered::default())
}

struct Stream<'a>(&'a mut dyn FnMut(Line<'static>));

impl Sink for Stream<'_> {
    fn line(&mut self, line: Line<'static>, _offset: usize) {
        (self.0)(line);
    }
}

/// The same lines as [`render`], handed to `sink` as each block is finished; only the current
/// block is held in memory.
pub fn render_each(src: &str, opts: &Options, sink: &mut dyn FnMut(Line<'static>)) {
    run(src, opts, Stream(sink));
}

/// Blanks for padding; borrowed from a static string when short enough.
pub(crate) fn spaces(n: usize) -> Span<'static> {
    const SPACES: &str = "                                                                ";
    match SPACES.get(..n) {
        Some(s) => Span::raw(s),
        None => Span::raw(Cow::Owned(" ".repeat(n))),
    }
}

/// `c` repeated `n` times.
pub(crate) fn repeat(c: char, n: usize) -> String {
    std::iter::repeat_n(c, n).collect()
}
