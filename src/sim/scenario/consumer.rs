//! The consumer model's knobs: the producer that publishes and republishes, the broker that
//! redelivers, and the consumer's dedup and crashes.

use serde::{Deserialize, Serialize};

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
