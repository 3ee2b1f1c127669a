//! Display width and the span-aware greedy word wrapper.
//!
//! Widths come from [`crate::text::width`]: its clusters are what the renderer never splits.
//!
//! The wrapper is greedy: words (maximal runs of non-space text, possibly across style runs, so
//! `**bold**ly` stays one word) go on the current line while they fit; a word wider than the
//! whole line is broken between clusters, over at most [`WORD_LINES`] lines. Spaces collapse to
//! one and vanish at line ends. Link text positions are recorded as it goes, so the app can
//! highlight exactly what is on screen.
//!
//! Output is bounded: the caller says how many lines it can take, and the wrapper stops there
//! (and says so), so a huge paragraph at width 1 costs what the caller allowed, not millions of
//! lines.

use super::inline::{Inline, Run};
pub(crate) use crate::text::width::{Clusters, clip, str_width};
use ratatui::text::{Line, Span};

/// A word wider than the line is broken over at most this many lines, then a line with `…` says
/// the rest is left out: a base64 blob or an 8 MB "word" is not text anyone reads, and at width
/// 1 it would be a line per character.
pub const WORD_LINES: usize = 100;

/// One wrapped line, without any block prefix.
#[derive(Debug, Default)]
pub(crate) struct WLine {
    pub spans: Vec<Span<'static>>,
    pub width: usize,
}

/// Where a piece of link text landed: wrapped line index, link index, column and width in cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Placement {
    pub line: usize,
    pub link: u32,
    pub col: usize,
    pub width: usize,
}

/// Measures `inline` unwrapped: (widest line between hard breaks, widest word).
#[must_use]
pub(crate) fn measure(inline: &Inline) -> (usize, usize) {
    let (mut widest, mut longest) = (0, 0);
    let (mut line, mut word, mut space) = (0, 0, false);
    let mut end_word = |line: &mut usize, word: &mut usize, space: &mut bool| {
        if *word > 0 {
            *line += *word + usize::from(*space && *line > 0);
            longest = longest.max(*word);
            *word = 0;
            *space = false;
        }
    };
    for (run, text) in inline.iter() {
        if run.hard_break {
            end_word(&mut line, &mut word, &mut space);
            widest = widest.max(line);
            line = 0;
            space = false;
            continue;
        }
        for (i, piece) in pieces(text).enumerate() {
            if i > 0 {
                end_word(&mut line, &mut word, &mut space);
                space = true;
            }
            word += str_width(piece);
        }
    }
    end_word(&mut line, &mut word, &mut space);
    (widest.max(line), longest)
}

