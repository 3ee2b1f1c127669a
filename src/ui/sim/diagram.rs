//! The sequence diagram: one lifeline per participant, time flowing down, one row per step.
//!
//! A message takes two rows, because it takes time: its departure row draws the arrow leaving
//! the sender with its label, as far as a bend (`├─ POST /charges #1 ─╮`), and the row of its
//! outcome finishes it: `╰───▶` into the receiver when it is delivered, or `✗ lost` right under
//! the bend when the network loses it. While it travels a dotted `┊` hangs from the bend down
//! to the current step. When the two steps are adjacent the halves read as one slanted arrow,
//! which is what a sequence diagram with latency looks like. Nothing is drawn for steps after
//! the current one, so an arrow is never shown landing (or lost) before that step is reached.
//!
//! Events on one lifeline are a tick and a few words (`├ ● charge #2`, `├ ⋮ wait 72ms`,
//! `┤ ✗ CRASH`); every label starts with a symbol so meaning survives without colour. A crashed
//! participant's lifeline is broken (`╎`) until it restarts. Work in progress draws an
//! activation bar on its lane (`┃ #1`, two side by side when attempts overlap: [`bars`]).
//!
//! The current step is the last row drawn, highlighted; when the rows do not fit, uneventful
//! rows fold (`⋮ 3 rows`) so the rows that make the verdict stay on screen ([`fold`]). The
//! learner can scroll back (`up` steps), and a step follows the current row again. When narrow, lifelines close up and labels are cut with `…`,
//! then the time gutter goes; below that (or with no lanes) each step is one line of text.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;

use super::draw::{cell, fit, put, put_line};
use super::lanes::{Geometry, geometry};
use super::rows::{Links, Shape, Tone, bit, lane_label, link, message_label, shape};
use super::{arrows, bars, fold, list};
use crate::keymap::{Action, Context, key_label};
use crate::sim::{Participant, Run};
use crate::text::sanitize;
use crate::theme::Theme;

/// A run's trace up to `step`, one lifeline per lane.
pub struct Diagram<'a> {
    pub run: &'a Run,
    /// The current step (index into `run.trace`); later steps are not shown (no spoilers).
    pub step: usize,
    /// Lifelines left to right: `run.participants()`, or in a compare the union of both runs'.
    pub lanes: &'a [Participant],
    /// A step to flag (the first divergence in a compare), shown once it is reached.
    pub mark: Option<usize>,
    /// Steps the view is scrolled up from the current one; 0 follows it (see [`fold`]).
    pub up: usize,
    pub theme: &'a Theme,
}

/// `97`, `1257`, `99999`: milliseconds, as the narration and the header say them (`1257 ms`),
/// under a gutter headed `ms`; one format, never cut (1257 ms is `1257`, not `1.25s`). Past
/// five digits (100 s and more, which no bundled run reaches) whole seconds, minutes or hours
/// with their unit (`125s`, `42m`, `30h`), never rounded up.
#[must_use]
pub fn time_label(ms: u64) -> String {
    match ms {
        0..100_000 => ms.to_string(),
        100_000..1_000_000 => format!("{}s", ms / 1000),
        1_000_000..60_000_000 => format!("{}m", ms / 60_000),
        _ => format!("{}h", (ms / 3_600_000).min(9_999)),
    }
}

/// What a frame needs besides the widget's fields.
pub(super) struct Frame<'a> {
    pub d: &'a Diagram<'a>,
    pub links: Links,
    pub step: usize,
    /// The body's lines, top to bottom (see [`fold`]).
    pub lines: Vec<fold::Line>,
    /// Row of the first line.
    pub y0: u16,
    /// For each step up to `step`: the row it is drawn on (its own, or its fold's line).
    rows: Vec<Option<u16>>,
    /// For each step up to `step`: whether it has a row of its own.
    own: Vec<bool>,
    /// For each step up to `step`: the activation bars open on it (see [`bars`]).
    pub bars: Vec<Vec<(usize, u32)>>,
}

impl<'a> Frame<'a> {
    fn new(d: &'a Diagram<'a>, step: usize, body: usize, y0: u16) -> Self {
        let lines = fold::plan(&d.run.trace, step, body, d.up);
        let mut rows = vec![None; step + 1];
        let mut own = vec![false; step + 1];
        for (line, y) in lines.iter().zip(y0..) {
            match *line {
                fold::Line::Step { i, .. } => {
                    rows[i] = Some(y);
                    own[i] = true;
                }
                fold::Line::Fold { first, last } => rows[first..=last].fill(Some(y)),
            }
        }
        Self {
            d,
            links: link(&d.run.trace, step),
            bars: bars::open(&d.run.trace, step, d.lanes),
            step,
            lines,
            y0,
            rows,
            own,
        }
    }

