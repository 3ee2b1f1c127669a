//! Every bundled scenario ends with a verdict a learner can check against the diagram: a
//! sentence that names the headline number, marked good exactly for the scenarios that show
//! the fix rather than the failure.

use idemlab::content::{self, Source};
use idemlab::sim;

#[test]
fn every_bundled_scenario_has_a_verdict_naming_its_headline_number() {
    let course = content::load(&Source::Embedded)
        .into_result()
        .expect("bundled course is valid");
    assert!(course.scenarios.len() >= 20);
    for s in &course.scenarios {
        let run = sim::run(s, s.seed).expect("bundled scenarios run");
        let v = sim::verdict(s, &run);
        println!(
            "{:<36} {} {}",
            s.scenario,
            if v.good { "✓" } else { "✗" },
            v.text
        );
        assert!(!v.text.trim().is_empty(), "{}", s.scenario);
        assert_eq!(v.counter, sim::headline(s));
        assert_eq!(Some(v.value), run.counters.get(v.counter), "{}", s.scenario);
        assert!(
            v.text.contains(&v.value.to_string()),
            "{}: `{}` does not mention {} = {}",
            s.scenario,
            v.text,
            v.counter,
            v.value
        );
        assert!(!sim::question(s).is_empty());
        assert_eq!(
            v.good,
            GOOD.contains(&s.scenario.as_str()),
            "{}: {}",
            s.scenario,
            v.text
        );
    }
}

/// The scenarios whose outcome is the one a learner should want.
const GOOD: &[&str] = &[
    "concurrent-retry-atomic",
    "consumer-ack-crash-transactional-dedup",
    "consumer-crash-transactional-dedup",
    "crash-inside-transaction",
    "double-submit-key-per-form",
    "producer-republish-dedup-window",
    "put-newer-value-lands-last",
    "put-set-under-retry",
    "republish-outlives-window-consumer-dedup",
    "retry-with-key",
    "set-under-retry",
    "upsert-under-retry",
];

#[test]
fn a_late_put_is_told_apart_from_one_in_order() {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    let verdict = |id: &str| {
        let s = course.scenario(id).unwrap();
        sim::verdict(s, &sim::run(s, s.seed).unwrap())
    };
    let late = verdict("late-put-reverts-newer-value");
    assert!(!late.good, "{}", late.text);
    assert!(
        late.text.starts_with("The balance is 100, the older value"),
        "{}",
        late.text
    );
    let in_order = verdict("put-newer-value-lands-last");
    assert!(in_order.good, "{}", in_order.text);
    assert!(
        in_order
            .text
            .starts_with("The balance is 200, the newer value"),
        "{}",
        in_order.text
    );
}

#[test]
fn the_lost_response_pair_gets_opposite_verdicts() {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    let verdict = |id: &str| {
        let s = course.scenario(id).unwrap();
        sim::verdict(s, &sim::run(s, s.seed).unwrap())
    };
    let without = verdict("retry-without-key");
    assert!(!without.good);
    assert!(
        without.text.starts_with("Charged twice"),
        "{}",
        without.text
    );
    assert!(without.text.contains("no key"), "{}", without.text);
    let with = verdict("retry-with-key");
    assert!(with.good);
    assert!(with.text.starts_with("Charged once"), "{}", with.text);
    assert!(
        with.text.contains("replayed the stored 201"),
        "{}",
        with.text
    );
    let consumer = verdict("consumer-crash-no-dedup");
    assert!(!consumer.good);
    assert!(consumer.text.contains("ran twice"), "{}", consumer.text);
}
