//! The terminal around the `idemlab serve` dashboard. [`Prepared::new`] catches SIGTERM, SIGHUP
//! and SIGINT before the server starts (so none kills it half-way); [`Prepared::run`] takes the
//! terminal, forwards the server's events onto the same wake channel as input and signals (at
//! most [`IN_FLIGHT`] ahead of the loop: the rest wait in the server's bounded ring), and
//! sleeps on it: the screen redraws only when a request finishes or a key is pressed. The
//! terminal is restored on quit, error, signal and panic (the panic hook of `tui::run`).

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

use color_eyre::eyre::{WrapErr, eyre};
use crossterm::event::Event as TermEvent;

use super::wake::{self, Gate, Wake};
use crate::app::serve::Dashboard;
use crate::keymap;
use crate::server::Events;

/// Wake-ups handled between two frames at most.
const BURST: usize = 512;
/// Server events on the wake channel not yet handled, at most: the forwarder waits past it,
/// so a burst stays in the server's ring (where the oldest are dropped and counted) instead of
/// growing the unbounded wake channel.
const IN_FLIGHT: usize = 256;

/// How the dashboard ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// q, Esc or Ctrl-C.
    Quit,
    /// The signal's number.
    Signal(i32),
}

/// The wake channel with the signal thread already listening.
pub struct Prepared {
    tx: Sender<Wake>,
    rx: Receiver<Wake>,
}

impl Prepared {
    /// # Errors
    /// The signal handlers cannot be installed.
    pub fn new() -> std::io::Result<Prepared> {
        let (tx, rx) = mpsc::channel();
        wake::spawn_signals(tx.clone())?;
        Ok(Prepared { tx, rx })
    }

    /// Runs the dashboard until it quits or a signal comes. The server is not stopped here
    /// (the caller does, after the terminal is back, so its last words are readable).
    ///
    /// # Errors
    /// The terminal cannot be set up, drawn on or read.
    pub fn run(self, dash: &mut Dashboard, events: Option<Events>) -> color_eyre::Result<Ended> {
        let Prepared { tx, rx } = self;
        // One credit back per server event handled.
        let (ack, credits) = mpsc::channel::<()>();
        if let Some(events) = events {
            let tx = tx.clone();
            std::thread::Builder::new()
                .name("serve-events".into())
                .spawn(move || forward(&events, &tx, &credits))
                .wrap_err("cannot start the event thread")?;
        }
        let mut terminal = ratatui::try_init().wrap_err("cannot set up the terminal")?;
        super::chain_panic_hook();
        let gate = Arc::new(Gate::default());
        let result = match wake::spawn_input(tx, gate) {
            Ok(()) => event_loop(&mut terminal, dash, &rx, &ack),
            Err(e) => Err(e).wrap_err("cannot read input"),
        };
        let result = match result {
            Err(e) => super::late_signal(&rx).map_or(Err(e), |sig| Ok(Ended::Signal(sig))),
            ok => ok,
        };
        let restored = super::restore();
        // As in `tui::run`: its drop would report a failed cursor show with `eprintln!`.
        std::mem::forget(terminal);
        let ended = result?;
        if let Ended::Quit = ended {
            restored.wrap_err("cannot restore the terminal")?;
        }
        Ok(ended)
    }
}

/// Moves server events onto the wake channel, at most [`IN_FLIGHT`] ahead of the loop.
fn forward(events: &Events, tx: &Sender<Wake>, credits: &Receiver<()>) {
    let mut credit = IN_FLIGHT;
    loop {
        credit += credits.try_iter().count();
        if credit == 0 {
            // The loop is behind: wait for it (events pile up in the ring meanwhile).
            if credits.recv().is_err() {
                return;
            }
            credit += 1;
        }
        let Some(ev) = events.recv() else { return };
        credit -= 1;
        if tx.send(Wake::Server(Box::new(ev))).is_err() {
            return;
        }
    }
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    dash: &mut Dashboard,
    rx: &Receiver<Wake>,
    ack: &Sender<()>,
) -> color_eyre::Result<Ended> {
    while dash.running {
        terminal
            .draw(|f| f.render_widget(&*dash, f.area()))
            .wrap_err("drawing")?;
        match rx.recv() {
            Ok(Wake::Input(Ok(TermEvent::Key(key)))) => {
                if let Some(action) = keymap::action(dash.context(), &key) {
                    dash.update(action);
                }
            }
            Ok(Wake::Input(Ok(_)) | Wake::FileChanged) => {}
            Ok(Wake::Input(Err(e))) => return Err(e).wrap_err("reading input"),
            Ok(Wake::Signal(sig)) => return Ok(Ended::Signal(sig)),
            Ok(Wake::Server(ev)) => {
                dash.on_event(*ev);
                let _ = ack.send(());
                // A burst of requests is drawn once, not once per request (bounded, so a
                // steady stream still gets drawn).
                for _ in 0..BURST {
                    let Ok(w) = rx.try_recv() else { break };
                    match w {
                        Wake::Server(ev) => {
                            dash.on_event(*ev);
                            let _ = ack.send(());
                        }
                        Wake::Signal(sig) => return Ok(Ended::Signal(sig)),
                        Wake::Input(Ok(TermEvent::Key(key))) => {
                            if let Some(action) = keymap::action(dash.context(), &key) {
                                dash.update(action);
                            }
                        }
                        Wake::Input(Err(e)) => return Err(e).wrap_err("reading input"),
                        Wake::Input(Ok(_)) | Wake::FileChanged => {}
                    }
                    if !dash.running {
                        break;
                    }
                }
                dash.refresh();
            }
            Err(_) => return Err(eyre!("input stopped")),
        }
    }
    Ok(Ended::Quit)
}
