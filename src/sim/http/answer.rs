//! The server of `http-retry` when it is done with an attempt: storing the key's row, the
//! answer (replayed or not) and its trip back, and a crash that loses what was not committed.
//! Kept apart from `server.rs`, which decides what an attempt does.

use super::{Act, Http, status_text};
use crate::sim::net::{Dir, hop};
use crate::sim::trace::{Actor, Change, KeyRow, KeyState, Kind, Participant as P, TraceEvent};
use uuid::Uuid;

impl Http<'_> {
    pub(super) fn put_key(&mut self, row: KeyRow) {
        match self.keys.iter_mut().find(|r| r.key == row.key) {
            Some(r) => *r = row,
            None => self.keys.push(row),
        }
    }

    /// The server dies: uncommitted work (key locks, uncommitted payment rows) is lost.
    pub(super) fn crash(&mut self, text: String) {
        self.up = false;
        self.epoch += 1;
        let lost: Vec<Uuid> = self
            .keys
            .iter()
            .filter(|r| r.state == KeyState::InFlight)
            .map(|r| r.key)
            .collect();
        self.keys.retain(|r| r.state != KeyState::InFlight);
        self.core.crash(
            P::Server,
            text,
            lost.into_iter().map(|key| Change::Key { key, row: None }),
            (self.s.server.restart_ms, "server.restart_ms"),
            Act::Restart,
        );
    }

    pub(super) fn respond(&mut self, n: u32, status: u16) {
        self.respond_replayed(n, status, false);
    }

    pub(super) fn respond_replayed(&mut self, n: u32, status: u16, replayed: bool) {
        self.reqs[n as usize - 1].status = status;
        let key = self.req(n).key;
        self.core.emit(|t| {
            TraceEvent::new(t, Kind::Send, P::Server, P::Client)
                .at(n)
                .key(key)
                .by(Actor::Server)
                .text(format!("answers attempt {n}: {}", status_text(status)))
                .label(if replayed {
                    format!("{status} replayed")
                } else {
                    status.to_string()
                })
        });
        let arrives = hop(&mut self.core.rng, &self.s.network, Dir::Response, Some(n));
        self.core.arrive_or_drop(arrives, Act::Response(n), |t| {
            TraceEvent::new(t, Kind::Drop, P::Server, P::Client)
                .at(n)
                .key(key)
                .by(Actor::Network)
                .text(format!(
                    "the response to attempt {n} ({}) is lost",
                    status_text(status)
                ))
        });
    }
}
