//! The end of a run in plain words: what happened to the money, the message or the row, set
//! against what the learner should expect (one payment charged once, each message's effect
//! once, one row with the value written once), and why. A learner who has watched the steps
//! should be able to check the sentence against the diagram, so every verdict names the
//! headline number (`2 charges`) and the mechanism that caused it (no key, a key per attempt,
//! a crash between charge and key, an expired key, a redelivery nobody recognised).
//!
//! Domain only: it reads the scenario's knobs, the run's typed counters and which kinds of events the
//! trace holds (a crash, an expiry, a skip at the broker), never the sentences.

use super::Run;
use super::counters::{
    ConsumerCounter as Co, CounterSet as _, Counters, HttpCounter as H, Typed, UpsertCounter as U,
};
use super::trace::{Kind, Participant};
use crate::sim::scenario::{Dedup, KeyMode, KeyScope, Model, Operation, Scenario, Store, Write};
use crate::text::count;

/// How a run ended, in one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The outcome the learner should want (charged once, each effect once, one row).
    pub good: bool,
    pub text: String,
    /// The headline counter (see [`headline`]) and its value at the end of the run.
    pub counter: &'static str,
    pub value: i64,
}

/// The counter that tells the story of a scenario: `charges` for a payment, `balance` for a
/// PUT that sets it, `effects` for a consumer, `rows` or `value` for a table write.
#[must_use]
pub fn headline(s: &Scenario) -> &'static str {
    match s.model {
        Model::HttpRetry => http_headline(s).name(),
        Model::Consumer => Co::Effects.name(),
        Model::Upsert => upsert_headline(s).name(),
    }
}

pub(super) fn http_headline(s: &Scenario) -> H {
    match s.client.operation {
        Operation::Set => H::Balance,
        Operation::Charge => H::Charges,
    }
}

pub(super) fn upsert_headline(s: &Scenario) -> U {
    match s.db.write {
        Write::Insert | Write::InsertUnique | Write::UpsertNothing => U::Rows,
        Write::UpsertUpdate | Write::Increment | Write::Set => U::Value,
    }
}

/// The verdict of `run`, a traced run of `s`.
#[must_use]
pub fn verdict(s: &Scenario, run: &Run) -> Verdict {
    let saw = |kind: Kind| run.trace.iter().any(|e| e.kind == kind);
    let facts = Facts {
        crashed: saw(Kind::Crash),
        expired: saw(Kind::Expire),
        gave_up: saw(Kind::GiveUp),
        broker_skip: run
            .trace
            .iter()
            .any(|e| e.kind == Kind::Skip && e.from == Participant::Broker),
    };
    let ((good, text), value) = match &run.counters {
        Counters::Http(c) if s.client.operation == Operation::Set => {
            (put_set(s, c), c[http_headline(s)])
        }
        Counters::Http(c) => (charge(s, c, &facts), c[http_headline(s)]),
        Counters::Consumer(c) => (consumer(s, c, &facts), c[Co::Effects]),
        Counters::Upsert(c) => (upsert(s, c), c[upsert_headline(s)]),
    };
    Verdict {
        good,
        text,
        counter: headline(s),
        value,
    }
}

struct Facts {
    crashed: bool,
    expired: bool,
    gave_up: bool,
    broker_skip: bool,
}

/// `once`, `twice`, `3 times`.
fn times(n: i64) -> String {
    match n {
        1 => "once".into(),
        2 => "twice".into(),
        n => format!("{n} times"),
    }
}

