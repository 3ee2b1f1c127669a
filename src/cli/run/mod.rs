//! `idemlab run`: a scenario headless. One trial prints the trace as a table (or JSON) and the
//! counters; `--trials N` prints per-counter statistics, computed on every core (`--threads`),
//! the same bytes for any number of threads; `--describe MODEL` documents the knobs.
//! This file reads the arguments and picks the output; `set.rs` applies `--set`, `text.rs` and
//! `json.rs` write the two outputs, `describe.rs` the model's knobs and counters.
//!
//! `--set` writes each knob through its row of the knob table (`sim::knobs`), then validates
//! the scenario once with the same rules as a file. Output depends only on the arguments and the
//! content: same command, same bytes.

use std::process::ExitCode;

use super::{EXIT_USAGE, Global};
use crate::sim;
use crate::text::sanitize_line;

mod describe;
mod json;
mod set;
mod text;

use describe::describe;
use json::{run_json, stats_json};
pub use set::apply_sets;
use text::{run_text, stats_text};

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
        return Ok(crate::cli::run_goal::run(base, &s, &args.set, args.json));
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
