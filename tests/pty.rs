//! End to end in a real pseudo-terminal: the binary starts, draws, takes keys, and leaves the
//! terminal as it found it (main screen, cursor shown). Waits poll the screen with a deadline
//! instead of sleeping a fixed time; output is drained on a thread so the app never blocks.
#![cfg(unix)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

struct Session {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

impl Session {
    fn start(data: &Path, cols: u16, rows: u16) -> Self {
        let pair = native_pty_system()
            .openpty(size(cols, rows))
            .expect("a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_idemlab"));
        let course = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course");
        cmd.args(["--content", course.to_str().unwrap()]);
        cmd.env("IDEMLAB_DATA", data);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let parser = vt100::Parser::new(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
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
            master: pair.master,
            writer,
            screen,
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

    /// Waits for the app to exit and checks that it left the terminal usable.
    #[track_caller]
    fn expect_clean_exit(mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            assert!(
                Instant::now() < deadline,
                "the app did not exit; screen:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "exit status {status:?}");
        // Give the reader thread a moment to process the last bytes.
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
fn read_a_lesson_quit_and_resume_where_you_were() {
    let data = tempfile::tempdir().unwrap();
    let mut s = Session::start(data.path(), 100, 30);
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

    // Next start: straight back into the lesson, on top of the course map.
    let mut s = Session::start(data.path(), 100, 30);
    s.wait_for("Lesson 2/2 · Idempotency keys");
    s.keys("q");
    s.wait_for("Course map");
    s.keys("\x03");
    s.expect_clean_exit();
}

#[test]
fn ctrl_c_quits_from_a_pop_up_inside_a_lesson() {
    let data = tempfile::tempdir().unwrap();
    let mut s = Session::start(data.path(), 100, 30);
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
    let mut s = Session::start(data.path(), 40, 12);
    s.wait_for("Please enlarge");
    s.master.resize(size(100, 30)).unwrap();
    s.screen
        .lock()
        .unwrap()
        .screen_mut()
        .set_size(NonZeroU16::new(30).unwrap(), NonZeroU16::new(100).unwrap());
    s.wait_for("Course map");
    s.keys("q");
    s.expect_clean_exit();
}
