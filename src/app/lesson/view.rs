//! One open lesson: its rendered lines for the current width, the scroll position, the focused
//! link and the search. Everything here is plain state that the screen draws; width changes
//! re-render and keep the reader on the same block of the source.

use crate::markdown::{self, MdTheme, Options, Rendered};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub line: usize,
    pub col: u16,
    pub width: u16,
}

#[derive(Debug, Clone, Default)]
pub struct Search {
    pub query: String,
    pub matches: Vec<Match>,
    pub current: usize,
}

#[derive(Debug, Clone)]
pub struct LessonView {
    /// Index into the course's lessons.
    pub lesson: usize,
    pub rendered: Rendered,
    pub width: u16,
    /// Rows of text visible at once.
    pub height: usize,
    /// Index of the first visible line.
    pub scroll: usize,
    pub focus: Option<usize>,
    pub search: Option<Search>,
    /// Rows the view may scroll past [`LessonView::max_scroll`] after a jump to a heading near
    /// the end ([`LessonView::jump_to`]); back to 0 once the reader is inside the usual range.
    pub tail: usize,
    /// Cells the cut code lines are shifted left by (`>`/`<`); other lines stay put.
    pub hscroll: usize,
}

impl LessonView {
    /// Renders `body` at `width` and scrolls to the block at source offset `position`.
    #[must_use]
    pub fn new(
        lesson: usize,
        body: &str,
        theme: &MdTheme,
        width: u16,
        height: usize,
        position: usize,
    ) -> Self {
        let mut v = Self {
            lesson,
            rendered: Rendered::default(),
            width: 0,
            height,
            scroll: 0,
            focus: None,
            search: None,
            tail: 0,
            hscroll: 0,
        };
        v.relayout(body, theme, width, height, Some(position));
        v
    }

    /// Re-renders for a new size. Keeps the block at the top of the screen (or `position`).
    pub fn relayout(
        &mut self,
        body: &str,
        theme: &MdTheme,
        width: u16,
        height: usize,
        position: Option<usize>,
    ) {
        self.height = height.max(1);
        if width == self.width && position.is_none() {
            self.clamp();
            return;
        }
        let anchor = position.unwrap_or_else(|| self.position());
        self.width = width;
        self.tail = 0;
        self.hscroll = 0;
        self.rendered = markdown::render(
            body,
            &Options {
                width,
                theme: theme.clone(),
                link_targets: false,
            },
        );
        self.scroll = self
            .rendered
            .offsets
            .iter()
            .position(|&o| o >= anchor)
            .unwrap_or(0);
        if let Some(s) = self.search.take() {
            self.set_search(&s.query);
        }
        if self.focus.is_some_and(|f| f >= self.rendered.links.len()) {
            self.focus = None;
        }
        self.clamp();
    }

    /// Source offset of the block at the top of the screen, to save and restore.
    #[must_use]
    pub fn position(&self) -> usize {
        self.rendered.offsets.get(self.scroll).copied().unwrap_or(0)
    }

    #[must_use]
    pub fn max_scroll(&self) -> usize {
        self.rendered.lines.len().saturating_sub(self.height)
    }

    /// Source offset just past the last line on screen: the next line's block, or `end` (the
    /// body's length) when the last line is on screen.
    #[must_use]
    pub fn below(&self, end: usize) -> usize {
        if self.at_end() {
            return end;
        }
        self.rendered
            .offsets
            .get(self.scroll + self.height)
            .copied()
            .unwrap_or(end)
    }

    /// Has the reader seen the last line?
    #[must_use]
    pub fn at_end(&self) -> bool {
        self.scroll >= self.max_scroll()
    }

    pub fn scroll_by(&mut self, delta: isize) {
        self.scroll = self.scroll.saturating_add_signed(delta);
        self.clamp();
    }

    pub fn scroll_to(&mut self, line: usize) {
        self.scroll = line;
        self.clamp();
    }

