//! `idemlab run --describe MODEL`: every knob of a model with its default, bounds and meaning,
//! and every counter. Knobs come from the knob table (`sim::knobs`) and their defaults from the
//! scenario types themselves, so this page cannot drift from what a file without the knob gets.

use crate::sim::knobs;
use crate::sim::scenario::{Model, Scenario};

/// One knob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnobDoc {
    /// YAML path, as used by `--set`.
    pub path: &'static str,
    pub default: String,
    pub bounds: String,
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

/// (counter, doc).
type C = (&'static str, &'static str);

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

/// The knobs and counters of `model`: the knobs are the model's rows of the knob table.
#[must_use]
pub fn describe(model: Model) -> Description {
    let (summary, counters): (&str, &[C]) = match model {
        Model::HttpRetry => (
            "a client charging a card through an API that may lose requests and responses",
            &HTTP_COUNTERS,
        ),
        Model::Consumer => (
            "a producer, an at-least-once broker, and a consumer with a side effect",
            &CONSUMER_COUNTERS,
        ),
        Model::Upsert => ("a client writing one row through retries", &UPSERT_COUNTERS),
    };
    let defaults = Scenario::defaults(model);
    Description {
        model,
        summary,
        knobs: knobs::of(model)
            .map(|k| KnobDoc {
                path: k.path,
                default: k.get(&defaults).to_string(),
                bounds: k.bounds(),
                doc: k.doc,
            })
            .collect(),
        counters: counters
            .iter()
            .map(|&(name, doc)| CounterDoc { name, doc })
            .collect(),
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
