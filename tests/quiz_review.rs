//! Remembering across sessions, with an injected clock: what a finished quiz records, the next
//! day's review offering exactly the missed questions, the Leitner schedule through review
//! sessions, and history surviving an author's edit of the bank.

mod common;

use std::fs;
use std::path::PathBuf;

use common::{MON_10, fixture_dir, load};
use idemlab::content::{Course, QuestionKind};
use idemlab::progress::{Progress, Store};
use idemlab::quiz::{Clock, ManualClock, Phase, Session};

fn fixture() -> PathBuf {
    fixture_dir("quiz-course")
}
const HOUR: u64 = 3600;
const DAY: u64 = 24 * HOUR;

/// Answers every question of `s`: right unless its id is in `wrong`.
fn take(s: &mut Session, course: &Course, clock: &ManualClock, wrong: &[&str]) {
    s.begin(course, clock.now().unix);
    while s.phase() == Phase::Answering {
        let q = s.question(course).unwrap().clone();
        let right = !wrong.contains(&q.id.as_str());
        let shown = s.item().unwrap().shown.clone();
        let pos = |idx: usize| shown.iter().position(|&x| x == idx).unwrap();
        match &q.kind {
            QuestionKind::Single { choices } => {
                s.choose(pos(choices
                    .iter()
                    .position(|c| c.correct == right)
                    .unwrap()));
            }
            QuestionKind::Multiple { choices } => {
                for (i, c) in choices.iter().enumerate() {
                    if c.correct == right {
                        s.choose(pos(i));
                    }
                }
            }
            QuestionKind::TrueFalse { answer } => s.choose(usize::from(*answer != right)),
            QuestionKind::Order { items } => {
                if right {
                    for t in 0..items.len() {
                        while let idemlab::quiz::Draft::Arrange(a) = s.draft()
                            && let Some(i) = a.iter().position(|&x| x == t)
                            && i != t
                        {
                            s.move_item(i, true);
                        }
                    }
                }
            }
            QuestionKind::Text { accept } => s.set_text(if right { &accept[1] } else { "nope" }),
        }
        assert_eq!(s.submit(course).unwrap().correct, right, "{}", q.id);
        clock.advance(20);
        s.next(course, clock.now().unix);
    }
}

fn ids(due: &[(String, String)]) -> Vec<&str> {
    due.iter().map(|(_, q)| q.as_str()).collect()
}

#[test]
fn the_next_day_offers_exactly_the_missed_questions_then_spaces_them_out() {
    let course = load(&fixture());
    let clock = ManualClock::at(MON_10);
    let mut p = Progress::default();

    // Monday: two of five wrong.
    let mut s = Session::bank(&course, 0, 5);
    take(
        &mut s,
        &course,
        &clock,
        &["idempotent-methods", "mismatch-status"],
    );
    p.record_quiz(&course, &s, clock.now());
    assert!(
        p.due_questions(&course, clock.now().unix).is_empty(),
        "not the same day"
    );
    assert!(
        p.due_questions(&course, MON_10 + 13 * HOUR).is_empty(),
        "not the same evening"
    );

    // Tuesday morning: exactly the two missed ones, in bank order.
    clock.set(MON_10 - 6 * HOUR + DAY); // Tue 04:00
    let due = p.due_questions(&course, clock.now().unix);
    assert_eq!(ids(&due), ["idempotent-methods", "mismatch-status"]);

    // Review: one right (moves to box 2, two days), one wrong again (back to box 1).
    let mut r = Session::review(&course, &due, 9);
    take(&mut r, &course, &clock, &["mismatch-status"]);
    p.record_quiz(&course, &r, clock.now());
    let rec = p.bank_record("all-kinds").unwrap();
    assert_eq!(rec.questions["idempotent-methods"].leitner_box, 2);
    assert_eq!(rec.questions["mismatch-status"].leitner_box, 1);
    assert_eq!(rec.attempts, 1, "a review is not an attempt at the bank");

    // Wednesday: only the one missed again, answered right this time (box 2, two days);
    // Thursday: the one answered right on Tuesday comes back, alone.
    clock.set(MON_10 - 6 * HOUR + 2 * DAY);
    assert_eq!(
        ids(&p.due_questions(&course, clock.now().unix)),
        ["mismatch-status"]
    );
    let wed = p.due_questions(&course, clock.now().unix);
    let mut r = Session::review(&course, &wed, 10);
    take(&mut r, &course, &clock, &[]);
    p.record_quiz(&course, &r, clock.now());
    clock.set(MON_10 - 6 * HOUR + 3 * DAY);
    assert_eq!(
        ids(&p.due_questions(&course, clock.now().unix)),
        ["idempotent-methods"]
    );
    clock.set(MON_10 - 6 * HOUR + 4 * DAY);
    assert_eq!(
        ids(&p.due_questions(&course, clock.now().unix)),
        ["idempotent-methods", "mismatch-status"]
    );
    assert_eq!(
        p.next_review(&course, MON_10),
        Some(MON_10 - 6 * HOUR + 3 * DAY)
    );
}

