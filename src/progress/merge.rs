//! Merging copies of a learner's progress, so two instances sharing a data directory never undo
//! each other. At each save an instance merges what it holds (mine) with what the file holds now
//! (theirs), given what it held when it last read or wrote the file (the base):
//!
//! - a record only one side changed since the base is taken from that side, so scrolling back
//!   up, or dropping the record of a question that left its bank, is kept as it is;
//! - a record both sides changed is combined: a lesson keeps its furthest state and its furthest
//!   position, a scenario watched on either side is watched, quiz attempts and each question's
//!   answers are unions (told apart by the run id of the session that gave them), and a
//!   question's review schedule comes from the side with the latest answer;
//! - a reset is an event with a date like any other: every record older than the newest reset
//!   either side knows of is dropped, from all three copies, before they are compared.
//!
//! A union keeps the most of each answer either side has, so records from older files (without
//! run ids, and possibly alike) are neither doubled nor lost.

use std::collections::BTreeMap;

use super::quiz::{Attempt, HISTORY_CAP};
use super::{BankRecord, BankScore, LessonRecord, Progress, QuestionRecord, SimRecord, VERSION};

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
mod tests {
    use super::*;
    use crate::progress::{Answered, LessonState};

    fn lesson(state: LessonState, position: usize, changed: u64) -> LessonRecord {
        LessonRecord {
            state,
            position,
            changed,
        }
    }

    fn with_lesson(id: &str, rec: LessonRecord) -> Progress {
        let mut p = Progress::default();
        p.lessons.insert(id.into(), rec);
        p.last_lesson = Some(id.into());
        p
    }

    fn attempt(run: u64, stamp: u64, correct: u32) -> Attempt {
        Attempt {
            run,
            stamp,
            score: BankScore {
                correct,
                total: 5,
                passed: correct >= 3,
                at: stamp / 1_000_000,
            },
        }
    }

    fn bank(log: &[Attempt]) -> BankRecord {
        let mut b = BankRecord::default();
        for a in log {
            b.log.push(*a);
            b.attempts += 1;
            if b.best.is_none_or(|x| a.score.beats(x)) {
                b.best = Some(a.score);
            }
            b.last = Some(a.score);
        }
        b
    }

    fn answer(at: u64, run: u64, correct: bool) -> Answered {
        Answered {
            at,
            correct,
            run,
            stamp: at * 1_000_000,
        }
    }

    #[test]
    fn a_change_on_one_side_wins_even_backwards() {
        let base = with_lesson("a", lesson(LessonState::Reading, 500, 1));
        let mine = with_lesson("a", lesson(LessonState::Reading, 20, 2));
        let out = merge(&base, &mine, &base);
        assert_eq!(out.lessons["a"].position, 20, "scrolling back up is kept");
        let out = merge(&base, &base, &mine);
        assert_eq!(out.lessons["a"].position, 20);
    }

    #[test]
    fn a_lesson_both_changed_keeps_the_furthest_state_and_position() {
        let base = with_lesson("a", lesson(LessonState::Reading, 100, 1));
        let mine = with_lesson("a", lesson(LessonState::Reading, 900, 3));
        let theirs = with_lesson("a", lesson(LessonState::Done, 300, 2));
        let out = merge(&base, &mine, &theirs);
        assert_eq!(out.lessons["a"], lesson(LessonState::Done, 900, 3));
    }

    #[test]
    fn records_only_one_side_has_are_kept_and_a_drop_by_one_side_is_kept() {
        let base = with_lesson("a", lesson(LessonState::Reading, 1, 1));
        let mut mine = base.clone();
        mine.lessons
            .insert("b".into(), lesson(LessonState::Done, 0, 5));
        let mut theirs = base.clone();
        theirs.sims.insert(
            "s".into(),
            SimRecord {
                finished: true,
                changed: 4,
            },
        );
        theirs.lessons.remove("a");
        let out = merge(&base, &mine, &theirs);
        assert!(out.lessons.contains_key("b"));
        assert!(
            !out.lessons.contains_key("a"),
            "they dropped it, we did not touch it"
        );
        assert!(out.scenario_finished("s"));
    }

