//! `run`'s text output: one run's trace as a table with its counters and verdict, and the
//! statistics of `--trials` with the seeds they ran.

use std::fmt::Write as _;

use crate::content::scenario::Scenario;
use crate::sim::{self, Run, Stats};
use crate::text::sanitize_line;

pub(super) fn run_text(s: &Scenario, r: &Run, base: &Scenario) -> String {
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
    if let Some(line) = crate::cli::run_goal::expect_note(s, r, base) {
        let _ = writeln!(out, "{line}");
    }
    out
}

/// The seeds the trials ran: `seeds 7 to 1006`, and where they wrap past the largest seed,
/// both stretches (`seeds 18446744073709551615, then 0 to 1`).
fn seed_range(first: u64, trials: u64) -> String {
    let last = sim::trial_seed(first, trials.saturating_sub(1));
    let stretch = |a: u64, b: u64| {
        if a == b {
            a.to_string()
        } else {
            format!("{a} to {b}")
        }
    };
    if trials <= 1 {
        format!("seed {first}")
    } else if last >= first {
        format!("seeds {}", stretch(first, last))
    } else {
        format!(
            "seeds {}, then {}",
            stretch(first, u64::MAX),
            stretch(0, last)
        )
    }
}

pub(super) fn stats_text(s: &Scenario, st: &Stats) -> String {
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
            // As one run's counters say it (`unique violations`); `--json` keeps the id.
            sim::counter_label(c.name),
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
        assert_eq!(seed_range(7, 1000), "seeds 7 to 1006");
        assert_eq!(seed_range(7, 1), "seed 7");
        assert_eq!(
            seed_range(u64::MAX, 3),
            "seeds 18446744073709551615, then 0 to 1"
        );
        assert_eq!(
            seed_range(u64::MAX - 1, 3),
            "seeds 18446744073709551614 to 18446744073709551615, then 0"
        );
        assert_eq!(
            seed_range(u64::MAX - 2, 3),
            "seeds 18446744073709551613 to 18446744073709551615"
        );
    }
}
