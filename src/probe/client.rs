//! The probe's only way to the network. Every request goes through [`Client`], which sends it
//! to the one target given, counts it against the printed bound (and refuses one more), records
//! it in the run's history and reads at most [`BODY_LIMIT`] of the answer. Redirects are never
//! followed, proxies from the environment are never used, and every request has a deadline.

use std::io::{Read as _, Write as _};
use std::net::{TcpStream, ToSocketAddrs as _};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::exchange::{BODY_LIMIT, Exchange, Outcome, Response};
use super::target::{Endpoint, Target};

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

    fn exchange(&self, r: &Req<'_>) -> Outcome {
        let mut b = ureq::http::Request::builder()
            .method(r.method)
            .uri(self.target.url_of(r.path));
        if let Some(k) = r.key {
            b = b.header("Idempotency-Key", format!("\"{k}\""));
        }
        if r.body.is_some() {
            b = b.header("Content-Type", "application/json");
        }
        let request = match b.body(r.body.unwrap_or("").as_bytes().to_vec()) {
            Ok(req) => req,
            Err(e) => {
                return Outcome::NotSent {
                    reason: format!("bad request: {e}"),
                };
            }
        };
        match self.agent.run(request) {
            Ok(resp) => read_response(resp),
            Err(e) => classify(&e, self.timeout, &self.target.authority()),
        }
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

    fn raw_send(&self, r: &Req<'_>) -> Result<TcpStream, SendError> {
        let authority = self.target.authority();
        let connect_error = |source| SendError::Connect {
            authority: authority.clone(),
            source,
        };
        let addr = authority
            .to_socket_addrs()
            .map_err(connect_error)?
            .next()
            .ok_or_else(|| SendError::NoAddress(authority.clone()))?;
        let connect = self.timeout.min(Duration::from_secs(3));
        let mut s = TcpStream::connect_timeout(&addr, connect).map_err(connect_error)?;
        s.set_write_timeout(Some(self.timeout)).ok();
        let body = r.body.unwrap_or("");
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: {authority}\r\nUser-Agent: idemlab-probe\r\nConnection: close\r\nContent-Length: {}\r\n",
            r.method,
            self.target.wire_path(r.path),
            body.len()
        );
        if r.body.is_some() {
            head.push_str("Content-Type: application/json\r\n");
        }
        if let Some(k) = r.key {
            head.push_str(&format!("Idempotency-Key: \"{k}\"\r\n"));
        }
        head.push_str("\r\n");
        head.push_str(body);
        s.write_all(head.as_bytes())
            .and_then(|()| s.flush())
            .map_err(SendError::Lost)?;
        Ok(s)
    }

    /// Keeps a capped copy in the history, tells the listener, and stops the run when the
    /// answer shows the target cannot be probed.
    fn record(&self, ex: &Exchange) {
        let mut kept = ex.clone();
        if let Outcome::Response(r) = &mut kept.outcome
            && r.body.len() > HISTORY_BODY
        {
            let mut cut = HISTORY_BODY;
            while !r.body.is_char_boundary(cut) {
                cut -= 1;
            }
            r.body.truncate(cut);
            r.truncated = true;
        }
        if let Some(l) = lock(&self.listener).as_mut() {
            l(&kept);
        }
        lock(&self.history).push(kept);
        if let Some((reason, gate)) = self.stops_the_run(ex) {
            let mut f = lock(&self.fatal);
            if f.is_none() {
                *f = Some(reason);
                self.gated.store(gate, Ordering::SeqCst);
            }
        }
    }

    /// Why this exchange stops the run, and whether it is a gate (see [`Client::gated`]).
    fn stops_the_run(&self, ex: &Exchange) -> Option<(String, bool)> {
        let first = !self.first_seen.swap(true, Ordering::SeqCst);
        let authority = self.target.authority();
        match &ex.outcome {
            Outcome::NotSent { reason } if reason.starts_with("cannot ") => {
                return Some((format!("{reason}: is the server running?"), false));
            }
            Outcome::NoResponse { reason } if first => {
                return Some((
                    format!(
                        "{authority} did not answer the first request ({reason}): the server hangs or is not an HTTP server"
                    ),
                    true,
                ));
            }
            _ => {}
        }
        let is_endpoint = ex.method == self.endpoint.method
            && ex.path == self.target.wire_path(&self.endpoint.path);
        let resp = ex.response()?;
        if !is_endpoint || self.endpoint_seen.swap(true, Ordering::SeqCst) {
            return None;
        }
        let shown = format!("{} {}", ex.method, crate::text::reveal(&ex.path));
        if (300..400).contains(&resp.status) {
            let to = resp.location.as_deref().map_or_else(
                || "no Location".to_owned(),
                |l| format!("to {}", crate::text::reveal(l)),
            );
            return Some((
                format!(
                    "{shown} answered {} (a redirect {to}); probe follows no redirects: give the URL the API really answers on",
                    resp.status
                ),
                true,
            ));
        }
        if resp.media_type().as_deref() == Some("text/html") {
            return Some((
                format!(
                    "{shown} answered an HTML page (status {}), not an API answer: is {} the API's base URL, and is --endpoint right?",
                    resp.status,
                    crate::text::reveal(&self.target.url)
                ),
                true,
            ));
        }
        if resp.truncated {
            return Some((
                format!(
                    "{shown} answered a body over {} KiB (the probe read no more): answers that big cannot be compared",
                    BODY_LIMIT / 1024
                ),
                true,
            ));
        }
        None
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn header(resp: &ureq::http::Response<ureq::Body>, name: &str) -> Option<String> {
    resp.headers()
        .get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

fn read_response(resp: ureq::http::Response<ureq::Body>) -> Outcome {
    let mut r = Response {
        status: resp.status().as_u16(),
        content_type: header(&resp, "content-type"),
        replayed: header(&resp, "idempotent-replayed"),
        retry_after: header(&resp, "retry-after"),
        location: header(&resp, "location"),
        ..Response::default()
    };
    let mut bytes = Vec::new();
    let limit = u64::try_from(BODY_LIMIT).unwrap_or(u64::MAX) + 1;
    let read = resp
        .into_body()
        .into_reader()
        .take(limit)
        .read_to_end(&mut bytes);
    if let Err(e) = read {
        // The head arrived, the body did not: the answer is incomplete, the effect may have happened.
        return Outcome::NoResponse {
            reason: format!("status {} arrived but the body did not: {e}", r.status),
        };
    }
    if bytes.len() > BODY_LIMIT {
        bytes.truncate(BODY_LIMIT);
        r.truncated = true;
    }
    r.body = String::from_utf8_lossy(&bytes).into_owned();
    Outcome::Response(r)
}

/// A failed call: never connected (did not happen) or sent without an answer (may have).
fn classify(e: &ureq::Error, timeout: Duration, authority: &str) -> Outcome {
    use ureq::Error as E;
    use ureq::Timeout as T;
    let not_sent = |why: &str| Outcome::NotSent {
        reason: format!(
            "cannot connect to {}: {why}",
            crate::text::reveal(authority)
        ),
    };
    match e {
        E::HostNotFound => not_sent("no such host"),
        E::ConnectionFailed => not_sent("connection failed"),
        E::Timeout(T::Connect | T::Resolve) => not_sent("timed out"),
        E::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            not_sent("connection refused")
        }
        E::Timeout(_) => Outcome::NoResponse {
            reason: format!("no answer within {} ms", timeout.as_millis()),
        },
        E::LargeResponseHeader(..) => Outcome::NoResponse {
            reason: "the response head is over 64 KiB".into(),
        },
        other => Outcome::NoResponse {
            reason: crate::text::sanitize_line(&other.to_string()),
        },
    }
}
