//! `idemlab run --describe MODEL`: every knob of a model with its default, bounds and meaning,
//! and every counter. Knobs come from the knob table (`sim::knobs`), counters from the typed
//! counter enums (`sim/counters.rs`), and defaults from the
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

/// The knobs and counters of `model`: the knobs are the model's rows of the knob table.
#[must_use]
pub fn describe(model: Model) -> Description {
    let summary = match model {
        Model::HttpRetry => {
            "a client charging a card through an API that may lose requests and responses"
        }
        Model::Consumer => "a producer, an at-least-once broker, and a consumer with a side effect",
        Model::Upsert => "a client writing one row through retries",
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
        counters: model
            .counters()
            .iter()
            .zip(model.counter_docs())
            .map(|(&name, &doc)| CounterDoc { name, doc })
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