fn charge(s: &Scenario, c: &Typed<H>, f: &Facts) -> (bool, String) {
    let charges = c[H::Charges];
    let n = count(charges, "charge", "charges");
    let clicks = s.client.submissions > 1;
    let what = if clicks {
        format!(
            "one order submitted {}",
            times(i64::from(s.client.submissions))
        )
    } else {
        "one payment".to_owned()
    };
    if charges == 0 {
        return (
            false,
            format!(
                "Never charged (0 charges): no attempt reached the server and committed; the client gave up after {}",
                count(c[H::Attempts], "attempt", "attempts")
            ),
        );
    }
    if charges > 1 {
        let expired = format!(
            "the stored key had expired (kept for {} in this scenario), so the retry looked new and was charged again",
            crate::text::duration(s.server.key_ttl_ms)
        );
        let why = match (s.client.key, s.server.store) {
            (KeyMode::None, _) if clicks => {
                "each click sent its own request and nothing tied them together"
            }
            (KeyMode::None, _) => "the retry had no key, so the server took it for a new payment",
            (KeyMode::PerAttempt, _) => {
                "every attempt carried a new key, so the server saw different payments"
            }
            (_, Store::None) => "the client sent a key, but the server does not store keys",
            (KeyMode::PerOperation, _) if clicks && s.client.key_scope == KeyScope::Submission => {
                "each click made its own key, so the server saw two payments"
            }
            _ if f.expired => &expired,
            (_, Store::CheckThenAct) if f.crashed => {
                "the server crashed after charging and before recording the key; the retry found no key"
            }
            (_, Store::CheckThenAct) => {
                "the retry arrived while the first attempt was still processing; both passed the key check before either recorded the key"
            }
            _ => "more than one attempt was processed as new",
        };
        return (
            false,
            format!("Charged {} for {what} ({n}): {why}", times(charges)),
        );
    }
    // Exactly one charge: say what stopped the others, then whether the client knows.
    if c[H::Mismatches] > 0 {
        return (
            false,
            format!(
                "Charged once for {what} ({n}), but the retry was refused with 422: it reused the key with another amount, so the client never learned the payment went through"
            ),
        );
    }
    if c[H::Succeeded] == 0 {
        let why = if f.gave_up {
            "the client gave up and does not know the payment went through"
        } else {
            "the client never got a success answer"
        };
        return (false, format!("Charged once for {what} ({n}), but {why}"));
    }
    let why = if c[H::Conflicts] > 0 && c[H::Replays] > 0 {
        "the overlapping retries got 409 while the first was in flight, and the last one got the stored 201 replayed"
    } else if c[H::Conflicts] > 0 {
        "the overlapping retry got 409 while the first attempt was still in flight"
    } else if c[H::Replays] > 0 && clicks {
        "both clicks carried the form's key, and the second got the stored 201 replayed"
    } else if c[H::Replays] > 0 {
        "the retry carried the same key, and the server replayed the stored 201"
    } else if f.crashed {
        "the crash rolled back the charge and the key together, so the retry was the first charge to commit"
    } else if c[H::Attempts] > 1 {
        "only one attempt reached the server and committed"
    } else {
        "the first attempt went through; nothing needed a retry"
    };
    (true, format!("Charged once for {what} ({n}): {why}"))
}

fn put_set(s: &Scenario, c: &Typed<H>) -> (bool, String) {
    let runs = c[H::Charges];
    let balance = c[H::Balance];
    if s.client.change_payload_on_retry && runs > 1 {
        return newer_put(s, balance, c[H::Succeeded] > 0);
    }
    let good = balance == s.client.amount && c[H::Succeeded] > 0;
    let text = if good && runs > 1 {
        format!(
            "The balance is {balance}, as after one PUT: the PUT ran {} without a key, but setting the same value again changes nothing",
            times(runs)
        )
    } else if good {
        format!("The balance is {balance}: one PUT set it")
    } else {
        format!(
            "The balance is {balance}, not the {} the PUT sets: the PUT ran {}",
            s.client.amount,
            times(runs)
        )
    };
    (good, text)
}

/// PUTs of two values (the retries send another amount): the newer value should stay. When the
/// older one is what the balance shows, a late PUT landed after the newer one and undid it.
fn newer_put(s: &Scenario, balance: i64, succeeded: bool) -> (bool, String) {
    let (older, newer) = (s.client.amount, super::http::other_amount(s.client.amount));
    if balance == newer && succeeded {
        (
            true,
            format!(
                "The balance is {balance}, the newer value: the PUTs arrived in the order they were sent, so the last one won"
            ),
        )
    } else if balance == older {
        (
            false,
            format!(
                "The balance is {balance}, the older value, not the newer {newer}: the first PUT arrived after the newer one and undid it"
            ),
        )
    } else {
        (
            false,
            format!("The balance is {balance}, neither the older {older} nor the newer {newer}"),
        )
    }
}

