//! Which steps of a trace the diagram draws when they do not all fit: the cause of a verdict
//! must stay on screen at the verdict, at 80×24 and at 60×18 too.
//!
//! Each step up to the current one gets a rank from the trace alone (never from its words):
//! - *travel*: a message arriving, a wait, a late answer nobody waits for;
//! - *routine*: a first request leaving, a response leaving, processing starting, a key
//!   stored, an ack, a success;
//! - *causal*: a loss, a crash or restart, an effect (a charge, a write), a timeout, a replay,
//!   a skipped duplicate, a refusal or error, an expired key, and the first departure of
//!   every attempt after the first (the retry, the re-publish, the redelivery);
//! - between routine and causal, the departure of a message that is lost: it names what was
//!   lost, which the loss's row can repeat when short of room;
//! - the current step, which is always drawn (it is highlighted).
//!
//! When the rows do not fit, travel rows are folded first (oldest first), then routine ones,
//! then lost messages' departures, and only then causal ones (oldest first). A folded run is
//! one `⋮ 3 rows` line; when even those lines do not fit, a run costs no row and is marked by
//! `⋮` in the row below's mark column. A run of one row is never folded into a line of its
//! own (that saves nothing).
//!
//! Scrolled (the learner pressed ↑), the view is a plain window of consecutive steps ending
//! `up` steps above the current one, with a `⋮ N rows below` line under it.

use super::rows::link;
use crate::sim::{Kind, TraceEvent};

/// One line of the diagram's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// Step `i`, drawn as its own row; `folded_above` steps right above it are hidden with no
    /// row of their own (marked in this row's mark column).
    Step { i: usize, folded_above: usize },
    /// Steps `first..=last` folded into one line.
    Fold { first: usize, last: usize },
}

/// How much a step matters to the story, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Travel,
    Routine,
    /// The departure of a message that is lost: it names what was lost, but the loss's row
    /// can say it too (`✗ 201 lost`).
    Names,
    Causal,
    Current,
}

fn ranks(trace: &[TraceEvent], step: usize) -> Vec<Rank> {
    let mut seen: Vec<u32> = Vec::new();
    let mut out: Vec<Rank> = trace[..=step]
        .iter()
        .enumerate()
        .map(|(i, ev)| {
            if i == step {
                return Rank::Current;
            }
            match ev.kind {
                Kind::Deliver | Kind::Backoff | Kind::Late => Rank::Travel,
                Kind::Send | Kind::Publish | Kind::Submit => match ev.attempt {
                    Some(a) if ev.from != ev.to && !seen.contains(&a) => {
                        seen.push(a);
                        if a > 1 { Rank::Causal } else { Rank::Routine }
                    }
                    _ => Rank::Routine,
                },
                Kind::Process | Kind::Store | Kind::Ack | Kind::Success => Rank::Routine,
                Kind::Drop
                | Kind::Crash
                | Kind::Restart
                | Kind::Effect
                | Kind::Timeout
                | Kind::Replay
                | Kind::Skip
                | Kind::Conflict
                | Kind::Mismatch
                | Kind::Expire
                | Kind::GiveUp
                | Kind::Error
                | Kind::Redeliver => Rank::Causal,
            }
        })
        .collect();
    // A lost message's departure names what was lost: it goes with the loss.
    let links = link(trace, step);
    for (i, ev) in trace[..step].iter().enumerate() {
        if ev.kind == Kind::Drop
            && let Some(d) = links.partner[i]
        {
            out[d] = out[d].max(Rank::Names);
        }
    }
    out
}

/// Runs of hidden steps, as `(first, last)`.
fn runs(hidden: &[bool]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &h) in hidden.iter().enumerate() {
        match (h, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i - 1));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, hidden.len() - 1));
    }
    out
}

fn shown(hidden: &[bool]) -> usize {
    hidden.iter().filter(|h| !**h).count()
}

/// Rows with every run on a line of its own.
fn with_lines(hidden: &[bool]) -> usize {
    shown(hidden) + runs(hidden).len()
}

/// What a folded run costs: a line of its own, or nothing (marked in the row below).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RunCost {
    Line,
    Free,
}

