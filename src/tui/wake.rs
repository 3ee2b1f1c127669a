//! What wakes the event loop, on one channel: terminal input, read on its own thread, and on Unix
//! the signals that end the app (SIGTERM, SIGHUP, SIGINT), forwarded by signal-hook's iterator
//! thread. The loop sleeps in `recv` until one of them sends: no polling while the learner
//! reads.
//!
//! Input has its own thread rather than the loop calling `event::read` itself because a signal
//! cannot interrupt that call (crossterm retries on EINTR), and after a hang-up crossterm's
//! reader spins on the dead terminal without returning; the loop, waiting on the channel, still
//! hears the SIGHUP, saves and exits.
//!
//! While an editor has the terminal (`e` on the lab screen) the input thread must not read a
//! single key of the editor's: it waits for input at most [`GATE_CHECK`] at a time, so it can
//! notice the [`Gate`] closing and park until the editor exits. The loop itself still sleeps.
//! A saved lab file wakes the loop too ([`Wake::FileChanged`], from `watch.rs`).

use std::io;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use crossterm::event::{self, Event};

/// One reason to wake up.
#[derive(Debug)]
pub enum Wake {
    Input(io::Result<Event>),
    /// The signal's number.
    Signal(i32),
    /// The watched lab file was saved.
    FileChanged,
    /// `idemlab serve`'s server finished a request (the dashboard's loop).
    Server(Box<crate::server::Event>),
}

/// How long the input thread waits for input before it looks at the gate again.
const GATE_CHECK: Duration = Duration::from_millis(250);

#[derive(Debug, Default)]
struct GateState {
    closed: bool,
    parked: bool,
}

/// Stops the input thread reading while another program owns the terminal.
#[derive(Debug, Default)]
pub struct Gate {
    state: Mutex<GateState>,
    cv: Condvar,
}

impl Gate {
    /// Closes the gate and waits (bounded) until the input thread has parked.
    pub fn close(&self) {
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        s.closed = true;
        let deadline = std::time::Instant::now() + GATE_CHECK * 4;
        while !s.parked {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                break;
            }
            s = self
                .cv
                .wait_timeout(s, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    pub fn open(&self) {
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        s.closed = false;
        self.cv.notify_all();
    }

    /// Parks the calling (input) thread while the gate is closed.
    fn pass(&self) {
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if !s.closed {
            return;
        }
        s.parked = true;
        self.cv.notify_all();
        while s.closed {
            s = self.cv.wait(s).unwrap_or_else(PoisonError::into_inner);
        }
        s.parked = false;
    }
}

/// Reads terminal input on a thread until reading fails or the loop is gone, parking while
/// `gate` is closed.
pub fn spawn_input(tx: Sender<Wake>, gate: Arc<Gate>) -> io::Result<()> {
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            loop {
                gate.pass();
                match event::poll(GATE_CHECK) {
                    Ok(false) => continue,
                    Ok(true) => {}
                    Err(e) => {
                        let _ = tx.send(Wake::Input(Err(e)));
                        break;
                    }
                }
                let ev = event::read();
                let failed = ev.is_err();
                if tx.send(Wake::Input(ev)).is_err() || failed {
                    break;
                }
            }
        })
        .map(drop)
}

/// Forwards SIGTERM, SIGHUP and SIGINT instead of letting them kill the app. From now on these
/// signals no longer end the process by themselves: the loop must act on [`Wake::Signal`].
#[cfg(unix)]
pub fn spawn_signals(tx: Sender<Wake>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                if tx.send(Wake::Signal(sig)).is_err() {
                    break;
                }
            }
        })
        .map(drop)
}

#[cfg(not(unix))]
pub fn spawn_signals(_tx: Sender<Wake>) -> io::Result<()> {
    Ok(())
}
