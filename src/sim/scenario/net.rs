//! The client's side of the wire: how it retries (`retry`, its backoff and jitter) and what the
//! network does to each hop (`network`, with scripted faults). Every model sends through
//! `sim::net`, which reads these.

use serde::{Deserialize, Serialize};

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
