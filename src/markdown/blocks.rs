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

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Tag, TagEnd};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::code;
use super::inline::Inline;
use super::table::{self, Table};
use super::wrap::{Placement, WLine, clip, str_width, wrap};
use super::{Heading, LinkKind, LinkSpot, MdTheme, Options, SpanRef, WideLine, repeat, spaces};
use crate::text::{reveal, sanitize_line};

/// Where finished output goes.
pub(crate) trait Sink {
    fn line(&mut self, line: Line<'static>, offset: usize);
    fn heading(&mut self, _heading: Heading) {}
    fn link(&mut self, _link: LinkSpot) {}
    fn wide(&mut self, _wide: WideLine) {}
}

/// Lines one rendering may make (a long lesson at width 80 is a few thousand).
pub const MAX_LINES: usize = 200_000;

/// Bullets by nesting depth.
const BULLETS: [&str; 3] = ["• ", "◦ ", "▪ "];
const QUOTE_BAR: &str = "│ ";

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

    fn start(&mut self, tag: Tag<'_>, offset: usize) {
        match tag {
            Tag::Paragraph => {
                if matches!(self.containers.last(), Some(Container::Item { .. }))
                    && let Some(list) = self.lists.last_mut()
                {
                    list.loose = true;
                }
                self.begin_block();
                self.begin_leaf(Leaf::Para { offset }, self.base());
            }
            Tag::Heading { level, .. } => {
                self.begin_block();
                let level = heading_level(level);
                let style = if level == 1 {
                    self.theme.heading1
                } else {
                    self.theme.heading
                };
                self.heading_text.clear();
                self.begin_leaf(Leaf::Heading { level, offset }, self.base().patch(style));
            }
            Tag::BlockQuote(kind) => {
                self.begin_block();
                let (label, style) = self.alert(kind);
                self.containers.push(Container::Quote {
                    bar: style.unwrap_or(self.theme.quote_bar),
                });
                if let (Some(label), Some(style)) = (label, style) {
                    let (mut spans, _, pw) = self.prefixes();
                    let avail = self.width.saturating_sub(pw);
                    spans.push(Span::styled(clip(label, avail).0, style));
                    self.emit(spans, offset);
                }
            }
            Tag::CodeBlock(kind) => {
                self.begin_block();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                        .next()
                        .map(sanitize_line)
                        .unwrap_or_default(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.leaf = Leaf::Code {
                    offset,
                    lang,
                    text: String::new(),
                };
            }
            Tag::HtmlBlock => {
                self.begin_block();
                let style = self.base().patch(self.theme.html);
                self.begin_leaf(Leaf::Html { offset }, style);
            }
            Tag::List(start) => {
                self.begin_block();
                self.lists.push(List {
                    next: start,
                    loose: false,
                });
            }
            Tag::Item => {
                self.flush_leaf();
                let loose = self.lists.last().is_some_and(|l| l.loose);
                if std::mem::take(&mut self.pending_blank) && loose {
                    self.blank();
                }
                let depth = self.lists.len().saturating_sub(1);
                let (text, width): (std::borrow::Cow<'static, str>, usize) =
                    match self.lists.last_mut().and_then(|l| l.next.as_mut()) {
                        Some(n) => {
                            let s = format!("{n}. ");
                            *n = n.saturating_add(1);
                            let w = s.len();
                            (s.into(), w)
                        }
                        None => (BULLETS[depth % BULLETS.len()].into(), 2),
                    };
                self.containers.push(Container::Item {
                    marker: Some(Span::styled(text, self.theme.bullet)),
                    indent: width,
                });
            }
            Tag::Table(aligns) => {
                self.begin_block();
                self.leaf = Leaf::Table {
                    offset,
                    table: Table::new(aligns),
                };
            }
            Tag::TableHead | Tag::TableRow => {
                let head = matches!(tag, Tag::TableHead);
                if let Leaf::Table { table, .. } = &mut self.leaf {
                    table.start_row(offset, head);
                }
            }
            Tag::TableCell => {
                let head = matches!(&self.leaf, Leaf::Table { table, .. } if table.in_head());
                let base = if head {
                    self.theme.table_header
                } else {
                    Style::new()
                };
                self.inline.clear();
                self.styles.clear();
                self.style = self.base().patch(base);
            }
            Tag::Emphasis => self.open_style(self.theme.emphasis, "_", offset),
            Tag::Strong => self.open_style(self.theme.strong, "**", offset),
            Tag::Strikethrough => self.open_style(self.theme.strike, "~~", offset),
            Tag::Superscript | Tag::Subscript => self.open_style(Style::new(), "", offset),
            Tag::Link { dest_url, .. } => {
                self.ensure_inline(offset);
                // Shown to the reader (and followed): hidden characters must be seen.
                let url = reveal(&dest_url);
                let kind = LinkKind::of(&url).0;
                self.targets.push(url.clone());
                self.link = u32::try_from(self.links.len()).ok();
                self.links.push(LinkSpot {
                    url,
                    text: String::new(),
                    kind,
                    spans: Vec::new(),
                });
                self.push_style(self.theme.link_style(kind));
                if !self.opts.link_targets {
                    // A no-break space: the marker never ends a line without its link.
                    self.inline
                        .push_static(kind.marker(), self.style, self.link);
                    self.inline.push_static("\u{a0}", self.style, self.link);
                }
            }
            Tag::Image { dest_url, .. } => {
                self.ensure_inline(offset);
                self.targets.push(reveal(&dest_url));
                self.push_style(self.theme.image);
                self.inline.push_static("[image: ", self.style, self.link);
            }
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => self.begin_block(),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::Table
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_) => self.flush_leaf(),
            TagEnd::BlockQuote(_) => {
                self.flush_leaf();
                self.containers.pop();
                self.pending_blank = true;
            }
            TagEnd::List(_) => {
                self.flush_leaf();
                self.lists.pop();
                self.pending_blank = true;
            }
            TagEnd::Item => {
                self.flush_leaf();
                if matches!(
                    self.containers.last(),
                    Some(Container::Item {
                        marker: Some(_),
                        ..
                    })
                ) {
                    // An empty item still shows its bullet.
                    let (first, _, _) = self.prefixes();
                    let offset = self.last_offset;
                    self.emit(first, offset);
                }
                self.containers.pop();
                self.pending_blank = true;
            }
            TagEnd::TableHead | TagEnd::TableRow => {}
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.inline);
                if let Leaf::Table { table, .. } = &mut self.leaf {
                    table.push_cell(cell);
                }
            }
            TagEnd::Emphasis => self.close_style(self.theme.emphasis, "_"),
            TagEnd::Strong => self.close_style(self.theme.strong, "**"),
            TagEnd::Strikethrough => self.close_style(self.theme.strike, "~~"),
            TagEnd::Superscript | TagEnd::Subscript => self.close_style(Style::new(), ""),
            TagEnd::Link => {
                self.pop_style();
                let target = self.targets.pop().unwrap_or_default();
                let text = self
                    .link
                    .and_then(|l| self.links.get(usize::try_from(l).ok()?))
                    .map(|l| l.text.as_str());
                let same =
                    text.is_some_and(|t| t == target || t == target.trim_start_matches("mailto:"));
                self.link = None;
                if !same {
                    self.show_target(&target);
                }
            }
            TagEnd::Image => {
                self.inline.push_static("]", self.style, self.link);
                self.pop_style();
                let target = self.targets.pop().unwrap_or_default();
                self.show_target(&target);
            }
        }
    }

    fn show_target(&mut self, target: &str) {
        if self.opts.link_targets && !target.is_empty() {
            let style = self.style.patch(self.theme.link_target);
            self.inline.push_static(" ⟨", style, None);
            if self.theme.markers {
                self.inline.push_static(target, style, None);
            } else {
                self.inline
                    .push_static(&super::plain::target_words(target), style, None);
            }
            self.inline.push_static("⟩", style, None);
        }
    }

    fn alert(&self, kind: Option<BlockQuoteKind>) -> (Option<&'static str>, Option<Style>) {
        let t = self.theme;
        match kind {
            None => (None, None),
            Some(BlockQuoteKind::Note) => (Some("Note"), Some(t.alert_note)),
            Some(BlockQuoteKind::Tip) => (Some("Tip"), Some(t.alert_tip)),
            Some(BlockQuoteKind::Important) => (Some("Important"), Some(t.alert_important)),
            Some(BlockQuoteKind::Warning) => (Some("Warning"), Some(t.alert_warning)),
            Some(BlockQuoteKind::Caution) => (Some("Caution"), Some(t.alert_caution)),
        }
    }

    // ----- inline content -------------------------------------------------------------------

    fn text(&mut self, t: &str, offset: usize) {
        if let Leaf::Code { text, .. } = &mut self.leaf {
            text.push_str(t);
            return;
        }
        self.ensure_inline(offset);
        self.push_text(t, self.style);
    }

    fn code(&mut self, t: &str, offset: usize) {
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
    fn push_text(&mut self, t: &str, style: Style) {
        self.inline.push(t, style, self.link);
        let link = self.link.and_then(|l| usize::try_from(l).ok());
        if let Some(spot) = link.and_then(|l| self.links.get_mut(l)) {
            spot.text.push_str(&sanitize_line(t));
        }
        if matches!(self.leaf, Leaf::Heading { .. }) {
            self.heading_text.push_str(&sanitize_line(t));
        }
    }

    fn open_style(&mut self, style: Style, marker: &'static str, offset: usize) {
        self.ensure_inline(offset);
        if style == Style::new() && self.theme.markers {
            self.inline.push_static(marker, self.style, self.link);
        }
        self.push_style(style);
    }

    fn close_style(&mut self, style: Style, marker: &'static str) {
        self.pop_style();
        if style == Style::new() && self.theme.markers {
            self.inline.push_static(marker, self.style, self.link);
        }
    }

    fn push_style(&mut self, style: Style) {
        self.styles.push(self.style);
        self.style = self.style.patch(style);
    }

    fn pop_style(&mut self) {
        if let Some(s) = self.styles.pop() {
            self.style = s;
        }
    }

    /// Text outside any leaf (a tight list item's text) opens an implicit paragraph.
    fn ensure_inline(&mut self, offset: usize) {
        if matches!(self.leaf, Leaf::None) {
            self.begin_block();
            self.begin_leaf(Leaf::Para { offset }, self.base());
        }
    }

    fn base(&self) -> Style {
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

    fn begin_leaf(&mut self, leaf: Leaf, style: Style) {
        self.leaf = leaf;
        self.inline.clear();
        self.styles.clear();
        self.style = style;
    }

    // ----- blocks ----------------------------------------------------------------------------

    /// Before any block: close an implicit paragraph and put out the blank line that separates
    /// this block from the previous one (none inside a tight list item).
    fn begin_block(&mut self) {
        self.flush_leaf();
        if std::mem::take(&mut self.pending_blank) {
            let tight_item = matches!(self.containers.last(), Some(Container::Item { .. }))
                && self.lists.last().is_some_and(|l| !l.loose);
            if !tight_item {
                self.blank();
            }
        }
    }

    fn flush_leaf(&mut self) {
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
    fn flow(
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

    fn place_link(&mut self, p: &Placement, col: usize) {
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

    fn flush_heading(&mut self, level: u8, offset: usize) {
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

    fn flush_code(&mut self, offset: usize, lang: &str, text: &str) {
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

    fn flush_table(&mut self, offset: usize, t: &Table) {
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

    /// Lines still allowed before [`MAX_LINES`].
    fn left(&self) -> usize {
        MAX_LINES.saturating_sub(self.count)
    }

    /// The line budget is spent: one note line, and nothing after it.
    fn stop(&mut self, offset: usize) {
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
    fn prefixes(&self) -> (Vec<Span<'static>>, Vec<Span<'static>>, usize) {
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
    fn blank(&mut self) {
        let (_, rest, _) = self.prefixes();
        self.emit_raw(rest, self.last_offset);
    }

    /// Sends one content line out; it uses up pending list markers.
    fn emit(&mut self, spans: Vec<Span<'static>>, offset: usize) {
        for c in &mut self.containers {
            if let Container::Item { marker, .. } = c {
                *marker = None;
            }
        }
        self.emit_raw(spans, offset);
    }

    /// Sends one line out, trailing blanks trimmed, offsets kept non-decreasing. Past the line
    /// budget the note goes out instead, once.
    fn emit_raw(&mut self, spans: Vec<Span<'static>>, offset: usize) {
        if self.full {
            return;
        }
        if self.count >= MAX_LINES {
            self.stop(offset);
            return;
        }
        self.push_line(spans, offset);
    }

    fn push_line(&mut self, mut spans: Vec<Span<'static>>, offset: usize) {
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

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
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
