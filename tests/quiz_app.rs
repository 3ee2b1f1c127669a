//! The quiz inside the app, driven by keys as a learner drives it (no terminal): abandoning asks
//! first and records nothing, a finished quiz is saved, review over two days offers exactly the
//! missed questions, the text answer takes every printable key, and a quiz opened from a lesson
//! goes back to it.

mod common;

use std::path::Path;

use common::screen::{buffer_text, draw, keys, press};
use common::{MON_10, fixture_dir, load};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use idemlab::app::{App, Popup, Start};
use idemlab::keymap::Context;
use idemlab::progress::Store;
use idemlab::quiz::{Clock, ManualClock, Phase};
use idemlab::ui::Theme;

const DAY: u64 = 86_400;

/// The app over fixture `course` at 100x30, progress in `data`, time from `clock`, quiz seed 7.
fn app_in(course: &str, data: &Path, start: Start, clock: &ManualClock) -> App {
    let course = load(&fixture_dir(course));
    let mut a = common::screen::app_in(course, data, Theme::colored(), start);
    a.set_clock(Box::new(clock.clone()));
    a.set_quiz_seed(7);
    a.resize(100, 30);
    a
}

/// The all-kinds quiz of the quiz fixture on Monday 10:00, progress in a fresh directory.
fn all_kinds_quiz() -> (App, ManualClock, tempfile::TempDir) {
    let data = tempfile::tempdir().unwrap();
    let clock = ManualClock::at(MON_10);
    let a = app_in(
        "quiz-course",
        data.path(),
        Start::Quiz("all-kinds".into()),
        &clock,
    );
    (a, clock, data)
}

/// Seed 7 shows the order items as Store, Return, Execute, Look up: select Look up (4) and move
/// it to the top, then Execute (now 4th) up to 2nd.
const ORDER_RIGHT: &str = "4KKK4KK";

fn phase(app: &App) -> Option<Phase> {
    app.quiz_screen().map(|q| q.session.phase())
}

#[test]
fn abandoning_asks_first_and_records_nothing() {
    let (mut a, _clock, data) = all_kinds_quiz();
    keys(&mut a, "\r1\r\r2");
    assert_eq!(a.context(), Context::QuizTick);
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.context(), Context::QuizConfirm);
    // "n" keeps going, with the tick kept.
    keys(&mut a, "n");
    assert_eq!(a.context(), Context::QuizTick);
    assert_eq!(
        a.quiz_screen().unwrap().session.draft(),
        &idemlab::quiz::Draft::Ticks(vec![false, true, false, false])
    );
    keys(&mut a, "qy");
    assert!(a.quiz_screen().is_none());
    assert_eq!(a.context(), Context::Map);
    assert_eq!(
        a.status_text(),
        Some("quiz abandoned: nothing was recorded")
    );
    assert!(a.progress.quizzes.is_empty());
    assert!(!data.path().join("progress.json").exists());
}

#[test]
fn a_finished_quiz_is_saved_and_submitting_needs_an_answer() {
    let (mut a, _clock, data) = all_kinds_quiz();
    keys(&mut a, "\r\r");
    assert_eq!(
        phase(&a),
        Some(Phase::Answering),
        "Enter without a pick submits nothing"
    );
    assert_eq!(
        a.status_text(),
        Some("pick an answer first: ↓ or 1–3, then Enter")
    );
    keys(&mut a, "1\r\r134\r\r2\r\r");
    keys(&mut a, "JJ\r\r"); // nothing selected: J moves nothing, the order stays wrong
    keys(&mut a, "422\r\r");
    assert_eq!(phase(&a), Some(Phase::End));
    let (_, p) = Store::open(Some(data.path().to_path_buf()));
    let best = p.bank_best("all-kinds").unwrap();
    assert_eq!((best.correct, best.total, best.passed), (4, 5, true));
    // Retake all: a new attempt with the next seed, straight into the first question.
    keys(&mut a, "a");
    let q = a.quiz_screen().unwrap();
    assert_eq!(
        (q.session.phase(), q.session.seed(), q.session.pos()),
        (Phase::Answering, 8, 0)
    );
}

