//! The binary in a real pseudo-terminal: started with chosen arguments, environment and size,
//! its output drained on a thread into a vt100 screen so the app never blocks, waits that poll
//! that screen with a deadline instead of sleeping a fixed time, signals sent to it, and a check
//! that it exits as expected and leaves the terminal as it found it (main screen, cursor shown,
//! bracketed paste off). After an exit the drain thread is joined, so the screen holds every
//! byte the app wrote.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// How long a wait or an exit may take before the test fails.
const DEADLINE: Duration = Duration::from_secs(20);

pub struct Pty {
    child: Box<dyn Child + Send + Sync>,
    // Kept open for the session's life: dropping it hangs up the terminal.
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Ends when the app's side of the terminal closes (the app exited).
    drain: Option<JoinHandle<()>>,
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn dims(cols: u16, rows: u16) -> (NonZeroU16, NonZeroU16) {
    (
        NonZeroU16::new(rows).unwrap(),
        NonZeroU16::new(cols).unwrap(),
    )
}

impl Pty {
    /// Starts `idemlab ARGS…` in a `cols`x`rows` terminal with `TERM=xterm-256color`. `NO_COLOR`,
    /// `IDEMLAB_CONTENT` and `IDEMLAB_DATA` are not inherited from the test's environment; `env`
    /// is set last.
    pub fn start(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Self {
        let pair = native_pty_system()
            .openpty(size(cols, rows))
            .expect("a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_idemlab"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        for name in ["NO_COLOR", "IDEMLAB_CONTENT", "IDEMLAB_DATA"] {
            cmd.env_remove(name);
        }
        for (name, value) in env {
            cmd.env(name, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let (r, c) = dims(cols, rows);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(r, c, 0)));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let sink = Arc::clone(&screen);
        let drain = std::thread::spawn(move || {
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
            drain: Some(drain),
        }
    }

    /// The screen's text as it stands now.
    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until `text` is on the screen; fails with the screen printed if it never is.
    #[track_caller]
    pub fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + DEADLINE;
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("`{text}` never appeared; screen:\n{}", self.contents());
    }

    /// Types `bytes` (escape sequences included) into the terminal.
    pub fn keys(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Resizes the terminal, and the screen that reads it, to `cols`x`rows`.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.master.resize(size(cols, rows)).unwrap();
        let (r, c) = dims(cols, rows);
        self.screen.lock().unwrap().screen_mut().set_size(r, c);
    }

    /// Sends signal `name` (`TERM`, `HUP`, `KILL`, …) to the app.
    #[track_caller]
    pub fn signal(&self, name: &str) {
        let pid = self.child.process_id().expect("the app's pid");
        // The shell's own `kill`: there on every Unix, unlike a `kill` program.
        let sent = std::process::Command::new("sh")
            .args(["-c", "kill -s \"$0\" \"$1\"", name, &pid.to_string()])
            .status()
            .expect("sh runs");
        assert!(sent.success(), "kill -{name} {pid}: {sent:?}");
    }

    /// The CPU time the app has used so far, user and system, in clock ticks (Linux's
    /// `/proc/PID/stat`; `None` elsewhere). An idle app's count stands still however slow the
    /// machine is, so a test can hold "it sleeps" without timing anything.
    #[must_use]
    #[allow(dead_code, reason = "not every pty test measures CPU")]
    pub fn cpu_ticks(&self) -> Option<u64> {
        let pid = self.child.process_id()?;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // Fields after the `(comm)`, which may hold spaces: state is field 3, utime 14, stime 15.
        let rest = &stat[stat.rfind(')')? + 2..];
        let fields: Vec<&str> = rest.split(' ').collect();
        Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
    }

    /// Waits for the app to exit and for the drain thread to take in its last bytes.
    #[track_caller]
    pub fn wait_exit(mut self) -> Exited {
        let deadline = Instant::now() + DEADLINE;
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
        if let Some(drain) = self.drain.take() {
            drain.join().unwrap();
        }
        let screen = self.screen.lock().unwrap().screen().clone();
        // The terminal's line settings, as `stty` reads them (where there is one).
        let stty = self.master.tty_name().and_then(|tty| {
            let out = std::process::Command::new("stty")
                .arg("-a")
                .arg("-F")
                .arg(tty)
                .output()
                .ok()?;
            out.status
                .success()
                .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
        });
        Exited {
            status,
            screen,
            stty,
        }
    }

    /// Waits for the app to exit, successfully, and checks that it left the terminal usable.
    #[track_caller]
    pub fn expect_clean_exit(self) {
        let exited = self.wait_exit();
        assert!(exited.status.success(), "exit status {:?}", exited.status);
        exited.assert_terminal_restored();
    }
}

/// How the app ended.
pub struct Exited {
    pub status: ExitStatus,
    /// The screen with every byte the app wrote.
    pub screen: vt100::Screen,
    /// `stty -a` on the terminal afterwards, if it could run.
    pub stty: Option<String>,
}

impl Exited {
    /// The terminal as the app found it: main screen, cursor shown, bracketed paste off, and
    /// (where `stty` runs) out of raw mode.
    #[track_caller]
    pub fn assert_terminal_restored(&self) {
        let s = &self.screen;
        assert!(!s.alternate_screen(), "still on the alternate screen");
        assert!(!s.hide_cursor(), "cursor left hidden");
        assert!(!s.bracketed_paste(), "bracketed paste left on");
        if let Some(stty) = &self.stty {
            let flags: Vec<&str> = stty.split_whitespace().collect();
            for on in ["icanon", "echo", "isig", "opost"] {
                assert!(flags.contains(&on), "`{on}` is off, still raw:\n{stty}");
            }
        }
    }
}
