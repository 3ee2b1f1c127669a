//! Scenario goals (challenges): the judge over seeded trials, the step where a failed trial
//! broke, `check`'s fairness rules (unreachable, already reached) and field errors at their
//! `PATH:LINE:COL`, and `run --goal`'s exit codes and sentence.

use std::fs;

use idemlab::content::{self, Source};
use idemlab::sim::{self, goal};

mod common;

const HEAD: &str = "scenario: s\ntitle: T\nsummary: S\nmodel: http-retry\nseed: 7\n";
const LOST_FIRST: &str = "network:\n  script:\n    - { attempt: 1, fault: drop_response }\n";

/// Loads one scenario file (and nothing else) and returns its errors and the scenario.
fn load(yaml: &str) -> (Vec<String>, Option<sim::Scenario>) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("assets/scenarios/s.yaml");
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(&p, yaml).unwrap();
    let loaded = content::load(&Source::Dir(dir.path().to_path_buf()));
    let prefix = format!("{}/", dir.path().display());
    let errors = loaded
        .errors
        .iter()
        .map(|e| e.to_string().replace(&prefix, ""))
        .collect();
    (errors, loaded.course.scenarios.into_iter().next())
}

const GOAL: &str = "goal:\n  text: Charge once.\n  knobs: [client.key, server.store]\n  with: { network.drop_response: 0.3 }\n  trials: 200\n  holds:\n    charges: { max: 1 }\n";

#[test]
fn a_goal_is_judged_over_seeded_trials_and_names_the_first_that_failed() {
    let (errors, s) = load(&format!("{HEAD}{LOST_FIRST}{GOAL}"));
    assert!(errors.is_empty(), "{errors:?}");
    let s = s.unwrap();
    let g = s.goal.clone().unwrap();
    let j = sim::judge(&g, &s).unwrap();
    // No key: the scripted lost response alone makes every trial charge twice or more.
    assert_eq!((j.trials, j.held), (200, 0));
    let first = j.first.clone().unwrap();
    assert_eq!((first.trial, first.seed), (0, 7));
    assert_eq!(first.unmet[0].counter, "charges");
    assert!(first.unmet[0].got >= 2);
    assert_eq!(
        goal::verdict(&g, &j),
        "✗ 200 of 200 runs charged the card more than once — first at seed 7"
    );

    // The learner's fix: one key per operation, kept atomically.
    let mut fixed = s.clone();
    fixed.client.key = sim::scenario::KeyMode::PerOperation;
    fixed.server.store = sim::scenario::Store::Atomic;
    let j = sim::judge(&g, &fixed).unwrap();
    assert!(j.reached());
    assert_eq!(j.held, 200);
    assert_eq!(
        goal::verdict(&g, &j),
        "✓ goal reached: 200 of 200 runs charged the card at most once"
    );

    // A key per attempt is the classic bug: still twice.
    let mut per_attempt = fixed.clone();
    per_attempt.client.key = sim::scenario::KeyMode::PerAttempt;
    assert!(!sim::judge(&g, &per_attempt).unwrap().reached());
}

#[test]
fn some_trials_fail_and_the_count_is_not_all_or_nothing() {
    // Keys kept check-then-act, with random loss and a slow first attempt: only some overlap.
    let yaml = format!(
        "{HEAD}client:\n  key: per_operation\nserver:\n  store: check_then_act\n  process_ms: [20, 1500]\ngoal:\n  text: Once.\n  knobs: [server.store]\n  with: {{ network.drop_response: 0.5 }}\n  trials: 300\n  holds:\n    charges: {{ max: 1 }}\n"
    );
    let (errors, s) = load(&yaml);
    assert!(errors.is_empty(), "{errors:?}");
    let s = s.unwrap();
    let j = sim::judge(s.goal.as_ref().unwrap(), &s).unwrap();
    assert!(j.held > 0 && j.held < 300, "held {}", j.held);
    let first = j.first.unwrap();
    // Trials before the first failure held: the first failure is the lowest failing seed.
    assert_eq!(first.seed, 7 + first.trial);
}

