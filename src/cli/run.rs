//! `idemlab run`: a scenario headless. One trial prints the trace as a table (or JSON) and the
//! counters; `--trials N` prints per-counter statistics, computed on every core (`--threads`),
//! the same bytes for any number of threads; `--describe MODEL` documents the knobs.
//!
//! `--set` writes each knob through its row of the knob table (`sim::knobs`), then validates
//! the scenario once with the same rules as a file. Output depends only on the arguments and the
//! content: same command, same bytes.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::ExitCode;

use serde::Serialize;
use serde_yaml::Value;

use super::{EXIT_USAGE, Global};
use crate::content::scenario::{Model, Scenario};
use crate::content::yaml;
use crate::sim::{self, Run, Stats, knobs};
use crate::text::sanitize_line;

/// Largest `--trials`: a million simple trials take half a second, but a heavy scenario costs
/// milliseconds per trial, so ten million of those ran for hours with no output. A million of
/// them is still long; more is refused with advice rather than left to run all night.
pub const MAX_TRIALS: u64 = 1_000_000;

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Scenario id (`idemlab list` shows them)
    #[arg(required_unless_present = "describe")]
    pub scenario: Option<String>,
    /// Seed of the run (default: the scenario's own); with --trials, the first trial's
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Override a knob by its YAML path, e.g. network.drop_response=0.3 (repeatable)
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Run N trials (seeds SEED, SEED+1, …; at most 1000000) and report each counter's mean, min, max, histogram
    #[arg(long, value_name = "N")]
    pub trials: Option<u64>,
    /// Threads for --trials (default: every core, at most 256); the output is the same for any number
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Machine-readable output
    #[arg(long)]
    pub json: bool,
    /// Judge the scenario's goal with the --set knobs: exit 0 reached, 1 not
    #[arg(long, conflicts_with_all = ["trials", "seed"])]
    pub goal: bool,
    /// List a model's knobs (defaults, bounds) and counters: http-retry, consumer, upsert
    #[arg(long, value_name = "MODEL", conflicts_with_all = ["scenario", "seed", "set", "trials", "threads"])]
    pub describe: Option<String>,
}

pub fn run(g: &Global, args: &RunArgs) -> color_eyre::Result<ExitCode> {
    if let Some(name) = &args.describe {
        return Ok(describe(name, args.json));
    }
    let course = match g.course() {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let id = args.scenario.as_deref().unwrap_or_default();
    let Some(base) = course.scenario(id) else {
        let ids: Vec<&str> = course
            .scenarios
            .iter()
            .map(|s| s.scenario.as_str())
            .collect();
        return Ok(usage(&format!(
            "no scenario `{}`: expected one of {}",
            sanitize_line(id),
            ids.join(", ")
        )));
    };
    let s = match apply_sets(base, &args.set) {
        Ok(s) => s,
        Err(msg) => return Ok(usage(&msg)),
    };
    if args.goal {
        return Ok(super::run_goal::run(base, &s, &args.set, args.json));
    }
    let seed = args.seed.unwrap_or(s.seed);
    let out = match args.trials {
        Some(0) => {
            return Ok(usage(&format!(
                "--trials 0 runs nothing: expected 1 to {MAX_TRIALS}"
            )));
        }
        Some(n) if n > MAX_TRIALS => {
            return Ok(usage(&format!(
                "--trials {n} is more than the limit of {MAX_TRIALS} trials per run; \
                 use fewer (100000 already gives each mean to a fraction of a percent), \
                 or run several with different --seed values"
            )));
        }
        Some(_) if args.threads == Some(0) => {
            return Ok(usage("--threads 0 runs nothing: expected 1 or more"));
        }
        Some(n) => match sim::trials_on(&s, seed, n, threads(args.threads)) {
            Ok(st) if args.json => stats_json(&s, &st)?,
            Ok(st) => stats_text(&s, &st),
            Err(e) => return Ok(usage(&e.to_string())),
        },
        None => match sim::run(&s, seed) {
            Ok(r) if args.json => run_json(&s, &r, base)?,
            Ok(r) => run_text(&s, &r, base),
            Err(e) => return Ok(usage(&format!("{e} (seed {seed})"))),
        },
    };
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// `--threads` (at most [`MAX_THREADS`]), else every core the process may use.
fn threads(asked: Option<usize>) -> usize {
    asked
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get))
        .min(MAX_THREADS)
}

