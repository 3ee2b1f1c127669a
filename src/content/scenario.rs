//! Simulation scenarios: the knobs of one of three built-in models, a seed, and the outcome the
//! run must show (`expect`). Every knob has the spec's default and bounds; a knob outside its
//! bounds is a content error at its line, like any other.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::diag::Diagnostic;
use super::yaml::YamlDoc;
use crate::text::{is_kebab_case, sanitize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Model {
    HttpRetry,
    Consumer,
    Upsert,
}

impl Model {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::HttpRetry => "http-retry",
            Self::Consumer => "consumer",
            Self::Upsert => "upsert",
        }
    }

    /// The outcome counters the model reports, in display order.
    #[must_use]
    pub const fn counters(self) -> &'static [&'static str] {
        match self {
            Self::HttpRetry => &[
                "charges",
                "balance",
                "attempts",
                "replays",
                "conflicts",
                "mismatches",
                "succeeded",
            ],
            Self::Consumer => &["published", "deliveries", "effects", "skipped", "lost"],
            Self::Upsert => &[
                "rows",
                "value",
                "constraint_errors",
                "attempts",
                "succeeded",
            ],
        }
    }

    /// The knob groups that belong to the model.
    #[must_use]
    pub fn groups(self) -> &'static [&'static str] {
        match self {
            Self::HttpRetry => &["retry", "network", "client", "server"],
            Self::Consumer => &["network", "producer", "broker", "consumer"],
            Self::Upsert => &["retry", "network", "db"],
        }
    }
}

/// `expect` values: an exact number or a range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Expect {
    Exact(i64),
    Range {
        #[serde(default)]
        min: Option<i64>,
        #[serde(default)]
        max: Option<i64>,
    },
}

