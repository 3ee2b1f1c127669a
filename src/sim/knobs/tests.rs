use super::*;

const MODELS: [Model; 3] = [Model::HttpRetry, Model::Consumer, Model::Upsert];

fn yaml_at<'a>(v: &'a serde_yaml::Value, path: &str) -> Option<&'a serde_yaml::Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

#[test]
fn every_row_reads_and_writes_the_field_its_path_names() {
    for model in MODELS {
        let s = Scenario::defaults(model);
        let yaml = serde_yaml::to_value(&s).unwrap();
        for k in of(model) {
            let at = yaml_at(&yaml, k.path).unwrap_or_else(|| panic!("{} not in YAML", k.path));
            assert_eq!(k.get(&s).to_yaml(k.ty), *at, "{}", k.path);
            // Writing the value back through the row leaves the scenario as it was.
            let mut t = s.clone();
            k.set_yaml(&mut t, at.clone()).unwrap();
            assert_eq!(t, s, "{}", k.path);
        }
    }
}

#[test]
fn paths_are_unique_and_every_model_has_its_groups() {
    for (i, k) in KNOBS.iter().enumerate() {
        assert!(
            KNOBS[..i].iter().all(|o| o.path != k.path),
            "{} twice",
            k.path
        );
        assert!(!k.doc.is_empty() && !k.models.is_empty(), "{}", k.path);
    }
    assert_eq!(
        groups(Model::HttpRetry),
        ["retry", "network", "client", "server"]
    );
    assert_eq!(
        groups(Model::Consumer),
        ["network", "producer", "broker", "consumer"]
    );
    assert_eq!(groups(Model::Upsert), ["retry", "network", "db"]);
}

#[test]
fn defaults_are_valid_and_each_bound_is_enforced_at_its_path() {
    for model in MODELS {
        assert_eq!(validate(&Scenario::defaults(model)), []);
    }
    let mut s = Scenario::defaults(Model::HttpRetry);
    s.retry.attempts = 21;
    s.retry.backoff.base_ms = 5000;
    s.network.drop_response = 1.5;
    s.server.process_ms = [9, 1];
    let bad: Vec<(String, String)> = validate(&s)
        .into_iter()
        .map(|b| (b.path, b.error.to_string()))
        .collect();
    assert_eq!(
        bad,
        [
            (
                "retry.attempts".into(),
                "attempts 21 is out of range: expected 1 to 20 (first try plus retries)".into()
            ),
            (
                "retry.backoff.base_ms".into(),
                "base_ms 5000 is above max_ms 4000".into()
            ),
            (
                "network.drop_response".into(),
                "probability 1.5 is out of range: expected 0 to 1".into()
            ),
            (
                "server.process_ms".into(),
                "range [9, 1] has min above max: expected [min, max]".into()
            ),
        ]
    );
}

#[test]
fn script_entries_are_checked_at_the_entry() {
    let mut s = Scenario::defaults(Model::HttpRetry);
    let k = knob("network.script").unwrap();
    let v = serde_yaml::from_str(
        "[{attempt: 0, fault: drop_request, ms: 5}, {attempt: 2, fault: delay}]",
    )
    .unwrap();
    k.set_yaml(&mut s, v).unwrap();
    let paths: Vec<String> = validate(&s).into_iter().map(|b| b.path).collect();
    assert_eq!(
        paths,
        [
            "network.script[0].attempt",
            "network.script[0].ms",
            "network.script[1]"
        ]
    );
}

#[test]
fn lookup_names_the_group_or_the_knobs_it_expected() {
    assert_eq!(
        lookup(Model::HttpRetry, "db.write")
            .unwrap_err()
            .to_string(),
        "`db` is not a knob group of model `http-retry`: expected a path under retry, network, client, server"
    );
    let e = lookup(Model::Upsert, "db.nope").unwrap_err().to_string();
    assert!(
        e.starts_with("unknown knob `db.nope`: expected one of db.write, db.value"),
        "{e}"
    );
    assert_eq!(
        lookup(Model::Consumer, "network.drop_request")
            .unwrap()
            .bounds(),
        "from 0 to 1"
    );
}

#[test]
fn a_wrong_type_is_refused_and_changes_nothing() {
    let mut s = Scenario::defaults(Model::HttpRetry);
    let before = s.clone();
    let k = knob("client.key").unwrap();
    let e = k
        .set_yaml(&mut s, serde_yaml::Value::String("sometimes".into()))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "`client.key` takes one of its words (none | per_operation | per_attempt), not `sometimes`"
    );
    assert_eq!(s, before);
}

#[test]
fn finite_knobs_enumerate_their_values_and_each_value_can_be_set() {
    let s = Scenario::defaults(Model::HttpRetry);
    let store = knob("server.store").unwrap();
    let values = store.values().unwrap();
    assert_eq!(values.len(), 3);
    for v in &values {
        let mut t = s.clone();
        store.set(&mut t, v).unwrap();
        assert_eq!(store.get(&t), *v);
    }
    assert_eq!(
        knob("client.change_payload_on_retry").unwrap().values(),
        Some(vec![KnobValue::Bool(false), KnobValue::Bool(true)])
    );
    assert!(knob("network.drop_response").unwrap().values().is_none());
    let window = knob("broker.dedup_window_ms").unwrap();
    assert_eq!(
        window.values(),
        Some(vec![KnobValue::Int(0), KnobValue::Int(300_000)])
    );
    // A goal's `with: { network.drop_response: 0.3 }`.
    let mut t = s.clone();
    knob("network.drop_response")
        .unwrap()
        .set(&mut t, &KnobValue::Float(0.3))
        .unwrap();
    assert!((t.network.drop_response - 0.3).abs() < 1e-12);
}