    fn clamp(&mut self) {
        if self.scroll <= self.max_scroll() {
            self.tail = 0;
        }
        self.scroll = self.scroll.min(self.max_scroll() + self.tail);
    }

    /// Makes `line` visible, with a little context above it.
    fn reveal(&mut self, line: usize) {
        if line < self.scroll || line >= self.scroll + self.height {
            self.scroll_to(line.saturating_sub(self.height / 3));
        }
    }

    /// Moves link focus forward (or back), starting from the first link on screen.
    pub fn focus_link(&mut self, forward: bool) {
        let n = self.rendered.links.len();
        if n == 0 {
            return;
        }
        let line_of = |i: usize| self.rendered.links[i].spans.first().map_or(0, |s| s.line);
        let visible = |i: usize| (self.scroll..self.scroll + self.height).contains(&line_of(i));
        let next = match self.focus {
            // Continue from the focused link only while it is still on screen.
            Some(f) if visible(f) => {
                if forward {
                    (f + 1) % n
                } else {
                    (f + n - 1) % n
                }
            }
            _ => {
                let on_screen: Vec<usize> = (0..n).filter(|&i| visible(i)).collect();
                match (forward, on_screen.first(), on_screen.last()) {
                    (true, Some(&first), _) => first,
                    (false, _, Some(&last)) => last,
                    (true, None, _) => (0..n).find(|&i| line_of(i) >= self.scroll).unwrap_or(0),
                    (false, _, None) => (0..n)
                        .rev()
                        .find(|&i| line_of(i) < self.scroll)
                        .unwrap_or(n - 1),
                }
            }
        };
        self.focus = Some(next);
        self.reveal(line_of(next));
    }

    /// The URL of the focused link.
    #[must_use]
    pub fn focused_url(&self) -> Option<&str> {
        self.focus
            .and_then(|f| self.rendered.links.get(f))
            .map(|l| l.url.as_str())
    }

    /// Finds `query` (case-insensitive) on every rendered line, a cut code line in the whole
    /// of its code (also the part cut off), and jumps to the first match at or below the top of
    /// the screen.
    pub fn set_search(&mut self, query: &str) {
        let needle: Vec<char> = query.to_lowercase().chars().collect();
        let mut matches = Vec::new();
        if !needle.is_empty() {
            for (i, line) in self.rendered.lines.iter().enumerate() {
                let found = match self.rendered.wide.binary_search_by_key(&i, |w| w.line) {
                    Ok(w) => {
                        let w = &self.rendered.wide[w];
                        find(w.text.chars(), &needle, w.col)
                    }
                    Err(_) => find(
                        line.spans.iter().flat_map(|s| s.content.chars()),
                        &needle,
                        0,
                    ),
                };
                matches.extend(found.into_iter().map(|(col, width)| Match {
                    line: i,
                    col,
                    width,
                }));
            }
        }
        let current = matches
            .iter()
            .position(|m| m.line >= self.scroll)
            .unwrap_or(0);
        self.search = Some(Search {
            query: query.to_owned(),
            matches,
            current,
        });
        self.reveal_match();
    }

    /// Moves to the next (or previous) match; true when that went round the end.
    pub fn next_match(&mut self, forward: bool) -> bool {
        let mut wrapped = false;
        if let Some(s) = &mut self.search
            && !s.matches.is_empty()
        {
            let n = s.matches.len();
            let before = s.current;
            s.current = if forward {
                (s.current + 1) % n
            } else {
                (s.current + n - 1) % n
            };
            wrapped = n > 1 && (forward && s.current < before || !forward && s.current > before);
        }
        self.reveal_match();
        wrapped
    }

