//! Model `upsert`: a client writing one row under retries, to show which SQL writes are
//! idempotent. The client generates the row's id once and reuses it on every attempt.
//!
//! `insert` has no unique constraint, so a retry adds a second row; `insert_unique` makes the
//! retry fail with a unique violation; `upsert_nothing` (ON CONFLICT DO NOTHING) quietly keeps
//! one row; `upsert_update` (ON CONFLICT DO UPDATE) is atomic, and idempotent only when it sets
//! a value (`db.on_conflict: set`), not when it adds one (`increment`). The UPDATE modes
//! (`increment`, `set`) start with the row already there, with `n = 0`.

use uuid::Uuid;

use super::core::Core;
use super::net::{Dir, hop, retry_or_give_up};
use super::trace::{Actor, Change, DbRow, Kind, Participant as P, TraceEvent, short};
use super::{Raw, SimError};
use crate::sim::counters::UpsertCounter as C;
use crate::sim::scenario::{OnConflict, Scenario, Write};

mod did;
use did::Did;

#[derive(Debug, Clone, Copy)]
enum Act {
    Send,
    Arrive(u32),
    Done(u32),
    Response(u32),
    Timeout(u32),
}

struct Upsert<'a> {
    s: &'a Scenario,
    core: Core<Act, C>,
    key: Uuid,
    rows: Vec<DbRow>,
    /// Per attempt: `Some(true)` ok, `Some(false)` unique violation, `None` not answered.
    answers: Vec<Option<bool>>,
    current: Option<u32>,
    done: bool,
    /// Some write has already changed the table: one that changes it again is the duplicate.
    changed: bool,
}