#[test]
fn review_the_next_day_offers_exactly_the_missed_questions() {
    let (mut a, clock, data) = all_kinds_quiz();
    // Wrong: single (2 = Add) and true/false (1 = True); the rest right.
    keys(&mut a, "\r2\r\r134\r\r1\r\r");
    keys(&mut a, ORDER_RIGHT);
    keys(&mut a, "\r\r422\r\r");
    let missed: Vec<String> = {
        let q = a.quiz_screen().unwrap();
        q.session
            .missed()
            .iter()
            .map(|&i| q.session.question_at(&a.course, i).unwrap().id.clone())
            .collect()
    };
    assert_eq!(missed, ["set-or-add", "post-idempotent"]);
    keys(&mut a, "q");

    // Same day: nothing due, and the notice says when.
    a.open_review();
    match &a.popup {
        Some(Popup::Notice { text, .. }) => {
            assert!(text.contains("Nothing to review now"), "{text}");
            assert!(text.contains("2025-06-03"), "{text}");
        }
        other => panic!("{other:?}"),
    }
    keys(&mut a, "q");

    assert_eq!(a.reviews_due(), 0);
    // The next morning, in a new run of the app: exactly the missed ones.
    clock.set(MON_10 + DAY - 6 * 3600);
    assert_eq!(a.reviews_due(), 2);
    let mut b = app_in("quiz-course", data.path(), Start::Review, &clock);
    let q = b.quiz_screen().expect("a review session");
    let asked: Vec<String> = (0..q.session.len())
        .map(|i| q.session.question_at(&b.course, i).unwrap().id.clone())
        .collect();
    assert_eq!(asked, missed);
    assert_eq!(b.context(), Context::QuizStart);
    let start = buffer_text(draw(&mut b, 100, 30).backend().buffer());
    assert!(start.contains("for longer (2, 4, 8, 16 days)"), "{start}");
    // Answer both right this time: 1 = Set the balance, 2 = False.
    keys(&mut b, "\r1\r\r2\r\r");
    assert_eq!(phase(&b), Some(Phase::End));
    assert_eq!(b.quiz_screen().unwrap().session.score(), (2, 2));
    let rec = b.progress.bank_record("all-kinds").unwrap();
    assert_eq!(rec.attempts, 1, "a review is not an attempt");
    assert_eq!(rec.questions["set-or-add"].leitner_box, 2);
    assert!(
        b.progress
            .due_questions(&b.course, clock.now().unix)
            .is_empty()
    );
}

#[test]
fn the_text_answer_takes_q_and_question_marks_and_f1_opens_help() {
    let (mut a, _clock, _data) = all_kinds_quiz();
    keys(&mut a, "\r1\r\r1\r\r1\r\r\r\r");
    assert_eq!(a.context(), Context::QuizText);
    keys(&mut a, "q?j ");
    assert_eq!(a.quiz_screen().unwrap().field.text(), "q?j ");
    press(&mut a, KeyCode::F(1));
    assert!(matches!(a.popup, Some(Popup::Help { .. })));
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.context(), Context::QuizText);
    // Ctrl-c still quits from the field.
    a.handle_key(&KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(!a.running);
}

#[test]
fn a_quiz_link_in_a_lesson_opens_the_quiz_and_back_returns_to_the_lesson() {
    let data = tempfile::tempdir().unwrap();
    let clock = ManualClock::at(MON_10);
    let mut a = app_in(
        "course",
        data.path(),
        Start::Lesson("first-steps".into()),
        &clock,
    );
    // Focus links until the quiz link, then follow it.
    for _ in 0..10 {
        if a.lesson_view().and_then(|v| v.focused_url()) == Some("quiz:first-steps") {
            break;
        }
        press(&mut a, KeyCode::Tab);
    }
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.context(), Context::QuizStart);
    keys(&mut a, "q");
    assert_eq!(a.context(), Context::Lesson);
}

