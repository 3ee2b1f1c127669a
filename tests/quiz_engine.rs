//! The quiz engine without a screen: a whole quiz driven through the domain state machine over
//! the all-kinds fixture bank, its feedback, what it records, and review across days with an
//! injected clock.

mod common;

use std::path::PathBuf;

use common::{MON_10, fixture_dir, load};
use idemlab::content::{Course, QuestionKind};
use idemlab::progress::Progress;
use idemlab::quiz::{
    Clock, Given, Incomplete, Kind, ManualClock, Phase, Session, SubmitError, feedback,
};

fn fixture() -> PathBuf {
    fixture_dir("quiz-course")
}

/// Answers the current question right (or wrong) the way a learner would: in display positions.
fn answer(s: &mut Session, course: &Course, right: bool) {
    let q = s.question(course).unwrap().clone();
    let shown = s.item().unwrap().shown.clone();
    let pos_of = |idx: usize| shown.iter().position(|&x| x == idx).unwrap();
    match &q.kind {
        QuestionKind::Single { choices } => {
            let target = choices.iter().position(|c| c.correct == right).unwrap();
            s.choose(pos_of(target));
        }
        QuestionKind::Multiple { choices } => {
            for (i, c) in choices.iter().enumerate() {
                // Wrong: tick only the first right choice.
                let first_right = choices.iter().position(|c| c.correct) == Some(i);
                if (right && c.correct) || (!right && first_right) {
                    s.choose(pos_of(i));
                }
            }
        }
        QuestionKind::TrueFalse { answer } => {
            s.choose(usize::from(*answer != right));
        }
        QuestionKind::Order { items } => {
            if right {
                // Bubble the items into place with move_item, as J/K would.
                for target in 0..items.len() {
                    loop {
                        let idx = match s.draft() {
                            idemlab::quiz::Draft::Arrange(a) => {
                                a.iter().position(|&x| x == target).unwrap()
                            }
                            _ => unreachable!(),
                        };
                        if idx == target {
                            break;
                        }
                        s.move_item(idx, true);
                    }
                }
            }
        }
        QuestionKind::Text { accept } => {
            s.set_text(if right { &accept[0] } else { "404" });
        }
    }
    s.submit(course).expect("a complete answer");
}

#[test]
fn a_whole_quiz_all_kinds_right_then_end() {
    let course = load(&fixture());
    let mut s = Session::bank(&course, 0, 7);
    assert_eq!(s.phase(), Phase::Start);
    s.begin(&course, MON_10);
    let mut kinds = Vec::new();
    while s.phase() == Phase::Answering {
        kinds.push(s.question(&course).unwrap().kind.name());
        answer(&mut s, &course, true);
        assert_eq!(s.phase(), Phase::Feedback);
        let f = feedback(s.question(&course).unwrap(), s.outcome(s.pos()).unwrap());
        assert_eq!(f.verdict, "✓ Right", "{}", f.detail);
        s.next(&course, MON_10 + 95);
    }
    assert_eq!(kinds, ["single", "multiple", "true_false", "order", "text"]);
    assert_eq!(s.phase(), Phase::End);
    let sum = s.summary(&course);
    assert_eq!((sum.correct, sum.total, sum.passed()), (5, 5, Some(true)));
    assert_eq!(sum.elapsed_secs, 95);
}

#[test]
fn pass_mark_decides_pass_or_fail() {
    let course = load(&fixture());
    // pass_mark 0.6 of 5 = 3 points.
    for (rights, passed) in [(3, true), (2, false)] {
        let mut s = Session::bank(&course, 0, 1);
        s.begin(&course, MON_10);
        let mut i = 0;
        while s.phase() == Phase::Answering {
            answer(&mut s, &course, i < rights);
            s.next(&course, MON_10);
            i += 1;
        }
        assert_eq!(s.summary(&course).passed(), Some(passed), "{rights} right");
    }
}

#[test]
fn nothing_is_scored_twice_and_answers_change_until_submitted() {
    let course = load(&fixture());
    let mut s = Session::bank(&course, 0, 3);
    assert_eq!(s.submit(&course).unwrap_err(), SubmitError::NotAnswering);
    s.begin(&course, MON_10);
    assert_eq!(
        s.submit(&course).unwrap_err(),
        SubmitError::Incomplete(Incomplete::NothingPicked)
    );
    // Pick a wrong choice, then change to the right one: only the last pick counts.
    let shown = s.item().unwrap().shown.clone();
    let wrong = shown.iter().position(|&i| i == 1).unwrap();
    let right = shown.iter().position(|&i| i == 0).unwrap();
    s.choose(wrong);
    s.choose(right);
    assert!(s.submit(&course).unwrap().correct);
    // A second submit, or changing the pick after it, changes nothing.
    s.choose(wrong);
    assert_eq!(s.submit(&course).unwrap_err(), SubmitError::NotAnswering);
    assert_eq!(s.outcome(0).unwrap().given, Given::Choice(0));
    assert_eq!(s.score(), (1, 5));
}

