//! The diagram when its lanes do not fit: one line per step, `time who label`, with the same
//! symbols as the lanes (`▶` lands, `✗` lost) so a very narrow terminal still tells the story.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::diagram::{Frame, time_label};
use super::draw::{fit, put};
use super::fold;
use super::rows::{Shape, Tone, lane_label, message_label, shape};
use crate::sim::{Kind, Participant};
use crate::text::sanitize;

/// Three letters per participant.
fn abbrev(p: Participant) -> &'static str {
    match p {
        Participant::User => "usr",
        Participant::Client => "cli",
        Participant::Server => "srv",
        Participant::Producer => "pro",
        Participant::Broker => "brk",
        Participant::Consumer => "con",
        Participant::Db => "db",
    }
}

pub fn draw(f: &Frame, area: Rect, buf: &mut Buffer) {
    let theme = f.d.theme;
    let trace = &f.d.run.trace;
    let gutter = area.width >= 30;
    if area.height > 1 {
        let head = if gutter {
            "     ms who     what"
        } else {
            "who     what"
        };
        put(buf, area, area.x, area.y, area.right(), head, theme.dim);
    }
    for (line, y) in f.lines.iter().zip(f.y0..) {
        let i = match *line {
            fold::Line::Step { i, .. } => i,
            fold::Line::Fold { first, last } => {
                let x = area.x + if gutter { 8 } else { 1 };
                put(
                    buf,
                    area,
                    x,
                    y,
                    area.right(),
                    &f.fold_label(first, last),
                    theme.dim,
                );
                continue;
            }
        };
        let ev = &trace[i];
        // The mark column, a space, then the time (as in the diagram's gutter).
        let mut x = area.x + if gutter { 2 } else { 1 };
        if gutter && f.new_time(i) {
            let t = time_label(ev.t_ms);
            put(buf, area, x, y, area.right(), &format!("{t:>5}"), theme.dim);
        }
        if gutter {
            x += 6;
        }
        let who = if ev.from == ev.to {
            abbrev(ev.from).to_owned()
        } else {
            format!("{}→{}", abbrev(ev.from), abbrev(ev.to))
        };
        put(buf, area, x, y, area.right(), &who, theme.dim);
        x = x.saturating_add(8);
        let (text, tone) = match shape(ev, f.d.lanes) {
            Shape::OnLane { .. } => {
                let (l, t) = lane_label(ev, f.d.run.model);
                (l.into_owned(), t)
            }
            Shape::Arrive { .. } | Shape::Lost { .. } => {
                let dep = f.links.partner.get(i).copied().flatten();
                let what = dep.map_or("", |d| message_label(&trace[d]));
                if ev.kind == Kind::Drop {
                    // What was lost first: one event (`✗ 201 lost`), not two (`lost · 201`).
                    let sep = if what.is_empty() { "" } else { " " };
                    (format!("✗ {what}{sep}lost"), Tone::Bad)
                } else {
                    (format!("▶ {what} arrives"), Tone::Plain)
                }
            }
            _ => (message_label(ev).to_owned(), Tone::Plain),
        };
        let room = usize::from(area.right().saturating_sub(x));
        put(
            buf,
            area,
            x,
            y,
            area.right(),
            &fit(&sanitize(&text), room),
            f.tone(tone),
        );
    }
}
