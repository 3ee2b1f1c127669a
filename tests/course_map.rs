//! The course map as a learner uses it: the cursor walks the review row, the lessons and the
//! unfolded lesson's quiz and simulations, and Enter opens each of them; Back lands where the
//! learner was. Also a `sim:` link followed from a lesson.

mod common;

use common::screen::{buffer_text, draw, keys, press};
use common::{fixture_dir, load};
use crossterm::event::KeyCode;
use idemlab::app::{App, MapFocus, MapItem, Start};
use idemlab::keymap::Context;
use idemlab::ui::Theme;

fn app(start: Start) -> (App, tempfile::TempDir) {
    common::screen::app(load(&fixture_dir("course")), Theme::colored(), start)
}

fn item(a: &App) -> Option<MapItem> {
    idemlab::app::map::item(&a.course, a.selected, a.map_focus)
}

#[test]
fn enter_opens_the_row_under_the_cursor_and_back_returns_to_it() {
    let (mut a, _d) = app(Start::Resume);
    assert_eq!(item(&a), Some(MapItem::Lesson(0)));
    // Lesson 1 is unfolded: its quiz, then its simulation.
    keys(&mut a, "j");
    assert!(matches!(item(&a), Some(MapItem::Quiz { ref bank, .. }) if bank == "first-steps"));
    keys(&mut a, "\r");
    assert_eq!(a.context(), Context::QuizStart);
    keys(&mut a, "q");
    assert_eq!(a.context(), Context::Map);
    assert_eq!(a.map_focus, MapFocus::Child(0));

    keys(&mut a, "j\r");
    assert_eq!(a.context(), Context::Sim);
    assert!(a.player().is_some());
    keys(&mut a, "q");
    assert_eq!(a.context(), Context::Map);
    assert_eq!(a.map_focus, MapFocus::Child(1));

    // Past the children: lesson 2 unfolds, lesson 1 folds.
    keys(&mut a, "j");
    assert_eq!(item(&a), Some(MapItem::Lesson(1)));
    let screen = buffer_text(draw(&mut a, 100, 30).backend().buffer());
    assert!(!screen.contains("Sim  Retrying"), "{screen}");

    // The review row is at the top; with nothing due Enter says so and stays on the map.
    press(&mut a, KeyCode::Home);
    assert_eq!(item(&a), Some(MapItem::Review));
    keys(&mut a, "\r");
    assert!(a.popup.is_some() || a.status.is_some());
    assert!(a.stack.is_empty());
}

#[test]
fn on_the_review_row_no_lesson_stays_unfolded_under_it() {
    let (mut a, _d) = app(Start::Resume);
    let screen = buffer_text(draw(&mut a, 100, 30).backend().buffer());
    assert!(screen.contains("Sim  Retrying"), "{screen}");
    // g (Home) goes to the review row: lesson 1's quiz and simulation fold away with it, so
    // they do not look like part of the review.
    keys(&mut a, "g");
    assert_eq!(item(&a), Some(MapItem::Review));
    let screen = buffer_text(draw(&mut a, 100, 30).backend().buffer());
    assert!(!screen.contains("Sim  Retrying"), "{screen}");
    assert!(!screen.contains("Quiz "), "{screen}");
    // Down from it opens lesson 1 again, unfolded.
    keys(&mut a, "j");
    assert_eq!(item(&a), Some(MapItem::Lesson(0)));
    let screen = buffer_text(draw(&mut a, 100, 30).backend().buffer());
    assert!(screen.contains("Sim  Retrying"), "{screen}");
}

#[test]
fn a_sim_link_in_a_lesson_opens_the_player_and_back_returns_to_the_lesson() {
    let (mut a, _d) = app(Start::Lesson("first-steps".into()));
    for _ in 0..20 {
        if a.lesson_view()
            .and_then(|v| v.focused_url())
            .is_some_and(|u| u.starts_with("sim:"))
        {
            break;
        }
        press(&mut a, KeyCode::Tab);
    }
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.context(), Context::Sim);
    keys(&mut a, "q");
    assert_eq!(a.context(), Context::Lesson);
}

#[test]
fn jumping_to_the_end_does_not_read_a_lesson_but_reading_through_it_does() {
    use idemlab::progress::LessonState;
    // The bundled first lesson: many screens long.
    let course = idemlab::content::load(&idemlab::content::Source::Embedded)
        .into_result()
        .unwrap();
    let (mut a, _d) = common::screen::app(
        course,
        Theme::colored(),
        Start::Lesson("why-idempotency".into()),
    );
    keys(&mut a, "G");
    assert_eq!(
        a.progress.lesson_state("why-idempotency"),
        LessonState::Reading,
        "G skips what it jumps over"
    );
    // Back to the top, then page by page to the end: every part has been on screen.
    keys(&mut a, "g");
    for _ in 0..100 {
        keys(&mut a, " ");
    }
    assert_eq!(
        a.progress.lesson_state("why-idempotency"),
        LessonState::Done
    );
}

