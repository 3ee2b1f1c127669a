//! Model `http-retry`: a client charging a card through an API, a network that loses things,
//! and a server with a ledger and (maybe) an idempotency-key store.
//!
//! The server follows the Idempotency-Key draft and Stripe: a repeated key whose first request
//! finished gets the stored response replayed; one still in flight gets 409; one with another
//! payload gets 422. `store: atomic` claims the key under a lock that a crash releases, then
//! commits a local payment row and the stored response in one transaction (a rollback undoes a
//! row, never a card charge). `store: check_then_act`
//! only reads the store before charging and records the key after, in its own step: two
//! overlapping requests both pass the check, and a crash in between forgets the key.

mod answer;
mod server;

use uuid::Uuid;

use super::core::Core;
use super::net::{Dir, hop, retry_or_give_up};
use super::trace::{Actor, KeyRow, Kind, Participant as P, TraceEvent, short};
use super::{Raw, SimError};
use crate::sim::counters::HttpCounter as C;
use crate::sim::scenario::{KeyMode, KeyScope, Operation, Scenario};

#[derive(Debug, Clone, Copy)]
enum Act {
    Submit(u32),
    Send(u32),
    Arrive(u32),
    Done(u32, u32),
    Response(u32),
    Timeout(u32),
    Restart,
}

/// One attempt (a request on the wire), numbered from 1 across the run.
struct Req {
    sub: u32,
    key: Option<Uuid>,
    amount: i64,
    status: u16,
}

/// One submission of the form and its retry loop.
#[derive(Default)]
struct Sub {
    tries: u32,
    current: Option<u32>,
    done: bool,
    key: Option<Uuid>,
}

struct Http<'a> {
    s: &'a Scenario,
    core: Core<Act, C>,
    reqs: Vec<Req>,
    subs: Vec<Sub>,
    keys: Vec<KeyRow>,
    form_key: Option<Uuid>,
    up: bool,
    epoch: u32,
}

pub(super) fn run(s: &Scenario, seed: u64, tracing: bool) -> Result<Raw, SimError> {
    let mut m = Http {
        s,
        core: Core::new(seed, tracing),
        reqs: Vec::with_capacity(8),
        subs: (0..s.client.submissions).map(|_| Sub::default()).collect(),
        keys: Vec::new(),
        form_key: None,
        up: true,
        epoch: 0,
    };
    for k in 0..s.client.submissions {
        let gap = s.client.submit_gap_ms.saturating_mul(u64::from(k));
        m.core.after(gap, "client.submit_gap_ms", Act::Submit(k));
    }
    while let Some(a) = m.core.next(|| "retry.attempts")? {
        m.step(a);
    }
    Ok(Raw {
        counters: m.core.c.into(),
        trace: m.core.trace,
        end_ms: m.core.now,
        events: m.core.events,
    })
}

/// `POST /charges #2 key=3f2a…`; with `amount` when retries change the payload.
fn request_label(op: Operation, n: u32, amount: Option<i64>, key: Option<Uuid>) -> String {
    let mut l = match op {
        Operation::Charge => "POST /charges".to_owned(),
        Operation::Set => "PUT /balance".to_owned(),
    };
    if let Some(a) = amount {
        l.push_str(&format!(" {a}"));
    }
    l.push_str(&format!(" #{n} "));
    match key {
        Some(k) => l.push_str(&format!("key={}", short(k))),
        None => l.push_str("no key"),
    }
    l
}

/// `charge #2`: attempt 2's charge (numbered like `process #2` and `POST /charges #2`, so an
/// overlap reads the right way round); `set balance=100`.
fn effect_label(op: Operation, attempt: u32, amount: i64) -> String {
    match op {
        Operation::Charge => format!("charge #{attempt}"),
        Operation::Set => format!("set balance={amount}"),
    }
}

fn request_line(op: Operation, amount: i64) -> String {
    match op {
        Operation::Charge => format!("POST /charges amount {amount}"),
        Operation::Set => format!("PUT /balance {amount}"),
    }
}

/// Real APIs keep a key about a day (Stripe: 24 hours); a scenario may keep it shorter so a
/// retry can outlive it, and then says so.
const REAL_TTL_MS: u64 = 86_400_000;

/// ` (24 h in real APIs)` after a key lifetime a scenario shortened, else nothing.
fn ttl_note(ttl: u64) -> String {
    if ttl < REAL_TTL_MS {
        format!(
            " here ({} in real APIs)",
            crate::text::duration(REAL_TTL_MS)
        )
    } else {
        String::new()
    }
}

/// `, kept 500 ms here (24 h in real APIs)` when a stored key's lifetime is shortened.
fn kept(ttl: u64) -> String {
    if ttl < REAL_TTL_MS {
        format!(", kept {}{}", crate::text::duration(ttl), ttl_note(ttl))
    } else {
        String::new()
    }
}

fn status_text(status: u16) -> &'static str {
    match status {
        200 => "200 OK",
        201 => "201 Created",
        409 => "409 Conflict",
        422 => "422 Unprocessable Content",
        _ => "an error",
    }
}

