//! What predict mode asks before a run is watched: one counter and a question about it in the
//! learner's words. A challenge asks for the counter its goal is about (the first condition its
//! file writes, e.g. `rows` when the goal holds `rows: 1, value: 1`), so the guess is about what
//! the learner is trying to fix; any other scenario asks for its headline counter (`charges`,
//! `effects`, `rows` …, see `sim::headline`).

use super::counters::{ConsumerCounter as Co, CounterSet, HttpCounter as H, UpsertCounter as U};
use super::scenario::{Model, Scenario};
use super::verdict::headline;

/// The counter predict mode asks about in `s`, by its name (as `expect` and the JSON say it).
#[must_use]
pub fn predicted(s: &Scenario) -> &'static str {
    s.goal
        .as_ref()
        .and_then(|g| g.first_counter())
        .and_then(|name| s.model.counters().iter().find(|n| **n == name).copied())
        .unwrap_or_else(|| headline(s))
}

/// What the run ended with for [`predicted`]: the truth a guess is held against. The name is
/// one of the model's counters, so the run always has it.
#[must_use]
pub fn predicted_value(s: &Scenario, run: &super::Run) -> i64 {
    run.counters.get(predicted(s)).unwrap_or_default()
}

/// The question about [`predicted`]: `How many rows will the table have at the end?`.
#[must_use]
pub fn question(s: &Scenario) -> &'static str {
    let name = predicted(s);
    match s.model {
        Model::HttpRetry => typed::<H>(name).map(http),
        Model::Consumer => typed::<Co>(name).map(consumer),
        Model::Upsert => typed::<U>(name).map(upsert),
    }
    .unwrap_or("What will the number be at the end?")
}

fn typed<C: CounterSet>(name: &str) -> Option<C> {
    C::ALL.iter().copied().find(|c| c.name() == name)
}

fn http(c: H) -> &'static str {
    match c {
        H::Charges => "How many charges will this make?",
        H::Balance => "What will the balance be at the end?",
        H::Attempts => "How many requests will the client send?",
        H::Replays => "How many answers will come from the key store?",
        H::Conflicts => "How many 409 answers (same key still in progress) will the client get?",
        H::Mismatches => "How many 422 answers (same key, other payload) will the client get?",
        H::Succeeded => "Will the client learn that it worked? Type 1 for yes, 0 for no.",
    }
}

fn consumer(c: Co) -> &'static str {
    match c {
        Co::Published => "How many times will the producer publish?",
        Co::Deliveries => "How many deliveries will the broker make?",
        Co::Effects => "How many times will the consumer's effect run?",
        Co::Skipped => "How many duplicates will be recognised?",
        Co::Lost => "How many messages will be lost?",
    }
}

fn upsert(c: U) -> &'static str {
    match c {
        U::Rows => "How many rows will the table have at the end?",
        U::Value => "What value will n have at the end?",
        U::ConstraintErrors => "How many unique violations will the writes hit?",
        U::Attempts => "How many statements will the client send?",
        U::Succeeded => "Will the client see OK? Type 1 for yes, 0 for no.",
    }
}