#[test]
fn abandoned_sessions_record_nothing() {
    let course = load(&fixture());
    let clock = ManualClock::at(MON_10);
    let mut s = Session::bank(&course, 0, 5);
    s.begin(&course, MON_10);
    s.choose(0);
    s.submit(&course).unwrap();
    let mut p = Progress::default();
    p.record_quiz(&course, &s, clock.now());
    assert_eq!(p, Progress::default());
}

#[test]
fn scores_keep_the_best_and_the_last_with_attempts() {
    let course = load(&fixture());
    let clock = ManualClock::at(MON_10);
    let mut p = Progress::default();
    for wrong in [
        &["set-or-add"][..],
        &[],
        &["set-or-add", "server-steps", "post-idempotent"],
    ] {
        let mut s = Session::bank(&course, 0, 1);
        take(&mut s, &course, &clock, wrong);
        p.record_quiz(&course, &s, clock.now());
    }
    let rec = p.bank_record("all-kinds").unwrap();
    assert_eq!(rec.attempts, 3);
    let best = p.bank_best("all-kinds").unwrap();
    assert_eq!((best.correct, best.total, best.passed), (5, 5, true));
    let last = rec.last.unwrap();
    assert_eq!((last.correct, last.passed), (2, false));
    assert_eq!(last.at, MON_10 + 10 * 20 + 5 * 20);
}

#[test]
fn history_survives_a_changed_text_and_vanished_ids_are_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let bank_dir = dir.path().join("quizzes");
    fs::create_dir_all(&bank_dir).unwrap();
    let original = fs::read_to_string(fixture().join("quizzes/all-kinds.yaml")).unwrap();
    fs::write(bank_dir.join("all-kinds.yaml"), &original).unwrap();
    let course = load(dir.path());
    let clock = ManualClock::at(MON_10);
    let mut s = Session::bank(&course, 0, 5);
    take(&mut s, &course, &clock, &["set-or-add", "post-idempotent"]);
    let data = tempfile::tempdir().unwrap();
    let (mut store, mut p) = Store::open(Some(data.path().to_path_buf()));
    p.record_quiz(&course, &s, clock.now());
    store.save(&mut p);

    // The author rewrites one question's prompt and deletes another.
    let edited = original
        .replace("Which operation is **idempotent**?", "Which of these can run twice safely?")
        .replace(
            "  - id: post-idempotent\n    kind: true_false\n    prompt: POST is idempotent by definition.\n    answer: false\n    explanation: RFC 9110 §9.2.2 lists PUT, DELETE and the safe methods, not POST.\n",
            "",
        );
    assert_ne!(edited, original);
    fs::write(bank_dir.join("all-kinds.yaml"), edited).unwrap();
    let course = load(dir.path());
    assert_eq!(course.banks[0].questions.len(), 4);

    let (_, mut p) = Store::open(Some(data.path().to_path_buf()));
    clock.set(MON_10 + DAY);
    // The vanished question is never offered, even before the records are pruned.
    assert_eq!(
        ids(&p.due_questions(&course, clock.now().unix)),
        ["set-or-add"]
    );
    p.forget_vanished(&course);
    let rec = p.bank_record("all-kinds").unwrap();
    assert!(!rec.questions.contains_key("post-idempotent"));
    assert_eq!(rec.questions["set-or-add"].history.len(), 1);
    assert_eq!(rec.questions["set-or-add"].leitner_box, 1);
    // Records of a bank this course does not have belong to another content tree: kept.
    p.quizzes.insert("other-tree".into(), Default::default());
    p.forget_vanished(&course);
    assert!(p.quizzes.contains_key("other-tree"));
}

