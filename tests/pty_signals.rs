//! Signals in a real terminal. SIGTERM, SIGHUP and SIGINT end the app the way quitting does: the
//! terminal is given back (main screen, cursor shown, raw mode and bracketed paste off) and the
//! reading position is saved, and the exit status is the shell's for that signal (128 + its
//! number). Nothing runs after SIGKILL: what is left is the position saved while reading, at
//! most a second old. A lesson opened by name is recorded at once.
#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::pty::Pty;

const BODY_START: &str = "# A long lesson\n";

/// A course with one lesson of 120 short paragraphs, to scroll through.
fn long_course(dir: &Path) -> PathBuf {
    let lessons = dir.join("lessons");
    std::fs::create_dir_all(&lessons).unwrap();
    let paragraphs: Vec<String> = (1..=120)
        .map(|i| format!("Paragraph {i} of the long lesson."))
        .collect();
    std::fs::write(
        lessons.join("01-long.md"),
        format!(
            "---\nid: long\ntitle: A long lesson\nsummary: Many paragraphs\nlevel: beginner\n---\n{BODY_START}\n{}\n",
            paragraphs.join("\n\n")
        ),
    )
    .unwrap();
    dir.to_path_buf()
}

/// `open lesson:long`, scrolled 30 lines down.
fn read_and_scroll(course: &Path, data: &Path) -> Pty {
    let mut s = Pty::start(
        &["--content", course.to_str().unwrap(), "open", "lesson:long"],
        &[("IDEMLAB_DATA", data.to_str().unwrap())],
        80,
        24,
    );
    s.wait_for("Paragraph 1 of");
    s.keys(&"j".repeat(30));
    // Below the first screen: the view has moved.
    s.wait_for("Paragraph 20 of");
    s
}

/// The saved record of lesson `long`: `(state, position)`, if there is one.
fn saved(data: &Path) -> Option<(String, usize)> {
    let text = std::fs::read_to_string(data.join("progress.json")).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let rec = &v["lessons"]["long"];
    Some((
        rec["state"].as_str()?.to_owned(),
        usize::try_from(rec["position"].as_u64()?).unwrap(),
    ))
}

/// A saved position past the top, at the start of a paragraph of the lesson's body.
#[track_caller]
fn assert_scrolled(course: &Path, data: &Path) {
    let (state, position) = saved(data).expect("a saved record of the lesson");
    assert_eq!(state, "reading");
    let source = std::fs::read_to_string(course.join("lessons/01-long.md")).unwrap();
    let body = &source[source.find(BODY_START).unwrap()..];
    assert!(position > 0, "the position after scrolling is saved");
    assert!(
        body.get(position..)
            .is_some_and(|rest| rest.starts_with("Paragraph ")),
        "position {position} is not the start of a paragraph"
    );
}

fn signal_ends_the_app_cleanly_and_saves(name: &str, number: u32) {
    let content = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let course = long_course(content.path());
    let s = read_and_scroll(&course, data.path());
    s.signal(name);
    let exited = s.wait_exit();
    assert_eq!(
        (exited.status.exit_code(), exited.status.signal()),
        (128 + number, None),
        "SIG{name}: {:?}",
        exited.status
    );
    exited.assert_terminal_restored();
    #[cfg(target_os = "linux")]
    assert!(exited.stty.is_some(), "stty could not read the terminal");
    assert_scrolled(&course, data.path());
}

#[test]
fn sigterm_restores_the_terminal_and_saves_the_position() {
    signal_ends_the_app_cleanly_and_saves("TERM", 15);
}

#[test]
fn sighup_restores_the_terminal_and_saves_the_position() {
    signal_ends_the_app_cleanly_and_saves("HUP", 1);
}

#[test]
fn sigint_restores_the_terminal_and_saves_the_position() {
    signal_ends_the_app_cleanly_and_saves("INT", 2);
}

#[test]
fn after_sigkill_the_position_saved_while_reading_is_there() {
    let content = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let course = long_course(content.path());
    let s = read_and_scroll(&course, data.path());
    // No more input: the save waiting for its second still comes.
    let deadline = Instant::now() + Duration::from_secs(20);
    while saved(data.path()).is_none_or(|(_, pos)| pos == 0) {
        assert!(Instant::now() < deadline, "the position was never saved");
        std::thread::sleep(Duration::from_millis(20));
    }
    s.signal("KILL");
    let exited = s.wait_exit();
    assert!(exited.status.signal().is_some(), "{:?}", exited.status);
    assert_scrolled(&course, data.path());
}

#[test]
fn a_lesson_opened_by_name_is_recorded_as_reading_at_once() {
    let content = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let course = long_course(content.path());
    let s = Pty::start(
        &["--content", course.to_str().unwrap(), "open", "lesson:long"],
        &[("IDEMLAB_DATA", data.path().to_str().unwrap())],
        80,
        24,
    );
    s.wait_for("Paragraph 1 of");
    s.signal("KILL");
    s.wait_exit();
    assert_eq!(saved(data.path()), Some(("reading".into(), 0)));
}
