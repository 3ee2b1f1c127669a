//! GFM tables: columns sized to their content and clamped to the width, cells wrapped inside
//! their column, and a "Header: value" list when the table cannot fit readably.
//!
//! The layout is light (`a │ b`, a `─┼─` rule under the header, no outer frame) because every
//! cell of border is a cell a narrow terminal cannot spend on text. Column widths come from
//! "water filling": narrow columns keep their natural width and the wide ones share the rest
//! equally, so one long column does not squeeze the short ones into broken words. If a column
//! that needs wrapping would get fewer than [`MIN_COL`] cells, the grid is unreadable and each
//! row becomes a small block of `Header: value` lines instead.
//!
//! Size is bounded where the table is collected: at most [`MAX_COLS`] columns and [`MAX_ROWS`]
//! body rows are kept (a note under the table says how many more there are), so an 8 MB table
//! of 1000 × 4000 one-letter cells costs a few thousand cells, not four million, at any width.
//! Layout then stops at the line budget it is given.

use pulldown_cmark::Alignment;
use ratatui::text::Span;

use super::inline::Inline;
use super::theme::MdTheme;
use super::wrap::{Placement, WLine, measure, wrap};
use super::{repeat, spaces};

/// Below this many cells a wrapped column is no longer readable.
pub(crate) const MIN_COL: usize = 6;
/// Columns shown; more do not fit any terminal as a grid, and as a list they bury the rows.
pub const MAX_COLS: usize = 32;
/// Body rows shown of one table.
pub const MAX_ROWS: usize = 1000;
const SEP: &str = " │ ";
const SEP_W: usize = 3;

/// One table being collected from events.
#[derive(Debug, Default)]
pub(crate) struct Table {
    pub aligns: Vec<Alignment>,
    pub rows: Vec<Row>,
    /// Body rows past [`MAX_ROWS`], counted but not kept.
    pub hidden_rows: usize,
    /// Most cells past [`MAX_COLS`] in any row, counted but not kept.
    pub hidden_cols: usize,
    /// The current row is past [`MAX_ROWS`]: its cells are dropped.
    skipping: bool,
    /// Cells seen in the current row, kept or not.
    seen: usize,
}

impl Table {
    pub fn new(mut aligns: Vec<Alignment>) -> Self {
        aligns.truncate(MAX_COLS);
        Self {
            aligns,
            ..Self::default()
        }
    }

    /// A new header or body row starts at source offset `offset`.
    pub fn start_row(&mut self, offset: usize, head: bool) {
        self.seen = 0;
        // GFM tables have one header row, first.
        let body_rows = self.rows.len() - usize::from(self.rows.first().is_some_and(|r| r.head));
        self.skipping = !head && body_rows >= MAX_ROWS;
        if self.skipping {
            self.hidden_rows += 1;
        } else {
            self.rows.push(Row {
                cells: Vec::new(),
                offset,
                head,
            });
        }
    }

    /// Is the current row a header row?
    pub fn in_head(&self) -> bool {
        !self.skipping && self.rows.last().is_some_and(|r| r.head)
    }

    /// A finished cell of the current row: kept unless past the row or column limit.
    pub fn push_cell(&mut self, cell: Inline) {
        self.seen += 1;
        if self.skipping {
            return;
        }
        if self.seen > MAX_COLS {
            self.hidden_cols = self.hidden_cols.max(self.seen - MAX_COLS);
        } else if let Some(row) = self.rows.last_mut() {
            row.cells.push(cell);
        }
    }

