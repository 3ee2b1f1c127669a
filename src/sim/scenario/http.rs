//! The http-retry model's knobs: the client's requests and keys (`client`), and the server's
//! store, operation and crashes (`server`).

use serde::{Deserialize, Serialize};

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