    /// The row step `i` is drawn on: its own, or the line it is folded into.
    pub fn y(&self, i: usize) -> Option<u16> {
        self.rows.get(i).copied().flatten()
    }

    /// Whether step `i` has a row of its own.
    pub fn visible(&self, i: usize) -> bool {
        self.own.get(i).copied().unwrap_or(false)
    }

    /// Whether step `i` starts a new moment on screen: the time gutter names it.
    pub fn new_time(&self, i: usize) -> bool {
        let trace = &self.d.run.trace;
        i == 0 || !self.visible(i - 1) || trace[i - 1].t_ms != trace[i].t_ms
    }

    /// `⋮ 3 rows`, or for the rows under a scrolled view `⋮ 3 rows below · ↓`.
    pub fn fold_label(&self, first: usize, last: usize) -> String {
        let n = last + 1 - first;
        let rows = if n == 1 { "row" } else { "rows" };
        if last == self.step {
            let down = key_label(Context::Sim, Action::Down);
            format!("⋮ {n} {rows} below · {down}")
        } else {
            format!("⋮ {n} {rows}")
        }
    }

    pub fn tone(&self, tone: Tone) -> Style {
        let t = self.d.theme;
        match tone {
            Tone::Plain => Style::new(),
            Tone::Effect => t.key.add_modifier(Modifier::BOLD),
            Tone::Good => t.done,
            Tone::Bad => t.warn.add_modifier(Modifier::BOLD),
            Tone::Quiet => t.dim,
        }
    }
}

impl Widget for Diagram<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        let trace = &self.run.trace;
        if trace.is_empty() {
            put_line(buf, area, area.y, "no events", self.theme.dim);
            return;
        }
        let step = self.step.min(trace.len() - 1);
        // With a single row, the current step matters more than the lane names.
        let header = area.height > 1;
        let body = usize::from(area.height - u16::from(header));
        let f = Frame::new(&self, step, body, area.y + u16::from(header));
        match geometry(area, &self) {
            Some(g) => {
                if header {
                    draw_header(&f, &g, area, buf);
                }
                // Dots first: a row's own text and lines are drawn over them.
                arrows::connectors(&f, &g, area, buf);
                for (line, y) in f.lines.iter().zip(f.y0..) {
                    match *line {
                        fold::Line::Step { i, .. } => draw_row(&f, &g, area, buf, i),
                        fold::Line::Fold { first, last } => {
                            draw_fold(&f, &g, area, buf, y, (first, last));
                        }
                    }
                }
                bars::draw(&f, &g, area, buf, &f.bars);
            }
            None => list::draw(&f, area, buf),
        }
        folded_marks(&f, area, buf);
        highlight(&f, area, buf);
    }
}

/// A fold's line: the lifelines go on, and `⋮ 3 rows` sits in the time gutter (or, without
/// room there, beside the first lifeline).
fn draw_fold(f: &Frame, g: &Geometry, area: Rect, buf: &mut Buffer, y: u16, run: (usize, usize)) {
    let theme = f.d.theme;
    let down = f.links.down.get(run.1).copied().unwrap_or(0);
    for (&x, &p) in g.lanes.iter().zip(f.d.lanes) {
        let line = if down & bit(p) == 0 { "│" } else { "╎" };
        cell(buf, area, x, y, line, theme.dim);
    }
    let label = f.fold_label(run.0, run.1);
    let first = g.lanes.first().copied().unwrap_or(area.right());
    let w = super::draw::width16(&label);
    if area.x + 1 + w < first {
        put(buf, area, area.x + 1, y, first, &label, theme.dim);
    } else {
        // Cut with `…` before the next lifeline (`⋮ 4 rows b…`, never `⋮ 4 rows b`).
        let end = g.lanes.get(1).map_or(area.right(), |n| n.saturating_sub(1));
        let room = usize::from(end.saturating_sub(first + 2));
        put(buf, area, first + 2, y, end, &fit(&label, room), theme.dim);
    }
}

/// `⋮` in the mark column of a row with folded steps right above it and no line for them.
fn folded_marks(f: &Frame, area: Rect, buf: &mut Buffer) {
    for (line, y) in f.lines.iter().zip(f.y0..) {
        if let fold::Line::Step { folded_above, .. } = *line
            && folded_above > 0
        {
            cell(buf, area, area.x, y, "⋮", f.d.theme.dim);
        }
    }
}

