//! The knob table: one row per knob of every model, in the order a scenario file and
//! `run --describe` list them. A new knob is a field in `sim/scenario/` (its type and default)
//! and a row here (path, models, type and bounds, words); nothing else lists knobs.

use super::{Choice, Knob, Script, Step, Type};
use crate::sim::scenario::{KeyMode, Model, Write};

const ALL: &[Model] = &[Model::HttpRetry, Model::Consumer, Model::Upsert];
const RETRYING: &[Model] = &[Model::HttpRetry, Model::Upsert];
const HTTP: &[Model] = &[Model::HttpRetry];
const CONSUMER: &[Model] = &[Model::Consumer];
const UPSERT: &[Model] = &[Model::Upsert];

const fn c(name: &'static str, words: &'static str) -> Choice {
    Choice { name, words }
}

const fn int(min: i64, max: i64) -> Type {
    Type::Int {
        min: Some(min),
        max: Some(max),
    }
}

const fn at_least(min: i64) -> Type {
    Type::Int {
        min: Some(min),
        max: None,
    }
}

const ANY_INT: Type = Type::Int {
    min: None,
    max: None,
};

/// A row: `knob!("a.b", [a.b], MODELS, TYPE, "doc" $(, field: value)*)`; the bracketed field
/// path is where the value lives in `Scenario` (a test checks it matches the YAML path).
macro_rules! knob {
    ($path:literal, [$($f:ident).+], $models:expr, $ty:expr, $doc:literal $(, $k:ident: $v:expr)* $(,)?) => {
        Knob {
            path: $path,
            models: $models,
            ty: $ty,
            doc: $doc,
            get: |s| super::Field::knob(&s.$($f).+),
            put: |s, v| {
                s.$($f).+ = serde_yaml::from_value(v)?;
                Ok(())
            },
            $($k: $v,)*
            ..BLANK
        }
    };
}

const BLANK: Knob = Knob {
    path: "",
    models: &[],
    ty: ANY_INT,
    at_most: None,
    hint: "",
    doc: "",
    player: None,
    steps: &[],
    matters: |_| true,
    get: |_| super::KnobValue::Bool(false),
    put: |_, _| Ok(()),
};

const NET_SCRIPT: Script = Script {
    number: "attempt",
    numbers: "attempts",
    timed: Some(("delay", "the extra delay in milliseconds")),
};
const SERVER_SCRIPT: Script = Script {
    number: "attempt",
    numbers: "attempts",
    timed: Some(("slow", "the extra processing time in milliseconds")),
};
const CONSUMER_SCRIPT: Script = Script {
    number: "delivery",
    numbers: "deliveries",
    timed: None,
};

