//! `idemlab run SCENARIO --goal [--set K=V]...`: a challenge judged headless, for a learner at
//! a shell or a teacher's script. It says the player's sentence (`✓ goal reached: …` or
//! `✗ 312 of 1,000 runs … — first at seed 19`), how to watch the first failing run, and exits 0
//! when the goal is reached, 1 when it is not (2: a usage mistake, e.g. a locked knob).

use std::fmt::Write as _;
use std::process::ExitCode;

use serde_json::json;

use super::EXIT_USAGE;
use crate::content::scenario::Scenario;
use crate::sim::{self, goal, knobs};
use crate::text::sanitize_line;

/// Judges `learner` (the scenario with the `--set` knobs) against `base`'s goal.
pub fn run(base: &Scenario, learner: &Scenario, sets: &[String], json: bool) -> ExitCode {
    let Some(g) = &base.goal else {
        eprintln!(
            "idemlab run: scenario `{}` has no goal: `idemlab list` marks the challenges",
            base.scenario
        );
        return ExitCode::from(EXIT_USAGE);
    };
    for raw in sets {
        let path = raw.split_once('=').map_or(raw.as_str(), |(p, _)| p).trim();
        if !g.allows(path) {
            eprintln!(
                "idemlab run: --set {}: `{}` is locked by the goal: the learner may change {}",
                sanitize_line(raw),
                sanitize_line(path),
                g.knobs.join(", ")
            );
            return ExitCode::from(EXIT_USAGE);
        }
    }
    let j = match sim::judge(g, learner) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("idemlab run: {}", sanitize_line(&e.to_string()));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let sentence = goal::verdict(g, &j);
    let judged = g.judged(learner);
    let first = j.first.as_ref().map(|m| {
        let step = sim::run(&judged, m.seed)
            .ok()
            .and_then(|r| sim::broke_at(g, &r));
        (m, step)
    });
    let watch = first.map(|(m, _)| watch_command(base, learner, &judged, m.seed));
    if json {
        let knob_values: serde_json::Map<String, serde_json::Value> = g
            .knobs
            .iter()
            .filter_map(|p| knobs::knob(p))
            .map(|k| (k.path.to_owned(), json!(k.get(learner).to_string())))
            .collect();
        let v = json!({
            "scenario": base.scenario,
            "goal": g.text,
            "knobs": knob_values,
            "trials": j.trials,
            "held": j.held,
            "reached": j.reached(),
            "sentence": sentence,
            "first_failure": first.map(|(m, step)| json!({
                "seed": m.seed,
                "trial": m.trial,
                "step": step,
                "unmet": m.unmet.iter().map(|u| json!({
                    "counter": u.counter, "got": u.got, "expected": u.to_string(),
                })).collect::<Vec<_>>(),
                "watch": watch,
            })),
        });
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        let mut out = format!(
            "{}: {}\n{}\n",
            base.scenario,
            sanitize_line(&base.title),
            sanitize_line(&goal::pending(g))
        );
        for k in g.knobs.iter().filter_map(|p| knobs::knob(p)) {
            let _ = writeln!(out, "  {} = {}", k.path, k.get(learner));
        }
        let _ = writeln!(out, "{sentence}");
        if let Some(w) = &watch {
            let _ = writeln!(out, "watch it: {w}");
        }
        print!("{out}");
    }
    if j.reached() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The command that shows the failing trial's trace: the learner's knobs and the goal's `with`
/// as `--set`s, and its seed.
fn watch_command(base: &Scenario, learner: &Scenario, judged: &Scenario, seed: u64) -> String {
    let mut cmd = format!("idemlab run {}", base.scenario);
    for k in knobs::of(base.model) {
        let v = k.get(judged);
        if v != k.get(base) || (v != k.get(learner)) {
            let _ = write!(cmd, " --set {}={v}", k.path);
        }
    }
    let _ = write!(cmd, " --seed {seed}");
    cmd
}

/// What made the run differ from the scenario's `expect`: `--set`, another `--seed`, or both.
fn changed_by(s: &Scenario, r: &sim::Run, base: &Scenario) -> Vec<&'static str> {
    let mut by = Vec::new();
    if knobs::of(base.model).any(|k| k.get(s) != k.get(base)) {
        by.push("--set");
    }
    if r.seed != base.seed {
        by.push("--seed");
    }
    by
}

/// One line when the run does not meet the scenario's `expect`, saying why it may differ:
/// `--set made this run differ from the scenario's expect: expected charges = 2, got 1 (seed 7)`.
pub fn expect_note(s: &Scenario, r: &sim::Run, base: &Scenario) -> Option<String> {
    let unmet = r.unmet(&base.expect);
    if unmet.is_empty() {
        return None;
    }
    let what: Vec<String> = unmet.iter().map(ToString::to_string).collect();
    let by = changed_by(s, r, base);
    let who = if by.is_empty() {
        "this run".to_owned()
    } else {
        by.join(" and ")
    };
    Some(format!(
        "{who} made this run differ from the scenario's expect: {}",
        what.join("; ")
    ))
}

/// `{"met": false, "unmet": ["expected charges = 2, got 1 (seed 7)"], "changed_by": ["--set"]}`.
pub fn expect_json(s: &Scenario, r: &sim::Run, base: &Scenario) -> serde_json::Value {
    let unmet: Vec<String> = r
        .unmet(&base.expect)
        .iter()
        .map(ToString::to_string)
        .collect();
    json!({
        "met": unmet.is_empty(),
        "unmet": unmet,
        "changed_by": changed_by(s, r, base),
    })
}