/// `s.split(' ')`, with a plain byte loop: words are short, and a `memchr` call per word costs
/// more than it saves.
fn pieces(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == b' ') {
            Some(i) => {
                rest = r.get(i + 1..);
                r.get(..i)
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// Wraps `inline` into lines at most `avail` cells wide (`avail` is at least 1), appending at
/// most `max_lines` lines to `lines`, and appends link placements (with line indices relative
/// to the first new line). Returns true if text was left out because `max_lines` ran out.
pub(crate) fn wrap(
    inline: &Inline,
    avail: usize,
    max_lines: usize,
    lines: &mut Vec<WLine>,
    links: &mut Vec<Placement>,
) -> bool {
    wrap_with(inline, avail, max_lines, lines, links, false)
}

/// [`wrap`], optionally keeping spaces as typed (`keep_spaces`: runs of spaces and the
/// indentation of the first row stay; spaces at a line break still vanish).
fn wrap_with(
    inline: &Inline,
    avail: usize,
    max_lines: usize,
    lines: &mut Vec<WLine>,
    links: &mut Vec<Placement>,
    keep_spaces: bool,
) -> bool {
    let mut b = Builder {
        keep_spaces,
        at_start: true,
        avail: avail.max(1),
        first: lines.len(),
        max_lines,
        closed: max_lines == 0,
        cut: false,
        lines,
        links,
        spans: Vec::new(),
        width: 0,
        last_run: usize::MAX,
    };
    // The current word: (run index, byte range in inline.text, width) per style run it spans.
    let mut word: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut word_w = 0;
    // The pending spaces before the current word: (run index, how many).
    let mut space: Option<(usize, usize)> = None;
    let mut start = 0;
    for (ri, run) in inline.runs.iter().enumerate() {
        if b.closed {
            // Out of lines: whatever is left is cut (the rest is not even measured).
            b.cut |= inline.text.len() > start;
            break;
        }
        let base = start;
        let text = inline.text.get(start..run.end).unwrap_or("");
        start = run.end;
        if run.hard_break {
            b.place(inline, &word, word_w, space);
            word.clear();
            word_w = 0;
            space = None;
            b.newline();
            continue;
        }
        let mut pos = base;
        for (i, piece) in pieces(text).enumerate() {
            if i > 0 {
                let more = if word.is_empty() {
                    space.map_or(0, |(_, n)| n)
                } else {
                    0
                };
                b.place(inline, &word, word_w, space);
                word.clear();
                word_w = 0;
                space = Some((space.filter(|_| more > 0).map_or(ri, |(r, _)| r), more + 1));
                pos += 1;
            }
            if !piece.is_empty() {
                let w = str_width(piece);
                word.push((ri, pos, pos + piece.len(), w));
                word_w += w;
            }
            pos += piece.len();
        }
    }
    b.place(inline, &word, word_w, space);
    if !b.spans.is_empty() {
        b.newline();
    }
    b.cut
}

/// Word-wraps styled lines to `width` cells with the lessons' wrapper: the one function every
/// screen uses to measure its text and to draw it, so a box is exactly as tall as what it
/// shows. Spaces stay as typed (a line's indentation, a double space), except at a break; an
/// empty line stays one empty row; a line's own style is kept. At most `MAX_LINES` rows.
#[must_use]
pub fn wrap_lines(lines: &[Line<'_>], width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width.max(1));
    let mut out = Vec::new();
    for line in lines {
        let room = super::MAX_LINES.saturating_sub(out.len());
        if room == 0 {
            break;
        }
        let mut inline = Inline::default();
        for span in &line.spans {
            inline.push(&span.content, span.style, None);
        }
        let mut rows = Vec::new();
        wrap_with(&inline, width, room, &mut rows, &mut Vec::new(), true);
        if rows.is_empty() {
            rows.push(WLine::default());
        }
        out.extend(
            rows.into_iter()
                .map(|r| Line::from(r.spans).style(line.style)),
        );
    }
    out
}

struct Builder<'a> {
    keep_spaces: bool,
    /// Nothing placed on the first row yet (its indentation is kept with `keep_spaces`).
    at_start: bool,
    avail: usize,
    first: usize,
    max_lines: usize,
    /// The last allowed line is out: anything more is cut.
    closed: bool,
    cut: bool,
    lines: &'a mut Vec<WLine>,
    links: &'a mut Vec<Placement>,
    spans: Vec<Span<'static>>,
    width: usize,
    last_run: usize,
}

impl Builder<'_> {
    fn newline(&mut self) {
        if self.closed {
            return;
        }
        self.lines.push(WLine {
            spans: std::mem::take(&mut self.spans),
            width: self.width,
        });
        self.width = 0;
        self.last_run = usize::MAX;
        self.closed = self.lines.len() - self.first >= self.max_lines;
    }

    /// Places one word, preceded by the pending space (from run `space`) if any.
    fn place(
        &mut self,
        inline: &Inline,
        word: &[(usize, usize, usize, usize)],
        word_w: usize,
        space: Option<(usize, usize)>,
    ) {
        if word.is_empty() {
            return;
        }
        if self.closed {
            self.cut = true;
            return;
        }
        let at_start = std::mem::replace(&mut self.at_start, false);
        let (space_run, space_w) = match space {
            Some((ri, n)) if self.keep_spaces && (self.width > 0 || at_start) => (Some(ri), n),
            Some((ri, _)) if self.width > 0 => (Some(ri), 1),
            _ => (None, 0),
        };
        if self.width > 0 && self.width + space_w + word_w > self.avail {
            self.newline();
        } else if let Some(ri) = space_run
            && let Some(run) = inline.runs.get(ri)
        {
            if space_w == 1 {
                self.put(ri, run, " ", 1);
            } else {
                self.put(ri, run, &" ".repeat(space_w), space_w);
            }
        }
        let fits = self.width + word_w <= self.avail;
        // Lines this word has started on so far.
        let mut used = 1;
        for &(ri, from, to, w) in word {
            let (Some(run), Some(s)) = (inline.runs.get(ri), inline.text.get(from..to)) else {
                continue;
            };
            if fits {
                self.put(ri, run, s, w);
                continue;
            }
            for (c, cw) in Clusters::new(s) {
                if self.width + cw > self.avail && self.width > 0 {
                    self.newline();
                    if used == WORD_LINES {
                        self.put(ri, run, "…", 1);
                        return;
                    }
                    used += 1;
                }
                if self.closed {
                    self.cut = true;
                    return;
                }
                if cw > self.avail {
                    // A wide character on a line narrower than it: show that something is there.
                    self.put(ri, run, "…", 1);
                } else {
                    self.put(ri, run, c, cw);
                }
            }
        }
    }

    fn put(&mut self, ri: usize, run: &Run, s: &str, w: usize) {
        if self.closed {
            self.cut = true;
            return;
        }
        match self.spans.last_mut() {
            Some(span) if self.last_run == ri => span.content.to_mut().push_str(s),
            _ => {
                // Room for the rest of the line, so appending words rarely reallocates.
                let mut owned = String::with_capacity(s.len().max(self.avail - self.width));
                owned.push_str(s);
                self.spans.push(Span::styled(owned, run.style));
                self.last_run = ri;
            }
        }
        if let Some(link) = run.link {
            let line = self.lines.len() - self.first;
            match self.links.last_mut() {
                Some(p) if p.line == line && p.link == link && p.col + p.width == self.width => {
                    p.width += w;
                }
                _ => self.links.push(Placement {
                    line,
                    link,
                    col: self.width,
                    width: w,
                }),
            }
        }
        self.width += w;
    }
}

#[cfg(test)]
mod tests;
