//! GFM tables: columns sized to their content and clamped to the width, cells wrapped inside
//! their column, and a "Header: value" list when the table cannot fit readably.
//!
//! The layout is light (`a │ b`, a `─┼─` rule under the header, no outer frame) because every
//! cell of border is a cell a narrow terminal cannot spend on text. Column widths come from
//! "water filling": narrow columns keep their natural width and the wide ones share the rest
//! equally, so one long column does not squeeze the short ones into broken words. If a column
//! that needs wrapping would get fewer than [`MIN_COL`] cells, the grid is unreadable and each
//! row becomes a small block of `Header: value` lines instead.

use pulldown_cmark::Alignment;
use ratatui::text::Span;

use super::inline::Inline;
use super::theme::MdTheme;
use super::wrap::{Placement, WLine, measure, wrap};
use super::{repeat, spaces};

/// Below this many cells a wrapped column is no longer readable.
pub(crate) const MIN_COL: usize = 6;
const SEP: &str = " │ ";
const SEP_W: usize = 3;

/// One table being collected from events.
#[derive(Debug, Default)]
pub(crate) struct Table {
    pub aligns: Vec<Alignment>,
    pub rows: Vec<Row>,
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
}

impl Laid {
    fn push(&mut self, line: WLine, offset: usize) {
        self.lines.push(line);
        self.offsets.push(offset);
    }
}

/// Lays out `table` in `avail` cells (at least 1).
pub(crate) fn layout(table: &Table, avail: usize, theme: &MdTheme) -> Laid {
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
        Some(widths) => grid(table, &widths, theme, &mut out),
        None => fallback(table, avail, theme, &mut out),
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

fn grid(table: &Table, widths: &[usize], theme: &MdTheme, out: &mut Laid) {
    let empty = Inline::default();
    // Wrap every row first, to know whether any body row needs more than one line.
    let mut wrapped = Vec::with_capacity(table.rows.len());
    let mut heights = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let mut cells: Vec<Vec<WLine>> = Vec::with_capacity(widths.len());
        let mut links: Vec<Vec<Placement>> = Vec::with_capacity(widths.len());
        for (j, &w) in widths.iter().enumerate() {
            let (mut c, mut l) = (Vec::new(), Vec::new());
            wrap(row.cells.get(j).unwrap_or(&empty), w, &mut c, &mut l);
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
            Some(true) => out.push(rule(widths, theme), row.offset),
            Some(false) if tall => out.push(rule(widths, theme), row.offset),
            _ => {}
        }
        prev_head = Some(row.head);
        let mut cells: Vec<_> = cells.into_iter().map(Vec::into_iter).collect();
        for k in 0..height {
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
fn fallback(table: &Table, avail: usize, theme: &MdTheme, out: &mut Laid) {
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
        wrap(field, width, &mut lines, &mut links);
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
        if r > 0 {
            out.push(WLine::default(), row.offset);
        }
        for (j, cell) in row.cells.iter().enumerate() {
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