#[test]
fn every_quiz_screen_can_be_left_and_digits_say_which_option() {
    use idemlab::keymap::{Action, action, bindings};
    for ctx in Context::QUIZ {
        let has = |a: Action| bindings(ctx).iter().any(|b| b.action == a);
        assert!(
            has(Action::Back) || has(Action::Abandon) || has(Action::Confirm),
            "{ctx:?} cannot be left"
        );
    }
    for ctx in [
        Context::QuizPick,
        Context::QuizTick,
        Context::QuizOrder,
        Context::QuizText,
    ] {
        assert_eq!(
            action(ctx, &KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
            Some(Action::Submit)
        );
    }
    let digit = |c| {
        action(
            Context::QuizPick,
            &KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
        )
    };
    assert_eq!(digit('1'), Some(Action::Select(0)));
    assert_eq!(digit('8'), Some(Action::Select(7)));
    assert_eq!(digit('9'), None);
    // Shift+↑ moves an order item; plain ↑ only selects.
    let up = |m| action(Context::QuizOrder, &KeyEvent::new(KeyCode::Up, m));
    assert_eq!(up(KeyModifiers::SHIFT), Some(Action::MoveItemUp));
    assert_eq!(up(KeyModifiers::NONE), Some(Action::Up));
    // In the text field `?` is typed, so the footer offers F1 for help instead.
    let hints = idemlab::keymap::hints(Context::QuizText);
    let help: Vec<&str> = hints
        .iter()
        .filter(|(a, ..)| *a == Action::Help)
        .map(|(_, k, _)| k.as_str())
        .collect();
    assert_eq!(help, ["F1"]);
}

/// Starts the fixture's `first-steps` quiz and passes it: the right answer of the single
/// choice question, wherever seed 7 put it, then False.
fn pass_first_steps(a: &mut App) {
    keys(a, "\r");
    let right = {
        let q = a.quiz_screen().unwrap();
        let shown = &q.session.items()[0].shown;
        shown.iter().position(|&i| i == 0).unwrap() + 1
    };
    keys(a, &format!("{right}\r\r2\r\r"));
    assert_eq!(phase(a), Some(Phase::End));
}

#[test]
fn after_a_pass_the_summary_offers_the_next_lesson_and_names_where_back_goes() {
    let data = tempfile::tempdir().unwrap();
    let clock = ManualClock::at(MON_10);
    let mut a = app_in(
        "course",
        data.path(),
        Start::Quiz("first-steps".into()),
        &clock,
    );
    pass_first_steps(&mut a);
    let screen = buffer_text(draw(&mut a, 100, 30).backend().buffer());
    assert!(screen.contains("✓ passed"), "{screen}");
    assert!(
        screen.contains("▶ Next: lesson 2 · Idempotency keys"),
        "{screen}"
    );
    assert!(screen.contains("Back to the course map"), "{screen}");
    // The footer says where Enter goes while "next" is selected, and not once another is.
    let f = footer(&mut a);
    assert!(
        f.starts_with(" Enter → » lesson: Idempotency keys · "),
        "{f}"
    );
    assert!(!f.contains("Enter do"), "{f}");
    press(&mut a, KeyCode::Down);
    let f = footer(&mut a);
    assert!(!f.contains('→') && f.contains("Enter do"), "{f}");
    press(&mut a, KeyCode::Up);
    // Enter on it opens that lesson.
    keys(&mut a, "\r");
    assert_eq!(a.context(), Context::Lesson);
    let screen = buffer_text(draw(&mut a, 100, 30).backend().buffer());
    assert!(screen.contains("Idempotency keys"), "{screen}");
}

#[test]
fn after_a_pass_the_summary_offers_the_lessons_lab_before_the_next_lesson() {
    let data = tempfile::tempdir().unwrap();
    let clock = ManualClock::at(MON_10);
    // The fixture course with one bundled lab attached to the quiz's lesson.
    let mut course = load(&fixture_dir("course"));
    let mut lab = idemlab::content::load(&idemlab::content::Source::Embedded)
        .course
        .labs
        .into_iter()
        .find(|l| l.lab == "retry-charge-once")
        .unwrap();
    lab.lesson = Some("first-steps".into());
    course.labs = vec![lab];
    let passed = |course: idemlab::content::Course| {
        let mut a = common::screen::app_in(
            course,
            data.path(),
            Theme::colored(),
            Start::Quiz("first-steps".into()),
        );
        a.set_clock(Box::new(clock.clone()));
        a.set_quiz_seed(7);
        pass_first_steps(&mut a);
        a
    };
    let mut a = passed(course.clone());
    let screen = buffer_text(draw(&mut a, 100, 30).backend().buffer());
    assert!(
        screen.contains("▶ Next: lab · Retry a charge without paying twice"),
        "{screen}"
    );
    let f = footer(&mut a);
    assert!(
        f.starts_with(" Enter → ✎ lab: Retry a charge without paying twice"),
        "{f}"
    );
    keys(&mut a, "\r");
    assert_eq!(a.context(), Context::Lab, "Enter opens the lab");
    drop(a);
    // Once the lab is done, the next lesson is offered again.
    let progress = data.path().join("progress.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&progress).unwrap()).unwrap();
    v["labs"] = serde_json::json!({"retry-charge-once": {"state": "done"}});
    std::fs::write(&progress, v.to_string()).unwrap();
    let mut a = passed(course);
    let screen = buffer_text(draw(&mut a, 100, 30).backend().buffer());
    assert!(
        screen.contains("▶ Next: lesson 2 · Idempotency keys"),
        "{screen}"
    );
}

#[test]
fn a_review_saves_each_answer_so_stopping_part_way_keeps_it() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(
        data.path().join("progress.json"),
        r#"{"version": 1, "quizzes": {"all-kinds": {"questions": {
            "post-idempotent": {"box": 1, "due": 1000},
            "set-or-add": {"box": 1, "due": 1001}
        }}}}"#,
    )
    .unwrap();
    let clock = ManualClock::at(MON_10);
    let mut a = app_in("quiz-course", data.path(), Start::Review, &clock);
    // "POST is idempotent by definition": True is wrong.
    keys(&mut a, "\r1\r");
    assert_eq!(a.context(), Context::QuizFeedback);
    let screen = buffer_text(draw(&mut a, 100, 30).backend().buffer());
    assert!(
        screen.contains("It comes back to practise later today at 10:10, and for review tomorrow."),
        "{screen}"
    );
    // Saved already, before the review ends.
    let saved = std::fs::read_to_string(data.path().join("progress.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&saved).unwrap();
    let q = &v["quizzes"]["all-kinds"]["questions"];
    assert_eq!(
        q["post-idempotent"]["history"][0]["correct"], false,
        "{saved}"
    );
    // Stopping asks, says the answers are kept, and keeps them.
    keys(&mut a, "q");
    let screen = buffer_text(draw(&mut a, 100, 30).backend().buffer());
    assert!(screen.contains("Stop this review?"), "{screen}");
    keys(&mut a, "y");
    assert_eq!(
        a.status_text(),
        Some("review stopped: the answers you gave are saved")
    );
    let saved = std::fs::read_to_string(data.path().join("progress.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&saved).unwrap();
    let q = &v["quizzes"]["all-kinds"]["questions"];
    assert_eq!(
        q["post-idempotent"]["history"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(q["set-or-add"]["due"], 1001, "not reached: still due");
    // Ten minutes later the missed one can be drilled again.
    clock.advance(600);
    assert_eq!(a.reviews_due(), 2);
}

#[test]
fn a_link_in_the_explanation_opens_the_simulation_and_back_returns_to_the_feedback() {
    let course = tempfile::tempdir().unwrap();
    common::linked_course(course.path());
    let data = tempfile::tempdir().unwrap();
    let mut a = common::screen::app_in(
        load(course.path()),
        data.path(),
        Theme::colored(),
        Start::Quiz("linked".into()),
    );
    a.set_clock(Box::new(ManualClock::at(MON_10)));
    a.set_quiz_seed(7);
    a.resize(100, 30);
    keys(&mut a, "\r1\r");
    assert_eq!(a.context(), Context::QuizFeedback);
    let help = idemlab::keymap::hints(Context::QuizFeedback);
    assert!(
        help.iter().any(|(_, k, l)| k == "Tab" && *l == "links"),
        "{help:?}"
    );
    // Tab, Tab, Shift-Tab: the first link again; it is drawn focused.
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Tab);
    assert_eq!(
        a.quiz_screen().unwrap().focused_url(),
        Some("sim:retry-without-key")
    );
    a.handle_key(&KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    assert_eq!(
        a.quiz_screen().unwrap().focused_url(),
        Some("sim:retry-with-key")
    );
    keys(&mut a, "\r");
    assert_eq!(a.context(), Context::Sim);
    assert_eq!(a.player().unwrap().original.scenario, "retry-with-key");
    // Closing the player comes back to the same feedback, same question, nothing recorded yet.
    keys(&mut a, "q");
    assert_eq!(a.context(), Context::QuizFeedback);
    let q = a.quiz_screen().unwrap();
    assert_eq!(q.session.pos(), 0);
    assert_eq!(q.focused_url(), None);
    let text = buffer_text(draw(&mut a, 100, 30).backend().buffer());
    assert!(text.contains("a retry with a key"), "{text}");
    assert!(!text.contains("sim:"), "{text}");
    // Past the last link no link is focused.
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Tab);
    assert_eq!(a.quiz_screen().unwrap().focused_url(), None);
    // With no link focused, Enter goes on to the summary.
    keys(&mut a, "\r");
    assert_eq!(phase(&a), Some(Phase::End));
}

#[test]
fn tab_on_an_explanation_without_links_is_not_offered_and_says_so() {
    let (mut a, _clock, _data) = all_kinds_quiz();
    keys(&mut a, "\r1\r");
    assert_eq!(a.context(), Context::QuizFeedback);
    let f = footer(&mut a);
    assert!(f.contains("Enter next"), "{f}");
    assert!(!f.contains("links") && !f.contains("Tab"), "{f}");
    assert!(!f.contains('→'), "no link, no note: {f}");
    press(&mut a, KeyCode::Tab);
    assert_eq!(a.status_text(), Some("this explanation has no links"));
    assert_eq!(a.context(), Context::QuizFeedback);
    assert_eq!(a.quiz_screen().unwrap().focused_url(), None);
}

/// The bottom row of `a` drawn at 80x24.
fn footer(a: &mut App) -> String {
    let t = draw(a, 80, 24);
    let buf = t.backend().buffer();
    (0..80).map(|x| buf[(x, 23)].symbol()).collect()
}

#[test]
fn the_footer_says_where_enter_goes_from_the_focused_link_and_tab_moves_it() {
    let course = tempfile::tempdir().unwrap();
    common::linked_course(course.path());
    let data = tempfile::tempdir().unwrap();
    let course = load(course.path());
    let title = |id: &str| course.scenario(id).unwrap().title.clone();
    let (with, without) = (title("retry-with-key"), title("retry-without-key"));
    assert_ne!(with, without);
    let mut a = common::screen::app_in(
        course,
        data.path(),
        Theme::monochrome(),
        Start::Quiz("linked".into()),
    );
    a.set_clock(Box::new(ManualClock::at(MON_10)));
    a.set_quiz_seed(7);
    // Answer wrong, so the question can be walked through from the summary too.
    let wrong = {
        keys(&mut a, "\r");
        let q = a.quiz_screen().unwrap();
        q.session.items()[0]
            .shown
            .iter()
            .position(|&i| i == 1)
            .unwrap()
            + 1
    };
    keys(&mut a, &format!("{wrong}\r"));
    assert_eq!(a.context(), Context::QuizFeedback);
    // No link focused: Enter goes on, and Tab is offered.
    let f = footer(&mut a);
    assert!(f.starts_with(" Enter next · Tab links"), "{f}");
    assert!(!f.contains('→'), "{f}");
    // Tab: the footer names the first link's simulation, and Enter's "next" is gone.
    press(&mut a, KeyCode::Tab);
    let f = footer(&mut a);
    assert!(
        f.starts_with(&format!(" Enter → ▶ simulation: {with} · ")),
        "{f}"
    );
    assert!(!f.contains("next"), "{f}");
    // Tab again: the second link's.
    press(&mut a, KeyCode::Tab);
    let f = footer(&mut a);
    assert!(
        f.contains(&format!("Enter → ▶ simulation: {without}")),
        "{f}"
    );
    assert!(!f.contains(&with), "{f}");
    // Shift-Tab: back to the first.
    a.handle_key(&KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    assert!(footer(&mut a).contains(&format!("Enter → ▶ simulation: {with}")));
    // Past the last one: no note, Enter goes on again.
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Tab);
    let f = footer(&mut a);
    assert!(f.starts_with(" Enter next · Tab links"), "{f}");
    // The same in the walk through the missed questions, from the summary.
    keys(&mut a, "\r");
    assert_eq!(phase(&a), Some(Phase::End));
    let f = footer(&mut a);
    assert!(!f.contains('→'), "no next lesson here: {f}");
    keys(&mut a, "r");
    assert_eq!(a.context(), Context::QuizWalk);
    assert!(footer(&mut a).contains("Tab links"));
    press(&mut a, KeyCode::Tab);
    let f = footer(&mut a);
    assert!(
        f.starts_with(&format!(" Enter → ▶ simulation: {with} · ")),
        "{f}"
    );
    assert!(!f.contains("Enter next"), "{f}");
    // And Enter goes where the footer said.
    keys(&mut a, "\r");
    assert_eq!(a.player().unwrap().original.scenario, "retry-with-key");
}