    #[test]
    fn attempts_are_a_union_by_run_even_with_equal_scores_and_times() {
        let shared = attempt(1, 1000, 4);
        let mut base = Progress::default();
        base.quizzes.insert("q".into(), bank(&[shared]));
        let mut mine = Progress::default();
        mine.quizzes
            .insert("q".into(), bank(&[shared, attempt(2, 2000, 3)]));
        let mut theirs = Progress::default();
        theirs
            .quizzes
            .insert("q".into(), bank(&[shared, attempt(3, 2000, 3)]));
        let out = merge(&base, &mine, &theirs);
        let q = &out.quizzes["q"];
        assert_eq!(q.attempts, 3);
        assert_eq!(q.log.iter().map(|a| a.run).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(q.best.unwrap().correct, 4);
        assert_eq!(q.last.unwrap().correct, 3);
    }

    #[test]
    fn attempts_from_before_the_log_are_neither_doubled_nor_lost() {
        let mut legacy = BankRecord {
            attempts: 2,
            ..BankRecord::default()
        };
        legacy.best = Some(attempt(0, 1000, 5).score);
        let mut base = Progress::default();
        base.quizzes.insert("q".into(), legacy.clone());
        let mut mine = base.clone();
        let m = mine.quizzes.get_mut("q").unwrap();
        m.attempts += 1;
        m.log.push(attempt(7, 5000, 1));
        let out = merge(&base, &mine, &base.clone());
        assert_eq!(out.quizzes["q"].attempts, 3);
        let mut theirs = base.clone();
        let t = theirs.quizzes.get_mut("q").unwrap();
        t.attempts += 1;
        t.log.push(attempt(8, 6000, 2));
        let out = merge(&base, &mine, &theirs);
        assert_eq!(out.quizzes["q"].attempts, 4);
        assert_eq!(out.quizzes["q"].best.unwrap().correct, 5);
    }

    #[test]
    fn answers_are_a_union_capped_with_the_latest_schedule() {
        let q = |history: Vec<Answered>, leitner_box| QuestionRecord {
            history,
            leitner_box,
            due: Some(u64::from(leitner_box)),
        };
        // Two old answers alike (same second, no run id): both kept, once.
        let old = Answered {
            at: 10,
            correct: false,
            run: 0,
            stamp: 0,
        };
        let m = q(vec![old, old, answer(20, 1, true)], 2);
        let t = q(vec![old, old, answer(30, 2, false)], 1);
        let out = question_both(&m, &t);
        assert_eq!(
            out.history,
            vec![old, old, answer(20, 1, true), answer(30, 2, false)]
        );
        assert_eq!(out.leitner_box, 1, "their answer is the latest");
        let many: Vec<Answered> = (0..HISTORY_CAP as u64)
            .map(|i| answer(i, 5, true))
            .collect();
        let out = question_both(&q(many.clone(), 3), &q(vec![answer(100, 6, false)], 1));
        assert_eq!(out.history.len(), HISTORY_CAP);
        assert_eq!(out.history.last(), Some(&answer(100, 6, false)));
        assert_eq!(out.history[0], many[1]);
    }

    #[test]
    fn a_reset_drops_what_is_older_on_every_side_and_keeps_what_is_newer() {
        let mut old = with_lesson("a", lesson(LessonState::Done, 9, 1_000));
        old.sims.insert(
            "s".into(),
            SimRecord {
                finished: true,
                changed: 1_000,
            },
        );
        let mut b = bank(&[attempt(1, 1_000, 5)]);
        b.questions.insert(
            "x".into(),
            QuestionRecord {
                history: vec![answer(1, 1, true)],
                leitner_box: 2,
                due: Some(5),
            },
        );
        old.quizzes.insert("q".into(), b);
        // Another instance reset at 2000 s; we still hold the old records and read one more
        // lesson.
        let reset = Progress {
            reset_at: Some(2_000_000_000),
            ..Progress::default()
        };
        let mut mine = old.clone();
        mine.reading("b", 3);
        let out = merge(&old, &mine, &reset);
        assert_eq!(out.reset_at, Some(2_000_000_000));
        assert!(out.quizzes.is_empty(), "{:?}", out.quizzes);
        assert!(out.sims.is_empty());
        assert_eq!(out.lessons.keys().collect::<Vec<_>>(), ["b"]);
        assert_eq!(out.last_lesson.as_deref(), Some("b"));
        // The merged copy merges again to the same thing.
        assert_eq!(merge(&out, &out, &out), out);
    }

    #[test]
    fn a_reset_keeps_attempts_after_it_and_rescores_the_bank() {
        let mut p = Progress::default();
        p.quizzes.insert(
            "q".into(),
            bank(&[attempt(1, 1_000, 5), attempt(2, 3_000, 1)]),
        );
        let out = p.after(2_000);
        let q = &out.quizzes["q"];
        assert_eq!(q.attempts, 1);
        assert_eq!(q.best.unwrap().correct, 1);
        assert_eq!(q.last.unwrap().correct, 1);
    }

    #[test]
    fn an_import_survives_an_older_reset_and_keeps_identities() {
        let mut here = Progress {
            reset_at: Some(5_000),
            ..Progress::default()
        };
        here.quizzes
            .insert("q".into(), bank(&[attempt(1, 6_000, 2)]));
        let mut backup = with_lesson("a", lesson(LessonState::Done, 4, 1_000));
        backup.quizzes.insert(
            "q".into(),
            bank(&[attempt(1, 6_000, 2), attempt(9, 1_000, 5)]),
        );
        let out = union(&here, &backup.restamped(7_000));
        assert_eq!(out.reset_at, Some(5_000));
        assert_eq!(out.lessons["a"].state, LessonState::Done);
        assert_eq!(out.quizzes["q"].attempts, 2, "run 1 is the same attempt");
        assert_eq!(out.quizzes["q"].best.unwrap().correct, 5);
    }
}
