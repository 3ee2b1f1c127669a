//! Merging copies of a learner's progress, so two instances sharing a data directory never undo
//! each other. At each save an instance merges what it holds (mine) with what the file holds now
//! (theirs), given what it held when it last read or wrote the file (the base):
//!
//! - a record only one side changed since the base is taken from that side, so scrolling back
//!   up, or dropping the record of a question that left its bank, is kept as it is;
//! - a record both sides changed is combined: a lesson keeps its furthest state and its furthest
//!   position, a scenario watched on either side is watched, a lab keeps its furthest state, most
//!   hints and the later check's verdicts, quiz attempts and each question's
//!   answers are unions (told apart by the run id of the session that gave them), and a
//!   question's review schedule comes from the side with the latest answer;
//! - a reset is an event with a date like any other: every record older than the newest reset
//!   either side knows of is dropped, from all three copies, before they are compared.
//!
//! A union keeps the most of each answer either side has, so records from older files (without
//! run ids, and possibly alike) are neither doubled nor lost.

use std::collections::BTreeMap;

use super::quiz::{Attempt, HISTORY_CAP};
use super::{
    BankRecord, BankScore, LabRecord, LessonRecord, Progress, QuestionRecord, SimRecord, VERSION,
};

/// `mine` and `theirs` merged over `base` (see the module doc).
#[must_use]
pub fn merge(base: &Progress, mine: &Progress, theirs: &Progress) -> Progress {
    let reset = mine.reset_at.max(theirs.reset_at).max(base.reset_at);
    let (b, m, t) = match reset {
        Some(r) => (base.after(r), mine.after(r), theirs.after(r)),
        None => (base.clone(), mine.clone(), theirs.clone()),
    };
    let lessons = three_way(&b.lessons, &m.lessons, &t.lessons, |_, m, t| {
        lesson_both(m, t)
    });
    let sims = three_way(&b.sims, &m.sims, &t.sims, |_, m, t| SimRecord {
        finished: m.finished || t.finished,
        changed: m.changed.max(t.changed),
    });
    let quizzes = three_way(&b.quizzes, &m.quizzes, &t.quizzes, bank_both);
    let labs = three_way(&b.labs, &m.labs, &t.labs, |_, m, t| LabRecord::merged(m, t));
    let mut last_lesson = if m.last_lesson == b.last_lesson {
        t.last_lesson
    } else {
        m.last_lesson
    };
    // A last lesson whose record the reset dropped was read before it.
    if reset.is_some()
        && last_lesson
            .as_ref()
            .is_some_and(|id| !lessons.contains_key(id))
    {
        last_lesson = None;
    }
    Progress {
        version: VERSION,
        last_lesson,
        lessons,
        sims,
        quizzes,
        labs,
        reset_at: reset,
    }
}

/// `extra` added to `into`, as if both had changed everything they hold (an import): unions,
/// furthest positions; `into`'s reset stays.
#[must_use]
pub fn union(into: &Progress, extra: &Progress) -> Progress {
    let empty = Progress {
        reset_at: into.reset_at,
        ..Progress::default()
    };
    let extra = Progress {
        reset_at: into.reset_at,
        ..extra.clone()
    };
    merge(&empty, into, &extra)
}

/// Each record's key in `base`, `mine` or `theirs`, merged: the side that changed it since the
/// base, else (both changed) `both(base, mine, theirs)`. A record one side dropped and the other
/// changed is kept as changed.
fn three_way<V: Clone + PartialEq>(
    base: &BTreeMap<String, V>,
    mine: &BTreeMap<String, V>,
    theirs: &BTreeMap<String, V>,
    both: impl Fn(Option<&V>, &V, &V) -> V,
) -> BTreeMap<String, V> {
    let mut out = BTreeMap::new();
    let keys = base.keys().chain(mine.keys()).chain(theirs.keys());
    for key in keys {
        if out.contains_key(key) {
            continue;
        }
        let (b, m, t) = (base.get(key), mine.get(key), theirs.get(key));
        let merged = if m == b {
            t.cloned()
        } else if t == b {
            m.cloned()
        } else {
            match (m, t) {
                (Some(m), Some(t)) => Some(both(b, m, t)),
                (m, t) => m.or(t).cloned(),
            }
        };
        if let Some(v) = merged {
            out.insert(key.clone(), v);
        }
    }
    out
}

fn lesson_both(m: &LessonRecord, t: &LessonRecord) -> LessonRecord {
    LessonRecord {
        state: m.state.max(t.state),
        position: m.position.max(t.position),
        changed: m.changed.max(t.changed),
        read_to: m.read_to.max(t.read_to),
    }
}

