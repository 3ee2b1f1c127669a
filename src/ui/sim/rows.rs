//! What each trace event becomes in the sequence diagram, before any geometry: its shape (a
//! message leaving, landing or lost; something on one lifeline), a short label with a symbol and
//! a word (so meaning never rests on colour), and a tone for styling. The player's narration
//! line shows the full sentence; these labels stay a few words long.
//!
//! [`link`] pairs each message's departure (`send`, `publish`, `redeliver`) with its outcome
//! (`deliver` or `drop`, same sender, receiver and attempt), looking only at steps up to the
//! current one, so nothing after it can leak into the picture.

use std::borrow::Cow;

use crate::sim::Model;
use crate::sim::{Change, KeyState, Kind, Participant, TraceEvent};

/// Where an event sits, by lane index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A message leaves `from` for `to`.
    Depart { from: usize, to: usize },
    /// A message reaches `to`.
    Arrive { from: usize, to: usize },
    /// A message never arrives.
    Lost { from: usize, to: usize },
    /// A message that arrives in the same step (the user submitting a form).
    Instant { from: usize, to: usize },
    /// Something on one lifeline.
    OnLane { lane: usize },
    /// Someone who is not among the lanes: drawn as text only.
    Loose,
}

/// How a label is styled; the symbol in the label already says the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    /// A committed side effect: what the lesson counts.
    Effect,
    /// A duplicate stopped, a request done.
    Good,
    /// Something lost, a crash, a refusal.
    Bad,
    /// Noise: a late answer nobody waits for.
    Quiet,
}

/// The shape of `ev` among `lanes`.
#[must_use]
pub fn shape(ev: &TraceEvent, lanes: &[Participant]) -> Shape {
    let at = |p: Participant| lanes.iter().position(|l| *l == p);
    let (Some(from), Some(to)) = (at(ev.from), at(ev.to)) else {
        return Shape::Loose;
    };
    if from == to {
        return Shape::OnLane { lane: from };
    }
    match ev.kind {
        Kind::Send | Kind::Publish | Kind::Redeliver => Shape::Depart { from, to },
        Kind::Deliver => Shape::Arrive { from, to },
        Kind::Drop => Shape::Lost { from, to },
        _ => Shape::Instant { from, to },
    }
}

/// What a message carries: the model's label, or the kind's name.
#[must_use]
pub fn message_label(ev: &TraceEvent) -> &str {
    if ev.label.is_empty() {
        ev.kind.name()
    } else {
        &ev.label
    }
}

/// The mark a harmful repeat's label ends with (`● charge #2 ✗ duplicate`); a cut keeps it.
pub const DUPLICATE: &str = " ✗ duplicate";

/// The label and tone of an event on one lifeline.
#[must_use]
pub fn lane_label(ev: &TraceEvent, model: Model) -> (Cow<'static, str>, Tone) {
    let n = ev.attempt.map(|a| format!(" #{a}")).unwrap_or_default();
    let own = |fallback: &'static str| -> Cow<'static, str> {
        if ev.label.is_empty() {
            Cow::Borrowed(fallback)
        } else {
            Cow::Owned(ev.label.clone())
        }
    };
    let plain = |s: String| (Cow::Owned(s), Tone::Plain);
    match ev.kind {
        Kind::Timeout => match ev.from {
            Participant::Broker => plain(format!("⏱ no ack{n}: requeue")),
            Participant::Producer => plain(format!("⏱ no ack{n}")),
            _ => plain(format!("⏱ timeout{n}")),
        },
        Kind::Backoff => plain(format!("⋮ {}", own("wait"))),
        Kind::Process if ev.attempt.is_none() && model == Model::Consumer => {
            let lost = ev.changes.iter().find_map(|c| match c {
                Change::Counter {
                    name: "lost",
                    value,
                } => Some(*value),
                _ => None,
            });
            match lost {
                Some(0) => (Cow::Borrowed("■ end: none lost"), Tone::Good),
                Some(v) => (Cow::Owned(format!("■ end: {v} lost")), Tone::Bad),
                None => (Cow::Borrowed("■ end"), Tone::Plain),
            }
        }
        Kind::Process => plain(format!("process{n}")),
        // The harmful repeat is marked when it happens, from the model's flag.
        Kind::Effect if ev.duplicate => (
            Cow::Owned(format!("● {}{DUPLICATE}", own("effect"))),
            Tone::Bad,
        ),
        Kind::Effect => (Cow::Owned(format!("● {}", own("effect"))), Tone::Effect),
        Kind::Store => (Cow::Owned(stored(ev)), Tone::Plain),
        Kind::Replay => (Cow::Borrowed("✓ replay, no charge"), Tone::Good),
        Kind::Skip => match ev.from {
            Participant::Broker => (Cow::Borrowed("✓ duplicate dropped"), Tone::Good),
            Participant::Consumer => (Cow::Borrowed("✓ duplicate skipped"), Tone::Good),
            _ => (Cow::Owned(format!("✓ {}", own("skipped"))), Tone::Good),
        },
        Kind::Conflict => (Cow::Borrowed("⊘ 409: key in flight"), Tone::Bad),
        Kind::Mismatch => (Cow::Borrowed("⊘ 422: other payload"), Tone::Bad),
        Kind::Expire => (Cow::Borrowed("− key expired"), Tone::Plain),
        Kind::Crash => (Cow::Borrowed("✗ CRASH"), Tone::Bad),
        Kind::Restart => (Cow::Borrowed("↻ restart"), Tone::Plain),
        Kind::Success => (Cow::Borrowed("✓ done"), Tone::Good),
        Kind::Late => (Cow::Owned(format!("late{n}: ignored")), Tone::Quiet),
        Kind::GiveUp => (Cow::Borrowed("⊘ gives up"), Tone::Bad),
        Kind::Error => (Cow::Owned(format!("⊘ {}", own("error"))), Tone::Bad),
        Kind::Ack => (Cow::Owned(format!("✓ acked{n}")), Tone::Good),
        _ => (own(ev.kind.name()), Tone::Plain),
    }
}

