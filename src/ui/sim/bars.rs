//! Activation bars: work in progress on a lifeline, drawn for its whole duration. A server
//! (or consumer) that starts on an attempt (`process #1`, or an atomic store claiming the key)
//! is busy with it until it answers that attempt or crashes; every row in between draws the
//! lifeline heavy (`┃`) and, where the row has nothing else to say right of the lane, the
//! attempt it belongs to (`┃ #1`). Overlapping attempts draw one bar each (`┃┃ #1 #2`), so the
//! concurrency scenario shows attempt 1 still in progress while attempt 2 arrives. Bars are
//! read from the trace up to the current step only: one still open runs to the current row.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::diagram::Frame;
use super::draw::{cell, put, width16};
use super::lanes::Geometry;
use super::{fold, rows::Shape, rows::shape};
use crate::sim::{Change, KeyState, Kind, Participant, TraceEvent};

/// The bars open at each step up to the current one: `(lane, attempt)`, oldest first. A bar is
/// open on the row that starts it and on the row that ends it.
#[must_use]
pub fn open(trace: &[TraceEvent], step: usize, lanes: &[Participant]) -> Vec<Vec<(usize, u32)>> {
    let end = step.saturating_add(1).min(trace.len());
    let mut out = Vec::with_capacity(end);
    let mut now: Vec<(usize, u32)> = Vec::new();
    for ev in &trace[..end] {
        let lane = lanes.iter().position(|p| *p == ev.from);
        if let (Some(lane), Some(n), Shape::OnLane { .. }) = (lane, ev.attempt, shape(ev, lanes))
            && starts(ev)
            && !now.contains(&(lane, n))
        {
            now.push((lane, n));
        }
        out.push(now.clone());
        match (lane, ev.kind) {
            (Some(lane), Kind::Crash) => now.retain(|b| b.0 != lane),
            (Some(lane), Kind::Send) if ev.from != ev.to => {
                now.retain(|b| *b != (lane, ev.attempt.unwrap_or(0)));
            }
            _ => {}
        }
    }
    out
}

/// Work starts: processing an attempt, or an atomic store claiming its key.
fn starts(ev: &TraceEvent) -> bool {
    match ev.kind {
        Kind::Process => true,
        Kind::Store => ev.changes.iter().any(
            |c| matches!(c, Change::Key { row: Some(r), .. } if r.state == KeyState::InFlight),
        ),
        _ => false,
    }
}

/// How many bars lane `lane` has open beside the first (which is drawn on the lifeline): a
/// label on the lane starts after them.
#[must_use]
pub fn extra(open: &[(usize, u32)], lane: usize) -> u16 {
    let n = open.iter().filter(|b| b.0 == lane).count();
    u16::try_from(n.saturating_sub(1)).unwrap_or(u16::MAX)
}

/// Draws the bars over the rows already drawn: the lifeline's cell turns heavy, further bars
/// take the blank cells right of it, and a blank stretch after them names the attempts.
pub fn draw(f: &Frame, g: &Geometry, area: Rect, buf: &mut Buffer, open: &[Vec<(usize, u32)>]) {
    let dim = f.d.theme.dim;
    for (line, y) in f.lines.iter().zip(f.y0..) {
        let i = match *line {
            fold::Line::Step { i, .. } => i,
            fold::Line::Fold { last, .. } => last,
        };
        let Some(bars) = open.get(i) else { continue };
        for (lane, &x) in g.lanes.iter().enumerate() {
            let mine: Vec<u32> = bars.iter().filter(|b| b.0 == lane).map(|b| b.1).collect();
            if mine.is_empty() || !area.contains((x, y).into()) {
                continue;
            }
            let heavy = match buf[(x, y)].symbol() {
                "│" => "┃",
                "├" => "┣",
                "┤" => "┫",
                _ => continue,
            };
            let style = buf[(x, y)].style();
            cell(buf, area, x, y, heavy, style);
            let mut end = x + 1;
            for _ in 1..mine.len() {
                if end < area.right() && buf[(end, y)].symbol() == " " {
                    cell(buf, area, end, y, "┃", dim);
                }
                end += 1;
            }
            let words: Vec<String> = mine.iter().map(|n| format!("#{n}")).collect();
            let label = words.join(" ");
            let limit = g.lanes.get(lane + 1).map_or(area.right(), |n| n - 1);
            let w = width16(&label) + 1;
            let blank =
                (end..end.saturating_add(w + 1).min(limit)).all(|c| buf[(c, y)].symbol() == " ");
            if blank && end + w < limit {
                put(buf, area, end + 1, y, limit, &label, dim);
            }
        }
    }
}