fn bank_both(base: Option<&BankRecord>, m: &BankRecord, t: &BankRecord) -> BankRecord {
    let mut runs: BTreeMap<u64, Attempt> = BTreeMap::new();
    for a in m.log.iter().chain(&t.log) {
        let kept = runs.entry(a.run).or_insert(*a);
        kept.stamp = kept.stamp.max(a.stamp);
    }
    let mut log: Vec<Attempt> = runs.into_values().collect();
    log.sort_by_key(|a| (a.stamp, a.run));
    let unlogged = m.unlogged().max(t.unlogged());
    let best = match (m.best, t.best) {
        (Some(a), Some(b)) => Some(if b.beats(a) { b } else { a }),
        (a, b) => a.or(b),
    };
    let later = match (m.last, t.last) {
        (Some(a), Some(b)) => Some(if b.at > a.at { b } else { a }),
        (a, b) => a.or(b),
    };
    let newest = log
        .iter()
        .max_by_key(|a| (a.score.at, a.stamp))
        .map(|a| a.score);
    let last = match (newest, later) {
        (Some(n), Some(l)) if n.at >= l.at => Some(n),
        (n, l) => l.or(n),
    };
    let empty = BTreeMap::new();
    let questions = three_way(
        base.map_or(&empty, |b| &b.questions),
        &m.questions,
        &t.questions,
        |_, m, t| question_both(m, t),
    );
    BankRecord {
        attempts: unlogged.saturating_add(u32::try_from(log.len()).unwrap_or(u32::MAX)),
        best,
        last,
        questions,
        log,
    }
}

fn question_both(m: &QuestionRecord, t: &QuestionRecord) -> QuestionRecord {
    // Per identity: how many times each side has it, and the latest stamp.
    let mut seen: BTreeMap<(u64, u64, bool), (usize, usize, u64)> = BTreeMap::new();
    for a in &m.history {
        let e = seen.entry(a.identity()).or_default();
        e.0 += 1;
        e.2 = e.2.max(a.stamp);
    }
    for a in &t.history {
        let e = seen.entry(a.identity()).or_default();
        e.1 += 1;
        e.2 = e.2.max(a.stamp);
    }
    let mut history = Vec::new();
    for ((at, run, correct), (nm, nt, stamp)) in seen {
        let a = super::Answered {
            at,
            correct,
            run,
            stamp,
        };
        history.extend(std::iter::repeat_n(a, nm.max(nt)));
    }
    let extra = history.len().saturating_sub(HISTORY_CAP);
    history.drain(..extra);
    let newest = |q: &QuestionRecord| q.history.last().map(|a| (a.at, a.dated()));
    let schedule = if newest(t) > newest(m) { t } else { m };
    QuestionRecord {
        history,
        leitner_box: schedule.leitner_box,
        due: schedule.due,
        step: schedule.step,
    }
}

impl Progress {
    /// A copy without the records older than a reset at `reset` (a stamp); records from files
    /// without stamps are older than any reset.
    #[must_use]
    pub(super) fn after(&self, reset: u64) -> Self {
        let mut p = self.clone();
        p.lessons.retain(|_, r| r.changed >= reset);
        p.sims.retain(|_, r| r.changed >= reset);
        p.labs.retain(|_, r| r.changed >= reset);
        for rec in p.quizzes.values_mut() {
            rec.drop_before(reset);
        }
        p.quizzes
            .retain(|_, r| r.attempts > 0 || !r.questions.is_empty() || !r.log.is_empty());
        p.reset_at = p.reset_at.max(Some(reset));
        p
    }

    /// Every record stamped `now`, as if it had just been made: what is imported is news to
    /// this data directory, whatever was reset here before. Identities are kept.
    #[must_use]
    pub(super) fn restamped(&self, now: u64) -> Self {
        let mut p = self.clone();
        p.reset_at = None;
        for r in p.lessons.values_mut() {
            r.changed = now;
        }
        for r in p.sims.values_mut() {
            r.changed = now;
        }
        for r in p.labs.values_mut() {
            r.changed = now;
        }
        for bank in p.quizzes.values_mut() {
            for a in &mut bank.log {
                a.stamp = now;
            }
            for q in bank.questions.values_mut() {
                for a in &mut q.history {
                    a.stamp = now;
                }
            }
        }
        p
    }
}

impl BankRecord {
    fn drop_before(&mut self, reset: u64) {
        let dated = |s: &BankScore| s.at.saturating_mul(1_000_000) >= reset;
        let logged = self.log.len();
        self.log.retain(|a| a.stamp >= reset);
        let mut unlogged = self.unlogged();
        // Attempts from before the log are dated only by the last one.
        if unlogged > 0 && !self.last.as_ref().is_some_and(dated) {
            unlogged = 0;
        }
        if logged != self.log.len() || unlogged != self.unlogged() {
            self.best = self.best.filter(dated);
            self.last = self.last.filter(dated);
            for a in &self.log {
                if self.best.is_none_or(|b| a.score.beats(b)) {
                    self.best = Some(a.score);
                }
                if self.last.is_none_or(|l| a.score.at >= l.at) {
                    self.last = Some(a.score);
                }
            }
        }
        self.attempts = unlogged.saturating_add(u32::try_from(self.log.len()).unwrap_or(u32::MAX));
        for q in self.questions.values_mut() {
            q.history.retain(|a| a.dated() >= reset);
        }
        self.questions.retain(|_, q| !q.history.is_empty());
    }
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
