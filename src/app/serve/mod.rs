//! The `idemlab serve` dashboard's state: the running [`Server`], the request log it reported
//! (bounded), the ledger and key store read back from its database after each request, and the
//! knobs. Keys arrive as [`Action`]s and change the server's knobs live through
//! [`Server::set_knobs`]; nothing here draws (that is `ui::serve`) or touches the terminal
//! (that is `tui`). A double charge is counted and kept on its log entry as it arrives.

use std::collections::VecDeque;

use crate::keymap::{Action, Context};
use crate::server::{Charge, Delay, Event, KeyRow, Knobs, Ledger, Server, StoreMode};

/// Requests kept in the log (older ones are dropped from the view, still counted).
pub const LOG_CAP: usize = 500;
/// Keys and charges read back for the side panel.
pub const PANEL_ROWS: usize = 32;
/// Requests held back while the log is paused, beyond which the oldest held are dropped.
const HELD_CAP: usize = 2_000;

/// The steps of the fault knobs: a key moves to the next one, past the last back to 0.
pub const DROP_STEPS: [f64; 3] = [0.0, 0.5, 1.0];
pub const CRASH_STEPS: [f64; 3] = [0.0, 0.5, 1.0];
pub const DELAY_STEPS_MS: [u64; 3] = [0, 300, 1000];

pub struct Dashboard {
    server: Option<Server>,
    url: String,
    seed: u64,
    knobs: Knobs,
    /// Newest last.
    log: VecDeque<Event>,
    /// Arrived while paused; shown on resume.
    held: VecDeque<Event>,
    pub paused: bool,
    /// Every request seen, and the double charges among them.
    pub requests: u64,
    pub doubles: u64,
    /// Requests never shown: dropped from the server's event ring while the dashboard lagged,
    /// or from the held requests while paused.
    pub not_shown: u64,
    /// Of those, dropped while paused.
    held_dropped: u64,
    pub keys: Vec<KeyRow>,
    pub charges: Vec<Charge>,
    pub ledger: Option<Ledger>,
    /// A database read failed: said on the footer, the dashboard keeps going.
    pub error: Option<String>,
    pub running: bool,
    /// Wall-clock now in ms (injected on every event and tick so ages are testable).
    pub now_ms: i64,
    pub monochrome: bool,
}

impl Dashboard {
    /// Takes over a started server (its event receiver stays with the caller).
    #[must_use]
    pub fn new(server: Server, seed: u64, monochrome: bool) -> Dashboard {
        let mut d = Dashboard {
            url: server.url(),
            knobs: server.knobs(),
            server: Some(server),
            seed,
            log: VecDeque::new(),
            held: VecDeque::new(),
            paused: false,
            requests: 0,
            doubles: 0,
            not_shown: 0,
            held_dropped: 0,
            keys: Vec::new(),
            charges: Vec::new(),
            ledger: None,
            error: None,
            running: true,
            now_ms: crate::server::db::now_ms(),
            monochrome,
        };
        d.refresh();
        d
    }

    #[must_use]
    pub fn context(&self) -> Context {
        Context::Serve
    }

    #[must_use]
    pub fn url(&self) -> &str {
        &self.url
    }

    #[must_use]
    pub fn seed(&self) -> u64 {
        self.seed
    }

    #[must_use]
    pub fn knobs(&self) -> &Knobs {
        &self.knobs
    }

    /// The log as shown: frozen while paused. Newest last.
    pub fn log(&self) -> impl DoubleEndedIterator<Item = &Event> + ExactSizeIterator {
        self.log.iter()
    }

    /// Requests that arrived since the log was paused.
    #[must_use]
    pub fn held(&self) -> usize {
        self.held.len()
    }

