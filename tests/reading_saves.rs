//! The reading position is saved while the learner reads, not only on leaving: at most once a
//! second, the rest at a deadline the event loop wakes up for (no waking while nothing waits).
//! Opening a lesson by name records it at once.

mod common;

use std::path::Path;

use common::screen::{app_in, press};
use crossterm::event::KeyCode;
use idemlab::app::{App, Start};
use idemlab::progress::Store;
use idemlab::ui::Theme;

/// A course with one lesson of 120 short paragraphs.
fn long_course(dir: &Path) -> idemlab::content::Course {
    let lessons = dir.join("lessons");
    std::fs::create_dir_all(&lessons).unwrap();
    let paragraphs: Vec<String> = (1..=120).map(|i| format!("Paragraph {i}.")).collect();
    std::fs::write(
        lessons.join("01-long.md"),
        format!(
            "---\nid: long\ntitle: Long\nsummary: Long\nlevel: beginner\n---\n# Long\n\n{}\n",
            paragraphs.join("\n\n")
        ),
    )
    .unwrap();
    common::load(dir)
}

fn saved_position(data: &Path) -> usize {
    Store::open(Some(data.to_path_buf())).1.position("long")
}

fn on_screen(app: &App) -> usize {
    app.lesson_view().unwrap().position()
}

#[test]
fn scrolling_is_saved_within_a_second_without_leaving_the_lesson() {
    let content = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut app = app_in(
        long_course(content.path()),
        data.path(),
        Theme::monochrome(),
        Start::Lesson("long".into()),
    );
    assert_eq!(
        Store::open(Some(data.path().to_path_buf()))
            .1
            .lesson_state("long"),
        idemlab::progress::LessonState::Reading,
        "opening by name records the lesson"
    );
    assert_eq!(app.deadline(), None, "nothing to wake up for");
    for _ in 0..10 {
        press(&mut app, KeyCode::Down);
    }
    assert!(on_screen(&app) > 0);
    // Within a second of the save on opening it waits for its deadline, unless that second had
    // passed already (a slow machine): then it was saved at once.
    if let Some(at) = app.deadline() {
        assert_eq!(saved_position(data.path()), 0);
        app.tick(at);
    }
    assert_eq!(saved_position(data.path()), on_screen(&app));
    assert_eq!(app.deadline(), None, "nothing waits any more");
}

#[test]
fn quitting_saves_the_position_without_waiting() {
    let content = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut app = app_in(
        long_course(content.path()),
        data.path(),
        Theme::monochrome(),
        Start::Lesson("long".into()),
    );
    for _ in 0..10 {
        press(&mut app, KeyCode::Down);
    }
    let pos = on_screen(&app);
    app.quit();
    assert_eq!(saved_position(data.path()), pos);
    assert_eq!(app.deadline(), None);
}

#[test]
fn a_search_that_scrolls_to_its_match_saves_the_position_too() {
    let content = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut app = app_in(
        long_course(content.path()),
        data.path(),
        Theme::monochrome(),
        Start::Lesson("long".into()),
    );
    common::screen::keys(&mut app, "/Paragraph 60.\r");
    assert!(on_screen(&app) > 0, "the match is on screen");
    if let Some(at) = app.deadline() {
        app.tick(at);
    }
    assert_eq!(saved_position(data.path()), on_screen(&app));
}
