//! Writing into a buffer without ever overflowing: every string is measured with
//! [`crate::text::width`] and clipped to the cells it may use, so the widgets cannot panic or
//! spill at any size.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::text::width::{clip, str_width};

pub use crate::text::width::fit;

/// Writes `s` at column `x` of row `y`, clipped to `[x, end)` and to `area`; returns the column
/// after the last cell written. Rows and columns outside `area` are left alone.
pub fn put(buf: &mut Buffer, area: Rect, x: u16, y: u16, end: u16, s: &str, style: Style) -> u16 {
    let end = end.min(area.right());
    if y < area.top() || y >= area.bottom() || x < area.left() || x >= end {
        return x;
    }
    let (shown, w) = clip(s, usize::from(end - x));
    buf.set_string(x, y, shown, style);
    x.saturating_add(u16::try_from(w).unwrap_or(u16::MAX))
}

/// Writes `s` at the start of row `y` of `area`, cut with `…` to the area's width.
pub fn put_line(buf: &mut Buffer, area: Rect, y: u16, s: &str, style: Style) {
    let s = fit(s, usize::from(area.width));
    put(buf, area, area.x, y, area.right(), &s, style);
}

/// Writes one symbol in one cell, if the cell is inside `area`.
pub fn cell(buf: &mut Buffer, area: Rect, x: u16, y: u16, symbol: &str, style: Style) {
    if area.contains((x, y).into()) {
        buf[(x, y)].set_symbol(symbol).set_style(style);
    }
}

/// `10,000`.
pub fn grouped(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Display width as a `u16`, saturating.
pub fn width16(s: &str) -> u16 {
    u16::try_from(str_width(s)).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("abcdef", 6), "abcdef");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abcdef", 1), "…");
        assert_eq!(fit("abcdef", 0), "");
        assert_eq!(fit("日本語", 4), "日…");
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn put_stays_inside_the_area() {
        let area = Rect::new(2, 1, 5, 2);
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 4));
        assert_eq!(
            put(&mut buf, area, 3, 1, 100, "hello world", Style::new()),
            7
        );
        assert_eq!(put(&mut buf, area, 3, 3, 100, "x", Style::new()), 3);
        assert_eq!(put(&mut buf, area, 0, 1, 100, "x", Style::new()), 0);
        assert_eq!(buf[(6, 1)].symbol(), "l");
        assert_eq!(buf[(7, 1)].symbol(), " ");
    }
}