    /// One request the server finished. The panel is read back by [`Dashboard::refresh`],
    /// once per burst of requests.
    pub fn on_event(&mut self, ev: Event) {
        self.requests += 1;
        if ev.duplicate_of.is_some() {
            self.doubles += 1;
        }
        if self.paused {
            if push_bounded(&mut self.held, ev, HELD_CAP) {
                self.held_dropped += 1;
                self.not_shown += 1;
            }
        } else {
            let _ = push_bounded(&mut self.log, ev, LOG_CAP);
        }
    }

    /// Reads the key store, the newest charges and the ledger back from the database.
    pub fn refresh(&mut self) {
        self.now_ms = crate::server::db::now_ms();
        let Some(s) = &self.server else { return };
        self.not_shown = s.lost_events() + self.held_dropped;
        let read = || -> rusqlite::Result<(Vec<KeyRow>, Vec<Charge>, Ledger)> {
            Ok((
                s.keys(PANEL_ROWS)?,
                s.recent_charges(PANEL_ROWS)?,
                s.ledger()?,
            ))
        };
        match read() {
            Ok((k, c, l)) => {
                self.keys = k;
                self.charges = c;
                self.ledger = Some(l);
                self.error = None;
            }
            Err(e) => self.error = Some(format!("cannot read the database: {e}")),
        }
    }

    pub fn update(&mut self, action: Action) {
        let mut k = self.knobs.clone();
        match action {
            Action::Quit => {
                self.running = false;
                return;
            }
            Action::PauseLog => {
                self.paused = !self.paused;
                if !self.paused {
                    for ev in std::mem::take(&mut self.held) {
                        let _ = push_bounded(&mut self.log, ev, LOG_CAP);
                    }
                }
                return;
            }
            Action::ToggleStore => k.store = k.store.next(),
            Action::ToggleDrop => k.drop_response = next_step(&DROP_STEPS, k.drop_response),
            Action::ToggleCrash => k.crash = next_step(&CRASH_STEPS, k.crash),
            Action::ToggleDelay => {
                let ms = next_delay(k.delay.max_ms);
                k.delay = Delay {
                    min_ms: ms,
                    max_ms: ms,
                };
            }
            _ => return,
        }
        self.set_knobs(k);
    }

    fn set_knobs(&mut self, k: Knobs) {
        if let Some(s) = &self.server {
            s.set_knobs(k.clone());
            self.knobs = s.knobs();
        } else {
            self.knobs = k;
        }
    }

    /// Stops the server (requests in flight finish or get a 503) and gives back the final
    /// ledger.
    pub fn shutdown(&mut self) -> Option<Ledger> {
        let s = self.server.take()?;
        let ledger = s.ledger().ok();
        s.shutdown();
        ledger
    }

    /// The store mode the server runs now.
    #[must_use]
    pub fn store(&self) -> StoreMode {
        self.knobs.store
    }
}

impl Drop for Dashboard {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Pushes `ev`, dropping the oldest when full: says whether one was dropped.
fn push_bounded(q: &mut VecDeque<Event>, ev: Event, cap: usize) -> bool {
    let full = q.len() == cap;
    if full {
        q.pop_front();
    }
    q.push_back(ev);
    full
}

/// The first step above `now`, else 0.
fn next_step(steps: &[f64], now: f64) -> f64 {
    steps.iter().copied().find(|s| *s > now).unwrap_or(0.0)
}

fn next_delay(now: u64) -> u64 {
    DELAY_STEPS_MS
        .iter()
        .copied()
        .find(|s| *s > now)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_steps_cycle_from_any_value() {
        assert_eq!(next_step(&DROP_STEPS, 0.0), 0.5);
        assert_eq!(next_step(&DROP_STEPS, 0.5), 1.0);
        assert_eq!(next_step(&DROP_STEPS, 1.0), 0.0);
        assert_eq!(next_step(&DROP_STEPS, 0.2), 0.5);
        assert_eq!(next_delay(0), 300);
        assert_eq!(next_delay(1000), 0);
        assert_eq!(next_delay(5000), 0);
    }
}
