//! The machinery every model shares: a virtual clock, an event queue ordered by (time, insertion
//! order), the one seeded RNG, the trace recorder, the model's typed counters (bump and emit the
//! change), crash and restart, and the bounds that make every run end. The client's retry step
//! is in `net.rs`. A model writes its rules; this is its plumbing.
//!
//! Ties in time are broken by insertion order, so the run is a pure function of (scenario,
//! seed). The recorder builds events through closures: with tracing off (statistics over many
//! trials) no sentence is ever formatted and no change list allocated.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rand::{Rng as _, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use super::SimError;
use super::counters::{CounterSet, Typed};
use super::trace::{Change, Kind, Participant, TraceEvent};

/// At most this many queue events per run.
pub const MAX_EVENTS: u64 = 100_000;
/// Virtual time never passes this: 30 days.
pub const MAX_TIME_MS: u64 = 30 * 24 * 3600 * 1000;

/// The run's only source of randomness.
pub struct Rng(ChaCha8Rng);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(ChaCha8Rng::seed_from_u64(seed))
    }

    /// Uniform in `[lo, hi]`; `lo` when the range is empty or a single point (no draw).
    pub fn between(&mut self, [lo, hi]: [u64; 2]) -> u64 {
        if hi <= lo {
            lo
        } else {
            self.0.random_range(lo..=hi)
        }
    }

    /// True with probability `p`. Certain outcomes (p <= 0, p >= 1, NaN) draw nothing, so a
    /// knob at 0 leaves the rest of the run exactly as it was.
    pub fn chance(&mut self, p: f64) -> bool {
        if p.is_nan() || p <= 0.0 {
            false
        } else if p >= 1.0 {
            true
        } else {
            self.0.random::<f64>() < p
        }
    }

    /// A UUID v4 from the seeded stream.
    pub fn uuid(&mut self) -> Uuid {
        let mut b = [0u8; 16];
        self.0.fill_bytes(&mut b);
        uuid::Builder::from_random_bytes(b).into_uuid()
    }
}

struct Entry<A> {
    t: u64,
    seq: u64,
    cause: &'static str,
    action: A,
}

impl<A> PartialEq for Entry<A> {
    fn eq(&self, o: &Self) -> bool {
        (self.t, self.seq) == (o.t, o.seq)
    }
}
impl<A> Eq for Entry<A> {}
impl<A> PartialOrd for Entry<A> {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl<A> Ord for Entry<A> {
    // Reversed: BinaryHeap is a max-heap and the earliest event must come out first.
    fn cmp(&self, o: &Self) -> Ordering {
        (o.t, o.seq).cmp(&(self.t, self.seq))
    }
}

/// Clock, queue, RNG, counters and recorder of one run of a model with actions `A` and
/// counters `C`.
pub struct Core<A, C> {
    pub now: u64,
    /// The model's outcome counters.
    pub c: Typed<C>,
    pub rng: Rng,
    pub tracing: bool,
    pub trace: Vec<TraceEvent>,
    /// Queue events processed so far.
    pub events: u64,
    heap: BinaryHeap<Entry<A>>,
    seq: u64,
}

impl<A, C: CounterSet> Core<A, C> {
    pub fn new(seed: u64, tracing: bool) -> Self {
        Self {
            now: 0,
            c: Typed::default(),
            rng: Rng::new(seed),
            tracing,
            trace: Vec::new(),
            events: 0,
            heap: BinaryHeap::with_capacity(16),
            seq: 0,
        }
    }

    /// Schedules `action` `delay` ms from now; `cause` is the knob that set the delay, named if
    /// the run would outlive [`MAX_TIME_MS`] because of it.
    pub fn after(&mut self, delay: u64, cause: &'static str, action: A) {
        self.seq += 1;
        self.heap.push(Entry {
            t: self.now.saturating_add(delay),
            seq: self.seq,
            cause,
            action,
        });
    }

    /// The next action, with the clock moved to its time; `None` when nothing is left.
    /// `blame` names the knob to fix when the run exceeds [`MAX_EVENTS`].
    pub fn next(&mut self, blame: impl FnOnce() -> &'static str) -> Result<Option<A>, SimError> {
        let Some(e) = self.heap.pop() else {
            return Ok(None);
        };
        if e.t > MAX_TIME_MS {
            return Err(SimError::TooLong { knob: e.cause });
        }
        self.events += 1;
        if self.events > MAX_EVENTS {
            return Err(SimError::TooManyEvents { knob: blame() });
        }
        self.now = e.t.max(self.now);
        Ok(Some(e.action))
    }

    /// One network hop's outcome: with a delay, schedules `arrival` after it; without one (the
    /// network lost the message), records the loss built by `lost`. Returns whether it arrives.
    pub fn arrive_or_drop(
        &mut self,
        delay: Option<u64>,
        arrival: A,
        lost: impl FnOnce(u64) -> TraceEvent,
    ) -> bool {
        match delay {
            Some(d) => {
                self.after(d, "network.latency_ms", arrival);
                true
            }
            None => {
                self.emit(lost);
                false
            }
        }
    }

    /// Records an event built by `f`, only when tracing.
    #[inline]
    pub fn emit(&mut self, f: impl FnOnce(u64) -> TraceEvent) {
        if self.tracing {
            let ev = f(self.now);
            self.trace.push(ev);
        }
    }

    /// `who` dies: records the crash (`text; back in N ms`, with the `lost` state it takes
    /// along) and schedules `restart` after `back` ms (the knob `knob`). The model marks itself
    /// down and forgets its own uncommitted work.
    pub fn crash(
        &mut self,
        who: Participant,
        text: String,
        lost: impl IntoIterator<Item = Change>,
        back: (u64, &'static str),
        restart: A,
    ) {
        self.crash_undoing(who, (text, String::new()), lost, back, restart);
    }

    /// A [`crash`](Self::crash) whose diagram label says what it undid (`↺ effect rolled
    /// back`).
    pub fn crash_undoing(
        &mut self,
        who: Participant,
        (text, label): (String, String),
        lost: impl IntoIterator<Item = Change>,
        (back, knob): (u64, &'static str),
        restart: A,
    ) {
        self.emit(|t| {
            TraceEvent::new(t, Kind::Crash, who, who)
                .text(format!("{text}; back in {back} ms"))
                .label(label)
                .change(Change::Up { who, up: false })
                .changes(lost)
        });
        self.after(back, knob, restart);
    }

    /// `who` is back after a [`crash`](Self::crash).
    pub fn restarted(&mut self, who: Participant) {
        self.emit(|t| {
            TraceEvent::new(t, Kind::Restart, who, who)
                .text("restarted".into())
                .change(Change::Up { who, up: true })
        });
    }

    /// Adds one to counter `c`; the change to carry on the event that says so.
    pub fn bump(&mut self, c: C) -> Change {
        self.c.add(c, 1);
        self.change(c)
    }

    /// Sets counter `c` to `v`; the change to carry on the event that says so.
    pub fn set(&mut self, c: C, v: i64) -> Change {
        self.c.set(c, v);
        self.change(c)
    }

    /// Counter `c`'s current value, as a change.
    pub fn change(&self, c: C) -> Change {
        Change::Counter {
            name: c.name(),
            value: self.c[c],
        }
    }
}
