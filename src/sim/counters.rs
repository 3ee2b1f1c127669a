//! Outcome counters, typed: each model has its own counter enum (one row per counter: the
//! variant, its name in `expect` and the JSON, and what `--describe` says it counts), and a
//! model's run hands back [`Counters`] holding that model's typed values. A misspelt counter in
//! Rust does not compile; a misspelt counter in a scenario's `expect` is a content error at its
//! line (`content/scenario.rs` checks the names against [`Model::counters`]).

use std::marker::PhantomData;
use std::ops::Index;

use crate::sim::scenario::Model;

/// The counters of one model.
pub trait CounterSet: Copy + Eq + 'static {
    const MODEL: Model;
    /// Every counter, in display order.
    const ALL: &'static [Self];
    /// Their names, in the same order.
    const NAMES: &'static [&'static str];
    /// What each counts, in the same order.
    const DOCS: &'static [&'static str];
    /// The words a learner reads for each, in the same order: the name, unless it is an
    /// identifier (`constraint_errors` is shown as `unique violations`) or would clash with
    /// something else on screen (`lost` counts messages, beside a `✗ lost` ack).
    const LABELS: &'static [&'static str];
    /// Position in [`ALL`](Self::ALL).
    fn index(self) -> usize;
    fn name(self) -> &'static str {
        Self::NAMES[self.index()]
    }
}

/// The most counters a model has.
pub const MAX_COUNTERS: usize = 8;

macro_rules! counters {
    (@label $n:literal) => { $n };
    (@label $n:literal $label:literal) => { $label };
    ($(#[$m:meta])* $name:ident for $model:path {
        $($v:ident = $n:literal $(as $label:literal)?: $doc:literal,)+
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($v),+ }

        impl CounterSet for $name {
            const MODEL: Model = $model;
            const ALL: &'static [Self] = &[$(Self::$v),+];
            const NAMES: &'static [&'static str] = &[$($n),+];
            const DOCS: &'static [&'static str] = &[$($doc),+];
            const LABELS: &'static [&'static str] = &[$(counters!(@label $n $($label)?)),+];
            fn index(self) -> usize {
                self as usize
            }
        }
    };
}

counters!(
    /// Counters of `http-retry`.
    HttpCounter for Model::HttpRetry {
        Charges = "charges": "times the side effect committed (a rolled-back charge does not count)",
        Balance = "balance": "the final ledger balance",
        Attempts = "attempts": "requests the client sent, over all submissions",
        Replays = "replays": "answers served from the key store",
        Conflicts = "conflicts": "409 answers: the same key still in flight",
        Mismatches = "mismatches": "422 answers: the same key with another payload",
        Succeeded = "succeeded": "1 when the client saw a 2xx, else 0",
    }
);

counters!(
    /// Counters of `consumer`.
    ConsumerCounter for Model::Consumer {
        Published = "published": "publish requests the producer sent, re-publishes included",
        Deliveries = "deliveries": "deliveries the broker made, redeliveries included",
        Effects = "effects": "times a consumer's side effect committed",
        Skipped = "skipped": "duplicates recognised: by the consumer's processed table or the broker's window",
        Lost = "lost" as "messages lost": "messages whose effect never ran",
    }
);

counters!(
    /// Counters of `upsert`.
    UpsertCounter for Model::Upsert {
        Rows = "rows": "rows with the client's id at the end",
        Value = "value": "n of the first such row (0 if none)",
        ConstraintErrors = "constraint_errors" as "unique violations": "unique violations",
        Attempts = "attempts": "statements the client sent",
        Succeeded = "succeeded": "1 when the client saw OK, else 0",
    }
);

/// The values of one model's counters, indexed by its counter enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Typed<C> {
    values: [i64; MAX_COUNTERS],
    of: PhantomData<C>,
}

impl<C: CounterSet> Default for Typed<C> {
    fn default() -> Self {
        Self {
            values: [0; MAX_COUNTERS],
            of: PhantomData,
        }
    }
}

impl<C: CounterSet> Typed<C> {
    pub fn set(&mut self, c: C, v: i64) {
        self.values[c.index()] = v;
    }

    pub fn add(&mut self, c: C, n: i64) {
        let slot = &mut self.values[c.index()];
        *slot = slot.saturating_add(n);
    }

