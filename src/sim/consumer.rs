//! Model `consumer`: a producer publishing messages to an at-least-once broker, and a consumer
//! whose side effect must run once per message.
//!
//! The broker hands out one message at a time and redelivers it when no ack comes within
//! `redeliver_after_ms` (a visibility timeout). The consumer may remember processed ids:
//! `separate` stores the id in its own step after the effect (a crash in between forgets it),
//! `transactional` commits effect and id together (a crash rolls both back), as in the
//! Idempotent Consumer pattern. The broker can also drop a re-published id seen within
//! `dedup_window_ms`, like an SQS FIFO queue; that catches producer retries, not redeliveries.
//! `network.script` numbers the producer's publish attempts; `consumer.script` numbers deliveries.

use uuid::Uuid;

use super::core::Core;
use super::net::{Dir, hop};
use super::trace::{
    Actor, Change, Kind, MessageEffects, Participant as P, QueueRow, QueueState, TraceEvent, short,
};
use super::{Raw, SimError};
use crate::sim::counters::ConsumerCounter as C;
use crate::sim::scenario::{ConsumerFault, Dedup, Scenario};

#[derive(Debug, Clone, Copy)]
enum Act {
    Publish(u32),
    PubArrive(u32),
    PubAck(u32),
    PubTimeout(u32),
    DelArrive(u32),
    Done(u32, u32),
    AckArrive(u32),
    Visibility(u32),
    Restart,
}

struct Msg {
    id: Uuid,
    tries: u32,
    current: Option<u32>,
    settled: bool,
    effects: i64,
    first_seen: Option<u64>,
}

struct Consumer<'a> {
    s: &'a Scenario,
    core: Core<Act, C>,
    msgs: Vec<Msg>,
    /// Publish attempt n (from 1) is of message `pubs[n - 1]` (from 0).
    pubs: Vec<u32>,
    queue: Vec<QueueRow>,
    /// Delivery n (from 1) is of queue entry `delivs[n - 1]` (from 0).
    delivs: Vec<u32>,
    busy: Option<u32>,
    dedup: Vec<Uuid>,
    up: bool,
    epoch: u32,
    /// What kept redelivering, to name the knob when a run does not end.
    late_acks: u64,
    crashes: u64,
    drops: u64,
}

pub(super) fn run(s: &Scenario, seed: u64, tracing: bool) -> Result<Raw, SimError> {
    let mut core = Core::new(seed, tracing);
    let msgs = (0..s.producer.messages)
        .map(|_| Msg {
            id: core.rng.uuid(),
            tries: 0,
            current: None,
            settled: false,
            effects: 0,
            first_seen: None,
        })
        .collect();
    let mut m = Consumer {
        s,
        core,
        msgs,
        pubs: Vec::new(),
        queue: Vec::new(),
        delivs: Vec::new(),
        busy: None,
        dedup: Vec::new(),
        up: true,
        epoch: 0,
        late_acks: 0,
        crashes: 0,
        drops: 0,
    };
    if s.producer.messages > 0 {
        m.core.after(0, "producer.messages", Act::Publish(0));
    }
    while let Some(a) = m.core.next(|| blame(s, m.late_acks, m.crashes, m.drops))? {
        m.step(a);
    }
    let lost = m.msgs.iter().filter(|x| x.effects == 0).count() as i64;
    let ch = m.core.set(C::Lost, lost);
    // Stamped with the last real step, not with a timer that found nothing left to do.
    let last = m.core.trace.last().map_or(0, |e| e.t_ms);
    m.core.emit(|_| {
        let text = match lost {
            0 => "every message had its effect".to_owned(),
            1 => "1 message never had its effect".to_owned(),
            n => format!("{n} messages never had their effect"),
        };
        TraceEvent::new(last, Kind::Process, P::Consumer, P::Consumer)
            .by(Actor::End)
            .text(text)
            .change(ch)
    });
    Ok(Raw {
        counters: m.core.c.into(),
        trace: m.core.trace,
        end_ms: m.core.now,
        events: m.core.events,
    })
}

