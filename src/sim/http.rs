//! Model `http-retry`: a client charging a card through an API, a network that loses things,
//! and a server with a ledger and (maybe) an idempotency-key store.
//!
//! The server follows the Idempotency-Key draft and Stripe: a repeated key whose first request
//! finished gets the stored response replayed; one still in flight gets 409; one with another
//! payload gets 422. `store: atomic` records the key (in flight) and then commits the charge and
//! the stored response in one transaction, so a crash rolls both back. `store: check_then_act`
//! only reads the store before charging and records the key after, in its own step: two
//! overlapping requests both pass the check, and a crash in between forgets the key.

use uuid::Uuid;

use super::core::Core;
use super::net::{Dir, hop, retry_or_give_up};
use super::trace::{Actor, Change, KeyRow, KeyState, Kind, Participant as P, TraceEvent, short};
use super::{Raw, SimError};
use crate::sim::counters::HttpCounter as C;
use crate::sim::scenario::{KeyMode, KeyScope, Operation, Scenario, ServerFault, Store};

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

/// `charge #2`: the run's second charge; `set balance=100`.
fn effect_label(op: Operation, nth: i64, amount: i64) -> String {
    match op {
        Operation::Charge => format!("charge #{nth}"),
        Operation::Set => format!("set balance={amount}"),
    }
}

