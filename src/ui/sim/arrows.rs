//! Drawing one row of the diagram: a message's departure half (up to its bend), its arrival
//! half or its loss, an event on one lifeline, and the dotted line of a message in flight. The
//! bend of a message is computed the same way on every row that draws part of it, from its
//! lanes and its label, so the halves always meet.

use std::borrow::Cow;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::diagram::Frame;
use super::draw::{cell, fit, put, width16};
use super::lanes::Geometry;
use super::rows::{DUPLICATE, Shape, message_label, shape};
use crate::sim::Participant;
use crate::text::sanitize;
use crate::text::width::str_width;

/// Where a message turns down, and its label cut to the room it has.
fn bend<'l>(g: &Geometry, (from, to): (usize, usize), label: &'l str) -> (u16, Cow<'l, str>) {
    let (a, b) = (g.lanes[from], g.lanes[to]);
    let (lo, hi) = (a.min(b), a.max(b));
    let label = fit_message(label, usize::from(hi.saturating_sub(lo).saturating_sub(7)));
    let lw = width16(&label);
    let mid = lo + (hi - lo) / 2;
    let x = match (lw, a < b) {
        (0, _) => mid,
        (_, true) => mid.max(lo.saturating_add(5).saturating_add(lw)),
        (_, false) => mid.min(hi.saturating_sub(5).saturating_sub(lw)),
    };
    (
        x.clamp(lo.saturating_add(2), hi.saturating_sub(2).max(lo)),
        label,
    )
}

/// A message's label in `room` cells. Short of room, the path goes first (`POST #2 no key`
/// for `POST /charges #2 no key`): the attempt number is what tells a retry from the first
/// try, so it is the last thing cut.
fn fit_message(label: &str, room: usize) -> Cow<'_, str> {
    if str_width(label) <= room {
        return Cow::Borrowed(label);
    }
    let short: Vec<&str> = label.split(' ').filter(|w| !w.starts_with('/')).collect();
    if short.len() == label.split(' ').count() {
        return fit(label, room);
    }
    Cow::Owned(fit(&short.join(" "), room).into_owned())
}

/// A message named again on its outcome's row (its departure is off screen) in `room` cells:
/// whole, or cut with `…` after at least its first word (`POST…`, `201`); with less room, not
/// at all, rather than a `P…` that names nothing.
fn named_again(label: &str, room: usize) -> Option<Cow<'_, str>> {
    let first = label.split(' ').next().unwrap_or_default();
    if label.is_empty() || (str_width(label) > room && str_width(first) + 1 > room) {
        return None;
    }
    Some(fit_message(label, room))
}

/// Cells `[from, to)` of row `y` filled with `symbol`.
fn line(buf: &mut Buffer, area: Rect, (from, to): (u16, u16), y: u16, symbol: &str, s: Style) {
    for x in from..to {
        cell(buf, area, x, y, symbol, s);
    }
}

/// `label` with a space either side, starting at `x`.
fn boxed(buf: &mut Buffer, area: Rect, x: u16, y: u16, label: &str, s: Style) {
    if label.is_empty() {
        return;
    }
    let end = put(buf, area, x.saturating_add(1), y, area.right(), label, s);
    cell(buf, area, x, y, " ", Style::new());
    cell(buf, area, end, y, " ", Style::new());
}

/// A message leaving: `├─ label ─╮` (or the mirror), or for an `instant` one the whole arrow.
pub fn depart(
    g: &Geometry,
    area: Rect,
    buf: &mut Buffer,
    lanes: (usize, usize),
    y: u16,
    label: &str,
    instant: bool,
) {
    let (a, b) = (g.lanes[lanes.0], g.lanes[lanes.1]);
    let (x, label) = bend(g, lanes, label);
    let lw = width16(&label);
    let plain = Style::new();
    if a < b {
        let end = if instant { b - 1 } else { x };
        line(buf, area, (a + 1, end), y, "─", plain);
        cell(buf, area, a, y, "├", plain);
        cell(buf, area, end, y, if instant { "▶" } else { "╮" }, plain);
        boxed(buf, area, a + 2, y, &label, plain);
    } else {
        let start = if instant { b + 1 } else { x };
        line(buf, area, (start + 1, a), y, "─", plain);
        cell(buf, area, a, y, "┤", plain);
        cell(buf, area, start, y, if instant { "◀" } else { "╭" }, plain);
        boxed(buf, area, a.saturating_sub(lw + 3), y, &label, plain);
    }
}

/// The second half of a message: where it lands or is lost.
pub struct Outcome<'a> {
    pub lanes: (usize, usize),
    pub y: u16,
    /// What the message carries (its departure's label).
    pub label: &'a str,
    /// Name the message again: its departure row is not on screen.
    pub repeat: bool,
    /// Lost because the receiver was down.
    pub down: bool,
}