#[test]
fn partial_multiple_says_which_were_missed_and_which_were_wrong_with_why() {
    let course = load(&fixture());
    let mut s = Session::bank(&course, 0, 3);
    s.begin(&course, MON_10);
    answer(&mut s, &course, true);
    s.next(&course, MON_10);
    // Tick PUT and POST: one right of three, one wrong.
    let q = s.question(&course).unwrap();
    let QuestionKind::Multiple { choices } = &q.kind else {
        panic!()
    };
    let shown = s.item().unwrap().shown.clone();
    for text in ["`PUT`", "`POST`"] {
        let idx = choices.iter().position(|c| c.text == text).unwrap();
        s.choose(shown.iter().position(|&x| x == idx).unwrap());
    }
    assert!(!s.submit(&course).expect("submitted").correct);
    let f = feedback(q, s.outcome(1).unwrap());
    assert_eq!(f.verdict, "✗ Wrong");
    assert!(
        f.detail
            .starts_with("You picked 1 of the 3 right choices, and 1 wrong one."),
        "{}",
        f.detail
    );
    assert!(
        f.detail.contains("- ✓ `PUT`: right, and you picked it"),
        "{}",
        f.detail
    );
    assert!(
        f.detail
            .contains("- ✗ `DELETE`: right, but you did not pick it"),
        "{}",
        f.detail
    );
    assert!(
        f.detail
            .contains("- ✗ `GET`: right, but you did not pick it"),
        "{}",
        f.detail
    );
    assert!(
        f.detail.contains(
            "- ✗ `POST`: wrong, but you picked it — POST promises nothing about repeats."
        ),
        "{}",
        f.detail
    );
    assert!(
        f.markdown()
            .ends_with("**Explanation.** RFC 9110 §9.2.2 names PUT, DELETE and the safe methods.")
    );
}

#[test]
fn near_miss_order_counts_items_in_place_and_shows_the_right_order() {
    let course = load(&fixture());
    let mut s = Session::bank(&course, 0, 11);
    s.begin(&course, MON_10);
    for _ in 0..3 {
        answer(&mut s, &course, true);
        s.next(&course, MON_10);
    }
    // Put the items right, then swap the last two: 2 of 4 in place.
    answer_order_swapped_last_two(&mut s, &course);
    let o = s.outcome(3).unwrap();
    assert!(!o.correct);
    assert_eq!(o.given, Given::Order(vec![0, 1, 3, 2]));
    let f = feedback(s.question(&course).unwrap(), o);
    assert_eq!(
        f.detail,
        "2 of 4 items were in their place. The right order, and where you put each:\n\n\
         1. Look up the key — ✓ in place\n\
         2. Execute the charge — ✓ in place\n\
         3. Store the response under the key — ✗ you put it 4th; it comes right after “Execute the charge”\n\
         4. Return the response — ✗ you put it 3rd; it comes right after “Store the response under the key”"
    );
}

fn answer_order_swapped_last_two(s: &mut Session, course: &Course) {
    let n = 4;
    for target in 0..n {
        loop {
            let idemlab::quiz::Draft::Arrange(a) = s.draft() else {
                panic!()
            };
            let idx = a.iter().position(|&x| x == target).unwrap();
            if idx == target {
                break;
            }
            s.move_item(idx, true);
        }
    }
    s.move_item(2, false);
    s.submit(course).unwrap();
}

#[test]
fn wrong_single_true_false_and_text_show_the_right_answer_and_why() {
    let course = load(&fixture());
    let mut s = Session::bank(&course, 0, 5);
    s.begin(&course, MON_10);
    let mut details = Vec::new();
    while s.phase() == Phase::Answering {
        answer(&mut s, &course, false);
        let f = feedback(s.question(&course).unwrap(), s.outcome(s.pos()).unwrap());
        assert_eq!(f.verdict, "✗ Wrong");
        details.push(f.detail);
        s.next(&course, MON_10);
    }
    assert_eq!(
        details[0],
        "- ✗ You chose: Add 100 to the balance — Twice adds 200.\n- ✓ The right answer: Set the balance to 100"
    );
    assert_eq!(
        details[2],
        "You answered **true**, but the statement is **false**."
    );
    assert_eq!(
        details[4],
        "You wrote “404”, which is not an accepted answer.\n\n- ✓ The right answer: “422” or “422 Unprocessable Content”"
    );
}