fn draw_header(f: &Frame, g: &Geometry, area: Rect, buf: &mut Buffer) {
    let theme = f.d.theme;
    if g.gutter {
        put(buf, area, area.x + 2, area.y, g.x0, "   ms", theme.dim);
    }
    let bold = Style::new().add_modifier(Modifier::BOLD);
    for (p, &x) in f.d.lanes.iter().zip(&g.lanes) {
        let name = p.name();
        let w = u16::try_from(name.len()).unwrap_or(0);
        put(
            buf,
            area,
            x.saturating_sub(w / 2),
            area.y,
            area.right(),
            name,
            bold,
        );
    }
}

fn draw_row(f: &Frame, g: &Geometry, area: Rect, buf: &mut Buffer, i: usize) {
    let Some(y) = f.y(i) else { return };
    let ev = &f.d.run.trace[i];
    let theme = f.d.theme;
    // A dead participant's lifeline is broken until it restarts.
    let down = f.links.down.get(i).copied().unwrap_or(0);
    for (&x, &p) in g.lanes.iter().zip(f.d.lanes) {
        let line = if down & bit(p) == 0 { "│" } else { "╎" };
        cell(buf, area, x, y, line, theme.dim);
    }
    if g.gutter && f.new_time(i) {
        let t = time_label(ev.t_ms);
        let w = u16::try_from(t.len()).unwrap_or(0);
        put(
            buf,
            area,
            (g.x0 - 1).saturating_sub(w),
            y,
            g.x0,
            &t,
            theme.dim,
        );
    }
    let sh = shape(ev, f.d.lanes);
    match sh {
        Shape::OnLane { lane } => {
            let (label, tone) = lane_label(ev, f.d.run.model);
            let extra = f.bars.get(i).map_or(0, |b| bars::extra(b, lane));
            let at = (lane, y, extra);
            arrows::on_lane(g, area, buf, at, &sanitize(&label), f.tone(tone));
        }
        Shape::Depart { from, to } | Shape::Instant { from, to } => {
            let instant = matches!(sh, Shape::Instant { .. });
            let label = sanitize(message_label(ev));
            arrows::depart(g, area, buf, (from, to), y, &label, instant);
        }
        Shape::Arrive { from, to } | Shape::Lost { from, to } => {
            let lost = matches!(sh, Shape::Lost { .. });
            let dep = f.links.partner.get(i).copied().flatten();
            let label = dep.map(|d| sanitize(message_label(&f.d.run.trace[d])));
            let out = arrows::Outcome {
                lanes: (from, to),
                y,
                label: label.as_deref().unwrap_or(""),
                // The departure row on screen already names the message.
                repeat: dep.is_none_or(|d| !f.visible(d)),
                down: lost && f.links.to_down.get(i).copied().unwrap_or(false),
            };
            if lost {
                arrows::lost(g, area, buf, &out, f.d.lanes, f.tone(Tone::Bad));
            } else {
                arrows::arrive(g, area, buf, &out, theme.dim);
            }
        }
        Shape::Loose => {
            let text = format!("{}→{} {}", ev.from.name(), ev.to.name(), message_label(ev));
            put(
                buf,
                area,
                g.x0,
                y,
                area.right(),
                &sanitize(&text),
                theme.dim,
            );
        }
    }
}

/// The current row in the selection style, and the divergence mark once reached.
fn highlight(f: &Frame, area: Rect, buf: &mut Buffer) {
    let theme = f.d.theme;
    if let Some(y) = f.y(f.step) {
        buf.set_style(Rect::new(area.x, y, area.width, 1), theme.selected);
    }
    let Some(m) = f.d.mark.filter(|&m| f.visible(m)) else {
        return;
    };
    let Some(y) = f.y(m) else { return };
    let style = theme.warn.add_modifier(Modifier::BOLD);
    cell(buf, area, area.x, y, "◆", style);
    // A blank cell after the word: in a compare it never touches the other side's column.
    let word = " ◆ diverges";
    let w = u16::try_from(word.chars().count()).unwrap_or(0);
    let x = area.right().saturating_sub(w + 1);
    if x > area.x + 1 && (x..area.right()).all(|c| buf[(c, y)].symbol() == " ") {
        put(buf, area, x, y, area.right().saturating_sub(1), word, style);
    }
}

#[cfg(test)]
mod tests {
    use super::time_label;

    #[test]
    fn times_are_milliseconds_in_five_cells_never_rounded_up() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1_000, "1000"),
            (1_257, "1257"),
            (9_999, "9999"),
            (12_345, "12345"),
            (99_999, "99999"),
            (100_000, "100s"),
            (999_999, "999s"),
            (1_000_000, "16m"),
            (59_999_999, "999m"),
            (60_000_000, "16h"),
            (u64::MAX, "9999h"),
        ];
        for (ms, want) in cases {
            assert_eq!(time_label(ms), want);
        }
        for ms in (0..40_000_000_000u64).step_by(9_999_991) {
            assert!(time_label(ms).len() <= 5, "{ms}");
        }
    }
}