pub(super) fn run(s: &Scenario, seed: u64, tracing: bool) -> Result<Raw, SimError> {
    let mut core = Core::new(seed, tracing);
    let key = core.rng.uuid();
    let mut m = Upsert {
        s,
        core,
        key,
        rows: Vec::new(),
        answers: Vec::with_capacity(4),
        current: None,
        done: false,
        changed: false,
    };
    if matches!(s.db.write, Write::Increment | Write::Set) {
        let row = DbRow { row: 1, key, n: 0 };
        m.rows.push(row.clone());
        let ch = m.core.set(C::Rows, 1);
        m.core.emit(|t| {
            TraceEvent::new(t, Kind::Store, P::Db, P::Db)
                .key(Some(key))
                .by(Actor::Db)
                .text(format!("row 1 with id {} exists, n = 0", short(key)))
                .changes([ch, Change::Row { row }])
        });
    }
    m.core.after(0, "retry.attempts", Act::Send);
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

impl Upsert<'_> {
    fn step(&mut self, a: Act) {
        match a {
            Act::Send => self.send(),
            Act::Arrive(n) => {
                let p = self.core.rng.between(self.s.db.process_ms);
                let key = self.key;
                self.core.emit(|t| {
                    TraceEvent::new(t, Kind::Deliver, P::Client, P::Db)
                        .at(n)
                        .key(Some(key))
                        .by(Actor::Db)
                        .text(format!("receives attempt {n}"))
                });
                self.core.after(p, "db.process_ms", Act::Done(n));
            }
            Act::Done(n) => self.done(n),
            Act::Response(n) => self.response(n),
            Act::Timeout(n) => self.timeout(n),
        }
    }

    fn statement(&self) -> String {
        let (k, v) = (short(self.key), self.s.db.value);
        let insert = format!("INSERT INTO orders (id, n) VALUES ('{k}', {v})");
        match self.s.db.write {
            Write::Insert => format!("{insert} (no unique constraint on id)"),
            Write::InsertUnique => format!("{insert} (id is UNIQUE)"),
            Write::UpsertNothing => format!("{insert} ON CONFLICT (id) DO NOTHING"),
            Write::UpsertUpdate => match self.s.db.on_conflict {
                OnConflict::Set => {
                    format!("{insert} ON CONFLICT (id) DO UPDATE SET n = excluded.n")
                }
                OnConflict::Increment => {
                    format!("{insert} ON CONFLICT (id) DO UPDATE SET n = orders.n + 1")
                }
            },
            Write::Increment => format!("UPDATE orders SET n = n + 1 WHERE id = '{k}'"),
            Write::Set => format!("UPDATE orders SET n = {v} WHERE id = '{k}'"),
        }
    }

    /// The statement in a few words, for a diagram arrow.
    fn verb(&self) -> String {
        let v = self.s.db.value;
        match (self.s.db.write, self.s.db.on_conflict) {
            (Write::Insert, _) => "INSERT".into(),
            (Write::InsertUnique, _) => "INSERT (unique id)".into(),
            (Write::UpsertNothing, _) => "INSERT…DO NOTHING".into(),
            (Write::UpsertUpdate, OnConflict::Set) => format!("UPSERT SET n={v}"),
            (Write::UpsertUpdate, OnConflict::Increment) => "UPSERT n=n+1".into(),
            (Write::Increment, _) => "UPDATE n=n+1".into(),
            (Write::Set, _) => format!("UPDATE SET n={v}"),
        }
    }

    fn send(&mut self) {
        self.answers.push(None);
        let n = self.answers.len() as u32;
        self.current = Some(n);
        let ch = self.core.bump(C::Attempts);
        let key = self.key;
        if self.core.tracing {
            let sql = self.statement();
            let verb = self.verb();
            self.core.emit(|t| {
                TraceEvent::new(t, Kind::Send, P::Client, P::Db)
                    .at(n)
                    .key(Some(key))
                    .by(Actor::Client)
                    .text(format!("attempt {n}: {sql}"))
                    .label(format!("{verb} #{n}"))
                    .change(ch)
            });
        }
        let arrives = hop(&mut self.core.rng, &self.s.network, Dir::Request, Some(n));
        self.core.arrive_or_drop(arrives, Act::Arrive(n), |t| {
            TraceEvent::new(t, Kind::Drop, P::Client, P::Db)
                .at(n)
                .key(Some(key))
                .by(Actor::Network)
                .text(format!("attempt {n} is lost on the way to the database"))
        });
        self.core
            .after(self.s.retry.timeout_ms, "retry.timeout_ms", Act::Timeout(n));
    }

    fn insert(&mut self) -> DbRow {
        let row = DbRow {
            row: self.rows.len() as u32 + 1,
            key: self.key,
            n: self.s.db.value,
        };
        self.rows.push(row.clone());
        row
    }

    fn done(&mut self, n: u32) {
        let key = self.key;
        let v = self.s.db.value;
        let existing = self.rows.iter().position(|r| r.key == key);
        let write = self.s.db.write;
        let on_conflict = self.s.db.on_conflict;
        // What the statement did; its sentence is only written when tracing.
        let (did, row) = match (write, existing) {
            (Write::InsertUnique, Some(_)) => {
                self.core.c.add(C::ConstraintErrors, 1);
                (Did::Rejected, None)
            }
            (Write::UpsertNothing, Some(_)) => (Did::Nothing, None),
            (Write::UpsertUpdate | Write::Increment | Write::Set, Some(i)) => {
                let r = &mut self.rows[i];
                let before = r.n;
                r.n = match (write, on_conflict) {
                    (Write::UpsertUpdate, OnConflict::Set) | (Write::Set, _) => v,
                    _ => r.n.saturating_add(1),
                };
                (Did::Updated(before), Some(r.clone()))
            }
            (Write::Increment | Write::Set, None) => (Did::NoRow, None),
            (_, _) => (Did::Inserted, Some(self.insert())),
        };
        let ok = did != Did::Rejected;
        // A write that changes the row (a new row, or n to another value) after an earlier
        // write already did: the retry applied the operation twice.
        let changes = match did {
            Did::Inserted => true,
            Did::Updated(before) => row.as_ref().is_some_and(|r| r.n != before),
            _ => false,
        };
        let dup = changes && self.changed;
        let repeat = self.changed;
        self.changed |= changes;
        let count = self.rows.iter().filter(|r| r.key == key).count();
        self.core.c.set(C::Rows, count as i64);
        self.core
            .c
            .set(C::Value, self.rows.first().map_or(0, |r| r.n));
        let chs = [
            self.core.change(C::Rows),
            self.core.change(C::Value),
            self.core.change(C::ConstraintErrors),
        ];
        self.core.emit(|t| {
            let (kind, mut text) = did.describe(write, on_conflict, key, row.as_ref(), count);
            text.push_str(did.meaning(dup, repeat));
            TraceEvent::new(t, kind, P::Db, P::Db)
                .at(n)
                .key(Some(key))
                .text(text)
                .label(did.label(row.as_ref()))
                .duplicate(dup)
                .changes(chs)
                .changes(row.map(|row| Change::Row { row }))
        });
        self.answers[n as usize - 1] = Some(ok);
        self.core.emit(|t| {
            let what = if ok { "OK" } else { "ERROR: unique violation" };
            TraceEvent::new(t, Kind::Send, P::Db, P::Client)
                .at(n)
                .key(Some(key))
                .by(Actor::Db)
                .text(format!("answers attempt {n}: {what}"))
                .label(if ok { "OK" } else { "ERROR unique" }.into())
        });
        let arrives = hop(&mut self.core.rng, &self.s.network, Dir::Response, Some(n));
        self.core.arrive_or_drop(arrives, Act::Response(n), |t| {
            TraceEvent::new(t, Kind::Drop, P::Db, P::Client)
                .at(n)
                .key(Some(key))
                .by(Actor::Network)
                .text(format!("the answer to attempt {n} is lost"))
        });
    }

    fn response(&mut self, n: u32) {
        let ok = self.answers[n as usize - 1] == Some(true);
        let key = self.key;
        self.core.emit(|t| {
            TraceEvent::new(t, Kind::Deliver, P::Db, P::Client)
                .at(n)
                .key(Some(key))
                .by(Actor::Client)
                .text(format!(
                    "receives {} for attempt {n}",
                    if ok { "OK" } else { "a unique violation" }
                ))
        });
        if self.done || self.current != Some(n) {
            self.core.emit(|t| {
                TraceEvent::new(t, Kind::Late, P::Client, P::Client)
                    .at(n)
                    .by(Actor::Client)
                    .text(format!(
                        "had stopped waiting for attempt {n}; the answer is ignored"
                    ))
            });
            return;
        }
        self.current = None;
        self.done = true;
        if ok {
            self.core.c.set(C::Succeeded, 1);
            let ch = self.core.change(C::Succeeded);
            self.core.emit(|t| {
                TraceEvent::new(t, Kind::Success, P::Client, P::Client)
                    .at(n)
                    .by(Actor::Client)
                    .text("done".into())
                    .change(ch)
            });
        } else {
            self.core.emit(|t| {
                TraceEvent::new(t, Kind::GiveUp, P::Client, P::Client)
                    .at(n)
                    .by(Actor::Client)
                    .text(
                        "the retry failed: the row is there, but the client sees an \
                         error unless it treats \"already exists\" as success"
                            .into(),
                    )
            });
        }
    }

    fn timeout(&mut self, n: u32) {
        if self.done || self.current != Some(n) {
            return;
        }
        self.current = None;
        let after = self.s.retry.timeout_ms;
        self.core.emit(|t| {
            TraceEvent::new(t, Kind::Timeout, P::Client, P::Client)
                .at(n)
                .by(Actor::Client)
                .text(format!("no answer to attempt {n} after {after} ms"))
        });
        if !retry_or_give_up(&mut self.core, &self.s.retry, n, n, Act::Send) {
            self.done = true;
        }
    }
}
