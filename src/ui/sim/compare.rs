//! The two columns of a compare, decided once for both sides so they read row for row: the
//! same width each, and the same counters on rows of their own in both ledgers (a counter one
//! side shows, the other shows too), so `replays` sits beside `replays` and no side folds
//! `0: conflicts, mismatches` while the other lists them.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;

use super::player::{SideAreas, with_panel};
use crate::app::{App, Player, Side};

/// The left and right columns of a wide compare, one cell apart.
#[must_use]
pub fn columns(main: Rect) -> [Rect; 2] {
    Layout::horizontal([Constraint::Ratio(1, 2), Constraint::Ratio(1, 2)])
        .spacing(1)
        .areas(main)
}

/// The rule in the cell between the columns (`│`, as the tab line and the knob line part two
/// sides), so the right side's `◆` or time never reads as the end of a left-side label
/// (`● charge #2  ◆`, report #6).
pub(super) fn divider([left, right]: [Rect; 2], style: Style, buf: &mut Buffer) {
    for x in left.right()..right.x {
        for y in left.top()..left.bottom() {
            buf[(x, y)].set_symbol("│").set_style(style);
        }
    }
}

/// The counters both ledgers show on rows of their own: the union of what each side, in its
/// own panel area, would show.
pub(super) fn shared_rows(
    app: &App,
    p: &Player,
    sides: &[&Side],
    areas: &[SideAreas],
) -> Vec<&'static str> {
    let mut shown: Vec<&'static str> = Vec::new();
    for (side, area) in sides.iter().zip(areas) {
        for name in with_panel(app, p, side, |panel| panel.counter_rows(area.panel.height)) {
            if !shown.contains(&name) {
                shown.push(name);
            }
        }
    }
    shown
}
