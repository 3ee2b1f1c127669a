//! End to end in a real pseudo-terminal: the binary starts, draws, takes keys, and leaves the
//! terminal as it found it (main screen, cursor shown). Waits poll the screen with a deadline
//! instead of sleeping a fixed time; output is drained on a thread so the app never blocks.
#![cfg(unix)]

mod common;

use std::path::Path;

use common::fixture_dir;
use common::pty::Pty;

/// The app over the fixture course, its progress in `data` (given by `IDEMLAB_DATA`).
fn start(data: &Path, cols: u16, rows: u16) -> Pty {
    let course = fixture_dir("course");
    Pty::start(
        &["--content", course.to_str().unwrap()],
        &[("IDEMLAB_DATA", data.to_str().unwrap())],
        cols,
        rows,
    )
}

#[test]
fn read_a_lesson_quit_and_resume_where_you_were() {
    let data = tempfile::tempdir().unwrap();
    let mut s = start(data.path(), 100, 30);
    s.wait_for("Course map");
    s.wait_for("First steps");
    // Lesson 1 is unfolded: its quiz and simulation come before lesson 2.
    s.keys("jjj\r");
    s.wait_for("Lesson 2/2 · Idempotency keys");
    s.keys("q");
    s.wait_for("Course map");
    s.keys("q");
    s.expect_clean_exit();

    let progress = std::fs::read_to_string(data.path().join("progress.json")).unwrap();
    assert!(progress.contains("\"last_lesson\": \"keys\""), "{progress}");

    // Lesson 2 fits on one screen, so it was read whole and is done: the next start shows the
    // course map (not a finished lesson), the cursor on the first lesson not done.
    let mut s = start(data.path(), 60, 18);
    s.wait_for("Course map");
    s.wait_for("▶ ○  1. First steps");
    // Lesson 1 is longer than this screen: opened and left unfinished...
    s.keys("\r");
    s.wait_for("Lesson 1/2 · First steps");
    s.keys("q");
    s.wait_for("Course map");
    s.keys("q");
    s.expect_clean_exit();
    // ...so the next start goes straight back into it, on top of the course map.
    let mut s = start(data.path(), 60, 18);
    s.wait_for("Lesson 1/2 · First steps");
    s.keys("q");
    s.wait_for("Course map");
    s.keys("\x03");
    s.expect_clean_exit();
}

#[test]
fn ctrl_c_quits_from_a_pop_up_inside_a_lesson() {
    let data = tempfile::tempdir().unwrap();
    let mut s = start(data.path(), 100, 30);
    s.wait_for("Course map");
    s.keys("\r");
    s.wait_for("Lesson 1/2");
    s.keys("?");
    s.wait_for("Keys (? or Esc closes)");
    s.keys("\x03");
    s.expect_clean_exit();
}

#[test]
fn a_tiny_terminal_asks_to_enlarge_then_resizing_redraws() {
    let data = tempfile::tempdir().unwrap();
    let mut s = start(data.path(), 40, 12);
    s.wait_for("Please enlarge");
    s.resize(100, 30);
    s.wait_for("Course map");
    s.keys("q");
    s.expect_clean_exit();
}

#[test]
fn progress_reset_on_a_terminal_asks_first_and_keeps_a_copy() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("progress.json");
    let before = r#"{"version":1,"lessons":{"keys":{"state":"done","position":3,"changed":1}}}"#;
    std::fs::write(&file, before).unwrap();
    let env = [("IDEMLAB_DATA", data.path().to_str().unwrap())];
    // "n": nothing is reset.
    let mut s = Pty::start(&["progress", "--reset"], &env, 100, 30);
    s.wait_for("Type y to reset");
    assert!(
        s.contents().contains("Forget 1 lesson?"),
        "{}",
        s.contents()
    );
    s.keys("n\r");
    s.wait_for("nothing was reset");
    assert!(s.wait_exit().status.success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
    // "y": reset, with the old progress kept beside it.
    let mut s = Pty::start(&["progress", "--reset"], &env, 100, 30);
    s.wait_for("Type y to reset");
    s.keys("y\r");
    s.wait_for("progress reset");
    assert!(s.wait_exit().status.success());
    assert!(!file.exists());
    let kept = std::fs::read_dir(data.path())
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().ends_with(".before-reset"))
        .expect("a copy of the old progress");
    let copy = std::fs::read_to_string(kept.path()).unwrap();
    assert!(copy.contains("\"keys\""), "{copy}");
}