/// More threads than this only cost memory: no machine idemlab runs on has more cores.
const MAX_THREADS: usize = 256;

fn usage(msg: &str) -> ExitCode {
    eprintln!("idemlab run: {}", sanitize_line(msg));
    ExitCode::from(EXIT_USAGE)
}

fn model_named(name: &str) -> Option<Model> {
    [Model::HttpRetry, Model::Consumer, Model::Upsert]
        .into_iter()
        .find(|m| m.name() == name)
}

fn describe(name: &str, json: bool) -> ExitCode {
    let Some(model) = model_named(name) else {
        return usage(&format!(
            "no model `{name}`: expected http-retry, consumer or upsert"
        ));
    };
    let d = sim::describe(model);
    if json {
        let v = serde_json::json!({
            "model": model.name(),
            "summary": d.summary,
            "knobs": d.knobs.iter().map(|k| serde_json::json!({
                "path": k.path, "default": k.default, "bounds": k.bounds, "doc": k.doc,
            })).collect::<Vec<_>>(),
            "counters": d.counters.iter().map(|c| serde_json::json!({
                "name": c.name, "doc": c.doc,
            })).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    let mut out = format!(
        "model {}: {}\n\nknobs (override with --set PATH=VALUE):\n",
        model.name(),
        d.summary
    );
    for k in &d.knobs {
        let _ = writeln!(
            out,
            "  {}  [default {}]  ({})\n      {}",
            k.path, k.default, k.bounds, k.doc
        );
    }
    out.push_str("\ncounters (usable in `expect`):\n");
    for c in &d.counters {
        let _ = writeln!(out, "  {:<18} {}", c.name, c.doc);
    }
    print!("{out}");
    ExitCode::SUCCESS
}

/// Applies every `--set PATH=VALUE`, then validates the result once against the knob table:
/// the order of the flags does not matter (`base_ms` above the old `max_ms` is fine when
/// `max_ms` is raised too).
pub fn apply_sets(base: &Scenario, sets: &[String]) -> Result<Scenario, String> {
    let mut s = base.clone();
    for raw in sets {
        set_one(&mut s, raw).map_err(|m| format!("--set {raw}: {m}"))?;
    }
    let bad = knobs::validate(&s);
    if bad.is_empty() {
        Ok(s)
    } else {
        let msgs: Vec<String> = bad.iter().map(|b| b.error.to_string()).collect();
        Err(format!("--set: {}", msgs.join("; ")))
    }
}

/// Writes one `PATH=VALUE` into the scenario, checking the path and the value's type.
fn set_one(s: &mut Scenario, raw: &str) -> Result<(), String> {
    let (path, value) = raw
        .split_once('=')
        .ok_or("expected KEY=VALUE, e.g. --set network.drop_response=0.3")?;
    let knob = knobs::lookup(s.model, path.trim()).map_err(|e| e.to_string())?;
    // Checked like content: an alias bomb or deep nesting in a value is refused, not expanded.
    let v: Value = yaml::check("--set", value, 0)
        .map_err(|d| format!("not a YAML value: {}", d.message))?
        .from_str()
        .map_err(|e| format!("not a YAML value: {e}"))?;
    knob.set_yaml(s, v).map_err(|e| e.to_string())
}

fn run_text(s: &Scenario, r: &Run, base: &Scenario) -> String {
    let mut out = format!(
        "{}: {} (model {}, seed {})\n\n",
        s.scenario,
        sanitize_line(&s.title),
        s.model.name(),
        r.seed,
    );
    // As the player's narration says it: `1257 ms · network: the response … is lost`.
    for ev in &r.trace {
        let (who, what) = (ev.actor.name(), sanitize_line(&ev.text));
        let _ = writeln!(out, "{:>7} ms · {who}: {what}", ev.t_ms);
    }
    out.push_str("\ncounters:\n");
    for (name, v) in r.counters.iter() {
        let mark = match s.expect.get(name) {
            Some(e) if e.holds(v) => "  (as expected)",
            Some(_) => "  (NOT as the scenario expects)",
            None => "",
        };
        // The words a learner reads (`unique violations`); `expect` and the JSON keep the ids.
        let _ = writeln!(out, "  {:<18} {v}{mark}", sim::counter_label(name));
    }
    let _ = writeln!(out, "\n{}", sanitize_line(&sim::verdict(s, r).text));
    if let Some(line) = super::run_goal::expect_note(s, r, base) {
        let _ = writeln!(out, "{line}");
    }
    out
}

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

fn run_json(s: &Scenario, r: &Run, base: &Scenario) -> color_eyre::Result<String> {
    let v = sim::verdict(s, r);
    let j = JsonRun {
        verdict: serde_json::json!({
            "good": v.good, "text": v.text, "counter": v.counter, "value": v.value,
        }),
        expect: super::run_goal::expect_json(s, r, base),
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

fn stats_json(s: &Scenario, st: &Stats) -> color_eyre::Result<String> {
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

/// The seeds trials `0..trials` ran: `seeds 7..=1006`, and where they wrap past the largest
/// seed, both stretches (`seeds 18446744073709551615 and 0..=1`).
fn seed_range(first: u64, trials: u64) -> String {
    let last = sim::trial_seed(first, trials.saturating_sub(1));
    let stretch = |a: u64, b: u64| {
        if a == b {
            a.to_string()
        } else {
            format!("{a}..={b}")
        }
    };
    if trials <= 1 {
        format!("seed {first}")
    } else if last >= first {
        format!("seeds {}", stretch(first, last))
    } else {
        format!(
            "seeds {} and {}",
            stretch(first, u64::MAX),
            stretch(0, last)
        )
    }
}

fn stats_text(s: &Scenario, st: &Stats) -> String {
    let mut out = format!(
        "{}: {} (model {}), {} trials, {}\n\n{:<18} {:>10} {:>6} {:>6}  histogram (value: trials)\n",
        s.scenario,
        sanitize_line(&s.title),
        s.model.name(),
        st.trials,
        seed_range(st.seed, st.trials),
        "counter",
        "mean",
        "min",
        "max"
    );
    for c in &st.counters {
        let hist: Vec<String> = c
            .histogram
            .iter()
            .map(|(v, n)| {
                format!(
                    "{v}: {n} ({:.1}%)",
                    100.0 * *n as f64 / st.trials.max(1) as f64
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "{:<18} {:>10.3} {:>6} {:>6}  {}",
            c.name,
            c.mean,
            c.min,
            c.max,
            hist.join(", ")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::seed_range;

    #[test]
    fn the_seed_range_says_which_seeds_ran_also_across_the_wrap() {
        assert_eq!(seed_range(7, 1000), "seeds 7..=1006");
        assert_eq!(seed_range(7, 1), "seed 7");
        assert_eq!(
            seed_range(u64::MAX, 3),
            "seeds 18446744073709551615 and 0..=1"
        );
        assert_eq!(
            seed_range(u64::MAX - 1, 3),
            "seeds 18446744073709551614..=18446744073709551615 and 0"
        );
        assert_eq!(
            seed_range(u64::MAX - 2, 3),
            "seeds 18446744073709551613..=18446744073709551615"
        );
    }
}
