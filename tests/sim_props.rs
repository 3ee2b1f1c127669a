//! Properties of the simulation engine over random seeds and knobs: what idempotency keys and
//! transactional dedup guarantee, what their absence costs, and that runs are deterministic and
//! well-ordered whatever the knobs.

use idemlab::content::scenario::{
    BackoffKind, ConsumerFault, ConsumerScript, Dedup, Jitter, KeyMode, KeyScope, Model, NetFault,
    NetScript, Scenario, Store, Write,
};
use idemlab::sim;
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

fn range() -> impl Strategy<Value = [u64; 2]> {
    (0u64..300, 0u64..300).prop_map(|(a, b)| [a.min(b), a.max(b)])
}

fn prob() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), Just(1.0), 0.0..=1.0]
}

/// An http-retry scenario with random retry, network and server knobs.
fn http() -> impl Strategy<Value = Scenario> {
    (
        (1u32..=8, 1u64..2000, 0u64..500, 0usize..3, 0usize..3),
        (range(), prob(), prob(), range(), prob(), 0u64..1500),
        (1u32..=3, 0u64..400, any::<bool>()),
    )
        .prop_map(
            |(
                (attempts, timeout, base, kind, jitter),
                (lat, dreq, dresp, proc, crash, restart),
                (subs, gap, key_sub),
            )| {
                let mut s = Scenario::defaults(Model::HttpRetry);
                s.retry.attempts = attempts;
                s.retry.timeout_ms = timeout;
                s.retry.backoff.base_ms = base;
                s.retry.backoff.max_ms = base * 8;
                s.retry.backoff.kind = [
                    BackoffKind::None,
                    BackoffKind::Fixed,
                    BackoffKind::Exponential,
                ][kind];
                s.retry.backoff.jitter = [Jitter::None, Jitter::Full, Jitter::Equal][jitter];
                s.network.latency_ms = lat;
                s.network.drop_request = dreq;
                s.network.drop_response = dresp;
                s.server.process_ms = proc;
                s.server.crash_after_effect = crash;
                s.server.restart_ms = restart;
                s.client.submissions = subs;
                s.client.submit_gap_ms = gap;
                s.client.key_scope = if key_sub {
                    KeyScope::Submission
                } else {
                    KeyScope::Form
                };
                s
            },
        )
}

fn consumer() -> impl Strategy<Value = Scenario> {
    (
        (1u32..=5, 0u32..=2, 1000u64..3000, 0u64..2000),
        (range(), 0.0..0.3f64, 0.0..0.3f64, range(), 0.0..0.5f64),
        proptest::collection::vec((1u32..6, 0usize..3), 0..3),
        (0usize..3, 0u64..800),
    )
        .prop_map(
            |(
                (msgs, retries, redeliver, window),
                (lat, dreq, dresp, proc, crash),
                script,
                (dedup, ack_timeout),
            )| {
                let mut s = Scenario::defaults(Model::Consumer);
                s.producer.messages = msgs;
                s.producer.publish_retries = retries;
                s.producer.ack_timeout_ms = ack_timeout + 1;
                s.broker.redeliver_after_ms = redeliver;
                s.broker.dedup_window_ms = window;
                s.network.latency_ms = lat;
                s.network.drop_request = dreq;
                s.network.drop_response = dresp;
                s.consumer.process_ms = proc;
                s.consumer.crash_before_ack = crash;
                s.consumer.dedup = [Dedup::None, Dedup::Separate, Dedup::Transactional][dedup];
                s.consumer.script = script
                    .into_iter()
                    .map(|(delivery, f)| ConsumerScript {
                        delivery,
                        fault: [
                            ConsumerFault::CrashBeforeAck,
                            ConsumerFault::CrashAfterEffect,
                            ConsumerFault::AckLost,
                        ][f],
                    })
                    .collect();
                s
            },
        )
}

fn upsert() -> impl Strategy<Value = Scenario> {
    (0usize..6, 1u32..=6, range(), prob(), prob()).prop_map(|(w, attempts, lat, dreq, dresp)| {
        let mut s = Scenario::defaults(Model::Upsert);
        s.db.write = [
            Write::Insert,
            Write::InsertUnique,
            Write::UpsertNothing,
            Write::UpsertUpdate,
            Write::Increment,
            Write::Set,
        ][w];
        s.retry.attempts = attempts;
        s.network.latency_ms = lat;
        s.network.drop_request = dreq;
        s.network.drop_response = dresp;
        s
    })
}

