//! The consumer of `consumer`: receiving a delivery, the processed-id table (`separate` or
//! `transactional`), the effect, crashes, and the ack.

use super::{Act, Consumer};
use crate::sim::counters::ConsumerCounter as C;
use crate::sim::net::{Dir, hop};
use crate::sim::scenario::{ConsumerFault, Dedup};
use crate::sim::trace::{
    Actor, Change, Kind, MessageEffects, Participant as P, QueueRow, TraceEvent, short,
};

impl Consumer<'_> {
    pub(super) fn del_arrive(&mut self, d: u32) {
        let p = self.core.rng.between(self.s.consumer.process_ms);
        let row = self.queue[self.entry(d)].clone();
        let id = row.id;
        if !self.up {
            self.core.emit(|t| {
                TraceEvent::new(t, Kind::Drop, P::Broker, P::Consumer)
                    .at(d)
                    .key(Some(id))
                    .by(Actor::Consumer)
                    .text(format!("is down; delivery {d} is lost"))
            });
            return;
        }
        self.core.emit(|t| {
            TraceEvent::new(t, Kind::Deliver, P::Broker, P::Consumer)
                .at(d)
                .key(Some(id))
                .by(Actor::Consumer)
                .text(format!("receives message #{} (delivery {d})", row.message))
        });
        let dedup = self.s.consumer.dedup;
        if dedup != Dedup::None && self.dedup.contains(&id) {
            let ch = self.core.bump(C::Skipped);
            self.core.emit(|t| {
                TraceEvent::new(t, Kind::Skip, P::Consumer, P::Consumer)
                    .at(d)
                    .key(Some(id))
                    .by(Actor::Consumer)
                    .text(format!(
                        "id {} is already in the processed table — skips the effect",
                        short(id)
                    ))
                    .change(ch)
            });
            self.ack(d, false);
            return;
        }
        self.core.emit(|t| {
            let text = match dedup {
                Dedup::None => format!("processes message #{}", row.message),
                Dedup::Separate => format!(
                    "id {} is not in the processed table — processes it",
                    short(id)
                ),
                Dedup::Transactional => format!(
                    "begins a transaction; id {} is not in the processed table",
                    short(id)
                ),
            };
            TraceEvent::new(t, Kind::Process, P::Consumer, P::Consumer)
                .at(d)
                .key(Some(id))
                .text(text)
        });
        self.core
            .after(p, "consumer.process_ms", Act::Done(d, self.epoch));
    }

    pub(super) fn done(&mut self, d: u32, epoch: u32) {
        if epoch != self.epoch {
            return;
        }
        let cs = &self.s.consumer;
        let fault = match cs.script.iter().find(|f| f.delivery == d) {
            Some(f) => Some(f.fault),
            None => self
                .core
                .rng
                .chance(cs.crash_before_ack)
                .then_some(ConsumerFault::CrashBeforeAck),
        };
        let row = self.queue[self.entry(d)].clone();
        let id = row.id;
        let crash_mid = fault == Some(ConsumerFault::CrashAfterEffect);
        match cs.dedup {
            Dedup::Transactional if crash_mid => {
                self.crash(format!(
                    "crashes before the commit — the effect and id {} roll back together",
                    short(id)
                ));
                return;
            }
            Dedup::Transactional if self.dedup.contains(&id) => {
                // An overlapping delivery committed first: the id's primary-key insert fails
                // and this transaction rolls back, effect included.
                let ch = self.core.bump(C::Skipped);
                self.core.emit(|t| {
                    TraceEvent::new(t, Kind::Skip, P::Consumer, P::Consumer)
                        .at(d)
                        .key(Some(id))
                        .by(Actor::Consumer)
                        .text(format!(
                            "the commit fails: id {} was committed meanwhile by another \
                             delivery — rolled back, no second effect",
                            short(id)
                        ))
                        .change(ch)
                });
            }
            Dedup::Transactional => {
                self.dedup.push(id);
                self.effect(
                    d,
                    &row,
                    " and stores its id in one transaction, which commits",
                    true,
                );
            }
            Dedup::Separate => {
                self.effect(d, &row, "", false);
                if crash_mid {
                    self.crash(format!(
                        "crashes after the effect, before storing id {}",
                        short(id)
                    ));
                    return;
                }
                self.dedup.push(id);
                self.core.emit(|t| {
                    TraceEvent::new(t, Kind::Store, P::Consumer, P::Consumer)
                        .at(d)
                        .key(Some(id))
                        .by(Actor::Consumer)
                        .text(format!("stores id {} as processed", short(id)))
                        .change(Change::Dedup { id, present: true })
                });
            }
            Dedup::None => {
                self.effect(d, &row, "", false);
                if crash_mid {
                    self.crash("crashes after the effect, before acking".into());
                    return;
                }
            }
        }
        if fault == Some(ConsumerFault::CrashBeforeAck) {
            self.crash(format!("crashes before acking message #{}", row.message));
            return;
        }
        self.ack(d, fault == Some(ConsumerFault::AckLost));
    }

    pub(super) fn effect(&mut self, d: u32, row: &QueueRow, how: &str, stored: bool) {
        let m = &mut self.msgs[row.message as usize - 1];
        m.effects += 1;
        let times = m.effects;
        let ch = self.core.bump(C::Effects);
        let (id, message) = (row.id, row.message);
        self.core.emit(|t| {
            let again = if times > 1 {
                format!(
                    " — the {} time for this message",
                    crate::text::ordinal_word(times.unsigned_abs())
                )
            } else {
                String::new()
            };
            TraceEvent::new(t, Kind::Effect, P::Consumer, P::Consumer)
                .at(d)
                .key(Some(id))
                .by(Actor::Consumer)
                .text(format!("runs the effect of message #{message}{how}{again}"))
                .label(match (times, stored) {
                    (1, false) => format!("effect msg {message}"),
                    (1, true) => format!("effect msg {message} + id"),
                    (n, false) => format!("effect msg {message} ×{n}"),
                    (n, true) => format!("effect msg {message} ×{n} + id"),
                })
                .change(ch)
                .duplicate(times > 1)
                .change(Change::Effects {
                    row: MessageEffects {
                        message,
                        id,
                        effects: times,
                    },
                })
                .changes(stored.then_some(Change::Dedup { id, present: true }))
        });
    }

    pub(super) fn crash(&mut self, text: String) {
        self.crashes += 1;
        self.up = false;
        self.epoch += 1;
        let back = (self.s.consumer.restart_ms, "consumer.restart_ms");
        self.core.crash(P::Consumer, text, [], back, Act::Restart);
    }

    pub(super) fn ack(&mut self, d: u32, lost: bool) {
        let id = self.queue[self.entry(d)].id;
        self.core.emit(|t| {
            TraceEvent::new(t, Kind::Send, P::Consumer, P::Broker)
                .at(d)
                .key(Some(id))
                .by(Actor::Consumer)
                .text(format!("acks delivery {d}"))
                .label(format!("ack (delivery {d})"))
        });
        let arrives = if lost {
            None
        } else {
            hop(&mut self.core.rng, &self.s.network, Dir::Response, None)
        };
        let arrived = self.core.arrive_or_drop(arrives, Act::AckArrive(d), |t| {
            TraceEvent::new(t, Kind::Drop, P::Consumer, P::Broker)
                .at(d)
                .key(Some(id))
                .by(Actor::Network)
                .text(format!("the ack for delivery {d} is lost"))
        });
        self.drops += u64::from(!arrived);
    }
}