    /// The values in display order.
    #[must_use]
    pub fn values(&self) -> &[i64] {
        &self.values[..C::ALL.len()]
    }
}

impl<C: CounterSet> Index<C> for Typed<C> {
    type Output = i64;
    fn index(&self, c: C) -> &i64 {
        &self.values[c.index()]
    }
}

/// A run's outcome counters, typed by its model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counters {
    Http(Typed<HttpCounter>),
    Consumer(Typed<ConsumerCounter>),
    Upsert(Typed<UpsertCounter>),
}

impl From<Typed<HttpCounter>> for Counters {
    fn from(t: Typed<HttpCounter>) -> Self {
        Self::Http(t)
    }
}
impl From<Typed<ConsumerCounter>> for Counters {
    fn from(t: Typed<ConsumerCounter>) -> Self {
        Self::Consumer(t)
    }
}
impl From<Typed<UpsertCounter>> for Counters {
    fn from(t: Typed<UpsertCounter>) -> Self {
        Self::Upsert(t)
    }
}

impl Counters {
    #[must_use]
    pub fn model(&self) -> Model {
        match self {
            Self::Http(_) => Model::HttpRetry,
            Self::Consumer(_) => Model::Consumer,
            Self::Upsert(_) => Model::Upsert,
        }
    }

    /// A counter by its name, as a scenario's `expect` writes it; `None` if the model has no
    /// such counter.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<i64> {
        let i = self.model().counters().iter().position(|n| *n == name)?;
        self.values().get(i).copied()
    }

    /// `(name, value)` in display order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, i64)> + '_ {
        self.model()
            .counters()
            .iter()
            .zip(self.values())
            .map(|(n, v)| (*n, *v))
    }

    /// The values in display order.
    #[must_use]
    pub fn values(&self) -> &[i64] {
        match self {
            Self::Http(t) => t.values(),
            Self::Consumer(t) => t.values(),
            Self::Upsert(t) => t.values(),
        }
    }
}

impl Model {
    /// The outcome counters the model reports, in display order.
    #[must_use]
    pub const fn counters(self) -> &'static [&'static str] {
        match self {
            Self::HttpRetry => HttpCounter::NAMES,
            Self::Consumer => ConsumerCounter::NAMES,
            Self::Upsert => UpsertCounter::NAMES,
        }
    }

    /// What each of [`counters`](Self::counters) counts, in the same order.
    #[must_use]
    pub const fn counter_docs(self) -> &'static [&'static str] {
        match self {
            Self::HttpRetry => HttpCounter::DOCS,
            Self::Consumer => ConsumerCounter::DOCS,
            Self::Upsert => UpsertCounter::DOCS,
        }
    }
}

/// The words a learner reads for the counter named `name` (its id in `expect` and the JSON):
/// `unique violations` for `constraint_errors`, `messages lost` for `lost`, else the name.
#[must_use]
pub fn label(name: &str) -> &str {
    fn find<C: CounterSet>(name: &str) -> Option<&'static str> {
        C::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| C::LABELS[i])
    }
    find::<HttpCounter>(name)
        .or_else(|| find::<ConsumerCounter>(name))
        .or_else(|| find::<UpsertCounter>(name))
        .unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_model_lists_its_typed_counters_by_name_in_order() {
        assert_eq!(
            Model::HttpRetry.counters(),
            HttpCounter::ALL
                .iter()
                .map(|c| c.name())
                .collect::<Vec<_>>()
        );
        assert_eq!(UpsertCounter::ConstraintErrors.name(), "constraint_errors");
        for m in [Model::HttpRetry, Model::Consumer, Model::Upsert] {
            assert!(m.counters().len() <= MAX_COUNTERS);
            assert_eq!(m.counters().len(), m.counter_docs().len());
        }
        let mut t = Typed::<ConsumerCounter>::default();
        t.add(ConsumerCounter::Effects, 2);
        let c = Counters::from(t);
        assert_eq!(c.get("effects"), Some(2));
        assert_eq!(c.get("charges"), None, "not a counter of consumer");
        assert_eq!(c.values(), [0, 0, 2, 0, 0]);
    }
}
