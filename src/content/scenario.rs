//! Loading simulation scenarios: a YAML file becomes a [`Scenario`] (the simulator's input type,
//! re-exported from `sim::scenario`), every knob is checked against its row of the knob table
//! (`sim::knobs`) and reported at its line, and the scenario is run once with its seed to check
//! its `expect`; a `goal` is checked field by field and then judged for being a fair
//! challenge (`sim::goal::reachability`).

use super::diag::Diagnostic;
use super::yaml::YamlDoc;
pub use crate::sim::scenario::*;
use crate::sim::{goal, knobs};
use crate::text::{is_kebab_case, sanitize};

/// Parses and validates one scenario file, then runs it with its seed: a run that does not end,
/// or an `expect` it does not meet, is an error at the knob or the `expect` entry. The scenario
/// is returned whenever its knobs are valid, so links to it still resolve.
pub fn parse(doc: &YamlDoc, errors: &mut Vec<Diagnostic>) -> Option<Scenario> {
    let before = errors.len();
    let s = parse_knobs(doc, errors)?;
    // A run with a knob out of bounds would only add confusing "expected … got …" lines.
    // A broken goal is not judged either.
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
    if let Some(g) = &s.goal {
        match goal::reachability(g, s) {
            Err(e) => errors.push(doc.error_at("goal", format!("{e} (judging the goal)"))),
            Ok(Some(p)) => errors.push(doc.error_at_key(&p.path, p.message)),
            Ok(None) => {}
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
    if let Some(g) = &mut s.goal {
        g.text = sanitize(&g.text).into_owned();
    }
    // Kept even when a knob is wrong, so references to and from it are still checked.
    Some(s)
}

fn validate(doc: &YamlDoc, s: &Scenario, errors: &mut Vec<Diagnostic>) {
    // Knob groups of another model are a mistake: they would silently do nothing.
    if let Some(map) = doc.value().as_mapping() {
        for key in map.keys().filter_map(|k| k.as_str()) {
            if knobs::is_group(key) && !s.model.groups().contains(&key) {
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
    // Every knob of the model against its row in the knob table.
    for bad in knobs::validate(s) {
        err(&bad.path, bad.error.to_string());
    }
    if let Some(g) = &s.goal {
        for p in goal::problems(g, s) {
            err(&p.path, p.message);
        }
    }
}
