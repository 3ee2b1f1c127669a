//! A quiz end to end in a real pseudo-terminal: open a bank from the command line, answer one
//! question right and one wrong, read the feedback, reach the summary, go back to the course
//! map, quit, and find the score recorded. Waits poll the screen with a deadline; output is
//! drained on a thread so the app never blocks.
#![cfg(unix)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use idemlab::content::{self, QuestionKind, Source};
use idemlab::quiz::shuffle::display_order;
use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

const COLS: u16 = 100;
const ROWS: u16 = 30;

struct Pty {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course")
}

impl Pty {
    fn start(data: &Path, args: &[&str]) -> Self {
        let size = PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        };
        let pair = native_pty_system().openpty(size).expect("a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_idemlab"));
        cmd.args(["--content", fixture().to_str().unwrap(), "--data-dir"]);
        cmd.arg(data);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let parser = vt100::Parser::new(
            NonZeroU16::new(ROWS).unwrap(),
            NonZeroU16::new(COLS).unwrap(),
            0,
        );
        let screen = Arc::new(Mutex::new(parser));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let sink = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Self {
            child,
            writer,
            screen,
            _master: pair.master,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    #[track_caller]
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("`{text}` never appeared; screen:\n{}", self.contents());
    }

    fn keys(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    #[track_caller]
    fn expect_clean_exit(mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            assert!(
                Instant::now() < deadline,
                "no exit; screen:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "exit status {status:?}");
        std::thread::sleep(Duration::from_millis(100));
        let parser = self.screen.lock().unwrap();
        assert!(
            !parser.screen().alternate_screen(),
            "still on the alternate screen"
        );
        assert!(!parser.screen().hide_cursor(), "cursor left hidden");
    }
}

#[test]
fn take_a_quiz_one_right_one_wrong_see_why_and_find_the_score_recorded() {
    let data = tempfile::tempdir().unwrap();
    let seed = 11u64;
    // Where the right choice of the first question is shown with this seed.
    let course = content::load(&Source::Dir(fixture()))
        .into_result()
        .unwrap();
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

    let mut s = Pty::start(data.path(), &["open", "quiz:first-steps", "--seed", "11"]);
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
        .args(["--content", fixture().to_str().unwrap(), "progress"])
        .env("IDEMLAB_DATA", data.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("[✗] First steps"), "{text}");
    assert!(text.contains("best 1/2, not passed · 1 attempt"), "{text}");

    // The course map shows it too, on the bank's row under its lesson, with symbol and words.
    let mut s = Pty::start(data.path(), &[]);
    s.wait_for("Course map");
    s.wait_for("✗ Quiz First steps");
    s.wait_for("best 1/2 not passed");
    s.wait_for("0/1 quizzes passed");
    s.keys("q");
    s.expect_clean_exit();

    // Reopening the quiz shows the best score on its start screen.
    let mut s = Pty::start(data.path(), &["open", "quiz:first-steps"]);
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
