//! The knob line under the player's header: each knob the learner can flip with its key, name
//! and value (`k key: none · f store: atomic · d drop 1st response: on · n random loss: 0%`),
//! changed values underlined, and the knobs a goal locks dim, without a key, marked locked.
//!
//! Every knob keeps its name at every width, because a bare `on` says nothing: when the line is
//! too wide it takes short names (`drop: on`), then a lock mark for `(locked)` (`🔒`, explained
//! by the `?` legend), then a second row, never splitting one knob across rows.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::app::{App, Knob, Player};
use crate::text::width::str_width;

/// What stands after a locked knob's value: `(locked)`, or [`LOCK`] when space is short.
const LOCKED: &str = " (locked)";
/// The lock mark; `legend.rs` explains it.
pub const LOCK: &str = "🔒";

/// Rows the knob line takes at most before it gives up on fitting (60 columns need two).
const MAX_ROWS: usize = 3;

/// The knob line in rows of at most `width` columns: one row when some wording fits in it,
/// else the fewest rows; full names and `(locked)` are preferred at the same number of rows.
#[must_use]
pub fn knob_lines(app: &App, p: &Player, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let wordings = [
        (Names::Full, LOCKED),
        (Names::Short, LOCKED),
        (Names::Full, LOCK),
        (Names::Short, LOCK),
    ];
    for rows in 1..=MAX_ROWS {
        for (names, lock) in wordings {
            let lines = fit(items(app, p, names, lock), width);
            if lines.len() <= rows {
                return lines;
            }
        }
    }
    fit(items(app, p, Names::Short, LOCK), width)
}

#[derive(Clone, Copy)]
enum Names {
    Full,
    Short,
}

/// One knob (or the guess) on the line: what joins it to the one before when both share a
/// row (` · `, or in a compare ` │ side 1: `), what starts a row with it, and its own spans.
struct Item {
    join: Vec<Span<'static>>,
    lead: Vec<Span<'static>>,
    body: Vec<Span<'static>>,
}

fn spans_width(spans: &[Span<'_>]) -> usize {
    spans.iter().map(|s| str_width(&s.content)).sum()
}

/// Lays the items out in rows of `width` columns, a knob never split; a row starts with a
/// space (the line's margin).
fn fit(items: Vec<Item>, width: usize) -> Vec<Line<'static>> {
    let mut rows: Vec<Vec<Span<'static>>> = Vec::new();
    for item in items {
        let fits = rows.last().is_some_and(|row| {
            spans_width(row) + spans_width(&item.join) + spans_width(&item.body) <= width
        });
        match rows.last_mut() {
            Some(row) if fits => {
                row.extend(item.join);
                row.extend(item.body);
            }
            _ => {
                let mut row = vec![Span::raw(" ")];
                row.extend(item.lead);
                row.extend(item.body);
                rows.push(row);
            }
        }
    }
    if rows.is_empty() {
        rows.push(vec![Span::raw(" ")]);
    }
    rows.into_iter().map(Line::from).collect()
}

fn items(app: &App, p: &Player, names: Names, lock: &str) -> Vec<Item> {
    let t = &app.theme;
    let model = p.main.scenario.model;
    let name = |k: Knob| match names {
        Names::Full => k.name(model),
        Names::Short => k.short_name(model),
    };
    // The side Tab picked: its values, and in a compare its number.
    let s = &p.addressed_side().scenario;
    let design = format!("side {}: ", p.addressed() + 1);
    let mut out = Vec::new();
    let mut prev: Option<Knob> = None;
    // A knob that changes nothing in this run (`on conflict` of an `UPDATE SET`) is left out.
    for knob in Knob::ALL.into_iter().filter(|k| k.matters(s)) {
        // In a compare, design knobs change the side Tab picked and network knobs change both
        // (as `Player::toggle` applies them): each group says which.
        let group = prev.is_none_or(|k| k.is_network() != knob.is_network());
        let applies = if knob.is_network() { "both: " } else { &design };
        let labelled = p.compare && group;
        let lead = if labelled {
            vec![Span::styled(applies.to_owned(), t.dim)]
        } else {
            Vec::new()
        };
        let join = match (prev, labelled) {
            (Some(_), true) => vec![Span::styled(format!(" │ {applies}"), t.dim)],
            (None, _) => lead.clone(),
            (Some(_), false) => vec![Span::styled(" · ", t.dim)],
        };
        prev = Some(knob);
        let body = if p.locked_here(knob) {
            // A goal fixes it: shown with its name, but dim and marked, with no key to press.
            let mark = if lock == LOCK {
                format!(" {LOCK}")
            } else {
                lock.to_owned()
            };
            vec![Span::styled(
                format!("{}: {}{mark}", name(knob), knob.value(s)),
                t.dim,
            )]
        } else {
            let changed = knob.value(s) != knob.value(p.addressed_original());
            let style = if changed {
                Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
            } else {
                Style::new().add_modifier(Modifier::BOLD)
            };
            vec![
                Span::styled(knob.key(), t.key),
                Span::raw(format!(" {}: ", name(knob))),
                Span::styled(knob.value(s), style),
            ]
        };
        out.push(Item { join, lead, body });
    }
    if p.predict {
        let guess = match p.guess {
            Some(g) => format!("guess {g}"),
            None => "predict on".into(),
        };
        out.push(Item {
            join: vec![Span::styled(" · ", t.dim)],
            lead: Vec::new(),
            body: vec![Span::raw(guess)],
        });
    }
    out
}
