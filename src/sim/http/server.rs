//! The server of `http-retry`: receiving an attempt, the key store (replay, 409, 422, expiry),
//! the charge and its crash, and the answer.

use super::{Act, Http, effect_label};
use crate::sim::counters::HttpCounter as C;
use crate::sim::scenario::{Operation, ServerFault, Store};
use crate::sim::trace::{
    Actor, Change, KeyRow, KeyState, Kind, Participant as P, TraceEvent, short,
};
use uuid::Uuid;

impl Http<'_> {
    pub(super) fn arrive(&mut self, n: u32) {
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
            let again = self.earlier(n);
            self.core.emit(|t| {
                let mut text = format!("processes attempt {n}");
                if ignored {
                    text.push_str(" (no key store: the Idempotency-Key header is ignored)");
                }
                if let Some(first) = again {
                    text.push_str(&format!(
                        " — with nothing to match it to attempt {first}, the server cannot \
                         tell this is the same payment"
                    ));
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
        let again = self.earlier(n);
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
                            "key {} is still in flight: 409, try again later — the attempt \
                             holding the key is the only one that may charge",
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
                            "key {} already done — the server recognises the key and returns \
                             the stored answer ({}): no second charge",
                            short(k),
                            super::status_text(status)
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
                // A retry with a key the server has never seen: a new key per attempt (or
                // one forgotten) makes the same payment look like a new one.
                let new_key = again.map(|first| {
                    format!(
                        " — a key it does not know, so the server cannot tell this is the \
                         same payment as attempt {first}"
                    )
                });
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
                                "key {} is new — claimed under a lock (a duplicate gets 409 until it is released); processing attempt {n}{}",
                                short(k),
                                new_key.unwrap_or_default()
                            ))
                            .change(Change::Key {
                                key: k,
                                row: Some(row),
                            })
                    } else {
                        ev.by(Actor::Server).text(format!(
                            "checks key {} — not found, so processes attempt {n} \
                             (the key is recorded only after the charge){}",
                            short(k),
                            new_key.unwrap_or_default()
                        ))
                    }
                });
                self.core
                    .after(p, "server.process_ms", Act::Done(n, self.epoch));
            }
        }
    }

    /// Forgets a finished key older than `key_ttl_ms`.
    pub(super) fn expire(&mut self, k: Uuid, n: u32) {
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
                    "key {} was stored {} ms ago and is kept only {}{}: forgotten — the \
                     server no longer knows this payment",
                    short(k),
                    now - row.stored_at_ms,
                    crate::text::duration(ttl),
                    super::ttl_note(ttl)
                ))
                .label(format!("key expired (kept {})", crate::text::duration(ttl)))
                .change(Change::Key { key: k, row: None })
        });
    }

    pub(super) fn done(&mut self, n: u32, epoch: u32) {
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
        let ttl = srv.key_ttl_ms;
        if atomic_key && crash {
            self.crash(format!(
                "crashes before the commit — the transaction rolls back: \
                 no payment row, and the key's lock dies with the server: key {} not recorded",
                key.map(short).unwrap_or_default()
            ));
            return;
        }
        let before = self.core.c[C::Balance];
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
        // The harmful repeat: the one payment charged again, or a late PUT of an older
        // attempt that changes the balance a newer one had already set.
        let sub = self.req(n).sub;
        let newest = self.reqs.iter().rposition(|r| r.sub == sub).map(|i| i + 1);
        let dup = nth > 1
            && match op {
                Operation::Charge => true,
                Operation::Set => self.core.c[C::Balance] != before && newest != Some(n as usize),
            };
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
                        "{} and stores key {} → {status} in one transaction{}; \
                         balance {bal}{}",
                        match op {
                            Operation::Charge => format!("writes a payment row of {amount}"),
                            Operation::Set => effect.clone(),
                        },
                        key.map(short).unwrap_or_default(),
                        super::kept(ttl),
                        if dup {
                            ": the same payment is charged a second time"
                        } else {
                            ""
                        }
                    ))
                    .label(match op {
                        Operation::Charge => format!("payment row #{n} + key"),
                        Operation::Set => format!("{} + key", effect_label(op, n, amount)),
                    })
                    .changes([charges, balance])
                    .duplicate(dup)
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
                .text(format!(
                    "{effect} — balance {bal}{}",
                    if dup {
                        match op {
                            Operation::Charge => ": the same payment is charged a second time",
                            Operation::Set => ": an older value lands after the newer one",
                        }
                    } else {
                        ""
                    }
                ))
                .label(effect_label(op, n, amount))
                .changes([charges, balance])
                .duplicate(dup)
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
                    .text(format!(
                        "records key {} → {status}{}",
                        short(row.key),
                        super::kept(ttl)
                    ))
                    .change(Change::Key {
                        key: row.key,
                        row: Some(row),
                    })
            });
        }
        self.respond(n, status);
    }

    /// The first attempt of attempt `n`'s submission when `n` is a retry of it: the one
    /// payment the server is seeing again.
    fn earlier(&self, n: u32) -> Option<u32> {
        let sub = self.req(n).sub;
        let first = self.reqs.iter().position(|r| r.sub == sub)? as u32 + 1;
        (first < n).then_some(first)
    }
}
