//! The broker of `consumer`: taking a publish (and its dedup window), handing out one delivery
//! at a time, the visibility timeout that redelivers, and acks.

use super::{Act, Consumer};
use crate::sim::counters::ConsumerCounter as C;
use crate::sim::net::{Dir, hop};
use crate::sim::trace::{
    Actor, Change, Kind, Participant as P, QueueRow, QueueState, TraceEvent, short,
};

impl Consumer<'_> {
    pub(super) fn pub_arrive(&mut self, n: u32) {
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
                            "id {} was seen {} ms ago, within its {} dedup window: \
                             the copy is dropped (and acked) — the broker recognises the \
                             re-published message",
                            short(id),
                            now - first,
                            crate::text::duration(window)
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

    /// Delivers the first queued entry if nothing is in flight.
    pub(super) fn pump(&mut self) {
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

    pub(super) fn entry(&self, d: u32) -> usize {
        self.delivs[d as usize - 1] as usize
    }

    pub(super) fn visibility(&mut self, d: u32) {
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
                    "no ack for delivery {d} after {wait} ms — message #{} is queued again: \
                     the broker cannot know whether the first delivery was processed",
                    row.message
                ))
                .change(Change::Queue { row })
        });
        self.pump();
    }

    pub(super) fn ack_arrive(&mut self, d: u32) {
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
