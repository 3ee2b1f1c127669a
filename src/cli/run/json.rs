//! `run --json`: one run (trace, counters, verdict, expectations) or the statistics of
//! `--trials`, with counters in the model's order.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::scenario::Scenario;
use crate::sim::{self, Run, Stats};

#[derive(Serialize)]
struct JsonRun<'a> {
    scenario: &'a str,
    model: &'static str,
    seed: u64,
    counters: Ordered<i64>,
    trace: Vec<JsonEvent>,
    verdict: serde_json::Value,
    expect: serde_json::Value,
}

#[derive(Serialize)]
struct JsonEvent {
    t_ms: u64,
    kind: &'static str,
    from: &'static str,
    to: &'static str,
    attempt: Option<u32>,
    key: Option<String>,
    /// Who acts: the narration's subject (`network` for a loss).
    actor: &'static str,
    /// The harmful repeat (a second charge, an effect run again, a row changed again).
    duplicate: bool,
    text: String,
}

/// A JSON object that keeps insertion order (the model's counter order).
struct Ordered<T>(Vec<(&'static str, T)>);

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

pub(super) fn run_json(s: &Scenario, r: &Run, base: &Scenario) -> color_eyre::Result<String> {
    let v = sim::verdict(s, r);
    let j = JsonRun {
        verdict: serde_json::json!({
            "good": v.good, "text": v.text, "counter": v.counter, "value": v.value,
        }),
        expect: crate::cli::run_goal::expect_json(s, r, base),
        scenario: &s.scenario,
        model: s.model.name(),
        seed: r.seed,
        counters: Ordered(r.counters.iter().collect()),
        trace: r
            .trace
            .iter()
            .map(|e| JsonEvent {
                t_ms: e.t_ms,
                kind: e.kind.name(),
                from: e.from.name(),
                to: e.to.name(),
                attempt: e.attempt,
                key: e.key.map(|k| k.to_string()),
                actor: e.actor.name(),
                duplicate: e.duplicate,
                text: e.sentence(),
            })
            .collect(),
    };
    Ok(serde_json::to_string_pretty(&j)? + "\n")
}

#[derive(Serialize)]
struct JsonStats<'a> {
    scenario: &'a str,
    seed: u64,
    trials: u64,
    counters: Ordered<JsonCounter>,
}

#[derive(Serialize)]
struct JsonCounter {
    mean: f64,
    min: i64,
    max: i64,
    histogram: BTreeMap<String, u64>,
}

pub(super) fn stats_json(s: &Scenario, st: &Stats) -> color_eyre::Result<String> {
    let j = JsonStats {
        scenario: &s.scenario,
        seed: st.seed,
        trials: st.trials,
        counters: Ordered(
            st.counters
                .iter()
                .map(|c| {
                    (
                        c.name,
                        JsonCounter {
                            mean: c.mean,
                            min: c.min,
                            max: c.max,
                            // Numeric order, though JSON object keys are strings.
                            histogram: c
                                .histogram
                                .iter()
                                .map(|(k, n)| (k.to_string(), *n))
                                .collect(),
                        },
                    )
                })
                .collect(),
        ),
    };
    Ok(serde_json::to_string_pretty(&j)? + "\n")
}
