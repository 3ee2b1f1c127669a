//! One probe check's history as a compact sequence diagram: client lanes on the left (one per
//! concurrent connection), the server's lifeline on the right, time flowing down, one row per
//! request and one per outcome.
//!
//! ```text
//!   t+ms c0 c1                                                      server
//!    0ms ├── POST /charges key=f6232310-5104… ─────────────────────────▶│
//!    0ms │  ├── POST /charges key=f6232310-5104… ──────────────────────▶│
//!   52ms ├◀── 201 ch_0003 · 52ms ──────────────────────────────────────┤
//!   53ms │  ├◀── 201 ch_0004 · 53ms ───────────────────────────────────┤
//!   60ms ├── POST /charges key=7e7ec627-55d0… ─────────────────────────▶│
//!   60ms ├✗╌╌ dropped: answer never read (may have happened) ╌╌╌╌╌╌╌╌╌╌│
//! ```
//!
//! Not the simulator's `Diagram`: that one draws a simulated `Run` (participants, network
//! steps, a database lane, virtual time) and the probe only knows what crossed the wire, so it
//! would have to invent a model to feed it. This is the same picture reduced to what was seen.
//! Every label starts with a status or a symbol (`✗` no answer), so it reads without colour.
//! Wider than the space? More lanes than fit fold into one `clients` lane and each label
//! names its connection (`#3`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::app::probe::DiagramRow;
use crate::probe::{Exchange, Sent, exchange::abbreviate};
use crate::theme::Theme;

/// Time gutter: `12.3s` and a space.
const GUTTER: u16 = 7;
/// Columns between two client lanes.
const LANE_W: u16 = 3;
/// Least room an arrow's label needs.
const LABEL_ROOM: u16 = 30;

/// `97ms`, `1.07s`, `12.3s`, `125s`: at most five cells.
#[must_use]
pub fn time_label(ms: u64) -> String {
    match ms {
        0..1_000 => format!("{ms}ms"),
        1_000..10_000 => format!("{}.{:02}s", ms / 1000, ms % 1000 / 10),
        10_000..100_000 => format!("{}.{}s", ms / 1000, ms % 1000 / 100),
        _ => format!("{}s", (ms / 1000).min(99_999)),
    }
}

/// The words on a row's arrow.
#[must_use]
pub fn label(row: &DiagramRow<'_>, folded: bool) -> String {
    let ex = row.ex;
    let conn = if folded {
        format!("#{} ", ex.lane)
    } else {
        String::new()
    };
    if !row.answer {
        let key = ex.key.as_deref().map_or_else(
            || "no key".to_owned(),
            |k| format!("key={}", abbreviate(k, 14)),
        );
        return match &ex.outcome {
            Sent::NotSent { reason } => {
                format!("{conn}✗ not sent: {}", abbreviate(reason, 60))
            }
            _ => format!(
                "{conn}{} {} {key}",
                abbreviate(&ex.method, 8),
                abbreviate(&ex.path, 30)
            ),
        };
    }
    let took = time_label(ex.dur_ms);
    match &ex.outcome {
        Sent::Response(r) => {
            let mut s = format!("{conn}{}", r.status);
            if r.says_replayed() {
                s.push_str(" replayed");
            }
            if let Some(id) = r.json_id() {
                s.push(' ');
                s.push_str(&abbreviate(&id, 20));
            }
            if let Some(ra) = &r.retry_after {
                s.push_str(" Retry-After: ");
                s.push_str(&abbreviate(ra, 8));
            }
            format!("{s} · {took}")
        }
        Sent::Dropped => format!("{conn}dropped: answer never read (may have happened)"),
        Sent::NoResponse { reason } => {
            format!("{conn}no answer: {} · {took}", abbreviate(reason, 40))
        }
        Sent::NotSent { .. } => String::new(),
    }
}