    /// "… 3000 more rows and 968 more columns not shown", if anything was left out.
    fn note(&self) -> Option<String> {
        let more =
            |n: usize, what: &str| format!("{n} more {what}{}", if n == 1 { "" } else { "s" });
        match (self.hidden_rows, self.hidden_cols) {
            (0, 0) => None,
            (r, 0) => Some(format!("… {} not shown", more(r, "row"))),
            (0, c) => Some(format!("… {} not shown", more(c, "column"))),
            (r, c) => Some(format!(
                "… {} and {} not shown",
                more(r, "row"),
                more(c, "column")
            )),
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct Row {
    pub cells: Vec<Inline>,
    pub offset: usize,
    pub head: bool,
}

/// A laid-out table: lines without the container prefix, the source offset of each line, and
/// link placements with line indices into `lines`.
#[derive(Debug, Default)]
pub(crate) struct Laid {
    pub lines: Vec<WLine>,
    pub offsets: Vec<usize>,
    pub links: Vec<Placement>,
    /// Lines were left out because the line budget ran out.
    pub cut: bool,
}

impl Laid {
    fn push(&mut self, line: WLine, offset: usize) {
        self.lines.push(line);
        self.offsets.push(offset);
    }
}

/// Lays out `table` in `avail` cells (at least 1), in at most `max_lines` lines (and a note line
/// for rows and columns left out at collection).
pub(crate) fn layout(table: &Table, avail: usize, max_lines: usize, theme: &MdTheme) -> Laid {
    let n = table
        .rows
        .iter()
        .map(|r| r.cells.len())
        .max()
        .unwrap_or(0)
        .max(table.aligns.len());
    let mut out = Laid::default();
    if n == 0 {
        return out;
    }
    let mut natural = vec![0usize; n];
    for row in &table.rows {
        for (j, cell) in row.cells.iter().enumerate() {
            if let Some(w) = natural.get_mut(j) {
                *w = (*w).max(measure(cell).0);
            }
        }
    }
    match column_widths(&natural, avail) {
        Some(widths) => grid(table, &widths, max_lines, theme, &mut out),
        None => fallback(table, avail, max_lines, theme, &mut out),
    }
    if let Some(note) = table.note().filter(|_| !out.cut) {
        let offset = out.offsets.last().copied().unwrap_or(0);
        let mut inline = Inline::default();
        inline.push_static(&note, theme.table_border, None);
        let mut lines = Vec::new();
        wrap(&inline, avail, 4, &mut lines, &mut Vec::new());
        for line in lines {
            out.push(line, offset);
        }
    }
    out
}

/// Column widths that fit `avail` with separators, or `None` if the grid would be unreadable.
fn column_widths(natural: &[usize], avail: usize) -> Option<Vec<usize>> {
    let n = natural.len();
    let content = avail.checked_sub(SEP_W * (n - 1)).filter(|&c| c >= n)?;
    let mut widths: Vec<usize> = natural.iter().map(|&w| w.max(1)).collect();
    if widths.iter().sum::<usize>() <= content {
        return Some(widths);
    }
    // Water filling: the largest cap such that the capped widths fit.
    let mut sorted = widths.clone();
    sorted.sort_unstable();
    let mut remaining = content;
    let mut cap = 0;
    for (i, &w) in sorted.iter().enumerate() {
        let share = remaining / (n - i);
        if w <= share {
            remaining -= w;
        } else {
            cap = share;
            break;
        }
    }
    for w in &mut widths {
        *w = (*w).min(cap).max(1);
    }
    let mut extra = content.saturating_sub(widths.iter().sum());
    for (w, &nat) in widths.iter_mut().zip(natural) {
        if extra > 0 && *w < nat {
            *w += 1;
            extra -= 1;
        }
    }
    let readable = widths
        .iter()
        .zip(natural)
        .all(|(&w, &nat)| w >= nat || w >= MIN_COL);
    (readable && widths.iter().sum::<usize>() <= content).then_some(widths)
}

fn grid(table: &Table, widths: &[usize], max_lines: usize, theme: &MdTheme, out: &mut Laid) {
    let empty = Inline::default();
    // Wrap every row first, to know whether any body row needs more than one line. All cells
    // share the line budget, so a few huge cells cannot each take all of it.
    let mut left = max_lines;
    let mut wrapped = Vec::with_capacity(table.rows.len());
    let mut heights = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        if left == 0 {
            out.cut = true;
            break;
        }
        let mut cells: Vec<Vec<WLine>> = Vec::with_capacity(widths.len());
        let mut links: Vec<Vec<Placement>> = Vec::with_capacity(widths.len());
        for (j, &w) in widths.iter().enumerate() {
            let (mut c, mut l) = (Vec::new(), Vec::new());
            out.cut |= wrap(row.cells.get(j).unwrap_or(&empty), w, left, &mut c, &mut l);
            left -= c.len();
            cells.push(c);
            links.push(l);
        }
        heights.push(cells.iter().map(Vec::len).max().unwrap_or(0).max(1));
        wrapped.push((cells, links));
    }
    let tall = table
        .rows
        .iter()
        .zip(&heights)
        .any(|(r, &h)| !r.head && h > 1);
    let mut prev_head = None;
    for ((row, (cells, links)), &height) in table.rows.iter().zip(wrapped).zip(&heights) {
        match prev_head {
            _ if out.lines.len() >= max_lines => {
                out.cut = true;
                return;
            }
            Some(true) => out.push(rule(widths, theme), row.offset),
            Some(false) if tall => out.push(rule(widths, theme), row.offset),
            _ => {}
        }
        prev_head = Some(row.head);
        let mut cells: Vec<_> = cells.into_iter().map(Vec::into_iter).collect();
        for k in 0..height {
            if out.lines.len() >= max_lines {
                out.cut = true;
                return;
            }
            let first = out.lines.len();
            let mut line = WLine::default();
            for (j, &w) in widths.iter().enumerate() {
                if j > 0 {
                    line.spans.push(Span::styled(SEP, theme.table_border));
                    line.width += SEP_W;
                }
                let cell = cells
                    .get_mut(j)
                    .and_then(Iterator::next)
                    .unwrap_or_default();
                let pad = w.saturating_sub(cell.width);
                let align = table.aligns.get(j).copied().unwrap_or(Alignment::None);
                let (left, right) = match align {
                    Alignment::Right => (pad, 0),
                    Alignment::Center => (pad / 2, pad - pad / 2),
                    Alignment::Left | Alignment::None => (0, pad),
                };
                for p in links.get(j).into_iter().flatten().filter(|p| p.line == k) {
                    out.links.push(Placement {
                        line: first,
                        col: line.width + left + p.col,
                        ..*p
                    });
                }
                if left > 0 {
                    line.spans.push(spaces(left));
                }
                line.spans.extend(cell.spans);
                line.width += left + cell.width;
                if right > 0 && j + 1 < widths.len() {
                    line.spans.push(spaces(right));
                    line.width += right;
                }
            }
            out.push(line, row.offset);
        }
    }
}

fn rule(widths: &[usize], theme: &MdTheme) -> WLine {
    let mut s = String::new();
    let mut width = 0;
    for (j, &w) in widths.iter().enumerate() {
        if j > 0 {
            s.push_str("─┼─");
            width += SEP_W;
        }
        s.push_str(&repeat('─', w));
        width += w;
    }
    WLine {
        spans: vec![Span::styled(s, theme.table_border)],
        width,
    }
}

/// Each body row as `Header: value` lines with a hanging indent, rows separated by blank lines.
fn fallback(table: &Table, avail: usize, max_lines: usize, theme: &MdTheme, out: &mut Laid) {
    let head = table.rows.iter().find(|r| r.head);
    let body: Vec<&Row> = table.rows.iter().filter(|r| !r.head).collect();
    let indent = if avail > 4 { 2 } else { 0 };
    let width = avail - indent;
    let mut lines = Vec::new();
    let mut links = Vec::new();
    let mut field = Inline::default();
    let mut emit = |field: &Inline, offset: usize, out: &mut Laid| {
        lines.clear();
        links.clear();
        let left = max_lines.saturating_sub(out.lines.len());
        out.cut |= wrap(field, width, left, &mut lines, &mut links);
        let first = out.lines.len();
        for p in &links {
            out.links.push(Placement {
                line: first + p.line,
                col: if p.line == 0 { p.col } else { p.col + indent },
                ..*p
            });
        }
        for (i, mut line) in lines.drain(..).enumerate() {
            if i > 0 && indent > 0 {
                line.spans.insert(0, spaces(indent));
                line.width += indent;
            }
            out.push(line, offset);
        }
    };
    if body.is_empty() {
        if let Some(head) = head {
            for cell in &head.cells {
                emit(cell, head.offset, out);
            }
        }
        return;
    }
    for (r, row) in body.iter().enumerate() {
        if out.lines.len() >= max_lines {
            out.cut = true;
            return;
        }
        if r > 0 {
            out.push(WLine::default(), row.offset);
        }
        for (j, cell) in row.cells.iter().enumerate() {
            if out.cut || out.lines.len() >= max_lines {
                out.cut = true;
                return;
            }
            field.clear();
            if let Some(h) = head.and_then(|h| h.cells.get(j)).filter(|h| !h.is_empty()) {
                field.append(h, theme.table_header, false);
                field.push_static(": ", theme.table_header, None);
            }
            field.append(cell, ratatui::style::Style::new(), true);
            emit(&field, row.offset, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_fit_or_fall_back() {
        assert_eq!(column_widths(&[3, 4], 80), Some(vec![3, 4]));
        // 40 cells of content for a 10-wide and a 60-wide column: the short one keeps its width.
        assert_eq!(column_widths(&[10, 60], 43), Some(vec![10, 30]));
        assert_eq!(column_widths(&[20, 20, 20], 20), None);
        assert_eq!(column_widths(&[2, 2], 3), None);
        let w = column_widths(&[30, 30, 5], 40).unwrap_or_default();
        assert_eq!(w.iter().sum::<usize>(), 40 - 6);
    }
}