/// Hides steps lowest rank first, oldest first within a rank, none above `upto`, until the
/// rows left (shown steps, plus one per run when runs take a line) are at most `rows`. The
/// count is kept as steps are hidden, so a long trace costs one pass per rank, not one
/// recount per hidden step.
fn hide(ranks: &[Rank], rows: usize, runs_cost: RunCost, upto: Rank) -> Option<Vec<bool>> {
    let mut hidden = vec![false; ranks.len()];
    let mut cost = ranks.len();
    if cost <= rows {
        return Some(hidden);
    }
    for rank in [Rank::Travel, Rank::Routine, Rank::Names, Rank::Causal]
        .into_iter()
        .filter(|&r| r <= upto)
    {
        for i in 0..ranks.len() {
            if ranks[i] != rank {
                continue;
            }
            hidden[i] = true;
            cost -= 1;
            if runs_cost == RunCost::Line {
                // A new run costs a line; joining one costs nothing; joining two saves one.
                let before = i > 0 && hidden[i - 1];
                let after = hidden.get(i + 1).copied().unwrap_or(false);
                match (before, after) {
                    (false, false) => cost += 1,
                    (true, true) => cost -= 1,
                    _ => {}
                }
            }
            if cost <= rows {
                return Some(hidden);
            }
        }
    }
    None
}

/// Rows needed to show every causal step (and the current one) with folded runs on lines of
/// their own: what the player gives the diagram before the state panel, when it can.
#[must_use]
pub fn wanted(trace: &[TraceEvent], step: usize) -> usize {
    if trace.is_empty() {
        return 0;
    }
    let step = step.min(trace.len() - 1);
    let r = ranks(trace, step);
    let mut hidden: Vec<bool> = r.iter().map(|&k| k < Rank::Causal).collect();
    unfold_single(&mut hidden);
    with_lines(&hidden)
}

/// Rows needed to show every causal step and the current one, folds marked inline: fewer
/// and the diagram must drop a cause.
#[must_use]
pub fn needed(trace: &[TraceEvent], step: usize) -> usize {
    if trace.is_empty() {
        return 0;
    }
    let step = step.min(trace.len() - 1);
    ranks(trace, step)
        .iter()
        .filter(|&&k| k >= Rank::Causal)
        .count()
}

/// A run of one step costs a line either way: show the step instead.
fn unfold_single(hidden: &mut [bool]) {
    for (a, b) in runs(hidden) {
        if a == b {
            hidden[a] = false;
        }
    }
}

/// The body's lines for `trace[..=step]` in `rows` rows, scrolled `up` steps above the current.
#[must_use]
pub fn plan(trace: &[TraceEvent], step: usize, rows: usize, up: usize) -> Vec<Line> {
    if trace.is_empty() || rows == 0 {
        return Vec::new();
    }
    let step = step.min(trace.len() - 1);
    let up = up.min(step);
    if up > 0 {
        return scrolled(step, rows, up);
    }
    let r = ranks(trace, step);
    if let Some(mut hidden) = hide(&r, rows, RunCost::Line, Rank::Routine) {
        unfold_single(&mut hidden);
        return lines(&hidden, usize::MAX);
    }
    // Folds without lines of their own; if even then the causal steps do not all fit, the
    // newest of them stay (the current step always does: it is never hidden).
    let hidden = hide(&r, rows, RunCost::Free, Rank::Causal).unwrap_or_else(|| {
        let mut hidden = vec![true; r.len()];
        hidden[r.len() - 1] = false;
        hidden
    });
    let spare = rows.saturating_sub(shown(&hidden));
    lines(&hidden, spare)
}

/// Lines for `hidden`: the newest `spare` runs on lines of their own, the rest marked inline.
fn lines(hidden: &[bool], spare: usize) -> Vec<Line> {
    let runs = runs(hidden);
    let mut out = Vec::new();
    let mut inline = 0;
    let (mut k, mut i) = (0, 0);
    while i < hidden.len() {
        if hidden[i] {
            let (first, last) = runs[k];
            if runs.len() - k <= spare {
                out.push(Line::Fold { first, last });
            } else {
                inline = last + 1 - first;
            }
            k += 1;
            i = last + 1;
        } else {
            out.push(Line::Step {
                i,
                folded_above: inline,
            });
            inline = 0;
            i += 1;
        }
    }
    out
}

/// A window of consecutive steps ending `up` above `step` (or starting at the first step),
/// and one line for the steps below it.
fn scrolled(step: usize, rows: usize, up: usize) -> Vec<Line> {
    let all = |last: usize| (0..=last).map(|i| Line::Step { i, folded_above: 0 });
    if step < rows {
        return all(step).collect();
    }
    let room = rows - 1;
    if room == 0 {
        return vec![Line::Step {
            i: step - up,
            folded_above: 0,
        }];
    }
    let bottom = step - up;
    let top = (bottom + 1).saturating_sub(room);
    let bottom = if top == 0 { room - 1 } else { bottom };
    let mut out: Vec<Line> = (top..=bottom)
        .map(|i| Line::Step { i, folded_above: 0 })
        .collect();
    out.push(Line::Fold {
        first: bottom + 1,
        last: step,
    });
    out
}

#[cfg(test)]
mod tests;
