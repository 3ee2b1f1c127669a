//! A quiz end to end in a real pseudo-terminal: open a bank from the command line, answer one
//! question right and one wrong, read the feedback, reach the summary, go back to the course
//! map, quit, and find the score recorded. Waits poll the screen with a deadline; output is
//! drained on a thread so the app never blocks.
#![cfg(unix)]

mod common;

use std::path::Path;
use std::process::Command;

use common::pty::Pty;
use common::{fixture_dir, load};
use idemlab::content::QuestionKind;
use idemlab::quiz::shuffle::display_order;

const COLS: u16 = 100;
const ROWS: u16 = 30;

/// `idemlab ARGS…` over the fixture course, its progress in `data`.
fn start(data: &Path, args: &[&str]) -> Pty {
    let course = fixture_dir("course");
    let base = [
        "--content",
        course.to_str().unwrap(),
        "--data-dir",
        data.to_str().unwrap(),
    ];
    Pty::start(&[&base[..], args].concat(), &[], COLS, ROWS)
}

#[test]
fn take_a_quiz_one_right_one_wrong_see_why_and_find_the_score_recorded() {
    let data = tempfile::tempdir().unwrap();
    let seed = 11u64;
    // Where the right choice of the first question is shown with this seed.
    let course = load(&fixture_dir("course"));
    let q1 = &course.bank("first-steps").unwrap().questions[0];
    let QuestionKind::Single { choices } = &q1.kind else {
        panic!()
    };
    let right = choices.iter().position(|c| c.correct).unwrap();
    let pos = display_order(q1, seed)
        .iter()
        .position(|&i| i == right)
        .unwrap()
        + 1;

    let mut s = start(data.path(), &["open", "quiz:first-steps", "--seed", "11"]);
    s.wait_for("Quiz · First steps");
    s.wait_for("seed 11");
    s.wait_for("Not taken yet.");
    s.keys("\r");
    s.wait_for("Question 1/2");
    s.wait_for("Which operation is idempotent?");
    s.keys(&format!("{pos}\r"));
    s.wait_for("✓ Right");
    s.keys("\r");
    s.wait_for("POST is idempotent by definition.");
    // True is wrong.
    s.keys("1\r");
    s.wait_for("✗ Wrong");
    s.wait_for("You answered true, but the statement is false.");
    s.wait_for("RFC 9110 §9.2.2 lists PUT, DELETE and the safe methods");
    s.keys("\r");
    s.wait_for("Score 1/2 (50%) · ✗ not passed (pass mark 70%)");
    s.wait_for("✗  2 POST is idempotent by definition.");
    // Read the missed one again, then back to the summary and to the course map.
    s.keys("r");
    s.wait_for("Missed 1/1");
    s.keys("q");
    s.wait_for("Review the missed questions");
    s.keys("q");
    s.wait_for("Course map");
    s.keys("q");
    s.expect_clean_exit();

    // The course map draws bank scores from `Progress::bank_best` once it shows them; the
    // record it reads is there:
    let out = Command::new(env!("CARGO_BIN_EXE_idemlab"))
        .args([
            "--content",
            fixture_dir("course").to_str().unwrap(),
            "progress",
        ])
        .env("IDEMLAB_DATA", data.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("[✗] First steps"), "{text}");
    assert!(text.contains("best 1/2, not passed · 1 attempt"), "{text}");

    // The course map shows it too, on the bank's row under its lesson, with symbol and words.
    let mut s = start(data.path(), &[]);
    s.wait_for("Course map");
    s.wait_for("✗ Quiz First steps");
    s.wait_for("best 1/2 not passed");
    s.wait_for("0/1 quizzes passed");
    s.keys("q");
    s.expect_clean_exit();

    // Reopening the quiz shows the best score on its start screen.
    let mut s = start(data.path(), &["open", "quiz:first-steps"]);
    s.wait_for("Best so far: 1/2, ✗ not passed (1 attempt)");
    s.keys("\r");
    s.wait_for("Question 1/2");
    // Abandon: asks first, then records nothing more.
    s.keys("q");
    s.wait_for("Abandon this quiz?");
    s.keys("y");
    s.wait_for("quiz abandoned: nothing was recorded");
    s.keys("q");
    s.expect_clean_exit();
    let json = std::fs::read_to_string(data.path().join("progress.json")).unwrap();
    assert!(json.contains("\"attempts\": 1"), "{json}");
}
