//! What wakes the event loop, on one channel: terminal input, read on its own thread, and on Unix
//! the signals that end the app (SIGTERM, SIGHUP, SIGINT), forwarded by signal-hook's iterator
//! thread. The loop sleeps in `recv` until one of them sends: no polling while the learner
//! reads.
//!
//! Input has its own thread rather than the loop calling `event::read` itself because a signal
//! cannot interrupt that call (crossterm retries on EINTR), and after a hang-up crossterm's
//! reader spins on the dead terminal without returning; the loop, waiting on the channel, still
//! hears the SIGHUP, saves and exits.

use std::io;
use std::sync::mpsc::Sender;

use crossterm::event::{self, Event};

/// One reason to wake up.
#[derive(Debug)]
pub enum Wake {
    Input(io::Result<Event>),
    /// The signal's number.
    Signal(i32),
}

/// Reads terminal input on a thread until reading fails or the loop is gone.
pub fn spawn_input(tx: Sender<Wake>) -> io::Result<()> {
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            loop {
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