#[test]
fn the_step_where_it_broke_is_the_second_charge() {
    let (_, s) = load(&format!("{HEAD}{LOST_FIRST}{GOAL}"));
    let s = s.unwrap();
    let g = s.goal.clone().unwrap();
    let judged = g.judged(&s);
    let run = sim::run(&judged, 7).unwrap();
    let at = sim::broke_at(&g, &run).unwrap();
    let before = run.state_at(at.saturating_sub(1));
    let after = run.state_at(at);
    let charges = |st: &sim::State| st.counters.iter().find(|(n, _)| *n == "charges").unwrap().1;
    assert_eq!(charges(&before), 1, "{}", run.trace[at].text);
    assert_eq!(charges(&after), 2, "{}", run.trace[at].text);
}

#[test]
fn check_refuses_a_goal_the_scenarios_own_knobs_already_reach() {
    let yaml = format!(
        "{HEAD}client:\n  key: per_operation\nserver:\n  store: atomic\n{LOST_FIRST}{GOAL}"
    );
    let (errors, _) = load(&yaml);
    assert_eq!(
        errors,
        [
            "assets/scenarios/s.yaml:13:1: the scenario's own knobs already reach this goal: expected a starting point the learner must fix"
        ]
    );
}

#[test]
fn check_refuses_a_goal_no_setting_reaches() {
    // Only the store may change, but without a key the server cannot recognise the retry.
    let yaml = format!(
        "{HEAD}{LOST_FIRST}goal:\n  text: Once.\n  knobs: [server.store]\n  holds:\n    charges: 1\n"
    );
    let (errors, _) = load(&yaml);
    assert_eq!(
        errors,
        [
            "assets/scenarios/s.yaml:9:1: no setting of server.store reaches this goal (3 combinations tried over 1 trials each)"
        ]
    );
}

#[test]
fn goal_fields_are_checked_at_their_lines_all_at_once() {
    let yaml = format!(
        "{HEAD}{LOST_FIRST}goal:\n  text: Once.\n  knobs: [client.key, retry.attempts, client.nope]\n  with: {{ client.key: none, network.drop_response: 2 }}\n  trials: 0\n  holds:\n    refunds: 1\n"
    );
    let (errors, _) = load(&yaml);
    assert_eq!(
        errors,
        [
            "assets/scenarios/s.yaml:11:23: `retry.attempts` is not a knob the player flips: expected one of client.key, server.store",
            "assets/scenarios/s.yaml:11:39: unknown knob `client.nope`: expected one of client.operation, client.amount, client.key, client.submissions, client.key_scope, client.change_payload_on_retry, client.submit_gap_ms",
            "assets/scenarios/s.yaml:12:23: `client.key` is both a knob the learner changes and fixed by `with`",
            "assets/scenarios/s.yaml:12:52: probability 2 is out of range: expected 0 to 1",
            "assets/scenarios/s.yaml:13:11: trials 0 is out of range: expected 1 to 10000",
            "assets/scenarios/s.yaml:15:14: `refunds` is not a counter of model `http-retry`: expected one of charges, balance, attempts, replays, conflicts, mismatches, succeeded",
        ]
    );
}

#[test]
fn every_bundled_goal_is_a_fair_challenge() {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    let goals: Vec<_> = course
        .scenarios
        .iter()
        .filter(|s| s.goal.is_some())
        .collect();
    assert!(goals.len() >= 12, "only {} challenges", goals.len());
    for s in goals {
        let g = s.goal.as_ref().unwrap();
        assert!(!sim::judge(g, s).unwrap().reached(), "{}", s.scenario);
        let solved = goal::combinations(g, s)
            .iter()
            .any(|c| sim::judge(g, c).unwrap().reached());
        assert!(solved, "{} has no solution", s.scenario);
    }
}

