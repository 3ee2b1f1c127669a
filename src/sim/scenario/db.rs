//! The upsert model's knobs: how the database writes a row (`db`: insert, set, increment, and
//! what happens on a conflicting key).

use serde::{Deserialize, Serialize};

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