fn any_scenario() -> impl Strategy<Value = Scenario> {
    prop_oneof![
        http().prop_map(|mut s| {
            s.client.key = KeyMode::PerOperation;
            s.server.store = Store::CheckThenAct;
            s
        }),
        http(),
        consumer(),
        upsert()
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn atomic_keys_charge_at_most_once(mut s in http(), seed in any::<u64>()) {
        s.client.key = KeyMode::PerOperation;
        s.client.key_scope = KeyScope::Form;
        s.server.store = Store::Atomic;
        let o = sim::outcome(&s, seed).unwrap();
        let charges = o.counters.get("charges").unwrap();
        prop_assert!(charges <= 1, "charges {charges}");
        if o.counters.get("succeeded") == Some(1) {
            prop_assert_eq!(charges, 1);
        }
    }

    #[test]
    fn no_key_and_a_lost_response_charge_on_every_retry(mut s in http(), seed in any::<u64>()) {
        s.client.key = KeyMode::None;
        s.client.submissions = 1;
        s.network.drop_request = 0.0;
        s.server.crash_after_effect = 0.0;
        s.network.script = vec![NetScript { attempt: 1, fault: NetFault::DropResponse, ms: None }];
        let o = sim::outcome(&s, seed).unwrap();
        if o.counters.get("attempts").unwrap() >= 2 {
            prop_assert!(o.counters.get("charges").unwrap() >= 2);
        }
    }

    #[test]
    fn transactional_dedup_never_repeats_an_effect(mut s in consumer(), seed in any::<u64>()) {
        s.consumer.dedup = Dedup::Transactional;
        let r = sim::run(&s, seed).unwrap();
        let end = r.state_at(r.trace.len());
        for m in &end.effects {
            prop_assert!(m.effects <= 1, "message #{} ran {} times", m.message, m.effects);
        }
    }

    #[test]
    fn time_never_goes_backwards(s in any_scenario(), seed in any::<u64>()) {
        let r = sim::run(&s, seed).unwrap();
        for w in r.trace.windows(2) {
            prop_assert!(w[0].t_ms <= w[1].t_ms, "{} then {}", w[0].t_ms, w[1].t_ms);
        }
        prop_assert!(r.trace.last().is_none_or(|e| e.t_ms <= r.end_ms));
    }

    #[test]
    fn same_seed_same_trace(s in any_scenario(), seed in any::<u64>()) {
        let a = sim::run(&s, seed).unwrap();
        let b = sim::run(&s, seed).unwrap();
        prop_assert_eq!(&a.trace, &b.trace);
        prop_assert_eq!(a.counters, b.counters);
        // The untraced fast path agrees with the traced run.
        let o = sim::outcome(&s, seed).unwrap();
        prop_assert_eq!(o.counters, a.counters);
        prop_assert_eq!(o.events, a.events);
    }

    #[test]
    fn the_last_state_has_the_final_counters(s in any_scenario(), seed in any::<u64>()) {
        let r = sim::run(&s, seed).unwrap();
        let end = r.state_at(usize::MAX);
        let counters: Vec<(&str, i64)> = r.counters.iter().collect();
        prop_assert_eq!(end.counters, counters);
    }

    #[test]
    fn extreme_knobs_end_or_name_a_knob(
        s in any_scenario(),
        seed in any::<u64>(),
        big in prop_oneof![Just(u64::MAX), Just(u64::MAX / 2), 0u64..10],
        which in 0usize..4,
    ) {
        let mut s = s;
        match which {
            0 => s.retry.timeout_ms = big.max(1),
            1 => s.network.latency_ms = [big, big],
            2 => { s.retry.backoff.base_ms = big; s.retry.backoff.max_ms = big; }
            _ => s.server.restart_ms = big,
        }
        match sim::outcome(&s, seed) {
            Ok(_) => {}
            Err(e) => prop_assert!(e.knob().contains('.'), "{e}"),
        }
    }
}
