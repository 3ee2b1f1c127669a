//! Loading simulation scenarios: a YAML file becomes a [`Scenario`] (the simulator's input type,
//! re-exported from `sim::scenario`), every knob is checked against its bounds at its line, and
//! the scenario is run once with its seed to check its `expect`.

use super::diag::Diagnostic;
use super::yaml::YamlDoc;
pub use crate::sim::scenario::*;
use crate::text::{is_kebab_case, sanitize};

/// Parses and validates one scenario file, then runs it with its seed: a run that does not end,
/// or an `expect` it does not meet, is an error at the knob or the `expect` entry. The scenario
/// is returned whenever its knobs are valid, so links to it still resolve.
pub fn parse(doc: &YamlDoc, errors: &mut Vec<Diagnostic>) -> Option<Scenario> {
    let before = errors.len();
    let s = parse_knobs(doc, errors)?;
    // A run with a knob out of bounds would only add confusing "expected … got …" lines.
    if errors.len() == before {
        check_run(doc, &s, errors);
    }
    Some(s)
}

/// Runs `s` with its own seed and reports each unmet `expect` as
/// `expected charges = 1, got 2 (seed 7)` at `expect.charges`.
pub fn check_run(doc: &YamlDoc, s: &Scenario, errors: &mut Vec<Diagnostic>) {
    match crate::sim::outcome(s, s.seed) {
        Err(e) => errors.push(doc.error_at(e.knob(), format!("{e} (seed {})", s.seed))),
        Ok(o) => {
            for u in crate::sim::unmet(&o.counters, s.seed, &s.expect) {
                errors.push(doc.error_at(&format!("expect.{}", u.counter), u.to_string()));
            }
        }
    }
}

/// Parses and validates one scenario's fields and knobs, without running it.
pub fn parse_knobs(doc: &YamlDoc, errors: &mut Vec<Diagnostic>) -> Option<Scenario> {
    let mut s: Scenario = match doc.deserialize("", doc.value()) {
        Ok(s) => s,
        Err(d) => {
            errors.push(d);
            return None;
        }
    };
    validate(doc, &s, errors);
    s.title = sanitize(&s.title).into_owned();
    s.summary = sanitize(&s.summary).into_owned();
    // Kept even when a knob is wrong, so references to and from it are still checked.
    Some(s)
}