fn request_line(op: Operation, amount: i64) -> String {
    match op {
        Operation::Charge => format!("POST /charges amount {amount}"),
        Operation::Set => format!("PUT /balance {amount}"),
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

    fn arrive(&mut self, n: u32) {
        let srv = &self.s.server;
        let slow = srv
            .script
            .iter()
            .find(|f| f.attempt == n && f.fault == ServerFault::Slow)
            .and_then(|f| f.ms)
            .unwrap_or(0);
        let p = self.core.rng.between(srv.process_ms).saturating_add(slow);
        let (key, amount) = (self.req(n).key, self.req(n).amount);
        if !self.up {
            self.core.emit(|t| {
                TraceEvent::new(t, Kind::Drop, P::Client, P::Server)
                    .at(n)
                    .key(key)
                    .by(Actor::Server)
                    .text(format!("is down; attempt {n} is lost"))
            });
            return;
        }
        self.core.emit(|t| {
            TraceEvent::new(t, Kind::Deliver, P::Client, P::Server)
                .at(n)
                .key(key)
                .by(Actor::Server)
                .text(format!("receives attempt {n}"))
        });
        let checked = if srv.store == Store::None { None } else { key };
        let Some(k) = checked else {
            let ignored = key.is_some();
            self.core.emit(|t| {
                let mut text = format!("processes attempt {n}");
                if ignored {
                    text.push_str(" (no key store: the Idempotency-Key header is ignored)");
                }
                if slow > 0 {
                    text.push_str(&format!("; it is slow today: +{slow} ms"));
                }
                TraceEvent::new(t, Kind::Process, P::Server, P::Server)
                    .at(n)
                    .key(key)
                    .text(text)
            });
            self.core
                .after(p, "server.process_ms", Act::Done(n, self.epoch));
            return;
        };
        self.expire(k, n);
        match self.keys.iter().find(|r| r.key == k).cloned() {
            Some(row) if row.fingerprint != amount => {
                let ch = self.core.bump(C::Mismatches);
                self.core.emit(|t| {
                    TraceEvent::new(t, Kind::Mismatch, P::Server, P::Server)
                        .at(n)
                        .key(key)
                        .by(Actor::Server)
                        .text(format!(
                            "key {} was first used with amount {}, now {amount}: 422",
                            short(k),
                            row.fingerprint
                        ))
                        .change(ch)
                });
                self.respond(n, 422);
            }
            Some(row) if row.state == KeyState::InFlight => {
                let ch = self.core.bump(C::Conflicts);
                self.core.emit(|t| {
                    TraceEvent::new(t, Kind::Conflict, P::Server, P::Server)
                        .at(n)
                        .key(key)
                        .by(Actor::Server)
                        .text(format!(
                            "key {} is still in flight: 409, try again later",
                            short(k)
                        ))
                        .change(ch)
                });
                self.respond(n, 409);
            }
            Some(row) => {
                let status = row.response.unwrap_or(200);
                let ch = self.core.bump(C::Replays);
                self.core.emit(|t| {
                    TraceEvent::new(t, Kind::Replay, P::Server, P::Server)
                        .at(n)
                        .key(key)
                        .by(Actor::Server)
                        .text(format!(
                            "key {} already done — replaying {status}, no new charge",
                            short(k)
                        ))
                        .change(ch)
                });
                self.respond_replayed(n, status, true);
            }
            None => {
                let atomic = srv.store == Store::Atomic;
                let row = KeyRow {
                    key: k,
                    fingerprint: amount,
                    state: KeyState::InFlight,
                    response: None,
                    stored_at_ms: self.core.now,
                };
                if atomic {
                    self.keys.push(row.clone());
                }
                self.core.emit(|t| {
                    let ev = TraceEvent::new(
                        t,
                        if atomic { Kind::Store } else { Kind::Process },
                        P::Server,
                        P::Server,
                    )
                    .at(n)
                    .key(key);
                    if atomic {
                        ev.by(Actor::Server)
                            .text(format!(
                                "key {} is new — recorded as in flight; processing attempt {n}",
                                short(k)
                            ))
                            .change(Change::Key {
                                key: k,
                                row: Some(row),
                            })
                    } else {
                        ev.by(Actor::Server).text(format!(
                            "checks key {} — not found, so processes attempt {n} \
                             (the key is recorded only after the charge)",
                            short(k)
                        ))
                    }
                });
                self.core
                    .after(p, "server.process_ms", Act::Done(n, self.epoch));
            }
        }
    }

    /// Forgets a finished key older than `key_ttl_ms`.
    fn expire(&mut self, k: Uuid, n: u32) {
        let ttl = self.s.server.key_ttl_ms;
        let now = self.core.now;
        let Some(i) = self.keys.iter().position(|r| {
            r.key == k && r.state == KeyState::Done && now.saturating_sub(r.stored_at_ms) >= ttl
        }) else {
            return;
        };
        let row = self.keys.remove(i);
        self.core.emit(|t| {
            TraceEvent::new(t, Kind::Expire, P::Server, P::Server)
                .at(n)
                .key(Some(k))
                .by(Actor::Server)
                .text(format!(
                    "key {} was stored {} ms ago, past key_ttl_ms {ttl}: forgotten",
                    short(k),
                    now - row.stored_at_ms
                ))
                .change(Change::Key { key: k, row: None })
        });
    }

    fn done(&mut self, n: u32, epoch: u32) {
        if epoch != self.epoch {
            return; // its server died; the crash event said so
        }
        let srv = &self.s.server;
        let scripted = srv
            .script
            .iter()
            .any(|f| f.attempt == n && f.fault == ServerFault::CrashAfterEffect);
        let crash = scripted || self.core.rng.chance(srv.crash_after_effect);
        let (key, amount) = (self.req(n).key, self.req(n).amount);
        let key = if srv.store == Store::None { None } else { key };
        let status = match self.s.client.operation {
            Operation::Charge => 201,
            Operation::Set => 200,
        };
        let atomic_key = srv.store == Store::Atomic && key.is_some();
        if atomic_key && crash {
            self.crash(format!(
                "crashes before the commit — the transaction rolls back: \
                 no charge, key {} not recorded",
                key.map(short).unwrap_or_default()
            ));
            return;
        }
        self.core.c.add(C::Charges, 1);
        match self.s.client.operation {
            Operation::Charge => self.core.c.add(C::Balance, amount),
            Operation::Set => self.core.c.set(C::Balance, amount),
        }
        let effect = match self.s.client.operation {
            Operation::Charge => format!("charges {amount}"),
            Operation::Set => format!("sets the balance to {amount}"),
        };
        let (op, nth) = (self.s.client.operation, self.core.c[C::Charges]);
        let record = key.filter(|_| srv.store != Store::None).map(|k| KeyRow {
            key: k,
            fingerprint: amount,
            state: KeyState::Done,
            response: Some(status),
            stored_at_ms: self.core.now,
        });
        let (charges, balance) = (self.core.change(C::Charges), self.core.change(C::Balance));
        let bal = self.core.c[C::Balance];
        if atomic_key {
            if let Some(row) = record.clone() {
                self.put_key(row);
            }
            self.core.emit(|t| {
                TraceEvent::new(t, Kind::Effect, P::Server, P::Server)
                    .at(n)
                    .key(key)
                    .by(Actor::Server)
                    .text(format!(
                        "{effect} and stores key {} → {status} in one transaction; \
                         balance {bal}",
                        key.map(short).unwrap_or_default()
                    ))
                    .label(format!("{} + key", effect_label(op, nth, amount)))
                    .changes([charges, balance])
                    .changes(record.map(|r| Change::Key {
                        key: r.key,
                        row: Some(r),
                    }))
            });
            self.respond(n, status);
            return;
        }
        self.core.emit(|t| {
            TraceEvent::new(t, Kind::Effect, P::Server, P::Server)
                .at(n)
                .key(key)
                .by(Actor::Server)
                .text(format!("{effect} — balance {bal}"))
                .label(effect_label(op, nth, amount))
                .changes([charges, balance])
        });
        if crash {
            let what = match key {
                Some(k) => format!("before recording key {}", short(k)),
                None => "before answering".into(),
            };
            self.crash(format!("crashes after the charge, {what}"));
            return;
        }
        if let Some(row) = record {
            self.put_key(row.clone());
            self.core.emit(|t| {
                TraceEvent::new(t, Kind::Store, P::Server, P::Server)
                    .at(n)
                    .key(key)
                    .by(Actor::Server)
                    .text(format!("records key {} → {status}", short(row.key)))
                    .change(Change::Key {
                        key: row.key,
                        row: Some(row),
                    })
            });
        }
        self.respond(n, status);
    }

    fn put_key(&mut self, row: KeyRow) {
        match self.keys.iter_mut().find(|r| r.key == row.key) {
            Some(r) => *r = row,
            None => self.keys.push(row),
        }
    }

    /// The server dies: uncommitted work (in-flight keys, pending charges) is lost.
    fn crash(&mut self, text: String) {
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

    fn respond(&mut self, n: u32, status: u16) {
        self.respond_replayed(n, status, false);
    }

    fn respond_replayed(&mut self, n: u32, status: u16, replayed: bool) {
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