#[test]
fn old_progress_files_without_quiz_records_still_load() {
    let data = tempfile::tempdir().unwrap();
    fs::write(
        data.path().join("progress.json"),
        r#"{"version": 1, "last_lesson": "a", "lessons": {"a": {"state": "done"}}}"#,
    )
    .unwrap();
    let (store, p) = Store::open(Some(data.path().to_path_buf()));
    assert!(store.warnings.is_empty(), "{:?}", store.warnings);
    assert!(p.quizzes.is_empty());
    assert_eq!(p.last_lesson.as_deref(), Some("a"));
}

#[test]
fn a_missed_question_can_be_drilled_the_same_day_and_still_comes_back_tomorrow() {
    use idemlab::quiz::schedule::LEARNING_STEP;
    let course = load(&fixture());
    let clock = ManualClock::at(MON_10);
    let mut p = Progress::default();
    let mut s = Session::bank(&course, 0, 5);
    take(&mut s, &course, &clock, &["mismatch-status"]);
    let ended = clock.now().unix;
    p.record_quiz(&course, &s, clock.now());
    // Not due for review the same day (the day-based rule), not drillable at once either.
    assert!(p.due_questions(&course, ended).is_empty());
    assert!(p.review_questions(&course, ended).is_empty());
    // A bank quiz records its answers when it ends; the step counts from then.
    let (step_ends, waiting) = p.next_drill(&course, ended).unwrap();
    assert_eq!(waiting, 1);
    assert_eq!(step_ends, ended + LEARNING_STEP);
    assert!(p.review_questions(&course, step_ends - 1).is_empty());
    // After the learning step: the missed one is offered again, the same morning.
    clock.set(step_ends);
    let drill = p.review_questions(&course, clock.now().unix);
    assert_eq!(ids(&drill), ["mismatch-status"]);
    let mut r = Session::review(&course, &drill, 3);
    take(&mut r, &course, &clock, &[]);
    p.record_quiz(&course, &r, clock.now());
    // Right in the drill: the step is over, the box is unchanged and it is due tomorrow.
    let rec = &p.bank_record("all-kinds").unwrap().questions["mismatch-status"];
    assert_eq!(rec.step, None);
    assert_eq!(rec.leitner_box, 1);
    assert!(p.review_questions(&course, clock.now().unix).is_empty());
    assert_eq!(
        ids(&p.due_questions(&course, MON_10 - 6 * HOUR + DAY)),
        ["mismatch-status"]
    );
}

#[test]
fn an_answer_saved_on_its_own_is_not_counted_again_when_the_session_ends() {
    let course = load(&fixture());
    let clock = ManualClock::at(MON_10);
    let mut p = Progress::default();
    let mut s = Session::bank(&course, 0, 5);
    take(&mut s, &course, &clock, &["mismatch-status"]);
    for i in 0..s.len() {
        assert!(p.record_answer(&course, &s, i, clock.now()));
        assert!(!p.record_answer(&course, &s, i, clock.now()), "once only");
    }
    p.record_quiz(&course, &s, clock.now());
    let rec = p.bank_record("all-kinds").unwrap();
    assert_eq!(rec.attempts, 1);
    for (id, q) in &rec.questions {
        assert_eq!(q.history.len(), 1, "{id}");
    }
}