#[test]
fn run_goal_exits_0_when_reached_1_when_not_2_for_a_locked_knob() {
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = common::idemlab_in(data.path())
            .args(["run", "retry-without-key", "--goal"])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (code, out, _) = run(&[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("✗ 1,000 of 1,000 runs charged the card more than once — first at seed 7"),
        "{out}"
    );
    assert!(
        out.contains(
            "watch it: idemlab run retry-without-key --set network.drop_response=0.3 --seed 7"
        ),
        "{out}"
    );
    let (code, out, _) = run(&[
        "--set",
        "client.key=per_operation",
        "--set",
        "server.store=atomic",
    ]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("✓ goal reached: 1,000 of 1,000 runs charged the card at most once"),
        "{out}"
    );
    let (code, _, err) = run(&["--set", "network.drop_response=0"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("`network.drop_response` is locked by the goal"),
        "{err}"
    );
    let (code, out, _) = run(&["--json", "--set", "client.key=per_attempt"]);
    assert_eq!(code, Some(1));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["reached"], false);
    assert_eq!(v["knobs"]["client.key"], "per_attempt");
    assert_eq!(v["first_failure"]["seed"], 7);
    assert!(v["first_failure"]["step"].as_u64().is_some());
}

#[test]
fn run_says_the_verdict_and_when_set_broke_the_expect() {
    let data = tempfile::tempdir().unwrap();
    let out = common::idemlab_in(data.path())
        .args([
            "run",
            "retry-without-key",
            "--set",
            "client.key=per_operation",
            "--set",
            "server.store=atomic",
            "--json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["verdict"]["good"], true);
    assert_eq!(v["expect"]["met"], false);
    assert_eq!(v["expect"]["changed_by"][0], "--set");
    let out = common::idemlab_in(data.path())
        .args(["run", "retry-without-key"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Charged twice"), "{text}");
    assert!(
        !text.contains("differ from the scenario's expect"),
        "{text}"
    );
}

/// The lessons invite the learner to solve a challenge where they link to one: every `sim:`
/// link to a scenario with a goal says "try to fix it", and no link to a scenario without a
/// goal promises a fix there is nothing to judge.
#[test]
fn lesson_links_to_a_challenge_say_try_to_fix_it() {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    let has_goal = |id: &str| {
        course
            .scenarios
            .iter()
            .find(|s| s.scenario == id)
            .unwrap_or_else(|| panic!("a link to unknown scenario {id}"))
            .goal
            .is_some()
    };
    let mut challenge_links = 0;
    for lesson in &course.lessons {
        let body = &lesson.body;
        for (at, _) in body.match_indices("](sim:") {
            let id: String = body[at + 6..].chars().take_while(|c| *c != ')').collect();
            let text = &body[body[..at].rfind('[').unwrap() + 1..at];
            let says = text.contains("try to fix it");
            if has_goal(&id) {
                challenge_links += 1;
                assert!(says, "{}: [{text}](sim:{id}) is a challenge", lesson.id);
            } else {
                assert!(!says, "{}: [{text}](sim:{id}) has no goal", lesson.id);
            }
        }
    }
    assert!(
        challenge_links >= 12,
        "{challenge_links} links to challenges"
    );
}

/// Predict mode asks for the counter of the goal's first condition as the file writes it (a
/// map read in key order would always say `charges` before `succeeded`), in words, and the
/// goal's sentence follows that order; without a goal, the headline counter.
#[test]
fn predict_asks_for_the_goals_first_written_condition() {
    let goal = |holds: &str| {
        format!(
            "{HEAD}{LOST_FIRST}goal:\n  text: Once, and paid.\n  knobs: [client.key, server.store]\n  holds:\n{holds}"
        )
    };
    let (errors, s) = load(&goal("    succeeded: 1\n    charges: { max: 1 }\n"));
    assert!(errors.is_empty(), "{errors:?}");
    let s = s.unwrap();
    assert_eq!(sim::headline(&s), "charges");
    assert_eq!(sim::predicted(&s), "succeeded");
    assert_eq!(
        sim::question(&s),
        "Will the client learn that it worked? Type 1 for yes, 0 for no."
    );
    // The goal's sentence says its conditions in the same order.
    assert_eq!(
        goal::conditions(s.goal.as_ref().unwrap()),
        "told the client it worked and charged the card at most once"
    );
    let (errors, s) = load(&goal("    charges: { max: 1 }\n    succeeded: 1\n"));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(sim::predicted(&s.unwrap()), "charges");

    let (errors, s) = load(&format!("{HEAD}{LOST_FIRST}"));
    assert!(errors.is_empty(), "{errors:?}");
    let s = s.unwrap();
    assert_eq!(sim::predicted(&s), "charges");
    assert_eq!(sim::question(&s), "How many charges will this make?");
}