/// Draws `rows[scroll..]` into `area`, lane names on its first line.
pub fn render(rows: &[DiagramRow<'_>], scroll: usize, t: &Theme, area: Rect, buf: &mut Buffer) {
    if area.height < 2 || area.width < GUTTER + LABEL_ROOM {
        return;
    }
    if rows.is_empty() {
        buf.set_stringn(
            area.x,
            area.y,
            "This check sent no request (see the reason above).",
            usize::from(area.width),
            Style::new(),
        );
        return;
    }
    let lanes = rows.iter().map(|r| r.ex.lane).max().unwrap_or(0) + 1;
    let server_x = area.x + area.width - 2;
    let room = server_x.saturating_sub(area.x + GUTTER);
    let fits = u16::try_from(lanes)
        .ok()
        .and_then(|n| n.checked_mul(LANE_W))
        .is_some_and(|w| w + LABEL_ROOM <= room);
    let folded = !fits;
    let lane_x = |lane: usize| -> u16 {
        if folded {
            area.x + GUTTER
        } else {
            area.x + GUTTER + u16::try_from(lane).unwrap_or(0) * LANE_W
        }
    };
    // Lane names.
    buf.set_string(area.x, area.y, "  t+ms", t.dim);
    // Times from the check's first request: what a reader compares is the gaps.
    let base = rows.iter().map(|r| r.at_ms).min().unwrap_or(0);
    if folded {
        buf.set_string(lane_x(0), area.y, format!("clients ({lanes})"), t.title);
    } else {
        for l in 0..lanes {
            buf.set_string(lane_x(l), area.y, format!("c{l}"), t.title);
        }
    }
    buf.set_string(server_x.saturating_sub(5), area.y, "server", t.title);
    let shown = usize::from(area.height - 1);
    for (i, row) in rows.iter().skip(scroll).take(shown).enumerate() {
        let y = area.y + 1 + u16::try_from(i).unwrap_or(0);
        draw_row(row, base, folded, lanes, &lane_x, server_x, y, t, area, buf);
    }
}

#[allow(clippy::too_many_arguments)]
fn draw_row(
    row: &DiagramRow<'_>,
    base: u64,
    folded: bool,
    lanes: usize,
    lane_x: &dyn Fn(usize) -> u16,
    server_x: u16,
    y: u16,
    t: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let ex: &Exchange = row.ex;
    let time = time_label(row.at_ms - base);
    buf.set_string(area.x + GUTTER - 1 - width(&time), y, &time, t.dim);
    // Lifelines.
    for l in 0..if folded { 1 } else { lanes } {
        buf.set_string(lane_x(l), y, "│", t.border);
    }
    buf.set_string(server_x, y, "│", t.border);
    let from = lane_x(if folded { 0 } else { ex.lane });
    let text = label(row, folded);
    let (fill, start, end, style) = match (&ex.outcome, row.answer) {
        (Sent::NotSent { .. }, _) => (' ', "├", "", t.warn),
        (_, false) => ('─', "├", "▶", Style::new()),
        (Sent::Response(r), true) if r.status >= 400 => ('─', "├◀", "┤", t.reading),
        (Sent::Response(_), true) => ('─', "├◀", "┤", t.done),
        (_, true) => ('╌', "├✗", "╌", t.warn),
    };
    let mut x = from;
    buf.set_string(x, y, start, style);
    x += width(start);
    // An answer leaves the server's lifeline (`┤` on it); a request ends at it (`▶│`).
    let on_server = matches!((&ex.outcome, row.answer), (Sent::Response(_), true));
    let arrow_end = if on_server {
        server_x
    } else {
        server_x.saturating_sub(width(end))
    };
    while x < arrow_end {
        buf.set_string(x, y, fill.to_string(), style);
        x += 1;
    }
    if !end.is_empty() {
        buf.set_string(arrow_end, y, end, style);
    }
    // The label sits on the arrow, a little after its start.
    let lx = from + width(start) + 2;
    let room = usize::from(arrow_end.saturating_sub(lx + 1));
    let shown = abbreviate(&text, room.saturating_sub(2));
    buf.set_stringn(lx, y, format!(" {shown} "), room, style);
}

fn width(s: &str) -> u16 {
    u16::try_from(crate::text::width::str_width(s)).unwrap_or(u16::MAX)
}