/// What a `store` event recorded, from the change it carries.
fn stored(ev: &TraceEvent) -> String {
    for c in &ev.changes {
        match c {
            Change::Key { row: Some(r), .. } => {
                return match (r.state, r.response) {
                    (KeyState::Done, Some(code)) => format!("+ key → {code}"),
                    _ => "+ key in flight".to_owned(),
                };
            }
            Change::Queue { row } => return format!("+ queued (entry {})", row.entry),
            Change::Dedup { .. } => return "+ id stored".to_owned(),
            Change::Row { row } => return format!("row {} exists", row.row),
            _ => {}
        }
    }
    "+ stored".to_owned()
}

/// Who is who among a run's messages, for steps `0..=step`.
#[derive(Debug, Default)]
pub struct Links {
    /// For a departure, its outcome's index; for an outcome, its departure's index.
    pub partner: Vec<Option<usize>>,
    /// For a `drop`, whether the receiver was down (the message reached a dead process).
    pub to_down: Vec<bool>,
    /// Who is down after each step, one bit per participant (see [`bit`]).
    pub down: Vec<u8>,
}

/// A participant's bit in [`Links::down`].
#[must_use]
pub fn bit(p: Participant) -> u8 {
    1 << (p as u8)
}

/// Pairs departures and outcomes among `trace[..=step]`.
#[must_use]
pub fn link(trace: &[TraceEvent], step: usize) -> Links {
    let end = step.saturating_add(1).min(trace.len());
    let mut links = Links {
        partner: vec![None; end],
        to_down: vec![false; end],
        down: vec![0; end],
    };
    // Messages in flight: rarely more than a handful, so a list beats a map.
    let mut pending: Vec<(Participant, Participant, Option<u32>, usize)> = Vec::new();
    let mut down: Vec<Participant> = Vec::new();
    for (i, ev) in trace[..end].iter().enumerate() {
        match ev.kind {
            Kind::Send | Kind::Publish | Kind::Redeliver if ev.from != ev.to => {
                pending.push((ev.from, ev.to, ev.attempt, i));
            }
            Kind::Deliver | Kind::Drop => {
                let k = pending
                    .iter()
                    .position(|p| (p.0, p.1, p.2) == (ev.from, ev.to, ev.attempt));
                if let Some(k) = k {
                    let d = pending.remove(k).3;
                    links.partner[d] = Some(i);
                    links.partner[i] = Some(d);
                }
                links.to_down[i] = ev.kind == Kind::Drop && down.contains(&ev.to);
            }
            _ => {}
        }
        for c in &ev.changes {
            if let Change::Up { who, up } = c {
                down.retain(|p| p != who);
                if !up {
                    down.push(*who);
                }
            }
        }
        links.down[i] = down.iter().fold(0, |m, p| m | bit(*p));
    }
    links
}