#[test]
fn same_seed_same_shuffle_and_the_session_borrows_the_loaded_bank() {
    let course = load(&fixture());
    let a = Session::bank(&course, 0, 99);
    let b = Session::bank(&course, 0, 99);
    assert_eq!(a.items(), b.items());
    let c = Session::bank(&course, 0, 100);
    assert_ne!(a.items(), c.items());
    // Every question the session hands out is the very one in the loaded course: moving
    // between questions never copies or reloads the bank.
    let mut s = a;
    s.begin(&course, 0);
    for i in 0..s.len() {
        assert!(std::ptr::eq(
            s.question(&course).unwrap(),
            &course.banks[0].questions[i]
        ));
        answer(&mut s, &course, true);
        s.next(&course, 0);
    }
}

#[test]
fn retake_missed_asks_only_those_and_is_not_a_scored_attempt() {
    let course = load(&fixture());
    let clock = ManualClock::at(MON_10);
    let mut s = Session::bank(&course, 0, 1);
    s.begin(&course, clock.now().unix);
    let mut i = 0;
    while s.phase() == Phase::Answering {
        answer(&mut s, &course, i % 2 == 0);
        s.next(&course, clock.now().unix);
        i += 1;
    }
    assert_eq!(s.missed(), vec![1, 3]);
    let mut p = Progress::default();
    p.record_quiz(&course, &s, clock.now());
    let retake = s.retake(&course, true);
    assert_eq!(
        retake.kind(),
        Kind::Bank {
            bank: 0,
            whole: false
        }
    );
    assert_eq!(retake.seed(), 2);
    let ids: Vec<&str> = (0..retake.len())
        .map(|i| retake.question_at(&course, i).unwrap().id.as_str())
        .collect();
    assert_eq!(ids, ["idempotent-methods", "server-steps"]);
    let mut r = retake;
    r.begin(&course, MON_10);
    while r.phase() == Phase::Answering {
        answer(&mut r, &course, true);
        r.next(&course, MON_10);
    }
    assert_eq!(
        r.summary(&course).passed(),
        None,
        "practice has no pass mark"
    );
    p.record_quiz(&course, &r, clock.now());
    // "Retake all" after a retake of some is the whole bank again, a scored attempt.
    let all = r.retake(&course, false);
    assert_eq!(
        (all.kind(), all.len(), all.seed()),
        (
            Kind::Bank {
                bank: 0,
                whole: true
            },
            5,
            3
        )
    );
    let rec = p.bank_record("all-kinds").unwrap();
    assert_eq!(rec.attempts, 1);
    assert_eq!(rec.best.unwrap().correct, 3);
    assert_eq!(rec.questions["server-steps"].history.len(), 2);
}

/// A choice that refers to another ("… against that format") is never shown before it: the
/// bundled question pins both, whatever the seed (the report saw them the wrong way round).
#[test]
fn a_choice_that_refers_to_another_comes_after_it_for_every_seed() {
    let course = idemlab::content::load(&idemlab::content::Source::Embedded)
        .into_result()
        .unwrap();
    let q = course
        .banks
        .iter()
        .flat_map(|b| &b.questions)
        .find(|q| q.id == "guessable-keys")
        .expect("the guessable-keys question");
    let QuestionKind::Multiple { choices } = &q.kind else {
        panic!("guessable-keys is a multiple-choice question")
    };
    let at = |text: &str| {
        choices
            .iter()
            .position(|c| c.text.starts_with(text))
            .unwrap()
    };
    let (format, validate) = (at("Publish a fixed format"), at("Validate incoming keys"));
    let mut moved = false;
    for seed in 0..200 {
        let shown = idemlab::quiz::shuffle::display_order(q, seed);
        let pos = |idx: usize| shown.iter().position(|&x| x == idx).unwrap();
        assert!(pos(format) < pos(validate), "seed {seed}: {shown:?}");
        moved |= shown != (0..choices.len()).collect::<Vec<_>>();
    }
    assert!(moved, "the other choices are still shuffled");
}
