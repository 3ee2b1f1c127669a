//! The simulator's input: a scenario is one of three built-in models, its knobs, a seed, and
//! the outcome the run must show (`expect`). The types live with the simulator that reads them;
//! `content::scenario` turns a YAML file into one and checks its bounds at their lines.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

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

    /// The knob groups that belong to the model, in file order: the first segments of its
    /// rows in the knob table (`sim::knobs`).
    #[must_use]
    pub fn groups(self) -> Vec<&'static str> {
        super::knobs::groups(self)
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
    /// Makes the scenario a challenge (`sim::goal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<super::goal::Goal>,
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
            goal: None,
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
