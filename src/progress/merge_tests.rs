//! Tests of the merge rules, one rule at a time.

use super::*;
use crate::progress::{Answered, LessonState};

fn lesson(state: LessonState, position: usize, changed: u64) -> LessonRecord {
    LessonRecord {
        state,
        position,
        changed,
        read_to: 0,
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
        step: None,
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
            step: None,
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

#[test]
fn two_instances_working_on_one_lab_keep_both_sides_news() {
    use crate::progress::{LabState, LastVerdict};
    let base = Progress::default();
    let mut mine = Progress::default();
    mine.labs.insert(
        "l".into(),
        LabRecord {
            state: LabState::Failing,
            last: vec![LastVerdict {
                check: "once".into(),
                verdict: "fail".into(),
            }],
            hints: 2,
            solution_seen: false,
            changed: 10,
        },
    );
    let mut theirs = Progress::default();
    theirs.labs.insert(
        "l".into(),
        LabRecord {
            state: LabState::Done,
            last: vec![LastVerdict {
                check: "once".into(),
                verdict: "pass".into(),
            }],
            hints: 1,
            solution_seen: true,
            changed: 20,
        },
    );
    let m = merge(&base, &mine, &theirs);
    let r = &m.labs["l"];
    assert_eq!(r.state, LabState::Done);
    assert_eq!(r.hints, 2);
    assert!(r.solution_seen);
    assert_eq!(r.last[0].verdict, "pass");
    assert_eq!(r.changed, 20);
    // A reset after both drops the record from every copy.
    let mut reset = mine.clone();
    reset.reset_at = Some(30);
    assert!(merge(&base, &reset, &theirs).labs.is_empty());
}