/// `╰────▶` into the receiver (or the mirror).
pub fn arrive(g: &Geometry, area: Rect, buf: &mut Buffer, o: &Outcome, dim: Style) {
    let (a, b) = (g.lanes[o.lanes.0], g.lanes[o.lanes.1]);
    let (x, _) = bend(g, o.lanes, o.label);
    let plain = Style::new();
    let (lo, hi) = if a < b {
        line(buf, area, (x + 1, b - 1), o.y, "─", plain);
        cell(buf, area, x, o.y, "╰", plain);
        cell(buf, area, b - 1, o.y, "▶", plain);
        (x + 1, b - 1)
    } else {
        line(buf, area, (b + 2, x), o.y, "─", plain);
        cell(buf, area, b + 1, o.y, "◀", plain);
        cell(buf, area, x, o.y, "╯", plain);
        (b + 2, x)
    };
    if o.repeat
        && let Some(label) = named_again(
            o.label,
            usize::from(hi.saturating_sub(lo).saturating_sub(4)),
        )
    {
        boxed(buf, area, lo + 1, o.y, &label, dim);
    }
}

/// `✗ lost` under the bend; when the departure is off screen, what was lost goes first, so
/// the row reads as one event (`✗ 201 lost`, not `✗ lost · 201`, which looks like two rows
/// merged). Short of room the message is cut, never the word `lost`.
pub fn lost(
    g: &Geometry,
    area: Rect,
    buf: &mut Buffer,
    o: &Outcome,
    lanes: &[Participant],
    bad: Style,
) {
    let (a, b) = (g.lanes[o.lanes.0], g.lanes[o.lanes.1]);
    let (lo, hi) = (a.min(b), a.max(b));
    let (x, _) = bend(g, o.lanes, o.label);
    cell(buf, area, x, o.y, "✗", bad);
    let mut lost = String::from("lost");
    if o.down {
        lost.push_str(&format!(": {} down", lanes[o.lanes.1].name()));
    }
    let (right, left) = (hi.saturating_sub(x + 3), x.saturating_sub(lo + 3));
    let room = usize::from(right.max(left)).saturating_sub(str_width(&lost) + 1);
    let text = match o.repeat.then(|| named_again(o.label, room)).flatten() {
        Some(what) => format!("{what} {lost}"),
        None => lost,
    };
    let w = width16(&text);
    if w <= right || right >= left {
        put(
            buf,
            area,
            x + 2,
            o.y,
            hi - 1,
            &fit(&text, usize::from(right)),
            bad,
        );
    } else {
        let text = fit(&text, usize::from(left));
        let start = x.saturating_sub(1).saturating_sub(width16(&text));
        put(buf, area, start, o.y, x.saturating_sub(1), &text, bad);
    }
}

/// A tick on lifeline `lane` with its label right of it, always (a label left of the server's
/// lifeline would read as something on the network); cut with `…` when short of room. `bars`
/// activation bars beside the lifeline come first (see [`super::bars`]). A blank cell stays
/// after the label, before the next lifeline or the area's edge: in a compare, the last lane's
/// labels never touch the other side's column.
pub fn on_lane(
    g: &Geometry,
    area: Rect,
    buf: &mut Buffer,
    at: (usize, u16, u16),
    label: &str,
    s: Style,
) {
    let (lane, y, bars) = at;
    let x = g.lanes[lane];
    let right_end = g
        .lanes
        .get(lane + 1)
        .copied()
        .unwrap_or(area.right())
        .saturating_sub(1);
    let start = x.saturating_add(2).saturating_add(bars);
    let right = right_end.saturating_sub(start);
    cell(buf, area, x, y, "├", Style::new());
    put(buf, area, start, y, right_end, &cut(label, right), s);
}

/// `label` in `room` cells: cut with `…`, but `● effect msg 1 ×2 ✗ duplicate` keeps its mark
/// (`● eff… ✗ duplicate`), which is what the row is there to say.
fn cut(label: &str, room: u16) -> Cow<'_, str> {
    let tail = width16(DUPLICATE);
    match label.strip_suffix(DUPLICATE) {
        Some(head) if width16(label) > room && room >= tail + 2 => Cow::Owned(format!(
            "{}{DUPLICATE}",
            fit(head, usize::from(room - tail))
        )),
        _ => fit(label, usize::from(room)),
    }
}

/// The dotted line under each message still travelling at some row on screen; drawn before
/// the rows, which draw over it.
pub fn connectors(f: &Frame, g: &Geometry, area: Rect, buf: &mut Buffer) {
    let trace = &f.d.run.trace;
    for (d, ev) in trace.iter().enumerate().take(f.step) {
        let Shape::Depart { from, to } = shape(ev, f.d.lanes) else {
            continue;
        };
        let last = f.links.partner[d].map_or(f.step, |o| o - 1);
        if last <= d {
            continue;
        }
        let (x, _) = bend(g, (from, to), &sanitize(message_label(ev)));
        for i in d + 1..=last {
            if let Some(y) = f.y(i) {
                cell(buf, area, x, y, "┊", f.d.theme.dim);
            }
        }
    }
}