    /// Shifts cut code lines sideways by a third of the width, within what they need; false
    /// when nothing in the lesson is cut.
    pub fn shift(&mut self, right: bool) -> bool {
        let over = self.rendered.overhang(self.width);
        if over == 0 {
            return false;
        }
        // One more: the `←` drawn at the left edge of a shifted line takes a cell.
        let max = over + 1;
        let step = usize::from(self.width / 3).max(4);
        self.hscroll = if right {
            (self.hscroll + step).min(max)
        } else {
            self.hscroll.saturating_sub(step)
        };
        true
    }

    /// Whether a cut code line is on screen.
    #[must_use]
    pub fn cut_on_screen(&self) -> bool {
        self.rendered
            .wide
            .iter()
            .any(|w| (self.scroll..self.scroll + self.height).contains(&w.line))
    }

    /// Puts `line` (a heading) at the top of the screen, even near the end: the view may then
    /// show blank rows below the last line, until the reader scrolls back up.
    pub fn jump_to(&mut self, line: usize) {
        let line = line.min(self.rendered.lines.len().saturating_sub(1));
        self.tail = line.saturating_sub(self.max_scroll());
        self.scroll = line;
    }

    fn reveal_match(&mut self) {
        let current = self
            .search
            .as_ref()
            .and_then(|s| s.matches.get(s.current))
            .copied();
        if let Some(m) = current {
            self.reveal(m.line);
            self.reveal_sideways(m);
        }
    }

    /// Shifts the cut code lines so that match `m` shows, when it is in one (at `hscroll` 0 a
    /// cut line keeps its last cell for `→`; shifted, `←` and `→` take one each).
    fn reveal_sideways(&mut self, m: Match) {
        let Some(w) = self.wide_line(m.line) else {
            return;
        };
        let room = usize::from(self.width).saturating_sub(usize::from(w.col));
        let (t, mw) = (
            usize::from(m.col.saturating_sub(w.col)),
            usize::from(m.width),
        );
        let shows = |by: usize| {
            if by == 0 {
                t + mw < room
            } else {
                t >= by && t + mw + 2 <= by + room
            }
        };
        if !shows(self.hscroll) {
            let max = self.rendered.overhang(self.width) + 1;
            self.hscroll = if shows(0) {
                0
            } else {
                t.saturating_sub(2).min(max)
            };
        }
    }

    /// The column match `m` is drawn at once cut lines are shifted by `hscroll`; `None` when
    /// the shift has moved it off the screen.
    #[must_use]
    pub fn match_col(&self, m: &Match) -> Option<u16> {
        let Some(w) = self.wide_line(m.line).filter(|_| self.hscroll > 0) else {
            return Some(m.col);
        };
        let shown = usize::from(m.col.checked_sub(w.col)?).checked_sub(self.hscroll)?;
        u16::try_from(usize::from(w.col) + 1 + shown).ok()
    }

    fn wide_line(&self, line: usize) -> Option<&markdown::WideLine> {
        let i = self
            .rendered
            .wide
            .binary_search_by_key(&line, |w| w.line)
            .ok()?;
        self.rendered.wide.get(i)
    }
}

/// Where `needle` (lowercase) occurs in `text`, case-insensitively: `(column, width)` in cells,
/// counted from `start`.
fn find(text: impl Iterator<Item = char>, needle: &[char], start: u16) -> Vec<(u16, u16)> {
    let cells: Vec<(char, u16)> = text
        .flat_map(|c| {
            let w =
                u16::try_from(unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)).unwrap_or(0);
            c.to_lowercase().map(move |l| (l, w))
        })
        .collect();
    let mut found = Vec::new();
    let mut col = start;
    let mut k = 0;
    while k + needle.len() <= cells.len() {
        if cells[k..k + needle.len()]
            .iter()
            .map(|&(c, _)| c)
            .eq(needle.iter().copied())
        {
            let width = cells[k..k + needle.len()].iter().map(|&(_, w)| w).sum();
            found.push((col, width));
        }
        col = col.saturating_add(cells[k].1);
        k += 1;
    }
    found
}
