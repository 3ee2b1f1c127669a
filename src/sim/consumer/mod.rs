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

mod broker;
mod handler;

use uuid::Uuid;

use super::core::Core;
use super::net::{Dir, hop};
use super::trace::{Actor, Kind, Participant as P, QueueRow, TraceEvent, short};
use super::{Raw, SimError};
use crate::sim::counters::ConsumerCounter as C;
use crate::sim::scenario::Scenario;

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
}
