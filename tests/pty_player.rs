//! The simulation player end to end in a real pseudo-terminal: `idemlab open sim:…` starts on
//! the bundled course, steps to the verdict, flips knobs and sees the verdict change, plays,
//! quits, and leaves the terminal as it found it (main screen, cursor shown).
#![cfg(unix)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    // Kept open for the session's life: dropping it hangs up the terminal.
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    fn start(data: &Path, args: &[&str]) -> Self {
        let (cols, rows) = (100, 30);
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_idemlab"));
        cmd.args(["--data-dir", data.to_str().unwrap()]);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("IDEMLAB_CONTENT");
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
                "the app did not exit; screen:\n{}",
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

const RIGHT: &str = "\x1b[C";
const END: &str = "\x1b[F";

#[test]
fn step_to_the_verdict_flip_the_key_see_the_other_verdict_and_quit() {
    let data = tempfile::tempdir().unwrap();
    let mut s = Session::start(data.path(), &["open", "sim:retry-without-key"]);
    s.wait_for("Retrying a payment without a key");
    s.wait_for("step 1/15");
    for _ in 0..3 {
        s.keys(RIGHT);
    }
    s.wait_for("step 4/15");
    s.keys(END);
    s.wait_for("step 15/15");
    s.wait_for("Charged twice for one payment");
    // A key, but this server keeps none: still twice, and the verdict says why.
    s.keys("k");
    s.wait_for("key: per operation");
    s.wait_for("server does not store");
    // An atomic key store: the retry is replayed.
    s.keys("ff");
    s.wait_for("store: atomic");
    s.wait_for("Charged once for one payment");
    // The replayed run is one step shorter: the last step stays on screen.
    assert!(s.contents().contains("step 14/14"), "{}", s.contents());
    // Play from the start, then quit while it plays.
    s.keys(" ");
    s.wait_for("▶ playing");
    s.keys("q");
    s.keys("q");
    s.expect_clean_exit();
    let progress = std::fs::read_to_string(data.path().join("progress.json")).unwrap();
    assert!(progress.contains("retry-without-key"), "{progress}");
}