impl Expect {
    #[must_use]
    pub fn holds(&self, value: i64) -> bool {
        match *self {
            Self::Exact(v) => v == value,
            Self::Range { min, max } => {
                min.is_none_or(|m| value >= m) && max.is_none_or(|m| value <= m)
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum BackoffKind {
    None,
    Fixed,
    #[default]
    Exponential,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Jitter {
    None,
    #[default]
    Full,
    Equal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Backoff {
    pub kind: BackoffKind,
    pub base_ms: u64,
    pub max_ms: u64,
    pub jitter: Jitter,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            kind: BackoffKind::Exponential,
            base_ms: 200,
            max_ms: 4000,
            jitter: Jitter::Full,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Retry {
    pub attempts: u32,
    pub timeout_ms: u64,
    pub backoff: Backoff,
}

impl Default for Retry {
    fn default() -> Self {
        Self {
            attempts: 4,
            timeout_ms: 1000,
            backoff: Backoff::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NetFault {
    DropRequest,
    DropResponse,
    Delay,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetScript {
    pub attempt: u32,
    pub fault: NetFault,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ms: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Network {
    pub latency_ms: [u64; 2],
    pub drop_request: f64,
    pub drop_response: f64,
    pub script: Vec<NetScript>,
}

impl Default for Network {
    fn default() -> Self {
        Self {
            latency_ms: [40, 120],
            drop_request: 0.0,
            drop_response: 0.0,
            script: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    #[default]
    Charge,
    Set,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum KeyMode {
    #[default]
    None,
    PerOperation,
    PerAttempt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum KeyScope {
    #[default]
    Form,
    Submission,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Client {
    pub operation: Operation,
    pub amount: i64,
    pub key: KeyMode,
    pub submissions: u32,
    pub key_scope: KeyScope,
    pub change_payload_on_retry: bool,
    /// Engine knob: time between two submissions of the form (a double click).
    pub submit_gap_ms: u64,
}

impl Default for Client {
    fn default() -> Self {
        Self {
            operation: Operation::Charge,
            amount: 100,
            key: KeyMode::None,
            submissions: 1,
            key_scope: KeyScope::Form,
            change_payload_on_retry: false,
            submit_gap_ms: 150,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Store {
    #[default]
    None,
    CheckThenAct,
    Atomic,
}

/// Engine knob: a server fault for one numbered attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServerFault {
    /// The server dies after the charge, before recording the key (or, with `store: atomic`,
    /// before the transaction commits).
    CrashAfterEffect,
    /// Processing this attempt takes `ms` longer (a lock wait, a slow card network).
    Slow,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerScript {
    pub attempt: u32,
    pub fault: ServerFault,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ms: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Server {
    pub store: Store,
    pub process_ms: [u64; 2],
    pub key_ttl_ms: u64,
    pub crash_after_effect: f64,
    pub restart_ms: u64,
    /// Engine knob: faults for numbered attempts, applied before `crash_after_effect`.
    pub script: Vec<ServerScript>,
}

impl Default for Server {
    fn default() -> Self {
        Self {
            store: Store::None,
            process_ms: [20, 60],
            key_ttl_ms: 86_400_000,
            crash_after_effect: 0.0,
            restart_ms: 500,
            script: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Producer {
    pub messages: u32,
    pub publish_retries: u32,
    /// Engine knob: how long the producer waits for the broker's ack before re-publishing.
    pub ack_timeout_ms: u64,
}

impl Default for Producer {
    fn default() -> Self {
        Self {
            messages: 3,
            publish_retries: 0,
            ack_timeout_ms: 500,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Broker {
    pub redeliver_after_ms: u64,
    pub dedup_window_ms: u64,
}

impl Default for Broker {
    fn default() -> Self {
        Self {
            redeliver_after_ms: 1000,
            dedup_window_ms: 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Dedup {
    #[default]
    None,
    Separate,
    Transactional,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsumerFault {
    CrashBeforeAck,
    CrashAfterEffect,
    AckLost,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsumerScript {
    pub delivery: u32,
    pub fault: ConsumerFault,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Consumer {
    pub dedup: Dedup,
    pub process_ms: [u64; 2],
    pub crash_before_ack: f64,
    pub script: Vec<ConsumerScript>,
    /// Engine knob: how long a crashed consumer stays down.
    pub restart_ms: u64,
}

impl Default for Consumer {
    fn default() -> Self {
        Self {
            dedup: Dedup::None,
            process_ms: [20, 60],
            crash_before_ack: 0.0,
            script: Vec::new(),
            restart_ms: 500,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Write {
    #[default]
    Insert,
    InsertUnique,
    UpsertNothing,
    UpsertUpdate,
    Increment,
    Set,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Db {
    pub write: Write,
    pub value: i64,
    /// Engine knob: what `upsert_update` does to an existing row.
    pub on_conflict: OnConflict,
    /// Engine knob: how long the database takes per statement.
    pub process_ms: [u64; 2],
}

/// Engine knob: the `DO UPDATE SET` of `write: upsert_update`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OnConflict {
    /// `SET n = excluded.n`: the retry writes the same value again (idempotent).
    #[default]
    Set,
    /// `SET n = n + 1`: atomic, but every retry adds one.
    Increment,
}

impl Default for Db {
    fn default() -> Self {
        Self {
            write: Write::Insert,
            value: 1,
            on_conflict: OnConflict::Set,
            process_ms: [5, 20],
        }
    }
}

/// A scenario file as written, with every knob group (defaults where absent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub scenario: String,
    pub title: String,
    pub summary: String,
    pub model: Model,
    pub seed: u64,
    #[serde(default)]
    pub compare: Option<String>,
    #[serde(default)]
    pub expect: BTreeMap<String, Expect>,
    #[serde(default)]
    pub retry: Retry,
    #[serde(default)]
    pub network: Network,
    #[serde(default)]
    pub client: Client,
    #[serde(default)]
    pub server: Server,
    #[serde(default)]
    pub producer: Producer,
    #[serde(default)]
    pub broker: Broker,
    #[serde(default)]
    pub consumer: Consumer,
    #[serde(default)]
    pub db: Db,
}

const ALL_GROUPS: [&str; 8] = [
    "retry", "network", "client", "server", "producer", "broker", "consumer", "db",
];

impl Scenario {
    /// A scenario of `model` with every knob at its default, no expectations.
    #[must_use]
    pub fn defaults(model: Model) -> Self {
        Self {
            scenario: "defaults".into(),
            title: "Defaults".into(),
            summary: "Every knob at its default".into(),
            model,
            seed: 0,
            compare: None,
            expect: BTreeMap::new(),
            retry: Retry::default(),
            network: Network::default(),
            client: Client::default(),
            server: Server::default(),
            producer: Producer::default(),
            broker: Broker::default(),
            consumer: Consumer::default(),
            db: Db::default(),
        }
    }
}

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
