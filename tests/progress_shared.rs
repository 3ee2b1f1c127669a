//! Several instances on one data directory, as a learner with two terminals has them: quizzes
//! taken at the same time all count, an app left open does not wipe what another instance
//! saved meanwhile, and a reset is not undone by an app that loaded the old progress.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use common::screen::app_in;
use common::{fixture_dir, load};
use idemlab::app::Start;
use idemlab::ui::Theme;

/// Answers to `quiz all-kinds --plain --seed 7` that finish it (3 of 5 right, no retake).
const ALL_KINDS_SEED_7: &str = "2\n1,2,4\nfalse\n4,3,1,2\n422\n\n";

fn idemlab(args: &[&str], data: &Path) -> Command {
    let mut cmd = common::idemlab_in(data);
    cmd.args(args);
    cmd
}

/// `quiz all-kinds --plain --seed 7` over the quiz fixture, started: stdin and stdout piped.
fn start_quiz(data: &Path) -> Child {
    let fixture = fixture_dir("quiz-course");
    idemlab(
        &[
            "--content",
            fixture.to_str().unwrap(),
            "quiz",
            "all-kinds",
            "--plain",
            "--seed",
            "7",
        ],
        data,
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("the binary runs")
}

fn finish(mut child: Child, input: &str) -> Output {
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn progress_json(data: &Path) -> serde_json::Value {
    let out = idemlab(&["progress", "--json"], data).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn sixteen_plain_quizzes_at_once_keep_sixteen_attempts() {
    let data = tempfile::tempdir().unwrap();
    let mut running: Vec<(Child, BufReader<std::process::ChildStdout>)> = (0..16)
        .map(|_| {
            let mut c = start_quiz(data.path());
            let out = BufReader::new(c.stdout.take().unwrap());
            (c, out)
        })
        .collect();
    // Every one has loaded the (empty) progress and printed its intro before any finishes.
    for (_, out) in &mut running {
        let mut intro = String::new();
        out.read_line(&mut intro).unwrap();
        assert!(intro.starts_with("Every kind of question"), "{intro}");
    }
    for (c, _) in &mut running {
        c.stdin
            .take()
            .unwrap()
            .write_all(ALL_KINDS_SEED_7.as_bytes())
            .unwrap();
    }
    for (mut c, mut out) in running {
        let mut rest = String::new();
        out.read_to_string(&mut rest).unwrap();
        let status = c.wait().unwrap();
        let mut err = String::new();
        c.stderr.take().unwrap().read_to_string(&mut err).unwrap();
        assert!(status.success(), "{status:?}\n{rest}\n{err}");
        assert!(err.is_empty(), "{err}");
        // A save that gave up waiting for the others says so; the last one must not give up.
        assert!(!rest.contains("not saved"), "{rest}");
    }
    let v = progress_json(data.path());
    let bank = &v["quizzes"]["all-kinds"];
    assert_eq!(bank["attempts"], 16, "{bank}");
    assert_eq!(bank["log"].as_array().unwrap().len(), 16);
    assert_eq!(
        bank["questions"]["set-or-add"]["history"]
            .as_array()
            .unwrap()
            .len(),
        16
    );
}

#[test]
fn an_app_open_during_another_quiz_keeps_that_quiz_when_it_quits() {
    let data = tempfile::tempdir().unwrap();
    let course = load(&fixture_dir("course"));
    let mut app = app_in(
        course,
        data.path(),
        Theme::monochrome(),
        Start::Lesson("first-steps".into()),
    );
    // Another terminal takes a quiz while the app is open.
    let out = finish(start_quiz(data.path()), ALL_KINDS_SEED_7);
    assert!(out.status.success(), "{out:?}");
    // The app moves on to the next lesson (a save), then quits (another).
    common::screen::keys(&mut app, "]");
    assert_eq!(app.lesson_view().map(|v| v.lesson), Some(1));
    app.quit();
    let v = progress_json(data.path());
    assert_eq!(v["quizzes"]["all-kinds"]["attempts"], 1, "{v}");
    assert_eq!(v["lessons"]["first-steps"]["state"], "reading");
    // Short enough to be read whole on opening.
    assert_eq!(v["lessons"]["keys"]["state"], "done");
    assert_eq!(v["last_lesson"], "keys");
    // The app sees the other instance's quiz too, from its first save after it.
    assert_eq!(
        app.progress.bank_record("all-kinds").map(|r| r.attempts),
        Some(1)
    );
}

#[test]
fn a_reset_while_an_app_is_open_is_not_undone_when_it_quits() {
    let data = tempfile::tempdir().unwrap();
    assert!(
        finish(start_quiz(data.path()), ALL_KINDS_SEED_7)
            .status
            .success()
    );
    let mut app = app_in(
        load(&fixture_dir("course")),
        data.path(),
        Theme::monochrome(),
        Start::Lesson("first-steps".into()),
    );
    assert!(app.progress.bank_record("all-kinds").is_some());
    let out = idemlab(&["progress", "--reset", "--yes"], data.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    // What the learner does after the reset counts; what the app loaded before it does not.
    common::screen::keys(&mut app, "]");
    app.quit();
    let v = progress_json(data.path());
    assert_eq!(v["quizzes"], serde_json::json!({}), "{v}");
    assert!(v["lessons"].get("first-steps").is_none(), "{v}");
    assert_eq!(v["lessons"]["keys"]["state"], "done");
    assert!(app.progress.bank_record("all-kinds").is_none());
}