impl Http<'_> {
    fn step(&mut self, a: Act) {
        match a {
            Act::Submit(sub) => {
                if self.s.client.submissions > 1 {
                    self.core.emit(|t| {
                        TraceEvent::new(t, Kind::Submit, P::User, P::Client)
                            .by(Actor::User)
                            .text(format!("submits the form (submission {})", sub + 1))
                            .label(format!("submit #{}", sub + 1))
                    });
                }
                self.send(sub);
            }
            Act::Send(sub) => self.send(sub),
            Act::Arrive(n) => self.arrive(n),
            Act::Done(n, epoch) => self.done(n, epoch),
            Act::Response(n) => self.response(n),
            Act::Timeout(n) => self.timeout(n),
            Act::Restart => {
                self.up = true;
                self.core.restarted(P::Server);
            }
        }
    }

    fn req(&self, n: u32) -> &Req {
        &self.reqs[n as usize - 1]
    }

    fn send(&mut self, sub: u32) {
        let n = self.reqs.len() as u32 + 1;
        // Drawn for every attempt whatever the key mode, so timings line up across scenarios.
        let fresh = self.core.rng.uuid();
        let cl = &self.s.client;
        let sr = &mut self.subs[sub as usize];
        sr.tries += 1;
        sr.current = Some(n);
        let key = match (cl.key, cl.key_scope) {
            (KeyMode::None, _) => None,
            (KeyMode::PerAttempt, _) => Some(fresh),
            (KeyMode::PerOperation, KeyScope::Form) => Some(*self.form_key.get_or_insert(fresh)),
            (KeyMode::PerOperation, KeyScope::Submission) => Some(*sr.key.get_or_insert(fresh)),
        };
        let amount = if cl.change_payload_on_retry && sr.tries > 1 {
            other_amount(cl.amount)
        } else {
            cl.amount
        };
        let tries = sr.tries;
        self.reqs.push(Req {
            sub,
            key,
            amount,
            status: 0,
        });
        let attempts = self.core.bump(C::Attempts);
        let multi = self.s.client.submissions > 1;
        let op = self.s.client.operation;
        let shown_amount = cl.change_payload_on_retry.then_some(amount);
        self.core.emit(|t| {
            let mut text = format!("attempt {n}: {}", request_line(op, amount));
            match key {
                Some(k) => text.push_str(&format!(", key {}", short(k))),
                None => text.push_str(", no key"),
            }
            if tries > 1 {
                text.push_str(&format!(" (retry {})", tries - 1));
            }
            if multi {
                text.push_str(&format!(" for submission {}", sub + 1));
            }
            TraceEvent::new(t, Kind::Send, P::Client, P::Server)
                .at(n)
                .key(key)
                .text(text)
                .label(request_label(op, n, shown_amount, key))
                .change(attempts)
        });
        let arrives = hop(&mut self.core.rng, &self.s.network, Dir::Request, Some(n));
        self.core.arrive_or_drop(arrives, Act::Arrive(n), |t| {
            TraceEvent::new(t, Kind::Drop, P::Client, P::Server)
                .at(n)
                .key(key)
                .by(Actor::Network)
                .text(format!("attempt {n} is lost on the way to the server"))
        });
        self.core
            .after(self.s.retry.timeout_ms, "retry.timeout_ms", Act::Timeout(n));
    }

    fn response(&mut self, n: u32) {
        let (sub, status, key) = (self.req(n).sub, self.req(n).status, self.req(n).key);
        self.core.emit(|t| {
            TraceEvent::new(t, Kind::Deliver, P::Server, P::Client)
                .at(n)
                .key(key)
                .by(Actor::Client)
                .text(format!("receives {} for attempt {n}", status_text(status)))
        });
        let sr = &mut self.subs[sub as usize];
        if sr.done || sr.current != Some(n) {
            self.core.emit(|t| {
                TraceEvent::new(t, Kind::Late, P::Client, P::Client)
                    .at(n)
                    .key(key)
                    .by(Actor::Client)
                    .text(format!(
                        "had stopped waiting for attempt {n}; the answer is ignored"
                    ))
            });
            return;
        }
        sr.current = None;
        match status {
            200 | 201 => {
                sr.done = true;
                let ch = self.core.set(C::Succeeded, 1);
                self.core.emit(|t| {
                    TraceEvent::new(t, Kind::Success, P::Client, P::Client)
                        .at(n)
                        .key(key)
                        .by(Actor::Client)
                        .text(format!("done — {}", status_text(status)))
                        .change(ch)
                });
            }
            422 => {
                sr.done = true;
                self.core.emit(|t| {
                    TraceEvent::new(t, Kind::GiveUp, P::Client, P::Client)
                        .at(n)
                        .key(key)
                        .by(Actor::Client)
                        .text(
                            "422 — the key was used with another payload; \
                             the request must be fixed, not retried"
                                .into(),
                        )
                });
            }
            _ => self.retry_or_give_up(sub, n),
        }
    }

    fn timeout(&mut self, n: u32) {
        let sub = self.req(n).sub;
        let sr = &mut self.subs[sub as usize];
        if sr.done || sr.current != Some(n) {
            return;
        }
        sr.current = None;
        let after = self.s.retry.timeout_ms;
        let key = self.req(n).key;
        self.core.emit(|t| {
            TraceEvent::new(t, Kind::Timeout, P::Client, P::Client)
                .at(n)
                .key(key)
                .by(Actor::Client)
                .text(format!("no answer to attempt {n} after {after} ms"))
        });
        self.retry_or_give_up(sub, n);
    }

    fn retry_or_give_up(&mut self, sub: u32, n: u32) {
        let tries = self.subs[sub as usize].tries;
        if !retry_or_give_up(&mut self.core, &self.s.retry, tries, n, Act::Send(sub)) {
            self.subs[sub as usize].done = true;
        }
    }
}

/// The amount a retry sends with `change_payload_on_retry`.
pub(super) fn other_amount(amount: i64) -> i64 {
    if amount == 0 {
        1
    } else {
        amount.saturating_mul(2)
    }
}
