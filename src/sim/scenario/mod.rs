//! The simulator's input: a scenario is one of three built-in models, its knobs, a seed, and
//! the outcome the run must show (`expect`). The types live with the simulator that reads them;
//! `content::scenario` turns a YAML file into one and checks its bounds at their lines.
//!
//! Each model's knob groups are in a file of their own (`http.rs`, `consumer.rs`, `db.rs`); the
//! retry and network groups every model sends through are in `net.rs`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

mod consumer;
mod db;
mod http;
mod net;

pub use consumer::{Broker, Consumer, ConsumerFault, ConsumerScript, Dedup, Producer};
pub use db::{Db, OnConflict, Write};
pub use http::{Client, KeyMode, KeyScope, Operation, Server, ServerFault, ServerScript, Store};
pub use net::{Backoff, BackoffKind, Jitter, NetFault, NetScript, Network, Retry};

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
    /// Whether it is a challenge: a scenario with a `goal` the learner makes hold.
    #[must_use]
    pub fn is_challenge(&self) -> bool {
        self.goal.is_some()
    }

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