/// The knob behind most of the redeliveries of a run that does not end: acks that come after
/// the visibility timeout, random crashes, or lost deliveries and acks.
fn blame(s: &Scenario, late_acks: u64, crashes: u64, drops: u64) -> &'static str {
    if late_acks >= crashes && late_acks >= drops {
        "broker.redeliver_after_ms"
    } else if crashes >= drops {
        "consumer.crash_before_ack"
    } else if s.network.drop_request >= s.network.drop_response {
        "network.drop_request"
    } else {
        "network.drop_response"
    }
}

impl Consumer<'_> {
    fn step(&mut self, a: Act) {
        match a {
            Act::Publish(msg) => self.publish(msg),
            Act::PubArrive(n) => self.pub_arrive(n),
            Act::PubAck(n) => self.pub_ack(n),
            Act::PubTimeout(n) => self.pub_timeout(n),
            Act::DelArrive(d) => self.del_arrive(d),
            Act::Done(d, epoch) => self.done(d, epoch),
            Act::AckArrive(d) => self.ack_arrive(d),
            Act::Visibility(d) => self.visibility(d),
            Act::Restart => {
                self.up = true;
                self.core.restarted(P::Consumer);
            }
        }
    }

    fn publish(&mut self, msg: u32) {
        let n = self.pubs.len() as u32 + 1;
        self.pubs.push(msg);
        let m = &mut self.msgs[msg as usize];
        m.tries += 1;
        m.current = Some(n);
        let (id, tries) = (m.id, m.tries);
        let ch = self.core.bump(C::Published);
        self.core.emit(|t| {
            let again = if tries > 1 { " again" } else { "" };
            TraceEvent::new(t, Kind::Publish, P::Producer, P::Broker)
                .at(n)
                .key(Some(id))
                .by(Actor::Producer)
                .text(format!(
                    "publishes message #{} (id {}){again}",
                    msg + 1,
                    short(id)
                ))
                .label(format!("msg {} (publish {n})", msg + 1))
                .change(ch)
        });
        let arrives = hop(&mut self.core.rng, &self.s.network, Dir::Request, Some(n));
        self.core.arrive_or_drop(arrives, Act::PubArrive(n), |t| {
            TraceEvent::new(t, Kind::Drop, P::Producer, P::Broker)
                .at(n)
                .key(Some(id))
                .by(Actor::Network)
                .text(format!("publish {n} is lost on the way to the broker"))
        });
        self.core.after(
            self.s.producer.ack_timeout_ms,
            "producer.ack_timeout_ms",
            Act::PubTimeout(n),
        );
    }

    fn pub_arrive(&mut self, n: u32) {
        let msg = self.pubs[n as usize - 1];
        let now = self.core.now;
        let window = self.s.broker.dedup_window_ms;
        let m = &mut self.msgs[msg as usize];
        let id = m.id;
        let seen = m.first_seen;
        self.core.emit(|t| {
            TraceEvent::new(t, Kind::Deliver, P::Producer, P::Broker)
                .at(n)
                .key(Some(id))
                .by(Actor::Broker)
                .text(format!("receives publish {n} (message #{})", msg + 1))
        });
        match seen {
            Some(first) if window > 0 && now.saturating_sub(first) < window => {
                let ch = self.core.bump(C::Skipped);
                self.core.emit(|t| {
                    TraceEvent::new(t, Kind::Skip, P::Broker, P::Broker)
                        .at(n)
                        .key(Some(id))
                        .by(Actor::Broker)
                        .text(format!(
                            "id {} was seen {} ms ago, within dedup_window_ms {window}: \
                             the copy is dropped (and acked)",
                            short(id),
                            now - first
                        ))
                        .change(ch)
                });
            }
            _ => {
                m.first_seen.get_or_insert(now);
                let entry = self.queue.len() as u32 + 1;
                let row = QueueRow {
                    entry,
                    message: msg + 1,
                    id,
                    deliveries: 0,
                    state: QueueState::Queued,
                };
                let copy = self.queue.iter().any(|r| r.id == id);
                self.queue.push(row.clone());
                self.core.emit(|t| {
                    let dup = if copy {
                        " — a second copy of the same message"
                    } else {
                        ""
                    };
                    TraceEvent::new(t, Kind::Store, P::Broker, P::Broker)
                        .at(n)
                        .key(Some(id))
                        .by(Actor::Broker)
                        .text(format!("queues message #{} as entry {entry}{dup}", msg + 1))
                        .change(Change::Queue { row })
                });
            }
        }
        self.core.emit(|t| {
            TraceEvent::new(t, Kind::Send, P::Broker, P::Producer)
                .at(n)
                .key(Some(id))
                .by(Actor::Broker)
                .text(format!("acks publish {n}"))
                .label(format!("ack (publish {n})"))
        });
        let arrives = hop(&mut self.core.rng, &self.s.network, Dir::Response, Some(n));
        self.core.arrive_or_drop(arrives, Act::PubAck(n), |t| {
            TraceEvent::new(t, Kind::Drop, P::Broker, P::Producer)
                .at(n)
                .key(Some(id))
                .by(Actor::Network)
                .text(format!("the broker's ack for publish {n} is lost"))
        });
        self.pump();
    }

    fn pub_ack(&mut self, n: u32) {
        let msg = self.pubs[n as usize - 1];
        let m = &mut self.msgs[msg as usize];
        let id = m.id;
        let current = m.current == Some(n) && !m.settled;
        if current {
            m.settled = true;
            m.current = None;
        }
        self.core.emit(|t| {
            TraceEvent::new(t, Kind::Deliver, P::Broker, P::Producer)
                .at(n)
                .key(Some(id))
                .by(Actor::Producer)
                .text(format!("receives the broker's ack for publish {n}"))
        });
        self.core.emit(|t| {
            let text = if current {
                format!("publish {n} acked; message #{} is in the broker", msg + 1)
            } else {
                format!("a late ack for publish {n}; already moved on")
            };
            TraceEvent::new(
                t,
                if current { Kind::Ack } else { Kind::Late },
                P::Producer,
                P::Producer,
            )
            .at(n)
            .key(Some(id))
            .text(text)
        });
        if current {
            self.next_message(msg);
        }
    }

    fn pub_timeout(&mut self, n: u32) {
        let msg = self.pubs[n as usize - 1];
        let m = &mut self.msgs[msg as usize];
        if m.settled || m.current != Some(n) {
            return;
        }
        let (id, tries) = (m.id, m.tries);
        let retries = self.s.producer.publish_retries;
        let wait = self.s.producer.ack_timeout_ms;
        let again = tries <= retries;
        if !again {
            m.settled = true;
            m.current = None;
        }
        self.core.emit(|t| {
            let text = if again {
                format!(
                    "no ack for publish {n} after {wait} ms — publishing message #{} \
                     again (retry {tries} of {retries})",
                    msg + 1
                )
            } else {
                format!(
                    "no ack for publish {n} after {wait} ms — gives up on message #{}",
                    msg + 1
                )
            };
            TraceEvent::new(
                t,
                if again { Kind::Timeout } else { Kind::GiveUp },
                P::Producer,
                P::Producer,
            )
            .at(n)
            .key(Some(id))
            .text(text)
        });
        if again {
            self.publish(msg);
        } else {
            self.next_message(msg);
        }
    }

    fn next_message(&mut self, msg: u32) {
        if msg + 1 < self.s.producer.messages {
            self.publish(msg + 1);
        }
    }

    /// Delivers the first queued entry if nothing is in flight.
    fn pump(&mut self) {
        if self.busy.is_some() {
            return;
        }
        let Some(e) = self
            .queue
            .iter()
            .position(|r| r.state == QueueState::Queued)
        else {
            return;
        };
        let d = self.delivs.len() as u32 + 1;
        self.delivs.push(e as u32);
        self.busy = Some(d);
        let row = &mut self.queue[e];
        row.deliveries += 1;
        row.state = QueueState::InFlight;
        let row = row.clone();
        let ch = self.core.bump(C::Deliveries);
        let id = row.id;
        self.core.emit(|t| {
            let (kind, text) = if row.deliveries > 1 {
                (
                    Kind::Redeliver,
                    format!(
                        "delivers message #{} again (delivery {d}, its try {})",
                        row.message, row.deliveries
                    ),
                )
            } else {
                (
                    Kind::Send,
                    format!("delivers message #{} (delivery {d})", row.message),
                )
            };
            TraceEvent::new(t, kind, P::Broker, P::Consumer)
                .at(d)
                .key(Some(id))
                .text(text)
                .label(format!("msg {} (delivery {d})", row.message))
                .changes([ch, Change::Queue { row }])
        });
        let arrives = hop(&mut self.core.rng, &self.s.network, Dir::Request, None);
        let arrived = self.core.arrive_or_drop(arrives, Act::DelArrive(d), |t| {
            TraceEvent::new(t, Kind::Drop, P::Broker, P::Consumer)
                .at(d)
                .key(Some(id))
                .by(Actor::Network)
                .text(format!("delivery {d} is lost on the way to the consumer"))
        });
        self.drops += u64::from(!arrived);
        self.core.after(
            self.s.broker.redeliver_after_ms,
            "broker.redeliver_after_ms",
            Act::Visibility(d),
        );
    }

    fn entry(&self, d: u32) -> usize {
        self.delivs[d as usize - 1] as usize
    }

    fn visibility(&mut self, d: u32) {
        if self.busy != Some(d) {
            return;
        }
        self.busy = None;
        let e = self.entry(d);
        self.queue[e].state = QueueState::Queued;
        let row = self.queue[e].clone();
        let wait = self.s.broker.redeliver_after_ms;
        self.core.emit(|t| {
            TraceEvent::new(t, Kind::Timeout, P::Broker, P::Broker)
                .at(d)
                .key(Some(row.id))
                .by(Actor::Broker)
                .text(format!(
                    "no ack for delivery {d} after {wait} ms — message #{} is queued again",
                    row.message
                ))
                .change(Change::Queue { row })
        });
        self.pump();
    }

    fn del_arrive(&mut self, d: u32) {
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

    fn done(&mut self, d: u32, epoch: u32) {
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
                self.effect(d, &row, " and stores its id in one transaction", true);
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

    fn effect(&mut self, d: u32, row: &QueueRow, how: &str, stored: bool) {
        let m = &mut self.msgs[row.message as usize - 1];
        m.effects += 1;
        let times = m.effects;
        let ch = self.core.bump(C::Effects);
        let (id, message) = (row.id, row.message);
        self.core.emit(|t| {
            let again = if times > 1 {
                format!(" — the {} time for this message", ordinal(times))
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

    fn crash(&mut self, text: String) {
        self.crashes += 1;
        self.up = false;
        self.epoch += 1;
        let back = (self.s.consumer.restart_ms, "consumer.restart_ms");
        self.core.crash(P::Consumer, text, [], back, Act::Restart);
    }

    fn ack(&mut self, d: u32, lost: bool) {
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

    fn ack_arrive(&mut self, d: u32) {
        let e = self.entry(d);
        let current = self.busy == Some(d);
        if current {
            self.busy = None;
            self.queue[e].state = QueueState::Acked;
        }
        if !current {
            self.late_acks += 1;
        }
        let row = self.queue[e].clone();
        self.core.emit(|t| {
            TraceEvent::new(t, Kind::Deliver, P::Consumer, P::Broker)
                .at(d)
                .key(Some(row.id))
                .by(Actor::Broker)
                .text(format!("receives the ack for delivery {d}"))
        });
        self.core.emit(|t| {
            let ev = TraceEvent::new(
                t,
                if current { Kind::Ack } else { Kind::Late },
                P::Broker,
                P::Broker,
            )
            .at(d)
            .key(Some(row.id));
            if current {
                ev.by(Actor::Broker)
                    .text(format!(
                        "delivery {d} acked — message #{} leaves the queue",
                        row.message
                    ))
                    .change(Change::Queue { row })
            } else {
                ev.by(Actor::Broker).text(format!(
                    "the ack for delivery {d} comes too late; it was already given up on"
                ))
            }
        });
        if current {
            self.pump();
        }
    }
}

/// `second`, `third`, `4th`: how often an effect has run, in words for the first few.
fn ordinal(n: i64) -> String {
    match n {
        2 => "second".into(),
        3 => "third".into(),
        n => crate::text::ordinal(n.unsigned_abs()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn repeated_effects_read_as_english() {
        let got: Vec<String> = [2, 3, 4, 11, 21, 22, 23, 101, 111]
            .into_iter()
            .map(super::ordinal)
            .collect();
        assert_eq!(
            got,
            [
                "second", "third", "4th", "11th", "21st", "22nd", "23rd", "101st", "111th"
            ]
        );
    }
}