fn consumer(s: &Scenario, c: &Typed<Co>, f: &Facts) -> (bool, String) {
    let messages = i64::from(s.producer.messages);
    let effects = c[Co::Effects];
    let per = if messages == 1 {
        "one message".to_owned()
    } else {
        format!("{messages} messages")
    };
    let n = count(effects, "effect", "effects");
    if c[Co::Lost] > 0 {
        return (
            false,
            format!(
                "{} lost ({n} for {per}): the producer gave up before the broker had them",
                count(c[Co::Lost], "message was", "messages were")
            ),
        );
    }
    if effects < messages {
        return (false, format!("Only {n} for {per}: some effects never ran"));
    }
    if effects > messages {
        let why = if c[Co::Published] > messages && !f.broker_skip && s.broker.dedup_window_ms > 0 {
            "the producer re-published after a lost ack, the copy arrived after the broker's dedup window, and the broker delivered both copies"
        } else if c[Co::Published] > messages && !f.broker_skip {
            "the producer re-published after a lost ack, and the broker delivered both copies"
        } else {
            match s.consumer.dedup {
                Dedup::None => {
                    "the redelivered message was processed again; nothing recorded its id"
                }
                Dedup::Separate => {
                    "the consumer crashed between the effect and recording the id, so the redelivery found no id"
                }
                Dedup::Transactional => "a copy was processed before its id was committed",
            }
        };
        let ran = if messages == 1 {
            format!("The effect ran {} for {per}", times(effects))
        } else {
            format!("The effects ran {effects} times for {per}")
        };
        return (false, format!("{ran} ({n}): {why}"));
    }
    let why = if f.broker_skip {
        "the broker's dedup window recognised the re-published copy and dropped it"
    } else if c[Co::Skipped] > 0 && c[Co::Published] > messages {
        "the re-published copy got past the broker, but the consumer recognised its id and skipped it"
    } else if c[Co::Skipped] > 0 {
        "the redelivered copy was recognised by its id and skipped"
    } else if f.crashed && s.consumer.dedup == Dedup::Transactional {
        "effect and processed id commit in one transaction, so the crash rolled both back and the redelivery ran it for the first time"
    } else if c[Co::Deliveries] > messages {
        "the redelivery came before the effect had committed"
    } else {
        "each message was delivered once and nothing went wrong"
    };
    let ran = if messages == 1 {
        "The effect ran once".to_owned()
    } else {
        format!("Each of the {messages} effects ran once")
    };
    (true, format!("{ran} ({n}): {why}"))
}

fn upsert(s: &Scenario, c: &Typed<U>) -> (bool, String) {
    let rows = c[U::Rows];
    let value = c[U::Value];
    let retried = c[U::Attempts] > 1;
    let ok = c[U::Succeeded] > 0;
    let (good, text) = match s.db.write {
        Write::Insert if rows > 1 => (
            false,
            format!(
                "{rows} rows for one insert: the retry's INSERT had nothing to conflict with, so it added another row"
            ),
        ),
        Write::InsertUnique if c[U::ConstraintErrors] > 0 && !ok => (
            false,
            format!(
                "{}, but the client got an error: the retry hit the unique constraint for a write that had succeeded",
                count(rows, "row", "rows")
            ),
        ),
        Write::UpsertNothing if retried => (
            true,
            format!(
                "{}: the retry's INSERT … ON CONFLICT DO NOTHING conflicted and quietly did nothing",
                count(rows, "row", "rows")
            ),
        ),
        Write::Increment if value > s.db.value => (
            false,
            format!(
                "n is {value} after one increment, not {}: the retry's n = n + 1 ran again",
                s.db.value
            ),
        ),
        Write::UpsertUpdate if value > s.db.value => (
            false,
            format!(
                "n is {value}, not {}: the retry's upsert is atomic, but its DO UPDATE SET n = n + 1 added one again",
                s.db.value
            ),
        ),
        Write::Set | Write::UpsertUpdate if retried && value == s.db.value => (
            true,
            format!(
                "n is {value}: the retry wrote the same value again, and setting is idempotent"
            ),
        ),
        Write::Insert | Write::InsertUnique | Write::UpsertNothing => (
            rows == 1 && ok,
            format!("{} written", count(rows, "row", "rows")),
        ),
        Write::Increment | Write::UpsertUpdate | Write::Set => {
            (value == s.db.value && ok, format!("n is {value}"))
        }
    };
    if !ok && good {
        return (
            false,
            format!("{text}, but the client never got a success answer"),
        );
    }
    (good, text)
}