#[test]
fn start_up_shows_the_map_when_reviews_are_due_or_the_last_lesson_is_done() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("progress.json");
    // Reading lesson 1, and a question due long ago.
    std::fs::write(
        &file,
        r#"{"version":1,"last_lesson":"first-steps",
            "lessons":{"first-steps":{"state":"reading","position":0}},
            "quizzes":{"first-steps":{"questions":{"set-or-add":{"box":1,"due":1000}}}}}"#,
    )
    .unwrap();
    let course = || load(&fixture_dir("course"));
    let a = common::screen::app_in(course(), data.path(), Theme::colored(), Start::Resume);
    assert_eq!(
        a.context(),
        Context::Map,
        "reviews are due: the map says so"
    );
    assert_eq!(a.map_focus, MapFocus::Review);
    // Lesson 1 done, nothing due: the map, on the next lesson not done.
    std::fs::write(
        &file,
        r#"{"version":1,"last_lesson":"first-steps",
            "lessons":{"first-steps":{"state":"done","position":0}}}"#,
    )
    .unwrap();
    let a = common::screen::app_in(course(), data.path(), Theme::colored(), Start::Resume);
    assert_eq!(a.context(), Context::Map);
    assert_eq!(item(&a), Some(MapItem::Lesson(1)));
    // Still reading it: reopened.
    std::fs::write(
        &file,
        r#"{"version":1,"last_lesson":"first-steps",
            "lessons":{"first-steps":{"state":"reading","position":0}}}"#,
    )
    .unwrap();
    let a = common::screen::app_in(course(), data.path(), Theme::colored(), Start::Resume);
    assert_eq!(a.context(), Context::Lesson);
}

#[test]
fn at_100_columns_every_row_keeps_its_status_and_the_details_page_through() {
    let data = tempfile::tempdir().unwrap();
    // A failed attempt at the first quiz: its row must show the score.
    std::fs::write(
        data.path().join("progress.json"),
        r#"{"version":1,"quizzes":{"why-idempotency":{"attempts":1,
            "best":{"correct":7,"total":12,"passed":false,"at":1}}}}"#,
    )
    .unwrap();
    let course = idemlab::content::load(&idemlab::content::Source::Embedded)
        .into_result()
        .unwrap();
    let mut a = common::screen::app_in(course, data.path(), Theme::colored(), Start::Resume);
    for lesson in 0..a.course.lessons.len() {
        a.selected = lesson;
        a.map_focus = MapFocus::Lesson;
        let screen = buffer_text(draw(&mut a, 100, 30).backend().buffer());
        let list: Vec<&str> = screen
            .lines()
            .filter_map(|l| l.split('│').nth(1))
            .filter(|l| l.contains(" Sim ") || l.contains(" Quiz ") || l.contains(". "))
            .collect();
        assert!(list.len() >= 2, "{screen}");
        for row in &list {
            let ends_with_status = [
                "not run",
                "watched",
                "open",
                "solved",
                "not taken",
                "passed",
                "beginner",
                "intermediate",
                "advanced",
            ]
            .iter()
            .any(|s| row.trim_end().ends_with(s));
            assert!(ends_with_status, "a row lost its status: {row:?}\n{screen}");
        }
        if lesson == 0 {
            assert!(
                screen.contains("best 7/12 not passed"),
                "the score is kept\n{screen}"
            );
        }
    }
    // The capstone's details run past the pane: they page, and every page is reachable.
    a.selected = a.course.lesson_index("payment-flow").unwrap();
    let first = buffer_text(draw(&mut a, 100, 30).backend().buffer());
    assert!(first.contains(" 1/2 · PgDn more "), "{first}");
    press(&mut a, KeyCode::PageDown);
    let second = buffer_text(draw(&mut a, 100, 30).backend().buffer());
    assert!(second.contains(" 2/2 · PgDn more "), "{second}");
    assert!(
        second.contains("Tip: read"),
        "the last line is reachable\n{second}"
    );
    press(&mut a, KeyCode::PageUp);
    assert_eq!(buffer_text(draw(&mut a, 100, 30).backend().buffer()), first);
    // Scenarios are named by title in the details, as in the list.
    assert!(!first.contains("○ retry-without-key"), "{first}");
}

/// A long value in the details pane wraps under its label's value column, not back at the
/// pane's edge: at 100 columns lesson 1's "Sims" list read "○ UPDATE n = n + 1 under retry ·"
/// and then "challenge open" flush left, looking like a label of its own.
#[test]
fn a_wrapped_details_value_stays_in_its_column() {
    let data = tempfile::tempdir().unwrap();
    let course = idemlab::content::load(&idemlab::content::Source::Embedded)
        .into_result()
        .unwrap();
    let mut a = common::screen::app_in(course, data.path(), Theme::colored(), Start::Resume);
    a.selected = 0;
    a.map_focus = MapFocus::Lesson;
    let screen = buffer_text(draw(&mut a, 100, 30).backend().buffer());
    let details: Vec<&str> = screen
        .lines()
        .filter_map(|l| l.split("││").nth(1))
        .collect();
    let sims = details
        .iter()
        .position(|l| l.starts_with("Sims"))
        .unwrap_or_else(|| panic!("no Sims row:\n{screen}"));
    let after: Vec<&&str> = details[sims + 1..]
        .iter()
        .take_while(|l| !l.trim_end_matches('│').trim().is_empty())
        .collect();
    assert!(after.len() >= 3, "{screen}");
    for row in after {
        assert!(
            row.starts_with("          "),
            "{row:?} left the value column:\n{screen}"
        );
    }
}
