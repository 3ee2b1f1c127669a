//! The probe's only way to the network. Every request goes through [`Client`], which sends it
//! to the one target given, counts it against the printed bound (and refuses one more), records
//! it in the run's history and reads at most [`BODY_LIMIT`](super::exchange::BODY_LIMIT) of the answer. Redirects are never
//! followed, proxies from the environment are never used, and every request has a deadline.
//!
//! This file holds the client, its bound and its two ways to send; `wire.rs` puts a request on
//! the wire and reads the answer, `record.rs` keeps the history and decides when the run stops.

use std::net::{TcpStream, ToSocketAddrs as _};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::exchange::{Exchange, Outcome};
use super::target::{Endpoint, Target};

mod record;
mod wire;

/// How much of each body the run-wide history keeps (the checks judge the full answer).
pub const HISTORY_BODY: usize = 2048;

/// A request to send: everything but the target.
#[derive(Debug, Clone, Copy)]
pub struct Req<'a> {
    pub check: &'static str,
    pub lane: usize,
    pub method: &'a str,
    pub path: &'a str,
    pub key: Option<&'a str>,
    pub body: Option<&'a str>,
}

/// Why a request was not sent (its exchange's `NotSent` reason). A reason that starts with
/// "cannot " means the target is unreachable, which stops the run.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("the run stopped: {0}")]
    Stopped(String),
    #[error("the request bound of the plan is spent")]
    BoundSpent,
    #[error("cannot connect to {authority}: {source}")]
    Connect {
        authority: String,
        source: std::io::Error,
    },
    #[error("cannot connect to {0}: no address")]
    NoAddress(String),
    #[error("connection lost while sending: {0}")]
    Lost(std::io::Error),
}

/// Something that wants each exchange as it is recorded (the history file).
pub type Listener = Box<dyn FnMut(&Exchange) + Send>;

pub struct Client {
    agent: ureq::Agent,
    target: Target,
    endpoint: Endpoint,
    timeout: Duration,
    start: Instant,
    seq: AtomicUsize,
    /// Requests still allowed.
    budget: AtomicUsize,
    sent: AtomicUsize,
    history: Mutex<Vec<Exchange>>,
    listener: Mutex<Option<Listener>>,
    /// Why the run stopped early (unreachable, hangs, answers HTML): later requests are not sent.
    fatal: Mutex<Option<String>>,
    /// The stop came from the target's first answer (a redirect, HTML, a huge body): the
    /// check that got it cannot fail on it, it was never a fair test.
    gated: AtomicBool,
    first_seen: AtomicBool,
    endpoint_seen: AtomicBool,
}

impl Client {
    #[must_use]
    pub fn new(target: Target, endpoint: Endpoint, timeout: Duration, max_requests: usize) -> Self {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .max_redirects(0)
            .max_idle_connections(0)
            .max_idle_connections_per_host(0)
            .timeout_global(Some(timeout))
            .timeout_connect(Some(timeout.min(Duration::from_secs(3))))
            .max_response_header_size(64 * 1024)
            .user_agent("idemlab-probe")
            .build();
        Client {
            agent: config.new_agent(),
            target,
            endpoint,
            timeout,
            start: Instant::now(),
            seq: AtomicUsize::new(0),
            budget: AtomicUsize::new(max_requests),
            sent: AtomicUsize::new(0),
            history: Mutex::new(Vec::new()),
            listener: Mutex::new(None),
            fatal: Mutex::new(None),
            gated: AtomicBool::new(false),
            first_seen: AtomicBool::new(false),
            endpoint_seen: AtomicBool::new(false),
        }
    }

    pub fn set_listener(&self, l: Listener) {
        *lock(&self.listener) = Some(l);
    }

    #[must_use]
    pub fn target(&self) -> &Target {
        &self.target
    }

    #[must_use]
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Requests that left the probe (or tried to connect).
    #[must_use]
    pub fn requests_sent(&self) -> usize {
        self.sent.load(Ordering::SeqCst)
    }

    /// Why the run stopped early, if it did.
    #[must_use]
    pub fn fatal(&self) -> Option<String> {
        lock(&self.fatal).clone()
    }

    /// True when the run stopped on the target's first answer (see [`Client::fatal`]).
    #[must_use]
    pub fn gated(&self) -> bool {
        self.gated.load(Ordering::SeqCst)
    }

    /// Resolves the host before anything is sent, so a name that does not resolve stops the
    /// run with that reason instead of a vague I/O error on the first request.
    pub fn preflight(&self) {
        let authority = self.target.authority();
        let resolved = authority.to_socket_addrs().map(|mut a| a.next());
        let why = match resolved {
            Ok(Some(_)) => return,
            Ok(None) => "no address".to_owned(),
            Err(e) => crate::text::sanitize_line(&e.to_string()),
        };
        lock(&self.fatal).get_or_insert(format!(
            "cannot resolve {}: {why}",
            crate::text::reveal(&self.target.host)
        ));
    }

    /// The run's history so far (bodies cut at [`HISTORY_BODY`]).
    #[must_use]
    pub fn history(&self) -> Vec<Exchange> {
        lock(&self.history).clone()
    }

    fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Takes one request from the bound, or says why not.
    fn reserve(&self) -> Result<(), SendError> {
        if let Some(f) = self.fatal() {
            return Err(SendError::Stopped(f));
        }
        self.budget
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |b| b.checked_sub(1))
            .map_err(|_| SendError::BoundSpent)?;
        self.sent.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    fn blank(&self, r: &Req<'_>) -> Exchange {
        Exchange {
            check: r.check,
            seq: self.seq.fetch_add(1, Ordering::SeqCst),
            lane: r.lane,
            t_ms: self.elapsed_ms(),
            dur_ms: 0,
            method: r.method.to_owned(),
            path: self.target.wire_path(r.path),
            key: r.key.map(str::to_owned),
            body: r.body.map(str::to_owned),
            outcome: Outcome::Dropped,
        }
    }

    /// Sends one request and waits (bounded) for its answer.
    pub fn send(&self, r: Req<'_>) -> Exchange {
        let mut ex = self.blank(&r);
        if let Err(e) = self.reserve() {
            ex.outcome = Outcome::NotSent {
                reason: e.to_string(),
            };
            return ex;
        }
        let began = Instant::now();
        ex.outcome = self.exchange(&r);
        ex.dur_ms = u64::try_from(began.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.record(&ex);
        ex
    }

    /// Sends one request over a raw connection whose answer the probe never reads: the lost
    /// response. The connection is handed back open, so the target, like one across a real
    /// network, cannot tell; the caller closes it when it is done retrying. (Closing it at once
    /// makes some servers abandon the request half-way, which is another bug, not this one.)
    pub fn send_unread(&self, r: Req<'_>) -> (Exchange, Option<TcpStream>) {
        let mut ex = self.blank(&r);
        if let Err(e) = self.reserve() {
            ex.outcome = Outcome::NotSent {
                reason: e.to_string(),
            };
            return (ex, None);
        }
        let began = Instant::now();
        let (outcome, stream) = match self.raw_send(&r) {
            Ok(s) => (Outcome::Dropped, Some(s)),
            Err(e) => (
                Outcome::NotSent {
                    reason: e.to_string(),
                },
                None,
            ),
        };
        ex.outcome = outcome;
        ex.dur_ms = u64::try_from(began.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.record(&ex);
        (ex, stream)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