fn validate(doc: &YamlDoc, s: &Scenario, errors: &mut Vec<Diagnostic>) {
    // Knob groups of another model are a mistake: they would silently do nothing.
    if let Some(map) = doc.value().as_mapping() {
        for key in map.keys().filter_map(|k| k.as_str()) {
            if ALL_GROUPS.contains(&key) && !s.model.groups().contains(&key) {
                errors.push(doc.error_at_key(
                    key,
                    format!(
                        "`{key}` is not a knob group of model `{}`: expected {}",
                        s.model.name(),
                        s.model.groups().join(", ")
                    ),
                ));
            }
        }
    }
    for name in s.expect.keys() {
        if !s.model.counters().contains(&name.as_str()) {
            errors.push(doc.error_at_key(
                &format!("expect.{name}"),
                format!(
                    "`{name}` is not a counter of model `{}`: expected one of {}",
                    s.model.name(),
                    s.model.counters().join(", ")
                ),
            ));
        }
    }
    let mut err = |path: &str, msg: String| errors.push(doc.error_at(path, msg));
    if !is_kebab_case(&s.scenario) {
        err(
            "scenario",
            format!(
                "scenario id `{}` is not kebab-case: expected e.g. `retry-with-key`",
                s.scenario
            ),
        );
    }
    if s.title.trim().is_empty() {
        err("title", "title is empty".into());
    }
    if s.summary.trim().is_empty() {
        err(
            "summary",
            "summary is empty: expected one line shown in lists".into(),
        );
    }
    for (name, e) in &s.expect {
        if let Expect::Range { min, max } = e {
            match (min, max) {
                (None, None) => err(
                    &format!("expect.{name}"),
                    "a range needs `min`, `max` or both".into(),
                ),
                (Some(a), Some(b)) if a > b => err(
                    &format!("expect.{name}"),
                    format!("min {a} is greater than max {b}"),
                ),
                _ => {}
            }
        }
    }
    let groups = s.model.groups();
    if groups.contains(&"retry") {
        let r = &s.retry;
        if !(1..=20).contains(&r.attempts) {
            err(
                "retry.attempts",
                format!(
                    "attempts {} is out of range: expected 1 to 20 (first try plus retries)",
                    r.attempts
                ),
            );
        }
        if r.timeout_ms == 0 {
            err("retry.timeout_ms", "timeout_ms must be above 0".into());
        }
        if r.backoff.base_ms > r.backoff.max_ms {
            err(
                "retry.backoff.base_ms",
                format!(
                    "base_ms {} is above max_ms {}",
                    r.backoff.base_ms, r.backoff.max_ms
                ),
            );
        }
    }
    range(&mut err, "network.latency_ms", s.network.latency_ms);
    prob(&mut err, "network.drop_request", s.network.drop_request);
    prob(&mut err, "network.drop_response", s.network.drop_response);
    for (i, step) in s.network.script.iter().enumerate() {
        let p = format!("network.script[{i}]");
        if step.attempt == 0 {
            err(
                &format!("{p}.attempt"),
                "attempts are numbered from 1".into(),
            );
        }
        match (step.fault, step.ms) {
            (NetFault::Delay, None) => err(
                &p,
                "a `delay` fault needs `ms:`, the extra delay in milliseconds".into(),
            ),
            (NetFault::DropRequest | NetFault::DropResponse, Some(_)) => err(
                &format!("{p}.ms"),
                "`ms` only applies to a `delay` fault".into(),
            ),
            _ => {}
        }
    }
    match s.model {
        Model::HttpRetry => {
            if !(1..=10).contains(&s.client.submissions) {
                err(
                    "client.submissions",
                    format!(
                        "submissions {} is out of range: expected 1 to 10",
                        s.client.submissions
                    ),
                );
            }
            range(&mut err, "server.process_ms", s.server.process_ms);
            for (i, step) in s.server.script.iter().enumerate() {
                let p = format!("server.script[{i}]");
                if step.attempt == 0 {
                    err(
                        &format!("{p}.attempt"),
                        "attempts are numbered from 1".into(),
                    );
                }
                match (step.fault, step.ms) {
                    (ServerFault::Slow, None) => err(
                        &p,
                        "a `slow` fault needs `ms:`, the extra processing time in milliseconds"
                            .into(),
                    ),
                    (ServerFault::CrashAfterEffect, Some(_)) => err(
                        &format!("{p}.ms"),
                        "`ms` only applies to a `slow` fault".into(),
                    ),
                    _ => {}
                }
            }
            prob(
                &mut err,
                "server.crash_after_effect",
                s.server.crash_after_effect,
            );
        }
        Model::Consumer => {
            if !(1..=100).contains(&s.producer.messages) {
                err(
                    "producer.messages",
                    format!(
                        "messages {} is out of range: expected 1 to 100",
                        s.producer.messages
                    ),
                );
            }
            if s.producer.publish_retries > 10 {
                err(
                    "producer.publish_retries",
                    format!(
                        "publish_retries {} is out of range: expected 0 to 10",
                        s.producer.publish_retries
                    ),
                );
            }
            if s.producer.ack_timeout_ms == 0 {
                err(
                    "producer.ack_timeout_ms",
                    "ack_timeout_ms must be above 0".into(),
                );
            }
            if s.broker.redeliver_after_ms == 0 {
                err(
                    "broker.redeliver_after_ms",
                    "redeliver_after_ms must be above 0".into(),
                );
            }
            range(&mut err, "consumer.process_ms", s.consumer.process_ms);
            prob(
                &mut err,
                "consumer.crash_before_ack",
                s.consumer.crash_before_ack,
            );
            for (i, step) in s.consumer.script.iter().enumerate() {
                if step.delivery == 0 {
                    err(
                        &format!("consumer.script[{i}].delivery"),
                        "deliveries are numbered from 1".into(),
                    );
                }
            }
        }
        Model::Upsert => range(&mut err, "db.process_ms", s.db.process_ms),
    }
}

fn prob(err: &mut impl FnMut(&str, String), path: &str, p: f64) {
    if !(0.0..=1.0).contains(&p) {
        err(
            path,
            format!("probability {p} is out of range: expected 0 to 1"),
        );
    }
}

fn range(err: &mut impl FnMut(&str, String), path: &str, [lo, hi]: [u64; 2]) {
    if lo > hi {
        err(
            path,
            format!("range [{lo}, {hi}] has min above max: expected [min, max]"),
        );
    }
}
