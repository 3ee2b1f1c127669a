//! What every request handler shares: the database, the live knobs, the fault plan, the event
//! channel, and the flag that says the server is shutting down. Also what each connection puts in
//! its requests' extensions ([`ConnCtx`]), so a handler can close its own connection.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use tokio::sync::Notify;

use super::config::{Config, Knobs};
use super::db::Db;
use super::event::Event;
use super::events::EventTx;
use super::faults::{Draw, Plan};
use super::store;

/// Requests between two purges of expired keys.
const PURGE_EVERY: u64 = 1000;

pub struct Shared {
    pub db: Arc<Db>,
    knobs: RwLock<Knobs>,
    plan: Mutex<Plan>,
    events: EventTx,
    pub key_ttl_ms: i64,
    pub lease_ms: i64,
    /// How long a client may take to send a head or a body it announced.
    pub read_timeout: std::time::Duration,
    seq: AtomicU64,
    pub closing: AtomicBool,
    effects: AtomicU64,
}

/// One connection's handle, in each of its requests' extensions.
#[derive(Clone)]
pub struct ConnCtx {
    pub id: u64,
    /// Notified: the connection is closed at once, without an answer.
    pub abort: Arc<Notify>,
}

impl Shared {
    pub fn new(cfg: &Config, db: Arc<Db>, events: EventTx) -> Shared {
        let ms = |d: std::time::Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        Shared {
            db,
            knobs: RwLock::new(cfg.knobs.clone()),
            plan: Mutex::new(Plan::new(cfg.seed)),
            events,
            key_ttl_ms: ms(cfg.key_ttl),
            lease_ms: ms(cfg.in_flight_timeout),
            read_timeout: cfg.read_timeout,
            seq: AtomicU64::new(0),
            closing: AtomicBool::new(false),
            effects: AtomicU64::new(0),
        }
    }

    #[must_use]
    pub fn knobs(&self) -> Knobs {
        self.knobs
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub fn set_knobs(&self, knobs: Knobs) {
        *self.knobs.write().unwrap_or_else(PoisonError::into_inner) = knobs;
    }

    pub fn draw(&self, knobs: &Knobs) -> Draw {
        self.plan
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .draw(knobs)
    }

    #[must_use]
    pub fn ttl_ms(&self) -> i64 {
        self.key_ttl_ms
    }

    #[must_use]
    pub fn lease_ms(&self) -> i64 {
        self.lease_ms
    }

    /// Numbers the event and keeps it for the reader; never waits (a full ring drops its
    /// oldest).
    pub fn emit(&self, mut ev: Event) {
        ev.seq = self.seq.fetch_add(1, Ordering::Relaxed) + 1;
        self.events.send(ev);
    }

    /// Events dropped unread.
    #[must_use]
    pub fn lost_events(&self) -> u64 {
        self.events.dropped()
    }

    /// Every [`PURGE_EVERY`] effectful requests, forgets expired keys.
    pub async fn maybe_purge(self: &Arc<Self>, now: i64) {
        let n = self.effects.fetch_add(1, Ordering::Relaxed) + 1;
        if n.is_multiple_of(PURGE_EVERY) {
            let ttl = self.key_ttl_ms;
            let _ = super::flow::blocking(self, move |c| store::purge_expired(c, now, ttl)).await;
        }
    }
}