/// Every knob.
#[rustfmt::skip]
pub static KNOBS: &[Knob] = &[
    knob!("retry.attempts", [retry.attempts], RETRYING, int(1, 20),
        "first try plus retries, per submission", hint: " (first try plus retries)"),
    knob!("retry.timeout_ms", [retry.timeout_ms], RETRYING, at_least(1),
        "the client gives up waiting for an answer after this"),
    knob!("retry.backoff.kind", [retry.backoff.kind], RETRYING,
        Type::Choice(&[c("none", "none"), c("fixed", "fixed"), c("exponential", "exponential")]),
        "wait before retry r: 0, base_ms, or min(max_ms, base_ms * 2^(r-1))"),
    knob!("retry.backoff.base_ms", [retry.backoff.base_ms], RETRYING, at_least(0),
        "the first wait", at_most: Some("retry.backoff.max_ms")),
    knob!("retry.backoff.max_ms", [retry.backoff.max_ms], RETRYING, at_least(0),
        "the cap of exponential waits"),
    knob!("retry.backoff.jitter", [retry.backoff.jitter], RETRYING,
        Type::Choice(&[c("none", "none"), c("full", "full"), c("equal", "equal")]),
        "full: uniform in [0, wait]; equal: wait/2 + uniform in [0, wait/2]"),

    knob!("network.latency_ms", [network.latency_ms], ALL, Type::Range,
        "one-way latency of every hop, uniform"),
    knob!("network.drop_request", [network.drop_request], ALL, Type::Prob,
        "probability a request (publish, delivery to the consumer) is lost"),
    knob!("network.drop_response", [network.drop_response], ALL, Type::Prob,
        "probability a response (ack) is lost"),
    knob!("network.script", [network.script], ALL, Type::Script(&NET_SCRIPT),
        "faults for numbered attempts (consumer: publish attempts), applied before the probabilities: drop_request | drop_response | delay (ms: extra request latency)"),

    knob!("client.operation", [client.operation], HTTP,
        Type::Choice(&[c("charge", "charge"), c("set", "set")]),
        "charge: POST adds amount to the balance (201); set: PUT sets the balance to amount (200)"),
    knob!("client.amount", [client.amount], HTTP, ANY_INT, "the payload"),
    knob!("client.key", [client.key], HTTP,
        Type::Choice(&[c("none", "none"), c("per_operation", "per operation"), c("per_attempt", "per attempt")]),
        "which Idempotency-Key the client sends; per_attempt (a new key per retry) is the classic bug",
        player: Some(("key", "key"))),
    knob!("client.submissions", [client.submissions], HTTP, int(1, 10),
        "how many times the user submits the same form (a double click is 2)"),
    knob!("client.key_scope", [client.key_scope], HTTP,
        Type::Choice(&[c("form", "form"), c("submission", "submission")]),
        "with per_operation: one key for all submissions of the form, or one per submission"),
    knob!("client.change_payload_on_retry", [client.change_payload_on_retry], HTTP, Type::Bool,
        "retries send twice the amount with the same key (422 with a key store)"),
    knob!("client.submit_gap_ms", [client.submit_gap_ms], HTTP, at_least(0),
        "engine knob: time between two submissions"),

    knob!("server.store", [server.store], HTTP,
        Type::Choice(&[c("none", "none"), c("check_then_act", "check-then-act"), c("atomic", "atomic")]),
        "none: keys ignored; check_then_act: look the key up, charge, then record it in a separate step (overlapping requests both pass; a crash in between forgets the key); atomic: claim the key under a lock a crash releases (a duplicate meanwhile gets 409), then commit the payment row and the stored response in one transaction",
        player: Some(("store", "store")),
        matters: |s| s.client.key != KeyMode::None),
    knob!("server.process_ms", [server.process_ms], HTTP, Type::Range,
        "how long the server works on a request"),
    knob!("server.key_ttl_ms", [server.key_ttl_ms], HTTP, at_least(0),
        "a finished key older than this is forgotten: a retry after it is a new request"),
    knob!("server.crash_after_effect", [server.crash_after_effect], HTTP, Type::Prob,
        "probability the server dies after the charge, before recording the key (atomic: before the commit)"),
    knob!("server.restart_ms", [server.restart_ms], HTTP, at_least(0),
        "how long a crashed server stays down; requests meanwhile are lost"),
    knob!("server.script", [server.script], HTTP, Type::Script(&SERVER_SCRIPT),
        "engine knob: faults for numbered attempts, before crash_after_effect: crash_after_effect | slow (ms: extra processing time)"),

    knob!("producer.messages", [producer.messages], CONSUMER, int(1, 100),
        "messages the producer publishes, one after another"),
    knob!("producer.publish_retries", [producer.publish_retries], CONSUMER, int(0, 10),
        "the producer re-publishes (same id) when no ack comes within ack_timeout_ms"),
    knob!("producer.ack_timeout_ms", [producer.ack_timeout_ms], CONSUMER, at_least(1),
        "engine knob: how long the producer waits for the broker's ack"),

    knob!("broker.redeliver_after_ms", [broker.redeliver_after_ms], CONSUMER, at_least(1),
        "a delivery not acked within this is delivered again (visibility timeout); one message is in flight at a time"),
    knob!("broker.dedup_window_ms", [broker.dedup_window_ms], CONSUMER, at_least(0),
        "the broker drops a re-published id seen within this window (0 = off); it does not stop redeliveries",
        player: Some(("broker window", "window")), matters: |s| s.producer.publish_retries > 0,
        steps: &[Step { value: 0, words: "off" }, Step { value: 300_000, words: "on" }]),

    knob!("consumer.dedup", [consumer.dedup], CONSUMER,
        Type::Choice(&[c("none", "none"), c("separate", "separate"), c("transactional", "transactional")]),
        "separate: the processed id is stored in its own step after the effect; transactional: effect and id commit together",
        player: Some(("dedup", "dedup"))),
    knob!("consumer.process_ms", [consumer.process_ms], CONSUMER, Type::Range,
        "how long the consumer works on a delivery"),
    knob!("consumer.crash_before_ack", [consumer.crash_before_ack], CONSUMER, Type::Prob,
        "probability the consumer dies after processing, before acking"),
    knob!("consumer.script", [consumer.script], CONSUMER, Type::Script(&CONSUMER_SCRIPT),
        "faults for numbered deliveries, before crash_before_ack: crash_before_ack | crash_after_effect (before the id is stored or the transaction commits) | ack_lost"),
    knob!("consumer.restart_ms", [consumer.restart_ms], CONSUMER, at_least(0),
        "engine knob: how long a crashed consumer stays down; deliveries meanwhile are lost"),

    knob!("db.write", [db.write], UPSERT,
        Type::Choice(&[
            c("insert", "insert"), c("insert_unique", "insert unique"),
            c("upsert_nothing", "upsert, do nothing"), c("upsert_update", "upsert, update"),
            c("increment", "increment"), c("set", "set"),
        ]),
        "insert: no unique constraint; insert_unique: the retry fails with a unique violation; upsert_nothing: ON CONFLICT DO NOTHING; upsert_update: ON CONFLICT DO UPDATE (see on_conflict); increment: UPDATE n = n + 1; set: UPDATE n = value (the UPDATE modes start with the row present, n = 0)",
        player: Some(("write", "write"))),
    knob!("db.value", [db.value], UPSERT, ANY_INT, "the value written"),
    knob!("db.on_conflict", [db.on_conflict], UPSERT,
        Type::Choice(&[c("set", "set n"), c("increment", "n + 1")]),
        "engine knob: upsert_update's DO UPDATE: set is SET n = excluded.n (idempotent); increment is SET n = n + 1 (atomic, not idempotent)",
        player: Some(("on conflict", "conflict")),
        matters: |s| s.db.write == Write::UpsertUpdate),
    knob!("db.process_ms", [db.process_ms], UPSERT, Type::Range,
        "engine knob: how long the database takes per statement"),
];
