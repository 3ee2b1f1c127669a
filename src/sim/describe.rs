//! `idemlab run --describe MODEL`: every knob of a model with its default, bounds and meaning,
//! and every counter. Defaults are read from the scenario types themselves, so this page cannot
//! drift from what a file without the knob gets.

use serde_yaml::Value;

use crate::sim::scenario::{Model, Scenario};

/// One knob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnobDoc {
    /// YAML path, as used by `--set`.
    pub path: &'static str,
    pub default: String,
    pub bounds: &'static str,
    pub doc: &'static str,
}

/// One counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterDoc {
    pub name: &'static str,
    pub doc: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description {
    pub model: Model,
    pub summary: &'static str,
    pub knobs: Vec<KnobDoc>,
    pub counters: Vec<CounterDoc>,
}

/// (path, bounds, doc).
type K = (&'static str, &'static str, &'static str);
/// (counter, doc).
type C = (&'static str, &'static str);

const RETRY: [K; 6] = [
    (
        "retry.attempts",
        "1..=20",
        "first try plus retries, per submission",
    ),
    (
        "retry.timeout_ms",
        ">= 1",
        "the client gives up waiting for an answer after this",
    ),
    (
        "retry.backoff.kind",
        "none | fixed | exponential",
        "wait before retry r: 0, base_ms, or min(max_ms, base_ms * 2^(r-1))",
    ),
    ("retry.backoff.base_ms", "<= max_ms", "the first wait"),
    (
        "retry.backoff.max_ms",
        ">= base_ms",
        "the cap of exponential waits",
    ),
    (
        "retry.backoff.jitter",
        "none | full | equal",
        "full: uniform in [0, wait]; equal: wait/2 + uniform in [0, wait/2]",
    ),
];

const NETWORK: [K; 4] = [
    (
        "network.latency_ms",
        "[min, max], min <= max",
        "one-way latency of every hop, uniform",
    ),
    (
        "network.drop_request",
        "0..=1",
        "probability a request (publish, delivery) is lost",
    ),
    (
        "network.drop_response",
        "0..=1",
        "probability a response (ack) is lost",
    ),
    (
        "network.script",
        "list of {attempt, fault, ms}",
        "faults for numbered attempts (consumer: publish attempts), applied before the probabilities: drop_request | drop_response | delay (ms: extra request latency)",
    ),
];

const HTTP: [K; 13] = [
    (
        "client.operation",
        "charge | set",
        "charge: POST adds amount to the balance (201); set: PUT sets the balance to amount (200)",
    ),
    ("client.amount", "any integer", "the payload"),
    (
        "client.key",
        "none | per_operation | per_attempt",
        "which Idempotency-Key the client sends; per_attempt (a new key per retry) is the classic bug",
    ),
    (
        "client.submissions",
        "1..=10",
        "how many times the user submits the same form (a double click is 2)",
    ),
    (
        "client.key_scope",
        "form | submission",
        "with per_operation: one key for all submissions of the form, or one per submission",
    ),
    (
        "client.change_payload_on_retry",
        "true | false",
        "retries send twice the amount with the same key (422 with a key store)",
    ),
    (
        "client.submit_gap_ms",
        ">= 0",
        "engine knob: time between two submissions",
    ),
    (
        "server.store",
        "none | check_then_act | atomic",
        "none: keys ignored; check_then_act: look the key up, charge, then record it in a separate step (overlapping requests both pass; a crash in between forgets the key); atomic: record the key in flight (a duplicate meanwhile gets 409), then commit charge and stored response in one transaction (a crash rolls both back)",
    ),
    (
        "server.process_ms",
        "[min, max], min <= max",
        "how long the server works on a request",
    ),
    (
        "server.key_ttl_ms",
        ">= 0",
        "a finished key older than this is forgotten: a retry after it is a new request",
    ),
    (
        "server.crash_after_effect",
        "0..=1",
        "probability the server dies after the charge, before recording the key (atomic: before the commit)",
    ),
    (
        "server.restart_ms",
        ">= 0",
        "how long a crashed server stays down; requests meanwhile are lost",
    ),
    (
        "server.script",
        "list of {attempt, fault, ms}",
        "engine knob: faults for numbered attempts, before crash_after_effect: crash_after_effect | slow (ms: extra processing time)",
    ),
];

const CONSUMER: [K; 11] = [
    (
        "producer.messages",
        "1..=100",
        "messages the producer publishes, one after another",
    ),
    (
        "producer.publish_retries",
        "0..=10",
        "the producer re-publishes (same id) when no ack comes within ack_timeout_ms",
    ),
    (
        "producer.ack_timeout_ms",
        ">= 1",
        "engine knob: how long the producer waits for the broker's ack",
    ),
    (
        "broker.redeliver_after_ms",
        ">= 1",
        "a delivery not acked within this is delivered again (visibility timeout); one message is in flight at a time",
    ),
    (
        "broker.dedup_window_ms",
        ">= 0",
        "the broker drops a re-published id seen within this window (0 = off); it does not stop redeliveries",
    ),
    (
        "consumer.dedup",
        "none | separate | transactional",
        "separate: the processed id is stored in its own step after the effect; transactional: effect and id commit together",
    ),
    (
        "consumer.process_ms",
        "[min, max], min <= max",
        "how long the consumer works on a delivery",
    ),
    (
        "consumer.crash_before_ack",
        "0..=1",
        "probability the consumer dies after processing, before acking",
    ),
    (
        "consumer.script",
        "list of {delivery, fault}",
        "faults for numbered deliveries, before crash_before_ack: crash_before_ack | crash_after_effect (before the id is stored or the transaction commits) | ack_lost",
    ),
    (
        "consumer.restart_ms",
        ">= 0",
        "engine knob: how long a crashed consumer stays down; deliveries meanwhile are lost",
    ),
    (
        "network.drop_request",
        "0..=1",
        "in this model also: a delivery to the consumer is lost",
    ),
];

const UPSERT: [K; 4] = [
    (
        "db.write",
        "insert | insert_unique | upsert_nothing | upsert_update | increment | set",
        "insert: no unique constraint; insert_unique: the retry fails with a unique violation; upsert_nothing: ON CONFLICT DO NOTHING; upsert_update: ON CONFLICT DO UPDATE (see on_conflict); increment: UPDATE n = n + 1; set: UPDATE n = value (the UPDATE modes start with the row present, n = 0)",
    ),
    ("db.value", "any integer", "the value written"),
    (
        "db.on_conflict",
        "set | increment",
        "engine knob: upsert_update's DO UPDATE: set is SET n = excluded.n (idempotent); increment is SET n = n + 1 (atomic, not idempotent)",
    ),
    (
        "db.process_ms",
        "[min, max], min <= max",
        "engine knob: how long the database takes per statement",
    ),
];

const HTTP_COUNTERS: [(&str, &str); 7] = [
    (
        "charges",
        "times the side effect committed (a rolled-back charge does not count)",
    ),
    ("balance", "the final ledger balance"),
    ("attempts", "requests the client sent, over all submissions"),
    ("replays", "answers served from the key store"),
    ("conflicts", "409 answers: the same key still in flight"),
    (
        "mismatches",
        "422 answers: the same key with another payload",
    ),
    ("succeeded", "1 when the client saw a 2xx, else 0"),
];

const CONSUMER_COUNTERS: [(&str, &str); 5] = [
    (
        "published",
        "publish requests the producer sent, re-publishes included",
    ),
    (
        "deliveries",
        "deliveries the broker made, redeliveries included",
    ),
    ("effects", "times a consumer's side effect committed"),
    (
        "skipped",
        "duplicates recognised: by the consumer's processed table or the broker's window",
    ),
    ("lost", "messages whose effect never ran"),
];

const UPSERT_COUNTERS: [(&str, &str); 5] = [
    ("rows", "rows with the client's id at the end"),
    ("value", "n of the first such row (0 if none)"),
    ("constraint_errors", "unique violations"),
    ("attempts", "statements the client sent"),
    ("succeeded", "1 when the client saw OK, else 0"),
];

/// The knobs and counters of `model`.
#[must_use]
pub fn describe(model: Model) -> Description {
    let (summary, groups, counters): (&str, Vec<&[K]>, &[C]) = match model {
        Model::HttpRetry => (
            "a client charging a card through an API that may lose requests and responses",
            vec![&RETRY, &NETWORK, &HTTP],
            &HTTP_COUNTERS,
        ),
        Model::Consumer => (
            "a producer, an at-least-once broker, and a consumer with a side effect",
            vec![&NETWORK, &CONSUMER],
            &CONSUMER_COUNTERS,
        ),
        Model::Upsert => (
            "a client writing one row through retries",
            vec![&RETRY, &NETWORK, &UPSERT],
            &UPSERT_COUNTERS,
        ),
    };
    let defaults = serde_yaml::to_value(Scenario::defaults(model)).unwrap_or(Value::Null);
    let mut knobs: Vec<KnobDoc> = Vec::new();
    for &(path, bounds, doc) in groups.into_iter().flatten() {
        // A model may refine a shared knob's meaning: the later line wins.
        knobs.retain(|k| k.path != path);
        knobs.push(KnobDoc {
            path,
            default: lookup(&defaults, path).map(render).unwrap_or_default(),
            bounds,
            doc,
        });
    }
    Description {
        model,
        summary,
        knobs,
        counters: counters
            .iter()
            .map(|&(name, doc)| CounterDoc { name, doc })
            .collect(),
    }
}

fn lookup<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

fn render(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Sequence(items) => {
            format!(
                "[{}]",
                items.iter().map(render).collect::<Vec<_>>().join(", ")
            )
        }
        Value::Mapping(_) | Value::Tagged(_) => serde_yaml::to_string(v)
            .unwrap_or_default()
            .trim()
            .replace('\n', ", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_knob_has_a_default_and_every_counter_a_doc() {
        for model in [Model::HttpRetry, Model::Consumer, Model::Upsert] {
            let d = describe(model);
            for k in &d.knobs {
                assert!(!k.default.is_empty(), "{} has no default", k.path);
                let group = k.path.split('.').next().unwrap_or_default();
                assert!(model.groups().contains(&group), "{}", k.path);
            }
            let names: Vec<&str> = d.counters.iter().map(|c| c.name).collect();
            assert_eq!(names, model.counters());
        }
        let d = describe(Model::HttpRetry);
        let ttl = d
            .knobs
            .iter()
            .find(|k| k.path == "server.key_ttl_ms")
            .unwrap();
        assert_eq!(ttl.default, "86400000");
    }
}
